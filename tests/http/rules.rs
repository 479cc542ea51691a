//! Issue 9: the progression engine's edge cases, each through the real
//! forms, the way a member or a coach would meet them.

use bridgework::schema::session_logs;
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

fn session_count(app: &TestApp) -> i64 {
    session_logs::table
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap()
}

/// Loads today's page and submits its one-tap form; `None` when the page
/// does not offer it.
async fn tap_if_offered(phone: &TestApp) -> Option<reqwest::Response> {
    let doc = phone.get_html("/").await;
    attr(&doc, "form.prescribed input[name=key]", "value")?;
    Some(done_as_prescribed(phone).await)
}

/// The one-tap form of a page loaded earlier (a second tab, a stale page).
async fn one_tap_form(phone: &TestApp) -> Vec<(String, String)> {
    let doc = phone.get_html("/").await;
    vec![
        (
            "csrf_token".to_string(),
            attr(&doc, "form.prescribed input[name=csrf_token]", "value").unwrap(),
        ),
        ("action".to_string(), "prescribed".to_string()),
        (
            "key".to_string(),
            attr(&doc, "form.prescribed input[name=key]", "value").unwrap(),
        ),
    ]
}

async fn post_pairs(phone: &TestApp, pairs: &[(String, String)]) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    phone.post_raw("/log", &fields).await
}

// ---- Case 1: two logs on one day -------------------------------------------

#[actix_web::test]
async fn case1_a_second_log_on_the_same_day_is_extra_and_does_not_advance() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, true).await;
    // Two tabs open on today's page: tap in one, then in the other.
    let first_tab = one_tap_form(&phone).await;
    let second_tab = one_tap_form(&phone).await;
    post_pairs(&phone, &first_tab).await;
    let response = post_pairs(&phone, &second_tab).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Extra session today");
    assert_eq!(session_count(&app), 2, "the second log is kept");

    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge",
        "still stage 1"
    );
    assert_eq!(count(&doc, "form.prescribed"), 0, "no second one tap");
    assert!(
        text(&doc, ".already-logged").starts_with("A session is already logged today"),
        "{}",
        text(&doc, ".already-logged")
    );
    let doc = phone.get_html("/history").await;
    assert_eq!(
        texts(&doc, ".session-card .outcome"),
        vec!["Extra: did not count", "Same stage next session"]
    );
}

#[actix_web::test]
async fn case1_two_counting_sessions_need_a_rest_day_between_them() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, true).await;
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(1));
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Extra session today");
    // After a rest day the next clean session makes two that count.
    app.clock.advance(Duration::days(2));
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Moving up to stage 2 of 7");
}

// ---- Case 4: one idempotency key per form ------------------------------------

#[actix_web::test]
async fn case4_the_one_tap_and_the_per_set_form_have_their_own_keys() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let doc = phone.get_html("/").await;
    let tap_key = attr(&doc, "form.prescribed input[name=key]", "value").unwrap();
    let sets_key = attr(&doc, "form.log-form input[name=key]", "value").unwrap();
    assert_ne!(tap_key, sets_key);
    let token = attr(&doc, "form.log-form input[name=csrf_token]", "value").unwrap();
    // Tap, go back, and submit the per-set form of the same page.
    let tapped = phone
        .post_raw(
            "/log",
            &[
                ("csrf_token", &token),
                ("action", "prescribed"),
                ("key", &tap_key),
            ],
        )
        .await;
    let typed = [
        ("csrf_token", token.as_str()),
        ("key", sets_key.as_str()),
        ("partial_id", ""),
        ("action", "finished"),
        ("reps", "17"),
        ("hold", "2"),
        ("felt", "glutes"),
        ("pain", "none"),
        ("good_form", "on"),
    ];
    let first = phone.post_raw("/log", &typed).await;
    assert_ne!(location(&first), location(&tapped));
    assert_eq!(session_count(&app), 2);
    let doc = phone.get_html(&location(&first)).await;
    assert_eq!(texts(&doc, "td.reps"), vec!["17"], "what was typed is kept");
    // The same per-set form again (a double submit) stores nothing more.
    let again = phone.post_raw("/log", &typed).await;
    assert_eq!(location(&again), location(&first));
    assert_eq!(session_count(&app), 2);
}

// ---- Case 3: a typed load and the weekly cap ---------------------------------

const BAR_315: [(&str, &str); 14] = [
    ("reps", "5"),
    ("load", "315"),
    ("reps", "5"),
    ("load", "315"),
    ("reps", "5"),
    ("load", "315"),
    ("reps", "5"),
    ("load", "315"),
    ("reps", "5"),
    ("load", "315"),
    ("felt", "glutes"),
    ("pain", "none"),
    ("good_form", "on"),
    ("effort", "9"),
];

