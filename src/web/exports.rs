//! CSV exports for coaches: the roster as filtered and sorted on the page,
//! the session log (one row per set), and the range tests with their derived
//! numbers and flags. Text cells are neutralised against spreadsheet formula
//! injection; units are the department's and named in the headers; dates
//! are ISO. The session log and range tests stream a few members at a time.

use std::sync::Arc;

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use askama::Template;
use chrono::NaiveDate;
use diesel::SqliteConnection;
use futures_util::stream;
use serde::Deserialize;

use super::roster::{self, Query as RosterQuery, Row};
use super::{render, Chrome, CoachingPage};
use crate::app::access::Viewer;
use crate::db::DbPool;
use crate::domain::progression::{Felt, Pain};
use crate::domain::range_test::{analyse, Side, Thresholds};
use crate::domain::today::local_today;
use crate::domain::units::{Height, Load, Units};
use crate::domain::Named;
use crate::error::AppError;
use crate::models::export::{self, ExportMember};
use crate::models::range_test::felt_labels;
use crate::models::session_log::outcome_code;

/// Members per page of a streamed export.
const MEMBERS_PER_PAGE: usize = 25;

/// A text cell made safe to open in a spreadsheet: a value starting with
/// `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula,
/// so it gets a leading apostrophe (OWASP's advice). Numbers the app writes
/// itself do not go through here.
pub fn text_cell(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// A UTF-8 byte-order mark, so that spreadsheet programs read accents right.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows end with CRLF, as RFC 4180 says.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    writer
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("writing CSV: {e}")))
}

fn attachment(filename: &str) -> (header::HeaderName, String) {
    (
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{filename}\""),
    )
}

const CSV_TYPE: &str = "text/csv; charset=utf-8";

/// Exports hold pain reports and notes: never kept by a browser or a proxy.
const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

// ------------------------------------------------------------------ roster

/// The roster CSV: the page's query string gives the same rows in the same
/// order, with every column the page shows.
pub async fn roster_csv(
    page: CoachingPage,
    query: web::Query<RosterQuery>,
) -> Result<HttpResponse, AppError> {
    let department = page.department.clone();
    let now = page.now;
    let (_, all) = page
        .read_all(move |conn, user| {
            let viewer = Viewer::of(conn, user)?;
            let rows = roster::all_rows(conn, &department, now)?;
            Ok(viewer.keep(rows, |r| (r.member_id, &r.station)))
        })
        .await?;
    let rows = roster::shown(all, &query);
    page.record_access("roster export", rows.iter().map(|r| r.member_id).collect())
        .await?;
    let unit = page.department.units().length_unit();
    let today = local_today(page.department.tz(), page.now);
    let body = web::block(move || roster_body(&rows, unit))
        .await
        .map_err(AppError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type(CSV_TYPE)
        .insert_header(NO_STORE)
        .insert_header(attachment(&format!("roster-{today}.csv")))
        .body(body))
}

fn roster_body(rows: &[Row], unit: &str) -> Result<Vec<u8>, AppError> {
    let mut w = csv_writer();
    let header = [
        "Name".to_string(),
        "Station".to_string(),
        "Platoon".to_string(),
        "On duty".to_string(),
        "Stage".to_string(),
        "Last session".to_string(),
        "Sessions logged (28 days)".to_string(),
        "Sessions scheduled (28 days)".to_string(),
        "Adherence %".to_string(),
        "Extra sessions (28 days)".to_string(),
        "Asymmetry %".to_string(),
        format!("True extension left ({unit})"),
        format!("True extension right ({unit})"),
        "Flags".to_string(),
    ];
    let csv_err = |e: csv::Error| AppError::internal(anyhow::anyhow!("writing CSV: {e}"));
    w.write_record(&header).map_err(csv_err)?;
    for r in rows {
        let (logged, scheduled, extra) = r
            .adherence
            .map(|a| {
                (
                    a.done.to_string(),
                    a.scheduled.to_string(),
                    a.extra.to_string(),
                )
            })
            .unwrap_or_default();
        let pct = r
            .adherence
            .and_then(|a| a.percent())
            .map(|p| p.to_string())
            .unwrap_or_default();
        let (left, right) = r
            .true_extension
            .map(|(l, rt)| (one_decimal(l, r.units), one_decimal(rt, r.units)))
            .unwrap_or_default();
        let flags: Vec<&str> = r.flags.iter().map(|f| f.label()).collect();
        w.write_record([
            text_cell(&r.name),
            text_cell(&r.station),
            text_cell(&r.platoon),
            match r.on_duty {
                Some(d) => yes_no(d).to_string(),
                None => String::new(),
            },
            r.stage.map(|s| s.to_string()).unwrap_or_default(),
            r.last_session.map(|d| d.to_string()).unwrap_or_default(),
            logged,
            scheduled,
            pct,
            extra,
            r.asymmetry.map(|a| format!("{a:.1}")).unwrap_or_default(),
            left,
            right,
            flags.join("; "),
        ])
        .map_err(csv_err)?;
    }
    let mut out = BOM.to_vec();
    out.extend(finish(w)?);
    Ok(out)
}

