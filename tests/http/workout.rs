//! The on-shift workout page, session logging and the engine's decisions as
//! a firefighter and a coach see them.

use bridgework::models::assignment::{AssignFields, Assignment};
use bridgework::models::member::Member;
use bridgework::models::user::{Role, User};
use bridgework::schema::session_logs;
use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;

use bridgework::domain::today::day_text;

use crate::helpers::*;

/// A coach (logged in on `app`), and a crew member with an account at
/// `stage`, logged in on the returned phone.
pub async fn member_at(
    app: &TestApp,
    email: &str,
    stage: i32,
    auto_advance: bool,
) -> (TestApp, Member) {
    let coach =
        match User::find_by_email(&mut app.pool.get().unwrap(), "coach@station.test").unwrap() {
            Some(coach) => coach,
            None => app.coach().await,
        };
    let member = create_crew_member(app, email, "Station 1", None);
    let user = app.create_user(email, email, Role::Member).await;
    {
        let mut conn = app.pool.get().unwrap();
        Member::link_user(&mut conn, member.id, user.id).unwrap();
        let start = app.today() - Duration::days(14);
        Assignment::assign(
            &mut conn,
            member.id,
            &AssignFields {
                stage,
                sessions_per_week: 2,
                training_days: String::new(),
                start_date: start,
                auto_advance,
            },
            coach.id,
            app.clock.now().naive_utc(),
        )
        .unwrap();
    }
    let phone = app.other_browser();
    assert_redirect(&phone.login(email).await, "/");
    (phone, member)
}

/// Submits the "done as prescribed" form of today's page.
pub async fn done_as_prescribed(phone: &TestApp) -> reqwest::Response {
    let doc = phone.get_html("/").await;
    let key = attr(&doc, "form.prescribed input[name=key]", "value").unwrap();
    let token = attr(&doc, "form.prescribed input[name=csrf_token]", "value").unwrap();
    phone
        .post_raw(
            "/log",
            &[
                ("csrf_token", &token),
                ("action", "prescribed"),
                ("key", &key),
            ],
        )
        .await
}

/// Submits the per-set form with these fields (plus its key and token).
pub async fn log_sets(
    phone: &TestApp,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let doc = phone.get_html(page).await;
    let key = attr(&doc, "form.log-form input[name=key]", "value").unwrap();
    let partial = attr(&doc, "form.log-form input[name=partial_id]", "value").unwrap_or_default();
    let token = attr(&doc, "form.log-form input[name=csrf_token]", "value").unwrap();
    let post_to = attr(&doc, "form.log-form", "action").unwrap();
    let mut all = vec![
        ("csrf_token", token.as_str()),
        ("key", key.as_str()),
        ("partial_id", partial.as_str()),
        ("action", action),
    ];
    all.extend_from_slice(fields);
    phone.post_raw(&post_to, &all).await
}

/// Every session's sets as its pages read them (from the row's
/// `sets_text`, which the database derives) are its rows in
/// `session_sets`, in set order.
fn assert_sets_as_read_are_the_sets_stored(app: &TestApp) {
    use bridgework::models::session_log::{Session, SetRow};
    use bridgework::schema::session_sets;
    let mut conn = app.pool.get().unwrap();
    let members: Vec<i32> = session_logs::table
        .select(session_logs::member_id)
        .distinct()
        .load(&mut conn)
        .unwrap();
    let numbers = |s: &SetRow| {
        (
            s.id,
            s.set_number,
            s.reps,
            s.reps_other_side,
            s.load_grams,
            s.hold_seconds,
        )
    };
    for member in members {
        for session in Session::for_member(&mut conn, member).unwrap() {
            let stored: Vec<SetRow> = session_sets::table
                .filter(session_sets::session_id.eq(session.row.id))
                .order(session_sets::set_number)
                .select(SetRow::as_select())
                .load(&mut conn)
                .unwrap();
            assert_eq!(
                session.sets.iter().map(numbers).collect::<Vec<_>>(),
                stored.iter().map(numbers).collect::<Vec<_>>(),
                "session {}",
                session.row.id
            );
        }
    }
}

fn session_count(app: &TestApp) -> i64 {
    session_logs::table
        .count()
        .get_result(&mut app.pool.get().unwrap())
        .unwrap()
}

