//! CSV exports: each opens with the csv crate with the right number of rows,
//! formula-like names are neutralised, and only coaches may download.

use bridgework::auth::password;
use bridgework::demo::{self, DemoOptions, DEMO_COACH_EMAIL, DEMO_PASSWORD};
use bridgework::models::member::{Member, MemberFields};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

const EVIL: &str = "=HYPERLINK(\"x\")";

/// A small demo department (two pages of a streamed export), one member renamed to a formula, the demo coach
/// logged in. Returns the renamed member's id.
async fn department(app: &TestApp) -> i32 {
    let hash = password::hash(DEMO_PASSWORD).unwrap();
    let mut conn = app.pool.get().unwrap();
    let options = DemoOptions {
        members: 30,
        weeks: 8,
        seed: 7,
    };
    demo::generate(&mut conn, options, app.clock.now(), &hash, &mut || {}).unwrap();
    let member = Member::find(&mut conn, 9).unwrap();
    Member::update(
        &mut conn,
        member.id,
        &MemberFields {
            name: EVIL.to_string(),
            station: member.station.clone(),
            platoon: member.platoon.map(|p| p.to_string()),
            start_date: member.start_date,
            notes: member.notes.clone(),
        },
    )
    .unwrap();
    drop(conn);
    assert_redirect(&app.login_with(DEMO_COACH_EMAIL, DEMO_PASSWORD).await, "/");
    member.id
}

