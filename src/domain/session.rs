//! What a member reports about one session before the engine reads it, and
//! what the one-tap "done as prescribed" reports.

use chrono::NaiveDate;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::REST_SECONDS;

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
