//! The roster dashboard: rows, flags, counts, filters and sorting.

use chrono::{Duration, NaiveDate};
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// The text of a member's roster row.
fn row_of(doc: &scraper::Html, name: &str) -> String {
    let names = texts(doc, "table.roster td.name");
    let index = names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} not in {names:?}"));
    texts(doc, "table.roster tbody tr")[index].clone()
}

#[actix_web::test]
async fn the_roster_shows_each_member_with_stage_adherence_and_flags() {
    let app = spawn_app().await;
    let (pain, _) = member_at(&app, "pain@station.test", 3, false).await;
    let (ready, _) = member_at(&app, "ready@station.test", 1, false).await;
    let (_idle, _) = member_at(&app, "idle@station.test", 2, false).await;
    create_crew_member(&app, "Unassigned Ula", "Station 2", Some("B"));

    log_sets(
        &pain,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "1"), ("pain", "lower_back")],
    )
    .await;
    done_as_prescribed(&ready).await;
    app.clock.advance(Duration::days(2));
    done_as_prescribed(&ready).await;
    assert_redirect(&app.login("coach@station.test").await, "/");

    let doc = app.get_html("/roster").await;
    assert_eq!(text(&doc, "h1"), "Roster");
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        // By urgency: pain, ready, no session, then no flag.
        vec![
            "pain@station.test",
            "ready@station.test",
            "idle@station.test",
            "Unassigned Ula"
        ]
    );
    assert_eq!(
        texts(&doc, "table.roster td.stage"),
        vec!["2/7", "1/7", "2/7", "not assigned"]
    );
    assert!(row_of(&doc, "pain@station.test").contains("Pain reported"));
    assert!(row_of(&doc, "ready@station.test").contains("Ready to advance"));
    // Assigned 16 days ago (member_at starts the assignment two weeks back), no session.
    assert!(row_of(&doc, "idle@station.test").contains("No session in 14 days"));
    assert!(!row_of(&doc, "Unassigned Ula").contains("No session"));
    assert_eq!(text(&doc, ".count-shown"), "4 of 4 members shown");
    assert_eq!(text(&doc, ".count-pain"), "1 Pain reported");
    assert_eq!(text(&doc, ".count-ready"), "1 Ready to advance");
    let ready_adherence = texts(&doc, "table.roster td.adherence")[1].clone();
    assert!(ready_adherence.starts_with("2/"), "{ready_adherence}");

    // Filter by flag, by stage; sort by stage, descending.
    let doc = app.get_html("/?flag=pain").await;
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec!["pain@station.test"]
    );
    let doc = app.get_html("/?stage=none").await;
    assert_eq!(texts(&doc, "table.roster td.name"), vec!["Unassigned Ula"]);
    let doc = app.get_html("/?sort=stage&dir=desc").await;
    assert_eq!(
        texts(&doc, "table.roster td.stage"),
        vec!["2/7", "2/7", "1/7", "not assigned"]
    );
    let doc = app.get_html("/?sort=stage&dir=asc").await;
    assert_eq!(
        texts(&doc, "table.roster td.stage"),
        vec!["1/7", "2/7", "2/7", "not assigned"]
    );
    assert_eq!(
        attr(&doc, "th[aria-sort=ascending] a", "href").unwrap(),
        "/roster?station=&platoon=&stage=&flag=&on_duty=&sort=stage&dir=desc"
    );

    // A member's home is their workout, never the roster.
    assert_eq!(pain.get("/").await.status(), StatusCode::OK);
    assert_eq!(text(&pain.get_html("/").await, "h1"), "Today");
}

/// At each awkward hour, among them 00:30 local, before the 07:00 shift
/// change, when the shift on duty is the one that began the day before.
#[actix_web::test]
async fn duty_filter_and_count_follow_the_rotation() {
    for (at, instant) in awkward_instants() {
        println!("duty filter at {at}");
        duty_filter_and_count_at(instant).await;
    }
}

