//! Arguments and results of the engine exports: engine options, event
//! batches (copied off the JS heap, so the batch can be applied on the
//! pool), times, algorithm options, and the result objects.

use napi::Either;
use napi::bindgen_prelude::{BigInt, BigInt64Array, BigUint64Array, Float64Array};
use napi_derive::napi;
use ona_core::algo::centrality::PageRankConfig;
use ona_engine::{
    Algorithm, Applied, BetweennessMode, EngineConfig, Estimate, EventBatch, Keys, LiveStats, Op,
    TenantMemory, Tier, TierLimits,
};

use super::{PageRankOptions, count, size, whole};
use crate::error::{self, Result};

/// Largest integer a JS number holds exactly, as `i64`.
const MAX_SAFE: i64 = (1 << 53) - 1;

/// A time or a time span: a JS number (an integer) or a BigInt (spelled out
/// in exported signatures, for napi's type generator).
pub type TimeIn = Either<f64, BigInt>;

/// An integer JS number (negative allowed) or a BigInt, as `i64`.
pub fn time(name: &'static str, t: &TimeIn) -> Result<i64> {
    match t {
        #[allow(clippy::cast_possible_truncation)] // checked: an integer within ±(2^53 - 1)
        Either::A(x) if x.fract() == 0.0 && x.abs() <= MAX_SAFE as f64 => Ok(*x as i64),
        Either::A(x) => Err(error::invalid(
            name,
            x,
            "an integer (at most 2^53 - 1 in size), or a BigInt",
        )),
        Either::B(b) => match b.get_i64() {
            (x, true) => Ok(x),
            _ => Err(error::invalid(
                name,
                "a BigInt",
                "a BigInt in the i64 range",
            )),
        },
    }
}

/// A non-negative JS number or BigInt, as `u64`.
pub fn unsigned(name: &'static str, x: &TimeIn) -> Result<u64> {
    match x {
        Either::A(x) => whole(name, *x),
        Either::B(b) => match b.get_u64() {
            (false, x, true) => Ok(x),
            _ => Err(error::invalid(name, "a BigInt", "a BigInt in [0, 2^64)")),
        },
    }
}

/// Options of `Engine.open`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct EngineOptions {
    /// Threads of the engine's pools (0, the default: one per core).
    pub threads: Option<f64>,
    /// Compact on a background thread (default `true`).
    pub background_compaction: Option<bool>,
    /// Compact a graph once its delta holds this many edge changes (65536) ...
    pub compact_min_changes: Option<f64>,
    /// ... and at least this fraction of its edges (0.05).
    pub compact_ratio: Option<f64>,
}

impl EngineOptions {
    /// The engine's configuration.
    pub fn config(&self) -> Result<EngineConfig> {
        let d = EngineConfig::default();
        let ratio = self.compact_ratio.unwrap_or(d.compact_ratio);
        if !(ratio.is_finite() && ratio >= 0.0) {
            return Err(error::invalid(
                "compactRatio",
                ratio,
                "a finite, non-negative number",
            ));
        }
        let min = self
            .compact_min_changes
            .map(|m| size("compactMinChanges", m))
            .transpose()?;
        Ok(d.clone()
            .threads(
                self.threads
                    .map(|t| size("threads", t))
                    .transpose()?
                    .unwrap_or(d.threads),
            )
            .background_compaction(
                self.background_compaction
                    .unwrap_or(d.background_compaction),
            )
            .compact_when(min.unwrap_or(d.compact_min_changes), ratio))
    }
}

/// A tier by name (`"demo"`, `"basic"`, `"professional"`, `"enterprise"`).
pub fn tier(s: &str) -> Result<Tier> {
    Tier::parse(s).map_err(error::engine)
}

/// Node keys of one column: exactly one array.
#[napi(object)]
pub struct KeysIn {
    /// Integer ids as JS numbers (non-negative safe integers).
    pub numbers: Option<Float64Array>,
    /// Integer ids as BigInts.
    pub bigints: Option<BigUint64Array>,
    /// String ids.
    pub strings: Option<Vec<String>>,
}

