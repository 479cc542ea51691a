//! What the CSV exports read, a few members at a time so that a large
//! export streams page by page instead of loading the department at once.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::models::range_test::RangeTest;
use crate::models::session_log::{SessionRow, SetRow};
use crate::schema::{members, range_tests, session_logs, session_sets, users};

/// Who a row of an export belongs to.
#[derive(Debug, Clone, Queryable)]
pub struct ExportMember {
    pub id: i32,
    pub name: String,
    pub station: String,
    pub platoon: Option<String>,
}

/// The members an export covers, by name: one (404 when unknown), or all of
/// them, deactivated ones included (their history stays).
pub fn members(conn: &mut SqliteConnection, only: Option<i32>) -> QueryResult<Vec<ExportMember>> {
    let mut query = members::table
        .select((
            members::id,
            members::name,
            members::station,
            members::platoon,
        ))
        .order((members::name.asc(), members::id.asc()))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(members::id.eq(id));
    }
    let found: Vec<ExportMember> = query.load(conn)?;
    if only.is_some() && found.is_empty() {
        return Err(diesel::result::Error::NotFound);
    }
    Ok(found)
}

/// One set of a session (`None` for a session saved without sets), with the
/// name of who entered the session.
pub type SetLine = (SessionRow, String, Option<SetRow>);

/// The sessions of these members between two dates (both included), with
/// their sets, oldest first per member, in one query.
pub fn session_lines(
    conn: &mut SqliteConnection,
    member_ids: &[i32],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> QueryResult<Vec<SetLine>> {
    let mut query = session_logs::table
        .inner_join(users::table.on(users::id.eq(session_logs::entered_by)))
        .left_join(session_sets::table)
        .filter(session_logs::member_id.eq_any(member_ids))
        .order((
            session_logs::member_id,
            session_logs::trained_on,
            session_logs::id,
            session_sets::set_number,
        ))
        .select((
            SessionRow::as_select(),
            users::name,
            Option::<SetRow>::as_select(),
        ))
        .into_boxed();
    if let Some(from) = from {
        query = query.filter(session_logs::trained_on.ge(from));
    }
    if let Some(to) = to {
        query = query.filter(session_logs::trained_on.le(to));
    }
    query.load(conn)
}

/// The range tests of these members, oldest first per member, with the name
/// of the coach who recorded each.
pub fn range_tests(
    conn: &mut SqliteConnection,
    member_ids: &[i32],
) -> QueryResult<Vec<(RangeTest, String)>> {
    range_tests::table
        .inner_join(users::table)
        .filter(range_tests::member_id.eq_any(member_ids))
        .order((
            range_tests::member_id,
            range_tests::tested_on,
            range_tests::id,
        ))
        .select((RangeTest::as_select(), users::name))
        .load(conn)
}
