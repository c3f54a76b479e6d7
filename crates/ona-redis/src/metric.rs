//! Engine metrics through the cache: the value of a metric on the current
//! version of a tenant's graph, from Redis when it is there, computed by the
//! engine otherwise; and warming (computing and storing) after a new version
//! is published. The version is part of the key, so a new version is a new
//! key: nothing is invalidated, old versions age out with the TTL.

use std::str::FromStr;

use arrow::array::RecordBatch;
use ona_core::algo::centrality::{DegreeConfig, Direction, PageRankConfig, degree};
use ona_engine::{Algorithm, BetweennessMode, Stamped, Tenant};
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
        Ok((version, stored))
    }
}
