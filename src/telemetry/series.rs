//! Metric handles kept once registered. The `metrics` macros look a series up by its name and
//! labels on every call: they build the key (allocating owned labels), hash it and search the
//! recorder's registry. On the request path a handful of those per request cost more than the
//! counting itself, so each series on it is looked up once and its handle kept here; recording
//! is then an atomic add.
//!
//! Handles are kept only once the process's recorder is installed ([`installed`]): before
//! that the macros hand out no-op handles, which must not outlive the moment.

use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// At most this many series are kept per [`Series`]; past it, look-ups go to the recorder
/// each time (every label set recorded here is bounded far below this).
const CAPACITY: usize = 256;

static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Notes that the process's recorder is installed, so handles from now on are real.
pub fn installed() {
    INSTALLED.store(true, Ordering::Release);
}

/// Handles of type `H`, one per label set `K`.
#[derive(Debug)]
pub struct Series<K, H> {
    kept: RwLock<Vec<(K, H)>>,
}

impl<K, H> Series<K, H> {
    pub const fn new() -> Self {
        Self {
            kept: RwLock::new(Vec::new()),
        }
    }

    /// Runs `record` on the handle whose labels `is` accepts, registering it with `register`
    /// (which returns the labels to keep it under, and the handle) the first time.
    pub fn with(
        &self,
        is: impl Fn(&K) -> bool,
        register: impl FnOnce() -> (K, H),
        record: impl FnOnce(&H),
    ) {
        if !INSTALLED.load(Ordering::Acquire) {
            return record(&register().1);
        }
        {
            let kept = self.kept.read().unwrap_or_else(|p| p.into_inner());
            if let Some((_, handle)) = kept.iter().find(|(labels, _)| is(labels)) {
                return record(handle);
            }
        }
        let mut kept = self.kept.write().unwrap_or_else(|p| p.into_inner());
        // Another thread may have registered it meanwhile.
        if let Some((_, handle)) = kept.iter().find(|(labels, _)| is(labels)) {
            return record(handle);
        }
        let (labels, handle) = register();
        record(&handle);
        if kept.len() < CAPACITY {
            kept.push((labels, handle));
        }
    }
}

impl<K, H> Default for Series<K, H> {
    fn default() -> Self {
        Self::new()
    }
}