/// At each hour where the UTC date and the department's differ: the page
/// is the department's today, and today's session is the one logged.
#[actix_web::test]
async fn the_workout_page_prescribes_and_one_tap_logs_the_session() {
    for (at, instant) in awkward_instants() {
        println!("workout page at {at}");
        workout_page_and_one_tap_from(instant).await;
    }
}

async fn workout_page_and_one_tap_from(instant: chrono::DateTime<chrono::Utc>) {
    let app = spawn_app_at(instant).await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, "h1"), "Today");
    assert_eq!(text(&doc, ".today-date"), day_text(app.today()));
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Floor glute bridge"
    );
    assert_eq!(text(&doc, ".prescription-dose"), "3 x 20");
    assert_eq!(text(&doc, ".hold"), "Hold 2 s at the top of each rep");
    assert_eq!(text(&doc, ".rest"), "Rest 60-90 s between sets");
    assert!(count(&doc, "ul.cues li") >= 4);
    assert_eq!(count(&doc, "ul.red-flags li"), 3);
    assert_eq!(count(&doc, "form.log-form fieldset.set"), 3);

    let response = done_as_prescribed(&phone).await;
    let result = location(&response);
    assert!(result.starts_with("/sessions/"), "{result}");
    let doc = phone.get_html(&result).await;
    assert_eq!(text(&doc, ".headline"), "Same stage next session");
    assert_eq!(texts(&doc, "td.reps"), vec!["20", "20", "20"]);
    assert_eq!(text(&doc, ".felt"), "Glutes");
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".due"), "Today's session is logged. Nice work.");

    // A second clean session two days later: ready to advance (auto off),
    // and the coach sees the flag.
    app.clock.advance(Duration::days(2));
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Ready to move up");
    let doc = phone.get_html("/history").await;
    assert_eq!(count(&doc, ".session-card"), 2);
    assert_redirect(&app.login("coach@station.test").await, "/");
    let member_id: i32 = Member::find_by_user(
        &mut app.pool.get().unwrap(),
        User::find_by_email(&mut app.pool.get().unwrap(), "riley@station.test")
            .unwrap()
            .unwrap()
            .id,
    )
    .unwrap()
    .unwrap()
    .id;
    let doc = app.get_html(&format!("/crew/{member_id}")).await;
    assert_eq!(texts(&doc, ".flag-list .badge"), vec!["Ready to advance"]);
    assert_eq!(text(&doc, ".stage-number"), "1");
}

#[actix_web::test]
async fn with_auto_advance_two_clean_sessions_move_the_member_up() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, true).await;
    done_as_prescribed(&phone).await;
    app.clock.advance(Duration::days(3));
    let response = done_as_prescribed(&phone).await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Moving up to stage 2 of 7");
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg glute bridge"
    );
    assert_eq!(
        text(&doc, ".prescription-dose"),
        "3 x 15 per leg (range 15-20)"
    );
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(
        text(&doc, ".timeline-entry .what"),
        "Advanced: 1 · Floor glute bridge → 2 · Single-leg glute bridge"
    );
    assert_eq!(text(&doc, ".timeline-entry .who"), "by the app");
}

#[actix_web::test]
async fn lower_back_pain_moves_the_member_back_for_a_week_then_restores_them() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 3, false).await;
    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[
            ("reps", "20"),
            ("hold", "1"),
            ("reps", "12"),
            ("hold", "1"),
            ("felt", "lower_back"),
            ("pain", "lower_back"),
            ("good_form", "on"),
        ],
    )
    .await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".headline"), "Back to stage 2 for a week");
    assert!(count(&doc, "ul.fixes li") >= 1, "fixes shown");

    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg glute bridge"
    );
    assert!(text(&doc, ".regression").starts_with("Back one stage because of lower-back pain"));
    let coach_page = format!("/crew/{}", member.id);
    let doc = app.get_html(&coach_page).await;
    assert_eq!(texts(&doc, ".flag-list .badge"), vec!["Lower-back pain"]);
    assert_eq!(text(&doc, ".stage-number"), "2");

    // Six days on, still back a stage; seven days on, restored.
    app.clock.advance(Duration::days(6));
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Single-leg glute bridge"
    );
    app.clock.advance(Duration::days(1));
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = phone.get_html("/").await;
    assert_eq!(
        text(&doc, ".prescription .stage-name"),
        "Bodyweight hip thrust"
    );
    assert_eq!(count(&doc, ".regression"), 0);
    // The restore is written with the next session, by the app.
    done_as_prescribed(&phone).await;
    let doc = app.get_html(&coach_page).await;
    let whats = texts(&doc, ".timeline-entry .what");
    assert_eq!(
        whats[0],
        "Restored after the pain week: 2 · Single-leg glute bridge → 3 · Bodyweight hip thrust"
    );
    assert_eq!(
        whats[1],
        "Moved back for a week (pain): 3 · Bodyweight hip thrust → 2 · Single-leg glute bridge"
    );
    assert_eq!(
        texts(&doc, ".timeline-entry .who")[..2],
        ["by the app", "by the app"]
    );
}

