//! A member's own data (issue 22, item 4): "Download my data" on their
//! history page, and the same download for the coordinator, for a member
//! who asks for it: JSON with every record about the member, or the same as
//! CSV files in one zip. Never kept by a browser or a proxy.

use std::io::Write;

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{Datelike, Timelike};
use serde::Serialize;

use super::{CoachPage, MemberPage};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::member_data::{MemberData, SetColumns};

/// The download's file name: the member's number, never their name.
fn filename(member_id: i32, ext: &str) -> String {
    format!("bridgework-member-{member_id}.{ext}")
}

fn json_download(data: &MemberData) -> Result<HttpResponse, AppError> {
    let body = serde_json::to_vec_pretty(data).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{}\"",
                filename(data.profile.id, "json")
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// Everything about the member who asks (404 for an account not linked
/// to a crew record).
async fn own_data(page: &MemberPage) -> Result<MemberData, AppError> {
    let department = page.department.name.clone();
    let now = page.now.naive_utc();
    let (_, data) = page
        .read_all(move |conn, user| {
            let member = Member::find_by_user(conn, user.id)?.ok_or(AppError::NotFound)?;
            Ok(MemberData::load(conn, member.id, &department, now)?)
        })
        .await?;
    Ok(data)
}

/// Everything about member `member_id`, for the coordinator (404 when
/// unknown).
async fn member_data(page: &CoachPage, member_id: i32) -> Result<MemberData, AppError> {
    let department = page.department.name.clone();
    let now = page.now.naive_utc();
    let (_, data) = page
        .read_all(move |conn, _| Ok(MemberData::load(conn, member_id, &department, now)?))
        .await?;
    page.record_access("their data download", vec![member_id])
        .await?;
    Ok(data)
}

/// GET /history/data.json: everything about the member who asks.
pub async fn mine(page: MemberPage) -> Result<HttpResponse, AppError> {
    json_download(&own_data(&page).await?)
}

/// GET /crew/{id}/data.json: the coordinator's copy of a member's data, to
/// hand to a member who asks for it.
pub async fn for_member(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    json_download(&member_data(&page, path.into_inner()).await?)
}

// ------------------------------------------------------ CSV files in a zip

/// Who entered a session, beside it in the sessions CSV.
#[derive(Serialize, Clone, Copy)]
struct EnteredBy<'a> {
    entered_by: &'a str,
}

/// Who recorded a range test, beside it in the range tests CSV.
#[derive(Serialize)]
struct TestedBy<'a> {
    tested_by: &'a str,
}

/// The account's columns beside the profile (empty without an account).
#[derive(Serialize, Default)]
struct AccountColumns<'a> {
    account_email: Option<&'a str>,
    account_name: Option<&'a str>,
    account_active: Option<bool>,
    account_created_at: Option<String>,
}

/// A correction of a range test with the copies as JSON text.
#[derive(Serialize)]
struct CorrectionRow<'a> {
    range_test_id: i32,
    action: &'a str,
    changed_by: &'a str,
    changed_at: String,
    before_json: String,
    after_json: String,
}

/// A CSV file from serialisable rows (a header from the first), each text
/// cell made safe for a spreadsheet as in the coaches' exports; CRLF rows.
fn csv_file<T: Serialize>(rows: impl IntoIterator<Item = T>) -> Result<Vec<u8>, AppError> {
    let mut plain = csv::Writer::from_writer(Vec::new());
    for row in rows {
        plain.serialize(row).map_err(AppError::internal)?;
    }
    let plain = plain
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(plain.as_slice());
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record.map_err(AppError::internal)?;
        out.write_record(record.iter().map(super::exports::text_cell))
            .map_err(AppError::internal)?;
    }
    out.into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))
}

/// The CSV files of a member's data, by file name.
fn csv_files(data: &MemberData) -> Result<Vec<(&'static str, Vec<u8>)>, AppError> {
    let account = data
        .account
        .as_ref()
        .map(|a| AccountColumns {
            account_email: Some(&a.email),
            account_name: Some(&a.name),
            account_active: Some(a.active),
            account_created_at: Some(a.created_at.to_string()),
        })
        .unwrap_or_default();
    let mut sessions = Vec::new();
    for s in &data.sessions {
        let by = EnteredBy {
            entered_by: &s.entered_by,
        };
        if s.sets.is_empty() {
            sessions.push((&s.session, by, SetColumns::default()));
        } else {
            for set in &s.sets {
                sessions.push((&s.session, by, SetColumns::from(set)));
            }
        }
    }
    let corrections = data.range_test_corrections.iter().map(|c| CorrectionRow {
        range_test_id: c.range_test_id,
        action: &c.action,
        changed_by: &c.changed_by,
        changed_at: c.changed_at.to_string(),
        before_json: c.before.to_string(),
        after_json: c.after.as_ref().map(|a| a.to_string()).unwrap_or_default(),
    });
    Ok(vec![
        ("profile.csv", csv_file([(&data.profile, account)])?),
        ("assignments.csv", csv_file(&data.assignments)?),
        ("sessions.csv", csv_file(sessions)?),
        ("stage_changes.csv", csv_file(&data.stage_changes)?),
        (
            "range_tests.csv",
            csv_file(data.range_tests.iter().map(|t| {
                (
                    &t.test,
                    TestedBy {
                        tested_by: &t.tested_by,
                    },
                )
            }))?,
        ),
        ("range_test_corrections.csv", csv_file(corrections)?),
        ("flags.csv", csv_file(&data.flags)?),
        (
            "statement_acknowledgements.csv",
            csv_file(&data.statement_acknowledgements)?,
        ),
        ("access_record.csv", csv_file(&data.access_record)?),
    ])
}

/// What the zip says about itself.
fn readme(data: &MemberData) -> String {
    format!(
        "Everything {} keeps about member #{} ({}), exported {} UTC.\r\n\
         One CSV file per kind of record; sessions.csv has one row per set.\r\n\
         {}\r\nAn empty file means there are no records of that kind.\r\n",
        data.department,
        data.profile.id,
        data.profile.name,
        data.exported_at.format("%Y-%m-%d %H:%M"),
        data.units_note,
    )
}

/// The member's data as CSV files in one zip (deflated), each stamped with
/// the export's time (the app's clock, never the file system's).
fn zip_bytes(data: &MemberData) -> Result<Vec<u8>, AppError> {
    let at = data.exported_at;
    let stamp = zip::DateTime::from_date_and_time(
        at.year().clamp(1980, 2107) as u16,
        at.month() as u8,
        at.day() as u8,
        at.hour() as u8,
        at.minute() as u8,
        at.second() as u8,
    )
    .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut files = vec![("README.txt", readme(data).into_bytes())];
    files.extend(csv_files(data)?);
    for (name, bytes) in files {
        zip.start_file(name, options).map_err(AppError::internal)?;
        zip.write_all(&bytes).map_err(AppError::internal)?;
    }
    Ok(zip.finish().map_err(AppError::internal)?.into_inner())
}

fn zip_download(data: &MemberData) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{}\"",
                filename(data.profile.id, "zip")
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(zip_bytes(data)?))
}

/// GET /history/data.zip: the member's own data as CSV files in a zip.
pub async fn mine_zip(page: MemberPage) -> Result<HttpResponse, AppError> {
    zip_download(&own_data(&page).await?)
}

/// GET /crew/{id}/data.zip: the same for the coordinator.
pub async fn for_member_zip(
    page: CoachPage,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    zip_download(&member_data(&page, path.into_inner()).await?)
}
