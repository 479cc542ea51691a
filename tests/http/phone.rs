//! The member's pages on a phone (issue 21, items 4 to 9): today's first
//! screen (the one tap with its red flags, the coaching folded), errors a
//! person can see, the way forward, history as cards, range tests in plain
//! words and the stage's demonstration.

use chrono::Duration;
use reqwest::StatusCode;

use bridgework::domain::today::day_text;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// The first screen: status, prescription, the one tap and right after it
/// the "stop if" red flags; cues and mistakes folded (details/summary,
/// no script needed) above the per-set form.
#[actix_web::test]
async fn the_first_screen_has_the_one_tap_beside_the_red_flags_and_folds_the_cues() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, "form.prescribed + section.stop-if"), 1);
    assert_eq!(count(&doc, "section.stop-if ul.red-flags li"), 3);
    assert_eq!(text(&doc, "section.stop-if h2"), "Stop if");
    // Folded, and above the per-set form.
    assert_eq!(
        text(&doc, "details.coaching > summary"),
        "Cues and mistakes to avoid"
    );
    assert!(count(&doc, "details.coaching ul.cues li") >= 4);
    assert!(count(&doc, "details.coaching ul.mistakes li") >= 4);
    assert_eq!(count(&doc, "details.coaching[open]"), 0);
    assert_eq!(count(&doc, "details.coaching ~ form.log-form"), 1);
    assert_eq!(count(&doc, "form.log-form ~ details.coaching"), 0);
}

/// A refused save: a summary at the top of the form, focusable, one link
/// per field in error to that field; everything typed is kept.
#[actix_web::test]
async fn a_refused_save_puts_a_summary_linking_each_field_at_the_top_of_the_form() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[
            ("reps", "20"),
            ("reps", "2O"),
            ("reps", "18"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("effort", "11"),
            ("note", "bay floor was wet"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    // The summary is the form's first thing after its hidden fields.
    assert_eq!(
        count(&doc, "form.log-form > input[type=hidden] + .error-summary"),
        1
    );
    assert_eq!(
        attr(&doc, ".error-summary", "tabindex").as_deref(),
        Some("-1")
    );
    assert_eq!(
        text(&doc, ".error-summary h2"),
        "Nothing was saved: 2 things to fix"
    );
    let links: Vec<String> = doc
        .select(&scraper::Selector::parse(".error-summary li a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links, vec!["#reps_2", "#effort"]);
    for link in &links {
        assert_eq!(count(&doc, link), 1, "{link} names a field on the page");
    }
    assert!(text(&doc, ".error-summary li a[href='#reps_2']").starts_with("Set 2, reps:"));
    // What was typed is kept.
    assert_eq!(attr(&doc, "#reps_1", "value").as_deref(), Some("20"));
    assert_eq!(attr(&doc, "#reps_2", "value").as_deref(), Some("2O"));
    assert_eq!(attr(&doc, "#reps_3", "value").as_deref(), Some("18"));
    assert_eq!(attr(&doc, "#effort", "value").as_deref(), Some("11"));
    assert_eq!(text(&doc, "#note"), "bay floor was wet");

    // A session with no reps at all links to the first set's box.
    let doc = html(log_sets(&phone, "/", "finished", &[("pain", "none")]).await).await;
    assert_eq!(
        attr(&doc, ".error-summary li a", "href").as_deref(),
        Some("#reps_1")
    );
    // A good page has no summary.
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, ".error-summary"), 0);
}

/// Empty reps boxes are empty: no grey number that looks filled in; the
/// target is a visible hint instead.
#[actix_web::test]
async fn reps_boxes_carry_no_placeholder_numbers_and_the_target_is_a_hint() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 2, false).await;
    let doc = phone.get_html("/").await;
    let placeholders: Vec<String> = doc
        .select(&scraper::Selector::parse("form.log-form [placeholder]").unwrap())
        .map(|e| e.value().attr("placeholder").unwrap().to_string())
        .collect();
    assert!(
        placeholders
            .iter()
            .all(|p| !p.chars().any(|c| c.is_ascii_digit())),
        "{placeholders:?}"
    );
    assert_eq!(
        text(&doc, "form.log-form .sets-hint"),
        "Target: 15 reps a set on each leg. Leave a set empty if you did not do it."
    );
}

