//! Who may use the server. On loopback with no token, anyone on this machine (the planner's
//! own browser). Anything else needs a token, sent as `Authorization: Bearer TOKEN` or as the
//! `hinterland_token` cookie that opening the printed URL (`/?token=TOKEN`) sets.
//!
//! Other web pages the planner has open must not drive the server through their browser:
//! a request that changes something (not `GET`) and carries an `Origin` other than the
//! server's own is refused (cross-site request forgery), and a server bound to loopback
//! answers only requests addressed to a loopback name (`Host: 127.0.0.1:8080`, `localhost`,
//! `[::1]`), so a site whose name resolves to 127.0.0.1 cannot read it (DNS rebinding).

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{ApiError, AppState, ServeError};

/// The cookie that carries the token after the token URL was opened.
pub const COOKIE: &str = "hinterland_token";

/// Refuses a non-loopback address without a token, and an empty token.
pub fn check_bind(addr: SocketAddr, token: Option<&str>) -> Result<(), ServeError> {
    match token {
        Some("") => Err(ServeError::EmptyToken),
        Some(_) => Ok(()),
        None if addr.ip().is_loopback() => Ok(()),
        None => Err(ServeError::TokenRequired { addr }),
    }
}

/// Percent-encodes a token for the printed URL (everything but unreserved characters).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn url_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Equal in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The token a request carries: bearer header, else the cookie.
fn presented(headers: &HeaderMap) -> Option<String> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if let Some(t) = bearer {
        return Some(t.trim().to_owned());
    }
    let cookies = headers.get_all(header::COOKIE);
    for value in cookies.iter().filter_map(|v| v.to_str().ok()) {
        for pair in value.split(';') {
            if let Some((_, v)) = pair.trim().split_once('=').filter(|(name, _)| *name == COOKIE) {
                return url_decode(v);
            }
        }
    }
    None
}

/// The `Host` header's name without the port (`[::1]` keeps its brackets).
fn host_name(host: &str) -> &str {
    match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => &host[..i],
        _ => host,
    }
}

/// Whether a request comes from another site: it changes something and names an `Origin`
/// whose host is not the request's `Host`. Requests without `Origin` (not from a browser
/// page) pass.
fn cross_site(request: &Request) -> bool {
    if matches!(*request.method(), axum::http::Method::GET | axum::http::Method::HEAD) {
        return false;
    }
    let headers = request.headers();
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let origin = origin.to_str().unwrap_or_default();
    let origin_host = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    origin_host.is_none() || origin_host != host
}

/// Whether a loopback server was addressed by a name that is not loopback's (no `Host`:
/// not from a browser; it passes).
fn foreign_host(request: &Request) -> bool {
    let Some(host) = request.headers().get(header::HOST) else { return false };
    let name = host_name(host.to_str().unwrap_or_default());
    !matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// The middleware: refuses cross-site requests and, on loopback, foreign host names (403);
/// passes a request with the right token (or any, without a token); turns the token URL
/// into a cookie and a redirect to the page; refuses the rest with 401.
pub async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if cross_site(&request) {
        return ApiError::new(StatusCode::FORBIDDEN, "cross_site", "requests from other sites are refused")
            .with_help("use the page this server serves, or a client that sends no `Origin`")
            .into_response();
    }
    if state.loopback && foreign_host(&request) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "foreign_host",
            "this server answers only to loopback names",
        )
        .with_help("open `http://127.0.0.1:PORT/` or `http://localhost:PORT/`")
        .into_response();
    }
    let Some(token) = state.token.as_deref() else { return next.run(request).await };
    let from_url = request.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("token=")));
    if from_url.and_then(url_decode).is_some_and(|given| same(&given, token)) {
        let cookie = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", url_encode(token));
        let headers = [(header::SET_COOKIE, cookie), (header::LOCATION, "/".to_owned())];
        return (StatusCode::SEE_OTHER, headers).into_response();
    }
    match presented(request.headers()) {
        Some(given) if same(&given, token) => next.run(request).await,
        _ => ApiError::new(StatusCode::UNAUTHORIZED, "token_required", "this server needs its token")
            .with_help("open the URL `hinterland serve` printed (it carries the token), or send `Authorization: Bearer TOKEN`")
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_needs_no_token_but_other_addresses_do() {
        let lo: SocketAddr = "127.0.0.1:8080".parse().expect("an address");
        let lo6: SocketAddr = "[::1]:8080".parse().expect("an address");
        let any: SocketAddr = "0.0.0.0:8080".parse().expect("an address");
        assert!(check_bind(lo, None).is_ok());
        assert!(check_bind(lo6, None).is_ok());
        assert!(matches!(check_bind(any, None), Err(ServeError::TokenRequired { .. })));
        assert!(check_bind(any, Some("s3cret")).is_ok());
        assert!(matches!(check_bind(lo, Some("")), Err(ServeError::EmptyToken)));
    }

    #[test]
    fn host_names_drop_their_port() {
        assert_eq!(host_name("127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(host_name("localhost"), "localhost");
        assert_eq!(host_name("[::1]:80"), "[::1]");
        assert_eq!(host_name("[::1]"), "[::1]");
    }

    #[test]
    fn tokens_round_trip_through_the_url() {
        for t in ["plain", "with space/and?&=%", "ünï"] {
            assert_eq!(url_decode(&url_encode(t)).as_deref(), Some(t));
        }
        assert_eq!(url_decode("%zz"), None);
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
