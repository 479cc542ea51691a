//! Voiding a session, the one way a logged session is taken back: the
//! member's undo (their own session, until the end of the day it was logged
//! in the department's time zone) and a coach's correction (with a reason).
//! Nothing is deleted: the session is marked voided (who, when, why), it
//! stops counting everywhere, the flags it raised are answered, and any
//! stage change it caused is undone through the engine's effects
//! (`effects::of_void`), so the timeline keeps both facts; the working load
//! and rep target it carried come back when nothing was logged since.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::app::effects::Writer;
use crate::domain::effects;
use crate::domain::session::undo_open;
use crate::error::AppError;
use crate::models::assignment::Assignment;
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::session_log::{OpenFlag, Session};
use crate::schema::session_logs;

/// What a void did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voided {
    /// Voided now; the member it belonged to.
    Now { member_id: i32 },
    /// It was voided already; nothing changed.
    Already { member_id: i32 },
}

/// Refusal for an undo after the day it was logged.
pub const UNDO_CLOSED: &str = "The undo is open until the end of the day the session was \
     logged, and that day is over. Ask your coach: they can void it with a reason.";

/// Refusal for an undo of a session a coach entered for the member.
pub const ENTERED_BY_COACH: &str =
    "Your coach entered this session for you; ask them to void it if it is wrong.";

/// Voids session `session_id` for `by` (a user id), for `reason`, inside
/// the caller's immediate transaction. Unknown id: `NotFound`.
pub fn void_session(
    conn: &mut SqliteConnection,
    session_id: i32,
    by: i32,
    reason: &str,
    now: NaiveDateTime,
) -> Result<Voided, AppError> {
    let session = Session::find(conn, session_id)?;
    let member_id = session.row.member_id;
    if session.row.is_voided() {
        return Ok(Voided::Already { member_id });
    }
    let reason = reason.trim();
    diesel::update(session_logs::table.find(session_id))
        .set((
            session_logs::voided_at.eq(now),
            session_logs::voided_by.eq(by),
            session_logs::void_reason.eq(reason),
        ))
        .execute(conn)?;
    OpenFlag::resolve_for_session(conn, session_id, by, now)?;
    if let Some(mut assignment) =
        Assignment::active_for(conn, member_id)?.filter(|a| a.id == session.row.assignment_id)
    {
        let note = format!(
            "Session of {} voided: {reason}",
            crate::domain::today::day_text(session.row.trained_on)
        );
        // What it carried comes back only when nothing was logged since.
        let before = (!Session::any_after(conn, member_id, session_id)?)
            .then(|| session.row.carried_before());
        let undo = effects::of_void(
            &assignment.state(),
            &session.row.decision()?,
            u8::try_from(session.row.stage).unwrap_or(0),
            before,
            Session::pain_week_before(conn, session_id)?,
            &note,
        );
        Writer {
            assignment: &mut assignment,
            by: Some(by),
            session_id: Some(session_id),
            now,
        }
        .write(conn, &undo)?;
        // The change it caused and the row that undid it both name the
        // session: neither counts as a stage change any more.
        if undo
            .iter()
            .any(|e| matches!(e, effects::Effect::StageChange { .. }))
        {
            crate::models::assignment::mark_changes_undone(conn, session_id)?;
        }
    }
    Ok(Voided::Now { member_id })
}

/// The member's undo of a session they logged themselves (another
/// member's is `NotFound`; one a coach entered for them is the coach's to
/// void), while it is open: until the end of the day it was logged in the
/// department's time zone.
pub fn undo_own(
    conn: &mut SqliteConnection,
    session_id: i32,
    user_id: i32,
    now: DateTime<Utc>,
) -> Result<Voided, AppError> {
    let member = Member::find_by_user(conn, user_id)?.ok_or(AppError::NotFound)?;
    let session = Session::find(conn, session_id)?;
    if session.row.member_id != member.id {
        return Err(AppError::NotFound);
    }
    if session.row.is_voided() {
        return Ok(Voided::Already {
            member_id: member.id,
        });
    }
    if session.row.entered_by != user_id {
        return Err(AppError::Forbidden(ENTERED_BY_COACH));
    }
    let tz = Department::get(conn)?.tz();
    if !undo_open(tz, session.row.created_at, now) {
        return Err(AppError::Forbidden(UNDO_CLOSED));
    }
    void_session(
        conn,
        session_id,
        user_id,
        "undone by the member (a mistake)",
        now.naive_utc(),
    )
}
