//! A member's range tests: the table (newest first), the trend of true hip
//! extension, and whether a retest is due. Coaches see any member's, with the
//! record button and the deleted tests; a crew member sees their own,
//! read-only.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use super::{date_text, RangeTable, RetestStatus};
use crate::charts::TrendChart;
use crate::domain::today::local_today;
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::range_test::{AuditEntry, RangeTest};
use crate::web::{render, Chrome, CoachingPage, MemberPage};

/// A deleted test, as the coach's list mentions it.
struct DeletedView {
    tested_on: String,
    when: String,
    by: String,
}

#[derive(Template)]
#[template(path = "range_tests/history.html")]
struct HistoryPage {
    chrome: Chrome,
    /// `None` for a crew member whose account has no crew record yet.
    member: Option<Member>,
    heading: String,
    can_edit: bool,
    retest: RetestStatus,
    range_table: RangeTable,
    chart: TrendChart,
    deleted: Vec<DeletedView>,
}

fn page(
    chrome: Chrome,
    department: &Department,
    can_edit: bool,
    today: NaiveDate,
    member: Option<Member>,
    tests: &[RangeTest],
    deleted: &[AuditEntry],
) -> HistoryPage {
    let units = department.units();
    let thresholds = department.thresholds();
    let points: Vec<_> = tests
        .iter()
        .map(|t| {
            let f = &t.fields;
            (f.tested_on, f.hugged_left(), f.hugged_right())
        })
        .collect();
    let heading = match (&member, can_edit) {
        (Some(m), true) => format!("Range tests of {}", m.name),
        _ => "My range tests".to_string(),
    };
    let tz = department.tz();
    HistoryPage {
        chrome,
        heading,
        can_edit,
        // Newest first: the first row is the latest test.
        retest: RetestStatus::new(
            tests.first().map(|t| t.fields.tested_on),
            today,
            &thresholds,
        ),
        range_table: RangeTable::new(tests, units, &thresholds, can_edit),
        chart: TrendChart::true_extension(&points, units),
        deleted: deleted
            .iter()
            .map(|e| DeletedView {
                tested_on: date_text(e.before.tested_on),
                when: crate::domain::today::moment_text(crate::domain::today::local(
                    tz,
                    e.changed_at,
                )),
                by: e.by.clone(),
            })
            .collect(),
        member,
    }
}

pub async fn for_member(ctx: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let member_id = path.into_inner();
    let (user, (member, tests, deleted)) = ctx
        .read(move |conn, user| {
            let member = super::may_view(conn, user, member_id)?;
            let tests = RangeTest::for_member(conn, member_id)?;
            let deleted = RangeTest::deletions_for_member(conn, member_id)?;
            Ok((member, tests, deleted))
        })
        .await?;
    ctx.record_access("range tests", vec![member_id]).await?;
    let today = local_today(ctx.department.tz(), ctx.now);
    let view = page(
        ctx.chrome(&user)?,
        &ctx.department,
        true,
        today,
        Some(member),
        &tests,
        &deleted,
    );
    render(StatusCode::OK, &view)
}

pub async fn mine(ctx: MemberPage) -> Result<HttpResponse, AppError> {
    let (user, (member, tests)) = ctx
        .read(move |conn, user| {
            let Some(member) = Member::find_by_user(conn, user.id)? else {
                return Ok((None, Vec::new()));
            };
            let tests = RangeTest::for_member(conn, member.id)?;
            Ok((Some(member), tests))
        })
        .await?;
    let today = local_today(ctx.department.tz(), ctx.now);
    let view = page(
        ctx.chrome(&user)?,
        &ctx.department,
        false,
        today,
        member,
        &tests,
        &[],
    );
    render(StatusCode::OK, &view)
}
