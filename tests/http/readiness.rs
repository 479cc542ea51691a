//! Issue 19, item 4: readiness on shift. Before logging, a member can say
//! the shift has been hard; a poor answer offers a lighter session (fewer
//! sets, no load increase, the same movement) that counts as done for
//! adherence, never toward moving up. The coach sees the trend.

use chrono::Duration;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{log_sets, member_at};

/// Today's page after a hard night: barely slept, some soreness, 3+ calls.
const HARD_NIGHT: &str = "/?shift=hard&sleep=barely&soreness=some&calls=many";

/// Taps "done as prescribed" on `page` (the readiness answers ride along in
/// the form); the result page's headline.
async fn tap_on(phone: &TestApp, page: &str) -> String {
    text(&tap(phone, page).await, ".headline")
}

/// Taps "done as prescribed" on `page`; the result page.
pub async fn tap(phone: &TestApp, page: &str) -> scraper::Html {
    let doc = phone.get_html(page).await;
    let mut fields: Vec<(String, String)> = Vec::new();
    for input in
        doc.select(&scraper::Selector::parse("form.prescribed input[type=hidden]").unwrap())
    {
        let v = input.value();
        fields.push((
            v.attr("name").unwrap_or("").to_string(),
            v.attr("value").unwrap_or("").to_string(),
        ));
    }
    assert!(!fields.is_empty(), "no one-tap form on {page}");
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = phone.post_raw("/log", &fields).await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "logged from {page}"
    );
    phone.get_html(&location(&response)).await
}

#[actix_web::test]
async fn a_hard_shift_offers_a_lighter_session_and_the_full_one_stays_a_tap_away() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, true).await;

    // The check sits before logging: one tap for fine, three questions for hard.
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, ".readiness a.shift-fine"), 1);
    assert_eq!(
        count(&doc, ".readiness form.hard-shift input[name=sleep]"),
        3
    );
    assert_eq!(
        count(&doc, ".readiness form.hard-shift input[name=soreness]"),
        3
    );
    assert_eq!(
        count(&doc, ".readiness form.hard-shift input[name=calls]"),
        3
    );
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");

    // A poor answer: the same movement, fewer sets, and why.
    let doc = phone.get_html(HARD_NIGHT).await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Bodyweight hip thrust"
    );
    assert_eq!(text(&doc, ".prescription-dose"), "2 x 20");
    let why = text(&doc, ".prescription .lighter-why");
    for part in [
        "barely slept",
        "3+ calls",
        "2 sets instead of 3",
        "adherence",
    ] {
        assert!(why.contains(part), "{part} in {why}");
    }
    assert!(
        text(&doc, "form.prescribed .hint").contains("2 sets"),
        "{}",
        text(&doc, "form.prescribed .hint")
    );

    // The member can still choose the full session.
    let full = attr(&doc, ".prescription a.full-session", "href").expect("a full-session link");
    let doc = phone.get_html(&full).await;
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");
    assert_eq!(count(&doc, ".lighter-why"), 0);
    assert_eq!(count(&doc, ".prescription a.lighter-session"), 1);

    // Fine, or a hard shift that was not that hard: the full session.
    let doc = phone.get_html("/?shift=fine").await;
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");
    assert_eq!(count(&doc, ".readiness form.hard-shift"), 0);
    let doc = phone
        .get_html("/?shift=hard&sleep=short&soreness=none&calls=none")
        .await;
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");
    assert_eq!(count(&doc, ".lighter-why"), 0);

    // A coach logging for the member on a station tablet has the same check.
    let log_page = format!("/crew/{}/log", member.id);
    let doc = app.get_html(&log_page).await;
    assert_eq!(
        attr(&doc, ".readiness form.hard-shift", "action"),
        None,
        "the check comes back to the page it is on"
    );
    assert_eq!(
        attr(&doc, ".readiness a.shift-fine", "href"),
        Some(format!("{log_page}?shift=fine"))
    );
    let doc = app
        .get_html(&format!(
            "{log_page}?shift=hard&sleep=barely&soreness=some&calls=many"
        ))
        .await;
    assert_eq!(text(&doc, ".prescription-dose"), "2 x 20");
    let full = attr(&doc, "a.full-session", "href").unwrap();
    assert!(full.starts_with(&format!("{log_page}?")), "{full}");
}

