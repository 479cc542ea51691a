//! The officer's page: how the program is going, in numbers only. Members
//! per stage, adherence, range-test flags and open pain reports per station,
//! per platoon and per month; never a name, and a group of fewer than five
//! shows "fewer than 5". The coordinator may open it too.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use chrono::{Datelike, Duration};

use super::page::{Access, Page};
use super::{render, Chrome};
use crate::app::roster::all_rows;
use crate::domain::program::{self, Group, MemberFacts, MonthCounts};
use crate::domain::roster::Flag;
use crate::domain::today::{day_text, local_today, month_text};
use crate::error::AppError;
use crate::models::user::Role;

/// The program page's audience: officers and the coordinator.
pub struct Program;

impl Access for Program {
    const ROLES: &'static [Role] = &[Role::Officer, Role::Coach];
    const REFUSAL: &'static str = "This page is for officers and the fitness coordinator.";
}

/// How many months back the page counts, this one included.
const MONTHS: u32 = 6;

#[derive(Template)]
#[template(path = "program/index.html")]
struct ProgramPage {
    chrome: Chrome,
    today: String,
    /// (id, heading, groups): the whole department, per station, per platoon.
    sections: Vec<(&'static str, &'static str, Vec<Group>)>,
    /// ("2026-11", "Nov 2026", the counts when the month is not too small).
    months: Vec<(String, String, Option<MonthCounts>)>,
    smallest: usize,
}

pub async fn program(page: Page<Program>) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let now = page.now;
    let today = local_today(department.tz(), now);
    let first = today.with_day(1).unwrap_or(today);
    let since = (1..MONTHS).fold(first, |d, _| {
        (d - Duration::days(1)).with_day(1).unwrap_or(d)
    });
    let thresholds = department.thresholds();
    let (user, (facts, months)) = page
        .read_all(move |conn, _| {
            let flagged = crate::models::program::latest_flagged(conn, &thresholds)?;
            let facts: Vec<MemberFacts> = all_rows(conn, &department, now)?
                .into_iter()
                .map(|r| MemberFacts {
                    adherence: r.adherence_ratio(),
                    range_flag: flagged.get(&r.member_id).copied().unwrap_or(false),
                    retest_due: r.flags.contains(&Flag::RetestDue),
                    open_pain: r.flags.contains(&Flag::Pain),
                    station: r.station,
                    platoon: r.platoon,
                    stage: r.stage,
                })
                .collect();
            let sessions = crate::models::program::sessions_since(conn, since)?;
            let tests = crate::models::program::tests_since(conn, since, &thresholds)?;
            Ok((facts, program::months(&sessions, &tests)))
        })
        .await?;
    render(
        StatusCode::OK,
        &ProgramPage {
            chrome: page.chrome(&user)?,
            today: day_text(today),
            sections: vec![
                (
                    "department",
                    "Whole department",
                    vec![program::department(&facts)],
                ),
                (
                    "stations",
                    "Per station",
                    program::groups(&facts, |m| &m.station, "No station"),
                ),
                (
                    "platoons",
                    "Per platoon",
                    program::groups(&facts, |m| &m.platoon, "No platoon"),
                ),
            ],
            months: months
                .into_iter()
                .map(program::month_line)
                .map(|(key, line)| {
                    let label = chrono::NaiveDate::parse_from_str(&format!("{key}-01"), "%Y-%m-%d")
                        .map(month_text)
                        .unwrap_or_else(|_| key.clone());
                    (key, label, line)
                })
                .collect(),
            smallest: program::SMALLEST_GROUP,
        },
    )
}
