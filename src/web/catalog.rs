//! The catalog: the seven stages with their dose, load rule, rule for moving
//! up, cues and mistakes, read from the database the engine also reads.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use super::{render, Chrome, CoachingPage};
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

pub async fn list(page: CoachingPage) -> Result<HttpResponse, AppError> {
    let (user, stages) = page.read(|conn, _| Ok(Stage::all(conn)?)).await?;
    render(
        StatusCode::OK,
        &CatalogPage {
            chrome: page.chrome(&user)?,
            stages,
        },
    )
}

pub async fn stage(page: CoachingPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let number = path.into_inner();
    let (user, stage) = page
        .read(move |conn, _| Ok(Stage::find(conn, number)?))
        .await?;
    render(
        StatusCode::OK,
        &StagePage {
            chrome: page.chrome(&user)?,
            last: stage.id == crate::domain::progression::LAST_STAGE as i32,
            stage,
        },
    )
}
