//! A real SMTP server for the email tests: a tokio listener on port 0 that
//! speaks enough of RFC 5321 for a client (greeting, EHLO/HELO, MAIL FROM,
//! RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT) and keeps what it
//! receives. `Smtp::refusing()` answers 554 to every MAIL FROM instead;
//! `Smtp::failing_first(n)` answers 451 (try again later) to the first `n`.
//! Tests wait on it with a bounded timeout, never a sleep.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How long a test waits for a message before failing.
const PATIENCE: Duration = Duration::from_secs(10);

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The DATA as sent, dot-unstuffed, CRLF line ends.
    pub data: String,
}

impl Received {
    /// A header's value (unfolded), by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }

    /// The body, decoded from its Content-Transfer-Encoding, with LF line
    /// ends.
    pub fn body(&self) -> String {
        let raw = self
            .data
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .unwrap_or("");
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let text = match encoding.as_str() {
            "quoted-printable" => quoted_printable(raw),
            "base64" => {
                let joined: String = raw.split_whitespace().collect();
                String::from_utf8(
                    base64::engine::general_purpose::STANDARD
                        .decode(joined)
                        .expect("base64 body"),
                )
                .expect("utf-8 body")
            }
            _ => raw.to_string(),
        };
        text.replace("\r\n", "\n")
    }
}

fn quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("quoted-printable escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8 body")
}

#[derive(Default)]
struct Log {
    connections: usize,
    received: Vec<Received>,
    /// How many more MAIL FROM get a passing failure (451).
    failures_left: usize,
}

/// The running server: its port, and what it has seen so far.
#[derive(Clone)]
pub struct Smtp {
    pub port: u16,
    log: Arc<Mutex<Log>>,
    changed: Arc<Notify>,
}

impl Smtp {
    /// A server that accepts every message.
    pub async fn accepting() -> Smtp {
        Smtp::start(false).await
    }

    /// A server that refuses every message (554 to MAIL FROM).
    pub async fn refusing() -> Smtp {
        Smtp::start(true).await
    }

    /// A server that fails the first `n` messages for now (451 to MAIL
    /// FROM, "try again later"), then accepts.
    pub async fn failing_first(n: usize) -> Smtp {
        let smtp = Smtp::start(false).await;
        smtp.log.lock().unwrap().failures_left = n;
        smtp
    }

    async fn start(refuse: bool) -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind SMTP");
        let port = listener.local_addr().unwrap().port();
        let smtp = Smtp {
            port,
            log: Arc::default(),
            changed: Arc::default(),
        };
        let server = smtp.clone();
        actix_web::rt::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                server.log.lock().unwrap().connections += 1;
                server.changed.notify_waiters();
                let conversation = server.clone();
                actix_web::rt::spawn(async move {
                    if let Err(e) = conversation.converse(stream, refuse).await {
                        println!("test SMTP conversation ended: {e}");
                    }
                });
            }
        });
        smtp
    }

    async fn converse(&self, stream: tokio::net::TcpStream, refuse: bool) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 test.smtp ESMTP ready\r\n").await?;
        let mut mail_from = String::new();
        let mut rcpt_to = Vec::new();
        loop {
            let mut line = String::new();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_string();
            let verb = command
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250-test.smtp\r\n250 8BITMIME\r\n",
                "HELO" | "NOOP" => b"250 OK\r\n",
                "RSET" => {
                    mail_from.clear();
                    rcpt_to.clear();
                    b"250 OK\r\n"
                }
                "MAIL" if refuse => b"554 5.7.1 No thank you\r\n",
                "MAIL" if self.fail_for_now() => b"451 4.3.0 Try again later\r\n",
                "MAIL" => {
                    mail_from = address(&command);
                    rcpt_to.clear();
                    b"250 OK\r\n"
                }
                "RCPT" => {
                    rcpt_to.push(address(&command));
                    b"250 OK\r\n"
                }
                "DATA" => {
                    write.write_all(b"354 End with <CRLF>.<CRLF>\r\n").await?;
                    let mut data = String::new();
                    loop {
                        let mut line = String::new();
                        if lines.read_line(&mut line).await? == 0 {
                            return Ok(());
                        }
                        if line == ".\r\n" {
                            break;
                        }
                        data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    }
                    self.log.lock().unwrap().received.push(Received {
                        mail_from: std::mem::take(&mut mail_from),
                        rcpt_to: std::mem::take(&mut rcpt_to),
                        data,
                    });
                    self.changed.notify_waiters();
                    b"250 OK queued\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 Bye\r\n").await?;
                    return Ok(());
                }
                _ => b"502 Command not implemented\r\n",
            };
            write.write_all(reply).await?;
        }
    }

    /// Whether this MAIL FROM gets a passing failure (and one fewer is left).
    fn fail_for_now(&self) -> bool {
        let mut log = self.log.lock().unwrap();
        let fail = log.failures_left > 0;
        log.failures_left = log.failures_left.saturating_sub(1);
        fail
    }

    /// What has arrived so far.
    pub fn received(&self) -> Vec<Received> {
        self.log.lock().unwrap().received.clone()
    }

    /// How many connections clients have opened.
    pub fn connections(&self) -> usize {
        self.log.lock().unwrap().connections
    }

    /// Waits (at most `PATIENCE`) until `n` messages have arrived.
    pub async fn wait_for_messages(&self, n: usize) -> Vec<Received> {
        self.wait_until(|log| log.received.len() >= n, &format!("{n} message(s)"))
            .await;
        self.received()
    }

    /// Waits (at most `PATIENCE`) until `n` connections were opened.
    pub async fn wait_for_connections(&self, n: usize) {
        self.wait_until(|log| log.connections >= n, &format!("{n} connection(s)"))
            .await;
    }

    async fn wait_until(&self, done: impl Fn(&Log) -> bool, what: &str) {
        let waited = tokio::time::timeout(PATIENCE, async {
            loop {
                let changed = self.changed.notified();
                if done(&self.log.lock().unwrap()) {
                    return;
                }
                changed.await;
            }
        })
        .await;
        assert!(waited.is_ok(), "the SMTP server did not get {what} in time");
    }
}

/// The address in "MAIL FROM:<a@b>" or "RCPT TO:<a@b> PARAM".
fn address(command: &str) -> String {
    command
        .split_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map(|(address, _)| address.to_string())
        .unwrap_or_default()
}
