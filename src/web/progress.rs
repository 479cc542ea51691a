//! Coaching actions on the progression: assign it to one or many members,
//! move a member's stage (advance, regress, set), and adjust their dose.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::{NaiveDate, Weekday};
use serde::Deserialize;

use super::crew::{member_page, today, StageForm};
use super::{forms, render, see_other, Chrome, CoachingPage, FieldErrors, Form};
use crate::app::access::{self, Viewer};
use crate::app::assign::Assigned;
use crate::app::day::training_day;
use crate::app::log::load_limits;
use crate::app::stage::HoldRequest;
use crate::domain::progression::{Dose, LoadKind, FIRST_STAGE, LAST_STAGE};
use crate::domain::rotation::Platoon;
use crate::domain::schedule::{check_weekdays, weekday_name};
use crate::domain::stage_move::StageMove;
use crate::domain::units::Load;
use crate::error::AppError;
use crate::models::assignment::{format_weekdays, parse_weekdays, AssignFields, Assignment};
use crate::models::member::{CrewRow, Member};
use crate::models::session_log::OpenFlag;
use crate::models::stage::Stage;

pub const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

// ------------------------------------------------------------------ assign

/// The most members one assignment covers.
const MAX_AT_ONCE: usize = 2000;

/// The assign form; the GET of /assign reads the same fields from the query
/// (`member` or `member_ids` preselect members, `station` and `platoon`
/// filter the list).
#[derive(Deserialize, Clone)]
#[serde(default)]
pub struct AssignForm {
    #[serde(alias = "member")]
    pub member_ids: Vec<String>,
    pub stage: String,
    pub sessions_per_week: String,
    pub start_date: String,
    pub auto_advance: Option<String>,
    pub training_days: Vec<String>,
    /// Filters for the member list (GET).
    pub station: String,
    pub platoon: String,
    /// "yes" from the confirm step that shows who changes stage.
    pub confirm: String,
}

impl Default for AssignForm {
    fn default() -> AssignForm {
        AssignForm {
            member_ids: Vec::new(),
            stage: "1".to_string(),
            sessions_per_week: "2".to_string(),
            start_date: String::new(),
            auto_advance: None,
            training_days: Vec::new(),
            station: String::new(),
            platoon: String::new(),
            confirm: String::new(),
        }
    }
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
    /// At the confirm step: each ticked member whose stage changes, in words.
    changes: Vec<String>,
}

impl AssignPage {
    fn confirming(&self) -> bool {
        !self.changes.is_empty()
    }

    fn checked(&self, id: &i32) -> bool {
        self.form.member_ids.iter().any(|m| m == &id.to_string())
    }

    fn day_checked(&self, day: &str) -> bool {
        self.form.training_days.iter().any(|d| d == day)
    }
}

async fn assign_page(
    page: &CoachingPage,
    form: AssignForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    assign_page_with(page, form, errors, Vec::new()).await
}

async fn assign_page_with(
    page: &CoachingPage,
    form: AssignForm,
    errors: FieldErrors,
    changes: Vec<String>,
) -> Result<HttpResponse, AppError> {
    let (station, platoon) = (form.station.clone(), form.platoon.clone());
    let (user, (rows, stages, stations)) = page
        .read_all(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            let station = Some(station.trim()).filter(|s| !s.is_empty());
            let platoon = Some(platoon.trim()).filter(|s| !s.is_empty());
            let rows = Member::crew(conn, true, station, platoon)?;
            Ok((
                viewer.keep(rows, |r| (r.member.id, &r.member.station)),
                Stage::all(conn)?,
                viewer.keep_stations(Member::stations(conn)?),
            ))
        })
        .await?;
    render(
        errors.status(),
        &AssignPage {
            chrome: page.chrome(&user)?,
            form,
            errors,
            rows,
            stages,
            stations,
            platoons: page.department.platoon_list(),
            weekdays: WEEKDAYS
                .iter()
                .map(|d| (d.to_string().to_lowercase(), weekday_name(*d)))
                .collect(),
            changes,
        },
    )
}

/// "stage 4 · Name → stage 1 · Name (3 stages back)" for one member.
fn stage_change_text(name: &str, from: &Stage, to: &Stage) -> String {
    let step = match to.id - from.id {
        1 => "1 stage up".to_string(),
        -1 => "1 stage back".to_string(),
        n if n > 0 => format!("{n} stages up"),
        n => format!("{} stages back", -n),
    };
    format!(
        "{name}: stage {} · {} → stage {} · {} ({step}).",
        from.id, from.name, to.id, to.name
    )
}

