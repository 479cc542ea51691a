//! The department's data-use statement as a member reads it: shown before
//! anything else at the first login and again after each change, and
//! acknowledged with one button (POST, CSRF). The coordinator edits the
//! text on the settings page (`settings::save_statement`).

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{render, see_other, Chrome, Form, MemberPage, UserPage};
use crate::error::AppError;
use crate::models::statement::{self, Statement};
use crate::models::user::Role;

#[derive(Template)]
#[template(path = "statement/show.html")]
struct StatementPage {
    chrome: Chrome,
    statement: Statement,
    /// For a member: the day they acknowledged this version (None: not yet).
    acknowledged_on: Option<String>,
    is_member: bool,
    /// Said when the text changed between reading and acknowledging.
    stale: bool,
}

/// GET /statement: the statement in force, with the button to acknowledge
/// it for a member who has not yet.
pub async fn show(ctx: UserPage) -> Result<HttpResponse, AppError> {
    let ctx = ctx.without_statement_gate();
    let (user, (statement, acknowledged_at)) = ctx
        .read(|conn, user| {
            let statement = Statement::current(conn)?;
            let at = statement::acknowledged_at(conn, user.id, statement.version)?;
            Ok((statement, at))
        })
        .await?;
    render(
        StatusCode::OK,
        &StatementPage {
            chrome: ctx.chrome(&user)?,
            statement,
            acknowledged_on: acknowledged_at.map(|at| on_day(&ctx, at)),
            is_member: user.role == Role::Member,
            stale: false,
        },
    )
}

/// A moment as the department's date.
fn on_day<A: super::page::Access>(ctx: &super::page::Page<A>, at: NaiveDateTime) -> String {
    let tz = ctx.department.tz();
    crate::domain::today::day_text(crate::domain::today::local(tz, at).date())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AcknowledgeForm {
    /// The version the member read.
    version: String,
}

/// POST /statement: the member acknowledges the version they read. If the
/// coordinator changed the text in between, the new one is shown instead.
pub async fn acknowledge(
    ctx: MemberPage,
    Form(form): Form<AcknowledgeForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = ctx.without_statement_gate();
    let read = form.version.trim().parse::<i32>().ok();
    let now = ctx.now.naive_utc();
    let (user, outcome) = ctx
        .write(move |conn, user| {
            let statement = Statement::current(conn)?;
            if read == Some(statement.version) {
                statement::acknowledge(conn, user.id, statement.version, now)?;
                Ok(None)
            } else {
                Ok(Some(statement))
            }
        })
        .await?;
    match outcome {
        None => {
            ctx.session
                .set_flash("Thank you: your acknowledgement of the statement is kept.")?;
            Ok(see_other("/"))
        }
        Some(statement) => render(
            StatusCode::CONFLICT,
            &StatementPage {
                chrome: ctx.chrome(&user)?,
                statement,
                acknowledged_on: None,
                is_member: true,
                stale: true,
            },
        ),
    }
}
