//! A coach records a range test for a member, corrects one (the audit trail
//! keeps what it held) or deletes one. Each runs in the caller's immediate
//! transaction; the tests are the range-test analysis's input
//! (`domain::range_test`), read again by every page that shows them.

use chrono::NaiveDateTime;
use diesel::{QueryResult, SqliteConnection};

use crate::domain::range_test::{LoadingHold, Thresholds};

use crate::error::AppError;
use crate::models::member::Member;
use crate::models::range_test::{RangeTest, RangeTestFields};

/// Records a test for `member_id` (an unknown member is a 404).
pub fn record(
    conn: &mut SqliteConnection,
    member_id: i32,
    fields: &RangeTestFields,
    by: i32,
    now: NaiveDateTime,
) -> Result<RangeTest, AppError> {
    Member::find(conn, member_id)?;
    Ok(RangeTest::create(conn, member_id, fields, by, now)?)
}

/// Corrects test `id`; false when nothing changed (and nothing is recorded).
pub fn correct(
    conn: &mut SqliteConnection,
    id: i32,
    fields: &RangeTestFields,
    by: i32,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    RangeTest::find(conn, id)?;
    Ok(RangeTest::update(conn, id, fields, by, now)?)
}

/// Deletes test `id`; the audit trail keeps what it held.
pub fn delete(
    conn: &mut SqliteConnection,
    id: i32,
    by: i32,
    now: NaiveDateTime,
) -> Result<RangeTest, AppError> {
    Ok(RangeTest::delete(conn, id, by, now)?)
}

/// The loading hold the member's latest test makes (near-zero true
/// extension on a side, against the department's threshold), if any: the
/// engine reads it when a session is logged or a coach moves the stage, and
/// the pages show it. A newer test without the flag lifts it.
pub fn loading_hold(
    conn: &mut SqliteConnection,
    member_id: i32,
    thresholds: &Thresholds,
) -> QueryResult<Option<LoadingHold>> {
    Ok(RangeTest::latest(conn, member_id)?
        .and_then(|t| LoadingHold::from_test(&t.fields.input(), thresholds, t.fields.tested_on)))
}
