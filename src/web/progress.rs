//! Coaching actions on the progression: assign it to one or many members,
//! move a member's stage (advance, regress, set), and adjust their dose.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::Weekday;
use serde::Deserialize;

use super::crew::{member_page, today, StageForm};
use super::{forms, render, see_other, Chrome, FieldErrors};
use crate::auth::{AppSession, CurrentCoach};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::domain::progression::{CoachFlag, Dose, LoadKind, FIRST_STAGE, LAST_STAGE};
use crate::domain::rotation::Platoon;
use crate::domain::schedule::{check_weekdays, weekday_name};
use crate::domain::units::Load;
use crate::error::AppError;
use crate::models::assignment::{
    format_weekdays, parse_weekdays, AssignFields, Assignment, Reason,
};
use crate::models::member::{CrewRow, Member};
use crate::models::session_log::OpenFlag;
use crate::models::stage::Stage;
use crate::models::training::{load_limits, restore_if_due, training_day};

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

// ------------------------------------------------------------------ assign

#[derive(Deserialize, Default, Clone)]
pub struct AssignForm {
    #[serde(default)]
    member_ids: Vec<String>,
    #[serde(default = "default_stage")]
    stage: String,
    #[serde(default = "default_per_week")]
    sessions_per_week: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    auto_advance: Option<String>,
    #[serde(default)]
    training_days: Vec<String>,
    /// Filters for the member list (GET).
    #[serde(default)]
    station: String,
    #[serde(default)]
    platoon: String,
}

fn default_stage() -> String {
    "1".to_string()
}

fn default_per_week() -> String {
    "2".to_string()
}

#[derive(Template)]
#[template(path = "progress/assign.html")]
struct AssignPage {
    chrome: Chrome,
    form: AssignForm,
    errors: FieldErrors,
    rows: Vec<CrewRow>,
    stages: Vec<Stage>,
    stations: Vec<String>,
    platoons: Vec<Platoon>,
    weekdays: Vec<(String, &'static str)>,
}

impl AssignPage {
    fn checked(&self, id: &i32) -> bool {
        self.form.member_ids.iter().any(|m| m == &id.to_string())
    }

