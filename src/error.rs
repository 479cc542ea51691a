//! One error type for every handler. Each kind knows its status and the words
//! a person should read; `web::errors` puts those words into an HTML page in
//! the site layout. The cause of a 500 is logged, never shown.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// A form value that could not be read into its field (the field's name).
    #[error("bad request: the field {0:?} could not be read")]
    BadField(String),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("login required")]
    LoginRequired { next: String },
    /// A member who has not yet acknowledged the data-use statement in
    /// force: every member page sends them to read it first.
    #[error("the data-use statement is to be acknowledged first")]
    StatementRequired,
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

/// What an error page says: a title and a sentence. Attached to the error's
/// response so the web layer's error handler can draw the page.
#[derive(Debug, Clone)]
pub struct ErrorText {
    pub title: &'static str,
    pub message: String,
}

impl ErrorText {
    /// The words for a status that no `AppError` produced (actix's own 400,
    /// 404, 405, 413 ...).
    pub fn for_status(status: StatusCode) -> ErrorText {
        let (title, message) = match status.as_u16() {
            400 | 422 => (
                "The request could not be read",
                "Something in what was sent could not be read. Go back, reload the page and try again; nothing was saved.",
            ),
            403 => ("Not allowed", "You are not allowed to see or change this."),
            404 => (
                "Page not found",
                "There is nothing at this address. It may have been removed, or the link is wrong.",
            ),
            405 => ("Not allowed here", "This address does not take that kind of request."),
            413 => (
                "Too much at once",
                "What was sent is larger than this app accepts. Shorten it and try again; nothing was saved.",
            ),
            429 => ("Too many attempts", "Too many attempts. Wait a few minutes and try again."),
            s if s >= 500 => (
                "Something went wrong",
                "The app hit a problem and nothing was changed by this request. Try again; if it keeps happening, tell your coach.",
            ),
            _ => ("Something went wrong", "The request could not be completed."),
        };
        ErrorText {
            title,
            message: message.to_string(),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::BadRequest(_) | AppError::BadField(_) => StatusCode::BAD_REQUEST,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::LoginRequired { .. } | AppError::StatementRequired => StatusCode::SEE_OTHER,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let text = match self {
            AppError::LoginRequired { next } => {
                let location = format!(
                    "/login?{}",
                    serde_html_form::to_string([("next", next.as_str())]).unwrap_or_default()
                );
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, location))
                    .finish();
            }
            AppError::StatementRequired => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/statement"))
                    .finish();
            }
            AppError::Forbidden(why) | AppError::BadRequest(why) => ErrorText {
                title: if status == StatusCode::FORBIDDEN {
                    "Not allowed"
                } else {
                    "The request could not be read"
                },
                message: (*why).to_string(),
            },
            AppError::BadField(field) => ErrorText {
                title: "The request could not be read",
                message: format!(
                    "The field “{field}” could not be read. Go back, reload the page and try again; nothing was saved."
                ),
            },
            AppError::TooManyRequests { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60).max(1);
                ErrorText {
                    title: "Too many attempts",
                    message: format!(
                        "Too many failed log-in attempts. Try again in {minutes} minute{}.",
                        if minutes == 1 { "" } else { "s" }
                    ),
                }
            }
            AppError::Busy { .. } => ErrorText {
                title: "Busy",
                message: "The app is busy checking other passwords. Wait a few seconds and try again; nothing was changed."
                    .to_string(),
            },
            AppError::Internal(cause) => {
                tracing::error!(error = ?cause, "internal error");
                ErrorText::for_status(status)
            }
            AppError::NotFound => ErrorText::for_status(status),
        };
        let mut builder = HttpResponse::build(status);
        if let AppError::TooManyRequests { retry_after_secs }
        | AppError::Busy { retry_after_secs } = self
        {
            builder.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        let mut response = builder
            .content_type("text/plain; charset=utf-8")
            .body(text.message.clone());
        response.extensions_mut().insert(text);
        response
    }
}
