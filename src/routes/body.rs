//! Reading a request body with a size cap and a deadline, per route: a client that sends
//! more than the route can use gets 413, one that sends it too slowly gets 408, and in both
//! cases the connection is closed rather than left to finish.

use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use http_body_util::LengthLimitError;

use crate::bot::state::AppState;

#[derive(Debug, Clone, Copy)]
struct Rule {
    max: usize,
    timeout: Duration,
}

/// `route`, with its body read in full (at most `max` bytes, within `timeout`) before the
/// handler runs.
pub fn bounded(
    route: MethodRouter<AppState>,
    max: usize,
    timeout: Duration,
) -> MethodRouter<AppState> {
    route.route_layer(middleware::from_fn_with_state(
        Rule { max, timeout },
        read_body,
    ))
}

async fn read_body(State(rule): State<Rule>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > rule.max as u64) {
        return closing(StatusCode::PAYLOAD_TOO_LARGE, too_large(rule.max));
    }
    match tokio::time::timeout(rule.timeout, to_bytes(body, rule.max)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(error)) => {
            let over = std::error::Error::source(&error)
                .is_some_and(|e| e.downcast_ref::<LengthLimitError>().is_some())
                || error.to_string().contains("length limit");
            if over {
                closing(StatusCode::PAYLOAD_TOO_LARGE, too_large(rule.max))
            } else {
                closing(
                    StatusCode::BAD_REQUEST,
                    "the request body could not be read\n".to_owned(),
                )
            }
        }
        Err(_) => {
            tracing::info!(timeout = ?rule.timeout, "closed a request whose body arrived too slowly");
            closing(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request body did not arrive within {} s\n",
                    rule.timeout.as_secs_f32()
                ),
            )
        }
    }
}

fn too_large(max: usize) -> String {
    format!("the request body is larger than this endpoint takes ({max} bytes)\n")
}

fn closing(status: StatusCode, why: String) -> Response {
    let mut response = (status, why).into_response();
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}
