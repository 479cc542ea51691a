//! CSRF protection by synchronizer token: the token lives in the session and
//! in a hidden `csrf_token` field of every form. This middleware checks every
//! POST (and any other unsafe method) before a handler runs, so no handler can
//! forget; a missing or wrong token gets the 403 page.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, ResponseError};
use subtle::ConstantTimeEq;

use super::session::AppSession;
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";

pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let method = req.method();
    if method.is_safe() {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        // Too large, or cut off: answered as a response (drawn as a page by
        // the error pages), never passed on.
        Err(err) => {
            let response = err.error_response();
            return Ok(req.into_response(response).map_into_right_body());
        }
    };
    let expected = AppSession::from_request(req.request()).csrf_token_if_any();
    let given = serde_html_form::from_bytes::<Vec<(String, String)>>(&body)
        .ok()
        .and_then(|fields| fields.into_iter().find(|(k, _)| k == FIELD).map(|(_, v)| v));
    let valid = match (expected, given) {
        (Some(expected), Some(given)) => bool::from(expected.as_bytes().ct_eq(given.as_bytes())),
        _ => false,
    };
    if !valid {
        let response = AppError::Forbidden(
            "This form had expired or did not come from this app. Go back, reload the page and try again; nothing was saved.",
        )
        .error_response();
        return Ok(req.into_response(response).map_into_right_body());
    }
    req.set_payload(Payload::from(body));
    Ok(next.call(req).await?.map_into_left_body())
}
