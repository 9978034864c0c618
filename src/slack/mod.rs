//! The thin Slack layer: request signing, payloads, Block Kit, replies and the Web API.

pub mod agent;
pub mod api;
pub mod blocks;
pub mod command;
pub mod envelope;
pub mod history;
pub mod ids;
pub mod interaction;
pub mod message;
pub mod oauth;
pub mod render;
pub mod reply_client;
pub mod response_url;
pub mod retry;
pub mod socket_mode;
pub mod step;
pub mod verify;
pub mod views;

/// The non-empty string at JSON `pointer` in `v`, as Slack's payloads are read.
pub(crate) fn str_at<'a>(v: &'a serde_json::Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer)
        .and_then(serde_json::Value::as_str)
        .filter(|s| !s.is_empty())
}