#[actix_web::test]
async fn case3_a_typed_load_never_lifts_the_prescription_past_the_weekly_cap() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 6, false).await;
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "45 lb");
    let response = log_sets(&phone, "/", "finished", &BAR_315).await;
    let result = location(&response);
    app.clock.advance(Duration::days(3));
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "55 lb");
    let doc = phone.get_html(&result).await;
    assert_eq!(
        texts(&doc, "td.load")[0],
        "315 lb",
        "what was lifted is kept"
    );
    let note = text(&doc, ".cap-note");
    assert!(note.contains("at most 55 lb"), "{note}");

    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert!(
        texts(&doc, ".flag-list .badge").contains(&"Logged above the weekly cap".to_string()),
        "{:?}",
        texts(&doc, ".flag-list .badge")
    );
    let doc = app.get_html("/roster").await;
    assert!(
        text(&doc, "table.roster tbody tr").contains("Logged above the weekly cap"),
        "{}",
        text(&doc, "table.roster tbody tr")
    );
    assert_eq!(
        text(&doc, ".count-above_cap"),
        "1 Logged above the weekly cap"
    );
}

#[actix_web::test]
async fn case3_a_coach_confirms_a_working_load_above_the_cap_on_its_own_step() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 6, false).await;
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(2));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let dose_page = format!("/crew/{}/dose", member.id);
    let fields = [
        ("action", "save"),
        ("sets", "5"),
        ("reps_low", "5"),
        ("reps_high", "5"),
        ("hold_seconds", "0"),
        ("working_load", "135"),
    ];
    let response = app.submit(&dose_page, &dose_page, &fields).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "a confirm step, not a save"
    );
    let doc = html(response).await;
    assert!(text(&doc, ".confirm-load").contains("135 lb"));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription-load"),
        "50 lb",
        "nothing saved yet"
    );

    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm_above_cap", "yes"));
    confirmed.push(("reason", "Tested 5 x 5 at 135 with me watching"));
    let response = app.submit(&dose_page, &dose_page, &confirmed).await;
    assert_redirect(&response, &format!("/crew/{}", member.id));
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "135 lb");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert!(text(&doc, ".timeline-entry .what")
        .starts_with("Working load set above the weekly cap (coach decision)"));
    assert_eq!(
        text(&doc, ".timeline-entry .note"),
        "“50 lb → 135 lb: Tested 5 x 5 at 135 with me watching”"
    );
}

// ---- Case 5: the restore after a pain week -----------------------------------

fn dumbbell_sets(load: &'static str, reps: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("reps", reps),
        ("load", load),
        ("reps", reps),
        ("load", load),
        ("reps", reps),
        ("load", load),
        ("felt", "glutes"),
        ("good_form", "on"),
    ]
}

#[actix_web::test]
async fn case5_a_restore_keeps_the_dose_and_the_last_load_without_pain() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 5, false).await;
    let dose_page = format!("/crew/{}/dose", member.id);
    let response = app
        .submit(
            &dose_page,
            &dose_page,
            &[
                ("action", "save"),
                ("sets", "3"),
                ("reps_low", "10"),
                ("reps_high", "12"),
                ("hold_seconds", "0"),
                ("working_load", ""),
            ],
        )
        .await;
    assert_redirect(&response, &format!("/crew/{}", member.id));
    let mut clean = dumbbell_sets("30", "10");
    clean.push(("pain", "none"));
    log_sets(&phone, "/", "finished", &clean).await;
    app.clock.advance(Duration::days(2));
    let mut painful = dumbbell_sets("40", "10");
    painful.push(("pain", "lower_back"));
    log_sets(&phone, "/", "finished", &painful).await;
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg hip thrust"
    );

    app.clock.advance(Duration::days(7));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Dumbbell or kettlebell hip thrust"
    );
    assert_eq!(text(&doc, ".prescription-load"), "30 lb");
    assert!(
        text(&doc, ".prescription-dose").contains("10-12"),
        "{}",
        text(&doc, ".prescription-dose")
    );
}

#[actix_web::test]
async fn case5_a_second_pain_report_in_the_week_restarts_it_and_keeps_the_stage_to_restore() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 5, false).await;
    let mut painful = dumbbell_sets("30", "10");
    painful.push(("pain", "lower_back"));
    log_sets(&phone, "/", "finished", &painful).await;
    app.clock.advance(Duration::days(4));
    log_sets(
        &phone,
        "/",
        "finished",
        &[("reps", "8"), ("right", "8"), ("pain", "lower_back")],
    )
    .await;
    // Seven days after the first report: still in the restarted week.
    app.clock.advance(Duration::days(3));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg hip thrust"
    );
    // Seven days after the second: back to the stage the first one left.
    app.clock.advance(Duration::days(4));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Dumbbell or kettlebell hip thrust"
    );
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(text(&doc, ".stage-number"), "5");
}

