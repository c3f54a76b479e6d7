//! The multi-tenant engine: [`NativeEngine`] (one engine directory) and
//! [`NativeTenant`] (a handle on one of its tenants), shims over
//! `ona-engine`. Ingest, reads that materialise a version, algorithms,
//! compaction and snapshots run on the addon's pool (Promises); lookups are
//! synchronous.
//!
//! A tenant handle holds the engine only through the engine handle's slot,
//! so `close()` releases the directory (its lock) even while JS still holds
//! tenant handles; they then fail with `ONA_ENGINE_CLOSED`.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use napi::Either;
use napi::bindgen_prelude::{BigInt, Env, Float64Array, Object, ToNapiValue};
use napi_derive::napi;
use ona_core::{Exec, Scores};
use ona_engine::{Engine, GraphOptions, GraphView, Stamped, Tenant};

use crate::convert::engine::{
    AppliedOut, CostOut, EngineOptions, Events, EventsIn, LimitsOut, OffsetOut, StatsOut,
    TenantBetweennessOptions, TenantMemoryOut, TenantOut, TenantPageRankOptions, algorithm,
    offsets, tier, time,
};
use crate::convert::size;
use crate::error::{self, Result};
use crate::graph::NativeGraph;
use crate::task::{RunContext, spawn, spawn_with_env};

/// The engine of an engine handle, until `close()`.
#[derive(Debug)]
struct Slot {
    engine: RwLock<Option<Engine>>,
    path: PathBuf,
}

impl Slot {
    fn engine(&self) -> Result<Engine> {
        let e = self
            .engine
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        e.ok_or_else(|| {
            error::Error::new(
                error::ENGINE_CLOSED,
                format!("engine {} is closed", self.path.display()),
            )
        })
    }
}

/// An engine result for [`spawn`]: core errors (cancellation, a bad
/// parameter) travel as the job's error, the others in its value.
type Lifted<T> = ona_core::Result<ona_engine::Result<T>>;

fn lift<T>(r: ona_engine::Result<T>) -> Lifted<T> {
    match r {
        Err(ona_engine::Error::Core(e)) => Err(e),
        other => Ok(other),
    }
}

/// Run `job` on the pool with `tenant` (released when the job ends).
fn spawn_tenant<'env, T, J>(
    env: &'env Env,
    ctx: &RunContext,
    tenant: Tenant,
    job: impl FnOnce(&Tenant, &Exec) -> ona_engine::Result<T> + Send + 'static,
    to_js: impl FnOnce(&Env, T) -> Result<J> + Send + 'static,
) -> Result<Object<'env>>
where
    T: Send + 'static,
    J: ToNapiValue + 'static,
{
    spawn_with_env(
        env,
        ctx,
        move |exec| lift(job(&tenant, exec)),
        move |env, r| to_js(env, r.map_err(error::engine)?),
    )
}

/// A synchronous engine call's result; a tier limit is thrown with its properties.
fn sync<T>(env: &Env, r: ona_engine::Result<T>) -> Result<T> {
    r.map_err(|e| error::throw(env, error::engine(e)))
}

/// A version as a graph handle.
fn view(env: &Env, v: &GraphView) -> NativeGraph {
    NativeGraph::from_shared(env, Arc::clone(v.graph()), Some(v.version()))
}

/// Scores, the graph (and version) they belong to, and how exact they are.
#[napi(object, object_from_js = false)]
pub struct StampedOut {
    /// One score per node of `graph`.
    pub scores: Float64Array,
    /// The version they were computed on.
    pub graph: NativeGraph,
    pub version: f64,
    /// Whether the method is exact (to the algorithm's own tolerance).
    pub exact: bool,
    /// Approximations: the documented error bound.
    pub error_bound: Option<f64>,
}

#[allow(clippy::cast_precision_loss)] // versions are far below 2^53
fn stamped(env: &Env, s: Stamped<Scores>) -> StampedOut {
    StampedOut {
        graph: view(env, &s.view),
        version: s.version() as f64,
        exact: s.exact,
        error_bound: s.error_bound,
        scores: Float64Array::new(s.value.into_vec()),
    }
}

