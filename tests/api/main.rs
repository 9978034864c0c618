//! Integration tests: the real application on port 0 against a fake Slack.

mod commands;
mod fake_slack;
mod fake_socket;
mod helpers;
mod install_helpers;
mod installs;
mod isolation;
mod socket_mode;