// ---- Case 6: adherence ----------------------------------------------------

#[actix_web::test]
async fn case6_adherence_counts_one_session_per_slot_and_shows_extras_apart() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    for _ in 0..10 {
        done_as_prescribed(&phone).await;
        app.clock.advance(Duration::days(1));
    }
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html("/roster").await;
    let cell = text(&doc, "table.roster td.adherence");
    let (done, rest) = cell.split_once('/').unwrap();
    let scheduled: u32 = rest.split_whitespace().next().unwrap().parse().unwrap();
    let done: u32 = done.parse().unwrap();
    assert!(done <= scheduled, "{cell}");
    assert!(cell.contains("extra"), "{cell}");
    let pct: u32 = cell
        .split_once('(')
        .and_then(|(_, r)| r.split_once('%'))
        .map(|(n, _)| n.parse().unwrap())
        .unwrap();
    assert!(pct <= 100, "{cell}");
}

// ---- Case 2: rep ranges -----------------------------------------------------

#[actix_web::test]
async fn case2_one_tap_on_a_rep_range_climbs_to_the_top_and_qualifies() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 4, true).await;
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription-dose"),
        "3 x 8 per leg (range 8-12)"
    );
    let mut headlines = Vec::new();
    let mut doses = Vec::new();
    for _ in 0..6 {
        let Some(response) = tap_if_offered(&phone).await else {
            break;
        };
        let doc = phone.get_html(&location(&response)).await;
        headlines.push(text(&doc, ".headline"));
        app.clock.advance(Duration::days(2));
        let doc = phone.get_html("/").await;
        doses.push(text(&doc, ".prescription-dose"));
    }
    assert_eq!(
        headlines.last().unwrap(),
        "Moving up to stage 5 of 7",
        "{headlines:?}"
    );
    assert_eq!(
        doses[..4],
        [
            "3 x 9 per leg (range 8-12)",
            "3 x 10 per leg (range 8-12)",
            "3 x 11 per leg (range 8-12)",
            "3 x 12 per leg (range 8-12)"
        ]
    );
}

// ---- Case 8: one "today" ----------------------------------------------------

#[actix_web::test]
async fn case8_late_evening_and_just_after_midnight_belong_to_the_departments_day() {
    let app = spawn_app().await;
    // 00:30 on Thursday 5 March in New York is 05:30 UTC the same day.
    app.clock.set(new_york(2026, 3, 5, 0, 30));
    let (phone, _) = member_at(&app, "riley@station.test", 1, true).await;
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".today-date"), "Thu 5 Mar 2026");
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert!(text(&doc, ".result .hint").starts_with("Thu 5 Mar 2026"));

    // 23:30 on Saturday 7 March is 04:30 UTC on Sunday 8 March: still the 7th.
    app.clock.set(new_york(2026, 3, 7, 23, 30));
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".today-date"), "Sat 7 Mar 2026");
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Moving up to stage 2 of 7");
    let doc = phone.get_html("/history").await;
    assert_eq!(
        text(&doc, ".timeline-entry .when"),
        "Sat 7 Mar 2026, 23:30",
        "the stage change in department time"
    );

    // The clocks go forward at 02:00 on Sunday 8 March; 00:30 on Monday the
    // 9th is a new training day after a rest day.
    app.clock.set(new_york(2026, 3, 9, 0, 30));
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".today-date"), "Mon 9 Mar 2026");
    assert_eq!(
        count(&doc, "form.prescribed"),
        1,
        "a new day, a new one tap"
    );
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Same stage next session");
    assert!(text(&doc, ".result .hint").starts_with("Mon 9 Mar 2026"));
}

// ---- Case 7: variations and the auto-advance switch ---------------------------

#[actix_web::test]
async fn case7_a_coach_adds_variations_the_member_sees_their_cues_and_the_log_keeps_them() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 6, false).await;
    let page = format!("/crew/{}", member.id);
    let response = app
        .submit(
            &page,
            &format!("/crew/{}/variations", member.id),
            &[("variation", "banded"), ("variation", "tempo")],
        )
        .await;
    assert_redirect(&response, &page);
    let doc = app.get_html(&page).await;
    assert_eq!(texts(&doc, "form.variations input[checked]").len(), 2);
    let doc = phone.get_html("/").await;
    let shown = texts(&doc, ".variations li");
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("Banded:"), "{shown:?}");
    assert!(shown[1].starts_with("Tempo (3-4 s lowering):"), "{shown:?}");
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(
        text(&doc, ".variations-done"),
        "Variations: Banded, Tempo (3-4 s lowering)"
    );
    // An unknown variation is refused beside the field, nothing saved.
    let response = app
        .submit(
            &page,
            &format!("/crew/{}/variations", member.id),
            &[("variation", "handstand")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "form.variations .field-error"),
        "Choose from the list."
    );
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, ".variations li"), 2);
}

