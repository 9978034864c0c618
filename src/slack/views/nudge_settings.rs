//! The nudge settings modal as Slack shows it (on, weekday, time and time zone for one
//! channel) and the reading of its submission; checking what was chosen is `nudges::form`'s,
//! saving it the bot's (`bot::modals::nudge_settings`).

use crate::ids::{ChannelId, TeamId, UserId};
use crate::nudges::form::{self, Field, Filled, ScheduleChoice};
use crate::nudges::schedule::Schedule;
use crate::slack::blocks::{Block, Choice, Input, InputElement};
use crate::slack::views::{Modal, Submission, ViewAck};

pub const CALLBACK_ID: &str = "nudge_settings";

/// The modal's first field.
pub const FIRST_BLOCK: &str = "enabled";

fn block_id(field: Field) -> &'static str {
    match field {
        Field::Enabled => "enabled",
        Field::Weekday => "weekday",
        Field::Time => "time",
        Field::Zone => "zone",
    }
}

/// The modal for `channel`, showing `schedule` and whether nudges are `on`.
pub fn modal(channel: &ChannelId, schedule: &Schedule, on: bool) -> Modal {
    let (weekday, time, zone) = form::shown(schedule.weekday, schedule.minute_of_day, &schedule.tz);
    let days: Vec<Choice> = form::weekdays()
        .into_iter()
        .map(|(label, value)| Choice::new(label, value))
        .collect();
    let today = days.iter().find(|c| c.value == weekday).cloned();
    let switch = [Choice::new("On", form::ON), Choice::new("Off", form::OFF)];
    let chosen = switch[usize::from(!on)].clone();
    let blocks = vec![
        Block::section(format!(
            "Weekly nudges for <#{channel}>: one short, practical nudge every week at the time \
             you choose, in the time zone you choose."
        )),
        Block::input(Input::new(
            "Weekly nudges",
            InputElement::RadioButtons {
                action_id: block_id(Field::Enabled).into(),
                options: switch.to_vec(),
                initial_option: Some(chosen),
            },
        )),
        Block::input(Input::new(
            "Day",
            InputElement::StaticSelect {
                action_id: block_id(Field::Weekday).into(),
                options: days,
                initial_option: today,
            },
        )),
        Block::input(Input::new(
            "Time",
            InputElement::Timepicker {
                action_id: block_id(Field::Time).into(),
                initial_time: Some(time),
            },
        )),
        Block::input(
            Input::new(
                "Time zone",
                InputElement::text(block_id(Field::Zone), Some(zone), "Europe/Berlin"),
            )
            .hint("An IANA time zone name, such as America/New_York, Europe/Berlin or UTC."),
        ),
    ];
    Modal::new(CALLBACK_ID, "Nudge settings", "Save", blocks).with_metadata(channel.as_str())
}

/// A submission read and checked, ready to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub team: TeamId,
    pub enterprise: Option<TeamId>,
    pub channel: ChannelId,
    pub user: UserId,
    pub choice: ScheduleChoice,
}

/// Reads a submission, or the errors to show beside its fields.
pub fn read(submission: &Submission) -> Result<Settings, ViewAck> {
    let Ok(channel) = ChannelId::parse(&submission.private_metadata) else {
        return Err(ViewAck::error(
            block_id(Field::Enabled),
            "I lost track of the channel: close this and open the settings again from it.",
        ));
    };
    let value = |field| submission.value(block_id(field), block_id(field));
    let filled = Filled {
        enabled: value(Field::Enabled),
        weekday: value(Field::Weekday),
        time: value(Field::Time),
        zone: value(Field::Zone),
    };
    let choice = form::read(&filled).map_err(|problems| {
        ViewAck::Errors(
            problems
                .into_iter()
                .map(|(field, message)| (block_id(field).to_owned(), message))
                .collect(),
        )
    })?;
    Ok(Settings {
        team: submission.team.clone(),
        enterprise: submission.enterprise.clone(),
        channel,
        user: submission.user.clone(),
        choice,
    })
}
