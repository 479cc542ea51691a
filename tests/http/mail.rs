//! Told when it matters: with an SMTP server configured, a pain report
//! reaches the member's coaches, and a coach can email an invitation or a
//! password-reset link. Tested against a real SMTP listener (`smtp.rs`);
//! without SMTP nothing is attempted, and a refusing server breaks nothing.
//! Also the count of open pain reports in the coach's navigation.

use bridgework::config::SmtpTls;
use bridgework::models::member::Member;
use bridgework::models::user::Role;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::smtp::Smtp;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// The app, sending its email through `smtp`.
async fn spawn_app_mailing_to(smtp: &Smtp) -> TestApp {
    let port = smtp.port;
    spawn_app_with(move |config| {
        config.smtp.smtp_host = Some("127.0.0.1".to_string());
        config.smtp.smtp_port = Some(port);
        config.smtp.smtp_tls = SmtpTls::None;
        config.smtp.smtp_from = "Bridgework <bridgework@station.test>".to_string();
    })
    .await
}

/// A member on stage 1 with an account, named `name`, logged in on a phone.
async fn riley(app: &TestApp) -> (TestApp, Member) {
    let (phone, member) = member_at(app, "riley@station.test", 1, false).await;
    {
        use bridgework::schema::members;
        diesel::update(members::table.find(member.id))
            .set(members::name.eq("Riley Ortiz"))
            .execute(&mut app.pool.get().unwrap())
            .unwrap();
    }
    (phone, member)
}

async fn log_with_pain(phone: &TestApp) -> reqwest::Response {
    log_sets(
        phone,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "2"), ("pain", "lower_back")],
    )
    .await
}

/// The path of the first link in `body` that starts with the app's address.
fn link_in(app: &TestApp, body: &str) -> String {
    let start = body
        .find(&app.address)
        .unwrap_or_else(|| panic!("no link to {} in {body}", app.address));
    body[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches(&app.address)
        .to_string()
}

#[actix_web::test]
async fn a_pain_report_emails_the_members_coaches_with_a_link_to_the_member() {
    let smtp = Smtp::accepting().await;
    let app = spawn_app_mailing_to(&smtp).await;
    let coach = app.coach().await;
    app.create_user("pat@station.test", "Pat Trainer", Role::Coach)
        .await;
    let gone = app
        .create_user("old@station.test", "Old Coach", Role::Coach)
        .await;
    {
        let mut conn = app.pool.get().unwrap();
        bridgework::models::user::User::set_active(&mut conn, gone.id, false).unwrap();
    }
    let (phone, member) = riley(&app).await;

    // A session without pain tells no one.
    assert_eq!(
        done_as_prescribed(&phone).await.status(),
        StatusCode::SEE_OTHER
    );
    app.clock.advance(chrono::Duration::days(2));
    let logged = log_with_pain(&phone).await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER, "the log is kept");

    let messages = smtp.wait_for_messages(1).await;
    assert_eq!(messages.len(), 1, "one message for the one pain report");
    let message = &messages[0];
    assert_eq!(message.mail_from, "bridgework@station.test");
    assert_eq!(
        message.rcpt_to,
        [coach.email.as_str(), "pat@station.test"],
        "every active coach, and no one else"
    );
    assert_eq!(
        message.header("Subject").as_deref(),
        Some("Pain reported: Riley Ortiz")
    );
    let body = message.body();
    assert!(body.contains("Riley Ortiz reported pain"), "{body}");
    // The day, written as every page writes one.
    let day = bridgework::domain::today::day_text(app.today());
    assert!(
        body.contains(&format!("reported pain in a session on {day}.")),
        "{body}"
    );
    assert!(
        !body.to_lowercase().contains("back"),
        "no health detail beyond 'reported pain': {body}"
    );
    let path = link_in(&app, &body);
    assert_eq!(path, format!("/crew/{}", member.id));

    // The link opens the member's page for a coach.
    assert_redirect(&app.login(&coach.email).await, "/");
    let doc = app.get_html(&path).await;
    assert_eq!(text(&doc, "h1"), "Riley Ortiz");
    assert_eq!(smtp.received().len(), 1, "nothing else was sent");
}

