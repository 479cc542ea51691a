//! The engine's numbers for the seven stages, in one place. The `catalog`
//! migration seeds the same numbers into the `stages` table (which the app
//! reads); a test in `models::stage` checks the migrated table against this
//! definition, so the engine's tests and the database cannot drift apart.

use crate::domain::progression::{LoadKind, StageSpec};

/// One stage's numbers: (number, name, sets, reps_low, reps_high, per_leg,
/// hold_seconds, load_kind, advance_reps, qualifying_sessions, coach_confirms).
type Row = (
    u8,
    &'static str,
    u8,
    u8,
    u8,
    bool,
    u8,
    LoadKind,
    u8,
    u8,
    bool,
);

const STAGES: [Row; 7] = [
    (
        1,
        "Floor glute bridge",
        3,
        20,
        20,
        false,
        2,
        LoadKind::Bodyweight,
        20,
        2,
        false,
    ),
    (
        2,
        "Single-leg glute bridge",
        3,
        15,
        20,
        true,
        0,
        LoadKind::Bodyweight,
        15,
        2,
        false,
    ),
    (
        3,
        "Bodyweight hip thrust",
        3,
        20,
        20,
        false,
        1,
        LoadKind::Bodyweight,
        20,
        2,
        false,
    ),
    (
        4,
        "Single-leg hip thrust",
        3,
        8,
        12,
        true,
        3,
        LoadKind::Bodyweight,
        12,
        2,
        false,
    ),
    (
        5,
        "Dumbbell or kettlebell hip thrust",
        3,
        10,
        15,
        false,
        0,
        LoadKind::Dumbbell,
        15,
        2,
        true,
    ),
    (
        6,
        "Barbell hip thrust",
        5,
        5,
        5,
        false,
        0,
        LoadKind::Barbell,
        5,
        2,
        false,
    ),
    (
        7,
        "Strength phase",
        5,
        3,
        3,
        false,
        0,
        LoadKind::Strength,
        3,
        0,
        true,
    ),
];

/// Every stage's numbers, in order.
pub fn stage_specs() -> Vec<StageSpec> {
    STAGES.iter().map(to_spec).collect()
}

/// One stage's numbers; `None` outside 1..=7.
pub fn stage_spec(number: u8) -> Option<StageSpec> {
    STAGES.iter().find(|row| row.0 == number).map(to_spec)
}

fn to_spec(row: &Row) -> StageSpec {
    let &(
        number,
        name,
        sets,
        reps_low,
        reps_high,
        per_leg,
        hold,
        kind,
        advance,
        qualifying,
        confirms,
    ) = row;
    StageSpec {
        number,
        name: name.to_string(),
        sets,
        reps_low,
        reps_high,
        per_leg,
        hold_seconds: hold,
        load_kind: kind,
        advance_reps: advance,
        qualifying_sessions: qualifying,
        coach_confirms: confirms,
    }
}
