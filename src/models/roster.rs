//! What the roster dashboard reads, for every active member at once, in a
//! fixed number of queries whatever the size of the crew; or the same for
//! one member (their row on their own page and in a coach's decision),
//! read through the same statements narrowed to that member.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::case_when;
use diesel::prelude::*;

use crate::domain::Named;
use crate::models::assignment::Assignment;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::session_log::{OpenFlag, Status};
use crate::schema::{assignments, members, range_tests, session_logs, stage_changes};

/// One logged session, reduced to what the roster needs.
#[derive(Debug, Clone)]
pub struct SessionFact {
    pub trained_on: NaiveDate,
    /// The top set's load of a finished session (`None` for a partial one).
    pub finished_top_grams: Option<i32>,
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

diesel::define_sql_function! {
    /// SQLite's `unixepoch(day)`: a stored day as seconds since 1970, read
    /// as a number rather than parsed from its text on the Rust side.
    fn unixepoch(day: diesel::sql_types::Date) -> diesel::sql_types::Nullable<diesel::sql_types::BigInt>;
}

/// Whose rows to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Whose {
    Everyone,
    Member(i32),
}

/// Every active member's data, sessions since `since`.
pub fn load(conn: &mut SqliteConnection, since: NaiveDate) -> QueryResult<RosterData> {
    load_for(conn, since, Whose::Everyone)
}

/// One member's data, exactly as `load` reads it for everyone, from that
/// member's rows alone (no members when `member_id` is not an active
/// member).
pub fn load_member(
    conn: &mut SqliteConnection,
    since: NaiveDate,
    member_id: i32,
) -> QueryResult<RosterData> {
    load_for(conn, since, Whose::Member(member_id))
}

fn load_for(
    conn: &mut SqliteConnection,
    since: NaiveDate,
    whose: Whose,
) -> QueryResult<RosterData> {
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
    let mut query = members::table
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
        .into_boxed();
    if let Whose::Member(id) = whose {
        query = query.filter(members::id.eq(id));
    }
    let rows = query.load::<(
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

    // The recent weeks only: for everyone, from the live sessions' index by
    // day alone (`session_logs_day_live` holds all this reads); for one
    // member, through the member's index. The day comes as a number and
    // a partial session's top load as nothing, so no row is parsed from
    // text and each is three numbers.
    let mut sessions: HashMap<i32, Vec<SessionFact>> = HashMap::new();
    let mut query = session_logs::table
        .filter(session_logs::trained_on.ge(since))
        .filter(session_logs::voided_at.is_null())
        // The index's own order: no sorting step.
        .order((
            session_logs::trained_on.asc(),
            session_logs::member_id.asc(),
        ))
        .select((
            session_logs::member_id,
            unixepoch(session_logs::trained_on),
            case_when(
                session_logs::status.eq(Status::Finished.as_str()),
                session_logs::top_load_grams,
            ),
        ))
        .into_boxed();
    if let Whose::Member(id) = whose {
        query = query.filter(session_logs::member_id.eq(id));
    }
    let rows: Vec<(i32, Option<i64>, Option<i32>)> = query.load(conn)?;
    for (member_id, seconds, top) in rows {
        sessions.entry(member_id).or_default().push(SessionFact {
            trained_on: day_of(seconds)?,
            finished_top_grams: top,
        });
    }

    let mut flags: HashMap<i32, Vec<OpenFlag>> = HashMap::new();
    let open = match whose {
        Whose::Everyone => OpenFlag::all_open(conn)?,
        Whose::Member(id) => OpenFlag::for_member(conn, id)?,
    };
    for flag in open {
        flags.entry(flag.member_id).or_default().push(flag);
    }

    // (No statement at all without a test: `IN ()` is no search.)
    let latest_test = if test_ids.is_empty() {
        HashMap::new()
    } else {
        range_tests::table
            .filter(range_tests::id.eq_any(test_ids))
            .select(RangeTest::as_select())
            .load::<RangeTest>(conn)?
            .into_iter()
            .map(|t| (t.member_id, t))
            .collect()
    };

    Ok(RosterData {
        members,
        sessions,
        last_session,
        last_stage_change,
        flags,
        latest_test,
    })
}

/// The day `unixepoch` gave for a stored day.
fn day_of(seconds: Option<i64>) -> QueryResult<NaiveDate> {
    seconds
        .and_then(|s| i32::try_from(s.div_euclid(86_400)).ok())
        .and_then(|days| NaiveDate::from_num_days_from_ce_opt(days.checked_add(719_163)?))
        .ok_or_else(|| {
            diesel::result::Error::DeserializationError("a session's day is not a date".into())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_of_reads_unixepoch_days_back() {
        let first = NaiveDate::from_ymd_opt(1969, 12, 1).unwrap();
        for day in first.iter_days().take(60_000) {
            let seconds = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
            assert_eq!(day_of(Some(seconds)).unwrap(), day);
        }
        assert!(day_of(None).is_err());
    }
}
