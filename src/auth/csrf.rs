//! CSRF protection by synchronizer token: the token lives in the logged-in
//! session and in a hidden `csrf_token` field of every form. This middleware
//! checks every POST (and any other unsafe method) before a handler runs, so
//! no handler can forget; a missing or wrong token gets the 403 page.
//!
//! Before login there is no stored session: the forms then carry the
//! pre-login token, which must match the browser's pre-login cookie (double
//! submit). The middleware also sets that cookie when a page made a new one.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse};
use subtle::ConstantTimeEq;

use super::session::{cookie_policy, AppSession, IssuedPreLoginToken};
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";

/// How long a body may take when the app state does not say.
const DEFAULT_BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The token as a page carries it: a fresh random pad, then the token
/// XORed with it (base64url), so no two responses hold the same secret bytes
/// and a compressed page that reflects input cannot be probed for it
/// (BREACH). Every masked form of the token is accepted.
pub fn mask(token: &str) -> String {
    use base64::Engine;
    let pad = crate::token::bytes(token.len());
    let mut out = pad.clone();
    out.extend(token.bytes().zip(&pad).map(|(t, p)| t ^ p));
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
}

/// The token a masked form stands for, if `given` is one.
pub fn unmask(given: &str) -> Option<String> {
    unmask_bytes(given).and_then(|token| String::from_utf8(token).ok())
}

fn unmask_bytes(given: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(given)
        .ok()?;
    if raw.is_empty() || raw.len() % 2 != 0 {
        return None;
    }
    let (pad, masked) = raw.split_at(raw.len() / 2);
    Some(masked.iter().zip(pad).map(|(m, p)| m ^ p).collect())
}

/// Whether a form's token is the expected one, masked (as pages now carry
/// it) or bare (a page drawn before masking).
fn matches(expected: &str, given: &str) -> bool {
    let expected = expected.as_bytes();
    let masked = unmask_bytes(given).is_some_and(|token| bool::from(expected.ct_eq(&token)));
    masked | bool::from(expected.ct_eq(given.as_bytes()))
}

pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if !req.method().is_safe() {
        // The body must arrive in time: a client that announces one and
        // sends it slowly, or not at all, gets 408 and its connection is
        // closed, so it cannot hold a socket (actix times out only the head).
        let limit = crate::state::AppState::of(req.request())
            .map_or(DEFAULT_BODY_TIMEOUT, |s| s.body_timeout);
        let upload = is_multipart(&req);
        let read = actix_web::rt::time::timeout(limit, async {
            if upload {
                read_upload(&mut req).await
            } else {
                req.extract::<web::Bytes>().await
            }
        })
        .await;
        let body = match read {
            Err(_) => {
                tracing::warn!(after_ms = limit.as_millis() as u64, "request body too slow");
                let response = HttpResponse::RequestTimeout().force_close().finish();
                return Ok(req.into_response(response).map_into_right_body());
            }
            Ok(Ok(body)) => body,
            // Too large, or cut off: answered as a response (drawn as a page
            // by the error pages), never passed on.
            Ok(Err(err)) => {
                let response = err.error_response();
                return Ok(req.into_response(response).map_into_right_body());
            }
        };
        let session = AppSession::from_request(req.request());
        // The session's token when logged in; the pre-login cookie's only
        // for someone who is not.
        let expected = session.csrf_token_if_any().or_else(|| {
            (!session.is_logged_in())
                .then(|| session.pre_login_cookie())
                .flatten()
        });
        // One lazy pass over at most the fields a form may have: the token
        // is looked for, nothing else is decoded or kept.
        let given = if upload {
            multipart_token(req.headers(), body.clone()).await
        } else {
            form_urlencoded::parse(&body)
                .take(crate::web::forms::MAX_FIELDS)
                .find(|(k, _)| k == FIELD)
                .map(|(_, v)| v.into_owned())
        };
        let valid = match (expected, given) {
            (Some(expected), Some(given)) => matches(&expected, &given),
            _ => false,
        };
        if !valid {
            // error_response keeps the error on the response, so the request
            // log says why (at WARN, with the client's address).
            let refused = req.error_response(AppError::Forbidden(
                "This form had expired or did not come from this app. Go back, reload the page and try again; nothing was saved.",
            ));
            return Ok(refused.map_into_right_body());
        }
        req.set_payload(Payload::from(body));
    }
    let mut res = next.call(req).await?;
    let issued = res
        .request()
        .extensions()
        .get::<IssuedPreLoginToken>()
        .cloned();
    if let Some(IssuedPreLoginToken(token)) = issued {
        let cookie = cookie_policy(res.request()).csrf_cookie(&token);
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res.map_into_left_body())
}

/// The largest upload body (multipart/form-data) read: a demonstration
/// image at its limit and the form around it.
pub const MAX_UPLOAD_BODY: usize =
    crate::domain::demonstration::MAX_IMAGE_BYTES + crate::web::forms::MAX_BODY;

fn is_multipart(req: &ServiceRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        })
}

/// An upload's body, refused (413) past `MAX_UPLOAD_BODY`.
async fn read_upload(req: &mut ServiceRequest) -> Result<web::Bytes, Error> {
    use futures_util::StreamExt;
    let too_large = || Error::from(actix_web::error::PayloadError::Overflow);
    let announced = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > MAX_UPLOAD_BODY) {
        return Err(too_large());
    }
    let mut payload = req.take_payload();
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > MAX_UPLOAD_BODY {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The `csrf_token` part of a multipart body, read with the multipart
/// parser the upload handlers use; other parts are skipped.
async fn multipart_token(
    headers: &actix_web::http::header::HeaderMap,
    body: web::Bytes,
) -> Option<String> {
    use futures_util::TryStreamExt;
    let stream =
        futures_util::stream::once(async move { Ok::<_, actix_web::error::PayloadError>(body) });
    let mut parts = actix_multipart::Multipart::new(headers, stream);
    while let Ok(Some(mut part)) = parts.try_next().await {
        let is_token = part.name() == Some(FIELD);
        let mut value = Vec::new();
        while let Ok(Some(chunk)) = part.try_next().await {
            if is_token && value.len() <= 512 {
                value.extend_from_slice(&chunk);
            }
        }
        if is_token {
            return String::from_utf8(value).ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_token_differs_each_time_and_still_matches() {
        let token = "Ua42WcdYoIicBfPtwy2gI72BB00PwH1fKcoIKzh5AV3";
        let (a, b) = (mask(token), mask(token));
        assert_ne!(a, b);
        assert!(matches(token, &a) && matches(token, &b));
        assert!(matches(token, token), "a bare token from an older page");
        let other = "Xa42WcdYoIicBfPtwy2gI72BB00PwH1fKcoIKzh5AV3";
        assert!(!matches(token, &mask(other)));
        assert!(!matches(token, ""));
        assert!(!matches(token, "not base64 !"));
    }
}
