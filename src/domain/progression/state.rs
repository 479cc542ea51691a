//! A member's place in the progression (`MemberState`): their stage, working
//! load, rep target and any pain regression in progress, how a session's
//! outcome changes it, and when a regression is restored.

use chrono::NaiveDate;

use super::hold::Hold;
use super::outcome::{Decision, Outcome};
use super::stage::{FIRST_LOADED_STAGE, FIRST_STAGE, LAST_STAGE};
use crate::domain::range_test::LoadingHold;
use crate::domain::units::Load;

/// How long a pain regression lasts before the stage is restored.
pub const REGRESSION_DAYS: u64 = 7;

/// A pain regression in progress: the member is one stage down until `restore_on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regression {
    /// The stage to restore.
    pub from_stage: u8,
    pub restore_on: NaiveDate,
}

/// A member's place in the progression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberState {
    pub stage: u8,
    pub auto_advance: bool,
    /// The member's current working load at this stage: set by the coach, or
    /// carried from the last session (`Outcome::working_load`). `None` lets
    /// the engine take it from the history, or its default.
    pub working_load: Option<Load>,
    pub regression: Option<Regression>,
    /// A coach confirmed a working load above the weekly cap on this day:
    /// the cap counts from prescriptions on or after it.
    pub load_cap_from: Option<NaiveDate>,
    /// Today's reps per set inside a rep range (double progression); `None`
    /// starts at the bottom of the range (see [`rep_target`](super::rep_target)).
    pub rep_target: Option<u8>,
    /// The member's latest range test holds loading (near-zero true
    /// extension): no move into a loaded stage. Not stored with the
    /// assignment: the app reads it from the latest test when it logs.
    pub loading_hold: Option<LoadingHold>,
    /// A coach's hold not yet returned from (see `hold`).
    pub hold: Option<Hold>,
}

impl MemberState {
    /// The state after a session's outcome: a new stage on an advance or a
    /// pain regression (working load cleared, the history then supplies it),
    /// otherwise the same stage with the session's working load.
    pub fn after(&self, outcome: &Outcome) -> MemberState {
        match outcome.decision {
            Decision::Advance { to } => MemberState {
                stage: to,
                working_load: None,
                regression: None,
                load_cap_from: None,
                rep_target: None,
                ..*self
            },
            Decision::PainRegression { to, restore_on } => MemberState {
                stage: to,
                working_load: None,
                load_cap_from: None,
                rep_target: None,
                regression: Some(Regression {
                    from_stage: self.regression.map_or(self.stage, |r| r.from_stage),
                    restore_on,
                }),
                ..*self
            },
            Decision::Stay | Decision::ReadyToAdvance | Decision::StopSeeCoach => MemberState {
                working_load: outcome.working_load,
                rep_target: outcome.rep_target,
                ..*self
            },
        }
    }

    /// The state once a due pain regression is lifted, or `None` when none is due.
    pub fn restored(&self, today: NaiveDate) -> Option<MemberState> {
        restoration_due(self, today).map(|stage| MemberState {
            stage,
            working_load: None,
            regression: None,
            load_cap_from: None,
            rep_target: None,
            ..*self
        })
    }
}

/// Rule: the range test gates loading. Whether the latest range test's hold
/// keeps the member from moving to stage `to` (a loaded stage, 5 and above).
pub fn loading_held(state: &MemberState, to: u8) -> bool {
    state.loading_hold.is_some() && to >= FIRST_LOADED_STAGE
}

/// After a pain regression: the stage to restore once `today` reaches `restore_on`.
pub fn restoration_due(state: &MemberState, today: NaiveDate) -> Option<u8> {
    state
        .regression
        .filter(|r| today >= r.restore_on)
        .map(|r| r.from_stage.clamp(FIRST_STAGE, LAST_STAGE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::test_support::*;

    #[test]
    fn state_changes_and_restoration() {
        let base = MemberState {
            working_load: Some(lb(135.0)),
            ..state(6, true)
        };
        let outcome = |decision, working_load| Outcome {
            decision,
            fixes: vec![],
            suggest_floor_bridges: false,
            coach_flags: vec![],
            next_load: None,
            working_load,
            rep_target: None,
            extra: false,
        };
        let cases = vec![
            (
                "advance: new stage, load from history",
                outcome(Decision::Advance { to: 7 }, Some(lb(230.0))),
                MemberState {
                    stage: 7,
                    working_load: None,
                    ..base
                },
            ),
            (
                "stay keeps the session's load",
                outcome(Decision::Stay, Some(lb(140.0))),
                MemberState {
                    working_load: Some(lb(140.0)),
                    ..base
                },
            ),
            (
                "pain regression remembers the stage",
                outcome(
                    Decision::PainRegression {
                        to: 5,
                        restore_on: day(7),
                    },
                    Some(lb(135.0)),
                ),
                MemberState {
                    stage: 5,
                    working_load: None,
                    regression: Some(Regression {
                        from_stage: 6,
                        restore_on: day(7),
                    }),
                    ..base
                },
            ),
        ];
        for (name, out, expect) in cases {
            assert_eq!(base.after(&out), expect, "{name}");
        }
        let in_week = MemberState {
            stage: 5,
            regression: Some(Regression {
                from_stage: 6,
                restore_on: day(7),
            }),
            ..base
        };
        let again = outcome(
            Decision::PainRegression {
                to: 5,
                restore_on: day(11),
            },
            None,
        );
        assert_eq!(
            in_week.after(&again).regression,
            Some(Regression {
                from_stage: 6,
                restore_on: day(11),
            }),
            "a second pain report keeps the stage to come back to"
        );

        let regressed = MemberState {
            stage: 3,
            regression: Some(Regression {
                from_stage: 4,
                restore_on: day(7),
            }),
            ..state(3, true)
        };
        let cases = [
            ("not yet", regressed, day(6), None),
            ("on the day", regressed, day(7), Some(4)),
            ("later", regressed, day(20), Some(4)),
            ("no regression", state(3, true), day(20), None),
        ];
        for (name, st, today, expect) in cases {
            assert_eq!(restoration_due(&st, today), expect, "{name}");
            assert_eq!(
                st.restored(today).map(|s| (s.stage, s.regression)),
                expect.map(|n| (n, None)),
                "{name}"
            );
        }
    }
}