/// Wait until no one holds the engine directory's lock: calls in flight
/// and a finishing background compaction keep the engine alive a little
/// after `close()` dropped it.
fn wait_released(lock: &Path, exec: &Exec) -> ona_core::Result<()> {
    loop {
        match File::open(lock) {
            Ok(f) if f.try_lock().is_ok() => return Ok(()),
            Ok(_) => {}
            Err(_) => return Ok(()),
        }
        exec.check()?;
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Many tenants' graphs, persisted under one directory (locked while open).
#[napi]
#[derive(Debug)]
pub struct NativeEngine {
    slot: Arc<Slot>,
}

#[napi]
impl NativeEngine {
    /// Open (or create) the engine directory `path`, loading every tenant's
    /// latest snapshots.
    #[napi(factory, catch_unwind)]
    pub fn open(path: String, opts: Option<EngineOptions>) -> Result<Self> {
        let config = opts.unwrap_or_default().config()?;
        let engine = Engine::open(&path, config).map_err(error::engine)?;
        let path = engine.path().to_path_buf();
        Ok(Self {
            slot: Arc::new(Slot {
                engine: RwLock::new(Some(engine)),
                path,
            }),
        })
    }

    /// The engine directory.
    #[napi(getter, catch_unwind)]
    pub fn path(&self) -> String {
        self.slot.path.display().to_string()
    }

    /// Whether `close()` was called.
    #[napi(getter, catch_unwind)]
    pub fn closed(&self) -> bool {
        self.slot
            .engine
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
    }

    /// Tenant `id`, created with `tier` if new; an existing one takes `tier`.
    #[napi(catch_unwind)]
    pub fn tenant(&self, env: &Env, id: String, tier_name: String) -> Result<NativeTenant> {
        let tier = tier(&tier_name)?;
        sync(env, self.slot.engine()?.tenant(&id, tier))?;
        Ok(NativeTenant {
            slot: Arc::clone(&self.slot),
            id,
        })
    }

    /// An existing tenant (`ONA_NOT_FOUND` otherwise).
    #[napi(catch_unwind)]
    pub fn get_tenant(&self, env: &Env, id: String) -> Result<NativeTenant> {
        sync(env, self.slot.engine()?.get_tenant(&id))?;
        Ok(NativeTenant {
            slot: Arc::clone(&self.slot),
            id,
        })
    }

    /// Every tenant and its tier.
    #[napi(catch_unwind)]
    pub fn tenants(&self) -> Result<Vec<TenantOut>> {
        let list = self.slot.engine()?.tenants();
        Ok(list
            .into_iter()
            .map(|(id, t)| TenantOut {
                id: id.to_string(),
                tier: t.as_str().to_owned(),
            })
            .collect())
    }

    /// Write every graph whose version moved since its last snapshot;
    /// resolves with how many were written.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn snapshot<'env>(&self, env: &'env Env, ctx: &RunContext) -> Result<Object<'env>> {
        let engine = self.slot.engine()?;
        spawn(
            env,
            ctx,
            move |_| lift(engine.snapshot()),
            |r| Ok(u32::try_from(r.map_err(error::engine)?).unwrap_or(u32::MAX)),
        )
    }

    /// Counters, gauges and histograms in the Prometheus text format.
    #[napi(catch_unwind)]
    pub fn metrics_text(&self) -> Result<String> {
        Ok(self.slot.engine()?.metrics_text())
    }

    /// Memory per tenant.
    #[napi(catch_unwind)]
    pub fn memory_report(&self) -> Result<Vec<TenantMemoryOut>> {
        Ok(self
            .slot
            .engine()?
            .memory_report()
            .into_iter()
            .map(TenantMemoryOut::from)
            .collect())
    }

    /// Resolves when no background compaction is running.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn wait_for_compactions<'env>(
        &self,
        env: &'env Env,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let engine = self.slot.engine()?;
        spawn(
            env,
            ctx,
            move |_| {
                engine.wait_for_compactions();
                Ok(())
            },
            Ok,
        )
    }

    /// Let go of the engine: later calls fail with `ONA_ENGINE_CLOSED`;
    /// resolves once calls in flight and background compactions have ended
    /// and the directory is free for another engine. Closing twice is a no-op.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn close<'env>(&self, env: &'env Env, ctx: &RunContext) -> Result<Object<'env>> {
        let engine = self
            .slot
            .engine
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let lock = self.slot.path.join(".lock");
        spawn(
            env,
            ctx,
            move |exec| match engine {
                None => Ok(()),
                Some(e) => {
                    e.wait_for_compactions();
                    drop(e);
                    wait_released(&lock, exec)
                }
            },
            Ok,
        )
    }
}

