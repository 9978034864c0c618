//! What the bot does in answer to Slack, whichever door the request came through (HTTP or
//! Socket Mode): the work that happens after the acknowledgement.

pub mod agent;
pub mod answer;
pub mod bookkeeping;
pub mod clicks;
pub mod commands;
pub mod conversation;
pub mod deliver;
pub mod events;
pub mod home;
pub mod install_state;
pub mod installs;
pub mod interactions;
pub mod modals;
pub mod nudges;
pub mod people;
pub mod shortcut;
pub mod socket;
pub mod state;
pub mod step;
pub mod tokens;
pub mod uninstall;
pub mod work;
pub mod worklog;
