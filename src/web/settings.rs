//! Department settings: name, time zone and units.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono_tz::Tz;
use serde::Deserialize;

use super::{render, see_other, Chrome, FieldErrors};
use crate::auth::{AppSession, CurrentCoach};
use crate::db::{self, DbPool};
use crate::domain::units::Units;
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::user::validate_name;

#[derive(Template)]
#[template(path = "settings/department.html")]
struct SettingsPage {
    chrome: Chrome,
    form: SettingsForm,
    errors: FieldErrors,
    time_zones: Vec<&'static str>,
    unit_choices: Vec<(&'static str, &'static str)>,
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    name: String,
    time_zone: String,
    units: String,
}

fn page(chrome: Chrome, form: SettingsForm, errors: FieldErrors) -> SettingsPage {
    SettingsPage {
        chrome,
        form,
        errors,
        time_zones: chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect(),
        unit_choices: Units::ALL.iter().map(|u| (u.as_str(), u.label())).collect(),
    }
}

pub async fn show(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
) -> Result<HttpResponse, AppError> {
    let d = &current.department;
    let form = SettingsForm {
        name: d.name.clone(),
        time_zone: d.time_zone.clone(),
        units: d.units.clone(),
    };
    render(
        StatusCode::OK,
        &page(
            Chrome::new(&session, &current)?,
            form,
            FieldErrors::default(),
        ),
    )
}

pub async fn save(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FieldErrors::default();
    errors.check("name", validate_name(&form.name));
    let tz = form.time_zone.trim().parse::<Tz>();
    if tz.is_err() {
        errors.add(
            "time_zone",
            "Choose a time zone from the list, such as America/Chicago.",
        );
    }
    let units = Units::parse(&form.units);
    if units.is_none() {
        errors.add(
            "units",
            "Choose pounds and inches, or kilograms and centimetres.",
        );
    }
    let (Ok(tz), Some(units), true) = (tz, units, errors.is_empty()) else {
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(Chrome::new(&session, &current)?, form, errors),
        );
    };
    let name = form.name.clone();
    db::write(&pool, move |conn| {
        Ok(Department::save_general(conn, &name, tz, units)?)
    })
    .await?;
    session.set_flash("Settings saved.")?;
    Ok(see_other("/settings"))
}
