//! One demo member's year, played day by day through the engine: the plan
//! (`schedule::Plan`) says which days they train, `prescribe` says what to
//! do, a seeded die decides what they actually did, and `evaluate` decides
//! what it means. The engine's effects (`domain::effects`) are applied here
//! in memory, exactly the effects `app::log::log_session`, a coach's move
//! and the restore sweep write: a second copy of what they do cannot drift.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::RngExt;

use crate::domain::effects::{self, Effect, Reason};
use crate::domain::progression::{
    self as engine, Calls, CoachFlag, Decision, Dose, Felt, HardShift, MemberState, Outcome, Pain,
    Readiness, SessionLog, SetLog, Sleep, Soreness, StageSpec, FIRST_STAGE, LAST_STAGE,
};
use crate::domain::range_test::{analyse, FlagKind, Thresholds};
use crate::domain::rotation::{Platoon, Rotation};
use crate::domain::schedule::Plan;
use crate::domain::units::{Height, Load, Units};
use crate::models::range_test::RangeTestFields;

use super::people;

/// What the department looks like to the simulation.
#[derive(Clone, Copy)]
pub struct World<'a> {
    /// Stage specs, index 0 = stage 1.
    pub stages: &'a [StageSpec],
    pub rotation: &'a Rotation,
    pub tz: Tz,
    pub units: Units,
    pub thresholds: &'a Thresholds,
    /// The department's calendar date now (a member on a platoon uses the
    /// date of the shift working now instead, see `play`).
    pub today: NaiveDate,
    /// The shift date now: before the change time, still yesterday's shift.
    pub shift_today: NaiveDate,
    /// Now, as stored (UTC); nothing is written later than this.
    pub now: NaiveDateTime,
    /// The first day of the demo's history.
    pub first_day: NaiveDate,
    pub coach_id: i32,
}

/// A scripted member, so that a demo of any size shows every roster flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    /// Nothing scripted.
    Ordinary,
    /// Sharp lower-back pain in their last session.
    RecentPain,
    /// A cramp in each of their last two sessions.
    Cramping,
    /// Quick learner whose coach has not confirmed the move up yet.
    AwaitingCoach,
    /// Stopped logging a few weeks ago (leave, injury off duty).
    WentQuiet,
    /// Slow at a bodyweight stage: no stage change for months.
    Stuck,
    /// Missed the last retest.
    RetestOverdue,
}

/// Who a member is and how they train.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub station: String,
    pub platoon: Option<Platoon>,
    pub start: NaiveDate,
    pub sessions_per_week: u8,
    pub auto_advance: bool,
    pub first_stage: u8,
    /// 0..1: how quickly clean sessions come.
    pub talent: f64,
    /// Share of planned sessions done.
    pub adherence: f64,
    pub cramp_prone: bool,
    /// Logs nothing from this day on.
    pub quiet_from: Option<NaiveDate>,
    /// Days a coach takes to confirm a move up.
    pub coach_lag: u64,
    pub notes: String,
    pub persona: Persona,
    /// The heaviest bar the member can move for 5 x 5 on their first day...
    pub capacity: Load,
    /// ...and how much that grows each week they have been in the program.
    pub capacity_growth: Load,
}

pub struct SessionOut {
    pub trained_on: NaiveDate,
    pub stage: u8,
    pub log: SessionLog,
    pub as_prescribed: bool,
    pub effort: Option<i32>,
    pub note: &'static str,
    pub outcome: Outcome,
    pub by_coach: bool,
    pub at: NaiveDateTime,
    /// The readiness check's answer (`None`: skipped).
    pub readiness: Option<Readiness>,
}

pub struct ChangeOut {
    pub from: Option<u8>,
    pub to: u8,
    pub reason: Reason,
    pub note: String,
    pub by_coach: bool,
    pub at: NaiveDateTime,
}

pub struct FlagOut {
    /// Index into `History::sessions`.
    pub session: usize,
    pub kind: CoachFlag,
    pub created_at: NaiveDateTime,
    /// When and whether by the coach (`false`: the app, on an advance).
    pub resolved: Option<(NaiveDateTime, bool)>,
}

