//! Setup, login, logout, sessions, CSRF, rate limiting and role guards.

use bridgework::models::user::{Role, User};
use bridgework::schema::{users, web_sessions};
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

fn coach_count(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().unwrap();
    users::table
        .filter(users::role.eq("coach"))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

#[actix_web::test]
async fn first_visit_goes_to_setup_which_creates_one_coach_then_refuses() {
    let app = spawn_app().await;
    assert_redirect(&app.get("/").await, "/setup");

    let response = app
        .submit(
            "/setup",
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
    assert_redirect(&response, "/settings");
    assert_eq!(coach_count(&app), 1);

    // Logged in as the new coach, department renamed.
    let doc = app.get_html("/").await;
    assert_eq!(text(&doc, ".signed-in"), "Casey Coach fitness coordinator");
    assert_eq!(text(&doc, ".brand .dept"), "· Northside Fire");

    // A second setup is refused, from this browser or any other.
    let other = app.other_browser();
    assert_redirect(&other.get("/setup").await, "/login");
    assert_redirect(&other.get("/").await, "/login");
    let token = other.csrf_token("/login").await;
    let response = other
        .post_raw(
            "/setup",
            &[
                ("csrf_token", &token),
                ("department", "Evil"),
                ("name", "Mallory"),
                ("email", "mallory@evil.test"),
                ("password", "another passphrase"),
                ("confirm", "another passphrase"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = html(response).await;
    assert_eq!(text(&doc, "h1"), "Not allowed");
    assert_eq!(coach_count(&app), 1);
}

#[actix_web::test]
async fn setup_form_errors_sit_beside_fields_and_keep_typed_values() {
    let app = spawn_app().await;
    let response = app
        .submit(
            "/setup",
            "/setup",
            &[
                ("setup_token", &app.setup_token),
                ("department", "Northside Fire"),
                ("name", ""),
                ("email", "not-an-email"),
                ("password", "short"),
                ("confirm", "short"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        attr(&doc, "#department", "value").unwrap(),
        "Northside Fire"
    );
    assert_eq!(attr(&doc, "#email", "value").unwrap(), "not-an-email");
    let errors = texts(&doc, ".field-error");
    assert_eq!(count(&doc, ".field-error"), 3, "{errors:?}");
    assert!(errors.contains(&"Enter a name.".to_string()));
    assert!(errors.contains(&"Use at least 8 characters.".to_string()));
    assert_eq!(coach_count(&app), 0);
}

#[actix_web::test]
async fn wrong_password_fails_with_a_message_and_keeps_the_email() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let response = app.login_with("casey@station.test", "wrong password").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "#login-error"),
        "That email and password do not match an account."
    );
    assert_eq!(attr(&doc, "#email", "value").unwrap(), "casey@station.test");
    assert_eq!(attr(&doc, "#password", "value"), None);
    // Still anonymous.
    assert_redirect(&app.get("/settings").await, "/login?next=%2Fsettings");
}

#[actix_web::test]
async fn login_renews_the_session_and_logout_purges_it() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    // No session is stored before login: the form's CSRF token sits in a
    // cookie of its own.
    let login_page = app.get("/login").await;
    assert_eq!(cookie_value(&login_page), None, "no anonymous session");
    let pre_login = set_cookie_named(&login_page, "bridgework_csrf=");
    assert!(pre_login.contains("HttpOnly"), "{pre_login}");
    let doc = html(login_page).await;
    let token = attr(&doc, "input[name=csrf_token]", "value").unwrap();
    let response = app
        .post_raw(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", "casey@station.test"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_redirect(&response, "/");
    let before = cookie_value(&response).expect("a session cookie at login");
    let cookie = set_cookie(&response);
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    // Logging in again on the same browser renews the session key.
    let response = app
        .submit(
            "/",
            "/login",
            &[("email", "casey@station.test"), ("password", PASSWORD)],
        )
        .await;
    assert_redirect(&response, "/");
    let after = cookie_value(&response).expect("a new session cookie at login");
    assert_ne!(before, after, "login must renew the session key");

    assert_eq!(app.get("/settings").await.status(), StatusCode::OK);
    let token = app.csrf_token("/").await;
    assert_redirect(
        &app.post_raw("/logout", &[("csrf_token", &token)]).await,
        "/login",
    );
    assert_eq!(
        sessions_with_user(&app),
        0,
        "logout deletes the stored session"
    );

    // Replaying the old cookie gets nowhere.
    let replay = new_client()
        .get(app.url("/settings"))
        .header("cookie", format!("bridgework_session={after}"))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::SEE_OTHER);
    assert_redirect(&app.get("/settings").await, "/login?next=%2Fsettings");
}

fn set_cookie(response: &reqwest::Response) -> String {
    set_cookie_named(response, "bridgework_session=")
}

fn set_cookie_named(response: &reqwest::Response, prefix: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(prefix))
        .unwrap_or("")
        .to_string()
}

fn cookie_value(response: &reqwest::Response) -> Option<String> {
    let cookie = set_cookie(response);
    let value = cookie
        .strip_prefix("bridgework_session=")?
        .split(';')
        .next()?
        .to_string();
    (!value.is_empty()).then_some(value)
}

fn sessions_with_user(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().unwrap();
    web_sessions::table
        .filter(web_sessions::user_id.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap()
}

#[actix_web::test]
async fn a_post_without_or_with_a_wrong_csrf_token_gets_403_and_changes_nothing() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .post_raw(
            "/settings",
            &[("name", "Hacked"), ("time_zone", "UTC"), ("units", "kg_cm")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = html(response).await;
    assert_eq!(text(&doc, "h1"), "Not allowed");
    let response = app
        .post_raw(
            "/settings",
            &[
                ("csrf_token", "forged"),
                ("name", "Hacked"),
                ("time_zone", "UTC"),
                ("units", "kg_cm"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = app.get_html("/settings").await;
    assert_eq!(attr(&doc, "#name", "value").unwrap(), "Fire Department");
    // Logout is a POST too.
    assert_eq!(
        app.post_raw("/logout", &[]).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn repeated_failed_logins_are_rate_limited_with_a_retry_time() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    for attempt in 0..10 {
        let response = app.login_with("casey@station.test", "guess").await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {attempt}"
        );
    }
    // Even the right password is refused while locked out.
    let response = app.login("casey@station.test").await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((590..=600).contains(&retry), "retry after {retry}");
    let doc = html(response).await;
    assert_eq!(text(&doc, "h1"), "Too many attempts");
    assert!(text(&doc, ".message").contains("Try again in 10 minutes"));

    // After the window the account can log in again.
    app.clock.advance(Duration::minutes(11));
    assert_redirect(&app.login("casey@station.test").await, "/");
}

#[actix_web::test]
async fn a_member_gets_403_on_a_coach_page() {
    let app = spawn_app().await;
    app.member("riley@station.test", "Riley Firefighter").await;
    let doc = app.get_html("/").await;
    assert_eq!(text(&doc, "h1"), "Today");
    let response = app.get("/settings").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, ".message"),
        "This page is for the fitness coordinator."
    );
}

#[actix_web::test]
async fn anonymous_visitors_are_sent_to_login_and_brought_back() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let response = app.get("/settings").await;
    assert_redirect(&response, "/login?next=%2Fsettings");
    let doc = app.get_html("/login?next=%2Fsettings").await;
    let next = attr(&doc, "input[name=next]", "value").unwrap();
    assert_eq!(next, "/settings");
    let response = app
        .submit(
            "/login?next=%2Fsettings",
            "/login",
            &[
                ("email", "casey@station.test"),
                ("password", PASSWORD),
                ("next", &next),
            ],
        )
        .await;
    assert_redirect(&response, "/settings");
    // An off-site "next" is ignored.
    let other = app.other_browser();
    let response = other
        .submit(
            "/login",
            "/login",
            &[
                ("email", "casey@station.test"),
                ("password", PASSWORD),
                ("next", "//evil.test/"),
            ],
        )
        .await;
    assert_redirect(&response, "/");
}

#[actix_web::test]
async fn a_disabled_account_loses_its_session_and_cannot_log_in() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let member = app.member("riley@station.test", "Riley").await;
    assert_eq!(app.get("/").await.status(), StatusCode::OK);
    {
        let mut conn = app.pool.get().unwrap();
        User::set_active(&mut conn, member.id, false).unwrap();
    }
    // The session is still in memory (disabled behind the app's back here),
    // but the account check that every page makes turns it away at once.
    assert_redirect(&app.get("/").await, "/login?next=%2F");
    assert_redirect(&app.get("/").await, "/login");
    let response = app.login("riley@station.test").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert!(text(&doc, "#login-error").contains("disabled"));
}

#[actix_web::test]
async fn a_coach_session_ends_after_12_idle_hours_a_member_stays_for_weeks() {
    let app = spawn_app().await;
    app.coach().await;
    let phone = app.other_browser();
    phone.member("riley@station.test", "Riley").await;
    app.clock.advance(Duration::hours(11));
    assert_eq!(app.get("/settings").await.status(), StatusCode::OK);
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);
    app.clock.advance(Duration::hours(13));
    assert_redirect(&app.get("/settings").await, "/login?next=%2Fsettings");
    app.clock.advance(Duration::days(20));
    assert_eq!(phone.get("/").await.status(), StatusCode::OK);
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/login", "/healthz", "/no-such-page", "/static/app.css"] {
        let response = app.get(path).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
    }
}

#[actix_web::test]
async fn unknown_pages_get_the_404_page_and_health_answers() {
    let app = spawn_app().await;
    let response = app.get("/no-such-page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let doc = html(response).await;
    assert_eq!(text(&doc, "h1"), "Page not found");
    assert_eq!(text(&doc, ".status-code"), "404");
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), "ok\n");
}