async fn duty_filter_and_count_at(instant: chrono::DateTime<chrono::Utc>) {
    let app = spawn_app_at(instant).await;
    app.coach().await;
    let now = app.local_now();
    // Anchor platoon A's cycle on the current shift day so A is on duty now.
    let shift_day = if now.time() < chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap() {
        now.date() - Duration::days(1)
    } else {
        now.date()
    };
    let anchor = shift_day.to_string();
    app.submit(
        "/settings/rotation",
        "/settings/rotation",
        &[
            ("preset", "24-48"),
            ("anchor", &anchor),
            ("change_time", "07:00"),
            ("platoons", "A"),
            ("platoons", "B"),
            ("platoons", "C"),
        ],
    )
    .await;
    create_crew_member(&app, "Alpha", "Station 1", Some("A"));
    create_crew_member(&app, "Bravo", "Station 1", Some("B"));
    create_crew_member(&app, "Gym Gus", "", None);
    let doc = app.get_html("/roster").await;
    assert_eq!(text(&doc, ".count-duty"), "1 on duty now");
    let doc = app.get_html("/?on_duty=yes").await;
    assert_eq!(texts(&doc, "table.roster td.name"), vec!["Alpha"]);
    let doc = app.get_html("/?on_duty=no").await;
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec!["Bravo", "Gym Gus"]
    );
}

/// Crew members with an assignment, a few logged sessions (one with pain, so
/// a flag is open) and a range test each, written through the models.
pub(crate) fn add_trained_members(app: &TestApp, coach: i32, first: usize, count: usize) {
    use bridgework::app::log::{log_session, Entry, Target};
    use bridgework::domain::progression::{Felt, Pain, SetLog};
    use bridgework::domain::units::{Load, Units};
    use bridgework::models::assignment::{AssignFields, Assignment};
    use bridgework::models::session_log::NewSession;
    use diesel::connection::SimpleConnection;

    let mut conn = app.pool.get().unwrap();
    let now = app.clock.now().naive_utc();
    let department = bridgework::models::department::Department::get(&mut conn).unwrap();
    assert_eq!(department.units(), Units::Imperial);
    let today = app.today();
    for i in first..first + count {
        let member = create_crew_member(app, &format!("Member {i:02}"), "Station 1", Some("A"));
        let fields = AssignFields {
            stage: 5,
            sessions_per_week: 2,
            training_days: String::new(),
            start_date: today - Duration::days(100),
            auto_advance: false,
        };
        Assignment::assign(&mut conn, member.id, &fields, coach, now).unwrap();
        for (n, days_ago) in [(0, 30), (1, 20), (2, 3)] {
            let new = NewSession {
                trained_on: today - Duration::days(days_ago),
                finished: true,
                as_prescribed: false,
                sets: vec![
                    SetLog {
                        reps: 10,
                        reps_other_side: None,
                        load: Load::from_grams(9072),
                        hold_seconds: 0,
                    };
                    3
                ],
                felt: vec![Felt::Glutes],
                pain: if n == 2 { Pain::LowerBack } else { Pain::None },
                cramp: false,
                good_form: true,
                effort: None,
                note: String::new(),
                prescribed_load: None,
                variations: Vec::new(),
                readiness: None,
                lighter: false,
            };
            let key = format!("key-{i}-{n}");
            log_session(
                &mut conn,
                Entry {
                    member_id: member.id,
                    target: Target::New,
                    session: &new,
                    key: &key,
                    entered_by: coach,
                    department: &department,
                    now,
                },
            )
            .unwrap();
        }
        conn.batch_execute(&format!(
            "INSERT INTO range_tests (member_id, tested_on, double_leg_um, ninety_left_um, \
             ninety_right_um, hugged_left_um, hugged_right_um, tested_by, created_at, updated_at) \
             VALUES ({}, '{}', 200000, 150000, 140000, 120000, 110000, {coach}, '{now}', '{now}')",
            member.id,
            today - Duration::days(10),
        ))
        .unwrap();
    }
}

