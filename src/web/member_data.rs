//! A member's own data (issue 22, item 4): "Download my data" on their
//! history page, and the same download for the coordinator, for a member
//! who asks for it. JSON with every record about the member; never kept by
//! a browser or a proxy.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use super::{CoachPage, MemberPage};
use crate::error::AppError;
use crate::models::member::Member;
use crate::models::member_data::MemberData;

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

/// GET /history/data.json: everything about the member who asks.
pub async fn mine(page: MemberPage) -> Result<HttpResponse, AppError> {
    let department = page.department.name.clone();
    let now = page.now.naive_utc();
    let (_, data) = page
        .read(move |conn, user| {
            let member = Member::find_by_user(conn, user.id)?.ok_or(AppError::NotFound)?;
            Ok(MemberData::load(conn, member.id, &department, now)?)
        })
        .await?;
    json_download(&data)
}

/// GET /crew/{id}/data.json: the coordinator's copy of a member's data, to
/// hand to a member who asks for it.
pub async fn for_member(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let member_id = path.into_inner();
    let department = page.department.name.clone();
    let now = page.now.naive_utc();
    let (_, data) = page
        .read(move |conn, _| Ok(MemberData::load(conn, member_id, &department, now)?))
        .await?;
    json_download(&data)
}
