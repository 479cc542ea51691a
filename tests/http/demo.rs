//! The demo department: `bridgework demo` fills a fresh database through the
//! engine, the roster shows every kind of flag, and a second run refuses.
//!
//! The command is a process of its own, on the machine's clock; the test
//! app's clock stands at a fixed instant. What depends on when the
//! department was made (its flags) is checked on one made in the test's
//! process, as of the app's clock, as `bridgework demo` makes it as of its.

use std::process::Command;

use bridgework::auth::password;
use bridgework::demo::{self, DemoOptions, DEMO_COACH_EMAIL, DEMO_PASSWORD};

use crate::helpers::*;

fn demo(app: &TestApp, members: &str, weeks: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bridgework"))
        .arg("--database")
        .arg(&app.db_path)
        .arg("--log-level")
        .arg("warn")
        .args(["demo", "--members", members, "--weeks", weeks])
        .output()
        .unwrap()
}

#[actix_web::test]
async fn the_demo_command_fills_the_roster_and_a_second_run_refuses() {
    let app = spawn_app().await;
    let output = demo(&app, "30", "26");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(DEMO_COACH_EMAIL), "{stdout}");
    assert!(stdout.contains(DEMO_PASSWORD), "{stdout}");

    assert_redirect(&app.login_with(DEMO_COACH_EMAIL, DEMO_PASSWORD).await, "/");
    let roster = app.get_html("/roster").await;
    assert_eq!(count(&roster, "table.roster tbody tr"), 30);
    let stages: std::collections::BTreeSet<String> =
        texts(&roster, "td.stage").into_iter().collect();
    assert!(stages.len() >= 4, "stages shown: {stages:?}");

    let again = demo(&app, "30", "26");
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already has 30 crew member"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

/// The department `bridgework demo --members 30 --weeks 26` makes, made as
/// of the app's clock, at each hour where the UTC date and the department's
/// differ: every kind of flag shows.
#[actix_web::test]
async fn the_demo_roster_shows_every_kind_of_flag_at_any_hour() {
    let hash = password::hash(DEMO_PASSWORD).unwrap();
    for (at, instant) in awkward_instants() {
        let app = spawn_app_at(instant).await;
        let options = DemoOptions {
            members: 30,
            weeks: 26,
            ..DemoOptions::default()
        };
        let mut conn = app.pool.get().unwrap();
        demo::generate(&mut conn, options, app.clock.now(), &hash, &mut || {}).unwrap();
        drop(conn);
        assert_redirect(&app.login_with(DEMO_COACH_EMAIL, DEMO_PASSWORD).await, "/");
        let roster = app.get_html("/roster").await;
        assert_eq!(count(&roster, "table.roster tbody tr"), 30, "{at}");
        for kind in ["pain", "ready", "cramp", "stalled", "retest", "inactive"] {
            assert!(
                count(&roster, &format!("td.flags .flag-{kind}")) > 0,
                "{at}: no member flagged {kind}"
            );
        }
    }
}

#[actix_web::test]
async fn setup_offers_the_demo_and_logs_the_visitor_in_as_its_coach() {
    let app = spawn_app().await;
    let setup = app.get_html("/setup").await;
    assert_eq!(
        attr(&setup, "form.setup-demo", "action").as_deref(),
        Some("/setup/demo")
    );
    assert_redirect(
        &app.submit(
            "/setup",
            "/setup/demo",
            &[("setup_token", &app.setup_token)],
        )
        .await,
        "/",
    );
    let roster = app.get_html("/roster").await;
    assert_eq!(count(&roster, "table.roster tbody tr"), 120);
    assert!(text(&roster, ".flash").contains(DEMO_COACH_EMAIL));

    // Once a coach exists, the button is gone and the action refused.
    let stranger = app.other_browser();
    assert_redirect(&stranger.get("/setup").await, "/login");
    let token = stranger.csrf_token("/login").await;
    let refused = stranger
        .post_raw("/setup/demo", &[("csrf_token", token.as_str())])
        .await;
    assert_eq!(refused.status(), reqwest::StatusCode::FORBIDDEN);
}

