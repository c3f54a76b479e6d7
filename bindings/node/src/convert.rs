//! Every conversion between JS values and core types: numbers and option
//! strings checked into core configs, input arrays copied into owned
//! vectors (on the JS thread, so a job never touches JS memory), and results
//! handed to JS as typed arrays that take ownership of the vectors (no copy).
//!
//! The facade (`ts/index.ts`) has already rejected unknown option keys and
//! wrong JS types; what is checked here are values: integer counts,
//! finite numbers, the option strings.

use std::time::Duration;

use napi::bindgen_prelude::{BigInt, BigUint64Array, Float32Array, Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::algo::centrality::{self as c, Beta, PageRankSolver};
use ona_core::algo::{clustering as cl, paths as p};
use ona_core::graph::{ExternalId, IdMap};
use ona_core::{
    DuplicatePolicy, EdgeWeights, Exec, Graph, GraphBuilder, NodeId, Partition, Scores,
    SelfLoopPolicy,
};

use crate::error::{self, Result};

// ------------------------------------------------------------------ numbers

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// A non-negative integer JS number, as `u64`.
pub fn whole(name: &'static str, x: f64) -> Result<u64> {
    if x.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&x) {
        // Checked: an integer in [0, 2^53).
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(x as u64)
    } else {
        Err(error::invalid(
            name,
            x,
            "a non-negative integer (at most 2^53 - 1)",
        ))
    }
}

/// A count that fits `u32`.
pub fn count(name: &'static str, x: f64) -> Result<u32> {
    u32::try_from(whole(name, x)?)
        .map_err(|_| error::invalid(name, x, "an integer from 0 to 4294967295"))
}

/// A count as `usize`.
pub fn size(name: &'static str, x: f64) -> Result<usize> {
    usize::try_from(whole(name, x)?).map_err(|_| error::invalid(name, x, "a smaller integer"))
}

/// Milliseconds, finite and non-negative.
pub fn duration_ms(ms: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(ms / 1000.0)
        .map_err(|_| error::invalid("timeout", ms, "finite, non-negative milliseconds"))
}

fn opt_count(name: &'static str, x: Option<f64>, default: u32) -> Result<u32> {
    x.map_or(Ok(default), |x| count(name, x))
}

fn vec_of(x: Option<Float64Array>) -> Option<Vec<f64>> {
    x.map(|a| a.to_vec())
}

// ------------------------------------------------------------------ nodes and ids

/// A node index the facade resolved from an external id.
pub fn node(g: &Graph, index: u32) -> Result<NodeId> {
    g.node(u64::from(index)).map_err(error::core)
}

/// The kind of a graph's external ids: `"index"` (node `i` is `i`),
/// `"integer"` or `"string"`.
pub fn id_kind(g: &Graph) -> &'static str {
    match g.ids() {
        IdMap::Dense(_) => "index",
        IdMap::U64(_) => "integer",
        IdMap::Str { .. } => "string",
    }
}

fn unknown(id: impl std::fmt::Display) -> error::Error {
    error::core(ona_core::Error::UnknownNode { id: id.to_string() })
}

/// Index of integer id `id` (string-named graphs know no integers).
pub fn index_of_u64(g: &Graph, id: u64) -> Result<u32> {
    match g.ids() {
        IdMap::Str { .. } => Err(unknown(id)),
        ids => ids.lookup_u64(id).map(|v| v.0).ok_or_else(|| unknown(id)),
    }
}

/// Index of a JS number id.
pub fn index_of_number(g: &Graph, id: f64) -> Result<u32> {
    match whole("id", id) {
        Ok(id) => index_of_u64(g, id),
        Err(_) => Err(unknown(id)),
    }
}

/// Index of a BigInt id.
pub fn index_of_bigint(g: &Graph, id: &BigInt) -> Result<u32> {
    match id.get_u64() {
        (false, x, true) => index_of_u64(g, x),
        _ => Err(unknown(format!(
            "{}{:?}n",
            if id.sign_bit { "-" } else { "" },
            id.words
        ))),
    }
}

/// Index of string id `id` (integer-named graphs know no strings).
pub fn index_of_string(g: &Graph, id: &str) -> Result<u32> {
    match g.ids() {
        IdMap::Str { .. } => g
            .ids()
            .lookup_str(id)
            .map(|v| v.0)
            .ok_or_else(|| unknown(id)),
        _ => Err(unknown(format!("{id:?}"))),
    }
}

