//! The app's notion of "now". Real time in production; tests move it forward
//! (a pain regression restored a week later, a rate limit running out)
//! without sleeping, or set it to an exact instant (23:30 on the department's
//! wall clock, the night the clocks change).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
    /// Set by `set`: time stands still at this instant (plus any `advance`).
    fixed: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl Clock {
    /// Real time: what the server runs on.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock standing still at `instant` (until `advance` or `set` moves
    /// it): what tests run on, so no result depends on the hour they run at.
    pub fn fixed(instant: DateTime<Utc>) -> Clock {
        let clock = Clock::default();
        clock.set(instant);
        clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        let base = self
            .fixed
            .lock()
            .map(|fixed| *fixed)
            .unwrap_or(None)
            .unwrap_or_else(Utc::now);
        base + Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }

    /// Moves this clock (and every copy of it) forward.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds
            .fetch_add(by.num_seconds(), Ordering::SeqCst);
    }

    /// Stops this clock (and every copy of it) at `instant`; `advance` still
    /// moves it on from there.
    pub fn set(&self, instant: DateTime<Utc>) {
        if let Ok(mut fixed) = self.fixed.lock() {
            *fixed = Some(instant);
        }
        self.offset_seconds.store(0, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_set_clock_stands_still_and_advances_on_demand() {
        let at = Utc.with_ymd_and_hms(2026, 3, 8, 4, 30, 0).unwrap();
        let clock = Clock::fixed(at);
        assert_eq!(clock.now(), at);
        clock.clone().advance(Duration::days(1));
        assert_eq!(clock.now(), at + Duration::days(1));
        clock.set(at);
        assert_eq!(clock.now(), at);
        let later = at + Duration::hours(3);
        clock.set(later);
        assert_eq!(clock.now(), later, "set moves a fixed clock anywhere");
    }
}
