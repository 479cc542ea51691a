//! Staff accounts, listed by role (fitness coordinators, peer fitness
//! trainers with their stations, officers) with pending invitations;
//! assigning a trainer's stations; turning a login off or on again (never
//! the last active coordinator, never one's own); withdrawing an unused
//! invitation. Making an invitation is in `invites`.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::invites::STAFF_ROLES;
use super::{render, see_other, Chrome, CoachPage, FieldErrors, Form};
use crate::domain::Named;
use crate::error::AppError;
use crate::models::invite::Invite;
use crate::models::member::Member;
use crate::models::trainer_station;
use crate::models::user::{Role, User};

#[derive(Template)]
#[template(path = "invites/coaches.html")]
struct CoachesPage {
    chrome: Chrome,
    me: i32,
    /// (role, its people), in the order of `STAFF_ROLES`.
    groups: Vec<(Role, Vec<User>)>,
    /// Each trainer's stations.
    stations_of: BTreeMap<i32, BTreeSet<String>>,
    /// The stations members are at (the choices for a trainer).
    stations: Vec<String>,
    pending: Vec<Invite>,
    name: String,
    role: String,
    roles: [Role; 3],
    errors: FieldErrors,
    /// The department's zone, for when a link expires.
    tz: chrono_tz::Tz,
}

impl CoachesPage {
    fn has_station(&self, user_id: &i32, station: &str) -> bool {
        self.stations_of
            .get(user_id)
            .is_some_and(|s| s.contains(station))
    }

    /// "Peer fitness trainers", for a group's heading.
    fn heading(&self, role: &Role) -> &'static str {
        match role {
            Role::Coach => "Fitness coordinators",
            Role::Trainer => "Peer fitness trainers",
            Role::Officer => "Officers",
            Role::Member => "Crew members",
        }
    }

    /// When an invitation's link expires, on the department's wall clock.
    fn expires(&self, invite: &Invite) -> String {
        crate::domain::today::moment_text(crate::domain::today::local(self.tz, invite.expires_at))
    }
}

/// The coaches page, with the invitation form as typed and its errors.
pub async fn coaches_page(
    page: &CoachPage,
    name: String,
    role: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let now = page.now.naive_utc();
    let (user, (staff, pending, stations_of, stations)) = page
        .read(move |conn, _| {
            Ok((
                User::coaches(conn)?,
                Invite::pending_coaches(conn, now)?,
                trainer_station::all(conn)?,
                Member::stations(conn)?,
            ))
        })
        .await?;
    let groups = STAFF_ROLES
        .iter()
        .map(|role| {
            let people = staff.iter().filter(|u| u.role == *role).cloned().collect();
            (*role, people)
        })
        .collect();
    render(
        errors.status(),
        &CoachesPage {
            chrome: page.chrome(&user)?,
            me: user.id,
            groups,
            stations_of,
            stations,
            pending,
            name,
            role,
            roles: STAFF_ROLES,
            errors,
            tz: page.department.tz(),
        },
    )
}

pub async fn list(page: CoachPage) -> Result<HttpResponse, AppError> {
    coaches_page(&page, String::new(), String::new(), FieldErrors::default()).await
}

#[derive(Deserialize, Default)]
pub struct StationsForm {
    #[serde(default)]
    station: Vec<String>,
}

/// POST /coaches/{id}/stations: the stations a peer fitness trainer coaches
/// (the ticked ones; none ticked leaves them no member).
pub async fn save_stations(
    page: CoachPage,
    path: web::Path<i32>,
    Form(form): Form<StationsForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let stations: BTreeSet<String> = form
        .station
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if stations.iter().any(|s| s.chars().count() > 60) {
        return Err(AppError::BadRequest(
            "The form could not be read. Reload the page and try again.",
        ));
    }
    let (_, name) = page
        .write(move |conn, _| {
            let trainer = User::find(conn, id)?;
            if trainer.role != Role::Trainer {
                return Err(AppError::NotFound);
            }
            trainer_station::set(conn, id, &stations)?;
            Ok(trainer.name)
        })
        .await?;
    page.session
        .set_flash(&format!("{name}'s stations are saved."))?;
    Ok(see_other("/coaches"))
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
            if coach.role == Role::Member {
                return Err(AppError::NotFound);
            }
            if !active && coach.id == me.id {
                return Ok(Err(
                    "You cannot turn off your own login; ask another coach.",
                ));
            }
            if !active
                && coach.active
                && coach.role == Role::Coach
                && User::active_coaches(conn)? <= 1
            {
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
