//! What the printable station sheet reads for the members it shows: their
//! records, active assignments and session histories, and the catalog, in a
//! fixed number of queries whatever the number of members.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::models::assignment::Assignment;
use crate::models::export;
use crate::models::member::Member;
use crate::models::session_log::Session;
use crate::models::stage::Stage;
use crate::schema::{assignments, members};

pub struct SheetData {
    pub members: HashMap<i32, (Member, Option<Assignment>)>,
    /// Each member's sessions, oldest first (the order the engine reads).
    pub sessions: HashMap<i32, Vec<Session>>,
    pub stages: Vec<Stage>,
}

pub fn load(conn: &mut SqliteConnection, member_ids: &[i32]) -> QueryResult<SheetData> {
    let members = members::table
        .left_join(
            assignments::table.on(assignments::member_id
                .eq(members::id)
                .and(assignments::active.eq(true))),
        )
        .filter(members::id.eq_any(member_ids))
        .select((Member::as_select(), Option::<Assignment>::as_select()))
        .load::<(Member, Option<Assignment>)>(conn)?
        .into_iter()
        .map(|(m, a)| (m.id, (m, a)))
        .collect();
    let mut sessions: HashMap<i32, Vec<Session>> = HashMap::new();
    // Voided sessions count nowhere, the sheet's prescriptions included.
    let lines = export::session_lines(conn, member_ids, None, None)?;
    for (row, entered_by, set) in lines.into_iter().filter(|(r, _, _)| !r.is_voided()) {
        let list = sessions.entry(row.member_id).or_default();
        match list.last_mut() {
            Some(last) if last.row.id == row.id => last.sets.extend(set),
            _ => list.push(Session {
                row,
                sets: set.into_iter().collect(),
                entered_by,
            }),
        }
    }
    Ok(SheetData {
        members,
        sessions,
        stages: Stage::all(conn)?,
    })
}
