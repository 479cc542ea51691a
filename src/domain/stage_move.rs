//! A coach moving a member's stage by hand: advance, move back, or set any
//! stage. Which moves are allowed from where, and what each is recorded as.

use crate::domain::progression::{FIRST_STAGE, LAST_STAGE};

/// What the coach asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageMove {
    Advance,
    Regress,
    Set(u8),
}

/// Why a move cannot be made; the message is shown beside the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveRefused {
    AtLastStage,
    AtFirstStage,
    AlreadyThere,
    NoSuchStage,
}

impl MoveRefused {
    /// The form field the message belongs beside.
    pub fn field(self) -> &'static str {
        match self {
            MoveRefused::AtLastStage | MoveRefused::AtFirstStage => "action",
            MoveRefused::AlreadyThere | MoveRefused::NoSuchStage => "stage",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            MoveRefused::AtLastStage => "Already at the last stage.",
            MoveRefused::AtFirstStage => "Already at the first stage.",
            MoveRefused::AlreadyThere => "The member is already at that stage.",
            MoveRefused::NoSuchStage => "Choose a stage from 1 to 7.",
        }
    }
}

/// The stage a move leads to from `current`.
pub fn stage_after(current: u8, requested: StageMove) -> Result<u8, MoveRefused> {
    match requested {
        StageMove::Advance if current >= LAST_STAGE => Err(MoveRefused::AtLastStage),
        StageMove::Advance => Ok(current + 1),
        StageMove::Regress if current <= FIRST_STAGE => Err(MoveRefused::AtFirstStage),
        StageMove::Regress => Ok(current - 1),
        StageMove::Set(n) if !(FIRST_STAGE..=LAST_STAGE).contains(&n) => {
            Err(MoveRefused::NoSuchStage)
        }
        StageMove::Set(n) if n == current => Err(MoveRefused::AlreadyThere),
        StageMove::Set(n) => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_coach_moves_one_stage_or_sets_any_other() {
        let cases = [
            (1, StageMove::Advance, Ok(2)),
            (6, StageMove::Advance, Ok(7)),
            (7, StageMove::Advance, Err(MoveRefused::AtLastStage)),
            (2, StageMove::Regress, Ok(1)),
            (1, StageMove::Regress, Err(MoveRefused::AtFirstStage)),
            (3, StageMove::Set(6), Ok(6)),
            (6, StageMove::Set(1), Ok(1)),
            (3, StageMove::Set(3), Err(MoveRefused::AlreadyThere)),
            (3, StageMove::Set(0), Err(MoveRefused::NoSuchStage)),
            (3, StageMove::Set(8), Err(MoveRefused::NoSuchStage)),
        ];
        for (current, requested, expected) in cases {
            assert_eq!(
                stage_after(current, requested),
                expected,
                "{requested:?} from {current}"
            );
        }
    }

    #[test]
    fn refusals_name_their_field() {
        assert_eq!(MoveRefused::AtLastStage.field(), "action");
        assert_eq!(MoveRefused::AlreadyThere.field(), "stage");
        assert!(!MoveRefused::NoSuchStage.message().is_empty());
    }
}
