//! Moving a member's stage: a coach's advance, move back or set (with a
//! note the timeline keeps), and the automatic restore a week after a pain
//! regression, written with the member's next session or by the periodic
//! sweep. Each writes the engine's effects.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::app::day::training_day;
use crate::app::effects::Writer;
use crate::app::range_test::loading_hold;
use crate::domain::effects::{self, Reason};
use crate::domain::progression::{loading_held, MemberState};
use crate::domain::stage_move::{stage_after, StageMove};
use crate::error::AppError;
use crate::models::assignment::Assignment;
use crate::models::department::Department;
use crate::models::member::Member;

/// Writes what has come due by `today` (`effects::due_on`): a pain week that
/// is over (the stage comes back by itself) and a hold that is over (the
/// member is back, one stage down after over four weeks), recorded in the
/// timeline as done by the app. Returns the assignment as it now stands.
pub fn restore_if_due(
    conn: &mut SqliteConnection,
    mut assignment: Assignment,
    today: NaiveDate,
    now: NaiveDateTime,
) -> QueryResult<Assignment> {
    let due = effects::due_on(&assignment.state(), today);
    if !due.is_empty() {
        Writer {
            assignment: &mut assignment,
            by: None,
            session_id: None,
            now,
        }
        .write(conn, &due)?;
    }
    Ok(assignment)
}

/// Writes every pain-regression restore and every return from a hold that
/// has come due. Pages show them at once (`app::day`) without writing on
/// GET; the write happens with the member's next session, a coach's
/// action, or here, in the periodic sweep.
pub fn restore_due_regressions(
    conn: &mut SqliteConnection,
    department: &Department,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    use crate::schema::{assignments, members};
    let pending: Vec<(Assignment, Member)> = assignments::table
        .inner_join(members::table)
        .filter(assignments::active.eq(true))
        .filter(
            assignments::regression_restore_on
                .is_not_null()
                .or(assignments::hold_open.eq(true)),
        )
        .select((Assignment::as_select(), Member::as_select()))
        .load(conn)?;
    let mut restored = 0;
    for (assignment, member) in pending {
        let today = training_day(department, &member, now);
        if !effects::due_on(&assignment.state(), today).is_empty() {
            restore_if_due(conn, assignment, today, now.naive_utc())?;
            restored += 1;
        }
    }
    Ok(restored)
}

/// Why a coach's move was refused: the field and the message beside it.
pub type Refused = (&'static str, &'static str);

/// A coach moves a member's stage (advance, move back, set), from the
/// stage as it stands today; "ready to advance" is answered. Returns the
/// new stage, or why the move was refused.
pub fn coach_move(
    conn: &mut SqliteConnection,
    department: &Department,
    member_id: i32,
    requested: StageMove,
    note: &str,
    by: i32,
    now: DateTime<Utc>,
) -> Result<Result<u8, Refused>, AppError> {
    let member = Member::find(conn, member_id)?;
    let Some(assignment) = Assignment::active_for(conn, member_id)? else {
        return Ok(Err(("action", "Assign the progression first.")));
    };
    // A pain week that is over is written first, so the coach moves from
    // the stage the page showed.
    let today = training_day(department, &member, now);
    let mut assignment = restore_if_due(conn, assignment, today, now.naive_utc())?;
    let to = match stage_after(assignment.stage as u8, requested) {
        Ok(to) => to,
        Err(refused) => return Ok(Err((refused.field(), refused.message()))),
    };
    if note.chars().count() > 500 {
        return Ok(Err(("note", "Keep the note under 500 characters.")));
    }
    // Rule: the range test gates loading; a coach may move past the hold
    // with a reason the timeline keeps.
    let state = MemberState {
        loading_hold: loading_hold(conn, member_id, &department.thresholds())?,
        ..assignment.state()
    };
    if to > state.stage && loading_held(&state, to) && note.trim().is_empty() {
        return Ok(Err((
            "action",
            "The latest range test holds loading (near-zero true extension): say why you are \
             moving past it in the note.",
        )));
    }
    let reason = match requested {
        StageMove::Advance => Reason::Advance,
        StageMove::Regress => Reason::Regress,
        StageMove::Set(_) => Reason::Set,
    };
    Writer {
        assignment: &mut assignment,
        by: Some(by),
        session_id: None,
        now: now.naive_utc(),
    }
    .write(conn, &effects::coach_move(to, reason, note))?;
    Ok(Ok(to))
}

/// What the hold form asks for: until when, and why.
pub struct HoldRequest<'a> {
    pub until: NaiveDate,
    pub reason: &'a str,
}

/// Rule: hold. A coach puts a member on hold from today to `until` (a new
/// hold replaces one in progress), or ends it now (`None`): the member is
/// back today, one stage down after over four weeks away. Returns why it
/// was refused, if it was.
pub fn coach_hold(
    conn: &mut SqliteConnection,
    department: &Department,
    member_id: i32,
    request: Option<HoldRequest<'_>>,
    by: i32,
    now: DateTime<Utc>,
) -> Result<Result<(), Refused>, AppError> {
    let member = Member::find(conn, member_id)?;
    let Some(assignment) = Assignment::active_for(conn, member_id)? else {
        return Ok(Err(("until", "Assign the progression first.")));
    };
    let today = training_day(department, &member, now);
    let mut assignment = restore_if_due(conn, assignment, today, now.naive_utc())?;
    let effects = match request {
        Some(HoldRequest { until, reason }) => {
            if until < today {
                return Ok(Err(("until", "Choose today or a later day.")));
            }
            let reason = reason.trim();
            if reason.is_empty() {
                return Ok(Err(("reason", "Say why (injury, leave, modified duty).")));
            }
            if reason.chars().count() > 200 {
                return Ok(Err(("reason", "Keep the reason under 200 characters.")));
            }
            vec![effects::start_hold(
                &assignment.state(),
                today,
                until,
                reason,
            )]
        }
        None => match effects::end_hold_now(&assignment.state(), today) {
            Some(back) => vec![back],
            None => return Ok(Err(("until", "The member is not on hold."))),
        },
    };
    Writer {
        assignment: &mut assignment,
        by: Some(by),
        session_id: None,
        now: now.naive_utc(),
    }
    .write(conn, &effects)?;
    Ok(Ok(()))
}
