//! Issue 19: the progression follows the range test, the red flags and the
//! hold. Each rule through the real forms, the way a member or a coach
//! would meet it.

use chrono::Duration;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// The coach (logged in on `app`) records a range test through the form:
/// heights A, B left, B right, C left, C right, in inches.
async fn record_range_test(app: &TestApp, member_id: i32, date: &str, heights: [&str; 5]) {
    let page = format!("/crew/{member_id}/range-tests/new");
    let names = [
        "double_leg",
        "ninety_left",
        "ninety_right",
        "hugged_left",
        "hugged_right",
    ];
    let mut fields = vec![("tested_on", date), ("pain", "no")];
    fields.extend(names.into_iter().zip(heights));
    let response = app.submit(&page, &page, &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "test saved");
}

/// Taps "done as prescribed" `times` times, two days apart; the headlines read.
async fn tap_sessions(app: &TestApp, phone: &TestApp, times: usize) -> Vec<String> {
    let mut headlines = Vec::new();
    for _ in 0..times {
        let response = done_as_prescribed(phone).await;
        let doc = phone.get_html(&location(&response)).await;
        headlines.push(text(&doc, ".headline"));
        app.clock.advance(Duration::days(2));
    }
    headlines
}

// ---- Rule 1: the range test gates loading ---------------------------------

#[actix_web::test]
async fn rule1_near_zero_extension_holds_loading_until_a_newer_test_lifts_it() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 4, true).await;
    let today = app.today().to_string();
    record_range_test(&app, member.id, &today, ["10", "8", "8", "1", "8"]).await;

    // Clean sessions up the 8-12 range and past it: never into stage 5.
    let headlines = tap_sessions(&app, &phone, 7).await;
    assert!(
        headlines.iter().all(|h| h == "Same stage next session"),
        "{headlines:?}"
    );
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg hip thrust"
    );
    let why = text(&doc, ".loading-hold");
    for part in ["1 in left", "10 in", "25%", "bridging", "hip mobility"] {
        assert!(why.contains(part), "{part} in {why}");
    }
    // Two weeks on, the coach signs in again.
    assert_redirect(&app.login("coach@station.test").await, "/");
    let coach_page = format!("/crew/{}", member.id);
    let doc = app.get_html(&coach_page).await;
    assert_eq!(text(&doc, ".stage-number"), "4");
    assert_eq!(count(&doc, ".flag-ready_to_advance"), 0);
    let why = text(&doc, ".loading-hold");
    for part in ["1 in left", "10 in", "25%", "hip mobility"] {
        assert!(why.contains(part), "{part} in {why}");
    }

    // A newer test without the flag lifts the hold: the next clean session moves up.
    let later = app.today().to_string();
    record_range_test(&app, member.id, &later, ["10", "8", "8", "7", "8"]).await;
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, ".loading-hold"), 0);
    let headlines = tap_sessions(&app, &phone, 1).await;
    assert_eq!(headlines, ["Moving up to stage 5 of 7"]);
}

#[actix_web::test]
async fn rule1_a_coach_advances_a_held_member_only_with_a_reason_the_timeline_keeps() {
    let app = spawn_app().await;
    let (_phone, member) = member_at(&app, "riley@station.test", 4, false).await;
    let today = app.today().to_string();
    record_range_test(&app, member.id, &today, ["10", "8", "8", "8", "1.5"]).await;
    let coach_page = format!("/crew/{}", member.id);
    let stage_url = format!("/crew/{}/stage", member.id);

    let response = app
        .submit(
            &coach_page,
            &stage_url,
            &[("action", "advance"), ("note", "  ")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert!(
        text(&doc, ".field-error").contains("range test"),
        "{}",
        text(&doc, ".field-error")
    );
    assert_eq!(text(&doc, ".stage-number"), "4");

    let response = app
        .submit(
            &coach_page,
            &stage_url,
            &[
                ("action", "advance"),
                ("note", "Hip mobility came back; form checked"),
            ],
        )
        .await;
    assert_redirect(&response, &coach_page);
    let doc = app.get_html(&coach_page).await;
    assert_eq!(text(&doc, ".stage-number"), "5");
    let timeline = texts(&doc, ".timeline-entry").join("\n");
    assert!(
        timeline.contains("Hip mobility came back; form checked"),
        "{timeline}"
    );
}

// ---- Rule 2: a hamstring cramp that repeats ---------------------------------

/// The per-set form at stage 3 (3 x 20, 1 s pause) with a hamstring cramp.
fn cramped_stage3() -> Vec<(&'static str, &'static str)> {
    let mut fields = Vec::new();
    for _ in 0..3 {
        fields.extend([("reps", "20"), ("hold", "1")]);
    }
    fields.extend([
        ("felt", "hamstrings"),
        ("cramp", "on"),
        ("pain", "none"),
        ("good_form", "on"),
    ]);
    fields
}

#[actix_web::test]
async fn rule2_a_second_cramp_sends_the_next_session_to_floor_bridges_and_neither_counts() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, true).await;
    log_sets(&phone, "/", "finished", &cramped_stage3()).await;
    app.clock.advance(Duration::days(2));
    let response = log_sets(&phone, "/", "finished", &cramped_stage3()).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(count(&doc, ".floor-bridges"), 1);

    // The next session is the floor glute bridge at its own dose.
    app.clock.advance(Duration::days(2));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge"
    );
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");
    assert_eq!(text(&doc, ".hold"), "Hold 2 s at the top of each rep");
    assert!(
        text(&doc, ".cramp-regression").contains("stage 3"),
        "{}",
        text(&doc, ".cramp-regression")
    );
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Same stage next session");

    // Then back to their stage; the two cramped sessions never counted.
    app.clock.advance(Duration::days(2));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Bodyweight hip thrust"
    );
    assert_eq!(count(&doc, ".cramp-regression"), 0);
    let headlines = tap_sessions(&app, &phone, 2).await;
    assert_eq!(
        headlines,
        ["Same stage next session", "Moving up to stage 4 of 7"]
    );

    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(count(&doc, ".flag-repeated_cramp"), 1);
}

