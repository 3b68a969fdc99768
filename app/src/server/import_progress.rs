//! How far a running dry run or commit has got, for the page's progress bar. Kept in this
//! process's memory: the request doing the work runs here, and writing progress to the database
//! would wait for the very transaction it reports on (SQLite has one writer). Another server
//! process behind a load balancer does not know it; the page then shows the bar without a
//! figure.

use crate::api::imports::BatchProgress;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use uuid::Uuid;

static RUNNING: LazyLock<Mutex<HashMap<Uuid, BatchProgress>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The progress of one batch's work while it runs; forgotten when dropped (also on an error).
pub struct Tracker {
    batch: Uuid,
}

impl Tracker {
    pub fn start(batch: Uuid, step: &'static str, total: usize) -> Tracker {
        set(batch, BatchProgress { step: step.to_owned(), done: 0, total });
        Tracker { batch }
    }

    pub fn advance(&self, step: &'static str, done: usize, total: usize) {
        set(self.batch, BatchProgress { step: step.to_owned(), done: done.min(total), total });
    }
}

impl Drop for Tracker {
    fn drop(&mut self) {
        if let Ok(mut running) = RUNNING.lock() {
            running.remove(&self.batch);
        }
    }
}

fn set(batch: Uuid, progress: BatchProgress) {
    if let Ok(mut running) = RUNNING.lock() {
        running.insert(batch, progress);
    }
}

/// The batch's progress, if its work runs in this process now.
pub fn of(batch: Uuid) -> Option<BatchProgress> {
    RUNNING.lock().ok().and_then(|running| running.get(&batch).cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_known_while_the_work_runs_and_forgotten_after() {
        let batch = Uuid::now_v7();
        {
            let tracker = Tracker::start(batch, "reading", 10);
            tracker.advance("writing", 12, 10);
            assert_eq!(
                of(batch),
                Some(BatchProgress { step: "writing".into(), done: 10, total: 10 })
            );
        }
        assert_eq!(of(batch), None);
    }
}
