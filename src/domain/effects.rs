//! What a decision changes, as data. The engine decides (`evaluate`, a due
//! restore, a coach's move); this room turns each decision into effects: a
//! stage change with its reason, the load and rep target carried to the next
//! session, a coach flag raised or answered. `apply` is the one place that
//! says what an effect does to a member's state. The app writes the effects
//! in one transaction (`app::effects`); the demo applies the very same
//! effects in memory; tests read them.

use chrono::NaiveDate;

use crate::domain::progression::{
    hold_return_due, restoration_due, return_note, CoachFlag, Decision, Hold, MemberState, Outcome,
    Regression, FIRST_STAGE,
};
use crate::domain::units::Load;
use crate::domain::variation::Variation;

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
    /// A coach put the member on hold (the note says until when and why).
    Hold,
    /// The member is back from a hold (the same stage, or one back).
    HoldEnded,
    /// A coach added single-leg work for the weaker side from a range test
    /// (no stage move; the note gives the test and its numbers).
    SingleLegAdded,
    /// The session that caused a stage change was voided: the change is
    /// undone (the note says which session, by whom and why).
    Voided,
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
            Reason::Hold => "On hold (coach decision)",
            Reason::HoldEnded => "Back from hold",
            Reason::SingleLegAdded => "Single-leg work added from the range test",
            Reason::Voided => "Undone: the session was voided",
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
    /// A coach puts the member on hold, for this reason; the timeline keeps it.
    StartHold { hold: Hold, reason: String },
    /// The member is back from the hold at stage `to` (the same, or one
    /// back after over four weeks); the timeline keeps `note`.
    /// `hold` is the hold as it ended (early, when the coach ended it).
    EndHold { to: u8, hold: Hold, note: String },
    /// A variation joins the member's stage (the remedy a range test
    /// proposed); the timeline keeps `note`. No stage move.
    AddVariation { variation: Variation, note: String },
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
        Effect::RaiseFlag(_) | Effect::ResolveFlag(_) | Effect::AddVariation { .. } => *state,
        Effect::StartHold { hold, .. } => MemberState {
            hold: Some(*hold),
            ..*state
        },
        Effect::EndHold { to, .. } => {
            let back = if *to == state.stage {
                *state
            } else {
                apply(
                    state,
                    &Effect::StageChange {
                        to: *to,
                        reason: Reason::HoldEnded,
                        note: String::new(),
                        regression: None,
                    },
                )
            };
            MemberState { hold: None, ..back }
        }
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

/// One row of a member's stage timeline within an assignment, as the
/// backdated rule reads it: the day it happened (department time), the
/// stage before it (`None` for the row that started the assignment) and
/// after it. Rows a void undid are left out by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageMove {
    pub on: NaiveDate,
    pub from: Option<u8>,
    pub to: u8,
}

/// Rule: the day the member's current stage began, and that stage: the
/// last row of the assignment's timeline (oldest first) that moved the
/// stage. `None` when the stage has not moved since the assignment
/// started (its start bounds a backdated day already). A coach's
/// backdated entry is refused before that day: the log form is the
/// current stage's, and a session of an earlier stage would be counted at
/// the wrong one.
pub fn current_stage_since(moves: &[StageMove]) -> Option<(u8, NaiveDate)> {
    moves
        .iter()
        .rev()
        .find(|m| m.from.is_some_and(|from| from != m.to))
        .map(|m| (m.to, m.on))
}

/// What a member's assignment carried into a session before it was logged:
/// the working load and rep target (a void gives them back), and the pain
/// week it was logged in (a void of a report that started it over gives it
/// back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Carried {
    pub working_load: Option<Load>,
    pub rep_target: Option<u8>,
    pub regression: Option<Regression>,
}

