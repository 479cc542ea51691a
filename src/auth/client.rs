//! The client's address, for the login rate limit and the logs. It is the
//! TCP peer, unless the operator said a reverse proxy stands in front
//! (`--trust-proxy`): then it is the last hop that proxy recorded, the last
//! `for=` of `Forwarded` or else the last entry of `X-Forwarded-For`. Earlier
//! entries come from the client and are never believed.

use std::net::IpAddr;

use actix_web::http::header::{HeaderMap, HeaderName, FORWARDED};
use actix_web::HttpRequest;

/// Whether a reverse proxy's forwarding headers are believed.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrustProxy(pub bool);

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The client's address for this request, as text ("unknown" when there is
/// none, as in some tests).
pub fn address(req: &HttpRequest) -> String {
    let trust = crate::state::AppState::of(req).is_some_and(|s| s.trust_proxy.0);
    let peer = req.peer_addr().map(|a| a.ip());
    let headers = req.headers();
    resolve(
        peer,
        joined(headers, &FORWARDED).as_deref(),
        joined(headers, &X_FORWARDED_FOR).as_deref(),
        trust,
    )
    .map(|ip| ip.to_string())
    .unwrap_or_else(|| "unknown".to_string())
}

/// Every line of a header, in order, joined as one list.
fn joined(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    let lines: Vec<&str> = headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// The rule: the peer, or with a trusted proxy the last hop it recorded.
pub fn resolve(
    peer: Option<IpAddr>,
    forwarded: Option<&str>,
    x_forwarded_for: Option<&str>,
    trust_proxy: bool,
) -> Option<IpAddr> {
    if !trust_proxy {
        return peer;
    }
    forwarded
        .and_then(last_forwarded_for)
        .or_else(|| x_forwarded_for.and_then(last_x_forwarded_for))
        .or(peer)
}

/// The `for=` of the last element of a `Forwarded` header (RFC 7239).
fn last_forwarded_for(header: &str) -> Option<IpAddr> {
    let last = header.rsplit(',').next()?;
    let value = last.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then_some(value.trim())
    })?;
    let value = value.trim_matches('"');
    let host = match value.strip_prefix('[') {
        Some(rest) => rest.split(']').next()?,
        None => value.split(':').next()?,
    };
    host.parse().ok()
}

/// The last entry of an `X-Forwarded-For` list.
fn last_x_forwarded_for(header: &str) -> Option<IpAddr> {
    header.rsplit(',').next()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_unless_a_proxy_is_trusted_then_its_last_hop() {
        let peer: Option<IpAddr> = Some("10.0.0.2".parse().unwrap());
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        // (Forwarded, X-Forwarded-For, trust the proxy, the address)
        type Case<'a> = (Option<&'a str>, Option<&'a str>, bool, Option<IpAddr>);
        let cases: &[Case] = &[
            // Not trusted: headers are ignored, whatever they say.
            (None, Some("1.2.3.4"), false, peer),
            (Some("for=1.2.3.4"), None, false, peer),
            // Trusted: the last hop of X-Forwarded-For...
            (None, Some("1.2.3.4"), true, ip("1.2.3.4")),
            (None, Some("6.6.6.6, 1.2.3.4"), true, ip("1.2.3.4")),
            (None, Some("6.6.6.6,1.2.3.4 "), true, ip("1.2.3.4")),
            (None, Some("6.6.6.6, 2001:db8::1"), true, ip("2001:db8::1")),
            // ...or Forwarded, which wins when both are there.
            (Some("for=1.2.3.4"), Some("5.5.5.5"), true, ip("1.2.3.4")),
            (
                Some("for=6.6.6.6;proto=https, for=\"1.2.3.4:4711\";by=10.0.0.2"),
                None,
                true,
                ip("1.2.3.4"),
            ),
            (
                Some("For=\"[2001:db8:cafe::17]:4711\""),
                None,
                true,
                ip("2001:db8:cafe::17"),
            ),
            // Nonsense or hidden hops fall back to the next source.
            (Some("for=unknown"), Some("1.2.3.4"), true, ip("1.2.3.4")),
            (Some("for=_hidden"), None, true, peer),
            (None, Some("1.2.3.4, not-an-ip"), true, peer),
            (None, Some(""), true, peer),
            (None, None, true, peer),
        ];
        for (forwarded, xff, trust, expected) in cases {
            assert_eq!(
                resolve(peer, *forwarded, *xff, *trust),
                *expected,
                "{forwarded:?} {xff:?} {trust}"
            );
        }
        assert_eq!(resolve(None, None, Some("junk"), true), None);
    }
}
