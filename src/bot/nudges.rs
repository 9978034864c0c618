//! Weekly nudges as the bot delivers them: the `/mops nudge` commands (`commands`, `join`,
//! `pause`, `status`) and the scheduler that posts each one exactly once per channel per week
//! (`scheduler`, `delivery`, `posting`, `settle`), within Slack's rate limits (`pacing`,
//! `slots`). What a nudge is, when it is due and which comes next is the domain's
//! (`crate::nudges`).

pub mod commands;
mod delivery;
mod join;
pub mod pacing;
mod pause;
mod posting;
pub mod scheduler;
mod settle;
mod slots;
pub mod status;
