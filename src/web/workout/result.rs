//! The result page: what was logged and what happens next. A member sees
//! only their own sessions (another member's id is a 404).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

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
            let member = Member::find(conn, logged.row.member_id)?;
            if !is_coach && member.user_id != Some(user.id) {
                return Err(AppError::NotFound);
            }
            let stage = Stage::find(conn, logged.row.stage)?;
            let decision = logged.row.decision()?;
            Ok((logged, member, stage, decision))
        })
        .await?;
    let partial = !logged.row.is_finished();
    let toned_out = partial && decision == engine::Decision::Stay;
    render(
        StatusCode::OK,
        &ResultPage {
            chrome: page.chrome(&user)?,
            headline: if toned_out {
                "Saved as toned out".to_string()
            } else {
                decision.headline()
            },
            explanation: if toned_out {
                "What you did so far is saved and this does not count as a missed session. Finish it from today's page when you are back, this shift.".to_string()
            } else {
                decision.explanation()
            },
            fixes: logged
                .row
                .fix_list()
                .iter()
                .map(|f| (f.label(), f.text()))
                .collect(),
            for_coach: is_coach,
            units: page.department.units(),
            session: logged,
            member,
            stage,
        },
    )
}
