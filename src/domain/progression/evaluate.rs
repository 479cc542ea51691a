//! The engine's two questions: what a member does today (`prescribe`) and
//! what a logged session means (`evaluate`), with the rules they apply:
//! rep targets inside a range, extra sessions, qualifying sessions and the
//! streak that makes a member ready to move up, and the fixes to show.

use chrono::{Days, NaiveDate};

use super::loads::{load_for, logged_above_cap, pad_from, strength_threshold};
use super::log::{Felt, Pain, SessionLog, SetLog};
use super::outcome::{CoachFlag, Decision, Fix, Outcome};
use super::stage::{Dose, LoadKind, StageSpec, FIRST_STAGE, LAST_STAGE, REST_SECONDS};
use super::state::{loading_held, MemberState, REGRESSION_DAYS};
use crate::domain::catalog;
use crate::domain::units::{Load, Units};

/// Rest days assumed before the next session when previewing its load.
const PREVIEW_GAP_DAYS: u64 = 2;

/// Today's workout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prescription {
    /// The stage whose exercise is done today: the member's, or the floor
    /// glute bridge for the one session after a repeated hamstring cramp.
    pub stage: u8,
    pub sets: u8,
    pub reps_low: u8,
    pub reps_high: u8,
    pub per_leg: bool,
    pub hold_seconds: u8,
    /// Today's reps per set: inside the range, the member's target (double
    /// progression); the one tap logs exactly this.
    pub target_reps: u8,
    /// `None` on bodyweight stages.
    pub load: Option<Load>,
    /// A thick pad under the bar is advised from 135 lb (60 kg) on.
    pub pad_advised: bool,
    /// The strength phase is open: at the strength stage, or when the barbell
    /// stage's rule (5 x 5 above 225 lb / 100 kg, good form) is met.
    pub strength_unlocked: bool,
    pub rest_seconds: (u16, u16),
}

/// What the member does today at their stage.
pub fn prescribe(
    spec: &StageSpec,
    dose: &Dose,
    state: &MemberState,
    history: &[SessionLog],
    today: NaiveDate,
    units: Units,
) -> Prescription {
    if floor_bridges_next(state.stage, history) {
        if let Some(floor) = catalog::stage_spec(FIRST_STAGE) {
            let dose = Dose::from_spec(&floor);
            return Prescription {
                stage: FIRST_STAGE,
                sets: dose.sets,
                reps_low: dose.reps_low,
                reps_high: dose.reps_high,
                per_leg: floor.per_leg,
                hold_seconds: dose.hold_seconds,
                target_reps: rep_target(&dose, None),
                load: None,
                pad_advised: false,
                strength_unlocked: false,
                rest_seconds: REST_SECONDS,
            };
        }
    }
    let load = load_for(
        spec,
        dose,
        state.working_load,
        state.load_cap_from,
        history.iter(),
        today,
        units,
    );
    let pad_advised = spec.load_kind.uses_bar() && load.is_some_and(|l| l >= pad_from(units));
    let strength_unlocked = match spec.load_kind {
        LoadKind::Strength => true,
        LoadKind::Barbell => streak_met(spec, dose, history.iter(), units),
        LoadKind::Bodyweight | LoadKind::Dumbbell => false,
    };
    Prescription {
        stage: spec.number,
        sets: dose.sets,
        reps_low: dose.reps_low,
        reps_high: dose.reps_high,
        per_leg: spec.per_leg,
        hold_seconds: dose.hold_seconds,
        target_reps: rep_target(dose, state.rep_target),
        load,
        pad_advised,
        strength_unlocked,
        rest_seconds: REST_SECONDS,
    }
}

/// What a logged session means. `history` holds the member's earlier
/// sessions, oldest first; `spec` and `dose` are for `state.stage`.
pub fn evaluate(
    spec: &StageSpec,
    dose: &Dose,
    state: &MemberState,
    history: &[SessionLog],
    new: &SessionLog,
    units: Units,
) -> Outcome {
    let stage = state.stage.clamp(FIRST_STAGE, LAST_STAGE);
    let mut coach_flags = Vec::new();
    let extra = is_extra(history, new);

    let repeated_cramp = repeated_cramp(stage, history, new);
    if repeated_cramp {
        coach_flags.push(CoachFlag::RepeatedCramp);
    }
    let suggest_floor_bridges = repeated_cramp && stage > FIRST_STAGE;

    let decision = match new.pain {
        Pain::LowerBack => {
            coach_flags.push(CoachFlag::LowerBackPain);
            if state.regression.is_some() {
                // Rule: a second pain report inside the regression week keeps
                // the stage to come back to and restarts the week.
                Decision::PainRegression {
                    to: stage,
                    restore_on: add_days(new.date, REGRESSION_DAYS),
                }
            } else if stage > FIRST_STAGE {
                Decision::PainRegression {
                    to: stage - 1,
                    restore_on: add_days(new.date, REGRESSION_DAYS),
                }
            } else {
                Decision::StopSeeCoach
            }
        }
        Pain::HipJoint => {
            coach_flags.push(CoachFlag::HipPain);
            Decision::StopSeeCoach
        }
        Pain::Knee => {
            coach_flags.push(CoachFlag::KneePain);
            Decision::StopSeeCoach
        }
        Pain::None if extra => Decision::Stay,
        // Rule: a lighter session never counts toward moving up.
        Pain::None if new.lighter => Decision::Stay,
        Pain::None => {
            let ready = state.regression.is_none()
                && spec.number == stage
                && streak_met(spec, dose, history.iter().chain([new]), units);
            if !ready || loading_held(state, stage + 1) {
                // Rule: the range test gates loading; the streak stands,
                // and the next clean session moves up once a test lifts it.
                Decision::Stay
            } else if state.auto_advance && !spec.coach_confirms {
                Decision::Advance { to: stage + 1 }
            } else {
                coach_flags.push(CoachFlag::ReadyToAdvance);
                Decision::ReadyToAdvance
            }
        }
    };
    if spec.load_kind.is_loaded() && logged_above_cap(new, units).is_some() {
        coach_flags.push(CoachFlag::AboveWeeklyCap);
    }
    coach_flags.sort();
    coach_flags.dedup();

    let working_load = match new.top_load() {
        Some(top)
            if top.grams > 0
                && new.finished
                && !new.lighter
                && new.pain == Pain::None
                && new.stage == spec.number
                && spec.load_kind.is_loaded() =>
        {
            Some(top)
        }
        _ => state.working_load,
    };
    let next_load = if decision.new_stage().is_some() {
        None
    } else {
        load_for(
            spec,
            dose,
            working_load,
            state.load_cap_from,
            history.iter().chain([new]),
            add_days(new.date, PREVIEW_GAP_DAYS),
            units,
        )
    };

    Outcome {
        decision,
        fixes: fixes_for(new),
        suggest_floor_bridges,
        coach_flags,
        next_load,
        working_load,
        rep_target: next_rep_target(spec, dose, state.rep_target, new, extra),
        extra,
    }
}

/// Rule: a hamstring cramp that repeats. Whether `new` is the second cramp
/// in the stage's last two sessions: the newest earlier session that
/// counts was at this stage and cramped too. (Cramped sessions never
/// qualify, so neither counts toward moving up.)
pub fn repeated_cramp(stage: u8, history: &[SessionLog], new: &SessionLog) -> bool {
    new.cramp
        && new.stage == stage
        && history
            .iter()
            .rev()
            .find(|s| s.counts())
            .is_some_and(|p| p.cramp && p.stage == stage)
}

/// Rule: a hamstring cramp that repeats sends the next session back to
/// floor bridges. Whether today's session is that one: the two newest
/// sessions that count (oldest first in `history`) were cramped at the
/// member's `stage`, above the first. Once the floor-bridge session is
/// logged it is the newest, and the member is back at their stage.
pub fn floor_bridges_next(stage: u8, history: &[SessionLog]) -> bool {
    let mut counting = history.iter().rev().filter(|s| s.counts());
    let cramped_here = |s: Option<&SessionLog>| s.is_some_and(|s| s.cramp && s.stage == stage);
    stage > FIRST_STAGE && cramped_here(counting.next()) && cramped_here(counting.next())
}

