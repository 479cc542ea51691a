//! Login rate limiting: at most 10 failed attempts in 10 minutes per client
//! address and per account. Kept in memory; one instance serves a department.
//!
//! An attempt is counted before its password is checked, in the same locked
//! step as the check against the cap (`reserve`), so parallel guesses cannot
//! all pass the check before any of them is recorded. A login that succeeds
//! gives its slot back and clears the account's failures; an attempt that
//! never checked a password (the server was busy) gives its slot back too.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: usize = 10;
pub const WINDOW_MINUTES: i64 = 10;

/// Entries kept before idle ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Default)]
pub struct LoginLimiter {
    attempts: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

/// A counted attempt. Dropping it leaves it counted as a failure; a
/// successful login or an unchecked attempt hands it back.
#[must_use = "an attempt is a failure unless handed back"]
#[derive(Debug)]
pub struct Attempt {
    keys: Vec<String>,
    at: DateTime<Utc>,
}

impl LoginLimiter {
    /// Counts an attempt for every key, or refuses it with `Err(seconds)`,
    /// the wait until the oldest attempt in the full window expires, when
    /// any key has reached the cap. Nothing is counted when refused.
    pub fn reserve(&self, keys: &[String], now: DateTime<Utc>) -> Result<Attempt, u64> {
        let mut map = self.lock();
        let window = Duration::minutes(WINDOW_MINUTES);
        if map.len() > SWEEP_ABOVE {
            map.retain(|_, times| times.back().is_some_and(|t| now - *t < window));
        }
        let mut wait = 0i64;
        for key in keys {
            if let Some(times) = map.get_mut(key) {
                while times.front().is_some_and(|t| now - *t >= window) {
                    times.pop_front();
                }
                if times.len() >= MAX_FAILURES {
                    let oldest = times[times.len() - MAX_FAILURES];
                    wait = wait.max((oldest + window - now).num_seconds().max(1));
                }
            }
        }
        if wait > 0 {
            return Err(wait as u64);
        }
        for key in keys {
            map.entry(key.clone()).or_default().push_back(now);
        }
        Ok(Attempt {
            keys: keys.to_vec(),
            at: now,
        })
    }

    /// The attempt logged in: its slot is handed back on every key, and the
    /// account's earlier failures are cleared (not the address's).
    pub fn succeeded(&self, attempt: Attempt, account_key: &str) {
        let mut map = self.lock();
        remove_one(&mut map, &attempt);
        map.remove(account_key);
    }

    /// The attempt never checked a password: its slot is handed back.
    pub fn hand_back(&self, attempt: Attempt) {
        let mut map = self.lock();
        remove_one(&mut map, &attempt);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<DateTime<Utc>>>> {
        self.attempts.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn remove_one(map: &mut HashMap<String, VecDeque<DateTime<Utc>>>, attempt: &Attempt) {
    for key in &attempt.keys {
        if let Some(times) = map.get_mut(key) {
            if let Some(i) = times.iter().rposition(|t| *t == attempt.at) {
                times.remove(i);
            }
            if times.is_empty() {
                map.remove(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(ip: &str, account: &str) -> Vec<String> {
        vec![format!("ip:{ip}"), format!("account:{account}")]
    }

    #[test]
    fn locks_after_ten_failures_and_unlocks_after_the_window() {
        let limiter = LoginLimiter::default();
        let keys = vec!["ip:1.2.3.4".to_string()];
        let t0 = Utc::now();
        for i in 0..MAX_FAILURES {
            let attempt = limiter.reserve(&keys, t0 + Duration::seconds(i as i64));
            assert!(attempt.is_ok(), "attempt {i}");
        }
        let wait = limiter
            .reserve(&keys, t0 + Duration::seconds(10))
            .unwrap_err();
        assert_eq!(wait, 590);
        assert!(limiter
            .reserve(&keys, t0 + Duration::minutes(WINDOW_MINUTES))
            .is_ok());
        let other = vec!["ip:5.6.7.8".to_string()];
        assert!(limiter.reserve(&other, t0).is_ok());
    }

    #[test]
    fn the_attempt_counts_before_the_password_is_checked() {
        // Ten attempts in flight at once, none finished: the eleventh is
        // refused although no failure has been recorded after a check.
        let limiter = LoginLimiter::default();
        let t0 = Utc::now();
        let in_flight: Vec<Attempt> = (0..MAX_FAILURES)
            .map(|_| limiter.reserve(&keys("1.2.3.4", "casey"), t0).unwrap())
            .collect();
        assert!(limiter.reserve(&keys("9.9.9.9", "casey"), t0).is_err());
        assert!(limiter.reserve(&keys("1.2.3.4", "sam"), t0).is_err());
        assert!(limiter.reserve(&keys("9.9.9.9", "sam"), t0).is_ok());
        drop(in_flight);
    }

    #[test]
    fn success_hands_the_slot_back_and_clears_the_account() {
        let limiter = LoginLimiter::default();
        let t0 = Utc::now();
        for _ in 0..MAX_FAILURES - 1 {
            let _failed = limiter.reserve(&keys("1.2.3.4", "casey"), t0).unwrap();
        }
        let ok = limiter.reserve(&keys("1.2.3.4", "casey"), t0).unwrap();
        limiter.succeeded(ok, "account:casey");
        // The account starts afresh; the address keeps its 9 failures and
        // has one slot left, which the success did not use up.
        let last = limiter.reserve(&keys("1.2.3.4", "sam"), t0).unwrap();
        assert!(limiter.reserve(&keys("1.2.3.4", "lee"), t0).is_err());
        limiter.hand_back(last);
        assert!(limiter.reserve(&keys("1.2.3.4", "lee"), t0).is_ok());
        for _ in 0..MAX_FAILURES {
            let _ = limiter.reserve(&keys("5.5.5.5", "casey"), t0).unwrap();
        }
        assert!(limiter.reserve(&keys("6.6.6.6", "casey"), t0).is_err());
    }

    #[test]
    fn idle_entries_are_swept_when_the_map_grows() {
        let limiter = LoginLimiter::default();
        let t0 = Utc::now();
        for i in 0..=SWEEP_ABOVE {
            let _ = limiter.reserve(&[format!("ip:{i}")], t0).unwrap();
        }
        let later = t0 + Duration::minutes(WINDOW_MINUTES + 1);
        let _ = limiter.reserve(&["ip:new".to_string()], later).unwrap();
        assert_eq!(limiter.lock().len(), 1);
    }
}
