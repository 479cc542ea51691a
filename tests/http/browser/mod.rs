//! The whole loop in a real browser: a coach at a desk and a member on a
//! phone, in Debian's Chromium, driven by what a person sees (button texts,
//! field labels, legends), never by CSS classes or field names.
//!
//! One story, in order: first-run setup; the coach adds two members and
//! assigns the progression to both at once; a member accepts the invitation
//! on the phone and logs with one tap; days later logs a session with
//! low-back pain and is moved back until a date; the coach sees the flag on
//! the roster, records a range test and sees the chart; a toned-out session
//! is finished later; a session is logged with the keyboard alone; the coach
//! logs one on a member's behalf; and with no signal the member opens
//! today's page from the phone and logs a session, which is sent (twice: the
//! first answer is lost) when the signal returns and stored once.
//!
//! Every page on the way gets checked (`Checks`): a screenshot under
//! target/browser-screenshots/, no console errors or inline code, axe-core
//! with no serious or critical violation at phone and desktop size and in
//! dark mode; on the member's pages also every control at least 44 x 44 CSS
//! px and no sideways scrolling at 200% text size.
//!
//! The server's clock is the app's test clock: days pass without waiting.

mod coachday;
mod kit;
mod outcomes;
mod phone;
mod readiness;
mod signal;

use std::time::Instant;

use chrono::Duration;
use diesel::prelude::*;
use fantoccini::key::Key;
use serde_json::json;

use bridgework::models::department::Department;
use bridgework::models::session_log::Session;
use bridgework::schema::session_logs;

use crate::helpers::*;
use kit::{Kit, Page, Screen};
use signal::{Relay, Signal};

const COACH_EMAIL: &str = "casey@station.test";
const MEMBER_EMAIL: &str = "riley@station.test";
/// WCAG 2.5.5's target size, and what a wet or gloved finger needs.
const MIN_TARGET: f64 = 44.0;

