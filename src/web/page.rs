//! The page context: what a page handler receives in one extractor instead
//! of five. `Page<Coach>` (alias `CoachPage`), `Page<Member>` (`MemberPage`)
//! and `Page<AnyUser>` (`UserPage`) carry who the session says is asking, the
//! department's settings (held in memory), the clock, the session and the
//! database; `PublicPage` the same for pages anyone may open.
//!
//! The account itself is checked inside the page's one blocking hop
//! (`read` or `write`), together with the page's own queries, so a
//! deactivated account is out at once and no page makes a separate trip to
//! the database for it.

use std::cell::Cell;
use std::future::{ready, Ready};
use std::marker::PhantomData;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use diesel::SqliteConnection;

use super::Chrome;
use crate::auth::guard::session_expired;
use crate::auth::session::SessionUser;
use crate::auth::session_cache::SessionCache;
use crate::auth::AppSession;
use crate::clock::Clock;
use crate::db::{self, DbPool, Readers, Writes};
use crate::error::AppError;
use crate::models::department::{Department, Settings};
use crate::models::user::{Role, User};

/// Who may open a page.
pub trait Access {
    /// The roles that may open it; empty for anyone logged in.
    const ROLES: &'static [Role];
    /// What someone logged in with another role is told (403).
    const REFUSAL: &'static str;

    fn allows(role: Role) -> bool {
        Self::ROLES.is_empty() || Self::ROLES.contains(&role)
    }
}

/// Pages for the fitness coordinator (the coach, who sees everyone).
pub struct Coach;
/// Pages for whoever coaches members: the coordinator and the peer fitness
/// trainers. Such a page shows or changes a member only through the viewer
/// (`app::access::Viewer`), which keeps a trainer to their stations.
pub struct Coaching;
/// Pages for officers: the program's numbers, never a name.
pub struct Officer;
/// Pages for crew members.
pub struct Member;
/// Pages for anyone logged in.
pub struct AnyUser;

impl Access for Coach {
    const ROLES: &'static [Role] = &[Role::Coach];
    const REFUSAL: &'static str = "This page is for the fitness coordinator.";
}

impl Access for Coaching {
    const ROLES: &'static [Role] = &[Role::Coach, Role::Trainer];
    const REFUSAL: &'static str = "This page is for coaches.";
}

impl Access for Officer {
    const ROLES: &'static [Role] = &[Role::Officer];
    const REFUSAL: &'static str = "This page is for officers.";
}

impl Access for Member {
    const ROLES: &'static [Role] = &[Role::Member];
    const REFUSAL: &'static str = "This page is for crew members.";
}

impl Access for AnyUser {
    const ROLES: &'static [Role] = &[];
    const REFUSAL: &'static str = "";
}

pub type CoachPage = Page<Coach>;
pub type CoachingPage = Page<Coaching>;
pub type OfficerPage = Page<Officer>;
pub type MemberPage = Page<Member>;
pub type UserPage = Page<AnyUser>;

/// The context of a page for someone logged in.
pub struct Page<A: Access> {
    pub session: AppSession,
    pub department: Arc<Department>,
    pub clock: Clock,
    /// The moment this request is answered at (one reading of the clock).
    pub now: DateTime<Utc>,
    settings: web::Data<Settings>,
    sessions: Option<web::Data<SessionCache>>,
    pool: DbPool,
    readers: Readers,
    writes: Writes,
    login: SessionUser,
    /// Where to come back to after logging in again.
    next: String,
    /// Whether a member must have acknowledged the data-use statement in
    /// force to use this page (every page but the statement's own).
    statement_gate: bool,
    /// The path asked for, with its query (what the record of access keeps).
    path: String,
    /// A coach's open pain reports, read in the page's hop for the
    /// navigation.
    open_pain: Cell<Option<i64>>,
    _access: PhantomData<A>,
}

/// The shared parts, read from the app's data.
struct Parts {
    session: AppSession,
    settings: web::Data<Settings>,
    sessions: Option<web::Data<SessionCache>>,
    clock: Clock,
    pool: DbPool,
    readers: Readers,
    writes: Writes,
}

fn parts(req: &HttpRequest) -> Result<Parts, AppError> {
    let state = crate::state::AppState::of(req)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("app state missing")))?;
    Ok(Parts {
        session: AppSession::from_request(req),
        settings: state.settings.clone(),
        sessions: Some(state.sessions.clone()),
        clock: state.clock.clone(),
        pool: state.pool.clone(),
        readers: state.readers.clone(),
        writes: state.writes.clone(),
    })
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