/// External ids as numbers (index and integer graphs).
pub fn ids_as_numbers(g: &Graph) -> Result<Float64Array> {
    // Integer ids came from JS numbers or BigInts; the facade asks for numbers
    // only when they came from numbers (so they are below 2^53 and exact).
    #[allow(clippy::cast_precision_loss)]
    let out = match g.ids() {
        IdMap::Dense(n) => (0..*n).map(f64::from).collect(),
        IdMap::U64(ids) => ids.iter().map(|&x| x as f64).collect(),
        IdMap::Str { .. } => {
            return Err(error::invalid("ids", "strings", "a graph with integer ids"));
        }
    };
    Ok(Float64Array::new(out))
}

/// External ids as `u64` (index and integer graphs).
pub fn ids_as_bigints(g: &Graph) -> Result<BigUint64Array> {
    let out = match g.ids() {
        IdMap::Dense(n) => (0..u64::from(*n)).collect(),
        IdMap::U64(ids) => ids.clone(),
        IdMap::Str { .. } => {
            return Err(error::invalid("ids", "strings", "a graph with integer ids"));
        }
    };
    Ok(BigUint64Array::new(out))
}

/// External ids as strings (integer ids in decimal).
pub fn ids_as_strings(g: &Graph) -> Vec<String> {
    match g.ids() {
        IdMap::Str { names, .. } => names.iter().map(|s| s.to_string()).collect(),
        ids => (0..ids.len())
            .filter_map(|i| u32::try_from(i).ok().and_then(|i| ids.external(NodeId(i))))
            .map(|e| match e {
                ExternalId::U64(x) => x.to_string(),
                ExternalId::Str(s) => s.to_owned(),
            })
            .collect(),
    }
}

// ------------------------------------------------------------------ building

/// Options of every graph build.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Directed (default `false`).
    pub directed: Option<bool>,
    /// Repeated edges: `"sum"` (default), `"max"`, `"first"` or `"error"`.
    pub duplicates: Option<String>,
    /// Self loops: `"keep"` (default), `"drop"` or `"error"`.
    pub self_loops: Option<String>,
}

/// One weight per edge row; at most one of the two arrays.
#[napi(object)]
pub struct WeightsIn {
    /// Double precision: the graph keeps `f64`.
    pub f64: Option<Float64Array>,
    /// Single precision: the graph keeps `f32` (half the memory).
    pub f32: Option<Float32Array>,
}

/// Owned weights.
#[derive(Debug)]
pub enum Weights {
    /// `f64` weights.
    F64(Vec<f64>),
    /// `f32` weights.
    F32(Vec<f32>),
}

/// Owned edge rows, by id kind.
#[derive(Debug)]
pub enum Edges {
    /// Node indices into `0..n`.
    Indexed {
        n: usize,
        src: Vec<u32>,
        dst: Vec<u32>,
    },
    /// Integer ids; nodes are the distinct ids, ascending.
    Ints {
        nodes: Vec<u64>,
        src: Vec<u64>,
        dst: Vec<u64>,
    },
    /// String ids; nodes in first-seen order.
    Strs {
        nodes: Vec<String>,
        src: Vec<String>,
        dst: Vec<String>,
    },
}

/// Everything a build needs, owned, ready to move to a worker thread.
#[derive(Debug)]
pub struct Build {
    builder: GraphBuilder,
    edges: Edges,
    weights: Option<Weights>,
}

impl Build {
    /// Copy the inputs out of JS memory.
    pub fn new(edges: Edges, weights: Option<WeightsIn>, opts: &BuildOptions) -> Result<Self> {
        let duplicates = match opts.duplicates.as_deref().unwrap_or("sum") {
            "sum" => DuplicatePolicy::Sum,
            "max" => DuplicatePolicy::Max,
            "first" => DuplicatePolicy::First,
            "error" => DuplicatePolicy::Error,
            other => {
                return Err(error::invalid(
                    "duplicates",
                    other,
                    "\"sum\", \"max\", \"first\" or \"error\"",
                ));
            }
        };
        let self_loops = match opts.self_loops.as_deref().unwrap_or("keep") {
            "keep" => SelfLoopPolicy::Keep,
            "drop" => SelfLoopPolicy::Drop,
            "error" => SelfLoopPolicy::Error,
            other => {
                return Err(error::invalid(
                    "selfLoops",
                    other,
                    "\"keep\", \"drop\" or \"error\"",
                ));
            }
        };
        let weights = match weights {
            None
            | Some(WeightsIn {
                f64: None,
                f32: None,
            }) => None,
            Some(WeightsIn {
                f64: Some(w),
                f32: None,
            }) => Some(Weights::F64(w.to_vec())),
            Some(WeightsIn {
                f64: None,
                f32: Some(w),
            }) => Some(Weights::F32(w.to_vec())),
            Some(_) => return Err(error::invalid("weight", "two arrays", "one weight array")),
        };
        let builder = GraphBuilder::with_direction(opts.directed.unwrap_or(false))
            .duplicates(duplicates)
            .self_loops(self_loops);
        Ok(Self {
            builder,
            edges,
            weights,
        })
    }

