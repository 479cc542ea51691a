//! Confidential by design (issue 22): the record of access written for
//! every individual read by someone else and never for a member's own, the
//! officer's numbers with groups under five kept back, and invitations that
//! name the role.

use bridgework::models::access_record::AccessRecord;
use bridgework::models::user::Role;
use bridgework::schema::access_records;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::access_helpers::access_lines;
use crate::helpers::*;
use crate::workout::{done_as_prescribed, member_at};

fn records(app: &TestApp) -> Vec<AccessRecord> {
    access_records::table
        .order(access_records::id)
        .select(AccessRecord::as_select())
        .load(&mut app.pool.get().unwrap())
        .unwrap()
}

#[actix_web::test]
async fn every_individual_read_is_recorded_and_a_members_own_is_not() {
    let app = spawn_app().await;
    let coach = app.coach().await;
    let (phone, riley) = member_at(&app, "riley@station.test", 1, false).await;
    let session = location(&done_as_prescribed(&phone).await);
    let id = riley.id;
    let new_test = format!("/crew/{id}/range-tests/new");
    let today = app.today().to_string();
    let recorded = app
        .submit(
            &new_test,
            &new_test,
            &[
                ("tested_on", today.as_str()),
                ("double_leg", "8"),
                ("ninety_left", "6"),
                ("ninety_right", "6"),
                ("hugged_left", "4"),
                ("hugged_right", "4"),
                ("pain", "no"),
            ],
        )
        .await;
    let test = location(&recorded);
    let other = create_crew_member(&app, "Drew Other", "Station 1", None);

    // The member's own reads: nothing recorded.
    let before = access_lines(&app);
    for path in [
        "/",
        "/history",
        "/me/range-tests",
        session.as_str(),
        test.as_str(),
    ] {
        assert_eq!(phone.get(path).await.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(access_lines(&app), before, "a member's own reads");

    // The coordinator's individual reads: one line each, one per member
    // for a list export or a sheet.
    let start = records(&app).len();
    let one_each = [
        (format!("/crew/{id}"), "member page"),
        (session.clone(), "session"),
        (format!("/crew/{id}/range-tests"), "range tests"),
        (test.clone(), "range test"),
        (format!("/crew/{id}/log"), "log form"),
        (format!("/crew/{id}/dose"), "dose"),
        (
            format!("/exports/sessions.csv?member={id}"),
            "sessions export",
        ),
        (
            format!("/exports/range-tests.csv?member={id}"),
            "range tests export",
        ),
    ];
    let later = chrono::Duration::minutes(5);
    for (path, _) in &one_each {
        app.clock.advance(later);
        assert_eq!(app.get(path).await.status(), StatusCode::OK, "{path}");
    }
    let lines = &records(&app)[start..];
    assert_eq!(lines.len(), one_each.len(), "{lines:?}");
    for (n, (line, (path, what))) in lines.iter().zip(&one_each).enumerate() {
        assert_eq!(line.member_id, id);
        assert_eq!(line.viewer_id, coach.id);
        assert_eq!(line.viewer_role, "coach");
        assert_eq!(&line.what, what);
        assert_eq!(&line.path, path);
        // The app's clock, never the wall clock.
        let at = start_instant() + chrono::Duration::minutes(5 * (n as i64 + 1));
        assert_eq!(line.at, at.naive_utc(), "{path}");
    }
    // A sheet and a whole-department export: a line per member included.
    let start = records(&app).len();
    app.get_html("/roster/print?station=Station+1").await;
    assert_eq!(
        app.get("/exports/roster.csv").await.status(),
        StatusCode::OK
    );
    let lines = &records(&app)[start..];
    let mut seen: Vec<(i32, &str)> = lines
        .iter()
        .map(|l| (l.member_id, l.what.as_str()))
        .collect();
    seen.sort();
    let mut expected = vec![
        (id, "print sheet"),
        (id, "roster export"),
        (other.id, "print sheet"),
        (other.id, "roster export"),
    ];
    expected.sort();
    assert_eq!(seen, expected);

    // The member sees who has seen their data; the coordinator reads it all.
    let history = phone.get_html("/history").await;
    assert_eq!(text(&history, "#seen-h"), "Who has seen my data");
    let whats = texts(&history, "ol.access-record .what");
    // With the range test form opened to record the test, first of all.
    let rileys = records(&app).iter().filter(|l| l.member_id == id).count();
    assert_eq!(rileys, one_each.len() + 3);
    assert_eq!(whats.len(), rileys);
    assert_eq!(whats.last().map(String::as_str), Some("range test form"));
    assert!(texts(&history, "ol.access-record .who")
        .iter()
        .all(|w| w == "Casey Coach"));
    assert!(whats.contains(&"member page".to_string()));
    assert!(!whats.iter().any(|w| w.contains("Drew")));
    let all = app.get_html("/access-record").await;
    assert_eq!(
        count(&all, "table.access-record tr.access"),
        records(&app).len()
    );
    assert_eq!(
        count(&all, &format!("tr.access[data-member-id='{}']", other.id)),
        2
    );

    // Append-only: the database refuses an edit.
    let edited = diesel::update(access_records::table)
        .set(access_records::what.eq("nothing"))
        .execute(&mut app.pool.get().unwrap());
    assert!(edited.is_err(), "an UPDATE on the record of access");

    // And a backup keeps it.
    let target = app.dir.path().join("backup.sqlite3");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bridgework"))
        .arg("--database")
        .arg(&app.db_path)
        .arg("backup")
        .arg(&target)
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut copy = SqliteConnection::establish(&target.to_string_lossy()).unwrap();
    let kept: i64 = access_records::table.count().get_result(&mut copy).unwrap();
    assert_eq!(kept, records(&app).len() as i64);
}

/// Station 1 has five members, Station 2 four: the officer sees Station 1's
/// numbers and "fewer than 5" for Station 2, and no name anywhere.
#[actix_web::test]
async fn the_officer_sees_groups_of_five_and_not_groups_of_four() {
    let app = spawn_app().await;
    let mut names = Vec::new();
    for n in 0..5 {
        let name = format!("Five Person{n}");
        create_crew_member(&app, &name, "Station 1", Some("A"));
        names.push(name);
    }
    for n in 0..4 {
        let name = format!("Four Person{n}");
        create_crew_member(&app, &name, "Station 2", Some("B"));
        names.push(name);
    }
    let officer = app
        .create_user("chief@station.test", "Chief Officer", Role::Officer)
        .await;
    assert_redirect(&app.login(&officer.email).await, "/");
    let page = app.get("/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.unwrap();
    for name in &names {
        assert!(!body.contains(name.as_str()), "the page names {name}");
    }
    let doc = scraper::Html::parse_document(&body);
    let row = |table: &str, group: &str, cell: &str| {
        texts(
            &doc,
            &format!("table.{table} tr[data-group='{group}'] td.{cell}"),
        )
    };
    assert_eq!(row("stations", "Station 1", "members"), vec!["5"]);
    assert_eq!(row("stations", "Station 1", "pain"), vec!["0"]);
    assert_eq!(row("stations", "Station 1", "range-flags"), vec!["0"]);
    assert_eq!(row("stations", "Station 1", "not-assigned"), vec!["5"]);
    assert_eq!(
        row("stations", "Station 2", "members"),
        Vec::<String>::new()
    );
    assert_eq!(
        row("stations", "Station 2", "suppressed"),
        vec!["fewer than 5"]
    );
    assert_eq!(row("platoons", "A", "members"), vec!["5"]);
    assert_eq!(row("platoons", "B", "suppressed"), vec!["fewer than 5"]);
    assert_eq!(row("department", "All members", "members"), vec!["9"]);
    // Every individual page and export: 403.
    for path in [
        "/crew",
        "/crew/1",
        "/exports/roster.csv",
        "/exports/sessions.csv",
        "/roster/print?station=Station+1",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[actix_web::test]
async fn an_invitation_names_the_role_and_a_trainer_sees_their_stations() {
    let app = spawn_app().await;
    app.coach().await;
    let riley = create_crew_member(&app, "Riley Station One", "Station 1", None);
    create_crew_member(&app, "Drew Station Two", "Station 2", None);

    // An unknown role: the form again, with the name as typed.
    let refused = app
        .submit(
            "/coaches",
            "/coaches/invite",
            &[("name", "Pat Trainer"), ("role", "member")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(refused).await;
    assert_eq!(
        attr(&doc, "input#name", "value").as_deref(),
        Some("Pat Trainer")
    );
    assert_eq!(count(&doc, ".field-error"), 1);

    let made = app
        .submit(
            "/coaches",
            "/coaches/invite",
            &[("name", "Pat Trainer"), ("role", "trainer")],
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let doc = html(made).await;
    let link = attr(&doc, "input.invite-link", "value").unwrap();
    let path = link[link.find("/invite/").unwrap()..].to_string();
    let coaches = app.get_html("/coaches").await;
    assert_eq!(
        texts(&coaches, "li.pending .role"),
        vec!["(peer fitness trainer)"]
    );

    let pat = app.other_browser();
    let accepted = pat
        .submit(
            &path,
            &path,
            &[
                ("email", "pat@station.test"),
                ("password", PASSWORD),
                ("confirm", PASSWORD),
            ],
        )
        .await;
    assert_redirect(&accepted, "/");
    // No station yet: an empty roster, and Riley's page is not found.
    let roster = pat.get_html("/roster").await;
    assert_eq!(count(&roster, "tr[data-member-id]"), 0);
    let riley_page = format!("/crew/{}", riley.id);
    assert_eq!(pat.get(&riley_page).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(pat.get("/coaches").await.status(), StatusCode::FORBIDDEN);

    // The coordinator lists Pat among the trainers and ticks Station 1.
    let coaches = app.get_html("/coaches").await;
    assert_eq!(
        texts(&coaches, "section.staff-trainer tr.coach td.name"),
        vec!["Pat Trainer"]
    );
    assert_eq!(
        texts(&coaches, "section.staff-coach tr.coach td.name"),
        vec!["Casey Coach"]
    );
    let form = attr(&coaches, "form.trainer-stations", "action").unwrap();
    assert_redirect(
        &app.submit("/coaches", &form, &[("station", "Station 1")])
            .await,
        "/coaches",
    );
    let coaches = app.get_html("/coaches").await;
    assert_eq!(
        attr(
            &coaches,
            "form.trainer-stations input[value='Station 1']",
            "checked"
        )
        .as_deref(),
        Some("")
    );

    let roster = pat.get_html("/roster").await;
    assert_eq!(
        count(&roster, &format!("tr[data-member-id='{}']", riley.id)),
        1
    );
    assert_eq!(count(&roster, "tr[data-member-id]"), 1);
    assert_eq!(pat.get(&riley_page).await.status(), StatusCode::OK);
    let page = pat.get_html(&riley_page).await;
    assert_eq!(text(&page, "span.role"), "peer fitness trainer");
    // The coordinator's own actions (edit, deactivate, invite) are not
    // offered to a trainer (they would answer 403).
    assert_eq!(count(&page, &format!("a[href='{riley_page}/edit']")), 0);
    assert_eq!(count(&page, "form[action$='/deactivate']"), 0);
    assert_eq!(count(&page, "nav a[href='/coaches']"), 0);
    // The trainer's read is in Riley's record, under the trainer's role.
    let line = records(&app).pop().unwrap();
    assert_eq!(
        (
            line.member_id,
            line.viewer_role.as_str(),
            line.what.as_str()
        ),
        (riley.id, "trainer", "member page")
    );
    let coordinator_view = app.get_html(&riley_page).await;
    assert_eq!(
        count(&coordinator_view, &format!("a[href='{riley_page}/edit']")),
        1
    );
}

/// The roles migration rebuilds `users` and `invites` with foreign keys off:
/// on a database with data it keeps every row and every reference (a
/// session, whose key cascades on delete, included), leaves foreign keys on,
/// and goes back down and up again.
#[test]
fn the_roles_migration_keeps_accounts_and_what_refers_to_them() {
    use diesel::connection::SimpleConnection;
    use diesel_migrations::MigrationHarness;

    #[derive(QueryableByName, Debug)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count = |conn: &mut SqliteConnection, sql: &str| -> i64 {
        diesel::sql_query(sql).get_result::<N>(conn).unwrap().n
    };
    let dir = tempfile::tempdir().unwrap();
    let mut conn = bridgework::db::connect(&dir.path().join("m.sqlite3")).unwrap();
    while !conn.pending_migrations(bridgework::db::MIGRATIONS).unwrap()[0]
        .name()
        .to_string()
        .contains("_roles")
    {
        conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    }
    conn.batch_execute(
        "INSERT INTO users (id, email, name, password_hash, role) VALUES
           (1, 'c@x.org', 'C', 'x', 'coach'), (2, 'm@x.org', 'M', 'x', 'member');
         INSERT INTO members (id, name, station, start_date, user_id) VALUES (1, 'M', 'Station 1', '2026-01-05', 2);
         INSERT INTO web_sessions (id, state, user_id, expires_at) VALUES ('s', '{}', 2, '2027-01-01 00:00:00');
         INSERT INTO invites (token_hash, role, member_id, name, created_by, created_at, expires_at)
           VALUES ('h', 'coach', NULL, 'Pat', 1, '2026-01-05 10:00:00', '2026-01-12 10:00:00');",
    )
    .unwrap();
    let tables = ["users", "members", "web_sessions", "invites"];
    let before: Vec<i64> = tables
        .iter()
        .map(|t| count(&mut conn, &format!("SELECT count(*) AS n FROM {t}")))
        .collect();
    conn.run_next_migration(bridgework::db::MIGRATIONS).unwrap();
    let after: Vec<i64> = tables
        .iter()
        .map(|t| count(&mut conn, &format!("SELECT count(*) AS n FROM {t}")))
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM pragma_foreign_key_check"
        ),
        0
    );
    assert_eq!(
        count(
            &mut conn,
            "SELECT foreign_keys AS n FROM pragma_foreign_keys"
        ),
        1
    );
    conn.batch_execute(
        "INSERT INTO users (id, email, name, password_hash, role) VALUES (3, 't@x.org', 'T', 'x', 'trainer');
         INSERT INTO trainer_stations (user_id, station) VALUES (3, 'Station 1');",
    )
    .unwrap();
    assert!(conn
        .batch_execute(
            "INSERT INTO users (email, name, password_hash, role) VALUES ('z@x.org', 'Z', 'x', 'chief')"
        )
        .is_err());
    // Down: the trainer stays as a coach account that cannot log in.
    conn.revert_last_migration(bridgework::db::MIGRATIONS)
        .unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM users WHERE id = 3 AND role = 'coach' AND active = 0"
        ),
        1
    );
    assert_eq!(
        count(&mut conn, "SELECT count(*) AS n FROM web_sessions"),
        1
    );
    conn.run_pending_migrations(bridgework::db::MIGRATIONS)
        .unwrap();
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM pragma_foreign_key_check"
        ),
        0
    );
}

/// The coordinator reads the whole record a hundred lines at a time, newest
/// first.
#[actix_web::test]
async fn the_coordinator_pages_through_the_record_of_access() {
    use bridgework::models::access_record::{append, NewAccessRecord};
    let app = spawn_app().await;
    let coach = app.coach().await;
    let riley = create_crew_member(&app, "Riley Ortiz", "Station 1", None);
    let start = start_instant().naive_utc();
    let lines: Vec<NewAccessRecord> = (0..150)
        .map(|n| NewAccessRecord {
            member_id: riley.id,
            viewer_id: coach.id,
            viewer_role: "coach".to_string(),
            what: format!("read {n}"),
            path: format!("/crew/{}", riley.id),
            at: start + chrono::Duration::minutes(n),
        })
        .collect();
    append(&mut app.pool.get().unwrap(), &lines).unwrap();

    let first = app.get_html("/access-record").await;
    let whats = texts(&first, "tr.access td.what");
    assert_eq!(whats.len(), 100);
    assert_eq!(whats[0], "read 149");
    assert_eq!(text(&first, "p.count"), "150 lines, page 1 of 2");
    let next = attr(&first, "a[rel=next]", "href").unwrap();
    let second = app.get_html(&next).await;
    let whats = texts(&second, "tr.access td.what");
    assert_eq!(whats.len(), 50);
    assert_eq!(whats.last().map(String::as_str), Some("read 0"));
    assert_eq!(count(&second, "a[rel=next]"), 0);
    // A page past the end, or not a number: the nearest page, never an error.
    let past = app.get_html("/access-record?page=99").await;
    assert_eq!(text(&past, "p.count"), "150 lines, page 2 of 2");
    let odd = app.get_html("/access-record?page=x").await;
    assert_eq!(text(&odd, "p.count"), "150 lines, page 1 of 2");
}