#[actix_web::test]
async fn toned_out_saves_a_partial_session_that_is_finished_later_the_same_shift() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let response = log_sets(
        &phone,
        "/",
        "partial",
        &[
            ("reps", "20"),
            ("hold", "2"),
            ("pain", "none"),
            ("good_form", "on"),
        ],
    )
    .await;
    let first = location(&response);
    let doc = phone.get_html(&first).await;
    assert_eq!(text(&doc, ".headline"), "Saved as toned out");
    assert_sets_as_read_are_the_sets_stored(&app);

    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, "form.log-form h2"), "Finish the session");
    assert_eq!(attr(&doc, "#reps_1", "value").unwrap(), "20");
    assert_eq!(attr(&doc, "#reps_2", "value").unwrap(), "");
    assert_eq!(count(&doc, "form.prescribed"), 0);

    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[
            ("reps", "20"),
            ("hold", "2"),
            ("reps", "20"),
            ("hold", "2"),
            ("reps", "20"),
            ("hold", "2"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("good_form", "on"),
        ],
    )
    .await;
    assert_eq!(location(&response), first, "the same session, finished");
    assert_eq!(session_count(&app), 1);
    let doc = phone.get_html(&first).await;
    assert_eq!(text(&doc, ".headline"), "Same stage next session");
    assert_eq!(texts(&doc, "td.reps"), vec!["20", "20", "20"]);
    assert_sets_as_read_are_the_sets_stored(&app);

    // Whoever changes the sets (an operator at the database), the row's
    // sets follow: a set changed, a set taken out.
    let mut conn = app.pool.get().unwrap();
    diesel::sql_query(
        "UPDATE session_sets SET reps = 18, reps_other_side = 17 WHERE set_number = 2",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("DELETE FROM session_sets WHERE set_number = 3")
        .execute(&mut conn)
        .unwrap();
    drop(conn);
    assert_sets_as_read_are_the_sets_stored(&app);
    let doc = phone.get_html(&first).await;
    assert_eq!(texts(&doc, "td.reps").len(), 2);
}

#[actix_web::test]
async fn the_same_form_submitted_twice_stores_one_session() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 1, false).await;
    let doc = phone.get_html("/").await;
    let key = attr(&doc, "form.prescribed input[name=key]", "value").unwrap();
    let token = attr(&doc, "form.prescribed input[name=csrf_token]", "value").unwrap();
    let fields = [
        ("csrf_token", token.as_str()),
        ("action", "prescribed"),
        ("key", key.as_str()),
    ];
    let first = phone.post_raw("/log", &fields).await;
    let second = phone.post_raw("/log", &fields).await;
    assert_eq!(location(&first), location(&second));
    assert_eq!(session_count(&app), 1);
}

