//! The result page: what was logged and what happens next. A member sees
//! only their own sessions (another member's id is a 404), and may undo one
//! the day it was logged; a coach may void one with a reason.

use actix_web::{web, HttpResponse};
use askama::Template;

use serde::Deserialize;

use crate::app::access::Viewer;
use crate::app::void::{undo_own, void_session};
use crate::domain::progression::{self as engine, LoadKind};
use crate::domain::session::undo_open;
use crate::domain::units::{Load, Units};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::session_log::Session;
use crate::models::stage::Stage;
use crate::models::user::User;
use crate::web::page::{Access, Page};
use crate::web::{
    render, see_other, Chrome, CoachingPage, FieldErrors, Form, MemberPage, UserPage,
};

#[derive(Template)]
#[template(path = "workout/result.html")]
struct ResultPage {
    chrome: Chrome,
    session: Session,
    member: Member,
    stage: Stage,
    headline: String,
    explanation: String,
    fixes: Vec<(&'static str, &'static str)>,
    for_coach: bool,
    units: Units,
    /// Why the next load is lower than what was logged (above the weekly cap).
    cap_note: Option<String>,
    /// Voided: by whom, when and why, in words.
    voided: Option<String>,
    /// The member may still undo it (until the end of the day it was logged).
    undo_open: bool,
    /// The coach's void form, as typed, and its error.
    void_form: VoidForm,
    errors: FieldErrors,
}

impl ResultPage {
    fn load_text(&self, grams: &i32) -> String {
        Load::from_grams(*grams as i64).display(self.units)
    }

    fn loaded(&self) -> bool {
        self.stage.spec().load_kind != LoadKind::Bodyweight
    }
}

/// The coach's void form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VoidForm {
    pub reason: String,
}

const MAX_REASON: usize = 500;

impl VoidForm {
    /// The reason, or the error beside the field.
    fn reason(&self) -> Result<String, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reason = self.reason.trim();
        if reason.is_empty() {
            errors.add(
                "reason",
                "Say why the session is voided; the member's history shows it.",
            );
        } else if reason.chars().count() > MAX_REASON {
            errors.add("reason", "Keep the reason under 500 characters.");
        }
        errors.or(Some(reason.to_string()))
    }
}