#[actix_web::test]
async fn the_coaches_navigation_counts_open_pain_reports() {
    let app = spawn_app().await;
    let coach = app.coach().await;
    let doc = app.get_html("/").await;
    assert_eq!(count(&doc, "header.site .nav-pain"), 0, "none open");

    let (phone, member) = riley(&app).await;
    let (other_phone, _) = member_at(&app, "sam@station.test", 1, false).await;
    app.clock.advance(chrono::Duration::days(2));
    log_with_pain(&phone).await;
    log_with_pain(&other_phone).await;
    // Two reports from Riley count as one member to see.
    app.clock.advance(chrono::Duration::days(2));
    log_with_pain(&phone).await;

    assert_redirect(&app.login(&coach.email).await, "/");
    let doc = app.get_html("/crew").await;
    assert_eq!(text(&doc, "header.site .nav-pain .nav-count"), "2");
    assert_eq!(
        attr(&doc, "header.site a.nav-pain", "href").as_deref(),
        Some("/roster?flag=pain"),
        "it leads to the roster filtered to pain"
    );
    let roster = app.get_html("/roster?flag=pain").await;
    assert_eq!(count(&roster, "table.roster tbody tr"), 2);

    // Members see no such count.
    let own = phone.get_html("/").await;
    assert_eq!(count(&own, ".nav-pain"), 0);

    // Dealing with Riley's report takes Riley out of the count.
    let flag: i32 = {
        use bridgework::schema::coach_flags;
        coach_flags::table
            .filter(coach_flags::member_id.eq(member.id))
            .filter(coach_flags::resolved_at.is_null())
            .select(coach_flags::id)
            .first(&mut app.pool.get().unwrap())
            .unwrap()
    };
    let page = format!("/crew/{}", member.id);
    let resolved = app
        .submit(
            &page,
            &format!("/crew/{}/flags/{flag}/resolve", member.id),
            &[],
        )
        .await;
    assert_eq!(resolved.status(), StatusCode::SEE_OTHER);
    let doc = app.get_html(&page).await;
    assert_eq!(text(&doc, "header.site .nav-count"), "1");
}

/// The invitation page's "Email the link" form, sent with `email`.
async fn email_the_link(app: &TestApp, page: scraper::Html, email: &str) -> reqwest::Response {
    let token = attr(&page, "form.email-link input[name=csrf_token]", "value").unwrap();
    let link_token = attr(&page, "form.email-link input[name=token]", "value").unwrap();
    app.post_raw(
        "/invites/email",
        &[
            ("csrf_token", &token),
            ("token", &link_token),
            ("email", email),
        ],
    )
    .await
}

#[actix_web::test]
async fn an_emailed_invitation_carries_a_link_that_works() {
    let smtp = Smtp::accepting().await;
    let app = spawn_app_mailing_to(&smtp).await;
    app.coach().await;
    let drew = create_crew_member(&app, "Drew Park", "Station 2", None);
    let made = app
        .submit(
            &format!("/crew/{}", drew.id),
            &format!("/crew/{}/invite", drew.id),
            &[],
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let page = html(made).await;
    let link = attr(&page, "input.invite-link", "value").unwrap();
    assert_eq!(
        attr(&page, "form.email-link input[name=email]", "value").as_deref(),
        Some(""),
        "no address known for a member without an account"
    );

    // A typo is shown beside the field, with what was typed; nothing sent.
    let refused = email_the_link(&app, page, "drew at home").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = html(refused).await;
    assert!(!text(&page, "form.email-link .field-error").is_empty());
    assert_eq!(
        attr(&page, "form.email-link input[name=email]", "value").as_deref(),
        Some("drew at home")
    );
    assert_eq!(
        attr(&page, "input.invite-link", "value").as_deref(),
        Some(link.as_str()),
        "the link is still there to copy"
    );

    let sent = email_the_link(&app, page, "drew@home.test").await;
    assert_eq!(sent.status(), StatusCode::OK);
    let page = html(sent).await;
    assert!(
        text(&page, ".email-sent").starts_with("Emailed to drew@home.test"),
        "{}",
        text(&page, ".email-sent")
    );
    assert_eq!(
        attr(&page, "input.invite-link", "value").as_deref(),
        Some(link.as_str())
    );

    let messages = smtp.wait_for_messages(1).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].rcpt_to, ["drew@home.test"]);
    assert_eq!(
        messages[0].header("Subject").as_deref(),
        Some("Your Bridgework invitation")
    );
    let body = messages[0].body();
    assert!(body.contains("Hello Drew Park"), "{body}");
    assert!(body.contains(&link), "the link as shown: {body}");

    // The emailed link works: Drew sets a password and is logged in.
    let path = link_in(&app, &body);
    let phone = app.other_browser();
    let doc = phone.get_html(&path).await;
    assert_eq!(text(&doc, "h1"), "Welcome, Drew Park");
    let token = attr(&doc, "input[name=csrf_token]", "value").unwrap();
    let accepted = phone
        .post_raw(
            &path,
            &[
                ("csrf_token", &token),
                ("email", "drew@home.test"),
                ("password", "a long enough passphrase"),
                ("confirm", "a long enough passphrase"),
            ],
        )
        .await;
    assert_redirect(&accepted, "/");
    phone.acknowledge_statement().await;
    assert_eq!(phone.get("/history").await.status(), StatusCode::OK);

    // A used link is not emailed again.
    let token = link.rsplit('/').next().unwrap();
    let again = app
        .submit(
            "/coaches",
            "/invites/email",
            &[("token", token), ("email", "drew@home.test")],
        )
        .await;
    assert_redirect(&again, "/");
    assert_eq!(smtp.received().len(), 1, "nothing more was sent");
}

