//! What a logged session is: its sets, where the member felt the work, any
//! pain or cramp, and the load the app prescribed for it.

use chrono::NaiveDate;

use crate::domain::units::Load;

/// Where the member felt the work.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Felt {
    Glutes,
    Hamstrings,
    LowerBack,
    Quads,
}

impl Felt {
    /// A label for a check box.
    pub fn label(self) -> &'static str {
        match self {
            Felt::Glutes => "Glutes",
            Felt::Hamstrings => "Hamstrings (back of the thigh)",
            Felt::LowerBack => "Lower back",
            Felt::Quads => "Quads (front of the thigh)",
        }
    }
}

/// Pain reported during the session.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Pain {
    None,
    LowerBack,
    HipJoint,
    Knee,
}

impl Pain {
    /// A label for a radio button.
    pub fn label(self) -> &'static str {
        match self {
            Pain::None => "No pain",
            Pain::LowerBack => "Sharp pain in the lower back",
            Pain::HipJoint => "Pain in the hip joint",
            Pain::Knee => "Knee pain",
        }
    }
}

/// One logged set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetLog {
    /// Reps done; on per-leg stages, the left side.
    pub reps: u16,
    /// On per-leg stages, the right side; `None` elsewhere.
    pub reps_other_side: Option<u16>,
    /// The weight used; `Load::ZERO` on bodyweight stages.
    pub load: Load,
    /// Seconds held at the top of each rep.
    pub hold_seconds: u8,
}

impl SetLog {
    /// Reps that count for the set: on per-leg stages the weaker side, and
    /// nothing when a side was not logged.
    pub(super) fn counted_reps(&self, per_leg: bool) -> u16 {
        if per_leg {
            self.reps.min(self.reps_other_side.unwrap_or(0))
        } else {
            self.reps
        }
    }
}

/// One logged session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLog {
    pub date: NaiveDate,
    pub stage: u8,
    /// False when the session was cut short (toned out for a call) and saved partial.
    pub finished: bool,
    pub sets: Vec<SetLog>,
    pub felt: Vec<Felt>,
    pub pain: Pain,
    /// Hamstring cramp.
    pub cramp: bool,
    pub good_form: bool,
    /// The load the app prescribed for this session (`None` on bodyweight
    /// stages). The weekly cap counts from these, never from what was typed.
    pub prescribed_load: Option<Load>,
    /// The lighter session a poor readiness answer offered (see
    /// `readiness`): done for adherence, never toward moving up, never a
    /// load increase.
    pub lighter: bool,
}

impl SessionLog {
    /// The heaviest weight used in the session, if any set was logged.
    pub fn top_load(&self) -> Option<Load> {
        self.sets.iter().map(|s| s.load).max()
    }

    /// Felt in the glutes and nowhere else (nothing recorded does not count).
    pub fn felt_only_in_glutes(&self) -> bool {
        !self.felt.is_empty() && self.felt.iter().all(|f| *f == Felt::Glutes)
    }

    /// Whether the session takes part in streaks and "in a row" rules: a
    /// finished session, or a partial one that reported pain or a cramp.
    /// A partial session with nothing to report is skipped.
    pub(super) fn counts(&self) -> bool {
        self.finished || self.pain != Pain::None || self.cramp
    }

    /// Rule: a lighter session is neither a qualifying session nor a
    /// failure. One without pain or a cramp is skipped by the run toward
    /// moving up; pain or a cramp still breaks it, as in any session.
    pub(super) fn neutral(&self) -> bool {
        self.lighter && self.pain == Pain::None && !self.cramp
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Named;
    use strum::VariantArray;

    #[test]
    fn stored_felt_and_pain_round_trip_and_read_plainly() {
        for &f in Felt::VARIANTS {
            assert_eq!(Felt::parse(f.as_str()), Some(f));
            assert!(!f.label().is_empty());
        }
        for &p in Pain::VARIANTS {
            assert_eq!(Pain::parse(p.as_str()), Some(p));
            assert!(!p.label().is_empty());
        }
        assert_eq!(Felt::parse("Glutes"), None);
    }
}