/// GET /sessions/{id}.
pub async fn result(page: UserPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    result_page(
        &page,
        path.into_inner(),
        VoidForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// POST /sessions/{id}/undo: the member takes back their own session, the
/// same day (see `app::void::undo_own`).
pub async fn undo(page: MemberPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = page.now;
    page.write(move |conn, user| undo_own(conn, id, user.id, now))
        .await?;
    Ok(see_other(&format!("/sessions/{id}")))
}

/// POST /sessions/{id}/void: a coach voids a session, with a reason.
pub async fn void(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<VoidForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let reason = match form.reason() {
        Ok(reason) => reason,
        Err(errors) => return result_page(&page, id, form, errors).await,
    };
    let now = page.now.naive_utc();
    page.write(move |conn, user| {
        // A trainer voids only their own members' sessions.
        let member_id = Session::find(conn, id)?.row.member_id;
        Viewer::of(conn, user)?.check(conn, member_id)?;
        void_session(conn, id, user.id, &reason, now)
    })
    .await?;
    Ok(see_other(&format!("/sessions/{id}")))
}

/// The result page of session `id`, with the coach's void form as typed.
async fn result_page<A: Access>(
    page: &Page<A>,
    id: i32,
    void_form: VoidForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let is_coach = page.is_coach();
    let (user, (logged, member, stage, decision, voided_by)) = page
        .read(move |conn, user| {
            let logged = Session::find(conn, id)?;
            let member = Viewer::of(conn, user)?.member(conn, logged.row.member_id)?;
            let stage = Stage::find(conn, logged.row.stage)?;
            let decision = logged.row.decision()?;
            let voided_by = match logged.row.voided_by {
                Some(by) => Some(User::find(conn, by)?.name),
                None => None,
            };
            Ok((logged, member, stage, decision, voided_by))
        })
        .await?;
    page.record_access("session", vec![member.id]).await?;
    // A coach reads about the member by name; the member is spoken to.
    let about = is_coach.then_some(member.name.as_str());
    let (headline, explanation) = outcome_texts(&logged, decision, about);
    let units = page.department.units();
    let tz = page.department.tz();
    let voided = logged.row.voided_at.map(|at| {
        format!(
            "Voided by {} on {}: {}",
            voided_by.unwrap_or_default(),
            crate::domain::today::day_text(crate::domain::today::local(tz, at).date()),
            logged.row.void_reason
        )
    });
    render(
        errors.status(),
        &ResultPage {
            chrome: page.chrome(&user)?,
            headline,
            explanation,
            cap_note: cap_note(&logged, units, about),
            fixes: logged
                .row
                .fix_list()
                .iter()
                .map(|f| (f.label(), f.text()))
                .collect(),
            for_coach: is_coach,
            units,
            undo_open: !is_coach
                && voided.is_none()
                && logged.row.entered_by == user.id
                && undo_open(tz, logged.row.created_at, page.now),
            voided,
            void_form,
            errors,
            session: logged,
            member,
            stage,
        },
    )
}

/// The headline for an extra session (see `engine::extra_sessions`).
pub const EXTRA_HEADLINE: &str = "Extra session today";

/// The result page's headline and explanation for a stored session: to
/// the member, or `about` the member by name for a coach.
fn outcome_texts(
    logged: &Session,
    decision: engine::Decision,
    about: Option<&str>,
) -> (String, String) {
    if logged.row.is_voided() {
        return (
            "Session voided".to_string(),
            "It stays in the history, marked as voided, and counts toward nothing.".to_string(),
        );
    }
    let decided = || match about {
        Some(name) => (
            decision.headline_about(name),
            decision.explanation_about(name),
        ),
        None => (decision.headline(), decision.explanation()),
    };
    if decision != engine::Decision::Stay {
        return decided();
    }
    if !logged.row.is_finished() {
        let explanation = match about {
            Some(name) => format!(
                "What {name} did so far is saved and this does not count as a missed \
                 session. {name} can finish it from their today page this shift."
            ),
            None => "What you did so far is saved and this does not count as a missed \
                 session. Finish it from today's page when you are back, this shift."
                .to_string(),
        };
        return ("Saved as toned out".to_string(), explanation);
    }
    if logged.row.extra {
        let whose = about.map_or("your".to_string(), |name| format!("{name}'s"));
        return (
            EXTRA_HEADLINE.to_string(),
            format!(
                "It is kept in {whose} log, but only one session a training day counts toward \
                 moving up, with a rest day between two that count. Rest before the next one."
            ),
        );
    }
    decided()
}

/// Why the next load is lower than a load logged above the weekly cap: to
/// the member, or `about` the member by name for a coach.
fn cap_note(logged: &Session, units: Units, about: Option<&str>) -> Option<String> {
    let session = logged.domain();
    let most = engine::logged_above_cap(&session, units)?;
    let (top, prescribed, cap, most) = (
        session.top_load()?.display(units),
        session.prescribed_load?.display(units),
        engine::weekly_cap(units).display(units),
        most.display(units),
    );
    Some(match about {
        Some(name) => format!(
            "{name} logged {top} where {prescribed} was prescribed. What they lifted is kept \
             as logged, but the load they are given rises at most {cap} in any 7 days, so \
             their next one is at most {most}."
        ),
        None => format!(
            "You logged {top} where {prescribed} was prescribed. What you lifted is kept as \
             logged, but the load you are given rises at most {cap} in any 7 days, so your \
             next one is at most {most}. Your coach has been told."
        ),
    })
}