/// One batch of edge events, as the facade hands it over.
#[napi(object)]
pub struct EventsIn {
    pub src: KeysIn,
    pub dst: KeysIn,
    /// Weights (default 1 each).
    pub weight: Option<Float64Array>,
    /// Event times as integer JS numbers (milliseconds since the epoch, say).
    pub ts: Option<Float64Array>,
    /// Event times as BigInts.
    pub ts_bigints: Option<BigInt64Array>,
    /// `"add"` (default), `"remove"` or `"set"` per event.
    pub op: Option<Vec<String>>,
    /// Event ids as JS numbers.
    pub event_id: Option<Float64Array>,
    /// Event ids as BigInts.
    pub event_id_bigints: Option<BigUint64Array>,
    /// Source of the batch (`"kafka:topic"`); with `offset`.
    pub source: Option<String>,
    /// Its partition (default 0).
    pub partition: Option<f64>,
    /// Offset of the batch's first event.
    pub offset: Option<Either<f64, BigInt>>,
}

impl std::fmt::Debug for KeysIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeysIn")
            .field("numbers", &self.numbers.as_ref().map(|a| a.len()))
            .field("bigints", &self.bigints.as_ref().map(|a| a.len()))
            .field("strings", &self.strings.as_ref().map(Vec::len))
            .finish()
    }
}

impl std::fmt::Debug for EventsIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventsIn")
            .field("src", &self.src)
            .field("dst", &self.dst)
            .field("source", &self.source)
            .field("partition", &self.partition)
            .finish_non_exhaustive()
    }
}

/// A key column, owned.
#[derive(Debug)]
enum KeyCol {
    U64(Vec<u64>),
    Str(Vec<String>),
}

impl KeyCol {
    fn new(name: &'static str, k: KeysIn) -> Result<Self> {
        match (k.numbers, k.bigints, k.strings) {
            (Some(n), None, None) => Ok(Self::U64(super::number_ids(name, &n)?.into_owned())),
            (None, Some(b), None) => Ok(Self::U64(b.to_vec())),
            (None, None, Some(s)) => Ok(Self::Str(s)),
            _ => Err(error::invalid(
                name,
                "keys",
                "exactly one array of numbers, BigInts or strings",
            )),
        }
    }
    /// String keys as the engine borrows them (empty for integer keys).
    fn refs(&self) -> Vec<&str> {
        match self {
            Self::U64(_) => Vec::new(),
            Self::Str(s) => s.iter().map(String::as_str).collect(),
        }
    }
    fn keys<'a>(&'a self, refs: &'a [&'a str]) -> Keys<'a> {
        match self {
            Self::U64(k) => Keys::U64(k),
            Self::Str(_) => Keys::Str(refs),
        }
    }
}

/// An event batch copied off the JS heap, to be applied on the pool.
#[derive(Debug)]
pub struct Events {
    src: KeyCol,
    dst: KeyCol,
    weight: Option<Vec<f64>>,
    ts: Option<Vec<i64>>,
    op: Option<Vec<Op>>,
    event_id: Option<Vec<u64>>,
    position: Option<(String, u32, u64)>,
}

fn one_of<T>(name: &'static str, a: Option<T>, b: Option<T>) -> Result<Option<T>> {
    match (a, b) {
        (Some(_), Some(_)) => Err(error::invalid(name, "two arrays", "one array")),
        (a, b) => Ok(a.or(b)),
    }
}

impl Events {
    /// Check and copy `e`, a batch for graph `graph`.
    pub fn new(graph: &str, e: EventsIn) -> Result<Self> {
        let ts_numbers =
            e.ts.map(|t| {
                t.iter()
                    .map(|&x| time("ts", &Either::A(x)))
                    .collect::<Result<Vec<i64>>>()
            })
            .transpose()?;
        let ids = e
            .event_id
            .map(|ids| {
                ids.iter()
                    .map(|&x| whole("eventId", x))
                    .collect::<Result<Vec<u64>>>()
            })
            .transpose()?;
        let op =
            e.op.map(|ops| {
                ops.iter()
                    .enumerate()
                    .map(|(row, s)| {
                        Op::parse(s).ok_or_else(|| {
                            error::engine(ona_engine::Error::InvalidEvent {
                                graph: graph.to_owned(),
                                row: row as u64,
                                reason: format!("op {s:?} is not 'add', 'remove' or 'set'"),
                            })
                        })
                    })
                    .collect::<Result<Vec<Op>>>()
            })
            .transpose()?;
        let position = match (e.source, e.partition, e.offset) {
            (None, None, None) => None,
            (Some(source), partition, Some(offset)) => Some((
                source,
                partition
                    .map(|p| count("partition", p))
                    .transpose()?
                    .unwrap_or(0),
                unsigned("offset", &offset)?,
            )),
            _ => {
                return Err(error::invalid(
                    "source",
                    "partial",
                    "source and offset together (partition optional)",
                ));
            }
        };
        Ok(Self {
            src: KeyCol::new("src", e.src)?,
            dst: KeyCol::new("dst", e.dst)?,
            weight: e.weight.map(|w| w.to_vec()),
            ts: one_of("ts", ts_numbers, e.ts_bigints.map(|t| t.to_vec()))?,
            op,
            event_id: one_of("eventId", ids, e.event_id_bigints.map(|t| t.to_vec()))?,
            position,
        })
    }

