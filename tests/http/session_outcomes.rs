//! Issue 21 (and 20, item 6): stopping for pain is its own outcome, a
//! session can be undone the same day by the member or voided by a coach
//! with a reason (the record keeps both), and a rest day says before the
//! tap that an extra session will not count.

use bridgework::schema::{coach_flags, session_logs, stage_changes};
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use bridgework::domain::today::day_text;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// Stage 3 sets with the pause, two of three done.
const TWO_SETS: [(&str, &str); 4] = [("reps", "20"), ("hold", "1"), ("reps", "14"), ("hold", "1")];

async fn stop_for_pain(phone: &TestApp, pain: &str) -> reqwest::Response {
    let mut fields = TWO_SETS.to_vec();
    fields.extend([("felt", "glutes"), ("pain", pain), ("good_form", "on")]);
    log_sets(phone, "/", "stopped", &fields).await
}

fn lower(s: String) -> String {
    s.to_lowercase()
}

#[actix_web::test]
async fn a_pain_stop_keeps_what_was_done_and_today_says_back_a_stage_and_see_your_coach() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, "form.log-form button.stop-for-pain"),
        "Stopped for pain: save what I did"
    );

    let response = stop_for_pain(&phone, "lower_back").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Back to stage 2 for a week");
    assert_eq!(
        texts(&doc, "td.reps"),
        vec!["20", "14"],
        "what was done is kept"
    );
    assert_eq!(text(&doc, ".pain"), "Sharp pain in the lower back");

    let until = day_text(app.today() + Duration::days(7));
    let doc = phone.get_html("/").await;
    let what_now = text(&doc, ".pain-stop .what-now");
    assert!(
        what_now.contains(&format!("back to stage 2 until {until}")),
        "{what_now}"
    );
    assert!(what_now.contains("see your coach"), "{what_now}");
    assert!(!text(&doc, "main").contains("Nice work"));
    assert_eq!(
        count(&doc, "form.log-form"),
        0,
        "no finishing after a red flag"
    );
    assert_eq!(count(&doc, "form.prescribed"), 0);
    assert_eq!(count(&doc, ".toned-out"), 0);

    // The coach reads the place it hurt, not "toned out".
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(
        text(&doc, "table.sessions .outcome"),
        "stopped: lower-back pain"
    );
    assert_eq!(
        lower(text(&doc, ".flag-list .badge")),
        "stopped: lower-back pain"
    );
}

#[actix_web::test]
async fn the_coach_sees_stopped_knee_pain_on_the_roster_member_page_history_and_csv() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let response = stop_for_pain(&phone, "knee").await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Stop here and see your coach");
    let doc = phone.get_html("/").await;
    let what_now = text(&doc, ".pain-stop .what-now");
    assert!(what_now.contains("see your coach"), "{what_now}");
    assert!(!what_now.contains("back to stage"), "{what_now}");
    assert_eq!(count(&doc, "form.log-form"), 0);
    let doc = phone.get_html("/history").await;
    assert_eq!(text(&doc, ".session-card .outcome"), "stopped: knee pain");

    let doc = app.get_html("/roster").await;
    assert_eq!(text(&doc, "td.flags .pain-stop"), "stopped: knee pain");
    // The needs-attention line leads with it.
    let doc = app.get_html("/").await;
    let pain_line = texts(&doc, "li.attention")
        .into_iter()
        .find(|l| l.contains("stopped: knee pain"));
    assert!(pain_line.is_some(), "{:?}", texts(&doc, "li.attention"));
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(text(&doc, "table.sessions .outcome"), "stopped: knee pain");
    assert_eq!(lower(text(&doc, ".flag-list .badge")), "stopped: knee pain");

    let body = app
        .get(&format!("/exports/sessions.csv?member={}", member.id))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().unwrap().clone();
    let status = header.iter().position(|h| h == "Status").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "one row per set");
    assert!(rows.iter().all(|r| &r[status] == "stopped: knee pain"));
}

#[actix_web::test]
async fn stop_for_pain_asks_where_it_hurt_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 3, false).await;
    let response = stop_for_pain(&phone, "none").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "fieldset.pain .field-error"),
        "Mark where it hurt, or save as toned out."
    );
    assert_eq!(attr(&doc, "#reps_2", "value").unwrap(), "14");
    let stored: i64 = session_logs::table
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(stored, 0);
}

#[actix_web::test]
async fn toned_out_with_pain_marked_is_a_pain_stop_too() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 3, false).await;
    let mut fields = TWO_SETS.to_vec();
    fields.extend([("pain", "hip_joint"), ("good_form", "on")]);
    log_sets(&phone, "/", "partial", &fields).await;
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, "form.log-form"), 0, "never offered to finish");
    assert!(text(&doc, ".pain-stop .what-now").contains("see your coach"));
}

