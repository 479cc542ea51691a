//! One error type for every handler. Each kind answers with an HTML page in the
//! site layout; the cause of a 500 is logged, never shown.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("login required")]
    LoginRequired { next: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// Wraps any error as an internal one (logged, shown as a plain 500 page).
    pub fn internal<E: Into<anyhow::Error>>(err: E) -> AppError {
        AppError::Internal(err.into())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> AppError {
        match err {
            diesel::result::Error::NotFound => AppError::NotFound,
            other => AppError::Internal(other.into()),
        }
    }
}

/// The error page, in the site layout but without the signed-in header: an
/// error answers before the page knows who is asking.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: crate::web::Chrome,
    status: u16,
    title: &'static str,
    message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (title, message) = match self {
            AppError::LoginRequired { next } => {
                let location = format!(
                    "/login?{}",
                    serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default()
                );
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location))
                    .finish();
            }
            AppError::NotFound => (
                "Page not found",
                "There is nothing at this address. It may have been removed, or the link is wrong."
                    .to_string(),
            ),
            AppError::Forbidden(why) => ("Not allowed", (*why).to_string()),
            AppError::TooManyRequests { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60).max(1);
                (
                    "Too many attempts",
                    format!(
                        "Too many failed log-in attempts. Try again in {minutes} minute{}.",
                        if minutes == 1 { "" } else { "s" }
                    ),
                )
            }
            AppError::Busy { .. } => (
                "Busy",
                "The app is busy checking other passwords. Wait a few seconds and try again; nothing was changed."
                    .to_string(),
            ),
            AppError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                (
                    "Something went wrong",
                    "The app hit a problem and nothing was changed by this request. Try again; if it keeps happening, tell your coach."
                        .to_string(),
                )
            }
        };
        let page = ErrorPage {
            chrome: crate::web::Chrome::anonymous(),
            status: status.as_u16(),
            title,
            message,
        };
        let mut builder = HttpResponse::build(status);
        builder.content_type("text/html; charset=utf-8");
        if let AppError::TooManyRequests { retry_after_secs }
        | AppError::Busy { retry_after_secs } = self
        {
            builder.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        match page.render() {
            Ok(body) => builder.body(body),
            Err(err) => {
                tracing::error!(error = %err, "rendering the error page");
                builder.body(title)
            }
        }
    }
}
