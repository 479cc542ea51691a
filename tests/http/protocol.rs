//! Protocol hygiene the validators flagged (issue 18): caching of the health
//! check and of CSV exports, isolation headers, Clear-Site-Data at logout,
//! the inline QR code, the manifest's id and CSV line endings.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn the_health_check_and_csv_exports_are_never_stored() {
    let app = spawn_app().await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.headers()["cache-control"], "no-store");
    app.coach().await;
    for path in [
        "/exports/roster.csv",
        "/exports/sessions.csv",
        "/exports/range-tests.csv",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
}

#[actix_web::test]
async fn csv_rows_end_with_crlf() {
    let app = spawn_app().await;
    app.coach().await;
    create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let body = app.get("/exports/roster.csv").await.text().await.unwrap();
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    assert_eq!(lines.len(), 2, "{body:?}");
    assert!(lines.iter().all(|l| l.ends_with("\r\n")), "{body:?}");
}

#[actix_web::test]
async fn pages_isolate_their_browsing_context_and_turn_off_unused_features() {
    let app = spawn_app().await;
    for path in ["/login", "/static/app.css"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(
            headers["cross-origin-opener-policy"], "same-origin",
            "{path}"
        );
        assert_eq!(
            headers["cross-origin-resource-policy"], "same-origin",
            "{path}"
        );
        let policy = headers["permissions-policy"].to_str().unwrap();
        for feature in ["camera=()", "microphone=()", "geolocation=()"] {
            assert!(policy.contains(feature), "{path}: {policy}");
        }
    }
}

#[actix_web::test]
async fn logout_tells_the_browser_to_clear_its_cookies() {
    let app = spawn_app().await;
    app.coach().await;
    let token = app.csrf_token("/").await;
    let response = app.post_raw("/logout", &[("csrf_token", &token)]).await;
    assert_redirect(&response, "/login");
    assert_eq!(response.headers()["clear-site-data"], "\"cookies\"");
}

#[actix_web::test]
async fn the_inline_qr_code_has_no_xml_declaration() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit("/coaches", "/coaches/invite", &[("name", "Pat Trainer")])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    let doc = scraper::Html::parse_document(&body);
    assert_eq!(count(&doc, "svg"), 1, "the QR code is there");
    assert!(!body.contains("<?xml"), "an XML declaration inside HTML");
}

#[actix_web::test]
async fn the_manifest_names_its_app_with_an_id() {
    let app = spawn_app().await;
    let manifest: serde_json::Value = app
        .get("/static/manifest.webmanifest")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(manifest["id"], "/");
}

#[actix_web::test]
async fn head_answers_wherever_get_does_without_a_body() {
    let app = spawn_app().await;
    for path in ["/healthz", "/login", "/static/app.css", "/setup"] {
        let get = app.get(path).await;
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "HEAD {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "HEAD {path}"
        );
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path}");
    }
    let missing = app.client.head(app.url("/nowhere")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // On the wire: the head, then nothing (a client reading a body after a
    // HEAD would take it for the next answer).
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("HEAD /login HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    socket.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(
        answer.ends_with("\r\n\r\n"),
        "a body after the head: {answer}"
    );
}

#[actix_web::test]
async fn the_csrf_token_in_a_page_differs_every_time_and_each_one_works() {
    // BREACH: a compressed page that reflects input must not carry the same
    // secret bytes each time.
    let app = spawn_app().await;
    let anonymous = [
        app.csrf_token("/login").await,
        app.csrf_token("/login").await,
    ];
    assert_ne!(anonymous[0], anonymous[1], "before login");
    app.coach().await;
    let first = app.csrf_token("/coaches").await;
    let second = app.csrf_token("/coaches").await;
    assert_ne!(first, second, "logged in");
    for token in [&first, &second] {
        let made = app
            .post_raw(
                "/coaches/invite",
                &[("csrf_token", token), ("name", "Pat Trainer")],
            )
            .await;
        assert_eq!(made.status(), StatusCode::OK);
    }
    let mut forged = first.clone().into_bytes();
    let last = forged.len() - 1;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let refused = app
        .post_raw(
            "/coaches/invite",
            &[("csrf_token", &forged), ("name", "Pat Trainer")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
}
