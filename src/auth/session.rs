//! A typed view of the session: who is logged in, since when, their CSRF
//! token and a one-shot flash message. Nothing else is kept in it.
//!
//! Someone not logged in has no stored session at all: the forms they see
//! (log in, first-run setup, an invitation) carry a pre-login CSRF token that
//! lives only in a cookie of its own (double submit), so anonymous visits
//! write nothing to the database.

use actix_session::{Session, SessionExt};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
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

/// Length of a CSRF token (alphanumeric, about 256 bits).
const TOKEN_LEN: usize = 43;

/// How the app's cookies are named and marked. With `secure` (the app is
/// served over HTTPS) they are `Secure` and take the `__Host-` prefix, which
/// browsers accept only from a secure origin, for the whole host and path /.
#[derive(Debug, Clone, Copy, Default)]
pub struct CookiePolicy {
    pub secure: bool,
}

impl CookiePolicy {
    /// The session cookie's name.
    pub fn session_name(self) -> &'static str {
        if self.secure {
            "__Host-bridgework_session"
        } else {
            "bridgework_session"
        }
    }

    /// The pre-login CSRF cookie's name.
    pub fn csrf_name(self) -> &'static str {
        if self.secure {
            "__Host-bridgework_csrf"
        } else {
            "bridgework_csrf"
        }
    }

    /// The pre-login CSRF cookie: HttpOnly, SameSite=Lax, for the browser
    /// session only.
    pub fn csrf_cookie(self, token: &str) -> Cookie<'static> {
        Cookie::build(self.csrf_name(), token.to_string())
            .path("/")
            .http_only(true)
            .secure(self.secure)
            .same_site(SameSite::Lax)
            .finish()
    }
}

/// A pre-login token made during this request, for the CSRF middleware to
/// set as a cookie on the response.
#[derive(Debug, Clone)]
pub(crate) struct IssuedPreLoginToken(pub String);

/// Who a session belongs to, as read back from it.
#[derive(Debug, Clone, Copy)]
pub struct SessionUser {
    pub user_id: i32,
    pub role: Role,
    pub login_at: i64,
    pub last_seen: i64,
}

pub struct AppSession(Session, HttpRequest);

impl AppSession {
    pub fn from_request(req: &HttpRequest) -> AppSession {
        AppSession(req.get_session(), req.clone())
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

    /// Ends a login that expired or whose account went away; this same
    /// request goes on anonymously (its forms use the pre-login token).
    pub fn expire(&self) {
        self.0.purge();
    }

    /// The CSRF token for this page's forms, masked afresh for each
    /// response (`csrf::mask`): the logged-in session's (made on first use),
    /// or else the pre-login token from its own cookie.
    pub fn csrf_token(&self) -> Result<String, AppError> {
        if let Some(token) = self.csrf_token_if_any() {
            return Ok(super::csrf::mask(&token));
        }
        if !self.0.contains_key(USER_ID) {
            return Ok(super::csrf::mask(&self.pre_login_token()));
        }
        let token = new_token();
        self.0.insert(CSRF, &token).map_err(AppError::internal)?;
        Ok(super::csrf::mask(&token))
    }

    /// The logged-in session's CSRF token, if it has one.
    pub fn csrf_token_if_any(&self) -> Option<String> {
        self.0.get::<String>(CSRF).ok().flatten()
    }

    /// Whether the session belongs to someone logged in.
    pub fn is_logged_in(&self) -> bool {
        self.0.contains_key(USER_ID)
    }

    /// The pre-login token the browser sent in its cookie, if well formed.
    pub fn pre_login_cookie(&self) -> Option<String> {
        let name = cookie_policy(&self.1).csrf_name();
        let value = self.1.cookie(name)?.value().to_string();
        well_formed(&value).then_some(value)
    }

    /// The browser's pre-login token, or a new one that the CSRF middleware
    /// sets as a cookie on this response.
    fn pre_login_token(&self) -> String {
        if let Some(IssuedPreLoginToken(token)) = self.1.extensions().get() {
            return token.clone();
        }
        if let Some(token) = self.pre_login_cookie() {
            return token;
        }
        let token = new_token();
        self.1
            .extensions_mut()
            .insert(IssuedPreLoginToken(token.clone()));
        token
    }

    pub fn set_flash(&self, message: &str) -> Result<(), AppError> {
        self.0.insert(FLASH, message).map_err(AppError::internal)
    }

    /// Whether a one-shot message waits to be shown.
    pub fn has_flash(&self) -> bool {
        self.0.contains_key(FLASH)
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
    crate::token::alphanumeric(TOKEN_LEN)
}

fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_LEN && token.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The app's cookie policy (plain cookies when none was registered).
pub(crate) fn cookie_policy(req: &HttpRequest) -> CookiePolicy {
    crate::state::AppState::of(req)
        .map(|s| s.cookies)
        .unwrap_or_default()
}

impl FromRequest for AppSession {
    type Error = AppError;
    type Future = Ready<Result<AppSession, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(AppSession::from_request(req)))
    }
}
