//! Password rules and argon2id hashing (the argon2 crate's defaults: 19 MiB
//! and two passes per hash), and the gate every hash goes through: at most
//! one hash per core runs at a time, a bounded number wait their turn, and
//! anything beyond is turned away at once with "busy, retry shortly".

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use tokio::sync::Semaphore;

use crate::error::AppError;

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

/// Seconds a client turned away by the gate is told to wait.
pub const BUSY_RETRY_SECS: u64 = 2;

/// Bounds the password hashing that runs at once (each hash takes 19 MiB
/// and a core for tens of milliseconds). Shared by log-in, setup and
/// invitations; one per app.
pub struct HashGate {
    permits: Semaphore,
    /// Hashes running or waiting for a permit.
    admitted: AtomicUsize,
    /// Most hashes running or waiting; beyond it the answer is "busy".
    limit: usize,
    /// Longest wait for a permit before the answer is "busy".
    max_wait: Duration,
}

impl HashGate {
    pub fn new(concurrent: usize, queue: usize, max_wait: Duration) -> HashGate {
        return_large_blocks_to_the_system();
        let concurrent = concurrent.max(1);
        HashGate {
            permits: Semaphore::new(concurrent),
            admitted: AtomicUsize::new(0),
            limit: concurrent + queue,
            max_wait,
        }
    }

    /// One hash per core, sixteen per core waiting, for at most three
    /// seconds.
    pub fn for_this_machine() -> HashGate {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        HashGate::new(cores, 16 * cores, Duration::from_secs(3))
    }

    /// Runs `work` (a hash or a check) on the blocking pool once a permit is
    /// free; `AppError::Busy` when too many are already running or waiting,
    /// or the wait runs out.
    pub async fn run<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let busy = || AppError::Busy {
            retry_after_secs: BUSY_RETRY_SECS,
        };
        if self.admitted.fetch_add(1, Ordering::SeqCst) >= self.limit {
            self.admitted.fetch_sub(1, Ordering::SeqCst);
            return Err(busy());
        }
        let _admitted = Admitted(&self.admitted);
        let permit = actix_web::rt::time::timeout(self.max_wait, self.permits.acquire())
            .await
            .map_err(|_| busy())?
            .map_err(AppError::internal)?;
        let out = actix_web::rt::task::spawn_blocking(work)
            .await
            .map_err(AppError::internal);
        drop(permit);
        out
    }
}

/// Makes glibc's malloc hand every block of 1 MiB or more straight back to
/// the system when it is freed. By default glibc raises that threshold to
/// the size of the last large block freed, so after the first hash each
/// hash's 19 MiB came from the heaps of the blocking threads' arenas and
/// stayed there: 50 logins left the server at over 800 MiB resident. With a
/// fixed threshold each hash maps its memory and unmaps it when done
/// (measured by `scripts/proof.sh login-burst`). Process-wide, set once.
fn return_large_blocks_to_the_system() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: mallopt only changes a malloc setting; it takes the
            // allocator's own lock and is safe to call at any time.
            let done = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20) };
            if done != 1 {
                tracing::warn!("could not set malloc's mmap threshold");
            }
        });
    }
}

/// Counts a hash out of the gate however it leaves (done, timed out, or the
/// request was dropped while waiting).
struct Admitted<'a>(&'a AtomicUsize);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
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

    #[actix_web::test]
    async fn the_gate_runs_a_bounded_number_and_turns_the_rest_away_at_once() {
        use std::sync::mpsc;
        let gate = std::sync::Arc::new(HashGate::new(1, 1, Duration::from_secs(60)));
        // One hash holds the only permit until told to finish.
        let (finish, finished) = mpsc::channel::<()>();
        let (started, running) = mpsc::channel::<()>();
        let first = {
            let gate = gate.clone();
            actix_web::rt::spawn(async move {
                gate.run(move || {
                    started.send(()).unwrap();
                    finished.recv().unwrap();
                    1
                })
                .await
            })
        };
        actix_web::rt::task::spawn_blocking(move || running.recv().unwrap())
            .await
            .unwrap();
        // A second one waits its turn...
        let second = {
            let gate = gate.clone();
            actix_web::rt::spawn(async move { gate.run(|| 2).await })
        };
        while gate.admitted.load(Ordering::SeqCst) < 2 {
            actix_web::rt::task::yield_now().await;
        }
        // ...and a third is over the bound: busy, without waiting.
        match gate.run(|| 3).await {
            Err(AppError::Busy { retry_after_secs }) => {
                assert_eq!(retry_after_secs, BUSY_RETRY_SECS)
            }
            other => panic!("expected busy, got {:?}", other.map_err(|e| e.to_string())),
        }
        finish.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        assert_eq!(second.await.unwrap().unwrap(), 2);
        assert_eq!(gate.admitted.load(Ordering::SeqCst), 0);
        assert_eq!(gate.run(|| 4).await.unwrap(), 4);
    }

    #[actix_web::test]
    async fn a_wait_that_runs_out_is_busy() {
        let gate = HashGate::new(1, 5, Duration::from_millis(1));
        let _held = gate.permits.acquire().await.unwrap();
        assert!(matches!(gate.run(|| ()).await, Err(AppError::Busy { .. })));
        assert_eq!(gate.admitted.load(Ordering::SeqCst), 0);
    }
}