    /// Build the graph.
    pub fn run(&self, exec: &Exec) -> ona_core::Result<Graph> {
        let w = self.weights.as_ref().map(|w| match w {
            Weights::F64(w) => EdgeWeights::F64(w),
            Weights::F32(w) => EdgeWeights::F32(w),
        });
        match &self.edges {
            Edges::Indexed { n, src, dst } => self.builder.build(*n, src, dst, w, exec),
            Edges::Ints { nodes, src, dst } => self.builder.build_u64(nodes, src, dst, w, exec),
            Edges::Strs { nodes, src, dst } => self.builder.build_str(nodes, src, dst, w, exec),
        }
    }
}

/// Integer ids given as JS numbers.
pub fn number_ids(name: &'static str, ids: &[f64]) -> Result<Vec<u64>> {
    ids.iter().map(|&x| whole(name, x)).collect()
}

/// Edges between node indices `0..num_nodes`.
pub fn indexed(src: &Uint32Array, dst: &Uint32Array, num_nodes: f64) -> Result<Edges> {
    Ok(Edges::Indexed {
        n: size("numNodes", num_nodes)?,
        src: src.to_vec(),
        dst: dst.to_vec(),
    })
}

// ------------------------------------------------------------------ results

/// Per-node scores, handed over without copying.
pub fn scores(s: Scores) -> Result<Float64Array> {
    Ok(Float64Array::new(s.into_vec()))
}

/// Per-node labels, handed over without copying.
pub fn partition(p: Partition) -> Result<Uint32Array> {
    Ok(Uint32Array::new(p.0))
}

/// Hubs and authorities.
#[napi(object)]
pub struct HitsOut {
    /// Hub score per node.
    pub hubs: Float64Array,
    /// Authority score per node.
    pub authorities: Float64Array,
}

/// One row per edge (NetworkX's keys), as columns of node indices.
#[napi(object)]
pub struct EdgeScoresOut {
    /// Tail of each edge (the smaller endpoint for undirected graphs).
    pub source: Uint32Array,
    /// Head of each edge.
    pub target: Uint32Array,
    /// Its value.
    pub value: Float64Array,
}

/// Edge betweenness as columns.
pub fn edge_scores(eb: &c::EdgeBetweenness) -> Result<EdgeScoresOut> {
    let edges = eb.edges();
    Ok(EdgeScoresOut {
        source: Uint32Array::new(edges.iter().map(|e| e.source.0).collect()),
        target: Uint32Array::new(edges.iter().map(|e| e.target.0).collect()),
        value: Float64Array::new(edges.iter().map(|e| e.value).collect()),
    })
}

/// An (ε, δ) betweenness estimate.
#[napi(object)]
pub struct EstimateOut {
    /// Estimated normalized betweenness per node.
    pub scores: Float64Array,
    /// Shortest paths sampled.
    pub samples: f64,
    /// The vertex-diameter bound the sample size used.
    pub vertex_diameter_bound: f64,
    /// Whether the (ε, δ) guarantee holds (false when `maxSamples` cut it short).
    pub guaranteed: bool,
}

/// Nodes within `k` hops, in BFS order.
#[napi(object)]
pub struct KHopOut {
    /// Node indices.
    pub nodes: Uint32Array,
    /// Their hop distances.
    pub distances: Uint32Array,
}

/// An R-MAT edge list.
#[napi(object)]
pub struct RmatOut {
    /// `2^scale`.
    pub num_nodes: f64,
    /// Edge sources.
    pub src: Uint32Array,
    /// Edge targets.
    pub dst: Uint32Array,
}

/// A categorical node attribute.
#[napi(object)]
pub struct AttributeOut {
    /// Per node, an index into `values`, or 4294967295 where missing.
    pub codes: Uint32Array,
    /// Distinct values in first-seen order.
    pub values: Vec<String>,
}

