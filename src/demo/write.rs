//! Bulk writes of what the simulation decided: the same columns and codes as
//! the models' one-at-a-time writes (`Session::insert`, `change_stage`,
//! `raise_flags`, `RangeTest::create`), many rows per statement.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::models::range_test::RangeTestFields;
use crate::schema::{
    assignments, coach_flags, members, range_tests, session_logs, session_sets, stage_changes,
    users,
};

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: &'static str,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = members)]
#[diesel(treat_none_as_default_value = false)]
pub struct MemberRow {
    pub id: i32,
    pub name: String,
    pub station: String,
    pub platoon: Option<String>,
    pub start_date: NaiveDate,
    pub notes: String,
    pub active: bool,
    pub user_id: Option<i32>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = assignments)]
#[diesel(treat_none_as_default_value = false)]
pub struct AssignmentRow {
    pub id: i32,
    pub member_id: i32,
    pub stage: i32,
    pub sessions_per_week: i32,
    pub training_days: String,
    pub start_date: NaiveDate,
    pub auto_advance: bool,
    pub working_load_grams: Option<i32>,
    pub rep_target: Option<i32>,
    pub regression_from_stage: Option<i32>,
    pub regression_restore_on: Option<NaiveDate>,
    pub active: bool,
    pub created_by: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = stage_changes)]
#[diesel(treat_none_as_default_value = false)]
pub struct ChangeRow {
    pub member_id: i32,
    pub assignment_id: i32,
    pub from_stage: Option<i32>,
    pub to_stage: i32,
    pub reason: &'static str,
    pub note: String,
    pub changed_by: Option<i32>,
    pub changed_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = session_logs)]
#[diesel(treat_none_as_default_value = false)]
pub struct SessionRow {
    pub id: i32,
    pub member_id: i32,
    pub assignment_id: i32,
    pub stage: i32,
    pub trained_on: NaiveDate,
    pub status: &'static str,
    pub as_prescribed: bool,
    pub felt: String,
    pub pain: &'static str,
    pub cramp: bool,
    pub good_form: bool,
    pub effort: Option<i32>,
    pub note: &'static str,
    pub outcome: &'static str,
    pub outcome_stage: Option<i32>,
    pub outcome_until: Option<NaiveDate>,
    pub extra: bool,
    pub prescribed_load_grams: Option<i32>,
    pub fixes: String,
    pub suggest_floor_bridges: bool,
    pub idempotency_key: String,
    pub entered_by: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub shift: Option<&'static str>,
    pub shift_sleep: Option<&'static str>,
    pub shift_soreness: Option<&'static str>,
    pub shift_calls: Option<&'static str>,
    pub lighter: bool,
}

#[derive(Insertable)]
#[diesel(table_name = session_sets)]
#[diesel(treat_none_as_default_value = false)]
pub struct SetRow {
    pub session_id: i32,
    pub set_number: i32,
    pub reps: i32,
    pub reps_other_side: Option<i32>,
    pub load_grams: i32,
    pub hold_seconds: i32,
}

#[derive(Insertable)]
#[diesel(table_name = coach_flags)]
#[diesel(treat_none_as_default_value = false)]
pub struct FlagRow {
    pub member_id: i32,
    pub session_id: Option<i32>,
    pub kind: &'static str,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<i32>,
}

#[derive(Insertable)]
#[diesel(table_name = range_tests)]
pub struct TestRow {
    #[diesel(embed)]
    pub fields: RangeTestFields,
    pub member_id: i32,
    pub tested_by: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Rows waiting to be written.
#[derive(Default)]
pub struct Rows {
    pub users: Vec<UserRow>,
    pub members: Vec<MemberRow>,
    pub assignments: Vec<AssignmentRow>,
    pub changes: Vec<ChangeRow>,
    pub sessions: Vec<SessionRow>,
    pub sets: Vec<SetRow>,
    pub flags: Vec<FlagRow>,
    pub tests: Vec<TestRow>,
}

/// SQLite allows 32,766 bound values per statement; stay well below.
const MAX_VALUES: usize = 30_000;

macro_rules! insert_chunks {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {
        for chunk in $rows.chunks(MAX_VALUES / $columns) {
            diesel::insert_into($table).values(chunk).execute($conn)?;
        }
    };
}

impl Rows {
    /// Writes everything in foreign-key order and empties the buffers.
    pub fn flush(&mut self, conn: &mut SqliteConnection) -> QueryResult<()> {
        insert_chunks!(conn, users::table, self.users, 7);
        insert_chunks!(conn, members::table, self.members, 9);
        insert_chunks!(conn, assignments::table, self.assignments, 14);
        insert_chunks!(conn, stage_changes::table, self.changes, 8);
        insert_chunks!(conn, session_logs::table, self.sessions, 29);
        insert_chunks!(conn, session_sets::table, self.sets, 6);
        insert_chunks!(conn, coach_flags::table, self.flags, 6);
        insert_chunks!(conn, range_tests::table, self.tests, 17);
        *self = Rows::default();
        Ok(())
    }
}

/// The next free id of each table whose ids the demo hands out itself.
pub struct NextIds {
    pub user: i32,
    pub member: i32,
    pub assignment: i32,
    pub session: i32,
}

impl NextIds {
    pub fn load(conn: &mut SqliteConnection) -> QueryResult<NextIds> {
        use diesel::dsl::max;
        let next = |m: Option<i32>| m.unwrap_or(0) + 1;
        Ok(NextIds {
            user: next(users::table.select(max(users::id)).first(conn)?),
            member: next(members::table.select(max(members::id)).first(conn)?),
            assignment: next(
                assignments::table
                    .select(max(assignments::id))
                    .first(conn)?,
            ),
            session: next(
                session_logs::table
                    .select(max(session_logs::id))
                    .first(conn)?,
            ),
        })
    }
}
