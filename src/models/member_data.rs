//! Everything the app keeps about one member, read for their own download
//! (issue 22, item 4): the profile and account, assignments (with their
//! variations and holds), sessions with their sets, stage changes, range
//! tests and the corrections to them, coach flags, and the member's
//! acknowledgements of the data-use statement. Values are as
//! stored (grams, micrometres, UTC times), named after their columns.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::{
    assignments, coach_flags, members, range_test_audit, range_tests, session_logs, session_sets,
    stage_changes, statement_acknowledgements, users,
};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = members)]
pub struct Profile {
    pub id: i32,
    pub name: String,
    pub station: String,
    pub platoon: Option<String>,
    pub start_date: NaiveDate,
    pub notes: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

/// The login account (never its password hash).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct Account {
    pub email: String,
    pub name: String,
    pub role: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = assignments)]
pub struct AssignmentRecord {
    pub id: i32,
    pub stage: i32,
    pub sessions_per_week: i32,
    pub training_days: String,
    pub start_date: NaiveDate,
    pub auto_advance: bool,
    pub dose_sets: Option<i32>,
    pub dose_reps_low: Option<i32>,
    pub dose_reps_high: Option<i32>,
    pub dose_hold_seconds: Option<i32>,
    pub working_load_grams: Option<i32>,
    pub regression_from_stage: Option<i32>,
    pub regression_restore_on: Option<NaiveDate>,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub load_cap_from: Option<NaiveDate>,
    pub dose_stage: Option<i32>,
    pub rep_target: Option<i32>,
    pub variations: String,
    pub hold_from: Option<NaiveDate>,
    pub hold_until: Option<NaiveDate>,
    pub hold_reason: String,
    pub hold_open: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = session_logs)]
pub struct SessionRecord {
    pub id: i32,
    pub assignment_id: i32,
    pub stage: i32,
    pub trained_on: NaiveDate,
    pub status: String,
    pub as_prescribed: bool,
    pub felt: String,
    pub pain: String,
    pub cramp: bool,
    pub good_form: bool,
    pub effort: Option<i32>,
    pub note: String,
    pub outcome: String,
    pub outcome_stage: Option<i32>,
    pub outcome_until: Option<NaiveDate>,
    pub fixes: String,
    pub suggest_floor_bridges: bool,
    pub extra: bool,
    pub prescribed_load_grams: Option<i32>,
    pub top_load_grams: Option<i32>,
    pub variations: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = session_sets)]
pub struct SetRecord {
    #[serde(skip)]
    pub session_id: i32,
    pub set_number: i32,
    pub reps: i32,
    pub reps_other_side: Option<i32>,
    pub load_grams: i32,
    pub hold_seconds: i32,
}

/// A set's columns in the sessions CSV: empty for a session saved without
/// sets.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SetColumns {
    pub set_number: Option<i32>,
    pub reps: Option<i32>,
    pub reps_other_side: Option<i32>,
    pub load_grams: Option<i32>,
    pub hold_seconds: Option<i32>,
}

impl From<&SetRecord> for SetColumns {
    fn from(s: &SetRecord) -> SetColumns {
        SetColumns {
            set_number: Some(s.set_number),
            reps: Some(s.reps),
            reps_other_side: s.reps_other_side,
            load_grams: Some(s.load_grams),
            hold_seconds: Some(s.hold_seconds),
        }
    }
}

/// A session with its sets and who entered it.
#[derive(Debug, Clone, Serialize)]
pub struct SessionWithSets {
    #[serde(flatten)]
    pub session: SessionRecord,
    pub entered_by: String,
    pub sets: Vec<SetRecord>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageChangeRecord {
    pub id: i32,
    pub assignment_id: i32,
    pub from_stage: Option<i32>,
    pub to_stage: i32,
    pub reason: String,
    pub note: String,
    /// Who made the change; empty when the app made it by its rules.
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = range_tests)]
pub struct RangeTestRecord {
    pub id: i32,
    pub tested_on: NaiveDate,
    pub double_leg_um: i64,
    pub ninety_left_um: i64,
    pub ninety_right_um: i64,
    pub hugged_left_um: i64,
    pub hugged_right_um: i64,
    pub felt_a: String,
    pub felt_b: String,
    pub felt_c: String,
    pub cramp: bool,
    pub pain: bool,
    pub pain_where: String,
    pub notes: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize)]