/// Everything one member's history writes.
pub struct History {
    pub sessions: Vec<SessionOut>,
    pub changes: Vec<ChangeOut>,
    pub flags: Vec<FlagOut>,
    pub tests: Vec<RangeTestFields>,
    /// The assignment as it stands at the end.
    pub state: MemberState,
}

/// Draws a member. `index` picks a persona for the first few members.
pub fn profile(world: &World, rng: &mut StdRng, index: usize) -> Profile {
    let persona = match index {
        0 => Persona::RecentPain,
        1 => Persona::Cramping,
        2 => Persona::AwaitingCoach,
        3 => Persona::WentQuiet,
        4 => Persona::Stuck,
        5 => Persona::RetestOverdue,
        _ => Persona::Ordinary,
    };
    let name = format!(
        "{} {}",
        people::FIRST_NAMES.choose(rng).unwrap_or(&"Alex"),
        people::LAST_NAMES.choose(rng).unwrap_or(&"Ortiz"),
    );
    let station = format!("Station {}", rng.random_range(1..=4));
    let platoon = if rng.random_bool(0.05) && persona == Persona::Ordinary {
        None
    } else {
        world.rotation.platoons.choose(rng).copied()
    };
    let span = (world.today - world.first_day).num_days().max(1) as u64;
    // Most were there from the start; many joined along the way.
    let offset = if rng.random_bool(0.6) || persona != Persona::Ordinary {
        rng.random_range(0..span.min(14))
    } else {
        rng.random_range(0..span.saturating_sub(14).max(1))
    };
    let start = world.first_day + Days::new(offset);
    // More early stages than late: newcomers start at the floor.
    let first_stage = match persona {
        Persona::Stuck | Persona::Cramping => 1,
        Persona::AwaitingCoach => 2,
        _ => *[1u8, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7]
            .choose(rng)
            .unwrap_or(&1),
    };
    let talent = match persona {
        Persona::Stuck => 0.05,
        Persona::AwaitingCoach => 0.95,
        _ => rng.random_range(0.15..0.9),
    };
    let notes = if rng.random_bool(0.3) {
        people::MEMBER_NOTES.choose(rng).unwrap_or(&"").to_string()
    } else {
        String::new()
    };
    let quiet_from = match persona {
        Persona::WentQuiet => Some(world.today - Days::new(rng.random_range(18..30))),
        Persona::Ordinary if rng.random_bool(0.04) => {
            Some(world.today - Days::new(rng.random_range(15..60)))
        }
        _ => None,
    };
    Profile {
        name,
        station,
        platoon,
        start,
        sessions_per_week: if rng.random_bool(0.8) { 2 } else { 3 },
        auto_advance: persona != Persona::AwaitingCoach && rng.random_bool(0.6),
        first_stage,
        talent,
        adherence: match persona {
            Persona::Ordinary => rng.random_range(0.55..0.97),
            _ => 0.97,
        },
        cramp_prone: rng.random_bool(0.1),
        quiet_from,
        coach_lag: match persona {
            Persona::AwaitingCoach => 10_000,
            _ => rng.random_range(1..8),
        },
        notes,
        persona,
        capacity: {
            let lb = rng.random_range(95..=275) as f64;
            match world.units {
                Units::Imperial => Load::from_units(lb, Units::Imperial),
                Units::Metric => Load::from_units((lb / 2.2 / 2.5).round() * 2.5, Units::Metric),
            }
        },
        // Most keep getting stronger, a pound or two a week; a few plateau.
        capacity_growth: Load::from_grams(if rng.random_bool(0.15) {
            rng.random_range(0..200)
        } else {
            rng.random_range(450..1_100)
        }),
    }
}

/// A moment on `date` in the department's time zone, as stored (UTC).
fn at(world: &World, date: NaiveDate, minutes: u32) -> NaiveDateTime {
    let local = date.and_time(NaiveTime::MIN) + chrono::Duration::minutes(minutes as i64);
    world
        .tz
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.naive_utc())
        .unwrap_or(local)
        .min(world.now)
}

struct Pending {
    /// The coach confirms the move up on this day, if still ready.
    advance_on: Option<NaiveDate>,
}

