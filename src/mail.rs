//! Outgoing email, when an SMTP server is configured. A message is queued
//! in the outbox table (`models::outbox`) inside the write transaction of
//! what causes it, so it survives a restart; one background task sends
//! pending messages, marks them sent, and tries a failed one again after a
//! wait that doubles each time, up to a bounded number of tries (the last
//! error is kept). At start-up whatever is pending is sent. A request
//! never waits on the mail server and never fails because of it. Without
//! a host (the default) nothing is queued or sent.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::NaiveDateTime;
use diesel::SqliteConnection;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::{SmtpConfig, SmtpTls};
use crate::db::{self, DbPool};
use crate::models::outbox;

/// How long one delivery may take before it is given up (and logged).
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest wait between two tries of one message.
const LONGEST_WAIT: Duration = Duration::from_secs(24 * 3600);

/// One plain-text message to one or more people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// What became of a message handed to the mailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queued {
    /// In the outbox; the sender takes it once the write commits.
    Yes,
    /// Email is not set up: nothing was attempted.
    Off,
}

/// When a failed message is tried again: `first` after the first failure,
/// twice as long after each further one, never longer than a day; none
/// after the last of `attempts` tries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub first: Duration,
    pub attempts: u32,
}

impl Retry {
    /// The wait after the `failed`-th failed try, or `None` to give up.
    pub fn wait_after(&self, failed: u32) -> Option<Duration> {
        if failed >= self.attempts {
            return None;
        }
        let doublings = failed.saturating_sub(1).min(20);
        Some((self.first * 2u32.pow(doublings)).min(LONGEST_WAIT))
    }
}

/// The handle requests use to queue email; cheap to clone.
#[derive(Clone, Default)]
pub struct Mailer {
    /// Wakes the sender task (`None`: email is off).
    wake: Option<Arc<Notify>>,
}

impl Mailer {
    /// No email: every message is `Queued::Off`.
    pub fn off() -> Mailer {
        Mailer { wake: None }
    }

    /// The mailer the configuration asks for: off without a host, otherwise
    /// a sender task on the running (actix/tokio) runtime, which first
    /// sends what the outbox holds. Fails at start-up on a sender address
    /// or host that cannot work.
    pub fn start(
        config: &SmtpConfig,
        pool: DbPool,
        writes: db::Writes,
        clock: Clock,
    ) -> anyhow::Result<Mailer> {
        let Some(host) = config.smtp_host.as_deref().map(str::trim) else {
            return Ok(Mailer::off());
        };
        if host.is_empty() {
            return Ok(Mailer::off());
        }
        let from: Mailbox = config.smtp_from.parse().with_context(|| {
            format!("BRIDGEWORK_SMTP_FROM / --smtp-from {:?}", config.smtp_from)
        })?;
        let sender = Sender {
            transport: transport(config, host)?,
            from,
            pool,
            writes,
            clock,
            retry: Retry {
                first: config.retry_after(),
                attempts: config.attempts(),
            },
        };
        let wake = Arc::new(Notify::new());
        actix_web::rt::spawn(sender.run(wake.clone()));
        tracing::info!(host, port = config.port(), tls = ?config.smtp_tls, "email on");
        Ok(Mailer { wake: Some(wake) })
    }

    /// Whether email is set up (pages offer "Email the link" only then).
    pub fn is_on(&self) -> bool {
        self.wake.is_some()
    }

    /// Puts a message in the outbox, inside the caller's write transaction
    /// (it goes, or stays, with what causes it). Call `wake` once the
    /// transaction has committed.
    /// `about`: the member the email is about, if any (an erasure deletes
    /// it).
    pub fn queue(
        &self,
        conn: &mut SqliteConnection,
        email: &Email,
        about: Option<i32>,
        now: NaiveDateTime,
    ) -> diesel::QueryResult<Queued> {
        if !self.is_on() {
            return Ok(Queued::Off);
        }
        outbox::insert(conn, email, about, now)?;
        Ok(Queued::Yes)
    }

    /// Tells the sender that the outbox has something new.
    pub fn wake(&self) {
        if let Some(wake) = &self.wake {
            wake.notify_one();
        }
    }
}

/// The background task that empties the outbox.
struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    pool: DbPool,
    writes: db::Writes,
    clock: Clock,
    retry: Retry,
}