#[actix_web::test]
async fn the_whole_loop_in_a_browser() {
    let Some(chromedriver) = kit::chromedriver_or_skip() else {
        return;
    };
    // allow-wall-clock: the run's length, for its summary
    let started = Instant::now();
    let app = spawn_app().await;
    let app_port: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let relay = Relay::start(app_port).await;
    let kit = Kit::start(&chromedriver).await;
    let mut checks = Checks::default();
    let coach = kit.open(Screen::Desktop, "the coach").await;

    // --- First run: the app asks for the first coach.
    coach.goto(&relay.url("/")).await;
    coach.wait_for_heading("Set up Bridgework").await;
    checks.page(&coach, "setup", Audience::Public).await;
    coach.fill("Setup token", &app.setup_token).await;
    coach.fill("Department name", "Riverside Fire").await;
    coach.fill("Your name", "Casey Coach").await;
    coach.fill("Email (your login)", COACH_EMAIL).await;
    coach.fill("Password", PASSWORD).await;
    coach.fill("Password again", PASSWORD).await;
    coach.press("Create coach account").await;
    coach.wait_for_heading("Department settings").await;
    checks.page(&coach, "settings", Audience::Coach).await;

    // --- Two members, assigned together.
    for (name, station) in [("Riley Ortiz", "Station 1"), ("Jordan Lee", "Station 2")] {
        coach.press("Crew").await;
        coach.wait_for_heading("Crew").await;
        coach.press("Add a member").await;
        coach.wait_for_heading("Add a crew member").await;
        if name == "Riley Ortiz" {
            checks.page(&coach, "add-member", Audience::Coach).await;
        }
        coach.fill("Name", name).await;
        coach.fill("Station", station).await;
        coach.press("Add member").await;
        coach.wait_for_heading(name).await;
    }
    checks.page(&coach, "member-added", Audience::Coach).await;
    coach.press("Assign").await;
    coach.wait_for_heading("Assign the progression").await;
    coach.choose(Some("Members"), "Riley Ortiz").await;
    coach.choose(Some("Members"), "Jordan Lee").await;
    coach.select("Starting stage", "3 ·").await;
    checks.page(&coach, "assign", Audience::Coach).await;
    coach.press_in(Some("main"), "Assign").await;
    coach.wait_for_heading("Crew").await;
    coach
        .wait_for_text("Progression assigned to 2 members.")
        .await;

    // --- The invitation, opened on the member's phone.
    coach.press("Riley Ortiz").await;
    coach.wait_for_heading("Riley Ortiz").await;
    coach.press("Make an invitation link").await;
    coach.wait_for_heading("Invitation for Riley Ortiz").await;
    checks.page(&coach, "invitation", Audience::Coach).await;
    // The link is built from the configured public address (the app's own
    // here); the phone reaches the app through the relay.
    let link = coach.value_of("Link").await;
    let path = &link[link.find("/invite/").expect("an invitation link")..];
    assert!(link.starts_with("http://127.0.0.1:"), "{link}");
    let link = relay.url(path);

    let phone = kit.open(Screen::Phone, "Riley's phone").await;
    phone.goto(&link).await;
    phone.wait_for_heading("Welcome, Riley Ortiz").await;
    checks
        .page(&phone, "accept-invitation", Audience::Member)
        .await;
    phone.fill("Email", MEMBER_EMAIL).await;
    phone.fill("Password", PASSWORD).await;
    phone.fill("Password again", PASSWORD).await;
    phone.press("Set password and log in").await;
    // At the first login, the department's data-use statement comes first.
    phone.wait_for_heading("How your data is used").await;
    checks.page(&phone, "statement", Audience::Member).await;
    phone.press("I have read it").await;
    phone.wait_for_heading("Today").await;
    phone.wait_for_text("Stage 3 of 7").await;
    checks.page(&phone, "today", Audience::Member).await;
    checks.primary_action_before_cues(&phone).await;
    assert_eq!(
        phone.installability_errors().await,
        Vec::<String>::new(),
        "Chromium offers to add Bridgework to the home screen"
    );
    phone.dark_mode(true).await;
    phone.screenshot("today-dark").await;
    phone.dark_mode(false).await;
    rest_timer_runs(&phone).await;

    // --- One tap.
    phone.press("Done as prescribed").await;
    phone.wait_for_heading("Same stage next session").await;
    checks
        .page(&phone, "one-tap-result", Audience::Member)
        .await;

    // --- Two days on: low-back pain moves the member back, until a date.
    app.clock.advance(Duration::days(2));
    phone.press("Back to today").await;
    phone.wait_for_heading("Today").await;
    for (set, reps) in [("Set 1", "20"), ("Set 2", "12")] {
        phone.fill_in(Some(set), "Reps", reps).await;
    }
    phone
        .choose(Some("Any pain?"), "Sharp pain in the lower back")
        .await;
    checks
        .page(&phone, "per-set-form-with-pain", Audience::Member)
        .await;
    phone.press("Save session").await;
    phone.wait_for_heading("Back to stage 2 for a week").await;
    let until = restore_date(&app);
    phone
        .wait_for_text(&format!("Your sessions use stage 2 until {until}"))
        .await;
    checks.page(&phone, "pain-result", Audience::Member).await;
    phone.press("Back to today").await;
    phone.wait_for_heading("Today").await;
    phone
        .wait_for_text(&format!(
            "Back one stage because of lower-back pain, until {until}"
        ))
        .await;
    checks
        .page(&phone, "today-moved-back", Audience::Member)
        .await;
    checks.primary_action_before_cues(&phone).await;

    // --- The coach sees the flag, records a range test, sees the chart.
    log_in(&coach, &relay, COACH_EMAIL, "Needs attention").await;
    coach.goto(&relay.url("/roster")).await;
    coach.wait_for_heading("Roster").await;
    let row = coach.row_text("Riley Ortiz").await;
    assert!(row.contains("Pain reported"), "roster row: {row}");
    assert!(row.contains("2/7"), "roster row: {row}");
    checks.page(&coach, "roster-flag", Audience::Coach).await;
    coach.press("Riley Ortiz").await;
    coach.wait_for_heading("Riley Ortiz").await;
    coach.wait_for_text("Lower-back pain").await;
    checks
        .page(&coach, "member-page-flag", Audience::Coach)
        .await;
    coach.press("Record a range test").await;
    coach
        .wait_for_heading("Record a range test: Riley Ortiz")
        .await;
    let heights = [
        ("A: double-leg bridge", "Both legs", "6.0"),
        ("B: single-leg bridge, free leg at 90/90", "Left", "5.5"),
        ("B: single-leg bridge, free leg at 90/90", "Right", "5.0"),
        ("C: single-leg bridge, knee hugged", "Left", "4.0"),
        ("C: single-leg bridge, knee hugged", "Right", "3.0"),
    ];
    for (position, side, height) in heights {
        coach.fill_in(Some(position), side, height).await;
    }
    checks
        .page(&coach, "range-test-form", Audience::Coach)
        .await;
    coach.press("Save the test").await;
    coach.wait_for_text("Range test of Riley Ortiz").await;
    // The chart is an image with a name, drawn with a bar per height.
    let chart = coach
        .js(
            "const chart = document.querySelector('main svg[role=img]');
             return chart ? [chart.querySelector('title').textContent, chart.querySelectorAll('rect').length] : null;",
            vec![],
        )
        .await;
    assert_eq!(
        chart[0], "Range test: hip height in each position",
        "the chart's name: {chart}"
    );
    assert!(chart[1].as_u64().unwrap() >= 5, "a bar per height: {chart}");
    checks
        .page(&coach, "range-test-chart", Audience::Coach)
        .await;
    coach.press("Range tests of Riley Ortiz").await;
    coach.wait_for_text("True hip extension over time").await;
    checks
        .page(&coach, "range-test-trend", Audience::Coach)
        .await;

    // The member sees their own history and range tests.
    phone.press("My range tests").await;
    phone.wait_for_text("True hip extension over time").await;
    checks
        .page(&phone, "my-range-tests", Audience::Member)
        .await;
    phone.press("My history").await;
    phone.wait_for_heading("My history").await;
    checks.page(&phone, "my-history", Audience::Member).await;

    // --- Toned out mid-session, finished an hour later.
    app.clock.advance(Duration::days(2));
    phone.press("Today").await;
    phone.wait_for_heading("Today").await;
    phone.fill_in(Some("Set 1"), "Reps, left", "15").await;
    phone.fill_in(Some("Set 1"), "Reps, right", "15").await;
    phone.press("Toned out: save what I did").await;
    phone.wait_for_heading("Saved as toned out").await;
    checks.page(&phone, "toned-out", Audience::Member).await;
    app.clock.advance(Duration::hours(1));
    phone.press("Back to today").await;
    phone.wait_for_text("Finish the session").await;
    assert_eq!(phone.value_of_in("Set 1", "Reps, left").await, "15");
    checks.page(&phone, "finish-later", Audience::Member).await;
    for set in ["Set 2", "Set 3"] {
        phone.fill_in(Some(set), "Reps, left", "15").await;
        phone.fill_in(Some(set), "Reps, right", "15").await;
    }
    phone.press("Save session").await;
    phone.wait_for_text("What was logged").await;
    assert!(phone.path().await.starts_with("/sessions/"));

    // --- The keyboard alone: Tab to "Done as prescribed", Enter.
    app.clock.advance(Duration::days(2));
    phone.press("Back to today").await;
    phone.wait_for_heading("Today").await;
    keyboard_logs_the_session(&phone, &mut checks).await;
    phone.wait_for_text("What was logged").await;
    phone.wait_for_text("(done as prescribed)").await;
    checks
        .page(&phone, "keyboard-result", Audience::Member)
        .await;

    // --- The coach logs a session for the other member.
    log_in(&coach, &relay, COACH_EMAIL, "Needs attention").await;
    coach.goto(&relay.url("/roster")).await;
    coach.wait_for_heading("Roster").await;
    coach.press("Jordan Lee").await;
    coach.wait_for_heading("Jordan Lee").await;
    coach.press("Log a session for Jordan Lee").await;
    coach.wait_for_heading("Log a session for Jordan Lee").await;
    checks.page(&coach, "log-on-behalf", Audience::Coach).await;
    coach.press("Done as prescribed").await;
    coach
        .wait_for_text("Entered by Casey Coach (done as prescribed)")
        .await;
    checks
        .page(&coach, "on-behalf-result", Audience::Coach)
        .await;

    // --- No signal.
    app.clock.advance(Duration::days(1));
    no_signal(&app, &relay, &phone, &mut checks).await;

    // --- Logging out forgets what the phone kept.
    phone.press("Log out").await;
    phone.wait_for_heading("Log in").await;
    let kept = phone
        .js_async(
            "Promise.all([caches.match('/'), new Promise((ok) => {
               const open = indexedDB.open('bridgework', 1);
               open.onsuccess = () => { const tx = open.result.transaction('outbox');
                 const count = tx.objectStore('outbox').count(); count.onsuccess = () => ok(count.result); };
               open.onerror = () => ok(-1);
             })]).then(([page, waiting]) => done([!!page, waiting]));",
            vec![],
        )
        .await;
    assert_eq!(
        kept,
        json!([false, 0]),
        "after logging out: [page kept, sessions waiting]"
    );
    relay.set(Signal::None);
    phone.goto(&relay.url("/")).await;
    phone
        .wait_for_text("today's page is not saved on this phone")
        .await;
    relay.set(Signal::Good);

    assert_eq!(coach.console_errors().await, Vec::<String>::new());
    checks.summary(started);
}

