//! Issue 21 in a real browser at 390 x 844: a member stops a session for
//! knee pain and reads what happens now (no "Nice work", nothing to finish),
//! and a member undoes an advancing one-tap session. Each page gets the
//! suite's checks (`Checks`: axe, 44 px controls, no inline code, no
//! sideways scrolling at 200% text).

use chrono::Duration;

use bridgework::models::assignment::{AssignFields, Assignment};
use bridgework::models::member::Member;
use bridgework::models::user::Role;

use super::kit::{Kit, Page, Screen};
use super::{Audience, Checks};
use crate::helpers::*;

/// A member with an account at `stage` (the coach who assigned it exists).
async fn member_at(app: &TestApp, email: &str, stage: i32, auto_advance: bool) {
    let coach = match bridgework::models::user::User::find_by_email(
        &mut app.pool.get().unwrap(),
        "coach@station.test",
    )
    .unwrap()
    {
        Some(coach) => coach,
        None => {
            app.create_user("coach@station.test", "Casey Coach", Role::Coach)
                .await
        }
    };
    let member = create_crew_member(app, email, "Station 1", None);
    let user = app.create_user(email, email, Role::Member).await;
    let mut conn = app.pool.get().unwrap();
    Member::link_user(&mut conn, member.id, user.id).unwrap();
    Assignment::assign(
        &mut conn,
        member.id,
        &AssignFields {
            stage,
            sessions_per_week: 2,
            training_days: String::new(),
            start_date: app.today() - Duration::days(14),
            auto_advance,
        },
        coach.id,
        app.clock.now().naive_utc(),
    )
    .unwrap();
}

/// Opens today's page, logging in first when the session has run out.
async fn log_in(app: &TestApp, page: &Page, email: &str) {
    page.goto(&app.url("/")).await;
    page.wait_for(
        "a page",
        "return document.readyState === 'complete' && !!document.querySelector('h1');",
        vec![],
    )
    .await;
    if page.text_of("h1").await == "Log in" {
        page.fill("Email", email).await;
        page.fill("Password", PASSWORD).await;
        page.press("Log in").await;
    }
    page.wait_for_heading("Today").await;
}

#[actix_web::test]
async fn a_pain_stop_and_an_undo_on_the_phone() {
    let Some(chromedriver) = super::kit::chromedriver_or_skip() else {
        return;
    };
    let app = spawn_app().await;
    member_at(&app, "riley@station.test", 3, false).await;
    member_at(&app, "sam@station.test", 1, true).await;
    let kit = Kit::start(&chromedriver).await;
    let mut checks = Checks::default();

    // --- Knee pain: stopped, with what was done kept.
    let phone = kit.open(Screen::Phone, "Riley's phone").await;
    log_in(&app, &phone, "riley@station.test").await;
    phone.fill_in(Some("Set 1"), "Reps", "20").await;
    phone.fill_in(Some("Set 2"), "Reps", "9").await;
    phone.choose(Some("Any pain?"), "Knee pain").await;
    phone.press("Stopped for pain: save what I did").await;
    phone.wait_for_heading("Stop here and see your coach").await;
    checks
        .page(&phone, "pain-stop-result", Audience::Member)
        .await;
    phone.press("Back to today").await;
    phone.wait_for_heading("Today").await;
    phone.wait_for_text("Stopped for pain").await;
    let page = phone.text().await;
    assert!(
        page.contains("You stopped today's session for knee pain"),
        "{page}"
    );
    assert!(page.contains("see your coach"), "{page}");
    for absent in ["Nice work", "Finish the session", "Done as prescribed"] {
        assert!(!page.contains(absent), "{absent:?} on {page}");
    }
    checks
        .page(&phone, "today-after-pain-stop", Audience::Member)
        .await;

    // --- An advancing one tap, undone: back at stage 1.
    let sam = kit.open(Screen::Phone, "Sam's phone").await;
    log_in(&app, &sam, "sam@station.test").await;
    sam.press("Done as prescribed").await;
    sam.wait_for_heading("Same stage next session").await;
    app.clock.advance(Duration::days(3));
    log_in(&app, &sam, "sam@station.test").await;
    sam.press("Done as prescribed").await;
    sam.wait_for_heading("Moving up to stage 2 of 7").await;
    checks
        .page(&sam, "advance-with-undo", Audience::Member)
        .await;
    sam.press("That was a mistake: undo").await;
    sam.wait_for_heading("Session voided").await;
    sam.wait_for_text("Voided by sam@station.test").await;
    checks.page(&sam, "undone", Audience::Member).await;
    sam.press("Back to today").await;
    sam.wait_for_heading("Today").await;
    sam.wait_for_text("Stage 1 of 7").await;
    let page = sam.text().await;
    assert!(page.contains("Done as prescribed"), "{page}");
}
