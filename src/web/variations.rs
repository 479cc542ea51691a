//! A coach's per-member switches on the progression that need no
//! re-assigning: the variations added to the member's stage, and
//! auto-advance on or off.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::crew::{member_page, StageForm};
use super::{forms, see_other, FieldErrors};
use crate::auth::{AppSession, CurrentCoach};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::domain::variation::{parse_choices, Variation};
use crate::error::AppError;
use crate::models::assignment::Assignment;

#[derive(Deserialize, Default)]
struct VariationsForm {
    #[serde(default)]
    variation: Vec<String>,
}

/// POST /crew/{id}/variations: the variations on the member's stage.
pub async fn save_variations(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form: VariationsForm = forms::parse(&body)?;
    let list: Vec<Variation> = match parse_choices(&form.variation) {
        Ok(list) => list,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("variations", message);
            return member_page(
                &current,
                &session,
                &pool,
                &clock,
                id,
                blank_stage_form(),
                errors,
            )
            .await;
        }
    };
    db::write(&pool, move |conn| {
        let assignment = active(conn, id)?;
        Ok(assignment.set_variations(conn, &list)?)
    })
    .await?;
    session.set_flash("Variations saved.")?;
    Ok(see_other(&format!("/crew/{id}")))
}

#[derive(Deserialize)]
pub struct AutoAdvanceForm {
    auto_advance: String,
}

/// POST /crew/{id}/auto-advance: on or off for this member.
pub async fn save_auto_advance(
    CurrentCoach(_current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    path: web::Path<i32>,
    form: web::Form<AutoAdvanceForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let on = match form.auto_advance.as_str() {
        "on" => true,
        "off" => false,
        _ => return Err(AppError::NotFound),
    };
    db::write(&pool, move |conn| {
        let assignment = active(conn, id)?;
        Ok(assignment.set_auto_advance(conn, on)?)
    })
    .await?;
    session.set_flash(if on {
        "Auto-advance is on: the member moves up when they meet the stage's standard."
    } else {
        "Auto-advance is off: you confirm each move up."
    })?;
    Ok(see_other(&format!("/crew/{id}")))
}

fn active(conn: &mut diesel::SqliteConnection, member_id: i32) -> Result<Assignment, AppError> {
    crate::models::member::Member::find(conn, member_id)?;
    Assignment::active_for(conn, member_id)?.ok_or(AppError::Forbidden(
        "The progression is not assigned yet; assign it first.",
    ))
}

fn blank_stage_form() -> StageForm {
    StageForm::default()
}
