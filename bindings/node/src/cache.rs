//! [`NativeResultCache`]: a shim over `ona-redis`'s result cache — engine
//! metrics of a tenant's graph (or of a graph the caller holds, at a version
//! it names) served from Redis by version, computed when Redis does not
//! have them or is down. Every call that talks to Redis or computes runs on
//! the addon's pool (a Promise); only the counters are synchronous.

use std::sync::Arc;
use std::time::Duration;

use napi::Either;
use napi::bindgen_prelude::{BigInt, Env, Object};
use napi_derive::napi;
use ona_redis::{CacheConfig, ResultCache};

use crate::convert::adapters::{
    CacheStatsOut, WarmOut, cached, metric, metrics, u64_out, version_in,
};
use crate::convert::whole;
use crate::engine::NativeTenant;
use crate::error::{self, Result};
use crate::graph::NativeGraph;
use crate::task::{RunContext, spawn};

/// A result cache on one Redis server. Redis is optional: with it down,
/// `metric` and `graphMetric` still answer (by computing).
#[napi]
#[derive(Debug)]
pub struct NativeResultCache {
    c: Arc<ResultCache>,
}

#[napi]
impl NativeResultCache {
    /// Does not connect. `ttl_s`: whole seconds each result lives (default 3600).
    #[napi(constructor, catch_unwind)]
    pub fn new(url: String, ttl_s: Option<f64>) -> Result<Self> {
        let ttl = ttl_s.map(|t| whole("ttlS", t)).transpose()?.unwrap_or(3600);
        if ttl == 0 {
            return Err(error::invalid("ttlS", 0, "at least 1 second"));
        }
        let cfg = CacheConfig::default().ttl(Duration::from_secs(ttl));
        let c = ResultCache::new(&url, cfg).map_err(error::redis)?;
        Ok(Self { c: Arc::new(c) })
    }

    /// `name` of the current version of `tenant`'s `graph`.
    #[napi(catch_unwind, ts_return_type = "Promise<CachedMetricOut>")]
    pub fn metric<'env>(
        &self,
        env: &'env Env,
        tenant: &NativeTenant,
        graph: String,
        name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (m, t, c) = (metric(&name)?, tenant.get()?, Arc::clone(&self.c));
        spawn(
            env,
            ctx,
            move |_| Ok(c.metric(&t, &graph, m)),
            move |r| cached(r.map_err(error::redis)?, m),
        )
    }

    /// Compute and store `names` on the current version of `graph`, then publish it.
    #[napi(catch_unwind, ts_return_type = "Promise<WarmOut>")]
    pub fn warm<'env>(
        &self,
        env: &'env Env,
        tenant: &NativeTenant,
        graph: String,
        names: Vec<String>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (ms, t, c) = (metrics(&names)?, tenant.get()?, Arc::clone(&self.c));
        spawn(
            env,
            ctx,
            move |_| Ok(c.warm(&t, &graph, &ms)),
            |r| {
                let (version, stored) = r.map_err(error::redis)?;
                Ok(WarmOut {
                    version: u64_out(version),
                    stored: u32::try_from(stored).unwrap_or(u32::MAX),
                })
            },
        )
    }

    /// `name` of a graph the caller holds, at the version it names.
    #[napi(catch_unwind, ts_return_type = "Promise<CachedMetricOut>")]
    #[allow(clippy::too_many_arguments)]
    pub fn graph_metric<'env>(
        &self,
        env: &'env Env,
        tenant_id: String,
        graph_name: String,
        version: Either<f64, BigInt>,
        graph: &NativeGraph,
        name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (m, v, g, c) = (
            metric(&name)?,
            version_in(&version)?,
            graph.shared(),
            Arc::clone(&self.c),
        );
        spawn(
            env,
            ctx,
            move |exec| Ok(c.graph_metric(&tenant_id, &graph_name, v, &g, m, exec)),
            move |r| cached(r.map_err(error::redis)?, m),
        )
    }

    /// Compute and store `names` of a graph the caller holds at `version`,
    /// then publish that version; resolves with how many Redis took.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    #[allow(clippy::too_many_arguments)]
    pub fn warm_graph<'env>(
        &self,
        env: &'env Env,
        tenant_id: String,
        graph_name: String,
        version: Either<f64, BigInt>,
        graph: &NativeGraph,
        names: Vec<String>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (ms, v, g, c) = (
            metrics(&names)?,
            version_in(&version)?,
            graph.shared(),
            Arc::clone(&self.c),
        );
        spawn(
            env,
            ctx,
            move |exec| Ok(c.warm_graph(&tenant_id, &graph_name, v, &g, &ms, exec)),
            |r| Ok(u32::try_from(r.map_err(error::redis)?).unwrap_or(u32::MAX)),
        )
    }

    /// The version last published for the graph; `null` when none.
    #[napi(catch_unwind, ts_return_type = "Promise<number | bigint | null>")]
    pub fn current<'env>(
        &self,
        env: &'env Env,
        tenant_id: String,
        graph_name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let c = Arc::clone(&self.c);
        spawn(
            env,
            ctx,
            move |_| Ok(c.current(&tenant_id, &graph_name)),
            |r| Ok(r.map_err(error::redis)?.map(u64_out)),
        )
    }

    /// `name` as stored for the published version; `null` when there is none.
    #[napi(catch_unwind, ts_return_type = "Promise<CachedMetricOut | null>")]
    pub fn published<'env>(
        &self,
        env: &'env Env,
        tenant_id: String,
        graph_name: String,
        name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (m, c) = (metric(&name)?, Arc::clone(&self.c));
        spawn(
            env,
            ctx,
            move |_| Ok(c.published(&tenant_id, &graph_name, m)),
            move |r| r.map_err(error::redis)?.map(|x| cached(x, m)).transpose(),
        )
    }

    /// Remove every cached result of tenant `id`; resolves with how many keys.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn purge_tenant<'env>(
        &self,
        env: &'env Env,
        id: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let c = Arc::clone(&self.c);
        spawn(
            env,
            ctx,
            move |_| Ok(c.purge_tenant(&id)),
            |r| {
                #[allow(clippy::cast_precision_loss)] // key counts stay far below 2^53
                let n = r.map_err(error::redis)? as f64;
                Ok(n)
            },
        )
    }

    /// Counters since the cache was made.
    #[napi(catch_unwind)]
    pub fn stats(&self) -> CacheStatsOut {
        CacheStatsOut::from(self.c.stats())
    }
}
