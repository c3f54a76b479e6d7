//! The publish hook that warms the result cache.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use ona_engine::Tenant;
use ona_redis::{Metric, ResultCache};

/// Computes and stores the chosen metrics of each newly published version
/// (then publishes the version for readers without an engine). Runs on the
/// consumer's thread, between checkpoints: a version is warm before the
/// worker reads further.
#[derive(Debug)]
pub struct Warmer {
    cache: ResultCache,
    metrics: Vec<Metric>,
    versions: AtomicU64,
    stored: AtomicU64,
    failed: AtomicU64,
    last_error: Mutex<Option<String>>,
}

/// What a [`Warmer`] did so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarmCounts {
    /// Versions warmed (every metric computed).
    pub versions: u64,
    /// Results Redis took (fewer than `versions × metrics` while it was down).
    pub stored: u64,
    /// Versions the engine refused a metric for (a tier limit, cancellation).
    pub failed: u64,
    /// The last refusal, `tenant/graph (partition p): message`.
    pub last_error: Option<String>,
}

impl Warmer {
    /// A hook warming `metrics` in `cache`.
    pub fn new(cache: ResultCache, metrics: Vec<Metric>) -> Self {
        Self {
            cache,
            metrics,
            versions: AtomicU64::new(0),
            stored: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            last_error: Mutex::new(None),
        }
    }

    /// The metrics warmed for each version.
    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// The cache it warms (its counters, its link's breaker).
    pub fn cache(&self) -> &ResultCache {
        &self.cache
    }

    /// Counts so far.
    pub fn counts(&self) -> WarmCounts {
        WarmCounts {
            versions: self.versions.load(Ordering::Relaxed),
            stored: self.stored.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            last_error: self.last_error.lock().unwrap_or_else(PoisonError::into_inner).clone(),
        }
    }
}

impl ona_kafka::OnPublish for Warmer {
    fn published(&self, partition: u32, tenant: &Tenant, graph: &str) {
        match self.cache.warm(tenant, graph, &self.metrics) {
            Ok((_, stored)) => {
                self.versions.fetch_add(1, Ordering::Relaxed);
                self.stored.fetch_add(stored as u64, Ordering::Relaxed);
            }
            Err(e) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                let msg = format!("{}/{graph} (partition {partition}): {e}", tenant.id());
                *self.last_error.lock().unwrap_or_else(PoisonError::into_inner) = Some(msg);
            }
        }
    }
}
