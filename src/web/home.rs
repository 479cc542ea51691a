//! The home page: coaches land on the roster dashboard, crew members on
//! today's workout. Anonymous visitors go to setup (no coach yet) or to login.

use actix_web::{web, FromRequest, HttpRequest, HttpResponse};

use super::see_other;
use crate::auth::{AppSession, CurrentUser};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::user::User;

pub async fn home(
    req: HttpRequest,
    session: AppSession,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    query: web::Query<super::roster::Query>,
) -> Result<HttpResponse, AppError> {
    let current = match CurrentUser::extract(&req).await {
        Ok(current) => current,
        Err(AppError::LoginRequired { .. }) => {
            let has_coach = db::run(&pool, |conn| Ok(User::any_coach(conn)?)).await?;
            return Ok(see_other(if has_coach { "/login" } else { "/setup" }));
        }
        Err(other) => return Err(other),
    };
    if current.is_coach() {
        super::roster::dashboard(current, session, pool, clock, query).await
    } else {
        super::workout::member_home(current, session, pool, clock).await
    }
}
