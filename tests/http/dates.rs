//! One date format across the app (issue 20, item 8): the pages a person
//! reads dates on write a day as `domain::today::day_text` does ("Wed 18 Nov
//! 2026"); ISO dates stay in inputs, attributes and exports.

use bridgework::domain::today::{day_text, moment_text};
use chrono::{Datelike, Duration, NaiveDate};
use icalendar::Component;
use scraper::{Html, Selector};

use crate::helpers::*;
use crate::readiness::tap;
use crate::workout::{done_as_prescribed, member_at};

/// The text a person reads on the page: every text node of the body,
/// attributes (and so input values) left out.
fn visible_text(doc: &Html) -> String {
    let body = Selector::parse("body").unwrap();
    doc.select(&body)
        .flat_map(|b| b.text())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each ISO date ("2026-11-18") in `text`.
fn iso_dates(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| (from..from + n).all(|i| b[i].is_ascii_digit());
    (0..b.len().saturating_sub(9))
        .filter(|&i| {
            digits(i, 4)
                && b[i + 4] == b'-'
                && digits(i + 5, 2)
                && b[i + 7] == b'-'
                && digits(i + 8, 2)
                && (i == 0 || !b[i - 1].is_ascii_digit())
        })
        .map(|i| text[i..i + 10].to_string())
        .collect()
}

/// Month names written out: the old long format ("Wednesday 18 November").
const LONG_MONTHS: [&str; 11] = [
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn assert_one_format(page: &str, doc: &Html) {
    let text = visible_text(doc);
    assert_eq!(
        iso_dates(&text),
        Vec::<String>::new(),
        "ISO dates on {page}"
    );
    for month in LONG_MONTHS {
        assert!(
            !text.contains(month),
            "{page} writes a month out ({month}): {text}"
        );
    }
}

#[actix_web::test]
async fn the_pages_people_read_dates_on_write_them_one_way() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let today = day_text(app.today());

    // The member's today page, the session result, the history cards.
    let doc = phone.get_html("/").await;
    assert_eq!(text(&doc, ".today-date"), today);
    assert_one_format("today", &doc);
    let logged = done_as_prescribed(&phone).await;
    let result = location(&logged);
    let doc = phone.get_html(&result).await;
    assert!(text(&doc, "main").contains(&today), "result page: {today}");
    assert_one_format("session result", &doc);
    let doc = phone.get_html("/history").await;
    assert!(texts(&doc, ".card-date").contains(&today));
    assert_one_format("history", &doc);

    // A range test: its result, the member's table of tests.
    let page = format!("/crew/{}/range-tests/new", member.id);
    let iso_today = app.today().to_string();
    let recorded = app
        .submit(
            &page,
            &page,
            &[
                ("tested_on", iso_today.as_str()),
                ("pain", "no"),
                ("double_leg", "8"),
                ("ninety_left", "6"),
                ("ninety_right", "6.5"),
                ("hugged_left", "1.5"),
                ("hugged_right", "5"),
            ],
        )
        .await;
    let test_page = location(&recorded);
    let doc = app.get_html(&test_page).await;
    assert!(text(&doc, "h1").ends_with(&today), "{}", text(&doc, "h1"));
    assert_one_format("range-test result", &doc);
    let doc = app
        .get_html(&format!("/crew/{}/range-tests", member.id))
        .await;
    assert_eq!(text(&doc, "td.date"), today);
    assert_one_format("range tests", &doc);

    // A pending invitation on the coaches page.
    app.submit("/coaches", "/coaches/invite", &[("name", "Pat Trainer")])
        .await;
    let doc = app.get_html("/coaches").await;
    assert_eq!(count(&doc, "li.pending"), 1);
    assert_one_format("coaches", &doc);

    // The rotation's duty calendar: today's cell, day before month.
    let doc = app.get_html("/settings/rotation").await;
    assert_eq!(
        text(&doc, "td.today .date"),
        app.today().format("%-d %b").to_string()
    );
    assert_one_format("rotation", &doc);

    // The member undoes the session: the voided line and the timeline's
    // note name the day the same way.
    let doc = phone.get_html(&result).await;
    let undo = attr(&doc, "form.undo", "action").unwrap();
    assert_redirect(&phone.submit(&result, &undo, &[]).await, &result);
    let doc = phone.get_html(&result).await;
    assert!(
        text(&doc, ".voided").contains(&today),
        "{}",
        text(&doc, ".voided")
    );
    assert_one_format("voided session", &doc);
    let doc = phone.get_html("/history").await;
    assert_one_format("history after a void", &doc);
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_one_format("member page after a void", &doc);
}

/// `text` is one day as `day_text` writes it.
fn is_day_text(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%a %d %b %Y").is_ok_and(|d| day_text(d) == text)
}

#[actix_web::test]
async fn the_coach_and_officer_pages_write_dates_one_way() {
    let app = spawn_app().await;
    let (phone, member) = member_at(&app, "riley@station.test", 1, false).await;
    let today = day_text(app.today());
    let now = moment_text(app.local_now());

    // A session after a hard shift, and a range test, so the readiness
    // table, the sheet's next session and the range-test feed have dates.
    tap(&phone, "/?shift=hard&sleep=barely&soreness=some&calls=many").await;
    let page = format!("/crew/{}/range-tests/new", member.id);
    let iso_today = app.today().to_string();
    app.submit(
        &page,
        &page,
        &[
            ("tested_on", iso_today.as_str()),
            ("pain", "no"),
            ("double_leg", "8"),
            ("ninety_left", "6"),
            ("ninety_right", "6.5"),
            ("hugged_left", "1.5"),
            ("hugged_right", "5"),
        ],
    )
    .await;

    // The range-test chart's points and description, read as text by
    // screen readers and as tooltips.
    let doc = app
        .get_html(&format!("/crew/{}/range-tests", member.id))
        .await;
    let points = texts(&doc, "circle.marker > title");
    assert!(!points.is_empty());
    for point in points {
        assert!(point.contains(&today), "{point}");
    }
    assert!(text(&doc, "svg desc").contains(&today));

    // The member page's readiness table and latest answers.
    let doc = app.get_html(&format!("/crew/{}", member.id)).await;
    assert_eq!(text(&doc, ".readiness-recent .when"), today);
    let monday = app.today() - Duration::days(app.today().weekday().num_days_from_monday() as i64);
    assert!(
        texts(&doc, ".readiness-weeks tbody td:first-child").contains(&day_text(monday)),
        "{:?}",
        texts(&doc, ".readiness-weeks tbody td:first-child")
    );
    assert_one_format("member page with readiness", &doc);

    // The station sheet: when it was printed, each next session.
    let doc = app.get_html("/roster/print?station=Station+1").await;
    assert!(
        text(&doc, ".meta").ends_with(&now),
        "{}",
        text(&doc, ".meta")
    );
    let next = text(&doc, "td.next");
    assert!(
        is_day_text(next.trim_end_matches(" ✓")),
        "next session: {next}"
    );
    assert_one_format("station sheet", &doc);

    // The program in numbers: today, and months by name.
    let doc = app.get_html("/program").await;
    assert_eq!(text(&doc, ".lead"), today);
    assert_eq!(
        text(&doc, "tr.month th"),
        app.today().format("%b %Y").to_string()
    );
    assert_one_format("program", &doc);

    // The record of access.
    let doc = app.get_html("/access-record").await;
    assert_eq!(text(&doc, "td.when"), now);
    assert_one_format("record of access", &doc);

    // The department's calendar feed: its page and its events' text.
    let made = app.submit("/calendar", "/calendar", &[]).await;
    let doc = html(made).await;
    let url = attr(&doc, "input.feed-url", "value").unwrap();
    let doc = app.get_html("/calendar").await;
    assert_eq!(
        text(&doc, ".feed-status"),
        format!("A link was made on {now}. Making a new one turns that one off.")
    );
    assert_one_format("calendar page", &doc);
    let body = new_client()
        .get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let calendar: icalendar::Calendar = body.parse().unwrap();
    let event = calendar.events().next().expect("the retest is due");
    let said = format!(
        "{} {}",
        event.get_summary().unwrap_or(""),
        event.get_description().unwrap_or("")
    );
    assert!(said.contains(&today), "{said}");
    assert_eq!(iso_dates(&said), Vec::<String>::new(), "{said}");

    // The data-use statement, as the member acknowledged it.
    let doc = phone.get_html("/statement").await;
    assert_eq!(
        text(&doc, ".acknowledged"),
        format!("You acknowledged this version on {today}.")
    );
    assert_one_format("statement", &doc);

    // The erase page, once erased: when and by whom.
    let erase = format!("/crew/{}/erase", member.id);
    assert_one_format("erase confirm", &app.get_html(&erase).await);
    app.submit(&erase, &erase, &[("confirm_name", "riley@station.test")])
        .await;
    let doc = app.get_html(&erase).await;
    assert!(
        text(&doc, ".erased").contains(&format!("erased on {now} by Casey Coach")),
        "{}",
        text(&doc, ".erased")
    );
    assert_one_format("erased", &doc);
}
