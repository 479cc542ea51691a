//! The station-wall sheet: one station (and platoon) on one printed page,
//! readable from a metre away: each member's stage, today's dose and load,
//! and the next planned session. It hangs where anyone passing can read it,
//! so it carries no health information: no pain, cramp, range-test or
//! inactivity flags (those stay on the coach's roster). The roster rows come
//! from the roster itself; the dose and load from the engine's `prescribe`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::roster::{self, Query as RosterQuery};
use super::{render, CoachingPage};
use crate::app::access::Viewer;
use crate::app::day::MemberDay;
use crate::domain::progression as engine;
use crate::domain::rotation::Platoon;
use crate::domain::schedule::Due;
use crate::domain::today::{day_text, moment_text};
use crate::error::AppError;
use crate::models::session_log::Session;
use crate::models::stage::dose_text;
use crate::models::station_sheet::{self, SheetData};

#[derive(Deserialize, Default)]
pub struct SheetQuery {
    #[serde(default)]
    pub station: String,
    #[serde(default)]
    pub platoon: String,
}

/// One line of the sheet.
pub struct Line {
    pub member_id: i32,
    pub name: String,
    pub platoon: String,
    pub stage: String,
    pub dose: String,
    pub load: String,
    pub next: String,
    /// A session is already logged for today.
    pub done_today: bool,
}

#[derive(Template)]
#[template(path = "roster/print.html")]
struct SheetPage {
    department: String,
    station: String,
    platoon: String,
    printed: String,
    stations: Vec<String>,
    platoons: Vec<Platoon>,
    lines: Vec<Line>,
    unit: &'static str,
    /// "1 Floor glute bridge", ... for the legend.
    stages: Vec<String>,
}

impl SheetPage {
    fn title(&self) -> String {
        match (self.station.is_empty(), self.platoon.as_str()) {
            (true, _) => "Station sheet".to_string(),
            (false, "") => self.station.clone(),
            (false, "none") => format!("{}, no platoon", self.station),
            (false, p) => format!("{}, platoon {p}", self.station),
        }
    }
}

pub async fn sheet(
    page: CoachingPage,
    query: web::Query<SheetQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let department = page.department.clone();
    let now = page.now;
    let station = query.station.trim().to_string();
    let (wanted, platoon) = (station.clone(), query.platoon.clone());
    let (_, (stations, rows, data)) = page
        .read_all(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            let all = roster::all_rows(conn, &department, now)?;
            let all = viewer.keep(all, |r| (r.member_id, &r.station));
            let stations = roster::stations(&all);
            let rows = if wanted.is_empty() {
                Vec::new()
            } else {
                roster::shown(
                    all,
                    &RosterQuery {
                        station: wanted,
                        platoon,
                        sort: "name".to_string(),
                        ..RosterQuery::default()
                    },
                )
            };
            let ids: Vec<i32> = rows.iter().map(|r| r.member_id).collect();
            let data = station_sheet::load(conn, &ids)?;
            Ok((stations, rows, data))
        })
        .await?;
    page.record_access("print sheet", rows.iter().map(|r| r.member_id).collect())
        .await?;
    let shown_stages: Vec<Option<i32>> = rows.iter().map(|r| r.stage).collect();
    let department = &page.department;
    let lines = rows
        .into_iter()
        .map(|row| {
            let (stage, dose, load, (next, done_today)) =
                plan_line(department, &data, row.member_id, now);
            Line {
                member_id: row.member_id,
                name: row.name,
                platoon: row.platoon,
                stage,
                dose,
                load,
                next,
                done_today,
            }
        })
        .collect();
    render(
        StatusCode::OK,
        &SheetPage {
            department: department.name.clone(),
            station,
            platoon: query.platoon,
            printed: moment_text(now.with_timezone(&department.tz()).naive_local()),
            stations,
            platoons: department.platoon_list(),
            lines,
            unit: department.units().load_unit(),
            stages: data
                .stages
                .iter()
                .filter(|s| shown_stages.contains(&Some(s.id)))
                .map(|s| format!("{} {}", s.id, s.name))
                .collect(),
        },
    )
}

/// Stage, today's dose, load and the next planned session of one member.
fn plan_line(
    department: &std::sync::Arc<crate::models::department::Department>,
    data: &SheetData,
    member_id: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> (String, String, String, (String, bool)) {
    let dash = || "–".to_string();
    let Some((member, Some(assignment))) = data.members.get(&member_id) else {
        return (
            "–".to_string(),
            "not assigned".to_string(),
            dash(),
            (dash(), false),
        );
    };
    let day = MemberDay::new(department, member, Some(assignment.clone()), now);
    let (Some(assignment), Some(plan)) = (&day.assignment, day.plan()) else {
        return (dash(), dash(), dash(), (dash(), false));
    };
    let today = day.today;
    let Some(stage) = data.stages.iter().find(|s| s.id == assignment.stage) else {
        return (dash(), dash(), dash(), (dash(), false));
    };
    let spec = stage.spec();
    let dose = assignment.dose(&spec);
    let sessions = data
        .sessions
        .get(&member_id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let history: Vec<engine::SessionLog> = sessions.iter().map(Session::domain).collect();
    let units = department.units();
    let p = engine::prescribe(&spec, &dose, &assignment.state(), &history, today, units);
    let mut dose_line = dose_text(
        i32::from(p.sets),
        i32::from(p.reps_low),
        i32::from(p.reps_high),
        false,
    );
    if p.per_leg {
        dose_line.push_str("/leg");
    }
    if p.hold_seconds > 0 {
        dose_line.push_str(&format!(", hold {} s", p.hold_seconds));
    }
    let load = p.load.map(|l| l.number(units)).unwrap_or_else(dash);
    let logged: Vec<NaiveDate> = sessions.iter().map(|s| s.row.trained_on).collect();
    let next = match day.due(&logged).unwrap_or(Due::NotStarted(today)) {
        Due::OnHold { until, .. } => (format!("On hold to {}", day_text(until)), false),
        Due::Today => ("Today".to_string(), false),
        Due::Next(date) | Due::NotStarted(date) => (day_text(date), false),
        Due::DoneToday => {
            let tomorrow = today + Days::new(1);
            let next = plan
                .planned_days(tomorrow, today + Days::new(21))
                .first()
                .map(|d| day_text(*d))
                .unwrap_or_else(dash);
            (next, true)
        }
    };
    (format!("{}/7", stage.id), dose_line, load, next)
}
