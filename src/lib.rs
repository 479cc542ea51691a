//! Bridgework: a server-rendered app for coaching the bridge-to-thrust
//! progression. `Application::build` wires the database, sessions, security
//! headers and routes into a bound server; `main.rs` only parses the command
//! line and calls in here.

pub mod app;
pub mod auth;
pub mod charts;
pub mod clock;
pub mod commands;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod mail;
pub mod models;
pub mod schema;
pub mod state;
pub mod telemetry;
pub mod token;
pub mod web;

use std::net::TcpListener;
use std::path::Path;

use actix_session::config::{PersistentSession, TtlExtensionPolicy};
use actix_session::SessionMiddleware;
use actix_web::cookie::{time, Key, SameSite};
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, DefaultHeaders};
use actix_web::{web as aw, App, HttpServer};
use anyhow::Context;
use base64::Engine;

use crate::auth::client::TrustProxy;
use crate::auth::password::HashGate;
use crate::auth::rate_limit::LoginLimiter;
use crate::auth::session::CookiePolicy;
use crate::auth::session_cache::SessionCache;
use crate::auth::store::SqliteSessionStore;
use crate::clock::Clock;
use crate::config::{Config, PublicBase};
use crate::db::DbPool;
use crate::models::department::Settings;

/// No inline script or style anywhere; nothing may frame the app. The
/// service worker (/sw.js) and the web app manifest come from the app itself.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Sent with `--secure-cookies` (the app is served over HTTPS): browsers
/// then refuse plain HTTP to this host for a year.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// A server bound to its port, ready to run.
pub struct Application {
    port: u16,
    server: Server,
    pool: DbPool,
    clock: Clock,
    setup_token: Option<String>,
}

impl Application {
    pub fn build(config: Config) -> anyhow::Result<Application> {
        Application::build_with_clock(config, Clock::system())
    }

    /// As `build`, with a clock the caller controls (tests move it forward).
    pub fn build_with_clock(config: Config, clock: Clock) -> anyhow::Result<Application> {
        let pool = db::open(&config.database)?;
        // One worker per core, each with a reader of its own.
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let readers = db::readers(&config.database, workers)?;
        let settings = aw::Data::new(Settings::load(&mut *pool.get()?)?);
        let sweep_settings = settings.clone();
        let key = session_key(&config)?;
        let listener =
            TcpListener::bind(&config.bind).with_context(|| format!("binding {}", config.bind))?;
        let bound = listener.local_addr()?;
        let port = bound.port();
        let public_base = config.public_base(bound)?;
        if config.public_url.is_none() && !bound.ip().is_loopback() {
            tracing::warn!(
                public_url = %public_base,
                "invitation links point at this address; set --public-url to the address people use"
            );
        }
        let setup_token =
            auth::setup_token::SetupToken::for_instance(&mut *pool.get()?, &public_base)?;
        let cookies = CookiePolicy {
            secure: config.secure_cookies,
        };
        let store_pool = pool.clone();
        // One copy of the live sessions for all workers.
        let session_cache = aw::Data::new(SessionCache::default());
        // The app's write queue (`db::write_turn`), shared by every writer.
        let writes = db::Writes::default();
        // Outgoing email, when a host is configured: the outbox's one
        // sender task, which first sends what a previous run left pending.
        let mailer =
            mail::Mailer::start(&config.smtp, pool.clone(), writes.clone(), clock.clone())?;
        let state = aw::Data::new(state::AppState {
            pool: pool.clone(),
            readers,
            writes: writes.clone(),
            clock: clock.clone(),
            settings: settings.clone(),
            sessions: session_cache.clone(),
            limiter: LoginLimiter::default(),
            gate: HashGate::for_this_machine(),
            cookies,
            trust_proxy: TrustProxy::from_config(&config)?,
            public_base: PublicBase(public_base),
            body_timeout: std::time::Duration::from_millis(config.body_timeout_ms),
            setup_token: setup_token.clone(),
            mailer,
        });
        let server = HttpServer::new(move || {
            let sessions = SessionMiddleware::builder(
                SqliteSessionStore::new(
                    store_pool.clone(),
                    state.writes.clone(),
                    state.clock.clone(),
                    session_cache.clone().into_inner(),
                ),
                key.clone(),
            )
            .cookie_name(cookies.session_name().to_string())
            .cookie_secure(cookies.secure)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .session_lifecycle(
                PersistentSession::default()
                    .session_ttl(time::Duration::seconds(auth::guard::MEMBER_IDLE_SECS))
                    .session_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
            )
            .build();
            App::new()
                .app_data(state.clone())
                .app_data(aw::PayloadConfig::new(web::forms::MAX_BODY))
                .wrap(from_fn(web::head::as_get))
                .wrap(from_fn(auth::csrf::protect))
                .wrap(web::errors::handlers())
                .wrap(sessions)
                .wrap(from_fn(no_store_and_hsts))
                .wrap(
                    DefaultHeaders::new()
                        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("Referrer-Policy", "same-origin"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Cross-Origin-Opener-Policy", "same-origin"))
                        .add(("Cross-Origin-Resource-Policy", "same-origin"))
                        .add(("Permissions-Policy", PERMISSIONS_POLICY)),
                )
                // Pages go gzipped to clients that accept it.
                .wrap(Compress::default())
                .wrap(from_fn(telemetry::log_requests))
                .configure(web::routes)
                .default_service(aw::to(|| async {
                    Err::<actix_web::HttpResponse, _>(error::AppError::NotFound)
                }))
        })
        // A request's head must arrive within 5 s and an idle kept-alive
        // connection closes after 5 s (the body's own limit is in
        // `auth::csrf`, which reads every body).
        .client_request_timeout(std::time::Duration::from_secs(5))
        .client_disconnect_timeout(std::time::Duration::from_secs(1))
        .keep_alive(std::time::Duration::from_secs(5))
        .workers(workers)
        .listen(listener)?
        .run();
        spawn_restore_sweep(
            pool.clone(),
            writes.clone(),
            clock.clone(),
            sweep_settings.into_inner(),
        );
        spawn_session_purge(pool.clone(), writes, clock.clone());
        Ok(Application {
            port,
            server,
            pool,
            clock,
            setup_token: setup_token.value().map(str::to_string),
        })
    }

    /// This start's setup token, while no coach exists (tests use it).
    pub fn setup_token(&self) -> Option<String> {
        self.setup_token.clone()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Every ten minutes, writes the pain-regression restores that have come
/// due, so the timeline records them even when the member does not log.
/// Pages already show a due restore without it.
fn spawn_restore_sweep(
    pool: DbPool,
    writes: db::Writes,
    clock: Clock,
    settings: std::sync::Arc<Settings>,
) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = clock.now();
            let department = settings.department();
            let swept = db::write(&pool, &writes, move |conn| {
                app::stage::restore_due_regressions(conn, &department, now)
            })
            .await;
            match swept {
                Ok(0) => {}
                Ok(n) => tracing::info!(restored = n, "restored stages after pain weeks"),
                Err(e) => tracing::error!(error = %e, "restore sweep failed"),
            }
        }
    });
}

