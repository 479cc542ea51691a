//! What the roster dashboard reads, for every active member at once, in a
//! fixed number of queries whatever the size of the crew.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::models::assignment::Assignment;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::session_log::OpenFlag;
use crate::schema::{assignments, members, range_tests, session_logs, stage_changes};

/// One logged session, reduced to what the roster needs.
#[derive(Debug, Clone)]
pub struct SessionFact {
    pub trained_on: NaiveDate,
    pub finished: bool,
    pub top_load_grams: Option<i32>,
}

pub struct RosterData {
    pub members: Vec<(Member, Option<Assignment>)>,
    /// Sessions since the `since` date, by member, oldest first.
    pub sessions: HashMap<i32, Vec<SessionFact>>,
    pub last_session: HashMap<i32, NaiveDate>,
    pub last_stage_change: HashMap<i32, NaiveDateTime>,
    pub flags: HashMap<i32, Vec<OpenFlag>>,
    /// Each member's latest range test.
    pub latest_test: HashMap<i32, RangeTest>,
}

pub fn load(conn: &mut SqliteConnection, since: NaiveDate) -> QueryResult<RosterData> {
    // Each member's latest session, stage change and range test are looked
    // up through the (member_id, date) indexes: a seek per member, whatever
    // the years of history behind it.
    // (ORDER BY .. LIMIT 1 rather than max(): SQLite seeks the last entry
    // for it, where max() with a WHERE reads all of the member's entries.)
    let last_session = session_logs::table
        .filter(session_logs::member_id.eq(members::id))
        .filter(session_logs::voided_at.is_null())
        .order(session_logs::trained_on.desc())
        .select(session_logs::trained_on)
        .limit(1)
        .single_value();
    let last_stage_change = stage_changes::table
        .filter(stage_changes::member_id.eq(members::id))
        // A change a void undid, and the row that undid it, do not count.
        .filter(stage_changes::undone.eq(false))
        // Only a row that moved the stage: a hold, a load above the cap or
        // single-leg work added keep the member where they were.
        .filter(stage_changes::from_stage.is_not(stage_changes::to_stage.nullable()))
        .order(stage_changes::changed_at.desc())
        .select(stage_changes::changed_at)
        .limit(1)
        .single_value();
    let latest_test = range_tests::table
        .filter(range_tests::member_id.eq(members::id))
        .order((range_tests::tested_on.desc(), range_tests::id.desc()))
        .select(range_tests::id)
        .limit(1)
        .single_value();
    let rows = members::table
        .left_join(
            assignments::table.on(assignments::member_id
                .eq(members::id)
                .and(assignments::active.eq(true))),
        )
        .filter(members::active.eq(true))
        .order((members::name.asc(), members::id.asc()))
        .select((
            Member::as_select(),
            Option::<Assignment>::as_select(),
            last_session,
            last_stage_change,
            latest_test,
        ))
        .load::<(
            Member,
            Option<Assignment>,
            Option<NaiveDate>,
            Option<NaiveDateTime>,
            Option<i32>,
        )>(conn)?;
    let mut members = Vec::with_capacity(rows.len());
    let mut last_session = HashMap::new();
    let mut last_stage_change = HashMap::new();
    let mut test_ids = Vec::new();
    for (member, assignment, session, change, test) in rows {
        if let Some(d) = session {
            last_session.insert(member.id, d);
        }
        if let Some(t) = change {
            last_stage_change.insert(member.id, t);
        }
        test_ids.extend(test);
        members.push((member, assignment));
    }

    // The recent weeks only, read from the index by day alone.
    let mut sessions: HashMap<i32, Vec<SessionFact>> = HashMap::new();
    let rows: Vec<(
        i32,
        NaiveDate,
        crate::models::session_log::Status,
        Option<i32>,
    )> = session_logs::table
        .filter(session_logs::trained_on.ge(since))
        .filter(session_logs::voided_at.is_null())
        // The index's own order: no sorting step.
        .order((
            session_logs::trained_on.asc(),
            session_logs::member_id.asc(),
        ))
        .select((
            session_logs::member_id,
            session_logs::trained_on,
            session_logs::status,
            session_logs::top_load_grams,
        ))
        .load(conn)?;
    for (member_id, trained_on, status, top) in rows {
        sessions.entry(member_id).or_default().push(SessionFact {
            trained_on,
            finished: status == crate::models::session_log::Status::Finished,
            top_load_grams: top,
        });
    }

    let mut flags: HashMap<i32, Vec<OpenFlag>> = HashMap::new();
    for flag in OpenFlag::all_open(conn)? {
        flags.entry(flag.member_id).or_default().push(flag);
    }

    let latest_test = range_tests::table
        .filter(range_tests::id.eq_any(test_ids))
        .select(RangeTest::as_select())
        .load::<RangeTest>(conn)?
        .into_iter()
        .map(|t| (t.member_id, t))
        .collect();

    Ok(RosterData {
        members,
        sessions,
        last_session,
        last_stage_change,
        flags,
        latest_test,
    })
}
