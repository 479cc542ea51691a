//! The roster dashboard, the coach's home: every active member with station,
//! platoon, duty, stage, last session, adherence, latest range test and the
//! flags that need a coach; filters, sorting and counts.

use std::cmp::Ordering;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::{Deserialize, Serialize};
use strum::VariantArray;

pub use crate::app::roster::{all_rows, Row};

use super::page::render;
use super::{Chrome, CoachingPage};
use crate::app::access::Viewer;
use crate::domain::attention::urgency;
use crate::domain::roster::{Flag, STALLED_MEANS};
use crate::domain::rotation::Platoon;
use crate::domain::Named;
use crate::error::AppError;

#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct Query {
    pub station: String,
    pub platoon: String,
    pub stage: String,
    pub flag: String,
    pub on_duty: String,
    pub sort: String,
    pub dir: String,
}

/// The sortable columns: key and heading.
const COLUMNS: [(&str, &str); 8] = [
    ("name", "Name"),
    ("station", "Station"),
    ("platoon", "Platoon"),
    ("duty", "On duty"),
    ("stage", "Stage"),
    ("last", "Last session"),
    ("adherence", "Adherence (28 d)"),
    ("asymmetry", "Asymmetry"),
];

#[derive(Template)]
#[template(path = "roster/index.html")]
struct RosterPage {
    chrome: Chrome,
    today: String,
    rows: Vec<Row>,
    total: usize,
    on_duty_count: usize,
    flag_counts: Vec<(Flag, usize)>,
    stations: Vec<String>,
    platoons: Vec<Platoon>,
    query: Query,
    columns: Vec<(&'static str, &'static str)>,
    unit: &'static str,
    stalled_means: &'static str,
}

impl RosterPage {
    /// The link that sorts by `key` (the other direction if already sorted by it).
    fn sort_link(&self, key: &str) -> String {
        let mut q = self.query.clone();
        q.dir = if self.query.sort == key && self.query.dir != "desc" {
            "desc".to_string()
        } else {
            "asc".to_string()
        };
        q.sort = key.to_string();
        format!(
            "/roster?{}",
            serde_html_form::to_string(&q).unwrap_or_default()
        )
    }

    fn sort_mark(&self, key: &str) -> &'static str {
        match (self.query.sort == key, self.query.dir.as_str()) {
            (true, "desc") => " ▼",
            (true, _) => " ▲",
            _ => "",
        }
    }

    fn aria_sort(&self, key: &str) -> &'static str {
        match (self.query.sort == key, self.query.dir.as_str()) {
            (true, "desc") => "descending",
            (true, _) => "ascending",
            _ => "none",
        }
    }

    /// The wall sheet of the filtered station (else the first) and platoon.
    fn print_link(&self) -> String {
        let station = if self.query.station.is_empty() {
            self.stations.first().cloned().unwrap_or_default()
        } else {
            self.query.station.clone()
        };
        let q = [
            ("station", station),
            ("platoon", self.query.platoon.clone()),
        ];
        format!(
            "/roster/print?{}",
            serde_html_form::to_string(q).unwrap_or_default()
        )
    }

    /// Station, platoon and on duty in a few words, for the name cell where
    /// the table has no room for their columns (a 1024 px tablet).
    fn where_text(&self, row: &Row) -> String {
        let mut parts = Vec::new();
        if !row.station.is_empty() {
            parts.push(row.station.clone());
        }
        if !row.platoon.is_empty() {
            parts.push(format!("platoon {}", row.platoon));
        }
        if row.on_duty == Some(true) {
            parts.push("on duty".to_string());
        }
        parts.join(" · ")
    }

    /// The CSV of the rows shown: same filters, same order.
    fn export_link(&self) -> String {
        format!(
            "/exports/roster.csv?{}",
            serde_html_form::to_string(&self.query).unwrap_or_default()
        )
    }

    fn is_active(&self, flag: &Flag) -> bool {
        self.query.flag == flag.as_str()
    }

    fn all_flags(&self) -> &'static [Flag] {
        Flag::VARIANTS
    }

    /// A count card's link: the same filters and order, this flag (or no
    /// flag when it is the active card).
    fn flag_link(&self, flag: &Flag) -> String {
        let q = Query {
            flag: if self.is_active(flag) {
                String::new()
            } else {
                flag.as_str().to_string()
            },
            ..self.query.clone()
        };
        format!(
            "/roster?{}",
            serde_html_form::to_string(&q).unwrap_or_default()
        )
    }
}

fn keep(row: &Row, q: &Query) -> bool {
    keep_but_flag(row, q) && keep_flag(row, q)
}