    fn day_checked(&self, day: &str) -> bool {
        self.form.training_days.iter().any(|d| d == day)
    }
}

async fn assign_page(
    current: &crate::auth::CurrentUser,
    session: &AppSession,
    pool: &DbPool,
    form: AssignForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (station, platoon) = (form.station.clone(), form.platoon.clone());
    let (rows, stages, stations) = db::run(pool, move |conn| {
        let station = Some(station.trim()).filter(|s| !s.is_empty());
        let platoon = Some(platoon.trim()).filter(|s| !s.is_empty());
        Ok((
            Member::crew(conn, true, station, platoon)?,
            Stage::all(conn)?,
            Member::stations(conn)?,
        ))
    })
    .await?;
    render(
        errors.status(),
        &AssignPage {
            chrome: Chrome::new(session, current)?,
            form,
            errors,
            rows,
            stages,
            stations,
            platoons: current.department.platoon_list(),
            weekdays: WEEKDAYS
                .iter()
                .map(|d| (d.to_string().to_lowercase(), weekday_name(*d)))
                .collect(),
        },
    )
}

pub async fn assign_form(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let pairs = query.into_inner();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = AssignForm {
        member_ids: pairs
            .iter()
            .filter(|(k, _)| k == "member" || k == "member_ids")
            .map(|(_, v)| v.clone())
            .collect(),
        stage: default_stage(),
        sessions_per_week: default_per_week(),
        start_date: today(&current.department, &clock).to_string(),
        auto_advance: None,
        training_days: vec![],
        station: get("station"),
        platoon: get("platoon"),
    };
    assign_page(&current, &session, &pool, form, FieldErrors::default()).await
}

pub async fn assign(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let form: AssignForm = forms::parse(&body)?;
    let mut errors = FieldErrors::default();
    let member_ids: Vec<i32> = form
        .member_ids
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    if member_ids.is_empty() {
        errors.add("member_ids", "Tick at least one crew member.");
    }
    let stage = forms::number_in(&form.stage, FIRST_STAGE as i32, LAST_STAGE as i32);
    if stage.is_err() {
        errors.add("stage", "Choose a stage from 1 to 7.");
    }
    let per_week = forms::number_in(&form.sessions_per_week, 2, 3);
    if per_week.is_err() {
        errors.add("sessions_per_week", "Choose 2 or 3 sessions a week.");
    }
    let start = forms::date_near(
        &form.start_date,
        today(&current.department, &clock),
        366,
        366,
    );
    if let Err(message) = &start {
        errors.add("start_date", message.clone());
    }
    let days = parse_weekdays(&form.training_days.join(","));
    if days.len() != form.training_days.len() {
        errors.add("training_days", "Choose days from the list.");
    } else if let Ok(per_week) = per_week {
        if let Err(e) = check_weekdays(per_week as u8, &days) {
            errors.add("training_days", e.to_string());
        }
    }
    let (Ok(stage), Ok(per_week), Ok(start_date), true) =
        (stage, per_week, start, errors.is_empty())
    else {
        return assign_page(&current, &session, &pool, form, errors).await;
    };
    let fields = AssignFields {
        stage,
        sessions_per_week: per_week,
        training_days: format_weekdays(&days),
        start_date,
        auto_advance: form.auto_advance.is_some(),
    };
    let by = current.id();
    let now = clock.now().naive_utc();
    let count = db::write(&pool, move |conn| {
        for id in &member_ids {
            let member = Member::find(conn, *id)?;
            if !member.active {
                return Err(AppError::NotFound);
            }
            Assignment::assign(conn, member.id, &fields, by, now)?;
        }
        Ok(member_ids.len())
    })
    .await?;
    session.set_flash(&format!(
        "Progression assigned to {count} member{}.",
        if count == 1 { "" } else { "s" }
    ))?;
    Ok(see_other("/crew"))
}

// ------------------------------------------------------------ stage change

pub async fn change_stage(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<i32>,
    form: web::Form<StageForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let by = current.id();
    let now = clock.now().naive_utc();
    let action = form.action.clone();
    let target = form.stage.clone();
    let note = form.note.clone();
    let department = current.department.clone();
    let instant = clock.now();
    let outcome = db::write(&pool, move |conn| {
        let member = Member::find(conn, id)?;
        let Some(assignment) = Assignment::active_for(conn, id)? else {
            return Ok(Err(("action", "Assign the progression first.".to_string())));
        };
        // A pain week that is over is written first, so the coach moves
        // from the stage the page showed.
        let today = training_day(&department, &member, instant);
        let assignment = restore_if_due(conn, assignment, today, now)?;
        let (to, reason) = match action.as_str() {
            "advance" if assignment.stage >= LAST_STAGE as i32 => {
                return Ok(Err(("action", "Already at the last stage.".to_string())))
            }
            "advance" => (assignment.stage + 1, Reason::Advance),
            "regress" if assignment.stage <= FIRST_STAGE as i32 => {
                return Ok(Err(("action", "Already at the first stage.".to_string())))
            }
            "regress" => (assignment.stage - 1, Reason::Regress),
            "set" => match forms::number_in(&target, FIRST_STAGE as i32, LAST_STAGE as i32) {
                Ok(n) if n == assignment.stage => {
                    return Ok(Err((
                        "stage",
                        "The member is already at that stage.".to_string(),
                    )))
                }
                Ok(n) => (n, Reason::Set),
                Err(_) => return Ok(Err(("stage", "Choose a stage from 1 to 7.".to_string()))),
            },
            _ => {
                return Ok(Err((
                    "action",
                    "Choose advance, regress or set stage.".to_string(),
                )))
            }
        };
        if note.chars().count() > 500 {
            return Ok(Err((
                "note",
                "Keep the note under 500 characters.".to_string(),
            )));
        }
        assignment.change_stage(conn, to, reason, &note, Some(by), None, now)?;
        // The coach has answered any "ready to advance".
        OpenFlag::resolve_kind(conn, id, CoachFlag::ReadyToAdvance, Some(by), now)?;
        Ok(Ok(to))
    })
    .await?;
    match outcome {
        Ok(to) => {
            session.set_flash(&format!("Stage changed to {to}."))?;
            Ok(see_other(&format!("/crew/{id}")))
        }
        Err((field, message)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            member_page(&current, &session, &pool, &clock, id, form, errors).await
        }
    }
}

// -------------------------------------------------------------------- dose

#[derive(Deserialize, Default, Clone)]
pub struct DoseForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    sets: String,
    #[serde(default)]
    reps_low: String,
    #[serde(default)]
    reps_high: String,
    #[serde(default)]
    hold_seconds: String,
    #[serde(default)]
    working_load: String,
    /// "yes" once the coach confirmed a working load above the weekly cap.
    #[serde(default)]
    confirm_above_cap: String,
    /// Why, for the timeline (the confirm step asks for it).
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "progress/confirm_load.html")]
struct ConfirmLoadPage {
    chrome: Chrome,
    member: Member,
    form: DoseForm,
    load: String,
    ceiling: String,
    prescribed: String,
    cap: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "progress/dose.html")]
