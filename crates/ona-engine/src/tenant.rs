//! A tenant: its tier, its graphs, and everything a host asks of them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use ona_core::algo::centrality::{BetweennessConfig, PageRankConfig, PageRankSolver, RiondatoConfig, betweenness_centrality, pagerank_with_stats, riondato_betweenness};
use ona_core::{CancelToken, Exec, Scores};

use crate::engine::Shared;
use crate::error::{Error, Result};
use crate::event::EventBatch;
use crate::graph_state::{Admission, Applied, GraphOptions, GraphState};
use crate::name::{GraphName, TenantId};
use crate::planner::{Algorithm, BetweennessMode, Estimate, estimate, samples_for};
use crate::scheduler::Permits;
use crate::stats::{LiveStats, live_stats};
use crate::tier::{Limit, Tier, TierLimits};
use crate::version::{GraphView, Stamped};
use crate::window;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

#[derive(Debug)]
pub(crate) struct TenantState {
    pub(crate) id: TenantId,
    pub(crate) dir: PathBuf,
    pub(crate) tier: RwLock<Tier>,
    pub(crate) graphs: RwLock<BTreeMap<GraphName, Arc<GraphState>>>,
    bucket: Mutex<Option<Bucket>>,
    permits: Permits,
}

fn read<T>(l: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}
fn write<T>(l: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl TenantState {
    pub(crate) fn new(id: TenantId, dir: PathBuf, tier: Tier, graphs: BTreeMap<GraphName, Arc<GraphState>>) -> Self {
        Self { id, dir, tier: RwLock::new(tier), graphs: RwLock::new(graphs), bucket: Mutex::new(None), permits: Permits::default() }
    }
    pub(crate) fn tier(&self) -> Tier {
        *read(&self.tier)
    }
    pub(crate) fn memory_bytes(&self) -> u64 {
        read(&self.graphs).values().map(|g| g.bytes()).sum()
    }
    /// Take `n` tokens at `rate` per second (bucket of one second).
    fn take(&self, n: u64, rate: Option<u64>) -> Result<(), (u64, u64)> {
        let Some(rate) = rate else { return Ok(()) };
        if n == 0 {
            return Ok(());
        }
        let mut b = self.bucket.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let cap = rate as f64;
        let bucket = b.get_or_insert(Bucket { tokens: cap, last: now });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.last).as_secs_f64() * cap).min(cap);
        bucket.last = now;
        if n as f64 > bucket.tokens {
            return Err((n, rate));
        }
        bucket.tokens -= n as f64;
        Ok(())
    }
}

/// A handle on one tenant of an [`crate::Engine`]. Cheap to clone; every
/// method is safe to call from any thread.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub(crate) shared: Arc<Shared>,
    pub(crate) state: Arc<TenantState>,
}

impl Tenant {
    /// The tenant's id.
    pub fn id(&self) -> &TenantId {
        &self.state.id
    }
    /// Its tier.
    pub fn tier(&self) -> Tier {
        self.state.tier()
    }
    /// Its tier's limits.
    pub fn limits(&self) -> &TierLimits {
        self.shared.config.limits(self.tier())
    }
    /// Names of its graphs.
    pub fn graphs(&self) -> Vec<GraphName> {
        read(&self.state.graphs).keys().cloned().collect()
    }
    /// Bytes held by its graphs, deltas, event logs and writer tables.
    pub fn memory_bytes(&self) -> u64 {
        self.state.memory_bytes()
    }

    fn get(&self, name: &str) -> Result<Arc<GraphState>> {
        let g = GraphName::new(name)?;
        read(&self.state.graphs).get(&g).cloned().ok_or_else(|| Error::UnknownGraph { tenant: self.state.id.to_string(), graph: name.to_owned() })
    }

    /// Create graph `name` (a no-op if it exists with the same options).
    pub fn create_graph(&self, name: &str, opts: GraphOptions) -> Result<()> {
        self.get_or_create(name, opts, true).map(drop)
    }

