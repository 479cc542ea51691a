//! What the phone needs to work with no signal and from the home screen:
//! the service worker at the root, the web app manifest and its icons, and
//! the mark that tells the service worker which page to keep. The browser
//! suite (browser/) shows them working; these pin down what is served.

use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::member_at;

fn header(response: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[actix_web::test]
async fn the_service_worker_is_served_from_the_root_and_never_cached() {
    let app = spawn_app().await;
    let response = app.get("/sw.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, CONTENT_TYPE).starts_with("text/javascript"));
    assert_eq!(header(&response, CACHE_CONTROL), "no-cache");
    let csp = header(&response, "content-security-policy".parse().unwrap());
    assert!(csp.contains("worker-src 'self'"), "{csp}");
    assert!(csp.contains("manifest-src 'self'"), "{csp}");
    let script = response.text().await.unwrap();
    assert!(script.contains("addEventListener(\"fetch\""));
}

#[actix_web::test]
async fn the_manifest_names_the_app_and_its_icons_are_served() {
    let app = spawn_app().await;
    let doc = app.get_html("/login").await;
    let href = attr(&doc, "link[rel=manifest]", "href").expect("pages link the manifest");
    let response = app.get(&href).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/manifest+json");
    let manifest: serde_json::Value = response.json().await.unwrap();
    assert_eq!(manifest["name"], "Bridgework");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["scope"], "/");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().unwrap();
    let sizes: Vec<&str> = icons.iter().filter_map(|i| i["sizes"].as_str()).collect();
    assert!(
        sizes.contains(&"192x192") && sizes.contains(&"512x512"),
        "{sizes:?}"
    );
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let response = app.get(src).await;
        assert_eq!(response.status(), StatusCode::OK, "{src}");
        assert_eq!(
            header(&response, CONTENT_TYPE),
            icon["type"].as_str().unwrap()
        );
        let bytes = response.bytes().await.unwrap();
        if icon["type"] == "image/png" {
            assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{src}");
        }
    }
}

/// The service worker keeps a page for offline use only when it carries
/// `data-offline-copy`: the member's own workout page, never a coach's
/// page (the roster, or a member's page entered on their behalf).
#[actix_web::test]
async fn only_the_members_own_workout_page_is_marked_to_keep_offline() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let today = phone.get_html("/").await;
    assert_eq!(count(&today, "[data-offline-copy]"), 1);

    let roster = app.get_html("/roster").await;
    assert_eq!(text(&roster, "h1"), "Roster");
    assert_eq!(count(&roster, "[data-offline-copy]"), 0);
    let on_behalf = app.get_html(&format!("/crew/{}/log", member.id)).await;
    assert_eq!(count(&on_behalf, "form[action$='/log']"), 2);
    assert_eq!(count(&on_behalf, "[data-offline-copy]"), 0);
}

/// "My history" is the member's own page too: marked to keep, so with no
/// signal the phone opens its last saved copy instead of the browser's
/// error page.
#[actix_web::test]
async fn the_members_history_is_marked_to_keep_offline() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let history = phone.get_html("/history").await;
    assert_eq!(count(&history, "[data-offline-copy]"), 1);
    let coach_view = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(count(&coach_view, "[data-offline-copy]"), 0);
}
