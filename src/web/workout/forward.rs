//! The way forward on today's page: how close the next stage is (the
//! engine's own count, `sessions_to_move_up`, and its standard), the last
//! three sessions in a line each, and the next planned day (the member's
//! plan, `MemberDay::plan`).

use chrono::{Days, NaiveDate};

use super::history::{outcome_words, sets_words};
use super::WorkoutData;
use crate::domain::progression as engine;
use crate::domain::units::{Load, Units};
use crate::models::session_log::Session;

/// Days ahead the next planned session is looked for (every full week
/// holds two sessions, so two weeks always reach one).
const NEXT_HORIZON_DAYS: u64 = 14;
/// Sessions shown at a glance.
const RECENT: usize = 3;

/// What today's page shows of the way forward.
pub struct Forward {
    /// How close moving up is, in words; `None` at the last stage.
    pub to_move_up: Option<String>,
    /// What a session must do to count toward moving up.
    pub standard: Option<String>,
    /// The newest sessions, newest first, a line each.
    pub recent: Vec<String>,
    /// "Next session: Fri 20 Nov 2026", when the plan has one.
    pub next_session: Option<String>,
}

impl Forward {
    pub fn new(data: &WorkoutData, units: Units) -> Option<Forward> {
        let assignment = data.day.assignment.as_ref()?;
        let stage = data.stage.as_ref()?;
        let spec = stage.spec();
        let dose = assignment.dose(&spec);
        let state = assignment.state();
        let today = data.day.today;
        let history = &data.history;
        let to_go = engine::sessions_to_move_up(&spec, &dose, history, units);
        let next_stage = spec.number + 1;
        let to_move_up = to_go.map(|t| {
            if let Some(r) = &state.regression {
                format!(
                    "Moving up waits until your stage comes back on {}.",
                    crate::domain::today::day_text(r.restore_on)
                )
            } else if t.left() == 0 && engine::loading_held(&state, next_stage) {
                "You meet the standard; your latest range test keeps you off loaded stages for now."
                    .to_string()
            } else if t.left() == 0 {
                format!("Ready to move up to stage {next_stage}: your coach confirms the move.")
            } else if t.done == 0 {
                match t.needed {
                    1 => format!("1 session that meets the standard moves you up to stage {next_stage}."),
                    n => format!("{n} sessions in a row that meet the standard move you up to stage {next_stage}."),
                }
            } else {
                let newest = history.iter().rev().find(|s| s.finished).map(|s| s.date);
                format!(
                    "{} more session{} like {} to move up to stage {next_stage}.",
                    t.left(),
                    if t.left() == 1 { "" } else { "s" },
                    if newest == Some(today) { "today" } else { "your last one" },
                )
            }
        });
        let standard = to_go.map(|_| standard_text(&engine::standard(&spec, &dose, units), units));
        let recent = data
            .sessions
            .iter()
            .rev()
            .take(RECENT)
            .map(|s| recent_line(s, units))
            .collect();
        let next_session = match data.day.hold() {
            Some(_) => None,
            None => data.day.plan().and_then(|plan| {
                let from = today.succ_opt()?;
                let to = today.checked_add_days(Days::new(NEXT_HORIZON_DAYS))?;
                plan.planned_days(from, to).first().copied()
            }),
        }
        .map(|d: NaiveDate| format!("Next session: {}", crate::domain::today::day_text(d)));
        Some(Forward {
            to_move_up,
            standard,
            recent,
            next_session,
        })
    }
}

/// "What counts: 3 x 15 per leg with the 3 s hold, ...".
fn standard_text(s: &engine::Standard, units: Units) -> String {
    let mut text = format!("What counts: {} x {}", s.sets, s.reps);
    if s.per_leg {
        text.push_str(" per leg");
    }
    if s.hold_seconds > 0 {
        text.push_str(&format!(" with the {} s hold", s.hold_seconds));
    }
    if let Some(above) = s.above {
        text.push_str(&format!(" above {}", above.display(units)));
    }
    text.push_str(", felt only in the glutes, no pain or cramp, good form.");
    text
}

/// "Wed 18 Nov 2026: 20, 20, 12 · bodyweight · Same stage next session".
fn recent_line(s: &Session, units: Units) -> String {
    let reps = sets_words(s);
    let load = s
        .top_load()
        .filter(|l| l.grams > 0)
        .map_or_else(|| "bodyweight".to_string(), |l: Load| l.display(units));
    let outcome = outcome_words(s).unwrap_or_default();
    format!(
        "{}: {} · {} · {}",
        crate::domain::today::day_text(s.row.trained_on),
        if reps.is_empty() { "no sets" } else { &reps },
        load,
        outcome
    )
}
