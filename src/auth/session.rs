//! A typed view of the session: who is logged in, since when, their CSRF
//! token and a one-shot flash message. Nothing else is kept in it.

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use std::future::{ready, Ready};

use crate::domain::Named;
use crate::error::AppError;
use crate::models::user::{Role, User};

pub(crate) const USER_ID: &str = "uid";
const ROLE: &str = "role";
const LOGIN_AT: &str = "login_at";
const LAST_SEEN: &str = "seen";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";

/// Who a session belongs to, as read back from it.
#[derive(Debug, Clone, Copy)]
pub struct SessionUser {
    pub user_id: i32,
    pub role: Role,
    pub login_at: i64,
    pub last_seen: i64,
}

pub struct AppSession(Session);

impl AppSession {
    pub fn from_request(req: &HttpRequest) -> AppSession {
        AppSession(req.get_session())
    }

    pub fn user(&self) -> Result<Option<SessionUser>, AppError> {
        let Some(user_id) = self.0.get::<i32>(USER_ID).map_err(AppError::internal)? else {
            return Ok(None);
        };
        let role = self
            .0
            .get::<String>(ROLE)
            .map_err(AppError::internal)?
            .map(|r| {
                Role::parse(&r).ok_or_else(|| {
                    AppError::internal(anyhow::anyhow!("session holds an unknown role {r:?}"))
                })
            })
            .transpose()?;
        let login_at = self.0.get::<i64>(LOGIN_AT).map_err(AppError::internal)?;
        let last_seen = self.0.get::<i64>(LAST_SEEN).map_err(AppError::internal)?;
        match (role, login_at, last_seen) {
            (Some(role), Some(login_at), Some(last_seen)) => Ok(Some(SessionUser {
                user_id,
                role,
                login_at,
                last_seen,
            })),
            _ => Ok(None),
        }
    }

    /// Starts a logged-in session under a new key (so a key planted before
    /// login is worthless) with a fresh CSRF token.
    pub fn log_in(&self, user: &User, now: i64) -> Result<(), AppError> {
        self.0.renew();
        self.0.clear();
        self.0
            .insert(USER_ID, user.id)
            .map_err(AppError::internal)?;
        self.0
            .insert(ROLE, user.role.as_str())
            .map_err(AppError::internal)?;
        self.0.insert(LOGIN_AT, now).map_err(AppError::internal)?;
        self.0.insert(LAST_SEEN, now).map_err(AppError::internal)?;
        self.0
            .insert(CSRF, new_token())
            .map_err(AppError::internal)?;
        Ok(())
    }

    /// Records activity; written at most every few minutes to spare the disk.
    pub fn touch(&self, last_seen: i64, now: i64) -> Result<(), AppError> {
        if now - last_seen >= 300 {
            self.0.insert(LAST_SEEN, now).map_err(AppError::internal)?;
        }
        Ok(())
    }

    /// Ends the session: the stored state is deleted and the cookie removed.
    pub fn purge(&self) {
        self.0.purge();
    }

    /// Ends a login that expired or whose account went away, but lets this
    /// same request go on anonymously (the login page it leads to stores a
    /// CSRF token): the old state is deleted and a new key issued.
    pub fn expire(&self) {
        self.0.clear();
        self.0.renew();
    }

    /// The session's CSRF token, created on first use.
    pub fn csrf_token(&self) -> Result<String, AppError> {
        if let Some(token) = self.csrf_token_if_any() {
            return Ok(token);
        }
        let token = new_token();
        self.0.insert(CSRF, &token).map_err(AppError::internal)?;
        Ok(token)
    }

    pub fn csrf_token_if_any(&self) -> Option<String> {
        self.0.get::<String>(CSRF).ok().flatten()
    }

    pub fn set_flash(&self, message: &str) -> Result<(), AppError> {
        self.0.insert(FLASH, message).map_err(AppError::internal)
    }

    pub fn take_flash(&self) -> Option<String> {
        let message = self.0.get::<String>(FLASH).ok().flatten();
        if message.is_some() {
            self.0.remove(FLASH);
        }
        message
    }
}

fn new_token() -> String {
    crate::token::alphanumeric(43)
}

impl FromRequest for AppSession {
    type Error = AppError;
    type Future = Ready<Result<AppSession, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(AppSession::from_request(req)))
    }
}