async fn csv_of(app: &TestApp, path: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    let body = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let rows = reader.records().map(|r| r.unwrap()).collect();
    (header, rows)
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn count_sql(app: &TestApp, sql: &str) -> usize {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.pool.get().unwrap();
    diesel::sql_query(sql).get_result::<N>(&mut conn).unwrap().n as usize
}

#[actix_web::test]
async fn the_roster_csv_follows_the_page_filters_and_neutralises_formulas() {
    let app = spawn_app().await;
    department(&app).await;

    let (header, rows) = csv_of(&app, "/exports/roster.csv").await;
    assert_eq!(rows.len(), 30);
    assert!(
        header.contains(&"True extension left (in)".to_string()),
        "{header:?}"
    );
    for side in ["True extension left (in)", "True extension right (in)"] {
        let i = column(&header, side);
        for cell in rows.iter().map(|r| &r[i]).filter(|c| !c.is_empty()) {
            assert_eq!(
                cell.split_once('.').map(|(_, d)| d.len()),
                Some(1),
                "{side}: {cell:?}"
            );
        }
    }
    let name = column(&header, "Name");
    let names: Vec<&str> = rows.iter().map(|r| &r[name]).collect();
    assert!(names.contains(&"'=HYPERLINK(\"x\")"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with('=')));

    // The same query as the page gives the same members in the same order.
    let query = "station=Station+1&sort=stage&dir=desc";
    let page = app.get_html(&format!("/?{query}")).await;
    let (_, filtered) = csv_of(&app, &format!("/exports/roster.csv?{query}")).await;
    let on_page = texts(&page, "table.roster tbody td.name");
    let in_csv: Vec<String> = filtered
        .iter()
        .map(|r| r[name].trim_start_matches('\'').to_string())
        .collect();
    assert_eq!(in_csv, on_page);
    assert!(filtered
        .iter()
        .all(|r| &r[column(&header, "Station")] == "Station 1"));
    // The page links to the CSV of what it shows.
    assert_eq!(
        attr(&page, "a.export-roster", "href").as_deref(),
        Some("/exports/roster.csv?station=Station+1&platoon=&stage=&flag=&on_duty=&sort=stage&dir=desc")
    );
}

#[actix_web::test]
async fn the_session_log_csv_has_one_row_per_set_for_the_department_or_one_member() {
    let app = spawn_app().await;
    let evil = department(&app).await;

    let sets = count_sql(&app, "SELECT count(*) AS n FROM session_sets");
    let bare = count_sql(
        &app,
        "SELECT count(*) AS n FROM session_logs s WHERE NOT EXISTS (SELECT 1 FROM session_sets t WHERE t.session_id = s.id)",
    );
    let (header, rows) = csv_of(&app, "/exports/sessions.csv").await;
    assert_eq!(rows.len(), sets + bare);
    assert!(header.contains(&"Load (lb)".to_string()), "{header:?}");
    let date = column(&header, "Date");
    assert!(rows
        .iter()
        .all(|r| chrono::NaiveDate::parse_from_str(&r[date], "%Y-%m-%d").is_ok()));

    // One member, in a date range.
    let (from, to) = {
        let mut conn = app.pool.get().unwrap();
        let days: Vec<chrono::NaiveDate> = bridgework::schema::session_logs::table
            .filter(bridgework::schema::session_logs::member_id.eq(evil))
            .select(bridgework::schema::session_logs::trained_on)
            .order(bridgework::schema::session_logs::trained_on)
            .load(&mut conn)
            .unwrap();
        assert!(days.len() >= 4, "the member has sessions");
        (days[1], days[days.len() - 2])
    };
    let expected = count_sql(
        &app,
        &format!(
            "SELECT count(*) AS n FROM session_sets t JOIN session_logs s ON s.id = t.session_id \
             WHERE s.member_id = {evil} AND s.trained_on BETWEEN '{from}' AND '{to}'"
        ),
    ) + count_sql(
        &app,
        &format!(
            "SELECT count(*) AS n FROM session_logs s WHERE s.member_id = {evil} \
             AND s.trained_on BETWEEN '{from}' AND '{to}' \
             AND NOT EXISTS (SELECT 1 FROM session_sets t WHERE t.session_id = s.id)"
        ),
    );
    let (_, mine) = csv_of(
        &app,
        &format!("/exports/sessions.csv?member={evil}&from={from}&to={to}"),
    )
    .await;
    assert_eq!(mine.len(), expected);
    let member = column(&header, "Member");
    assert!(mine.iter().all(|r| &r[member] == "'=HYPERLINK(\"x\")"));
    assert!(mine.iter().all(|r| {
        let d = chrono::NaiveDate::parse_from_str(&r[date], "%Y-%m-%d").unwrap();
        from <= d && d <= to
    }));

    // Bad input: a clear page with 422; an unknown member is 404.
    let bad = app.get("/exports/sessions.csv?from=31/12/2026").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&html(bad).await, ".message").contains("2026-03-31"));
    assert_eq!(
        app.get("/exports/sessions.csv?member=99999").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn the_range_test_csv_lists_every_test_with_derived_numbers() {
    let app = spawn_app().await;
    department(&app).await;
    let tests = count_sql(&app, "SELECT count(*) AS n FROM range_tests");
    assert!(tests > 0);
    let (header, rows) = csv_of(&app, "/exports/range-tests.csv").await;
    assert_eq!(rows.len(), tests);
    for name in [
        "C knee hugged left (in)",
        "Asymmetry %",
        "Flags",
        "Compensation left % of B",
    ] {
        column(&header, name);
    }
    let member = column(&header, "Member");
    assert!(rows.iter().any(|r| &r[member] == "'=HYPERLINK(\"x\")"));
    assert!(!rows.iter().any(|r| r[member].starts_with('=')));
    let asymmetry = column(&header, "Asymmetry %");
    assert!(rows.iter().all(|r| r[asymmetry].parse::<f64>().is_ok()));
    // Every height has one decimal, whole numbers too ("6.0", never "6"
    // beside "6.3"), so a spreadsheet reads the column as one kind.
    let heights: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.ends_with("(in)"))
        .map(|(i, _)| i)
        .collect();
    assert!(heights.len() >= 5, "{header:?}");
    for row in &rows {
        for &i in &heights {
            let cell = &row[i];
            let decimals = cell.split_once('.').map(|(_, d)| d.len());
            assert_eq!(decimals, Some(1), "height {cell:?} in {:?}", header[i]);
        }
    }
}

#[actix_web::test]
async fn members_cannot_download_exports() {
    let app = spawn_app().await;
    app.member("sam@station.test", "Sam Ortiz").await;
    for path in [
        "/exports/roster.csv",
        "/exports/sessions.csv",
        "/exports/range-tests.csv",
    ] {
        assert_eq!(
            app.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}
