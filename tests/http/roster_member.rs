//! One member's roster row (issue 17, item 7): the member page and a
//! coach's decision on a line read one member's row, flags and decisions
//! from that member's data alone, through the roster's own rules; and the
//! roster reads the recent sessions from an index alone.

use std::sync::{Arc, Mutex};

use bridgework::app::access::Viewer;
use bridgework::app::attention::{decide, lines, lines_of, DecisionRequest, Line};
use bridgework::app::roster::{all_rows, member_row, Row};
use bridgework::domain::attention::Action;
use bridgework::domain::roster::Flag;
use bridgework::models::assignment::{AssignFields, Assignment};
use bridgework::models::department::Department;
use bridgework::models::user::Role;
use chrono::Duration;
use diesel::connection::{Connection, InstrumentationEvent};
use diesel::SqliteConnection;

use crate::helpers::*;
use crate::roster::{add_trained_members, plan};

/// Everything a row says, to compare two rows.
fn said(row: &Row) -> String {
    format!(
        "{} {} {} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {:?}",
        row.member_id,
        row.name,
        row.station,
        row.platoon,
        row.on_duty,
        row.stage,
        row.last_session,
        row.adherence,
        row.true_extension,
        row.asymmetry,
        row.flags,
        row.facts,
        row.last_test,
        row.today,
        row.pain_stop,
    )
}

fn said_lines(lines: &[Line]) -> Vec<String> {
    lines.iter().map(|l| format!("{l:?}")).collect()
}

/// A crew of every kind: trained members with a pain flag and a range test,
/// one assigned two months ago who never trained (no session), one not
/// assigned; one line already answered by a decision.
async fn crew(app: &TestApp) -> (i32, Vec<(i32, String)>) {
    let coach = app
        .create_user("coach@station.test", "Coach", Role::Coach)
        .await;
    add_trained_members(app, coach.id, 0, 3);
    let idle = create_crew_member(app, "Idle Ida", "Station 2", Some("B"));
    let unassigned = create_crew_member(app, "Unassigned Ula", "Station 2", None);
    let mut conn = app.pool.get().unwrap();
    let fields = AssignFields {
        stage: 2,
        sessions_per_week: 2,
        training_days: String::new(),
        start_date: app.today() - Duration::days(60),
        auto_advance: false,
    };
    let now = app.clock.now();
    Assignment::assign(&mut conn, idle.id, &fields, coach.id, now.naive_utc()).unwrap();
    let department = Arc::new(Department::get(&mut conn).unwrap());
    let rows = all_rows(&mut conn, &department, now).unwrap();
    let trained = rows.iter().find(|r| r.name == "Member 00").unwrap();
    assert!(trained.flags.contains(&Flag::Pain), "{:?}", trained.flags);
    decide(
        &mut conn,
        &department,
        trained.member_id,
        Flag::Pain,
        &DecisionRequest {
            action: Action::Acknowledge,
            note: "Talked it through".to_string(),
            until: None,
        },
        coach.id,
        now,
    )
    .unwrap()
    .unwrap();
    assert!(rows.iter().any(|r| r.member_id == unassigned.id));
    let members = rows.iter().map(|r| (r.member_id, r.name.clone())).collect();
    (coach.id, members)
}

