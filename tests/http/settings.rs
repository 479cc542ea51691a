//! Department settings.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn settings_are_saved_and_shown_again() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit(
            "/settings",
            "/settings",
            &[
                ("name", "Harbor City Fire"),
                ("time_zone", "America/Chicago"),
                ("units", "kg_cm"),
            ],
        )
        .await;
    assert_redirect(&response, "/settings");
    let doc = app.get_html("/settings").await;
    assert_eq!(text(&doc, ".flash"), "Settings saved.");
    assert_eq!(attr(&doc, "#name", "value").unwrap(), "Harbor City Fire");
    assert_eq!(
        attr(&doc, "#time_zone", "value").unwrap(),
        "America/Chicago"
    );
    assert_eq!(
        attr(&doc, "input[name=units][checked]", "value").unwrap(),
        "kg_cm"
    );
    assert_eq!(text(&doc, ".brand .dept"), "· Harbor City Fire");
}

#[actix_web::test]
async fn an_unknown_time_zone_is_refused_beside_the_field_keeping_what_was_typed() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit(
            "/settings",
            "/settings",
            &[
                ("name", "Harbor City Fire"),
                ("time_zone", "Mars/Olympus_Mons"),
                ("units", "kg_cm"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        texts(&doc, ".field-error"),
        vec!["Choose a time zone from the list, such as America/Chicago."]
    );
    assert_eq!(attr(&doc, "#name", "value").unwrap(), "Harbor City Fire");
    assert_eq!(
        attr(&doc, "#time_zone", "value").unwrap(),
        "Mars/Olympus_Mons"
    );
    assert_eq!(
        attr(&doc, "input[name=units][checked]", "value").unwrap(),
        "kg_cm"
    );
    // Nothing saved.
    let doc = app.get_html("/settings").await;
    assert_eq!(attr(&doc, "#name", "value").unwrap(), "Fire Department");
    assert_eq!(
        attr(&doc, "#time_zone", "value").unwrap(),
        "America/New_York"
    );
}
