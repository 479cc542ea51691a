//! Error pages: every 4xx or 5xx answer that is not already a page (an
//! `AppError`, or actix's own 400, 404, 405, 413) is drawn as an HTML page
//! in the site layout, with the words the error carries.

use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers};
use askama::Template;

use super::Chrome;
use crate::error::ErrorText;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    title: &'static str,
    message: String,
}

/// The middleware that turns error answers into pages.
pub fn handlers<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(page)
}

fn page<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let text = res
        .response()
        .extensions()
        .get::<ErrorText>()
        .cloned()
        .unwrap_or_else(|| ErrorText::for_status(status));
    let body = ErrorPage {
        chrome: Chrome::anonymous(),
        status: status.as_u16(),
        title: text.title,
        message: text.message,
    }
    .render()
    .unwrap_or_else(|err| {
        tracing::error!(error = %err, "rendering the error page");
        text.title.to_string()
    });
    let (req, res) = res.into_parts();
    let mut res = res.set_body(body);
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, res)
            .map_into_boxed_body()
            .map_into_right_body(),
    ))
}