    /// The graph, and whether this call created it.
    fn get_or_create(&self, name: &str, opts: GraphOptions, strict: bool) -> Result<(Arc<GraphState>, bool)> {
        let g = GraphName::new(name)?;
        let mut graphs = write(&self.state.graphs);
        if let Some(s) = graphs.get(&g) {
            if strict && s.directed != opts.directed {
                return Err(Error::Conflict { graph: name.to_owned(), reason: format!("exists with directed={}", s.directed) });
            }
            return Ok((Arc::clone(s), false));
        }
        if let Some(max) = self.limits().max_graphs {
            let requested = graphs.len() as u64 + 1;
            if requested > max {
                return Err(Error::LimitExceeded { tenant: self.state.id.to_string(), limit: Limit::GraphsPerTenant, requested, allowed: max });
            }
        }
        let state = Arc::new(GraphState::create(g.clone(), &self.state.dir.join(g.dir_name()), opts)?);
        graphs.insert(g, Arc::clone(&state));
        Ok((state, true))
    }

    /// Undo the creation of `state` by a batch that was then refused, unless
    /// someone else has started using it.
    fn discard_new(&self, state: Arc<GraphState>) {
        let mut graphs = write(&self.state.graphs);
        let ours = graphs.get(&state.name).is_some_and(|s| Arc::ptr_eq(s, &state));
        if ours && Arc::strong_count(&state) == 2 && state.current().number == 0 {
            graphs.remove(&state.name);
            drop(graphs);
            let dir = self.state.dir.join(state.name.dir_name());
            drop(state);
            // Best effort: a leftover empty graph directory is reloaded as an empty graph.
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// Stream a batch of events into graph `name` (created directed if new):
    /// rate-limited by the tier, idempotent by event id and source offset,
    /// all-or-nothing. Readers see the new version as soon as this returns.
    pub fn apply(&self, graph: &str, batch: &EventBatch<'_>) -> Result<Applied> {
        self.ingest(graph, batch, true)
    }

    /// Load a batch into graph `name` like [`Tenant::apply`] but outside the
    /// streaming rate limit: bulk imports, and the way Demo and Basic tenants
    /// (no streaming) load data. Node and memory limits still apply.
    pub fn import(&self, graph: &str, batch: &EventBatch<'_>) -> Result<Applied> {
        self.ingest(graph, batch, false)
    }

    fn ingest(&self, graph: &str, batch: &EventBatch<'_>, rate_limited: bool) -> Result<Applied> {
        let m = &self.shared.metrics;
        let started = Instant::now();
        let result = self.ingest_inner(graph, batch, rate_limited);
        match &result {
            Ok(a) => {
                m.batches.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                m.events_applied.fetch_add(a.applied, std::sync::atomic::Ordering::Relaxed);
                m.events_skipped.fetch_add(a.skipped, std::sync::atomic::Ordering::Relaxed);
                m.apply_seconds.observe(started.elapsed().as_secs_f64());
                if let Some(&ts) = batch.ts.and_then(|t| t.iter().max()) {
                    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
                    if ts > 0 && ts <= now_ms {
                        m.event_lag_seconds.observe((now_ms - ts) as f64 / 1000.0);
                    }
                }
            }
            Err(_) => {
                m.rejected.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        result
    }

    fn ingest_inner(&self, graph: &str, batch: &EventBatch<'_>, rate_limited: bool) -> Result<Applied> {
        let (state, created) = self.get_or_create(graph, GraphOptions::default(), false)?;
        let limits = self.limits().clone();
        let memory = limits.max_memory_bytes.map(|max| (self.state.memory_bytes(), max));
        let rate = if rate_limited { limits.max_events_per_second } else { None };
        let take = |n: u64| self.state.take(n, rate);
        let adm = Admission { tenant: self.state.id.as_str(), max_nodes: limits.max_nodes, memory, take_tokens: &take };
        match state.apply(batch, &adm, &self.shared.sched.background()) {
            Ok(applied) => {
                self.shared.after_apply(&state);
                Ok(applied)
            }
            Err(e) => {
                if created {
                    self.discard_new(state);
                }
                Err(e)
            }
        }
    }

    /// The current version of graph `name`.
    pub fn graph(&self, name: &str) -> Result<GraphView> {
        self.get(name)?.view(&self.shared.sched.background())
    }

    /// The version number of graph `name` (no materialisation).
    pub fn version(&self, name: &str) -> Result<u64> {
        Ok(self.get(name)?.current().number)
    }

    /// Graph `name` restricted to events with `t0 <= ts < t1`.
    pub fn window(&self, name: &str, t0: i64, t1: i64) -> Result<GraphView> {
        let g = self.get(name)?;
        window::window(&g.current(), g.directed, t0, t1, &self.shared.sched.background())
    }

    /// `count` windows of `width` ending at `end`, `end - step`, ... (oldest first).
    pub fn rolling(&self, name: &str, end: i64, width: i64, step: i64, count: usize) -> Result<Vec<GraphView>> {
        let g = self.get(name)?;
        window::rolling(&g.current(), g.directed, end, width, step, count, &self.shared.sched.background())
    }

    /// Node, edge, weight, reciprocity and component counts of the current
    /// version, maintained from the last compaction plus the delta.
    pub fn stats(&self, name: &str) -> Result<LiveStats> {
        let g = self.get(name)?;
        live_stats(&g.current(), &self.shared.sched.background())
    }

    /// Stored next offset of every (source, partition) of graph `name`.
    pub fn offsets(&self, name: &str) -> Result<Vec<(String, u32, u64)>> {
        Ok(self.get(name)?.current().offsets.iter().map(|((s, p), o)| (s.clone(), *p, *o)).collect())
    }

    /// Merge graph `name`'s delta into a new base now (normally done in the background).
    pub fn compact(&self, name: &str) -> Result<()> {
        let g = self.get(name)?;
        if let Some(s) = g.compact(&self.shared.sched.background())? {
            self.shared.metrics.compactions.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.shared.metrics.compaction_seconds.observe(s);
        }
        Ok(())
    }

    /// Write every graph's current version to disk; returns how many were written.
    pub fn snapshot(&self) -> Result<usize> {
        let graphs: Vec<_> = read(&self.state.graphs).values().cloned().collect();
        let exec = self.shared.sched.background();
        let mut written = 0;
        for g in graphs {
            if g.snapshot(&exec)?.is_some() {
                written += 1;
                self.shared.metrics.snapshots.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }
        Ok(written)
    }

    /// What `algorithm` would cost on graph `name`'s current version, from
    /// its counts (no materialisation; uncompacted changes count as edges).
    pub fn estimate_graph(&self, name: &str, algorithm: Algorithm) -> Result<Estimate> {
        let g = self.get(name)?;
        let v = g.current();
        let m = v.base.graph.edge_count() + v.delta_len() as u64;
        Ok(estimate(v.node_count as u64, m, g.directed, algorithm, self.shared.sched.threads()))
    }

    /// What `algorithm` would cost on `view`.
    pub fn estimate(&self, view: &GraphView, algorithm: Algorithm) -> Estimate {
        estimate(view.node_count() as u64, view.edge_count(), view.is_directed(), algorithm, self.shared.sched.threads())
    }

    /// Run `job` (an algorithm on `view`) under the scheduler: on the
    /// interactive lane if the planner expects it to be short, else on the
    /// batch lane within the tenant's concurrency cap. Latency is recorded
    /// per algorithm.
    pub fn run<R>(&self, view: &GraphView, algorithm: Algorithm, cancel: Option<CancelToken>, job: impl FnOnce(&Exec) -> Result<R>) -> Result<R> {
        let est = self.estimate(view, algorithm);
        let started = Instant::now();
        let r = self.shared.sched.run(&self.state.permits, self.limits().concurrency, est.seconds, cancel, job);
        self.shared.metrics.observe_algorithm(algorithm.name(), started.elapsed().as_secs_f64());
        r
    }

    /// PageRank of graph `name`'s current version, warm-started from the
    /// previous result on this graph (matched by node key, new nodes at
    /// `1/n`). Power iteration; `error_bound` is the L1 distance to the
    /// fixed point it guarantees, `alpha * r / (1 - alpha)` for a last-step
    /// change `r`.
    pub fn pagerank(&self, name: &str, cfg: &PageRankConfig, cancel: Option<CancelToken>) -> Result<Stamped<Scores>> {
        let g = self.get(name)?;
        let view = g.view(&self.shared.sched.background())?;
        let previous = g.pagerank.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let mut cfg = cfg.clone();
        cfg.solver = PageRankSolver::Power;
        if cfg.nstart.is_none() {
            if let Some((_, old, scores)) = &previous {
                let n = view.node_count();
                let start: Vec<f64> = (0..n as u32)
                    .map(|i| {
                        let key = view.ids().external(ona_core::NodeId(i));
                        let old_node = key.and_then(|k| match k {
                            ona_core::graph::ExternalId::U64(x) => old.ids().lookup_u64(x),
                            ona_core::graph::ExternalId::Str(s) => old.ids().lookup_str(s),
                        });
                        old_node.map_or(1.0 / n as f64, |v| scores[v.index()])
                    })
                    .collect();
                if start.iter().sum::<f64>() > 0.0 {
                    cfg.nstart = Some(start);
                }
            }
        }
        let result = self.run(&view, Algorithm::PageRank, cancel, |exec| Ok(pagerank_with_stats(view.graph(), &cfg, exec)?))?;
        *g.pagerank.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((view.version(), Arc::clone(view.graph()), result.scores.0.clone()));
        let bound = cfg.alpha * result.residual / (1.0 - cfg.alpha).max(f64::MIN_POSITIVE);
        Ok(Stamped { value: result.scores, view, exact: false, error_bound: Some(bound) })
    }

    /// Betweenness of graph `name`'s current version (normalized, NetworkX's
    /// scale). `Auto` runs Brandes when the planner's estimate fits the
    /// tier's `exact_budget_seconds` and Riondato–Kornaropoulos sampling
    /// (ε = 0.01, δ = 0.1) otherwise; the result says which, and for the
    /// approximation `error_bound` is ε (holding with probability 1 − δ).
    pub fn betweenness(&self, name: &str, mode: BetweennessMode, cancel: Option<CancelToken>) -> Result<Stamped<Scores>> {
        let view = self.graph(name)?;
        let n = view.node_count() as u64;
        let exact_est = self.estimate(&view, Algorithm::Betweenness);
        let (epsilon, delta) = match mode {
            BetweennessMode::Exact => (0.0, 0.0),
            BetweennessMode::Approximate { epsilon, delta } => {
                for (name, x) in [("epsilon", epsilon), ("delta", delta)] {
                    if !(x > 0.0 && x < 1.0) {
                        return Err(ona_core::Error::invalid_param(name, x, "a value in (0, 1)").into());
                    }
                }
                (epsilon, delta)
            }
            BetweennessMode::Auto if exact_est.seconds <= self.limits().exact_budget_seconds => (0.0, 0.0),
            BetweennessMode::Auto => (0.01, 0.1),
        };
        if epsilon == 0.0 {
            let scores = self.run(&view, Algorithm::Betweenness, cancel, |exec| Ok(betweenness_centrality(view.graph(), &BetweennessConfig::default(), exec)?))?;
            return Ok(Stamped { value: scores, view, exact: true, error_bound: None });
        }
        let algo = Algorithm::ApproxBetweenness { samples: samples_for(epsilon, delta, n) };
        let mut cfg = RiondatoConfig::default();
        cfg.epsilon = epsilon;
        cfg.delta = delta;
        let est = self.run(&view, algo, cancel, |exec| Ok(riondato_betweenness(view.graph(), &cfg, exec)?))?;
        Ok(Stamped { value: est.scores, view, exact: false, error_bound: Some(epsilon) })
    }
}