fn extract<A: Access>(req: &HttpRequest) -> Result<Page<A>, AppError> {
    let Parts {
        session,
        settings,
        sessions,
        clock,
        pool,
        readers,
        writes,
    } = parts(req)?;
    let next = return_path(req);
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let now = clock.now();
    let Some(login) = session.user()? else {
        return Err(AppError::LoginRequired { next });
    };
    if session_expired(&login, now.timestamp()) {
        session.expire();
        return Err(AppError::LoginRequired { next });
    }
    if !A::allows(login.role) {
        return Err(AppError::Forbidden(A::REFUSAL));
    }
    let department = settings.department();
    Ok(Page {
        department,
        session,
        clock,
        now,
        settings,
        sessions,
        pool,
        readers,
        writes,
        login,
        next,
        statement_gate: true,
        path,
        open_pain: Cell::new(None),
        _access: PhantomData,
    })
}

impl<A: Access> FromRequest for Page<A> {
    type Error = AppError;
    type Future = Ready<Result<Page<A>, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req))
    }
}

/// The account behind the session, if it may still use the app: it exists,
/// is active and has the role the session was opened with. With it, for a
/// coach, the open pain reports the navigation shows (one COUNT); a member
/// must have acknowledged the data-use statement in force (when `gated`).
fn account(
    conn: &mut SqliteConnection,
    login: SessionUser,
    gated: bool,
) -> Result<(User, Option<i64>), AppError> {
    let user = active_account(conn, login)?;
    // Only the coordinator's: the count is the whole department's (a
    // trainer's would name members of other stations' in number).
    let open_pain = match user.role {
        Role::Coach => Some(crate::app::notify::open_pain_reports(conn)?),
        Role::Member => {
            if gated && !crate::models::statement::acknowledged_current(conn, user.id)? {
                return Err(AppError::StatementRequired);
            }
            None
        }
        Role::Trainer | Role::Officer => None,
    };
    Ok((user, open_pain))
}

fn active_account(conn: &mut SqliteConnection, login: SessionUser) -> Result<User, AppError> {
    match User::find(conn, login.user_id) {
        Ok(user) if user.active && user.role == login.role => Ok(user),
        Ok(_) | Err(diesel::result::Error::NotFound) => Err(AppError::LoginRequired {
            next: String::new(),
        }),
        Err(e) => Err(e.into()),
    }
}

impl<A: Access> Page<A> {
    /// The page's reads: checks the account, then runs the page's queries
    /// on the same connection, on the request's own thread (`db::read`).
    /// Returns the account with the data.
    pub async fn read<T, F>(&self, f: F) -> Result<(User, T), AppError>
    where
        F: FnOnce(&mut SqliteConnection, &User) -> Result<T, AppError>,
    {
        let (login, gated) = (self.login, self.statement_gate);
        let result = db::read(&self.readers, move |conn| {
            let (user, open_pain) = account(conn, login, gated)?;
            let data = f(conn, &user)?;
            Ok((user, open_pain, data))
        });
        self.checked(result)
    }

