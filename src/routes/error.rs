//! The HTTP boundary's one error type: 4xx bodies say what to fix, 5xx bodies say nothing and
//! the cause is logged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// Bad or missing signature. Deliberately says nothing more.
    #[error("unauthorized")]
    Unauthorized,
    #[error("{0}")]
    BadRequest(String),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl HttpError {
    pub fn bad_request(e: impl std::fmt::Display) -> Self {
        HttpError::BadRequest(e.to_string())
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match self {
            HttpError::Unauthorized => {
                (StatusCode::UNAUTHORIZED, "invalid request signature\n").into_response()
            }
            HttpError::BadRequest(why) => {
                (StatusCode::BAD_REQUEST, format!("bad request: {why}\n")).into_response()
            }
            HttpError::Internal(cause) => {
                tracing::error!(error = ?cause, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
            }
        }
    }
}
