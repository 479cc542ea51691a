//! Coach accounts: the list with pending invitations, turning a coach's login
//! off or on again (never the last active coach, never one's own), and
//! withdrawing an unused invitation. Making an invitation is in `invites`.

use actix_web::{web, HttpResponse};
use askama::Template;

use super::{render, see_other, Chrome, CoachPage, FieldErrors};
use crate::error::AppError;
use crate::models::invite::Invite;
use crate::models::user::{Role, User};

#[derive(Template)]
#[template(path = "invites/coaches.html")]
struct CoachesPage {
    chrome: Chrome,
    me: i32,
    coaches: Vec<User>,
    pending: Vec<Invite>,
    name: String,
    errors: FieldErrors,
}

/// The coaches page, with the invitation form as typed and its errors.
pub async fn coaches_page(
    page: &CoachPage,
    name: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let now = page.now.naive_utc();
    let (user, (coaches, pending)) = page
        .read(move |conn, _| Ok((User::coaches(conn)?, Invite::pending_coaches(conn, now)?)))
        .await?;
    render(
        errors.status(),
        &CoachesPage {
            chrome: page.chrome(&user)?,
            me: user.id,
            coaches,
            pending,
            name,
            errors,
        },
    )
}

pub async fn list(page: CoachPage) -> Result<HttpResponse, AppError> {
    coaches_page(&page, String::new(), FieldErrors::default()).await
}

pub async fn deactivate(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    set_active(page, path.into_inner(), false).await
}

pub async fn reactivate(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    set_active(page, path.into_inner(), true).await
}

async fn set_active(page: CoachPage, id: i32, active: bool) -> Result<HttpResponse, AppError> {
    let (_, outcome) = page
        .write(move |conn, me| {
            let coach = User::find(conn, id)?;
            if coach.role != Role::Coach {
                return Err(AppError::NotFound);
            }
            if !active && coach.id == me.id {
                return Ok(Err(
                    "You cannot turn off your own login; ask another coach.",
                ));
            }
            if !active && coach.active && User::active_coaches(conn)? <= 1 {
                return Ok(Err(
                    "This is the last active coach; invite another coach first.",
                ));
            }
            User::set_active(conn, id, active)?;
            Ok(Ok(coach.name))
        })
        .await?;
    if !active {
        page.forget_sessions(id);
    }
    let message = match outcome {
        Ok(name) if active => format!("{name} can log in again."),
        Ok(name) => format!("{name}'s login is turned off and their sessions ended."),
        Err(refusal) => refusal.to_string(),
    };
    page.session.set_flash(&message)?;
    Ok(see_other("/coaches"))
}

pub async fn revoke_invite(
    page: CoachPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = page.now.naive_utc();
    let (_, revoked) = page
        .write(move |conn, _| Ok(Invite::revoke_coach(conn, id, now)?))
        .await?;
    if revoked == 0 {
        return Err(AppError::NotFound);
    }
    tracing::info!(invite_id = id, "coach invitation withdrawn");
    page.session
        .set_flash("Invitation withdrawn: its link no longer works.")?;
    Ok(see_other("/coaches"))
}
