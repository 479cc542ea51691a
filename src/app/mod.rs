//! One function per thing a person does: log a session (or finish a
//! toned-out one), assign the progression, move a member's stage, record or
//! correct a range test, void a session, and the restore sweep. Each reads
//! through `models`, decides through `domain`, and writes the engine's
//! effects in the caller's immediate transaction. `day` builds a member's
//! day once (today in the department's time zone, the assignment as of
//! today, the plan, the platoon) for every page that shows one.

pub mod access;
pub mod assign;
pub mod attention;
pub mod day;
pub mod effects;
pub mod erase;
pub mod log;
pub mod notify;
pub mod range_test;
pub mod roster;
pub mod stage;
pub mod void;
