//! What a stage is: its numbers (`StageSpec`, built from the `stages`
//! table), the kind of load it uses, a member's effective dose at it, and
//! the fixed bounds of the progression (first and last stage, rest between
//! sets).

/// The first stage of the progression (floor glute bridge).
pub const FIRST_STAGE: u8 = 1;
/// The last stage of the progression (strength phase); nobody moves past it.
pub const LAST_STAGE: u8 = 7;
/// The first stage that carries a weight (dumbbell hip thrust): a range
/// test's loading hold keeps members below it.
pub const FIRST_LOADED_STAGE: u8 = 5;
/// Rest between sets, in seconds (low, high).
pub const REST_SECONDS: (u16, u16) = (60, 90);

/// What kind of load a stage uses (the `load_kind` column).
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
pub enum LoadKind {
    Bodyweight,
    Dumbbell,
    Barbell,
    Strength,
}

impl LoadKind {
    /// Whether sessions at this stage carry a weight.
    pub fn is_loaded(self) -> bool {
        self != LoadKind::Bodyweight
    }

    /// Whether the weight is a barbell (pad advice, the strength threshold).
    pub fn uses_bar(self) -> bool {
        matches!(self, LoadKind::Barbell | LoadKind::Strength)
    }
}

/// The numbers of one stage, built by the app from its `stages` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageSpec {
    pub number: u8,
    pub name: String,
    pub sets: u8,
    pub reps_low: u8,
    pub reps_high: u8,
    pub per_leg: bool,
    pub hold_seconds: u8,
    pub load_kind: LoadKind,
    /// Reps per set (per leg where `per_leg`) that qualify for moving up.
    pub advance_reps: u8,
    /// Qualifying sessions in a row needed to move up; 0 for the last stage.
    pub qualifying_sessions: u8,
    /// True: the stage never advances by itself, a coach confirms.
    pub coach_confirms: bool,
}

impl StageSpec {
    pub fn is_last(&self) -> bool {
        self.number >= LAST_STAGE
    }
}

/// A member's effective dose at their stage: the stage's default, or lower
/// when a coach eased it (after an injury, for instance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dose {
    pub sets: u8,
    pub reps_low: u8,
    pub reps_high: u8,
    pub hold_seconds: u8,
}

impl Dose {
    /// The stage's default dose.
    pub fn from_spec(spec: &StageSpec) -> Dose {
        Dose {
            sets: spec.sets,
            reps_low: spec.reps_low,
            reps_high: spec.reps_high,
            hold_seconds: spec.hold_seconds,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Named;
    use strum::VariantArray;

    #[test]
    fn stored_load_kinds_round_trip() {
        for &k in LoadKind::VARIANTS {
            assert_eq!(LoadKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(LoadKind::parse("kettlebell"), None);
    }
}