#[test]
fn the_migration_reads_old_toned_out_sessions_with_pain_as_pain_stops() {
    use diesel::connection::SimpleConnection;
    use diesel_migrations::MigrationHarness;

    #[derive(QueryableByName, Debug, PartialEq)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        id: i32,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        stopped: bool,
    }
    let dir = tempfile::tempdir().unwrap();
    let mut conn = bridgework::db::connect(&dir.path().join("m.sqlite3")).unwrap();
    while !conn.pending_migrations(bridgework::db::MIGRATIONS).unwrap()[0]
        .name()
        .to_string()
        .contains("session_outcomes")
    {
        conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    }
    let session = |id: i32, status: &str, pain: &str| {
        format!(
            "INSERT INTO session_logs (id, member_id, assignment_id, stage, trained_on, status, pain,
               idempotency_key, entered_by, created_at, updated_at)
             VALUES ({id}, 1, 1, 3, '2026-01-0{id}', '{status}', '{pain}', 'k{id}', 1,
               '2026-01-06 10:00:00', '2026-01-06 10:00:00');"
        )
    };
    conn.batch_execute(&format!(
        "INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'c@x', 'C', 'x', 'coach');
         INSERT INTO members (id, name, start_date) VALUES (1, 'M', '2026-01-05');
         INSERT INTO assignments (id, member_id, stage, sessions_per_week, start_date, created_by, created_at)
           VALUES (1, 1, 3, 2, '2026-01-05', 1, '2026-01-05 10:00:00');
         {}{}{}{}
         INSERT INTO session_sets (session_id, set_number, reps) VALUES (1, 1, 12);
         INSERT INTO stage_changes (member_id, assignment_id, to_stage, reason, changed_at)
           VALUES (1, 1, 3, 'assigned', '2026-01-05 10:00:00');",
        session(1, "partial", "knee"),
        session(2, "partial", "none"),
        session(3, "finished", "lower_back"),
        session(4, "partial", "lower_back"),
    ))
    .unwrap();
    conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    let rows: Vec<Row> = diesel::sql_query("SELECT id, stopped FROM session_logs ORDER BY id")
        .load(&mut conn)
        .unwrap();
    let stopped: Vec<(i32, bool)> = rows.iter().map(|r| (r.id, r.stopped)).collect();
    assert_eq!(stopped, vec![(1, true), (2, false), (3, false), (4, true)]);
    // Down and up again keeps the sessions.
    conn.revert_last_migration(bridgework::db::MIGRATIONS)
        .unwrap();
    conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    let again: i64 = session_logs::table.count().get_result(&mut conn).unwrap();
    assert_eq!(again, 4);
    // Read back through the app's own model, once the database is as the
    // app has it: a pain stop, never a toned-out session to finish.
    conn.run_pending_migrations(bridgework::db::MIGRATIONS)
        .unwrap();
    let read = bridgework::models::session_log::Session::find(&mut conn, 1).unwrap();
    assert_eq!(
        read.row.stopped_text().as_deref(),
        Some("stopped: knee pain")
    );
    assert!(!read.row.awaits_finish());
    assert_eq!(read.sets.len(), 1);
}

fn stage_of(app: &TestApp, member_id: i32) -> i32 {
    use bridgework::schema::assignments;
    assignments::table
        .filter(assignments::member_id.eq(member_id))
        .filter(assignments::active.eq(true))
        .select(assignments::stage)
        .first(&mut app.pool.get().unwrap())
        .unwrap()
}

#[actix_web::test]
async fn undo_of_an_advancing_session_reverses_the_advance_and_the_timeline_keeps_both() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(3));
    let response = done_as_prescribed(&phone).await;
    let result = location(&response);
    let doc = phone.get_html(&result).await;
    assert_eq!(text(&doc, ".headline"), "Moving up to stage 2 of 7");
    assert_eq!(text(&doc, "form.undo button"), "That was a mistake: undo");
    assert_eq!(stage_of(&app, member.id), 2);

    let action = attr(&doc, "form.undo", "action").unwrap();
    let response = phone.submit(&result, &action, &[]).await;
    assert_redirect(&response, &result);
    let doc = phone.get_html(&result).await;
    assert!(
        text(&doc, ".voided").starts_with("Voided by riley@station.test"),
        "{}",
        text(&doc, ".voided")
    );
    assert_eq!(text(&doc, ".headline"), "Session voided");
    assert_eq!(count(&doc, "form.undo"), 0);
    assert_eq!(stage_of(&app, member.id), 1, "the advance is undone");

    // The today page offers today's session again, at stage 1.
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge"
    );
    assert_eq!(count(&doc, "form.prescribed"), 1);

    // The timeline keeps both facts, newest first.
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    let whats = texts(&doc, ".timeline-entry .what");
    assert_eq!(
        whats[..2],
        [
            "Undone: the session was voided: 2 · Single-leg glute bridge → 1 · Floor glute bridge",
            "Advanced: 1 · Floor glute bridge → 2 · Single-leg glute bridge",
        ]
    );
    assert_eq!(
        texts(&doc, ".timeline-entry .who")[0],
        "by riley@station.test"
    );
    // The voided session shows as voided and counts for nothing.
    assert!(text(&doc, "table.sessions tr.voided .outcome").starts_with("Voided by"));
    let changes: i64 = stage_changes::table
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(changes, 3, "assigned, advanced, undone: nothing deleted");
}