/// Plays one member's history from their start to `world.today`.
pub fn play(world: &World, profile: &Profile, rng: &mut StdRng) -> History {
    // A member on a platoon trains on the shift's date (models::training::training_day).
    let world = &World {
        today: match profile.platoon {
            Some(_) => world.shift_today,
            None => world.today,
        },
        ..*world
    };
    let mut history = History {
        sessions: Vec::new(),
        changes: Vec::new(),
        flags: Vec::new(),
        tests: Vec::new(),
        state: MemberState {
            stage: profile.first_stage,
            auto_advance: profile.auto_advance,
            working_load: None,
            regression: None,
            load_cap_from: None,
            rep_target: None,
            loading_hold: None,
            hold: None,
        },
    };
    history.changes.push(ChangeOut {
        from: None,
        to: profile.first_stage,
        reason: Reason::Assigned,
        note: String::new(),
        by_coach: true,
        at: at(world, profile.start, 8 * 60),
    });
    let plan = Plan {
        rotation: world.rotation,
        platoon: profile.platoon,
        sessions_per_week: profile.sessions_per_week,
        fixed_weekdays: Vec::new(),
        start: profile.start,
    };
    let days = plan.planned_days(profile.start, world.today);
    let last_days: Vec<NaiveDate> = days.iter().rev().take(2).copied().collect();
    let mut engine_history: Vec<SessionLog> = Vec::new();
    let mut at_stage = 0u32;
    let mut pending = Pending { advance_on: None };
    for day in days.iter().copied() {
        let stage_then = history.state.stage;
        coach_acts(world, profile, &mut history, &mut pending, day, rng);
        restore(world, &mut history, day);
        if history.state.stage != stage_then {
            at_stage = 0;
        }
        if profile.quiet_from.is_some_and(|q| day >= q) {
            continue;
        }
        let scripted = last_days.contains(&day)
            && matches!(
                profile.persona,
                Persona::RecentPain | Persona::Cramping | Persona::AwaitingCoach
            );
        if !scripted && !rng.random_bool(profile.adherence) {
            continue;
        }
        let stage_before = history.state.stage;
        let session = one_session(
            world,
            profile,
            &history,
            &engine_history,
            at_stage,
            day,
            rng,
        );
        let index = history.sessions.len();
        let outcome = engine::evaluate(
            spec(world, history.state.stage),
            &dose(world, history.state.stage),
            &history.state,
            &engine_history,
            &session.log,
            world.units,
        );
        apply(
            world,
            profile,
            &mut history,
            &mut pending,
            index,
            &outcome,
            day,
            session.at,
            rng,
        );
        engine_history.push(session.log.clone());
        history.sessions.push(SessionOut { outcome, ..session });
        at_stage = if history.state.stage == stage_before {
            at_stage + 1
        } else {
            0
        };
    }
    // Up to today: a coach's pending confirmation and the restore sweep.
    let mut day = days.last().copied().unwrap_or(profile.start);
    while day < world.today {
        day = day + Days::new(1);
        coach_acts(world, profile, &mut history, &mut pending, day, rng);
        restore(world, &mut history, day);
    }
    history.tests = range_tests(world, profile, rng);
    history
}

fn spec<'a>(world: &'a World, stage: u8) -> &'a StageSpec {
    &world.stages[usize::from(stage.clamp(FIRST_STAGE, LAST_STAGE) - 1)]
}

fn dose(world: &World, stage: u8) -> Dose {
    Dose::from_spec(spec(world, stage))
}

