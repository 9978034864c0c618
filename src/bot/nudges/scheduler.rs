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
//! # When Slack's answer does not say
//! Only an answer that proves Slack did not take the message (no connection, 429, an
//! `ok:false` refusal) lets a claim go. A timeout or reset after sending, a 5xx, or
//! `internal_error`/`fatal_error`/`request_timeout` may hide a posted message, and Slack
//! offers no idempotency key: the row becomes `unknown` ("possibly delivered"), the week
//! counts as delivered and is never posted again blindly. A `sending` row whose lease ran
//! out (its owner died around the request) is the same case.
//!
//! Every nudge carries message metadata (`mops_nudge`, with the subscription and week), so a
//! later run settles such a row (`settle`): it looks for the marker in the channel's recent
//! history (`conversations.history`, which needs `channels:history`/`groups:history`):
//! found means delivered, absent means not delivered, and it is posted now (within the
//! grace period). Without those scopes the week stays "possibly delivered": reported in
//! the run summary and named by `/mops nudge status`, never silently lost or doubled.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Timestamp;
use rand::seq::SliceRandom;
use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::pacing::Pacer;
use super::slots::{WorkspaceSlot, WorkspaceSlots};
use super::{delivery, settle};
use crate::bot::state::{AppState, TokenError};
use crate::ids::TeamId;
pub use crate::nudges::outcome::{Handled, Outcome, RunReport};
use crate::slack::api::Token;
use crate::store::{subscriptions, unmatched, unsettled};
use crate::telemetry::metrics;

/// At most this many possibly delivered weeks are settled per run; the rest wait.
const SETTLE_PER_RUN: i64 = 500;

type TokenCell = Arc<OnceCell<Result<Token, TokenError>>>;

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
    /// One cell per workspace: a slow lookup (a token refresh) holds back only its own
    /// workspace, never the others.
    tokens: std::sync::Mutex<HashMap<TeamId, TokenCell>>,
    /// Each workspace's own slots (`workspace_concurrency`), taken before one of `permits`.
    workspaces: WorkspaceSlots,
}

/// The right to post now: one of the workspace's slots and one of the run's, held together.
#[derive(Debug)]
pub(crate) struct SendSlot {
    _workspace: WorkspaceSlot,
    _run: OwnedSemaphorePermit,
}

impl Run {
    /// The workspace's token, asked for once per run.
    pub async fn token(&self, team: &TeamId) -> Result<Token, TokenError> {
        let cell = {
            let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
            tokens.entry(team.clone()).or_default().clone()
        };
        cell.get_or_init(|| self.state.token_lookup(team))
            .await
            .clone()
    }

    /// Waits for a turn to post to `team`: first one of the workspace's own slots (see
    /// `slots`), then one of the run's. `None` once the run is stopping.
    pub async fn send_slot(&self, team: &TeamId) -> Option<SendSlot> {
        let workspace = self.workspaces.take(team).await?;
        let run = self.permits.clone().acquire_owned().await.ok()?;
        Some(SendSlot {
            _workspace: workspace,
            _run: run,
        })
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
        let log_entries_deleted = expire_work_log(state, now).await;
        let unmatched_deleted = expire_unmatched(state, now).await;
        let mut due = match subscriptions::due(&state.db, now).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(%error, "could not read the due subscriptions");
                return RunReport {
                    at: now,
                    handled: Vec::new(),
                    log_entries_deleted,
                    unmatched_deleted,
                };
            }
        };
        // Schedulers in other replicas read the same due list at the same minute: each walks
        // it in its own random order, so they spread over it instead of racing for the same
        // rows one after another (the loser of each race wastes a pacing reservation).
        due.shuffle(&mut rand::thread_rng());
        let ready = match unsettled::ready(&state.db, now, SETTLE_PER_RUN).await {
            Ok(ready) => ready,
            Err(error) => {
                tracing::error!(%error, "could not read the deliveries to settle");
                Vec::new()
            }
        };
        let settings = state.config.nudges;
        let run = Arc::new(Run {
            state: state.clone(),
            now,
            owner,
            pacer: Pacer::shared(settings.workspace_rate, state.db.clone()),
            permits: Arc::new(Semaphore::new(settings.concurrency)),
            stop,
            tokens: std::sync::Mutex::default(),
            workspaces: WorkspaceSlots::new(settings.workspace_concurrency),
        });
        let mut tasks = JoinSet::new();
        // A row of a subscription that is due now is settled by its delivery instead.
        let due_ids: std::collections::HashSet<i64> = due.iter().map(|s| s.id).collect();
        for delivery in ready {
            if due_ids.contains(&delivery.subscription_id) {
                continue;
            }
            let run = run.clone();
            tasks.spawn(
                async move {
                    let (team, channel, outcome) = settle::handle(&run, delivery).await?;
                    metrics::nudge(outcome.metric());
                    Some(Handled {
                        team,
                        channel,
                        outcome,
                    })
                }
                .instrument(tracing::info_span!("nudge_settle")),
            );
        }
        for sub in due {
            let run = run.clone();
            let span =
                tracing::info_span!("nudge_delivery", team = %sub.team, channel = %sub.channel);
            tasks.spawn(
                async move {
                    let (team, channel) = (sub.team.clone(), sub.channel.clone());
                    let outcome = delivery::handle(&run, sub).await;
                    metrics::nudge(outcome.metric());
                    Some(Handled {
                        team,
                        channel,
                        outcome,
                    })
                }
                .instrument(span),
            );
        }
        let mut handled = Vec::with_capacity(tasks.len());
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Some(h)) => handled.push(h),
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "a delivery task failed"),
            }
        }
        handled.sort_by(|a, b| (&a.team, &a.channel).cmp(&(&b.team, &b.channel)));
        let report = RunReport {
            at: now,
            handled,
            log_entries_deleted,
            unmatched_deleted,
        };
        if !report.handled.is_empty() {
            tracing::info!(sent = report.sent(), "{}", report.summary());
        }
        metrics::nudge_run();
        report
    }
    .instrument(span)
    .await
}

/// Work-log retention rides on the periodic run: entries older than `MOPS_LOG_RETENTION`
/// are deleted, whoever wrote them. Returns how many went.
async fn expire_work_log(state: &AppState, now: Timestamp) -> u64 {
    let retention = jiff::SignedDuration::try_from(state.config.worklog.retention)
        .unwrap_or(jiff::SignedDuration::MAX);
    let Ok(cutoff) = now.checked_sub(retention) else {
        return 0;
    };
    deleted(
        "work-log entries",
        crate::store::worklog::delete_older_than(&state.db, cutoff).await,
    )
}

/// Unanswered questions kept for content owners go after 30 days, whatever the setting now.
async fn expire_unmatched(state: &AppState, now: Timestamp) -> u64 {
    let keep = jiff::SignedDuration::from_hours(24 * unmatched::RETENTION_DAYS);
    let Ok(cutoff) = now.checked_sub(keep) else {
        return 0;
    };
    deleted(
        "unanswered questions",
        unmatched::delete_older_than(&state.db, cutoff).await,
    )
}

/// How many `what` retention deleted, logged; 0 (and an error logged) when it failed.
fn deleted(what: &str, result: Result<u64, crate::store::StoreError>) -> u64 {
    match result {
        Ok(0) => 0,
        Ok(n) => {
            tracing::info!(deleted = n, "{what} past retention deleted");
            n
        }
        Err(error) => {
            tracing::error!(%error, "could not delete old {what}; trying next run");
            0
        }
    }
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
