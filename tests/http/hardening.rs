//! The holes a security review found (issue 12), one test or more each:
//! where a login may send you, invitations of deactivated members, the login
//! rate limit under parallel guesses, anonymous session rows, a logout racing
//! a request, caching of personal pages, session lifetimes, invitation links
//! and the client address behind a proxy.

use bridgework::clock::Clock;
use bridgework::models::member::Member;
use bridgework::models::user::Role;
use bridgework::schema::{members, users, web_sessions};
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

fn session_rows(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().unwrap();
    web_sessions::table.count().get_result(&mut conn).unwrap()
}

fn account_exists(app: &TestApp, email: &str) -> bool {
    let mut conn = app.pool.get().unwrap();
    diesel::select(diesel::dsl::exists(
        users::table.filter(users::email.eq(email)),
    ))
    .get_result(&mut conn)
    .unwrap()
}

// ------------------------------------------------------------ 1. next

#[actix_web::test]
async fn the_login_form_keeps_only_a_local_next() {
    let app = spawn_app().await;
    let cases = [
        ("/%09/evil.example", "/"),
        ("/%0D%0Ax", "/"),
        ("%2F%2Fevil.example", "/"),
        ("%2F%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example", "/"),
        ("%2Fsettings%3Ftab%3D1", "/settings?tab=1"),
    ];
    for (query, expected) in cases {
        let doc = app.get_html(&format!("/login?next={query}")).await;
        assert_eq!(
            attr(&doc, "input[name=next]", "value").unwrap(),
            expected,
            "next={query}"
        );
    }
}

