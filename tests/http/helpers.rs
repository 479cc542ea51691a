//! `spawn_app()` and the small vocabulary the tests speak: log in, submit a
//! form with its CSRF token, parse the page.

use bridgework::auth::password;
use bridgework::clock::Clock;
use bridgework::config::Config;
use bridgework::db::DbPool;
use bridgework::domain::today::Today;
use bridgework::models::department::Department;
use bridgework::models::user::{Role, User};
use bridgework::Application;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use reqwest::header::LOCATION;
use reqwest::{Response, StatusCode};
use scraper::{Html, Selector};

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub pool: DbPool,
    pub clock: Clock,
    pub db_path: std::path::PathBuf,
    pub dir: std::sync::Arc<tempfile::TempDir>,
    /// The token /setup needs, as the server printed it at start-up (empty
    /// when it started with a coach).
    pub setup_token: String,
}

pub const PASSWORD: &str = "correct horse battery";

/// Where every test app's clock starts, unless a test says otherwise: a
/// plain Wednesday, 10:00 in New York (the department's default time zone),
/// 15:00 UTC. The clock stands still there; tests move it with
/// `app.clock.advance` or `app.clock.set`, and no result depends on the hour
/// the suite runs at.
pub fn start_instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 18, 15, 0, 0).unwrap()
}

/// An instant given on the department's wall clock (America/New_York).
pub fn new_york(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::America::New_York
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

/// The hours at which a UTC date and the department's date disagree, or
/// did once break a test, each with a name to say which one failed. For the
/// tests whose result depends on "today", run at each of them.
pub fn awkward_instants() -> Vec<(&'static str, DateTime<Utc>)> {
    vec![
        ("10:00 in New York (the default start)", start_instant()),
        (
            "00:30 in New York (05:30 UTC)",
            new_york(2026, 11, 18, 0, 30),
        ),
        (
            "23:30 in New York (04:30 UTC the next day)",
            new_york(2026, 11, 18, 23, 30),
        ),
        (
            "02:40 UTC (21:40 the evening before in New York)",
            Utc.with_ymd_and_hms(2026, 11, 19, 2, 40, 0).unwrap(),
        ),
        (
            "23:30 in New York in summer time (03:30 UTC the next day)",
            new_york(2026, 7, 15, 23, 30),
        ),
    ]
}

/// The app with test settings, its clock standing at `start_instant()`.
pub async fn spawn_app() -> TestApp {
    spawn_app_at_with(start_instant(), |_| {}).await
}

/// As `spawn_app`, its clock standing at `instant`.
pub async fn spawn_app_at(instant: DateTime<Utc>) -> TestApp {
    spawn_app_at_with(instant, |_| {}).await
}

/// As `spawn_app`, with settings changed from the test defaults.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_at_with(start_instant(), configure).await
}

/// As `spawn_app`, its clock standing at `instant` and with settings changed
/// from the test defaults.
pub async fn spawn_app_at_with(
    instant: DateTime<Utc>,
    configure: impl FnOnce(&mut Config),
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("test.sqlite3");
    let clock = Clock::fixed(instant);
    let mut config = Config::for_tests(db_path.clone());
    configure(&mut config);
    let app = Application::build_with_clock(config, clock.clone()).expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    let setup_token = app.setup_token().unwrap_or_default();
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: new_client(),
        pool,
        clock,
        db_path,
        dir: std::sync::Arc::new(dir),
        setup_token,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests
/// look at where they point).
pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // The app closes a connection idle for 5 s (`keep_alive`): a client
        // that reused one at that moment would see it closed under its
        // request ("IncompleteMessage"). Dropping idle connections after
        // 2 s keeps the client out of that race, as a browser's shorter
        // idle timeout does.
        .pool_idle_timeout(std::time::Duration::from_secs(2))
        .build()
        .expect("client")
}

impl TestApp {
    /// The department's time zone, as saved in its settings.
    pub fn tz(&self) -> Tz {
        Department::get(&mut self.pool.get().unwrap())
            .expect("the department row")
            .tz()
    }

    /// The department's wall clock at the app's now.
    pub fn local_now(&self) -> NaiveDateTime {
        Today::at(self.tz(), self.clock.now()).local
    }

