//! Hold: a coach pauses a member (injury, leave, modified duty) until a
//! date. While on hold nothing is due and nothing counts against them; on
//! return (the day after the hold, or when the coach ends it early) they
//! resume where they were, or one stage back after a hold of over four
//! weeks.

use chrono::{Duration, NaiveDate};

use super::stage::FIRST_STAGE;
use super::state::MemberState;

/// A hold longer than this many days sends the member one stage back.
pub const HOLD_STEP_BACK_DAYS: i64 = 28;

/// A hold: from its first day to its last, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl Hold {
    /// Whether `day` falls inside the hold.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.until
    }

    /// The first day back.
    pub fn return_day(&self) -> NaiveDate {
        self.until + Duration::days(1)
    }

    /// How many days the hold lasted (none when it ended the day it began).
    pub fn days(&self) -> i64 {
        (self.return_day() - self.from).num_days().max(0)
    }

    /// Whole weeks, rounded to the nearest, at least one.
    pub fn weeks(&self) -> i64 {
        ((self.days() + 3) / 7).max(1)
    }

    /// The same hold ended early: `today` is the first day back.
    pub fn ended_on(&self, today: NaiveDate) -> Hold {
        Hold {
            until: self.until.min(today - Duration::days(1)),
            ..*self
        }
    }

    /// Rule: over four weeks away, the member resumes one stage back.
    pub fn steps_back(&self) -> bool {
        self.days() > HOLD_STEP_BACK_DAYS
    }
}

/// Whether the member is on hold on `day`.
pub fn on_hold(state: &MemberState, day: NaiveDate) -> bool {
    state.hold.is_some_and(|h| h.covers(day))
}

/// Rule: the return from a hold. Once `today` is past the hold, the stage
/// to resume at: one back (never below the first) after a hold of over four
/// weeks, otherwise the same. `None` while on hold or with no hold.
pub fn hold_return_due(state: &MemberState, today: NaiveDate) -> Option<u8> {
    let hold = state.hold.filter(|h| today > h.until)?;
    Some(if hold.steps_back() {
        state.stage.saturating_sub(1).max(FIRST_STAGE)
    } else {
        state.stage
    })
}

/// What the return says, on the timeline and on the member's page.
pub fn return_note(hold: &Hold) -> String {
    let weeks = match hold.weeks() {
        1 => "1 week".to_string(),
        n => format!("{n} weeks"),
    };
    if hold.steps_back() {
        format!("Back from a hold of {weeks}: over four weeks away, so one stage back.")
    } else {
        format!("Back from a hold of {weeks}: same stage.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::test_support::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap() + Duration::days(n)
    }

    /// Rule: after a hold of over four weeks the member resumes one stage
    /// back; otherwise where they were; stage 1 stays 1.
    #[test]
    fn rule_hold_resumes_one_stage_back_after_over_four_weeks() {
        // (name, stage, hold's last day (from d(0)), today, resume at)
        let cases = [
            ("3 weeks: same stage", 4, d(20), d(21), Some(4)),
            ("exactly 4 weeks: same stage", 4, d(27), d(28), Some(4)),
            ("4 weeks and a day: one back", 4, d(28), d(29), Some(3)),
            ("5 weeks: one back", 4, d(34), d(35), Some(3)),
            ("5 weeks at stage 1: stays 1", 1, d(34), d(35), Some(1)),
            ("still on hold: nothing yet", 4, d(34), d(34), None),
            ("long past the return: still due", 6, d(34), d(90), Some(5)),
        ];
        for (name, stage, until, today, expected) in cases {
            let st = MemberState {
                hold: Some(Hold { from: d(0), until }),
                ..state(stage, true)
            };
            assert_eq!(hold_return_due(&st, today), expected, "{name}");
            assert_eq!(on_hold(&st, today), expected.is_none(), "{name}");
        }
        assert_eq!(hold_return_due(&state(4, true), d(40)), None, "no hold");
    }

    #[test]
    fn a_hold_ended_early_counts_the_days_it_lasted() {
        let hold = Hold {
            from: d(0),
            until: d(60),
        };
        let early = hold.ended_on(d(21));
        assert_eq!(
            (early.until, early.days(), early.steps_back()),
            (d(20), 21, false)
        );
        let late = hold.ended_on(d(35));
        assert_eq!((late.days(), late.steps_back()), (35, true));
        assert_eq!(hold.ended_on(d(0)).days(), 0, "ended the day it began");
        assert_eq!(
            return_note(&late),
            "Back from a hold of 5 weeks: over four weeks away, so one stage back."
        );
        assert_eq!(
            return_note(&early),
            "Back from a hold of 3 weeks: same stage."
        );
    }
}
