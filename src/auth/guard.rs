//! Extractors that guard pages. `CurrentUser` loads the account on every
//! request (so a disabled account is out at once) and enforces the session
//! limits; `CurrentCoach` and `CurrentMember` add the role check.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};

use super::session::{AppSession, SessionUser};
use crate::clock::Clock;
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::department::Department;
use crate::models::user::{Role, User};

/// A coach's session ends after 12 hours without activity...
const COACH_IDLE_SECS: i64 = 12 * 3600;
/// ...and 14 days after login at most.
const COACH_MAX_SECS: i64 = 14 * 24 * 3600;
/// A member, on their own phone, stays logged in for 30 days of inactivity...
pub const MEMBER_IDLE_SECS: i64 = 30 * 24 * 3600;
/// ...and 90 days after login at most.
const MEMBER_MAX_SECS: i64 = 90 * 24 * 3600;

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub department: Department,
}

impl CurrentUser {
    pub fn id(&self) -> i32 {
        self.user.id
    }

    pub fn is_coach(&self) -> bool {
        self.user.role() == Role::Coach
    }
}

/// Whether a login has run out: too long idle, or too long since login.
fn session_expired(s: &SessionUser, now: i64) -> bool {
    let (idle, max) = match s.role {
        Role::Coach => (COACH_IDLE_SECS, COACH_MAX_SECS),
        Role::Member => (MEMBER_IDLE_SECS, MEMBER_MAX_SECS),
    };
    now - s.last_seen > idle || now - s.login_at > max
}

/// Where to come back to after logging in: the page asked for, if it was a GET.
fn return_path(req: &HttpRequest) -> String {
    if req.method() == actix_web::http::Method::GET {
        req.uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".to_string())
    } else {
        "/".to_string()
    }
}

async fn load(req: HttpRequest) -> Result<CurrentUser, AppError> {
    let session = AppSession::from_request(&req);
    let pool = req
        .app_data::<web::Data<DbPool>>()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("no pool")))?
        .get_ref()
        .clone();
    let clock = req
        .app_data::<web::Data<Clock>>()
        .map(|c| c.get_ref().clone())
        .unwrap_or_default();
    let login_required = || AppError::LoginRequired {
        next: return_path(&req),
    };
    let Some(s) = session.user()? else {
        return Err(login_required());
    };
    let now = clock.now().timestamp();
    if session_expired(&s, now) {
        session.expire();
        return Err(login_required());
    }
    let found = db::run(&pool, move |conn| {
        let user = match User::find(conn, s.user_id) {
            Ok(user) => user,
            Err(diesel::result::Error::NotFound) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        Ok(Some((user, Department::get(conn)?)))
    })
    .await?;
    match found {
        Some((user, department)) if user.active && user.role() == s.role => {
            session.touch(s.last_seen, now)?;
            Ok(CurrentUser { user, department })
        }
        _ => {
            session.expire();
            Err(login_required())
        }
    }
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Guarded<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        Box::pin(load(req.clone()))
    }
}

type Guarded<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// Loads the current user and requires a role; anyone else logged in gets 403.
fn with_role<T: 'static>(
    req: &HttpRequest,
    role: Role,
    refusal: &'static str,
    wrap: fn(CurrentUser) -> T,
) -> Guarded<T> {
    let req = req.clone();
    Box::pin(async move {
        let current = load(req).await?;
        if current.user.role() == role {
            Ok(wrap(current))
        } else {
            Err(AppError::Forbidden(refusal))
        }
    })
}

/// A logged-in coach; anyone else logged in gets 403.
#[derive(Debug, Clone)]
pub struct CurrentCoach(pub CurrentUser);

impl FromRequest for CurrentCoach {
    type Error = AppError;
    type Future = Guarded<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        with_role(req, Role::Coach, "This page is for coaches.", CurrentCoach)
    }
}

/// A logged-in crew member; a coach gets 403.
#[derive(Debug, Clone)]
pub struct CurrentMember(pub CurrentUser);

impl FromRequest for CurrentMember {
    type Error = AppError;
    type Future = Guarded<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        with_role(
            req,
            Role::Member,
            "This page is for crew members.",
            CurrentMember,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_end_when_idle_too_long_or_too_old() {
        const H: i64 = 3600;
        const D: i64 = 24 * H;
        // (role, seconds since login, seconds since last seen, expired)
        let cases = [
            (Role::Coach, 0, 0, false),
            (Role::Coach, 12 * H, 12 * H, false),
            (Role::Coach, 12 * H + 1, 12 * H + 1, true),
            (Role::Coach, 14 * D, 0, false),
            (Role::Coach, 14 * D + 1, 0, true),
            (Role::Member, 0, 0, false),
            (Role::Member, 30 * D, 30 * D, false),
            (Role::Member, 30 * D + 1, 30 * D + 1, true),
            (Role::Member, 89 * D, 1, false),
            (Role::Member, 90 * D, 0, false),
            (Role::Member, 90 * D + 1, 0, true),
            (Role::Member, 200 * D, 0, true),
        ];
        let now = 1_000_000_000;
        for (role, since_login, since_seen, expired) in cases {
            let s = SessionUser {
                user_id: 1,
                role,
                login_at: now - since_login,
                last_seen: now - since_seen,
            };
            assert_eq!(
                session_expired(&s, now),
                expired,
                "{role:?} {since_login} {since_seen}"
            );
        }
    }
}
