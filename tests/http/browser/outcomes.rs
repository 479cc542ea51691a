//! Issue 21 in a real browser at 390 x 844: a member stops a session for
//! knee pain and reads what happens now (no "Nice work", nothing to finish),
//! and a member undoes an advancing one-tap session. Each page gets the
//! suite's checks (`Checks`: axe, 44 px controls, no inline code, no
//! sideways scrolling at 200% text).

use chrono::Duration;

use super::kit::{Kit, Screen};
use super::signal::Relay;
use super::{log_in, Audience, Checks};
use crate::helpers::*;
use crate::workout::member_at;

#[actix_web::test]
async fn a_pain_stop_and_an_undo_on_the_phone() {
    let Some(chromedriver) = super::kit::chromedriver_or_skip() else {
        return;
    };
    let app = spawn_app().await;
    member_at(&app, "riley@station.test", 3, false).await;
    member_at(&app, "sam@station.test", 1, true).await;
    let app_port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let relay = Relay::start(app_port).await;
    let kit = Kit::start(&chromedriver).await;
    let mut checks = Checks::default();

    // --- Knee pain: stopped, with what was done kept.
    let phone = kit.open(Screen::Phone, "Riley's phone").await;
    log_in(&phone, &relay, "riley@station.test", "Today").await;
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
    log_in(&sam, &relay, "sam@station.test", "Today").await;
    sam.press("Done as prescribed").await;
    sam.wait_for_heading("Same stage next session").await;
    app.clock.advance(Duration::days(3));
    log_in(&sam, &relay, "sam@station.test", "Today").await;
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
