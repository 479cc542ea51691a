//! HEAD wherever GET works (RFC 9110 9.3.2; uptime monitors use it): a HEAD
//! request is routed as a GET, and the server sends the GET's status and
//! headers without the body (actix-http leaves the body out of any answer to
//! a request that arrived as HEAD, whatever its method became later).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::Error;

pub async fn as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}