#[actix_web::test]
async fn a_member_s_own_row_and_lines_are_the_roster_s() {
    let app = spawn_app().await;
    let (coach, members) = crew(&app).await;
    let mut conn = app.pool.get().unwrap();
    let department = Arc::new(Department::get(&mut conn).unwrap());
    let now = app.clock.now();
    let rows = all_rows(&mut conn, &department, now).unwrap();
    assert_eq!(rows.len(), 5);
    let coach = bridgework::models::user::User::find(&mut conn, coach).unwrap();
    let viewer = Viewer::of(&mut conn, &coach).unwrap();
    let (all_lines, total) = lines(&mut conn, &department, now, &viewer).unwrap();
    assert_eq!(total, 5);
    let reasons: Vec<Flag> = all_lines.iter().map(|l| l.reason).collect();
    assert!(reasons.contains(&Flag::NoSession), "{reasons:?}");
    assert!(reasons.contains(&Flag::Pain), "{reasons:?}");
    for (id, _) in members {
        let whole = rows.iter().find(|r| r.member_id == id).unwrap();
        let own = member_row(&mut conn, &department, now, id)
            .unwrap()
            .expect("an active member has a row");
        assert_eq!(said(&own), said(whole), "member {id}");
        let theirs: Vec<Line> = all_lines
            .iter()
            .filter(|l| l.member_id == id)
            .cloned()
            .collect();
        assert_eq!(
            said_lines(&lines_of(&mut conn, &department, now, id).unwrap()),
            said_lines(&theirs),
            "member {id}"
        );
    }
    // Not a member: no row and no lines.
    assert!(member_row(&mut conn, &department, now, 9999)
        .unwrap()
        .is_none());
    assert!(lines_of(&mut conn, &department, now, 9999)
        .unwrap()
        .is_empty());
}

/// The statements `f` runs (their SQL), on a connection of its own.
fn statements(app: &TestApp, f: impl FnOnce(&mut SqliteConnection)) -> Vec<String> {
    let mut conn = bridgework::db::connect(&app.db_path).unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = seen.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let text = query.to_string();
            let sql = text.split(" -- binds:").next().unwrap_or_default();
            kept.lock().unwrap().push(sql.to_string());
        }
    });
    f(&mut conn);
    let sql = seen.lock().unwrap().clone();
    sql
}

/// The member page's lines and a decision read one member's rows: every
/// statement seeks by the member (or by id), none walks a table or an index
/// of the whole department, none reads the department's sessions by day.
#[actix_web::test]
async fn a_member_s_lines_read_only_that_member_s_rows() {
    let app = spawn_app().await;
    let (coach, members) = crew(&app).await;
    let department = Arc::new(Department::get(&mut app.pool.get().unwrap()).unwrap());
    let now = app.clock.now();
    let (member, _) = members
        .into_iter()
        .find(|(_, name)| name == "Idle Ida")
        .unwrap();
    let sql = statements(&app, |conn| {
        let lines = lines_of(conn, &department, now, member).unwrap();
        assert!(!lines.is_empty());
        let reason = lines[0].reason;
        let action = bridgework::domain::attention::actions_for(reason)[0];
        let request = DecisionRequest {
            action,
            note: "Seen".to_string(),
            until: Some(app.today() + Duration::days(7)),
        };
        decide(conn, &department, member, reason, &request, coach, now)
            .unwrap()
            .unwrap();
    });
    assert!(!sql.is_empty());
    for statement in sql.iter().filter(|s| s.trim_start().starts_with("SELECT")) {
        for step in plan(&app, statement) {
            assert!(
                !step.starts_with("SCAN") || step == "SCAN CONSTANT ROW",
                "{step} in\n{statement}"
            );
            assert!(!step.contains("(trained_on>?)"), "{step} in\n{statement}");
        }
    }
}

/// The roster reads the department's recent sessions from an index that
/// holds all it reads of them (voided ones left out), never the table rows.
#[actix_web::test]
async fn the_roster_reads_the_recent_sessions_from_an_index_alone() {
    let app = spawn_app().await;
    crew(&app).await;
    let department = Arc::new(Department::get(&mut app.pool.get().unwrap()).unwrap());
    let now = app.clock.now();
    let sql = statements(&app, |conn| {
        all_rows(conn, &department, now).unwrap();
    });
    let by_day: Vec<&String> = sql
        .iter()
        .filter(|s| s.contains("`session_logs`.`trained_on` >= ?") && !s.contains("`members`"))
        .collect();
    assert_eq!(by_day.len(), 1, "{sql:#?}");
    let steps = plan(&app, by_day[0]);
    assert!(
        steps.iter().all(|s| s.contains("COVERING INDEX")),
        "{steps:?} in\n{}",
        by_day[0]
    );
}