fn keep_flag(row: &Row, q: &Query) -> bool {
    match q.flag.as_str() {
        "" => true,
        "any" => !row.flags.is_empty(),
        f => row.flags.iter().any(|x| x.as_str() == f),
    }
}

/// Every filter but the flag: what the count cards count.
fn keep_but_flag(row: &Row, q: &Query) -> bool {
    let station = q.station.trim();
    let ok_station = station.is_empty() || row.station == station;
    let ok_platoon = match q.platoon.as_str() {
        "" => true,
        "none" => row.platoon.is_empty(),
        p => row.platoon == p,
    };
    let ok_stage = match q.stage.as_str() {
        "" => true,
        "none" => row.stage.is_none(),
        s => s.parse::<i32>().ok() == row.stage,
    };
    let ok_duty = match q.on_duty.as_str() {
        "yes" => row.on_duty == Some(true),
        "no" => row.on_duty != Some(true),
        _ => true,
    };
    ok_station && ok_platoon && ok_stage && ok_duty
}

/// Missing values sort last in either direction.
fn by<T: PartialOrd>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
            if desc {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Where a row's most urgent flag stands (`None`: no flag, sorted last).
fn most_urgent(row: &Row) -> Option<usize> {
    row.flags.iter().map(|f| urgency(*f)).min()
}

/// By urgency unless a column is chosen; then by name. (Each name is
/// lowercased once, not at every comparison; the sort moves small keys,
/// and each row moves once, into its place.)
fn sort(rows: Vec<Row>, q: &Query) -> Vec<Row> {
    let desc = q.dir == "desc";
    let text = |s: &str| (!s.is_empty()).then(|| s.to_lowercase());
    let names: Vec<String> = rows.iter().map(|r| r.name.to_lowercase()).collect();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&i, &j| {
        let (a_name, a, b_name, b) = (&names[i], &rows[i], &names[j], &rows[j]);
        let primary = match q.sort.as_str() {
            "station" => by(text(&a.station), text(&b.station), desc),
            "platoon" => by(text(&a.platoon), text(&b.platoon), desc),
            "duty" => by(a.on_duty.map(|d| !d), b.on_duty.map(|d| !d), desc),
            "stage" => by(a.stage, b.stage, desc),
            "last" => by(a.last_session, b.last_session, desc),
            "adherence" => by(a.adherence_ratio(), b.adherence_ratio(), desc),
            "asymmetry" => by(a.asymmetry, b.asymmetry, desc),
            "" | "urgency" => by(most_urgent(a), most_urgent(b), desc),
            _ => by(Some(a_name), Some(b_name), desc),
        };
        primary.then_with(|| a_name.cmp(b_name))
    });
    let mut rows: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| rows[i].take()).collect()
}

/// The stations the rows name, sorted, once each (the filter's choices).
pub fn stations(rows: &[Row]) -> Vec<String> {
    let mut stations: Vec<String> = rows
        .iter()
        .map(|r| r.station.clone())
        .filter(|s| !s.is_empty())
        .collect();
    stations.sort();
    stations.dedup();
    stations
}

/// The rows a query shows, in its order.
pub fn shown(all: Vec<Row>, query: &Query) -> Vec<Row> {
    sort(all.into_iter().filter(|r| keep(r, query)).collect(), query)
}

pub async fn dashboard(
    page: CoachingPage,
    query: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let department = page.department.clone();
    let now = page.now;
    let (user, all) = page
        .read_all(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            let rows = all_rows(conn, &department, now)?;
            Ok(viewer.keep(rows, |r| (r.member_id, &r.station)))
        })
        .await?;
    let department = &page.department;
    let stations = stations(&all);
    // The cards count what the other filters show; a flag nobody has (and
    // that is not the active filter) gets no card.
    let flag_counts = Flag::VARIANTS
        .iter()
        .map(|f| {
            let n = all
                .iter()
                .filter(|r| keep_but_flag(r, &query) && r.flags.contains(f))
                .count();
            (*f, n)
        })
        .filter(|(f, n)| *n > 0 || query.flag == f.as_str())
        .collect();
    let total = all.len();
    let shown = shown(all, &query);
    render(
        StatusCode::OK,
        &RosterPage {
            chrome: page.chrome(&user)?,
            today: crate::domain::today::day_text(
                crate::domain::today::Today::at(department.tz(), now).calendar_day(),
            ),
            on_duty_count: shown.iter().filter(|r| r.on_duty == Some(true)).count(),
            rows: shown,
            total,
            flag_counts,
            stations,
            platoons: department.platoon_list(),
            query,
            columns: COLUMNS.to_vec(),
            unit: department.units().length_unit(),
            stalled_means: STALLED_MEANS,
        },
    )
}
