//! Setup asks the time zone from a list (issue 20, item 8); the browser's
//! zone is preselected by static/app.js where JavaScript runs.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn setup_asks_the_time_zone_from_a_list() {
    let app = spawn_app().await;
    let doc = app.get_html("/setup").await;
    assert!(count(&doc, "select#time_zone option") > 300);
    assert_eq!(
        count(&doc, "select#time_zone option[value=\"America/Chicago\"]"),
        1
    );
    // The department's zone until the browser's is known.
    assert_eq!(
        attr(&doc, "select#time_zone option[selected]", "value").as_deref(),
        Some("America/New_York")
    );
    assert_eq!(
        attr(&doc, "select#time_zone", "data-browser-zone").as_deref(),
        Some("preselect")
    );

    // A zone not on the list: refused beside the field, the rest kept.
    let fields = |zone: &'static str| {
        vec![
            ("setup_token", app.setup_token.clone()),
            ("department", "Prairie Fire".to_string()),
            ("name", "Casey Coach".to_string()),
            ("email", "casey@station.test".to_string()),
            ("password", "a long passphrase".to_string()),
            ("confirm", "a long passphrase".to_string()),
            ("time_zone", zone.to_string()),
        ]
    };
    let bad = fields("Mars/Olympus_Mons");
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = app.submit("/setup", "/setup", &bad).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert!(text(&doc, ".field-error").contains("time zone"));
    assert_eq!(
        attr(&doc, "#department", "value").as_deref(),
        Some("Prairie Fire")
    );
    // Once the browser's zone was sent, the script leaves the choice alone.
    assert_eq!(count(&doc, "select#time_zone[data-browser-zone]"), 0);

    let good = fields("America/Chicago");
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_redirect(&app.submit("/setup", "/setup", &good).await, "/settings");
    let settings = app.get_html("/settings").await;
    assert_eq!(
        attr(&settings, "#time_zone", "value")
            .or_else(|| attr(&settings, "#time_zone option[selected]", "value"))
            .as_deref(),
        Some("America/Chicago")
    );
}
