//! Password rules and argon2id hashing (the argon2 crate's defaults).

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};

pub const MIN_LEN: usize = 8;
/// Long passphrases are welcome; the cap only stops absurd inputs.
pub const MAX_LEN: usize = 128;

/// Checks a new password; the message is shown beside the field.
pub fn validate_new(password: &str, confirm: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_LEN {
        return Err("Use at least 8 characters.");
    }
    if chars > MAX_LEN {
        return Err("Use at most 128 characters.");
    }
    if password != confirm {
        return Err("The two passwords do not match.");
    }
    Ok(())
}

/// Hashes with argon2id and a fresh random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

/// True when `password` matches the stored hash. A malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the same time as a real check, so an unknown email cannot be told
/// from a wrong password by timing.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not-a-real-password").unwrap_or_default());
    let _ = verify(password, stored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse battery!", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn new_password_rules() {
        let long64 = "x".repeat(64);
        let cases: [(&str, &str, Result<(), &str>); 5] = [
            ("short", "short", Err("Use at least 8 characters.")),
            ("12345678", "12345678", Ok(())),
            (&long64, &long64, Ok(())),
            (
                "12345678",
                "12345679",
                Err("The two passwords do not match."),
            ),
            (
                &"y".repeat(129),
                &"y".repeat(129),
                Err("Use at most 128 characters."),
            ),
        ];
        for (pw, confirm, expected) in cases {
            assert_eq!(validate_new(pw, confirm), expected, "{pw:?}");
        }
    }
}