/// What the member did on `day`, before the engine reads it. A member does
/// what was prescribed, most days cleanly; a bad day is one set a few reps
/// short, the work felt somewhere other than the glutes, or form that slipped,
/// not a session of random numbers. Loads follow the prescription (the engine
/// raises them as the weekly cap allows) until they pass what the member can
/// lift, where the last sets fall short and the load holds.
fn one_session(
    world: &World,
    profile: &Profile,
    history: &History,
    engine_history: &[SessionLog],
    at_stage: u32,
    day: NaiveDate,
    rng: &mut StdRng,
) -> SessionOut {
    let state = history.state;
    let spec = spec(world, state.stage);
    let dose = dose(world, state.stage);
    let is_last_two = |persona| profile.persona == persona && is_final_days(world, profile, day);
    // The readiness check, as the today page asks it. After a poor answer
    // most take the lighter session it offers: the engine's own
    // prescription, which the engine then never lets count toward moving
    // up. Not on a persona's scripted last days.
    let scripted = is_last_two(Persona::RecentPain)
        || is_last_two(Persona::Cramping)
        || is_last_two(Persona::AwaitingCoach);
    let readiness = readiness_answer(rng);
    let lighter = !scripted && readiness.is_some_and(|r| r.poor()) && rng.random_bool(0.7);
    let p = if lighter {
        engine::prescribe_lighter(spec, &dose, &state, engine_history, day, world.units)
    } else {
        engine::prescribe(spec, &dose, &state, engine_history, day, world.units)
    };
    // Clean sessions come more often the longer a member has been at a stage.
    let skill = match profile.persona {
        Persona::Stuck => 0.05,
        _ => (0.12 + 0.35 * profile.talent + 0.025 * f64::from(at_stage)).min(0.9),
    };
    let awaiting = is_last_two(Persona::AwaitingCoach);
    let weeks = (day - profile.start).num_weeks().max(0);
    let capacity = Load::from_grams(profile.capacity.grams + profile.capacity_growth.grams * weeks);
    let over_capacity = p
        .load
        .is_some_and(|l| spec.load_kind.uses_bar() && l > capacity);
    let clean = awaiting || (!over_capacity && rng.random_bool(skill));
    let toned_out = !awaiting && rng.random_bool(0.03);
    let cramp = is_last_two(Persona::Cramping)
        || rng.random_bool(if profile.cramp_prone { 0.12 } else { 0.01 });
    let pain = if is_last_two(Persona::RecentPain) && is_final_day(world, profile, day) {
        Pain::LowerBack
    } else {
        let roll: f64 = rng.random();
        if roll < 0.0025 {
            Pain::LowerBack
        } else if roll < 0.0035 {
            Pain::HipJoint
        } else if roll < 0.0045 {
            Pain::Knee
        } else {
            Pain::None
        }
    };
    // What went wrong on a day that was not clean.
    let (mut short_set, mut felt_elsewhere, mut form_slipped) = (over_capacity, false, false);
    if !clean && !over_capacity {
        match rng.random_range(0..4) {
            0 => short_set = true,
            1 | 2 => felt_elsewhere = true,
            _ => form_slipped = true,
        }
    }
    let mut felt = vec![Felt::Glutes];
    if felt_elsewhere {
        felt.push(
            *[Felt::Hamstrings, Felt::LowerBack, Felt::Quads]
                .choose(rng)
                .unwrap_or(&Felt::Hamstrings),
        );
    }
    if cramp && !felt.contains(&Felt::Hamstrings) {
        felt.push(Felt::Hamstrings);
    }
    let target = u16::from(p.target_reps);
    let mut sets: Vec<SetLog> = (0..p.sets)
        .map(|_| SetLog {
            reps: target,
            reps_other_side: p.per_leg.then_some(target),
            load: p.load.unwrap_or(Load::ZERO),
            hold_seconds: p.hold_seconds,
        })
        .collect();
    if short_set && !sets.is_empty() {
        // Over capacity the last set fails; otherwise any one set runs short.
        let n = if over_capacity {
            sets.len() - 1
        } else {
            rng.random_range(0..sets.len())
        };
        let short = target.saturating_sub(rng.random_range(1..=3)).max(1);
        sets[n].reps = short;
        if p.per_leg && rng.random_bool(0.5) {
            sets[n].reps_other_side = Some(short);
        }
    }
    // A pain stop ends the session at the set where it hurt; a call tones
    // the crew out part-way through.
    let stopped = pain != Pain::None;
    if (stopped || toned_out) && !sets.is_empty() {
        let keep = rng.random_range(1..=sets.len());
        sets.truncate(keep);
    }
    let finished = !toned_out || stopped;
    let good_form = !form_slipped;
    // Now and then the coach enters a session from the station's paper log.
    let by_coach = rng.random_bool(0.03);
    let plain = finished && !stopped && !cramp && felt == [Felt::Glutes] && good_form;
    let as_prescribed = plain && !short_set && !by_coach && rng.random_bool(0.6);
    let effort = (!as_prescribed).then(|| rng.random_range(5..=8) + i32::from(short_set));
    let note = if by_coach {
        people::COACH_ENTRY_NOTES.choose(rng).copied().unwrap_or("")
    } else if rng.random_bool(0.06) {
        people::SESSION_NOTES.choose(rng).copied().unwrap_or("")
    } else {
        ""
    };
    // The exercise the engine prescribed: floor bridges for one session
    // after a repeated cramp, as the app logs it.
    let log = SessionLog {
        date: day,
        stage: p.stage,
        finished,
        sets,
        felt,
        pain,
        cramp,
        good_form,
        prescribed_load: p.load,
        lighter,
    };
    SessionOut {
        trained_on: day,
        stage: p.stage,
        log,
        as_prescribed,
        effort,
        note,
        outcome: Outcome {
            decision: Decision::Stay,
            fixes: Vec::new(),
            suggest_floor_bridges: false,
            coach_flags: Vec::new(),
            next_load: None,
            working_load: None,
            rep_target: None,
            extra: false,
        },
        by_coach,
        at: at(world, day, rng.random_range(9 * 60..20 * 60)),
        readiness,
    }
}

