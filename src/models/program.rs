//! What the officer's page counts over time: the sessions (voided ones
//! left out) and range tests since a date, reduced to when, whose and
//! whether there was pain or a flag (two queries; no name is read).

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::domain::program::{SessionFact, TestFact};
use crate::domain::progression::Pain;
use crate::domain::range_test::{analyse, Thresholds};
use crate::models::range_test::RangeTestFields;
use crate::schema::{range_tests, session_logs};

pub fn sessions_since(
    conn: &mut SqliteConnection,
    since: NaiveDate,
) -> QueryResult<Vec<SessionFact>> {
    Ok(session_logs::table
        .filter(session_logs::trained_on.ge(since))
        // A voided session was never trained: it counts nowhere.
        .filter(session_logs::voided_at.is_null())
        .select((
            session_logs::trained_on,
            session_logs::member_id,
            session_logs::pain,
        ))
        .load::<(NaiveDate, i32, Pain)>(conn)?
        .into_iter()
        .map(|(on, member_id, pain)| SessionFact {
            on,
            member_id,
            pain: pain != Pain::None,
        })
        .collect())
}

pub fn tests_since(
    conn: &mut SqliteConnection,
    since: NaiveDate,
    thresholds: &Thresholds,
) -> QueryResult<Vec<TestFact>> {
    Ok(range_tests::table
        .filter(range_tests::tested_on.ge(since))
        .select((range_tests::member_id, RangeTestFields::as_select()))
        .load::<(i32, RangeTestFields)>(conn)?
        .into_iter()
        .map(|(member_id, fields)| TestFact {
            on: fields.tested_on,
            member_id,
            flagged: !analyse(&fields.input(), thresholds).flags.is_empty(),
        })
        .collect())
}

/// Whether each member's latest range test raised a flag, by member id.
pub fn latest_flagged(
    conn: &mut SqliteConnection,
    thresholds: &Thresholds,
) -> QueryResult<std::collections::HashMap<i32, bool>> {
    let mut latest: std::collections::HashMap<i32, RangeTestFields> = Default::default();
    // Oldest first: each member's last row wins.
    for (member_id, fields) in range_tests::table
        .order((range_tests::tested_on.asc(), range_tests::id.asc()))
        .select((range_tests::member_id, RangeTestFields::as_select()))
        .load::<(i32, RangeTestFields)>(conn)?
    {
        latest.insert(member_id, fields);
    }
    Ok(latest
        .into_iter()
        .map(|(id, f)| (id, !analyse(&f.input(), thresholds).flags.is_empty()))
        .collect())
}
