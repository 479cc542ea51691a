//! Readiness on shift in a real browser, on the phone: the check opens
//! without JavaScript of its own (a details element), every control on it
//! is a big enough target, and a hard night shows the lighter session and
//! logs it with the one tap.

use crate::helpers::*;
use crate::workout::member_at;

use super::kit::{self, Kit, Screen};
use super::{Audience, Checks};

#[actix_web::test]
async fn a_hard_night_on_the_phone_offers_the_lighter_session() {
    let Some(chromedriver) = kit::chromedriver_or_skip() else {
        return;
    };
    let app = spawn_app().await;
    let email = "riley@station.test";
    member_at(&app, email, 3, true).await;
    let kit = Kit::start(&chromedriver).await;
    let mut checks = Checks::default();
    let phone = kit.open(Screen::Phone, "Riley's phone").await;
    phone.goto(&app.url("/login")).await;
    phone.wait_for_heading("Log in").await;
    phone.fill("Email", email).await;
    phone.fill("Password", PASSWORD).await;
    phone.press("Log in").await;
    phone.wait_for_heading("Today").await;

    // The check is there, and optional; "Hard shift" opens three questions.
    phone.wait_for_text("How has the shift been?").await;
    phone
        .js(
            "[...document.querySelectorAll('summary')].find((s) => s.textContent.trim() === 'Hard shift').click();",
            vec![],
        )
        .await;
    phone.choose(Some("Sleep"), "Barely").await;
    phone.choose(Some("Soreness"), "Some").await;
    phone.choose(Some("Calls overnight"), "3+").await;
    checks
        .page(&phone, "readiness-check", Audience::Member)
        .await;
    phone.press("See today's session").await;
    phone.wait_for_text("today is a lighter session").await;
    assert_eq!(phone.text_of(".prescription-dose").await, "2 x 20");
    checks
        .page(&phone, "readiness-lighter", Audience::Member)
        .await;

    phone.press("Done as prescribed").await;
    phone.wait_for_heading("Same stage next session").await;
    phone
        .wait_for_text("A lighter session after a hard shift")
        .await;
}