#[actix_web::test]
async fn bad_numbers_are_refused_beside_the_field_keeping_what_was_typed() {
    let app = spawn_app().await;
    let (phone, _) = member_at(&app, "riley@station.test", 6, false).await;
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".prescription-load"), "45 lb");
    assert_eq!(attr(&doc, "#load_1", "value").unwrap(), "45");
    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[
            ("reps", "five"),
            ("load", "-5"),
            ("reps", "500"),
            ("load", "45"),
            ("pain", "none"),
            ("effort", "11"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    let errors = texts(&doc, ".field-error");
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert!(errors.contains(&"Cannot be negative.".to_string()));
    assert!(errors.contains(&"Enter a whole number from 0 to 100.".to_string()));
    assert!(errors.contains(&"Enter a whole number from 1 to 10.".to_string()));
    assert_eq!(attr(&doc, "#reps_1", "value").unwrap(), "five");
    assert_eq!(attr(&doc, "#load_1", "value").unwrap(), "-5");
    assert_eq!(attr(&doc, "#effort", "value").unwrap(), "11");
    assert_eq!(session_count(&app), 0);

    // 135 lb typed comes back as 135 lb.
    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[
            ("reps", "5"),
            ("load", "135"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("good_form", "on"),
        ],
    )
    .await;
    let doc = phone.get_html(&location(&response)).await;
    assert_eq!(texts(&doc, "td.load"), vec!["135 lb"]);
}

#[actix_web::test]
async fn a_member_cannot_log_for_or_read_another_members_sessions() {
    let app = spawn_app().await;
    let (phone_a, _) = member_at(&app, "a@station.test", 1, false).await;
    let (phone_b, member_b) = member_at(&app, "b@station.test", 1, false).await;
    let response = log_sets(
        &phone_b,
        "/",
        "partial",
        &[("reps", "10"), ("pain", "none")],
    )
    .await;
    let b_session = location(&response);
    let b_id = b_session.trim_start_matches("/sessions/").to_string();

    assert_eq!(
        phone_a.get(&b_session).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        phone_a
            .get(&format!("/crew/{}/log", member_b.id))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let token = phone_a.csrf_token("/").await;
    let response = phone_a
        .post_raw(
            &format!("/crew/{}/log", member_b.id),
            &[
                ("csrf_token", &token),
                ("action", "prescribed"),
                ("key", "k1"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Finishing B's partial session from A's account: not found, nothing changed.
    let response = phone_a
        .post_raw(
            "/log",
            &[
                ("csrf_token", &token),
                ("action", "prescribed"),
                ("key", "k2"),
                ("partial_id", &b_id),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(session_count(&app), 1);
    let doc = phone_b.get_html(&b_session).await;
    assert_eq!(text(&doc, ".headline"), "Saved as toned out");
}

#[actix_web::test]
async fn a_coach_logs_on_a_members_behalf_and_the_log_names_the_coach() {
    let app = spawn_app().await;
    let (_phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let page = format!("/crew/{}/log", member.id);
    let doc = app.get_html(&page).await;
    assert_eq!(text(&doc, "h1"), "Log a session for riley@station.test");
    let response = log_sets(
        &app,
        &page,
        "finished",
        &[
            ("reps", "20"),
            ("hold", "2"),
            ("reps", "18"),
            ("hold", "2"),
            ("felt", "glutes"),
            ("pain", "none"),
            ("good_form", "on"),
        ],
    )
    .await;
    let doc = app.get_html(&location(&response)).await;
    assert_eq!(text(&doc, ".entered-by"), "Entered by Casey Coach.");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(
        texts(&doc, "table.sessions td.entered-by"),
        vec!["Casey Coach"]
    );
}

#[actix_web::test]
async fn the_restore_sweep_records_a_due_restore_without_a_new_session() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 4, false).await;
    log_sets(
        &phone,
        "/",
        "finished",
        &[("reps", "8"), ("right", "8"), ("pain", "lower_back")],
    )
    .await;
    let sweep = |app: &TestApp| {
        let mut conn = app.pool.get().unwrap();
        let department = bridgework::models::department::Department::get(&mut conn).unwrap();
        bridgework::app::stage::restore_due_regressions(&mut conn, &department, app.clock.now())
            .unwrap()
    };
    assert_eq!(sweep(&app), 0, "nothing due yet");
    app.clock.advance(Duration::days(7));
    assert_eq!(sweep(&app), 1);
    assert_eq!(sweep(&app), 0, "written once");
    assert_redirect(&app.login("coach@station.test").await, "/");
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(text(&doc, ".stage-number"), "4");
    assert_eq!(
        text(&doc, ".timeline-entry .what"),
        "Restored after the pain week: 3 · Bodyweight hip thrust → 4 · Single-leg hip thrust"
    );
    assert_eq!(session_count(&app), 1);
}

/// Logging reads a bounded part of the history (`Session::for_rules`); the
/// engine must decide exactly as it would with the whole history. A long,
/// varied history (loaded stages, partial sessions, pain, cramps, a coach's
/// move down and back up) is logged day by day, and before each session the
/// prescription and the evaluation are compared both ways.
#[actix_web::test]
async fn the_rules_read_a_bounded_history_and_decide_as_with_the_whole_of_it() {
    use bridgework::app::log::{log_session, Entry, Logged, Target};
    use bridgework::domain::progression::{self as engine, Felt, Pain, SetLog};
    use bridgework::domain::units::{Load, Units};
    use bridgework::models::assignment::Reason;
    use bridgework::models::session_log::{NewSession, Session};
    use bridgework::models::stage::Stage;

    let app = spawn_app().await;
    let coach = app
        .create_user("coach@station.test", "Coach", Role::Coach)
        .await;
    let member = create_crew_member(&app, "Riley", "Station 1", None);
    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now().naive_utc();
    let first = now.date() - Duration::days(400);
    let fields = AssignFields {
        stage: 5,
        sessions_per_week: 3,
        training_days: String::new(),
        start_date: first,
        auto_advance: true,
    };
    Assignment::assign(&mut conn, member.id, &fields, coach.id, now).unwrap();
    let units = Units::Imperial;
    let department =
        bridgework::models::department::Department::get(&mut app.pool.get().unwrap()).unwrap();
    assert_eq!(department.units(), units);
    let domain = |sessions: Vec<Session>| -> Vec<engine::SessionLog> {
        sessions.iter().map(Session::domain).collect()
    };
    for n in 0..170u32 {
        let day = first + Duration::days(i64::from(n) * 2 + i64::from(n % 3 == 0));
        let mut a = Assignment::active_for(&mut conn, member.id)
            .unwrap()
            .unwrap();
        // The coach moves the member down for a month, then back up.
        if n == 90 || n == 105 {
            let to = if n == 90 { 3 } else { 6 };
            a.change_stage(&mut conn, to, Reason::Set, "", Some(coach.id), None, now)
                .unwrap();
            continue;
        }
        let stage = Stage::find(&mut conn, a.stage).unwrap();
        let spec = stage.spec();
        let dose = a.dose(&spec);
        let state = a.state();
        let whole = domain(Session::for_member(&mut conn, member.id).unwrap());
        let bounded = domain(
            Session::for_rules(
                &mut conn,
                member.id,
                a.stage,
                day,
                stage.qualifying_sessions,
            )
            .unwrap(),
        );
        assert!(bounded.len() <= whole.len());
        let p = engine::prescribe(&spec, &dose, &state, &whole, day, units);
        assert_eq!(
            engine::prescribe(&spec, &dose, &state, &bounded, day, units),
            p,
            "prescription before session {n}"
        );
        let load = p.load.unwrap_or(Load::ZERO);
        let new = NewSession {
            trained_on: day,
            finished: n % 11 != 4,
            as_prescribed: false,
            sets: vec![
                SetLog {
                    reps: u16::from(if n % 7 == 0 { p.reps_low } else { p.reps_high }),
                    reps_other_side: p.per_leg.then_some(u16::from(p.reps_high)),
                    load,
                    hold_seconds: p.hold_seconds,
                };
                usize::from(p.sets)
            ],
            felt: vec![if n % 9 == 0 {
                Felt::Quads
            } else {
                Felt::Glutes
            }],
            pain: if n % 37 == 20 {
                Pain::LowerBack
            } else {
                Pain::None
            },
            cramp: n % 13 == 5 || n % 13 == 6,
            good_form: n % 17 != 3,
            effort: None,
            note: String::new(),
            prescribed_load: None,
            variations: Vec::new(),
            readiness: None,
            lighter: false,
        };
        let as_logged = new.domain(spec.number);
        assert_eq!(
            engine::evaluate(&spec, &dose, &state, &bounded, &as_logged, units),
            engine::evaluate(&spec, &dose, &state, &whole, &as_logged, units),
            "evaluation of session {n}"
        );
        let logged = log_session(
            &mut conn,
            Entry {
                member_id: member.id,
                target: Target::New,
                session: &new,
                key: &format!("key-{n}"),
                entered_by: coach.id,
                department: &department,
                now,
            },
        )
        .unwrap();
        assert!(matches!(logged, Logged::Saved(_)));
    }
    let history = Session::for_member(&mut conn, member.id).unwrap();
    assert!(history.len() > 150);
    assert!(
        history.iter().map(|s| s.row.stage).max() >= Some(6),
        "the history reaches the barbell"
    );
}
