//! Engine metrics through the cache: the value of a metric on the current
//! version of a tenant's graph, from Redis when it is there, computed by the
//! engine otherwise; and warming (computing and storing) after a new version
//! is published. The version is part of the key, so a new version is a new
//! key: nothing is invalidated, old versions age out with the TTL.

use std::str::FromStr;

use arrow::array::RecordBatch;
use ona_core::algo::centrality::{
    BetweennessConfig, DegreeConfig, Direction, PageRankConfig, RiondatoConfig, betweenness_centrality, degree, pagerank,
    riondato_betweenness,
};
use ona_core::{Exec, Graph};
use ona_engine::{Algorithm, BetweennessMode, Stamped, Tenant, Tier, TierLimits, estimate};
use ona_store::table::ResultColumn;

use crate::cache::{Lookup, ResultCache, Source, scores_batch};
use crate::error::{Error, Result};
use crate::key::CacheKey;

/// A per-person metric the cache serves for engine graphs. Each has one
/// fixed parameter set, spelled in [`Metric::params`] and hashed into the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Metric {
    /// Weighted degree (strength), both directions: column `degree`.
    Degree,
    /// PageRank, α = 0.85, tolerance 1e-6, weighted: column `pagerank`
    /// (warm-started from the engine's previous result).
    PageRank,
    /// Normalized betweenness, exact when the tier's budget allows and
    /// sampled (ε = 0.01, δ = 0.1) otherwise: column `betweenness`.
    Betweenness,
}

impl Metric {
    /// Every metric, in a fixed order.
    pub const ALL: [Metric; 3] = [Metric::Degree, Metric::PageRank, Metric::Betweenness];

    /// The name used in keys, columns and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Degree => "degree",
            Metric::PageRank => "pagerank",
            Metric::Betweenness => "betweenness",
        }
    }

    /// The canonical parameter text hashed into the key.
    pub fn params(self) -> &'static str {
        match self {
            Metric::Degree => "direction=both;weighted=true",
            Metric::PageRank => "alpha=0.85;tol=1e-6;weighted=true",
            Metric::Betweenness => "mode=auto;normalized=true",
        }
    }

    /// The cache key of this metric on `version` of `tenant`'s `graph`.
    ///
    /// Errors: [`Error::InvalidKey`] for an unusable tenant or graph name.
    pub fn key(self, tenant: &str, graph: &str, version: u64) -> Result<CacheKey> {
        CacheKey::new(tenant, graph, version, self.name(), self.params())
    }

    /// Compute it on the current version of `graph` with the tenant's
    /// scheduler; the result says which version it belongs to.
    fn compute(self, tenant: &Tenant, graph: &str) -> Result<(u64, RecordBatch)> {
        let stamped: Stamped<ona_core::Scores> = match self {
            Metric::Degree => {
                let view = tenant.graph(graph)?;
                let cfg = DegreeConfig::default().direction(Direction::Both).weighted(true);
                let value = tenant.run(&view, Algorithm::Degree, None, |exec| Ok(degree(view.graph(), &cfg, exec)?))?;
                Stamped { value, view, exact: true, error_bound: None }
            }
            Metric::PageRank => tenant.pagerank(graph, &PageRankConfig::default(), None)?,
            Metric::Betweenness => tenant.betweenness(graph, BetweennessMode::Auto, None)?,
        };
        let batch = scores_batch(stamped.view.graph().ids(), &[(self.name(), ResultColumn::F64(&stamped.value.0))])?;
        Ok((stamped.version(), batch))
    }

    /// Compute it on a graph the caller holds, with the same parameters as
    /// on engine graphs; betweenness is exact when the planner's estimate
    /// fits the Enterprise tier's exact budget and sampled (ε = 0.01,
    /// δ = 0.1, seeded by `exec`) otherwise. Returns the `id` + metric table.
    ///
    /// Errors: ona-core's (cancelled, deadline) as [`Error::Core`].
    pub fn compute_graph(self, g: &Graph, exec: &Exec) -> Result<RecordBatch> {
        let scores = match self {
            Metric::Degree => degree(g, &DegreeConfig::default().direction(Direction::Both).weighted(true), exec)?,
            Metric::PageRank => pagerank(g, &PageRankConfig::default(), exec)?,
            Metric::Betweenness => {
                let n = g.node_count() as u64;
                let exact = estimate(n, g.edge_count(), g.is_directed(), Algorithm::Betweenness, exec.threads());
                if exact.seconds <= TierLimits::default_for(Tier::Enterprise).exact_budget_seconds {
                    betweenness_centrality(g, &BetweennessConfig::default(), exec)?
                } else {
                    // Defaults: ε = 0.01, δ = 0.1.
                    riondato_betweenness(g, &RiondatoConfig::default(), exec)?.scores
                }
            }
        };
        scores_batch(g.ids(), &[(self.name(), ResultColumn::F64(&scores.0))])
    }
}

