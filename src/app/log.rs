//! Logging a session (a new one, or finishing one saved partial) as one
//! write: the engine evaluates it against the member's history, and the
//! effects of its decision (stage change with the reason, working load, rep
//! target, coach flags) are written in the same transaction. Also today's
//! load limits for the coach's dose form.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::app::effects::Writer;
use crate::app::range_test::loading_hold;
use crate::app::stage::restore_if_due;
use crate::domain::effects;
use crate::domain::progression::{self as engine};
use crate::domain::session::may_auto_advance;
use crate::domain::today::{local, local_today};
use crate::domain::units::{Load, Units};
use crate::error::AppError;
use crate::models::assignment::{last_coach_decision, stage_moves, Assignment};
use crate::models::department::Department;
use crate::models::session_log::{NewSession, Session};
use crate::models::stage::Stage;

/// The stage an assignment is at and the day (in the department's time
/// zone, `tz`) it began: a coach's backdated entry may not reach before it.
pub fn current_stage_began(
    conn: &mut SqliteConnection,
    assignment_id: i32,
    tz: chrono_tz::Tz,
) -> QueryResult<Option<(u8, NaiveDate)>> {
    let moves: Vec<effects::StageMove> = stage_moves(conn, assignment_id)?
        .into_iter()
        .map(|(at, from, to)| effects::StageMove {
            on: local(tz, at).date(),
            from: from.map(|s| s as u8),
            to: to as u8,
        })
        .collect();
    Ok(effects::current_stage_since(&moves))
}

/// Today's load limits for a member's assignment: the most the weekly cap
/// allows (`None` before anything was prescribed at this weight) and the
/// load prescribed today.
pub struct LoadLimits {
    pub ceiling: Option<Load>,
    pub prescribed: Option<Load>,
}

pub fn load_limits(
    conn: &mut SqliteConnection,
    assignment: &Assignment,
    today: NaiveDate,
    units: Units,
) -> QueryResult<LoadLimits> {
    let spec = Stage::find(conn, assignment.stage)?.spec();
    let history: Vec<engine::SessionLog> = Session::for_member(conn, assignment.member_id)?
        .iter()
        .filter(|s| !s.row.is_voided())
        .map(Session::domain)
        .collect();
    let state = assignment.state();
    Ok(LoadLimits {
        ceiling: engine::load_ceiling(&spec, history.iter(), state.load_cap_from, today, units),
        prescribed: engine::prescribe(
            &spec,
            &assignment.dose(&spec),
            &state,
            &history,
            today,
            units,
        )
        .load,
    })
}

pub enum Logged {
    /// Stored under this id.
    Saved(i32),
    /// The same form was already stored (double tap, retry): this id.
    Duplicate(i32),
    /// No active assignment: nothing to log against.
    NoAssignment,
}

/// Where a session goes: a new one, or a partial one being finished.
pub enum Target {
    New,
    Partial(i32),
}

/// One session as a person logs it: for whom, by whom, under which
/// one-time form key.
pub struct Entry<'a> {
    pub member_id: i32,
    pub target: Target,
    pub session: &'a NewSession,
    pub key: &'a str,
    pub entered_by: i32,
    /// The department as the page holds it (units, thresholds, time zone).
    pub department: &'a Department,
    pub now: NaiveDateTime,
}

/// Stores a session and writes the effects of the engine's decision. Runs
/// inside the caller's immediate transaction.
pub fn log_session(conn: &mut SqliteConnection, entry: Entry<'_>) -> Result<Logged, AppError> {
    let Entry {
        member_id,
        target,
        session: new,
        key,
        entered_by,
        department,
        now,
    } = entry;
    let units = department.units();
    if let Some(existing) = Session::find_by_key(conn, key)? {
        return if existing.member_id == member_id {
            Ok(Logged::Duplicate(existing.id))
        } else {
            Err(AppError::NotFound)
        };
    }
    let Some(assignment) = Assignment::active_for(conn, member_id)? else {
        return Ok(Logged::NoAssignment);
    };
    let mut assignment = restore_if_due(conn, assignment, new.trained_on, now)?;
    let stage = Stage::find(conn, assignment.stage)?;
    let spec = stage.spec();
    let dose = assignment.dose(&spec);
    // The engine reads the latest range test's loading hold with the state.
    let thresholds = department.thresholds();
    let mut state = engine::MemberState {
        loading_hold: loading_hold(conn, member_id, &thresholds)?,
        ..assignment.state()
    };
    // A day before today counts from now on, and never moves the member up
    // by itself past a coach's decision since that day: the coach confirms.
    let tz = department.tz();
    let today = local_today(tz, now.and_utc());
    if state.auto_advance && new.trained_on < today {
        let decided = last_coach_decision(conn, member_id)?.map(|t| local(tz, t).date());
        state.auto_advance = may_auto_advance(new.trained_on, today, decided);
    }
    let partial_id = match target {
        Target::New => None,
        Target::Partial(id) => Some(id),
    };
    let history: Vec<engine::SessionLog> = Session::for_rules(
        conn,
        member_id,
        stage.id,
        new.trained_on,
        stage.qualifying_sessions,
    )?
    .iter()
    .filter(|s| Some(s.row.id) != partial_id)
    // In date order: a past day's entry is read after what came before it,
    // never after sessions of later days.
    .filter(|s| s.row.trained_on <= new.trained_on)
    .map(Session::domain)
    .collect();
    // What was prescribed is decided here, from the history, whatever the
    // form sent: the weekly cap counts from it. The lighter session only
    // after a poor readiness answer.
    let lighter = new.lighter && new.readiness.is_some_and(|r| r.poor());
    let rx = if lighter {
        engine::prescribe_lighter(&spec, &dose, &state, &history, new.trained_on, units)
    } else {
        engine::prescribe(&spec, &dose, &state, &history, new.trained_on, units)
    };
    let new = &NewSession {
        prescribed_load: rx.load,
        lighter,
        variations: assignment.variation_list().to_vec(),
        ..new.clone()
    };
    // The session is kept at the stage whose exercise was done: the floor
    // bridge after a repeated cramp, otherwise the member's.
    let done_at = rx.stage;
    let outcome = engine::evaluate(&spec, &dose, &state, &history, &new.domain(done_at), units);
    // Kept with the session, so that a void gives them back.
    let carried = effects::Carried {
        working_load: state.working_load,
        rep_target: state.rep_target,
        regression: state.regression,
    };
    let id = match partial_id {
        None => Session::insert(
            conn,
            member_id,
            assignment.id,
            i32::from(done_at),
            new,
            &outcome,
            carried,
            key,
            entered_by,
            now,
        )?,
        Some(id) => {
            let partial = Session::find(conn, id)?;
            if partial.row.member_id != member_id || !partial.row.awaits_finish() {
                return Err(AppError::NotFound);
            }
            Session::replace(conn, id, new, &outcome, carried, key, entered_by, now)?;
            id
        }
    };
    Writer {
        assignment: &mut assignment,
        by: None,
        session_id: Some(id),
        now,
    }
    .write(conn, &effects::of_session(&state, &outcome))?;
    Ok(Logged::Saved(id))
}
