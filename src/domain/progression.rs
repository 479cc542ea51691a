//! The bridge-to-thrust progression engine: what a member does today
//! (`prescribe`), what a logged session means (`evaluate`), and when a member
//! is ready to move up a stage. Pure rules over plain structs: no IO, no
//! database, no web. The numbers of each stage come from the `stages` table
//! (see `StageSpec`); the fixed rules (pain, cramps, load steps and the weekly
//! cap) live here, in the department's units.

use chrono::{Days, NaiveDate};

use crate::domain::units::{Load, Units, MAX_LOAD_GRAMS};

/// The first stage of the progression (floor glute bridge).
pub const FIRST_STAGE: u8 = 1;
/// The last stage of the progression (strength phase); nobody moves past it.
pub const LAST_STAGE: u8 = 7;
/// How long a pain regression lasts before the stage is restored.
pub const REGRESSION_DAYS: u64 = 7;
/// Rest between sets, in seconds (low, high).
pub const REST_SECONDS: (u16, u16) = (60, 90);
/// The weekly cap on load increases applies to any this many consecutive days.
pub const CAP_WINDOW_DAYS: u64 = 7;
/// Rest days assumed before the next session when previewing its load.
const PREVIEW_GAP_DAYS: u64 = 2;
/// Rounding slack when comparing loads converted from lb or kg to grams.
const ROUNDING_SLACK_GRAMS: i64 = 1;

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
    fn counted_reps(&self, per_leg: bool) -> u16 {
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
    fn counts(&self) -> bool {
        self.finished || self.pain != Pain::None || self.cramp
    }
}

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
    /// starts at the bottom of the range (see [`rep_target`]).
    pub rep_target: Option<u8>,
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

/// After a pain regression: the stage to restore once `today` reaches `restore_on`.
pub fn restoration_due(state: &MemberState, today: NaiveDate) -> Option<u8> {
    state
        .regression
        .filter(|r| today >= r.restore_on)
        .map(|r| r.from_stage.clamp(FIRST_STAGE, LAST_STAGE))
}

/// Today's workout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prescription {
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

/// What happens after a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Same stage next time.
    Stay,
    /// The stage's rule is met; a coach confirms the move.
    ReadyToAdvance,
    /// Moved up one stage (auto-advance on, the stage allows it).
    Advance { to: u8 },
    /// Sharp lower-back pain: one stage down until `restore_on`.
    PainRegression { to: u8, restore_on: NaiveDate },
    /// A red flag: stop, the coach checks in first.
    StopSeeCoach,
}

impl Decision {
    /// The member's new stage, when the decision changes it.
    pub fn new_stage(&self) -> Option<u8> {
        match *self {
            Decision::Advance { to } | Decision::PainRegression { to, .. } => Some(to),
            Decision::Stay | Decision::ReadyToAdvance | Decision::StopSeeCoach => None,
        }
    }

    /// A short headline for the member.
    pub fn headline(&self) -> String {
        match *self {
            Decision::Stay => "Same stage next session".to_string(),
            Decision::ReadyToAdvance => "Ready to move up".to_string(),
            Decision::Advance { to } => format!("Moving up to stage {to} of {LAST_STAGE}"),
            Decision::PainRegression { to, .. } => format!("Back to stage {to} for a week"),
            Decision::StopSeeCoach => "Stop here and see your coach".to_string(),
        }
    }

    /// What happens next, in plain words for the member.
    pub fn explanation(&self) -> String {
        match *self {
            Decision::Stay => "Keep this stage and dose. You move up after clean sessions in a \
                 row: every rep done, felt in the glutes, no pain, good form."
                .to_string(),
            Decision::ReadyToAdvance => "You met this stage's standard. Your coach will check \
                 your form and confirm the move to the next stage."
                .to_string(),
            Decision::Advance { to } => {
                format!("You met the standard for your stage. Your next session starts stage {to}.")
            }
            Decision::PainRegression { to, restore_on } => format!(
                "Sharp lower-back pain means the work got ahead of your form. Your sessions \
                 use stage {to} until {}, then your stage comes back by itself. Your coach \
                 has been told.",
                restore_on.format("%A %-d %B")
            ),
            Decision::StopSeeCoach => "Pain in the lower back, hip joint or knee is a red \
                 flag. Stop this session; your coach has been told and will talk with you \
                 before your next one."
                .to_string(),
        }
    }
}

