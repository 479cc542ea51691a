//! What a member reports about one session before the engine reads it, and
//! what the one-tap "done as prescribed" reports.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::domain::progression::{Felt, Pain, Prescription, Readiness, SessionLog, SetLog};
use crate::domain::units::Load;
use crate::domain::variation::Variation;

/// A session as logged (already validated): new, or finishing a partial one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub trained_on: NaiveDate,
    pub finished: bool,
    pub as_prescribed: bool,
    pub sets: Vec<SetLog>,
    pub felt: Vec<Felt>,
    pub pain: Pain,
    pub cramp: bool,
    pub good_form: bool,
    pub effort: Option<i32>,
    pub note: String,
    /// What the app prescribed for the session; `log_session` fills it in.
    pub prescribed_load: Option<Load>,
    /// The variations on the member's assignment; `log_session` fills them in.
    pub variations: Vec<Variation>,
    /// What the member said about the shift before logging (`None`: the
    /// check was skipped).
    pub readiness: Option<Readiness>,
    /// The lighter session a poor answer offered was the one done.
    pub lighter: bool,
}

impl NewSession {
    /// "Done as prescribed": every set at today's prescription (the
    /// member's target inside a rep range), at the prescribed load and hold,
    /// felt in the glutes, no pain, no cramp, good form.
    pub fn done_as_prescribed(p: &Prescription, trained_on: NaiveDate) -> NewSession {
        let set = SetLog {
            reps: p.target_reps as u16,
            reps_other_side: p.per_leg.then_some(p.target_reps as u16),
            load: p.load.unwrap_or(Load::ZERO),
            hold_seconds: p.hold_seconds,
        };
        NewSession {
            trained_on,
            finished: true,
            as_prescribed: true,
            sets: vec![set; p.sets as usize],
            felt: vec![Felt::Glutes],
            pain: Pain::None,
            cramp: false,
            good_form: true,
            effort: None,
            note: String::new(),
            prescribed_load: p.load,
            variations: Vec::new(),
            readiness: None,
            lighter: false,
        }
    }

    /// Stopped for pain: a session cut short with pain marked is a pain
    /// stop (a red flag the engine reads through `pain`), whichever button
    /// saved it, and is never finished later.
    pub fn stopped_for_pain(&self) -> bool {
        !self.finished && self.pain != Pain::None
    }

    /// The session as the engine reads it, at `stage`.
    pub fn domain(&self, stage: u8) -> SessionLog {
        SessionLog {
            date: self.trained_on,
            stage,
            finished: self.finished,
            sets: self.sets.clone(),
            felt: self.felt.clone(),
            pain: self.pain,
            cramp: self.cramp,
            good_form: self.good_form,
            prescribed_load: self.prescribed_load,
            lighter: self.lighter,
        }
    }
}

/// Rule: a member can undo a session they logged (stored at `logged_at`,
/// UTC) until the end of that day in the department's time zone `tz`.
pub fn undo_open(tz: Tz, logged_at: NaiveDateTime, now: DateTime<Utc>) -> bool {
    let logged_on = crate::domain::today::local(tz, logged_at).date();
    crate::domain::today::local_today(tz, now) <= logged_on
}

/// Rule: a backdated session (entered for a day before `today`, after
/// later sessions may have been logged) counts in the history from now on:
/// streaks, adherence and the stall clock read it; it does not change
/// decisions already made. It never moves the member up by itself past a
/// coach's decision made on or after its day (`last_coach_decision`, the
/// day of the latest): the engine reads it with auto-advance off, so the
/// coach sees "ready to advance" and decides.
pub fn may_auto_advance(
    trained_on: NaiveDate,
    today: NaiveDate,
    last_coach_decision: Option<NaiveDate>,
) -> bool {
    trained_on >= today || last_coach_decision.is_none_or(|d| d < trained_on)
}

/// What the coach's log page says about an earlier day, before saving.
pub const BACKDATED_RULE: &str = "Entered after later sessions, a session counts from now on      (streaks, adherence, stalled): it does not change decisions already made, and it never      moves the member up by itself past a decision you made since its day.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::REST_SECONDS;

    #[test]
    fn rule_a_backdated_session_never_auto_advances_past_a_later_coach_decision() {
        let d = |n: u32| NaiveDate::from_ymd_opt(2026, 11, n).unwrap();
        let today = d(20);
        // (name, day of the session, day of the coach's last decision, may auto-advance)
        let cases = [
            ("today, decision today", d(20), Some(d(20)), true),
            ("today, no decision", d(20), None, true),
            ("backdated, no decision", d(17), None, true),
            (
                "backdated, decision before its day",
                d(17),
                Some(d(15)),
                true,
            ),
            ("backdated, decision on its day", d(17), Some(d(17)), false),
            ("backdated, decision since", d(17), Some(d(19)), false),
        ];
        for (name, trained_on, decision, may) in cases {
            assert_eq!(may_auto_advance(trained_on, today, decision), may, "{name}");
        }
    }

    fn rx(
        sets: u8,
        low: u8,
        high: u8,
        per_leg: bool,
        hold: u8,
        load: Option<Load>,
    ) -> Prescription {
        Prescription {
            stage: 1,
            sets,
            reps_low: low,
            reps_high: high,
            per_leg,
            hold_seconds: hold,
            target_reps: low,
            load,
            pad_advised: false,
            strength_unlocked: false,
            rest_seconds: REST_SECONDS,
        }
    }

    /// Rule: the undo is open until the end of the day the session was
    /// logged, in the department's time zone (not UTC's day).
    #[test]
    fn rule_undo_is_open_until_the_end_of_the_departments_day() {
        use chrono::TimeZone;
        let tz = chrono_tz::America::New_York;
        let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap();
        // Logged 22:00 in New York on the 18th (03:00 UTC on the 19th).
        let logged = at(19, 3, 0).naive_utc();
        // (name, now, open)
        let cases = [
            ("a minute later", at(19, 3, 1), true),
            (
                "23:59 in New York, the next day in UTC",
                at(19, 4, 59),
                true,
            ),
            ("00:00 the next day in New York", at(19, 5, 0), false),
            ("a week later", at(26, 15, 0), false),
        ];
        for (name, now, open) in cases {
            assert_eq!(undo_open(tz, logged, now), open, "{name}");
        }
    }

    #[test]
    fn done_as_prescribed_logs_the_prescription() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let bar = Load::from_grams(20_412);
        let cases = [
            // (prescription, reps per set, other side, load)
            (rx(3, 20, 20, false, 2, None), 20, None, Load::ZERO),
            (rx(3, 8, 12, true, 3, None), 8, Some(8), Load::ZERO),
            (rx(5, 5, 5, false, 0, Some(bar)), 5, None, bar),
        ];
        for (p, reps, other, load) in cases {
            let s = NewSession::done_as_prescribed(&p, day);
            assert_eq!(s.sets.len(), p.sets as usize);
            assert!(s.sets.iter().all(|set| set.reps == reps
                && set.reps_other_side == other
                && set.load == load
                && set.hold_seconds == p.hold_seconds));
            assert!(s.finished && s.as_prescribed && s.good_form && !s.cramp);
            assert_eq!(
                (s.felt.as_slice(), s.pain),
                (&[Felt::Glutes][..], Pain::None)
            );
            assert_eq!(s.domain(4).stage, 4);
        }
    }
}
