//! What operators and orchestrators ask: liveness (`/healthz`: the process serves), readiness
//! (`/readyz`: it can do its work now), Prometheus metrics (`/metrics`), and the request id
//! every response carries.

use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use tower_http::request_id::{MakeRequestId as MakeRequestIdTrait, RequestId};

use crate::bot::state::AppState;
use crate::telemetry::metrics;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Readiness waits this long for the database before calling it unavailable.
const DB_TIMEOUT: Duration = Duration::from_secs(2);

/// Liveness: the process is up and serving HTTP. Says nothing about its dependencies, so an
/// orchestrator restarts the process only when restarting could help.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: 200 when the database answers, the packs are loaded and (with Socket Mode) a
/// connection to Slack is open; otherwise 503 with a one-line reason.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match not_ready(&state).await {
        None => (StatusCode::OK, "ready\n").into_response(),
        Some(reason) => {
            tracing::debug!(%reason, "not ready");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("not ready: {reason}\n"),
            )
                .into_response()
        }
    }
}

async fn not_ready(state: &AppState) -> Option<&'static str> {
    match tokio::time::timeout(DB_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => {}
        Ok(Err(_)) => return Some("the database does not answer"),
        Err(_) => return Some("the database did not answer within 2 s"),
    }
    if state.guide.library.packs().is_empty() {
        return Some("no response packs are loaded");
    }
    if state.config.app_token.is_some() && !state.socket_link.is_open() {
        return Some("no Socket Mode connection to Slack is open");
    }
    None
}

/// `GET /metrics` in Prometheus's text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    metrics::work_in_flight(state.tasks.len());
    match state.metrics.render() {
        Some(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            )],
            text,
        )
            .into_response(),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            "metrics are unavailable; the log says why\n",
        )
            .into_response(),
    }
}

/// Counts every response by route and status, and times it (the acknowledgement Slack waits
/// for: the work itself happens after).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics::request(&route, response.status().as_u16(), started.elapsed());
    response
}

/// Makes the id of a request that came without an acceptable one: a random UUID (version 4).
/// tower-http's `MakeRequestUuid` asks the kernel for every id's randomness (a `getrandom`
/// system call per request, a few per cent of a request's CPU under a burst); this one draws
/// it from the thread's CSPRNG (`rand::thread_rng`, seeded and reseeded from the kernel).
#[derive(Debug, Clone, Copy, Default)]
pub struct MakeRequestId;

impl MakeRequestId {
    /// A fresh id: 32 random hex digits in the UUID version-4 layout.
    pub fn fresh() -> HeaderValue {
        let bits: u128 = rand::random();
        // Version 4 (random) and the RFC 4122 variant, as `uuid::Uuid::new_v4` sets them.
        let bits = (bits & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
        let mut text = [b'-'; 36];
        let mut nibbles = (0..32).rev();
        for (i, slot) in text.iter_mut().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                continue;
            }
            let shift = 4 * nibbles.next().unwrap_or(0);
            *slot = b"0123456789abcdef"[((bits >> shift) & 0xf) as usize];
        }
        HeaderValue::from_bytes(&text).unwrap_or(HeaderValue::from_static("unknown"))
    }
}

impl MakeRequestIdTrait for MakeRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        Some(RequestId::new(Self::fresh()))
    }
}

/// Keeps a caller's `x-request-id` only when it is a short plain token, so a hostile header
/// cannot flood or forge log lines; otherwise a fresh id is generated for the request.
pub async fn screen_request_id(mut request: Request, next: Next) -> Response {
    let acceptable = request.headers().get(&REQUEST_ID).is_some_and(|v| {
        let bytes = v.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 128
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    });
    if !acceptable {
        request.headers_mut().remove(&REQUEST_ID);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::MakeRequestId;

    #[test]
    fn request_ids_are_distinct_version_4_uuids() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let id = MakeRequestId::fresh().to_str().expect("ascii").to_owned();
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
}
