//! The catalog: the seven stages with their dose, load rule, rule for moving
//! up, cues and mistakes, read from the database the engine also reads.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use super::{render, Chrome};
use crate::auth::{AppSession, CurrentCoach};
use crate::db::{self, DbPool};
use crate::error::AppError;
use crate::models::stage::Stage;

#[derive(Template)]
#[template(path = "catalog/list.html")]
struct CatalogPage {
    chrome: Chrome,
    stages: Vec<Stage>,
}

#[derive(Template)]
#[template(path = "catalog/stage.html")]
struct StagePage {
    chrome: Chrome,
    stage: Stage,
    last: bool,
}

pub async fn list(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
) -> Result<HttpResponse, AppError> {
    let stages = db::run(&pool, |conn| Ok(Stage::all(conn)?)).await?;
    render(
        StatusCode::OK,
        &CatalogPage {
            chrome: Chrome::new(&session, &current)?,
            stages,
        },
    )
}

pub async fn stage(
    CurrentCoach(current): CurrentCoach,
    session: AppSession,
    pool: web::Data<DbPool>,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let number = path.into_inner();
    let stage = db::run(&pool, move |conn| Ok(Stage::find(conn, number)?)).await?;
    render(
        StatusCode::OK,
        &StagePage {
            chrome: Chrome::new(&session, &current)?,
            last: stage.id == crate::domain::progression::LAST_STAGE as i32,
            stage,
        },
    )
}
