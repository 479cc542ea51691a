//! What every request shares, in one place: the database pool and its write
//! queue, the clock, the department's settings, the live sessions, the login
//! limiter and the hashing gate, and the few settings read from the command
//! line. Registered once as `web::Data<AppState>`; a handler or extractor
//! takes what it needs from it.

use actix_web::web;

use crate::auth::client::TrustProxy;
use crate::auth::password::HashGate;
use crate::auth::rate_limit::LoginLimiter;
use crate::auth::session::CookiePolicy;
use crate::auth::session_cache::SessionCache;
use crate::clock::Clock;
use crate::config::PublicBase;
use crate::db::{DbPool, Readers, Writes};
use crate::models::department::Settings;

pub struct AppState {
    pub pool: DbPool,
    /// The connections a page's own reads use on the request's thread.
    pub readers: Readers,
    /// The app's writes, counted as they end (the write queue).
    pub writes: Writes,
    pub clock: Clock,
    /// The department, read once and replaced when a coach saves settings.
    pub settings: web::Data<Settings>,
    /// One copy of the live sessions for all workers.
    pub sessions: web::Data<SessionCache>,
    pub limiter: LoginLimiter,
    pub gate: HashGate,
    pub cookies: CookiePolicy,
    pub trust_proxy: TrustProxy,
    /// The address people reach the app at: links start with it.
    pub public_base: PublicBase,
    /// How long a request's body may take to arrive (`--body-timeout-ms`).
    pub body_timeout: std::time::Duration,
    /// Needed by /setup and /setup/demo while no coach exists.
    pub setup_token: crate::auth::setup_token::SetupToken,
    /// Outgoing email (off unless an SMTP host is configured).
    pub mailer: crate::mail::Mailer,
}

impl AppState {
    /// The state registered on the app serving `req`.
    pub fn of(req: &actix_web::HttpRequest) -> Option<&AppState> {
        req.app_data::<web::Data<AppState>>().map(|s| s.get_ref())
    }
}