// ------------------------------------------------------- streamed exports

/// A page writer: the rows of a few members into the CSV writer.
type PageFn = dyn Fn(&mut SqliteConnection, &[ExportMember], &mut csv::Writer<Vec<u8>>) -> Result<(), AppError>
    + Send
    + Sync;

/// Streams a CSV: the header first, then one page of members at a time,
/// each read and written on the blocking pool. Memory stays at one page.
fn stream_csv(
    pool: DbPool,
    members: Vec<ExportMember>,
    header: Vec<String>,
    page: Arc<PageFn>,
    filename: &str,
) -> HttpResponse {
    let members = Arc::new(members);
    let chunks = stream::unfold(
        (0usize, Some(header)),
        move |(offset, header): (usize, Option<Vec<String>>)| {
            let pool = pool.clone();
            let members = members.clone();
            let page = page.clone();
            async move {
                if header.is_none() && offset >= members.len() {
                    return None;
                }
                let end = (offset + MEMBERS_PER_PAGE).min(members.len());
                let first = header.is_some();
                let result = crate::db::run(&pool, move |conn| {
                    let mut w = csv_writer();
                    if let Some(header) = header {
                        w.write_record(&header)
                            .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
                    }
                    page(conn, &members[offset..end], &mut w)?;
                    let mut bytes = if first { BOM.to_vec() } else { Vec::new() };
                    bytes.extend(finish(w)?);
                    Ok(bytes)
                })
                .await;
                Some(match result {
                    Ok(bytes) => (Ok(Bytes::from(bytes)), (end, None)),
                    Err(e) => {
                        tracing::error!(error = %e, "export stopped");
                        // End the stream after the error.
                        (
                            Err(actix_web::error::ErrorInternalServerError("export failed")),
                            (usize::MAX, None),
                        )
                    }
                })
            }
        },
    );
    HttpResponse::Ok()
        .content_type(CSV_TYPE)
        .insert_header(NO_STORE)
        .insert_header(attachment(filename))
        .streaming(chunks)
}

#[derive(Deserialize, Default, Clone)]
pub struct SessionQuery {
    #[serde(default)]
    pub member: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// The members an export covers that the viewer may see: one (404 when
/// unknown or not theirs, 403 for an officer), or all of theirs.
fn members_for(
    conn: &mut SqliteConnection,
    user: &crate::models::user::User,
    only: Option<i32>,
) -> Result<Vec<ExportMember>, AppError> {
    let viewer = Viewer::of(conn, user)?;
    if let Some(id) = only {
        viewer.check(conn, id)?;
    }
    Ok(viewer.keep(export::members(conn, only)?, |m| (m.id, &m.station)))
}

/// An export's query was not understood: say which part, with a link back.
#[derive(Template)]
#[template(path = "exports/invalid.html")]
struct InvalidPage {
    chrome: Chrome,
    message: String,
}

/// The 422 page for an export query that was not understood.
async fn invalid(page: &CoachingPage, message: String) -> Result<HttpResponse, AppError> {
    let user = page.user().await?;
    render(
        StatusCode::UNPROCESSABLE_ENTITY,
        &InvalidPage {
            chrome: page.chrome(&user)?,
            message,
        },
    )
}

fn parse_member(text: &str) -> Result<Option<i32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| "The member in the link is not a number.".to_string())
}

fn parse_date(text: &str, which: &str) -> Result<Option<NaiveDate>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("The {which} date must look like 2026-03-31."))
}

