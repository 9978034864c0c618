//! Slack's signature check for every HTTP endpoint Slack calls.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

use super::error::HttpError;
use crate::bot::state::AppState;

pub const SIGNATURE_HEADER: &str = "x-slack-signature";
pub const TIMESTAMP_HEADER: &str = "x-slack-request-timestamp";

/// Refuses the request unless it carries a valid, fresh Slack signature over `body`.
pub fn verify(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<(), HttpError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let Some(verifier) = &state.verifier else {
        tracing::warn!("refused a Slack request: SLACK_SIGNING_SECRET is not set");
        return Err(HttpError::Unauthorized);
    };
    let now = state.clock.now().as_second();
    verifier
        .verify(
            header(TIMESTAMP_HEADER),
            header(SIGNATURE_HEADER),
            body,
            now,
        )
        .map_err(|reason| {
            if let Some(suppressed) = REFUSALS.admit() {
                tracing::info!(%reason, suppressed, "refused a request with a bad signature");
            }
            HttpError::Unauthorized
        })
}

/// At most this many refusals are logged per window; the rest are counted, and the count is
/// reported with the next line logged, so a flood of unsigned requests cannot flood the logs.
const LOGGED_PER_WINDOW: u32 = 10;
const WINDOW: Duration = Duration::from_secs(60);

static REFUSALS: LogBudget = LogBudget::new();

/// A fixed-window budget of log lines.
struct LogBudget {
    state: Mutex<Option<(Instant, u32, u64)>>,
}

impl LogBudget {
    const fn new() -> Self {
        Self {
            state: Mutex::new(None),
        }
    }

    /// `Some(suppressed since the last line)` when this one may be logged.
    fn admit(&self) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let (start, logged, suppressed) = state.get_or_insert((now, 0, 0));
        if now.duration_since(*start) >= WINDOW {
            (*start, *logged) = (now, 0);
        }
        if *logged < LOGGED_PER_WINDOW {
            *logged += 1;
            Some(std::mem::take(suppressed))
        } else {
            *suppressed += 1;
            None
        }
    }
}