#[actix_web::test]
async fn undo_is_gone_after_the_day_and_a_late_post_is_refused() {
    // 23:30 in New York: the undo closes at midnight there, 30 minutes on.
    let app = spawn_app_at(new_york(2026, 11, 18, 23, 30)).await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let result = location(&done_as_prescribed(&phone).await);
    let doc = phone.get_html(&result).await;
    let action = attr(&doc, "form.undo", "action").expect("offered the same day");
    let token = attr(&doc, "form.undo input[name=csrf_token]", "value").unwrap();

    app.clock.advance(Duration::minutes(31));
    let doc = phone.get_html(&result).await;
    assert_eq!(count(&doc, "form.undo"), 0, "the next day: no undo");
    let response = phone.post_raw(&action, &[("csrf_token", &token)]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let doc = html(response).await;
    assert!(text(&doc, "main").contains("Ask your coach"));
    let voided: i64 = session_logs::table
        .filter(session_logs::voided_at.is_not_null())
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(voided, 0);
    let _ = member;
}

#[actix_web::test]
async fn a_member_cannot_undo_another_members_session() {
    let app = spawn_app().await;
    let (riley, _) = member_at(&app, "riley@station.test", 1, false).await;
    let (sam, _) = member_at(&app, "sam@station.test", 1, false).await;
    let result = location(&done_as_prescribed(&riley).await);
    let id = result.trim_start_matches("/sessions/");
    let response = sam.submit("/", &format!("/sessions/{id}/undo"), &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Nor a coach's void, which members cannot reach.
    let response = sam
        .submit("/", &format!("/sessions/{id}/void"), &[("reason", "x")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = sam.submit("/", "/sessions/99999/undo", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let doc = riley.get_html(&result).await;
    assert_eq!(count(&doc, ".voided"), 0);
}

#[actix_web::test]
async fn a_coach_voids_a_session_with_a_reason_and_the_history_says_who_and_why() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let response = stop_for_pain(&phone, "lower_back").await;
    let result = location(&response);
    assert_eq!(stage_of(&app, member.id), 2);

    // A reason is required: refused beside the field, nothing changed.
    let doc = app.get_html(&result).await;
    let action = attr(&doc, "form.void", "action").unwrap();
    let response = app.submit(&result, &action, &[("reason", "  ")]).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "form.void .field-error"),
        "Say why the session is voided; the member's history shows it."
    );
    assert_eq!(stage_of(&app, member.id), 2);

    let response = app
        .submit(
            &result,
            &action,
            &[("reason", "logged for the wrong member")],
        )
        .await;
    assert_redirect(&response, &result);
    assert_eq!(stage_of(&app, member.id), 3, "the pain week is undone");
    let open: i64 = coach_flags::table
        .filter(coach_flags::resolved_at.is_null())
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(open, 0, "the flags it raised are answered");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(
        text(&doc, "table.sessions tr.voided .outcome"),
        "Voided by Casey Coach: logged for the wrong member"
    );
    assert_eq!(count(&doc, ".flag-list"), 0);
    let doc = phone.get_html("/history").await;
    assert_eq!(
        text(&doc, ".session-card.voided .outcome"),
        "Voided by Casey Coach: logged for the wrong member"
    );
    // The member's today page no longer shows the pain stop.
    let doc = phone.get_html("/").await;
    assert_eq!(count(&doc, ".pain-stop"), 0);
    assert_eq!(count(&doc, "form.log-form"), 1);
    let doc = app.get_html("/roster").await;
    assert_eq!(count(&doc, "td.flags .pain-stop"), 0);
    // The export keeps the session and says it was voided, and why.
    let body = app
        .get(&format!("/exports/sessions.csv?member={}", member.id))
        .await
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().unwrap().clone();
    let voided = header
        .iter()
        .position(|h| h == "Voided (date: reason)")
        .unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let expected = format!("{}: logged for the wrong member", app.today());
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[voided] == expected), "{rows:?}");
}

