//! Modals the bot opens, and where each one's submission goes. A modal is a module here with
//! a `CALLBACK_ID`, a way to open it (`views.open` with a click's or command's `trigger_id`,
//! see [`crate::slack::views`]), a `read` that checks a submission at once (so problems show
//! beside the fields through `response_action: errors`, within Slack's 3 s) and the work a
//! good submission starts after the modal closes. To add a modal: a module, a [`Job`] variant,
//! and a line in [`read`] and [`carry_out`].

pub mod nudge_settings;
pub mod prep;

use crate::bot::state::AppState;
use crate::slack::views::{Submission, ViewAck};

/// A checked submission, to carry out after the acknowledgement.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    NudgeSettings(nudge_settings::Settings),
    Prep(prep::Prep),
}

/// Checks `submission` by its modal's `callback_id`: the work to do, or the acknowledgement
/// that keeps the modal open with errors. A modal the bot does not know just closes.
pub fn read(submission: &Submission) -> Result<Option<Job>, ViewAck> {
    match submission.callback_id.as_str() {
        nudge_settings::CALLBACK_ID => {
            nudge_settings::read(submission).map(|s| Some(Job::NudgeSettings(s)))
        }
        prep::CALLBACK_ID => prep::read(submission).map(|p| Some(Job::Prep(p))),
        other => {
            tracing::warn!(callback_id = %other, "a submission from a modal the bot does not know");
            Ok(None)
        }
    }
}

/// Does what a submission asked for.
pub async fn carry_out(state: AppState, job: Job) {
    match job {
        Job::NudgeSettings(settings) => nudge_settings::save(&state, settings).await,
        Job::Prep(prep) => prep::send(&state, prep).await,
    }
}

/// The field to show a problem under when the whole submission could not be taken.
pub fn first_block(job: &Job) -> &'static str {
    match job {
        Job::NudgeSettings(_) => nudge_settings::FIRST_BLOCK,
        Job::Prep(_) => prep::FIRST_BLOCK,
    }
}
