//! A coach records a range test for a member, corrects one (the audit trail
//! keeps what it held) or deletes one; adds the single-leg work a test's
//! asymmetry proposes. Each runs in the caller's immediate
//! transaction; the tests are the range-test analysis's input
//! (`domain::range_test`), read again by every page that shows them.

use chrono::NaiveDateTime;
use diesel::{QueryResult, SqliteConnection};

use crate::app::effects::Writer;
use crate::domain::progression::{single_leg_proposal as propose, SingleLegProposal};
use crate::domain::range_test::{LoadingHold, Side, Thresholds};
use crate::domain::units::Units;
use crate::domain::variation::Variation;
use crate::error::AppError;
use crate::models::assignment::Assignment;
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
    // `update` reads the test first: an unknown id is a 404 from there.
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
    Ok(hold_of(
        RangeTest::latest(conn, member_id)?.as_ref(),
        thresholds,
    ))
}

/// The loading hold `latest` (the member's latest test) makes, if any.
pub fn hold_of(latest: Option<&RangeTest>, thresholds: &Thresholds) -> Option<LoadingHold> {
    latest.and_then(|t| LoadingHold::from_test(&t.fields.input(), thresholds, t.fields.tested_on))
}

/// The single-leg work the member's latest test proposes for its weaker
/// side (asymmetry above the department's threshold), unless `variations`
/// (the member's stage) already has it.
pub fn single_leg_proposal(
    conn: &mut SqliteConnection,
    member_id: i32,
    thresholds: &Thresholds,
    variations: &[Variation],
) -> QueryResult<Option<SingleLegProposal>> {
    Ok(proposal_of(
        RangeTest::latest(conn, member_id)?.as_ref(),
        thresholds,
        variations,
    ))
}

/// The single-leg work `latest` (the member's latest test) proposes, unless
/// `variations` already has it.
pub fn proposal_of(
    latest: Option<&RangeTest>,
    thresholds: &Thresholds,
    variations: &[Variation],
) -> Option<SingleLegProposal> {
    latest.and_then(|t| {
        propose(
            &t.fields.input(),
            thresholds,
            t.fields.tested_on,
            variations,
        )
    })
}

/// The coach's one click: adds the single-leg variation the latest test
/// proposes to the member's stage, the timeline keeping the test's numbers.
/// `None` when the latest test proposes nothing (a newer, even test, or
/// already added); an unassigned member is refused.
pub fn add_single_leg(
    conn: &mut SqliteConnection,
    member_id: i32,
    thresholds: &Thresholds,
    units: Units,
    by: i32,
    now: NaiveDateTime,
) -> Result<Option<Side>, AppError> {
    Member::find(conn, member_id)?;
    let mut assignment = Assignment::active_for(conn, member_id)?.ok_or(AppError::Forbidden(
        "The progression is not assigned yet; assign it first.",
    ))?;
    let Some(proposal) =
        single_leg_proposal(conn, member_id, thresholds, assignment.variation_list())?
    else {
        return Ok(None);
    };
    Writer {
        assignment: &mut assignment,
        by: Some(by),
        session_id: None,
        now,
    }
    .write(conn, &proposal.effects(units))?;
    Ok(Some(proposal.weaker))
}