impl Sender {
    async fn run(self, wake: Arc<Notify>) {
        // When each failed message may be tried again (in memory: after a
        // restart, everything pending is tried at once).
        let mut not_before: HashMap<i32, tokio::time::Instant> = HashMap::new();
        loop {
            let pending = match db::run(&self.pool, |conn| Ok(outbox::pending(conn)?)).await {
                Ok(pending) => pending,
                Err(e) => {
                    tracing::error!(error = %e, "outbox not read");
                    let _ = actix_web::rt::time::timeout(self.retry.first, wake.notified()).await;
                    continue;
                }
            };
            let mut next: Option<tokio::time::Instant> = None;
            for row in pending {
                let now = tokio::time::Instant::now();
                if let Some(at) = not_before.get(&row.id).filter(|at| **at > now) {
                    next = Some(next.map_or(*at, |n| n.min(*at)));
                    continue;
                }
                let tries = row.attempts.saturating_add(1);
                let result = self.deliver(&row.email()).await;
                let at = self.clock.now().naive_utc();
                let (id, failed) = (row.id, u32::try_from(tries).unwrap_or(u32::MAX));
                let wait = match &result {
                    Ok(()) => None,
                    Err(Failure::Never(_)) => None,
                    Err(Failure::Now(_)) => self.retry.wait_after(failed),
                };
                let written = match result {
                    Ok(()) => {
                        db::write(&self.pool, &self.writes, move |conn| {
                            Ok(outbox::mark_sent(conn, id, tries, at)?)
                        })
                        .await
                    }
                    Err(failure) => {
                        let error = failure.text();
                        let gave_up = wait.is_none();
                        if gave_up {
                            tracing::error!(outbox_id = id, tries, error, "email given up");
                        }
                        db::write(&self.pool, &self.writes, move |conn| {
                            Ok(outbox::mark_failed(conn, id, tries, &error, gave_up, at)?)
                        })
                        .await
                    }
                };
                // Not recorded (the database refused): wait before reading
                // the row again, rather than sending it again at once.
                let wait = match written {
                    Ok(()) => wait,
                    Err(e) => {
                        tracing::error!(error = %e, outbox_id = id, "outbox not updated");
                        Some(self.retry.first)
                    }
                };
                match wait {
                    Some(wait) => {
                        let at = tokio::time::Instant::now() + wait;
                        not_before.insert(id, at);
                        next = Some(next.map_or(at, |n| n.min(at)));
                    }
                    None => {
                        not_before.remove(&id);
                    }
                }
            }
            match next {
                Some(at) => {
                    let left = at.saturating_duration_since(tokio::time::Instant::now());
                    let _ = actix_web::rt::time::timeout(left, wake.notified()).await;
                }
                None => wake.notified().await,
            }
        }
    }

    /// Sends one message; a failure is logged (never its body, which may
    /// name a member).
    async fn deliver(&self, email: &Email) -> Result<(), Failure> {
        let message = message(&self.from, email).map_err(|e| {
            tracing::error!(error = %e, "email not sent: could not be built");
            Failure::Never(e.to_string())
        })?;
        match self.transport.send(message).await {
            Ok(_) => {
                tracing::info!(recipients = email.to.len(), "email sent");
                Ok(())
            }
            Err(e) => {
                tracing::warn!(error = %e, recipients = email.to.len(), "email not delivered");
                Err(Failure::Now(e.to_string()))
            }
        }
    }
}

/// Why a message did not go.
enum Failure {
    /// It can never go (it could not be built): no retry.
    Never(String),
    /// The server did not take it this time.
    Now(String),
}

impl Failure {
    fn text(self) -> String {
        match self {
            Failure::Never(e) | Failure::Now(e) => e,
        }
    }
}

/// Whether an address can be written to (beyond the login rules: one
/// plain address, nothing a mail header would read as more).
pub fn check_address(address: &str) -> Result<(), &'static str> {
    address
        .trim()
        .parse::<lettre::Address>()
        .map(|_| ())
        .map_err(|_| "Enter a valid email address, like name@example.org.")
}

