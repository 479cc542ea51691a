//! Re-assigning one member from their page: the form starts from that
//! member alone and their assignment as it stands, the coach sees what
//! changes before anything is saved, and lands back on the member. Also
//! the page that confirms a deactivation.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::crew::today;
use super::progress::{validate, AssignForm, WEEKDAYS};
use super::{render, see_other, Chrome, CoachPage, CoachingPage, FieldErrors, Form};
use crate::app::access;
use crate::app::assign::Assigned;
use crate::domain::schedule::weekday_name;
use crate::domain::today::day_text;
use crate::error::AppError;
use crate::models::assignment::{parse_weekdays, AssignFields, Assignment};
use crate::models::member::Member;
use crate::models::stage::Stage;

/// What the re-assign form sends; `confirm` is "yes" from the confirm step.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReassignForm {
    stage: String,
    sessions_per_week: String,
    start_date: String,
    auto_advance: Option<String>,
    training_days: Vec<String>,
    confirm: String,
}

impl ReassignForm {
    fn assign_form(&self, member_id: i32) -> AssignForm {
        AssignForm {
            member_ids: vec![member_id.to_string()],
            stage: self.stage.clone(),
            sessions_per_week: self.sessions_per_week.clone(),
            start_date: self.start_date.clone(),
            auto_advance: self.auto_advance.clone(),
            training_days: self.training_days.clone(),
            station: String::new(),
            platoon: String::new(),
            confirm: String::new(),
        }
    }
}

#[derive(Template)]
#[template(path = "progress/reassign.html")]
struct ReassignPage {
    chrome: Chrome,
    member: Member,
    current: Option<Assignment>,
    stages: Vec<Stage>,
    weekdays: Vec<(String, &'static str)>,
    form: ReassignForm,
    errors: FieldErrors,
    /// At the confirm step: what changes, in words.
    changes: Vec<String>,
}

impl ReassignPage {
    fn day_checked(&self, day: &str) -> bool {
        self.form.training_days.iter().any(|d| d == day)
    }

    fn stage_name(&self, number: i32) -> String {
        self.stages
            .iter()
            .find(|s| s.id == number)
            .map(|s| format!("{} · {}", s.id, s.name))
            .unwrap_or_else(|| number.to_string())
    }

    fn current_text(&self) -> String {
        match &self.current {
            Some(a) => format!(
                "Now at stage {}, {} sessions a week since {}.",
                self.stage_name(a.stage),
                a.sessions_per_week,
                day_text(a.start_date)
            ),
            None => "Not assigned yet.".to_string(),
        }
    }

