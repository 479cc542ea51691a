//! Issue 11: the page cache (`src/web/page_cache.rs`) keeps the roster and
//! today's workout as last drawn. These tests load a page twice (the second
//! answer comes from the cache) and then change what it shows in each way
//! the cache must notice.

use bridgework::schema::assignments;
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, member_at};

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
async fn a_page_loaded_again_with_nothing_changed_comes_from_the_cache() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let first = phone.get_html("/").await;
    let hits = app.page_cache.hits();
    // Each worker thread keeps its own copy: a connection that moved to the
    // other worker draws the page once more.
    phone.get_html("/").await;
    let again = phone.get_html("/").await;
    assert!(app.page_cache.hits() > hits, "every load was drawn again");
    assert_eq!(
        text(&again, ".prescription"),
        text(&first, ".prescription"),
        "the kept page is the page"
    );
}

#[actix_web::test]
async fn a_kept_page_is_drawn_again_after_a_commit_from_another_process() {
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
async fn a_kept_page_is_never_served_to_another_session() {
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
async fn a_deactivated_member_is_out_at_once_though_their_page_was_kept() {
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

#[actix_web::test]
async fn the_apps_own_writes_show_at_once_and_outside_ones_after_the_set_delay() {
    // An hour, so the test sees the delay without waiting for it.
    let app = spawn_app_with(|c| c.outside_writes_ms = 3_600_000).await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    for _ in 0..2 {
        let doc = phone.get_html("/").await;
        assert_eq!(
            text(&doc, ".prescription .stage-name"),
            "Floor glute bridge"
        );
    }
    // Written from outside the server: the kept page stands for now.
    move_to_stage_3_from_outside(&app, member.id);
    let hits = app.page_cache.hits();
    let doc = phone.get_html("/").await;
    assert_eq!(
        app.page_cache.hits(),
        hits + 1,
        "{}",
        text(&doc, ".prescription")
    );
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge"
    );
    // A write through the server (the member logs today's session) shows on
    // the very next load, with the outside one.
    done_as_prescribed(&phone).await;
    let doc = phone.get_html("/").await;
    assert!(
        text(&doc, ".already-logged").starts_with("A session is already logged today"),
        "{}",
        text(&doc, ".already-logged")
    );
    assert_ne!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge"
    );
}
