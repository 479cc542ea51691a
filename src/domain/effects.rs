//! What a decision changes, as data. The engine decides (`evaluate`, a due
//! restore, a coach's move); this room turns each decision into effects: a
//! stage change with its reason, the load and rep target carried to the next
//! session, a coach flag raised or answered. `apply` is the one place that
//! says what an effect does to a member's state. The app writes the effects
//! in one transaction (`app::effects`); the demo applies the very same
//! effects in memory; tests read them.

use chrono::NaiveDate;

use crate::domain::progression::{
    restoration_due, CoachFlag, Decision, MemberState, Outcome, Regression,
};
use crate::domain::units::Load;

/// Why a stage changed, as the timeline keeps it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum Reason {
    Assigned,
    Advance,
    Regress,
    Set,
    PainRegression,
    Restored,
    /// A coach confirmed a working load above the weekly cap (no stage move).
    LoadAboveCap,
}

impl Reason {
    pub fn label(self) -> &'static str {
        match self {
            Reason::Assigned => "Assigned",
            Reason::Advance => "Advanced",
            Reason::Regress => "Moved back (coach decision)",
            Reason::Set => "Stage set (coach decision)",
            Reason::PainRegression => "Moved back for a week (pain)",
            Reason::Restored => "Restored after the pain week",
            Reason::LoadAboveCap => "Working load set above the weekly cap (coach decision)",
        }
    }
}

/// One thing a decision changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The member moves to stage `to`; the timeline keeps why. The working
    /// load, the load-cap date and the rep target belonged to the old stage
    /// and are cleared; a pain regression remembers where to come back to.
    StageChange {
        to: u8,
        reason: Reason,
        note: String,
        regression: Option<Regression>,
    },
    /// Same stage next time, with this working load and rep target.
    Carry {
        working_load: Option<Load>,
        rep_target: Option<u8>,
    },
    /// A flag for the coach (kept once while open).
    RaiseFlag(CoachFlag),
    /// Every open flag of this kind is answered.
    ResolveFlag(CoachFlag),
}

/// The state after `effect`: the one place that says what an effect does to
/// a member's place in the progression.
pub fn apply(state: &MemberState, effect: &Effect) -> MemberState {
    match effect {
        Effect::StageChange { to, regression, .. } => MemberState {
            stage: *to,
            working_load: None,
            load_cap_from: None,
            rep_target: None,
            regression: *regression,
            ..*state
        },
        Effect::Carry {
            working_load,
            rep_target,
        } => MemberState {
            working_load: *working_load,
            rep_target: *rep_target,
            ..*state
        },
        Effect::RaiseFlag(_) | Effect::ResolveFlag(_) => *state,
    }
}

/// The state after every effect in turn.
pub fn apply_all(state: &MemberState, effects: &[Effect]) -> MemberState {
    effects.iter().fold(*state, |s, e| apply(&s, e))
}

/// What a logged session's outcome changes.
pub fn of_session(state: &MemberState, outcome: &Outcome) -> Vec<Effect> {
    let mut effects = Vec::new();
    match outcome.decision {
        Decision::Advance { to } => {
            effects.push(Effect::StageChange {
                to,
                reason: Reason::Advance,
                note: String::new(),
                regression: None,
            });
            effects.push(Effect::ResolveFlag(CoachFlag::ReadyToAdvance));
        }
        Decision::PainRegression { to, restore_on } => {
            let note = if to == state.stage {
                "Pain again inside the week: the week starts over."
            } else {
                ""
            };
            effects.push(Effect::StageChange {
                to,
                reason: Reason::PainRegression,
                note: note.to_string(),
                regression: Some(Regression {
                    from_stage: state.regression.map_or(state.stage, |r| r.from_stage),
                    restore_on,
                }),
            });
        }
        Decision::Stay | Decision::ReadyToAdvance | Decision::StopSeeCoach => {
            effects.push(Effect::Carry {
                working_load: outcome.working_load,
                rep_target: outcome.rep_target,
            });
        }
    }
    effects.extend(outcome.coach_flags.iter().map(|f| Effect::RaiseFlag(*f)));
    effects
}

/// A pain week that is over on `today`: the stage comes back by itself.
pub fn restore(state: &MemberState, today: NaiveDate) -> Option<Effect> {
    restoration_due(state, today).map(|to| Effect::StageChange {
        to,
        reason: Reason::Restored,
        note: String::new(),
        regression: None,
    })
}

