//! Each workspace's share of one run's sending slots (`MOPS_NUDGE_WORKSPACE_CONCURRENCY`), so
//! one workspace with many channels (or slow answers) never takes every slot of the run.
//!
//! The first post of a run to a workspace goes alone: its other channels wait until Slack has
//! answered it, and only then may the workspace have its full share in flight. A revoked
//! token is therefore learnt from one request (the rest of the run skips the workspace, see
//! `Pacer::dead`) instead of from a handful sent at once before the first answer came back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::ids::TeamId;
use crate::telemetry::metrics;

/// The slots of every workspace a run posts to.
#[derive(Debug)]
pub(crate) struct WorkspaceSlots {
    cap: usize,
    teams: Mutex<HashMap<TeamId, Team>>,
}

#[derive(Debug)]
struct Team {
    slots: Arc<Semaphore>,
    /// Whether the first post has been let through (its answer opens the other slots).
    probed: bool,
    /// Whether this run has said yet that the workspace had to wait for a slot.
    said: bool,
}

/// One of a workspace's slots, held while posting; the first one opens the rest when dropped.
#[derive(Debug)]
pub(crate) struct WorkspaceSlot {
    _permit: OwnedSemaphorePermit,
    /// Set on the first post's slot: the slots to add once its answer is in.
    opens: Option<(Arc<Semaphore>, usize)>,
}

impl Drop for WorkspaceSlot {
    fn drop(&mut self) {
        if let Some((slots, more)) = self.opens.take() {
            slots.add_permits(more);
        }
    }
}

impl WorkspaceSlots {
    /// At most `cap` posts in flight per workspace (at least one).
    pub fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            teams: Mutex::default(),
        }
    }

    /// Waits for one of `team`'s slots; `None` only if the slots were closed.
    pub async fn take(&self, team: &TeamId) -> Option<WorkspaceSlot> {
        let slots = self.team(team, false);
        let permit = match slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                metrics::nudge_workspace_wait();
                self.team(team, true);
                slots.clone().acquire_owned().await.ok()?
            }
        };
        // Before the first answer there is one slot, so exactly one taker sees `probed` unset.
        let first = {
            let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
            teams
                .get_mut(team)
                .is_some_and(|t| !std::mem::replace(&mut t.probed, true))
        };
        Some(WorkspaceSlot {
            _permit: permit,
            opens: first.then(|| (slots, self.cap - 1)),
        })
    }

    /// The workspace's slots (one until its first answer); when `full`, says once per run
    /// that it had to wait for one.
    fn team(&self, team: &TeamId, full: bool) -> Arc<Semaphore> {
        let mut teams = self.teams.lock().unwrap_or_else(|e| e.into_inner());
        let entry = teams.entry(team.clone()).or_insert_with(|| Team {
            slots: Arc::new(Semaphore::new(1)),
            probed: false,
            said: false,
        });
        if full && !entry.said {
            entry.said = true;
            tracing::info!(%team, cap = self.cap, "the workspace has its most nudges in flight; its others wait their turn");
        }
        entry.slots.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_first_post_goes_alone_and_its_answer_opens_the_rest() {
        let slots = WorkspaceSlots::new(3);
        let team = TeamId::parse("T1").expect("id");
        let other = TeamId::parse("T2").expect("id");
        let first = slots.take(&team).await.expect("first");
        let shared = slots.team(&team, false);
        assert_eq!(
            shared.available_permits(),
            0,
            "nothing else before its answer"
        );
        let elsewhere = slots
            .take(&other)
            .await
            .expect("another workspace is not held");
        drop(first);
        assert_eq!(shared.available_permits(), 3, "then the whole share");
        let held: Vec<_> = [
            slots.take(&team).await,
            slots.take(&team).await,
            slots.take(&team).await,
        ]
        .into_iter()
        .map(|s| s.expect("slot"))
        .collect();
        assert_eq!(shared.available_permits(), 0);
        drop(held);
        assert_eq!(
            shared.available_permits(),
            3,
            "later slots open nothing more"
        );
        drop(elsewhere);
    }
}
