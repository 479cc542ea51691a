//! Login rate limiting: at most 10 failed attempts in 10 minutes per client
//! address and per account. Kept in memory; one instance serves a department.
//!
//! An attempt takes its slot before its password is checked, in the same
//! locked step as the check against the cap (`reserve`), so parallel guesses
//! cannot all pass the check before any of them is recorded: failures plus
//! attempts still being checked never exceed the cap. When the cap is full
//! of real failures the answer is "locked, retry in N minutes"; when it is
//! full only because attempts are still being checked (a crew logging in at
//! once behind one address), it is "busy, retry in a moment".

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: usize = 10;
pub const WINDOW_MINUTES: i64 = 10;

/// Keys kept before idle ones are swept out.
const SWEEP_ABOVE: usize = 10_000;

#[derive(Debug, Default)]
pub struct LoginLimiter {
    keys: Mutex<HashMap<String, Counts>>,
}

/// One key's failures in the window and its attempts being checked.
#[derive(Debug, Default)]
struct Counts {
    failures: VecDeque<DateTime<Utc>>,
    pending: usize,
}

/// Why an attempt may not go ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many failures: wait this many seconds.
    Locked { retry_after_secs: u64 },
    /// The cap is taken by attempts still being checked: retry shortly.
    Crowded,
}

/// An attempt holding its slot. It must end as `failed`, `succeeded` or
/// `hand_back`; one dropped unfinished (the request went away) counts as a
/// failure, so disconnecting cannot dodge the count.
#[must_use = "an attempt holds a slot until it is finished"]
#[derive(Debug)]
pub struct Attempt<'a> {
    limiter: &'a LoginLimiter,
    keys: Vec<String>,
    at: DateTime<Utc>,
    finished: bool,
}

impl LoginLimiter {
    /// Takes a slot on every key, or refuses without taking any.
    pub fn reserve(&self, keys: &[String], now: DateTime<Utc>) -> Result<Attempt<'_>, Refusal> {
        let mut map = self.lock();
        let window = Duration::minutes(WINDOW_MINUTES);
        if map.len() > SWEEP_ABOVE {
            map.retain(|_, c| {
                c.pending > 0 || c.failures.back().is_some_and(|t| now - *t < window)
            });
        }
        let mut wait = 0i64;
        let mut crowded = false;
        for key in keys {
            if let Some(counts) = map.get_mut(key) {
                while counts.failures.front().is_some_and(|t| now - *t >= window) {
                    counts.failures.pop_front();
                }
                let failures = counts.failures.len();
                if failures >= MAX_FAILURES {
                    let oldest = counts.failures[failures - MAX_FAILURES];
                    wait = wait.max((oldest + window - now).num_seconds().max(1));
                } else if failures + counts.pending >= MAX_FAILURES {
                    crowded = true;
                }
            }
        }
        if wait > 0 {
            return Err(Refusal::Locked {
                retry_after_secs: wait as u64,
            });
        }
        if crowded {
            return Err(Refusal::Crowded);
        }
        for key in keys {
            map.entry(key.clone()).or_default().pending += 1;
        }
        Ok(Attempt {
            limiter: self,
            keys: keys.to_vec(),
            at: now,
            finished: false,
        })
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Counts>> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Attempt<'_> {
    /// The password was wrong: the attempt counts as a failure on every key.
    pub fn failed(mut self) {
        self.finish(true, None);
    }

    /// The login went through: the slot is given back and the account's
    /// failures are cleared (not the address's).
    pub fn succeeded(mut self, account_key: &str) {
        self.finish(false, Some(account_key));
    }

    /// No password was checked (the server was busy, the database failed):
    /// the slot is given back and nothing is counted.
    pub fn hand_back(mut self) {
        self.finish(false, None);
    }

