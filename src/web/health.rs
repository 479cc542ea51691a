//! The operators' health check: answers 200 when the database answers.

use actix_web::HttpResponse;
use diesel::connection::SimpleConnection;

use super::PublicPage;
use crate::error::AppError;

pub async fn healthz(page: PublicPage) -> Result<HttpResponse, AppError> {
    page.read(|conn| Ok(conn.batch_execute("SELECT 1")?))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        // A monitor must see the server's answer, never a kept copy.
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .body("ok\n"))
}
