//! Bookkeeping after the reply: topics answered (for the Home tab) and feedback votes are
//! queued here without waiting and written by one task in batches, one transaction each, so
//! nothing stands between a match and its reply POST. The queue is bounded: when the database
//! cannot keep up (locked, down), new records are dropped with a warning, never the reply.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, Notify, mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::slack::ids::{TeamId, UserId};
use crate::store::Db;
use crate::store::bookkeeping::{self, Answered};
use crate::store::feedback::{SubjectKind, Vote};

/// Records waiting to be written, at most.
pub const QUEUE_CAPACITY: usize = 4096;
/// Records written in one transaction, at most.
pub const BATCH_MAX: usize = 256;
/// How long the writer gathers records after the first one before it writes. Without it a
/// busy bot writes a transaction for every few replies, and each one costs several hops to
/// the database's thread; with it a burst costs a few transactions a second. A flush (a Home
/// tab opening) or shutdown writes at once. While it lingers the writer sleeps rather than
/// waiting on the queue, so a record noted costs no wake-up of the writer: under a burst that
/// was a task wake-up (and often a thread's) for every reply.
pub const LINGER: Duration = Duration::from_millis(50);

/// One thing to note down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Answered {
        team: TeamId,
        user: UserId,
        topic: String,
        at: i64,
    },
    /// A question the bot was unsure of (`MOPS_RECORD_UNMATCHED`): its text, never who asked.
    Unmatched { question: String, at: i64 },
    Vote {
        team: TeamId,
        user: UserId,
        kind: SubjectKind,
        subject: String,
        helpful: bool,
        at: i64,
    },
}

#[derive(Debug)]
enum Msg {
    Record(Record),
    /// Answered once everything queued before it has been written (or has failed).
    Flush(oneshot::Sender<()>),
}

/// The queue's sending side; cheap to clone.
#[derive(Debug, Clone)]
pub struct Bookkeeper {
    tx: mpsc::Sender<Msg>,
    /// Wakes a lingering writer when a flush is queued.
    flushing: Arc<Notify>,
    stop: CancellationToken,
    writer: Arc<Mutex<Option<JoinHandle<()>>>>,
    dropped: Arc<AtomicU64>,
}

