//! Integration tests: the real application on port 0 against a fake Slack.

mod burst;
mod cli;
mod commands;
mod eval;
mod events;
mod fake_slack;
mod fake_socket;
mod hardening;
mod helpers;
mod install_helpers;
mod installs;
mod interactions;
mod isolation;
mod limits;
mod long_input;
mod nudges;
mod operate;
mod playground;
mod properties;
mod replay;
mod replicas;
mod robustness;
mod rotation;
mod server_limits;
mod socket_mode;
mod test_db;