#[actix_web::test]
async fn a_login_with_a_hostile_next_lands_on_the_home_page() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    for next in ["/\t/evil.example", "/\r\nx", "/ /evil.example", "/\\evil"] {
        let browser = app.other_browser();
        let response = browser
            .submit(
                "/login",
                "/login",
                &[
                    ("email", "casey@station.test"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_redirect(&response, "/");
        // Already logged in, /login sends a hostile next home too.
        let response = browser.get("/login?next=/%09/evil.example").await;
        assert_redirect(&response, "/");
    }
}

// --------------------------------------------------- 2. invitations

async fn invite_link(app: &TestApp, member_id: i32) -> String {
    let show = format!("/crew/{member_id}");
    let response = app
        .submit(&show, &format!("/crew/{member_id}/invite"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc = html(response).await;
    attr(&doc, "input.invite-link", "value")
        .unwrap()
        .trim_start_matches(&app.address)
        .to_string()
}

async fn try_accept(phone: &TestApp, path: &str, email: &str) -> reqwest::Response {
    let token = phone.csrf_token("/login").await;
    phone
        .post_raw(
            path,
            &[
                ("csrf_token", &token),
                ("email", email),
                ("password", "long enough pass"),
                ("confirm", "long enough pass"),
            ],
        )
        .await
}

#[actix_web::test]
async fn deactivating_a_member_withdraws_their_invitation() {
    let app = spawn_app().await;
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let path = invite_link(&app, member.id).await;
    let show = format!("/crew/{}", member.id);
    app.submit(&show, &format!("/crew/{}/deactivate", member.id), &[])
        .await;

    let phone = app.other_browser();
    let response = phone.get(&path).await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(text(&html(response).await, "h1"), "Link withdrawn");
    let response = try_accept(&phone, &path, "sam@station.test").await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(!account_exists(&app, "sam@station.test"));

    // Reactivating does not bring the old link back: it stays withdrawn.
    app.submit(&show, &format!("/crew/{}/reactivate", member.id), &[])
        .await;
    let response = phone.get(&path).await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(text(&html(response).await, "h1"), "Link withdrawn");
    let response = try_accept(&phone, &path, "sam@station.test").await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(!account_exists(&app, "sam@station.test"));
}

#[actix_web::test]
async fn accepting_checks_the_member_is_active_and_has_no_account_yet() {
    let app = spawn_app().await;
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let path = invite_link(&app, member.id).await;
    let phone = app.other_browser();

    // Deactivated behind the link's back (no expiry written): still refused.
    {
        let mut conn = app.pool.get().unwrap();
        diesel::update(members::table.find(member.id))
            .set(members::active.eq(false))
            .execute(&mut conn)
            .unwrap();
    }
    let response = try_accept(&phone, &path, "sam@station.test").await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(!account_exists(&app, "sam@station.test"));

    // Active again, but the record got an account some other way.
    let other = app
        .create_user("sam.other@station.test", "Sam Lee", Role::Member)
        .await;
    {
        let mut conn = app.pool.get().unwrap();
        diesel::update(members::table.find(member.id))
            .set(members::active.eq(true))
            .execute(&mut conn)
            .unwrap();
        Member::link_user(&mut conn, member.id, other.id).unwrap();
    }
    let response = phone.get(&path).await;
    assert_eq!(response.status(), StatusCode::GONE);
    let response = try_accept(&phone, &path, "sam@station.test").await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert!(!account_exists(&app, "sam@station.test"));
}

// ------------------------------------------------- 3. rate-limit race

#[actix_web::test]
async fn parallel_wrong_guesses_cannot_pass_the_cap() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let token = app.csrf_token("/login").await;
    let guesses = (0..30).map(|i| {
        let guess = format!("guess number {i}");
        let token = token.clone();
        let app = &app;
        async move {
            app.post_raw(
                "/login",
                &[
                    ("csrf_token", token.as_str()),
                    ("email", "casey@station.test"),
                    ("password", guess.as_str()),
                ],
            )
            .await
            .status()
        }
    });
    let statuses = futures_util::future::join_all(guesses).await;
    let wrong = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    // The rest are refused: locked (429) once ten have failed, busy (503)
    // while the ten are still being checked.
    let refused = statuses
        .iter()
        .filter(|s| {
            [
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::SERVICE_UNAVAILABLE,
            ]
            .contains(s)
        })
        .count();
    assert_eq!((wrong, refused), (10, 20), "{statuses:?}");
    // Afterwards the account is locked, even for the right password.
    let response = app.login("casey@station.test").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

// --------------------------------------------- 4. anonymous sessions

#[actix_web::test]
async fn cookieless_visits_store_no_session_rows() {
    let app = spawn_app().await;
    // Before any coach exists, /setup shows its form.
    for _ in 0..3 {
        let response = new_client().get(app.url("/setup")).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let invite = invite_link(&app, member.id).await;
    let before = session_rows(&app);
    for path in ["/login", "/login?next=%2Fcrew", "/setup", &invite, "/crew"] {
        for _ in 0..3 {
            let response = new_client().get(app.url(path)).send().await.unwrap();
            assert!(response.status().is_success() || response.status().is_redirection());
        }
    }
    assert_eq!(session_rows(&app), before, "anonymous visits wrote rows");

    // The login form still works from a fresh browser, and so does the
    // invitation form.
    let browser = app.other_browser();
    assert_redirect(&browser.login("coach@station.test").await, "/");
    let phone = app.other_browser();
    let response = phone
        .submit(
            &invite,
            &invite,
            &[
                ("email", "sam@station.test"),
                ("password", "long enough pass"),
                ("confirm", "long enough pass"),
            ],
        )
        .await;
    assert_redirect(&response, "/");
    phone.acknowledge_statement().await;
    assert_eq!(text(&phone.get_html("/").await, ".signed-in"), "Sam Lee");
}

#[actix_web::test]
async fn an_expired_login_does_not_leave_an_empty_row_behind() {
    let app = spawn_app().await;
    app.coach().await;
    assert_eq!(session_rows(&app), 1);
    app.clock.advance(Duration::hours(13));
    assert_redirect(&app.get("/crew").await, "/login?next=%2Fcrew");
    assert_eq!(session_rows(&app), 0);
}

// ----------------------------------------------------- 5. logout race

#[actix_web::test]
async fn a_deleted_session_stays_deleted() {
    use actix_session::storage::SessionStore;
    use std::collections::HashMap;

    let app = spawn_app().await;
    let user = app
        .create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let store = session_store(&app);
    let ttl = actix_web::cookie::time::Duration::days(1);
    let state: HashMap<String, String> = [
        ("uid", user.id.to_string()),
        ("role", "\"coach\"".to_string()),
        ("csrf", "\"token\"".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let key = store.save(state.clone(), &ttl).await.unwrap();
    // Logout in one tab...
    store.delete(&key).await.unwrap();
    // ...while a request of another tab, loaded before, saves its changes.
    let mut changed = state.clone();
    changed.insert("seen".to_string(), "1".to_string());
    let answered = store.update(key, changed, &ttl).await.unwrap();
    assert_eq!(session_rows(&app), 0, "the logged-in state came back");
    assert!(store.load(&answered).await.unwrap().is_none());
}

// ------------------------------------------ 6. caching and lifetimes

fn cache_control(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[actix_web::test]
async fn personal_and_invitation_pages_are_not_stored_assets_are_cached() {
    let app = spawn_app().await;
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let invite = invite_link(&app, member.id).await;
    let crew = format!("/crew/{}", member.id);
    for path in ["/", "/crew", crew.as_str(), "/settings", "/no-such-page"] {
        let response = app.get(path).await;
        assert!(
            cache_control(&response).contains("no-store"),
            "{path}: {:?}",
            cache_control(&response)
        );
    }
    let phone = app.other_browser();
    for path in [invite.as_str(), "/login"] {
        let response = phone.get(path).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(cache_control(&response).contains("no-store"), "{path}");
    }
    let response = app.get("/static/app.css").await;
    assert_eq!(cache_control(&response), "public, max-age=3600");
}

#[actix_web::test]
async fn a_member_session_ends_90_days_after_login_however_active() {
    let app = spawn_app().await;
    app.member("riley@station.test", "Riley").await;
    for _ in 0..3 {
        app.clock.advance(Duration::days(29));
        assert_eq!(app.get("/").await.status(), StatusCode::OK);
    }
    app.clock.advance(Duration::days(4));
    assert_redirect(&app.get("/history").await, "/login?next=%2Fhistory");
}

#[actix_web::test]
async fn invitation_links_ignore_the_host_the_request_names() {
    let app = spawn_app().await;
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let show = format!("/crew/{}", member.id);
    let token = app.csrf_token(&show).await;
    for (name, value) in [
        ("x-forwarded-host", "evil.example"),
        ("forwarded", "host=evil.example;proto=https"),
        ("host", "evil.example"),
    ] {
        let response = app
            .client
            .post(app.url(&format!("/crew/{}/invite", member.id)))
            .header(name, value)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("csrf_token={token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{name}");
        let doc = html(response).await;
        let link = attr(&doc, "input.invite-link", "value").unwrap();
        assert!(
            link.starts_with(&format!("{}/invite/", app.address)),
            "{name}: {link}"
        );
    }
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect()
}

#[actix_web::test]
async fn secure_cookies_bring_host_prefixed_names_and_hsts() {
    let app = spawn_app_with(|c| c.secure_cookies = true).await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    // A plain client: a cookie store would not send Secure cookies over the
    // test's plain HTTP, so the cookie goes back by hand, as a browser on
    // HTTPS would send it.
    let client = new_client();
    let response = client.get(app.url("/login")).send().await.unwrap();
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    let cookies = set_cookies(&response);
    let pre_login = cookies
        .iter()
        .find(|c| c.starts_with("__Host-bridgework_csrf="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(pre_login.contains("Secure") && pre_login.contains("Path=/"));
    let pair = pre_login.split(';').next().unwrap().to_string();
    let doc = html(response).await;
    let token = attr(&doc, "input[name=csrf_token]", "value").unwrap();
    let response = client
        .post(app.url("/login"))
        .header("cookie", pair)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_html_form::to_string([
                ("csrf_token", token.as_str()),
                ("email", "casey@station.test"),
                ("password", PASSWORD),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_redirect(&response, "/");
    let cookies = set_cookies(&response);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("__Host-bridgework_session="))
        .unwrap_or_else(|| panic!("{cookies:?}"));
    assert!(session.contains("Secure") && session.contains("Path=/"));
    assert!(!session.contains("Domain"));
    assert!(response.headers().contains_key("strict-transport-security"));

    // Without secure cookies: plain names and no HSTS.
    let plain = spawn_app().await;
    let response = new_client().get(plain.url("/login")).send().await.unwrap();
    assert!(!response.headers().contains_key("strict-transport-security"));
    assert!(set_cookies(&response)
        .iter()
        .any(|c| c.starts_with("bridgework_csrf=")));
}

#[actix_web::test]
async fn invitation_links_start_with_the_configured_public_url() {
    let app = spawn_app_with(|c| c.public_url = Some("https://bw.example.org/".to_string())).await;
    app.coach().await;
    let member = create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let show = format!("/crew/{}", member.id);
    let response = app
        .submit(&show, &format!("/crew/{}/invite", member.id), &[])
        .await;
    let doc = html(response).await;
    let link = attr(&doc, "input.invite-link", "value").unwrap();
    assert!(link.starts_with("https://bw.example.org/invite/"), "{link}");
}

#[test]
fn a_bad_public_url_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = bridgework::config::Config::for_tests(dir.path().join("db.sqlite3"));
    config.public_url = Some("bw.example.org/app".to_string());
    let error = bridgework::Application::build_with_clock(config, Clock::fixed(start_instant()))
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("--public-url"), "{error}");
}

/// Ten failed logins from one address (each for another account, so only
/// the address's count can lock), then one more from it and one from
/// another.
async fn guesses_from(app: &TestApp, forwarded_for: &str, account: usize) -> StatusCode {
    let token = app.csrf_token("/login").await;
    app.client
        .post(app.url("/login"))
        .header("x-forwarded-for", forwarded_for)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_html_form::to_string([
                ("csrf_token", token.as_str()),
                ("email", &format!("nobody{account}@station.test")),
                ("password", "a guess"),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .status()
}

#[actix_web::test]
async fn the_rate_limit_believes_a_proxy_only_when_told_to() {
    // Behind a trusted proxy, each client's last hop is its own key; what
    // the client wrote before it does not count.
    let app = spawn_app_with(|c| c.trust_proxy = true).await;
    for i in 0..10 {
        let status = guesses_from(&app, &format!("10.9.9.{i}, 203.0.113.7"), i).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "guess {i}");
    }
    assert_eq!(
        guesses_from(&app, "10.9.9.99, 203.0.113.7", 10).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        guesses_from(&app, "203.0.113.8", 11).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Not trusted (the default): the header changes nothing, the peer is
    // the key.
    let app = spawn_app().await;
    for i in 0..10 {
        let status = guesses_from(&app, &format!("198.51.100.{i}"), i).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "guess {i}");
    }
    assert_eq!(
        guesses_from(&app, "198.51.100.200", 10).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[actix_web::test]
async fn anonymous_state_lives_an_hour_at_most_and_expired_rows_are_purged() {
    use actix_session::storage::SessionStore;
    use bridgework::auth::store::{purge_expired, ANONYMOUS_TTL_SECS};
    use std::collections::HashMap;

    let app = spawn_app().await;
    let user = app
        .create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let store = session_store(&app);
    let month = actix_web::cookie::time::Duration::days(30);
    let state = |pairs: &[(&str, String)]| -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    // Nothing to keep: no row at all.
    store.save(HashMap::new(), &month).await.unwrap();
    assert_eq!(session_rows(&app), 0);
    let anonymous = store
        .save(state(&[("flash", "\"hi\"".to_string())]), &month)
        .await
        .unwrap();
    let logged_in = store
        .save(state(&[("uid", user.id.to_string())]), &month)
        .await
        .unwrap();
    assert_eq!(session_rows(&app), 2);

    app.clock.advance(Duration::seconds(ANONYMOUS_TTL_SECS + 1));
    assert!(store.load(&anonymous).await.unwrap().is_none());
    assert!(store.load(&logged_in).await.unwrap().is_some());
    let now = app.clock.now().naive_utc();
    let purged = purge_expired(&mut app.pool.get().unwrap(), now).unwrap();
    assert_eq!(purged, 1);
    assert_eq!(session_rows(&app), 1);
}

/// The app's session store over its database, with a cache of its own (the
/// tests reach below the HTTP layer to order requests exactly).
fn session_store(app: &TestApp) -> bridgework::auth::store::SqliteSessionStore {
    bridgework::auth::store::SqliteSessionStore::new(
        app.pool.clone(),
        bridgework::db::Writes::default(),
        app.clock.clone(),
        std::sync::Arc::new(bridgework::auth::session_cache::SessionCache::default()),
    )
}

/// A failed login with the headers given (name, value).
async fn guess_with(app: &TestApp, headers: &[(&str, String)], account: usize) -> StatusCode {
    let token = app.csrf_token("/login").await;
    let mut request = app
        .client
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request
        .body(
            serde_html_form::to_string([
                ("csrf_token", token.as_str()),
                ("email", &format!("nobody{account}@station.test")),
                ("password", "a guess"),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .status()
}

#[actix_web::test]
async fn a_client_sent_forwarded_header_does_not_sidestep_the_rate_limit() {
    // The proxy appends the client's address to X-Forwarded-For (fixed
    // here); the client adds a `Forwarded` of its own, new each time. Only
    // the header the operator names counts (X-Forwarded-For by default).
    let app = spawn_app_with(|c| c.trust_proxy = true).await;
    let headers = |i: usize| {
        vec![
            ("x-forwarded-for", "203.0.113.7".to_string()),
            ("forwarded", format!("for=198.51.100.{i}")),
        ]
    };
    for i in 0..10 {
        let status = guess_with(&app, &headers(i), i).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "guess {i}");
    }
    assert_eq!(
        guess_with(&app, &headers(10), 10).await,
        StatusCode::TOO_MANY_REQUESTS
    );

    // A proxy that writes `Forwarded`, named by the operator: then a
    // client's X-Forwarded-For is what changes nothing.
    let app = spawn_app_with(|c| {
        c.trust_proxy = true;
        c.client_ip_header = "Forwarded".to_string();
    })
    .await;
    let headers = |i: usize| {
        vec![
            ("x-forwarded-for", format!("198.51.100.{i}")),
            ("forwarded", "for=203.0.113.7".to_string()),
        ]
    };
    for i in 0..10 {
        let status = guess_with(&app, &headers(i), i).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "guess {i}");
    }
    assert_eq!(
        guess_with(&app, &headers(10), 10).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[actix_web::test]
async fn a_client_ip_header_that_is_not_a_header_name_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = bridgework::config::Config::for_tests(dir.path().join("db.sqlite3"));
    config.trust_proxy = true;
    config.client_ip_header = "X Forwarded For".to_string();
    let error = bridgework::Application::build_with_clock(config, Clock::fixed(start_instant()))
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("--client-ip-header"), "{error}");
}

#[actix_web::test]
async fn session_rows_hold_a_hash_never_the_key_a_cookie_carries() {
    use actix_session::storage::{SessionKey, SessionStore};
    let app = spawn_app().await;
    let user = app
        .create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let state = [("uid".to_string(), user.id.to_string())]
        .into_iter()
        .collect();
    let month = actix_web::cookie::time::Duration::days(30);
    let key = session_store(&app).save(state, &month).await.unwrap();
    let stored: Vec<String> = web_sessions::table
        .select(web_sessions::id)
        .load(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], key.as_ref(), "the row does not hold the key");
    // A fresh store (nothing in memory) still finds the session by its key,
    // and the row's id read from the file opens nothing.
    let fresh = session_store(&app);
    assert!(fresh.load(&key).await.unwrap().is_some());
    let from_file = SessionKey::try_from(stored[0].clone()).unwrap();
    assert!(fresh.load(&from_file).await.unwrap().is_none());
}

/// Sends a request head announcing `length` bytes of body, then nothing;
/// returns the status line the server answers with, if it answers within
/// `wait_secs` (a bound for a hung test, not a measurement).
async fn silent_body(
    app: &TestApp,
    method_and_path: &str,
    length: usize,
    wait_secs: u64,
) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "{method_and_path} HTTP/1.1\r\nHost: {address}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {length}\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let read = socket.read_to_end(&mut answer);
    match tokio::time::timeout(std::time::Duration::from_secs(wait_secs), read).await {
        Err(_) => None,
        Ok(_) => Some(
            String::from_utf8_lossy(&answer)
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
        ),
    }
}

#[actix_web::test]
async fn a_client_that_never_sends_its_body_gets_408_and_a_closed_connection() {
    let app = spawn_app_with(|c| c.body_timeout_ms = 200).await;
    assert_eq!(
        silent_body(&app, "POST /login", 60 * 1024, 5)
            .await
            .as_deref(),
        Some("HTTP/1.1 408 Request Timeout"),
        "answered and closed, not held open"
    );
    // A GET whose handler never reads the body it announced: answered, and
    // the connection is not kept waiting for the rest.
    assert_eq!(
        silent_body(&app, "GET /healthz", 60 * 1024, 5)
            .await
            .as_deref(),
        Some("HTTP/1.1 200 OK"),
    );
}

#[actix_web::test]
async fn a_first_visitor_without_the_setup_token_cannot_take_the_instance() {
    let app = spawn_app().await;
    let stranger = app.other_browser();
    let token = stranger.csrf_token("/setup").await;
    let demo = stranger
        .post_raw("/setup/demo", &[("csrf_token", token.as_str())])
        .await;
    assert_eq!(demo.status(), StatusCode::FORBIDDEN, "POST /setup/demo");
    let setup = stranger
        .post_raw(
            "/setup",
            &[
                ("csrf_token", token.as_str()),
                ("setup_token", "a guess"),
                ("department", "Evil"),
                ("name", "Mallory"),
                ("email", "mallory@evil.test"),
                ("password", "another passphrase"),
                ("confirm", "another passphrase"),
            ],
        )
        .await;
    assert_eq!(setup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        texts(&html(setup).await, ".field-error"),
        ["Enter the setup token the server printed when it started."]
    );
    let coaches: i64 = users::table
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(coaches, 0, "no account was made");

    // The address the server printed fills the token in; with it, setup works.
    let setup_url = format!("/setup?token={}", app.setup_token);
    let doc = app.get_html(&setup_url).await;
    assert_eq!(
        attr(&doc, "#setup_token", "value").as_deref(),
        Some(app.setup_token.as_str())
    );
    let done = app
        .submit(
            &setup_url,
            "/setup",
            &[
                ("setup_token", &app.setup_token),
                ("department", "Northside Fire"),
                ("name", "Casey Coach"),
                ("email", "casey@northside.test"),
                ("password", "a long passphrase"),
                ("confirm", "a long passphrase"),
            ],
        )
        .await;
    assert_redirect(&done, "/settings");
}
