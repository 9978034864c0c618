//! `/mops log export`: the whole log as CSV, sent to the person's DM with the bot.
//!
//! The bot's scopes have no `files:write`, so asking every workspace to reinstall for a file
//! upload (`files.getUploadURLExternal` and `files.completeUploadExternal`) buys little: the
//! CSV goes as code blocks in one or more DM messages, each inside Slack's limits (3,000
//! characters a section, about 12,000 of block text a message), ready to copy into a
//! spreadsheet.

use super::PRIVATE;
use crate::bot::state::AppState;
use crate::guidance::answer::{Answer, Part, Visibility};
use crate::slack::command::SlashCommand;
use crate::slack::ids::ChannelId;
use crate::slack::render;
use crate::store::StoreError;
use crate::store::worklog::{self, Owner};
use crate::text::escape;
use crate::worklog::csv;

/// Characters of CSV per section (inside Slack's 3,000 with the code fences).
const SECTION: usize = 2_800;
/// Sections per message (inside the ~12,000 characters of block text a message may hold).
const SECTIONS: usize = 3;

pub(super) async fn export(
    state: &AppState,
    command: &SlashCommand,
    owner: Owner<'_>,
) -> Result<Answer, StoreError> {
    let cap = state.config.worklog.max_entries;
    let entries = worklog::since(&state.db, owner, jiff::Timestamp::UNIX_EPOCH, cap).await?;
    if entries.is_empty() {
        return Ok(Answer::short(
            "Your work log is empty, so there is nothing to export.",
        ));
    }
    let Some(token) = state
        .token_for_request(&command.team_id, command.enterprise_id.as_ref())
        .await
    else {
        return Ok(Answer::short(
            "I can't send DMs in this workspace right now (the app isn't installed here). \
             Nothing was sent.",
        ));
    };
    let lines: Vec<String> = std::iter::once(csv::HEADER.to_owned())
        .chain(entries.iter().map(csv::line))
        .map(|l| escape(&l))
        .collect();
    let messages = messages(&lines);
    // Posting to a user id opens (or reuses) the person's DM with the bot.
    let Ok(dm) = ChannelId::parse(command.user_id.as_str()) else {
        return Ok(Answer::short("I couldn't find your DM; nothing was sent."));
    };
    let total = messages.len();
    for (n, message) in messages.into_iter().enumerate() {
        if let Err(error) =
            crate::bot::deliver::post_message(state, &token, &dm, &render::message(&message), None)
                .await
        {
            tracing::warn!(%error, part = n + 1, "could not send the work log export");
            return Ok(Answer::short(format!(
                "Slack didn't take part {} of {total} of your export, so it is incomplete. \
                 Please try `/mops log export` again in a minute.",
                n + 1
            )));
        }
    }
    Ok(Answer::short(format!(
        ":outbox_tray: Sent your work log ({} entries) to our DM as CSV. {PRIVATE}",
        entries.len()
    )))
}

/// CSV lines (already escaped) in code blocks, packed into messages within Slack's limits.
fn messages(lines: &[String]) -> Vec<Answer> {
    let mut sections: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if !current.is_empty() && current.len() + line.len() + 1 > SECTION {
            sections.push(std::mem::take(&mut current));
        }
        current.push_str(line);
        current.push('\n');
    }
    sections.push(current);
    let parts = sections.len().div_ceil(SECTIONS);
    sections
        .chunks(SECTIONS)
        .enumerate()
        .map(|(n, chunk)| {
            let title = if parts == 1 {
                "Your work log export (CSV)".to_owned()
            } else {
                format!("Your work log export (CSV), part {} of {parts}", n + 1)
            };
            let mut parts = vec![Part::Note(format!(
                "{title}: copy it into a file ending in .csv, or paste it into a spreadsheet."
            ))];
            parts.extend(chunk.iter().map(|s| Part::Text(format!("```\n{s}```"))));
            Answer::new(title, Visibility::Posted, parts)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slack::blocks::{Block, MAX_MESSAGE_BLOCKS, limit_violations};

    #[test]
    fn a_large_export_is_split_within_slack_limits_and_loses_no_line() {
        let lines: Vec<String> = (0..2000)
            .map(|i| format!("2026-11-23 10:00,{i},x{}", "y".repeat(i % 200)))
            .collect();
        let messages = messages(&lines);
        assert!(messages.len() > 1);
        let mut seen = 0;
        for m in messages.iter().map(render::message) {
            assert!(limit_violations(&m.blocks, MAX_MESSAGE_BLOCKS).is_empty());
            seen += m
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Section { text, .. } => Some(
                        text.as_str()
                            .lines()
                            .filter(|l| l.starts_with("2026"))
                            .count(),
                    ),
                    _ => None,
                })
                .sum::<usize>();
        }
        assert_eq!(seen, lines.len());
    }
}
