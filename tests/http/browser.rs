//! A real browser on the real app: Debian's Chromium, driven through
//! chromedriver by a WebDriver client small enough to read in one go. It
//! proves what the HTML tests cannot: that app.js loads under the CSP and
//! the rest timer works on the member's workout page.
//!
//! Needs `chromium` and `chromium-driver` (Debian packages; .ci/run installs
//! them). Without chromedriver the test is skipped, unless `CI` is set.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use actix_web::rt::time::sleep;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::workout::member_at;

const CHROMIUM: &str = "/usr/bin/chromium";
/// The key W3C WebDriver puts element references under.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a UI state may take to appear before the test gives up.
const PATIENCE: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(100);

#[actix_web::test]
async fn in_a_browser_the_rest_timer_runs_and_the_session_logs() {
    let Some(chromedriver) = find_chromedriver() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "browser test: chromedriver or {CHROMIUM} not found; \
                 install Debian's chromium and chromium-driver (.ci/run does)"
            );
        }
        println!("skipping browser test: chromedriver not found");
        return;
    };
    let app = spawn_app().await;
    member_at(&app, "riley@station.test", 1, false).await;
    let browser = Browser::start(&chromedriver).await;

    browser.goto(&app.url("/login")).await;
    browser.type_into("#email", "riley@station.test").await;
    browser.type_into("#password", PASSWORD).await;
    browser
        .click("form[action='/login'] button[type=submit]")
        .await;

    // The timer is hidden in the markup; only app.js shows it.
    let timer = browser.wait_for(".rest-timer").await;
    assert!(
        browser.displayed(&timer).await,
        "the rest timer is shown, so app.js ran under the CSP"
    );
    assert_eq!(browser.text_of(".rest-start").await, "Start rest timer");

    browser.click(".rest-start").await;
    browser
        .wait_until("the timer counts from 0:00", |b| async move {
            b.text_of(".rest-display").await.starts_with("Rest 0:0")
        })
        .await;
    let counting = browser.text_of(".rest-display").await;
    assert!(counting.ends_with(" — next set at 1:00–1:30"), "{counting}");
    assert_eq!(browser.text_of(".rest-start").await, "Restart rest timer");

    // Move the page's clock on (61 s, then 30 s more) rather than wait a
    // minute and a half.
    browser.shift_page_clock(61).await;
    browser
        .wait_until(
            "the timer turns ready at the minimum rest",
            |b| async move { b.has_class(".rest-timer", "ready").await },
        )
        .await;
    assert!(browser
        .text_of(".rest-display")
        .await
        .ends_with("time for your next set"));
    browser.shift_page_clock(30).await;
    browser
        .wait_until("the timer says go at the maximum rest", |b| async move {
            b.has_class(".rest-timer", "over").await
        })
        .await;
    assert_eq!(browser.text_of(".rest-display").await, "Go: next set now");
    assert!(!browser.has_class(".rest-timer", "ready").await);

    // Pressing again starts over.
    browser.click(".rest-start").await;
    assert!(!browser.has_class(".rest-timer", "over").await);
    assert!(browser
        .text_of(".rest-display")
        .await
        .starts_with("Rest 0:0"));

    assert_eq!(browser.inline_code().await, Vec::<String>::new());
    assert_eq!(browser.console_errors().await, Vec::<String>::new());

    browser.click("button.done-as-prescribed").await;
    browser.wait_for(".headline").await;
    assert_eq!(
        browser.text_of(".headline").await,
        "Same stage next session"
    );
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
}

/// chromedriver on the PATH, if Chromium is there too.
fn find_chromedriver() -> Option<PathBuf> {
    if !Path::new(CHROMIUM).exists() {
        return None;
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("chromedriver"))
        .find(|candidate| candidate.is_file())
}

/// A chromedriver process with one Chromium session. Dropping it ends the
/// session (Chromium quits) and kills chromedriver, even when a test panics.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    http: reqwest::Client,
    profile: tempfile::TempDir,
}

