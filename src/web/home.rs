//! The home page: coaches land on needs attention (a trainer's shows their
//! stations; the roster is at /roster), officers on the program's numbers,
//! crew members on
//! today's workout. Anonymous visitors go to setup (no coach yet) or to login.

use actix_web::{web, FromRequest, HttpRequest, HttpResponse};

use super::{see_other, PublicPage, UserPage};
use crate::error::AppError;
use crate::models::user::User;

pub async fn home(
    req: HttpRequest,
    query: web::Query<super::roster::Query>,
) -> Result<HttpResponse, AppError> {
    let page = match UserPage::extract(&req).await {
        Ok(page) => page,
        Err(AppError::LoginRequired { .. }) => {
            let public = PublicPage::extract(&req).await?;
            let has_coach = public.read(|conn| Ok(User::any_coach(conn)?)).await?;
            return Ok(see_other(if has_coach { "/login" } else { "/setup" }));
        }
        Err(other) => return Err(other),
    };
    if page.is_coach() && req.query_string().is_empty() {
        super::attention::home(page.narrow()?).await
    } else if page.is_coach() {
        // Links to the roster from before it moved to /roster keep working.
        super::roster::dashboard(page.narrow()?, query).await
    } else if page.role() == crate::models::user::Role::Officer {
        super::program::program(page.narrow()?).await
    } else {
        // The readiness check's answers ride in the query (unread: skipped).
        let readiness = web::Query::from_query(req.query_string())
            .map(web::Query::into_inner)
            .unwrap_or_default();
        super::workout::today::member_home(page.narrow()?, readiness).await
    }
}
