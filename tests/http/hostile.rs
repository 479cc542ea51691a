//! Hostile input on every form: empty, huge, negative, NaN, wrong types,
//! script tags, unicode, SQL-looking text, duplicated and missing fields, a
//! wrong CSRF token. Never a 5xx; a refused form comes back (422) with a
//! message beside a field and nothing saved; nothing sent comes back as
//! markup.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use scraper::Html;

use crate::access_helpers::fingerprint;
use crate::helpers::*;
use crate::workout::{done_as_prescribed, member_at};

const VALUES: [&str; 12] = [
    "",
    " ",
    "-1",
    "NaN",
    "1e309",
    "abc",
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "Zoë ʕ•ᴥ•ʔ 🔥 \u{202e}",
    "'; DROP TABLE members; --",
    "99999999999999999999",
    "2026-02-30",
];

/// Nothing the client sent became markup: the only scripts are the app's.
fn no_injected_markup(doc: &Html, context: &str) {
    for script in doc.select(&scraper::Selector::parse("script").unwrap()) {
        assert_eq!(
            script.value().attr("src"),
            Some("/static/app.js"),
            "{context}: an injected script"
        );
    }
    assert_eq!(count(doc, "img[onerror]"), 0, "{context}: injected markup");
}

/// Every form at the default instant; the forms that take or make a date
/// (a range test, a session, an assignment, a start date, a rotation anchor)
/// again at each hour where the UTC date and the department's differ.
#[actix_web::test]
async fn every_form_survives_hostile_input() {
    for (at, instant) in awkward_instants() {
        let forms = if instant == start_instant() {
            Forms::All
        } else {
            Forms::Dated
        };
        println!("hostile input at {at}: {forms:?}");
        let cases = hostile_input_at(instant, forms).await;
        println!("hostile input at {at}: {cases} cases, no 5xx");
        assert!(cases > if forms == Forms::All { 200 } else { 50 });
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Forms {
    All,
    /// Only those with a date in them, or that log a session.
    Dated,
}

/// Posts hostile input to the forms; returns how many cases it tried.
async fn hostile_input_at(instant: DateTime<Utc>, forms: Forms) -> usize {
    let app = spawn_app_at(instant).await;
    app.coach().await;
    let (phone, member) = member_at(&app, "riley@station.test", 6, false).await;
    let result = location(&done_as_prescribed(&phone).await);
    assert!(result.starts_with("/sessions/"));
    let m = member.id;
    let today = app.today().to_string();
    let new_test = format!("/crew/{m}/range-tests/new");
    let recorded = app
        .submit(
            &new_test,
            &new_test,
            &[
                ("tested_on", today.as_str()),
                ("double_leg", "8"),
                ("ninety_left", "6"),
                ("ninety_right", "6"),
                ("hugged_left", "4"),
                ("hugged_right", "4"),
                ("pain", "no"),
            ],
        )
        .await;
    assert_eq!(
        recorded.status(),
        StatusCode::SEE_OTHER,
        "a range test dated the department's today ({today}) is kept"
    );
    let test_page = location(&recorded);

    // (client, page with the form, action, fields)
    let mut coach_forms: Vec<(String, String, Vec<&str>)> = vec![
        (
            "/settings".into(),
            "/settings".into(),
            vec!["name", "time_zone", "units"],
        ),
        (
            "/settings/rotation".into(),
            "/settings/rotation".into(),
            vec![
                "preset",
                "pattern",
                "offset",
                "anchor",
                "change_time",
                "platoons",
            ],
        ),
        (
            "/settings/thresholds".into(),
            "/settings/thresholds".into(),
            vec![
                "near_zero_pct",
                "asymmetry_pct",
                "compensation_pct",
                "hugged_tolerance_pct",
                "retest_weeks",
            ],
        ),
        (
            "/crew/new".into(),
            "/crew/new".into(),
            vec!["name", "station", "platoon", "start_date", "notes"],
        ),
        (
            format!("/crew/{m}/edit"),
            format!("/crew/{m}/edit"),
            vec!["name", "station", "platoon", "start_date", "notes"],
        ),
        (
            format!("/crew/{m}"),
            format!("/crew/{m}/stage"),
            vec!["action", "stage", "note"],
        ),
        (
            "/assign".into(),
            "/assign".into(),
            vec![
                "member_ids",
                "stage",
                "sessions_per_week",
                "start_date",
                "training_days",
            ],
        ),
        (
            format!("/crew/{m}/dose"),
            format!("/crew/{m}/dose"),
            vec![
                "sets",
                "reps_low",
                "reps_high",
                "hold_seconds",
                "working_load",
                "confirm_above_cap",
                "reason",
            ],
        ),
        (
            format!("/crew/{m}"),
            format!("/crew/{m}/variations"),
            vec!["variation"],
        ),
        (
            format!("/crew/{m}"),
            format!("/crew/{m}/auto-advance"),
            vec!["auto_advance"],
        ),
        (
            format!("/crew/{m}/log"),
            format!("/crew/{m}/log"),
            vec![
                "action",
                "key",
                "partial_id",
                "reps",
                "load",
                "felt",
                "pain",
                "effort",
                "note",
                "shift",
                "sleep",
                "calls",
            ],
        ),
        (
            new_test.clone(),
            new_test.clone(),
            vec![
                "tested_on",
                "double_leg",
                "ninety_left",
                "ninety_right",
                "hugged_left",
                "hugged_right",
                "felt_a",
                "pain",
                "pain_where",
                "notes",
            ],
        ),
        (
            format!("{test_page}/edit"),
            format!("{test_page}/edit"),
            vec!["tested_on", "double_leg", "hugged_left", "pain", "notes"],
        ),
        ("/coaches".into(), "/coaches/invite".into(), vec!["name"]),
        (
            "/account/password".into(),
            "/account/password".into(),
            vec!["current", "password", "confirm"],
        ),
    ];
    let mut member_forms: Vec<(String, String, Vec<&str>)> = vec![(
        "/".into(),
        "/log".into(),
        vec![
            "action",
            "key",
            "partial_id",
            "reps",
            "load",
            "felt",
            "pain",
            "effort",
            "note",
            "shift",
            "sleep",
            "calls",
        ],
    )];

    if forms == Forms::Dated {
        let dated = |(_, action, fields): &(String, String, Vec<&str>)| {
            action.ends_with("/log")
                || fields
                    .iter()
                    .any(|f| matches!(*f, "tested_on" | "start_date" | "anchor"))
        };
        coach_forms.retain(dated);
        member_forms.retain(dated);
    }

    let mut cases = 0;
    let mut baseline = fingerprint(&app);
    for (browser, forms) in [(&app, &coach_forms), (&phone, &member_forms)] {
        for (page, action, fields) in forms.iter() {
            let token = browser.csrf_token(page).await;
            let mut variants: Vec<Vec<(String, String)>> = VALUES
                .iter()
                .map(|v| {
                    fields
                        .iter()
                        .map(|f| (f.to_string(), v.to_string()))
                        .collect()
                })
                .collect();
            // Huge values, every field sent twice, and no fields at all.
            variants.push(
                fields
                    .iter()
                    .map(|f| (f.to_string(), "9".repeat(20_000)))
                    .collect(),
            );
            variants.push(
                fields
                    .iter()
                    .flat_map(|f| {
                        [
                            (f.to_string(), "1".to_string()),
                            (f.to_string(), "<b>".to_string()),
                        ]
                    })
                    .collect(),
            );
            variants.push(vec![]);
            for variant in variants {
                let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
                all.extend(variant.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                let response = browser.post_raw(action, &all).await;
                let status = response.status();
                let context = format!("POST {action} {:?}", variant.first());
                assert!(!status.is_server_error(), "{context}: {status}");
                // A success is a redirect, or a page of its own (an invitation link).
                let saved = status == StatusCode::SEE_OTHER || status == StatusCode::OK;
                let doc = html(response).await;
                no_injected_markup(&doc, &context);
                if status == StatusCode::UNPROCESSABLE_ENTITY {
                    assert!(
                        count(&doc, ".field-error") >= 1,
                        "{context}: a refused form says why beside a field"
                    );
                }
                let now = fingerprint(&app);
                if !saved {
                    assert!(
                        now == baseline,
                        "{context}: something was saved on {status}"
                    );
                }
                baseline = now;
                cases += 1;
            }
            // A wrong CSRF token: 403, nothing saved.
            let mut all: Vec<(&str, &str)> = vec![("csrf_token", "forged")];
            all.extend(fields.iter().map(|f| (*f, "1")));
            let response = browser.post_raw(action, &all).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action} forged");
            assert!(fingerprint(&app) == baseline, "{action}: forged form saved");
            cases += 1;
        }
    }
    // Whatever was saved along the way shows escaped on the pages that list it.
    for page in ["/crew", "/", "/settings", "/coaches"] {
        let doc = app.get_html(page).await;
        no_injected_markup(&doc, page);
    }
    cases
}