/// Rule: double progression inside a rep range. Today's reps per set: the
/// stored target kept inside the dose's range, the bottom when none is
/// stored. A fixed dose (3 x 20) is its own target.
pub fn rep_target(dose: &Dose, stored: Option<u8>) -> u8 {
    let (low, high) = (dose.reps_low, dose.reps_high.max(dose.reps_low));
    stored.unwrap_or(low).clamp(low, high)
}

/// Rule: double progression inside a rep range. The target rises by one rep
/// (never past the top of the range) after a finished session at this stage
/// that counts, where every set of the dose hit the target (each side on
/// per-leg stages) with the dose's hold, good form, no pain and no cramp;
/// otherwise it stays. At the top it stays there: the load rule takes over
/// on loaded stages, and two clean sessions at the top qualify.
pub fn next_rep_target(
    spec: &StageSpec,
    dose: &Dose,
    stored: Option<u8>,
    session: &SessionLog,
    extra: bool,
) -> Option<u8> {
    let target = rep_target(dose, stored);
    let clean = session.stage == spec.number
        && session.finished
        && !extra
        && !session.lighter
        && session.pain == Pain::None
        && session.good_form
        && !session.cramp;
    let hit = session
        .sets
        .iter()
        .filter(|set| {
            set.counted_reps(spec.per_leg) >= u16::from(target)
                && set.hold_seconds >= dose.hold_seconds
        })
        .count();
    if clean && dose.sets > 0 && hit >= usize::from(dose.sets) {
        Some(rep_target(dose, Some(target.saturating_add(1))))
    } else {
        Some(target)
    }
}

/// Rule: one counting session per training day, with a rest day between.
/// For each session (oldest first), whether it is an extra: it takes part in
/// streaks (see `SessionLog::counts`) but comes on the same training day as
/// a session that counts, or on the day right after one. Extras are kept
/// and shown, but never count toward moving up. Partial sessions with
/// nothing to report are neither.
pub fn extra_sessions<'a, I>(sessions: I) -> Vec<bool>
where
    I: IntoIterator<Item = &'a SessionLog>,
{
    let mut last_counted: Option<NaiveDate> = None;
    sessions
        .into_iter()
        .map(|s| {
            if !s.counts() {
                return false;
            }
            let too_close = last_counted.is_some_and(|d| s.date <= add_days(d, 1));
            if !too_close {
                last_counted = Some(s.date);
            }
            too_close
        })
        .collect()
}

/// Whether `new`, logged after `history` (oldest first), is an extra session.
pub fn is_extra(history: &[SessionLog], new: &SessionLog) -> bool {
    extra_sessions(history.iter().chain([new]))
        .last()
        .copied()
        .unwrap_or(false)
}

/// Whether one session meets the stage's standard for moving up: finished,
/// enough sets at the qualifying reps (each side on per-leg stages; the
/// dose's top reps if a coach lowered it) with the dose's hold, felt only in
/// the glutes, no pain, no cramp, good form. On the barbell stage the sets
/// are the stage's full 5 x 5, each above 225 lb (100 kg).
pub fn qualifies(spec: &StageSpec, dose: &Dose, session: &SessionLog, units: Units) -> bool {
    if session.stage != spec.number
        || !session.finished
        || session.lighter
        || session.pain != Pain::None
        || session.cramp
        || !session.good_form
        || !session.felt_only_in_glutes()
    {
        return false;
    }
    let (sets_needed, reps_needed) = if spec.load_kind == LoadKind::Barbell {
        (spec.sets, spec.advance_reps)
    } else {
        (dose.sets, spec.advance_reps.min(dose.reps_high))
    };
    let heavy_enough =
        |set: &SetLog| spec.load_kind != LoadKind::Barbell || set.load > strength_threshold(units);
    let good_sets = session
        .sets
        .iter()
        .filter(|set| {
            set.counted_reps(spec.per_leg) >= u16::from(reps_needed)
                && set.hold_seconds >= dose.hold_seconds
                && heavy_enough(set)
        })
        .count();
    sets_needed > 0 && good_sets >= usize::from(sets_needed)
}

/// Whether the newest sessions of `history` (oldest first) make the member
/// ready to move up: `spec.qualifying_sessions` qualifying sessions in a row
/// at this stage. Partial sessions with nothing to report and lighter
/// sessions without pain or a cramp are skipped (neither count nor break
/// it); a session at another stage ends the run. Never at the last stage.
pub fn ready_to_advance(
    spec: &StageSpec,
    dose: &Dose,
    history: &[SessionLog],
    units: Units,
) -> bool {
    streak_met(spec, dose, history.iter(), units)
}

fn streak_met<'a, I>(spec: &StageSpec, dose: &Dose, sessions: I, units: Units) -> bool
where
    I: DoubleEndedIterator<Item = &'a SessionLog>,
{
    if spec.is_last() || spec.qualifying_sessions == 0 {
        return false;
    }
    let sessions: Vec<&SessionLog> = sessions.collect();
    let extras = extra_sessions(sessions.iter().copied());
    let mut run = 0;
    for (session, extra) in sessions.into_iter().zip(extras).rev() {
        if !session.counts() || session.neutral() {
            continue;
        }
        let ok = qualifies(spec, dose, session, units);
        if !ok {
            // A session that fell short breaks the run, extra or not.
            return false;
        }
        if extra {
            continue;
        }
        run += 1;
        if run >= spec.qualifying_sessions {
            return true;
        }
    }
    false
}

/// The fixes for what the session reported, in a fixed order.
fn fixes_for(session: &SessionLog) -> Vec<Fix> {
    let felt = |f: Felt| session.felt.contains(&f);
    let hamstrings = felt(Felt::Hamstrings) || session.cramp;
    let mut fixes = Vec::new();
    if hamstrings {
        fixes.push(Fix::FeetCloser);
    }
    if session.cramp {
        fixes.push(Fix::TuckPelvis);
    }
    if felt(Felt::Quads) {
        fixes.push(Fix::DriveThroughHeels);
        if !hamstrings {
            fixes.push(Fix::FeetNotTooClose);
        }
    }
    if felt(Felt::LowerBack) || session.pain == Pain::LowerBack {
        fixes.extend([Fix::RibsDown, Fix::ChinTucked, Fix::TuckPelvis]);
    }
    fixes.sort();
    fixes.dedup();
    fixes
}