/// What a member answers to "how has the shift been": about one session in
/// seven after a hard shift (with its three answers), a good share "fine",
/// the rest skip the check.
fn readiness_answer(rng: &mut StdRng) -> Option<Readiness> {
    let roll: f64 = rng.random();
    if roll >= 0.55 {
        return None;
    }
    if roll >= 0.15 {
        return Some(Readiness::Fine);
    }
    let pick = |rng: &mut StdRng, weights: [f64; 2]| {
        let r: f64 = rng.random();
        if r < weights[0] {
            0
        } else if r < weights[0] + weights[1] {
            1
        } else {
            2
        }
    };
    let sleep = [Sleep::Good, Sleep::Short, Sleep::Barely][pick(rng, [0.3, 0.45])];
    let soreness = [Soreness::None, Soreness::Some, Soreness::ALot][pick(rng, [0.35, 0.45])];
    let calls = [Calls::None, Calls::Few, Calls::Many][pick(rng, [0.25, 0.5])];
    Some(Readiness::Hard(HardShift {
        sleep,
        soreness,
        calls,
    }))
}

/// Whether `day` is one of the member's last two planned days.
fn is_final_days(world: &World, profile: &Profile, day: NaiveDate) -> bool {
    final_days(world, profile).contains(&day)
}

fn is_final_day(world: &World, profile: &Profile, day: NaiveDate) -> bool {
    final_days(world, profile).first() == Some(&day)
}

/// The member's last two planned days, newest first.
fn final_days(world: &World, profile: &Profile) -> Vec<NaiveDate> {
    let plan = Plan {
        rotation: world.rotation,
        platoon: profile.platoon,
        sessions_per_week: profile.sessions_per_week,
        fixed_weekdays: Vec::new(),
        start: profile.start,
    };
    let from = world
        .today
        .checked_sub_days(Days::new(21))
        .unwrap_or(world.today);
    plan.planned_days(from, world.today)
        .into_iter()
        .rev()
        .take(2)
        .collect()
}