// ---- Rule 5: hold -------------------------------------------------------------

/// The coach (logged in on `app`) puts `member_id` on hold until `until`.
async fn put_on_hold(app: &TestApp, member_id: i32, until: &str, reason: &str) {
    let page = format!("/crew/{member_id}");
    let response = app
        .submit(
            &page,
            &format!("/crew/{member_id}/hold"),
            &[("until", until), ("reason", reason)],
        )
        .await;
    assert_redirect(&response, &page);
}

#[actix_web::test]
async fn rule5_a_hold_of_five_weeks_pauses_everything_and_resumes_one_stage_back() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 4, false).await;
    let coach_page = format!("/crew/{}", member.id);
    // From today to 34 days on: five weeks.
    let until = app.today() + Duration::days(34);
    put_on_hold(&app, member.id, &until.to_string(), "Knee injury, off duty").await;

    let doc = phone.get_html("/").await;
    let due = text(&doc, ".due");
    assert!(due.starts_with("On hold until"), "{due}");
    assert!(due.contains("Knee injury, off duty"), "{due}");
    assert_eq!(count(&doc, ".due-today"), 0);
    let doc = app.get_html(&coach_page).await;
    assert!(text(&doc, ".on-hold").contains("Knee injury, off duty"));

    // Three weeks into the hold: no inactivity flag, no stall, and the
    // planned days inside the hold are not counted against the member.
    app.clock.advance(Duration::days(21));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html("/roster").await;
    let row = texts(&doc, "table.roster tbody tr").join("\n");
    assert!(row.contains("riley@station.test"), "{row}");
    assert!(!row.contains("No session in 14 days"), "{row}");
    assert!(!row.contains("Stalled"), "{row}");
    let adherence = text(&doc, "table.roster td.adherence");
    assert!(
        adherence.starts_with("0/") && !adherence.contains("0/0"),
        "{adherence}"
    );
    let scheduled: u32 = adherence[2..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(99);
    assert!(scheduled <= 2, "only the days before the hold: {adherence}");

    // The day after the hold: one stage back, and the page says why.
    app.clock.advance(Duration::days(14));
    assert_redirect(&phone.login("riley@station.test").await, "/");
    let doc = phone.get_html("/").await;
    let due = text(&doc, ".due");
    assert!(!due.contains("On hold"), "{due} on {}", app.today());
    let back = text(&doc, ".back-from-hold");
    assert!(back.contains("one stage back"), "{back}");
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Bodyweight hip thrust"
    );
    assert_redirect(&app.login("coach@station.test").await, "/");
    let sweep = {
        let mut conn = app.pool.get().unwrap();
        let department = bridgework::models::department::Department::get(&mut conn).unwrap();
        bridgework::app::stage::restore_due_regressions(&mut conn, &department, app.clock.now())
            .unwrap()
    };
    assert_eq!(sweep, 1, "the sweep writes the return");
    let doc = app.get_html(&coach_page).await;
    assert_eq!(text(&doc, ".stage-number"), "3");
    assert_eq!(count(&doc, ".on-hold"), 0);
    let timeline = texts(&doc, ".timeline-entry").join("\n");
    assert!(timeline.contains("Knee injury, off duty"), "{timeline}");
    assert!(
        timeline.contains("5 weeks: over four weeks away"),
        "{timeline}"
    );
}

