//! Command line and environment: the operator's subcommands and the settings
//! the server runs with. Every setting has a default that runs out of the box.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

    /// The address people reach the app at, e.g. "https://bridgework.example.org";
    /// invitation links start with it. Defaults to http:// and the bound
    /// address (127.0.0.1 in place of 0.0.0.0). Never taken from a request.
    #[arg(long, env = "BRIDGEWORK_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Believe a reverse proxy's forwarding header (`--client-ip-header`)
    /// for the client's address (its last hop only). Turn on only behind a
    /// proxy that sets it; otherwise anyone could claim any address.
    #[arg(long, env = "BRIDGEWORK_TRUST_PROXY", global = true)]
    pub trust_proxy: bool,

    /// With --trust-proxy, the one header the proxy records the client's
    /// address in, e.g. "X-Forwarded-For" or "Forwarded" (RFC 7239); the
    /// last hop is taken and every other forwarding header is ignored.
    #[arg(
        long,
        env = "BRIDGEWORK_CLIENT_IP_HEADER",
        default_value = "X-Forwarded-For",
        global = true
    )]
    pub client_ip_header: String,

    /// How long a client may take to send a request's body once its head
    /// has arrived, in milliseconds; a slower one gets 408 and its
    /// connection is closed, so slow clients cannot hold sockets open.
    #[arg(
        long,
        env = "BRIDGEWORK_BODY_TIMEOUT_MS",
        default_value_t = 10_000,
        global = true
    )]
    pub body_timeout_ms: u64,

    /// Outgoing email; off unless a host is given.
    #[command(flatten)]
    pub smtp: SmtpConfig,
}

/// Outgoing email over SMTP (pain reports to coaches, invitation and reset
/// links). Off by default: with no host, nothing is ever sent.
#[derive(Clone, Default, Args)]
pub struct SmtpConfig {
    /// The SMTP server to send through, e.g. "smtp.example.org"; leave out
    /// to send no email.
    #[arg(long, env = "BRIDGEWORK_SMTP_HOST", global = true)]
    pub smtp_host: Option<String>,

    /// Its port; by default 25 with no TLS, 587 with STARTTLS, 465 with TLS.
    #[arg(long, env = "BRIDGEWORK_SMTP_PORT", global = true)]
    pub smtp_port: Option<u16>,

    /// The user name to log in to the SMTP server with, if it needs one.
    #[arg(long, env = "BRIDGEWORK_SMTP_USERNAME", global = true)]
    pub smtp_username: Option<String>,

    /// Its password (read from the environment rather than the command
    /// line where possible; never logged or shown).
    #[arg(
        long,
        env = "BRIDGEWORK_SMTP_PASSWORD",
        hide_env_values = true,
        global = true
    )]
    pub smtp_password: Option<String>,

    /// The sender address, e.g. "Bridgework <coach@example.org>".
    #[arg(
        long,
        env = "BRIDGEWORK_SMTP_FROM",
        default_value = "Bridgework <bridgework@localhost>",
        global = true
    )]
    pub smtp_from: String,

    /// How the connection is protected: none (plain, for a relay on the
    /// same machine), starttls (upgrade after connecting) or tls (from the
    /// first byte).
    #[arg(
        long,
        env = "BRIDGEWORK_SMTP_TLS",
        value_enum,
        default_value_t = SmtpTls::Starttls,
        global = true
    )]
    pub smtp_tls: SmtpTls,

    /// How long to wait before trying a failed email again, in
    /// milliseconds; each further try waits twice as long (at most a day).
    /// 30000 when left out.
    #[arg(long, env = "BRIDGEWORK_SMTP_RETRY_MS", global = true)]
    pub smtp_retry_ms: Option<u64>,

    /// How many times an email is tried before it is given up (its last
    /// error is kept). 8 when left out.
    #[arg(long, env = "BRIDGEWORK_SMTP_ATTEMPTS", global = true)]
    pub smtp_attempts: Option<u32>,
}

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    None,
    #[default]
    Starttls,
    Tls,
}

impl SmtpConfig {
    /// The port to connect to: the configured one or the usual one for the
    /// TLS mode.
    pub fn port(&self) -> u16 {
        self.smtp_port.unwrap_or(match self.smtp_tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        })
    }

    /// The wait before the first retry of a failed email.
    pub fn retry_after(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.smtp_retry_ms.unwrap_or(30_000))
    }

    /// How many tries an email gets (at least one).
    pub fn attempts(&self) -> u32 {
        self.smtp_attempts.unwrap_or(8).max(1)
    }
}