pub struct RangeTestWithTester {
    #[serde(flatten)]
    pub test: RangeTestRecord,
    pub tested_by: String,
}

/// A correction or deletion of a range test: what it held before and after
/// (as the JSON the audit trail keeps), who changed it and when.
#[derive(Debug, Clone, Serialize)]
pub struct RangeTestCorrection {
    pub range_test_id: i32,
    pub action: String,
    pub changed_by: String,
    pub changed_at: NaiveDateTime,
    pub before: serde_json::Value,
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlagRecord {
    pub id: i32,
    pub session_id: Option<i32>,
    pub kind: String,
    pub created_at: NaiveDateTime,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: String,
}

/// The member's acknowledgement of a version of the data-use statement.
#[derive(Debug, Clone, Queryable, Serialize)]
pub struct AcknowledgementRecord {
    pub statement_version: i32,
    pub acknowledged_at: NaiveDateTime,
}

/// Who opened this member's data: a line of the record of access (kept by
/// another part of the app; see `access_lines`).
#[derive(Debug, Clone, Serialize)]
pub struct AccessLine {
    pub viewer: String,
    pub viewer_role: String,
    pub what: String,
    pub path: String,
    pub at: NaiveDateTime,
}

/// Everything about one member.
#[derive(Debug, Clone, Serialize)]
pub struct MemberData {
    pub exported_at: NaiveDateTime,
    pub department: String,
    /// How values are stored: loads in grams, heights in micrometres, times
    /// in UTC.
    pub units_note: &'static str,
    pub profile: Profile,
    pub account: Option<Account>,
    pub assignments: Vec<AssignmentRecord>,
    pub sessions: Vec<SessionWithSets>,
    pub stage_changes: Vec<StageChangeRecord>,
    pub range_tests: Vec<RangeTestWithTester>,
    pub range_test_corrections: Vec<RangeTestCorrection>,
    pub flags: Vec<FlagRecord>,
    pub statement_acknowledgements: Vec<AcknowledgementRecord>,
    pub access_record: Vec<AccessLine>,
}

pub const UNITS_NOTE: &str =
    "Loads in grams, heights in micrometres (1 inch = 25400), times in UTC, dates as the department's calendar days.";

impl MemberData {
    /// Reads everything about `member_id` (404 when unknown), a fixed
    /// number of queries whatever the length of the history.
    pub fn load(
        conn: &mut SqliteConnection,
        member_id: i32,
        department: &str,
        now: NaiveDateTime,
    ) -> QueryResult<MemberData> {
        let profile: Profile = members::table
            .find(member_id)
            .select(Profile::as_select())
            .first(conn)?;
        let (account, account_id) = match members::table
            .find(member_id)
            .inner_join(users::table)
            .select((Account::as_select(), users::id))
            .first::<(Account, i32)>(conn)
            .optional()?
        {
            Some((account, id)) => (Some(account), Some(id)),
            None => (None, None),
        };
        let assignments = assignments::table
            .filter(assignments::member_id.eq(member_id))
            .order(assignments::id)
            .select(AssignmentRecord::as_select())
            .load(conn)?;
        let rows: Vec<(SessionRecord, String)> = session_logs::table
            .inner_join(users::table.on(users::id.eq(session_logs::entered_by)))
            .filter(session_logs::member_id.eq(member_id))
            .order((session_logs::trained_on, session_logs::id))
            .select((SessionRecord::as_select(), users::name))
            .load(conn)?;
        let sets: Vec<SetRecord> = session_sets::table
            .inner_join(session_logs::table)
            .filter(session_logs::member_id.eq(member_id))
            .order((session_sets::session_id, session_sets::set_number))
            .select(SetRecord::as_select())
            .load(conn)?;
        let mut by_session: HashMap<i32, Vec<SetRecord>> = HashMap::new();
        for set in sets {
            by_session.entry(set.session_id).or_default().push(set);
        }
        let sessions = rows
            .into_iter()
            .map(|(session, entered_by)| SessionWithSets {
                sets: by_session.remove(&session.id).unwrap_or_default(),
                session,
                entered_by,
            })
            .collect();
        let stage_changes = stage_changes::table
            .left_join(users::table.on(users::id.nullable().eq(stage_changes::changed_by)))
            .filter(stage_changes::member_id.eq(member_id))
            .order((stage_changes::changed_at, stage_changes::id))
            .select((
                stage_changes::id,
                stage_changes::assignment_id,
                stage_changes::from_stage,
                stage_changes::to_stage,
                stage_changes::reason,
                stage_changes::note,
                users::name.nullable(),
                stage_changes::changed_at,
            ))
            .load::<(
                i32,
                i32,
                Option<i32>,
                i32,
                String,
                String,
                Option<String>,
                NaiveDateTime,
            )>(conn)?
            .into_iter()
            .map(
                |(id, assignment_id, from_stage, to_stage, reason, note, by, changed_at)| {
                    StageChangeRecord {
                        id,
                        assignment_id,
                        from_stage,
                        to_stage,
                        reason,
                        note,
                        changed_by: by.unwrap_or_default(),
                        changed_at,
                    }
                },
            )
            .collect();
        let range_tests = range_tests::table
            .inner_join(users::table.on(users::id.eq(range_tests::tested_by)))
            .filter(range_tests::member_id.eq(member_id))
            .order((range_tests::tested_on, range_tests::id))
            .select((RangeTestRecord::as_select(), users::name))
            .load::<(RangeTestRecord, String)>(conn)?
            .into_iter()
            .map(|(test, tested_by)| RangeTestWithTester { test, tested_by })
            .collect();
        let range_test_corrections = range_test_audit::table
            .inner_join(users::table.on(users::id.eq(range_test_audit::changed_by)))
            .filter(range_test_audit::member_id.eq(member_id))
            .order((range_test_audit::changed_at, range_test_audit::id))
            .select((
                range_test_audit::range_test_id,
                range_test_audit::action,
                users::name,
                range_test_audit::changed_at,
                range_test_audit::before_json,
                range_test_audit::after_json,
            ))
            .load::<(i32, String, String, NaiveDateTime, String, Option<String>)>(conn)?
            .into_iter()
            .map(
                |(range_test_id, action, changed_by, changed_at, before, after)| {
                    RangeTestCorrection {
                        range_test_id,
                        action,
                        changed_by,
                        changed_at,
                        before: json_or_text(&before),
                        after: after.as_deref().map(json_or_text),
                    }
                },
            )
            .collect();
        let flags = coach_flags::table
            .left_join(users::table.on(users::id.nullable().eq(coach_flags::resolved_by)))
            .filter(coach_flags::member_id.eq(member_id))
            .order((coach_flags::created_at, coach_flags::id))
            .select((
                coach_flags::id,
                coach_flags::session_id,
                coach_flags::kind,
                coach_flags::created_at,
                coach_flags::resolved_at,
                users::name.nullable(),
            ))
            .load::<(
                i32,
                Option<i32>,
                String,
                NaiveDateTime,
                Option<NaiveDateTime>,
                Option<String>,
            )>(conn)?
            .into_iter()
            .map(
                |(id, session_id, kind, created_at, resolved_at, by)| FlagRecord {
                    id,
                    session_id,
                    kind,
                    created_at,
                    resolved_at,
                    resolved_by: by.unwrap_or_default(),
                },
            )
            .collect();
        let statement_acknowledgements = match &account_id {
            Some(user_id) => statement_acknowledgements::table
                .filter(statement_acknowledgements::user_id.eq(user_id))
                .order(statement_acknowledgements::version)
                .select((
                    statement_acknowledgements::version,
                    statement_acknowledgements::acknowledged_at,
                ))
                .load(conn)?,
            None => Vec::new(),
        };
        Ok(MemberData {
            exported_at: now,
            department: department.to_string(),
            units_note: UNITS_NOTE,
            profile,
            account,
            assignments,
            sessions,
            stage_changes,
            range_tests,
            range_test_corrections,
            flags,
            statement_acknowledgements,
            access_record: access_lines(conn, member_id)?,
        })
    }
}

/// The audit trail keeps JSON; a value that does not read as JSON is given
/// as the text it is.
fn json_or_text(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::String(text.to_string()))
}

/// The lines of the record of access about this member (who looked, their
/// role, what, the path and when), oldest first.
pub fn access_lines(conn: &mut SqliteConnection, member_id: i32) -> QueryResult<Vec<AccessLine>> {
    let mut lines: Vec<AccessLine> =
        crate::models::access_record::for_member(conn, member_id, i64::MAX)?
            .into_iter()
            .map(|r| AccessLine {
                viewer_role: r.role_label().to_string(),
                viewer: r.viewer_name,
                what: r.record.what,
                path: r.record.path,
                at: r.record.at,
            })
            .collect();
    lines.reverse();
    Ok(lines)
}
