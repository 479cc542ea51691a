//! The home page: coaches land on their overview, crew members on today's
//! workout. Anonymous visitors go to setup (no coach yet) or to login.

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use askama::Template;

use super::{render, see_other, Chrome};
use crate::auth::{AppSession, CurrentUser};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::user::User;

#[derive(Template)]
#[template(path = "home/coach.html")]
struct CoachHome {
    chrome: Chrome,
    today: String,
    time_zone: String,
    units: &'static str,
}

pub async fn home(
    req: HttpRequest,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
) -> Result<HttpResponse, AppError> {
    let current = match CurrentUser::extract(&req).await {
        Ok(current) => current,
        Err(AppError::LoginRequired { .. }) => {
            let has_coach = db::run(&pool, |conn| Ok(User::any_coach(conn)?)).await?;
            return Ok(see_other(if has_coach { "/login" } else { "/setup" }));
        }
        Err(other) => return Err(other),
    };
    if !current.is_coach() {
        return super::workout::member_home(current, session, pool, clock).await;
    }
    let department = &current.department;
    let today = clock
        .now()
        .with_timezone(&department.tz())
        .format("%A %-d %B %Y")
        .to_string();
    render(
        StatusCode::OK,
        &CoachHome {
            today,
            time_zone: department.time_zone.clone(),
            units: department.units().label(),
            chrome: Chrome::new(&session, &current)?,
        },
    )
}
