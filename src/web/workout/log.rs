//! Storing a session: POST /log for the member, POST /crew/{id}/log for a
//! coach on their behalf. The form is read and checked, then one immediate
//! transaction stores it and applies the engine's decision.

use actix_web::{web, HttpResponse};

use super::readiness::ReadinessView;
use super::today::{workout_page, LogForm};
use super::{fresh_key, PlanView, WorkoutData};
use chrono::NaiveDate;

use crate::app::access::Viewer;
use crate::app::log::{log_session, Entry, Logged, Target};
use crate::app::notify::PainReport;
use crate::domain::today::day_text;
use crate::domain::units::Units;
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::session_log::NewSession;
use crate::state::AppState;
use crate::web::page::{Access, Page};
use crate::web::FieldErrors;
use crate::web::{see_other, CoachingPage, Form, MemberPage};

const NOTHING_ASSIGNED: &str =
    "No progression is assigned yet, so there is nothing to log against.";

/// POST /log: the member logs their own session.
pub async fn member_log(
    page: MemberPage,
    state: web::Data<AppState>,
    Form(form): Form<LogForm>,
) -> Result<HttpResponse, AppError> {
    log(&page, &state, None, form).await
}

/// POST /crew/{id}/log: a coach logs a session on a member's behalf.
pub async fn coach_log(
    page: CoachingPage,
    state: web::Data<AppState>,
    path: web::Path<i32>,
    Form(form): Form<LogForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let answer = log(&page, &state, Some(id), form).await?;
    page.record_access("log on their behalf", vec![id]).await?;
    Ok(answer)
}

/// The day of a coach's entry: today unless the form names a day of the
/// current assignment, and of the current stage, up to today.
fn trained_on(
    form: &LogForm,
    today: NaiveDate,
    start: NaiveDate,
    stage_since: Option<(&str, u8, NaiveDate)>,
    target: &Target,
) -> Result<NaiveDate, String> {
    let text = form.trained_on.trim();
    if text.is_empty() {
        return Ok(today);
    }
    let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
        return Err("Enter the day as a date (YYYY-MM-DD).".to_string());
    };
    if day > today {
        return Err(format!(
            "A session cannot be later than today ({}).",
            day_text(today)
        ));
    }
    if day < start {
        return Err(format!(
            "Choose a day from the start of the current assignment ({}) on.",
            day_text(start)
        ));
    }
    if let Some((name, stage, since)) = stage_since.filter(|(_, _, since)| day < *since) {
        return Err(format!(
            "{name} moved to stage {stage} on {}: enter sessions before that on paper notes.",
            day_text(since)
        ));
    }
    if day != today && matches!(target, Target::Partial(_)) {
        return Err("A toned-out session is finished on its own day.".to_string());
    }
    Ok(day)
}

/// The per-set form's own errors, shown with a date refused.
fn validation_errors(form: &LogForm, plan: &PlanView, units: Units, day: NaiveDate) -> FieldErrors {
    if form.action == "prescribed" {
        return FieldErrors::default();
    }
    form.validate(plan, units, day).err().unwrap_or_default()
}

