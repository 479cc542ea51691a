//! The client's address, for the login rate limit and the logs. It is the
//! TCP peer, unless the operator said a reverse proxy stands in front
//! (`--trust-proxy`): then it is the last hop that proxy recorded in the one
//! header the operator names (`--client-ip-header`, X-Forwarded-For by
//! default; `Forwarded` is read as RFC 7239). Every other forwarding header
//! comes from the client and is ignored, as are earlier entries of the
//! named one.

use std::net::IpAddr;

use actix_web::http::header::{HeaderMap, HeaderName, FORWARDED};
use actix_web::HttpRequest;

/// The header a trusted reverse proxy records the client's address in, or
/// `None` when no proxy is trusted (the peer is the client).
#[derive(Debug, Clone, Default)]
pub struct TrustProxy(pub Option<HeaderName>);

impl TrustProxy {
    /// From `--trust-proxy` and `--client-ip-header`; a header name that is
    /// not one is refused at start-up.
    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<TrustProxy> {
        if !config.trust_proxy {
            return Ok(TrustProxy(None));
        }
        let name =
            HeaderName::from_bytes(config.client_ip_header.trim().as_bytes()).map_err(|_| {
                anyhow::anyhow!(
                    "BRIDGEWORK_CLIENT_IP_HEADER / --client-ip-header {:?} is not a header name",
                    config.client_ip_header
                )
            })?;
        Ok(TrustProxy(Some(name)))
    }
}

/// The client's address for this request, as text ("unknown" when there is
/// none, as in some tests).
pub fn address(req: &HttpRequest) -> String {
    let trusted = crate::state::AppState::of(req).and_then(|s| s.trust_proxy.0.as_ref());
    let peer = req.peer_addr().map(|a| a.ip());
    resolve(peer, req.headers(), trusted)
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

/// The rule: the peer, or with a trusted proxy the last hop it recorded in
/// the `trusted` header (and only there).
pub fn resolve(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: Option<&HeaderName>,
) -> Option<IpAddr> {
    let Some(name) = trusted else {
        return peer;
    };
    joined(headers, name)
        .and_then(|value| {
            if *name == FORWARDED {
                last_forwarded_for(&value)
            } else {
                last_x_forwarded_for(&value)
            }
        })
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
    fn the_peer_unless_a_proxy_is_trusted_then_its_last_hop_in_the_named_header() {
        let peer: Option<IpAddr> = Some("10.0.0.2".parse().unwrap());
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        let xff = HeaderName::from_static("x-forwarded-for");
        let real_ip = HeaderName::from_static("x-real-ip");
        // (Forwarded, X-Forwarded-For, the header trusted, the address)
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a HeaderName>,
            Option<IpAddr>,
        );
        let cases: &[Case] = &[
            // Not trusted: headers are ignored, whatever they say.
            (None, Some("1.2.3.4"), None, peer),
            (Some("for=1.2.3.4"), None, None, peer),
            // Trusted X-Forwarded-For: its last hop...
            (None, Some("1.2.3.4"), Some(&xff), ip("1.2.3.4")),
            (None, Some("6.6.6.6, 1.2.3.4"), Some(&xff), ip("1.2.3.4")),
            (None, Some("6.6.6.6,1.2.3.4 "), Some(&xff), ip("1.2.3.4")),
            (
                None,
                Some("6.6.6.6, 2001:db8::1"),
                Some(&xff),
                ip("2001:db8::1"),
            ),
            // ...and a client's Forwarded changes nothing.
            (
                Some("for=6.6.6.6"),
                Some("5.5.5.5"),
                Some(&xff),
                ip("5.5.5.5"),
            ),
            (Some("for=6.6.6.6"), None, Some(&xff), peer),
            // Trusted Forwarded: its last for=, and X-Forwarded-For is ignored.
            (
                Some("for=1.2.3.4"),
                Some("5.5.5.5"),
                Some(&FORWARDED),
                ip("1.2.3.4"),
            ),
            (None, Some("5.5.5.5"), Some(&FORWARDED), peer),
            (
                Some("for=6.6.6.6;proto=https, for=\"1.2.3.4:4711\";by=10.0.0.2"),
                None,
                Some(&FORWARDED),
                ip("1.2.3.4"),
            ),
            (
                Some("For=\"[2001:db8:cafe::17]:4711\""),
                None,
                Some(&FORWARDED),
                ip("2001:db8:cafe::17"),
            ),
            // Another named header is read as a list too.
            (Some("for=6.6.6.6"), Some("5.5.5.5"), Some(&real_ip), peer),
            // Nonsense or hidden hops fall back to the peer.
            (Some("for=unknown"), None, Some(&FORWARDED), peer),
            (Some("for=_hidden"), None, Some(&FORWARDED), peer),
            (None, Some("1.2.3.4, not-an-ip"), Some(&xff), peer),
            (None, Some(""), Some(&xff), peer),
            (None, None, Some(&xff), peer),
        ];
        for (forwarded, x_forwarded_for, trusted, expected) in cases {
            let mut headers = HeaderMap::new();
            if let Some(v) = forwarded {
                headers.insert(FORWARDED, v.parse().unwrap());
            }
            if let Some(v) = x_forwarded_for {
                headers.insert(xff.clone(), v.parse().unwrap());
            }
            assert_eq!(
                resolve(peer, &headers, *trusted),
                *expected,
                "{forwarded:?} {x_forwarded_for:?} {trusted:?}"
            );
        }
        let mut junk = HeaderMap::new();
        junk.insert(xff.clone(), "junk".parse().unwrap());
        assert_eq!(resolve(None, &junk, Some(&xff)), None);
    }
}
