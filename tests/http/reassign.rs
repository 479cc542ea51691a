//! Safe re-assign and deactivate (issue 20, item 5): re-assigning one
//! member starts from that member alone at their current stage, shows what
//! changes before saving and lands back on the member; deactivating asks
//! to confirm on a page of its own.

use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::member_at;

#[actix_web::test]
async fn re_assign_preselects_the_member_and_stage_and_confirms_before_saving() {
    let app = spawn_app().await;
    let (_phone, member) = member_at(&app, "riley@station.test", 6, false).await;
    // Others on the crew are not offered.
    create_crew_member(&app, "Other Olsen", "Station 1", None);
    let show = format!("/crew/{}", member.id);
    let reassign = format!("/crew/{}/reassign", member.id);

    let doc = app.get_html(&show).await;
    assert_eq!(attr(&doc, "a.reassign", "href"), Some(reassign.clone()));

    let doc = app.get_html(&reassign).await;
    assert_eq!(text(&doc, ".reassign-member"), "riley@station.test");
    assert_eq!(count(&doc, "input[name=member_ids]"), 0);
    assert_eq!(count(&doc, "table.pick"), 0);
    assert_eq!(
        attr(&doc, "#stage option[selected]", "value").as_deref(),
        Some("6")
    );
    assert_eq!(
        attr(&doc, "input[name=sessions_per_week][checked]", "value").as_deref(),
        Some("2")
    );

    // Moving back to stage 1 shows what changes and saves nothing yet.
    let today = app.today().to_string();
    let fields = [
        ("stage", "1"),
        ("sessions_per_week", "2"),
        ("start_date", today.as_str()),
    ];
    let response = app.submit(&reassign, &reassign, &fields).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc = html(response).await;
    let changes = texts(&doc, "ul.changes li");
    assert!(
        changes.iter().any(|c| c.contains("6 · Barbell hip thrust")
            && c.contains("1 · Floor glute bridge")
            && c.contains("5 stages back")),
        "{changes:?}"
    );
    assert_eq!(
        attr(&doc, "form.confirm input[name=stage]", "value").as_deref(),
        Some("1")
    );
    let unchanged = app.get_html(&show).await;
    assert_eq!(text(&unchanged, ".stage-number"), "6");

    // Confirmed: saved, back on the member's page.
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm", "yes"));
    let response = app.submit(&reassign, &reassign, &confirmed).await;
    assert_redirect(&response, &show);
    let doc = app.get_html(&show).await;
    assert_eq!(text(&doc, ".stage-number"), "1");

    // Bad input: the message beside the field, what was typed kept.
    let response = app
        .submit(
            &reassign,
            &reassign,
            &[
                ("stage", "9"),
                ("sessions_per_week", "2"),
                ("start_date", &today),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(count(&doc, ".field-error"), 1);
    assert_eq!(attr(&doc, "#start_date", "value"), Some(today.clone()));

    // An unknown member: 404.
    assert_eq!(
        app.get("/crew/9999/reassign").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn deactivating_asks_to_confirm_on_a_page_of_its_own() {
    let app = spawn_app().await;
    let (_phone, member) = member_at(&app, "riley@station.test", 2, false).await;
    let show = format!("/crew/{}", member.id);
    let confirm = format!("/crew/{}/deactivate", member.id);

    // The member page links to the confirm page; no one-click button.
    let doc = app.get_html(&show).await;
    assert_eq!(count(&doc, "form[action$='/deactivate']"), 0);
    assert_eq!(attr(&doc, "a.deactivate", "href"), Some(confirm.clone()));

    // The confirm page says what happens; opening it changes nothing.
    let doc = app.get_html(&confirm).await;
    assert!(text(&doc, "h1").contains("riley@station.test"));
    assert!(text(&doc, ".what-happens").contains("login turned off"));
    assert_eq!(count(&doc, "form.confirm-deactivate button.danger"), 1);
    assert_eq!(count(&app.get_html(&show).await, "h1 .badge"), 0);

    let response = app.submit(&confirm, &confirm, &[]).await;
    assert_redirect(&response, &show);
    assert_eq!(text(&app.get_html(&show).await, "h1 .badge"), "deactivated");
    assert_eq!(
        app.get("/crew/9999/deactivate").await.status(),
        StatusCode::NOT_FOUND
    );
}
