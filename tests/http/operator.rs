//! Operator concerns: migrations, the backup command, create-coach.

use std::process::Command;

use bridgework::db::MIGRATIONS;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel_migrations::MigrationHarness;

use crate::helpers::*;

#[test]
fn migrations_run_up_down_and_up_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.sqlite3");
    let mut conn = bridgework::db::connect(&path).unwrap();
    let up = conn.run_pending_migrations(MIGRATIONS).unwrap().len();
    assert!(up > 0);
    conn.revert_all_migrations(MIGRATIONS).unwrap();
    let tables: Vec<String> = diesel::sql_query(
        "SELECT name AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__diesel_schema_migrations'",
    )
    .load::<Name>(&mut conn)
    .unwrap()
    .into_iter()
    .map(|r| r.n)
    .collect();
    assert!(tables.is_empty(), "left behind: {tables:?}");
    let again = conn.run_pending_migrations(MIGRATIONS).unwrap().len();
    assert_eq!(up, again);
    conn.batch_execute("SELECT count(*) FROM users").unwrap();
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    n: String,
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bridgework"))
}

#[actix_web::test]
async fn backup_writes_a_copy_that_opens_and_passes_integrity_check() {
    let app = spawn_app().await;
    app.coach().await;
    let target = app.dir.path().join("backup.sqlite3");
    let output = bin()
        .arg("--database")
        .arg(&app.db_path)
        .arg("backup")
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        bridgework::commands::integrity_check(&target).unwrap(),
        "ok"
    );
    let mut copy = SqliteConnection::establish(&target.to_string_lossy()).unwrap();
    let emails: Vec<String> = bridgework::schema::users::table
        .select(bridgework::schema::users::email)
        .load(&mut copy)
        .unwrap();
    assert_eq!(emails, vec!["coach@station.test"]);

    // A second backup never overwrites the first.
    let output = bin()
        .arg("--database")
        .arg(&app.db_path)
        .arg("backup")
        .arg(&target)
        .output()
        .unwrap();
    assert!(!output.status.success());
}

#[test]
fn create_coach_makes_an_account_that_can_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite3");
    let output = bin()
        .arg("--database")
        .arg(&db)
        .args([
            "create-coach",
            "--email",
            "lee@station.test",
            "--name",
            "Lee",
        ])
        .env("BRIDGEWORK_PASSWORD", "a long passphrase")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut conn = bridgework::db::connect(&db).unwrap();
    let user = bridgework::models::user::User::find_by_email(&mut conn, "lee@station.test")
        .unwrap()
        .unwrap();
    assert_eq!(user.role, bridgework::models::user::Role::Coach);
    assert!(bridgework::auth::password::verify(
        "a long passphrase",
        &user.password_hash
    ));
}

#[test]
fn create_member_makes_a_linked_crew_record_that_can_log_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.sqlite3");
    let output = bin()
        .arg("--database")
        .arg(&db)
        .args([
            "create-member",
            "--email",
            "sam@station.test",
            "--name",
            "Sam Ortiz",
            "--station",
            "Station 2",
            "--platoon",
            "b",
        ])
        .env("BRIDGEWORK_PASSWORD", "a long passphrase")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut conn = bridgework::db::connect(&db).unwrap();
    let user = bridgework::models::user::User::find_by_email(&mut conn, "sam@station.test")
        .unwrap()
        .unwrap();
    assert_eq!(user.role, bridgework::models::user::Role::Member);
    let member = bridgework::models::member::Member::find_by_user(&mut conn, user.id)
        .unwrap()
        .unwrap();
    assert_eq!(member.name, "Sam Ortiz");
    assert_eq!(member.station, "Station 2");
    assert_eq!(member.platoon.map(|p| p.as_str()), Some("B"));

    // A bad platoon is refused and creates nothing.
    let output = bin()
        .arg("--database")
        .arg(&db)
        .args([
            "create-member",
            "--email",
            "x@station.test",
            "--name",
            "X",
            "--platoon",
            "Q",
        ])
        .env("BRIDGEWORK_PASSWORD", "a long passphrase")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        bridgework::models::user::User::find_by_email(&mut conn, "x@station.test")
            .unwrap()
            .is_none()
    );
}

#[actix_web::test]
async fn a_backup_restored_as_the_readme_says_serves_what_it_held() {
    let app = spawn_app().await;
    app.coach().await;
    create_crew_member(&app, "Sam Lee", "Station 1", Some("A"));
    let target = app.dir.path().join("backup.sqlite3");
    let output = bin()
        .arg("--database")
        .arg(&app.db_path)
        .arg("backup")
        .arg(&target)
        .output()
        .unwrap();
    assert!(output.status.success());
    // Written after the backup: not in the copy.
    create_crew_member(&app, "Late Entry", "Station 1", Some("A"));

    // Restore into a fresh data directory: the copy in place of the
    // database, no -wal or -shm beside it.
    let data = tempfile::tempdir().unwrap();
    let restored_path = data.path().join("bridgework.sqlite3");
    std::fs::copy(&target, &restored_path).unwrap();
    assert!(!data.path().join("bridgework.sqlite3-wal").exists());
    let restored = spawn_app_with(|c| c.database = restored_path.clone()).await;
    assert_redirect(&restored.login("coach@station.test").await, "/");
    let doc = restored.get_html("/crew").await;
    assert_eq!(texts(&doc, "td.name"), vec!["Sam Lee"]);
}

/// The permission bits of a file that no one but its owner may have.
fn others_bits(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o077
}

#[actix_web::test]
async fn the_database_its_wal_and_backups_are_readable_by_their_owner_only() {
    let app = spawn_app().await;
    app.coach().await;
    let wal = app.db_path.with_extension("sqlite3-wal");
    let shm = app.db_path.with_extension("sqlite3-shm");
    for file in [&app.db_path, &wal, &shm] {
        assert_eq!(others_bits(file), 0, "{}", file.display());
    }
    let target = app.dir.path().join("backup.sqlite3");
    let output = bin()
        .arg("--database")
        .arg(&app.db_path)
        .arg("backup")
        .arg(&target)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(others_bits(&target), 0, "the backup");
}

#[actix_web::test]
async fn a_backup_holds_no_sessions_so_a_restore_revives_none() {
    let app = spawn_app().await;
    app.coach().await;
    let target = app.dir.path().join("backup.sqlite3");
    let output = bin()
        .arg("--database")
        .arg(&app.db_path)
        .arg("backup")
        .arg(&target)
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut copy = SqliteConnection::establish(&target.to_string_lossy()).unwrap();
    let rows: i64 = bridgework::schema::web_sessions::table
        .count()
        .get_result(&mut copy)
        .unwrap();
    assert_eq!(rows, 0, "the coach's live session is not in the copy");
}