    /// "Today" as the app decides it: the department's calendar date at the
    /// app's now (never the UTC date, never the wall clock's).
    pub fn today(&self) -> NaiveDate {
        Today::at(self.tz(), self.clock.now()).calendar_day()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_html(&self, path: &str) -> Html {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        Html::parse_document(&response.text().await.unwrap())
    }

    /// POSTs the fields as a form, exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(fields).unwrap())
            .send()
            .await
            .expect("POST")
    }

    /// Opens `page`, takes the CSRF token from its form, and POSTs `fields`
    /// to `action` with it, as a browser submitting that page's form would.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf_token(page).await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    pub async fn csrf_token(&self, page: &str) -> String {
        let doc = self.get_html(page).await;
        attr(&doc, "input[name=csrf_token]", "value").expect("page has a CSRF token")
    }

    /// An account; a member's has acknowledged the data-use statement in
    /// force (as at their first login), so it goes straight to its pages.
    pub async fn create_user(&self, email: &str, name: &str, role: Role) -> User {
        let user = self.create_user_unacknowledged(email, name, role).await;
        if role == Role::Member {
            let mut conn = self.pool.get().unwrap();
            bridgework::models::statement::acknowledge_current(
                &mut conn,
                user.id,
                self.clock.now().naive_utc(),
            )
            .unwrap();
        }
        user
    }

    /// An account that has not yet acknowledged the data-use statement.
    pub async fn create_user_unacknowledged(&self, email: &str, name: &str, role: Role) -> User {
        let hash = password::hash(PASSWORD).unwrap();
        let mut conn = self.pool.get().unwrap();
        User::create(&mut conn, email, name, &hash, role).unwrap()
    }

    pub async fn login(&self, email: &str) -> Response {
        self.login_with(email, PASSWORD).await
    }

    pub async fn login_with(&self, email: &str, password: &str) -> Response {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }

    /// A coach, logged in.
    pub async fn coach(&self) -> User {
        let user = self
            .create_user("coach@station.test", "Casey Coach", Role::Coach)
            .await;
        assert_redirect(&self.login(&user.email).await, "/");
        user
    }

    /// A member, logged in (in this app's client).
    pub async fn member(&self, email: &str, name: &str) -> User {
        let user = self.create_user(email, name, Role::Member).await;
        assert_redirect(&self.login(&user.email).await, "/");
        user
    }

    /// A member at their first visit: sent to the data-use statement, which
    /// they acknowledge (the version the page shows).
    pub async fn acknowledge_statement(&self) {
        assert_redirect(&self.get("/").await, "/statement");
        let doc = self.get_html("/statement").await;
        let version = attr(&doc, "form.acknowledge input[name=version]", "value")
            .expect("the statement asks to be acknowledged");
        let done = self
            .submit("/statement", "/statement", &[("version", &version)])
            .await;
        assert_redirect(&done, "/");
    }

    /// A second, separate browser on the same app.
    pub fn other_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            client: new_client(),
            pool: self.pool.clone(),
            clock: self.clock.clone(),
            db_path: self.db_path.clone(),
            dir: self.dir.clone(),
            setup_token: self.setup_token.clone(),
        }
    }
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

pub fn assert_redirect(response: &Response, to: &str) {
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "expected a redirect"
    );
    assert_eq!(location(response), to);
}

pub async fn html(response: Response) -> Html {
    Html::parse_document(&response.text().await.unwrap())
}

fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|_| panic!("bad selector {selector}"))
}

/// The trimmed text of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

pub fn text(doc: &Html, selector: &str) -> String {
    texts(doc, selector)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn attr(doc: &Html, selector: &str, name: &str) -> Option<String> {
    doc.select(&sel(selector))
        .next()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

pub fn count(doc: &Html, selector: &str) -> usize {
    doc.select(&sel(selector)).count()
}

/// A crew member record (no account), straight into the database.
pub fn create_crew_member(
    app: &TestApp,
    name: &str,
    station: &str,
    platoon: Option<&str>,
) -> bridgework::models::member::Member {
    use bridgework::models::member::{Member, MemberFields};
    let mut conn = app.pool.get().unwrap();
    Member::create(
        &mut conn,
        &MemberFields {
            name: name.to_string(),
            station: station.to_string(),
            platoon: platoon.map(str::to_string),
            start_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            notes: String::new(),
        },
    )
    .unwrap()
}
