//! The local stand-in for Slack: records when each reply arrives at `/response/{n}` and
//! answers everything (the Web API included) with success.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use tokio::time::Instant;

/// Replies received: the command's number and when its reply arrived.
#[derive(Clone, Default)]
pub struct Arrivals(Arc<Mutex<Vec<(u64, Instant)>>>);

impl Arrivals {
    /// Takes everything recorded so far, leaving the record empty for the next target.
    pub fn take(&self) -> Vec<(u64, Instant)> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

pub struct Sink {
    addr: SocketAddr,
    pub arrivals: Arrivals,
}

impl Sink {
    pub async fn start() -> anyhow::Result<Self> {
        let arrivals = Arrivals::default();
        let app = Router::new().fallback(record).with_state(arrivals.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self { addr, arrivals })
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn record(State(arrivals): State<Arrivals>, uri: Uri) -> &'static str {
    if let Some(n) = uri
        .path()
        .strip_prefix("/response/")
        .and_then(|n| n.parse().ok())
    {
        let now = Instant::now();
        arrivals
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((n, now));
        return "ok";
    }
    r#"{"ok":true}"#
}
