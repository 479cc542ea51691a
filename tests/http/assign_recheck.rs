//! A bulk assign and a safe re-assign confirm in a second step; whatever
//! changed in between is checked again inside the write: a member
//! deactivated since the first step is not assigned, and the coach reads
//! who and why beside the members, with the form as it was.

use bridgework::schema::assignments;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::member_at;

fn stage_of(app: &TestApp, member_id: i32) -> i32 {
    assignments::table
        .filter(assignments::member_id.eq(member_id))
        .filter(assignments::active.eq(true))
        .select(assignments::stage)
        .first(&mut app.pool.get().unwrap())
        .unwrap()
}

/// The name and value of every input of the form `selector` in `doc`.
fn form_fields(doc: &scraper::Html, selector: &str) -> Vec<(String, String)> {
    let inputs = scraper::Selector::parse(&format!("{selector} input")).unwrap();
    doc.select(&inputs)
        .filter_map(|i| {
            Some((
                i.value().attr("name")?.to_string(),
                i.value().attr("value").unwrap_or("").to_string(),
            ))
        })
        .collect()
}

/// The coach (logged in on `app`) deactivates member `id`.
async fn deactivate(app: &TestApp, id: i32) {
    let page = format!("/crew/{id}/deactivate");
    let response = app.submit(&page, &page, &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn post_form(app: &TestApp, action: &str, fields: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_raw(action, &fields).await
}

#[actix_web::test]
async fn a_bulk_assign_confirm_refuses_a_member_deactivated_since_the_first_step() {
    let app = spawn_app().await;
    let (_a, avery) = member_at(&app, "avery@station.test", 4, false).await;
    let (_b, blake) = member_at(&app, "blake@station.test", 4, false).await;
    let today = app.today().to_string();
    let (a, b) = (avery.id.to_string(), blake.id.to_string());

    // Step one: both move back to stage 1, so the page asks to confirm.
    let response = app
        .submit(
            "/assign",
            "/assign",
            &[
                ("member_ids", &a),
                ("member_ids", &b),
                ("stage", "1"),
                ("sessions_per_week", "2"),
                ("start_date", &today),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let confirm_page = html(response).await;
    let confirm = form_fields(&confirm_page, "form.confirm");
    assert!(confirm.iter().any(|(k, v)| k == "confirm" && v == "yes"));

    // Meanwhile Blake is deactivated.
    deactivate(&app, blake.id).await;

    // The confirm is refused, naming Blake; nothing is assigned, Avery
    // included, and the form keeps what was chosen.
    let response = post_form(&app, "/assign", &confirm).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    let error = text(&doc, "form.stack .field-error");
    assert!(error.contains("blake@station.test"), "{error}");
    assert!(error.contains("deactivated"), "{error}");
    assert!(!error.contains("avery@station.test"), "{error}");
    assert_eq!((stage_of(&app, avery.id), stage_of(&app, blake.id)), (4, 4));
    assert_eq!(
        attr(&doc, "#stage option[selected]", "value").as_deref(),
        Some("1")
    );
    assert_eq!(attr(&doc, "#start_date", "value"), Some(today.clone()));
    assert_eq!(
        attr(&doc, &format!("#m{}", avery.id), "checked").as_deref(),
        Some(""),
        "Avery stays ticked"
    );
    assert_eq!(count(&doc, &format!("#m{}", blake.id)), 0);

    // Sent again without Blake, Avery is assigned.
    let again: Vec<(String, String)> = confirm
        .into_iter()
        .filter(|(k, v)| !(k == "member_ids" && *v == b))
        .collect();
    let response = post_form(&app, "/assign", &again).await;
    assert_redirect(&response, "/crew");
    assert_eq!((stage_of(&app, avery.id), stage_of(&app, blake.id)), (1, 4));
}

#[actix_web::test]
async fn a_reassign_confirm_refuses_a_member_deactivated_since_the_first_step() {
    let app = spawn_app().await;
    let (_phone, riley) = member_at(&app, "riley@station.test", 6, false).await;
    let reassign = format!("/crew/{}/reassign", riley.id);
    let today = app.today().to_string();
    let response = app
        .submit(
            &reassign,
            &reassign,
            &[
                ("stage", "1"),
                ("sessions_per_week", "2"),
                ("start_date", &today),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let confirm = form_fields(&html(response).await, "form.confirm");

    deactivate(&app, riley.id).await;

    let response = post_form(&app, &reassign, &confirm).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    let error = text(&doc, ".field-error");
    assert!(error.contains("riley@station.test"), "{error}");
    assert!(error.contains("deactivated"), "{error}");
    assert_eq!(stage_of(&app, riley.id), 6, "nothing saved");
    assert_eq!(
        attr(&doc, "#stage option[selected]", "value").as_deref(),
        Some("1")
    );
    assert_eq!(attr(&doc, "#start_date", "value"), Some(today));
}
