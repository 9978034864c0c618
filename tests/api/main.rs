//! Integration tests: the real application on port 0 against a fake Slack.

mod cli;
mod commands;
mod events;
mod fake_slack;
mod helpers;
mod interactions;
mod limits;
mod nudges;