/// The statements `roster::load` runs (their SQL), on its own connection.
fn roster_queries(app: &TestApp, members: usize) -> Vec<String> {
    use bridgework::models::roster;
    use diesel::connection::{Connection, InstrumentationEvent};
    use std::sync::{Arc, Mutex};

    let mut conn = bridgework::db::connect(&app.db_path).unwrap();
    let queries = Arc::new(Mutex::new(Vec::new()));
    let seen = queries.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            let text = query.to_string();
            let sql = text.split(" -- binds:").next().unwrap_or_default();
            seen.lock().unwrap().push(sql.to_string());
        }
    });
    let window = bridgework::domain::roster::StallWindow::on(app.today());
    let data = roster::load(&mut conn, window).unwrap();
    assert_eq!(data.members.len(), members);
    assert!(
        data.members.iter().all(|m| m.latest_test.is_some()),
        "every member has a test"
    );
    assert!(
        data.members.iter().all(|m| !m.flags.is_empty()),
        "every member has an open flag"
    );
    let queries = queries.lock().unwrap().clone();
    queries
}

/// SQLite's plan for a statement, one line per step.
pub(crate) fn plan(app: &TestApp, sql: &str) -> Vec<String> {
    use diesel::prelude::*;
    use diesel::sql_types::Text;
    #[derive(QueryableByName)]
    struct Step {
        #[diesel(sql_type = Text)]
        detail: String,
    }
    let mut conn = bridgework::db::connect(&app.db_path).unwrap();
    diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
        .load::<Step>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|s| s.detail)
        .collect()
}

#[actix_web::test]
async fn the_roster_never_reads_a_whole_table() {
    use bridgework::models::user::Role;
    let app = spawn_app().await;
    let coach = app
        .create_user("coach@station.test", "Coach", Role::Coach)
        .await;
    add_trained_members(&app, coach.id, 0, 3);
    assert_no_whole_table_read(&app, &roster_queries(&app, 3));
}

/// No statement reads a whole table, and sessions and stage changes are
/// read from an index alone.
fn assert_no_whole_table_read(app: &TestApp, queries: &[String]) {
    for sql in queries {
        for step in plan(app, sql) {
            // "SCAN t USING INDEX i" walks an index (the open flags' partial
            // one); "SCAN t" alone is every row of the table.
            assert!(
                !step.starts_with("SCAN") || step.contains("INDEX"),
                "{step} in\n{sql}"
            );
            // Sessions and stage changes, thousands of entries, are read
            // from an index alone, never entry by entry from the table (a
            // flag's one session is looked up by its id).
            assert!(
                !(step.contains("session_logs") || step.contains("stage_changes"))
                    || step.contains("COVERING INDEX")
                    || step.contains("INTEGER PRIMARY KEY"),
                "{step} in\n{sql}"
            );
        }
    }
}

/// The recent sessions' days come as numbers straight from the live
/// sessions' day index (its `julianday(trained_on)`): SQLite computes no
/// Julian day per row, which is what the index is there to save.
#[actix_web::test]
async fn the_rosters_session_days_come_from_the_index_not_computed_per_row() {
    use bridgework::models::user::Role;
    use diesel::prelude::*;
    use diesel::sql_types::{Nullable, Text};
    #[derive(QueryableByName)]
    struct Op {
        #[diesel(sql_type = Text)]
        opcode: String,
        #[diesel(sql_type = Nullable<Text>)]
        p4: Option<String>,
    }
    let app = spawn_app().await;
    let coach = app
        .create_user("coach@station.test", "Coach", Role::Coach)
        .await;
    add_trained_members(&app, coach.id, 0, 2);
    let queries = roster_queries(&app, 2);
    let sessions: Vec<&String> = queries
        .iter()
        .filter(|sql| sql.contains("julianday"))
        .collect();
    assert_eq!(sessions.len(), 1, "one statement reads days as numbers");
    let sql = sessions[0].replace('?', "'2026-01-01'");
    let mut conn = bridgework::db::connect(&app.db_path).unwrap();
    let ops = diesel::sql_query(format!("EXPLAIN {sql}"))
        .load::<Op>(&mut conn)
        .unwrap();
    assert!(
        ops.iter().any(|op| op.opcode == "ResultRow"),
        "the program was listed"
    );
    let computed: Vec<String> = ops
        .iter()
        .filter(|op| op.p4.as_deref().is_some_and(|p4| p4.contains("julianday")))
        .map(|op| format!("{} {:?}", op.opcode, op.p4))
        .collect();
    assert!(computed.is_empty(), "{computed:?} in\n{sql}");
}