struct DosePage {
    chrome: Chrome,
    member: Member,
    stage: Stage,
    loaded: bool,
    load_unit: &'static str,
    form: DoseForm,
    errors: FieldErrors,
}

async fn load_dose(pool: &DbPool, id: i32) -> Result<(Member, Assignment, Stage), AppError> {
    db::run(pool, move |conn| {
        let member = Member::find(conn, id)?;
        let assignment = Assignment::active_for(conn, id)?.ok_or(AppError::NotFound)?;
        let stage = Stage::find(conn, assignment.stage)?;
        Ok((member, assignment, stage))
    })
    .await
}

pub async fn dose_form(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (member, assignment, stage) = load_dose(&pool, path.into_inner()).await?;
    let dose = assignment.dose(&stage.spec());
    let units = current.department.units();
    let form = DoseForm {
        action: "save".to_string(),
        sets: dose.sets.to_string(),
        reps_low: dose.reps_low.to_string(),
        reps_high: dose.reps_high.to_string(),
        hold_seconds: dose.hold_seconds.to_string(),
        working_load: assignment
            .working_load_grams
            .map(|g| Load::from_grams(g as i64).number(units))
            .unwrap_or_default(),
        ..DoseForm::default()
    };
    render(
        StatusCode::OK,
        &DosePage {
            chrome: Chrome::new(&session, &current)?,
            loaded: stage.spec().load_kind != LoadKind::Bodyweight,
            load_unit: units.load_unit(),
            member,
            stage,
            form,
            errors: FieldErrors::default(),
        },
    )
}