    /// Run `f` on the batch as the engine takes it.
    pub fn with<R>(&self, f: impl FnOnce(&EventBatch<'_>) -> R) -> R {
        let (src, dst) = (self.src.refs(), self.dst.refs());
        let mut batch = EventBatch::new(self.src.keys(&src), self.dst.keys(&dst));
        batch.weight = self.weight.as_deref();
        batch.ts = self.ts.as_deref();
        batch.op = self.op.as_deref();
        batch.event_id = self.event_id.as_deref();
        if let Some((source, partition, offset)) = &self.position {
            batch = batch.position(source, *partition, *offset);
        }
        f(&batch)
    }
}

/// Options of `tenant.pagerank`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TenantPageRankOptions {
    /// Damping factor (0.85).
    pub alpha: Option<f64>,
    /// Iteration limit (100).
    pub max_iter: Option<f64>,
    /// Tolerance (1e-6).
    pub tol: Option<f64>,
    /// Use the edge weights (default `true`).
    pub weight: Option<bool>,
}

impl TenantPageRankOptions {
    /// The core config (the engine picks the solver and the start vector).
    pub fn config(&self) -> Result<PageRankConfig> {
        PageRankOptions {
            alpha: self.alpha,
            personalization: None,
            max_iter: self.max_iter,
            tol: self.tol,
            nstart: None,
            weight: self.weight,
            dangling: None,
            solver: None,
        }
        .config()
    }
}

/// Options of `tenant.betweenness`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TenantBetweennessOptions {
    /// `"auto"` (default), `"exact"` or `"approximate"`.
    pub mode: Option<String>,
    /// Approximate: the additive error bound (0.01).
    pub epsilon: Option<f64>,
    /// Approximate: the failure probability (0.1).
    pub delta: Option<f64>,
}

impl TenantBetweennessOptions {
    /// The engine's mode.
    pub fn mode(&self) -> Result<BetweennessMode> {
        let approximate = || BetweennessMode::Approximate {
            epsilon: self.epsilon.unwrap_or(0.01),
            delta: self.delta.unwrap_or(0.1),
        };
        match (
            self.mode.as_deref().unwrap_or("auto"),
            self.epsilon.or(self.delta),
        ) {
            ("approximate", _) => Ok(approximate()),
            ("auto" | "exact", Some(_)) => Err(error::invalid(
                "epsilon",
                "given",
                "epsilon and delta only with mode 'approximate'",
            )),
            ("auto", None) => Ok(BetweennessMode::Auto),
            ("exact", None) => Ok(BetweennessMode::Exact),
            (other, _) => Err(error::invalid(
                "mode",
                other,
                "\"auto\", \"exact\" or \"approximate\"",
            )),
        }
    }
}

/// An algorithm by its metrics name (`"pagerank"`, `"betweenness"`, ...).
pub fn algorithm(name: &str, k: Option<f64>, samples: Option<f64>) -> Result<Algorithm> {
    Ok(match name {
        "degree" => Algorithm::Degree,
        "pagerank" => Algorithm::PageRank,
        "components" => Algorithm::Components,
        "k_hop" => Algorithm::KHop {
            k: count("k", k.unwrap_or(1.0))?,
        },
        "clustering" => Algorithm::Clustering,
        "core_number" => Algorithm::CoreNumber,
        "closeness" => Algorithm::Closeness,
        "betweenness" => Algorithm::Betweenness,
        "approx_betweenness" => Algorithm::ApproxBetweenness {
            samples: whole(
                "samples",
                samples.ok_or_else(|| error::invalid("samples", "missing", "a sample count"))?,
            )?,
        },
        "communities" => Algorithm::Communities,
        other => {
            return Err(error::invalid(
                "algorithm",
                other,
                "degree, pagerank, components, k_hop, clustering, core_number, closeness, betweenness, approx_betweenness or communities",
            ));
        }
    })
}

// ------------------------------------------------------------------ results
// Counts, versions, offsets and bytes as JS numbers: exact below 2^53.

