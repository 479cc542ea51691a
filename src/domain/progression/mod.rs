//! The bridge-to-thrust progression engine: what a member does today
//! (`prescribe`), what a logged session means (`evaluate`), and when a member
//! is ready to move up a stage. Pure rules over plain structs: no IO, no
//! database, no web. The numbers of each stage come from the `stages` table
//! (see `StageSpec`); the fixed rules (pain, cramps, load steps and the weekly
//! cap) live here, in the department's units.
//!
//! One room per question:
//! - `stage`: what a stage is (`StageSpec`, `LoadKind`, `Dose`, the bounds);
//! - `log`: what a logged session is (`SessionLog`, `SetLog`, `Felt`, `Pain`);
//! - `state`: a member's place (`MemberState`, `Regression`, restoring);
//! - `outcome`: what a session led to (`Decision`, `Fix`, `CoachFlag`);
//! - `evaluate`: `prescribe` and `evaluate`, and the rules they apply;
//! - `loads`: the weights, the step rules and the weekly cap;
//! - `hold`: a coach's pause (`Hold`) and the return from it;
//! - `asymmetry`: single-leg work a range test's asymmetry proposes;
//! - `readiness`: readiness on shift and the lighter session it offers.
//!
//! Everything is re-exported here: callers name `progression::X`.

mod asymmetry;
mod evaluate;
mod hold;
mod loads;
mod log;
mod outcome;
mod readiness;
mod stage;
mod state;
#[cfg(test)]
mod test_support;

pub use self::asymmetry::{single_leg_proposal, SingleLegProposal};
pub use self::evaluate::{
    evaluate, extra_sessions, floor_bridges_next, is_extra, next_rep_target, prescribe, qualifies,
    ready_to_advance, rep_target, repeated_cramp, Prescription,
};
pub use self::hold::{hold_return_due, on_hold, return_note, Hold, HOLD_STEP_BACK_DAYS};
pub use self::loads::{
    default_dumbbell, empty_bar, load_ceiling, load_step, logged_above_cap, pad_from,
    strength_threshold, weekly_cap, CAP_WINDOW_DAYS,
};
pub use self::log::{Felt, Pain, SessionLog, SetLog};
pub use self::outcome::{CoachFlag, Decision, Fix, Outcome};
pub use self::readiness::{
    lighter_sets, prescribe_lighter, readiness_trend, Calls, HardShift, Readiness, ReadinessWeek,
    Shift, Sleep, Soreness,
};
pub use self::stage::{
    Dose, LoadKind, StageSpec, FIRST_LOADED_STAGE, FIRST_STAGE, LAST_STAGE, REST_SECONDS,
};
pub use self::state::{loading_held, restoration_due, MemberState, Regression, REGRESSION_DAYS};