/// A coach moves the member (advance, move back, set): the stage changes
/// with the coach's note, and any "ready to advance" is answered.
pub fn coach_move(to: u8, reason: Reason, note: &str) -> Vec<Effect> {
    vec![
        Effect::StageChange {
            to,
            reason,
            note: note.trim().to_string(),
            regression: None,
        },
        Effect::ResolveFlag(CoachFlag::ReadyToAdvance),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::Fix;

    fn state(stage: u8) -> MemberState {
        MemberState {
            stage,
            auto_advance: true,
            working_load: Some(Load::from_grams(40_000)),
            regression: None,
            load_cap_from: NaiveDate::from_ymd_opt(2026, 3, 2),
            rep_target: Some(12),
            loading_hold: None,
        }
    }

    fn outcome(decision: Decision, flags: &[CoachFlag]) -> Outcome {
        Outcome {
            decision,
            fixes: vec![Fix::FeetCloser],
            suggest_floor_bridges: false,
            coach_flags: flags.to_vec(),
            next_load: None,
            working_load: Some(Load::from_grams(45_000)),
            rep_target: Some(13),
            extra: false,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    /// Rule: applying a session's effects gives the state `MemberState::after`
    /// has always given, for every kind of decision.
    #[test]
    fn effects_of_a_session_match_the_state_after_it() {
        let regressed = MemberState {
            regression: Some(Regression {
                from_stage: 6,
                restore_on: day(9),
            }),
            ..state(5)
        };
        let decisions = [
            Decision::Stay,
            Decision::ReadyToAdvance,
            Decision::StopSeeCoach,
            Decision::Advance { to: 6 },
            Decision::PainRegression {
                to: 4,
                restore_on: day(12),
            },
            Decision::PainRegression {
                to: 5,
                restore_on: day(12),
            },
        ];
        for start in [state(5), regressed] {
            for decision in decisions {
                let o = outcome(decision, &[CoachFlag::KneePain]);
                let effects = of_session(&start, &o);
                assert_eq!(
                    apply_all(&start, &effects),
                    start.after(&o),
                    "{decision:?} from {start:?}"
                );
                assert!(effects.contains(&Effect::RaiseFlag(CoachFlag::KneePain)));
            }
        }
    }

    /// A stage change as the tests read it: (to, reason, note).
    type Change<'a> = Option<(u8, Reason, &'a str)>;

    #[test]
    fn each_decision_names_its_change() {
        // (decision, expected stage change: (to, reason, note))
        let cases: [(Decision, Change); 4] = [
            (Decision::Stay, None),
            (Decision::Advance { to: 6 }, Some((6, Reason::Advance, ""))),
            (
                Decision::PainRegression {
                    to: 4,
                    restore_on: day(12),
                },
                Some((4, Reason::PainRegression, "")),
            ),
            (
                Decision::PainRegression {
                    to: 5,
                    restore_on: day(12),
                },
                Some((
                    5,
                    Reason::PainRegression,
                    "Pain again inside the week: the week starts over.",
                )),
            ),
        ];
        for (decision, expected) in cases {
            let effects = of_session(&state(5), &outcome(decision, &[]));
            let change = effects.iter().find_map(|e| match e {
                Effect::StageChange {
                    to, reason, note, ..
                } => Some((*to, *reason, note.as_str())),
                _ => None,
            });
            assert_eq!(change, expected, "{decision:?}");
        }
        let advance = of_session(&state(5), &outcome(Decision::Advance { to: 6 }, &[]));
        assert!(advance.contains(&Effect::ResolveFlag(CoachFlag::ReadyToAdvance)));
    }

    #[test]
    fn a_pain_regression_remembers_the_first_stage_to_come_back_to() {
        let first = of_session(
            &state(6),
            &outcome(
                Decision::PainRegression {
                    to: 5,
                    restore_on: day(8),
                },
                &[],
            ),
        );
        let during = apply_all(&state(6), &first);
        assert_eq!(during.regression.map(|r| r.from_stage), Some(6));
        let again = of_session(
            &during,
            &outcome(
                Decision::PainRegression {
                    to: 5,
                    restore_on: day(12),
                },
                &[],
            ),
        );
        let after = apply_all(&during, &again);
        assert_eq!(after.regression.map(|r| r.from_stage), Some(6));
        assert_eq!(after.regression.map(|r| r.restore_on), Some(day(12)));
        // The week over: the stage comes back, with nothing left of the pain week.
        assert_eq!(restore(&after, day(11)), None);
        let back = restore(&after, day(12)).expect("due");
        assert_eq!(apply(&after, &back), after.restored(day(12)).unwrap());
    }

    #[test]
    fn a_coach_move_answers_ready_and_clears_the_old_stage() {
        let effects = coach_move(6, Reason::Advance, "  form checked  ");
        assert_eq!(
            effects[0],
            Effect::StageChange {
                to: 6,
                reason: Reason::Advance,
                note: "form checked".to_string(),
                regression: None,
            }
        );
        assert!(effects.contains(&Effect::ResolveFlag(CoachFlag::ReadyToAdvance)));
        let after = apply_all(&state(5), &effects);
        assert_eq!(
            (after.stage, after.working_load, after.rep_target),
            (6, None, None)
        );
        assert!(after.auto_advance);
    }
}