/// A handle on one tenant of an engine.
#[napi]
#[derive(Debug)]
pub struct NativeTenant {
    slot: Arc<Slot>,
    id: String,
}

impl NativeTenant {
    pub(crate) fn get(&self) -> Result<Tenant> {
        self.slot
            .engine()?
            .get_tenant(&self.id)
            .map_err(error::engine)
    }
}

#[napi]
impl NativeTenant {
    /// The tenant's id.
    #[napi(getter, catch_unwind)]
    pub fn id(&self) -> String {
        self.id.clone()
    }

    /// Its tier (`"demo"`, `"basic"`, `"professional"` or `"enterprise"`).
    #[napi(getter, catch_unwind)]
    pub fn tier(&self) -> Result<&'static str> {
        Ok(self.get()?.tier().as_str())
    }

    /// Its tier's limits.
    #[napi(catch_unwind)]
    pub fn limits(&self) -> Result<LimitsOut> {
        Ok(LimitsOut::from(self.get()?.limits()))
    }

    /// Bytes held by its graphs, deltas, event logs and writer tables.
    #[napi(catch_unwind)]
    pub fn memory_bytes(&self) -> Result<f64> {
        #[allow(clippy::cast_precision_loss)]
        let b = self.get()?.memory_bytes() as f64;
        Ok(b)
    }

    /// Names of its graphs.
    #[napi(catch_unwind)]
    pub fn graphs(&self) -> Result<Vec<String>> {
        Ok(self
            .get()?
            .graphs()
            .iter()
            .map(ToString::to_string)
            .collect())
    }

    /// Create graph `name` (a no-op if it exists with the same options).
    #[napi(catch_unwind)]
    pub fn create_graph(&self, env: &Env, name: String, directed: Option<bool>) -> Result<()> {
        let opts = GraphOptions {
            directed: directed.unwrap_or(GraphOptions::default().directed),
        };
        sync(env, self.get()?.create_graph(&name, opts))
    }

    /// Stream a batch into graph `graph` (rate-limited by the tier; all or nothing).
    #[napi(catch_unwind, ts_return_type = "Promise<AppliedOut>")]
    pub fn apply_events<'env>(
        &self,
        env: &'env Env,
        graph: String,
        events: EventsIn,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let events = Events::new(&graph, events)?;
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| events.with(|b| t.apply(&graph, b)),
            |_, a| Ok(AppliedOut::from(a)),
        )
    }

    /// Load a batch into graph `graph` outside the streaming rate limit.
    #[napi(catch_unwind, ts_return_type = "Promise<AppliedOut>")]
    pub fn import_edges<'env>(
        &self,
        env: &'env Env,
        graph: String,
        events: EventsIn,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let events = Events::new(&graph, events)?;
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| events.with(|b| t.import(&graph, b)),
            |_, a| Ok(AppliedOut::from(a)),
        )
    }

    /// The current version of graph `name`.
    #[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
    pub fn graph<'env>(
        &self,
        env: &'env Env,
        name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| t.graph(&name),
            |env, v| Ok(view(env, &v)),
        )
    }

    /// Graph `name` restricted to events with `t0 <= ts < t1`.
    #[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
    pub fn window<'env>(
        &self,
        env: &'env Env,
        name: String,
        t0: Either<f64, BigInt>,
        t1: Either<f64, BigInt>,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (t0, t1) = (time("window[0]", &t0)?, time("window[1]", &t1)?);
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| t.window(&name, t0, t1),
            |env, v| Ok(view(env, &v)),
        )
    }

    /// `count` windows of `width` ending at `end`, `end - step`, ... (oldest first).
    #[napi(catch_unwind, ts_return_type = "Promise<NativeGraph[]>")]
    #[allow(clippy::too_many_arguments)]
    pub fn rolling<'env>(
        &self,
        env: &'env Env,
        name: String,
        end: Either<f64, BigInt>,
        width: Either<f64, BigInt>,
        step: Either<f64, BigInt>,
        count: f64,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let (end, width, step) = (
            time("end", &end)?,
            time("width", &width)?,
            time("step", &step)?,
        );
        let count = size("count", count)?;
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| t.rolling(&name, end, width, step, count),
            |env, vs| Ok(vs.iter().map(|v| view(env, v)).collect::<Vec<_>>()),
        )
    }

    /// The version number of graph `name`.
    #[napi(catch_unwind)]
    pub fn version(&self, env: &Env, name: String) -> Result<f64> {
        #[allow(clippy::cast_precision_loss)]
        let v = sync(env, self.get()?.version(&name))? as f64;
        Ok(v)
    }

    /// Node, edge, weight, reciprocity and component counts of the current version.
    #[napi(catch_unwind, ts_return_type = "Promise<StatsOut>")]
    pub fn stats<'env>(
        &self,
        env: &'env Env,
        name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| t.stats(&name),
            |_, s| Ok(StatsOut::from(s)),
        )
    }

    /// PageRank of the current version, warm-started from the previous result.
    #[napi(catch_unwind, ts_return_type = "Promise<StampedOut>")]
    pub fn pagerank<'env>(
        &self,
        env: &'env Env,
        name: String,
        opts: TenantPageRankOptions,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let cfg = opts.config()?;
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, exec| t.pagerank(&name, &cfg, Some(exec.token().clone())),
            |env, s| Ok(stamped(env, s)),
        )
    }

    /// Betweenness of the current version: exact or (ε, δ)-approximate.
    #[napi(catch_unwind, ts_return_type = "Promise<StampedOut>")]
    pub fn betweenness<'env>(
        &self,
        env: &'env Env,
        name: String,
        opts: TenantBetweennessOptions,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        let mode = opts.mode()?;
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, exec| t.betweenness(&name, mode, Some(exec.token().clone())),
            |env, s| Ok(stamped(env, s)),
        )
    }

    /// What `algorithm` would cost on the current version of graph `name`.
    #[napi(catch_unwind)]
    pub fn estimate(
        &self,
        env: &Env,
        name: String,
        algorithm_name: String,
        k: Option<f64>,
        samples: Option<f64>,
    ) -> Result<CostOut> {
        let algo = algorithm(&algorithm_name, k, samples)?;
        let t = self.get()?;
        let v = sync(env, t.graph(&name))?;
        Ok(CostOut::from(t.estimate(&v, algo)))
    }

    /// Stored next offset of every (source, partition) of graph `name`.
    #[napi(catch_unwind)]
    pub fn offsets(&self, env: &Env, name: String) -> Result<Vec<OffsetOut>> {
        sync(env, self.get()?.offsets(&name)).map(offsets)
    }

    /// Merge graph `name`'s delta into a new base now.
    #[napi(catch_unwind, ts_return_type = "Promise<void>")]
    pub fn compact<'env>(
        &self,
        env: &'env Env,
        name: String,
        ctx: &RunContext,
    ) -> Result<Object<'env>> {
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            move |t, _| t.compact(&name),
            |_, ()| Ok(()),
        )
    }

    /// Write every graph's current version to disk; resolves with how many were written.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub fn snapshot<'env>(&self, env: &'env Env, ctx: &RunContext) -> Result<Object<'env>> {
        spawn_tenant(
            env,
            ctx,
            self.get()?,
            |t, _| t.snapshot(),
            |_, n| Ok(u32::try_from(n).unwrap_or(u32::MAX)),
        )
    }
}
