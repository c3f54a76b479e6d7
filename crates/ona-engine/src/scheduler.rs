//! Fair scheduling of algorithm jobs across tenants.
//!
//! Two lanes over the engine's threads: jobs the planner expects to finish
//! within [`crate::EngineConfig::inline_below`] (a k-hop query, degrees of a
//! small graph) run on the *interactive* pool, which no tenant can fill for
//! long; longer jobs run on the *batch* pool, whose threads run at a lower OS
//! priority (nice +10), behind a per-tenant cap on concurrent jobs (the
//! tier's `concurrency`). A heavy PageRank of one tenant therefore neither
//! occupies the threads small requests need nor out-prioritises them, and no
//! tenant holds more than its cap of batch jobs at once.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use ona_core::{CancelToken, Exec};
use rayon::ThreadPool;

use crate::error::Result;

#[derive(Debug)]
pub(crate) struct Scheduler {
    interactive: Arc<ThreadPool>,
    batch: Arc<ThreadPool>,
    inline_below: Duration,
}

/// Per-tenant permits for batch jobs.
#[derive(Debug, Default)]
pub(crate) struct Permits {
    running: Mutex<usize>,
    freed: Condvar,
}

struct Held<'a>(&'a Permits);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut r = self.0.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *r -= 1;
        self.0.freed.notify_one();
    }
}

impl Permits {
    fn acquire(&self, cap: usize, cancel: &CancelToken) -> Option<Held<'_>> {
        let mut r = self.running.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        while *r >= cap.max(1) {
            if cancel.is_cancelled() {
                return None;
            }
            r = self.freed.wait_timeout(r, Duration::from_millis(10)).unwrap_or_else(std::sync::PoisonError::into_inner).0;
        }
        *r += 1;
        Some(Held(self))
    }
}

fn pool(threads: usize, name: &'static str, nice: bool) -> Result<ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(move |i| format!("ona-{name}-{i}"))
        .start_handler(move |_| {
            if nice {
                // Best effort: an OS that refuses leaves normal priority.
                let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
            }
        })
        .build()
        .map_err(|e| ona_core::Error::ThreadPool { threads, reason: e.to_string() }.into())
}

impl Scheduler {
    pub(crate) fn new(threads: usize, lower_batch_priority: bool, inline_below: Duration) -> Result<Self> {
        let n = if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { threads };
        Ok(Self {
            interactive: Arc::new(pool(n, "interactive", false)?),
            batch: Arc::new(pool(n, "batch", lower_batch_priority)?),
            inline_below,
        })
    }

    pub(crate) fn threads(&self) -> usize {
        self.batch.current_num_threads()
    }

    /// An `Exec` on the batch pool for engine housekeeping (compaction, snapshots).
    pub(crate) fn background(&self) -> Exec {
        Exec::with_pool(Arc::clone(&self.batch))
    }

    /// Run `job`, expected to take `seconds`, for a tenant with `permits` and `cap`.
    pub(crate) fn run<R>(&self, permits: &Permits, cap: usize, seconds: f64, cancel: Option<CancelToken>, job: impl FnOnce(&Exec) -> Result<R>) -> Result<R> {
        let token = cancel.unwrap_or_default();
        if seconds < self.inline_below.as_secs_f64() {
            return job(&Exec::with_pool(Arc::clone(&self.interactive)).cancel_token(token));
        }
        let Some(_held) = permits.acquire(cap, &token) else {
            return Err(ona_core::Error::Cancelled.into());
        };
        job(&Exec::with_pool(Arc::clone(&self.batch)).cancel_token(token))
    }
}