#[actix_web::test]
async fn case7_auto_advance_switches_without_reassigning() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let page = format!("/crew/{}", member.id);
    let response = app
        .submit(
            &page,
            &format!("/crew/{}/auto-advance", member.id),
            &[("auto_advance", "on")],
        )
        .await;
    assert_redirect(&response, &page);
    let doc = app.get_html(&page).await;
    assert!(text(&doc, ".auto-advance-state").contains("on"));
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(2));
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Moving up to stage 2 of 7");
    // Still the one assignment: the timeline starts with it and the advance.
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&page).await;
    assert_eq!(count(&doc, ".timeline-entry"), 2);
}

// ---- The migration on a database with data -----------------------------------

#[test]
fn the_progression_rules_migration_backfills_and_reverts_keeping_the_data() {
    use diesel::connection::SimpleConnection;
    use diesel_migrations::MigrationHarness;

    #[derive(QueryableByName, Debug, PartialEq)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
        v: Option<i32>,
    }
    let dir = tempfile::tempdir().unwrap();
    let mut conn = bridgework::db::connect(&dir.path().join("m.sqlite3")).unwrap();
    // Everything before the progression-rules migration.
    while !conn.pending_migrations(bridgework::db::MIGRATIONS).unwrap()[0]
        .name()
        .to_string()
        .contains("progression_rules")
    {
        conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    }
    conn.batch_execute(
        "INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'c@x', 'C', 'x', 'coach');
         INSERT INTO members (id, name, start_date) VALUES (1, 'M', '2026-01-05');
         INSERT INTO assignments (id, member_id, stage, sessions_per_week, start_date, dose_sets,
           dose_reps_low, dose_reps_high, dose_hold_seconds, created_by, created_at)
           VALUES (1, 1, 6, 2, '2026-01-05', 3, 5, 5, 0, 1, '2026-01-05 10:00:00');
         INSERT INTO session_logs (id, member_id, assignment_id, stage, trained_on, status,
           idempotency_key, entered_by, created_at, updated_at)
           VALUES (1, 1, 1, 6, '2026-01-06', 'finished', 'k', 1, '2026-01-06 10:00:00', '2026-01-06 10:00:00');
         INSERT INTO session_sets (session_id, set_number, reps, load_grams) VALUES (1, 1, 5, 20412), (1, 2, 5, 22680);
         INSERT INTO coach_flags (member_id, session_id, kind, created_at) VALUES (1, 1, 'knee_pain', '2026-01-06 10:00:00');
         INSERT INTO stage_changes (member_id, assignment_id, to_stage, reason, changed_at) VALUES (1, 1, 6, 'assigned', '2026-01-05 10:00:00');",
    )
    .unwrap();
    conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    let one = |conn: &mut diesel::SqliteConnection, sql: &str| -> Option<i32> {
        diesel::sql_query(sql).get_result::<Row>(conn).unwrap().v
    };
    assert_eq!(
        one(
            &mut conn,
            "SELECT prescribed_load_grams AS v FROM session_logs"
        ),
        Some(20412),
        "the lightest loaded set"
    );
    assert_eq!(
        one(&mut conn, "SELECT dose_stage AS v FROM assignments"),
        Some(6)
    );
    assert_eq!(
        one(&mut conn, "SELECT count(*) AS v FROM coach_flags"),
        Some(1)
    );
    assert_eq!(
        one(&mut conn, "SELECT count(*) AS v FROM stage_changes"),
        Some(1)
    );
    conn.batch_execute(
        "INSERT INTO coach_flags (member_id, session_id, kind, created_at) VALUES (1, 1, 'above_weekly_cap', '2026-01-06 10:00:00');",
    )
    .unwrap();
    conn.revert_last_migration(bridgework::db::MIGRATIONS)
        .unwrap();
    assert_eq!(
        one(&mut conn, "SELECT count(*) AS v FROM coach_flags"),
        Some(1),
        "the old kinds are kept, the new one cannot go back"
    );
    assert_eq!(
        one(&mut conn, "SELECT count(*) AS v FROM session_sets"),
        Some(2)
    );
}