/// Each member's last session, whether it is one of the recent weeks the
/// roster reads session by session, an older one, or none at all, is the
/// newest live session stored; and the statement that looks up the older
/// ones reads no whole table either.
#[actix_web::test]
async fn the_last_session_is_the_newest_live_one_recent_or_not() {
    use bridgework::models::user::Role;
    use bridgework::schema::session_logs;
    use diesel::prelude::*;
    let app = spawn_app().await;
    let coach = app
        .create_user("coach@station.test", "Coach", Role::Coach)
        .await;
    add_trained_members(&app, coach.id, 0, 4);
    let ids: Vec<i32> = {
        use bridgework::schema::members;
        members::table
            .order(members::id)
            .select(members::id)
            .load(&mut app.pool.get().unwrap())
            .unwrap()
    };
    let today = app.today();
    {
        let mut conn = app.pool.get().unwrap();
        let void = |conn: &mut diesel::SqliteConnection, member: i32, from: NaiveDate| {
            diesel::update(
                session_logs::table
                    .filter(session_logs::member_id.eq(member))
                    .filter(session_logs::trained_on.ge(from)),
            )
            .set(session_logs::voided_at.eq(Some(app.clock.now().naive_utc())))
            .execute(conn)
            .unwrap();
        };
        // Member 1: the two newest voided, the one left still recent.
        void(&mut conn, ids[1], today - Duration::days(25));
        // Member 2: everything eight weeks older, before the recent weeks.
        diesel::sql_query(format!(
            "UPDATE session_logs SET trained_on = date(trained_on, '-56 days') WHERE member_id = {}",
            ids[2]
        ))
        .execute(&mut conn)
        .unwrap();
        // Member 3: everything voided.
        void(&mut conn, ids[3], today - Duration::days(1000));
    }
    let newest = |member: i32| -> Option<NaiveDate> {
        session_logs::table
            .filter(session_logs::member_id.eq(member))
            .filter(session_logs::voided_at.is_null())
            .select(diesel::dsl::max(session_logs::trained_on))
            .first(&mut app.pool.get().unwrap())
            .unwrap()
    };
    let expected = [
        Some(today - Duration::days(3)),
        Some(today - Duration::days(30)),
        Some(today - Duration::days(59)),
        None,
    ];
    for (id, want) in ids.iter().zip(expected) {
        assert_eq!(newest(*id), want, "member {id} as set up");
    }
    let window = bridgework::domain::roster::StallWindow::on(today);
    let mut conn = bridgework::db::connect(&app.db_path).unwrap();
    let data = bridgework::models::roster::load(&mut conn, window).unwrap();
    for m in &data.members {
        assert_eq!(m.last_session, newest(m.member.id), "{}", m.member.name);
    }
    for id in &ids {
        let one = bridgework::models::roster::load_member(&mut conn, window, *id).unwrap();
        assert_eq!(
            one.members[0].last_session,
            newest(*id),
            "member {id} alone"
        );
    }
    let queries = roster_queries(&app, 4);
    assert!(
        queries.iter().any(|sql| sql.contains("IN (")),
        "the older sessions were looked up: {queries:#?}"
    );
    assert_no_whole_table_read(&app, &queries);
}

#[actix_web::test]
async fn the_roster_reads_a_fixed_number_of_queries_whatever_the_crew_size() {
    use bridgework::models::user::Role;
    let app = spawn_app().await;
    let coach = app
        .create_user("coach@station.test", "Coach", Role::Coach)
        .await;
    add_trained_members(&app, coach.id, 0, 2);
    let few = roster_queries(&app, 2).len();
    add_trained_members(&app, coach.id, 2, 10);
    let many = roster_queries(&app, 12).len();
    assert!(few > 0);
    assert_eq!(few, many, "queries for 2 members vs 12");
}