impl FromStr for Metric {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Metric::ALL.into_iter().find(|m| m.name() == s).ok_or_else(|| Error::UnknownMetric(s.chars().take(80).collect()))
    }
}

/// A metric's value as served.
#[derive(Debug, Clone)]
pub struct CachedMetric {
    /// Column `id` (the graph's external ids), then the metric's column.
    pub batch: RecordBatch,
    /// The graph version the values belong to.
    pub version: u64,
    /// Whether Redis or the engine answered.
    pub source: Source,
}

impl ResultCache {
    /// `metric` on the current version of `tenant`'s `graph`: the cached
    /// value of that version's key if Redis has it, computed by the engine
    /// (and stored under the key of the version it was computed on)
    /// otherwise. Redis trouble is never an error (see
    /// [`get_or_compute`](Self::get_or_compute)).
    ///
    /// Errors: the engine's (no such graph, a limit of the tier) as
    /// [`Error::Engine`]; [`Error::InvalidKey`] for a name the key layout
    /// cannot hold.
    pub fn metric(&self, tenant: &Tenant, graph: &str, metric: Metric) -> Result<CachedMetric> {
        let version = tenant.version(graph)?;
        let key = metric.key(tenant.id().as_str(), graph, version)?;
        let lookup = self.lookup(&key);
        if let Lookup::Hit(batch) = lookup {
            return Ok(CachedMetric { batch, version, source: Source::Cache });
        }
        let (computed_on, batch) = metric.compute(tenant, graph)?;
        self.count_computed();
        // A version published meanwhile: store under the key of the
        // version the values belong to, never under `key`.
        if lookup == Lookup::Miss {
            self.store(&metric.key(tenant.id().as_str(), graph, computed_on)?, &batch);
        }
        Ok(CachedMetric { batch, version: computed_on, source: Source::Computed })
    }

    /// Compute `metrics` on the current version of `tenant`'s `graph` and
    /// store them (after a new version is published, so the first reader
    /// finds them). Returns the version and how many Redis took (fewer when
    /// Redis is down: warming is best effort).
    ///
    /// Errors: as [`metric`](Self::metric).
    pub fn warm(&self, tenant: &Tenant, graph: &str, metrics: &[Metric]) -> Result<(u64, usize)> {
        let mut version = tenant.version(graph)?;
        let mut stored = 0;
        for &m in metrics {
            let (v, batch) = m.compute(tenant, graph)?;
            self.count_computed();
            version = v;
            stored += usize::from(self.store(&m.key(tenant.id().as_str(), graph, v)?, &batch));
        }
        self.publish(tenant.id().as_str(), graph, version);
        Ok((version, stored))
    }

