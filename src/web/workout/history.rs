//! "My history": the member's own sessions, stage changes, range tests and
//! charts. `HistoryView` (the sessions table, timeline and charts) is shared
//! with the coach's member page.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use chrono::NaiveDate;

use crate::charts::TrendChart;
use crate::domain::progression::LoadKind;
use crate::domain::units::Units;
use crate::error::AppError;
use crate::models::access_record::{self, NamedRecord};
use crate::models::assignment::{timeline, TimelineEntry};
use crate::models::member::Member;
use crate::models::range_test::RangeTest;
use crate::models::session_log::Session;
use crate::models::stage::Stage;
use crate::web::range_tests::RangeTable;
use crate::web::{render, Chrome, MemberPage};

/// The sessions table and charts, shared by "my history" and the coach's
/// member page.
pub struct HistoryView {
    pub sessions: Vec<Session>,
    /// Each session's outcome in words, by session id.
    outcomes: HashMap<i32, String>,
    pub timeline: Vec<TimelineEntry>,
    pub stages: Vec<Stage>,
    pub load_chart: TrendChart,
    pub reps_chart: TrendChart,
    /// A session carried a load: the load chart is drawn.
    pub has_load: bool,
    pub units: Units,
    /// The department's time zone: stage changes show on its wall clock.
    pub tz: chrono_tz::Tz,
}

impl HistoryView {
    pub fn load(
        conn: &mut diesel::SqliteConnection,
        member_id: i32,
        units: Units,
        tz: chrono_tz::Tz,
    ) -> Result<HistoryView, AppError> {
        let mut sessions = Session::for_member(conn, member_id)?;
        let voiders = voiders(conn, &sessions)?;
        let mut outcomes = HashMap::with_capacity(sessions.len());
        for s in &sessions {
            let text = match s.row.voided_by.and_then(|id| voiders.get(&id)) {
                Some(by) if s.row.is_voided() => format!("Voided by {by}: {}", s.row.void_reason),
                _ => outcome_words(s)?,
            };
            outcomes.insert(s.row.id, text);
        }
        let stages = Stage::all(conn)?;
        let stage_of = |n: i32| stages.iter().find(|s| s.id == n);
        // Voided sessions are listed (marked) but drawn nowhere.
        let counted = || {
            sessions
                .iter()
                .filter(|s| s.row.is_finished() && !s.row.is_voided())
        };
        // Load only on the stages that carry one (a bodyweight stage's
        // number is no working load).
        let load_points: Vec<(NaiveDate, f64)> = counted()
            .filter(|s| {
                stage_of(s.row.stage).is_some_and(|st| st.load_kind != LoadKind::Bodyweight)
            })
            .filter_map(|s| Some((s.row.trained_on, s.top_load()?.in_units(units))))
            .filter(|(_, v)| *v > 0.0)
            .collect();
        // Reps per leg on single-leg stages, so moving up to one does not
        // read as going backwards.
        let reps_points: Vec<(NaiveDate, f64)> = counted()
            .map(|s| {
                let per_leg = stage_of(s.row.stage).is_some_and(|st| st.per_leg);
                let total = s.total_reps() as f64;
                (s.row.trained_on, if per_leg { total / 2.0 } else { total })
            })
            .collect();
        let has_load = !load_points.is_empty();
        sessions.reverse();
        Ok(HistoryView {
            load_chart: TrendChart::series(
                "Working load over time",
                units.load_unit(),
                vec![("Top set".to_string(), "load".to_string(), load_points)],
            )
            .with_id_prefix("load-chart")
            .with_empty_message("No loaded sessions yet: the first stages use bodyweight."),
            reps_chart: TrendChart::series(
                "Reps per session (per leg on single-leg stages)",
                "reps",
                vec![("Reps".to_string(), "reps".to_string(), reps_points)],
            )
            .with_id_prefix("reps-chart")
            .with_empty_message("No finished sessions yet."),
            sessions,
            outcomes,
            timeline: timeline(conn, member_id)?,
            stages,
            has_load,
            units,
            tz,
        })
    }

    /// When a stage change happened, in department time.
    pub fn when(&self, e: &TimelineEntry) -> String {
        crate::domain::today::moment_text(crate::domain::today::local(self.tz, e.changed_at))
    }

