//! Department settings: name, time zone and units; the shift rotation with
//! its presets and a four-week duty calendar to check against the real one.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use strum::VariantArray;

use super::{forms, render, see_other, Chrome, CoachPage, FieldErrors, Form};
use crate::domain::rotation::{
    format_pattern, parse_pattern, Platoon, Preset, Rotation, MAX_PATTERN_DAYS,
};
use crate::domain::schedule::monday_of;
use crate::domain::today::local_today;
use crate::domain::units::Units;
use crate::domain::Named;
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::statement::{self, Statement};
use crate::models::user::validate_name;

#[derive(Template)]
#[template(path = "settings/department.html")]
struct SettingsPage {
    chrome: Chrome,
    form: SettingsForm,
    errors: FieldErrors,
    time_zones: Vec<&'static str>,
    unit_choices: Vec<(&'static str, &'static str)>,
    statement: StatementView,
}

/// The data-use statement's form on the settings page.
pub struct StatementView {
    /// The version in force.
    version: i32,
    /// The text in the form: the one in force, or what was typed.
    body: String,
    errors: FieldErrors,
}

impl StatementView {
    fn of(statement: Statement) -> StatementView {
        StatementView {
            version: statement.version,
            body: statement.body,
            errors: FieldErrors::default(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SettingsForm {
    name: String,
    time_zone: String,
    units: String,
}

fn page(
    chrome: Chrome,
    form: SettingsForm,
    errors: FieldErrors,
    statement: StatementView,
) -> SettingsPage {
    SettingsPage {
        chrome,
        form,
        errors,
        statement,
        time_zones: forms::time_zones(),
        unit_choices: Units::VARIANTS
            .iter()
            .map(|u| (u.as_str(), u.label()))
            .collect(),
    }
}

pub async fn show(ctx: CoachPage) -> Result<HttpResponse, AppError> {
    let (user, statement) = ctx.read(|conn, _| Ok(Statement::current(conn)?)).await?;
    let d = &ctx.department;
    let form = SettingsForm {
        name: d.name.clone(),
        time_zone: d.tz().name().to_string(),
        units: d.units().as_str().to_string(),
    };
    render(
        StatusCode::OK,
        &page(
            ctx.chrome(&user)?,
            form,
            FieldErrors::default(),
            StatementView::of(statement),
        ),
    )
}

pub async fn save(
    ctx: CoachPage,
    Form(form): Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    errors.check("name", validate_name(&form.name));
    let tz = forms::listed_time_zone(&form.time_zone);
    if tz.is_none() {
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
    let (Some(tz), Some(units), true) = (tz, units, errors.is_empty()) else {
        let mut form = form;
        if tz.is_none() {
            // Not on the list, so not selectable: show the zone in force.
            form.time_zone = ctx.department.tz().name().to_string();
        }
        let (user, statement) = ctx.read(|conn, _| Ok(Statement::current(conn)?)).await?;
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(
                ctx.chrome(&user)?,
                form,
                errors,
                StatementView::of(statement),
            ),
        );
    };
    let name = form.name.clone();
    let (_, department) = ctx
        .write(move |conn, _| {
            Department::save_general(conn, &name, tz, units)?;
            Ok(Department::get(conn)?)
        })
        .await?;
    ctx.settings_saved(department);
    ctx.session.set_flash("Settings saved.")?;
    Ok(see_other("/settings"))
}

// ---------------------------------------------------- data-use statement

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatementForm {
    body: String,
}

/// POST /settings/statement: the coordinator keeps a new text; its version
/// goes up when the text changed, and every member reads it again.
pub async fn save_statement(
    ctx: CoachPage,
    Form(form): Form<StatementForm>,
) -> Result<HttpResponse, AppError> {
    if let Err(message) = statement::validate(&form.body) {
        let (user, current) = ctx.read(|conn, _| Ok(Statement::current(conn)?)).await?;
        let mut errors = FieldErrors::default();
        errors.add("body", message);
        let d = &ctx.department;
        let general = SettingsForm {
            name: d.name.clone(),
            time_zone: d.tz().name().to_string(),
            units: d.units().as_str().to_string(),
        };
        let view = StatementView {
            version: current.version,
            body: form.body,
            errors,
        };
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(ctx.chrome(&user)?, general, FieldErrors::default(), view),
        );
    }
    let now = ctx.now.naive_utc();
    let (_, (before, after)) = ctx
        .write(move |conn, user| {
            let before = Statement::current(conn)?.version;
            let after = Statement::save(conn, &form.body, user.id, now)?.version;
            Ok((before, after))
        })
        .await?;
    let message = if after == before {
        "The statement is unchanged.".to_string()
    } else {
        format!(
            "Statement saved as version {after}; each member reads and acknowledges it at their next visit."
        )
    };
    ctx.session.set_flash(&message)?;
    Ok(see_other("/settings#statement"))
}

// ---------------------------------------------------------------- rotation

#[derive(Template)]
#[template(path = "settings/rotation.html")]
struct RotationPage {
    chrome: Chrome,
    form: RotationForm,
    errors: FieldErrors,
    presets: Vec<(&'static str, &'static str)>,
    all_platoons: Vec<Platoon>,
    weeks: Vec<Vec<CalendarDay>>,
}

impl RotationPage {
    fn platoon_checked(&self, p: &Platoon) -> bool {
        self.form.platoons.iter().any(|x| x == p.as_str())
    }
}

pub struct CalendarDay {
    pub date: NaiveDate,
    pub platoons: Vec<Platoon>,
    pub is_today: bool,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct RotationForm {
    preset: String,
    pattern: String,
    offset: String,
    anchor: String,
    change_time: String,
    platoons: Vec<String>,
}

impl RotationForm {
    fn from_rotation(rotation: &Rotation) -> RotationForm {
        RotationForm {
            preset: rotation
                .matching_preset()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "custom".to_string()),
            pattern: format_pattern(&rotation.pattern),
            offset: rotation.platoon_offset_days.to_string(),
            anchor: rotation.anchor.to_string(),
            change_time: rotation.change_time.format("%H:%M").to_string(),
            platoons: rotation
                .platoons
                .iter()
                .map(|p| p.as_str().to_string())
                .collect(),
        }
    }

    fn validate(&self, today: NaiveDate) -> Result<Rotation, FieldErrors> {
        let mut errors = FieldErrors::default();
        let (pattern, offset) = match Preset::parse(&self.preset) {
            Some(preset) => (Some(preset.pattern()), Some(preset.platoon_offset_days())),
            None if self.preset == "custom" => {
                let pattern = parse_pattern(&self.pattern)
                    .map_err(|e| errors.add("pattern", e.to_string()))
                    .ok();
                let offset = forms::number_in(&self.offset, 0, MAX_PATTERN_DAYS as i32)
                    .map_err(|e| errors.add("offset", e))
                    .ok()
                    .map(|o| o as u32);
                (pattern, offset)
            }
            None => {
                errors.add("preset", "Choose a rotation.");
                (None, None)
            }
        };
        let anchor = forms::date_near(&self.anchor, today, 20 * 366, 366)
            .map_err(|e| errors.add("anchor", e))
            .ok();
        let change_time = NaiveTime::parse_from_str(self.change_time.trim(), "%H:%M")
            .map_err(|_| errors.add("change_time", "Enter a time as HH:MM, such as 07:00."))
            .ok();
        let platoons: Vec<Platoon> = self
            .platoons
            .iter()
            .filter_map(|p| Platoon::parse(p))
            .collect();
        if platoons.is_empty() || platoons.len() != self.platoons.len() {
            errors.add("platoons", "Tick at least one platoon.");
        }
        match (pattern, offset, anchor, change_time, errors.is_empty()) {
            (Some(pattern), Some(platoon_offset_days), Some(anchor), Some(change_time), true) => {
                Ok(Rotation {
                    pattern,
                    anchor,
                    platoon_offset_days,
                    change_time,
                    platoons,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Four weeks from this week's Monday, a row per week.
fn calendar(rotation: &Rotation, today: NaiveDate) -> Vec<Vec<CalendarDay>> {
    let mut days = rotation
        .duty_calendar(monday_of(today), 28)
        .into_iter()
        .map(|(date, platoons)| CalendarDay {
            is_today: date == today,
            date,
            platoons,
        })
        .peekable();
    let mut weeks = Vec::new();
    while days.peek().is_some() {
        weeks.push(days.by_ref().take(7).collect());
    }
    weeks
}

fn rotation_page(
    chrome: Chrome,
    department: &Department,
    form: RotationForm,
    errors: FieldErrors,
    today: NaiveDate,
) -> RotationPage {
    RotationPage {
        chrome,
        form,
        errors,
        presets: Preset::ALL
            .iter()
            .map(|p| (p.as_str(), p.label()))
            .collect(),
        all_platoons: Platoon::ALL.to_vec(),
        weeks: calendar(department.rotation(), today),
    }
}

pub async fn rotation_form(ctx: CoachPage) -> Result<HttpResponse, AppError> {
    let user = ctx.user().await?;
    let department = &ctx.department;
    let today = local_today(department.tz(), ctx.now);
    let form = RotationForm::from_rotation(department.rotation());
    render(
        StatusCode::OK,
        &rotation_page(
            ctx.chrome(&user)?,
            department,
            form,
            FieldErrors::default(),
            today,
        ),
    )
}

pub async fn save_rotation(
    ctx: CoachPage,
    Form(form): Form<RotationForm>,
) -> Result<HttpResponse, AppError> {
    let department = &ctx.department;
    let today = local_today(department.tz(), ctx.now);
    let rotation = match form.validate(today) {
        Ok(rotation) => rotation,
        Err(errors) => {
            let user = ctx.user().await?;
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &rotation_page(ctx.chrome(&user)?, department, form, errors, today),
            );
        }
    };
    let (_, department) = ctx
        .write(move |conn, _| {
            Department::save_rotation(conn, &rotation)?;
            Ok(Department::get(conn)?)
        })
        .await?;
    ctx.settings_saved(department);
    ctx.session
        .set_flash("Rotation saved. Check the calendar against the department's.")?;
    Ok(see_other("/settings/rotation"))
}
