//! Corrections that must leave the record as if the mistake had never
//! been made (issue 20, item 6; issue 21, the undo): a voided advance or
//! pain report does not restart the stall clock, and undoing a second pain
//! report keeps the pain week of the first.

use bridgework::schema::{assignments, session_logs};
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

fn day(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn day_text_of(date: NaiveDate) -> String {
    day(date)
}

fn stage_of(app: &TestApp, member_id: i32) -> i32 {
    assignments::table
        .filter(assignments::member_id.eq(member_id))
        .filter(assignments::active.eq(true))
        .select(assignments::stage)
        .first(&mut app.pool.get().unwrap())
        .unwrap()
}

/// The needs-attention line for this member and reason, if any.
fn attention_line(doc: &scraper::Html, member_id: i32, reason: &str) -> Option<String> {
    texts(
        doc,
        &format!("li.attention[data-member-id=\"{member_id}\"][data-reason=\"{reason}\"]"),
    )
    .into_iter()
    .next()
}

/// Twelve sessions of 3 x 20 with a `hold` s pause (stage 1: 2 s, stage 3:
/// 1 s) four days apart, all reps done but without good form, so none
/// counts toward moving up: training regularly, not moving.
async fn train_regularly_without_moving_up(app: &TestApp, phone: &TestApp, hold: &str) {
    for _ in 0..12 {
        app.clock.advance(Duration::days(4));
        let response = log_sets(
            phone,
            "/",
            "finished",
            &[
                ("reps", "20"),
                ("hold", hold),
                ("reps", "20"),
                ("hold", hold),
                ("reps", "20"),
                ("hold", hold),
                ("felt", "glutes"),
                ("pain", "none"),
            ],
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
}

/// The coach (logged in on `app`) voids the session whose result page is
/// `result`.
async fn coach_voids(app: &TestApp, result: &str) {
    let doc = app.get_html(result).await;
    let action = attr(&doc, "form.void", "action").expect("a void form");
    let response = app
        .submit(result, &action, &[("reason", "logged by mistake")])
        .await;
    assert_redirect(&response, result);
}

/// Rule: the stall clock after a void is the one the member would have had
/// if the voided session had never been logged: the advance it caused and
/// the timeline row that undoes it do not count as stage changes.
#[actix_web::test]
async fn a_voided_advance_does_not_restart_the_stall_clock() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    let began = app.today();
    train_regularly_without_moving_up(&app, &phone, "2").await;
    // Two clean sessions: the second moves the member up.
    app.clock.advance(Duration::days(3));
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(3));
    let result = location(&done_as_prescribed(&phone).await);
    assert_eq!(stage_of(&app, member.id), 2);

    assert_redirect(&app.login("coach@station.test").await, "/");
    coach_voids(&app, &result).await;
    assert_eq!(stage_of(&app, member.id), 1, "the advance is undone");

    // At stage 1 since the assignment, seven weeks ago, training regularly:
    // stalled, as it was before the voided session.
    let doc = app.get_html("/").await;
    let line = attention_line(&doc, member.id, "stalled").expect("a stalled line");
    assert!(
        line.contains(&format!("At stage 1 since {}", day(began))),
        "{line}"
    );
    assert_roster_shows_stalled(&app).await;
}

/// The same for a voided pain report: the week back a stage and the row
/// that gives the stage back do not count.
#[actix_web::test]
async fn a_voided_pain_report_does_not_restart_the_stall_clock() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let began = app.today();
    train_regularly_without_moving_up(&app, &phone, "1").await;
    // Lower-back pain: back to stage 2 for a week.
    app.clock.advance(Duration::days(3));
    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "1"), ("pain", "lower_back")],
    )
    .await;
    let result = location(&response);
    assert_eq!(stage_of(&app, member.id), 2);
    assert_redirect(&app.login("coach@station.test").await, "/");
    coach_voids(&app, &result).await;
    assert_eq!(stage_of(&app, member.id), 3, "the pain week is undone");
    let doc = app.get_html("/").await;
    let line = attention_line(&doc, member.id, "stalled").expect("a stalled line");
    assert!(
        line.contains(&format!("At stage 3 since {}", day(began))),
        "{line}"
    );
}