/// Every ten minutes, deletes expired session rows (anonymous ones last an
/// hour at most), so the table holds only live sessions.
fn spawn_session_purge(pool: DbPool, writes: db::Writes, clock: Clock) {
    actix_web::rt::spawn(async move {
        let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            let now = clock.now().naive_utc();
            let purged = db::write(&pool, &writes, move |conn| {
                Ok(auth::store::purge_expired(conn, now)?)
            })
            .await;
            match purged {
                Ok(0) => {}
                Ok(n) => tracing::debug!(purged = n, "purged expired sessions"),
                Err(e) => tracing::error!(error = %e, "session purge failed"),
            }
        }
    });
}

/// Pages are never stored by the browser or a proxy (`no-store` on every
/// HTML answer: they carry personal data, CSRF tokens or an invitation);
/// static files keep their own caching. With secure cookies, HSTS too.
/// Features the app never uses, turned off for it and anything it embeds.
const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

async fn no_store_and_hsts(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::http::header::{self, HeaderValue};
    let secure = req
        .app_data::<aw::Data<state::AppState>>()
        .is_some_and(|s| s.cookies.secure);
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if secure {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    Ok(res)
}

/// The key that signs session cookies: from the configuration, or generated
/// once and kept beside the database so a restart does not log anyone out.
fn session_key(config: &Config) -> anyhow::Result<Key> {
    let engine = base64::engine::general_purpose::STANDARD;
    if let Some(text) = &config.session_key {
        let bytes = engine
            .decode(text.trim())
            .context("BRIDGEWORK_SESSION_KEY must be base64")?;
        return Key::try_from(bytes.as_slice())
            .map_err(|_| anyhow::anyhow!("BRIDGEWORK_SESSION_KEY must hold at least 64 bytes"));
    }
    let path = key_path(&config.database);
    if let Ok(text) = std::fs::read_to_string(&path) {
        let bytes = engine
            .decode(text.trim())
            .with_context(|| format!("reading {}", path.display()))?;
        return Key::try_from(bytes.as_slice())
            .map_err(|_| anyhow::anyhow!("{} holds a key that is too short", path.display()));
    }
    let key = Key::generate();
    write_private(&path, &engine.encode(key.master()))?;
    tracing::info!(path = %path.display(), "generated a session key");
    Ok(key)
}

fn key_path(database: &Path) -> std::path::PathBuf {
    database.with_file_name("session.key")
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}
