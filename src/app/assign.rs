//! A coach assigns the progression to one or many members at once: each
//! member's previous assignment is kept (inactive) and the timeline records
//! the start. All or none, and checked inside the write: the form's second
//! step (the confirm) may come long after the first, so every member is
//! looked at again here. A member the viewer may not see (another
//! station's, or unknown) is not found, as on every page; a member who is
//! no longer active is named in a refusal and nothing is assigned.

use chrono::NaiveDateTime;
use diesel::SqliteConnection;

use crate::app::access::Viewer;
use crate::error::AppError;
use crate::models::assignment::{AssignFields, Assignment};

/// What an assignment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assigned {
    /// Assigned to this many members.
    Done(usize),
    /// Nothing assigned: these members (by name) are no longer assignable.
    Refused(Vec<String>),
}

impl Assigned {
    /// The refusal as the form shows it beside the members.
    pub fn refusal_text(names: &[String]) -> String {
        format!(
            "No longer assignable: {} (deactivated since you chose). Nothing was assigned.",
            names.join(", ")
        )
    }
}

/// Assigns `fields` to every member in `member_ids`, for `viewer`, inside
/// the caller's immediate transaction.
pub fn assign(
    conn: &mut SqliteConnection,
    viewer: &Viewer,
    member_ids: &[i32],
    fields: &AssignFields,
    now: NaiveDateTime,
) -> Result<Assigned, AppError> {
    let mut members = Vec::with_capacity(member_ids.len());
    let mut refused = Vec::new();
    for id in member_ids {
        let member = viewer.member(conn, *id)?;
        if member.active {
            members.push(member.id);
        } else {
            refused.push(member.name);
        }
    }
    if !refused.is_empty() {
        return Ok(Assigned::Refused(refused));
    }
    for id in &members {
        Assignment::assign(conn, *id, fields, viewer.user_id, now)?;
    }
    Ok(Assigned::Done(members.len()))
}