impl Bookkeeper {
    /// Starts the writer task on the current runtime.
    pub fn start(db: Db) -> Self {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let stop = CancellationToken::new();
        let flushing = Arc::new(Notify::new());
        let writer = tokio::spawn(write_loop(db, rx, flushing.clone(), stop.clone()));
        Self {
            tx,
            flushing,
            stop,
            writer: Arc::new(Mutex::new(Some(writer))),
            dropped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Queues `record` without waiting. A full queue drops it: only history is lost.
    pub fn note(&self, record: Record) {
        if self.tx.try_send(Msg::Record(record)).is_err() {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            // One line for the first loss and then one per thousand, not one per request.
            if dropped == 1 || dropped % 1000 == 0 {
                tracing::warn!(
                    dropped,
                    "bookkeeping is behind (is the database locked?); recent answers and votes are being dropped"
                );
            }
        }
    }

    /// Records dropped because the queue was full, since start-up.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Waits (at most `limit`) until everything noted so far is written, so a Home tab shows
    /// the answer just given. `false` if that took longer.
    pub async fn flush(&self, limit: Duration) -> bool {
        let (done, wait) = oneshot::channel();
        let flushed = async {
            if self.tx.send(Msg::Flush(done)).await.is_err() {
                return false;
            }
            self.flushing.notify_one();
            wait.await.is_ok()
        };
        tokio::time::timeout(limit, flushed).await.unwrap_or(false)
    }

    /// Writes what is queued and stops the writer (shutdown, after the replies are done).
    pub async fn close(&self, limit: Duration) -> bool {
        self.stop.cancel();
        let Some(writer) = self.writer.lock().await.take() else {
            return true;
        };
        tokio::time::timeout(limit, writer).await.is_ok()
    }
}

async fn write_loop(
    db: Db,
    mut rx: mpsc::Receiver<Msg>,
    flushing: Arc<Notify>,
    stop: CancellationToken,
) {
    let mut batch = Vec::with_capacity(BATCH_MAX);
    loop {
        let first = tokio::select! {
            biased;
            msg = rx.recv() => msg,
            () = stop.cancelled() => None,
        };
        let Some(first) = first else { break };
        batch.push(first);
        gather(&mut rx, &mut batch, &flushing, &stop).await;
        write(&db, &mut batch).await;
    }
    // Stopping: whatever is still queued is written before the writer ends.
    rx.close();
    loop {
        let _ = fill(&mut rx, &mut batch);
        if batch.is_empty() {
            break;
        }
        write(&db, &mut batch).await;
    }
}

/// Adds to `batch` what arrives within [`LINGER`]: at once when the batch is already full or
/// holds a flush, else after sleeping until the linger ends, a flush is queued or the bot is
/// stopping. Records are not awaited one by one (see [`LINGER`]).
async fn gather(
    rx: &mut mpsc::Receiver<Msg>,
    batch: &mut Vec<Msg>,
    flushing: &Notify,
    stop: &CancellationToken,
) {
    let waiting_flush = matches!(batch.last(), Some(Msg::Flush(_)));
    if fill(rx, batch) || waiting_flush || batch.len() >= BATCH_MAX {
        return;
    }
    tokio::select! {
        biased;
        () = stop.cancelled() => {}
        () = flushing.notified() => {}
        () = tokio::time::sleep(LINGER) => {}
    }
    fill(rx, batch);
}

/// Moves what is queued into `batch` without waiting; `true` if that included a flush.
fn fill(rx: &mut mpsc::Receiver<Msg>, batch: &mut Vec<Msg>) -> bool {
    let mut flush = false;
    while batch.len() < BATCH_MAX {
        match rx.try_recv() {
            Ok(msg) => {
                flush |= matches!(msg, Msg::Flush(_));
                batch.push(msg);
            }
            Err(_) => break,
        }
    }
    flush
}

/// Writes the records in `batch` in one transaction, then answers its flushes.
async fn write(db: &Db, batch: &mut Vec<Msg>) {
    let mut answered = Vec::new();
    let mut votes = Vec::new();
    let mut unmatched = Vec::new();
    let mut flushes = Vec::new();
    for msg in batch.drain(..) {
        match msg {
            Msg::Record(Record::Answered {
                team,
                user,
                topic,
                at,
            }) => answered.push(Answered {
                team_id: team.as_str().to_owned(),
                user_id: user.as_str().to_owned(),
                topic,
                at,
            }),
            Msg::Record(vote @ Record::Vote { .. }) => votes.push(vote),
            Msg::Record(Record::Unmatched { question, at }) => unmatched.push((question, at)),
            Msg::Flush(done) => flushes.push(done),
        }
    }
    let votes: Vec<Vote<'_>> = votes.iter().filter_map(as_vote).collect();
    if !(answered.is_empty() && votes.is_empty() && unmatched.is_empty()) {
        let rows = answered.len() + votes.len() + unmatched.len();
        match bookkeeping::write_batch(db, &answered, &votes, &unmatched).await {
            Ok(()) => tracing::debug!(rows, "bookkeeping written"),
            Err(error) => {
                tracing::warn!(%error, rows, "could not write bookkeeping; these records are lost")
            }
        }
    }
    for done in flushes {
        let _ = done.send(());
    }
}

fn as_vote(record: &Record) -> Option<Vote<'_>> {
    match record {
        Record::Vote {
            team,
            user,
            kind,
            subject,
            helpful,
            at,
        } => Some(Vote {
            team_id: team.as_str(),
            user_id: user.as_str(),
            kind: *kind,
            subject_id: subject,
            helpful: *helpful,
            at: *at,
        }),
        Record::Answered { .. } | Record::Unmatched { .. } => None,
    }
}