/// The ticked members already assigned at a stage other than `stage`,
/// each as a line of what changes for them.
fn bulk_changes(
    conn: &mut diesel::SqliteConnection,
    user: &crate::models::user::User,
    member_ids: &[i32],
    stage: i32,
) -> Result<Vec<String>, AppError> {
    let stages = Stage::all(conn)?;
    let find = |id: i32| stages.iter().find(|s| s.id == id);
    let mut out = Vec::new();
    for id in member_ids {
        access::check(conn, user, *id)?;
        let Some(current) = Assignment::active_for(conn, *id)? else {
            continue;
        };
        if current.stage == stage {
            continue;
        }
        let member = Member::find(conn, *id)?;
        if let (Some(from), Some(to)) = (find(current.stage), find(stage)) {
            out.push(stage_change_text(&member.name, from, to));
        }
    }
    Ok(out)
}

pub async fn assign_form(
    page: CoachingPage,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let query = serde_html_form::to_string(query.into_inner()).map_err(AppError::internal)?;
    let given: AssignForm = forms::parse(query.as_bytes())?;
    let form = AssignForm {
        member_ids: given.member_ids,
        start_date: today(&page).to_string(),
        station: given.station,
        platoon: given.platoon,
        ..AssignForm::default()
    };
    assign_page(&page, form, FieldErrors::default()).await
}

/// The assign form read into what is saved: the members and the fields,
/// or the errors beside each field.
pub fn validate(
    form: &AssignForm,
    today: NaiveDate,
) -> Result<(Vec<i32>, AssignFields), FieldErrors> {
    let mut errors = FieldErrors::default();
    let member_ids: Vec<i32> = form
        .member_ids
        .iter()
        .filter_map(|m| m.parse().ok())
        .collect();
    if member_ids.is_empty() {
        errors.add("member_ids", "Tick at least one crew member.");
    } else if member_ids.len() > MAX_AT_ONCE || member_ids.len() != form.member_ids.len() {
        errors.add(
            "member_ids",
            format!("Tick crew members from the list, at most {MAX_AT_ONCE} at once."),
        );
    }
    let stage = forms::number_in(&form.stage, FIRST_STAGE as i32, LAST_STAGE as i32);
    if stage.is_err() {
        errors.add("stage", "Choose a stage from 1 to 7.");
    }
    let per_week = forms::number_in(&form.sessions_per_week, 2, 3);
    if per_week.is_err() {
        errors.add("sessions_per_week", "Choose 2 or 3 sessions a week.");
    }
    let start = forms::date_near(&form.start_date, today, 366, 366);
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
        return Err(errors);
    };
    Ok((
        member_ids,
        AssignFields {
            stage,
            sessions_per_week: per_week,
            training_days: format_weekdays(&days),
            start_date,
            auto_advance: form.auto_advance.is_some(),
        },
    ))
}

pub async fn assign(
    page: CoachingPage,
    Form(form): Form<AssignForm>,
) -> Result<HttpResponse, AppError> {
    let (member_ids, fields) = match validate(&form, today(&page)) {
        Ok(valid) => valid,
        Err(errors) => return assign_page(&page, form, errors).await,
    };
    if form.confirm != "yes" {
        let (ids, stage) = (member_ids.clone(), fields.stage);
        let (_, changes) = page
            .read(move |conn, user| bulk_changes(conn, user, &ids, stage))
            .await?;
        if !changes.is_empty() {
            return assign_page_with(&page, form, FieldErrors::default(), changes).await;
        }
    }
    let now = page.now.naive_utc();
    let (_, assigned) = page
        .write(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            crate::app::assign::assign(conn, &viewer, &member_ids, &fields, now)
        })
        .await?;
    let count = match assigned {
        Assigned::Done(count) => count,
        Assigned::Refused(names) => {
            let mut errors = FieldErrors::default();
            errors.add("member_ids", Assigned::refusal_text(&names));
            let form = AssignForm {
                confirm: String::new(),
                ..form
            };
            return assign_page(&page, form, errors).await;
        }
    };
    page.session.set_flash(&format!(
        "Progression assigned to {count} member{}.",
        if count == 1 { "" } else { "s" }
    ))?;
    Ok(see_other("/crew"))
}

// ------------------------------------------------------------ stage change

pub async fn change_stage(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<StageForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = page.now;
    let department = page.department.clone();
    let requested = match form.action.as_str() {
        "advance" => Ok(StageMove::Advance),
        "regress" => Ok(StageMove::Regress),
        "set" => Ok(StageMove::Set(
            forms::number_in(&form.stage, 0, 255).unwrap_or(0) as u8,
        )),
        _ => Err(("action", "Choose advance, regress or set stage.")),
    };
    let note = form.note.clone();
    let (_, outcome) = page
        .write(move |conn, user| {
            access::check(conn, user, id)?;
            if Assignment::active_for(conn, id)?.is_none() {
                return Ok(Err(("action", "Assign the progression first.")));
            }
            let requested = match requested {
                Ok(requested) => requested,
                Err(refused) => return Ok(Err(refused)),
            };
            crate::app::stage::coach_move(conn, &department, id, requested, &note, user.id, now)
        })
        .await?;
    match outcome {
        Ok(to) => {
            page.session.set_flash(&format!("Stage changed to {to}."))?;
            Ok(see_other(&format!("/crew/{id}")))
        }
        Err((field, message)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            member_page(&page, id, form, errors).await
        }
    }
}

