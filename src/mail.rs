//! Outgoing email, when an SMTP server is configured: a handle that queues
//! messages on a bounded channel and one background task that sends them.
//! A request never waits on the mail server and never fails because of it:
//! it learns only whether its message was queued; a delivery that fails is
//! logged. Without a host (the default) nothing is queued or sent.

use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::mpsc;

use crate::config::{SmtpConfig, SmtpTls};

/// How many messages may wait for the sender before new ones are refused.
const QUEUE: usize = 256;

/// How long one delivery may take before it is given up (and logged).
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

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
    /// On its way to the sender task.
    Yes,
    /// Email is not set up: nothing was attempted.
    Off,
    /// The queue is full or the sender has stopped: not sent (logged).
    Refused,
}

/// The handle requests use to send email; cheap to clone.
#[derive(Clone, Default)]
pub struct Mailer {
    queue: Option<mpsc::Sender<Email>>,
}

impl Mailer {
    /// No email: every message is `Queued::Off`.
    pub fn off() -> Mailer {
        Mailer { queue: None }
    }

    /// The mailer the configuration asks for: off without a host, otherwise
    /// a sender task on the running (actix/tokio) runtime. Fails at start-up
    /// on a sender address or host that cannot work.
    pub fn start(config: &SmtpConfig) -> anyhow::Result<Mailer> {
        let Some(host) = config.smtp_host.as_deref().map(str::trim) else {
            return Ok(Mailer::off());
        };
        if host.is_empty() {
            return Ok(Mailer::off());
        }
        let from: Mailbox = config.smtp_from.parse().with_context(|| {
            format!("BRIDGEWORK_SMTP_FROM / --smtp-from {:?}", config.smtp_from)
        })?;
        let transport = transport(config, host)?;
        let (queue, mut waiting) = mpsc::channel::<Email>(QUEUE);
        actix_web::rt::spawn(async move {
            while let Some(email) = waiting.recv().await {
                deliver(&transport, &from, email).await;
            }
        });
        tracing::info!(host, port = config.port(), tls = ?config.smtp_tls, "email on");
        Ok(Mailer { queue: Some(queue) })
    }

    /// Whether email is set up (pages offer "Email the link" only then).
    pub fn is_on(&self) -> bool {
        self.queue.is_some()
    }

    /// Hands a message to the sender task without waiting.
    pub fn send(&self, email: Email) -> Queued {
        let Some(queue) = &self.queue else {
            return Queued::Off;
        };
        match queue.try_send(email) {
            Ok(()) => Queued::Yes,
            Err(e) => {
                tracing::error!(error = %e, "email not queued");
                Queued::Refused
            }
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

/// Sends one message; a failure is logged (never its body, which may name
/// a member).
async fn deliver(transport: &AsyncSmtpTransport<Tokio1Executor>, from: &Mailbox, email: Email) {
    let message = match message(from, &email) {
        Ok(message) => message,
        Err(e) => {
            tracing::error!(error = %e, "email not sent: could not be built");
            return;
        }
    };
    match transport.send(message).await {
        Ok(_) => tracing::info!(recipients = email.to.len(), "email sent"),
        Err(e) => tracing::error!(error = %e, recipients = email.to.len(), "email not delivered"),
    }
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
        assert_eq!(Mailer::off().send(email(&["a@b.test"])), Queued::Off);
        let no_host = Mailer::start(&SmtpConfig::default()).unwrap();
        assert!(!no_host.is_on());
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
    fn a_full_queue_or_a_stopped_sender_refuses_without_waiting() {
        let (queue, waiting) = mpsc::channel(1);
        let mailer = Mailer { queue: Some(queue) };
        assert!(mailer.is_on());
        assert_eq!(mailer.send(email(&["a@b.test"])), Queued::Yes);
        assert_eq!(mailer.send(email(&["a@b.test"])), Queued::Refused, "full");
        drop(waiting);
        assert_eq!(
            mailer.send(email(&["a@b.test"])),
            Queued::Refused,
            "stopped"
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
