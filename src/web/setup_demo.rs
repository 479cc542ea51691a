//! "Explore with demo data" on the first-run setup page: while no coach
//! exists, fills the database with the demo department and logs the visitor
//! in as its coach, so a newcomer sees a living roster at once. Like setup,
//! it needs the token the server printed at start-up.

use actix_web::{web, HttpResponse};

use serde::Deserialize;

use super::{see_other, Form, PublicPage};
use crate::auth::password;
use crate::demo::{self, DemoError, DemoOptions};
use crate::error::AppError;
use crate::models::user::User;

const REFUSED: &str =
    "The demo only fills a fresh database: this one already has a coach or crew members.";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DemoForm {
    setup_token: String,
}

pub async fn explore(
    page: PublicPage,
    state: web::Data<crate::state::AppState>,
    Form(form): Form<DemoForm>,
) -> Result<HttpResponse, AppError> {
    let gate = &state.gate;
    let coach_exists = page.read(|conn| Ok(User::any_coach(conn)?)).await?;
    if coach_exists {
        return Err(AppError::Forbidden(REFUSED));
    }
    if !state.setup_token.accepts(&form.setup_token) {
        return Err(AppError::Forbidden(
            "The demo needs the setup token the server printed when it started.",
        ));
    }
    let hash = gate.run(|| password::hash(demo::DEMO_PASSWORD)).await??;
    let now = page.now;
    // The check and the demo in one write transaction, in the write queue:
    // a setup racing this one makes either a coach or the demo, never both.
    let made = page
        .write(move |conn| {
            if User::any_coach(conn)? {
                return Ok(None);
            }
            match demo::generate_in(conn, DemoOptions::default(), now, &hash, &mut || {}) {
                Ok(summary) => Ok(Some((User::find(conn, summary.coach_id)?, summary))),
                Err(DemoError::NotEmpty(_)) => Ok(None),
                Err(DemoError::Database(e)) => Err(e.into()),
            }
        })
        .await?;
    let Some((coach, summary)) = made else {
        return Err(AppError::Forbidden(REFUSED));
    };
    page.session.log_in(&coach, now.timestamp())?;
    let members: Vec<&str> = summary
        .member_logins
        .iter()
        .map(|(_, email)| email.as_str())
        .collect();
    page.session.set_flash(&format!(
        "This is a demo department with {} crew members. You are logged in as its coach ({}); \
         crew logins such as {} use the password {}.",
        summary.members,
        summary.coach_email,
        members.join(" or "),
        demo::DEMO_PASSWORD
    ))?;
    tracing::info!(
        members = summary.members,
        "demo department created from setup"
    );
    Ok(see_other("/"))
}
