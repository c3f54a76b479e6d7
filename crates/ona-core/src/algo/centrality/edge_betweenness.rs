//! Exact shortest-path edge betweenness (Brandes), NetworkX semantics.

use super::brandes::{Metric, Sssp, node_count_u32, reach_bounds, rescale, sum_over_sources};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;

/// Options of [`edge_betweenness_centrality`]; `Default` is NetworkX's
/// `edge_betweenness_centrality(G)` (normalized, unweighted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeBetweennessConfig {
    /// Divide by the number of ordered `(s, t)` pairs, `n (n - 1)` (default `true`).
    pub normalized: bool,
    /// Use edge weights as distances (NetworkX `weight="weight"`; default
    /// `false`). Ignored on graphs without weights.
    pub weighted: bool,
}

impl Default for EdgeBetweennessConfig {
    fn default() -> Self {
        Self { normalized: true, weighted: false }
    }
}

impl EdgeBetweennessConfig {
    /// Divide by the number of `(s, t)` pairs.
    #[must_use]
    pub fn normalized(mut self, yes: bool) -> Self {
        self.normalized = yes;
        self
    }
    /// Use edge weights as distances.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// One edge and its betweenness.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeValue {
    /// Tail (for undirected edges the smaller endpoint).
    pub source: NodeId,
    /// Head (for undirected edges the larger endpoint).
    pub target: NodeId,
    /// The arc `source -> target` in the graph's out-adjacency.
    pub arc: u64,
    /// Its betweenness.
    pub value: f64,
}

/// Result of [`edge_betweenness_centrality`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EdgeBetweenness {
    per_arc: Vec<f64>,
    edges: Vec<EdgeValue>,
}

impl EdgeBetweenness {
    /// Value per arc of the graph's out-adjacency, indexed by arc index;
    /// both arcs of an undirected edge carry the edge's value.
    pub fn per_arc(&self) -> &[f64] {
        &self.per_arc
    }
    /// Value of arc `arc`, if it exists.
    pub fn arc(&self, arc: u64) -> Option<f64> {
        usize::try_from(arc).ok().and_then(|a| self.per_arc.get(a).copied())
    }
    /// Each edge once, as NetworkX keys them, sorted by `(source, target)`:
    /// every arc for directed graphs, each undirected edge with
    /// `source <= target` (self loops included, with value 0).
    pub fn edges(&self) -> &[EdgeValue] {
        &self.edges
    }
    /// The per-arc values.
    pub fn into_per_arc(self) -> Vec<f64> {
        self.per_arc
    }
}

/// Shortest-path betweenness of every edge:
/// `c(e) = sum over s != t of sigma(s, t | e) / sigma(s, t)`.
///
/// Same values as NetworkX's `edge_betweenness_centrality(G,
/// normalized=..., weight=...)`: on undirected graphs each edge is reported
/// once and counts each unordered pair once (raw values halved); normalized
/// values divide the ordered-pair sum by `n (n - 1)`; graphs of fewer than
/// two nodes are not rescaled. Self loops get 0.
///
/// Complexity: `O(n m)` time unweighted, `O(n m + n^2 log n)` weighted;
/// `O(n + m)` scratch per thread plus `O(m)` per live partial vector.
///
/// Parallelism: over sources in fixed chunks of 64 combined along a fixed
/// tree: bitwise identical at every thread count. Progress phase
/// `"edge_betweenness"`, one unit per source.
///
/// Errors: [`Error::InvalidWeight`] if `weighted` and a weight is negative or
/// zero; [`Error::Cancelled`] / [`Error::DeadlineExceeded`] from `exec`.
///
/// Paper: U. Brandes, *On variants of shortest-path betweenness centrality
/// and their generic computation*, Social Networks 30(2), 2008.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, NodeId};
/// use ona_core::algo::centrality::{EdgeBetweennessConfig, edge_betweenness_centrality};
/// let exec = Exec::sequential()?;
/// // The path 0 - 1 - 2: each edge carries 2 of the 3 pairs.
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// let eb = edge_betweenness_centrality(&g, &EdgeBetweennessConfig::default().normalized(false), &exec)?;
/// let listed: Vec<(u32, u32, f64)> = eb.edges().iter().map(|e| (e.source.0, e.target.0, e.value)).collect();
/// assert_eq!(listed, vec![(0, 1, 2.0), (1, 2, 2.0)]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn edge_betweenness_centrality<A: Adjacency>(
    g: &Graph<A>,
    cfg: &EdgeBetweennessConfig,
    exec: &Exec,
) -> Result<EdgeBetweenness> {
    exec.check()?;
    exec.install(|| {
        let n = node_count_u32(g)?;
        let arcs = g.out_adj().arc_count();
        let m = usize::try_from(arcs).map_err(|_| Error::TooLarge { what: "arcs", count: arcs, limit: usize::MAX as u64 })?;
        let metric = Metric::for_graph(g, cfg.weighted)?;
        let sources: Vec<u32> = (0..n).collect();
        let tracker = exec.tracker("edge_betweenness", u64::from(n));
        let adj = g.out_adj();
        let reach = reach_bounds(g);
        let acc = sum_over_sources(g.node_count(), metric, &sources, m, &tracker, |sc: &mut Sssp, s, out| {
            sc.search(adj, s, None, reach[s as usize] as usize);
            sc.accumulate_arcs(adj, out);
        })?;
        let (mut per_arc, mut edges) = pair_arcs(g, n, acc);
        let (n, normalized, directed) = (g.node_count(), cfg.normalized, g.is_directed());
        rescale(&mut per_arc, n, normalized, directed, true, None);
        let mut values: Vec<f64> = edges.iter().map(|e| e.value).collect();
        rescale(&mut values, n, normalized, directed, true, None);
        edges.iter_mut().zip(values).for_each(|(e, x)| e.value = x);
        Ok(EdgeBetweenness { per_arc, edges })
    })
}