pub async fn save_dose(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<i32>,
    form: web::Form<DoseForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.into_inner();
    let (member, assignment, stage) = load_dose(&pool, id).await?;
    let units = current.department.units();
    let loaded = stage.spec().load_kind != LoadKind::Bodyweight;
    let (dose, load) = if form.action == "reset" {
        (None, None)
    } else {
        let mut errors = FieldErrors::default();
        let mut field = |name: &'static str, text: &str, low: i32, high: i32| {
            forms::number_in(text, low, high)
                .map_err(|m| errors.add(name, m))
                .ok()
        };
        let sets = field("sets", &form.sets, 1, 10);
        let reps_low = field("reps_low", &form.reps_low, 1, 50);
        let reps_high = field("reps_high", &form.reps_high, 1, 50);
        let hold = field("hold_seconds", &form.hold_seconds, 0, 30);
        if let (Some(low), Some(high)) = (reps_low, reps_high) {
            if high < low {
                errors.add(
                    "reps_high",
                    "The top of the range cannot be below the bottom.",
                );
            }
        }
        let load = if loaded && !form.working_load.trim().is_empty() {
            match Load::parse(&form.working_load, units) {
                Ok(load) => Some(load),
                Err(e) => {
                    errors.add("working_load", e.to_string());
                    None
                }
            }
        } else {
            None
        };
        match (sets, reps_low, reps_high, hold, errors.is_empty()) {
            (Some(sets), Some(reps_low), Some(reps_high), Some(hold), true) => (
                Some(Dose {
                    sets: sets as u8,
                    reps_low: reps_low as u8,
                    reps_high: reps_high as u8,
                    hold_seconds: hold as u8,
                }),
                load,
            ),
            _ => {
                return render(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &DosePage {
                        chrome: Chrome::new(&session, &current)?,
                        loaded,
                        load_unit: units.load_unit(),
                        member,
                        stage,
                        form,
                        errors,
                    },
                )
            }
        }
    };
    let now = clock.now();
    let today = training_day(&current.department, &member, now);
    let above_cap = match load {
        Some(load) => above_cap_note(&pool, &assignment, load, today, units).await?,
        None => None,
    };
    if let Some(note) = &above_cap {
        let confirmed = form.confirm_above_cap == "yes";
        if !confirmed || form.reason.trim().is_empty() || form.reason.chars().count() > 400 {
            let mut errors = FieldErrors::default();
            if confirmed {
                errors.add(
                    "reason",
                    "Say why in a few words (up to 400 characters); the timeline keeps it.",
                );
            }
            return render(
                errors.status(),
                &ConfirmLoadPage {
                    chrome: Chrome::new(&session, &current)?,
                    load: load.map(|l| l.display(units)).unwrap_or_default(),
                    ceiling: note.ceiling.clone(),
                    prescribed: note.prescribed.clone(),
                    cap: crate::domain::progression::weekly_cap(units).display(units),
                    member,
                    form,
                    errors,
                },
            );
        }
    }
    let timeline_note = above_cap.map(|n| {
        format!(
            "{} → {}: {}",
            n.prescribed,
            load.map(|l| l.display(units)).unwrap_or_default(),
            form.reason.trim()
        )
    });
    let assignment_id = assignment.id;
    let by = current.id();
    db::write(&pool, move |conn| {
        // The assignment may have changed since the form was loaded.
        let current = Assignment::active_for(conn, id)?.ok_or(AppError::NotFound)?;
        if current.id != assignment_id || current.stage != assignment.stage {
            return Err(AppError::Forbidden(
                "The member's stage changed while you were editing; reload and try again.",
            ));
        }
        current.set_dose(conn, dose.as_ref())?;
        current.set_working_load(conn, load)?;
        if let Some(note) = timeline_note {
            current.confirm_load_above_cap(conn, today, &note, by, now.naive_utc())?;
        }
        Ok(())
    })
    .await?;
    session.set_flash(if form.action == "reset" {
        "Dose reset to the stage's default."
    } else {
        "Dose saved for this member."
    })?;
    Ok(see_other(&format!("/crew/{}", member.id)))
}

/// What the confirm step shows when a working load is above the weekly cap.
struct AboveCap {
    ceiling: String,
    prescribed: String,
}

/// `Some` when `load` is above what the weekly cap allows today.
async fn above_cap_note(
    pool: &DbPool,
    assignment: &Assignment,
    load: Load,
    today: chrono::NaiveDate,
    units: crate::domain::units::Units,
) -> Result<Option<AboveCap>, AppError> {
    let assignment = assignment.clone();
    let limits = db::run(pool, move |conn| {
        Ok(load_limits(conn, &assignment, today, units)?)
    })
    .await?;
    Ok(match limits.ceiling {
        Some(ceiling) if load.grams > ceiling.grams => Some(AboveCap {
            ceiling: ceiling.display(units),
            prescribed: limits
                .prescribed
                .map(|l| l.display(units))
                .unwrap_or_default(),
        }),
        _ => None,
    })
}

// ------------------------------------------------------------------- flags

/// POST /crew/{id}/flags/{flag}/resolve: the coach has dealt with a flag.
pub async fn resolve_flag(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (member_id, flag_id) = path.into_inner();
    let by = current.id();
    let now = clock.now().naive_utc();
    let resolved = db::write(&pool, move |conn| {
        Member::find(conn, member_id)?;
        Ok(OpenFlag::resolve(conn, flag_id, member_id, by, now)?)
    })
    .await?;
    if resolved == 0 {
        return Err(AppError::NotFound);
    }
    session.set_flash("Flag marked as dealt with.")?;
    Ok(see_other(&format!("/crew/{member_id}")))
}
