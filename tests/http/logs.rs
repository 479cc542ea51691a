//! What the server writes to its log, read from a real process: normal
//! answers (a login redirect, a missing page, a refusal) never log at ERROR;
//! failed logins and refusals name the client's address, never a password.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;

use crate::helpers::*;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bridgework"))
}

/// The server binary on its own database, logging at info to a pipe (the
/// log goes to standard output, after the line with the address).
struct Server {
    child: Child,
    output: BufReader<std::process::ChildStdout>,
    address: String,
}

impl Server {
    fn start(db: &std::path::Path) -> Server {
        let mut child = bin()
            .arg("--database")
            .arg(db)
            .args(["--bind", "127.0.0.1:0", "--log-level", "info", "serve"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut output = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let address = loop {
            line.clear();
            assert!(output.read_line(&mut line).unwrap() > 0, "the server quit");
            if let Some(rest) = line.split("running at ").nth(1) {
                break rest.trim().trim_end_matches('/').to_string();
            }
        };
        Server {
            child,
            output,
            address,
        }
    }

    /// Stops the server and returns what it logged, without colours.
    fn stop(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let mut log = String::new();
        self.output.read_to_string(&mut log).unwrap();
        strip_ansi(&log)
    }
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

async fn login_token(client: &reqwest::Client, address: &str) -> String {
    let body = client
        .get(format!("{address}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = scraper::Html::parse_document(&body);
    attr(&doc, "input[name=csrf_token]", "value").unwrap()
}

async fn post_login(
    client: &reqwest::Client,
    address: &str,
    email: &str,
    password: &str,
) -> StatusCode {
    let token = login_token(client, address).await;
    client
        .post(format!("{address}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_html_form::to_string([
                ("csrf_token", token.as_str()),
                ("email", email),
                ("password", password),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .status()
}

#[actix_web::test]
async fn expected_answers_stay_below_error_and_refusals_name_the_client() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("logs.sqlite3");
    for (command, email) in [
        ("create-coach", "casey@station.test"),
        ("create-member", "riley@station.test"),
    ] {
        let output = bin()
            .arg("--database")
            .arg(&db)
            .args([command, "--email", email, "--name", "Someone"])
            .env("BRIDGEWORK_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(output.status.success());
    }
    let server = Server::start(&db);
    let address = server.address.clone();
    let client = new_client();
    let get = |path: &str| client.get(format!("{address}{path}")).send();

    // Anonymous on a protected page: a redirect to the login page.
    assert_eq!(
        get("/settings").await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get("/crew/1").await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    // A missing page.
    assert_eq!(
        get("/no-such-page").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // A form without its CSRF token.
    let refused = client
        .post(format!("{address}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("email=x%40y.test&password=secret-in-a-forged-form")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    // A wrong password.
    let wrong = "hunter2-wrong-secret";
    assert_eq!(
        post_login(&client, &address, "casey@station.test", wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // An "email" that tries to forge a log line.
    assert_eq!(
        post_login(&client, &address, "x@y.test\nERROR forged line", wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A member on a coach's page.
    assert_eq!(
        post_login(&client, &address, "riley@station.test", PASSWORD).await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        get("/settings").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    let log = server.stop();
    // Each line: timestamp, level, span and message.
    let errors: Vec<&str> = log
        .lines()
        .filter(|l| l.split_whitespace().nth(1) == Some("ERROR"))
        .collect();
    assert!(errors.is_empty(), "ERROR lines: {errors:#?}");
    assert!(
        log.lines().all(|l| !l.starts_with("ERROR forged")),
        "a forged line"
    );
    assert!(!log.contains(wrong) && !log.contains("secret-in-a-forged-form"));
    assert!(!log.contains(PASSWORD), "a password in the log");
    let failed = log
        .lines()
        .find(|l| l.contains("failed login"))
        .unwrap_or_else(|| panic!("no failed login line in {log}"));
    assert!(failed.contains("client=127.0.0.1"), "{failed}");
    let refusals: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") && l.contains("status=403"))
        .collect();
    assert_eq!(refusals.len(), 2, "{log}");
    for line in &refusals {
        assert!(line.contains("client=127.0.0.1"), "{line}");
    }
    assert!(
        refusals[0].contains("did not come from this app"),
        "{}",
        refusals[0]
    );
    assert!(
        refusals[1].contains("This page is for the fitness coordinator"),
        "{}",
        refusals[1]
    );
}
