//! A coach's per-member switches on the progression that need no
//! re-assigning: the variations added to the member's stage (or the one
//! click that adds the single-leg work a range test proposes), and
//! auto-advance on or off.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use super::crew::{member_page, StageForm};
use super::{see_other, CoachingPage, FieldErrors, Form};
use crate::app::access;
use crate::domain::variation::{parse_choices, Variation};
use crate::error::AppError;
use crate::models::assignment::Assignment;

#[derive(Deserialize, Default)]
pub struct VariationsForm {
    #[serde(default)]
    variation: Vec<String>,
}

/// POST /crew/{id}/variations: the variations on the member's stage.
pub async fn save_variations(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<VariationsForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let list: Vec<Variation> = match parse_choices(&form.variation) {
        Ok(list) => list,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("variations", message);
            return member_page(&page, id, StageForm::default(), errors).await;
        }
    };
    page.write(move |conn, user| {
        let assignment = active(conn, user, id)?;
        Ok(assignment.set_variations(conn, &list)?)
    })
    .await?;
    page.session.set_flash("Variations saved.")?;
    Ok(see_other(&format!("/crew/{id}")))
}

/// POST /crew/{id}/single-leg: adds the single-leg work the latest range
/// test proposes for its weaker side (nothing when it proposes none).
pub async fn add_single_leg(
    page: CoachingPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (thresholds, units) = (page.department.thresholds(), page.department.units());
    let now = page.now.naive_utc();
    let (_, added) = page
        .write(move |conn, user| {
            access::check(conn, user, id)?;
            crate::app::range_test::add_single_leg(conn, id, &thresholds, units, user.id, now)
        })
        .await?;
    page.session.set_flash(&match added {
        Some(side) => format!(
            "Single-leg work added for the {side} side; the member sees it on their next session."
        ),
        None => "Nothing added: the latest range test proposes no single-leg work.".to_string(),
    })?;
    Ok(see_other(&format!("/crew/{id}")))
}

#[derive(Deserialize, Default)]
pub struct AutoAdvanceForm {
    #[serde(default)]
    auto_advance: String,
}

/// POST /crew/{id}/auto-advance: on or off for this member.
pub async fn save_auto_advance(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<AutoAdvanceForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let on = match form.auto_advance.as_str() {
        "on" => true,
        "off" => false,
        _ => {
            return Err(AppError::BadRequest(
                "The form could not be read. Reload the page and try again.",
            ))
        }
    };
    page.write(move |conn, user| {
        let assignment = active(conn, user, id)?;
        Ok(assignment.set_auto_advance(conn, on)?)
    })
    .await?;
    page.session.set_flash(if on {
        "Auto-advance is on: the member moves up when they meet the stage's standard."
    } else {
        "Auto-advance is off: you confirm each move up."
    })?;
    Ok(see_other(&format!("/crew/{id}")))
}

fn active(
    conn: &mut diesel::SqliteConnection,
    user: &crate::models::user::User,
    member_id: i32,
) -> Result<Assignment, AppError> {
    access::check(conn, user, member_id)?;
    Assignment::active_for(conn, member_id)?.ok_or(AppError::Forbidden(
        "The progression is not assigned yet; assign it first.",
    ))
}
