//! The catalog: the seven stages with their dose, load rule, rule for moving
//! up, cues and mistakes, read from the database the engine also reads; and
//! each stage's demonstration, which a coach sets here (a link to the
//! department's own video, or an image the app keeps) and every signed-in
//! person can see.

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use askama::Template;
use futures_util::TryStreamExt;
use serde::Deserialize;

use super::page::{Access, Page};
use super::{render, see_other, Chrome, CoachPage, CoachingPage, FieldErrors, Form, UserPage};
use crate::domain::demonstration::{check_image, MAX_IMAGE_BYTES, MAX_VIDEO_URL};
use crate::error::AppError;
use crate::models::demonstration::Demonstration;
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
    demonstration: Option<Demonstration>,
    /// The video link as typed (kept when refused).
    video_url: String,
    errors: FieldErrors,
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
    stage_page(&page, path.into_inner(), None, FieldErrors::default()).await
}

/// The stage's page, with the video link as typed (or as stored) and the
/// errors of a refused change.
async fn stage_page<A: Access>(
    page: &Page<A>,
    number: i32,
    typed_url: Option<String>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (user, (stage, demonstration)) = page
        .read(move |conn, _| {
            let stage = Stage::find(conn, number)?;
            Ok((stage, Demonstration::for_stage(conn, number)?))
        })
        .await?;
    let video_url = typed_url.unwrap_or_else(|| {
        demonstration
            .as_ref()
            .and_then(|d| d.video_url.clone())
            .unwrap_or_default()
    });
    render(
        errors.status(),
        &StagePage {
            chrome: page.chrome(&user)?,
            last: stage.id == crate::domain::progression::LAST_STAGE as i32,
            stage,
            demonstration,
            video_url,
            errors,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VideoForm {
    pub video_url: String,
}

/// Checks a demonstration video link: https, with a host, not too long.
/// Empty means "no video".
pub fn parse_video_url(text: &str) -> Result<Option<String>, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > MAX_VIDEO_URL {
        return Err("The link is too long.");
    }
    let url = url::Url::parse(text)
        .map_err(|_| "Enter the full address of the video, starting with https://")?;
    if url.scheme() != "https" {
        return Err("Only https links are accepted: the address must start with https://");
    }
    if url.host_str().is_none_or(str::is_empty) || !url.username().is_empty() {
        return Err("Enter the full address of the video, starting with https://");
    }
    Ok(Some(url.to_string()))
}

/// POST /catalog/{n}/demonstration/video: sets (or, empty, removes) the
/// link to the stage's video.
pub async fn save_video(
    page: CoachPage,
    path: web::Path<i32>,
    Form(form): Form<VideoForm>,
) -> Result<HttpResponse, AppError> {
    let number = path.into_inner();
    let url = match parse_video_url(&form.video_url) {
        Ok(url) => url,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("video_url", message);
            return stage_page(&page, number, Some(form.video_url), errors).await;
        }
    };
    let now = page.now.naive_utc();
    page.write(move |conn, user| {
        Stage::find(conn, number)?;
        Ok(Demonstration::set_video(
            conn,
            number,
            url.as_deref(),
            user.id,
            now,
        )?)
    })
    .await?;
    page.session.set_flash("Demonstration video saved.")?;
    Ok(see_other(&format!("/catalog/{number}")))
}

/// POST /catalog/{n}/demonstration/image (multipart): keeps the uploaded
/// image once its bytes show a PNG, JPEG or WebP of at most the limit.
pub async fn save_image(
    page: CoachPage,
    path: web::Path<i32>,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let number = path.into_inner();
    let mut image: Option<Vec<u8>> = None;
    while let Some(mut field) = form
        .try_next()
        .await
        .map_err(|_| AppError::BadRequest("The upload could not be read. Try again."))?
    {
        let is_image = field.name() == Some("image");
        let mut bytes = Vec::new();
        while let Some(chunk) = field
            .try_next()
            .await
            .map_err(|_| AppError::BadRequest("The upload could not be read. Try again."))?
        {
            // Past the limit only the fact that it is too large matters.
            if is_image && bytes.len() <= MAX_IMAGE_BYTES {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_image {
            image = Some(bytes);
        }
    }
    let kind = match check_image(image.as_deref().unwrap_or_default()) {
        Ok(kind) => kind,
        Err(e) => {
            let mut errors = FieldErrors::default();
            errors.add("image", e.message());
            return stage_page(&page, number, None, errors).await;
        }
    };
    let bytes = image.unwrap_or_default();
    let now = page.now.naive_utc();
    page.write(move |conn, user| {
        Stage::find(conn, number)?;
        Ok(Demonstration::set_image(
            conn, number, kind, &bytes, user.id, now,
        )?)
    })
    .await?;
    page.session.set_flash("Demonstration image saved.")?;
    Ok(see_other(&format!("/catalog/{number}")))
}

/// POST /catalog/{n}/demonstration/image/remove.
pub async fn remove_image(page: CoachPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let number = path.into_inner();
    page.write(move |conn, _| {
        Stage::find(conn, number)?;
        Ok(Demonstration::remove_image(conn, number)?)
    })
    .await?;
    page.session.set_flash("Demonstration image removed.")?;
    Ok(see_other(&format!("/catalog/{number}")))
}

/// GET /catalog/{n}/demonstration.img: the stage's image, for anyone signed
/// in (members see it on today's page), with the type its bytes showed and
/// `nosniff` (set on every response).
pub async fn image(page: UserPage, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let number = path.into_inner();
    let (_, found) = page
        .read(move |conn, _| Ok(Demonstration::image(conn, number)?))
        .await?;
    let (kind, bytes) = found.ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind.mime()))
        .insert_header((header::CACHE_CONTROL, "private, max-age=604800"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typed, kept or the refusal.
    #[test]
    fn rule_a_demonstration_video_is_an_https_link() {
        let cases: [(&str, Result<Option<&str>, ()>); 8] = [
            ("", Ok(None)),
            ("  ", Ok(None)),
            (
                "https://video.riverside-fire.example/bridge.mp4",
                Ok(Some("https://video.riverside-fire.example/bridge.mp4")),
            ),
            ("http://video.riverside-fire.example/bridge.mp4", Err(())),
            ("javascript:alert(1)", Err(())),
            ("video.example/bridge", Err(())),
            ("https://user:pw@video.example/x", Err(())),
            ("data:text/html,hi", Err(())),
        ];
        for (typed, expect) in cases {
            let got = parse_video_url(typed).map_err(|_| ());
            assert_eq!(got, expect.map(|u| u.map(str::to_string)), "{typed:?}");
        }
    }
}