    /// As `read`, for a page that reads across the whole department (the
    /// roster, needs attention, the crew list, the station sheet, exports): on the blocking
    /// pool, so its milliseconds never hold up a worker's other connections.
    pub async fn read_all<T, F>(&self, f: F) -> Result<(User, T), AppError>
    where
        F: FnOnce(&mut SqliteConnection, &User) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (login, gated) = (self.login, self.statement_gate);
        let result = db::run(&self.pool, move |conn| {
            let (user, open_pain) = account(conn, login, gated)?;
            let data = f(conn, &user)?;
            Ok((user, open_pain, data))
        })
        .await;
        self.checked(result)
    }

    /// As `read`, in one immediate transaction, for a page that writes.
    pub async fn write<T, F>(&self, f: F) -> Result<(User, T), AppError>
    where
        F: FnOnce(&mut SqliteConnection, &User) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (login, gated) = (self.login, self.statement_gate);
        let _turn = db::write_turn(&self.writes).await;
        let result = db::run(&self.pool, move |conn| {
            conn.immediate_transaction(|conn| {
                let (user, open_pain) = account(conn, login, gated)?;
                let data = f(conn, &user)?;
                Ok((user, open_pain, data))
            })
        })
        .await;
        self.checked(result)
    }

    /// Just the account check, for a page with nothing else to read.
    pub async fn user(&self) -> Result<User, AppError> {
        Ok(self.read(|_, _| Ok(())).await?.0)
    }

    fn checked<T>(
        &self,
        result: Result<(User, Option<i64>, T), AppError>,
    ) -> Result<(User, T), AppError> {
        match result {
            Ok((user, open_pain, data)) => {
                self.open_pain.set(open_pain);
                self.session
                    .touch(self.login.last_seen, self.now.timestamp())?;
                Ok((user, data))
            }
            Err(AppError::LoginRequired { .. }) => {
                self.session.expire();
                Err(AppError::LoginRequired {
                    next: self.next.clone(),
                })
            }
            Err(other) => Err(other),
        }
    }

    /// The database, for a page that streams its answer in several reads
    /// after its first hop (the CSV exports).
    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Whether the session coaches members (the coordinator or a trainer).
    pub fn is_coach(&self) -> bool {
        Coaching::allows(self.login.role)
    }

    pub fn role(&self) -> Role {
        self.login.role
    }

    /// The path asked for, with its query.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Appends the record of access for this session's account opening
    /// these members' individual data (a member's own reads are left out),
    /// in one statement, after the page's read (which checked the account
    /// and, through the viewer, that it may see them). `what` names the page.
    pub async fn record_access(
        &self,
        what: &'static str,
        member_ids: Vec<i32>,
    ) -> Result<(), AppError> {
        let lines = crate::app::access::lines(
            (self.login.user_id, self.login.role),
            what,
            &self.path,
            member_ids,
            self.now.naive_utc(),
        );
        if lines.is_empty() {
            return Ok(());
        }
        db::write(&self.pool, &self.writes, move |conn| {
            crate::models::access_record::append(conn, &lines)?;
            Ok(())
        })
        .await
    }

    /// The layout's parts for this page.
    pub fn chrome(&self, user: &User) -> Result<Chrome, AppError> {
        Ok(Chrome {
            user_name: Some(user.name.clone()),
            is_coach: Coaching::allows(user.role),
            role: Some(user.role),
            department: self.department.name.clone(),
            csrf: self.session.csrf_token()?,
            flash: self.session.take_flash(),
            open_pain: self.open_pain.get(),
        })
    }

    /// Drops the in-memory copies of an account's sessions once a committed
    /// write has ended them in the database (deactivation, a new password).
    pub fn forget_sessions(&self, user_id: i32) {
        if let Some(sessions) = &self.sessions {
            sessions.forget_user(user_id);
        }
    }

    /// Takes the department as a committed save left it.
    pub fn settings_saved(&self, department: Department) {
        self.settings.replace(department);
    }

    /// The same context without the data-use statement's gate: for the
    /// statement's own page, which a member reads before anything else.
    pub fn without_statement_gate(mut self) -> Self {
        self.statement_gate = false;
        self
    }

    /// The same context for a narrower audience, when the session's role
    /// fits it (the home page hands a coach to the roster).
    pub fn narrow<B: Access>(self) -> Result<Page<B>, AppError> {
        if !B::allows(self.login.role) {
            return Err(AppError::Forbidden(B::REFUSAL));
        }
        Ok(Page {
            session: self.session,
            department: self.department,
            clock: self.clock,
            now: self.now,
            settings: self.settings,
            sessions: self.sessions,
            pool: self.pool,
            readers: self.readers,
            writes: self.writes,
            login: self.login,
            next: self.next,
            statement_gate: self.statement_gate,
            path: self.path,
            open_pain: self.open_pain,
            _access: PhantomData,
        })
    }
}

/// The context of a page anyone may open (login, setup, invitations).
pub struct PublicPage {
    pub session: AppSession,
    pub department: Arc<Department>,
    pub clock: Clock,
    pub now: DateTime<Utc>,
    settings: web::Data<Settings>,
    pool: DbPool,
    readers: Readers,
    writes: Writes,
}

impl FromRequest for PublicPage {
    type Error = AppError;
    type Future = Ready<Result<PublicPage, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parts(req).map(|p| {
            let now = p.clock.now();
            PublicPage {
                department: p.settings.department(),
                session: p.session,
                clock: p.clock,
                now,
                settings: p.settings,
                pool: p.pool,
                readers: p.readers,
                writes: p.writes,
            }
        }))
    }
}

impl PublicPage {
    /// The page's reads, on the request's own thread (`db::read`).
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, AppError>,
    {
        db::read(&self.readers, f)
    }

    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut SqliteConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        db::write(&self.pool, &self.writes, f).await
    }

    /// The layout's parts for a public page with forms.
    pub fn chrome(&self) -> Result<Chrome, AppError> {
        Ok(Chrome {
            csrf: self.session.csrf_token()?,
            flash: self.session.take_flash(),
            ..Chrome::default()
        })
    }

    /// Whether the session is logged in and not expired (no account check:
    /// the page it leads to makes that).
    pub fn logged_in(&self) -> Result<bool, AppError> {
        Ok(self
            .session
            .user()?
            .is_some_and(|login| !session_expired(&login, self.now.timestamp())))
    }

    pub fn settings_saved(&self, department: Department) {
        self.settings.replace(department);
    }
}

/// Where a page's render starts: room for a today page without growing.
const RENDER_BUFFER: usize = 16 * 1024;

/// Renders a page with a given status (a form shown again with its errors is
/// 422, so scripts and tests can tell it from a success).
pub fn render<T: Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    // askama's own size hint counts only a template's fixed text; the pages
    // people open most (today, roster) run to 10-70 KB, and growing the
    // buffer step by step copied each of them several times.
    let mut body = String::with_capacity(T::SIZE_HINT.max(RENDER_BUFFER));
    page.render_into(&mut body).map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}