impl Browser {
    async fn start(chromedriver: &Path) -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let profile = tempfile::tempdir().expect("temp dir for the profile");
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            http,
            profile,
        };
        browser.wait_for_driver().await;
        browser.session = browser.new_session().await;
        browser
    }

    async fn wait_for_driver(&mut self) {
        let status = format!("http://127.0.0.1:{}/status", self.port);
        for _ in 0..200 {
            if let Some(exit) = self.driver.try_wait().unwrap() {
                panic!("chromedriver exited at start: {exit}");
            }
            if let Ok(response) = self.http.get(&status).send().await {
                let body: Value = response.json().await.unwrap_or_default();
                if body["value"]["ready"] == true {
                    return;
                }
            }
            sleep(Duration::from_millis(50)).await;
        }
        panic!("chromedriver was not ready after 10 s");
    }

    async fn new_session(&self) -> String {
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", self.profile.path().display()),
        ];
        let value = self
            .call(
                reqwest::Method::POST,
                "/session",
                json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:loggingPrefs": {"browser": "ALL"},
                    "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
                }}}),
            )
            .await;
        value["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string()
    }

    /// One WebDriver command; panics with the driver's message on error.
    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let mut request = self.http.request(method.clone(), &url);
        if method != reqwest::Method::GET {
            request = request.json(&body);
        }
        let response = request.send().await.expect("chromedriver answers");
        let mut body: Value = response.json().await.expect("a JSON answer");
        let value = body["value"].take();
        if let Some(error) = value["error"].as_str() {
            panic!("WebDriver {method} {path}: {error}: {}", value["message"]);
        }
        value
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let path = format!("/session/{}{path}", self.session);
        self.call(method, &path, body).await
    }

    async fn goto(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", json!({ "url": url }))
            .await;
    }

    /// Every element matching `css`, as WebDriver references.
    async fn find_all(&self, css: &str) -> Vec<String> {
        let found = self
            .command(
                reqwest::Method::POST,
                "/elements",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        found
            .as_array()
            .expect("a list of elements")
            .iter()
            .map(|e| e[ELEMENT].as_str().expect("an element").to_string())
            .collect()
    }

    async fn find(&self, css: &str) -> String {
        self.find_all(css)
            .await
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing matches {css}"))
    }

    /// Waits for an element to be on the page (after a navigation).
    async fn wait_for(&self, css: &str) -> String {
        let what = format!("{css} is on the page");
        self.wait_until(&what, |b| async move { !b.find_all(css).await.is_empty() })
            .await;
        self.find(css).await
    }

    /// Polls `check` every 100 ms for up to 5 s.
    async fn wait_until<'a, F, Fut>(&'a self, what: &str, check: F)
    where
        F: Fn(&'a Browser) -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let tries = PATIENCE.as_millis() / POLL.as_millis();
        for _ in 0..tries {
            if check(self).await {
                return;
            }
            sleep(POLL).await;
        }
        panic!("waited {PATIENCE:?} and still not: {what}");
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            json!({}),
        )
        .await;
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    async fn displayed(&self, element: &str) -> bool {
        self.command(
            reqwest::Method::GET,
            &format!("/element/{element}/displayed"),
            Value::Null,
        )
        .await
        .as_bool()
        .expect("a boolean")
    }

    /// The rendered text of the first element matching `css`.
    async fn text_of(&self, css: &str) -> String {
        let element = self.find(css).await;
        let text = self
            .command(
                reqwest::Method::GET,
                &format!("/element/{element}/text"),
                Value::Null,
            )
            .await;
        text.as_str().expect("text").to_string()
    }

    async fn execute(&self, script: &str, args: Value) -> Value {
        self.command(
            reqwest::Method::POST,
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
        .await
    }

    async fn has_class(&self, css: &str, class: &str) -> bool {
        self.execute(
            "return document.querySelector(arguments[0]).classList.contains(arguments[1]);",
            json!([css, class]),
        )
        .await
        .as_bool()
        .expect("a boolean")
    }

    /// Makes the page's `Date.now()` run `seconds` ahead from here on.
    async fn shift_page_clock(&self, seconds: u64) {
        self.execute(
            "const real = Date.now, ahead = arguments[0] * 1000; \
             Date.now = () => real() + ahead;",
            json!([seconds]),
        )
        .await;
    }

    /// Inline script, inline style and `on*` handler attributes on the page
    /// as it stands: the CSP forbids them, so there should be none.
    async fn inline_code(&self) -> Vec<String> {
        let found = self
            .execute(
                "const found = [];
                 for (const el of document.querySelectorAll('*')) {
                   for (const a of el.attributes) {
                     if (a.name === 'style' || a.name.startsWith('on')) {
                       found.push(el.tagName.toLowerCase() + '[' + a.name + ']');
                     }
                   }
                 }
                 if (document.querySelector('script:not([src])')) {
                   found.push('inline script');
                 }
                 if (document.querySelector('style')) {
                   found.push('style element');
                 }
                 return found;",
                json!([]),
            )
            .await;
        serde_json::from_value(found).expect("a list of strings")
    }

    /// Errors the browser logged since the last call: script errors, failed
    /// loads and anything the Content Security Policy blocked.
    async fn console_errors(&self) -> Vec<String> {
        let entries = self
            .command(
                reqwest::Method::POST,
                "/se/log",
                json!({ "type": "browser" }),
            )
            .await;
        entries
            .as_array()
            .expect("log entries")
            .iter()
            .filter(|e| {
                e["level"] == "SEVERE"
                    || e["message"].to_string().contains("Content Security Policy")
            })
            .map(|e| e["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            end_session(self.port, &self.session);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// DELETE /session/{id}, without async (Drop cannot await): Chromium quits
/// rather than outliving chromedriver. chromedriver keeps the connection
/// open after answering, so read the answer's length rather than to the end.
fn end_session(port: u16, session: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    let mut answer = Vec::new();
    let mut chunk = [0u8; 1024];
    while let Ok(read @ 1..) = stream.read(&mut chunk) {
        answer.extend_from_slice(&chunk[..read]);
        if answer_complete(&answer) {
            return;
        }
    }
}

/// Whether `answer` holds an HTTP response's head and all its body.
fn answer_complete(answer: &[u8]) -> bool {
    let text = String::from_utf8_lossy(answer);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    body.len() >= length
}

/// A port nothing listens on right now (the OS picks it; we let it go).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}
