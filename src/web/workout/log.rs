//! Storing a session: POST /log for the member, POST /crew/{id}/log for a
//! coach on their behalf. The form is read and checked, then one immediate
//! transaction stores it and applies the engine's decision.

use actix_web::{web, HttpResponse};

use super::today::{workout_page, LogForm};
use super::{fresh_key, PlanView, WorkoutData};
use crate::app::access::Viewer;
use crate::app::log::{log_session, Entry, Logged, Target};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::session_log::NewSession;
use crate::web::page::{Access, Page};
use crate::web::{see_other, CoachingPage, Form, MemberPage};

const NOTHING_ASSIGNED: &str =
    "No progression is assigned yet, so there is nothing to log against.";

/// POST /log: the member logs their own session.
pub async fn member_log(
    page: MemberPage,
    Form(form): Form<LogForm>,
) -> Result<HttpResponse, AppError> {
    log(&page, None, form).await
}

/// POST /crew/{id}/log: a coach logs a session on a member's behalf.
pub async fn coach_log(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<LogForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let answer = log(&page, Some(id), form).await?;
    page.record_access("log on their behalf", vec![id]).await?;
    Ok(answer)
}

/// Logs for `member_id`, or for the member's own record when `None`.
async fn log<A: Access>(
    page: &Page<A>,
    member_id: Option<i32>,
    form: LogForm,
) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let units = department.units();
    let now = page.now;
    let (user, (data, day)) = page
        .read(move |conn, user| {
            let member = match member_id {
                Some(id) => Viewer::of(conn, user)?.member(conn, id)?,
                None => Member::find_by_user(conn, user.id)?.ok_or(AppError::Forbidden(
                    "Your account is not linked to a crew record; ask your coach.",
                ))?,
            };
            let data = WorkoutData::load(conn, &department, member, now)?;
            let day = data.day.today;
            Ok((data, day))
        })
        .await?;
    if !data.member.active {
        return Err(AppError::Forbidden("This member is deactivated."));
    }
    let Some(plan) = PlanView::new(&page.department, &data) else {
        return Err(AppError::Forbidden(NOTHING_ASSIGNED));
    };
    let target = match form.partial_id.trim() {
        "" => Target::New,
        id => {
            let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
            // Only this member's own partial session from this training day.
            let ok = data
                .sessions
                .iter()
                .any(|s| s.row.id == id && !s.row.is_finished() && s.row.trained_on == day);
            if !ok {
                return Err(AppError::NotFound);
            }
            Target::Partial(id)
        }
    };
    let new = if form.action == "prescribed" {
        NewSession::done_as_prescribed(&plan.prescription, day)
    } else {
        match form.validate(&plan, units, day) {
            Ok(new) => new,
            Err(errors) => {
                return workout_page(page, &user, data, member_id.is_some(), Some(form), errors)
            }
        }
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
    let (_, logged) = page
        .write(move |conn, user| {
            log_session(
                conn,
                Entry {
                    member_id,
                    target,
                    session: &new,
                    key: &key,
                    entered_by: user.id,
                    units,
                    now: now.naive_utc(),
                },
            )
        })
        .await?;
    match logged {
        Logged::Saved(id) | Logged::Duplicate(id) => Ok(see_other(&format!("/sessions/{id}"))),
        Logged::NoAssignment => Err(AppError::Forbidden(NOTHING_ASSIGNED)),
    }
}