/// The way forward: how many more sessions like this one move the member
/// up (the engine's own count), the last three sessions and the next
/// planned day.
#[actix_web::test]
async fn today_says_how_close_the_next_stage_is_the_last_three_sessions_and_the_next_day() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".forward .to-move-up"),
        "2 sessions in a row that meet the standard move you up to stage 2."
    );
    assert_eq!(
        text(&doc, ".forward .standard"),
        "What counts: 3 x 20 with the 2 s hold, felt only in the glutes, no pain or cramp, good form."
    );
    assert_eq!(count(&doc, ".forward .recent li"), 0);

    assert_eq!(
        done_as_prescribed(&phone).await.status(),
        StatusCode::SEE_OTHER
    );
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".forward .to-move-up"),
        "1 more session like today to move up to stage 2."
    );
    let next = text(&doc, ".forward .next-session");
    assert!(next.starts_with("Next session: "), "{next}");

    // Four sessions two days apart: the three newest, newest first.
    for _ in 0..3 {
        app.clock.advance(Duration::days(2));
        log_sets(
            &phone,
            "/",
            "finished",
            &[
                ("reps", "20"),
                ("reps", "20"),
                ("reps", "12"),
                ("felt", "glutes"),
                ("pain", "none"),
            ],
        )
        .await;
    }
    let doc = phone.get_html("/").await;
    let recent = texts(&doc, ".forward .recent li");
    assert_eq!(recent.len(), 3, "{recent:?}");
    let today = app.today();
    assert!(recent[0].starts_with(&day_text(today)), "{recent:?}");
    assert!(recent[0].contains("20, 20, 12"), "{recent:?}");
    assert_eq!(
        text(&doc, ".forward .to-move-up"),
        "2 sessions in a row that meet the standard move you up to stage 2."
    );
    let planned = text(&doc, ".forward .next-session");
    let after = today + Duration::days(1);
    assert!(planned.starts_with("Next session: "), "{planned}");
    assert!(!planned.contains(&day_text(today)), "{planned} {after}");
}

/// "My history" on a phone: a card per session (date, outcome, dose, where
/// felt, pain), the charts before the list, no table to scroll sideways.
#[actix_web::test]
async fn history_shows_a_card_per_session_with_its_outcome_dose_felt_and_pain() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(2));
    log_sets(
        &phone,
        "/",
        "finished",
        &[
            ("reps", "20"),
            ("reps", "18"),
            ("reps", ""),
            ("felt", "hamstrings"),
            ("pain", "none"),
        ],
    )
    .await;
    let doc = phone.get_html("/history").await;
    assert_eq!(
        count(&doc, "main table"),
        0,
        "no table on the member's history"
    );
    assert_eq!(count(&doc, ".session-card"), 2);
    let newest = app.today();
    assert_eq!(
        texts(&doc, ".session-card .card-date"),
        vec![day_text(newest), day_text(newest - Duration::days(2))]
    );
    assert_eq!(
        texts(&doc, ".session-card .outcome"),
        vec!["Same stage next session", "Same stage next session"]
    );
    assert_eq!(
        texts(&doc, ".session-card .dose"),
        vec![
            "Stage 1: 20, 18 · bodyweight",
            "Stage 1: 20, 20, 20 · bodyweight"
        ]
    );
    assert_eq!(
        texts(&doc, ".session-card .felt"),
        vec!["Hamstrings (back of the thigh)", "Glutes"]
    );
    assert_eq!(
        texts(&doc, ".session-card .pain"),
        vec!["No pain", "No pain"]
    );
    // The charts come before the list.
    assert_eq!(
        count(&doc, "section:has(svg.chart) ~ section .session-cards"),
        1
    );
}

/// The member's range tests read in plain words, from the test's own
/// analysis: each side's true extension, its share of the two-leg bridge
/// and what follows.
#[actix_web::test]
async fn range_tests_read_in_plain_words_for_the_member() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
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
                ("hugged_left", "2.0"),
                ("hugged_right", "6.0"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let expect = vec![
        "Left: 2.0 in of true hip extension, a quarter of your two-leg bridge: your coach will keep you on bodyweight work.",
        "Right: 6.0 in of true hip extension, about three quarters of your two-leg bridge: nothing to change on this side.",
    ];
    for path in ["/me/range-tests", "/history"] {
        let doc = phone.get_html(path).await;
        assert_eq!(count(&doc, "main table"), 0, "{path}");
        assert_eq!(texts(&doc, ".range-reading .reading li"), expect, "{path}");
    }
    // The coach keeps the table.
    let doc = app
        .get_html(&format!("/crew/{}/range-tests", member.id))
        .await;
    assert_eq!(count(&doc, "tr.range-test"), 1);
}

const BOUNDARY: &str = "----bridgeworkTestBoundary7MA4YWxk";

