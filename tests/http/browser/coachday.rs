//! A coach's working day in a real browser, at a desk (1280 px) and on a
//! station tablet (1024 px), on a demo department of 30: needs attention
//! first, a roster whose columns all fit their boxes, a safe re-assign,
//! and yesterday's paper log entered. Screenshots under
//! target/browser-screenshots/.

use chrono::Duration;
use serde_json::json;

use bridgework::auth::password;
use bridgework::demo::{self, DemoOptions, DEMO_COACH_EMAIL, DEMO_PASSWORD};

use super::kit::{self, Kit, Screen};
use crate::helpers::*;

/// The roster's cells whose content is wider than their box, the page's
/// sideways scroll and the table box's own, and the rows the navigation
/// takes.
const ROSTER_FIT: &str = r#"
const clipped = [...document.querySelectorAll('table.roster th, table.roster td')]
  .filter(c => c.scrollWidth > c.clientWidth + 1)
  .map(c => c.className + ': ' + c.textContent.trim());
const wrap = document.querySelector('.table-wrap');
const tops = new Set([...document.querySelectorAll('header.site nav a')].map(a => Math.round(a.getBoundingClientRect().top)));
return {
  clipped,
  page: document.documentElement.scrollWidth - window.innerWidth,
  table: wrap ? wrap.scrollWidth - wrap.clientWidth : 0,
  nav_rows: tops.size,
};
"#;

/// The colours of the header's role badge (text, background, border)
/// that are the danger red pain wears.
const ROLE_COLOURS: &str = r#"
const probe = document.createElement('span');
probe.className = 'badge bad';
document.body.appendChild(probe);
const red = getComputedStyle(probe).color;
probe.remove();
const role = getComputedStyle(document.querySelector('header.site .role'));
return {
  red,
  reds: [role.color, role.backgroundColor, role.borderTopColor].filter(c => c === red),
};
"#;