/// Logs in (when the session has run out: days pass in this story) and
/// lands on the page headed `home`.
async fn log_in(page: &Page, relay: &Relay, email: &str, home: &str) {
    page.goto(&relay.url("/")).await;
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
    page.wait_for_heading(home).await;
}

/// The day a pain regression ends, as the pages write it.
fn restore_date(app: &TestApp) -> String {
    use bridgework::schema::assignments;
    let mut conn = app.pool.get().unwrap();
    let until: Option<chrono::NaiveDate> = assignments::table
        .select(assignments::regression_restore_on)
        .filter(assignments::regression_restore_on.is_not_null())
        .first(&mut conn)
        .expect("a pain regression");
    bridgework::domain::today::day_text(until.unwrap())
}

/// The rest timer (app.js) runs under the CSP; the page's clock is moved
/// on rather than waited for.
async fn rest_timer_runs(phone: &Page) {
    phone.press("Start rest timer").await;
    phone.wait_for_text("Rest 0:0").await;
    phone
        .js(
            "const real = Date.now; Date.now = () => real() + 61000;",
            vec![],
        )
        .await;
    phone.wait_for_text("time for your next set").await;
    phone.press("Restart rest timer").await;
}

/// Tabs from the top of today's page to "Done as prescribed", checking
/// that every stop on the way shows where the focus is, and presses Enter.
async fn keyboard_logs_the_session(phone: &Page, checks: &mut Checks) {
    let mut stops = Vec::new();
    for _ in 0..40 {
        phone.key(Key::Tab).await;
        let (text, ring) = phone.focused().await;
        assert!(ring, "the focus on \"{text}\" is visible");
        stops.push(text.clone());
        if text == "Done as prescribed" {
            checks.note(format!(
                "keyboard: {} Tab presses to \"Done as prescribed\" ({})",
                stops.len(),
                stops.join(" > ")
            ));
            phone.key(Key::Enter).await;
            return;
        }
    }
    panic!("40 Tabs and no \"Done as prescribed\": {stops:?}");
}

