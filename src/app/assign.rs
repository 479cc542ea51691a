//! A coach assigns the progression to one or many members at once: each
//! member's previous assignment is kept (inactive) and the timeline records
//! the start. All or none: a member who is gone or deactivated stops the
//! whole write.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::error::AppError;
use crate::models::assignment::{AssignFields, Assignment};
use crate::models::member::Member;

/// Assigns `fields` to every member in `member_ids`; returns how many.
pub fn assign(
    conn: &mut SqliteConnection,
    member_ids: &[i32],
    fields: &AssignFields,
    by: i32,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    for id in member_ids {
        let member = Member::find(conn, *id)?;
        if !member.active {
            return Err(AppError::NotFound);
        }
        Assignment::assign(conn, member.id, fields, by, now)?;
    }
    Ok(member_ids.len())
}