#[actix_web::test]
async fn a_coachs_day_at_a_desk_and_on_a_tablet() {
    let Some(chromedriver) = kit::chromedriver_or_skip() else {
        return;
    };
    let app = spawn_app().await;
    {
        let hash = password::hash(DEMO_PASSWORD).unwrap();
        let mut conn = app.pool.get().unwrap();
        let options = DemoOptions {
            members: 30,
            weeks: 26,
            ..DemoOptions::default()
        };
        demo::generate(&mut conn, options, app.clock.now(), &hash, &mut || {}).unwrap();
    }
    let kit = Kit::start(&chromedriver).await;
    let coach = kit.open(Screen::Desktop, "the coach").await;
    coach.goto(&app.url("/login")).await;
    coach.wait_for_heading("Log in").await;
    coach.fill("Email", DEMO_COACH_EMAIL).await;
    coach.fill("Password", DEMO_PASSWORD).await;
    coach.press("Log in").await;

    for screen in [Screen::Desktop, Screen::Tablet] {
        coach.show_as(screen).await;
        let size = if screen == Screen::Desktop {
            1280
        } else {
            1024
        };

        // Needs attention first: the most urgent line leads.
        coach.goto(&app.url("/")).await;
        coach.wait_for_heading("Needs attention").await;
        coach
            .screenshot(&format!("coachday-attention-{size}"))
            .await;
        let reasons = coach
            .js(
                "return [...document.querySelectorAll('li.attention')].map(l => l.dataset.reason);",
                vec![],
            )
            .await;
        let reasons: Vec<String> = serde_json::from_value(reasons).unwrap();
        assert!(!reasons.is_empty(), "{size}: nothing needs attention");
        let order = [
            "pain",
            "cramp",
            "ready",
            "above_cap",
            "retest",
            "inactive",
            "stalled",
        ];
        let ranks: Vec<usize> = reasons
            .iter()
            .map(|r| order.iter().position(|o| o == r).unwrap())
            .collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "{size}: {reasons:?}"
        );

        // A decision from the list: the last line dismissed with a reason
        // leaves the list.
        let group = coach
            .js(
                "const f = [...document.querySelectorAll('li.attention form.decide')].pop(); return f.getAttribute('aria-label');",
                vec![],
            )
            .await;
        let group = group.as_str().unwrap().to_string();
        coach
            .fill_in(Some(&group), "Note", "Seen at the station; fine for now")
            .await;
        coach.press_in(Some(&group), "Dismiss").await;
        coach.wait_for_heading("Needs attention").await;
        coach.wait_for_text("dismissed.").await;
        let left = coach
            .js(
                "return document.querySelectorAll('li.attention').length;",
                vec![],
            )
            .await;
        assert_eq!(left, json!(reasons.len() - 1), "{size}: after {group}");
        coach
            .screenshot(&format!("coachday-attention-decided-{size}"))
            .await;

        // The roster: every column fits its box, nothing scrolls sideways
        // at 1280, the navigation on one row at 1280.
        coach.goto(&app.url("/roster")).await;
        coach.wait_for_heading("Roster").await;
        coach.screenshot(&format!("coachday-roster-{size}")).await;
        let fit = coach.js(ROSTER_FIT, vec![]).await;
        assert_eq!(fit["clipped"], json!([]), "{size}: {fit}");
        // Nothing scrolls sideways, the page or the table in its box, at
        // 1280 and on the 1024 px tablet.
        assert!(fit["page"].as_i64().unwrap() <= 0, "{size}: {fit}");
        assert!(fit["table"].as_i64().unwrap() <= 0, "{size}: {fit}");
        // The navigation on one row, at a desk and on the tablet.
        assert_eq!(fit["nav_rows"], json!(1), "{size}: {fit}");
        // Pain is the only danger red: the coach's role badge is neutral.
        let role = coach.js(ROLE_COLOURS, vec![]).await;
        assert_eq!(role["reds"], json!([]), "{size}: {role}");
        axe_clean(&coach, &format!("roster at {size}")).await;
    }

    // A safe re-assign, from a member's page, on the tablet.
    let first = coach
        .js(
            "return document.querySelector('table.roster td.name a').textContent.trim();",
            vec![],
        )
        .await;
    let name = first.as_str().unwrap().to_string();
    coach.press(&name).await;
    coach.wait_for_heading(&name).await;
    coach.press("Re-assign…").await;
    coach.wait_for_heading(&format!("Re-assign {name}")).await;
    coach.select("Stage", "1 ·").await;
    // A week back, so yesterday's paper log falls inside it.
    let start = (app.today() - Duration::days(7)).to_string();
    coach
        .js(
            "document.getElementById('start_date').value = arguments[0];",
            vec![json!(start)],
        )
        .await;
    coach.press("Review the change").await;
    coach.wait_for_text("Check what changes").await;
    coach.screenshot("coachday-reassign-confirm-1024").await;
    coach.press("Confirm the re-assign").await;
    coach.wait_for_heading(&name).await;
    coach.wait_for_text("Re-assigned.").await;
    assert_eq!(coach.text_of(".stage-number").await, "1");

    // Yesterday's paper log, entered by the coach.
    coach.press(&format!("Log a session for {name}")).await;
    coach
        .wait_for_heading(&format!("Log a session for {name}"))
        .await;
    let yesterday = (app.today() - Duration::days(1)).to_string();
    let yesterday_text = (app.today() - Duration::days(1))
        .format("%a %-d %b %Y")
        .to_string();
    coach
        .js(
            "document.getElementById('trained_on_tap').value = arguments[0];",
            vec![json!(yesterday)],
        )
        .await;
    coach.screenshot("coachday-backdated-1024").await;
    coach.press("Done as prescribed").await;
    coach.wait_for_text("Back to").await;
    coach.goto(&app.url("/roster")).await;
    coach.wait_for_heading("Roster").await;
    coach.press(&name).await;
    coach.wait_for_heading(&name).await;
    let days = coach
        .js(
            "return [...document.querySelectorAll('.sessions td.date')].map(d => d.textContent.trim());",
            vec![],
        )
        .await;
    assert!(
        days.as_array()
            .unwrap()
            .iter()
            .any(|d| d == &json!(yesterday_text)),
        "{days}"
    );
}

/// The void form's own controls at least 44 px tall (the kit's target
/// size); the smallest control on the page printed as a note.
async fn void_targets_are_big_enough(page: &kit::Page, size: u32) {
    let targets = page.targets().await;
    if let Some(t) = targets
        .iter()
        .min_by(|a, b| a.width.min(a.height).total_cmp(&b.width.min(b.height)))
    {
        println!(
            "coachday void {size}: {} controls, smallest {} {:.0}x{:.0} px",
            targets.len(),
            t.what,
            t.width,
            t.height
        );
    }
    let void: Vec<&kit::Target> = targets
        .iter()
        .filter(|t| t.what == "button \"Void the session\"" || t.what == "input \"reason\"")
        .collect();
    assert_eq!(
        void.len(),
        2,
        "{size}: {:?}",
        targets.iter().map(|t| &t.what).collect::<Vec<_>>()
    );
    for t in void {
        assert!(
            t.height >= 44.0,
            "{size}: {} is {:.0} px tall",
            t.what,
            t.height
        );
    }
}

