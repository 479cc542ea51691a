//! What the page context and the error pages promise, whatever the page:
//! stored values the app does not know are reported (a 500 page, never a
//! default), and every error answer is a page in the site layout.

use bridgework::schema::session_logs;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, member_at};

#[actix_web::test]
async fn an_unknown_stored_value_is_a_500_page_not_a_default() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let response = done_as_prescribed(&phone).await;
    let result = location(&response);
    assert_eq!(phone.get(&result).await.status(), StatusCode::OK);
    {
        // The schema's CHECK forbids it; a bug (or a hand edit) would not ask.
        let mut conn = app.pool.get().unwrap();
        diesel::sql_query("PRAGMA ignore_check_constraints = ON")
            .execute(&mut conn)
            .unwrap();
        diesel::update(session_logs::table)
            .set(session_logs::pain.eq("elbow"))
            .execute(&mut conn)
            .unwrap();
        diesel::sql_query("PRAGMA ignore_check_constraints = OFF")
            .execute(&mut conn)
            .unwrap();
    }
    // Before: the page read "No pain" for a value nobody logged.
    let response = phone.get(&result).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let doc = html(response).await;
    assert_eq!(text(&doc, "h1"), "Something went wrong");
    assert!(!doc.html().contains("No pain"));
}

#[actix_web::test]
async fn framework_errors_are_pages_in_the_site_layout() {
    let app = spawn_app().await;
    // A method the address does not take: actix's own 405.
    let response = app.get("/logout").await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    let doc = html(response).await;
    assert_eq!(text(&doc, ".status-code"), "405");
    assert_eq!(count(&doc, "header.site"), 1);

    // A body over the limit: 413, as a page, with nothing logged in.
    let token = app.csrf_token("/login").await;
    let big = "x".repeat(200 * 1024);
    let response = app
        .post_raw(
            "/login",
            &[("csrf_token", &token), ("email", &big), ("password", "x")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let doc = html(response).await;
    assert_eq!(text(&doc, ".status-code"), "413");
    assert_eq!(text(&doc, "h1"), "Too much at once");
}

#[actix_web::test]
async fn a_field_sent_twice_keeps_its_last_value_instead_of_failing_the_form() {
    let app = spawn_app().await;
    let response = app
        .submit(
            "/login",
            "/login",
            &[
                ("email", "first@station.test"),
                ("email", "second@station.test"),
                ("password", "wrong password"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        attr(&doc, "#email", "value").as_deref(),
        Some("second@station.test")
    );
}
