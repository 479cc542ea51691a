//! The roster dashboard: rows, flags, counts, filters and sorting.

use chrono::Duration;
use reqwest::StatusCode;

use crate::helpers::*;
use crate::workout::{done_as_prescribed, log_sets, member_at};

/// The text of a member's roster row.
fn row_of(doc: &scraper::Html, name: &str) -> String {
    let names = texts(doc, "table.roster td.name");
    let index = names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{name} not in {names:?}"));
    texts(doc, "table.roster tbody tr")[index].clone()
}

#[actix_web::test]
async fn the_roster_shows_each_member_with_stage_adherence_and_flags() {
    let app = spawn_app().await;
    let (pain, _) = member_at(&app, "pain@station.test", 3, false).await;
    let (ready, _) = member_at(&app, "ready@station.test", 1, false).await;
    let (_idle, _) = member_at(&app, "idle@station.test", 2, false).await;
    create_crew_member(&app, "Unassigned Ula", "Station 2", Some("B"));

    log_sets(
        &pain,
        "/",
        "finished",
        &[("reps", "20"), ("hold", "1"), ("pain", "lower_back")],
    )
    .await;
    done_as_prescribed(&ready).await;
    app.clock.advance(Duration::days(2));
    done_as_prescribed(&ready).await;
    assert_redirect(&app.login("coach@station.test").await, "/");

    let doc = app.get_html("/").await;
    assert_eq!(text(&doc, "h1"), "Roster");
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec![
            "idle@station.test",
            "pain@station.test",
            "ready@station.test",
            "Unassigned Ula"
        ]
    );
    assert_eq!(
        texts(&doc, "table.roster td.stage"),
        vec!["2/7", "2/7", "1/7", "not assigned"]
    );
    assert!(row_of(&doc, "pain@station.test").contains("Pain reported"));
    assert!(row_of(&doc, "ready@station.test").contains("Ready to advance"));
    // Assigned 16 days ago (member_at starts the assignment two weeks back), no session.
    assert!(row_of(&doc, "idle@station.test").contains("No session in 14 days"));
    assert!(!row_of(&doc, "Unassigned Ula").contains("No session"));
    assert_eq!(text(&doc, ".count-shown"), "4 of 4 members shown");
    assert_eq!(text(&doc, ".count-pain"), "1 Pain reported");
    assert_eq!(text(&doc, ".count-ready"), "1 Ready to advance");
    let ready_adherence = texts(&doc, "table.roster td.adherence")[2].clone();
    assert!(ready_adherence.starts_with("2/"), "{ready_adherence}");

    // Filter by flag, by stage; sort by stage, descending.
    let doc = app.get_html("/?flag=pain").await;
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec!["pain@station.test"]
    );
    let doc = app.get_html("/?stage=none").await;
    assert_eq!(texts(&doc, "table.roster td.name"), vec!["Unassigned Ula"]);
    let doc = app.get_html("/?sort=stage&dir=desc").await;
    assert_eq!(
        texts(&doc, "table.roster td.stage"),
        vec!["2/7", "2/7", "1/7", "not assigned"]
    );
    let doc = app.get_html("/?sort=stage&dir=asc").await;
    assert_eq!(
        texts(&doc, "table.roster td.stage"),
        vec!["1/7", "2/7", "2/7", "not assigned"]
    );
    assert_eq!(
        attr(&doc, "th[aria-sort=ascending] a", "href").unwrap(),
        "/?station=&platoon=&stage=&flag=&on_duty=&sort=stage&dir=desc"
    );

    // A member's home is their workout, never the roster.
    assert_eq!(pain.get("/").await.status(), StatusCode::OK);
    assert_eq!(text(&pain.get_html("/").await, "h1"), "Today");
}

#[actix_web::test]
async fn duty_filter_and_count_follow_the_rotation() {
    let app = spawn_app().await;
    app.coach().await;
    let today = chrono::Utc::now().with_timezone(&chrono_tz::America::New_York);
    // Anchor platoon A's cycle on the current shift day so A is on duty now.
    let shift_day = if today.time() < chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap() {
        today.date_naive() - Duration::days(1)
    } else {
        today.date_naive()
    };
    let anchor = shift_day.to_string();
    app.submit(
        "/settings/rotation",
        "/settings/rotation",
        &[
            ("preset", "24-48"),
            ("anchor", &anchor),
            ("change_time", "07:00"),
            ("platoons", "A"),
            ("platoons", "B"),
            ("platoons", "C"),
        ],
    )
    .await;
    create_crew_member(&app, "Alpha", "Station 1", Some("A"));
    create_crew_member(&app, "Bravo", "Station 1", Some("B"));
    create_crew_member(&app, "Gym Gus", "", None);
    let doc = app.get_html("/").await;
    assert_eq!(text(&doc, ".count-duty"), "1 on duty now");
    let doc = app.get_html("/?on_duty=yes").await;
    assert_eq!(texts(&doc, "table.roster td.name"), vec!["Alpha"]);
    let doc = app.get_html("/?on_duty=no").await;
    assert_eq!(
        texts(&doc, "table.roster td.name"),
        vec!["Bravo", "Gym Gus"]
    );
}