    fn confirming(&self) -> bool {
        !self.changes.is_empty()
    }
}

fn load(
    conn: &mut diesel::SqliteConnection,
    id: i32,
) -> Result<(Member, Option<Assignment>, Vec<Stage>), AppError> {
    let member = Member::find(conn, id)?;
    let current = Assignment::active_for(conn, id)?;
    Ok((member, current, Stage::all(conn)?))
}

async fn reassign_page(
    page: &CoachingPage,
    id: i32,
    form: Option<ReassignForm>,
    errors: FieldErrors,
    fields: Option<AssignFields>,
) -> Result<HttpResponse, AppError> {
    let (user, (member, current, stages)) = page
        .read(move |conn, user| {
            access::check(conn, user, id)?;
            load(conn, id)
        })
        .await?;
    // An inactive member has no re-assign page, except to say why a
    // confirm was refused (deactivated since the first step).
    if !member.active && errors.get("member_ids").is_empty() {
        return Err(AppError::NotFound);
    }
    // Opened from the member page: their assignment as it stands.
    let form = form.unwrap_or_else(|| match &current {
        Some(a) => ReassignForm {
            stage: a.stage.to_string(),
            sessions_per_week: a.sessions_per_week.to_string(),
            start_date: today(page).to_string(),
            auto_advance: a.auto_advance.then(|| "on".to_string()),
            training_days: a
                .weekdays()
                .iter()
                .map(|d| d.to_string().to_lowercase())
                .collect(),
            confirm: String::new(),
        },
        None => ReassignForm {
            stage: "1".to_string(),
            sessions_per_week: "2".to_string(),
            start_date: today(page).to_string(),
            ..ReassignForm::default()
        },
    });
    let mut view = ReassignPage {
        chrome: page.chrome(&user)?,
        member,
        current,
        stages,
        weekdays: WEEKDAYS
            .iter()
            .map(|d| (d.to_string().to_lowercase(), weekday_name(*d)))
            .collect(),
        form,
        errors,
        changes: Vec::new(),
    };
    if let Some(fields) = fields {
        view.changes = changes(&view, &fields);
    }
    render(view.errors.status(), &view)
}

/// What a re-assign changes, in the coach's words.
fn changes(view: &ReassignPage, to: &AssignFields) -> Vec<String> {
    let Some(from) = &view.current else {
        return vec![format!(
            "Starts the progression at stage {} on {}.",
            view.stage_name(to.stage),
            day_text(to.start_date)
        )];
    };
    let mut out = Vec::new();
    let step = match to.stage - from.stage {
        0 => "same stage".to_string(),
        1 => "1 stage up".to_string(),
        -1 => "1 stage back".to_string(),
        n if n > 0 => format!("{n} stages up"),
        n => format!("{} stages back", -n),
    };
    out.push(format!(
        "Stage: {} → {} ({step}).",
        view.stage_name(from.stage),
        view.stage_name(to.stage)
    ));
    out.push(format!(
        "A new start on {} (was {}); the history so far is kept.",
        day_text(to.start_date),
        day_text(from.start_date)
    ));
    if from.sessions_per_week != to.sessions_per_week {
        out.push(format!(
            "Sessions a week: {} → {}.",
            from.sessions_per_week, to.sessions_per_week
        ));
    }
    let days = |text: &str| {
        let days = parse_weekdays(text);
        if days.is_empty() {
            "the default days".to_string()
        } else {
            days.iter()
                .map(|d| weekday_name(*d))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    if parse_weekdays(&from.training_days) != parse_weekdays(&to.training_days) {
        out.push(format!(
            "Training days: {} → {}.",
            days(&from.training_days),
            days(&to.training_days)
        ));
    }
    if from.auto_advance != to.auto_advance {
        let word = |on: bool| if on { "on" } else { "off" };
        out.push(format!(
            "Auto-advance: {} → {}.",
            word(from.auto_advance),
            word(to.auto_advance)
        ));
    }
    if from.has_custom_dose() || from.working_load_grams.is_some() {
        out.push("The adjusted dose and working load start over from the stage's own.".into());
    }
    if !from.variation_list().is_empty() {
        out.push("The variations are not carried over.".into());
    }
    out
}

/// GET /crew/{id}/reassign: the form, from the member's assignment.
pub async fn form(page: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    reassign_page(&page, path.into_inner(), None, FieldErrors::default(), None).await
}

/// POST /crew/{id}/reassign: first the confirm step (what changes), then,
/// with `confirm=yes`, the write; back to the member's page.
pub async fn save(
    page: CoachingPage,
    path: web::Path<i32>,
    Form(form): Form<ReassignForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (_, fields) = match validate(&form.assign_form(id), today(&page)) {
        Ok(valid) => valid,
        Err(errors) => return reassign_page(&page, id, Some(form), errors, None).await,
    };
    if form.confirm != "yes" {
        return reassign_page(&page, id, Some(form), FieldErrors::default(), Some(fields)).await;
    }
    let now = page.now.naive_utc();
    let (_, assigned) = page
        .write(move |conn, user| {
            let viewer = access::Viewer::of(conn, user)?;
            crate::app::assign::assign(conn, &viewer, &[id], &fields, now)
        })
        .await?;
    if let Assigned::Refused(names) = assigned {
        let mut errors = FieldErrors::default();
        errors.add("member_ids", Assigned::refusal_text(&names));
        let form = ReassignForm {
            confirm: String::new(),
            ..form
        };
        return reassign_page(&page, id, Some(form), errors, None).await;
    }
    page.session.set_flash("Re-assigned.")?;
    Ok(see_other(&format!("/crew/{id}")))
}

#[derive(Template)]
#[template(path = "crew/deactivate.html")]
struct DeactivatePage {
    chrome: Chrome,
    member: Member,
}

/// GET /crew/{id}/deactivate: the page that asks to confirm.
pub async fn confirm_deactivate(
    page: CoachPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (user, member) = page
        .read(move |conn, _| Ok(Member::find(conn, id)?))
        .await?;
    render(
        StatusCode::OK,
        &DeactivatePage {
            chrome: page.chrome(&user)?,
            member,
        },
    )
}
