//! Random secrets: session keys, CSRF tokens, idempotency keys, invitation
//! tokens. All come from the thread-local CSPRNG, seeded by the OS.

use rand::distr::{Alphanumeric, SampleString};
use rand::RngExt;

/// A random string of ASCII letters and digits.
pub fn alphanumeric(chars: usize) -> String {
    Alphanumeric.sample_string(&mut rand::rng(), chars)
}

/// `count` random bytes.
pub fn bytes(count: usize) -> Vec<u8> {
    let mut buf = vec![0u8; count];
    rand::rng().fill(&mut buf[..]);
    buf
}

/// `bytes` random bytes as lowercase hex.
pub fn hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill(&mut buf[..]);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a secret as lowercase hex: what is stored in its place,
/// so a read of the database gives no usable secret.
pub fn digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_the_asked_length_and_differ() {
        let a = alphanumeric(43);
        assert_eq!(a.len(), 43);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, alphanumeric(43));
        let h = hex(32);
        assert_eq!(h.len(), 64);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