fn transport(
    config: &SmtpConfig,
    host: &str,
) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let tls = match config.smtp_tls {
        SmtpTls::None => Tls::None,
        SmtpTls::Starttls => Tls::Required(TlsParameters::new(host.to_string())?),
        SmtpTls::Tls => Tls::Wrapper(TlsParameters::new(host.to_string())?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(config.port())
        .tls(tls)
        .timeout(Some(SEND_TIMEOUT));
    if let Some(user) = &config.smtp_username {
        builder = builder.credentials(Credentials::new(
            user.clone(),
            config.smtp_password.clone().unwrap_or_default(),
        ));
    }
    Ok(builder.build())
}

fn message(from: &Mailbox, email: &Email) -> anyhow::Result<Message> {
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(email.subject.clone())
        .header(ContentType::TEXT_PLAIN);
    for to in &email.to {
        builder = builder.to(to.parse::<Mailbox>()?);
    }
    Ok(builder.body(email.body.clone())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(to: &[&str]) -> Email {
        Email {
            to: to.iter().map(|s| s.to_string()).collect(),
            subject: "Pain reported: Riley Ortiz".to_string(),
            body: "Riley Ortiz reported pain.".to_string(),
        }
    }

    #[test]
    fn with_smtp_off_nothing_is_queued() {
        assert!(!Mailer::off().is_on());
        let mut conn = diesel::Connection::establish(":memory:").unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 18)
            .unwrap()
            .and_hms_opt(15, 0, 0)
            .unwrap();
        // No outbox table even exists here: off never touches it.
        assert_eq!(
            Mailer::off()
                .queue(&mut conn, &email(&["a@b.test"]), None, now)
                .unwrap(),
            Queued::Off
        );
    }

    /// Rule: a failed email is tried again after a wait that doubles each
    /// time (at most a day), and given up after the last try.
    #[test]
    fn rule_retry_waits_longer_each_time_and_gives_up_after_the_last_try() {
        let retry = Retry {
            first: Duration::from_secs(30),
            attempts: 4,
        };
        // (failed tries so far, wait before the next)
        let cases = [
            (1, Some(30)),
            (2, Some(60)),
            (3, Some(120)),
            (4, None),
            (5, None),
        ];
        for (failed, wait) in cases {
            assert_eq!(
                retry.wait_after(failed),
                wait.map(Duration::from_secs),
                "{failed}"
            );
        }
        let long = Retry {
            first: Duration::from_secs(3600),
            attempts: 40,
        };
        assert_eq!(long.wait_after(30), Some(LONGEST_WAIT));
        let once = Retry {
            first: Duration::from_secs(1),
            attempts: 1,
        };
        assert_eq!(once.wait_after(1), None, "one try: no retry");
    }

    #[test]
    fn a_message_goes_to_every_recipient_from_the_sender() {
        let from: Mailbox = "Bridgework <bw@station.test>".parse().unwrap();
        let built = message(&from, &email(&["a@station.test", "b@station.test"])).unwrap();
        let to: Vec<String> = built
            .envelope()
            .to()
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(to, ["a@station.test", "b@station.test"]);
        let text = String::from_utf8(built.formatted()).unwrap();
        assert!(
            text.contains("Subject: Pain reported: Riley Ortiz"),
            "{text}"
        );
    }

    #[test]
    fn every_tls_mode_makes_a_transport() {
        for tls in [SmtpTls::None, SmtpTls::Starttls, SmtpTls::Tls] {
            let config = SmtpConfig {
                smtp_host: Some("smtp.example.org".to_string()),
                smtp_username: Some("bridgework".to_string()),
                smtp_password: Some("secret".to_string()),
                smtp_tls: tls,
                ..SmtpConfig::default()
            };
            assert!(transport(&config, "smtp.example.org").is_ok(), "{tls:?}");
        }
    }

    #[test]
    fn an_address_to_write_to_is_one_plain_address() {
        let cases = [
            ("riley@station.test", true),
            (" riley@station.test ", true),
            ("riley@station.test, pat@station.test", false),
            ("Riley <riley@station.test>", false),
            ("riley@station.test\r\nBcc: x@y.test", false),
            ("riley", false),
        ];
        for (address, ok) in cases {
            assert_eq!(check_address(address).is_ok(), ok, "{address:?}");
        }
    }

    #[test]
    fn a_bad_recipient_address_is_an_error_not_a_panic() {
        let from: Mailbox = "bw@station.test".parse().unwrap();
        assert!(message(&from, &email(&["not an address"])).is_err());
    }
}
