//! Training days: which days a member is planned to train, whether a session
//! is due today, and adherence to the plan.
//!
//! The rules (progression.md, "Frequency"): 2 sessions a week by default, 2 or
//! 3 allowed, and at least one rest day between sessions, also across the
//! boundary between two weeks. A firefighter trains on duty days where the
//! rotation leaves room (most of this training happens on shift) and on off
//! days only to make up the week's count. A member without a platoon trains
//! on fixed weekdays: Monday and Thursday (Monday, Wednesday and Friday at 3
//! a week) unless the assignment lists others.
//!
//! One room per question: `plan` (a member's planned days and what is due),
//! `planner` (how a week's days are chosen, week after week) and `adherence`
//! (how well the plan was kept). Everything is re-exported here: callers
//! name `schedule::X`.

mod adherence;
mod plan;
mod planner;
#[cfg(test)]
mod test_support;

pub use self::adherence::{adherence, Adherence, ADHERENCE_WINDOW_DAYS};
pub use self::plan::{
    check_weekdays, default_weekdays, monday_of, weekday_name, Due, Plan, WeekdaysError,
    DEFAULT_SESSIONS_PER_WEEK, MAX_SESSIONS_PER_WEEK, MIN_SESSIONS_PER_WEEK,
};
pub use self::planner::WeekMemo;
