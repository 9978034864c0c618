//! Integration tests: the real application on port 0 against a fake Slack.

mod commands;
mod fake_slack;
mod helpers;
mod install_helpers;
mod installs;
mod isolation;