    /// A session's day on a card: "Wed 18 Nov 2026".
    pub fn day_text(&self, s: &Session) -> String {
        crate::domain::today::day_text(s.row.trained_on)
    }

    pub fn stage_name(&self, number: &i32) -> String {
        self.stages
            .iter()
            .find(|s| s.id == *number)
            .map(|s| format!("{} · {}", s.id, s.name))
            .unwrap_or_else(|| number.to_string())
    }

    pub fn load_text(&self, s: &Session) -> String {
        s.top_load()
            .filter(|l| l.grams > 0)
            .map(|l| l.display(self.units))
            .unwrap_or_else(|| "bodyweight".to_string())
    }

    pub fn sets_text(&self, s: &Session) -> String {
        sets_words(s)
    }

    pub fn felt_text(&self, s: &Session) -> String {
        s.row
            .felt_list()
            .iter()
            .map(|f| f.label())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn outcome_text(&self, s: &Session) -> &str {
        self.outcomes.get(&s.row.id).map_or("", String::as_str)
    }
}

/// The names of who voided any of `sessions`, by user id, in one query.
fn voiders(
    conn: &mut diesel::SqliteConnection,
    sessions: &[Session],
) -> diesel::QueryResult<HashMap<i32, String>> {
    use crate::schema::users;
    use diesel::prelude::*;
    let ids: Vec<i32> = sessions.iter().filter_map(|s| s.row.voided_by).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

/// A session's outcome in words, as the history and today's page show it.
pub fn outcome_words(s: &Session) -> Result<String, AppError> {
    let decision = s.row.decision()?;
    Ok(if s.row.is_voided() {
        format!("Voided: {}", s.row.void_reason)
    } else if let Some(stopped) = s.row.stopped_text() {
        stopped
    } else if !s.row.is_finished() {
        "toned out (partial)".to_string()
    } else if s.row.extra && decision == crate::domain::progression::Decision::Stay {
        "Extra: did not count".to_string()
    } else if s.row.lighter && decision == crate::domain::progression::Decision::Stay {
        "Lighter session (hard shift): done, not toward moving up".to_string()
    } else {
        decision.headline()
    })
}

/// A session's reps per set ("20, 20, 12"; "15/14" left/right per leg).
pub fn sets_words(s: &Session) -> String {
    s.sets
        .iter()
        .map(|set| match set.reps_other_side {
            Some(right) => format!("{}/{}", set.reps, right),
            None => set.reps.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Template)]
#[template(path = "workout/history.html")]
struct HistoryPage {
    chrome: Chrome,
    history: Option<HistoryView>,
    range_table: RangeTable,
    range_chart: TrendChart,
    /// Who has seen my data: the record of access, newest first.
    seen: Vec<NamedRecord>,
    tz: chrono_tz::Tz,
}

impl HistoryPage {
    /// A stored UTC time on the department's wall clock.
    fn local(&self, at: &chrono::NaiveDateTime) -> String {
        crate::domain::today::moment_text(crate::domain::today::local(self.tz, *at))
    }
}

/// How many lines of the record of access the history page shows.
const SEEN_LINES: i64 = 100;

/// GET /history: the member's own sessions, stage changes and charts.
pub async fn history(page: MemberPage) -> Result<HttpResponse, AppError> {
    let units = page.department.units();
    let tz = page.department.tz();
    let (user, ((history, tests), seen)) = page
        .read(
            move |conn, user| match Member::find_by_user(conn, user.id)? {
                Some(member) => Ok((
                    (
                        Some(HistoryView::load(conn, member.id, units, tz)?),
                        RangeTest::for_member(conn, member.id)?,
                    ),
                    access_record::for_member(conn, member.id, SEEN_LINES)?,
                )),
                None => Ok(((None, Vec::new()), Vec::new())),
            },
        )
        .await?;
    let points: Vec<_> = tests
        .iter()
        .map(|t| {
            (
                t.fields.tested_on,
                t.fields.hugged_left(),
                t.fields.hugged_right(),
            )
        })
        .collect();
    render(
        StatusCode::OK,
        &HistoryPage {
            chrome: page.chrome(&user)?,
            history,
            range_table: RangeTable::new(&tests, units, &page.department.thresholds(), false),
            range_chart: TrendChart::true_extension(&points, units),
            seen,
            tz,
        },
    )
}