#[actix_web::test]
async fn a_rest_day_says_before_the_tap_that_an_extra_session_will_not_count() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    // Wednesday, nothing planned and nothing logged: welcome, and it counts.
    let doc = phone.get_html("/").await;
    assert!(text(&doc, ".due").starts_with("No session due today"));
    assert_eq!(count(&doc, "button.done-as-prescribed"), 1);
    assert_eq!(count(&doc, "button.done-as-prescribed.primary"), 0);
    assert_eq!(
        text(&doc, "form.prescribed .rest-day"),
        "No session is planned today: an extra one is welcome, and it counts like any other."
    );

    // Thursday, a session is due: the one tap is the primary action.
    app.clock.advance(Duration::days(1));
    let doc = phone.get_html("/").await;
    assert!(text(&doc, ".due").starts_with("A session is due today"));
    assert_eq!(count(&doc, "button.done-as-prescribed.primary"), 1);
    assert_eq!(count(&doc, ".rest-day"), 0);
    done_as_prescribed(&phone).await;

    // Friday, the day after: said before the tap, not after.
    app.clock.advance(Duration::days(1));
    let doc = phone.get_html("/").await;
    assert!(text(&doc, ".due").starts_with("No session due today"));
    assert_eq!(
        count(&doc, "button.done-as-prescribed.primary"),
        0,
        "not the primary action on a rest day"
    );
    assert_eq!(
        text(&doc, "form.prescribed .rest-day"),
        "Rest day: an extra session is welcome, but it will not count toward moving up."
    );
    let doc = phone
        .get_html(&location(&done_as_prescribed(&phone).await))
        .await;
    assert_eq!(text(&doc, ".headline"), "Extra session today");
}

#[actix_web::test]
async fn undo_gives_back_the_rep_target_a_mis_tap_raised() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 4, false).await;
    // A clean one tap raises the reps inside the range (8 -> 9)...
    let result = location(&done_as_prescribed(&phone).await);
    // ...undone: the next session is at 8 again.
    let doc = phone.get_html(&result).await;
    let action = attr(&doc, "form.undo", "action").unwrap();
    assert_redirect(&phone.submit(&result, &action, &[]).await, &result);
    app.clock.advance(Duration::days(2));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription-dose"),
        "3 x 8 per leg (range 8-12)"
    );
}

#[actix_web::test]
async fn a_session_the_coach_entered_is_the_coachs_to_void_not_the_members_to_undo() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let response = log_sets(
        &app,
        &format!("/crew/{}/log", member.id),
        "finished",
        &[
            ("reps", "20"),
            ("hold", "2"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("good_form", "on"),
        ],
    )
    .await;
    let result = location(&response);
    let doc = phone.get_html(&result).await;
    assert_eq!(text(&doc, ".entered-by"), "Entered by Casey Coach.");
    assert_eq!(count(&doc, "form.undo"), 0);
    let id = result.trim_start_matches("/sessions/");
    let response = phone
        .submit(&result, &format!("/sessions/{id}/undo"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(text(&html(response).await, "main").contains("ask them to void it"));
}

/// The words "you" or "your" anywhere in `text`.
fn speaks_to_the_reader(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic())
        .any(|w| w.eq_ignore_ascii_case("you") || w.eq_ignore_ascii_case("your"))
}

#[actix_web::test]
async fn the_session_page_speaks_to_the_member_and_about_them_to_a_coach() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "dana@station.test", 1, true).await;
    diesel::update(bridgework::schema::members::table.find(member.id))
        .set(bridgework::schema::members::name.eq("Dana Reyes"))
        .execute(&mut app.pool.get().unwrap())
        .unwrap();
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(3));
    let result = location(&done_as_prescribed(&phone).await);

    // The member reads about their own next session.
    let doc = phone.get_html(&result).await;
    assert_eq!(text(&doc, ".headline"), "Moving up to stage 2 of 7");
    assert!(
        text(&doc, ".explanation").contains("Your next session starts stage 2."),
        "{}",
        text(&doc, ".explanation")
    );

    // The coach reads about Dana, by name (logged in again after the days
    // that passed).
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&result).await;
    assert_eq!(
        text(&doc, ".headline"),
        "Next session for Dana Reyes: stage 2 of 7"
    );
    let said = text(&doc, ".result");
    assert!(said.contains("Dana Reyes met the standard"), "{said}");
    assert!(!speaks_to_the_reader(&said), "{said}");

    // A session the coach logs for Dana: the result is about Dana too.
    app.clock.advance(Duration::days(3));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let logged = log_sets(
        &app,
        &format!("/crew/{}/log", member.id),
        "partial",
        &[
            ("reps", "15"),
            ("right", "15"),
            ("hold", "0"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("good_form", "on"),
        ],
    )
    .await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    let doc = app.get_html(&location(&logged)).await;
    let said = text(&doc, ".result");
    assert_eq!(text(&doc, ".headline"), "Saved as toned out");
    assert!(said.contains("Dana Reyes"), "{said}");
    assert!(!speaks_to_the_reader(&said), "{said}");
}
