//! Logging a session as one write: the engine evaluates it against the
//! member's history, and its decision is applied in the same transaction
//! (stage change with the reason, working load, coach flags). Also the
//! automatic restore a week after a pain regression.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::progression::{self as engine, CoachFlag, Decision};
use crate::domain::rotation::Platoon;
use crate::domain::today::Today;
use crate::domain::units::{Load, Units};
use crate::error::AppError;
use crate::models::assignment::{Assignment, Reason};
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::session_log::{raise_flags, NewSession, OpenFlag, Session};
use crate::models::stage::Stage;

/// The member's training day at this moment: for a member on a platoon, the
/// date of the shift that covers it (06:30 after a shift day still belongs
/// to that shift); otherwise the department's calendar date.
/// Decided in `domain::today`, the one place that knows what "today" is.
pub fn training_day(department: &Department, member: &Member, now: DateTime<Utc>) -> NaiveDate {
    Today::at(department.tz(), now).training_day(
        department.rotation(),
        member.platoon.as_deref().and_then(Platoon::parse),
    )
}

/// Lifts a pain regression whose week is over: the stage comes back by
/// itself, recorded in the timeline as done by the app. Returns the
/// assignment as it now stands.
pub fn restore_if_due(
    conn: &mut SqliteConnection,
    assignment: Assignment,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Assignment> {
    match engine::restoration_due(&assignment.state(), today) {
        Some(stage) => {
            assignment.change_stage(conn, stage as i32, Reason::Restored, "", None, None, now)?;
            Assignment::find(conn, assignment.id)
        }
        None => Ok(assignment),
    }
}

/// The assignment as it stands today, without writing: a regression whose
/// week is over already shows the restored stage (the write that records it
/// happens with the member's next session or coach action).
pub fn effective(assignment: &Assignment, today: NaiveDate) -> Assignment {
    let mut a = assignment.clone();
    if let Some(stage) = engine::restoration_due(&a.state(), today) {
        a.stage = stage as i32;
        a.regression_from_stage = None;
        a.regression_restore_on = None;
        a.working_load_grams = None;
        a.load_cap_from = None;
        a.rep_target = None;
    }
    a
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

/// Stores a session and applies the engine's decision. Runs inside the
/// caller's immediate transaction.
#[allow(clippy::too_many_arguments)]
pub fn log_session(
    conn: &mut SqliteConnection,
    member_id: i32,
    target: Target,
    new: &NewSession,
    key: &str,
    entered_by: i32,
    units: Units,
    now: NaiveDateTime,
) -> Result<Logged, AppError> {
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
    let assignment = restore_if_due(conn, assignment, new.trained_on, now)?;
    let stage = Stage::find(conn, assignment.stage)?;
    let spec = stage.spec();
    let dose = assignment.dose(&spec);
    let state = assignment.state();
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
    .map(Session::domain)
    .collect();
    // What was prescribed is decided here, from the history, whatever the
    // form sent: the weekly cap counts from it.
    let new = &NewSession {
        prescribed_load: engine::prescribe(&spec, &dose, &state, &history, new.trained_on, units)
            .load,
        variations: assignment.variation_list().to_vec(),
        ..new.clone()
    };
    let outcome = engine::evaluate(
        &spec,
        &dose,
        &state,
        &history,
        &new.domain(spec.number),
        units,
    );
    let id = match partial_id {
        None => Session::insert(
            conn,
            member_id,
            assignment.id,
            assignment.stage,
            new,
            &outcome,
            key,
            entered_by,
            now,
        )?,
        Some(id) => {
            let partial = Session::find(conn, id)?;
            if partial.row.member_id != member_id || partial.row.is_finished() {
                return Err(AppError::NotFound);
            }
            Session::replace(conn, id, new, &outcome, key, entered_by, now)?;
            id
        }
    };
    let next = state.after(&outcome);
    match outcome.decision {
        Decision::Advance { to } => {
            assignment.change_stage(conn, to as i32, Reason::Advance, "", None, None, now)?;
            OpenFlag::resolve_kind(conn, member_id, CoachFlag::ReadyToAdvance, None, now)?;
        }
        Decision::PainRegression { to, .. } => {
            let note = if to as i32 == assignment.stage {
                "Pain again inside the week: the week starts over."
            } else {
                ""
            };
            assignment.change_stage(
                conn,
                to as i32,
                Reason::PainRegression,
                note,
                None,
                next.regression.as_ref(),
                now,
            )?;
        }
        Decision::Stay | Decision::ReadyToAdvance | Decision::StopSeeCoach => {
            assignment.carry(conn, &next)?;
        }
    }
    raise_flags(conn, member_id, id, &outcome.coach_flags, now)?;
    Ok(Logged::Saved(id))
}

/// Writes every pain-regression restore that has come due. Pages show a due
/// restore at once (`effective`) without writing on GET; the write happens
/// with the member's next session, or here, in the periodic sweep.
pub fn restore_due_regressions(
    conn: &mut diesel::SqliteConnection,
    department: &Department,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, AppError> {
    use crate::schema::{assignments, members};
    let pending: Vec<(Assignment, Member)> = assignments::table
        .inner_join(members::table)
        .filter(assignments::active.eq(true))
        .filter(assignments::regression_restore_on.is_not_null())
        .select((Assignment::as_select(), Member::as_select()))
        .load(conn)?;
    let mut restored = 0;
    for (assignment, member) in pending {
        let today = training_day(department, &member, now);
        if engine::restoration_due(&assignment.state(), today).is_some() {
            restore_if_due(conn, assignment, today, now.naive_utc())?;
            restored += 1;
        }
    }
    Ok(restored)
}