impl std::fmt::Debug for AttributeOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttributeOut")
            .field("codes", &self.codes.len())
            .field("values", &self.values)
            .finish()
    }
}

// ------------------------------------------------------------------ algorithm options

/// `degree` / `inDegree` / `outDegree` and the degree centralities.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct DegreeOptions {
    /// `"both"` (default), `"in"` or `"out"`.
    pub direction: Option<String>,
    /// Sum weights (strength) instead of counting edges (default `false`).
    pub weight: Option<bool>,
}

fn degree_direction(d: Option<&str>) -> Result<c::Direction> {
    match d.unwrap_or("both") {
        "both" => Ok(c::Direction::Both),
        "in" => Ok(c::Direction::In),
        "out" => Ok(c::Direction::Out),
        other => Err(error::invalid(
            "direction",
            other,
            "\"both\", \"in\" or \"out\"",
        )),
    }
}

impl DegreeOptions {
    /// For [`c::degree`].
    pub fn degree(&self) -> Result<c::DegreeConfig> {
        Ok(c::DegreeConfig::default()
            .direction(degree_direction(self.direction.as_deref())?)
            .weighted(self.weight.unwrap_or(false)))
    }
    /// For [`c::degree_centrality`].
    pub fn centrality(&self) -> Result<c::DegreeCentralityConfig> {
        if self.weight.is_some() {
            return Err(error::invalid(
                "weight",
                "given",
                "no weight: degree centrality counts edges",
            ));
        }
        Ok(c::DegreeCentralityConfig::default()
            .direction(degree_direction(self.direction.as_deref())?))
    }
}

/// `pagerank`.
#[napi(object)]
pub struct PageRankOptions {
    pub alpha: Option<f64>,
    /// Teleport weights per node (normalised).
    pub personalization: Option<Float64Array>,
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    /// Default `true`.
    pub weight: Option<bool>,
    pub dangling: Option<Float64Array>,
    /// `"auto"` (default), `"power"` or `"conjugate-gradient"`.
    pub solver: Option<String>,
}

impl PageRankOptions {
    /// The core config.
    pub fn config(self) -> Result<c::PageRankConfig> {
        let d = c::PageRankConfig::default();
        let solver = match self.solver.as_deref().unwrap_or("auto") {
            "auto" => PageRankSolver::Auto,
            "power" => PageRankSolver::Power,
            "conjugate-gradient" => PageRankSolver::ConjugateGradient,
            other => {
                return Err(error::invalid(
                    "solver",
                    other,
                    "\"auto\", \"power\" or \"conjugate-gradient\"",
                ));
            }
        };
        Ok(d.clone()
            .alpha(self.alpha.unwrap_or(d.alpha))
            .personalization(vec_of(self.personalization))
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .weighted(self.weight.unwrap_or(d.weighted))
            .dangling(vec_of(self.dangling))
            .solver(solver))
    }
}

/// `eigenvectorCentrality`.
#[napi(object)]
pub struct EigenvectorOptions {
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    /// Default `false`.
    pub weight: Option<bool>,
}

impl EigenvectorOptions {
    /// The core config.
    pub fn config(self) -> Result<c::EigenvectorConfig> {
        let d = c::EigenvectorConfig::default();
        Ok(d.clone()
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .weighted(self.weight.unwrap_or(d.weighted)))
    }
}

/// `katzCentrality`.
#[napi(object)]
pub struct KatzOptions {
    pub alpha: Option<f64>,
    /// One value for every node...
    pub beta: Option<f64>,
    /// ...or one per node.
    pub beta_per_node: Option<Float64Array>,
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    pub normalized: Option<bool>,
    /// Default `false`.
    pub weight: Option<bool>,
}

impl KatzOptions {
    /// The core config.
    pub fn config(self) -> Result<c::KatzConfig> {
        let d = c::KatzConfig::default();
        let beta = match (self.beta, self.beta_per_node) {
            (Some(_), Some(_)) => {
                return Err(error::invalid(
                    "beta",
                    "two values",
                    "a number or one value per node",
                ));
            }
            (Some(b), None) => Beta::Uniform(b),
            (None, Some(b)) => Beta::PerNode(b.to_vec()),
            (None, None) => d.beta.clone(),
        };
        Ok(d.clone()
            .alpha(self.alpha.unwrap_or(d.alpha))
            .beta(beta)
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .normalized(self.normalized.unwrap_or(d.normalized))
            .weighted(self.weight.unwrap_or(d.weighted)))
    }
}

