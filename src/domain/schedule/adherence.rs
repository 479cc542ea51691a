//! Adherence to the plan: over a window, how many scheduled slots a
//! session filled, and which sessions were extras.

use chrono::NaiveDate;

use super::plan::monday_of;

/// The window the roster dashboard measures adherence over, in days.
pub const ADHERENCE_WINDOW_DAYS: u32 = 28;

/// Adherence over a window the caller chose (the dashboard uses the last
/// [`ADHERENCE_WINDOW_DAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Adherence {
    /// Scheduled slots with a session: never more than `scheduled`.
    pub done: u32,
    pub scheduled: u32,
    /// Sessions that filled no slot: a second one on a day, or more in a
    /// week than it scheduled.
    pub extra: u32,
}

impl Adherence {
    /// Done over scheduled, 0 to 1; `None` when nothing was scheduled.
    pub fn ratio(&self) -> Option<f64> {
        (self.scheduled > 0).then(|| f64::from(self.done) / f64::from(self.scheduled))
    }

    /// Whole percent, never above 100.
    pub fn percent(&self) -> Option<u32> {
        (self.scheduled > 0).then(|| (self.done * 100 + self.scheduled / 2) / self.scheduled)
    }
}

/// Rule: adherence counts at most one session per scheduled slot. `planned`
/// are the scheduled days and `logged` the day of every session (a day may
/// repeat), both already limited to the window. A session on a scheduled
/// day fills it; one on another day is a make-up and fills the earliest
/// empty slot of its week (Monday to Sunday); any other is an extra.
pub fn adherence(planned: &[NaiveDate], logged: &[NaiveDate]) -> Adherence {
    // A window holds a handful of days: sorted vectors, not sets (the
    // roster works this out for every member).
    let mut slots = planned.to_vec();
    slots.sort_unstable();
    slots.dedup();
    let mut filled = vec![false; slots.len()];
    let mut sessions = logged.to_vec();
    sessions.sort_unstable();
    let mut leftover = Vec::new();
    for day in sessions {
        match slots.binary_search(&day) {
            Ok(i) if !filled[i] => filled[i] = true,
            _ => leftover.push(day),
        }
    }
    let mut extra = 0;
    for day in leftover {
        let week = monday_of(day);
        let make_up = (0..slots.len()).find(|&i| monday_of(slots[i]) == week && !filled[i]);
        match make_up {
            Some(i) => filled[i] = true,
            None => extra += 1,
        }
    }
    Adherence {
        done: filled.iter().filter(|f| **f).count() as u32,
        scheduled: slots.len() as u32,
        extra,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::test_support::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// The rule as first written, with sets: what `adherence` must give.
    fn adherence_with_sets(planned: &[NaiveDate], logged: &[NaiveDate]) -> Adherence {
        let slots: BTreeSet<NaiveDate> = planned.iter().copied().collect();
        let mut filled: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut sessions = logged.to_vec();
        sessions.sort();
        let mut leftover = Vec::new();
        for day in sessions {
            if slots.contains(&day) && filled.insert(day) {
                continue;
            }
            leftover.push(day);
        }
        let mut extra = 0;
        for day in leftover {
            let week = monday_of(day);
            let make_up = slots
                .iter()
                .find(|slot| monday_of(**slot) == week && !filled.contains(*slot))
                .copied();
            match make_up {
                Some(slot) => {
                    filled.insert(slot);
                }
                None => extra += 1,
            }
        }
        Adherence {
            done: filled.len() as u32,
            scheduled: slots.len() as u32,
            extra,
        }
    }

    proptest! {
        /// Sorted vectors count exactly what the sets counted, repeated
        /// and unsorted days included.
        #[test]
        fn adherence_counts_what_the_rule_with_sets_counts(
            planned in prop::collection::vec(0i64..35, 0..12),
            logged in prop::collection::vec(0i64..35, 0..16),
        ) {
            let day = |n: &i64| date(2026, 2, 1) + chrono::Duration::days(*n);
            let planned: Vec<NaiveDate> = planned.iter().map(day).collect();
            let logged: Vec<NaiveDate> = logged.iter().map(day).collect();
            prop_assert_eq!(adherence(&planned, &logged), adherence_with_sets(&planned, &logged));
        }
    }

    #[test]
    fn rule_adherence_counts_one_session_per_slot() {
        // 2026-02-02 is a Monday.
        let d = |day| date(2026, 2, day);
        let a = |done, scheduled, extra| Adherence {
            done,
            scheduled,
            extra,
        };
        let cases = [
            ("nothing", vec![], vec![], a(0, 0, 0)),
            (
                "half done",
                vec![d(2), d(5), d(9), d(12)],
                vec![d(2), d(9)],
                a(2, 4, 0),
            ),
            (
                "two the same day: one slot, one extra",
                vec![d(2), d(5)],
                vec![d(2), d(2), d(5)],
                a(2, 2, 1),
            ),
            (
                "a third day in a two-slot week is extra",
                vec![d(2), d(5)],
                vec![d(2), d(3), d(5)],
                a(2, 2, 1),
            ),
            (
                "a make-up fills the missed slot of its week",
                vec![d(2), d(5)],
                vec![d(3), d(5)],
                a(2, 2, 0),
            ),
            (
                "a make-up does not fill another week's slot",
                vec![d(2), d(9)],
                vec![d(3), d(4)],
                a(1, 2, 1),
            ),
            (
                "every day for a week",
                vec![d(2), d(5)],
                (2..=8).map(d).collect(),
                a(2, 2, 5),
            ),
            ("nothing logged", vec![d(2)], vec![], a(0, 1, 0)),
            ("nothing scheduled", vec![], vec![d(2)], a(0, 0, 1)),
        ];
        for (name, planned, logged, expected) in cases {
            let got = adherence(&planned, &logged);
            assert_eq!(got, expected, "{name}");
            assert!(got.percent().unwrap_or(0) <= 100, "{name}");
        }
    }
}
