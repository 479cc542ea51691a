//! The result page: what was logged and what happens next. A member sees
//! only their own sessions (another member's id is a 404).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::app::access::Viewer;
use crate::domain::progression::{self as engine, LoadKind};
use crate::domain::units::{Load, Units};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::session_log::Session;
use crate::models::stage::Stage;
use crate::web::{render, Chrome, UserPage};

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
}

impl ResultPage {
    fn load_text(&self, grams: &i32) -> String {
        Load::from_grams(*grams as i64).display(self.units)
    }

    fn loaded(&self) -> bool {
        self.stage.spec().load_kind != LoadKind::Bodyweight
    }
}

/// GET /sessions/{id}.
pub async fn result(page: UserPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let is_coach = page.is_coach();
    let (user, (logged, member, stage, decision)) = page
        .read(move |conn, user| {
            let logged = Session::find(conn, id)?;
            let member = Viewer::of(conn, user)?.member(conn, logged.row.member_id)?;
            let stage = Stage::find(conn, logged.row.stage)?;
            let decision = logged.row.decision()?;
            Ok((logged, member, stage, decision))
        })
        .await?;
    page.record_access("session", vec![member.id]).await?;
    let (headline, explanation) = outcome_texts(&logged, decision);
    let units = page.department.units();
    render(
        StatusCode::OK,
        &ResultPage {
            chrome: page.chrome(&user)?,
            headline,
            explanation,
            cap_note: cap_note(&logged, units),
            fixes: logged
                .row
                .fix_list()
                .iter()
                .map(|f| (f.label(), f.text()))
                .collect(),
            for_coach: is_coach,
            units,
            session: logged,
            member,
            stage,
        },
    )
}

/// The headline for an extra session (see `engine::extra_sessions`).
pub const EXTRA_HEADLINE: &str = "Extra session today";

/// The result page's headline and explanation for a stored session.
fn outcome_texts(logged: &Session, decision: engine::Decision) -> (String, String) {
    if decision != engine::Decision::Stay {
        return (decision.headline(), decision.explanation());
    }
    if !logged.row.is_finished() {
        return (
            "Saved as toned out".to_string(),
            "What you did so far is saved and this does not count as a missed session. Finish it from today's page when you are back, this shift.".to_string(),
        );
    }
    if logged.row.extra {
        return (
            EXTRA_HEADLINE.to_string(),
            "It is kept in your log, but only one session a training day counts toward \
             moving up, with a rest day between two that count. Rest before the next one."
                .to_string(),
        );
    }
    (decision.headline(), decision.explanation())
}

/// Why the next load is lower than a load logged above the weekly cap.
fn cap_note(logged: &Session, units: Units) -> Option<String> {
    let session = logged.domain();
    let most = engine::logged_above_cap(&session, units)?;
    Some(format!(
        "You logged {} where {} was prescribed. What you lifted is kept as logged, but the \
         load you are given rises at most {} in any 7 days, so your next one is at most {}. \
         Your coach has been told.",
        session.top_load()?.display(units),
        session.prescribed_load?.display(units),
        engine::weekly_cap(units).display(units),
        most.display(units),
    ))
}
