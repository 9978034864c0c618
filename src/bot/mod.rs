//! What the bot does in answer to Slack, whichever door the request came through (HTTP or
//! Socket Mode): the work that happens after the acknowledgement.

pub mod commands;
pub mod installs;
pub mod socket;
pub mod tokens;
