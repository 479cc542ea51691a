//! Command line and environment: the operator's subcommands and the settings
//! the server runs with. Every setting has a default that runs out of the box.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Bridgework: the bridge-to-thrust progression for a fire department's crew.
#[derive(Debug, Parser)]
#[command(name = "bridgework", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What the binary does; `serve` when none is given.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Create a coach account. The password is read from BRIDGEWORK_PASSWORD,
    /// or else from the first line of standard input.
    CreateCoach(AccountArgs),
    /// Create a crew member with an account (same password rules as
    /// create-coach); the crew record gets the name, station and platoon.
    CreateMember {
        #[command(flatten)]
        account: AccountArgs,
        /// Station, e.g. "Station 3".
        #[arg(long, default_value = "")]
        station: String,
        /// Platoon A, B, C or D; leave out for a member on fixed weekdays.
        #[arg(long)]
        platoon: Option<String>,
    },
    /// Copy the database online into FILE (VACUUM INTO), then check the copy
    /// with PRAGMA integrity_check. Safe while the server runs.
    Backup {
        /// Where to write the copy; must not exist yet.
        file: PathBuf,
    },
    /// Fill a fresh database with a demo department (members on every stage,
    /// a history of sessions, range tests and flags) and print the logins.
    /// Refuses a database that already has crew members.
    Demo {
        /// How many crew members.
        #[arg(long, default_value_t = 120)]
        members: u32,
        /// How many weeks of history, up to today.
        #[arg(long, default_value_t = 52)]
        weeks: u32,
        /// Seed of the random choices: the same seed makes the same department.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Apply any pending database migrations and exit (the server also does
    /// this at start-up).
    Migrate,
}

#[derive(Debug, Args)]
pub struct AccountArgs {
    /// Email address used to log in.
    #[arg(long)]
    pub email: String,
    /// Name shown in the app.
    #[arg(long)]
    pub name: String,
}

/// Settings for the server and the operator commands.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "BRIDGEWORK_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,

    /// SQLite database file; its directory is created when missing.
    #[arg(
        long,
        env = "BRIDGEWORK_DATABASE",
        default_value = "data/bridgework.sqlite3",
        global = true
    )]
    pub database: PathBuf,

    /// Log filter, e.g. "info" or "bridgework=debug,actix_web=info".
    #[arg(long, env = "BRIDGEWORK_LOG", default_value = "info", global = true)]
    pub log_level: String,

    /// Mark cookies Secure; turn on when the app is served over TLS (HTTPS).
    #[arg(long, env = "BRIDGEWORK_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,

    /// Key that signs session cookies (at least 64 bytes, base64). When unset,
    /// one is generated once and kept in `session.key` beside the database.
    #[arg(
        long,
        env = "BRIDGEWORK_SESSION_KEY",
        hide_env_values = true,
        global = true
    )]
    pub session_key: Option<String>,
}

impl Config {
    /// A configuration for tests: an ephemeral port and the given database.
    pub fn for_tests(database: PathBuf) -> Config {
        Config {
            bind: "127.0.0.1:0".to_string(),
            database,
            log_level: "warn".to_string(),
            secure_cookies: false,
            session_key: None,
        }
    }
}
