//! Leaving (issue 22, item 5): the coordinator's confirm page and the
//! erasure of a departed member's personal data. The page names the member
//! and says what is removed and what is kept; the coach types the name to
//! confirm.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{render, see_other, Chrome, CoachPage, FieldErrors, Form};
use crate::app::erase::{erase_member, Erase};
use crate::domain::today::{local, moment_text};
use crate::error::AppError;
use crate::models::erasure::{self, Erasure};
use crate::models::member::Member;

#[derive(Template)]
#[template(path = "crew/erase.html")]
struct ErasePage {
    chrome: Chrome,
    member: Member,
    /// When and by whom, once erased (then there is no form).
    erased: Option<(String, String)>,
    typed: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EraseForm {
    confirm_name: String,
}

fn erased_text(page: &CoachPage, e: Erasure) -> (String, String) {
    (
        moment_text(local(page.department.tz(), e.erased_at)),
        e.erased_by,
    )
}

async fn show_page(
    page: &CoachPage,
    id: i32,
    typed: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (user, (member, erased)) = page
        .read(move |conn, _| Ok((Member::find(conn, id)?, erasure::find(conn, id)?)))
        .await?;
    render(
        status,
        &ErasePage {
            chrome: page.chrome(&user)?,
            member,
            erased: erased.map(|e| erased_text(page, e)),
            typed,
            errors,
        },
    )
}

/// GET /crew/{id}/erase: what erasing this member removes and keeps.
pub async fn confirm(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    show_page(
        &page,
        path.into_inner(),
        String::new(),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// POST /crew/{id}/erase: erases, when the name typed is the member's.
pub async fn erase(
    page: CoachPage,
    path: web::Path<i32>,
    Form(form): Form<EraseForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let typed = form.confirm_name.clone();
    let now = page.now.naive_utc();
    let (_, outcome) = page
        .write(move |conn, user| erase_member(conn, id, &typed, user.id, now))
        .await?;
    match outcome {
        Erase::Erased { account } => {
            if let Some(user_id) = account {
                page.forget_sessions(user_id);
            }
            page.session.set_flash(&format!(
                "The personal data of {} was erased; the anonymous sessions and stage history stay.",
                erasure::placeholder_name(id)
            ))?;
            Ok(see_other(&format!("/crew/{id}")))
        }
        Erase::NameMismatch => {
            let mut errors = FieldErrors::default();
            errors.add(
                "confirm_name",
                "Type the member's name exactly as shown above to confirm; nothing was erased.",
            );
            show_page(
                &page,
                id,
                form.confirm_name,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Erase::AlreadyErased => {
            show_page(
                &page,
                id,
                String::new(),
                FieldErrors::default(),
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}