/// The member walks into a dead zone with today's page open, logs a
/// session, and walks out: the phone keeps it, says so, and sends it when
/// the signal is back. The first send's answer is lost, so the phone sends
/// it again; the app stores it once.
async fn no_signal(app: &TestApp, relay: &Relay, phone: &Page, checks: &mut Checks) {
    phone.press("Today").await;
    phone.wait_for_heading("Today").await;
    // The phone keeps the page as it was last opened with signal: today's.
    let today = {
        let mut conn = app.pool.get().unwrap();
        let department = Department::get(&mut conn).unwrap();
        bridgework::domain::today::day_text(
            app.clock.now().with_timezone(&department.tz()).date_naive(),
        )
    };
    phone.wait_for_text(&today).await;
    phone
        .wait_for_async(
            "today's page is kept on the phone",
            "caches.match('/').then((r) => r ? r.text() : '').then((t) => done(t.includes(arguments[0])));",
            vec![json!(today)],
        )
        .await;
    let member_id = member_id(app, "Riley Ortiz");
    let before = sessions_of(app, member_id);

    relay.set(Signal::None);
    phone.network(false).await;
    phone.client.refresh().await.unwrap();
    phone.wait_for_heading("Today").await;
    phone
        .wait_for_text("No signal: this is today's page as saved on this phone.")
        .await;
    checks
        .page(phone, "no-signal-today", Audience::Member)
        .await;
    phone.press("Done as prescribed").await;
    phone
        .wait_for_text("Session saved on this phone, will send when there is signal.")
        .await;
    // The page says the session is saved and offers no second button.
    phone
        .wait_for_text("This session is saved on this phone and will be sent when there is signal.")
        .await;
    assert_eq!(
        shown_buttons(phone, "Done as prescribed").await,
        0,
        "no second one tap"
    );
    checks
        .page(phone, "no-signal-saved", Audience::Member)
        .await;
    let kept = outbox(phone).await;
    assert_eq!(kept.len(), 1, "one session kept: {kept:?}");
    let body = kept[0]["body"].as_str().unwrap().to_string();
    assert!(
        body.contains("csrf_token="),
        "kept as the form would post: {body}"
    );
    // "My history" with no signal: its last saved copy, marked as such.
    phone.press_in(Some("Main"), "My history").await;
    phone.wait_for_heading("My history").await;
    phone
        .wait_for_text("No signal: this is your history as last saved on this phone.")
        .await;
    checks
        .page(phone, "no-signal-history", Audience::Member)
        .await;
    phone.press("Today").await;
    phone.wait_for_heading("Today").await;
    phone
        .wait_for_text("This session is saved on this phone and will be sent when there is signal.")
        .await;
    // The same form sent again (a second tab, a resent page) replaces the
    // kept session (same key) rather than keeping two.
    phone
        .js(
            "document.querySelector('form.prescribed').requestSubmit();",
            vec![],
        )
        .await;
    phone
        .wait_for_async(
            "the second tap is kept",
            "const open = indexedDB.open('bridgework', 1);
             open.onsuccess = () => {
               const all = open.result.transaction('outbox').objectStore('outbox').getAll();
               all.onsuccess = () => { open.result.close(); done(all.result.some((e) => e.keptAt !== arguments[0])); };
             };",
            vec![kept[0]["keptAt"].clone()],
        )
        .await;
    phone
        .wait_for_text("Session saved on this phone, will send when there is signal.")
        .await;
    let kept = outbox(phone).await;
    assert_eq!(kept.len(), 1, "still one session kept: {kept:?}");
    assert_eq!(
        sessions_of(app, member_id),
        before,
        "nothing reached the app"
    );

    // Signal, but it drops before the answer: the app stores the session,
    // the phone does not know and keeps it.
    let tries = |kept: Vec<serde_json::Value>| kept.first().and_then(|e| e["tries"].as_u64());
    let tried = tries(outbox(phone).await);
    relay.set(Signal::LosesAnswers);
    phone.network(true).await;
    // allow-wall-clock: how long the phone has had to try
    let start = Instant::now();
    while tries(outbox(phone).await) <= tried {
        assert!(
            start.elapsed().as_secs() < 10,
            "the phone never tried to send"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sessions_of(app, member_id), before + 1, "the app has it");
    assert!(phone
        .text()
        .await
        .contains("Session saved on this phone, will send"));

    // Good signal: the phone sends it again; the app knows the key.
    phone.network(false).await;
    relay.set(Signal::Good);
    phone.network(true).await;
    phone
        .wait_for_text("Sent: your coach has the session saved on this phone.")
        .await;
    assert_eq!(outbox(phone).await.len(), 0, "nothing left on the phone");
    assert_eq!(
        sessions_of(app, member_id),
        before + 1,
        "sent twice, stored once"
    );
    checks.page(phone, "sent", Audience::Member).await;
    phone.press("See what was logged").await;
    phone.wait_for_text("What was logged").await;
    let logged = phone.path().await;
    let newest = {
        let mut conn = app.pool.get().unwrap();
        Session::for_member(&mut conn, member_id)
            .unwrap()
            .into_iter()
            .map(|s| s.row.id)
            .max()
            .unwrap()
    };
    assert_eq!(logged, format!("/sessions/{newest}"));
    checks.note(format!(
        "offline: kept body of {} bytes; first send's answer lost, second send deduplicated",
        body.len()
    ));
}

/// How many buttons with this text are shown.
async fn shown_buttons(page: &Page, text: &str) -> u64 {
    page.js(
        "return [...document.querySelectorAll('button')].filter((b) => b.getClientRects().length > 0 && b.textContent.trim() === arguments[0]).length;",
        vec![json!(text)],
    )
    .await
    .as_u64()
    .unwrap()
}

/// The sessions waiting on the phone (IndexedDB, as the service worker
/// keeps them).
async fn outbox(phone: &Page) -> Vec<serde_json::Value> {
    let found = phone
        .js_async(
            "const open = indexedDB.open('bridgework', 1);
             open.onsuccess = () => {
               const all = open.result.transaction('outbox').objectStore('outbox').getAll();
               all.onsuccess = () => { open.result.close(); done(all.result); };
             };
             open.onerror = () => done([]);",
            vec![],
        )
        .await;
    found.as_array().cloned().unwrap_or_default()
}

fn member_id(app: &TestApp, name: &str) -> i32 {
    use bridgework::schema::members;
    let mut conn = app.pool.get().unwrap();
    members::table
        .select(members::id)
        .filter(members::name.eq(name))
        .first(&mut conn)
        .unwrap()
}

fn sessions_of(app: &TestApp, member_id: i32) -> i64 {
    let mut conn = app.pool.get().unwrap();
    session_logs::table
        .filter(session_logs::member_id.eq(member_id))
        .count()
        .get_result(&mut conn)
        .unwrap()
}

/// Who a page is for: the member's pages must also suit a wet finger on a
/// phone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Audience {
    Public,
    Coach,
    Member,
}