#[actix_web::test]
async fn a_hard_shift_with_a_missing_answer_says_so_beside_it_and_keeps_the_others() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 3, true).await;
    let doc = phone
        .get_html("/?shift=hard&sleep=barely&calls=bogus")
        .await;
    assert_eq!(count(&doc, ".readiness .field-error"), 2);
    assert_eq!(
        count(
            &doc,
            "form.hard-shift input[name=sleep][value=barely][checked]"
        ),
        1
    );
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");
}

#[actix_web::test]
async fn a_lighter_session_counts_for_adherence_but_never_moves_an_auto_advance_member_up() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    assert_eq!(tap_on(&phone, "/").await, "Same stage next session");

    // A full session here would move them up (two clean in a row); the lighter one does not.
    app.clock.advance(Duration::days(3));
    let doc = tap(&phone, HARD_NIGHT).await;
    assert_eq!(text(&doc, ".headline"), "Same stage next session");
    assert!(text(&doc, ".lighter-done").contains("not toward moving up"));
    assert_eq!(count(&doc, ".logged-sets tbody tr"), 2, "two sets logged");

    // It counted as done: two sessions in the window, both filling a slot.
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html("/roster").await;
    let adherence = text(&doc, "table.roster td.adherence");
    assert!(adherence.starts_with("2/"), "{adherence}");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(text(&doc, ".stage-number"), "1");
    assert_eq!(count(&doc, ".flag-ready_to_advance"), 0);
    let outcomes = texts(&doc, "table.sessions td.outcome");
    assert_eq!(
        outcomes[0], "Lighter session (hard shift): done, not toward moving up",
        "{outcomes:?}"
    );

    // Nor was it a failure: the next full session completes the run.
    app.clock.advance(Duration::days(3));
    assert_eq!(tap_on(&phone, "/").await, "Moving up to stage 2 of 7");
}

#[actix_web::test]
async fn a_lighter_session_never_raises_the_load() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 6, false).await;
    // 5 x 5 on the empty bar earns a step.
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "45 lb");
    tap_on(&phone, "/").await;
    app.clock.advance(Duration::days(3));
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "50 lb");

    // After a hard night: fewer sets, and the load stays where it was.
    let doc = phone.get_html(HARD_NIGHT).await;
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 5");
    assert_eq!(text(&doc, ".prescription-load"), "45 lb");
    let why = text(&doc, ".lighter-why");
    assert!(why.contains("no load increase"), "{why}");
    tap_on(&phone, HARD_NIGHT).await;

    // The lighter session earned nothing: the step waits for a full session.
    app.clock.advance(Duration::days(3));
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "50 lb");
    assert_eq!(text(&doc, ".prescription-dose"), "5 x 5");
}

#[actix_web::test]
async fn the_coach_sees_the_readiness_trend_on_the_member_page() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, true).await;
    tap_on(&phone, "/?shift=fine").await;
    app.clock.advance(Duration::days(3));
    tap_on(&phone, HARD_NIGHT).await;
    app.clock.advance(Duration::days(3));
    // A hard shift, but the member chose the full session.
    let doc = phone.get_html(HARD_NIGHT).await;
    let full = attr(&doc, "a.full-session", "href").unwrap();
    tap_on(&phone, &full).await;

    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    let weeks = texts(&doc, ".readiness-trend tbody tr");
    assert_eq!(weeks.len(), 8, "{weeks:?}");
    let hard: u32 = texts(&doc, ".readiness-trend td.hard-shifts")
        .iter()
        .map(|t| t.parse::<u32>().unwrap())
        .sum();
    let lighter: u32 = texts(&doc, ".readiness-trend td.lighter-sessions")
        .iter()
        .map(|t| t.parse::<u32>().unwrap())
        .sum();
    assert_eq!((hard, lighter), (2, 1));
    let recent = texts(&doc, ".readiness-recent li");
    assert_eq!(recent.len(), 3, "{recent:?}");
    assert!(recent[0].contains("barely slept"), "{recent:?}");
    assert!(recent[0].contains("full session"), "{recent:?}");
    assert!(recent[1].contains("lighter session"), "{recent:?}");
    assert!(recent[2].contains("fine"), "{recent:?}");

    // The session log download carries the answers, one line per set.
    let response = app
        .get(&format!("/exports/sessions.csv?member={}", member.id))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (said, lighter) = (at("Readiness on shift"), at("Lighter session"));
    let lines: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[said].to_string(), r[lighter].to_string())
        })
        .collect();
    let count_of = |s: &str, l: &str| {
        lines
            .iter()
            .filter(|(a, b)| a.starts_with(s) && b == l)
            .count()
    };
    assert_eq!(count_of("Shift's been fine", "no"), 3, "{lines:?}");
    assert_eq!(count_of("Hard shift: barely slept", "yes"), 2, "{lines:?}");
    assert_eq!(count_of("Hard shift: barely slept", "no"), 3, "{lines:?}");
}

