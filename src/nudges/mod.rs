//! Weekly nudges in channels and, by DM, for one person (`scope`): the `/mops nudge`
//! commands (`commands`, `join`, `pause`, `parse`, `status`),
//! schedules in each channel's time zone (`schedule`), which nudge comes next (`rotation`),
//! how a nudge looks (`message`), and the scheduler that delivers them exactly once per
//! channel per week (`scheduler`, `delivery`, `posting`, `pacing`, `slots`). Storage lives in
//! `store::subscriptions` and `store::ledger`.

pub mod commands;
mod delivery;
pub mod form;
mod join;
pub mod message;
mod outcome;
pub mod pacing;
pub mod parse;
mod pause;
mod posting;
pub mod rotation;
pub mod schedule;
pub mod scheduler;
pub mod scope;
pub mod settings;
mod settle;
mod slots;
pub mod status;
