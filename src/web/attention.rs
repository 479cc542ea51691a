//! Needs attention, the coach's home page: the lines that ask for a
//! decision (app::attention), each with its evidence and a form for the
//! decisions that fit; and the POST that records one.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{render, see_other, Chrome, CoachingPage, FieldErrors, Form};
use crate::app::access::{self, Viewer};
use crate::app::attention::{check, decide as record, Line};
use crate::domain::attention::Action;
use crate::domain::roster::{Flag, STALLED_MEANS};
use crate::domain::today::{day_text, local_today};
use crate::domain::Named;
use crate::error::AppError;

/// What a line's form sends (kept when shown again).
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DecisionForm {
    pub action: String,
    pub note: String,
    pub until: String,
    /// "member" when sent from the member's page: the answer goes back there.
    pub back: String,
}

/// The line whose form came back with errors.
struct Refusal {
    member_id: i32,
    reason: Flag,
    form: DecisionForm,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "attention/index.html")]
struct AttentionPage {
    chrome: Chrome,
    today: String,
    /// The earliest snooze date, for the date fields' `min`.
    tomorrow: String,
    lines: Vec<Line>,
    total: usize,
    stalled_means: &'static str,
    refusal: Option<Refusal>,
}

impl AttentionPage {
    fn refused(&self, line: &Line) -> Option<&Refusal> {
        self.refusal
            .as_ref()
            .filter(|r| r.member_id == line.member_id && r.reason == line.reason)
    }

    fn error(&self, line: &Line, field: &str) -> String {
        self.refused(line)
            .map(|r| r.errors.get(field).to_string())
            .unwrap_or_default()
    }

    fn on_member_page(&self) -> bool {
        false
    }

    fn typed(&self, line: &Line, field: &str) -> String {
        self.refused(line)
            .map(|r| match field {
                "note" => r.form.note.clone(),
                _ => r.form.until.clone(),
            })
            .unwrap_or_default()
    }
}

async fn attention_page(
    page: &CoachingPage,
    refusal: Option<Refusal>,
) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let now = page.now;
    let (user, (lines, total)) = page
        .read_all(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            crate::app::attention::lines(conn, &department, now, &viewer)
        })
        .await?;
    let today = local_today(page.department.tz(), now);
    let status = refusal
        .as_ref()
        .map(|r| r.errors.status())
        .unwrap_or(StatusCode::OK);
    render(
        status,
        &AttentionPage {
            chrome: page.chrome(&user)?,
            today: day_text(today),
            tomorrow: (today + chrono::Duration::days(1)).to_string(),
            lines,
            total,
            stalled_means: STALLED_MEANS,
            refusal,
        },
    )
}

/// GET /: the coach's home.
pub async fn home(page: CoachingPage) -> Result<HttpResponse, AppError> {
    attention_page(&page, None).await
}

/// POST /attention/{member}/{reason}: a coach's decision on a line.
pub async fn decide(
    page: CoachingPage,
    path: web::Path<(i32, String)>,
    Form(form): Form<DecisionForm>,
) -> Result<HttpResponse, AppError> {
    let (member_id, reason) = path.into_inner();
    let reason = Flag::parse(&reason).ok_or(AppError::NotFound)?;
    let today = local_today(page.department.tz(), page.now);
    let refuse = |errors: FieldErrors, form: DecisionForm| Refusal {
        member_id,
        reason,
        form,
        errors,
    };
    let checked = match Action::parse(&form.action) {
        Some(action) => check(action, &form.note, &form.until, today).map_err(|errors| {
            let mut all = FieldErrors::default();
            for (field, message) in errors {
                all.add(field, message);
            }
            all
        }),
        None => {
            let mut errors = FieldErrors::default();
            errors.add("action", "Choose one of the decisions offered.");
            Err(errors)
        }
    };
    let request = match checked {
        Ok(request) => request,
        Err(errors) => {
            // An unknown member is a 404 even when the form is also wrong.
            page.read(move |conn, user| access::check(conn, user, member_id))
                .await?;
            return attention_page(&page, Some(refuse(errors, form))).await;
        }
    };
    let department = page.department.clone();
    let now = page.now;
    let action = request.action;
    let back = if form.back == "member" {
        format!("/crew/{member_id}")
    } else {
        "/".to_string()
    };
    let (_, outcome) = page
        .write(move |conn, user| {
            access::check(conn, user, member_id)?;
            record(conn, &department, member_id, reason, &request, user.id, now)
        })
        .await?;
    match outcome {
        Ok(()) => {
            page.session
                .set_flash(&format!("{}: {}.", reason.label(), action.past()))?;
            Ok(see_other(&back))
        }
        Err((field, message)) => {
            let mut errors = FieldErrors::default();
            errors.add(field, message);
            attention_page(&page, Some(refuse(errors, form))).await
        }
    }
}