/// Applies `effects` to the member's history in memory, as
/// `app::effects::Writer` writes them: a stage change becomes a timeline
/// line, a flag is raised once while open or answered.
fn take(
    history: &mut History,
    effects: &[Effect],
    session: Option<usize>,
    by_coach: bool,
    at: NaiveDateTime,
) {
    for effect in effects {
        match effect {
            Effect::StageChange {
                to, reason, note, ..
            } => history.changes.push(ChangeOut {
                from: Some(history.state.stage),
                to: *to,
                reason: *reason,
                note: note.clone(),
                by_coach,
                at,
            }),
            Effect::Carry { .. } => {}
            Effect::RaiseFlag(kind) => {
                // A flag the coach resolves later is still open now.
                let open = history
                    .flags
                    .iter()
                    .any(|f| f.kind == *kind && f.resolved.is_none_or(|(t, _)| t > at));
                if let (false, Some(session)) = (open, session) {
                    history.flags.push(FlagOut {
                        session,
                        kind: *kind,
                        created_at: at,
                        resolved: None,
                    });
                }
            }
            Effect::ResolveFlag(kind) => resolve_open(history, *kind, at, by_coach),
            Effect::StartHold { reason, .. } => history.changes.push(ChangeOut {
                from: Some(history.state.stage),
                to: history.state.stage,
                reason: Reason::Hold,
                note: reason.clone(),
                by_coach,
                at,
            }),
            Effect::EndHold { to, note, .. } => history.changes.push(ChangeOut {
                from: Some(history.state.stage),
                to: *to,
                reason: Reason::HoldEnded,
                note: note.clone(),
                by_coach,
                at,
            }),
            Effect::AddVariation { note, .. } => history.changes.push(ChangeOut {
                from: Some(history.state.stage),
                to: history.state.stage,
                reason: Reason::SingleLegAdded,
                note: note.clone(),
                by_coach,
                at,
            }),
        }
        history.state = effects::apply(&history.state, effect);
    }
}

/// Applies the effects of a logged session, then plays the coach: a move
/// up to confirm later, flags read within days.
#[allow(clippy::too_many_arguments)]
fn apply(
    world: &World,
    profile: &Profile,
    history: &mut History,
    pending: &mut Pending,
    index: usize,
    outcome: &Outcome,
    day: NaiveDate,
    now: NaiveDateTime,
    rng: &mut StdRng,
) {
    let effects = effects::of_session(&history.state, outcome);
    take(history, &effects, Some(index), false, now);
    match outcome.decision {
        Decision::Advance { .. } | Decision::PainRegression { .. } => pending.advance_on = None,
        Decision::ReadyToAdvance => {
            if pending.advance_on.is_none() {
                pending.advance_on = Some(day + Days::new(profile.coach_lag));
            }
        }
        Decision::Stay | Decision::StopSeeCoach => {}
    }
    // The coach reads pain and cramp flags within days and marks them dealt
    // with; after a hip or knee complaint they sometimes move the member back.
    let lag = rng.random_range(1..5);
    let seen_day = day + Days::new(lag);
    let seen = at(world, seen_day, 12 * 60);
    let scripted = profile.persona != Persona::Ordinary && is_final_days(world, profile, day);
    if seen_day < world.today && !scripted {
        for flag in history.flags.iter_mut().filter(|f| f.resolved.is_none()) {
            if flag.kind != CoachFlag::ReadyToAdvance {
                flag.resolved = Some((seen, true));
            }
        }
        if matches!(outcome.decision, Decision::StopSeeCoach)
            && history.state.stage > FIRST_STAGE
            && history.state.regression.is_none()
            && rng.random_bool(0.5)
        {
            let to = history.state.stage - 1;
            let note = people::REGRESS_NOTES.choose(rng).copied().unwrap_or("");
            let effects = effects::coach_move(to, Reason::Regress, note);
            take(history, &effects, None, true, seen);
            pending.advance_on = None;
        }
    }
}

fn resolve_open(history: &mut History, kind: CoachFlag, now: NaiveDateTime, by_coach: bool) {
    for flag in history
        .flags
        .iter_mut()
        .filter(|f| f.kind == kind && f.resolved.is_none())
    {
        flag.resolved = Some((now, by_coach));
    }
}

/// A coach confirms a move up that the engine flagged, as the member page's
/// "advance" does (`app::stage::coach_move`).
fn coach_acts(
    world: &World,
    profile: &Profile,
    history: &mut History,
    pending: &mut Pending,
    day: NaiveDate,
    rng: &mut StdRng,
) {
    let Some(when) = pending.advance_on else {
        return;
    };
    if day < when || day > world.today {
        return;
    }
    pending.advance_on = None;
    let ready_open = history
        .flags
        .iter()
        .any(|f| f.kind == CoachFlag::ReadyToAdvance && f.resolved.is_none());
    if !ready_open || profile.persona == Persona::AwaitingCoach {
        return;
    }
    restore(world, history, day);
    if history.state.stage >= LAST_STAGE {
        return;
    }
    let note = people::ADVANCE_NOTES.choose(rng).copied().unwrap_or("");
    let effects = effects::coach_move(history.state.stage + 1, Reason::Advance, note);
    take(history, &effects, None, true, at(world, day, 10 * 60));
}

