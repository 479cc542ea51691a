//! Calendar feeds: a member's planned sessions through a secret link that
//! parses as iCalendar and lists their platoon's days; a reset turns the old
//! link off; the department feed of range tests due is for coaches.

use std::collections::BTreeSet;

use bridgework::app::day::training_day;
use bridgework::domain::rotation::Platoon;
use bridgework::domain::schedule::Plan;
use bridgework::models::assignment::{AssignFields, Assignment};
use bridgework::models::department::Department;
use bridgework::models::member::Member;
use bridgework::models::range_test::{RangeTest, RangeTestFields};
use bridgework::models::user::Role;
use chrono::{Days, NaiveDate};
use icalendar::{Component, DatePerhapsTime};
use reqwest::StatusCode;

use crate::helpers::*;

/// Makes a link on `page` by submitting its form to `action`; returns the
/// feed's path.
async fn make_link(app: &TestApp, page: &str, action: &str) -> String {
    let response = app.submit(page, action, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let doc = html(response).await;
    let url = attr(&doc, "input.feed-url", "value").expect("the page shows the address");
    let webcal = attr(&doc, "a.feed-webcal", "href").unwrap();
    assert!(webcal.starts_with("webcal://"), "{webcal}");
    let path = url.split_once("://").unwrap().1;
    format!("/{}", path.split_once('/').unwrap().1)
}

/// Fetches a feed without any login and parses it.
async fn fetch(app: &TestApp, path: &str) -> (String, icalendar::Calendar) {
    let response = new_client().get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let body = response.text().await.unwrap();
    let calendar: icalendar::Calendar = body.parse().expect("the feed parses");
    (body, calendar)
}

fn start_dates(calendar: &icalendar::Calendar) -> Vec<NaiveDate> {
    calendar
        .events()
        .map(|e| match e.get_start() {
            Some(DatePerhapsTime::Date(d)) => d,
            other => panic!("expected an all-day event, got {other:?}"),
        })
        .collect()
}

#[actix_web::test]
async fn a_member_feed_lists_their_platoon_days_and_a_reset_turns_the_old_link_off() {
    let app = spawn_app().await;
    let user = app.member("sam@station.test", "Sam Ortiz").await;
    let coach = app
        .create_user("coach@station.test", "Casey Coach", Role::Coach)
        .await;
    let crew = create_crew_member(&app, "Sam Ortiz", "Station 1", Some("B"));
    let (department, member) = {
        let mut conn = app.pool.get().unwrap();
        Member::link_user(&mut conn, crew.id, user.id).unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        Assignment::assign(
            &mut conn,
            crew.id,
            &AssignFields {
                stage: 3,
                sessions_per_week: 2,
                training_days: String::new(),
                start_date: start,
                auto_advance: false,
            },
            coach.id,
            app.clock.now().naive_utc(),
        )
        .unwrap();
        (
            Department::get(&mut conn).unwrap(),
            Member::find(&mut conn, crew.id).unwrap(),
        )
    };
    // The department's default rotation is 24/48 for platoons A-C.
    assert_eq!(
        bridgework::domain::rotation::format_pattern(&department.rotation().pattern),
        "on, off, off"
    );

    let history = app.get_html("/history").await;
    assert_eq!(
        attr(&history, "form.calendar-link", "action").as_deref(),
        Some("/history/calendar")
    );
    let path = make_link(&app, "/history", "/history/calendar").await;
    let (body, calendar) = fetch(&app, &path).await;

    // RFC 5545 basics: CRLF lines, the calendar's properties, every event
    // with a UID and a DTSTAMP.
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "{body}");
    assert!(body.lines().all(|l| l.len() <= 75), "lines are folded");
    assert!(!body.replace("\r\n", "").contains('\n'), "CRLF only");
    assert_eq!(calendar.property_value("VERSION"), Some("2.0"));
    assert!(calendar
        .property_value("PRODID")
        .unwrap()
        .contains("Bridgework"));
    assert_eq!(calendar.get_timezone(), Some(department.tz().name()));
    let uids: BTreeSet<&str> = calendar.events().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(uids.len(), calendar.events().count(), "UIDs are unique");
    assert!(calendar.events().all(|e| e.get_timestamp().is_some()));
    for event in calendar.events() {
        // All-day: DTEND is the next day (exclusive).
        match (event.get_start(), event.get_end()) {
            (Some(DatePerhapsTime::Date(start)), Some(DatePerhapsTime::Date(end))) => {
                assert_eq!(end, start + Days::new(1))
            }
            other => panic!("not an all-day event: {other:?}"),
        }
    }

    // The days are the plan's, and each is one of platoon B's shift days
    // (every third day, a day after platoon A's from 1 January 2026).
    let dates = start_dates(&calendar);
    let today = training_day(&department, &member, app.clock.now());
    let rotation = department.rotation();
    let plan = Plan {
        rotation,
        platoon: Some(Platoon::B),
        sessions_per_week: 2,
        fixed_weekdays: Vec::new(),
        start: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
    };
    let expected = plan.planned_days(today - Days::new(28), today + Days::new(84));
    assert_eq!(dates, expected);
    assert!(dates.len() >= 30, "{} days", dates.len());
    let b_first = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
    for d in &dates {
        assert_eq!(
            (*d - b_first).num_days().rem_euclid(3),
            0,
            "{d} is not a B shift"
        );
    }
    // The same events keep their UIDs from one fetch to the next.
    let (_, again) = fetch(&app, &path).await;
    let uids_again: BTreeSet<&str> = again.events().map(|e| e.get_uid().unwrap()).collect();
    assert_eq!(uids, uids_again);

    // A new link turns the old one off.
    let new_path = make_link(&app, "/history", "/history/calendar").await;
    assert_ne!(new_path, path);
    let old = new_client().get(app.url(&path)).send().await.unwrap();
    assert_eq!(old.status(), StatusCode::NOT_FOUND);
    fetch(&app, &new_path).await;
    // A made-up token opens nothing.
    let guessed = new_client()
        .get(app.url(&format!("/feeds/{}.ics", "0".repeat(64))))
        .send()
        .await
        .unwrap();
    assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_department_feed_lists_retests_and_is_for_coaches_only() {
    let app = spawn_app().await;
    app.member("sam@station.test", "Sam Ortiz").await;
    assert_eq!(app.get("/calendar").await.status(), StatusCode::FORBIDDEN);

    let coach_browser = app.other_browser();
    let coach = coach_browser.coach().await;
    let crew = create_crew_member(&app, "Avery Reyes", "Station 2", Some("A"));
    // A member on the crew with no test has no retest in the feed.
    create_crew_member(&app, "Blake Untested", "Station 2", Some("A"));
    let tested_on = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    // Avery's earlier test is not the one the retest counts from.
    for tested_on in [tested_on - Days::new(60), tested_on] {
        let mut conn = app.pool.get().unwrap();
        let cm = |n: i64| n * 10_000;
        RangeTest::create(
            &mut conn,
            crew.id,
            &RangeTestFields {
                tested_on,
                double_leg_um: cm(20),
                ninety_left_um: cm(15),
                ninety_right_um: cm(15),
                hugged_left_um: cm(10),
                hugged_right_um: cm(10),
                felt_a: "glutes".into(),
                felt_b: "glutes".into(),
                felt_c: "glutes".into(),
                cramp: false,
                pain: false,
                pain_where: String::new(),
                notes: String::new(),
            },
            coach.id,
            app.clock.now().naive_utc(),
        )
        .unwrap();
    }
    let path = make_link(&coach_browser, "/calendar", "/calendar").await;
    let (_, calendar) = fetch(&app, &path).await;
    assert_eq!(start_dates(&calendar), vec![tested_on + Days::new(42)]);
    let event = calendar.events().next().unwrap();
    assert_eq!(
        event.get_summary(),
        Some("Range test due: Avery Reyes (Station 2, platoon A)")
    );
    let page = coach_browser.get_html("/calendar").await;
    assert!(text(&page, ".feed-status").contains("A link was made"));
}

/// Answers a feed gives without a login.
async fn feed_status(app: &TestApp, path: &str) -> StatusCode {
    new_client()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .status()
}

/// A member with an account linked to a crew record, logged in in `app`.
async fn member_on_crew(app: &TestApp) -> (bridgework::models::user::User, Member) {
    let user = app.member("sam@station.test", "Sam Ortiz").await;
    let crew = create_crew_member(app, "Sam Ortiz", "Station 1", Some("B"));
    Member::link_user(&mut app.pool.get().unwrap(), crew.id, user.id).unwrap();
    (user, crew)
}

#[actix_web::test]
async fn the_department_feed_stops_when_its_maker_is_turned_off() {
    let app = spawn_app().await;
    app.coach().await;
    let pat = app
        .create_user("pat@station.test", "Pat Trainer", Role::Coach)
        .await;
    let pats_browser = app.other_browser();
    assert_redirect(&pats_browser.login(&pat.email).await, "/");
    let path = make_link(&pats_browser, "/calendar", "/calendar").await;
    assert_eq!(feed_status(&app, &path).await, StatusCode::OK);

    let off = app
        .submit("/coaches", &format!("/coaches/{}/deactivate", pat.id), &[])
        .await;
    assert_redirect(&off, "/coaches");
    assert_eq!(feed_status(&app, &path).await, StatusCode::NOT_FOUND);
    let on = app
        .submit("/coaches", &format!("/coaches/{}/reactivate", pat.id), &[])
        .await;
    assert_redirect(&on, "/coaches");
    assert_eq!(
        feed_status(&app, &path).await,
        StatusCode::NOT_FOUND,
        "turning Pat on again does not revive the link"
    );
    let doc = app.get_html("/calendar").await;
    assert_eq!(count(&doc, "form[action='/calendar']"), 1);
}

#[actix_web::test]
async fn a_feed_works_only_while_its_maker_is_active() {
    let app = spawn_app().await;
    let coach = app.coach().await;
    let path = make_link(&app, "/calendar", "/calendar").await;
    // Turned off by a path that withdraws nothing (an operator's edit, a
    // restore): the feed still refuses when it is read.
    use bridgework::schema::users;
    use diesel::prelude::*;
    diesel::update(users::table.find(coach.id))
        .set(users::active.eq(false))
        .execute(&mut app.pool.get().unwrap())
        .unwrap();
    assert_eq!(feed_status(&app, &path).await, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_deactivated_member_must_make_a_new_feed_link_when_reactivated() {
    let app = spawn_app().await;
    let (user, crew) = member_on_crew(&app).await;
    let path = make_link(&app, "/history", "/history/calendar").await;
    assert_eq!(feed_status(&app, &path).await, StatusCode::OK);

    let coach = app.other_browser();
    coach.coach().await;
    let show = format!("/crew/{}", crew.id);
    let off = coach
        .submit(&show, &format!("/crew/{}/deactivate", crew.id), &[])
        .await;
    assert_redirect(&off, &show);
    assert_eq!(feed_status(&app, &path).await, StatusCode::NOT_FOUND);
    let on = coach
        .submit(&show, &format!("/crew/{}/reactivate", crew.id), &[])
        .await;
    assert_redirect(&on, &show);
    assert_eq!(
        feed_status(&app, &path).await,
        StatusCode::NOT_FOUND,
        "the old link stays off after reactivation"
    );
    // A new link works.
    assert_redirect(&app.login(&user.email).await, "/");
    let fresh = make_link(&app, "/history", "/history/calendar").await;
    assert_eq!(feed_status(&app, &fresh).await, StatusCode::OK);
}

#[actix_web::test]
async fn a_password_change_withdraws_the_feeds_the_person_made() {
    let app = spawn_app().await;
    member_on_crew(&app).await;
    let path = make_link(&app, "/history", "/history/calendar").await;
    assert_eq!(feed_status(&app, &path).await, StatusCode::OK);
    let done = app
        .submit(
            "/account/password",
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(feed_status(&app, &path).await, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn feed_links_use_the_public_address_never_the_request_host() {
    let app = spawn_app_with(|config| {
        config.public_url = Some("https://bridgework.example".to_string());
        config.trust_proxy = true;
    })
    .await;
    app.coach().await;
    let token = app.csrf_token("/calendar").await;
    let response = app
        .client
        .post(app.url("/calendar"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-host", "evil.example")
        .header("x-forwarded-proto", "https")
        .header("host", "evil.example")
        .body(serde_html_form::to_string([("csrf_token", token.as_str())]).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let doc = html(response).await;
    let url = attr(&doc, "input.feed-url", "value").unwrap();
    let webcal = attr(&doc, "a.feed-webcal", "href").unwrap();
    assert!(
        url.starts_with("https://bridgework.example/feeds/"),
        "{url}"
    );
    assert!(
        webcal.starts_with("webcal://bridgework.example/feeds/"),
        "{webcal}"
    );
}