#[actix_web::test]
async fn an_emailed_password_reset_goes_to_the_account_and_its_link_works() {
    let smtp = Smtp::accepting().await;
    let app = spawn_app_mailing_to(&smtp).await;
    app.coach().await;
    let (_, member) = riley(&app).await;
    let page = format!("/crew/{}", member.id);
    let made = app
        .submit(&page, &format!("/crew/{}/reset-password", member.id), &[])
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let page = html(made).await;
    let link = attr(&page, "input.invite-link", "value").unwrap();
    assert_eq!(
        attr(&page, "form.email-link input[name=email]", "value").as_deref(),
        Some("riley@station.test"),
        "the account's address is offered"
    );
    let sent = email_the_link(&app, page, "riley@station.test").await;
    assert_eq!(sent.status(), StatusCode::OK);
    assert!(text(&html(sent).await, ".email-sent").starts_with("Emailed to riley@station.test"));

    let messages = smtp.wait_for_messages(1).await;
    assert_eq!(messages[0].rcpt_to, ["riley@station.test"]);
    assert_eq!(
        messages[0].header("Subject").as_deref(),
        Some("Set a new Bridgework password")
    );
    let body = messages[0].body();
    assert!(body.contains(&link), "{body}");
    let path = link_in(&app, &body);
    let phone = app.other_browser();
    let doc = phone.get_html(&path).await;
    assert_eq!(text(&doc, "h1"), "New password for Riley Ortiz");
    let token = attr(&doc, "input[name=csrf_token]", "value").unwrap();
    let set = phone
        .post_raw(
            &path,
            &[
                ("csrf_token", &token),
                ("password", "a fresh long passphrase"),
                ("confirm", "a fresh long passphrase"),
            ],
        )
        .await;
    assert_redirect(&set, "/");
    assert_redirect(
        &app.other_browser()
            .login_with("riley@station.test", "a fresh long passphrase")
            .await,
        "/",
    );
}

#[actix_web::test]
async fn without_smtp_nothing_is_attempted_and_the_pages_work_as_before() {
    // A listener no one is told about: it must never be called.
    let smtp = Smtp::accepting().await;
    let app = spawn_app().await;
    let coach = app.coach().await;
    let (phone, member) = riley(&app).await;
    app.clock.advance(chrono::Duration::days(2));
    assert_eq!(log_with_pain(&phone).await.status(), StatusCode::SEE_OTHER);
    assert_redirect(&app.login(&coach.email).await, "/");

    let made = app
        .submit(
            &format!("/crew/{}", member.id),
            &format!("/crew/{}/reset-password", member.id),
            &[],
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let page = html(made).await;
    assert!(attr(&page, "input.invite-link", "value").is_some());
    assert_eq!(count(&page, "form.email-link"), 0, "no email offered");

    // Sent anyway (an old page), it says so and sends nothing.
    let token = attr(&page, "input[name=csrf_token]", "value").unwrap();
    let link = attr(&page, "input.invite-link", "value").unwrap();
    let link_token = link.rsplit('/').next().unwrap();
    let answer = app
        .post_raw(
            "/invites/email",
            &[
                ("csrf_token", &token),
                ("token", link_token),
                ("email", "riley@station.test"),
            ],
        )
        .await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(text(&html(answer).await, ".email-sent").starts_with("Email is not set up"));
    assert_eq!(smtp.connections(), 0);
}

#[actix_web::test]
async fn a_refusing_smtp_server_breaks_no_request() {
    let smtp = Smtp::refusing().await;
    let app = spawn_app_mailing_to(&smtp).await;
    let coach = app.coach().await;
    let (phone, member) = riley(&app).await;
    app.clock.advance(chrono::Duration::days(2));
    let logged = log_with_pain(&phone).await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER, "the log is kept");
    let shown = phone.get(&location(&logged)).await;
    assert_eq!(shown.status(), StatusCode::OK);
    smtp.wait_for_connections(1).await;

    assert_redirect(&app.login(&coach.email).await, "/");
    let made = app
        .submit(
            &format!("/crew/{}", member.id),
            &format!("/crew/{}/reset-password", member.id),
            &[],
        )
        .await;
    let sent = email_the_link(&app, html(made).await, "riley@station.test").await;
    assert_eq!(sent.status(), StatusCode::OK);
    smtp.wait_for_connections(2).await;
    assert!(smtp.received().is_empty(), "the server took nothing");
    // The app goes on serving.
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(text(&doc, "h1"), "Riley Ortiz");
    assert_eq!(text(&doc, "header.site .nav-count"), "1");
}

#[actix_web::test]
async fn only_a_coach_emails_a_link_and_an_unknown_link_is_not_found() {
    let smtp = Smtp::accepting().await;
    let app = spawn_app_mailing_to(&smtp).await;
    app.coach().await;
    let unknown = app
        .submit(
            "/coaches",
            "/invites/email",
            &[("token", "not-a-token"), ("email", "x@y.test")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let (phone, _) = riley(&app).await;
    let as_member = phone
        .submit(
            "/",
            "/invites/email",
            &[("token", "not-a-token"), ("email", "x@y.test")],
        )
        .await;
    assert_eq!(as_member.status(), StatusCode::FORBIDDEN);
    assert_eq!(smtp.connections(), 0);
}