/// Folds per-arc sums into per-edge sums (undirected: `u -> v` plus
/// `v -> u`, written to both arcs) and lists each edge once, with its sum.
// `as usize` on arc indices: the caller checked that the arc count fits `usize`.
#[allow(clippy::cast_possible_truncation)]
fn pair_arcs<A: Adjacency>(g: &Graph<A>, n: u32, mut acc: Vec<f64>) -> (Vec<f64>, Vec<EdgeValue>) {
    let adj = g.out_adj();
    let mut edges = Vec::with_capacity(usize::try_from(g.edge_count()).unwrap_or(0));
    let edge = |u: u32, v: u32, arc: u64, value: f64| EdgeValue { source: NodeId(u), target: NodeId(v), arc, value };
    if g.is_directed() {
        for u in 0..n {
            adj.for_each_arc(u, |v, arc| edges.push(edge(u, v, arc, acc[arc as usize])));
        }
        return (acc, edges);
    }
    // The arcs `v -> u` with `u < v` open `v`'s sorted list, in increasing
    // `u`: visiting `u` in increasing order meets them in list order, so a
    // cursor per node finds each reverse arc without searching.
    let mut cursor: Vec<u64> = Vec::with_capacity(n as usize);
    let mut base = 0u64;
    for v in 0..n {
        cursor.push(base);
        base += u64::from(adj.degree(v));
    }
    for u in 0..n {
        adj.for_each_arc(u, |v, arc| {
            if v > u {
                let rev = cursor[v as usize];
                cursor[v as usize] += 1;
                let sum = acc[arc as usize] + acc[rev as usize];
                acc[arc as usize] = sum;
                acc[rev as usize] = sum;
                edges.push(edge(u, v, arc, sum));
            } else if v == u {
                edges.push(edge(u, v, arc, acc[arc as usize]));
            }
        });
    }
    (acc, edges)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::algo::centrality::betweenness_testdata::{self as data, reference::Tiny};
    use crate::exec::CancelToken;
    use crate::graph::{DuplicatePolicy, EdgeWeights, GraphBuilder};

    fn build(t: &Tiny, exec: &Exec) -> Graph {
        let src: Vec<u32> = t.edges.iter().map(|e| e.0).collect();
        let dst: Vec<u32> = t.edges.iter().map(|e| e.1).collect();
        let w: Vec<f64> = t.edges.iter().map(|e| e.2).collect();
        GraphBuilder::with_direction(t.directed)
            .duplicates(DuplicatePolicy::Error)
            .build(t.n, &src, &dst, Some(EdgeWeights::F64(&w)), exec)
            .expect("valid tiny graph")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * (1.0 + b.abs())
    }

    fn check(t: &Tiny, normalized: bool, weighted: bool) -> std::result::Result<(), TestCaseError> {
        let exec = Exec::sequential().expect("pool");
        let g = build(t, &exec);
        let cfg = EdgeBetweennessConfig::default().normalized(normalized).weighted(weighted);
        let got = edge_betweenness_centrality(&g, &cfg, &exec).expect("runs");
        let raw = t.edge_raw(weighted);
        let scale = match (t.n < 2, normalized, t.directed) {
            (true, _, _) => 1.0,
            (false, true, _) => 1.0 / (t.n as f64 * (t.n as f64 - 1.0)),
            (false, false, true) => 1.0,
            (false, false, false) => 0.5,
        };
        prop_assert_eq!(got.edges().len(), t.edges.len());
        for (&(u, v, _), want) in t.edges.iter().zip(&raw) {
            let (a, b) = if t.directed || u <= v { (u, v) } else { (v, u) };
            let e = got.edges().iter().find(|e| (e.source.0, e.target.0) == (a, b));
            let e = e.ok_or_else(|| TestCaseError::fail(format!("edge ({a}, {b}) not listed")))?;
            prop_assert!(close(e.value, want * scale), "edge ({}, {}): {} vs {}", a, b, e.value, want * scale);
            prop_assert_eq!(got.arc(e.arc), Some(e.value));
        }
        prop_assert!(got.edges().windows(2).all(|w| (w[0].source, w[0].target) < (w[1].source, w[1].target)));
        let gc = g.compress(&exec);
        prop_assert_eq!(edge_betweenness_centrality(&gc, &cfg, &exec).expect("runs"), got);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn matches_definition(t in data::tiny_graph(), normalized in any::<bool>(), weighted in any::<bool>()) {
            check(&t, normalized, weighted)?;
        }
    }

    fn by_edge(eb: &EdgeBetweenness, u: u32, v: u32) -> f64 {
        eb.edges().iter().find(|e| (e.source.0, e.target.0) == (u, v)).map_or(f64::NAN, |e| e.value)
    }

    #[test]
    fn karate_and_digraph_match_networkx() {
        let exec = Exec::with_threads(2).expect("pool");
        let g = data::karate(true, &exec);
        let eb = edge_betweenness_centrality(&g, &EdgeBetweennessConfig::default(), &exec).expect("runs");
        assert_eq!(eb.edges().len(), data::KARATE.len());
        for (&(u, v, _), want) in data::KARATE.iter().zip(data::KARATE_EB) {
            assert!(close(by_edge(&eb, u, v), want), "({u}, {v})");
        }
        let cfg = EdgeBetweennessConfig::default().weighted(true).normalized(false);
        let eb = edge_betweenness_centrality(&g, &cfg, &exec).expect("runs");
        for (&(u, v, _), want) in data::KARATE.iter().zip(data::KARATE_EB_WEIGHTED_RAW) {
            assert!(close(by_edge(&eb, u, v), want), "({u}, {v})");
        }
        let (s, d): (Vec<u32>, Vec<u32>) = data::DIGRAPH.iter().copied().unzip();
        let g = GraphBuilder::directed().build(8, &s, &d, None, &exec).expect("digraph");
        let eb = edge_betweenness_centrality(&g, &EdgeBetweennessConfig::default(), &exec).expect("runs");
        for (&(u, v), want) in data::DIGRAPH.iter().zip(data::DIGRAPH_EB) {
            assert!(close(by_edge(&eb, u, v), want), "({u}, {v})");
        }
    }

    #[test]
    fn threads_identical_and_errors() {
        let exec1 = Exec::sequential().expect("pool");
        let exec4 = Exec::with_threads(4).expect("pool");
        let g = data::random_graph(200, 900, true, true, 5, &exec1);
        let cfg = EdgeBetweennessConfig::default().weighted(true);
        let a = edge_betweenness_centrality(&g, &cfg, &exec1).expect("runs");
        let b = edge_betweenness_centrality(&g, &cfg, &exec4).expect("runs");
        assert!(a.per_arc().iter().zip(b.per_arc()).all(|(x, y)| x.to_bits() == y.to_bits()));

        let neg = GraphBuilder::directed()
            .build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&[-1.0, 1.0])), &exec1)
            .expect("builds");
        let err = edge_betweenness_centrality(&neg, &cfg, &exec1).expect_err("must fail");
        assert_eq!(err.kind(), crate::error::ErrorKind::InvalidWeight);
        let token = CancelToken::new();
        token.cancel();
        let cancelled = Exec::sequential().expect("pool").cancel_token(token);
        assert_eq!(edge_betweenness_centrality(&g, &cfg, &cancelled), Err(Error::Cancelled));
    }
}
