//! The immutable graph: CSR adjacency (plain or compressed), external ids,
//! weights and categorical node attributes.

mod adjacency;
mod attrs;
mod builder;
mod compressed;
mod csr;
mod idmap;
mod scatter;

pub use adjacency::Adjacency;
pub use attrs::{Categorical, MISSING, NodeAttributes};
pub use builder::{DuplicatePolicy, EdgeWeights, GraphBuilder, SelfLoopPolicy};
pub use compressed::{BLOCK, CompressedCsr, CompressedParts, CompressedStorage, ListStats, PADDING, WeightSlice};
pub use csr::{Csr, Weights};
pub use idmap::{ExternalId, IdMap};

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::ids::NodeId;

/// An immutable graph, directed or undirected, over adjacency storage `A`.
///
/// Undirected graphs store every edge `{u, v}` as the arcs `u -> v` and
/// `v -> u` (a self loop once). Directed graphs keep out- and in-adjacency.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph<A: Adjacency = Csr> {
    directed: bool,
    out: A,
    inc: Option<A>,
    self_loops: u64,
    ids: IdMap,
    attrs: NodeAttributes,
}

/// A graph over [`CompressedCsr`].
pub type CompressedGraph = Graph<CompressedCsr>;

impl<A: Adjacency> Graph<A> {
    /// Whether edges have a direction.
    #[inline]
    pub fn is_directed(&self) -> bool {
        self.directed
    }
    /// Nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.out.node_count()
    }
    /// Edges as NetworkX counts them: arcs for directed graphs, unordered
    /// pairs (self loops once) for undirected ones.
    pub fn edge_count(&self) -> u64 {
        if self.directed { self.out.arc_count() } else { (self.out.arc_count() + self.self_loops) / 2 }
    }
    /// Self loops.
    pub fn self_loop_count(&self) -> u64 {
        self.self_loops
    }
    /// Whether edges carry weights.
    pub fn is_weighted(&self) -> bool {
        self.out.is_weighted()
    }
    /// Out-adjacency (all adjacency for undirected graphs).
    #[inline]
    pub fn out_adj(&self) -> &A {
        &self.out
    }
    /// In-adjacency (the same as [`Graph::out_adj`] for undirected graphs).
    #[inline]
    pub fn in_adj(&self) -> &A {
        self.inc.as_ref().unwrap_or(&self.out)
    }
    /// External ids.
    pub fn ids(&self) -> &IdMap {
        &self.ids
    }
    /// Categorical node attributes.
    pub fn attributes(&self) -> &NodeAttributes {
        &self.attrs
    }
    /// Replace the external ids (e.g. names for a graph built from dense
    /// indices, which is much faster than [`GraphBuilder::build_str`]). The
    /// map must name every node exactly once.
    pub fn set_ids(&mut self, ids: IdMap) -> Result<()> {
        if ids.len() != self.node_count() {
            return Err(Error::LengthMismatch { what: "external ids", expected: self.node_count() as u64, found: ids.len() as u64 });
        }
        let distinct = match &ids {
            IdMap::Dense(_) => true,
            IdMap::U64(v) => v.windows(2).all(|w| w[0] < w[1]),
            IdMap::Str { names, index } => index.len() == names.len(),
        };
        if !distinct {
            return Err(Error::invalid_param("ids", "a repeated id", "distinct ids (integer ids sorted ascending)"));
        }
        self.ids = ids;
        Ok(())
    }
    /// Attach (or replace) categorical attribute `name`, one value per node.
    pub fn set_categorical(&mut self, name: &str, column: Categorical) -> Result<()> {
        self.attrs.insert(name, column, self.node_count())
    }
    /// `v` as a [`NodeId`], or [`Error::NodeOutOfRange`].
    pub fn node(&self, v: u64) -> Result<NodeId> {
        if v < self.node_count() as u64 {
            Ok(NodeId(v as u32))
        } else {
            Err(Error::NodeOutOfRange { node: v, node_count: self.node_count() as u64 })
        }
    }
    /// `Ok` if `v` is a node of this graph.
    pub fn check_node(&self, v: NodeId) -> Result<()> {
        self.node(u64::from(v.0)).map(|_| ())
    }
    /// Heap bytes of adjacency (both directions) and weights.
    pub fn adjacency_bytes(&self) -> usize {
        self.out.memory_bytes() + self.inc.as_ref().map_or(0, Adjacency::memory_bytes)
    }
    /// Heap bytes of the whole graph: adjacency, ids, attributes.
    pub fn memory_bytes(&self) -> usize {
        self.adjacency_bytes() + self.ids.memory_bytes() + self.attrs.memory_bytes()
    }
    /// Topology bytes (no weights, ids or attributes) per edge.
    pub fn bytes_per_edge(&self) -> f64 {
        let topo = self.out.topology_bytes() + self.inc.as_ref().map_or(0, Adjacency::topology_bytes);
        topo as f64 / self.edge_count().max(1) as f64
    }

    /// Assemble a graph from adjacency built elsewhere (e.g. mapped from a
    /// snapshot). Checks what can be checked cheaply here: `inc` present
    /// exactly when `directed`, equal node and arc counts in both
    /// directions, one id per node, attribute columns of node length, and
    /// `self_loops` within the arc count. The adjacency itself must already
    /// be valid (for compressed storage: [`CompressedParts::validate`]).
    pub fn from_adjacency(directed: bool, out: A, inc: Option<A>, self_loops: u64, ids: IdMap, attrs: NodeAttributes) -> Result<Self> {
        let n = out.node_count();
        if directed != inc.is_some() {
            return Err(Error::invalid_param("inc", if directed { "absent" } else { "present" }, "in-adjacency exactly for directed graphs"));
        }
        if let Some(i) = &inc {
            if i.node_count() != n || i.arc_count() != out.arc_count() {
                return Err(Error::LengthMismatch { what: "in-adjacency arcs", expected: out.arc_count(), found: i.arc_count() });
            }
        }
        if ids.len() != n {
            return Err(Error::LengthMismatch { what: "external ids", expected: n as u64, found: ids.len() as u64 });
        }
        if let Some(bad) = attrs.column_lengths().find(|&len| len != n) {
            return Err(Error::LengthMismatch { what: "attribute column", expected: n as u64, found: bad as u64 });
        }
        if self_loops > out.arc_count() {
            return Err(Error::invalid_param("self_loops", self_loops, "at most the arc count"));
        }
        Ok(Self { directed, out, inc, self_loops, ids, attrs })
    }

    fn map_adjacency<B: Adjacency>(&self, f: impl Fn(&A) -> B + Sync, exec: &Exec) -> Graph<B>
    where
        A: Sync,
    {
        exec.install(|| {
            let (out, inc) = rayon::join(|| f(&self.out), || self.inc.as_ref().map(&f));
            Graph { directed: self.directed, out, inc, self_loops: self.self_loops, ids: self.ids.clone(), attrs: self.attrs.clone() }
        })
    }
}

impl Graph<Csr> {
    /// Assemble a graph from parts; `inc` must be present exactly when
    /// `directed`, and `ids` must name every node.
    pub(crate) fn from_parts(directed: bool, out: Csr, inc: Option<Csr>, self_loops: u64, ids: IdMap) -> Self {
        debug_assert_eq!(directed, inc.is_some());
        debug_assert_eq!(ids.len(), out.node_count());
        Self { directed, out, inc, self_loops, ids, attrs: NodeAttributes::default() }
    }

    /// The same graph with delta + varbyte compressed adjacency.
    pub fn compress(&self, exec: &Exec) -> CompressedGraph {
        self.map_adjacency(CompressedCsr::encode, exec)
    }
}

impl<S: CompressedStorage> Graph<S> {
    /// The same graph with plain adjacency.
    pub fn decompress(&self, exec: &Exec) -> Graph<Csr> {
        self.map_adjacency(|a| a.parts().decode(), exec)
    }
}
