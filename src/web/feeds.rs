//! Calendar feeds (RFC 5545, written by the icalendar crate): a member's
//! planned sessions on their duty days, and the department's range tests
//! due for coaches. Each is read through a secret link that its owner can
//! replace; the link page shows it once. Events are all-day, on dates in the
//! department's time zone (named in X-WR-TIMEZONE), with stable UIDs.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Days, NaiveDate, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use super::{render, Chrome, CoachPage, MemberPage, PublicPage};
use crate::app::day::MemberDay;
use crate::domain::range_test::next_retest;
use crate::domain::today::{day_text, local, moment_text};
use crate::error::AppError;
use crate::models::calendar_feed::{self, Feed};
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::roster;
use crate::models::stage::Stage;

/// A member's feed covers four weeks back and twelve ahead.
const PAST_DAYS: u64 = 28;
const AHEAD_DAYS: u64 = 84;
const PRODID: &str = "-//Bridgework//Bridgework calendar feeds//EN";

#[derive(Template)]
#[template(path = "feeds/link.html")]
struct LinkPage {
    chrome: Chrome,
    title: &'static str,
    https: String,
    webcal: String,
    back: &'static str,
}

#[derive(Template)]
#[template(path = "feeds/department.html")]
struct DepartmentPage {
    chrome: Chrome,
    made_at: Option<String>,
}

/// The link page for a new token, as https and webcal addresses.
fn link_page(
    req: &HttpRequest,
    chrome: Chrome,
    title: &'static str,
    token: &str,
    back: &'static str,
) -> Result<HttpResponse, AppError> {
    // From the configured public address, as invitation links are: never
    // from the request's Host or forwarding headers, which the client
    // chooses.
    let base = crate::state::AppState::of(req)
        .map(|s| s.public_base.0.clone())
        .unwrap_or_default();
    let https = format!("{base}/feeds/{token}.ics");
    let without_scheme = base
        .split_once("://")
        .map_or(base.as_str(), |(_, rest)| rest);
    let webcal = format!("webcal://{without_scheme}/feeds/{token}.ics");
    render(
        StatusCode::OK,
        &LinkPage {
            chrome,
            title,
            https,
            webcal,
            back,
        },
    )
}

/// A member makes (or replaces) the link to their own sessions feed.
pub async fn member_link(req: HttpRequest, page: MemberPage) -> Result<HttpResponse, AppError> {
    let now = page.now.naive_utc();
    let (user, token) = page
        .write(move |conn, user| {
            let member = Member::find_by_user(conn, user.id)?.ok_or(AppError::Forbidden(
                "Your account is not linked to a crew record yet; ask your coach.",
            ))?;
            Ok(calendar_feed::reset(
                conn,
                Feed::MemberSessions(member.id),
                user.id,
                now,
            )?)
        })
        .await?;
    link_page(
        &req,
        page.chrome(&user)?,
        "Your training calendar",
        &token,
        "/history",
    )
}

/// The coach's page for the department feed of range tests due.
pub async fn department_page(page: CoachPage) -> Result<HttpResponse, AppError> {
    let (user, made) = page
        .read(|conn, _| Ok(calendar_feed::made_at(conn, Feed::RangeTestsDue)?))
        .await?;
    let tz = page.department.tz();
    render(
        StatusCode::OK,
        &DepartmentPage {
            chrome: page.chrome(&user)?,
            made_at: made.map(|t| moment_text(local(tz, t))),
        },
    )
}

/// A coach makes (or replaces) the department feed's link.
pub async fn department_link(req: HttpRequest, page: CoachPage) -> Result<HttpResponse, AppError> {
    let now = page.now.naive_utc();
    let (user, token) = page
        .write(move |conn, user| {
            Ok(calendar_feed::reset(
                conn,
                Feed::RangeTestsDue,
                user.id,
                now,
            )?)
        })
        .await?;
    link_page(
        &req,
        page.chrome(&user)?,
        "Range tests due: department calendar",
        &token,
        "/calendar",
    )
}