/// The checks every visited page gets, and what they measured.
#[derive(Default)]
struct Checks {
    pages: usize,
    axe_runs: usize,
    smallest: Option<(f64, String, String)>,
    notes: Vec<String>,
    spent: std::time::Duration,
}

impl Checks {
    async fn page(&mut self, page: &Page, step: &str, audience: Audience) {
        // allow-wall-clock: the time checks take, for the summary
        let t0 = Instant::now();
        self.pages += 1;
        let path = page.path().await;
        page.screenshot(step).await;
        assert_eq!(
            page.inline_code().await,
            Vec::<String>::new(),
            "{step} at {path}"
        );
        assert_eq!(page.console_errors().await, Vec::<String>::new(), "{path}");
        let home = page.screen();
        for (screen, dark) in [
            (Screen::Phone, false),
            (Screen::Desktop, false),
            (home, true),
        ] {
            page.show_as(screen).await;
            page.dark_mode(dark).await;
            if let Some(bad) = page.axe().await {
                self.axe_runs += 1;
                assert!(
                    bad.is_empty(),
                    "axe on {path} ({}{}): {bad:#?}",
                    screen.name(),
                    if dark { ", dark" } else { "" }
                );
            }
        }
        page.dark_mode(false).await;
        if audience != Audience::Coach {
            page.show_as(Screen::Phone).await;
            let targets = page.targets().await;
            if let Some(t) = targets
                .iter()
                .min_by(|a, b| a.width.min(a.height).total_cmp(&b.width.min(b.height)))
            {
                self.note(format!(
                    "{step}: {} controls, smallest {} {:.0}x{:.0} px",
                    targets.len(),
                    t.what,
                    t.width,
                    t.height
                ));
                let size = t.width.min(t.height);
                if self.smallest.as_ref().is_none_or(|(s, _, _)| size < *s) {
                    self.smallest = Some((size, t.what.clone(), path.clone()));
                }
            }
            let labels: Vec<&kit::Target> = targets
                .iter()
                .filter(|t| t.what.starts_with("label"))
                .collect();
            if let Some(t) = labels.iter().min_by(|a, b| a.height.total_cmp(&b.height)) {
                self.note(format!(
                    "{step}: {} checkbox/radio choices with their labels, the smallest {} {:.0}x{:.0} px",
                    labels.len(),
                    t.what,
                    t.width,
                    t.height
                ));
            }
            if let Some(t) = targets.iter().find(|t| t.what.contains("\"Log out\"")) {
                self.note(format!("{step}: Log out {:.0}x{:.0} px", t.width, t.height));
            }
            let small: Vec<String> = targets
                .into_iter()
                .filter(|t| t.width < MIN_TARGET || t.height < MIN_TARGET)
                .map(|t| format!("{} {:.0}x{:.0}", t.what, t.width, t.height))
                .collect();
            assert!(
                small.is_empty(),
                "controls under {MIN_TARGET}x{MIN_TARGET} px on {path}: {small:#?}"
            );
            if let Some(overflow) = page.scrolls_sideways_at_text_zoom(2.0).await {
                panic!("{path} scrolls sideways at 200% text: {overflow}");
            }
        }
        page.show_as(home).await;
        self.spent += t0.elapsed();
    }

