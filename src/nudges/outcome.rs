//! What one scheduler run did: an [`Outcome`] per due subscription (or settled week), and
//! the [`RunReport`] that `run-due` prints and `serve` logs.

use std::fmt::Write as _;

use jiff::Timestamp;

use crate::ids::{ChannelId, TeamId};

/// What happened to one due subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        nudge: String,
    },
    /// The week was already settled by an earlier run.
    AlreadyDone,
    /// Another run holds a live claim on this week.
    Busy,
    /// Slack's answer left it open whether the message arrived: not sent again blindly
    /// (see the module doc); `reason` says why, and whether a later run will check.
    PossiblyDelivered {
        week: String,
        reason: String,
    },
    /// A possibly delivered week was found in the channel's history: delivered.
    Confirmed {
        week: String,
    },
    /// The slot is older than the grace period: skipped, never posted late.
    Missed,
    Paused,
    /// Slack kept failing (5xx, timeouts); the slot stays due for the next run.
    LeftDue {
        error: String,
    },
    /// This week was skipped (the app is not installed there); the subscription stays on.
    Skipped {
        reason: String,
    },
    /// Stopped for good until someone runs `/mops nudge on` again.
    Deactivated {
        reason: String,
    },
    /// Slack refused this message for good; the week is over for this channel.
    Failed {
        error: String,
    },
    /// Shutdown came before this delivery started.
    Stopped,
    /// The database failed; nothing was claimed or the claim stays for a later run.
    Error {
        error: String,
    },
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Sent { .. } => "sent",
            Outcome::AlreadyDone => "already sent",
            Outcome::Busy => "being sent by another run",
            Outcome::PossiblyDelivered { .. } => "possibly delivered",
            Outcome::Confirmed { .. } => "delivered (found in the channel)",
            Outcome::Missed => "missed (past the grace period)",
            Outcome::Paused => "paused",
            Outcome::LeftDue { .. } => "left due after errors",
            Outcome::Deactivated { .. } => "deactivated",
            Outcome::Skipped { .. } => "skipped",
            Outcome::Failed { .. } => "refused by Slack",
            Outcome::Stopped => "not started (shutting down)",
            Outcome::Error { .. } => "database errors",
        }
    }

    /// The `outcome` label of `mops_nudges_total`.
    pub(crate) fn metric(&self) -> &'static str {
        match self {
            Outcome::Sent { .. } | Outcome::Confirmed { .. } => "sent",
            Outcome::PossiblyDelivered { .. } => "possibly_delivered",
            Outcome::LeftDue { .. }
            | Outcome::Failed { .. }
            | Outcome::Error { .. }
            | Outcome::Deactivated { .. } => "failed",
            Outcome::AlreadyDone
            | Outcome::Busy
            | Outcome::Missed
            | Outcome::Paused
            | Outcome::Skipped { .. }
            | Outcome::Stopped => "skipped",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Outcome::PossiblyDelivered { week, reason } => {
                Some(format!("week {week}: {reason}; not posted again"))
            }
            Outcome::Confirmed { week } => Some(format!("week {week}")),
            Outcome::LeftDue { error } | Outcome::Failed { error } | Outcome::Error { error } => {
                Some(error.clone())
            }
            Outcome::Deactivated { reason } | Outcome::Skipped { reason } => Some(reason.clone()),
            _ => None,
        }
    }
}

/// One subscription's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handled {
    pub team: TeamId,
    pub channel: ChannelId,
    pub outcome: Outcome,
}

/// Everything one run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    pub at: Timestamp,
    pub handled: Vec<Handled>,
    /// Work-log entries deleted by retention in this run.
    pub log_entries_deleted: u64,
    /// Unanswered questions (`MOPS_RECORD_UNMATCHED`) deleted by retention in this run.
    pub unmatched_deleted: u64,
}

impl RunReport {
    pub fn count(&self, pred: impl Fn(&Outcome) -> bool) -> usize {
        self.handled.iter().filter(|h| pred(&h.outcome)).count()
    }

    pub fn sent(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Sent { .. }))
    }

    /// Some deliveries need another run (errors left them due, or storage failed).
    pub fn incomplete(&self) -> bool {
        self.count(|o| matches!(o, Outcome::LeftDue { .. } | Outcome::Error { .. })) > 0
    }

    /// A human summary: counts per outcome, then one line per channel needing attention.
    pub fn summary(&self) -> String {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for h in &self.handled {
            match counts.iter_mut().find(|(l, _)| *l == h.outcome.label()) {
                Some((_, n)) => *n += 1,
                None => counts.push((h.outcome.label(), 1)),
            }
        }
        let mut out = format!("nudges due at {}: {}", self.at, self.handled.len());
        if !counts.is_empty() {
            let parts: Vec<String> = counts.iter().map(|(l, n)| format!("{n} {l}")).collect();
            let _ = write!(out, " ({})", parts.join(", "));
        }
        for h in &self.handled {
            if let Some(detail) = h.outcome.detail() {
                let _ = write!(
                    out,
                    "\n  {} in {}: {}: {detail}",
                    h.channel,
                    h.team,
                    h.outcome.label()
                );
            }
        }
        out
    }
}
