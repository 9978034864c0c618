//! The scheduler: `run_due(state, now)` handles every subscription due at `now` once and
//! reports what happened; `serve` calls it every `MOPS_NUDGE_INTERVAL`, and
//! `mops-bot nudges run-due` calls it once (from cron, or with `--now` in tests).
//!
//! # Exactly one post per channel per week
//! Each (subscription, ISO week of the slot) has at most one ledger row (a unique key). A
//! run claims the row *before* calling Slack, in state `sending` with a short lease, and
//! settles it after: `sent` (with the next slot moved in the same transaction), `failed`
//! (refused for good), or deleted again when nothing was posted (the slot stays due). So a
//! second run at the same instant, or `run-due` next to `serve` on the same database, finds
//! the row and posts nothing; between retries the row says `waiting`, which means "known
//! not posted", and a run may take over a `waiting` row whose owner's lease ran out.
//!
//! # A process killed mid-send
//! A `sending` row whose lease ran out (its owner died while a request to Slack may have
//! been in flight) is the one case the ledger cannot decide: Slack may or may not have
//! accepted the message, and Slack offers no idempotency key to ask. We choose never to
//! double-post: the row becomes `unknown`, the week counts as delivered, and the run
//! reports the channel as "possibly delivered" (a warning in the log, a line in the
//! `run-due` summary) while `/mops nudge status` in that channel names the week that may be
//! missing. Nothing is lost silently. The window is only the HTTP call itself (claims are
//! made after rate-limit waits, and the lease is two minutes against a ten-second request
//! timeout), and work not yet claimed when the process died is simply delivered by the
//! next run.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use jiff::Timestamp;
use tokio::sync::{Mutex, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::delivery;
use super::pacing::Pacer;
use crate::slack::api::Token;
use crate::slack::ids::{ChannelId, TeamId};
use crate::state::AppState;
use crate::store::subscriptions;
use crate::telemetry::metrics;

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
    /// A claim left by a process that died mid-send: not sent again (see the module doc).
    PossiblyDelivered {
        week: String,
    },
    /// The slot is older than the grace period: skipped, never posted late.
    Missed,
    Paused,
    /// Slack kept failing (5xx, timeouts); the slot stays due for the next run.
    LeftDue {
        error: String,
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
            Outcome::Missed => "missed (past the grace period)",
            Outcome::Paused => "paused",
            Outcome::LeftDue { .. } => "left due after errors",
            Outcome::Deactivated { .. } => "deactivated",
            Outcome::Failed { .. } => "refused by Slack",
            Outcome::Stopped => "not started (shutting down)",
            Outcome::Error { .. } => "database errors",
        }
    }

    /// The `outcome` label of `mops_nudges_total`.
    fn metric(&self) -> &'static str {
        match self {
            Outcome::Sent { .. } => "sent",
            Outcome::PossiblyDelivered { .. } => "possibly_delivered",
            Outcome::LeftDue { .. }
            | Outcome::Failed { .. }
            | Outcome::Error { .. }
            | Outcome::Deactivated { .. } => "failed",
            Outcome::AlreadyDone
            | Outcome::Busy
            | Outcome::Missed
            | Outcome::Paused
            | Outcome::Stopped => "skipped",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Outcome::PossiblyDelivered { week } => Some(format!(
                "week {week}: the process stopped while posting; not posted again"
            )),
            Outcome::LeftDue { error } | Outcome::Failed { error } | Outcome::Error { error } => {
                Some(error.clone())
            }
            Outcome::Deactivated { reason } => Some(reason.clone()),
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

/// What every delivery of one run shares.
#[derive(Debug)]
pub(crate) struct Run {
    pub state: AppState,
    pub now: Timestamp,
    /// Names this run's claims in the ledger.
    pub owner: String,
    pub pacer: Pacer,
    pub permits: Arc<Semaphore>,
    pub stop: CancellationToken,
    tokens: Mutex<HashMap<TeamId, Option<Token>>>,
}

impl Run {
    /// The workspace's token, asked for once per run.
    pub async fn token(&self, team: &TeamId) -> Option<Token> {
        let mut tokens = self.tokens.lock().await;
        if let Some(known) = tokens.get(team) {
            return known.clone();
        }
        let token = self.state.token_for(team).await;
        tokens.insert(team.clone(), token.clone());
        token
    }
}

/// Delivers everything due at `now`, once.
pub async fn run_due(state: &AppState, now: Timestamp) -> RunReport {
    run_due_until(state, now, CancellationToken::new()).await
}

/// `run_due`, starting no new delivery once `stop` is cancelled (deliveries in flight
/// finish). Dropping the returned future aborts the run as a killed process would.
pub async fn run_due_until(state: &AppState, now: Timestamp, stop: CancellationToken) -> RunReport {
    let owner = format!("{}-{:08x}", std::process::id(), rand::random::<u32>());
    let span = tracing::info_span!("nudge_run", at = %now, run = %owner);
    async move {
        let due = match subscriptions::due(&state.db, now).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(%error, "could not read the due subscriptions");
                return RunReport {
                    at: now,
                    handled: Vec::new(),
                };
            }
        };
        let settings = state.config.nudges;
        let run = Arc::new(Run {
            state: state.clone(),
            now,
            owner,
            pacer: Pacer::new(settings.workspace_rate),
            permits: Arc::new(Semaphore::new(settings.concurrency)),
            stop,
            tokens: Mutex::new(HashMap::new()),
        });
        let mut tasks = JoinSet::new();
        for sub in due {
            let run = run.clone();
            let span =
                tracing::info_span!("nudge_delivery", team = %sub.team, channel = %sub.channel);
            tasks.spawn(
                async move {
                    let (team, channel) = (sub.team.clone(), sub.channel.clone());
                    let outcome = delivery::handle(&run, sub).await;
                    metrics::nudge(outcome.metric());
                    Handled {
                        team,
                        channel,
                        outcome,
                    }
                }
                .instrument(span),
            );
        }
        let mut handled = Vec::with_capacity(tasks.len());
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(h) => handled.push(h),
                Err(error) => tracing::error!(%error, "a delivery task failed"),
            }
        }
        handled.sort_by(|a, b| (&a.team, &a.channel).cmp(&(&b.team, &b.channel)));
        let report = RunReport { at: now, handled };
        if !report.handled.is_empty() {
            tracing::info!(sent = report.sent(), "{}", report.summary());
        }
        report
    }
    .instrument(span)
    .await
}

/// Runs the scheduler every `MOPS_NUDGE_INTERVAL` until `stop` is cancelled, on the
/// state's task tracker so shutdown waits for a run in progress.
pub fn spawn_loop(state: &AppState, stop: CancellationToken) {
    let Some(every) = state.config.nudges.interval else {
        tracing::info!("the nudge scheduler is off; run `mops-bot nudges run-due` from cron");
        return;
    };
    let state_for_task = state.clone();
    state.tasks.spawn(
        async move {
            let state = state_for_task;
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            loop {
                tokio::select! {
                    () = stop.cancelled() => break,
                    _ = tick.tick() => {}
                }
                run_due_until(&state, state.clock.now(), stop.clone()).await;
            }
            tracing::info!("nudge scheduler stopped");
        }
        .instrument(tracing::info_span!("nudge_scheduler")),
    );
}
