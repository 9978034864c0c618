//! Weekly nudges, the domain: in channels and, by DM, for one person (`scope`); the
//! `/mops nudge` grammar (`parse`) and the settings form (`form`), schedules in each
//! channel's time zone (`schedule`), which nudge comes next (`rotation`), what a nudge says
//! (`message`) and what a scheduler run reports (`outcome`). Storage lives in
//! `store::subscriptions` and `store::ledger`; the commands and the scheduler that posts to
//! Slack are the bot's (`bot::nudges`).

pub mod form;
pub mod message;
pub mod outcome;
pub mod parse;
pub mod rotation;
pub mod schedule;
pub mod scope;
pub mod settings;