/// The member's stage and the end of their pain week, from the database.
fn pain_week(app: &TestApp, member_id: i32) -> (i32, Option<NaiveDate>) {
    assignments::table
        .filter(assignments::member_id.eq(member_id))
        .filter(assignments::active.eq(true))
        .select((assignments::stage, assignments::regression_restore_on))
        .first(&mut app.pool.get().unwrap())
        .unwrap()
}

/// Stopped for lower-back pain after `sets`: the result page.
async fn lower_back_pain(phone: &TestApp, sets: &[(&str, &str)]) -> String {
    let mut fields = sets.to_vec();
    fields.extend([
        ("felt", "glutes"),
        ("pain", "lower_back"),
        ("good_form", "on"),
    ]);
    let response = log_sets(phone, "/", "stopped", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    location(&response)
}

/// Rule: undoing (or voiding) a second pain report inside a pain week gives
/// back the state before it: still in the first report's pain week, until
/// its restore date, not out of the pain week altogether.
#[actix_web::test]
async fn undoing_a_second_pain_report_keeps_the_first_pain_week() {
    for by_coach in [false, true] {
        let app = spawn_app().await;
        let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
        // Stage 3, two sets with the pause: back to stage 2 for a week.
        lower_back_pain(
            &phone,
            &[("reps", "20"), ("hold", "1"), ("reps", "14"), ("hold", "1")],
        )
        .await;
        let first_until = app.today() + Duration::days(7);
        assert_eq!(pain_week(&app, member.id), (2, Some(first_until)));

        app.clock.advance(Duration::days(2));
        // Stage 2, single-leg: pain again, the week starts over.
        let second = lower_back_pain(
            &phone,
            &[
                ("reps", "15"),
                ("right", "15"),
                ("reps", "9"),
                ("right", "9"),
            ],
        )
        .await;
        let second_until = app.today() + Duration::days(7);
        assert_eq!(pain_week(&app, member.id), (2, Some(second_until)));

        if by_coach {
            assert_redirect(&app.login("coach@station.test").await, "/");
            coach_voids(&app, &second).await;
        } else {
            let doc = phone.get_html(&second).await;
            let undo = attr(&doc, "form.undo", "action").expect("an undo");
            assert_redirect(&phone.submit(&second, &undo, &[]).await, &second);
        }
        assert_eq!(
            pain_week(&app, member.id),
            (2, Some(first_until)),
            "coach: {by_coach}: back in the first pain week"
        );
        let doc = phone.get_html("/").await;
        let regression = text(&doc, ".regression");
        assert!(
            regression.contains(&format!("until {}", day(first_until))),
            "coach: {by_coach}: {regression}"
        );

        // The first week over: the stage comes back by itself.
        app.clock.advance(Duration::days(5));
        let doc = phone.get_html("/").await;
        assert_eq!(count(&doc, ".regression"), 0, "coach: {by_coach}");
        assert_eq!(
            text(&doc, ".prescription .stage-name"),
            "Bodyweight hip thrust"
        );
    }
}

/// The coach's paper log for `member_id` on `day`: stage 1's three sets
/// done in full, with `pain`.
async fn paper_log(app: &TestApp, member_id: i32, day: NaiveDate, pain: &str) -> reqwest::Response {
    let day = day.to_string();
    log_sets(
        app,
        &format!("/crew/{member_id}/log"),
        "finished",
        &[
            ("reps", "20"),
            ("hold", "2"),
            ("reps", "20"),
            ("hold", "2"),
            ("reps", "20"),
            ("hold", "2"),
            ("felt", "glutes"),
            ("pain", pain),
            ("good_form", "on"),
            ("trained_on", &day),
        ],
    )
    .await
}

/// The coach logs in again (a day on, the session has gone idle).
async fn coach_again(app: &TestApp) {
    assert_redirect(&app.login("coach@station.test").await, "/");
}

/// Rule: a backdated session counts from now on and never moves the member
/// up by itself past a coach's decision made on or after its day: it is
/// read as if auto-advance were off, and the coach sees "ready" instead.
#[actix_web::test]
async fn a_backdated_session_never_auto_advances_past_a_later_coach_decision() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    let start = app.today();
    let page = format!("/crew/{}", member.id);
    let stage = format!("/crew/{}/stage", member.id);
    // Day 0: one clean session at stage 1.
    done_as_prescribed(&phone).await;
    // Day 1 the coach moves Riley up early; day 3 back to stage 1.
    app.clock.advance(Duration::days(1));
    coach_again(&app).await;
    let response = app
        .submit(&page, &stage, &[("action", "advance"), ("note", "try it")])
        .await;
    assert_redirect(&response, &page);
    app.clock.advance(Duration::days(2));
    coach_again(&app).await;
    let response = app
        .submit(
            &page,
            &stage,
            &[
                ("action", "regress"),
                ("note", "knee tracks in: floor bridges"),
            ],
        )
        .await;
    assert_redirect(&response, &page);
    assert_eq!(stage_of(&app, member.id), 1);

    // Day 4 the coach enters the paper log of day 3, the day of the move
    // back (a day before it is refused: the stage was another): with day 0
    // it meets stage 1's rule, but the coach's decision stands.
    app.clock.advance(Duration::days(1));
    coach_again(&app).await;
    let response = paper_log(&app, member.id, start + Duration::days(3), "none").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(stage_of(&app, member.id), 1, "no auto-advance");
    let doc = app.get_html("/").await;
    assert!(
        attention_line(&doc, member.id, "ready").is_some(),
        "the coach decides: {:?}",
        texts(&doc, "li.attention")
    );

    // The log page says, before saving, what an earlier day means.
    let doc = app.get_html(&format!("/crew/{}/log", member.id)).await;
    let says = text(&doc, "form.log-form .backdated-rule");
    assert!(says.contains("counts from now on"), "{says}");
    assert!(
        says.contains("does not change decisions already made"),
        "{says}"
    );

    // A paper log after the coach's last decision (a rest day after day
    // 3's) still moves up by itself.
    app.clock.advance(Duration::days(1));
    coach_again(&app).await;
    let response = paper_log(&app, member.id, app.today(), "none").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(stage_of(&app, member.id), 2, "today's entry advances");
}

