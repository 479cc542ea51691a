//! The department's thresholds for reading range tests, and the retest
//! interval: a settings page of its own, linked from the department settings.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use serde::Deserialize;

use crate::domain::range_test::Thresholds;
use crate::error::AppError;
use crate::models::department::Department;
use crate::web::{render, see_other, Chrome, CoachPage, FieldErrors, Form};

/// What was typed; the names are `Thresholds`' field names, which is what
/// `Thresholds::validate` reports errors against.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ThresholdsForm {
    near_zero_pct: String,
    asymmetry_pct: String,
    compensation_pct: String,
    hugged_over_double_tolerance_pct: String,
    retest_weeks: String,
}

impl ThresholdsForm {
    fn from_thresholds(t: &Thresholds) -> ThresholdsForm {
        ThresholdsForm {
            near_zero_pct: t.near_zero_pct.to_string(),
            asymmetry_pct: t.asymmetry_pct.to_string(),
            compensation_pct: t.compensation_pct.to_string(),
            hugged_over_double_tolerance_pct: t.hugged_over_double_tolerance_pct.to_string(),
            retest_weeks: t.retest_weeks.to_string(),
        }
    }

    /// Anything that is not a whole number in 0..=255 reads as 255, which
    /// every range refuses, so `validate` words the message.
    fn parse(&self) -> Result<Thresholds, FieldErrors> {
        let n = |s: &str| s.trim().parse::<u8>().unwrap_or(u8::MAX);
        let t = Thresholds {
            near_zero_pct: n(&self.near_zero_pct),
            asymmetry_pct: n(&self.asymmetry_pct),
            compensation_pct: n(&self.compensation_pct),
            retest_weeks: n(&self.retest_weeks),
            hugged_over_double_tolerance_pct: n(&self.hugged_over_double_tolerance_pct),
        };
        t.validate().map(|()| t).map_err(|list| {
            let mut errors = FieldErrors::default();
            for e in list {
                errors.add(e.field, e.message);
            }
            errors
        })
    }
}

#[derive(Template)]
#[template(path = "range_tests/thresholds.html")]
struct ThresholdsPage {
    chrome: Chrome,
    form: ThresholdsForm,
    errors: FieldErrors,
}

pub async fn show(ctx: CoachPage) -> Result<HttpResponse, AppError> {
    let user = ctx.user().await?;
    let page = ThresholdsPage {
        chrome: ctx.chrome(&user)?,
        form: ThresholdsForm::from_thresholds(&ctx.department.thresholds()),
        errors: FieldErrors::default(),
    };
    render(StatusCode::OK, &page)
}

pub async fn save(
    ctx: CoachPage,
    Form(form): Form<ThresholdsForm>,
) -> Result<HttpResponse, AppError> {
    let thresholds = match form.parse() {
        Ok(t) => t,
        Err(errors) => {
            let user = ctx.user().await?;
            let page = ThresholdsPage {
                chrome: ctx.chrome(&user)?,
                form,
                errors,
            };
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    let (_, department) = ctx
        .write(move |conn, _| {
            Department::save_thresholds(conn, &thresholds)?;
            Ok(Department::get(conn)?)
        })
        .await?;
    ctx.settings_saved(department);
    ctx.session.set_flash("Range-test thresholds saved.")?;
    Ok(see_other("/settings/thresholds"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_thresholds_are_checked_by_the_domain_rule() {
        let mut form = ThresholdsForm::from_thresholds(&Thresholds::default());
        assert_eq!(form.parse().unwrap(), Thresholds::default());
        form.asymmetry_pct = "abc".to_string();
        form.retest_weeks = "0".to_string();
        form.hugged_over_double_tolerance_pct = " 0 ".to_string();
        let errors = form.parse().unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors.get("asymmetry_pct"),
            "Enter a whole number of percent from 1 to 100."
        );
        assert_eq!(
            errors.get("retest_weeks"),
            "Enter a whole number of weeks from 1 to 52."
        );
    }
}
