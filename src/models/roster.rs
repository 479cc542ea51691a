//! What the roster dashboard reads, for every active member at once, in a
//! fixed number of queries whatever the size of the crew.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;

use crate::models::assignment::Assignment;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::session_log::OpenFlag;
use crate::schema::{assignments, members, range_tests, session_logs, session_sets, stage_changes};

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
    let members = members::table
        .left_join(
            assignments::table.on(assignments::member_id
                .eq(members::id)
                .and(assignments::active.eq(true))),
        )
        .filter(members::active.eq(true))
        .order((members::name.asc(), members::id.asc()))
        .select((Member::as_select(), Option::<Assignment>::as_select()))
        .load::<(Member, Option<Assignment>)>(conn)?;

    let mut sessions: HashMap<i32, Vec<SessionFact>> = HashMap::new();
    let rows: Vec<(
        i32,
        i32,
        NaiveDate,
        crate::models::session_log::Status,
        Option<i32>,
    )> = session_logs::table
        .left_join(session_sets::table)
        .filter(session_logs::trained_on.ge(since))
        .group_by(session_logs::id)
        .order((session_logs::trained_on.asc(), session_logs::id.asc()))
        .select((
            session_logs::id,
            session_logs::member_id,
            session_logs::trained_on,
            session_logs::status,
            max(session_sets::load_grams.nullable()),
        ))
        .load(conn)?;
    for (_, member_id, trained_on, status, top) in rows {
        sessions.entry(member_id).or_default().push(SessionFact {
            trained_on,
            finished: status == crate::models::session_log::Status::Finished,
            top_load_grams: top,
        });
    }

    let last_session = session_logs::table
        .group_by(session_logs::member_id)
        .select((session_logs::member_id, max(session_logs::trained_on)))
        .load::<(i32, Option<NaiveDate>)>(conn)?
        .into_iter()
        .filter_map(|(m, d)| Some((m, d?)))
        .collect();
    let last_stage_change = stage_changes::table
        .group_by(stage_changes::member_id)
        .select((stage_changes::member_id, max(stage_changes::changed_at)))
        .load::<(i32, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .filter_map(|(m, d)| Some((m, d?)))
        .collect();

    let mut flags: HashMap<i32, Vec<OpenFlag>> = HashMap::new();
    for flag in OpenFlag::all_open(conn)? {
        flags.entry(flag.member_id).or_default().push(flag);
    }

    let mut latest_test = HashMap::new();
    let tests = range_tests::table
        .order((
            range_tests::member_id,
            range_tests::tested_on.desc(),
            range_tests::id.desc(),
        ))
        .select(RangeTest::as_select())
        .load::<RangeTest>(conn)?;
    for test in tests {
        latest_test.entry(test.member_id).or_insert(test);
    }

    Ok(RosterData {
        members,
        sessions,
        last_session,
        last_stage_change,
        flags,
        latest_test,
    })
}
