//! mops-bot: a Slack bot with career and advocacy guidance for marketing-operations people.

pub mod bot;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod guidance;
pub mod ids;
pub mod nudges;
pub mod playground;
pub mod report;
pub mod routes;
pub mod server;
pub mod settings;
pub mod slack;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod text;
pub mod worklog;
