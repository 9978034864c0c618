//! Bounded reply work. At most a fixed number of replies (commands, events, clicks) are in
//! flight at once; each holds a slot from admission until its reply is sent. When every slot
//! is taken the acknowledgement waits a little for one, and past its deadline the request is
//! turned away with a "try again" instead of being accepted as work the bot cannot finish.
//! Memory therefore stays flat under any burst: waiting requests are bounded by the server's
//! connections, accepted work by the slots.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tokio_util::task::TaskTracker;

pub use crate::config::WorkLimits;
use crate::telemetry::metrics::{self, ReplyOutcome};

/// What became of a request handed to the bot.
#[derive(Debug, Clone, PartialEq)]
pub enum Admission {
    /// Taken (or nothing to do): acknowledge plainly.
    Accepted,
    /// Every slot stayed busy: nothing was started, and the person is told to try again.
    Busy,
    /// Acknowledge with this body (a modal's `response_action: errors`).
    Respond(serde_json::Value),
}

/// The slots; cheap to clone.
#[derive(Debug, Clone)]
pub struct Work {
    slots: Arc<Semaphore>,
    limits: WorkLimits,
    tasks: TaskTracker,
    counts: Arc<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    peak_in_flight: AtomicUsize,
    peak_tasks: AtomicUsize,
    turned_away: AtomicU64,
}

/// A reserved place for one piece of work; freed when the work (or the slot) is dropped.
#[derive(Debug)]
pub struct Slot {
    permit: OwnedSemaphorePermit,
    work: Work,
}

impl Work {
    /// Slots for `limits.concurrency` pieces of work, run on `tasks` (which shutdown drains).
    pub fn new(limits: WorkLimits, tasks: TaskTracker) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(limits.concurrency.max(1))),
            limits,
            tasks,
            counts: Arc::default(),
        }
    }

    /// A slot, waiting for one until `started + ack_wait` at the latest; `None` means busy.
    pub async fn admit(&self, started: Instant) -> Option<Slot> {
        let permit = match self.slots.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let deadline = started + self.limits.ack_wait;
                match tokio::time::timeout_at(deadline, self.slots.clone().acquire_owned()).await {
                    Ok(Ok(permit)) => permit,
                    _ => {
                        self.counts.turned_away.fetch_add(1, Ordering::Relaxed);
                        metrics::reply(ReplyOutcome::Busy);
                        tracing::warn!(
                            limit = self.limits.concurrency,
                            "every reply slot stayed busy; asked Slack or the person to try again"
                        );
                        return None;
                    }
                }
            }
        };
        let in_flight = self.in_flight();
        self.counts
            .peak_in_flight
            .fetch_max(in_flight, Ordering::Relaxed);
        metrics::work_in_flight(in_flight);
        Some(Slot {
            permit,
            work: self.clone(),
        })
    }

    /// Work holding a slot right now.
    pub fn in_flight(&self) -> usize {
        self.limits
            .concurrency
            .max(1)
            .saturating_sub(self.slots.available_permits())
    }

    /// The most work ever in flight at once.
    pub fn peak_in_flight(&self) -> usize {
        self.counts.peak_in_flight.load(Ordering::Relaxed)
    }

    /// The most background tasks ever alive at once, measured as each one starts.
    pub fn peak_tasks(&self) -> usize {
        self.counts.peak_tasks.load(Ordering::Relaxed)
    }

    /// Requests told to try again because every slot stayed taken.
    pub fn turned_away(&self) -> u64 {
        self.counts.turned_away.load(Ordering::Relaxed)
    }

    pub fn limits(&self) -> WorkLimits {
        self.limits
    }
}

impl Slot {
    /// Runs `work` in the background, holding this slot until it ends; shutdown waits for it.
    pub fn spawn(self, work: impl Future<Output = ()> + Send + 'static) {
        let Slot { permit, work: pool } = self;
        // Boxed once here: on its way into the runtime the task is moved several times (into
        // this wrapper, the tracker's, the runtime's cell), and a reply's future is a
        // kilobyte or more; copying it each time cost more than one allocation.
        let work = Box::pin(work);
        let slots = pool.clone();
        pool.tasks.spawn(async move {
            work.await;
            drop(permit);
            metrics::work_in_flight(slots.in_flight());
        });
        pool.counts
            .peak_tasks
            .fetch_max(pool.tasks.len(), Ordering::Relaxed);
    }
}
