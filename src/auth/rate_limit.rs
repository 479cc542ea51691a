//! Login rate limiting: at most 10 failed attempts in 10 minutes per client
//! address and per account. Kept in memory; one instance serves a department.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

pub const MAX_FAILURES: usize = 10;
pub const WINDOW_MINUTES: i64 = 10;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl LoginLimiter {
    /// `Err(seconds)` when any key is locked out, with the wait until the
    /// oldest failure in its window expires.
    pub fn check(&self, keys: &[String], now: DateTime<Utc>) -> Result<(), u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let window = Duration::minutes(WINDOW_MINUTES);
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
            Err(wait as u64)
        } else {
            Ok(())
        }
    }

    pub fn record_failure(&self, keys: &[String], now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Drop idle entries now and then so the map cannot grow without end.
        if map.len() > 10_000 {
            let window = Duration::minutes(WINDOW_MINUTES);
            map.retain(|_, times| times.back().is_some_and(|t| now - *t < window));
        }
        for key in keys {
            let times = map.entry(key.clone()).or_default();
            times.push_back(now);
            while times.len() > MAX_FAILURES {
                times.pop_front();
            }
        }
    }

    /// A successful login clears the account's failures (not the address's).
    pub fn clear(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_ten_failures_and_unlocks_after_the_window() {
        let limiter = LoginLimiter::default();
        let keys = vec!["ip:1.2.3.4".to_string()];
        let t0 = Utc::now();
        for i in 0..MAX_FAILURES {
            assert!(limiter.check(&keys, t0).is_ok(), "attempt {i}");
            limiter.record_failure(&keys, t0 + Duration::seconds(i as i64));
        }
        let wait = limiter
            .check(&keys, t0 + Duration::seconds(10))
            .unwrap_err();
        assert_eq!(wait, 590);
        assert!(limiter
            .check(&keys, t0 + Duration::minutes(WINDOW_MINUTES))
            .is_ok());
        let other = vec!["ip:5.6.7.8".to_string()];
        assert!(limiter.check(&other, t0).is_ok());
    }
}
