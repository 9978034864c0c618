//! Rate limits for one scheduler run: at most one message per second per channel (Slack's
//! rule for `chat.postMessage`), a steady rate per workspace, and a workspace-wide pause
//! when Slack answers 429. Waiting here happens without holding a concurrency permit, so a
//! slow workspace never starves the others.
//!
//! The workspace rate and its 429 pauses are kept in the database (`store::pacing`), so the
//! schedulers of every replica (and a cron `run-due` beside `serve`) share one budget per
//! workspace: each message reserves the next free instant there. Those instants are wall-clock
//! milliseconds, the one time base replicas share. If the database cannot be reached the run
//! falls back to pacing on its own.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::{Instant, sleep, sleep_until};

use crate::clock::{Clock, SystemClock};
use crate::ids::{ChannelId, TeamId};
use crate::store::{Db, pacing};

pub const CHANNEL_INTERVAL: Duration = Duration::from_secs(1);

/// Shared by every delivery of one run.
#[derive(Debug)]
pub struct Pacer {
    workspace_interval: Duration,
    /// Where the workspace budget is shared; `None` paces this run alone.
    shared: Option<Db>,
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// The next free sending slot per workspace.
    workspace_next: HashMap<TeamId, Instant>,
    /// Set by a 429: nothing goes to the workspace before this.
    workspace_blocked: HashMap<TeamId, Instant>,
    /// Workspaces whose token Slack refused, with the error.
    workspace_dead: HashMap<TeamId, String>,
    channel_next: HashMap<ChannelId, Instant>,
}

impl Pacer {
    /// `workspace_rate` messages per second to each workspace, shared with every other
    /// scheduler on `db`.
    pub fn shared(workspace_rate: f64, db: Db) -> Self {
        Self {
            shared: Some(db),
            ..Self::new(workspace_rate)
        }
    }

    /// `workspace_rate` messages per second to each workspace, counting this run alone.
    pub fn new(workspace_rate: f64) -> Self {
        let rate = if workspace_rate.is_finite() && workspace_rate > 0.0 {
            workspace_rate
        } else {
            1.0
        };
        Self {
            workspace_interval: Duration::from_secs_f64(1.0 / rate),
            shared: None,
            inner: Mutex::new(Inner::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for this workspace's next sending slot (and out any 429 pause).
    pub async fn workspace_turn(&self, team: &TeamId) {
        if let Some(db) = &self.shared {
            match self.shared_turn(db, team).await {
                Ok(()) => return,
                Err(error) => {
                    tracing::warn!(%error, "could not reserve a sending slot; pacing this run alone");
                }
            }
        }
        self.local_turn(team).await;
    }

    async fn shared_turn(&self, db: &Db, team: &TeamId) -> Result<(), sqlx::Error> {
        let interval = i64::try_from(self.workspace_interval.as_millis()).unwrap_or(i64::MAX);
        loop {
            // A 429 seen here is in the database too, but perhaps not yet: wait it out first.
            let local = self.lock().workspace_blocked.get(team).copied();
            if let Some(until) = local {
                sleep_until(until).await;
            }
            let now = wall_ms();
            let at = pacing::reserve(db, team.as_str(), now, interval.max(1)).await?;
            sleep(millis(at - now)).await;
            // A 429 may have arrived (in any replica) while we slept.
            if pacing::blocked_until(db, team.as_str()).await? <= wall_ms() {
                return Ok(());
            }
        }
    }

    async fn local_turn(&self, team: &TeamId) {
        loop {
            let at = {
                let mut inner = self.lock();
                let now = Instant::now();
                let blocked = inner.workspace_blocked.get(team).copied().unwrap_or(now);
                let free = inner.workspace_next.get(team).copied().unwrap_or(now);
                let at = now.max(blocked).max(free);
                inner
                    .workspace_next
                    .insert(team.clone(), at + self.workspace_interval);
                at
            };
            sleep_until(at).await;
            // A 429 may have arrived while we slept.
            let blocked = self.lock().workspace_blocked.get(team).copied();
            if blocked.is_none_or(|until| until <= Instant::now()) {
                return;
            }
        }
    }

    /// Waits until a second has passed since the last message to `channel`.
    pub async fn channel_turn(&self, channel: &ChannelId) {
        let at = {
            let mut inner = self.lock();
            let now = Instant::now();
            let at = inner
                .channel_next
                .get(channel)
                .copied()
                .unwrap_or(now)
                .max(now);
            inner
                .channel_next
                .insert(channel.clone(), at + CHANNEL_INTERVAL);
            at
        };
        sleep_until(at).await;
    }

    /// Slack said 429 for this workspace: hold everything to it for `wait`, here at once
    /// and in every replica through the database.
    pub fn block_workspace(&self, team: &TeamId, wait: Duration) {
        if let Some(db) = self.shared.clone() {
            let until = wall_ms().saturating_add(i64::try_from(wait.as_millis()).unwrap_or(0));
            let team_id = team.to_string();
            tokio::spawn(async move {
                if let Err(error) = pacing::block(&db, &team_id, until).await {
                    tracing::warn!(%error, "could not share a 429 pause");
                }
            });
        }
        let until = Instant::now() + wait;
        let mut inner = self.lock();
        let entry = inner.workspace_blocked.entry(team.clone()).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Slack refused the workspace's token: the rest of the run need not ask again.
    pub fn mark_dead(&self, team: &TeamId, error: &str) {
        self.lock()
            .workspace_dead
            .insert(team.clone(), error.to_owned());
    }

    pub fn dead(&self, team: &TeamId) -> Option<String> {
        self.lock().workspace_dead.get(team).cloned()
    }
}

/// Now, in unix milliseconds: the time base every replica shares.
fn wall_ms() -> i64 {
    SystemClock.now().as_millisecond()
}

fn millis(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn turns_are_spaced_per_workspace_and_per_channel() {
        let pacer = Pacer::new(4.0);
        let team = TeamId::parse("T1").unwrap();
        let other = TeamId::parse("T2").unwrap();
        let start = Instant::now();
        for _ in 0..4 {
            pacer.workspace_turn(&team).await;
        }
        assert_eq!(start.elapsed(), Duration::from_millis(750));
        pacer.workspace_turn(&other).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(750),
            "other workspaces don't wait"
        );

        pacer.block_workspace(&other, Duration::from_secs(5));
        pacer.workspace_turn(&other).await;
        assert_eq!(start.elapsed(), Duration::from_millis(5750));

        let channel = ChannelId::parse("C1").unwrap();
        let before = Instant::now();
        pacer.channel_turn(&channel).await;
        pacer.channel_turn(&channel).await;
        assert_eq!(before.elapsed(), CHANNEL_INTERVAL);
    }
}
