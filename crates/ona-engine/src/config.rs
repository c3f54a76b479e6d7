//! Engine configuration.

use std::time::Duration;

use crate::tier::{Tier, TierLimits};

/// How an [`crate::Engine`] runs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EngineConfig {
    /// Limits per tier, indexed by [`Tier`] order (Demo, Basic, Professional, Enterprise).
    pub tiers: [TierLimits; 4],
    /// Threads of the engine's one pool (0 = one per core).
    pub threads: usize,
    /// Compact a graph once its delta holds this many edge changes ...
    pub compact_min_changes: usize,
    /// ... and at least this fraction of its edges (so small deltas on big graphs wait).
    pub compact_ratio: f64,
    /// Run compaction on a background thread (`false`: inside the ingest call
    /// that crosses the threshold; tests use this for determinism).
    pub background_compaction: bool,
    /// Run the engine pool's threads at a lower OS priority (nice +10), so
    /// small requests served on callers' threads preempt heavy jobs.
    pub lower_pool_priority: bool,
    /// Jobs whose estimate is below this run on the caller's thread, never
    /// queued behind another tenant's heavy job.
    pub inline_below: Duration,
    /// [`crate::Engine::checkpoint`] rewrites a graph's full snapshot once
    /// the events journaled since the last one number at least this many
    /// and at least its edges (so the bytes written stay proportional to
    /// the events); below that it appends them to the engine journal.
    pub full_snapshot_rows: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            tiers: Tier::ALL.map(TierLimits::default_for),
            threads: 0,
            compact_min_changes: 65_536,
            compact_ratio: 0.05,
            background_compaction: true,
            lower_pool_priority: true,
            inline_below: Duration::from_millis(2),
            full_snapshot_rows: 65_536,
        }
    }
}

impl EngineConfig {
    /// The limits of `tier`.
    pub fn limits(&self, tier: Tier) -> &TierLimits {
        &self.tiers[tier.index()]
    }
    /// Replace the limits of one tier.
    #[must_use]
    pub fn tier(mut self, tier: Tier, limits: TierLimits) -> Self {
        self.tiers[tier.index()] = limits;
        self
    }
    /// Set [`EngineConfig::threads`].
    #[must_use]
    pub fn threads(mut self, n: usize) -> Self {
        self.threads = n;
        self
    }
    /// Set [`EngineConfig::background_compaction`].
    #[must_use]
    pub fn background_compaction(mut self, yes: bool) -> Self {
        self.background_compaction = yes;
        self
    }
    /// Set [`EngineConfig::full_snapshot_rows`].
    #[must_use]
    pub fn full_snapshot_rows(mut self, rows: usize) -> Self {
        self.full_snapshot_rows = rows;
        self
    }
    /// Set the compaction thresholds.
    #[must_use]
    pub fn compact_when(mut self, min_changes: usize, ratio: f64) -> Self {
        self.compact_min_changes = min_changes;
        self.compact_ratio = ratio;
        self
    }
}