/// The password never appears in a debug print of the settings.
impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_username", &self.smtp_username)
            .field(
                "smtp_password",
                &self.smtp_password.as_ref().map(|_| "(hidden)"),
            )
            .field("smtp_from", &self.smtp_from)
            .field("smtp_tls", &self.smtp_tls)
            .field("smtp_retry_ms", &self.smtp_retry_ms)
            .field("smtp_attempts", &self.smtp_attempts)
            .finish()
    }
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
            public_url: None,
            trust_proxy: false,
            client_ip_header: "X-Forwarded-For".to_string(),
            body_timeout_ms: 10_000,
            smtp: SmtpConfig {
                smtp_from: "Bridgework <bridgework@localhost>".to_string(),
                ..SmtpConfig::default()
            },
        }
    }

    /// The public base URL: the configured one, checked, or else one made
    /// from the address the server is bound to.
    pub fn public_base(&self, bound: SocketAddr) -> anyhow::Result<String> {
        match &self.public_url {
            Some(url) => public_base(url).map_err(|why| {
                anyhow::anyhow!("BRIDGEWORK_PUBLIC_URL / --public-url {url:?}: {why}")
            }),
            None => Ok(default_public_base(bound)),
        }
    }
}

/// The public base URL the server runs with (no trailing slash).
#[derive(Debug, Clone)]
pub struct PublicBase(pub String);

/// Checks a configured public URL and returns it without a trailing slash:
/// http or https, a host, no path beyond "/", no query, no fragment, no
/// user name or password.
pub fn public_base(text: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(text.trim()).map_err(|_| "not a URL")?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("use http:// or https://");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("name a host");
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err("give only the scheme, host and port, with no path");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("leave out the user name and password");
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// http:// and the bound address; an "any address" bind becomes loopback.
pub fn default_public_base(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, bound.port()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_public_url_is_checked_and_trimmed() {
        let cases: &[(&str, Result<&str, &str>)] = &[
            (
                "https://bridgework.example.org",
                Ok("https://bridgework.example.org"),
            ),
            (
                "https://bridgework.example.org/",
                Ok("https://bridgework.example.org"),
            ),
            (" http://10.0.0.5:8080 ", Ok("http://10.0.0.5:8080")),
            ("HTTPS://Example.ORG", Ok("https://example.org")),
            ("https://example.org:443", Ok("https://example.org")),
            ("http://[::1]:8080", Ok("http://[::1]:8080")),
            ("example.org", Err("not a URL")),
            ("", Err("not a URL")),
            ("ftp://example.org", Err("use http:// or https://")),
            ("javascript:alert(1)", Err("use http:// or https://")),
            (
                "https://example.org/app",
                Err("give only the scheme, host and port, with no path"),
            ),
            (
                "https://example.org/?x=1",
                Err("give only the scheme, host and port, with no path"),
            ),
            (
                "https://example.org/#x",
                Err("give only the scheme, host and port, with no path"),
            ),
            (
                "https://lee:pw@example.org",
                Err("leave out the user name and password"),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(public_base(text), expected.map(str::to_string), "{text:?}");
        }
    }

    #[test]
    fn the_smtp_password_is_never_in_a_debug_print() {
        let smtp = SmtpConfig {
            smtp_host: Some("smtp.example.org".to_string()),
            smtp_password: Some("hunter2-secret".to_string()),
            ..SmtpConfig::default()
        };
        let printed = format!("{smtp:?}");
        assert!(printed.contains("smtp.example.org"), "{printed}");
        assert!(!printed.contains("hunter2-secret"), "{printed}");
    }

    #[test]
    fn smtp_is_off_by_default_and_set_by_flags() {
        let off = Cli::try_parse_from(["bridgework"]).unwrap().config.smtp;
        assert_eq!(off.smtp_host, None);
        let on = Cli::try_parse_from([
            "bridgework",
            "--smtp-host",
            "smtp.example.org",
            "--smtp-tls",
            "tls",
            "--smtp-username",
            "bw",
            "--smtp-from",
            "Coach <coach@example.org>",
        ])
        .unwrap()
        .config
        .smtp;
        assert_eq!(on.smtp_host.as_deref(), Some("smtp.example.org"));
        assert_eq!(on.smtp_tls, SmtpTls::Tls);
        assert_eq!(on.port(), 465);
        assert_eq!(on.smtp_username.as_deref(), Some("bw"));
        assert_eq!(on.smtp_from, "Coach <coach@example.org>");
    }

    #[test]
    fn the_smtp_port_defaults_to_the_usual_one_for_the_tls_mode() {
        let cases = [
            (SmtpTls::None, None, 25),
            (SmtpTls::Starttls, None, 587),
            (SmtpTls::Tls, None, 465),
            (SmtpTls::None, Some(2525), 2525),
        ];
        for (tls, port, expected) in cases {
            let smtp = SmtpConfig {
                smtp_tls: tls,
                smtp_port: port,
                ..SmtpConfig::default()
            };
            assert_eq!(smtp.port(), expected, "{tls:?} {port:?}");
        }
    }

    #[test]
    fn the_default_public_url_follows_the_bound_address() {
        let cases = [
            ("127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("0.0.0.0:8080", "http://127.0.0.1:8080"),
            ("10.1.2.3:80", "http://10.1.2.3:80"),
            ("[::]:8080", "http://[::1]:8080"),
            ("[2001:db8::5]:8443", "http://[2001:db8::5]:8443"),
        ];
        for (bound, expected) in cases {
            assert_eq!(
                default_public_base(bound.parse().unwrap()),
                expected,
                "{bound}"
            );
        }
    }
}
