//! The member's pages on a 390 x 844 phone (issue 21): today's first
//! screen, a refused save whose error summary takes the focus, and "My
//! history" with nothing wider than the screen. (The offline today page
//! after a queued log is part of the whole loop, `no_signal`.) Each page
//! gets the suite's checks: axe, 44 px controls, no sideways scrolling at
//! 200% text.

use std::time::Instant;

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use super::kit::{self, Kit, Screen};
use super::{Audience, Checks};
use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

const FIRST_SCREEN: f64 = 844.0;
const HEADER_BUDGET: f64 = 120.0;
const PHONE_WIDTH: f64 = 390.0;

#[actix_web::test]
async fn the_members_pages_on_a_phone() {
    let Some(chromedriver) = kit::chromedriver_or_skip() else {
        return;
    };
    // allow-wall-clock: the run's length, for its summary
    let started = Instant::now();
    let app = spawn_app().await;
    let email = "riley@station.test";
    let (http_phone, member) = member_at(&app, email, 2, false).await;
    // Some history to show: a range test and two sessions.
    let page = format!("/crew/{}/range-tests/new", member.id);
    let date = app.today().to_string();
    let response = app
        .submit(
            &page,
            &page,
            &[
                ("tested_on", date.as_str()),
                ("pain", "no"),
                ("double_leg", "8.4"),
                ("ninety_left", "6.0"),
                ("ninety_right", "6.0"),
                ("hugged_left", "6.0"),
                ("hugged_right", "6.0"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        done_as_prescribed(&http_phone).await.status(),
        StatusCode::SEE_OTHER
    );
    app.clock.advance(Duration::days(2));
    log_sets(
        &http_phone,
        "/",
        "partial",
        &[
            ("reps", "15"),
            ("right", "12"),
            ("felt", "glutes"),
            ("felt", "quads"),
            ("pain", "none"),
        ],
    )
    .await;
    app.clock.advance(Duration::days(2));

    let kit = Kit::start(&chromedriver).await;
    let mut checks = Checks::default();
    let phone = kit.open(Screen::Phone, "Riley's phone").await;
    phone.goto(&app.url("/login")).await;
    phone.wait_for_heading("Log in").await;
    phone.fill("Email", email).await;
    phone.fill("Password", PASSWORD).await;
    phone.press("Log in").await;
    phone.wait_for_heading("Today").await;

    // --- The first screen: a compact header, the one tap and the red
    // flags beside it; the cues folded below.
    let found = phone
        .js(
            "const top = (el) => el.getBoundingClientRect().top + window.scrollY;
             const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
             const tap = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Done as prescribed');
             const flags = [...document.querySelectorAll('h2')].find((h) => h.textContent.trim() === 'Stop if').closest('section');
             const fold = [...document.querySelectorAll('summary')].find((s) => s.textContent.trim() === 'Cues and mistakes to avoid');
             return [top(document.querySelector('main h1')), bottom(tap), top(flags), bottom(tap.closest('form')), top(fold), fold.parentElement.open];",
            vec![],
        )
        .await;
    let n = |i: usize| found[i].as_f64().unwrap();
    let (heading, tap, flags_top, tap_form, fold) = (n(0), n(1), n(2), n(3), n(4));
    assert!(
        heading <= HEADER_BUDGET,
        "the content starts at {heading} px"
    );
    assert!(tap <= FIRST_SCREEN, "the one tap ends at {tap} px");
    assert!(
        flags_top >= tap_form && flags_top - tap_form < 40.0,
        "\"Stop if\" starts at {flags_top} px, the one tap's form ends at {tap_form} px"
    );
    assert!(
        flags_top < FIRST_SCREEN,
        "\"Stop if\" starts at {flags_top} px"
    );
    assert!(fold > flags_top, "the cues fold comes after the red flags");
    assert_eq!(found[5], json!(false), "the cues start folded");
    checks.note(format!(
        "first screen: content at {heading:.0} px, one tap ends {tap:.0} px, \"Stop if\" from {flags_top:.0} px"
    ));
    checks.page(&phone, "phone-today", Audience::Member).await;
    // The fold opens with a tap (the summary is not an action the kit's
    // locator knows, so it is clicked by its text here).
    phone
        .js(
            "[...document.querySelectorAll('summary')].find((s) => s.textContent.trim() === 'Cues and mistakes to avoid').click();",
            vec![],
        )
        .await;
    phone.wait_for_text("Mistakes to avoid").await;

    // --- A refused save: the summary at the top of the form has the focus
    // and is on screen; its line leads to the field; what was typed stays.
    phone.fill_in(Some("Set 1"), "Reps, left", "15").await;
    phone.fill_in(Some("Set 1"), "Reps, right", "15").await;
    phone.fill_in(Some("Set 2"), "Reps, left", "1O").await;
    phone.fill_in(Some("Set 2"), "Reps, right", "15").await;
    phone.press("Save session").await;
    phone
        .wait_for_text("Nothing was saved: 1 thing to fix")
        .await;
    let focus = phone
        .js(
            "const e = document.activeElement;
             const r = e.getBoundingClientRect();
             return [e.id, r.top, r.bottom, window.innerHeight];",
            vec![],
        )
        .await;
    assert_eq!(
        focus[0],
        json!("error-summary"),
        "the summary has the focus: {focus}"
    );
    assert!(
        focus[1].as_f64().unwrap() >= 0.0
            && focus[1].as_f64().unwrap() < focus[3].as_f64().unwrap(),
        "the summary is on screen: {focus}"
    );
    let (_, ring) = phone.focused().await;
    assert!(ring, "the focused summary shows its ring");
    assert_eq!(phone.value_of_in("Set 2", "Reps, left").await, "1O");
    assert_eq!(phone.value_of_in("Set 1", "Reps, right").await, "15");
    // The refused save is answered 422, which Chromium logs; nothing else.
    let logged = phone.console_errors().await;
    assert!(
        logged
            .iter()
            .all(|e| e.contains("/log") && e.contains("422")),
        "{logged:?}"
    );
    checks
        .page(&phone, "phone-error-summary", Audience::Member)
        .await;
    let link = phone
        .js(
            "return document.querySelector('#error-summary a').textContent.trim();",
            vec![],
        )
        .await;
    phone.press(link.as_str().unwrap()).await;
    phone
        .wait_for(
            "the field in error is reached",
            "return location.hash === '#reps_2';",
            vec![],
        )
        .await;

    // --- My history: cards, nothing wider than the screen.
    phone.press_in(Some("Main"), "My history").await;
    phone.wait_for_heading("My history").await;
    phone
        .wait_for_text(
            "Left: 6.0 in of true hip extension, about three quarters of your two-leg bridge",
        )
        .await;
    let wide = phone
        .js(
            "return [...document.querySelectorAll('body *')]
               .filter((e) => e.getBoundingClientRect().right > arguments[0] + 0.5)
               .map((e) => e.tagName.toLowerCase() + '.' + String(e.className) + ' ' + Math.round(e.getBoundingClientRect().right));",
            vec![json!(PHONE_WIDTH)],
        )
        .await;
    assert_eq!(wide, json!([]), "elements wider than the 390 px screen");
    // Chart labels at 12 px or more, as drawn.
    let smallest = phone
        .js(
            "const sizes = [...document.querySelectorAll('svg.chart text')].map((t) => {
               const svg = t.closest('svg');
               const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
               return parseFloat(getComputedStyle(t).fontSize) * scale;
             });
             return sizes.length ? Math.min(...sizes) : null;",
            vec![],
        )
        .await;
    let smallest = smallest.as_f64().expect("charts with labels");
    assert!(smallest >= 12.0, "chart labels at {smallest:.1} px");
    checks.note(format!("history: smallest chart label {smallest:.1} px"));
    checks.page(&phone, "phone-history", Audience::Member).await;
    checks.summary(started);
}
