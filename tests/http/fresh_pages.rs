//! The roster and today's workout are drawn anew for every request (there
//! is no page cache: they are fast from scratch). These tests load a page
//! more than once and change what it shows in each way a kept copy could
//! miss: a commit from another process, the clock, another session, a
//! deactivated account; and each load carries one-time keys of its own.

use bridgework::schema::assignments;
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::member_at;

/// Moves a member to stage 3 with a connection of its own, as a script or
/// the sqlite3 shell would.
fn move_to_stage_3_from_outside(app: &TestApp, member_id: i32) {
    let mut outside = bridgework::db::connect(&app.db_path).unwrap();
    diesel::update(assignments::table.filter(assignments::member_id.eq(member_id)))
        .set(assignments::stage.eq(3))
        .execute(&mut outside)
        .unwrap();
}

#[actix_web::test]
async fn a_page_loaded_again_shows_a_commit_from_another_process() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    for _ in 0..2 {
        let doc = phone.get_html("/").await;
        assert_eq!(
            text(&doc, ".prescription .stage-name"),
            "Floor glute bridge"
        );
    }
    // An operator moves the member on with a connection of their own, as a
    // script or the sqlite3 shell would.
    move_to_stage_3_from_outside(&app, member.id);
    let doc = phone.get_html("/").await;
    assert_ne!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge",
        "the page still shows stage 1"
    );
}

#[actix_web::test]
async fn every_answer_carries_new_one_time_keys() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let mut seen = std::collections::HashSet::new();
    for load in 0..3 {
        let doc = phone.get_html("/").await;
        let tap = attr(&doc, "form.prescribed input[name=key]", "value").unwrap();
        let sets = attr(&doc, "form.log-form input[name=key]", "value").unwrap();
        assert_eq!(tap.len(), 32);
        assert!(tap.bytes().all(|b| b.is_ascii_alphanumeric()), "{tap}");
        assert!(seen.insert(tap), "load {load}: a one-tap key seen before");
        assert!(seen.insert(sets), "load {load}: a per-set key seen before");
    }
}

#[actix_web::test]
async fn the_page_follows_the_clock_without_any_write() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let today = text(&phone.get_html("/").await, ".today-date");
    assert_eq!(text(&phone.get_html("/").await, ".today-date"), today);
    app.clock.set(app.clock.now() + Duration::days(1));
    let tomorrow = text(&phone.get_html("/").await, ".today-date");
    assert_ne!(tomorrow, today, "the day turned, the page did not");
}

#[actix_web::test]
async fn a_page_is_never_served_to_another_session() {
    let app = spawn_app().await;
    app.coach().await;
    let laptop = app.other_browser();
    laptop.login("coach@station.test").await;
    for _ in 0..2 {
        for browser in [&app, &laptop] {
            let doc = browser.get_html("/").await;
            let form_token = attr(&doc, "form input[name=csrf_token]", "value").unwrap();
            // Masked afresh for every response: compare what they stand for.
            let unmask = bridgework::auth::csrf::unmask;
            assert_eq!(
                unmask(&form_token).expect("a masked token"),
                unmask(&browser.csrf_token("/account/password").await).unwrap(),
                "the roster carries this session's own token"
            );
        }
    }
}

#[actix_web::test]
async fn a_deactivated_member_is_out_at_once_though_they_loaded_the_page_before() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    for _ in 0..2 {
        assert_eq!(phone.get("/").await.status(), StatusCode::OK);
    }
    let response = app
        .submit(
            &format!("/crew/{}", member.id),
            &format!("/crew/{}/deactivate", member.id),
            &[],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response = phone.get("/").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&response).starts_with("/login"),
        "{}",
        location(&response)
    );
}