/// The feed itself, for a calendar app: no login, the token is the key.
pub async fn feed(page: PublicPage, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let now = page.now;
    let department = page.department.clone();
    let text = page
        .read(move |conn| {
            let Some(feed) = calendar_feed::find(conn, &token)? else {
                return Err(AppError::NotFound);
            };
            match feed {
                Feed::MemberSessions(id) => {
                    let member = Member::find(conn, id)?;
                    let assignment = crate::models::assignment::Assignment::active_for(conn, id)?;
                    let stages = Stage::all(conn)?;
                    Ok(member_calendar(
                        &department,
                        &member,
                        assignment,
                        &stages,
                        now,
                    ))
                }
                Feed::RangeTestsDue => {
                    let tests = roster::latest_tests(conn)?;
                    Ok(range_test_calendar(&department, &tests, now))
                }
            }
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"bridgework.ics\"",
        ))
        .insert_header((header::CACHE_CONTROL, "no-cache, private"))
        .body(text))
}

fn calendar(name: &str, department: &Department) -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", PRODID))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .name(name)
        .timezone(department.tz().name());
    cal
}

fn all_day(
    uid: String,
    date: NaiveDate,
    summary: &str,
    description: &str,
    now: DateTime<Utc>,
) -> Event {
    Event::new()
        .uid(&uid)
        .timestamp(now)
        .all_day(date)
        // An all-day event ends the next day (DTEND is exclusive, RFC 5545
        // 3.6.1); the crate's all_day writes DTEND equal to DTSTART.
        .ends(date.succ_opt().unwrap_or(date))
        .summary(summary)
        .description(description)
        .done()
}

/// A member's planned sessions: the plan's days (duty days by the rotation,
/// or fixed weekdays) from four weeks back to twelve ahead.
pub fn member_calendar(
    department: &std::sync::Arc<Department>,
    member: &Member,
    assignment: Option<crate::models::assignment::Assignment>,
    stages: &[Stage],
    now: DateTime<Utc>,
) -> String {
    let mut cal = calendar(&format!("Bridgework sessions: {}", member.name), department);
    let day = MemberDay::new(
        department,
        member,
        assignment.filter(|_| member.active),
        now,
    );
    if let (Some(assignment), Some(plan)) = (&day.assignment, day.plan()) {
        let today = day.today;
        let stage = stages.iter().find(|s| s.id == assignment.stage);
        let summary = match stage {
            Some(s) => format!("Glute training: stage {} of 7", s.id),
            None => "Glute training".to_string(),
        };
        let description = match stage {
            Some(s) => format!(
                "{}: {}. Open Bridgework on the day for the dose and load; \
                 the stage may have moved on by then.",
                s.name,
                s.dose_text()
            ),
            None => "Open Bridgework on the day for the workout.".to_string(),
        };
        let from = today
            .checked_sub_days(Days::new(PAST_DAYS))
            .unwrap_or(today);
        let to = today
            .checked_add_days(Days::new(AHEAD_DAYS))
            .unwrap_or(today);
        for day in plan.planned_days(from, to) {
            cal.push(all_day(
                format!("session-{}-{}@bridgework", member.id, day.format("%Y%m%d")),
                day,
                &summary,
                &description,
                now,
            ));
        }
    }
    cal.done().to_string()
}

/// Each active member's next range test: the retest interval after their
/// latest test.
pub fn range_test_calendar(
    department: &Department,
    tests: &[(Member, RangeTest)],
    now: DateTime<Utc>,
) -> String {
    let mut cal = calendar("Bridgework: range tests due", department);
    let thresholds = department.thresholds();
    for (member, test) in tests {
        let due = next_retest(test.fields.tested_on, &thresholds);
        let where_ = match (&member.station[..], member.platoon) {
            ("", None) => String::new(),
            (s, None) => format!(" ({s})"),
            ("", Some(p)) => format!(" (platoon {p})"),
            (s, Some(p)) => format!(" ({s}, platoon {p})"),
        };
        cal.push(all_day(
            format!("retest-{}-{}@bridgework", member.id, due.format("%Y%m%d")),
            due,
            &format!("Range test due: {}{where_}", member.name),
            &format!(
                "Last single-leg range test on {}; the retest interval is {} weeks.",
                day_text(test.fields.tested_on),
                thresholds.retest_weeks
            ),
            now,
        ));
    }
    cal.done().to_string()
}
