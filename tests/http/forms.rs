//! Form bodies at the edge (src/web/forms.rs): a body of thousands of
//! distinct empty fields is refused before it is read, and an ordinary form
//! sending a field twice keeps its last value.

use bridgework::models::user::Role;
use bridgework::web::forms::MAX_FIELDS;
use reqwest::StatusCode;

use crate::helpers::*;

/// Distinct two- and three-letter names with empty values, as many as fit
/// with the CSRF token in `limit` bytes.
fn empty_fields(limit: usize) -> Vec<String> {
    const A: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let two = A.iter().flat_map(|a| A.iter().map(move |b| vec![*a, *b]));
    let three = A.iter().flat_map(|a| {
        A.iter()
            .flat_map(move |b| A.iter().map(move |c| vec![*a, *b, *c]))
    });
    // "csrf_token=" and a masked token (a 43-character token and its pad,
    // 86 bytes in base64url: 115 characters), then "&" + name + "=" each.
    let mut size = "csrf_token=".len() + 115;
    let mut names = Vec::new();
    for name in two.chain(three) {
        let name = String::from_utf8(name).unwrap();
        size += name.len() + 2;
        if size > limit {
            break;
        }
        names.push(name);
    }
    names
}

#[actix_web::test]
async fn a_login_with_thousands_of_empty_fields_is_refused_unread() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    let names = empty_fields(64 * 1024 - 64);
    assert!(names.len() > 13_000, "{}", names.len());
    let fields: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
    let response = app.submit("/login", "/login", &fields).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let doc = html(response).await;
    assert!(
        text(&doc, ".error-page .message").contains("more fields than this app reads"),
        "{}",
        text(&doc, ".error-page .message")
    );
    // Not logged in, and the login form still answers.
    assert_redirect(&app.get("/settings").await, "/login?next=%2Fsettings");
    assert_redirect(&app.login("casey@station.test").await, "/");
}

#[actix_web::test]
async fn a_login_under_the_field_cap_or_with_a_field_sent_twice_still_works() {
    let app = spawn_app().await;
    app.create_user("casey@station.test", "Casey", Role::Coach)
        .await;
    // A field sent twice keeps its last value.
    let response = app
        .submit(
            "/login",
            "/login",
            &[
                ("email", "nobody@station.test"),
                ("password", PASSWORD),
                ("email", "casey@station.test"),
                ("next", "/"),
            ],
        )
        .await;
    assert_redirect(&response, "/");
    // Just under the cap (the CSRF token and three login fields count), the
    // form is read as usual.
    let other = app.other_browser();
    let names = empty_fields(64 * 1024);
    let mut fields: Vec<(&str, &str)> = names[..MAX_FIELDS - 4]
        .iter()
        .map(|n| (n.as_str(), ""))
        .collect();
    fields.extend([
        ("email", "casey@station.test"),
        ("password", PASSWORD),
        ("next", "/"),
    ]);
    assert_redirect(&other.submit("/login", "/login", &fields).await, "/");
}
