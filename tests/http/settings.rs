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
        attr(&doc, "select#time_zone option[selected]", "value").unwrap(),
        "America/Chicago"
    );
    assert_eq!(
        attr(&doc, "input[name=units][checked]", "value").unwrap(),
        "kg_cm"
    );
    assert_eq!(text(&doc, ".brand .dept"), "· Harbor City Fire");
}

#[actix_web::test]
async fn settings_offer_the_time_zone_from_the_same_list_as_setup() {
    let app = spawn_app().await;
    app.coach().await;
    let doc = app.get_html("/settings").await;
    assert!(count(&doc, "select#time_zone option") > 300);
    assert_eq!(count(&doc, "input#time_zone"), 0);
    assert_eq!(
        attr(&doc, "select#time_zone option[selected]", "value").as_deref(),
        Some("America/New_York")
    );
    // The department's zone is known: the browser's does not replace it.
    assert_eq!(count(&doc, "select#time_zone[data-browser-zone]"), 0);
}

#[actix_web::test]
async fn a_bad_name_keeps_the_time_zone_that_was_chosen() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit(
            "/settings",
            "/settings",
            &[
                ("name", ""),
                ("time_zone", "Europe/Berlin"),
                ("units", "kg_cm"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(count(&doc, ".field-error"), 1);
    assert_eq!(
        attr(&doc, "select#time_zone option[selected]", "value").as_deref(),
        Some("Europe/Berlin")
    );
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
    // Not on the list, so not selectable: the list stays on the zone in force.
    assert_eq!(
        text(&doc, "select#time_zone + .field-error"),
        "Choose a time zone from the list, such as America/Chicago."
    );
    assert_eq!(
        attr(&doc, "select#time_zone option[selected]", "value").as_deref(),
        Some("America/New_York")
    );
    assert_eq!(
        attr(&doc, "input[name=units][checked]", "value").unwrap(),
        "kg_cm"
    );
    // Nothing saved.
    let doc = app.get_html("/settings").await;
    assert_eq!(attr(&doc, "#name", "value").unwrap(), "Fire Department");
    assert_eq!(
        attr(&doc, "select#time_zone option[selected]", "value").as_deref(),
        Some("America/New_York")
    );
}
