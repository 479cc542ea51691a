//! Range tests: recording, the reading, the table and trend, validation,
//! corrections with their audit trail, deletion, thresholds, the retest
//! date, and who may see what.

use bridgework::models::member::Member;
use bridgework::models::user::Role;
use bridgework::schema::{range_test_audit, range_tests};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use reqwest::StatusCode;

use bridgework::domain::today::day_text;

use crate::helpers::*;

fn days_ago(app: &TestApp, days: u64) -> String {
    (app.today() - Days::new(days)).to_string()
}

/// Heights in the order A, B left, B right, C left, C right.
const HEIGHTS: [&str; 5] = [
    "double_leg",
    "ninety_left",
    "ninety_right",
    "hugged_left",
    "hugged_right",
];

/// The form's fields for a test on `date` with these heights, plus `extra`.
fn fields<'a>(
    date: &'a str,
    heights: [&'a str; 5],
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("tested_on", date), ("pain", "no")];
    all.extend(HEIGHTS.into_iter().zip(heights));
    all.extend_from_slice(extra);
    all
}

/// Records a test through the form and returns its id.
async fn record(app: &TestApp, member_id: i32, fields: &[(&str, &str)]) -> i32 {
    let page = format!("/crew/{member_id}/range-tests/new");
    let response = app.submit(&page, &page, fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "test saved");
    location(&response)
        .strip_prefix("/range-tests/")
        .and_then(|id| id.parse().ok())
        .expect("redirected to the result")
}

/// A crew member with an account, linked, logged in in a browser of its own.
async fn member_logged_in(app: &TestApp, email: &str, name: &str) -> (Member, TestApp) {
    let user = app.create_user(email, name, Role::Member).await;
    let member = create_crew_member(app, name, "Station 1", Some("A"));
    {
        let mut conn = app.pool.get().unwrap();
        Member::link_user(&mut conn, member.id, user.id).unwrap();
    }
    let browser = app.other_browser();
    assert_redirect(&browser.login(email).await, "/");
    (member, browser)
}

fn test_count(app: &TestApp) -> i64 {
    let mut conn = app.pool.get().unwrap();
    range_tests::table.count().get_result(&mut conn).unwrap()
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    let mut conn = app.pool.get().unwrap();
    range_test_audit::table
        .order(range_test_audit::id)
        .select(range_test_audit::action)
        .load(&mut conn)
        .unwrap()
}

