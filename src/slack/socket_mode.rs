//! Socket Mode: Slack's traffic over a WebSocket the bot opens, for bots without a public URL.
//!
//! The supervisor here keeps one connection serving: it asks `apps.connections.open` for a
//! URL (retrying with backoff and jitter, honouring `Retry-After`), connects, and replaces
//! the connection when Slack asks (`disconnect`: the new one opens before the old one is
//! closed), when it drops, or when it stops answering pings. `link_disabled` stops it.

mod connection;
pub mod frames;
mod guards;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;

use self::connection::{Connection, Event, Socket};
use futures_util::future::BoxFuture;

use super::api::{ApiError, SlackApi, Token};
use crate::telemetry::metrics;
pub use frames::Envelope;
use guards::{StoppedOnDrop, deduplicated};

/// The timings of Socket Mode's connection care; tests shorten them.
#[derive(Debug, Clone, Copy)]
pub struct SocketTiming {
    /// The first wait before reconnecting; doubled per failure, with jitter.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Silence after which the bot sends a ping.
    pub ping_interval: Duration,
    /// How long a ping may go unanswered before the connection counts as dead.
    pub ping_timeout: Duration,
    /// The longest a WebSocket handshake may take.
    pub connect_timeout: Duration,
    /// The longest `Retry-After` from `apps.connections.open` that is honoured as given.
    pub max_retry_after: Duration,
}

impl Default for SocketTiming {
    fn default() -> Self {
        Self {
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            ping_interval: Duration::from_secs(10),
            ping_timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

/// How to answer an envelope.
#[derive(Debug, Clone, PartialEq)]
pub enum Acknowledgement {
    /// An empty acknowledgement, like an empty HTTP 200.
    Plain,
    /// An acknowledgement carrying a response (a slash command's message), like an HTTP 200 body.
    WithPayload(serde_json::Value),
    /// No acknowledgement: Slack delivers the envelope again later.
    Withhold,
}

/// Receives every envelope and says how to acknowledge it. Must not block: start the work
/// and return (waiting, at most briefly, only for room to start it).
pub type Handler = Arc<dyn Fn(Envelope) -> BoxFuture<'static, Acknowledgement> + Send + Sync>;

/// Why Socket Mode stopped on its own.
#[derive(Debug, thiserror::Error)]
pub enum Stopped {
    #[error(
        "Slack turned Socket Mode off for this app (link_disabled): turn it back on under \
         Settings → Socket Mode in the app's configuration, or unset SLACK_APP_TOKEN and use \
         HTTP request URLs"
    )]
    LinkDisabled,
}

/// Why a connection could not be opened.
#[derive(Debug, thiserror::Error)]
enum OpenError {
    #[error("apps.connections.open failed: {0}")]
    Api(#[from] ApiError),
    #[error("apps.connections.open answered without a URL")]
    NoUrl,
    #[error("apps.connections.open answered with a URL that is not wss://")]
    NotSecure,
    #[error("the WebSocket handshake failed: {0}")]
    Handshake(String),
}

/// Whether a Socket Mode connection is serving now (Slack said hello on it), for readiness
/// and the `mops_socket_mode_connected` gauge; cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct LinkStatus(Arc<AtomicBool>);

impl LinkStatus {
    pub fn is_open(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, open: bool) {
        self.0.store(open, Ordering::Relaxed);
        metrics::socket_mode_connected(open);
    }
}

/// Socket Mode for one app-level token.
pub struct SocketMode {
    api: SlackApi,
    app_token: Token,
    timing: SocketTiming,
    handler: Handler,
    status: LinkStatus,
}

impl std::fmt::Debug for SocketMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SocketMode")
            .field("api", &self.api.base().as_str())
            .field("timing", &self.timing)
            .finish_non_exhaustive()
    }
}

impl SocketMode {
    pub fn new(api: SlackApi, app_token: Token, timing: SocketTiming, handler: Handler) -> Self {
        Self {
            api,
            app_token,
            timing,
            handler: deduplicated(handler),
            status: LinkStatus::default(),
        }
    }

    /// Reports the connection's state through `status` (shared with readiness).
    pub fn with_status(mut self, status: LinkStatus) -> Self {
        self.status = status;
        self
    }

