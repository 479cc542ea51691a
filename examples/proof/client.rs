//! A crew member's phone: logs in through the login form and logs sessions
//! with the one-tap form, as the pages do.

use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use reqwest::StatusCode;
use scraper::{Html, Selector};

pub fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

fn csrf_token(html: &str) -> anyhow::Result<String> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse("input[name=csrf_token]").expect("selector");
    doc.select(&selector)
        .next()
        .and_then(|e| e.value().attr("value"))
        .map(str::to_string)
        .context("no CSRF token on the page")
}

pub struct Member {
    client: reqwest::Client,
    token: String,
}

/// What one POST answered and how long it took.
pub struct Answer {
    pub status: Option<StatusCode>,
    pub location: String,
    pub elapsed: Duration,
}

impl Answer {
    /// The session id when the log was stored (303 to /sessions/{id}).
    pub fn stored(&self) -> Option<i32> {
        (self.status == Some(StatusCode::SEE_OTHER))
            .then(|| self.location.strip_prefix("/sessions/")?.parse().ok())
            .flatten()
    }
}

/// The login form, filled and posted; `forwarded_for` plays a client
/// behind a trusted proxy.
pub async fn post_login(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    token: &str,
    forwarded_for: Option<&str>,
) -> Answer {
    let mut request = client
        .post(format!("{base}/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_html_form::to_string([
                ("csrf_token", token),
                ("email", email),
                ("password", crate::seed::PASSWORD),
            ])
            .expect("form"),
        );
    if let Some(ip) = forwarded_for {
        request = request.header("x-forwarded-for", ip);
    }
    send(request).await
}

pub async fn login_page_token(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let page = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    csrf_token(&page)
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let started = Instant::now();
    match request.send().await {
        Ok(response) => {
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let status = response.status();
            // Read the body so the time covers the whole answer.
            let _ = response.bytes().await;
            Answer {
                status: Some(status),
                location,
                elapsed: started.elapsed(),
            }
        }
        Err(_) => Answer {
            status: None,
            location: String::new(),
            elapsed: started.elapsed(),
        },
    }
}

impl Member {
    /// Logs in (waiting out a busy answer) and reads the CSRF token of the
    /// workout page's forms.
    pub async fn login(base: &str, email: &str) -> anyhow::Result<Member> {
        let client = new_client();
        for _ in 0..20 {
            let token = login_page_token(&client, base).await?;
            let answer = post_login(&client, base, email, &token, None).await;
            match answer.status {
                Some(StatusCode::SEE_OTHER) => {
                    let page = client.get(format!("{base}/")).send().await?.text().await?;
                    let token = csrf_token(&page)?;
                    return Ok(Member { client, token });
                }
                Some(StatusCode::SERVICE_UNAVAILABLE) => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                other => bail!("logging in {email}: {other:?}"),
            }
        }
        bail!("logging in {email}: still busy")
    }

    /// "Done as prescribed" with the given idempotency key.
    pub async fn log(&self, base: &str, key: &str) -> Answer {
        let request = self
            .client
            .post(format!("{base}/log"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                serde_html_form::to_string([
                    ("csrf_token", self.token.as_str()),
                    ("action", "prescribed"),
                    ("key", key),
                ])
                .expect("form"),
            );
        send(request).await
    }

    /// Whether a page of this member's answers 200 (after a restore).
    pub async fn can_open(&self, base: &str, path: &str) -> bool {
        self.client
            .get(format!("{base}{path}"))
            .send()
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK)
    }
}