#[actix_web::test]
async fn a_recorded_test_shows_derived_numbers_flags_and_the_chart() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", Some("A"));

    let doc = app
        .get_html(&format!("/crew/{}/range-tests/new", sam.id))
        .await;
    assert_eq!(
        attr(&doc, "#tested_on", "value").unwrap(),
        app.today().to_string()
    );
    assert_eq!(attr(&doc, "#hugged_left", "inputmode").unwrap(), "decimal");
    assert_eq!(count(&doc, "input[name=felt_b][type=checkbox]"), 4);

    let date = days_ago(&app, 3);
    let id = record(
        &app,
        sam.id,
        &fields(
            &date,
            ["8", "6", "6.5", "1.5", "5"],
            &[("felt_b", "glutes"), ("felt_b", "lower_back")],
        ),
    )
    .await;
    // Stored canonically, in micrometres.
    let stored: (i64, i64) = {
        let mut conn = app.pool.get().unwrap();
        range_tests::table
            .find(id)
            .select((range_tests::double_leg_um, range_tests::hugged_left_um))
            .first(&mut conn)
            .unwrap()
    };
    assert_eq!(stored, (203_200, 38_100));

    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert_eq!(text(&doc, ".flash"), "Range test saved.");
    assert_eq!(text(&doc, "#tested-by"), "Casey Coach");
    let cells = [
        ("#true-extension-left", "1.5 in"),
        ("#true-extension-right", "5 in"),
        ("#pct-of-double-leg-left", "18.8%"),
        ("#pct-of-double-leg-right", "62.5%"),
        ("#compensation-left", "4.5 in"),
        ("#compensation-right", "1.5 in"),
        ("#compensation-pct-left", "75%"),
        ("#compensation-pct-right", "23.1%"),
        ("#asymmetry", "70% (left side weaker)"),
        ("#double-leg", "8 in"),
    ];
    for (selector, want) in cells {
        assert_eq!(text(&doc, selector), want, "{selector}");
    }
    assert_eq!(
        texts(&doc, ".flag-title"),
        [
            "Near-zero true extension, left side",
            "Asymmetry, left side weaker",
            "Large lower-back compensation, left side",
            "Felt outside the glutes",
        ]
    );
    assert_eq!(
        texts(&doc, ".flag-measured"),
        [
            "18.8% of the double-leg height (flagged below 25%)",
            "70% difference (flagged above 15%)",
            "75% of the 90/90 height lost (flagged above 50%)",
            "Reported in position B",
        ]
    );
    assert!(texts(&doc, ".flag-reading")[0].contains("do not add load yet"));
    assert_eq!(count(&doc, ".do-not-load"), 1);
    // The bar chart: five bars, left against right, with a text alternative.
    assert_eq!(count(&doc, "svg[role=img] rect.bar"), 5);
    assert_eq!(
        text(&doc, "svg desc"),
        "Double-leg 8 in; 90/90 left 6 in, right 6.5 in; knee hugged left 1.5 in, right 5 in."
    );
    assert_eq!(count(&doc, "[style], script:not([src])"), 0);
    // The coach can correct or delete it.
    assert_eq!(count(&doc, &format!("a[href='/range-tests/{id}/edit']")), 1);

    // The member's list shows the row.
    let doc = app.get_html(&format!("/crew/{}/range-tests", sam.id)).await;
    assert_eq!(texts(&doc, "tr.range-test td.cl"), ["1.5"]);
    assert_eq!(texts(&doc, "tr.range-test td.asymmetry"), ["70%"]);
    assert_eq!(texts(&doc, "tr.range-test td.flags"), ["4"]);
}

#[actix_web::test]
async fn the_table_lists_tests_newest_first_with_their_trend() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let list = format!("/crew/{}/range-tests", sam.id);

    let doc = app.get_html(&list).await;
    assert_eq!(count(&doc, ".range-tests-empty"), 1);
    assert_eq!(text(&doc, "#retest-status"), "No range test recorded yet.");
    assert_eq!(
        attr(&doc, "a.button.primary", "href").unwrap(),
        format!("/crew/{}/range-tests/new", sam.id)
    );

    let (oldest, newest, middle) = (days_ago(&app, 40), days_ago(&app, 2), days_ago(&app, 20));
    let mut ids = Vec::new();
    for (date, cl) in [(&oldest, "3"), (&newest, "5"), (&middle, "4")] {
        ids.push(record(&app, sam.id, &fields(date, ["8", "6", "6", cl, "5"], &[])).await);
    }
    let doc = app.get_html(&list).await;
    let fmt = |d: &str| day_text(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    assert_eq!(
        texts(&doc, "tr.range-test td.date"),
        [fmt(&newest), fmt(&middle), fmt(&oldest)]
    );
    assert_eq!(texts(&doc, "tr.range-test td.cl"), ["5", "4", "3"]);
    let links: Vec<String> = doc
        .select(&scraper::Selector::parse("tr.range-test td.date a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [ids[1], ids[2], ids[0]].map(|id| format!("/range-tests/{id}"))
    );
    // The trend: one line per side, a marker per test, an accessible summary.
    assert_eq!(count(&doc, "svg.chart-trend polyline.line"), 2);
    assert_eq!(count(&doc, "svg.chart-trend circle.marker.left"), 3);
    assert!(text(&doc, "svg.chart-trend desc").contains("3 tests"));
    // Last test two days ago: the next is due in six weeks.
    let next = NaiveDate::parse_from_str(&newest, "%Y-%m-%d").unwrap() + Days::new(42);
    assert_eq!(
        text(&doc, "#retest-status"),
        format!(
            "Next range test due {} (last test {}).",
            day_text(next),
            fmt(&newest)
        )
    );
}

/// The department's today is offered, kept and editable, and its tomorrow
/// refused, at each hour where the UTC date is another (before the app's
/// test clock, the suite failed between 19:00 and midnight in New York).
#[actix_web::test]
async fn a_test_dated_the_departments_today_is_kept_at_any_hour() {
    for (at, instant) in awkward_instants() {
        let app = spawn_app_at(instant).await;
        app.coach().await;
        let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
        let page = format!("/crew/{}/range-tests/new", sam.id);
        let today = app.today().to_string();
        let doc = app.get_html(&page).await;
        assert_eq!(
            attr(&doc, "#tested_on", "value").as_deref(),
            Some(today.as_str()),
            "{at}: the form offers the department's today"
        );
        let tomorrow = (app.today() + Days::new(1)).to_string();
        let response = app
            .submit(&page, &page, &fields(&tomorrow, HEIGHTS_OK, &[]))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{at}: {tomorrow} is in the future"
        );
        assert_eq!(
            text(&html(response).await, ".field-error"),
            "The test date cannot be in the future.",
            "{at}"
        );
        let response = app
            .submit(&page, &page, &fields(&today, HEIGHTS_OK, &[]))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "{at}: {today} is today"
        );
        let edit = format!("{}/edit", location(&response));
        let doc = app.get_html(&edit).await;
        assert_eq!(
            attr(&doc, "#tested_on", "value").as_deref(),
            Some(today.as_str()),
            "{at}"
        );
        assert_eq!(test_count(&app), 1, "{at}");
    }
}