/// A fix shown when the work went somewhere other than the glutes.
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
pub enum Fix {
    FeetCloser,
    FeetNotTooClose,
    DriveThroughHeels,
    ChinTucked,
    RibsDown,
    TuckPelvis,
}

impl Fix {
    /// A short title.
    pub fn label(self) -> &'static str {
        match self {
            Fix::FeetCloser => "Feet closer",
            Fix::FeetNotTooClose => "Feet not too close",
            Fix::DriveThroughHeels => "Drive through the heels",
            Fix::ChinTucked => "Chin tucked",
            Fix::RibsDown => "Ribs down",
            Fix::TuckPelvis => "Tuck the pelvis",
        }
    }

    /// The fix in plain words.
    pub fn text(self) -> &'static str {
        match self {
            Fix::FeetCloser => {
                "Bring your feet in closer to your hips; feet far out hand the work to the \
                 hamstrings."
            }
            Fix::FeetNotTooClose => {
                "Do not tuck your feet right under you: shins should be upright at the top."
            }
            Fix::DriveThroughHeels => {
                "Push the floor away through your heels, not your toes, so the quads stay out \
                 of it."
            }
            Fix::ChinTucked => "Keep your chin tucked and your eyes forward, not on the ceiling.",
            Fix::RibsDown => "Keep your ribs down so your lower back does not arch.",
            Fix::TuckPelvis => {
                "Tuck your pelvis slightly before you lift, and stop when your hips line up \
                 with your body."
            }
        }
    }
}

/// Something the coach should look at.
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
pub enum CoachFlag {
    LowerBackPain,
    HipPain,
    KneePain,
    RepeatedCramp,
    ReadyToAdvance,
    AboveWeeklyCap,
}

impl CoachFlag {
    pub fn label(self) -> &'static str {
        match self {
            CoachFlag::LowerBackPain => "Lower-back pain",
            CoachFlag::HipPain => "Hip-joint pain",
            CoachFlag::KneePain => "Knee pain",
            CoachFlag::RepeatedCramp => "Hamstring cramps twice in a row",
            CoachFlag::ReadyToAdvance => "Ready to advance",
            CoachFlag::AboveWeeklyCap => "Logged above the weekly cap",
        }
    }
}

