//! Reloads the packs when a file in `MOPS_RESPONSES_DIR` changes. Polling the folder's file
//! names, sizes and modification times twice a second is cheap for a few dozen files and
//! behaves the same on every file system (editors that replace files, network mounts).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tokio_util::sync::CancellationToken;

use super::Shared;
use crate::clock::SharedClock;
use crate::guidance::Guide;
use crate::guidance::library::Loaded;

const EVERY: Duration = Duration::from_millis(500);

/// What the folder looks like: each file's name, size and modification time, sorted.
pub(super) type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

pub(super) fn fingerprint(dir: &Path) -> Fingerprint {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let meta = e.metadata().ok()?;
                    meta.is_file()
                        .then(|| (e.path(), meta.len(), meta.modified().ok()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Watches `dir` until `stop`; every change from `seen` (taken before the library in use was
/// loaded) loads the library again: a good one replaces the library in use, a broken one
/// leaves it and lists its problems for the page.
pub(super) async fn reload_on_change(
    dir: PathBuf,
    mut seen: Fingerprint,
    shared: Shared,
    clock: SharedClock,
    stop: CancellationToken,
) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(EVERY) => {}
        }
        let now = fingerprint(&dir);
        if now == seen {
            continue;
        }
        seen = now;
        let today = clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
        let loaded = crate::startup::load_library(Some(&dir), today);
        let mut state = shared
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.version += 1;
        match loaded {
            Ok(Loaded { library, .. }) => {
                state.guide = Arc::new(Guide::new(library));
                state.problems.clear();
                tracing::info!("packs reloaded");
            }
            Err(errors) => {
                state.problems = errors.iter().map(ToString::to_string).collect();
                tracing::warn!(
                    problems = state.problems.len(),
                    "the packs on disk have problems"
                );
            }
        }
    }
}