/// POSTs a multipart form as a browser's file upload would: the CSRF token
/// (when given) and one file field.
async fn upload(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    (filename, content_type, bytes): (&str, &str, &[u8]),
) -> reqwest::Response {
    let mut body = Vec::new();
    if let Some(token) = token {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    app.client
        .post(app.url(path))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .expect("POST")
}

const PNG: &[u8] = include_bytes!("../../static/icon-192.png");
const VIDEO: &str = "https://video.riverside-fire.example/floor-bridge.mp4";

/// A coach sets a stage's demonstration on the catalog page (an image the
/// app keeps and a link to the department's video); the catalog and the
/// member's today page show it, and the image is served as what its bytes
/// are.
#[actix_web::test]
async fn a_coach_sets_a_stages_demonstration_and_the_member_sees_it_today() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let doc = app.get_html("/catalog/1").await;
    assert_eq!(count(&doc, ".demo"), 0);
    assert_eq!(count(&doc, ".no-demonstration"), 1);
    assert_eq!(count(&phone.get_html("/").await, ".demonstration"), 0);

    let token = app.csrf_token("/catalog/1").await;
    let response = upload(
        &app,
        "/catalog/1/demonstration/image",
        Some(&token),
        ("bridge.png", "image/png", PNG),
    )
    .await;
    assert_redirect(&response, "/catalog/1");
    let response = app
        .submit(
            "/catalog/1",
            "/catalog/1/demonstration/video",
            &[("video_url", VIDEO)],
        )
        .await;
    assert_redirect(&response, "/catalog/1");

    let doc = app.get_html("/catalog/1").await;
    let src = attr(&doc, ".demonstration img.demo-image", "src").unwrap();
    assert!(src.starts_with("/catalog/1/demonstration.img?v="), "{src}");
    assert_eq!(
        attr(&doc, ".demonstration a.demo-video", "href").as_deref(),
        Some(VIDEO)
    );
    assert_eq!(attr(&doc, "#video_url", "value").as_deref(), Some(VIDEO));

    let today = phone.get_html("/").await;
    assert_eq!(
        attr(&today, ".demonstration img.demo-image", "src"),
        Some(src.clone())
    );
    assert!(!attr(&today, ".demonstration img.demo-image", "alt")
        .unwrap()
        .is_empty());
    assert_eq!(
        attr(&today, ".demonstration a.demo-video", "href").as_deref(),
        Some(VIDEO)
    );
    let image = phone.get(&src).await;
    assert_eq!(image.status(), StatusCode::OK);
    let header = |name: &str| {
        image
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(header("content-type"), "image/png");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);

    // Removing the image keeps the video.
    let response = app
        .submit("/catalog/1", "/catalog/1/demonstration/image/remove", &[])
        .await;
    assert_redirect(&response, "/catalog/1");
    let today = phone.get_html("/").await;
    assert_eq!(count(&today, ".demonstration img"), 0);
    assert_eq!(count(&today, ".demonstration a.demo-video"), 1);
    assert_eq!(phone.get(&src).await.status(), StatusCode::NOT_FOUND);
}

/// An http: link, a file that is not a PNG, JPEG or WebP (whatever it is
/// called), a form without its token, a member, an unknown stage: refused,
/// with a message beside the field and nothing saved.
#[actix_web::test]
async fn a_demonstration_refuses_an_http_link_a_file_that_is_not_an_image_and_strangers() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let http = "http://video.riverside-fire.example/floor-bridge.mp4";
    let response = app
        .submit(
            "/catalog/1",
            "/catalog/1/demonstration/video",
            &[("video_url", http)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "#video_url-error"),
        "Only https links are accepted: the address must start with https://"
    );
    assert_eq!(attr(&doc, "#video_url", "value").as_deref(), Some(http));

    let token = app.csrf_token("/catalog/1").await;
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    let response = upload(
        &app,
        "/catalog/1/demonstration/image",
        Some(&token),
        ("bridge.png", "image/png", svg),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "#image-error"),
        "Only PNG, JPEG or WebP images can be shown on the phones."
    );
    let too_big = [PNG, &vec![0u8; 2 * 1024 * 1024]].concat();
    let response = upload(
        &app,
        "/catalog/1/demonstration/image",
        Some(&token),
        ("bridge.png", "image/png", &too_big),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&html(response).await, "#image-error").starts_with("The image is larger than 2 MB")
    );
    let response = upload(
        &app,
        "/catalog/1/demonstration/image",
        None,
        ("bridge.png", "image/png", PNG),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = app.get_html("/catalog/1").await;
    assert_eq!(count(&doc, ".demo"), 0, "nothing saved");

    // A member may not set one; an unknown stage is not found.
    let member_token = phone.csrf_token("/").await;
    let response = phone
        .post_raw(
            "/catalog/1/demonstration/video",
            &[("csrf_token", &member_token), ("video_url", VIDEO)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = upload(
        &phone,
        "/catalog/1/demonstration/image",
        Some(&member_token),
        ("bridge.png", "image/png", PNG),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app
        .submit(
            "/catalog/1",
            "/catalog/99/demonstration/video",
            &[("video_url", VIDEO)],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/catalog/1/demonstration.img").await.status(),
        StatusCode::NOT_FOUND
    );
}