// -------------------------------------------------------------------- hold

/// Rule: hold. A coach puts the member on hold until a date, with a reason.
pub async fn hold(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<StageForm>,
) -> Result<HttpResponse, AppError> {
    let until = forms::date_near(&form.until, today(&page), 1, 366);
    let reason = form.reason.clone();
    hold_action(page, path.into_inner(), form, Some((until, reason))).await
}

/// The coach ends the hold now: the member is back today.
pub async fn end_hold(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<StageForm>,
) -> Result<HttpResponse, AppError> {
    hold_action(page, path.into_inner(), form, None).await
}

async fn hold_action(
    page: CoachingPage,
    id: i32,
    form: StageForm,
    request: Option<(Result<chrono::NaiveDate, String>, String)>,
) -> Result<HttpResponse, AppError> {
    let request = match request {
        Some((Err(message), _)) => {
            let mut errors = FieldErrors::default();
            errors.add("until", message);
            if form.reason.trim().is_empty() {
                errors.add("reason", "Say why (injury, leave, modified duty).");
            }
            return member_page(&page, id, form, errors).await;
        }
        Some((Ok(until), reason)) => Some((until, reason)),
        None => None,
    };
    let ended = request.is_none();
    let (now, department) = (page.now, page.department.clone());
    let (_, outcome) = page
        .write(move |conn, user| {
            access::check(conn, user, id)?;
            let request = request.as_ref().map(|(until, reason)| HoldRequest {
                until: *until,
                reason,
            });
            crate::app::stage::coach_hold(conn, &department, id, request, user.id, now)
        })
        .await?;
    match outcome {
        Ok(()) => {
            let done = if ended {
                "The hold is over."
            } else {
                "On hold."
            };
            page.session.set_flash(done)?;
            Ok(see_other(&format!("/crew/{id}")))
        }
        Err((field, message)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            member_page(&page, id, form, errors).await
        }
    }
}

// -------------------------------------------------------------------- dose

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DoseForm {
    action: String,
    sets: String,
    reps_low: String,
    reps_high: String,
    hold_seconds: String,
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

fn load_dose(
    conn: &mut diesel::SqliteConnection,
    user: &crate::models::user::User,
    id: i32,
) -> Result<(Member, Assignment, Stage), AppError> {
    access::check(conn, user, id)?;
    let member = Member::find(conn, id)?;
    let assignment = Assignment::active_for(conn, id)?.ok_or(AppError::NotFound)?;
    let stage = Stage::find(conn, assignment.stage)?;
    Ok((member, assignment, stage))
}

pub async fn dose_form(page: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, (member, assignment, stage)) = page
        .read(move |conn, user| load_dose(conn, user, id))
        .await?;
    page.record_access("dose", vec![id]).await?;
    let dose = assignment.dose(&stage.spec());
    let units = page.department.units();
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
            chrome: page.chrome(&user)?,
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
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<DoseForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, (member, assignment, stage)) = page
        .read(move |conn, user| load_dose(conn, user, id))
        .await?;
    let units = page.department.units();
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
                        chrome: page.chrome(&user)?,
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
    let now = page.now;
    let today = training_day(&page.department, &member, now);
    let above_cap = match load {
        Some(load) => above_cap_note(&page, &assignment, load, today).await?,
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
                    chrome: page.chrome(&user)?,
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
    page.write(move |conn, user| {
        access::check(conn, user, id)?;
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
            current.confirm_load_above_cap(conn, today, &note, user.id, now.naive_utc())?;
        }
        Ok(())
    })
    .await?;
    page.session.set_flash(if form.action == "reset" {
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
    page: &CoachingPage,
    assignment: &Assignment,
    load: Load,
    today: chrono::NaiveDate,
) -> Result<Option<AboveCap>, AppError> {
    let units = page.department.units();
    let assignment = assignment.clone();
    let (_, limits) = page
        .read(move |conn, _| Ok(load_limits(conn, &assignment, today, units)?))
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
    page: CoachingPage,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (member_id, flag_id) = path.into_inner();
    let now = page.now.naive_utc();
    let (_, resolved) = page
        .write(move |conn, user| {
            access::check(conn, user, member_id)?;
            Ok(OpenFlag::resolve(conn, flag_id, member_id, user.id, now)?)
        })
        .await?;
    if resolved == 0 {
        return Err(AppError::NotFound);
    }
    page.session.set_flash("Flag marked as dealt with.")?;
    Ok(see_other(&format!("/crew/{member_id}")))
}
