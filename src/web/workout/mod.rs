//! The on-shift workout, one file per page: `today` (the member's home with
//! the one tap, the per-set form and toned out; also the coach's form to log
//! on a member's behalf), `log` (storing a session), `result` (what was
//! logged and what happens next), `history` (the member's own record) and
//! `readiness` (the readiness check before logging and its lighter session).
//! This file holds what those pages share: the data a workout page reads and
//! today's prescription as shown.

pub mod forward;
pub mod history;
pub mod log;
pub mod readiness;
pub mod result;
pub mod today;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use crate::app::day::MemberDay;
use crate::domain::progression::{self as engine, Prescription};
use crate::domain::range_test::LoadingHold;
use crate::domain::schedule::Due;
use crate::error::AppError;
use crate::models::assignment::Assignment;
use crate::models::demonstration::Demonstration;
use crate::models::department::Department;
use crate::models::member::Member;
use crate::models::session_log::Session;
use crate::models::stage::Stage;
use crate::web::range_tests::LoadingHoldView;

/// Everything a workout page reads, loaded in its one blocking hop.
pub struct WorkoutData {
    pub member: Member,
    /// The member's day: training day, duty, the assignment as of today.
    pub day: MemberDay,
    pub stage: Option<Stage>,
    pub sessions: Vec<Session>,
    /// `sessions` as the engine reads them, built once for the page's
    /// prescription, way forward and rest-day line.
    pub history: Vec<engine::SessionLog>,
    /// The latest range test holds loading.
    pub loading_hold: Option<LoadingHold>,
    /// The stage's demonstration, when a coach set one.
    pub demonstration: Option<Demonstration>,
    /// For a coach's entry on the member's behalf (`load_for_coach`): the
    /// current stage and the day it began, before which an entry is
    /// refused. `None` on the member's own pages.
    pub stage_began: Option<(u8, NaiveDate)>,
}

impl WorkoutData {
    pub fn load(
        conn: &mut diesel::SqliteConnection,
        department: &Arc<Department>,
        member: Member,
        now: DateTime<Utc>,
    ) -> Result<WorkoutData, AppError> {
        let assignment = Assignment::active_for(conn, member.id)?;
        let day = MemberDay::new(department, &member, assignment, now);
        let stage = match &day.assignment {
            Some(a) => Some(Stage::find(conn, a.stage)?),
            None => None,
        };
        let sessions = match &stage {
            Some(stage) => Session::for_rules(
                conn,
                member.id,
                stage.id,
                day.today,
                stage.qualifying_sessions,
            )?,
            None => Vec::new(),
        };
        let loading_hold =
            crate::app::range_test::loading_hold(conn, member.id, &department.thresholds())?;
        let demonstration = match &stage {
            Some(stage) => Demonstration::for_stage(conn, stage.id)?,
            None => None,
        };
        let history = sessions.iter().map(Session::domain).collect();
        Ok(WorkoutData {
            member,
            day,
            stage,
            sessions,
            history,
            loading_hold,
            demonstration,
            stage_began: None,
        })
    }

    /// What a coach's entry on the member's behalf reads: the member's
    /// data, and the day the current stage began.
    pub fn load_for_coach(
        conn: &mut diesel::SqliteConnection,
        department: &Arc<Department>,
        member: Member,
        now: DateTime<Utc>,
    ) -> Result<WorkoutData, AppError> {
        let mut data = WorkoutData::load(conn, department, member, now)?;
        data.stage_began = match &data.day.assignment {
            Some(a) => crate::app::log::current_stage_began(conn, a.id, department.tz())?,
            None => None,
        };
        Ok(data)
    }

    /// The first day a coach's entry may name: the later of the
    /// assignment's start and the current stage's (`None` unassigned).
    pub fn first_entry_day(&self) -> Option<NaiveDate> {
        let start = self.day.assignment.as_ref()?.start_date;
        Some(match self.stage_began {
            Some((_, began)) => start.max(began),
            None => start,
        })
    }
}

/// What the page shows of today's prescription.
pub struct PlanView {
    pub stage: Stage,
    pub prescription: Prescription,
    pub load: Option<String>,
    pub regression_until: Option<NaiveDate>,
    pub prescribed_reps: u8,
    /// The coach's variations: (label, cue).
    pub variations: Vec<(&'static str, &'static str)>,
    /// Today's exercise: the stage's, or the floor glute bridge for the one
    /// session after a repeated hamstring cramp (`cramp_regression`).
    pub exercise: String,
    pub cramp_regression: bool,
    /// The latest range test holds loading: shown with its numbers.
    pub loading_hold: Option<LoadingHoldView>,
}

impl PlanView {
    pub fn reps_text(&self) -> String {
        let p = &self.prescription;
        let range = if p.reps_low < p.reps_high {
            format!(" (range {}-{})", p.reps_low, p.reps_high)
        } else {
            String::new()
        };
        format!(
            "{} x {}{}{}",
            p.sets,
            p.target_reps,
            if p.per_leg { " per leg" } else { "" },
            range
        )
    }

    pub fn loaded(&self) -> bool {
        self.load.is_some()
    }

    /// Today's prescription for the member, when they have an assignment.
    pub fn new(department: &Department, data: &WorkoutData) -> Option<PlanView> {
        let today = data.day.today;
        let (assignment, stage) = (data.day.assignment.as_ref()?, data.stage.clone()?);
        let spec = stage.spec();
        let dose = assignment.dose(&spec);
        let units = department.units();
        let prescription = engine::prescribe(
            &spec,
            &dose,
            &assignment.state(),
            &data.history,
            today,
            units,
        );
        Some(PlanView {
            load: prescription.load.map(|l| l.display(units)),
            regression_until: assignment.regression_restore_on,
            prescribed_reps: prescription.target_reps,
            variations: assignment
                .variation_list()
                .iter()
                .map(|v| (v.label(), v.cue()))
                .collect(),
            exercise: crate::domain::catalog::stage_spec(prescription.stage)
                .filter(|_| prescription.stage != spec.number)
                .map_or_else(|| stage.name.clone(), |s| s.name),
            cramp_regression: prescription.stage != spec.number,
            prescription,
            stage,
            loading_hold: data.loading_hold.map(|h| LoadingHoldView::new(&h, units)),
        })
    }
}

/// Length of a form's one-time key (alphanumeric, about 190 bits).
pub const FRESH_KEY_LEN: usize = 32;

/// A new one-time key for a workout form: every page drawn carries new ones,
/// so two tabs are two submissions.
pub fn fresh_key() -> String {
    crate::token::alphanumeric(FRESH_KEY_LEN)
}

/// One line on whether a session is due.
pub fn due_text(due: Due) -> String {
    match due {
        Due::Today => "A session is due today.".to_string(),
        Due::DoneToday => "Today's session is logged. Nice work.".to_string(),
        Due::Next(d) => format!(
            "No session due today. Next one: {}.",
            crate::domain::today::day_text(d)
        ),
        Due::NotStarted(d) => format!(
            "Your program starts on {}.",
            crate::domain::today::day_text(d)
        ),
        Due::OnHold { until, reason } => {
            format!(
                "On hold until {}: {reason}",
                crate::domain::today::day_text(until)
            )
        }
    }
}
