//! The record of access: one line each time someone other than a member
//! opens that member's individual data. Lines are only ever appended; no
//! page edits or deletes one (the database refuses an UPDATE).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{access_records, members, users};

/// A line to append.
#[derive(Debug, Clone, PartialEq, Eq, Insertable)]
#[diesel(table_name = access_records)]
pub struct NewAccessRecord {
    pub member_id: i32,
    pub viewer_id: i32,
    pub viewer_role: String,
    pub what: String,
    pub path: String,
    pub at: NaiveDateTime,
}

/// A line as it is read back.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = access_records)]
pub struct AccessRecord {
    pub id: i32,
    pub member_id: i32,
    pub viewer_id: i32,
    pub viewer_role: String,
    pub what: String,
    pub path: String,
    pub at: NaiveDateTime,
}

/// A line with the names a page shows beside it.
#[derive(Debug, Clone)]
pub struct NamedRecord {
    pub record: AccessRecord,
    pub viewer_name: String,
    pub member_name: String,
}

impl NamedRecord {
    /// The role as the page names it.
    pub fn role_label(&self) -> &'static str {
        use crate::domain::Named;
        crate::models::user::Role::parse(&self.record.viewer_role)
            .map(|r| r.label())
            .unwrap_or("staff")
    }
}

/// Appends the lines in one statement (an export's lines, one per member,
/// go in together).
pub fn append(conn: &mut SqliteConnection, lines: &[NewAccessRecord]) -> QueryResult<usize> {
    if lines.is_empty() {
        return Ok(0);
    }
    diesel::insert_into(access_records::table)
        .values(lines)
        .execute(conn)
}

/// A member's lines, newest first, at most `limit`.
pub fn for_member(
    conn: &mut SqliteConnection,
    member_id: i32,
    limit: i64,
) -> QueryResult<Vec<NamedRecord>> {
    page_of(conn, Some(member_id), 0, limit)
}

/// The whole record, newest first: `limit` lines from `offset`.
pub fn page(conn: &mut SqliteConnection, offset: i64, limit: i64) -> QueryResult<Vec<NamedRecord>> {
    page_of(conn, None, offset, limit)
}

pub fn count(conn: &mut SqliteConnection) -> QueryResult<i64> {
    access_records::table.count().get_result(conn)
}

fn page_of(
    conn: &mut SqliteConnection,
    member_id: Option<i32>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<NamedRecord>> {
    let mut query = access_records::table
        .inner_join(users::table)
        .inner_join(members::table)
        .order((access_records::at.desc(), access_records::id.desc()))
        .select((AccessRecord::as_select(), users::name, members::name))
        .offset(offset)
        .limit(limit)
        .into_boxed();
    if let Some(member_id) = member_id {
        query = query.filter(access_records::member_id.eq(member_id));
    }
    Ok(query
        .load::<(AccessRecord, String, String)>(conn)?
        .into_iter()
        .map(|(record, viewer_name, member_name)| NamedRecord {
            record,
            viewer_name,
            member_name,
        })
        .collect())
}
