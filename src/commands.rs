//! Operator commands: create accounts (a crew member gets their crew record
//! too), back up online, run migrations, fill a demo department.

use crate::domain::Named;
use std::io::BufRead;
use std::path::Path;

use anyhow::{bail, Context};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::auth::password;
use crate::config::{AccountArgs, Config};
use crate::db;
use crate::domain::rotation::Platoon;
use crate::models::department::Department;
use crate::models::member::{Member, MemberFields};
use crate::models::user::{validate_email, validate_name, Role, User};

/// Creates an account. The password comes from BRIDGEWORK_PASSWORD or the
/// first line of standard input, so it never shows in the process list.
pub fn create_account(config: &Config, args: &AccountArgs, role: Role) -> anyhow::Result<()> {
    let hash = checked_password_hash(args)?;
    let mut conn = db::connect(&config.database)?;
    db::migrate(&mut conn)?;
    let user = conn.immediate_transaction(|conn| new_user(conn, args, &hash, role))?;
    println!(
        "Created {} account {} (id {}).",
        role.as_str(),
        user.email,
        user.id
    );
    Ok(())
}

/// Creates a crew member and their account, linked.
pub fn create_member(
    config: &Config,
    args: &AccountArgs,
    station: &str,
    platoon: Option<&str>,
) -> anyhow::Result<()> {
    let platoon = match platoon {
        None => None,
        Some(p) => Some(
            Platoon::parse(p)
                .ok_or_else(|| anyhow::anyhow!("platoon must be A, B, C or D"))?
                .as_str()
                .to_string(),
        ),
    };
    let hash = checked_password_hash(args)?;
    let mut conn = db::connect(&config.database)?;
    db::migrate(&mut conn)?;
    let (user, member) = conn.immediate_transaction(|conn| {
        let user = new_user(conn, args, &hash, Role::Member)?;
        let today =
            crate::domain::today::local_today(Department::get(conn)?.tz(), chrono::Utc::now());
        let member = Member::create(
            conn,
            &MemberFields {
                name: args.name.trim().to_string(),
                station: station.trim().to_string(),
                platoon,
                start_date: today,
                notes: String::new(),
            },
        )?;
        Member::link_user(conn, member.id, user.id)?;
        Ok::<_, anyhow::Error>((user, member))
    })?;
    println!(
        "Created crew member {} (crew id {}) with the account {}.",
        member.name, member.id, user.email
    );
    Ok(())
}

fn new_user(
    conn: &mut SqliteConnection,
    args: &AccountArgs,
    hash: &str,
    role: Role,
) -> anyhow::Result<User> {
    if User::find_by_email(conn, &args.email)?.is_some() {
        bail!(
            "an account with the email {} already exists",
            args.email.trim()
        );
    }
    Ok(User::create(conn, &args.email, &args.name, hash, role)?)
}