async fn axe_clean(page: &kit::Page, what: &str) {
    if let Some(bad) = page.axe().await {
        assert!(bad.is_empty(), "axe on {what}: {bad:#?}");
    }
}

#[actix_web::test]
async fn a_void_with_its_undone_advance_at_a_desk_and_on_a_tablet() {
    let Some(chromedriver) = kit::chromedriver_or_skip() else {
        return;
    };
    let app = spawn_app().await;
    // A member on auto-advance logs the session that moves them up.
    let (phone, member) = crate::workout::member_at(&app, "riley@station.test", 1, true).await;
    crate::workout::done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(3));
    crate::workout::done_as_prescribed(&phone).await;
    let show = format!("/crew/{}", member.id);

    let kit = Kit::start(&chromedriver).await;
    let coach = kit.open(Screen::Desktop, "the coach").await;
    coach.goto(&app.url("/login")).await;
    coach.wait_for_heading("Log in").await;
    coach.fill("Email", "coach@station.test").await;
    coach.fill("Password", PASSWORD).await;
    coach.press("Log in").await;
    coach.wait_for_text("Log out").await;

    coach.goto(&app.url(&show)).await;
    coach.wait_for_heading(&member.name).await;
    assert_eq!(coach.text_of(".stage-number").await, "2");
    coach.screenshot("coachday-void-before-1280").await;

    // The session from the member page's log: the one that advanced them.
    let opened = coach
        .js(
            "const a = [...document.querySelectorAll('table.sessions td.date a')]
               .sort((x, y) => Number(y.getAttribute('href').split('/').pop()) - Number(x.getAttribute('href').split('/').pop()))[0];
             const href = a.getAttribute('href'); a.click(); return href;",
            vec![],
        )
        .await;
    let opened = opened.as_str().unwrap().to_string();
    coach.wait_for_text("Void this session").await;
    assert_eq!(coach.path().await, opened);
    // The coach reads about the member by name.
    assert_eq!(
        coach.text_of(".headline").await,
        format!("Next session for {}: stage 2 of 7", member.name)
    );
    void_targets_are_big_enough(&coach, 1280).await;
    axe_clean(&coach, &opened).await;
    coach
        .fill_in(Some("Void this session"), "Why", "Logged on the wrong day")
        .await;
    coach.screenshot("coachday-void-form-1280").await;
    coach.press("Void the session").await;
    coach
        .wait_for_text("Any stage change it caused was undone.")
        .await;
    assert!(
        coach
            .text_of(".voided")
            .await
            .starts_with("Voided by Casey Coach"),
        "{}",
        coach.text_of(".voided").await
    );
    coach.screenshot("coachday-voided-1280").await;

    for screen in [Screen::Desktop, Screen::Tablet] {
        coach.show_as(screen).await;
        let size = if screen == Screen::Desktop {
            1280
        } else {
            1024
        };
        coach.goto(&app.url(&show)).await;
        coach.wait_for_heading(&member.name).await;
        // The earlier stage again.
        assert_eq!(coach.text_of(".stage-number").await, "1", "{size}");
        // The timeline keeps both the advance and the void, newest first.
        let whats = coach
            .js(
                "return [...document.querySelectorAll('.timeline-entry .what')].map(e => e.textContent.trim().replace(/\\s+/g, ' '));",
                vec![],
            )
            .await;
        let whats: Vec<String> = serde_json::from_value(whats).unwrap();
        assert!(
            whats.len() >= 2
                && whats[0].starts_with("Undone: the session was voided")
                && whats[1].starts_with("Advanced: 1 ·"),
            "{size}: {whats:?}"
        );
        // The session log marks it voided, with who and why.
        assert_eq!(
            coach.text_of("table.sessions tr.voided .outcome").await,
            "Voided by Casey Coach: Logged on the wrong day",
            "{size}"
        );
        coach
            .screenshot(&format!("coachday-void-member-{size}"))
            .await;
        axe_clean(&coach, &format!("{show} at {size}")).await;
    }
}