    fn finish(&mut self, failure: bool, clear: Option<&str>) {
        if self.finished {
            return;
        }
        self.finished = true;
        let mut map = self.limiter.lock();
        for key in &self.keys {
            if let Some(counts) = map.get_mut(key) {
                counts.pending = counts.pending.saturating_sub(1);
                if failure {
                    counts.failures.push_back(self.at);
                }
            }
        }
        if let Some(account_key) = clear {
            if let Some(counts) = map.get_mut(account_key) {
                counts.failures.clear();
            }
        }
        for key in &self.keys {
            if map
                .get(key)
                .is_some_and(|c| c.pending == 0 && c.failures.is_empty())
            {
                map.remove(key);
            }
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        self.finish(true, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed start: the limiter's windows are measured from it, never
    /// from the wall clock.
    fn start() -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap()
    }

    fn keys(ip: &str, account: &str) -> Vec<String> {
        vec![format!("ip:{ip}"), format!("account:{account}")]
    }

    #[test]
    fn locks_after_ten_failures_and_unlocks_after_the_window() {
        let limiter = LoginLimiter::default();
        let keys = vec!["ip:1.2.3.4".to_string()];
        let t0 = start();
        for i in 0..MAX_FAILURES {
            let attempt = limiter.reserve(&keys, t0 + Duration::seconds(i as i64));
            attempt.expect("under the cap").failed();
        }
        let refusal = limiter
            .reserve(&keys, t0 + Duration::seconds(10))
            .unwrap_err();
        assert_eq!(
            refusal,
            Refusal::Locked {
                retry_after_secs: 590
            }
        );
        assert!(limiter
            .reserve(&keys, t0 + Duration::minutes(WINDOW_MINUTES))
            .is_ok());
        let other = vec!["ip:5.6.7.8".to_string()];
        assert!(limiter.reserve(&other, t0).is_ok());
    }

    #[test]
    fn attempts_being_checked_hold_their_slots() {
        // Ten attempts in flight at once, none finished: an eleventh on the
        // same address or account is refused before any failure is recorded.
        let limiter = LoginLimiter::default();
        let t0 = start();
        let in_flight: Vec<Attempt> = (0..MAX_FAILURES)
            .map(|_| limiter.reserve(&keys("1.2.3.4", "casey"), t0).unwrap())
            .collect();
        let crowded = Err(Refusal::Crowded);
        assert_eq!(
            limiter.reserve(&keys("9.9.9.9", "casey"), t0).map(|_| ()),
            crowded
        );
        assert_eq!(
            limiter.reserve(&keys("1.2.3.4", "sam"), t0).map(|_| ()),
            crowded
        );
        limiter
            .reserve(&keys("9.9.9.9", "sam"), t0)
            .unwrap()
            .hand_back();
        // They all fail: now the address and the account are locked.
        for attempt in in_flight {
            attempt.failed();
        }
        assert!(matches!(
            limiter.reserve(&keys("9.9.9.9", "casey"), t0),
            Err(Refusal::Locked { .. })
        ));
        assert!(matches!(
            limiter.reserve(&keys("1.2.3.4", "sam"), t0),
            Err(Refusal::Locked { .. })
        ));
    }

    #[test]
    fn success_gives_the_slot_back_and_clears_the_account() {
        let limiter = LoginLimiter::default();
        let t0 = start();
        for _ in 0..MAX_FAILURES - 1 {
            limiter
                .reserve(&keys("1.2.3.4", "casey"), t0)
                .unwrap()
                .failed();
        }
        limiter
            .reserve(&keys("1.2.3.4", "casey"), t0)
            .unwrap()
            .succeeded("account:casey");
        // The account starts afresh; the address keeps its 9 failures and
        // the success did not use up its last slot.
        let last = limiter.reserve(&keys("1.2.3.4", "sam"), t0).unwrap();
        assert_eq!(
            limiter.reserve(&keys("1.2.3.4", "lee"), t0).map(|_| ()),
            Err(Refusal::Crowded)
        );
        last.hand_back();
        limiter
            .reserve(&keys("1.2.3.4", "lee"), t0)
            .unwrap()
            .failed();
        assert!(matches!(
            limiter.reserve(&keys("1.2.3.4", "lee"), t0),
            Err(Refusal::Locked { .. })
        ));
        assert!(limiter.reserve(&keys("5.5.5.5", "casey"), t0).is_ok());
    }

    #[test]
    fn an_attempt_dropped_unfinished_counts_as_a_failure() {
        let limiter = LoginLimiter::default();
        let t0 = start();
        for _ in 0..MAX_FAILURES {
            drop(limiter.reserve(&keys("1.2.3.4", "casey"), t0).unwrap());
        }
        assert!(matches!(
            limiter.reserve(&keys("1.2.3.4", "casey"), t0),
            Err(Refusal::Locked { .. })
        ));
    }

    #[test]
    fn idle_keys_are_swept_when_the_map_grows() {
        let limiter = LoginLimiter::default();
        let t0 = start();
        for i in 0..=SWEEP_ABOVE {
            limiter.reserve(&[format!("ip:{i}")], t0).unwrap().failed();
        }
        let held = limiter.reserve(&["ip:held".to_string()], t0).unwrap();
        let later = t0 + Duration::minutes(WINDOW_MINUTES + 1);
        limiter
            .reserve(&["ip:new".to_string()], later)
            .unwrap()
            .hand_back();
        assert_eq!(limiter.lock().len(), 1, "only the attempt in flight");
        held.hand_back();
        assert!(limiter.lock().is_empty());
    }
}