/// Rule: a voided session is undone. An advance goes back to the stage
/// below; a pain regression gives back the state it was logged in: the
/// stage it came from with the pain week ended, or, for a report logged
/// inside a pain week (`pain_week_before`, the week it started over), that
/// week with its own restore date. Only while the member is still where
/// the session left them (a later move, a coach's or a restore, or a later
/// report's week, stands). Then, when nothing was logged after it (`before`
/// is given) and the member is back at the stage the session was done at
/// (`done_at`), the working load and rep target it carried on from come
/// back.
pub fn of_void(
    state: &MemberState,
    decision: &Decision,
    done_at: u8,
    before: Option<Carried>,
    pain_week_before: Option<Regression>,
    note: &str,
) -> Vec<Effect> {
    let back = match *decision {
        Decision::Advance { to } if state.stage == to && state.regression.is_none() => {
            Some((to.saturating_sub(1).max(FIRST_STAGE), None))
        }
        Decision::PainRegression { to, restore_on } => match state.regression {
            Some(r) if state.stage == to && r.restore_on == restore_on => match pain_week_before {
                Some(week) => Some((to, Some(week))),
                None => Some((r.from_stage, None)),
            },
            _ => return Vec::new(),
        },
        Decision::Advance { .. } => return Vec::new(),
        Decision::Stay | Decision::ReadyToAdvance | Decision::StopSeeCoach => None,
    };
    let mut effects: Vec<Effect> = back
        .map(|(to, regression)| Effect::StageChange {
            to,
            reason: Reason::Voided,
            note: note.trim().to_string(),
            regression,
        })
        .into_iter()
        .collect();
    let back = back.map(|(to, _)| to);
    if let Some(before) = before.filter(|_| back.unwrap_or(state.stage) == done_at) {
        effects.push(Effect::Carry {
            working_load: before.working_load,
            rep_target: before.rep_target,
        });
    }
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

/// A hold that is over on `today`: the member is back, at the same stage or
/// one back after over four weeks.
pub fn hold_return(state: &MemberState, today: NaiveDate) -> Option<Effect> {
    let to = hold_return_due(state, today)?;
    let hold = state.hold?;
    Some(Effect::EndHold {
        to,
        hold,
        note: return_note(&hold),
    })
}

/// What has come due by `today` without anyone acting: a pain week that is
/// over, then a hold that is over. The pages apply these in memory
/// (`app::day`); the member's next log, a coach's action or the sweep
/// writes them.
pub fn due_on(state: &MemberState, today: NaiveDate) -> Vec<Effect> {
    let mut effects = Vec::new();
    let mut now = *state;
    if let Some(restore) = restore(&now, today) {
        now = apply(&now, &restore);
        effects.push(restore);
    }
    if let Some(back) = hold_return(&now, today) {
        effects.push(back);
    }
    effects
}

/// A coach puts the member on hold from `today` to `until`, both included.
/// A hold in progress that the coach changes keeps its first day, so the
/// time away counts whole.
pub fn start_hold(state: &MemberState, today: NaiveDate, until: NaiveDate, reason: &str) -> Effect {
    let from = state.hold.map_or(today, |h| h.from.min(today));
    Effect::StartHold {
        hold: Hold { from, until },
        reason: reason.trim().to_string(),
    }
}

/// A coach ends the hold early: `today` is the first day back.
pub fn end_hold_now(state: &MemberState, today: NaiveDate) -> Option<Effect> {
    let ended = MemberState {
        hold: state.hold.map(|h| h.ended_on(today)),
        ..*state
    };
    hold_return(&ended, today)
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
            hold: None,
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

    /// Rule: the return from a hold is an effect like the pain restore:
    /// nothing while on hold, then the same stage (3 weeks) or one back
    /// (5 weeks), never below stage 1, and the hold is gone.
    #[test]
    fn rule_hold_returns_as_an_effect() {
        let from = day(2);
        let held = |stage: u8, weeks: u64| {
            let until = from + chrono::Days::new(weeks * 7 - 1);
            let mut s = apply(
                &state(stage),
                &start_hold(&state(stage), from, until, " knee "),
            );
            s.working_load = Some(Load::from_grams(40_000));
            (s, until + chrono::Days::new(1))
        };
        // (name, stage, weeks on hold, stage on return)
        for (name, stage, weeks, back) in [
            ("3 weeks: same stage", 5, 3, 5),
            ("5 weeks: one back", 5, 5, 4),
            ("stage 1 stays 1", 1, 5, 1),
        ] {
            let (s, return_day) = held(stage, weeks);
            assert!(
                due_on(&s, return_day - chrono::Days::new(1)).is_empty(),
                "{name}"
            );
            let effects = due_on(&s, return_day);
            let after = apply_all(&s, &effects);
            assert_eq!((after.stage, after.hold), (back, None), "{name}");
            let kept = if back == stage { s.working_load } else { None };
            assert_eq!(
                after.working_load, kept,
                "{name}: the load belongs to the stage"
            );
            let Some(Effect::EndHold { note, .. }) = effects.first() else {
                panic!("{name}: {effects:?}")
            };
            assert!(note.contains(&format!("{weeks} weeks")), "{name}: {note}");
        }
        // Ended early by the coach after 10 days: back today, same stage.
        let (s, _) = held(5, 5);
        let early = end_hold_now(&s, from + chrono::Days::new(10)).expect("on hold");
        assert_eq!(apply(&s, &early).stage, 5);
        assert_eq!(end_hold_now(&state(5), day(20)), None, "no hold to end");
        // Three weeks, then extended by three more: six weeks away, one back.
        let (s, return_day) = held(5, 3);
        let longer = apply(
            &s,
            &start_hold(&s, day(16), day(16) + chrono::Days::new(20), "x"),
        );
        assert_eq!(longer.hold.map(|h| h.from), Some(from));
        let back = apply_all(&longer, &due_on(&longer, day(16) + chrono::Days::new(21)));
        assert_eq!((back.stage, back.hold), (4, None));
        assert!(due_on(&longer, return_day).is_empty(), "still on hold");
    }

    /// Rule: a voided session is undone (its stage change, then what it
    /// carried), only while the member is still where it left them.
    #[test]
    fn rule_a_voided_session_is_undone() {
        let in_pain_week = |stage: u8, from: u8, until: u32| MemberState {
            regression: Some(Regression {
                from_stage: from,
                restore_on: day(until),
            }),
            ..state(stage)
        };
        let pain = |to: u8, until: u32| Decision::PainRegression {
            to,
            restore_on: day(until),
        };
        let before = Carried {
            working_load: Some(Load::from_grams(35_000)),
            rep_target: Some(11),
            regression: None,
        };
        // (name, state now, the voided session's decision, the stage it was
        // done at, nothing logged since, stage after, carried back)
        type Case = (
            &'static str,
            MemberState,
            Decision,
            u8,
            bool,
            Option<u8>,
            bool,
        );
        let cases: [Case; 11] = [
            (
                "an advance goes back",
                state(3),
                Decision::Advance { to: 3 },
                2,
                true,
                Some(2),
                true,
            ),
            (
                "an advance with a session since: the stage only",
                state(3),
                Decision::Advance { to: 3 },
                2,
                false,
                Some(2),
                false,
            ),
            (
                "an advance a coach moved on from stands",
                state(4),
                Decision::Advance { to: 3 },
                2,
                true,
                None,
                false,
            ),
            (
                "a pain regression gives the stage back",
                in_pain_week(4, 5, 12),
                pain(4, 12),
                5,
                true,
                Some(5),
                true,
            ),
            (
                "a pain week already restored stands",
                state(5),
                pain(4, 12),
                5,
                true,
                None,
                false,
            ),
            (
                "a later pain report's week stands",
                in_pain_week(4, 5, 15),
                pain(4, 12),
                5,
                true,
                None,
                false,
            ),
            (
                "stay gives back what it carried",
                state(3),
                Decision::Stay,
                3,
                true,
                None,
                true,
            ),
            (
                "stay with a session since: nothing",
                state(3),
                Decision::Stay,
                3,
                false,
                None,
                false,
            ),
            (
                "stay at another stage (a coach moved the member): nothing",
                state(4),
                Decision::Stay,
                3,
                true,
                None,
                false,
            ),
            (
                "ready gives back what it carried",
                state(3),
                Decision::ReadyToAdvance,
                3,
                true,
                None,
                true,
            ),
            (
                "a stop gives back what it carried",
                state(3),
                Decision::StopSeeCoach,
                3,
                true,
                None,
                true,
            ),
        ];
        for (name, now, decision, done_at, latest, stage, carried) in cases {
            let effects = of_void(
                &now,
                &decision,
                done_at,
                latest.then_some(before),
                None,
                " mis-tap ",
            );
            let change = effects.iter().find_map(|e| match e {
                Effect::StageChange {
                    to,
                    reason,
                    note,
                    regression,
                } => Some((*to, *reason, note.as_str(), *regression)),
                _ => None,
            });
            assert_eq!(
                change,
                stage.map(|to| (to, Reason::Voided, "mis-tap", None)),
                "{name}"
            );
            let after = apply_all(&now, &effects);
            assert_eq!(after.stage, stage.unwrap_or(now.stage), "{name}");
            if stage.is_some() {
                assert_eq!(after.regression, None, "{name}");
            }
            let back =
                (after.working_load, after.rep_target) == (before.working_load, before.rep_target);
            assert_eq!(back, carried, "{name}: {effects:?}");
        }
    }

    /// Rule: voiding a pain report logged inside a pain week (the second
    /// report, which started the week over) gives back the week it was
    /// logged in: the same stage, the first report's restore date and
    /// stage to come back to. Only while the member is still in the week
    /// the voided report started.
    #[test]
    fn rule_a_voided_second_pain_report_gives_back_the_first_week() {
        let in_week = |stage: u8, from: u8, until: u32| MemberState {
            regression: Some(Regression {
                from_stage: from,
                restore_on: day(until),
            }),
            ..state(stage)
        };
        let first = Regression {
            from_stage: 5,
            restore_on: day(9),
        };
        // (name, state now, the voided report's week end, the week it was
        // logged in, stage after, pain week after)
        type Case = (
            &'static str,
            MemberState,
            u32,
            Option<Regression>,
            u8,
            Option<Regression>,
        );
        let cases: [Case; 4] = [
            (
                "the second report: back in the first week",
                in_week(4, 5, 12),
                12,
                Some(first),
                4,
                Some(first),
            ),
            (
                "the first report: the pain week ends",
                in_week(4, 5, 9),
                9,
                None,
                5,
                None,
            ),
            (
                "a third report since: its week stands",
                in_week(4, 5, 15),
                12,
                Some(first),
                4,
                Some(Regression {
                    from_stage: 5,
                    restore_on: day(15),
                }),
            ),
            (
                "restored since: nothing",
                state(5),
                12,
                Some(first),
                5,
                None,
            ),
        ];
        for (name, now, until, logged_in, stage, week) in cases {
            let decision = Decision::PainRegression {
                to: 4,
                restore_on: day(until),
            };
            let effects = of_void(&now, &decision, 4, None, logged_in, "x");
            let after = apply_all(&now, &effects);
            assert_eq!((after.stage, after.regression), (stage, week), "{name}");
            if !effects.is_empty() {
                assert!(
                    matches!(
                        effects[0],
                        Effect::StageChange {
                            reason: Reason::Voided,
                            ..
                        }
                    ),
                    "{name}: the timeline keeps the void"
                );
            }
        }
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

    fn on(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, n).unwrap()
    }

    /// Rule: a backdated day cannot come before the current stage began.
    #[test]
    fn rule_current_stage_since_is_the_last_move_of_the_stage() {
        let mv = |n: u32, from: Option<u8>, to: u8| StageMove {
            on: on(n),
            from,
            to,
        };
        type Case = (&'static str, Vec<StageMove>, Option<(u8, NaiveDate)>);
        let cases: Vec<Case> = vec![
            ("no timeline", vec![], None),
            ("only the assignment", vec![mv(10, None, 3)], None),
            (
                "advanced",
                vec![mv(10, None, 1), mv(12, Some(1), 2)],
                Some((2, on(12))),
            ),
            (
                "advanced, then moved back",
                vec![mv(10, None, 1), mv(12, Some(1), 2), mv(15, Some(2), 1)],
                Some((1, on(15))),
            ),
            (
                "a hold and single-leg work after a move do not count",
                vec![
                    mv(10, None, 1),
                    mv(12, Some(1), 2),
                    mv(20, Some(2), 2),
                    mv(22, Some(2), 2),
                ],
                Some((2, on(12))),
            ),
        ];
        for (name, moves, expected) in cases {
            assert_eq!(current_stage_since(&moves), expected, "{name}");
        }
    }
}