/// The session log: one row per set with the session's fields, for the
/// whole department or one member (`member`), between `from` and `to`.
pub async fn sessions_csv(
    page: CoachingPage,
    query: web::Query<SessionQuery>,
) -> Result<HttpResponse, AppError> {
    let parsed = parse_member(&query.member).and_then(|m| {
        let from = parse_date(&query.from, "from")?;
        let to = parse_date(&query.to, "to")?;
        match (from, to) {
            (Some(f), Some(t)) if f > t => {
                Err("The from date must come before the to date.".to_string())
            }
            _ => Ok((m, from, to)),
        }
    });
    let (member, from, to) = match parsed {
        Ok(p) => p,
        Err(message) => return invalid(&page, message).await,
    };
    let (_, members) = page
        .read(move |conn, user| members_for(conn, user, member))
        .await?;
    page.record_access("sessions export", members.iter().map(|m| m.id).collect())
        .await?;
    let units = page.department.units();
    let tz = page.department.tz();
    let load_unit = units.load_unit();
    let header: Vec<String> = [
        "Member",
        "Station",
        "Platoon",
        "Date",
        "Stage",
        "Status",
        "As prescribed",
        "Felt in",
        "Pain",
        "Cramp",
        "Good form",
        "Effort (1-10)",
        "Outcome",
        "Outcome stage",
        "Fixes",
        "Entered by",
        "Note",
        "Set",
        "Reps (left leg on per-leg stages)",
        "Reps right leg",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([
        format!("Load ({load_unit})"),
        "Hold (s)".to_string(),
        "Readiness on shift".to_string(),
        "Lighter session".to_string(),
        "Voided (date: reason)".to_string(),
    ])
    .collect();
    let filename = match (&members[..], member) {
        ([one], Some(_)) => format!("sessions-{}.csv", slug(&one.name)),
        _ => "sessions.csv".to_string(),
    };
    let chunk: Arc<PageFn> = Arc::new(move |conn, members, w| {
        let ids: Vec<i32> = members.iter().map(|m| m.id).collect();
        let lines = export::session_lines(conn, &ids, from, to)?;
        for m in members {
            for (row, entered_by, set) in lines.iter().filter(|(r, _, _)| r.member_id == m.id) {
                write_set_line(w, m, row, entered_by, set.as_ref(), units, tz)?;
            }
        }
        Ok(())
    });
    Ok(stream_csv(
        page.pool().clone(),
        members,
        header,
        chunk,
        &filename,
    ))
}

fn write_set_line(
    w: &mut csv::Writer<Vec<u8>>,
    m: &ExportMember,
    row: &crate::models::session_log::SessionRow,
    entered_by: &str,
    set: Option<&crate::models::session_log::SetRow>,
    units: Units,
    tz: chrono_tz::Tz,
) -> Result<(), AppError> {
    let felt: Vec<&str> = row
        .felt_list()
        .iter()
        .map(|f| match f {
            Felt::Glutes => "glutes",
            Felt::Hamstrings => "hamstrings",
            Felt::LowerBack => "lower back",
            Felt::Quads => "quads",
        })
        .collect();
    let fixes: Vec<&str> = row.fix_list().iter().map(|f| f.label()).collect();
    let (outcome, outcome_stage, _) = outcome_code(&row.decision()?);
    let pain = match row.pain {
        Pain::None => "none",
        Pain::LowerBack => "lower back",
        Pain::HipJoint => "hip joint",
        Pain::Knee => "knee",
    };
    let opt = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
    w.write_record([
        text_cell(&m.name),
        text_cell(&m.station),
        text_cell(m.platoon.as_deref().unwrap_or("")),
        row.trained_on.to_string(),
        row.stage.to_string(),
        row.stopped_text()
            .unwrap_or_else(|| row.status.as_str().to_string()),
        yes_no(row.as_prescribed).to_string(),
        felt.join(", "),
        pain.to_string(),
        yes_no(row.cramp).to_string(),
        yes_no(row.good_form).to_string(),
        opt(row.effort),
        outcome.to_string(),
        opt(outcome_stage),
        fixes.join("; "),
        text_cell(entered_by),
        text_cell(&row.note),
        opt(set.map(|s| s.set_number)),
        opt(set.map(|s| s.reps)),
        opt(set.and_then(|s| s.reps_other_side)),
        set.map(|s| Load::from_grams(s.load_grams as i64).number(units))
            .unwrap_or_default(),
        opt(set.map(|s| s.hold_seconds)),
        row.readiness()?.map(|r| r.phrase()).unwrap_or_default(),
        yes_no(row.lighter).to_string(),
        row.voided_at
            .map(|at| {
                let day = crate::domain::today::local(tz, at).date();
                text_cell(&format!("{day}: {}", row.void_reason))
            })
            .unwrap_or_default(),
    ])
    .map_err(|e| AppError::internal(anyhow::anyhow!("writing CSV: {e}")))
}

#[derive(Deserialize, Default, Clone)]
pub struct TestQuery {
    #[serde(default)]
    pub member: String,
}

/// Every range test with the derived numbers and flags, for the whole
/// department or one member.
pub async fn range_tests_csv(
    page: CoachingPage,
    query: web::Query<TestQuery>,
) -> Result<HttpResponse, AppError> {
    let member = match parse_member(&query.member) {
        Ok(m) => m,
        Err(message) => return invalid(&page, message).await,
    };
    let (_, members) = page
        .read(move |conn, user| members_for(conn, user, member))
        .await?;
    page.record_access("range tests export", members.iter().map(|m| m.id).collect())
        .await?;
    let units = page.department.units();
    let thresholds = page.department.thresholds();
    let u = units.length_unit();
    let mut header: Vec<String> = ["Member", "Station", "Platoon", "Date"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend([
        format!("A double-leg ({u})"),
        format!("B 90/90 left ({u})"),
        format!("B 90/90 right ({u})"),
        format!("C knee hugged left ({u})"),
        format!("C knee hugged right ({u})"),
        format!("Compensation B-C left ({u})"),
        "Compensation left % of B".to_string(),
        format!("Compensation B-C right ({u})"),
        "Compensation right % of B".to_string(),
        "C left % of A".to_string(),
        "C right % of A".to_string(),
        "Asymmetry %".to_string(),
        "Weaker side".to_string(),
        "Felt in A".to_string(),
        "Felt in B".to_string(),
        "Felt in C".to_string(),
        "Cramp".to_string(),
        "Pain".to_string(),
        "Pain where".to_string(),
        "Flags".to_string(),
        "Notes".to_string(),
        "Tested by".to_string(),
    ]);
    let filename = match (&members[..], member) {
        ([one], Some(_)) => format!("range-tests-{}.csv", slug(&one.name)),
        _ => "range-tests.csv".to_string(),
    };
    let chunk: Arc<PageFn> = Arc::new(move |conn, members, w| {
        let ids: Vec<i32> = members.iter().map(|m| m.id).collect();
        let tests = export::range_tests(conn, &ids)?;
        for m in members {
            for (test, by) in tests.iter().filter(|(t, _)| t.member_id == m.id) {
                write_test(w, m, test, by, units, &thresholds)?;
            }
        }
        Ok(())
    });
    Ok(stream_csv(
        page.pool().clone(),
        members,
        header,
        chunk,
        &filename,
    ))
}

fn write_test(
    w: &mut csv::Writer<Vec<u8>>,
    m: &ExportMember,
    test: &crate::models::range_test::RangeTest,
    by: &str,
    units: Units,
    thresholds: &Thresholds,
) -> Result<(), AppError> {
    let f = &test.fields;
    let a = analyse(&f.input(), thresholds);
    let h = |height: Height| one_decimal(height, units);
    let pct = |p: Option<f64>| p.map(|p| format!("{p:.1}")).unwrap_or_default();
    let flags: Vec<String> = a
        .flags
        .iter()
        .map(|flag| format!("{}: {}", flag.title(), flag.measured_text()))
        .collect();
    w.write_record([
        text_cell(&m.name),
        text_cell(&m.station),
        text_cell(m.platoon.as_deref().unwrap_or("")),
        f.tested_on.to_string(),
        h(f.double_leg()),
        h(f.ninety_left()),
        h(f.ninety_right()),
        h(f.hugged_left()),
        h(f.hugged_right()),
        one_decimal(a.left.compensation, units),
        pct(a.left.compensation_pct),
        one_decimal(a.right.compensation, units),
        pct(a.right.compensation_pct),
        pct(a.left.pct_of_double_leg),
        pct(a.right.pct_of_double_leg),
        format!("{:.1}", a.asymmetry_pct),
        a.weaker_side
            .map(|s: Side| s.as_str().to_string())
            .unwrap_or_default(),
        felt_labels(&f.felt_a),
        felt_labels(&f.felt_b),
        felt_labels(&f.felt_c),
        yes_no(f.cramp).to_string(),
        yes_no(f.pain).to_string(),
        text_cell(&f.pain_where),
        flags.join("; "),
        text_cell(&f.notes),
        text_cell(by),
    ])
    .map_err(|e| AppError::internal(anyhow::anyhow!("writing CSV: {e}")))?;
    Ok(())
}

/// A height that may be negative (C above B), as a plain number.
/// A height (or a difference of heights) with one decimal, whole numbers
/// too, so a spreadsheet reads the column as one kind ("6.0", "-0.5").
fn one_decimal(height: Height, units: Units) -> String {
    format!("{:.1}", height.in_units(units))
}

/// A file-name-safe form of a name: "Sam O'Neill" -> "sam-oneill".
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if (c == ' ' || c == '-') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "member".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_the_rest_kept() {
        let cases = [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Sam Ortiz", "Sam Ortiz"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(text_cell(input), expected, "{input:?}");
        }
    }

    #[test]
    fn slugs_are_file_name_safe() {
        assert_eq!(slug("Sam O'Neill"), "sam-oneill");
        assert_eq!(slug("  =cmd|' /C calc'!A0"), "cmd-c-calca0");
        assert_eq!(slug("!!!"), "member");
    }
}
