//! The roster's rows: every active member's day, last session, adherence,
//! latest range test and the flags that need a coach, from data loaded in
//! a fixed number of queries. The roster page, its CSV export and the
//! station sheet read the same rows.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::day::MemberDay;
use crate::domain::progression::CoachFlag;
use crate::domain::range_test::{analyse, format_pct, retest_due};
use crate::domain::roster::{row_flags, Flag, StallWindow, TrainingFacts};
use crate::domain::schedule::{Adherence, WeekMemo};
use crate::domain::today::local_today;
use crate::domain::units::{Height, Load, Units};
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::roster::{self, RosterData};

/// One member's row.
pub struct Row {
    pub member_id: i32,
    pub name: String,
    pub station: String,
    pub platoon: String,
    pub on_duty: Option<bool>,
    pub stage: Option<i32>,
    pub last_session: Option<NaiveDate>,
    /// Over the last 28 days.
    pub adherence: Option<Adherence>,
    /// The latest test's knee-hugged heights (C), left and right.
    pub true_extension: Option<(Height, Height)>,
    pub units: Units,
    pub asymmetry: Option<f64>,
    pub flags: Vec<Flag>,
    /// What the flags were worked out from (the evidence needs attention
    /// shows).
    pub facts: TrainingFacts,
    /// The day of the latest range test.
    pub last_test: Option<NaiveDate>,
    /// The member's calendar day as of the page.
    pub today: NaiveDate,
    /// Beside the pain flag: "stopped: knee pain" when a session was
    /// stopped for it.
    pub pain_stop: Option<String>,
}

impl Row {
    pub fn adherence_text(&self) -> String {
        let extra = |a: &Adherence| match a.extra {
            0 => String::new(),
            1 => " + 1 extra".to_string(),
            n => format!(" + {n} extra"),
        };
        match self.adherence {
            Some(a) => match a.percent() {
                Some(pct) => format!("{}/{} ({pct}%){}", a.done, a.scheduled, extra(&a)),
                None => format!("{} logged, none scheduled yet", a.extra),
            },
            None => "–".to_string(),
        }
    }

    /// The last session's day as the app writes days, or a dash.
    pub fn last_session_text(&self) -> String {
        self.last_session
            .map(crate::domain::today::day_text)
            .unwrap_or_else(|| "–".to_string())
    }

    pub fn adherence_ratio(&self) -> Option<f64> {
        self.adherence.and_then(|a| a.ratio())
    }

    /// "6 / 6.3" as the roster shows it, or a dash.
    pub fn extension_text(&self) -> String {
        match self.true_extension {
            Some((l, r)) => format!("{} / {}", l.number(self.units), r.number(self.units)),
            None => "–".to_string(),
        }
    }

    pub fn asymmetry_text(&self) -> String {
        self.asymmetry
            .map(format_pct)
            .unwrap_or_else(|| "–".to_string())
    }
}

/// The rows for every active member, from data loaded in one hop.
pub fn rows(data: RosterData, department: &Arc<Department>, now: DateTime<Utc>) -> Vec<Row> {
    let units = department.units();
    let thresholds = department.thresholds();
    let tz = department.tz();
    let mut weeks = WeekMemo::new(department.rotation());
    data.members
        .into_iter()
        .map(|data| {
            let member = data.member;
            let day = MemberDay::new(department, &member, data.assignment, now);
            let today = day.calendar_day;
            let sessions = &data.sessions;
            let logged: Vec<NaiveDate> = sessions.iter().map(|s| s.trained_on).collect();
            let adherence = day.adherence(&logged, &mut weeks);
            let facts = TrainingFacts {
                assigned_since: day.assignment.as_ref().map(|a| a.start_date),
                last_session: data.last_session,
                logged,
                last_stage_change: data
                    .last_stage_change
                    .map(|t| crate::domain::today::local(tz, t).date()),
                top_loads: sessions
                    .iter()
                    .filter_map(|s| {
                        Some((s.trained_on, Load::from_grams(s.finished_top_grams? as i64)))
                    })
                    .filter(|(_, l)| l.grams > 0)
                    .collect(),
                heaviest_before: data
                    .heaviest_before_grams
                    .map(|g| Load::from_grams(g as i64))
                    .filter(|l| l.grams > 0),
                hold: day.assignment.as_ref().and_then(|a| a.last_hold()),
            };
            let test = data.latest_test.as_ref();
            let analysis = test.map(|t| analyse(&t.fields.input(), &thresholds));
            let member_flags = &data.flags;
            let open: Vec<CoachFlag> = member_flags.iter().map(|f| f.kind).collect();
            let pain_stop = member_flags.iter().find_map(|f| f.stopped_text());
            let due = test.is_some_and(|t| retest_due(t.fields.tested_on, today, &thresholds));
            let flags = row_flags(&open, &facts, due, today);
            Row {
                member_id: member.id,
                name: member.name,
                station: member.station,
                platoon: member.platoon.map(|p| p.to_string()).unwrap_or_default(),
                on_duty: day.on_duty,
                adherence,
                stage: day.assignment.map(|a| a.stage),
                last_session: facts.last_session,
                true_extension: test.map(|t| (t.fields.hugged_left(), t.fields.hugged_right())),
                units,
                asymmetry: analysis.map(|a| a.asymmetry_pct),
                flags,
                facts,
                last_test: test.map(|t| t.fields.tested_on),
                today,
                pain_stop,
            }
        })
        .collect()
}

/// Every active member's roster row as of `now`, inside a page's hop.
pub fn all_rows(
    conn: &mut diesel::SqliteConnection,
    department: &Arc<Department>,
    now: DateTime<Utc>,
) -> Result<Vec<Row>, AppError> {
    let window = StallWindow::on(local_today(department.tz(), now));
    Ok(rows(roster::load(conn, window)?, department, now))
}

/// One member's roster row as of `now` (`None` unless an active member),
/// from that member's data alone, worked out by the very rules `all_rows`
/// applies: the member's page and a coach's decision on a line read this
/// rather than the whole roster, and cannot disagree with it.
pub fn member_row(
    conn: &mut diesel::SqliteConnection,
    department: &Arc<Department>,
    now: DateTime<Utc>,
    member_id: i32,
) -> Result<Option<Row>, AppError> {
    let window = StallWindow::on(local_today(department.tz(), now));
    let data = roster::load_member(conn, window, member_id)?;
    Ok(rows(data, department, now).pop())
}