/// Logs for `member_id`, or for the member's own record when `None`.
async fn log<A: Access>(
    page: &Page<A>,
    state: &AppState,
    member_id: Option<i32>,
    form: LogForm,
) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let units = department.units();
    let now = page.now;
    let (user, data) = page
        .read(move |conn, user| {
            let member = match member_id {
                Some(id) => Viewer::of(conn, user)?.member(conn, id)?,
                None => Member::find_by_user(conn, user.id)?.ok_or(AppError::Forbidden(
                    "Your account is not linked to a crew record; ask your coach.",
                ))?,
            };
            // A coach's entry stays within the current stage: it reads
            // when that began.
            match member_id {
                Some(_) => WorkoutData::load_for_coach(conn, &department, member, now),
                None => WorkoutData::load(conn, &department, member, now),
            }
        })
        .await?;
    let day = data.day.today;
    if !data.member.active {
        return Err(AppError::Forbidden("This member is deactivated."));
    }
    let Some(plan) = PlanView::new(&page.department, &data) else {
        return Err(AppError::Forbidden(NOTHING_ASSIGNED));
    };
    // The readiness check's answers: a bad one is shown beside its field,
    // nothing saved; a poor one logs the lighter session unless the member
    // chose the full one.
    let mut readiness = ReadinessView::new(String::new(), form.readiness());
    if !readiness.errors.is_empty() {
        let errors = std::mem::take(&mut readiness.errors);
        let answers = form.readiness();
        return workout_page(
            page,
            &user,
            data,
            member_id.is_some(),
            Some(form),
            errors,
            answers,
        );
    }
    let plan = readiness.plan(plan, &page.department, &data);
    let target = match form.partial_id.trim() {
        "" => Target::New,
        id => {
            let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
            // Only this member's own toned-out session from this training
            // day (never a pain stop, never a voided one).
            let ok = data
                .sessions
                .iter()
                .any(|s| s.row.id == id && s.row.awaits_finish() && s.row.trained_on == day);
            if !ok {
                return Err(AppError::NotFound);
            }
            Target::Partial(id)
        }
    };
    // A coach may enter a past day of the current assignment.
    let trained_on = match member_id {
        Some(_) => {
            let start = data.day.assignment.as_ref().map_or(day, |a| a.start_date);
            let since = data
                .stage_began
                .map(|(stage, on)| (data.member.name.as_str(), stage, on));
            trained_on(&form, day, start, since, &target)
        }
        None => Ok(day),
    };
    let trained_on = match trained_on {
        Ok(d) => d,
        Err(message) => {
            let mut errors = validation_errors(&form, &plan, units, day);
            errors.add("trained_on", message);
            let answers = form.readiness();
            return workout_page(page, &user, data, true, Some(form), errors, answers);
        }
    };
    let new = if form.action == "prescribed" {
        NewSession::done_as_prescribed(&plan.prescription, trained_on)
    } else {
        match form.validate(&plan, units, trained_on) {
            Ok(new) => new,
            Err(errors) => {
                let answers = form.readiness();
                return workout_page(
                    page,
                    &user,
                    data,
                    member_id.is_some(),
                    Some(form),
                    errors,
                    answers,
                );
            }
        }
    };
    let new = NewSession {
        readiness: readiness.answer,
        lighter: readiness.lighter,
        ..new
    };
    let key = match form.key() {
        Some(key) => key.to_string(),
        None if form.key.trim().is_empty() => fresh_key(),
        None => {
            return Err(AppError::BadRequest(
                "The form could not be read. Reload the page and try again.",
            ))
        }
    };
    // Namespaced by the form that sent it, so the one tap and the per-set
    // form can never stand in for each other, even sent the same key.
    let key = format!(
        "{}:{key}",
        if form.action == "prescribed" {
            "tap"
        } else {
            "sets"
        }
    );
    let member_id = data.member.id;
    let department = page.department.clone();
    let mailer = state.mailer.clone();
    let base = state.public_base.0.clone();
    let (_, logged) = page
        .write(move |conn, user| {
            let logged = log_session(
                conn,
                Entry {
                    member_id,
                    target,
                    session: &new,
                    key: &key,
                    entered_by: user.id,
                    department: &department,
                    now: now.naive_utc(),
                },
            )?;
            // The member's coaches hear of a pain report: its email is
            // queued in this same transaction.
            if let Logged::Saved(id) = logged {
                if mailer.is_on() {
                    if let Some(report) = PainReport::of_session(conn, id)? {
                        tell_coaches(conn, &mailer, &base, &report, now.naive_utc())?;
                    }
                }
            }
            Ok(logged)
        })
        .await?;
    state.mailer.wake();
    match logged {
        Logged::Saved(id) | Logged::Duplicate(id) => Ok(see_other(&format!("/sessions/{id}"))),
        Logged::NoAssignment => Err(AppError::Forbidden(NOTHING_ASSIGNED)),
    }
}

/// Queues the pain report's email in the log's transaction. An email that
/// cannot be written is logged and never fails the log; a failed write of
/// the outbox fails it, as any other part of the log would.
fn tell_coaches(
    conn: &mut diesel::SqliteConnection,
    mailer: &crate::mail::Mailer,
    base: &str,
    report: &PainReport,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    match report.email(base) {
        Ok(email) => {
            mailer.queue(conn, &email, Some(report.member_id), now)?;
        }
        Err(e) => tracing::error!(error = %e, "pain report email not written"),
    }
    Ok(())
}