/// The stage comes back by itself a week after a pain regression.
fn restore(world: &World, history: &mut History, day: NaiveDate) {
    if let Some(effect) = effects::restore(&history.state, day) {
        take(history, &[effect], None, false, at(world, day, 7 * 60));
    }
}

/// Range tests every `retest_weeks` from the start, improving over time; the
/// coach's note follows what the analysis finds.
fn range_tests(world: &World, profile: &Profile, rng: &mut StdRng) -> Vec<RangeTestFields> {
    let every = Days::new(7 * world.thresholds.retest_weeks.max(1) as u64);
    let mut tests = Vec::new();
    // Tenths of the department's unit: 7 to 11 in, or 18 to 28 cm.
    let double = match world.units {
        Units::Imperial => rng.random_range(70..=110i64),
        Units::Metric => rng.random_range(180..=280i64),
    };
    // In proportion: the 90/90 bridge (B) below the two-leg one (A), the
    // knee-hugged one (C) below B by what the back no longer adds. A few
    // members start with very little true extension; every member's back
    // compensates a little less with each test.
    let ninety = rng.random_range(0.72..0.92f64);
    let mut compensation = if rng.random_bool(0.06) {
        rng.random_range(0.72..0.85f64)
    } else {
        rng.random_range(0.08..0.45f64)
    };
    let weaker = if rng.random_bool(0.25) {
        rng.random_range(0.7..0.9)
    } else {
        rng.random_range(0.93..1.0)
    };
    let left_weaker = rng.random_bool(0.5);
    let mut date = profile.start + Days::new(rng.random_range(1..5));
    let overdue_from = world.today - Days::new(7 * world.thresholds.retest_weeks as u64 + 10);
    while date <= world.today {
        if profile.persona == Persona::RetestOverdue && date > overdue_from {
            break;
        }
        if profile.quiet_from.is_some_and(|q| date >= q) {
            break;
        }
        let tenths = |share: f64| ((double as f64) * share).round() as i64;
        let hugged = ninety * (1.0 - compensation);
        // The weaker side lifts a little less at 90/90 and clearly less hugged.
        let (side_b, side_c) = ((1.0 + weaker) / 2.0, weaker);
        let (bl, br, hl, hr) = if left_weaker {
            (ninety * side_b, ninety, hugged * side_c, hugged)
        } else {
            (ninety, ninety * side_b, hugged, hugged * side_c)
        };
        let h = |t: i64| Height::from_tenths(t, world.units).micrometres;
        let cramp = profile.cramp_prone && rng.random_bool(0.2);
        let mut fields = RangeTestFields {
            tested_on: date,
            double_leg_um: h(double),
            ninety_left_um: h(tenths(bl)),
            ninety_right_um: h(tenths(br)),
            hugged_left_um: h(tenths(hl)),
            hugged_right_um: h(tenths(hr)),
            felt_a: "glutes".to_string(),
            felt_b: if compensation > 0.4 {
                "glutes,lower_back".to_string()
            } else {
                "glutes".to_string()
            },
            felt_c: if cramp { "hamstrings" } else { "glutes" }.to_string(),
            cramp,
            pain: false,
            pain_where: String::new(),
            notes: String::new(),
        };
        let analysis = analyse(&fields.input(), world.thresholds);
        fields.notes = analysis
            .flags
            .iter()
            .find_map(|f| match f.kind {
                FlagKind::NearZeroExtension { .. } => Some(people::TEST_NOTE_NEAR_ZERO),
                FlagKind::Asymmetry { .. } => Some(people::TEST_NOTE_ASYMMETRY),
                FlagKind::LargeCompensation { .. } => Some(people::TEST_NOTE_COMPENSATION),
                _ => None,
            })
            .unwrap_or("")
            .to_string();
        tests.push(fields);
        compensation = (compensation - rng.random_range(0.0..0.06)).max(0.03);
        date = date + every;
    }
    tests
}