/// `hits`.
#[napi(object)]
pub struct HitsOptions {
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    pub normalized: Option<bool>,
    /// Default `true` (NetworkX always reads the weights).
    pub weight: Option<bool>,
}

impl HitsOptions {
    /// The core config.
    pub fn config(self) -> Result<c::HitsConfig> {
        let d = c::HitsConfig::default();
        Ok(d.clone()
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .normalized(self.normalized.unwrap_or(d.normalized))
            .weighted(self.weight.unwrap_or(d.weighted)))
    }
}

/// `closenessCentrality`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct ClosenessOptions {
    /// Edge weights as distances (default `false`).
    pub distance: Option<bool>,
    /// Wasserman–Faust scaling (default `true`).
    pub wf_improved: Option<bool>,
}

impl ClosenessOptions {
    /// The core config.
    pub fn config(&self) -> c::ClosenessConfig {
        c::ClosenessConfig::default()
            .weighted(self.distance.unwrap_or(false))
            .wf_improved(self.wf_improved.unwrap_or(true))
    }
}

/// `harmonicCentrality`.
#[napi(object)]
pub struct HarmonicOptions {
    /// Edge weights as distances (default `false`).
    pub distance: Option<bool>,
    /// Node indices of the sources (default all).
    pub sources: Option<Uint32Array>,
}

impl HarmonicOptions {
    /// The core config.
    pub fn config(self) -> c::HarmonicConfig {
        let cfg = c::HarmonicConfig::default().weighted(self.distance.unwrap_or(false));
        match self.sources {
            Some(s) => cfg.sources(s.iter().map(|&v| NodeId(v)).collect()),
            None => cfg,
        }
    }
}

/// `betweennessCentrality` (with `k`: sampled sources).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct BetweennessOptions {
    /// Sampled sources (default: every node, exact).
    pub k: Option<f64>,
    pub normalized: Option<bool>,
    pub endpoints: Option<bool>,
    /// Edge weights as distances (default `false`).
    pub weight: Option<bool>,
}

impl BetweennessOptions {
    /// The core config (`k` is `None` for the exact algorithm).
    pub fn config(&self) -> Result<(Option<usize>, c::ApproxBetweennessConfig)> {
        let k = self.k.map(|k| size("k", k)).transpose()?;
        let cfg = c::ApproxBetweennessConfig::default()
            .normalized(self.normalized.unwrap_or(true))
            .endpoints(self.endpoints.unwrap_or(false))
            .weighted(self.weight.unwrap_or(false));
        Ok((k, cfg))
    }
    /// The exact algorithm's config.
    pub fn exact(&self) -> c::BetweennessConfig {
        c::BetweennessConfig::default()
            .normalized(self.normalized.unwrap_or(true))
            .endpoints(self.endpoints.unwrap_or(false))
            .weighted(self.weight.unwrap_or(false))
    }
}

/// `edgeBetweennessCentrality`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct EdgeBetweennessOptions {
    pub normalized: Option<bool>,
    /// Edge weights as distances (default `false`).
    pub weight: Option<bool>,
}

impl EdgeBetweennessOptions {
    /// The core config.
    pub fn config(&self) -> c::EdgeBetweennessConfig {
        c::EdgeBetweennessConfig::default()
            .normalized(self.normalized.unwrap_or(true))
            .weighted(self.weight.unwrap_or(false))
    }
}

/// `riondatoBetweenness`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct RiondatoOptions {
    pub epsilon: Option<f64>,
    pub delta: Option<f64>,
    pub c: Option<f64>,
    pub max_samples: Option<f64>,
    /// Edge weights as distances (default `false`).
    pub weight: Option<bool>,
}

impl RiondatoOptions {
    /// The core config.
    pub fn config(&self) -> Result<c::RiondatoConfig> {
        let d = c::RiondatoConfig::default();
        let cfg = d
            .clone()
            .epsilon(self.epsilon.unwrap_or(d.epsilon))
            .delta(self.delta.unwrap_or(d.delta))
            .c(self.c.unwrap_or(d.c))
            .weighted(self.weight.unwrap_or(false));
        Ok(match self.max_samples {
            Some(m) => cfg.max_samples(whole("maxSamples", m)?),
            None => cfg,
        })
    }
}

/// An estimate as JS values.
pub fn estimate(e: c::BetweennessEstimate) -> Result<EstimateOut> {
    // Sample counts and diameters are far below 2^53.
    #[allow(clippy::cast_precision_loss)]
    Ok(EstimateOut {
        scores: Float64Array::new(e.scores.into_vec()),
        samples: e.samples as f64,
        vertex_diameter_bound: e.vertex_diameter_bound as f64,
        guaranteed: e.guaranteed,
    })
}