    /// On today's page the one-tap log (or, once today's session is logged,
    /// the note saying so) comes before the cues and shows without scrolling
    /// on the phone.
    async fn primary_action_before_cues(&mut self, phone: &Page) {
        let found = phone
            .js(
                "const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Done as prescribed') ?? document.querySelector('.already-logged');
                 const cues = [...document.querySelectorAll('summary')].find((h) => h.textContent.trim() === 'Cues and mistakes to avoid');
                 return [button.getBoundingClientRect().bottom + window.scrollY, cues.getBoundingClientRect().top + window.scrollY, window.innerHeight];",
                vec![],
            )
            .await;
        let (bottom, cues, viewport) = (
            found[0].as_f64().unwrap(),
            found[1].as_f64().unwrap(),
            found[2].as_f64().unwrap(),
        );
        assert!(
            bottom < cues,
            "\"Done as prescribed\" ends at {bottom} px, the cues start at {cues} px"
        );
        assert!(
            bottom <= viewport,
            "\"Done as prescribed\" ends at {bottom} px, below the first {viewport} px"
        );
        self.note(format!(
            "\"Done as prescribed\" ends {bottom:.0} px down ({viewport:.0} px viewport); the cues start at {cues:.0} px"
        ));
    }

    fn note(&mut self, note: String) {
        println!("{note}");
        self.notes.push(note);
    }

    fn summary(&self, started: Instant) {
        println!(
            "browser suite: {} pages checked ({:.1} s), {} axe-core runs, {:.1} s in all",
            self.pages,
            self.spent.as_secs_f64(),
            self.axe_runs,
            started.elapsed().as_secs_f64()
        );
        if let Some((size, what, path)) = &self.smallest {
            println!("smallest member-side control: {what} on {path}, {size:.0} px across");
        }
    }
}