/// The default demo, as a coach opening it first would judge it: members log
/// for themselves (the coach now and then, saying why); a session is close to
/// its prescription (a bad day is a set a few reps short); pain stops are
/// saved as what they are, never as toned out; range-test heights are in
/// proportion; and no roster flag covers a third of a department where most
/// members train. Three seeds, so the draw is not what passes.
#[actix_web::test]
async fn the_default_demo_reads_like_a_real_department() {
    use bridgework::domain::roster::Flag;
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;
    use strum::VariantArray;

    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let hash = password::hash(DEMO_PASSWORD).unwrap();
    for seed in [2026, 7, 31] {
        let app = spawn_app().await;
        let mut conn = app.pool.get().unwrap();
        let options = DemoOptions {
            seed,
            ..DemoOptions::default()
        };
        demo::generate(&mut conn, options, app.clock.now(), &hash, &mut || {}).unwrap();
        let mut count = |sql: &str| -> i64 {
            diesel::sql_query(sql)
                .get_result::<Count>(&mut conn)
                .unwrap()
                .n
        };
        let sessions = count("SELECT count(*) AS n FROM session_logs");
        let by_coach = count(
            "SELECT count(*) AS n FROM session_logs s JOIN users u ON u.id = s.entered_by \
             WHERE u.role = 'coach'",
        );
        assert!(
            by_coach * 10 < sessions,
            "seed {seed}: {by_coach} of {sessions} by the coach"
        );
        assert_eq!(
            count(
                "SELECT count(*) AS n FROM session_logs s JOIN users u ON u.id = s.entered_by \
                 WHERE u.role = 'coach' AND s.note = ''"
            ),
            0,
            "seed {seed}: a coach's entry without a reason"
        );
        let ragged = count(
            "SELECT count(*) AS n FROM (SELECT session_id FROM session_sets \
             GROUP BY session_id HAVING max(reps) - min(reps) > 3 \
             OR max(coalesce(reps_other_side, reps)) - min(coalesce(reps_other_side, reps)) > 3)",
        );
        assert_eq!(ragged, 0, "seed {seed}: sessions with sets far apart");
        assert_eq!(
            count("SELECT count(*) AS n FROM session_logs WHERE pain <> 'none' AND status = 'partial'"),
            0,
            "seed {seed}: a pain stop saved as toned out"
        );
        assert!(
            count("SELECT count(*) AS n FROM session_logs WHERE pain <> 'none'") > 0,
            "seed {seed}: no pain stop at all"
        );
        assert_eq!(
            count(
                "SELECT count(*) AS n FROM range_tests WHERE ninety_left_um > double_leg_um \
                 OR ninety_right_um > double_leg_um OR hugged_left_um > ninety_left_um \
                 OR hugged_right_um > ninety_right_um"
            ),
            0,
            "seed {seed}: range-test heights out of proportion"
        );
        let department = std::sync::Arc::new(
            bridgework::models::department::Department::get(&mut conn).unwrap(),
        );
        let rows =
            bridgework::app::roster::all_rows(&mut conn, &department, app.clock.now()).unwrap();
        assert_eq!(rows.len(), 120);
        for flag in Flag::VARIANTS {
            let n = rows.iter().filter(|r| r.flags.contains(flag)).count();
            println!("seed {seed}: {} on {n} of {}", flag.label(), rows.len());
            assert!(
                n * 3 < rows.len(),
                "seed {seed}: {} on {n} of 120",
                flag.label()
            );
        }
    }
}

/// The demo answers the readiness check as members do: about one session
/// in seven follows a "hard shift", every hard shift with its three
/// answers, and some of them are the lighter session, which the engine
/// never lets advance a member (nor mark them ready).
#[actix_web::test]
async fn the_demo_answers_the_readiness_check_and_lighter_sessions_never_advance() {
    use bridgework::schema::session_logs;
    use diesel::prelude::*;

    let hash = password::hash(DEMO_PASSWORD).unwrap();
    let app = spawn_app().await;
    let mut conn = app.pool.get().unwrap();
    let options = DemoOptions {
        members: 30,
        weeks: 26,
        ..DemoOptions::default()
    };
    demo::generate(&mut conn, options, app.clock.now(), &hash, &mut || {}).unwrap();
    let all: i64 = session_logs::table.count().get_result(&mut conn).unwrap();
    let hard: Vec<(Option<String>, Option<String>, Option<String>)> = session_logs::table
        .filter(session_logs::shift.eq("hard"))
        .select((
            session_logs::shift_sleep,
            session_logs::shift_soreness,
            session_logs::shift_calls,
        ))
        .load(&mut conn)
        .unwrap();
    let share = hard.len() as f64 / all as f64;
    assert!(
        (0.10..=0.20).contains(&share),
        "{} of {all} sessions after a hard shift",
        hard.len()
    );
    assert!(
        hard.iter()
            .all(|(a, b, c)| a.is_some() && b.is_some() && c.is_some()),
        "a hard shift with every answer"
    );
    let fine: i64 = session_logs::table
        .filter(session_logs::shift.eq("fine"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(fine > 0, "some say the shift was fine");

    let lighter: Vec<(Option<String>, String)> = session_logs::table
        .filter(session_logs::lighter.eq(true))
        .select((session_logs::shift, session_logs::outcome))
        .load(&mut conn)
        .unwrap();
    assert!(
        lighter.len() >= 10 && lighter.len() < hard.len(),
        "{} lighter sessions of {} after a hard shift",
        lighter.len(),
        hard.len()
    );
    for (shift, outcome) in &lighter {
        assert_eq!(shift.as_deref(), Some("hard"));
        assert!(
            outcome != "advance" && outcome != "ready",
            "a lighter session decided {outcome}"
        );
    }
}
