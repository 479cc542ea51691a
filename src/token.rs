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
    lower_hex(&buf)
}

/// The SHA-256 of a secret as lowercase hex: what is stored in its place,
/// so a read of the database gives no usable secret. (Every request's
/// session key goes through it.)
pub fn digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    lower_hex(&Sha256::digest(secret.as_bytes()))
}

/// Bytes as lowercase hex, two digits each, in one allocation.
fn lower_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored form of a secret is SHA-256 in lowercase hex, as before
    /// (FIPS 180-2's example), so digests already stored still match.
    #[test]
    fn a_digest_is_sha256_in_lowercase_hex() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(lower_hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(16).len(), 32);
    }

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