    /// Serves until `cancel` fires (`Ok`) or Slack disables the link (`Err`). Every socket
    /// is closed on the way out.
    pub async fn run(self, cancel: CancellationToken) -> Result<(), Stopped> {
        // However the task ends (a panic included), readiness then says there is no link.
        let _closed = StoppedOnDrop(self.status.clone());
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let mut next_id = 0u64;
        let mut failures = 0u32;
        let mut current: Option<Connection> = None;
        // Connections Slack asked to give up, still serving until their successor says hello.
        let mut retiring: Vec<Connection> = Vec::new();
        let outcome = loop {
            if current.is_none() {
                let Some(socket) = self.connect(&mut failures, &cancel).await else {
                    break Ok(());
                };
                next_id += 1;
                tracing::info!(connection = next_id, "Socket Mode connected");
                let handler = self.handler.clone();
                current = Some(Connection::spawn(
                    next_id,
                    socket,
                    self.timing,
                    handler,
                    events_tx.clone(),
                ));
            }
            let event = tokio::select! {
                () = cancel.cancelled() => break Ok(()),
                event = events.recv() => event,
            };
            let current_id = current.as_ref().map(|c| c.id);
            match event {
                Some(Event::Hello(id)) if Some(id) == current_id => {
                    failures = 0;
                    self.status.set(true);
                    for old in retiring.drain(..) {
                        old.close().await;
                    }
                }
                Some(Event::Disconnect(_, reason)) if reason == "link_disabled" => {
                    tracing::error!("{}", Stopped::LinkDisabled);
                    break Err(Stopped::LinkDisabled);
                }
                Some(Event::Disconnect(id, reason)) if Some(id) == current_id => {
                    tracing::info!(%reason, "Slack asked for a new connection");
                    retiring.extend(current.take());
                }
                Some(Event::Ended(id, why)) if Some(id) == current_id => {
                    current = None;
                    // Connections Slack asked to replace still serve until they close.
                    if retiring.is_empty() {
                        self.status.set(false);
                    }
                    let wait = backoff(&self.timing, failures);
                    failures = failures.saturating_add(1);
                    tracing::warn!(%why, ?wait, "Socket Mode connection lost; reconnecting");
                    tokio::select! {
                        () = cancel.cancelled() => break Ok(()),
                        () = sleep(wait) => {}
                    }
                }
                Some(Event::Ended(id, _)) => retiring.retain(|c| c.id != id),
                Some(Event::Hello(_) | Event::Disconnect(..)) | None => {}
            }
        };
        self.status.set(false);
        if let Some(conn) = current.take() {
            conn.close().await;
        }
        for conn in retiring {
            conn.close().await;
        }
        outcome
    }

    /// Opens a connection, retrying until it works; `None` if cancelled first.
    async fn connect(&self, failures: &mut u32, cancel: &CancellationToken) -> Option<Socket> {
        loop {
            let attempt = tokio::select! {
                () = cancel.cancelled() => return None,
                attempt = self.open() => attempt,
            };
            let error = match attempt {
                Ok(socket) => return Some(socket),
                Err(error) => error,
            };
            let wait = match &error {
                // A huge Retry-After (a bug, or a proxy's) must not park the bot for days.
                OpenError::Api(ApiError::RateLimited(after)) => {
                    (*after).min(self.timing.max_retry_after)
                        + super::retry::jitter(self.timing.backoff_base)
                }
                _ => backoff(&self.timing, *failures),
            };
            *failures = failures.saturating_add(1);
            let refused = matches!(&error, OpenError::Api(e) if !e.is_transient() && e.slack_error().is_some());
            if refused {
                tracing::error!(%error, ?wait, "Slack refused SLACK_APP_TOKEN (it must be an app-level token with connections:write); retrying");
            } else {
                tracing::warn!(%error, ?wait, "could not open a Socket Mode connection; retrying");
            }
            tokio::select! {
                () = cancel.cancelled() => return None,
                () = sleep(wait) => {}
            }
        }
    }

    async fn open(&self) -> Result<Socket, OpenError> {
        let answer = self
            .api
            .call(&self.app_token, "apps.connections.open", &json!({}))
            .await?;
        // The URL carries a connection ticket: never logged.
        let url = answer
            .get("url")
            .and_then(Value::as_str)
            .ok_or(OpenError::NoUrl)?;
        if !guards::acceptable_url(url, self.api.base()) {
            return Err(OpenError::NotSecure);
        }
        let handshake = timeout(
            self.timing.connect_timeout,
            tokio_tungstenite::connect_async(url),
        );
        match handshake.await {
            Ok(Ok((socket, _))) => Ok(socket),
            Ok(Err(error)) => Err(OpenError::Handshake(error.to_string())),
            Err(_) => Err(OpenError::Handshake("timed out".to_owned())),
        }
    }
}

/// The wait after `failures` failures in a row: doubling from the base up to the cap, with
/// "equal jitter" (between half and all of it) so many bots do not retry in step.
pub fn backoff(timing: &SocketTiming, failures: u32) -> Duration {
    super::retry::jittered(timing.backoff_base, timing.backoff_max, failures)
}

#[cfg(test)]
mod tests;