/// Issue 20, item 2: the count cards count what the other filters show, a
/// card keeps them, the active card is marked, and the default order is
/// by urgency (pain first, members without a flag last).
#[actix_web::test]
async fn counts_follow_the_filters_and_the_default_order_is_by_urgency() {
    let app = spawn_app().await;
    let (pain, pain_member) = member_at(&app, "pain@station.test", 3, false).await;
    let (_idle, _) = member_at(&app, "idle@station.test", 2, false).await;
    let elsewhere = create_crew_member(&app, "Aaron Elsewhere", "Station 2", None);
    {
        use bridgework::models::assignment::{AssignFields, Assignment};
        let mut conn = app.pool.get().unwrap();
        Assignment::assign(
            &mut conn,
            elsewhere.id,
            &AssignFields {
                stage: 1,
                sessions_per_week: 2,
                training_days: String::new(),
                start_date: app.today() - Duration::days(30),
                auto_advance: false,
            },
            1,
            app.clock.now().naive_utc(),
        )
        .unwrap();
    }
    log_sets(
        &pain,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "1"), ("pain", "knee")],
    )
    .await;

    // Urgency first: pain, then no session (idle, then Aaron by name).
    let doc = app.get_html("/roster").await;
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec!["pain@station.test", "Aaron Elsewhere", "idle@station.test"]
    );
    assert_eq!(text(&doc, ".count-inactive strong"), "2");
    // No card for a flag nobody has.
    assert_eq!(count(&doc, ".count-above_cap"), 0);

    // Station 1 only: the cards count Station 1.
    let doc = app.get_html("/roster?station=Station+1").await;
    assert_eq!(text(&doc, ".count-shown"), "2 of 3 members shown");
    assert_eq!(text(&doc, ".count-inactive strong"), "1");
    assert_eq!(text(&doc, ".count-pain strong"), "1");
    // A card keeps the station and marks itself.
    let link = attr(&doc, ".count-inactive a", "href").unwrap();
    assert!(link.contains("station=Station+1"), "{link}");
    assert!(link.contains("flag=inactive"), "{link}");
    let doc = app.get_html(&link).await;
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec!["idle@station.test"]
    );
    assert_eq!(
        attr(&doc, ".count-inactive a", "aria-current").as_deref(),
        Some("true")
    );
    assert_eq!(count(&doc, ".counts a[aria-current]"), 1);
    // The marked card's count still counts its flag among Station 1.
    assert_eq!(text(&doc, ".count-pain strong"), "1");
    // Flags sit next to the name.
    let headings = texts(&doc, "table.roster th");
    assert_eq!(headings[1], "Flags", "{headings:?}");
    let _ = pain_member;
}

/// Where the tablet's roster has no room for the station, platoon and on
/// duty columns, the name cell carries them in a few words (shown under
/// the name by the stylesheet), with nothing dangling when one is missing.
#[actix_web::test]
async fn the_name_cell_carries_station_platoon_and_duty_for_a_narrow_screen() {
    let app = spawn_app().await;
    app.coach().await;
    create_crew_member(&app, "Avery Reyes", "Station 2", Some("B"));
    create_crew_member(&app, "Blake Ortiz", "", Some("A"));
    create_crew_member(&app, "Casey Lin", "Station 4", None);
    let doc = app.get_html("/roster?sort=name").await;
    let said: Vec<(String, String)> = doc
        .select(&scraper::Selector::parse("table.roster td.name").unwrap())
        .map(|td| {
            let name = td.text().collect::<String>().trim().to_string();
            (
                name,
                td.value().attr("data-where").unwrap_or("?").to_string(),
            )
        })
        .collect();
    let on_duty = |name: &str, plain: &str| {
        let row = row_of(&doc, name);
        if row.contains("on duty") {
            format!("{plain} · on duty")
        } else {
            plain.to_string()
        }
    };
    assert_eq!(
        said,
        vec![
            (
                "Avery Reyes".to_string(),
                on_duty("Avery Reyes", "Station 2 · platoon B")
            ),
            (
                "Blake Ortiz".to_string(),
                on_duty("Blake Ortiz", "platoon A")
            ),
            ("Casey Lin".to_string(), "Station 4".to_string()),
        ]
    );
}