/// Heights a test accepts without a remark.
const HEIGHTS_OK: [&str; 5] = ["8", "6", "6", "4", "4"];

#[actix_web::test]
async fn validation_errors_sit_beside_fields_and_keep_what_was_typed() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let page = format!("/crew/{}/range-tests/new", sam.id);
    let tomorrow = (app.today() + Days::new(1)).to_string();
    let response = app
        .submit(
            &page,
            &page,
            &[
                ("tested_on", tomorrow.as_str()),
                ("double_leg", "8"),
                ("ninety_left", "6"),
                ("ninety_right", ""),
                ("hugged_left", "-1"),
                ("hugged_right", "9"),
                ("felt_a", "glutes"),
                ("felt_a", "quads"),
                ("cramp", "yes"),
                ("pain", "yes"),
                ("pain_where", "left knee"),
                ("notes", "First attempt"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        texts(&doc, ".field-error"),
        [
            "The test date cannot be in the future.",
            "Enter the right side's 90/90 height.",
            "Cannot be negative.",
        ]
    );
    // Each message sits right after its own input.
    assert_eq!(
        text(&doc, "#ninety_right + .field-error"),
        "Enter the right side's 90/90 height."
    );
    assert_eq!(
        text(&doc, "#hugged_left + .field-error"),
        "Cannot be negative."
    );
    let kept = [
        ("#tested_on", tomorrow.as_str()),
        ("#double_leg", "8"),
        ("#ninety_left", "6"),
        ("#ninety_right", ""),
        ("#hugged_left", "-1"),
        ("#hugged_right", "9"),
        ("#pain_where", "left knee"),
    ];
    for (selector, value) in kept {
        assert_eq!(attr(&doc, selector, "value").unwrap(), value, "{selector}");
    }
    assert_eq!(text(&doc, "#notes"), "First attempt");
    assert_eq!(count(&doc, "#felt_a_glutes[checked]"), 1);
    assert_eq!(count(&doc, "#felt_a_quads[checked]"), 1);
    assert_eq!(count(&doc, "#felt_a_hamstrings[checked]"), 0);
    assert_eq!(count(&doc, "#cramp[checked]"), 1);
    assert_eq!(count(&doc, "#pain_yes[checked]"), 1);
    assert_eq!(test_count(&app), 0);

    // A bad date format and pain without a place are refused too.
    let response = app
        .submit(
            &page,
            &page,
            &fields("22/11/2026", ["8", "6", "6", "4", "4"], &[("pain", "yes")]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        texts(&doc, ".field-error"),
        [
            "Enter the date as YYYY-MM-DD, such as 2026-11-23.",
            "Say where it hurt.",
        ]
    );
    assert_eq!(test_count(&app), 0);
}

#[actix_web::test]
async fn knee_hugged_above_double_leg_is_saved_with_a_warning() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let page = format!("/crew/{}/range-tests/new", sam.id);
    let date = days_ago(&app, 1);

    // Beside the field when the form comes back for another reason...
    let mut typed = fields(&date, ["5", "6", "6", "5", "6"], &[]);
    typed[0] = ("tested_on", "");
    let response = app.submit(&page, &page, &typed).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    let warning = text(&doc, "#hugged_right ~ .field-warning");
    assert!(warning.starts_with("The knee-hugged height on the right (6 in) is more than 5% above the double-leg height (5 in)."));

    // ...and on the result, since the coach may save it anyway.
    let id = record(&app, sam.id, &fields(&date, ["5", "6", "6", "5", "6"], &[])).await;
    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert_eq!(texts(&doc, ".warning").len(), 1);
    assert!(text(&doc, ".warning").contains("you can still save it"));
}

#[actix_web::test]
async fn a_member_sees_only_their_own_tests_read_only() {
    let app = spawn_app().await;
    app.coach().await;
    let (sam, browser) = member_logged_in(&app, "sam@station.test", "Sam Ortiz").await;
    let lee = create_crew_member(&app, "Lee Park", "Station 2", Some("B"));
    let own_date = days_ago(&app, 5);
    let own = record(
        &app,
        sam.id,
        &fields(&own_date, ["8", "6", "6", "4", "4"], &[]),
    )
    .await;
    let other = record(
        &app,
        lee.id,
        &fields(&days_ago(&app, 6), ["9", "7", "7", "5", "5"], &[]),
    )
    .await;

    // Their own history: one row, read-only.
    let doc = browser.get_html("/me/range-tests").await;
    assert_eq!(text(&doc, "h1"), "My range tests");
    assert_eq!(count(&doc, ".range-reading"), 1);
    assert_eq!(
        attr(&doc, ".range-reading", "data-id").unwrap(),
        own.to_string()
    );
    assert_eq!(
        count(
            &doc,
            "a[href$='/edit'], a[href$='/delete'], a[href$='/new']"
        ),
        0
    );
    // Their own result, without the coach's buttons.
    let doc = browser.get_html(&format!("/range-tests/{own}")).await;
    assert_eq!(text(&doc, "#true-extension-left"), "4 in");
    assert_eq!(count(&doc, "a[href$='/edit'], a[href$='/delete']"), 0);

    // Someone else's test is not there for them; coach pages are not theirs.
    let response = browser.get(&format!("/range-tests/{other}")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(text(&html(response).await, "h1"), "Page not found");
    for path in [
        format!("/crew/{}/range-tests", lee.id),
        format!("/crew/{}/range-tests", sam.id),
        format!("/crew/{}/range-tests/new", sam.id),
        format!("/range-tests/{own}/edit"),
        format!("/range-tests/{own}/delete"),
    ] {
        assert_eq!(
            browser.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Nor may they post a test, a correction or a deletion.
    let token = browser.csrf_token("/me/range-tests").await;
    let mut posted = fields(&own_date, ["1", "1", "1", "1", "1"], &[]);
    posted.push(("csrf_token", token.as_str()));
    for path in [
        format!("/crew/{}/range-tests/new", sam.id),
        format!("/crew/{}/range-tests/new", lee.id),
        format!("/range-tests/{own}/edit"),
        format!("/range-tests/{other}/delete"),
    ] {
        let response = browser.post_raw(&path, &posted).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(test_count(&app), 2);
    assert!(audit_actions(&app).is_empty());

    // A member without a crew record gets the empty state; a coach has no
    // "my range tests".
    let unlinked = app.other_browser();
    unlinked
        .create_user("new@station.test", "New Hire", Role::Member)
        .await;
    assert_redirect(&unlinked.login("new@station.test").await, "/");
    let doc = unlinked.get_html("/me/range-tests").await;
    assert_eq!(count(&doc, "tr.range-test"), 0);
    assert!(text(&doc, "p.empty").contains("not linked to a crew record"));
    assert_eq!(
        app.get("/me/range-tests").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_correction_is_kept_in_the_audit_trail() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let date = days_ago(&app, 3);
    let id = record(
        &app,
        sam.id,
        &fields(&date, ["8", "6", "6.5", "1.5", "5"], &[]),
    )
    .await;
    let edit = format!("/range-tests/{id}/edit");

    let doc = app.get_html(&edit).await;
    assert_eq!(attr(&doc, "#hugged_left", "value").unwrap(), "1.5");
    assert_eq!(attr(&doc, "#tested_on", "value").unwrap(), date);
    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert_eq!(count(&doc, ".audit-entry"), 0);

    // A refused correction changes nothing.
    let response = app
        .submit(
            &edit,
            &edit,
            &fields(&date, ["8", "6", "6.5", "", "5"], &[]),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(audit_actions(&app).is_empty());

    let response = app
        .submit(
            &edit,
            &edit,
            &fields(
                &date,
                ["8", "6", "6.5", "2.5", "5"],
                &[("notes", "Re-measured")],
            ),
        )
        .await;
    assert_redirect(&response, &format!("/range-tests/{id}"));
    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert_eq!(text(&doc, "#true-extension-left"), "2.5 in");
    assert_eq!(text(&doc, "#notes"), "Re-measured");
    assert_eq!(count(&doc, ".audit-entry"), 1);
    assert_eq!(text(&doc, ".audit-action"), "Corrected");
    assert_eq!(text(&doc, ".audit-by"), "Casey Coach");
    assert_eq!(
        texts(&doc, ".audit-change"),
        ["C left: 1.5 in → 2.5 in", "Notes: (empty) → Re-measured"]
    );
    assert_eq!(audit_actions(&app), ["edit"]);

    // Saving without a change records nothing.
    let response = app
        .submit(
            &edit,
            &edit,
            &fields(
                &date,
                ["8", "6", "6.5", "2.5", "5"],
                &[("notes", "Re-measured")],
            ),
        )
        .await;
    assert_redirect(&response, &format!("/range-tests/{id}"));
    assert_eq!(audit_actions(&app), ["edit"]);
    assert_eq!(
        text(&app.get_html(&format!("/range-tests/{id}")).await, ".flash"),
        "Nothing was changed."
    );
}

#[actix_web::test]
async fn deleting_asks_first_then_keeps_a_record() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let date = days_ago(&app, 3);
    let id = record(&app, sam.id, &fields(&date, ["8", "6", "6", "4", "4"], &[])).await;
    let confirm = format!("/range-tests/{id}/delete");

    // The confirmation page changes nothing.
    let doc = app.get_html(&confirm).await;
    assert_eq!(
        text(&doc, "#delete-summary"),
        "A 8 in; B left 6 in, right 6 in; C left 4 in, right 4 in."
    );
    assert_eq!(attr(&doc, "#delete-form", "action").unwrap(), confirm);
    assert_eq!(test_count(&app), 1);

    let response = app.submit(&confirm, &confirm, &[]).await;
    assert_redirect(&response, &format!("/crew/{}/range-tests", sam.id));
    assert_eq!(test_count(&app), 0);
    assert_eq!(
        app.get(&format!("/range-tests/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&confirm).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(audit_actions(&app), ["delete"]);

    let doc = app.get_html(&format!("/crew/{}/range-tests", sam.id)).await;
    assert!(text(&doc, ".flash").contains("was deleted"));
    assert_eq!(count(&doc, "tr.range-test"), 0);
    let deleted = text(&doc, ".deleted-test");
    assert!(deleted.ends_with("by Casey Coach"), "{deleted}");
}

#[actix_web::test]
async fn thresholds_are_department_settings_the_reading_uses() {
    let app = spawn_app().await;
    app.coach().await;
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let id = record(
        &app,
        sam.id,
        &fields(&days_ago(&app, 50), ["8", "6", "6.5", "1.5", "5"], &[]),
    )
    .await;
    let list = format!("/crew/{}/range-tests", sam.id);
    // 50 days ago: past the default six weeks.
    let doc = app.get_html(&list).await;
    assert!(text(&doc, "#retest-status").starts_with("Retest due since"));
    assert_eq!(count(&doc, "#retest-status .badge"), 1);
    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert!(texts(&doc, ".flag-title").contains(&"Asymmetry, left side weaker".to_string()));

    let settings = app.get_html("/settings").await;
    assert_eq!(
        attr(&settings, "a[href='/settings/thresholds']", "href").unwrap(),
        "/settings/thresholds"
    );
    let doc = app.get_html("/settings/thresholds").await;
    assert_eq!(attr(&doc, "#asymmetry_pct", "value").unwrap(), "15");
    assert_eq!(attr(&doc, "#retest_weeks", "value").unwrap(), "6");

    // Out of range: refused beside the field, what was typed kept.
    let response = app
        .submit(
            "/settings/thresholds",
            "/settings/thresholds",
            &[
                ("near_zero_pct", "25"),
                ("asymmetry_pct", "70"),
                ("compensation_pct", "50"),
                ("hugged_over_double_tolerance_pct", "5"),
                ("retest_weeks", "60"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let doc = html(response).await;
    assert_eq!(
        text(&doc, "#retest_weeks + .field-error"),
        "Enter a whole number of weeks from 1 to 52."
    );
    assert_eq!(attr(&doc, "#asymmetry_pct", "value").unwrap(), "70");
    assert_eq!(attr(&doc, "#retest_weeks", "value").unwrap(), "60");

    let response = app
        .submit(
            "/settings/thresholds",
            "/settings/thresholds",
            &[
                ("near_zero_pct", "25"),
                ("asymmetry_pct", "70"),
                ("compensation_pct", "50"),
                ("hugged_over_double_tolerance_pct", "5"),
                ("retest_weeks", "8"),
            ],
        )
        .await;
    assert_redirect(&response, "/settings/thresholds");
    let doc = app.get_html("/settings/thresholds").await;
    assert_eq!(text(&doc, ".flash"), "Range-test thresholds saved.");
    assert_eq!(attr(&doc, "#asymmetry_pct", "value").unwrap(), "70");

    // A 70% difference is no longer above the threshold; 50 days is within 8 weeks.
    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert!(!texts(&doc, ".flag-title").contains(&"Asymmetry, left side weaker".to_string()));
    assert_eq!(text(&doc, "#asymmetry"), "70% (left side weaker)");
    let doc = app.get_html(&list).await;
    assert!(text(&doc, "#retest-status").starts_with("Next range test due"));
    assert_eq!(count(&doc, "#retest-status .badge"), 0);
}

#[actix_web::test]
async fn heights_follow_the_departments_units() {
    let app = spawn_app().await;
    app.coach().await;
    let response = app
        .submit(
            "/settings",
            "/settings",
            &[
                ("name", "Fire Department"),
                ("time_zone", "America/New_York"),
                ("units", "kg_cm"),
            ],
        )
        .await;
    assert_redirect(&response, "/settings");
    let sam = create_crew_member(&app, "Sam Ortiz", "Station 1", None);
    let id = record(
        &app,
        sam.id,
        &fields(&days_ago(&app, 1), ["20.5", "15", "15", "10", "10"], &[]),
    )
    .await;
    let stored: i64 = {
        let mut conn = app.pool.get().unwrap();
        range_tests::table
            .find(id)
            .select(range_tests::double_leg_um)
            .first(&mut conn)
            .unwrap()
    };
    assert_eq!(stored, 205_000);
    let doc = app.get_html(&format!("/range-tests/{id}")).await;
    assert_eq!(text(&doc, "#double-leg"), "20.5 cm");
    assert_eq!(text(&doc, "#compensation-left"), "5 cm");
    let doc = app.get_html(&format!("/range-tests/{id}/edit")).await;
    assert_eq!(attr(&doc, "#double_leg", "value").unwrap(), "20.5");

    assert_eq!(
        app.get("/range-tests/9999").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/crew/9999/range-tests").await.status(),
        StatusCode::NOT_FOUND
    );
}
