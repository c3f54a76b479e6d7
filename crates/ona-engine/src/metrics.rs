//! Counters and latency histograms a host exports, in the Prometheus text
//! format ([`crate::Engine::metrics_text`]).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// Histogram bucket bounds, seconds.
const BOUNDS: [f64; 12] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 60.0];

#[derive(Debug, Default)]
pub(crate) struct Histogram {
    buckets: [AtomicU64; 12],
    count: AtomicU64,
    sum_ns: AtomicU64,
}

impl Histogram {
    pub(crate) fn observe(&self, seconds: f64) {
        if let Some(i) = BOUNDS.iter().position(|&b| seconds <= b) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_ns.fetch_add((seconds * 1e9) as u64, Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        let sep = if labels.is_empty() { "" } else { "," };
        for (b, c) in BOUNDS.iter().zip(&self.buckets) {
            cumulative += c.load(Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"{b}\"}} {cumulative}");
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{name}_sum{{{labels}}} {}", self.sum_ns.load(Relaxed) as f64 / 1e9);
        let _ = writeln!(out, "{name}_count{{{labels}}} {count}");
    }
}

#[derive(Debug, Default)]
pub(crate) struct Metrics {
    pub(crate) events_applied: AtomicU64,
    pub(crate) events_skipped: AtomicU64,
    pub(crate) batches: AtomicU64,
    pub(crate) rejected: AtomicU64,
    pub(crate) compactions: AtomicU64,
    pub(crate) snapshots: AtomicU64,
    pub(crate) apply_seconds: Histogram,
    pub(crate) compaction_seconds: Histogram,
    /// Seconds between an event's time (ms since the epoch) and its application.
    pub(crate) event_lag_seconds: Histogram,
    algorithms: Mutex<BTreeMap<&'static str, Histogram>>,
}

impl Metrics {
    pub(crate) fn observe_algorithm(&self, name: &'static str, seconds: f64) {
        let mut a = self.algorithms.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        a.entry(name).or_default().observe(seconds);
    }

    /// Everything, with the engine-level gauges given.
    pub(crate) fn render(&self, tenants: &[(&'static str, u64, u64)]) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str, v: &AtomicU64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}", v.load(Relaxed));
        };
        counter(&mut out, "ona_ingest_events_total", "Events applied.", &self.events_applied);
        counter(&mut out, "ona_ingest_skipped_events_total", "Events skipped as already applied (offset or event id).", &self.events_skipped);
        counter(&mut out, "ona_ingest_batches_total", "Batches applied.", &self.batches);
        counter(&mut out, "ona_ingest_rejected_batches_total", "Batches refused (limits, invalid events).", &self.rejected);
        counter(&mut out, "ona_compactions_total", "Compactions finished.", &self.compactions);
        counter(&mut out, "ona_snapshots_total", "Graph versions written to disk.", &self.snapshots);
        for (name, help, h) in [
            ("ona_ingest_batch_seconds", "Time to apply one batch.", &self.apply_seconds),
            ("ona_compaction_seconds", "Time to merge a delta into a new base.", &self.compaction_seconds),
            ("ona_ingest_event_lag_seconds", "Event time (ms since the epoch) to application.", &self.event_lag_seconds),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
            h.render(&mut out, name, "");
        }
        let _ = writeln!(out, "# HELP ona_algorithm_seconds Algorithm run time.\n# TYPE ona_algorithm_seconds histogram");
        for (algo, h) in self.algorithms.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter() {
            h.render(&mut out, "ona_algorithm_seconds", &format!("algorithm=\"{algo}\""));
        }
        let _ = writeln!(out, "# HELP ona_tenants Tenants resident, by tier.\n# TYPE ona_tenants gauge");
        for (tier, count, _) in tenants {
            let _ = writeln!(out, "ona_tenants{{tier=\"{tier}\"}} {count}");
        }
        let _ = writeln!(out, "# HELP ona_memory_bytes Bytes held by graphs, deltas and logs, by tier.\n# TYPE ona_memory_bytes gauge");
        for (tier, _, bytes) in tenants {
            let _ = writeln!(out, "ona_memory_bytes{{tier=\"{tier}\"}} {bytes}");
        }
        out
    }
}