pub(super) fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progression::loads::{
        empty_bar, strength_threshold, weekly_cap, CAP_WINDOW_DAYS, ROUNDING_SLACK_GRAMS,
    };
    use crate::domain::progression::readiness::{lighter_sets, prescribe_lighter};
    use crate::domain::progression::stage::FIRST_LOADED_STAGE;
    use crate::domain::progression::state::Regression;
    use crate::domain::progression::test_support::*;
    use crate::domain::range_test::LoadingHold;
    use crate::domain::units::Height;
    use proptest::prelude::*;

    // ---- Decisions --------------------------------------------------------

    struct DecisionCase {
        name: &'static str,
        stage: u8,
        auto_advance: bool,
        regression: bool,
        dose: Option<Dose>,
        units: Units,
        history: Vec<SessionLog>,
        new: SessionLog,
        expect: Decision,
    }

    fn case(
        name: &'static str,
        stage: u8,
        history: Vec<SessionLog>,
        new: SessionLog,
        expect: Decision,
    ) -> DecisionCase {
        DecisionCase {
            name,
            stage,
            auto_advance: true,
            regression: false,
            dose: None,
            units: Units::Imperial,
            history,
            new,
            expect,
        }
    }

    #[test]
    fn decisions_follow_the_stage_rules() {
        use Decision::*;
        let regress = |to, d: u64| PainRegression {
            to,
            restore_on: day(d + 7),
        };
        let bar = |stage, d, load| clean(stage, day(d), load);
        let cases = vec![
            case(
                "stage 1: two clean sessions move up with auto-advance",
                1,
                vec![bw(1, 0)],
                bw(1, 3),
                Advance { to: 2 },
            ),
            DecisionCase {
                auto_advance: false,
                ..case(
                    "stage 1: auto-advance off only marks ready",
                    1,
                    vec![bw(1, 0)],
                    bw(1, 3),
                    ReadyToAdvance,
                )
            },
            case("one clean session is not enough", 1, vec![], bw(1, 0), Stay),
            case(
                "a partial session in between neither counts nor breaks the run",
                1,
                vec![bw(1, 0), with(reps(bw(1, 2), 4), |s| s.finished = false)],
                bw(1, 4),
                Advance { to: 2 },
            ),
            case(
                "two partial sessions do not make a run",
                1,
                vec![with(bw(1, 0), |s| s.finished = false)],
                with(bw(1, 2), |s| s.finished = false),
                Stay,
            ),
            case(
                "a partial session that reported pain breaks the run",
                1,
                vec![
                    bw(1, 0),
                    with(bw(1, 2), |s| {
                        s.finished = false;
                        s.pain = Pain::Knee
                    }),
                ],
                bw(1, 4),
                Stay,
            ),
            case(
                "a short session breaks the run",
                1,
                vec![bw(1, 0), reps(bw(1, 2), 19)],
                bw(1, 4),
                Stay,
            ),
            case(
                "stage 1 without the 2 s squeeze",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.sets[2].hold_seconds = 1),
                Stay,
            ),
            case(
                "stage 1 with a missing set",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| {
                    s.sets.pop();
                }),
                Stay,
            ),
            case(
                "sessions at the previous stage do not count",
                2,
                vec![bw(1, 0)],
                bw(2, 3),
                Stay,
            ),
            case(
                "stage 2: 3 x 15 on each leg moves up",
                2,
                vec![reps(bw(2, 0), 15)],
                with(bw(2, 3), |s| {
                    s.sets.iter_mut().for_each(|x| {
                        x.reps = 15;
                        x.reps_other_side = Some(15)
                    })
                }),
                Advance { to: 3 },
            ),
            case(
                "stage 2: 20 per leg also qualifies",
                2,
                vec![bw(2, 0)],
                bw(2, 3),
                Advance { to: 3 },
            ),
            case(
                "stage 2: one side short",
                2,
                vec![bw(2, 0)],
                with(bw(2, 3), |s| s.sets[1].reps_other_side = Some(14)),
                Stay,
            ),
            case(
                "stage 2: the other side not logged",
                2,
                vec![bw(2, 0)],
                with(bw(2, 3), |s| s.sets[0].reps_other_side = None),
                Stay,
            ),
            case(
                "stage 3: 3 x 20 with the 1 s pause moves up",
                3,
                vec![bw(3, 0)],
                bw(3, 3),
                Advance { to: 4 },
            ),
            case(
                "stage 3: no pause at the top",
                3,
                vec![bw(3, 0)],
                with(bw(3, 3), |s| {
                    s.sets.iter_mut().for_each(|x| x.hold_seconds = 0)
                }),
                Stay,
            ),
            case(
                "stage 4: 3 x 12 per leg with the 3 s hold moves up",
                4,
                vec![bw(4, 0)],
                bw(4, 3),
                Advance { to: 5 },
            ),
            case(
                "stage 4: 11 reps is within the range but does not qualify",
                4,
                vec![bw(4, 0)],
                with(bw(4, 3), |s| s.sets[2].reps_other_side = Some(11)),
                Stay,
            ),
            DecisionCase {
                dose: Some(Dose {
                    sets: 3,
                    reps_low: 8,
                    reps_high: 10,
                    hold_seconds: 3,
                }),
                ..case(
                    "stage 4: a dose lowered by the coach caps the qualifying reps",
                    4,
                    vec![reps(bw(4, 0), 10)],
                    with(bw(4, 3), |s| {
                        s.sets.iter_mut().for_each(|x| {
                            x.reps = 10;
                            x.reps_other_side = Some(10)
                        })
                    }),
                    Advance { to: 5 },
                )
            },
            case(
                "stage 5: the coach confirms even with auto-advance",
                5,
                vec![clean(5, day(0), lb(30.0))],
                clean(5, day(3), lb(30.0)),
                ReadyToAdvance,
            ),
            case(
                "stage 5: 14 reps in a set",
                5,
                vec![clean(5, day(0), lb(30.0))],
                with(clean(5, day(3), lb(30.0)), |s| s.sets[0].reps = 14),
                Stay,
            ),
            case(
                "stage 6: 5 x 5 above 225 lb twice moves up",
                6,
                vec![bar(6, 0, lb(230.0))],
                bar(6, 3, lb(230.0)),
                Advance { to: 7 },
            ),
            case(
                "stage 6: at exactly 225 lb is not above it",
                6,
                vec![bar(6, 0, lb(225.0))],
                bar(6, 3, lb(225.0)),
                Stay,
            ),
            case(
                "stage 6: one set at 225 lb",
                6,
                vec![bar(6, 0, lb(230.0))],
                with(bar(6, 3, lb(230.0)), |s| s.sets[4].load = lb(225.0)),
                Stay,
            ),
            case(
                "stage 6: 4 x 5 is not 5 x 5",
                6,
                vec![bar(6, 0, lb(230.0))],
                with(bar(6, 3, lb(230.0)), |s| {
                    s.sets.pop();
                }),
                Stay,
            ),
            DecisionCase {
                dose: Some(Dose {
                    sets: 3,
                    reps_low: 5,
                    reps_high: 5,
                    hold_seconds: 0,
                }),
                ..case(
                    "stage 6: a lowered dose still needs the full 5 x 5",
                    6,
                    vec![bar(6, 0, lb(230.0))],
                    with(bar(6, 3, lb(230.0)), |s| s.sets.truncate(3)),
                    Stay,
                )
            },
            DecisionCase {
                units: Units::Metric,
                ..case(
                    "stage 6 metric: 100 kg is not above 100 kg",
                    6,
                    vec![bar(6, 0, kg(100.0))],
                    bar(6, 3, kg(100.0)),
                    Stay,
                )
            },
            DecisionCase {
                units: Units::Metric,
                ..case(
                    "stage 6 metric: 102.5 kg qualifies",
                    6,
                    vec![bar(6, 0, kg(102.5))],
                    bar(6, 3, kg(102.5)),
                    Advance { to: 7 },
                )
            },
            DecisionCase {
                units: Units::Metric,
                ..case(
                    "stage 6 metric: 101.6 kg is above 100 kg",
                    6,
                    vec![bar(6, 0, kg(101.6))],
                    bar(6, 3, kg(101.6)),
                    Advance { to: 7 },
                )
            },
            case(
                "stage 7 is the last stage",
                7,
                vec![bar(7, 0, lb(300.0))],
                bar(7, 3, lb(300.0)),
                Stay,
            ),
            case(
                "felt in the hamstrings blocks moving up",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.felt.push(Felt::Hamstrings)),
                Stay,
            ),
            case(
                "felt only in the lower back blocks moving up",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.felt = vec![Felt::LowerBack]),
                Stay,
            ),
            case(
                "nothing recorded for where it was felt",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.felt.clear()),
                Stay,
            ),
            case(
                "a hamstring cramp blocks moving up",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.cramp = true),
                Stay,
            ),
            case(
                "poor form blocks moving up",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.good_form = false),
                Stay,
            ),
            case(
                "lower-back pain at stage 4: back to 3 for a week",
                4,
                vec![bw(4, 0)],
                with(bw(4, 3), |s| s.pain = Pain::LowerBack),
                regress(3, 3),
            ),
            case(
                "lower-back pain in a partial session still regresses",
                6,
                vec![],
                with(bar(6, 10, lb(135.0)), |s| {
                    s.pain = Pain::LowerBack;
                    s.finished = false
                }),
                regress(5, 10),
            ),
            case(
                "lower-back pain at stage 1: nowhere lower, see the coach",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.pain = Pain::LowerBack),
                StopSeeCoach,
            ),
            case(
                "one counting session per training day: a second clean one the same day does not advance",
                1,
                vec![bw(1, 0)],
                bw(1, 0),
                Stay,
            ),
            case(
                "one counting session per training day: two counting sessions need a rest day between",
                1,
                vec![bw(1, 0)],
                bw(1, 1),
                Stay,
            ),
            case(
                "one counting session per training day: after the rest day the run counts",
                1,
                vec![bw(1, 0), bw(1, 0), bw(1, 1)],
                bw(1, 2),
                Advance { to: 2 },
            ),
            case(
                "one counting session per training day: an extra that fell short still breaks the run",
                1,
                vec![bw(1, 0), reps(bw(1, 0), 12)],
                bw(1, 2),
                Stay,
            ),
            case(
                "one counting session per training day: pain in an extra session still regresses",
                3,
                vec![bw(3, 0)],
                with(bw(3, 0), |s| s.pain = Pain::LowerBack),
                regress(2, 0),
            ),
            case(
                "hip-joint pain stops the session",
                3,
                vec![],
                with(bw(3, 0), |s| s.pain = Pain::HipJoint),
                StopSeeCoach,
            ),
            case(
                "knee pain stops even a qualifying run",
                3,
                vec![bw(3, 0)],
                with(bw(3, 3), |s| s.pain = Pain::Knee),
                StopSeeCoach,
            ),
            DecisionCase {
                regression: true,
                ..case(
                    "a second pain report inside the week: same stage, the week restarts",
                    3,
                    vec![bw(3, 0)],
                    with(bw(3, 3), |s| s.pain = Pain::LowerBack),
                    regress(3, 3),
                )
            },
            DecisionCase {
                regression: true,
                ..case(
                    "a second pain report at stage 1 also restarts the week",
                    1,
                    vec![],
                    with(bw(1, 3), |s| s.pain = Pain::LowerBack),
                    regress(1, 3),
                )
            },
            DecisionCase {
                regression: true,
                ..case(
                    "no moving up during a pain regression",
                    3,
                    vec![bw(3, 0)],
                    bw(3, 3),
                    Stay,
                )
            },
        ];
        for c in cases {
            let spec = spec(c.stage);
            let dose = c.dose.unwrap_or_else(|| Dose::from_spec(&spec));
            let st = MemberState {
                regression: c.regression.then_some(Regression {
                    from_stage: c.stage + 1,
                    restore_on: day(30),
                }),
                ..state(c.stage, c.auto_advance)
            };
            let out = evaluate(&spec, &dose, &st, &c.history, &c.new, c.units);
            assert_eq!(out.decision, c.expect, "{}", c.name);
            let mut all = c.history.clone();
            all.push(c.new.clone());
            let ready = ready_to_advance(&spec, &dose, &all, c.units);
            if !c.regression && c.new.pain == Pain::None {
                assert_eq!(
                    ready,
                    matches!(c.expect, Advance { .. } | ReadyToAdvance),
                    "{}: ready_to_advance",
                    c.name
                );
            }
        }
    }

    /// Name, felt, cramp, pain, expected fixes.
    #[test]
    fn rule_one_counting_session_per_training_day_with_a_rest_day_between() {
        let partial = |d| with(bw(1, d), |s| s.finished = false);
        let cases: Vec<(&str, Vec<SessionLog>, Vec<bool>)> = vec![
            ("nothing logged", vec![], vec![]),
            (
                "one a day, days apart",
                vec![bw(1, 0), bw(1, 2), bw(1, 4)],
                vec![false; 3],
            ),
            (
                "two the same day",
                vec![bw(1, 0), bw(1, 0)],
                vec![false, true],
            ),
            (
                "three the same day",
                vec![bw(1, 0), bw(1, 0), bw(1, 0)],
                vec![false, true, true],
            ),
            (
                "the next day, no rest day",
                vec![bw(1, 0), bw(1, 1)],
                vec![false, true],
            ),
            (
                "an extra does not push the next rest day on",
                vec![bw(1, 0), bw(1, 1), bw(1, 2)],
                vec![false, true, false],
            ),
            (
                "a toned-out session with nothing to report is neither",
                vec![partial(0), bw(1, 0), bw(1, 2)],
                vec![false, false, false],
            ),
            (
                "a session after a partial one the same day counts",
                vec![bw(1, 0), partial(2), bw(1, 2)],
                vec![false, false, false],
            ),
        ];
        for (name, sessions, expect) in cases {
            assert_eq!(extra_sessions(&sessions), expect, "{name}");
            if let Some((last, history)) = sessions.split_last() {
                assert_eq!(is_extra(history, last), *expect.last().unwrap(), "{name}");
            }
        }
    }

    /// A hold as the latest range test makes it: knee-hugged 1 in left
    /// against a two-leg bridge of 10 in.
    fn near_zero_hold() -> LoadingHold {
        let inch = |tenths: i64| Height::from_micrometres(tenths * 2540);
        LoadingHold {
            tested_on: day(0),
            double_leg: inch(100),
            hugged_left: inch(10),
            hugged_right: inch(80),
            near_zero_pct: 25,
            near_zero: [true, false],
        }
    }

    /// A lighter session at `stage` on day `d`: the stage's standard, with
    /// the lighter session's sets.
    fn light(stage: u8, d: u64) -> SessionLog {
        with(bw(stage, d), |s| {
            s.lighter = true;
            s.sets.truncate(usize::from(lighter_sets(spec(stage).sets)));
        })
    }

    #[test]
    fn rule_a_lighter_session_never_counts_toward_moving_up() {
        use Decision::*;
        let cases = vec![
            case(
                "after a qualifying session, a lighter one does not move up",
                1,
                vec![bw(1, 0)],
                light(1, 3),
                Stay,
            ),
            case(
                "a lighter session with every set still does not count",
                1,
                vec![bw(1, 0)],
                with(bw(1, 3), |s| s.lighter = true),
                Stay,
            ),
            DecisionCase {
                auto_advance: false,
                ..case(
                    "auto-advance off: not even ready",
                    1,
                    vec![bw(1, 0)],
                    light(1, 3),
                    Stay,
                )
            },
            case(
                "a lighter session in between neither counts nor breaks the run",
                1,
                vec![bw(1, 0), light(1, 3)],
                bw(1, 6),
                Advance { to: 2 },
            ),
            case(
                "two lighter sessions do not make a run",
                1,
                vec![light(1, 0), light(1, 3)],
                bw(1, 6),
                Stay,
            ),
            case(
                "a cramp in a lighter session breaks the run",
                1,
                vec![bw(1, 0), with(light(1, 3), |s| s.cramp = true)],
                bw(1, 6),
                Stay,
            ),
            case(
                "lower-back pain in a lighter session still moves back a stage",
                3,
                vec![],
                with(light(3, 0), |s| s.pain = Pain::LowerBack),
                PainRegression {
                    to: 2,
                    restore_on: day(7),
                },
            ),
        ];
        for c in cases {
            let sp = spec(c.stage);
            let out = evaluate(
                &sp,
                &Dose::from_spec(&sp),
                &state(c.stage, c.auto_advance),
                &c.history,
                &c.new,
                c.units,
            );
            assert_eq!(out.decision, c.expect, "{}", c.name);
            if c.new.pain == Pain::None && !c.new.cramp {
                assert!(
                    out.coach_flags.is_empty(),
                    "{}: {:?}",
                    c.name,
                    out.coach_flags
                );
            }
        }

        // Neither the rep target nor the working load moves on a lighter
        // session, whatever was typed.
        let four = spec(4);
        let at_eight = MemberState {
            rep_target: Some(8),
            ..state(4, true)
        };
        let eights = with(reps(bw(4, 0), 8), |s| {
            s.lighter = true;
            s.sets.iter_mut().for_each(|x| x.reps_other_side = Some(8));
        });
        let out = evaluate(
            &four,
            &Dose::from_spec(&four),
            &at_eight,
            &[],
            &eights,
            Units::Imperial,
        );
        assert_eq!(out.rep_target, Some(8), "rep target");
        let six = spec(6);
        let at_100 = MemberState {
            working_load: Some(lb(100.0)),
            ..state(6, false)
        };
        let heavy = with(clean(6, day(0), lb(120.0)), |s| {
            s.lighter = true;
            s.prescribed_load = Some(lb(100.0));
        });
        let out = evaluate(
            &six,
            &Dose::from_spec(&six),
            &at_100,
            &[],
            &heavy,
            Units::Imperial,
        );
        assert_eq!(out.working_load, Some(lb(100.0)), "working load");
        assert_eq!(out.next_load, Some(lb(100.0)), "next load");
    }

    #[test]
    fn rule_the_range_test_gates_loading() {
        use Decision::*;
        let held = |stage, auto| MemberState {
            loading_hold: Some(near_zero_hold()),
            ..state(stage, auto)
        };
        let cases = [
            (
                "stage 4, auto-advance: stays below the loaded stages",
                held(4, true),
                4,
                Stay,
            ),
            (
                "stage 4, coach confirms: not even ready",
                held(4, false),
                4,
                Stay,
            ),
            (
                "stage 5 (already loaded): no move to 6",
                held(5, true),
                5,
                Stay,
            ),
            (
                "stage 3 moves up to 4, still bodyweight",
                held(3, true),
                3,
                Advance { to: 4 },
            ),
            ("stage 1 moves up to 2", held(1, true), 1, Advance { to: 2 }),
            (
                "no hold: stage 4 moves up to 5",
                state(4, true),
                4,
                Advance { to: 5 },
            ),
        ];
        for (name, st, stage, expect) in cases {
            let sp = spec(stage);
            let history = [
                clean(stage, day(0), lb(30.0)),
                clean(stage, day(3), lb(30.0)),
            ];
            let (history, new) = history.split_at(1);
            let out = evaluate(
                &sp,
                &Dose::from_spec(&sp),
                &st,
                history,
                &new[0],
                Units::Imperial,
            );
            assert_eq!(out.decision, expect, "{name}");
            assert!(
                !(expect == Stay && out.coach_flags.contains(&CoachFlag::ReadyToAdvance)),
                "{name}: no ready flag while held"
            );
        }
        assert!(loading_held(&held(4, true), 5));
        assert!(!loading_held(&held(4, true), 4));
        assert!(!loading_held(&state(4, true), 5));
    }

    #[test]
    fn rule_a_hamstring_cramp_that_repeats_sends_the_next_session_to_floor_bridges() {
        let cramp = |stage, d| with(bw(stage, d), |s| s.cramp = true);
        let partial = |stage, d| with(bw(stage, d), |s| s.finished = false);
        // (name, stage, history, floor bridges next)
        let cases: Vec<(&str, u8, Vec<SessionLog>, bool)> = vec![
            (
                "two cramps running at the stage",
                3,
                vec![cramp(3, 0), cramp(3, 2)],
                true,
            ),
            ("one cramp", 3, vec![bw(3, 0), cramp(3, 2)], false),
            (
                "a clean session between",
                3,
                vec![cramp(3, 0), bw(3, 2), cramp(3, 4)],
                false,
            ),
            (
                "a toned-out session between neither counts nor breaks it",
                3,
                vec![cramp(3, 0), partial(3, 1), cramp(3, 2)],
                true,
            ),
            (
                "the first cramp was at another stage",
                3,
                vec![cramp(2, 0), cramp(3, 2)],
                false,
            ),
            (
                "the floor-bridge session is done: back to the stage",
                3,
                vec![cramp(3, 0), cramp(3, 2), bw(1, 4)],
                false,
            ),
            (
                "already at floor bridges",
                1,
                vec![cramp(1, 0), cramp(1, 2)],
                false,
            ),
        ];
        for (name, stage, history, expect) in cases {
            assert_eq!(floor_bridges_next(stage, &history), expect, "{name}");
            let sp = spec(stage);
            let rx = prescribe(
                &sp,
                &Dose::from_spec(&sp),
                &state(stage, true),
                &history,
                day(6),
                Units::Imperial,
            );
            let one = spec(1);
            if expect {
                assert_eq!(
                    (
                        rx.stage,
                        rx.sets,
                        rx.target_reps,
                        rx.hold_seconds,
                        rx.per_leg,
                        rx.load
                    ),
                    (1, one.sets, one.reps_low, one.hold_seconds, false, None),
                    "{name}"
                );
            } else {
                assert_eq!(rx.stage, stage, "{name}");
            }
        }

        // The second cramp flags the coach, suggests floor bridges and does
        // not count; the floor-bridge session after it does not count either.
        let sp = spec(3);
        let dose = Dose::from_spec(&sp);
        let out = evaluate(
            &sp,
            &dose,
            &state(3, true),
            &[cramp(3, 0)],
            &cramp(3, 2),
            Units::Imperial,
        );
        assert_eq!(out.decision, Decision::Stay);
        assert!(out.coach_flags.contains(&CoachFlag::RepeatedCramp));
        assert!(out.suggest_floor_bridges);
        let history = [bw(3, 0), cramp(3, 2), cramp(3, 4)];
        let out = evaluate(
            &sp,
            &dose,
            &state(3, true),
            &history,
            &bw(1, 6),
            Units::Imperial,
        );
        assert_eq!(out.decision, Decision::Stay);
        assert!(out.coach_flags.is_empty());
        let history = [bw(3, 0), cramp(3, 2), cramp(3, 4), bw(1, 6), bw(3, 8)];
        let out = evaluate(
            &sp,
            &dose,
            &state(3, true),
            &history,
            &bw(3, 10),
            Units::Imperial,
        );
        assert_eq!(
            out.decision,
            Decision::Advance { to: 4 },
            "two clean sessions after it"
        );
    }

    #[test]
    fn rule_double_progression_inside_a_rep_range() {
        let s4 = spec(4);
        let d4 = Dose::from_spec(&s4);
        let at = |r: u16| {
            with(bw(4, 0), |s| {
                s.sets.iter_mut().for_each(|x| {
                    x.reps = r;
                    x.reps_other_side = Some(r)
                })
            })
        };
        type TargetCase = (&'static str, Option<u8>, SessionLog, bool, Option<u8>);
        let cases: Vec<TargetCase> = vec![
            (
                "start at the bottom: 8 done, 9 next",
                None,
                at(8),
                false,
                Some(9),
            ),
            ("9 done, 10 next", Some(9), at(9), false, Some(10)),
            (
                "more than the target: one rep up",
                Some(9),
                at(12),
                false,
                Some(10),
            ),
            ("at the top it stays", Some(12), at(12), false, Some(12)),
            (
                "one set short: stays",
                Some(10),
                with(at(10), |s| s.sets[2].reps = 9),
                false,
                Some(10),
            ),
            (
                "one side short: stays",
                Some(10),
                with(at(10), |s| s.sets[0].reps_other_side = Some(9)),
                false,
                Some(10),
            ),
            (
                "no hold: stays",
                Some(10),
                with(at(10), |s| s.sets[1].hold_seconds = 1),
                false,
                Some(10),
            ),
            (
                "poor form: stays",
                Some(10),
                with(at(10), |s| s.good_form = false),
                false,
                Some(10),
            ),
            (
                "pain: stays",
                Some(10),
                with(at(10), |s| s.pain = Pain::Knee),
                false,
                Some(10),
            ),
            (
                "toned out: stays",
                Some(10),
                with(at(10), |s| s.finished = false),
                false,
                Some(10),
            ),
            ("an extra session: stays", Some(10), at(10), true, Some(10)),
            (
                "a stored target outside the range is brought in",
                Some(30),
                at(12),
                false,
                Some(12),
            ),
        ];
        for (name, stored, session, extra, expect) in cases {
            assert_eq!(
                next_rep_target(&s4, &d4, stored, &session, extra),
                expect,
                "{name}"
            );
        }
        // A fixed dose is its own target.
        let s1 = spec(1);
        assert_eq!(rep_target(&Dose::from_spec(&s1), None), 20);
        assert_eq!(
            next_rep_target(&s1, &Dose::from_spec(&s1), None, &bw(1, 0), false),
            Some(20)
        );
        // The prescription shows the target; a coach's lower range clamps it.
        let st = MemberState {
            rep_target: Some(11),
            ..state(4, true)
        };
        assert_eq!(
            prescribe(&s4, &d4, &st, &[], day(0), Units::Imperial).target_reps,
            11
        );
        let eased = Dose {
            reps_high: 10,
            ..d4
        };
        assert_eq!(
            prescribe(&s4, &eased, &st, &[], day(0), Units::Imperial).target_reps,
            10
        );
    }

    type FixCase = (&'static str, Vec<Felt>, bool, Pain, Vec<Fix>);

    #[test]
    fn fixes_match_where_it_was_felt() {
        use Fix::*;
        let cases: Vec<FixCase> = vec![
            (
                "glutes only: nothing to fix",
                vec![Felt::Glutes],
                false,
                Pain::None,
                vec![],
            ),
            (
                "hamstrings: feet closer",
                vec![Felt::Glutes, Felt::Hamstrings],
                false,
                Pain::None,
                vec![FeetCloser],
            ),
            (
                "quads: heels, feet not too close",
                vec![Felt::Quads],
                false,
                Pain::None,
                vec![FeetNotTooClose, DriveThroughHeels],
            ),
            (
                "hamstrings and quads: no contradicting foot advice",
                vec![Felt::Hamstrings, Felt::Quads],
                false,
                Pain::None,
                vec![FeetCloser, DriveThroughHeels],
            ),
            (
                "lower back: ribs, chin, pelvis",
                vec![Felt::LowerBack],
                false,
                Pain::None,
                vec![ChinTucked, RibsDown, TuckPelvis],
            ),
            (
                "hamstring cramp: feet closer, tuck",
                vec![Felt::Glutes],
                true,
                Pain::None,
                vec![FeetCloser, TuckPelvis],
            ),
            (
                "lower-back pain shows the back fixes",
                vec![Felt::Glutes],
                false,
                Pain::LowerBack,
                vec![ChinTucked, RibsDown, TuckPelvis],
            ),
            (
                "knee pain: the coach, not a cue",
                vec![Felt::Glutes],
                false,
                Pain::Knee,
                vec![],
            ),
        ];
        for (name, felt, cramp, pain, expect) in cases {
            let new = with(bw(3, 0), |s| {
                s.felt = felt;
                s.cramp = cramp;
                s.pain = pain;
            });
            let sp = spec(3);
            let out = evaluate(
                &sp,
                &Dose::from_spec(&sp),
                &state(3, true),
                &[],
                &new,
                Units::Imperial,
            );
            assert_eq!(out.fixes, expect, "{name}");
        }
    }

    /// Name, stage, history, new session, floor bridges suggested, coach flags.
    type FlagCase = (
        &'static str,
        u8,
        Vec<SessionLog>,
        SessionLog,
        bool,
        Vec<CoachFlag>,
    );

    #[test]
    fn flags_and_the_floor_bridge_suggestion() {
        use CoachFlag::*;
        let cramp = |s: SessionLog| with(s, |s| s.cramp = true);
        let cases: Vec<FlagCase> = vec![
            (
                "one cramp: fixes only",
                3,
                vec![bw(3, 0)],
                cramp(bw(3, 3)),
                false,
                vec![],
            ),
            (
                "two cramps in a row: back to floor bridges",
                3,
                vec![cramp(bw(3, 0))],
                cramp(bw(3, 3)),
                true,
                vec![RepeatedCramp],
            ),
            (
                "a partial session without a cramp in between is skipped",
                4,
                vec![cramp(bw(4, 0)), with(bw(4, 2), |s| s.finished = false)],
                cramp(bw(4, 4)),
                true,
                vec![RepeatedCramp],
            ),
            (
                "a partial session that cramped counts",
                4,
                vec![with(cramp(bw(4, 0)), |s| s.finished = false)],
                cramp(bw(4, 4)),
                true,
                vec![RepeatedCramp],
            ),
            (
                "a clean session in between resets it",
                3,
                vec![cramp(bw(3, 0)), bw(3, 2)],
                cramp(bw(3, 4)),
                false,
                vec![],
            ),
            (
                "at stage 1 the coach is told, there is nothing lower",
                1,
                vec![cramp(bw(1, 0))],
                cramp(bw(1, 3)),
                false,
                vec![RepeatedCramp],
            ),
            (
                "lower-back pain flags the coach",
                3,
                vec![],
                with(bw(3, 0), |s| s.pain = Pain::LowerBack),
                false,
                vec![LowerBackPain],
            ),
            (
                "hip pain flags the coach",
                3,
                vec![],
                with(bw(3, 0), |s| s.pain = Pain::HipJoint),
                false,
                vec![HipPain],
            ),
            (
                "knee pain with a second cramp",
                3,
                vec![cramp(bw(3, 0))],
                with(cramp(bw(3, 3)), |s| s.pain = Pain::Knee),
                true,
                vec![KneePain, RepeatedCramp],
            ),
            (
                "a coach-confirmed stage flags readiness",
                5,
                vec![clean(5, day(0), lb(25.0))],
                clean(5, day(3), lb(25.0)),
                false,
                vec![ReadyToAdvance],
            ),
            (
                "an automatic advance needs no flag",
                1,
                vec![bw(1, 0)],
                bw(1, 3),
                false,
                vec![],
            ),
        ];
        for (name, stage, history, new, suggest, flags) in cases {
            let sp = spec(stage);
            let out = evaluate(
                &sp,
                &Dose::from_spec(&sp),
                &state(stage, true),
                &history,
                &new,
                Units::Imperial,
            );
            assert_eq!(out.suggest_floor_bridges, suggest, "{name}");
            assert_eq!(out.coach_flags, flags, "{name}");
        }
    }

    #[test]
    fn prescription_shows_the_dose_and_the_strength_unlock() {
        let sp = spec(4);
        let eased = Dose {
            sets: 2,
            reps_low: 6,
            reps_high: 8,
            hold_seconds: 2,
        };
        let p = prescribe(&sp, &eased, &state(4, true), &[], day(0), Units::Imperial);
        assert_eq!(
            (p.sets, p.reps_low, p.reps_high, p.hold_seconds, p.per_leg),
            (2, 6, 8, 2, true)
        );
        assert!(!p.strength_unlocked);

        let six = spec(6);
        let dose = Dose::from_spec(&six);
        let heavy = [clean(6, day(0), lb(230.0)), clean(6, day(3), lb(230.0))];
        let cases = [
            ("two heavy 5 x 5 sessions unlock strength", &heavy[..], true),
            ("one is not enough", &heavy[..1], false),
            ("nothing logged", &[][..], false),
        ];
        for (name, history, unlocked) in cases {
            let p = prescribe(
                &six,
                &dose,
                &state(6, false),
                history,
                day(5),
                Units::Imperial,
            );
            assert_eq!(p.strength_unlocked, unlocked, "{name}");
        }
        let seven = spec(7);
        assert!(
            prescribe(
                &seven,
                &Dose::from_spec(&seven),
                &state(7, false),
                &[],
                day(0),
                Units::Metric
            )
            .strength_unlocked
        );
    }

    #[test]
    fn outcome_carries_the_working_and_next_load() {
        let six = spec(6);
        let dose = Dose::from_spec(&six);
        let st = MemberState {
            working_load: Some(lb(95.0)),
            ..state(6, true)
        };
        let cases = vec![
            (
                "clean session: next load one step up",
                clean(6, day(0), lb(95.0)),
                Some(lb(95.0)),
                Some(lb(100.0)),
            ),
            (
                "a heavier session than prescribed becomes the working load",
                clean(6, day(0), lb(100.0)),
                Some(lb(100.0)),
                Some(lb(105.0)),
            ),
            (
                "partial session keeps the working load",
                with(clean(6, day(0), lb(100.0)), |s| s.finished = false),
                Some(lb(95.0)),
                Some(lb(95.0)),
            ),
            (
                "knee pain keeps the load",
                with(clean(6, day(0), lb(95.0)), |s| s.pain = Pain::Knee),
                Some(lb(95.0)),
                Some(lb(95.0)),
            ),
            (
                "lower-back pain changes the stage: no preview",
                with(clean(6, day(0), lb(95.0)), |s| s.pain = Pain::LowerBack),
                Some(lb(95.0)),
                None,
            ),
        ];
        for (name, new, working, next) in cases {
            let out = evaluate(&six, &dose, &st, &[], &new, Units::Imperial);
            assert_eq!(out.working_load, working, "{name}");
            assert_eq!(out.next_load, next, "{name}");
        }
        let three = spec(3);
        let out = evaluate(
            &three,
            &Dose::from_spec(&three),
            &state(3, true),
            &[],
            &bw(3, 0),
            Units::Imperial,
        );
        assert_eq!((out.working_load, out.next_load), (None, None));
    }

    /// A session at `stage`: either clean (at a random load) or anything at all.
    fn arb_session(stage: u8) -> impl Strategy<Value = SessionLog> {
        let load = (0i64..=300).prop_map(|lb5| lb(lb5 as f64 * 5.0 / 4.0));
        let random = (
            any::<bool>(),
            proptest::collection::vec((0u16..=25, proptest::option::of(0u16..=25), 0u8..=4), 0..=6),
            load.clone(),
            arb_felt(),
            arb_pain(),
            proptest::bool::weighted(0.15),
            proptest::bool::weighted(0.8),
            prop_oneof![4 => Just(0u8), 1 => Just(1u8)],
        )
            .prop_map(
                move |(finished, sets, load, felt, pain, cramp, good_form, down)| SessionLog {
                    date: day(0),
                    stage: stage.saturating_sub(down).max(FIRST_STAGE),
                    finished,
                    sets: sets
                        .into_iter()
                        .map(|(reps, other, hold)| SetLog {
                            reps,
                            reps_other_side: other,
                            load,
                            hold_seconds: hold,
                        })
                        .collect(),
                    felt,
                    pain,
                    cramp,
                    good_form,
                    prescribed_load: (load.grams > 0).then_some(load),
                    lighter: false,
                },
            );
        prop_oneof![load.prop_map(move |l| clean(stage, day(0), l)), random]
    }

    /// A history at `stage`, dated oldest first, one to four days apart.
    fn arb_history(stage: u8) -> impl Strategy<Value = Vec<SessionLog>> {
        proptest::collection::vec((arb_session(stage), 1u64..=4), 0..=8).prop_map(|v| {
            let mut d = 0;
            v.into_iter()
                .map(|(s, gap)| {
                    d += gap;
                    SessionLog { date: day(d), ..s }
                })
                .collect()
        })
    }

    fn arb_member(stage: u8) -> impl Strategy<Value = MemberState> {
        (
            any::<bool>(),
            proptest::option::weighted(0.2, (FIRST_STAGE..=LAST_STAGE, 0u64..60)),
        )
            .prop_map(move |(auto, reg)| MemberState {
                stage,
                auto_advance: auto,
                working_load: None,
                regression: reg.map(|(from_stage, d)| Regression {
                    from_stage,
                    restore_on: day(d),
                }),
                load_cap_from: None,
                rep_target: None,
                loading_hold: None,
                hold: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Sharp lower-back pain above stage 1 always moves the member back one
        /// stage for 7 days; inside a regression week it restarts the week at
        /// the same stage.
        #[test]
        fn lower_back_pain_regresses_one_stage(
            (stage, history, new, st) in (2u8..=7).prop_flat_map(|n| (Just(n), arb_history(n), arb_session(n), arb_member(n))),
            units in arb_units(),
            gap in 1u64..=4,
        ) {
            let sp = spec(stage);
            let date = add_days(history.last().map_or(day(0), |s| s.date), gap);
            let new = SessionLog { date, pain: Pain::LowerBack, ..new };
            let out = evaluate(&sp, &Dose::from_spec(&sp), &st, &history, &new, units);
            let to = if st.regression.is_some() { stage } else { stage - 1 };
            prop_assert_eq!(out.decision, Decision::PainRegression { to, restore_on: add_days(date, 7) });
            prop_assert!(out.coach_flags.contains(&CoachFlag::LowerBackPain));
        }

        /// Advancing is one stage at a time, never past the last stage, and
        /// only with auto-advance on at a stage the coach need not confirm.
        #[test]
        fn advances_are_single_steps_and_allowed(
            (stage, history, new, st) in (1u8..=7).prop_flat_map(|n| (Just(n), arb_history(n), arb_session(n), arb_member(n))),
            coach_confirms in any::<bool>(),
            units in arb_units(),
        ) {
            let sp = StageSpec { coach_confirms, ..spec(stage) };
            let date = add_days(history.last().map_or(day(0), |s| s.date), 2);
            let new = SessionLog { date, ..new };
            let out = evaluate(&sp, &Dose::from_spec(&sp), &st, &history, &new, units);
            if let Decision::Advance { to } = out.decision {
                prop_assert_eq!(to, stage + 1);
                prop_assert!(to <= LAST_STAGE);
                prop_assert!(st.auto_advance && !coach_confirms && st.regression.is_none());
            }
            if let Some(to) = out.decision.new_stage() {
                prop_assert!((FIRST_STAGE..=LAST_STAGE).contains(&to));
                prop_assert!(to.abs_diff(stage) <= 1);
            }
        }
    }

    /// One event of a member's life with the app: days since the last
    /// session (0: the same training day) and what they logged.
    #[derive(Debug, Clone)]
    enum Event {
        /// "Done as prescribed".
        Tap,
        /// The per-set form with a typed load (lb) and reps.
        Typed { load_lb: u16, reps: u16 },
        /// Toned out after a set.
        TonedOut,
        /// A session with pain.
        Pain(Pain),
        /// After a hard shift: the lighter session, done as prescribed.
        Lighter,
    }

    fn arb_events() -> impl Strategy<Value = Vec<(u64, Event)>> {
        let event = prop_oneof![
            6 => Just(Event::Tap),
            2 => (0u16..=400, 0u16..=25).prop_map(|(load_lb, reps)| Event::Typed { load_lb, reps }),
            1 => Just(Event::TonedOut),
            1 => prop_oneof![Just(Pain::LowerBack), Just(Pain::HipJoint), Just(Pain::Knee)].prop_map(Event::Pain),
            2 => Just(Event::Lighter),
        ];
        proptest::collection::vec(
            (
                prop_oneof![2 => Just(0u64), 5 => 1u64..=3, 1 => 4u64..=9],
                event,
            ),
            1..=60,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Random sequences of sessions (same day, toned out, typed loads,
        /// pain, lighter sessions after a hard shift) replayed through the
        /// engine as the app applies it: never two advances (nor two moves
        /// the same way) from one training day; the prescribed load never
        /// rises more than the cap in any 7 days; a pain regression always
        /// comes back to the stage it left; a lighter session never raises
        /// the load and never advances.
        #[test]
        fn the_engine_is_safe_over_random_sequences_of_sessions(
            start in FIRST_STAGE..=LAST_STAGE,
            auto_advance in proptest::bool::weighted(0.8),
            units in arb_units(),
            events in arb_events(),
        ) {
            let mut st = state(start, auto_advance);
            let mut history: Vec<SessionLog> = Vec::new();
            let mut date = day(0);
            // (date, stage, prescribed load) for every session.
            let mut prescribed: Vec<(NaiveDate, u8, Load)> = Vec::new();
            // (date, +1 / -1) for every stage move a session made.
            let mut moves: Vec<(NaiveDate, i8)> = Vec::new();
            for (gap, event) in events {
                date = add_days(date, gap);
                if let Some(back) = st.restored(date) {
                    let left = st.regression.unwrap().from_stage;
                    prop_assert_eq!(back.stage, left, "a restore comes back to the stage the regression left");
                    st = back;
                }
                let sp = spec(st.stage);
                let dose = Dose::from_spec(&sp);
                let full = prescribe(&sp, &dose, &st, &history, date, units);
                let rx = if matches!(event, Event::Lighter) {
                    let rx = prescribe_lighter(&sp, &dose, &st, &history, date, units);
                    prop_assert!(rx.load <= full.load, "the lighter session is never heavier");
                    prop_assert_eq!(rx.sets, lighter_sets(full.sets));
                    rx
                } else {
                    full
                };
                let target = rx.target_reps.into();
                let set = |reps: u16, load: Load| SetLog {
                    reps,
                    reps_other_side: sp.per_leg.then_some(reps),
                    load,
                    hold_seconds: dose.hold_seconds,
                };
                let load = rx.load.unwrap_or(Load::ZERO);
                let mut new = SessionLog {
                    date,
                    stage: st.stage,
                    finished: true,
                    sets: vec![set(target, load); usize::from(if matches!(event, Event::Lighter) { rx.sets } else { dose.sets })],
                    felt: vec![Felt::Glutes],
                    pain: Pain::None,
                    cramp: false,
                    good_form: true,
                    prescribed_load: rx.load,
                    lighter: matches!(event, Event::Lighter),
                };
                match event {
                    Event::Tap => {}
                    Event::Typed { load_lb, reps } => {
                        let typed = if sp.load_kind.is_loaded() { lb(f64::from(load_lb)) } else { Load::ZERO };
                        new.sets = vec![set(reps, typed); usize::from(dose.sets)];
                    }
                    Event::TonedOut => {
                        new.finished = false;
                        new.sets.truncate(1);
                    }
                    Event::Pain(pain) => new.pain = pain,
                    Event::Lighter => {}
                }
                if let Some(l) = rx.load {
                    prescribed.push((date, st.stage, l));
                }
                let out = evaluate(&sp, &dose, &st, &history, &new, units);
                if new.lighter {
                    prop_assert!(
                        !matches!(out.decision, Decision::Advance { .. } | Decision::ReadyToAdvance),
                        "a lighter session moved up: {:?}", out.decision
                    );
                    prop_assert_eq!(out.working_load, st.working_load, "a lighter session carried a load");
                }
                let before = st;
                st = st.after(&out);
                if let Some(to) = out.decision.new_stage() {
                    if to != before.stage {
                        moves.push((date, if to > before.stage { 1 } else { -1 }));
                    }
                }
                if let Some(r) = st.regression {
                    // The stage to come back to is where the first pain report left.
                    let left = before.regression.map_or(before.stage, |r| r.from_stage);
                    prop_assert_eq!(r.from_stage, left);
                }
                history.push(new);
            }
            for (i, (d1, dir1)) in moves.iter().enumerate() {
                for (d2, dir2) in &moves[i + 1..] {
                    prop_assert!(!(d1 == d2 && dir1 == dir2), "two moves the same way on {}", d1);
                }
            }
            let family = |stage: u8| if stage >= 6 { 6 } else { stage };
            let cap = weekly_cap(units).grams + ROUNDING_SLACK_GRAMS;
            for (i, (d1, s1, l1)) in prescribed.iter().enumerate() {
                for (d2, s2, l2) in &prescribed[i + 1..] {
                    if family(*s1) == family(*s2) && (*d2 - *d1).num_days() < CAP_WINDOW_DAYS as i64 {
                        prop_assert!(
                            l2.grams - l1.grams <= cap,
                            "{} at stage {} on {} then {} on {}", l1.display(units), s1, d1, l2.display(units), d2
                        );
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Rule: the range test gates loading. A member held by the latest
        /// range test, starting below the loaded stages, never reaches stage 5
        /// whatever sessions they log (pain weeks and their restores included).
        #[test]
        fn no_sequence_of_sessions_moves_a_held_member_into_a_loaded_stage(
            start in FIRST_STAGE..FIRST_LOADED_STAGE,
            auto_advance in any::<bool>(),
            units in arb_units(),
            sessions in proptest::collection::vec(
                (1u64..=4, arb_session(4), any::<bool>()),
                1..=40,
            ),
        ) {
            let mut st = MemberState {
                loading_hold: Some(near_zero_hold()),
                ..state(start, auto_advance)
            };
            let mut history: Vec<SessionLog> = Vec::new();
            let mut date = day(0);
            for (gap, session, clean_one) in sessions {
                date = add_days(date, gap);
                if let Some(back) = st.restored(date) {
                    st = back;
                }
                let sp = spec(st.stage);
                let new = if clean_one {
                    clean(st.stage, date, Load::ZERO)
                } else {
                    SessionLog { date, stage: st.stage, ..session }
                };
                let out = evaluate(&sp, &Dose::from_spec(&sp), &st, &history, &new, units);
                st = st.after(&out);
                prop_assert!(st.stage < FIRST_LOADED_STAGE, "moved to stage {}", st.stage);
                prop_assert!(out.decision != Decision::ReadyToAdvance || st.stage + 1 < FIRST_LOADED_STAGE);
                history.push(new);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Rule: a lighter session never raises the load and never
        /// advances. Whatever came before and whatever was logged in it
        /// (typed loads, pain, a cramp): it is prescribed no heavier than the
        /// full session of the day, nor than the last load prescribed at
        /// this weight; it never moves the member up nor marks them ready;
        /// it carries no working load of its own; and the next session's
        /// load is never above what it would have been without it.
        #[test]
        fn a_lighter_session_never_raises_the_load_and_never_advances(
            (stage, history, session, st) in (1u8..=7).prop_flat_map(|n| (Just(n), arb_history(n), arb_session(n), arb_member(n))),
            working in proptest::option::of((0i64..=60).prop_map(|lb5| lb(lb5 as f64 * 5.0))),
            coach_confirms in any::<bool>(),
            units in arb_units(),
            gap in 1u64..=4,
            next_gap in 1u64..=4,
        ) {
            let sp = StageSpec { coach_confirms, ..spec(stage) };
            let dose = Dose::from_spec(&sp);
            let st = MemberState { working_load: working.filter(|_| sp.load_kind.is_loaded()), ..st };
            let date = add_days(history.last().map_or(day(0), |s| s.date), gap);
            let full = prescribe(&sp, &dose, &st, &history, date, units);
            let rx = prescribe_lighter(&sp, &dose, &st, &history, date, units);
            prop_assert!(rx.load <= full.load);
            // The barbell and the strength phase share the bar; nothing goes
            // on it lighter than the empty bar.
            let family = |stage: u8| if stage >= 6 { 6 } else { stage };
            let last_prescribed = history
                .iter()
                .rev()
                .find_map(|s| s.prescribed_load.filter(|_| family(s.stage) == family(stage)));
            let floor = if sp.load_kind.uses_bar() { empty_bar(units) } else { Load::ZERO };
            if let (Some(light), Some(last)) = (rx.load, last_prescribed) {
                prop_assert!(light <= last.max(floor), "{} after {}", light.display(units), last.display(units));
            }
            prop_assert_eq!((rx.stage, rx.target_reps, rx.hold_seconds), (full.stage, full.target_reps, full.hold_seconds));
            let new = SessionLog { date, lighter: true, prescribed_load: rx.load, ..session };
            let out = evaluate(&sp, &dose, &st, &history, &new, units);
            prop_assert!(
                !matches!(out.decision, Decision::Advance { .. } | Decision::ReadyToAdvance),
                "{:?}", out.decision
            );
            prop_assert!(!out.coach_flags.contains(&CoachFlag::ReadyToAdvance));
            prop_assert_eq!(out.working_load, st.working_load);
            if out.decision.new_stage().is_none() {
                let next = add_days(date, next_gap);
                let with_it: Vec<SessionLog> = history.iter().cloned().chain([new]).collect();
                let after = prescribe(&sp, &dose, &st.after(&out), &with_it, next, units);
                let without = prescribe(&sp, &dose, &st, &history, next, units);
                prop_assert!(after.load <= without.load, "{:?} above {:?}", after.load, without.load);
            }
        }
    }

    #[test]
    fn a_clean_history_walks_the_whole_progression_one_stage_at_a_time() {
        let units = Units::Imperial;
        let mut st = state(1, true);
        let mut history: Vec<SessionLog> = Vec::new();
        let mut date = day(0);
        for _ in 0..400 {
            date = add_days(date, 3);
            let sp = spec(st.stage);
            let dose = Dose::from_spec(&sp);
            let p = prescribe(&sp, &dose, &st, &history, date, units);
            let new = clean(st.stage, date, p.load.unwrap_or(Load::ZERO));
            let out = evaluate(&sp, &dose, &st, &history, &new, units);
            let before = st.stage;
            st = st.after(&out);
            if out.decision == Decision::ReadyToAdvance {
                // The coach confirms.
                st = MemberState {
                    stage: st.stage + 1,
                    working_load: None,
                    ..st
                };
            }
            assert!(st.stage - before <= 1);
            history.push(new);
            if st.stage == LAST_STAGE {
                break;
            }
        }
        assert_eq!(st.stage, LAST_STAGE);
        let top = history
            .iter()
            .filter_map(SessionLog::top_load)
            .max()
            .unwrap();
        assert!(top > strength_threshold(units), "{}", top.display(units));
    }
}
