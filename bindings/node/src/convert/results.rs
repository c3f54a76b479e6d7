//! Results handed to JS: typed arrays take over the core's vectors.

use napi::bindgen_prelude::{Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::algo::centrality as c;
use ona_core::algo::community as cm;
use ona_core::{NodeId, Partition, Scores};

use crate::error::Result;

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

/// Louvain's partition and hierarchy.
#[napi(object)]
pub struct LouvainOut {
    /// The final communities (the last level).
    pub partition: Uint32Array,
    /// Every level, finest first.
    pub levels: Vec<Uint32Array>,
    /// Modularity of each level.
    pub modularity: Vec<f64>,
}

/// Louvain's result as JS values.
pub fn louvain(r: cm::LouvainResult) -> Result<LouvainOut> {
    Ok(LouvainOut {
        partition: Uint32Array::new(r.partition.0),
        levels: r
            .levels
            .into_iter()
            .map(|p| Uint32Array::new(p.0))
            .collect(),
        modularity: r.modularity,
    })
}
