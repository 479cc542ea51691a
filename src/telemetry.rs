//! How requests are logged. When a request ends, one event at a level that
//! fits the outcome names its method, route pattern (never the raw path,
//! which may carry an invitation token), the client's address and the
//! status. ERROR is kept for what an operator must act on: a failure of the
//! app. A redirect to the login page, a missing page, a form with errors, a
//! refused or rate-limited request are normal answers and log at debug, info
//! or warn. At debug level each request also gets a span with the same
//! fields around everything logged while it runs; at the default level
//! (info) an ordinary answer costs no logging work at all.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{Error, HttpRequest};
use tracing::{Instrument, Level};

use crate::auth::client;
use crate::error::AppError;

/// The route pattern a request matched, for the log.
fn route(request: &HttpRequest) -> String {
    request
        .match_pattern()
        .unwrap_or_else(|| "(no route)".to_string())
}

/// The request log (`middleware::from_fn`), outermost.
pub async fn log_requests(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    // The fields are only worked out when debug is on.
    let span = tracing::debug_span!(
        "request",
        method = %req.method(),
        route = %route(req.request()),
        client = %client::address(req.request()),
    );
    let method = req.method().clone();
    let outcome = next.call(req).instrument(span).await;
    let (status, error, request) = match &outcome {
        Ok(response) => (
            response.status(),
            response.response().error(),
            Some(response.request()),
        ),
        Err(error) => (error.as_response_error().status_code(), Some(error), None),
    };
    // An internal AppError logged its cause where it was turned into a page;
    // saying it again here would only double the line.
    let logged = error
        .and_then(|e| e.as_error::<AppError>())
        .is_some_and(|e| matches!(e, AppError::Internal(_)));
    let reason = || error.map(|e| e.to_string()).unwrap_or_default();
    let route = || request.map(route).unwrap_or_default();
    let client = || request.map(client::address).unwrap_or_default();
    let status_code = status.as_u16();
    macro_rules! answered {
        ($level:ident, $message:literal) => {
            tracing::$level!(
                %method,
                route = %route(),
                client = %client(),
                status = status_code,
                reason = %reason(),
                $message
            )
        };
    }
    match level_for(status, logged) {
        Some(Level::ERROR) => answered!(error, "request failed"),
        Some(Level::WARN) => answered!(warn, "request refused"),
        Some(Level::INFO) => answered!(info, "request answered"),
        Some(_) => answered!(debug, "request answered"),
        None => {}
    }
    outcome
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
