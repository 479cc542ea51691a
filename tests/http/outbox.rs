//! The outbox (issue 20, item 7): an email is kept in the database with
//! what caused it, so a restart loses none; a failed delivery is tried
//! again after a short wait, a bounded number of times, and the last error
//! is kept. Against the real SMTP listener of `smtp.rs`.

use std::time::Duration;

use bridgework::clock::Clock;
use bridgework::config::{Config, SmtpTls};
use bridgework::mail::Email;
use bridgework::models::outbox;
use bridgework::schema::outbox as rows;
use bridgework::Application;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::helpers::*;
use crate::smtp::Smtp;
use crate::workout::{log_sets, member_at};

/// Sends through `smtp`, trying `attempts` times, the first retry after
/// 20 ms.
fn mailing_to(config: &mut Config, smtp: &Smtp, attempts: u32) {
    config.smtp.smtp_host = Some("127.0.0.1".to_string());
    config.smtp.smtp_port = Some(smtp.port);
    config.smtp.smtp_tls = SmtpTls::None;
    config.smtp.smtp_from = "Bridgework <bridgework@station.test>".to_string();
    config.smtp.smtp_retry_ms = Some(20);
    config.smtp.smtp_attempts = Some(attempts);
}

/// An outbox row as the tests read it.
#[derive(Debug, Queryable)]
struct Row {
    subject: String,
    body: String,
    attempts: i32,
    last_error: Option<String>,
    sent_at: Option<NaiveDateTime>,
    gave_up_at: Option<NaiveDateTime>,
}

fn outbox_rows(app: &TestApp) -> Vec<Row> {
    rows::table
        .order(rows::id)
        .select((
            rows::subject,
            rows::body,
            rows::attempts,
            rows::last_error,
            rows::sent_at,
            rows::gave_up_at,
        ))
        .load(&mut app.pool.get().unwrap())
        .unwrap()
}

/// Waits (at most 10 s) until the outbox rows satisfy `done`; they are
/// written by the sender task just after the server answers.
async fn outbox_until(app: &TestApp, done: impl Fn(&[Row]) -> bool) -> Vec<Row> {
    let waited = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let rows = outbox_rows(app);
            if done(&rows) {
                return rows;
            }
            actix_web::rt::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
    waited.unwrap_or_else(|_| panic!("the outbox did not get there: {:?}", outbox_rows(app)))
}

async fn report_pain(app: &TestApp) {
    let (phone, _) = member_at(app, "riley@station.test", 1, false).await;
    let response = log_sets(
        &phone,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "2"), ("pain", "lower_back")],
    )
    .await;
    assert_eq!(response.status(), reqwest::StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn a_pain_report_whose_first_delivery_fails_is_delivered_on_retry() {
    let smtp = Smtp::failing_first(1).await;
    let app = spawn_app_with(|config| mailing_to(config, &smtp, 5)).await;
    report_pain(&app).await;

    let received = smtp.wait_for_messages(1).await;
    assert_eq!(
        received[0].header("Subject").as_deref(),
        Some("Pain reported: riley@station.test")
    );
    assert!(smtp.connections() >= 2, "tried twice");
    let rows = outbox_until(&app, |rows| rows.iter().all(|r| r.sent_at.is_some())).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.subject, "Pain reported: riley@station.test");
    assert_eq!(row.attempts, 2);
    let error = row.last_error.as_deref().unwrap_or_default();
    assert!(error.contains("451"), "the failure is kept: {error}");
    assert_eq!(row.body, "", "sent: the body (with its link) is gone");
    assert_eq!(row.gave_up_at, None);
}

#[actix_web::test]
async fn a_refused_email_is_given_up_after_the_last_try_with_its_error() {
    let smtp = Smtp::refusing().await;
    let app = spawn_app_with(|config| mailing_to(config, &smtp, 3)).await;
    report_pain(&app).await;
    let rows = outbox_until(&app, |rows| rows.iter().all(|r| r.gave_up_at.is_some())).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].attempts, 3);
    assert_eq!(rows[0].sent_at, None);
    let error = rows[0].last_error.as_deref().unwrap_or_default();
    assert!(error.contains("554"), "{error}");
    assert!(smtp.received().is_empty());
}

#[actix_web::test]
async fn what_the_outbox_holds_at_start_up_is_sent_and_what_was_sent_is_not() {
    // A first run, without email, left two messages pending (and one
    // sent) in its database.
    let before = spawn_app().await;
    let now = before.clock.now().naive_utc();
    {
        let mut conn = before.pool.get().unwrap();
        let email = |subject: &str| Email {
            to: vec!["casey@station.test".to_string()],
            subject: subject.to_string(),
            body: "A link: https://bw.example.org/crew/1".to_string(),
        };
        outbox::insert(&mut conn, &email("first pending"), None, now).unwrap();
        let sent = outbox::insert(&mut conn, &email("already sent"), None, now).unwrap();
        outbox::mark_sent(&mut conn, sent, 1, now).unwrap();
        outbox::insert(&mut conn, &email("second pending"), None, now).unwrap();
    }

    // The app starts again on that database, with email on.
    let smtp = Smtp::accepting().await;
    let mut config = Config::for_tests(before.db_path.clone());
    mailing_to(&mut config, &smtp, 5);
    let again = Application::build_with_clock(config, Clock::fixed(before.clock.now()))
        .expect("the app starts again");
    actix_web::rt::spawn(again.run_until_stopped());

    // Sent in order, the one already sent not again.
    let received = smtp.wait_for_messages(2).await;
    let subjects: Vec<Option<String>> = received.iter().map(|r| r.header("Subject")).collect();
    assert_eq!(
        subjects,
        [
            Some("first pending".to_string()),
            Some("second pending".to_string())
        ]
    );
    assert_eq!(received[0].rcpt_to, ["casey@station.test"]);
    assert!(received[0].body().contains("https://bw.example.org/crew/1"));
    let rows = outbox_until(&before, |rows| rows.iter().all(|r| r.sent_at.is_some())).await;
    assert_eq!(
        rows.iter().map(|r| r.attempts).collect::<Vec<_>>(),
        [1, 1, 1]
    );
}

#[actix_web::test]
async fn erasing_a_member_deletes_the_emails_about_them() {
    let smtp = Smtp::failing_first(100).await;
    let app = spawn_app_with(|config| mailing_to(config, &smtp, 100)).await;
    report_pain(&app).await;
    let others = {
        let mut conn = app.pool.get().unwrap();
        let email = Email {
            to: vec!["casey@station.test".to_string()],
            subject: "not about anyone".to_string(),
            body: String::new(),
        };
        outbox::insert(&mut conn, &email, None, app.clock.now().naive_utc()).unwrap()
    };
    assert_eq!(outbox_rows(&app).len(), 2);
    let member: i32 = bridgework::schema::members::table
        .select(bridgework::schema::members::id)
        .first(&mut app.pool.get().unwrap())
        .unwrap();
    let page = format!("/crew/{member}/erase");
    let erased = app
        .submit(&page, &page, &[("confirm_name", "riley@station.test")])
        .await;
    assert_redirect(&erased, &format!("/crew/{member}"));
    let left: Vec<i32> = rows::table
        .select(rows::id)
        .load(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(left, [others], "the pain report about Riley is gone");
}
