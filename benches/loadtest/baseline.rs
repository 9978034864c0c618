//! The baseline: the least a Slack bot can do for a slash command. An axum handler that
//! acknowledges with an empty 200 and makes one reply POST to the command's `response_url` from a
//! spawned task, and nothing else (no signature check, no matching, no bounds).

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use serde::Deserialize;

#[derive(Deserialize)]
struct Command {
    response_url: String,
}

/// Serves `POST /slack/commands` and `GET /healthz` on `listen` until killed.
pub fn serve(listen: SocketAddr) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let app = Router::new()
            .route("/healthz", get(|| async { "ok\n" }))
            .route("/slack/commands", post(command))
            .with_state(reqwest::Client::new());
        let listener = tokio::net::TcpListener::bind(listen).await?;
        axum::serve(listener, app).await?;
        Ok(())
    })
}

async fn command(State(http): State<reqwest::Client>, body: Bytes) -> StatusCode {
    let Ok(command) = serde_urlencoded::from_bytes::<Command>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    tokio::spawn(async move {
        let _ = http
            .post(command.response_url)
            .json(&serde_json::json!({
                "response_type": "ephemeral",
                "text": "Here is your answer."
            }))
            .send()
            .await;
    });
    StatusCode::OK
}
