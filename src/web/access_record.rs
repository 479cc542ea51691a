//! The whole record of access, for the fitness coordinator: who opened
//! which member's data, when, newest first, a page at a time. Read only:
//! no page edits or deletes a line.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{render, Chrome, CoachPage};
use crate::error::AppError;
use crate::models::access_record::{self, NamedRecord};

/// Lines per page.
const PER_PAGE: i64 = 100;

#[derive(Deserialize, Default)]
pub struct RecordQuery {
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "access/record.html")]
struct RecordPage {
    chrome: Chrome,
    lines: Vec<NamedRecord>,
    /// 1-based.
    page: i64,
    pages: i64,
    total: i64,
    tz: chrono_tz::Tz,
}

impl RecordPage {
    fn local(&self, at: &chrono::NaiveDateTime) -> String {
        crate::domain::today::moment_text(crate::domain::today::local(self.tz, *at))
    }
}

pub async fn record(
    page: CoachPage,
    query: web::Query<RecordQuery>,
) -> Result<HttpResponse, AppError> {
    // A page number that is not one is the first page.
    let wanted = query.page.trim().parse::<i64>().unwrap_or(1).max(1);
    let (user, (total, lines, at)) = page
        .read(move |conn, _| {
            let total = access_record::count(conn)?;
            let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
            let at = wanted.min(pages);
            Ok((
                total,
                access_record::page(conn, (at - 1) * PER_PAGE, PER_PAGE)?,
                at,
            ))
        })
        .await?;
    render(
        StatusCode::OK,
        &RecordPage {
            chrome: page.chrome(&user)?,
            lines,
            page: at,
            pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
            total,
            tz: page.department.tz(),
        },
    )
}
