//! The thin Slack layer: request signing, payloads, Block Kit, replies and the Web API.

pub mod agent;
pub mod api;
pub mod blocks;
pub mod command;
pub mod history;
pub mod ids;
pub mod message;
pub mod oauth;
pub mod render;
pub mod response_url;
pub mod retry;
pub mod socket_mode;
pub mod verify;
pub mod views;