/// The result of evaluating one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub decision: Decision,
    /// Fixes for where it was felt, a cramp or lower-back pain, in a fixed order.
    pub fixes: Vec<Fix>,
    /// Hamstring cramps twice in a row: suggest going back to floor bridges.
    /// Only a suggestion; the stage does not change by itself.
    pub suggest_floor_bridges: bool,
    /// Sorted, without repeats.
    pub coach_flags: Vec<CoachFlag>,
    /// A preview of the next session's load at this stage, assuming it comes
    /// after a rest day; `prescribe` on the day is the authority (the weekly
    /// cap depends on the date). `None` on bodyweight stages and when the
    /// decision changes the stage.
    pub next_load: Option<Load>,
    /// The member's working load after this session, to store in
    /// `MemberState::working_load` (`MemberState::after` does it): the top
    /// weight of a finished loaded session, otherwise unchanged.
    pub working_load: Option<Load>,
    /// The member's rep target after this session (see [`next_rep_target`]),
    /// to store in `MemberState::rep_target`.
    pub rep_target: Option<u8>,
    /// The session came on a training day that already has a session that
    /// counts, or the day right after one (no rest day): it is kept, but it
    /// does not count toward moving up (see [`extra_sessions`]).
    pub extra: bool,
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

    let previous = history.iter().rev().find(|s| s.counts());
    let repeated_cramp = new.cramp && previous.is_some_and(|p| p.cramp);
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
        Pain::None => {
            let ready = state.regression.is_none()
                && spec.number == stage
                && streak_met(spec, dose, history.iter().chain([new]), units);
            if !ready {
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
/// at this stage. Partial sessions with nothing to report are skipped; a
/// session at another stage ends the run. Never at the last stage.
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
        if !session.counts() {
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

// ---- Loads ----------------------------------------------------------------

fn by_units(units: Units, lb: f64, kg: f64) -> Load {
    match units {
        Units::Imperial => Load::from_units(lb, units),
        Units::Metric => Load::from_units(kg, units),
    }
}

/// The empty bar: 45 lb / 20 kg.
pub fn empty_bar(units: Units) -> Load {
    by_units(units, 45.0, 20.0)
}

/// The suggested first dumbbell when the coach has not set one: 20 lb / 10 kg.
pub fn default_dumbbell(units: Units) -> Load {
    by_units(units, 20.0, 10.0)
}

/// One load step: 5 lb / 2.5 kg.
pub fn load_step(units: Units) -> Load {
    by_units(units, 5.0, 2.5)
}

/// The most the load may rise in any 7 days: 10 lb / 5 kg.
pub fn weekly_cap(units: Units) -> Load {
    by_units(units, 10.0, 5.0)
}

/// A pad is advised from this load on: 135 lb / 60 kg.
pub fn pad_from(units: Units) -> Load {
    by_units(units, 135.0, 60.0)
}

/// The barbell stage qualifies only above this load: 225 lb / 100 kg.
pub fn strength_threshold(units: Units) -> Load {
    by_units(units, 225.0, 100.0)
}

/// One step up, computed in the department's unit so that typed numbers stay
/// round ("135" lb becomes "140", not "140.01").
fn step_up(load: Load, units: Units) -> Load {
    let value = load.in_units(units) + load_step(units).in_units(units);
    let rounded = (value * 100.0).round() / 100.0;
    Load::from_units(rounded, units).min(Load::from_grams(MAX_LOAD_GRAMS))
}

/// Whether a session was done at `stage` or at a stage sharing its weight:
/// the strength stage carries on with the barbell stage's bar.
fn shares_load(spec: &StageSpec, stage: u8) -> bool {
    stage == spec.number
        || (spec.load_kind == LoadKind::Strength && stage.checked_add(1) == Some(spec.number))
}

/// Whether a session at `stage` used the same implement as `spec`'s: the
/// barbell and strength stages share the bar both ways (the weekly cap
/// follows the bar through an advance and a regression).
fn same_implement(spec: &StageSpec, stage: u8) -> bool {
    stage == spec.number
        || match spec.load_kind {
            LoadKind::Barbell => stage.checked_sub(1) == Some(spec.number),
            LoadKind::Strength => stage.checked_add(1) == Some(spec.number),
            LoadKind::Bodyweight | LoadKind::Dumbbell => false,
        }
}

/// Whether the last session at the current load earned one step: finished,
/// every set of the dose at that load with the dose's top reps and hold,
/// good form, no pain, no cramp, felt nowhere but the glutes.
fn step_earned(spec: &StageSpec, dose: &Dose, last: &SessionLog, current: Load) -> bool {
    if !last.finished
        || last.pain != Pain::None
        || last.cramp
        || !last.good_form
        || last.felt.iter().any(|f| *f != Felt::Glutes)
    {
        return false;
    }
    let complete_sets = last
        .sets
        .iter()
        .filter(|set| {
            set.load == current
                && set.counted_reps(spec.per_leg) >= u16::from(dose.reps_high)
                && set.hold_seconds >= dose.hold_seconds
        })
        .count();
    dose.sets > 0 && complete_sets >= usize::from(dose.sets)
}

/// Rule: the weekly cap counts from prescriptions. The most a session on
/// `today` may be prescribed: the lightest load in effect at any time in
/// the 7 days ending today (those prescribed in them, and the last one
/// before them, still in effect when they began), plus the cap. Only sessions on or after `cap_from` (a
/// coach's confirmed load above the cap) count. `None` when nothing was
/// prescribed yet at this stage's weight.
pub fn load_ceiling<'a, I>(
    spec: &StageSpec,
    sessions: I,
    cap_from: Option<NaiveDate>,
    today: NaiveDate,
    units: Units,
) -> Option<Load>
where
    I: DoubleEndedIterator<Item = &'a SessionLog> + Clone,
{
    let window_start = today
        .checked_sub_days(Days::new(CAP_WINDOW_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    let prescribed = sessions.filter(|s| {
        same_implement(spec, s.stage)
            && s.date <= today
            && cap_from.is_none_or(|from| s.date >= from)
            && s.prescribed_load.is_some()
    });
    let before_window = prescribed
        .clone()
        .filter(|s| s.date < window_start)
        .filter_map(|s| s.prescribed_load)
        .next_back();
    let in_window = prescribed
        .filter(|s| s.date >= window_start)
        .filter_map(|s| s.prescribed_load)
        .min();
    let floor = before_window.into_iter().chain(in_window).min()?;
    Some(Load::from_grams(
        (floor.grams + weekly_cap(units).grams).min(MAX_LOAD_GRAMS),
    ))
}

/// Rule: a load logged above the weekly cap. When the session's top weight
/// is more than the cap over what was prescribed for it, the most the next
/// prescription can be (prescribed + cap); `None` otherwise.
pub fn logged_above_cap(session: &SessionLog, units: Units) -> Option<Load> {
    let prescribed = session.prescribed_load?;
    let top = session.top_load()?;
    let allowed = prescribed.grams + weekly_cap(units).grams;
    (top.grams > allowed + ROUNDING_SLACK_GRAMS).then_some(Load::from_grams(allowed))
}

/// The load for a session on `today`: the current working load (the coach's
/// or stored one, else the last finished session's top weight without pain,
/// else the stage's start), plus one step when the last session earned it;
/// never above [`load_ceiling`], whatever was logged.
fn load_for<'a, I>(
    spec: &StageSpec,
    dose: &Dose,
    working_load: Option<Load>,
    cap_from: Option<NaiveDate>,
    sessions: I,
    today: NaiveDate,
    units: Units,
) -> Option<Load>
where
    I: DoubleEndedIterator<Item = &'a SessionLog> + Clone,
{
    let start = match spec.load_kind {
        LoadKind::Bodyweight => return None,
        LoadKind::Dumbbell => default_dumbbell(units),
        LoadKind::Barbell | LoadKind::Strength => empty_bar(units),
    };
    let loaded = sessions.clone().rev().filter(|s| {
        s.finished && shares_load(spec, s.stage) && s.top_load().is_some_and(|l| l.grams > 0)
    });
    // A load lifted with pain never becomes the basis; and after a painful
    // session nothing steps up (`step_earned` refuses it).
    let last = loaded.clone().next();
    let last_without_pain = loaded.clone().find(|s| s.pain == Pain::None);
    let current = working_load
        .filter(|l| l.grams > 0)
        .or_else(|| last_without_pain.and_then(SessionLog::top_load))
        .unwrap_or(start);
    let next = if last.is_some_and(|s| step_earned(spec, dose, s, current)) {
        step_up(current, units)
    } else {
        current
    };
    let ceiling = load_ceiling(spec, sessions, cap_from, today, units);
    let capped = match ceiling {
        Some(ceiling) if next.grams > ceiling.grams + ROUNDING_SLACK_GRAMS => ceiling,
        _ => next,
    };
    // Nothing lighter than the empty bar goes on a barbell.
    Some(if spec.load_kind.uses_bar() {
        capped.max(start)
    } else {
        capped
    })
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Named;
    use proptest::prelude::*;
    use strum::VariantArray;

    // ---- Builders ---------------------------------------------------------

    /// The catalog's one shared definition (checked against the migrated
    /// `stages` table in `models::stage`).
    fn spec(number: u8) -> StageSpec {
        crate::domain::catalog::stage_spec(number).unwrap_or_else(|| panic!("no stage {number}"))
    }

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap() + Days::new(n)
    }

    fn lb(v: f64) -> Load {
        Load::from_units(v, Units::Imperial)
    }

    fn kg(v: f64) -> Load {
        Load::from_units(v, Units::Metric)
    }

    /// A clean session meeting the stage's default standard (at `load` on loaded stages).
    fn clean(stage: u8, date: NaiveDate, load: Load) -> SessionLog {
        let s = spec(stage);
        let reps = u16::from(s.advance_reps.max(s.reps_high));
        let set = SetLog {
            reps,
            reps_other_side: s.per_leg.then_some(reps),
            load,
            hold_seconds: s.hold_seconds,
        };
        SessionLog {
            date,
            stage,
            finished: true,
            sets: vec![set; usize::from(s.sets)],
            felt: vec![Felt::Glutes],
            pain: Pain::None,
            cramp: false,
            good_form: true,
            prescribed_load: (load.grams > 0).then_some(load),
        }
    }

    fn bw(stage: u8, d: u64) -> SessionLog {
        clean(stage, day(d), Load::ZERO)
    }

    fn with(mut s: SessionLog, f: impl FnOnce(&mut SessionLog)) -> SessionLog {
        f(&mut s);
        s
    }

    fn reps(s: SessionLog, r: u16) -> SessionLog {
        with(s, |s| s.sets.iter_mut().for_each(|set| set.reps = r))
    }

    fn state(stage: u8, auto_advance: bool) -> MemberState {
        MemberState {
            stage,
            auto_advance,
            working_load: None,
            regression: None,
            load_cap_from: None,
            rep_target: None,
        }
    }

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

    #[test]
    fn rule_a_load_logged_above_the_weekly_cap_flags_the_coach() {
        let cases = [
            ("as prescribed", 45.0, Some(45.0), None),
            ("the cap exactly", 55.0, Some(45.0), None),
            ("5 lb over the cap", 60.0, Some(45.0), Some(55.0)),
            ("a slip of the thumb", 315.0, Some(45.0), Some(55.0)),
            ("lighter than prescribed", 35.0, Some(45.0), None),
            ("nothing prescribed (before the column)", 315.0, None, None),
        ];
        for (name, top, prescribed, expect) in cases {
            let session = with(clean(6, day(0), lb(top)), |s| {
                s.prescribed_load = prescribed.map(lb)
            });
            assert_eq!(
                logged_above_cap(&session, Units::Imperial),
                expect.map(lb),
                "{name}"
            );
            let out = evaluate(
                &spec(6),
                &Dose::from_spec(&spec(6)),
                &state(6, false),
                &[],
                &session,
                Units::Imperial,
            );
            assert_eq!(
                out.coach_flags.contains(&CoachFlag::AboveWeeklyCap),
                expect.is_some(),
                "{name}"
            );
        }
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

    // ---- Loads ------------------------------------------------------------

    struct LoadCase {
        name: &'static str,
        stage: u8,
        units: Units,
        working_load: Option<Load>,
        history: Vec<SessionLog>,
        today: u64,
        expect: Option<Load>,
        pad: bool,
    }

    fn load_case(
        name: &'static str,
        stage: u8,
        history: Vec<SessionLog>,
        today: u64,
        expect: Option<Load>,
    ) -> LoadCase {
        LoadCase {
            name,
            stage,
            units: Units::Imperial,
            working_load: None,
            history,
            today,
            expect,
            pad: false,
        }
    }

    #[test]
    fn prescribed_loads_follow_the_load_rules() {
        let bar = |stage, d, load| clean(stage, day(d), load);
        let cases = vec![
            load_case(
                "bodyweight stages carry no load",
                3,
                vec![bw(3, 0)],
                3,
                None,
            ),
            LoadCase {
                working_load: Some(lb(315.0)),
                ..load_case(
                    "weekly cap from prescriptions: a typed 315 on the empty bar gives 55",
                    6,
                    vec![with(bar(6, 0, lb(315.0)), |s| {
                        s.prescribed_load = Some(lb(45.0))
                    })],
                    2,
                    Some(lb(55.0)),
                )
            },
            load_case(
                "weekly cap from prescriptions: without a working load too",
                6,
                vec![with(bar(6, 0, lb(315.0)), |s| {
                    s.prescribed_load = Some(lb(45.0))
                })],
                2,
                Some(lb(55.0)),
            ),
            load_case(
                "weekly cap from prescriptions: a week on, 10 more",
                6,
                vec![
                    with(bar(6, 0, lb(315.0)), |s| s.prescribed_load = Some(lb(45.0))),
                    with(bar(6, 7, lb(315.0)), |s| s.prescribed_load = Some(lb(55.0))),
                ],
                14,
                Some(lb(65.0)),
            ),
            load_case(
                "weekly cap from prescriptions: a lighter typed load is the truth",
                6,
                vec![with(bar(6, 0, lb(75.0)), |s| {
                    s.prescribed_load = Some(lb(95.0));
                    s.sets[0].reps = 3
                })],
                2,
                Some(lb(75.0)),
            ),
            load_case(
                "barbell with no history: the empty bar",
                6,
                vec![],
                0,
                Some(lb(45.0)),
            ),
            LoadCase {
                units: Units::Metric,
                ..load_case("metric empty bar", 6, vec![], 0, Some(kg(20.0)))
            },
            LoadCase {
                working_load: Some(lb(95.0)),
                ..load_case("the coach's starting load", 6, vec![], 0, Some(lb(95.0)))
            },
            LoadCase {
                pad: true,
                ..load_case(
                    "5 x 5 done: one 5 lb step, pad from 135",
                    6,
                    vec![bar(6, 0, lb(130.0))],
                    3,
                    Some(lb(135.0)),
                )
            },
            load_case(
                "below 135 no pad",
                6,
                vec![bar(6, 0, lb(125.0))],
                3,
                Some(lb(130.0)),
            ),
            LoadCase {
                units: Units::Metric,
                pad: true,
                ..load_case(
                    "metric step of 2.5 kg",
                    6,
                    vec![bar(6, 0, kg(60.0))],
                    3,
                    Some(kg(62.5)),
                )
            },
            LoadCase {
                pad: true,
                ..load_case(
                    "a short set: same load",
                    6,
                    vec![with(bar(6, 0, lb(135.0)), |s| s.sets[3].reps = 4)],
                    3,
                    Some(lb(135.0)),
                )
            },
            load_case(
                "a missing set: same load",
                6,
                vec![with(bar(6, 0, lb(95.0)), |s| {
                    s.sets.pop();
                })],
                3,
                Some(lb(95.0)),
            ),
            load_case(
                "poor form: same load",
                6,
                vec![with(bar(6, 0, lb(95.0)), |s| s.good_form = false)],
                3,
                Some(lb(95.0)),
            ),
            load_case(
                "pain: a load lifted with pain is never the basis",
                6,
                vec![
                    bar(6, 0, lb(85.0)),
                    with(bar(6, 2, lb(95.0)), |s| s.pain = Pain::HipJoint),
                ],
                4,
                Some(lb(85.0)),
            ),
            load_case(
                "felt in the lower back: same load",
                6,
                vec![with(bar(6, 0, lb(95.0)), |s| s.felt.push(Felt::LowerBack))],
                3,
                Some(lb(95.0)),
            ),
            load_case(
                "mixed loads: not every set at the working load",
                6,
                vec![with(bar(6, 0, lb(95.0)), |s| s.sets[0].load = lb(90.0))],
                3,
                Some(lb(95.0)),
            ),
            load_case(
                "a partial session is not the base",
                6,
                vec![
                    bar(6, 0, lb(95.0)),
                    with(bar(6, 2, lb(100.0)), |s| {
                        s.finished = false;
                        s.sets.truncate(2)
                    }),
                ],
                4,
                Some(lb(100.0)),
            ),
            load_case(
                "weekly cap: a third step in 7 days waits",
                6,
                vec![
                    bar(6, 0, lb(45.0)),
                    bar(6, 2, lb(50.0)),
                    bar(6, 4, lb(55.0)),
                ],
                6,
                Some(lb(55.0)),
            ),
            load_case(
                "weekly cap: a week after 45 lb, 60 lb would be 15 lb in a week",
                6,
                vec![
                    bar(6, 0, lb(45.0)),
                    bar(6, 2, lb(50.0)),
                    bar(6, 4, lb(55.0)),
                ],
                7,
                Some(lb(55.0)),
            ),
            load_case(
                "weekly cap: allowed once the window moves on",
                6,
                vec![
                    bar(6, 0, lb(45.0)),
                    bar(6, 2, lb(50.0)),
                    bar(6, 4, lb(55.0)),
                ],
                9,
                Some(lb(60.0)),
            ),
            load_case(
                "weekly cap: a toned-out week still counts from the last lift",
                6,
                vec![
                    bar(6, 0, lb(45.0)),
                    bar(6, 5, lb(50.0)),
                    bar(6, 6, lb(55.0)),
                ],
                8,
                Some(lb(55.0)),
            ),
            LoadCase {
                units: Units::Metric,
                ..load_case(
                    "metric weekly cap of 5 kg",
                    6,
                    vec![
                        bar(6, 0, kg(20.0)),
                        bar(6, 2, kg(22.5)),
                        bar(6, 4, kg(25.0)),
                    ],
                    6,
                    Some(kg(25.0)),
                )
            },
            load_case(
                "strength continues from the barbell stage's bar",
                7,
                vec![bar(6, 0, lb(230.0))],
                3,
                Some(lb(235.0)),
            )
            .padded(),
            load_case(
                "strength 5 x 3 done: one step",
                7,
                vec![bar(7, 0, lb(300.0))],
                3,
                Some(lb(305.0)),
            )
            .padded(),
            load_case(
                "strength with 2 reps in a set",
                7,
                vec![with(bar(7, 0, lb(300.0)), |s| s.sets[2].reps = 2)],
                3,
                Some(lb(300.0)),
            )
            .padded(),
            load_case(
                "strength weekly cap",
                7,
                vec![
                    bar(7, 0, lb(300.0)),
                    bar(7, 2, lb(305.0)),
                    bar(7, 4, lb(310.0)),
                ],
                5,
                Some(lb(310.0)),
            )
            .padded(),
            load_case(
                "dumbbell with no weight set: the suggestion",
                5,
                vec![],
                0,
                Some(lb(20.0)),
            ),
            LoadCase {
                units: Units::Metric,
                ..load_case("metric dumbbell suggestion", 5, vec![], 0, Some(kg(10.0)))
            },
            LoadCase {
                working_load: Some(lb(25.0)),
                ..load_case("the coach's dumbbell", 5, vec![], 0, Some(lb(25.0)))
            },
            LoadCase {
                working_load: Some(lb(25.0)),
                ..load_case(
                    "every set at 15: one dumbbell up",
                    5,
                    vec![clean(5, day(0), lb(25.0))],
                    3,
                    Some(lb(30.0)),
                )
            },
            LoadCase {
                working_load: Some(lb(25.0)),
                ..load_case(
                    "a set at 14: same dumbbell",
                    5,
                    vec![with(clean(5, day(0), lb(25.0)), |s| s.sets[1].reps = 14)],
                    3,
                    Some(lb(25.0)),
                )
            },
            LoadCase {
                working_load: Some(lb(20.0)),
                ..load_case(
                    "a coach lowering the weight is not stepped up",
                    5,
                    vec![clean(5, day(0), lb(30.0))],
                    3,
                    Some(lb(20.0)),
                )
            },
            load_case(
                "dumbbell steps follow the history",
                5,
                vec![clean(5, day(0), lb(25.0)), clean(5, day(3), lb(30.0))],
                7,
                Some(lb(35.0)),
            ),
            load_case(
                "loads from another stage are not carried",
                6,
                vec![clean(5, day(0), lb(40.0))],
                3,
                Some(lb(45.0)),
            ),
        ];
        for c in cases {
            let sp = spec(c.stage);
            let st = MemberState {
                working_load: c.working_load,
                ..state(c.stage, true)
            };
            let p = prescribe(
                &sp,
                &Dose::from_spec(&sp),
                &st,
                &c.history,
                day(c.today),
                c.units,
            );
            assert_eq!(p.load, c.expect, "{}", c.name);
            assert_eq!(p.pad_advised, c.pad, "{}: pad", c.name);
            assert_eq!(
                (p.sets, p.rest_seconds),
                (sp.sets, REST_SECONDS),
                "{}",
                c.name
            );
        }
    }

    impl LoadCase {
        fn padded(self) -> LoadCase {
            LoadCase { pad: true, ..self }
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

    // ---- State changes ----------------------------------------------------

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

    #[test]
    fn stored_values_round_trip_and_texts_read_plainly() {
        for &k in LoadKind::VARIANTS {
            assert_eq!(LoadKind::parse(k.as_str()), Some(k));
        }
        for &f in Felt::VARIANTS {
            assert_eq!(Felt::parse(f.as_str()), Some(f));
            assert!(!f.label().is_empty());
        }
        for &p in Pain::VARIANTS {
            assert_eq!(Pain::parse(p.as_str()), Some(p));
            assert!(!p.label().is_empty());
        }
        for &c in CoachFlag::VARIANTS {
            assert_eq!(CoachFlag::parse(c.as_str()), Some(c));
        }
        assert_eq!(Felt::parse("Glutes"), None);
        assert_eq!(LoadKind::parse("kettlebell"), None);

        let back = Decision::PainRegression {
            to: 3,
            restore_on: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
        };
        assert_eq!(back.headline(), "Back to stage 3 for a week");
        assert!(
            back.explanation().contains("Monday 7 December"),
            "{}",
            back.explanation()
        );
        assert_eq!(
            Decision::Advance { to: 4 }.headline(),
            "Moving up to stage 4 of 7"
        );
        for d in [
            Decision::Stay,
            Decision::ReadyToAdvance,
            Decision::StopSeeCoach,
        ] {
            assert!(!d.headline().is_empty() && !d.explanation().is_empty());
        }
    }

    // ---- Invariants -------------------------------------------------------

    fn arb_pain() -> impl Strategy<Value = Pain> {
        prop_oneof![6 => Just(Pain::None), 1 => Just(Pain::LowerBack), 1 => Just(Pain::HipJoint), 1 => Just(Pain::Knee)]
    }

    fn arb_felt() -> impl Strategy<Value = Vec<Felt>> {
        prop_oneof![4 => Just(vec![Felt::Glutes]), 1 => proptest::sample::subsequence(Felt::VARIANTS.to_vec(), 0..=4)]
    }

    fn arb_units() -> impl Strategy<Value = Units> {
        prop_oneof![Just(Units::Imperial), Just(Units::Metric)]
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
            })
    }

    /// One replayed session: days since the last one, finished, reps per set,
    /// good form, pain, cramp, where it was felt.
    type Replay = (u64, bool, Vec<u16>, bool, Pain, bool, Vec<Felt>);

    fn arb_replay() -> impl Strategy<Value = Vec<Replay>> {
        proptest::collection::vec(
            (
                1u64..=4,
                proptest::bool::weighted(0.85),
                prop_oneof![3 => Just(vec![15u16; 5]), 1 => proptest::collection::vec(0u16..=16, 0..=6)],
                proptest::bool::weighted(0.9),
                prop_oneof![9 => Just(Pain::None), 1 => arb_pain()],
                proptest::bool::weighted(0.05),
                arb_felt(),
            ),
            1..=40,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Replaying a history session by session, each done at the prescribed
        /// load, the load never rises more than the cap within 7 days.
        #[test]
        fn prescribed_load_respects_the_weekly_cap(
            stage in 5u8..=7,
            units in arb_units(),
            store_working_load in any::<bool>(),
            replay in arb_replay(),
        ) {
            let sp = spec(stage);
            let dose = Dose::from_spec(&sp);
            let mut st = state(stage, false);
            let mut history: Vec<SessionLog> = Vec::new();
            let mut prescribed: Vec<(NaiveDate, Load)> = Vec::new();
            let mut date = day(0);
            for (gap, finished, reps, good_form, pain, cramp, felt) in replay {
                date = add_days(date, gap);
                let load = prescribe(&sp, &dose, &st, &history, date, units).load.unwrap();
                prescribed.push((date, load));
                let new = SessionLog {
                    date,
                    stage,
                    finished,
                    sets: reps.into_iter().map(|r| SetLog { reps: r, reps_other_side: None, load, hold_seconds: 0 }).collect(),
                    felt,
                    pain,
                    cramp,
                    good_form,
                    prescribed_load: Some(load),
                };
                let out = evaluate(&sp, &dose, &st, &history, &new, units);
                if store_working_load {
                    st.working_load = out.working_load;
                }
                history.push(new);
            }
            let cap = weekly_cap(units).grams + ROUNDING_SLACK_GRAMS;
            for (i, (d1, l1)) in prescribed.iter().enumerate() {
                for (d2, l2) in &prescribed[i + 1..] {
                    if (*d2 - *d1).num_days() < CAP_WINDOW_DAYS as i64 {
                        prop_assert!(l2.grams - l1.grams <= cap, "{} on {} then {} on {}", l1.display(units), d1, l2.display(units), d2);
                    }
                }
            }
        }

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
    }

    fn arb_events() -> impl Strategy<Value = Vec<(u64, Event)>> {
        let event = prop_oneof![
            6 => Just(Event::Tap),
            2 => (0u16..=400, 0u16..=25).prop_map(|(load_lb, reps)| Event::Typed { load_lb, reps }),
            1 => Just(Event::TonedOut),
            1 => prop_oneof![Just(Pain::LowerBack), Just(Pain::HipJoint), Just(Pain::Knee)].prop_map(Event::Pain),
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
        /// pain) replayed through the engine as the app applies it: never two
        /// advances (nor two moves the same way) from one training day; the
        /// prescribed load never rises more than the cap in any 7 days; a pain
        /// regression always comes back to the stage it left.
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
                let rx = prescribe(&sp, &dose, &st, &history, date, units);
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
                    sets: vec![set(target, load); usize::from(dose.sets)],
                    felt: vec![Felt::Glutes],
                    pain: Pain::None,
                    cramp: false,
                    good_form: true,
                    prescribed_load: rx.load,
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
                }
                if let Some(l) = rx.load {
                    prescribed.push((date, st.stage, l));
                }
                let out = evaluate(&sp, &dose, &st, &history, &new, units);
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