#[actix_web::test]
async fn skipping_the_check_still_logs() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    assert_eq!(tap_on(&phone, "/").await, "Same stage next session");
    app.clock.advance(Duration::days(3));
    assert_eq!(tap_on(&phone, "/").await, "Moving up to stage 2 of 7");
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(count(&doc, ".readiness-recent li"), 0);
    assert_eq!(count(&doc, ".readiness-trend"), 1);
}

#[actix_web::test]
async fn a_refused_answer_in_the_log_form_saves_nothing_and_says_why() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 3, true).await;
    let doc = phone.get_html("/").await;
    let key = attr(&doc, "form.prescribed input[name=key]", "value").unwrap();
    let token = attr(&doc, "form.prescribed input[name=csrf_token]", "value").unwrap();
    let response = phone
        .post_raw(
            "/log",
            &[
                ("csrf_token", &token),
                ("action", "prescribed"),
                ("key", &key),
                ("shift", "hard"),
                ("sleep", "bogus"),
                ("soreness", "some"),
                ("calls", "many"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(count(&doc, ".readiness .field-error"), 1);
    assert_eq!(
        count(
            &doc,
            "form.hard-shift input[name=calls][value=many][checked]"
        ),
        1,
        "the other answers are kept"
    );
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, ".already-logged"), 0, "nothing saved");
    assert_eq!(count(&doc, "form.prescribed"), 1);
}

#[actix_web::test]
async fn a_toned_out_lighter_session_is_finished_as_the_lighter_one() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 3, true).await;
    let doc = phone.get_html(HARD_NIGHT).await;
    assert_eq!(count(&doc, "form.log-form fieldset.set"), 2);
    assert_eq!(
        count(&doc, "form.log-form input[name=shift][value=hard]"),
        1,
        "the answers ride along in the per-set form"
    );
    let mut fields = vec![
        ("reps", "20"),
        ("hold", "1"),
        ("reps", ""),
        ("hold", "1"),
        ("pain", "none"),
    ];
    fields.extend([
        ("shift", "hard"),
        ("sleep", "barely"),
        ("soreness", "some"),
        ("calls", "many"),
    ]);
    let response = log_sets(&phone, HARD_NIGHT, "partial", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    // Back from the call, the plain page: still the lighter session, to finish.
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-dose"), "2 x 20");
    assert_eq!(count(&doc, ".lighter-why"), 1);
    assert_eq!(
        count(&doc, "form.log-form input[name=shift][value=hard]"),
        1
    );
}

/// The engine reads a bounded history when a session is logged; a long run
/// of lighter sessions (a bad month of nights) must not push the last
/// qualifying session out of it.
#[actix_web::test]
async fn a_month_of_lighter_sessions_neither_counts_nor_breaks_the_run() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, true).await;
    assert_eq!(tap_on(&phone, "/").await, "Same stage next session");
    for _ in 0..9 {
        app.clock.advance(Duration::days(3));
        assert_eq!(tap_on(&phone, HARD_NIGHT).await, "Same stage next session");
    }
    app.clock.advance(Duration::days(3));
    assert_eq!(tap_on(&phone, "/").await, "Moving up to stage 2 of 7");
}