    /// `metric` of a graph the caller holds (projected from Neo4j, read
    /// from a snapshot) at a version the caller names (for Neo4j,
    /// `GraphVersion::as_u64`): the cached value of that version's key if
    /// Redis has it, computed on `g` with `exec` and stored otherwise.
    /// Redis trouble is never an error.
    ///
    /// Errors: [`Error::InvalidKey`] for an unusable name; ona-core's
    /// (cancelled, deadline) as [`Error::Core`].
    pub fn graph_metric(&self, tenant: &str, graph: &str, version: u64, g: &Graph, metric: Metric, exec: &Exec) -> Result<CachedMetric> {
        let key = metric.key(tenant, graph, version)?;
        let (batch, source) = self.get_or_compute(&key, || metric.compute_graph(g, exec))?;
        Ok(CachedMetric { batch, version, source })
    }

    /// Compute `metrics` of a graph the caller holds at `version`, store
    /// them, then [`publish`](Self::publish) `version` as the graph's
    /// current one. Returns how many results Redis took (best effort).
    ///
    /// Errors: as [`graph_metric`](Self::graph_metric).
    pub fn warm_graph(&self, tenant: &str, graph: &str, version: u64, g: &Graph, metrics: &[Metric], exec: &Exec) -> Result<usize> {
        let mut stored = 0;
        for &m in metrics {
            let batch = m.compute_graph(g, exec)?;
            self.count_computed();
            stored += usize::from(self.store(&m.key(tenant, graph, version)?, &batch));
        }
        self.publish(tenant, graph, version);
        Ok(stored)
    }

    /// Record `version` as the current version of `tenant`'s `graph`
    /// under `ona:{tenant}:{graph}:current` (no TTL; removed by
    /// [`purge_tenant`](Self::purge_tenant)), for readers that hold no
    /// engine ([`published`](Self::published)). The last writer wins:
    /// versions need not be ordered (Neo4j's are content hashes), so a
    /// graph is published by one writer at a time — the Kafka partition's
    /// owner, or the service that projected it. `true` when Redis took it.
    pub fn publish(&self, tenant: &str, graph: &str, version: u64) -> bool {
        let Ok(key) = current_key(tenant, graph) else { return false };
        let ok = self.link().call(|c| redis::cmd("SET").arg(&key).arg(version).exec(c)).is_ok();
        if !ok {
            self.count_unavailable();
        }
        ok
    }

    /// The version last [`publish`](Self::publish)ed for `tenant`'s
    /// `graph` (`warm` and `warm_graph` publish), `None` when none was.
    ///
    /// Errors: [`Error::InvalidKey`]; [`Error::Redis`] / [`Error::BreakerOpen`]
    /// when Redis is unavailable (a reader without the graph cannot compute).
    pub fn current(&self, tenant: &str, graph: &str) -> Result<Option<u64>> {
        let key = current_key(tenant, graph)?;
        self.link().call(|c| redis::cmd("GET").arg(&key).query::<Option<u64>>(c))
    }

    /// For readers that hold no engine (an API server): `metric` as stored
    /// for the graph's current version. `None` when no version is
    /// published or that version's value is not (or no longer) stored.
    ///
    /// Errors: as [`current`](Self::current).
    pub fn published(&self, tenant: &str, graph: &str, metric: Metric) -> Result<Option<CachedMetric>> {
        let Some(version) = self.current(tenant, graph)? else { return Ok(None) };
        match self.lookup(&metric.key(tenant, graph, version)?) {
            Lookup::Hit(batch) => Ok(Some(CachedMetric { batch, version, source: Source::Cache })),
            Lookup::Miss => Ok(None),
            Lookup::Unavailable => Err(Error::BreakerOpen),
        }
    }
}

/// `ona:{tenant}:{graph}:current`: never a result key (those have `:v`).
fn current_key(tenant: &str, graph: &str) -> Result<String> {
    // Validates both names the way result keys do.
    let probe = CacheKey::new(tenant, graph, 0, "current", "")?;
    Ok(format!("ona:{{{}}}:{graph}:current", probe.tenant()))
}
