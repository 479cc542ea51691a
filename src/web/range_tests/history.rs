//! A member's range tests: the table (newest first), the trend of true hip
//! extension, and whether a retest is due. Coaches see any member's, with the
//! record button and the deleted tests; a crew member sees their own,
//! read-only.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use super::{date_text, RangeTable, RetestStatus};
use crate::auth::{AppSession, CurrentCoach, CurrentMember, CurrentUser};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::domain::rotation::local_today;
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::range_test::{AuditEntry, RangeTest};
use crate::web::charts::TrendChart;
use crate::web::{render, Chrome};

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
    current: &CurrentUser,
    today: NaiveDate,
    member: Option<Member>,
    tests: &[RangeTest],
    deleted: &[AuditEntry],
) -> HistoryPage {
    let department = &current.department;
    let units = department.units();
    let thresholds = department.thresholds();
    let can_edit = current.is_coach();
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
                when: e
                    .changed_at
                    .and_utc()
                    .with_timezone(&tz)
                    .format("%-d %b %Y %H:%M")
                    .to_string(),
                by: e.by.clone(),
            })
            .collect(),
        member,
    }
}

pub async fn for_member(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let member_id = path.into_inner();
    let (member, tests, deleted) = db::run(&pool, move |conn| {
        let member = Member::find(conn, member_id)?;
        let tests = RangeTest::for_member(conn, member_id)?;
        let deleted = RangeTest::deletions_for_member(conn, member_id)?;
        Ok((member, tests, deleted))
    })
    .await?;
    let today = local_today(current.department.tz(), clock.now());
    let chrome = Chrome::new(&session, &current)?;
    let page = page(chrome, &current, today, Some(member), &tests, &deleted);
    render(StatusCode::OK, &page)
}

pub async fn mine(
    CurrentMember(current): CurrentMember,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
) -> Result<HttpResponse, AppError> {
    let user_id = current.id();
    let (member, tests) = db::run(&pool, move |conn| {
        let Some(member) = Member::find_by_user(conn, user_id)? else {
            return Ok((None, Vec::new()));
        };
        let tests = RangeTest::for_member(conn, member.id)?;
        Ok((Some(member), tests))
    })
    .await?;
    let today = local_today(current.department.tz(), clock.now());
    let chrome = Chrome::new(&session, &current)?;
    let page = page(chrome, &current, today, member, &tests, &[]);
    render(StatusCode::OK, &page)
}
