//! The operators' health check: answers 200 when the database answers.

use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;

use crate::db::{self, DbPool};
use crate::error::AppError;

pub async fn healthz(pool: web::Data<DbPool>) -> Result<HttpResponse, AppError> {
    db::run(&pool, |conn| Ok(conn.batch_execute("SELECT 1")?)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n"))
}
