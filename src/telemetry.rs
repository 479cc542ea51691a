//! How requests are logged. Each request gets a span with its method, route
//! pattern (never the raw path, which may carry an invitation token), the
//! client's address and the status; when it ends, one event at a level that
//! fits the outcome. ERROR is kept for what an operator must act on: a
//! failure of the app. A redirect to the login page, a missing page, a form
//! with errors, a refused or rate-limited request are normal answers and log
//! at debug, info or warn.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::Error;
use tracing::{Level, Span};
use tracing_actix_web::RootSpanBuilder;

use crate::auth::client;
use crate::error::AppError;

/// The root span and end-of-request event for `TracingLogger`.
pub struct RequestSpans;

impl RootSpanBuilder for RequestSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "(no route)".to_string());
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            client = %client::address(request.request()),
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, error) = match outcome {
            Ok(response) => (response.status(), response.response().error()),
            Err(error) => (error.as_response_error().status_code(), Some(error)),
        };
        span.record("status", status.as_u16());
        // An internal AppError logged its cause where it was turned into a
        // page; saying it again here would only double the line.
        let logged = error
            .and_then(|e| e.as_error::<AppError>())
            .is_some_and(|e| matches!(e, AppError::Internal(_)));
        let reason = error.map(|e| e.to_string()).unwrap_or_default();
        let status = status.as_u16();
        match level_for(StatusCode::from_u16(status).unwrap_or_default(), logged) {
            Some(Level::ERROR) => tracing::error!(status, %reason, "request failed"),
            Some(Level::WARN) => tracing::warn!(status, %reason, "request refused"),
            Some(Level::INFO) => tracing::info!(status, %reason, "request answered"),
            Some(_) => tracing::debug!(status, %reason, "request answered"),
            None => {}
        }
    }
}

/// The level a finished request is logged at; `None` when its cause was
/// logged already.
pub fn level_for(status: StatusCode, cause_logged: bool) -> Option<Level> {
    match status.as_u16() {
        // Busy under a burst of logins: expected, but worth seeing.
        503 => Some(Level::WARN),
        500..=599 if cause_logged => None,
        500..=599 => Some(Level::ERROR),
        // A refusal: someone tried what they may not (or a forged form).
        403 => Some(Level::WARN),
        // The rate limit: the login handler warned when it locked.
        429 => Some(Level::INFO),
        // Malformed requests: a client's problem, not the app's.
        400 | 405 | 411 | 413 | 415 => Some(Level::INFO),
        // Pages, redirects (the login page among them), missing pages,
        // forms shown again with their errors.
        _ => Some(Level::DEBUG),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_for_failures_of_the_app_only() {
        let cases = [
            (200, false, Some(Level::DEBUG)),
            (303, false, Some(Level::DEBUG)),
            (404, false, Some(Level::DEBUG)),
            (410, false, Some(Level::DEBUG)),
            (422, false, Some(Level::DEBUG)),
            (400, false, Some(Level::INFO)),
            (413, false, Some(Level::INFO)),
            (429, false, Some(Level::INFO)),
            (403, false, Some(Level::WARN)),
            (503, false, Some(Level::WARN)),
            (500, false, Some(Level::ERROR)),
            (500, true, None),
            (502, false, Some(Level::ERROR)),
        ];
        for (status, logged, expected) in cases {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(level_for(status, logged), expected, "{status} {logged}");
        }
    }
}