/// `clustering` / `averageClustering`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct ClusteringOptions {
    /// Default `false`.
    pub weight: Option<bool>,
    /// `averageClustering` only (default `true`).
    pub count_zeros: Option<bool>,
}

impl ClusteringOptions {
    /// For [`cl::clustering`].
    pub fn local(&self) -> Result<cl::ClusteringConfig> {
        if self.count_zeros.is_some() {
            return Err(error::invalid(
                "countZeros",
                "given",
                "no countZeros: it belongs to averageClustering",
            ));
        }
        Ok(cl::ClusteringConfig::default().weighted(self.weight.unwrap_or(false)))
    }
    /// For [`cl::average_clustering`].
    pub fn average(&self) -> cl::AverageClusteringConfig {
        cl::AverageClusteringConfig::default()
            .weighted(self.weight.unwrap_or(false))
            .count_zeros(self.count_zeros.unwrap_or(true))
    }
}

/// Shortest paths.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// Edge weights as lengths (default `false`; `true` for the Dijkstra functions).
    pub weight: Option<bool>,
    /// Single-source only: ignore nodes farther than this.
    pub cutoff: Option<f64>,
}

impl PathOptions {
    /// The core config, weighted unless told otherwise when `dijkstra`.
    pub fn config(&self, dijkstra: bool) -> p::ShortestPathConfig {
        let cfg = p::ShortestPathConfig::default().weighted(self.weight.unwrap_or(dijkstra));
        match self.cutoff {
            Some(x) => cfg.cutoff(x),
            None => cfg,
        }
    }
}

/// `bfsDistances` / `kHop`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TraversalOptions {
    /// `"out"` (default), `"in"` or `"both"`.
    pub direction: Option<String>,
    /// `bfsDistances` only: do not go beyond this many hops.
    pub cutoff: Option<f64>,
}

fn path_direction(d: Option<&str>) -> Result<p::Direction> {
    match d.unwrap_or("out") {
        "out" => Ok(p::Direction::Out),
        "in" => Ok(p::Direction::In),
        "both" => Ok(p::Direction::Both),
        other => Err(error::invalid(
            "direction",
            other,
            "\"out\", \"in\" or \"both\"",
        )),
    }
}

impl TraversalOptions {
    /// For [`p::bfs_distances`].
    pub fn bfs(&self) -> Result<p::BfsConfig> {
        let cfg = p::BfsConfig::default().direction(path_direction(self.direction.as_deref())?);
        Ok(match self.cutoff {
            Some(x) => cfg.cutoff(count("cutoff", x)?),
            None => cfg,
        })
    }
    /// For [`p::k_hop`].
    pub fn k_hop(&self) -> Result<p::KHopConfig> {
        if self.cutoff.is_some() {
            return Err(error::invalid("cutoff", "given", "no cutoff: kHop takes k"));
        }
        Ok(p::KHopConfig::default().direction(path_direction(self.direction.as_deref())?))
    }
}

/// `egoGraph`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct EgoOptions {
    /// Default 1.
    pub radius: Option<f64>,
    /// Keep the centre (default `true`).
    pub center: Option<bool>,
    /// Ignore edge directions for the distances (default `false`).
    pub undirected: Option<bool>,
    /// Edge weights as distances (default `false`).
    pub distance: Option<bool>,
}

impl EgoOptions {
    /// The core config.
    pub fn config(&self) -> p::EgoConfig {
        let dir = if self.undirected.unwrap_or(false) {
            p::Direction::Both
        } else {
            p::Direction::Out
        };
        p::EgoConfig::default()
            .radius(self.radius.unwrap_or(1.0))
            .center(self.center.unwrap_or(true))
            .direction(dir)
            .weighted(self.distance.unwrap_or(false))
    }
}

/// `kHop` as columns.
pub fn k_hop(near: Vec<(NodeId, u32)>) -> Result<KHopOut> {
    Ok(KHopOut {
        nodes: Uint32Array::new(near.iter().map(|(v, _)| v.0).collect()),
        distances: Uint32Array::new(near.iter().map(|&(_, d)| d).collect()),
    })
}

/// A path as node indices.
pub fn path(p: Option<Vec<NodeId>>) -> Result<Option<Uint32Array>> {
    Ok(p.map(|p| Uint32Array::new(p.into_iter().map(|v| v.0).collect())))
}
