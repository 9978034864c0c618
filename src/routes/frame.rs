//! Around every request: the id it is known by in the logs and on its response, and its count
//! and time in the metrics. One middleware where there were four layers (screen the caller's
//! id, set one, copy it onto the response, count the response): each layer was a service
//! clone and a boxed future per request, a few per cent of a request's CPU under a burst.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::telemetry::metrics;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Gives the request an id (the caller's, if acceptable), times and counts its response by
/// route and status (the acknowledgement Slack waits for: the work itself happens after),
/// and puts the id on the response.
pub async fn frame(mut request: Request, next: Next) -> Response {
    let id = match request.headers().get(&REQUEST_ID).filter(|v| acceptable(v)) {
        Some(id) => id.clone(),
        None => {
            let id = fresh_id();
            request.headers_mut().insert(REQUEST_ID, id.clone());
            id
        }
    };
    // The pattern, never the raw path, so the metric's label set stays bounded.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let started = Instant::now();
    let mut response = next.run(request).await;
    metrics::request(
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed(),
    );
    response.headers_mut().entry(REQUEST_ID).or_insert(id);
    response
}

/// A caller's `x-request-id` is kept only when it is a short plain token, so a hostile header
/// cannot flood or forge log lines; otherwise the request gets a fresh one.
fn acceptable(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// A fresh id: a random UUID (version 4). Its bits come from the thread's CSPRNG
/// (`rand::thread_rng`, seeded and reseeded from the kernel), not from a `getrandom` system
/// call per request as tower-http's `MakeRequestUuid` does.
pub fn fresh_id() -> HeaderValue {
    let uuid = uuid::Builder::from_random_bytes(rand::random()).into_uuid();
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let text = uuid.hyphenated().encode_lower(&mut text);
    HeaderValue::from_str(text).unwrap_or(HeaderValue::from_static("unknown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_distinct_version_4_uuids() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let id = fresh_id().to_str().expect("ascii").to_owned();
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
            assert!(
                id.bytes().all(|b| b == b'-' || b.is_ascii_hexdigit()),
                "{id}"
            );
            assert_eq!(&id[14..15], "4", "version 4: {id}");
            assert!(
                matches!(&id[19..20], "8" | "9" | "a" | "b"),
                "variant: {id}"
            );
            assert!(seen.insert(id), "ids are unique");
        }
    }

    #[test]
    fn only_plain_short_ids_are_kept() {
        for kept in ["lb-7f3a.2:9", "abc_DEF"] {
            assert!(acceptable(&HeaderValue::from_static(kept)), "{kept}");
        }
        let long = "a".repeat(129);
        for refused in ["", "a\" fake=\"log", "a b", long.as_str()] {
            let value = HeaderValue::from_str(refused).expect("a header value");
            assert!(!acceptable(&value), "{refused}");
        }
    }
}