/// What `applyEvents` / `importEdges` did.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct AppliedOut {
    /// The graph's version after the batch.
    pub version: f64,
    /// Events applied.
    pub applied: f64,
    /// Events skipped (below the stored source offset, or an event id seen before).
    pub skipped: f64,
    /// Nodes the batch added.
    pub new_nodes: f64,
}

#[allow(clippy::cast_precision_loss)]
impl From<Applied> for AppliedOut {
    fn from(a: Applied) -> Self {
        Self {
            version: a.version as f64,
            applied: a.applied as f64,
            skipped: a.skipped as f64,
            new_nodes: a.new_nodes as f64,
        }
    }
}

/// Statistics of one version.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct StatsOut {
    pub version: f64,
    pub nodes: f64,
    /// Edges (undirected: each pair once).
    pub edges: f64,
    pub total_weight: f64,
    /// Directed: pairs with edges both ways; undirected: 0.
    pub mutual_pairs: f64,
    /// Weakly connected components.
    pub components: f64,
    /// Whether the components came from union-find on the delta (`false`: recomputed).
    pub incremental_components: bool,
}

#[allow(clippy::cast_precision_loss)]
impl From<LiveStats> for StatsOut {
    fn from(s: LiveStats) -> Self {
        Self {
            version: s.version as f64,
            nodes: s.nodes as f64,
            edges: s.edges as f64,
            total_weight: s.total_weight,
            mutual_pairs: s.mutual_pairs as f64,
            components: s.components as f64,
            incremental_components: s.incremental_components,
        }
    }
}

/// What an algorithm is expected to cost.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct CostOut {
    /// The algorithm's metrics name.
    pub algorithm: String,
    /// Peak extra memory beyond the graph.
    pub memory_bytes: f64,
    /// Wall-clock seconds on `threads` threads.
    pub seconds: f64,
    /// Threads assumed.
    pub threads: u32,
}

#[allow(clippy::cast_precision_loss)]
impl From<Estimate> for CostOut {
    fn from(e: Estimate) -> Self {
        Self {
            algorithm: e.algorithm.name().to_owned(),
            memory_bytes: e.memory_bytes as f64,
            seconds: e.seconds,
            threads: u32::try_from(e.threads).unwrap_or(u32::MAX),
        }
    }
}

/// The stored next offset of one (source, partition).
#[napi(object)]
#[derive(Debug, Clone)]
pub struct OffsetOut {
    pub source: String,
    pub partition: u32,
    pub next: f64,
}

/// Offsets as objects.
#[allow(clippy::cast_precision_loss)]
pub fn offsets(o: Vec<(String, u32, u64)>) -> Vec<OffsetOut> {
    o.into_iter()
        .map(|(source, partition, next)| OffsetOut {
            source,
            partition,
            next: next as f64,
        })
        .collect()
}

/// One tenant and its tier.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct TenantOut {
    pub id: String,
    pub tier: String,
}

/// Memory held by one tenant.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct TenantMemoryOut {
    pub tenant: String,
    pub tier: String,
    pub graphs: u32,
    pub bytes: f64,
}

#[allow(clippy::cast_precision_loss)]
impl From<TenantMemory> for TenantMemoryOut {
    fn from(m: TenantMemory) -> Self {
        Self {
            tenant: m.tenant.to_string(),
            tier: m.tier.as_str().to_owned(),
            graphs: u32::try_from(m.graphs).unwrap_or(u32::MAX),
            bytes: m.bytes as f64,
        }
    }
}

/// A tier's limits (`null`: unlimited).
#[napi(object)]
#[derive(Debug, Clone)]
pub struct LimitsOut {
    pub max_nodes: Option<f64>,
    pub max_graphs: Option<f64>,
    pub max_memory_bytes: Option<f64>,
    /// 0: streaming is not part of the tier (use `importEdges`).
    pub max_events_per_second: Option<f64>,
    pub concurrency: u32,
    pub exact_budget_seconds: f64,
}

#[allow(clippy::cast_precision_loss)]
impl From<&TierLimits> for LimitsOut {
    fn from(l: &TierLimits) -> Self {
        let n = |x: Option<u64>| x.map(|x| x as f64);
        Self {
            max_nodes: n(l.max_nodes),
            max_graphs: n(l.max_graphs),
            max_memory_bytes: n(l.max_memory_bytes),
            max_events_per_second: n(l.max_events_per_second),
            concurrency: u32::try_from(l.concurrency).unwrap_or(u32::MAX),
            exact_budget_seconds: l.exact_budget_seconds,
        }
    }
}