fn checked_password_hash(args: &AccountArgs) -> anyhow::Result<String> {
    validate_email(&args.email).map_err(anyhow::Error::msg)?;
    validate_name(&args.name).map_err(anyhow::Error::msg)?;
    let pw = match std::env::var("BRIDGEWORK_PASSWORD") {
        Ok(pw) => pw,
        Err(_) => {
            eprintln!("Password (then Enter):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    password::validate_new(&pw, &pw).map_err(anyhow::Error::msg)?;
    password::hash(&pw)
}

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// Copies the live database into `file` with VACUUM INTO (a consistent
/// snapshot, safe while the server runs), readable by its owner only and
/// without sessions, then checks the copy.
pub fn backup(config: &Config, file: &Path) -> anyhow::Result<()> {
    if file.exists() {
        bail!("{} already exists; choose a new file name", file.display());
    }
    if !config.database.exists() {
        bail!("no database at {}", config.database.display());
    }
    let mut conn = db::connect(&config.database)?;
    // Made empty and private (0600) first: VACUUM INTO fills an empty file
    // and keeps its mode; `create_new` also refuses a file made meanwhile.
    {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(file)
            .with_context(|| format!("creating the backup file {}", file.display()))?;
    }
    let target = file.to_string_lossy().to_string();
    diesel::sql_query("VACUUM INTO ?")
        .bind::<Text, _>(&target)
        .execute(&mut conn)
        .with_context(|| format!("writing the backup to {}", file.display()))?;
    // A copy holds no sessions: a restore logs everyone out rather than
    // bringing back a session that ended after the copy was made. VACUUM
    // drops the deleted rows' pages too.
    SqliteConnection::establish(&target)
        .with_context(|| format!("opening {}", file.display()))?
        .batch_execute("DELETE FROM web_sessions; VACUUM;")
        .with_context(|| format!("clearing sessions from {}", file.display()))?;
    let result = integrity_check(file)?;
    if result != "ok" {
        bail!(
            "the backup at {} failed its integrity check: {result}",
            file.display()
        );
    }
    println!("Backed up to {} (integrity check: ok).", file.display());
    Ok(())
}

/// Runs PRAGMA integrity_check on a database file and returns its verdict.
pub fn integrity_check(file: &Path) -> anyhow::Result<String> {
    let mut conn = SqliteConnection::establish(&file.to_string_lossy())
        .with_context(|| format!("opening {}", file.display()))?;
    let rows: Vec<IntegrityRow> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn)?;
    Ok(rows
        .into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("; "))
}

pub fn migrate(config: &Config) -> anyhow::Result<()> {
    let mut conn = db::connect(&config.database)?;
    db::migrate(&mut conn)?;
    println!("Migrations are up to date.");
    Ok(())
}

/// Fills a fresh database with the demo department, with a progress bar,
/// then prints the logins to look at it with.
pub fn demo(config: &Config, options: crate::demo::DemoOptions) -> anyhow::Result<()> {
    use crate::demo;
    let mut conn = db::connect(&config.database)?;
    db::migrate(&mut conn)?;
    let hash = password::hash(demo::DEMO_PASSWORD)?;
    let bar = indicatif::ProgressBar::new(u64::from(options.members));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} members ({elapsed})",
        )?
        .progress_chars("=> "),
    );
    bar.set_message("Simulating");
    let started = std::time::Instant::now();
    let result = demo::generate(&mut conn, options, chrono::Utc::now(), &hash, &mut || {
        bar.inc(1)
    });
    bar.finish_and_clear();
    let summary = result?;
    println!(
        "Made a demo department in {:.1} s: {} crew members, {} sessions ({} sets), {} range tests.",
        started.elapsed().as_secs_f64(),
        summary.members,
        summary.sessions,
        summary.sets,
        summary.range_tests
    );
    println!("{}", flag_shares(&mut conn, chrono::Utc::now())?);
    println!("Every demo account's password is: {}", demo::DEMO_PASSWORD);
    println!("  coach:  {}", summary.coach_email);
    for (name, email) in &summary.member_logins {
        println!("  member: {email} ({name})");
    }
    println!(
        "Start the server with `bridgework --database {}` and log in.",
        config.database.display()
    );
    Ok(())
}

/// One line per roster flag: how many active members carry it now, and
/// their share of the department (what a coach opening the roster sees).
pub fn flag_shares(
    conn: &mut diesel::SqliteConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<String> {
    use strum::VariantArray;
    let department = std::sync::Arc::new(Department::get(conn)?);
    let rows = crate::app::roster::all_rows(conn, &department, now)?;
    let total = rows.len().max(1);
    let mut text = format!("Roster flags now, of {} active members:", rows.len());
    for flag in crate::domain::roster::Flag::VARIANTS {
        let n = rows.iter().filter(|r| r.flags.contains(flag)).count();
        text.push_str(&format!(
            "\n  {:<30} {n:>4} ({:.0}%)",
            flag.label(),
            100.0 * n as f64 / total as f64
        ));
    }
    Ok(text)
}
