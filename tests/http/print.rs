//! The station-wall sheet: only the chosen station (and platoon), with the
//! print stylesheet; coaches only.

use std::collections::BTreeSet;

use bridgework::auth::password;
use bridgework::demo::{self, DemoOptions, DEMO_COACH_EMAIL, DEMO_PASSWORD};
use bridgework::schema::members;
use diesel::prelude::*;
use reqwest::StatusCode;
use scraper::Selector;

use crate::helpers::*;

fn sheet_ids(doc: &scraper::Html) -> BTreeSet<i32> {
    doc.select(&Selector::parse("table.sheet-table tbody tr").unwrap())
        .map(|tr| tr.value().attr("data-member-id").unwrap().parse().unwrap())
        .collect()
}

fn ids_at(app: &TestApp, station: &str, platoon: Option<&str>) -> BTreeSet<i32> {
    let mut conn = app.pool.get().unwrap();
    let mut query = members::table
        .filter(members::active.eq(true))
        .filter(members::station.eq(station.to_string()))
        .select(members::id)
        .into_boxed();
    if let Some(p) = platoon {
        query = query.filter(members::platoon.eq(p.to_string()));
    }
    query.load::<i32>(&mut conn).unwrap().into_iter().collect()
}

#[actix_web::test]
async fn the_print_view_shows_only_the_chosen_station_and_platoon() {
    let app = spawn_app().await;
    let hash = password::hash(DEMO_PASSWORD).unwrap();
    {
        let mut conn = app.pool.get().unwrap();
        let options = DemoOptions {
            members: 40,
            weeks: 8,
            seed: 3,
        };
        demo::generate(&mut conn, options, app.clock.now(), &hash, &mut || {}).unwrap();
    }
    assert_redirect(&app.login_with(DEMO_COACH_EMAIL, DEMO_PASSWORD).await, "/");

    let roster = app.get_html("/?station=Station+2").await;
    let link = attr(&roster, "a.print-sheet", "href").unwrap();
    assert_eq!(link, "/roster/print?station=Station+2&platoon=");

    let sheet = app.get_html(&link).await;
    let expected = ids_at(&app, "Station 2", None);
    assert!(!expected.is_empty());
    assert_eq!(sheet_ids(&sheet), expected);
    assert_eq!(text(&sheet, "h1"), "Station 2");
    assert_eq!(
        attr(&sheet, "link[rel=stylesheet]", "href").as_deref(),
        Some("/static/print.css")
    );
    // Every line has a stage, a dose and a next session.
    for cell in ["td.stage", "td.dose", "td.next"] {
        assert!(texts(&sheet, cell).iter().all(|t| !t.is_empty()), "{cell}");
    }

    let one_platoon = app
        .get_html("/roster/print?station=Station+2&platoon=A")
        .await;
    assert_eq!(
        sheet_ids(&one_platoon),
        ids_at(&app, "Station 2", Some("A"))
    );
    assert_eq!(text(&one_platoon, "h1"), "Station 2, platoon A");

    let css = app.get("/static/print.css").await;
    assert_eq!(css.status(), StatusCode::OK);
    assert!(css.text().await.unwrap().contains("@media print"));
}

#[actix_web::test]
async fn members_cannot_open_the_station_sheet() {
    let app = spawn_app().await;
    app.member("sam@station.test", "Sam Ortiz").await;
    let response = app.get("/roster/print?station=Station+1").await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

/// The sheet hangs on a station wall: names, stage, dose and next session,
/// and nothing about anyone's health or attendance.
#[actix_web::test]
async fn the_station_sheet_with_a_member_in_pain_shows_no_health_information() {
    let app = spawn_app().await;
    let (phone, member) = crate::workout::member_at(&app, "riley@station.test", 1, false).await;
    let logged = crate::workout::log_sets(
        &phone,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "2"), ("pain", "lower_back")],
    )
    .await;
    assert_eq!(logged.status(), StatusCode::SEE_OTHER);
    // The roster does show the pain: the sheet leaves it out on purpose.
    let roster = app.get_html("/roster").await;
    assert_eq!(count(&roster, "td.flags .flag-pain"), 1);

    let sheet = app.get_html("/roster/print?station=Station+1").await;
    assert_eq!(sheet_ids(&sheet), BTreeSet::from([member.id]));
    assert_eq!(count(&sheet, ".flag, td.flags, th.flags"), 0);
    let headers = texts(&sheet, "table.sheet-table th");
    assert!(!headers.iter().any(|h| h == "Flags"), "{headers:?}");
    // The lines and their legend (the foot's general safety cue names no one).
    let words = texts(&sheet, "table.sheet-table, p.legend")
        .join(" ")
        .to_lowercase();
    for word in [
        "pain",
        "cramp",
        "retest",
        "no session",
        "stalled",
        "range test",
    ] {
        assert!(!words.contains(word), "the sheet says {word:?}: {words}");
    }
    assert_eq!(
        texts(&sheet, "td.name"),
        vec!["riley@station.test".to_string()]
    );
    assert_eq!(texts(&sheet, "td.stage"), vec!["1/7".to_string()]);
}