#[actix_web::test]
async fn rule5_a_short_hold_ended_early_resumes_at_the_same_stage() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 4, false).await;
    let coach_page = format!("/crew/{}", member.id);
    let until = app.today() + Duration::days(20);
    put_on_hold(&app, member.id, &until.to_string(), "Annual leave").await;

    // A hold cannot end before it starts, and needs a reason.
    let response = app
        .submit(
            &coach_page,
            &format!("/crew/{}/hold", member.id),
            &[("until", "2000-01-01"), ("reason", " ")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

    app.clock.advance(Duration::days(10));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let response = app
        .submit(&coach_page, &format!("/crew/{}/hold/end", member.id), &[])
        .await;
    assert_redirect(&response, &coach_page);
    let doc = app.get_html(&coach_page).await;
    assert_eq!(text(&doc, ".stage-number"), "4");
    assert_eq!(count(&doc, ".on-hold"), 0);
    let timeline = texts(&doc, ".timeline-entry").join("\n");
    assert!(timeline.contains("Annual leave"), "{timeline}");
    assert!(timeline.contains("Back from hold"), "{timeline}");

    let doc = phone.get_html("/").await;
    assert!(!text(&doc, ".due").contains("On hold"));
    assert_eq!(count(&doc, ".back-from-hold"), 1);
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg hip thrust"
    );
}

// ---- Asymmetry proposes the remedy (issue item 2) -------------------------------

#[actix_web::test]
async fn asymmetry_proposes_single_leg_work_for_the_weaker_side_and_one_click_adds_it() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let today = app.today().to_string();
    // C left 5 in, C right 8 in: 37.5% apart, above the default 15%.
    record_range_test(&app, member.id, &today, ["10", "8", "8", "5", "8"]).await;
    let coach_page = format!("/crew/{}", member.id);
    let doc = app.get_html(&coach_page).await;
    let proposal = text(&doc, ".single-leg-proposal");
    for part in ["left", "5 in", "8 in", "37.5%", "15%", "single-leg"] {
        assert!(proposal.contains(part), "{part} in {proposal}");
    }
    // Before it is added, the member's today page has no single-leg set.
    let doc = phone.get_html("/").await;
    assert!(
        !text(&doc, ".prescription").contains("single-leg set on your left"),
        "{}",
        text(&doc, ".prescription")
    );

    // One click adds it.
    let response = app
        .submit(&coach_page, &format!("/crew/{}/single-leg", member.id), &[])
        .await;
    assert_redirect(&response, &coach_page);
    let doc = app.get_html(&coach_page).await;
    assert_eq!(
        count(&doc, ".single-leg-proposal"),
        0,
        "no proposal once added"
    );
    assert_eq!(
        count(
            &doc,
            "input[name=variation][value=single_leg_left][checked]"
        ),
        1
    );
    assert_eq!(
        count(
            &doc,
            "input[name=variation][value=single_leg_right][checked]"
        ),
        0
    );
    let timeline = texts(&doc, ".timeline-entry").join("\n");
    assert!(
        timeline.contains("range test") && timeline.contains("37.5%"),
        "{timeline}"
    );

    // The member sees it, naming the side.
    let doc = phone.get_html("/").await;
    let variations = text(&doc, ".variations");
    assert!(
        variations.contains("Extra single-leg set on your left side"),
        "{variations}"
    );
}

#[actix_web::test]
async fn asymmetry_a_newer_symmetric_test_stops_the_proposal() {
    let app = spawn_app().await;
    let (_phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let today = app.today().to_string();
    // The right side is weaker this time: C right 6 in against 8 in (25%).
    record_range_test(&app, member.id, &today, ["10", "8", "8", "8", "6"]).await;
    let coach_page = format!("/crew/{}", member.id);
    let doc = app.get_html(&coach_page).await;
    let proposal = text(&doc, ".single-leg-proposal");
    assert!(proposal.contains("right"), "{proposal}");
    assert!(proposal.contains("25%"), "{proposal}");

    // Two weeks on, a newer test within the threshold (C 7.5 in and 8 in: 6.3%).
    app.clock.advance(Duration::days(14));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let later = app.today().to_string();
    record_range_test(&app, member.id, &later, ["10", "8", "8", "8", "7.5"]).await;
    let doc = app.get_html(&coach_page).await;
    assert_eq!(count(&doc, ".single-leg-proposal"), 0);

    // A stale click adds nothing.
    let response = app
        .submit(&coach_page, &format!("/crew/{}/single-leg", member.id), &[])
        .await;
    assert_redirect(&response, &coach_page);
    let doc = app.get_html(&coach_page).await;
    assert_eq!(
        count(&doc, "input[name=variation][value^=single_leg_][checked]"),
        0
    );
}