/// Rule: a backdated session's pain reaches needs attention, with its day.
#[actix_web::test]
async fn a_backdated_pain_report_reaches_needs_attention() {
    let app = spawn_app().await;
    let (_phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let day = app.today() - Duration::days(3);
    let response = paper_log(&app, member.id, day, "knee").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let doc = app.get_html("/").await;
    let line = attention_line(&doc, member.id, "pain").expect("a pain line");
    assert!(line.contains(&day_text_of(day)), "{line}");
    assert!(line.contains("Knee pain"), "{line}");
}

/// The migration marks the voids made before it: the row that undid a
/// change and the advance or pain week it undid; nothing else.
#[test]
fn the_migration_marks_voids_made_before_it_undone() {
    use diesel::connection::SimpleConnection;
    use diesel_migrations::MigrationHarness;

    let dir = tempfile::tempdir().unwrap();
    let mut conn = bridgework::db::connect(&dir.path().join("m.sqlite3")).unwrap();
    while !conn.pending_migrations(bridgework::db::MIGRATIONS).unwrap()[0]
        .name()
        .to_string()
        .contains("corrections")
    {
        conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    }
    let change = |id: i32, from: i32, to: i32, reason: &str| {
        format!(
            "INSERT INTO stage_changes (id, member_id, assignment_id, from_stage, to_stage, reason,
               changed_by, changed_at)
             VALUES ({id}, 1, 1, {from}, {to}, '{reason}', NULL, '2026-01-0{id} 10:00:00');"
        )
    };
    conn.batch_execute(&format!(
        "INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'c@x', 'C', 'x', 'coach');
         INSERT INTO members (id, name, start_date) VALUES (1, 'M', '2026-01-01');
         INSERT INTO assignments (id, member_id, stage, sessions_per_week, start_date, created_by,
           created_at) VALUES (1, 1, 3, 2, '2026-01-01', 1, '2026-01-01 10:00:00');
         {}{}{}{}{}{}{}",
        change(1, 2, 2, "assigned"),
        change(2, 2, 3, "advance"),
        change(3, 3, 3, "single_leg_added"),
        change(4, 3, 2, "voided"),
        change(5, 2, 3, "advance"),
        change(6, 3, 2, "pain_regression"),
        change(7, 2, 3, "voided"),
    ))
    .unwrap();
    conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    let undone: Vec<(i32, bool)> = bridgework::schema::stage_changes::table
        .order(bridgework::schema::stage_changes::id)
        .select((
            bridgework::schema::stage_changes::id,
            bridgework::schema::stage_changes::undone,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        undone,
        [
            (1, false),
            (2, true),
            (3, false),
            (4, true),
            (5, false),
            (6, true),
            (7, true)
        ]
    );
    // Down and up again keeps the timeline.
    conn.revert_last_migration(bridgework::db::MIGRATIONS)
        .unwrap();
    conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    let again: i64 = bridgework::schema::stage_changes::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(again, 7);
}

/// Rule: only a row that moved the member to another stage restarts the
/// stall clock. A hold (and its end at the same stage), a load confirmed
/// above the cap and single-leg work added are timeline rows at the same
/// stage: the member did not change stage, so they stay stalled and the
/// "at stage N since" date stays.
#[actix_web::test]
async fn timeline_rows_at_the_same_stage_do_not_restart_the_stall_clock() {
    use bridgework::domain::variation::Variation;
    use bridgework::models::assignment::Assignment;

    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let began = app.today();
    train_regularly_without_moving_up(&app, &phone, "2").await;
    assert_redirect(&app.login("coach@station.test").await, "/");
    let stalled_since = format!("At stage 1 since {}", day(began));
    let line = attention_line(&app.get_html("/").await, member.id, "stalled")
        .expect("a stalled line before");
    assert!(line.contains(&stalled_since), "{line}");

    // On hold for a few days, then taken off it early, at the same stage.
    let coach_page = format!("/crew/{}", member.id);
    let until = (app.today() + Duration::days(5)).to_string();
    let response = app
        .submit(
            &coach_page,
            &format!("/crew/{}/hold", member.id),
            &[("until", until.as_str()), ("reason", "Annual leave")],
        )
        .await;
    assert_redirect(&response, &coach_page);
    let response = app
        .submit(&coach_page, &format!("/crew/{}/hold/end", member.id), &[])
        .await;
    assert_redirect(&response, &coach_page);
    assert_eq!(stage_of(&app, member.id), 1);
    // The other same-stage rows, written by the model functions that write
    // them in the app.
    {
        let mut conn = app.pool.get().unwrap();
        let coach = bridgework::models::user::User::find_by_email(&mut conn, "coach@station.test")
            .unwrap()
            .unwrap();
        let now = app.clock.now().naive_utc();
        let mut assignment = Assignment::active_for(&mut conn, member.id)
            .unwrap()
            .unwrap();
        assignment
            .confirm_load_above_cap(&mut conn, app.today(), "coach's call", coach.id, now)
            .unwrap();
        assignment
            .add_variation(
                &mut conn,
                Variation::SingleLegLeft,
                "range test",
                Some(coach.id),
                now,
            )
            .unwrap();
    }

    let line = attention_line(&app.get_html("/").await, member.id, "stalled")
        .expect("still a stalled line");
    assert!(line.contains(&stalled_since), "{line}");
    assert_roster_shows_stalled(&app).await;
}

/// Rule: a coach's backdated entry stays within the current stage: a day
/// before the member's current stage began is refused beside the date,
/// with what was typed kept and nothing saved (the log form is the current
/// stage's; an earlier stage's session would count at the wrong one).
#[actix_web::test]
async fn a_backdated_day_before_the_current_stage_began_is_refused_beside_the_date() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    let start = app.today();
    let page = format!("/crew/{}", member.id);
    // Day 0: one clean session at stage 1. Day 1: the coach moves Riley up.
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(1));
    coach_again(&app).await;
    let moved_on = app.today();
    let response = app
        .submit(
            &page,
            &format!("/crew/{}/stage", member.id),
            &[("action", "advance"), ("note", "ready early")],
        )
        .await;
    assert_redirect(&response, &page);
    assert_eq!(stage_of(&app, member.id), 2);

    // Day 3: the log form's date pickers offer no day the server refuses.
    app.clock.advance(Duration::days(2));
    coach_again(&app).await;
    let form = app.get_html(&format!("/crew/{}/log", member.id)).await;
    for picker in ["#trained_on", "#trained_on_tap"] {
        assert_eq!(
            attr(&form, picker, "min"),
            Some(moved_on.to_string()),
            "{picker}"
        );
    }
    // The paper log of day 0, when Riley was at stage 1.
    let response = paper_log(&app, member.id, start, "none").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "form.log-form .trained-on .field-error"),
        format!(
            "riley@station.test moved to stage 2 on {}: enter sessions before that on paper notes.",
            day(moved_on)
        )
    );
    assert_eq!(
        attr(&doc, "form.log-form input[name=trained_on]", "value"),
        Some(start.to_string())
    );
    assert_eq!(
        attr(&doc, "form.log-form input[name=trained_on]", "min"),
        Some(moved_on.to_string())
    );
    let stored: Vec<NaiveDate> = session_logs::table
        .filter(session_logs::member_id.eq(member.id))
        .select(session_logs::trained_on)
        .load(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(stored, vec![start], "nothing saved");
    assert_eq!(stage_of(&app, member.id), 2);

    // The day the stage began is taken.
    let response = log_sets(
        &app,
        &format!("/crew/{}/log", member.id),
        "prescribed",
        &[("trained_on", &moved_on.to_string())],
    )
    .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// The roster shows the member's "Stalled" badge.
async fn assert_roster_shows_stalled(app: &TestApp) {
    let roster = app.get_html("/roster").await;
    assert!(
        texts(&roster, "td.flags .badge")
            .iter()
            .any(|f| f == "Stalled"),
        "{:?}",
        texts(&roster, "td.flags")
    );
}

/// A voided session is one the department did not train: the officer's
/// numbers per month count neither it nor its pain report, as the roster
/// and the rules do not.
#[actix_web::test]
async fn the_program_in_numbers_leaves_out_voided_sessions() {
    let app = spawn_app().await;
    // Seven members log a session; the last stops for lower-back pain.
    let mut results = Vec::new();
    for i in 0..7 {
        let (phone, _) = member_at(&app, &format!("m{i}@station.test"), 3, false).await;
        let pain = if i == 6 { "lower_back" } else { "none" };
        let response = log_sets(
            &phone,
            "/",
            "finished",
            &[("reps", "20"), ("hold", "1"), ("pain", pain)],
        )
        .await;
        results.push(location(&response));
    }
    let pain = results[6].clone();

    // `app` is the coach's browser (`member_at` made the coach).
    let month = app.today().format("%Y-%m").to_string();
    let counts = |doc: &scraper::Html| {
        let row = format!("tr.month[data-month=\"{month}\"]");
        (
            text(doc, &format!("{row} td.members")),
            text(doc, &format!("{row} td.sessions")),
            text(doc, &format!("{row} td.pain")),
        )
    };
    let before = counts(&app.get_html("/program").await);
    assert_eq!(before, ("7".into(), "7".into(), "1".into()));

    // The pain report, and one other session, were logged by mistake.
    coach_voids(&app, &pain).await;
    coach_voids(&app, &results[0]).await;
    let after = counts(&app.get_html("/program").await);
    assert_eq!(after, ("5".into(), "5".into(), "0".into()));
}
