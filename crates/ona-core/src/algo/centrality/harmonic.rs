//! Harmonic centrality (Marchiori & Latora 2000; Boldi & Vigna 2014).

use super::closeness::{Scratch, for_all_sources};
use crate::algo::paths::Direction;
use crate::algo::paths::shortest_path::check_weights;
use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;
use crate::scores::Scores;

/// Configuration of [`harmonic_centrality`].
#[derive(Debug, Clone, Default)]
pub struct HarmonicConfig {
    weighted: bool,
    sources: Option<Vec<NodeId>>,
}

impl HarmonicConfig {
    /// Use edge weights as distances, by Dijkstra (NetworkX
    /// `distance="weight"`); default `false`.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
    /// Count only distances from these nodes (NetworkX `sources`; repeats
    /// count once); default every node.
    #[must_use]
    pub fn sources(mut self, sources: Vec<NodeId>) -> Self {
        self.sources = Some(sources);
        self
    }
}

/// Harmonic centrality of every node: `H(u) = Σ 1 / d(v, u)` over sources `v`
/// that reach `u` at a non-zero distance.
///
/// For directed graphs the distances run *from* the sources *to* `u`
/// (NetworkX runs `shortest_path_length(G, v)` per source `v` and credits each
/// target), i.e. incoming distances, as in closeness. Distances of 0 (the node
/// itself, or zero-weight edges) contribute nothing, as NetworkX skips them.
///
/// NetworkX: `nx.harmonic_centrality(G, nbunch=None, distance=None|"weight",
/// sources)`. Sums are accumulated per node (level by level, or in Dijkstra's
/// settling order), so values may differ from NetworkX in the last bits only.
///
/// Complexity `O(n (n + m))` unweighted, `O(n m log m)` weighted (also with
/// `sources`: every node runs one search); parallel over nodes with
/// per-thread scratch, results independent of the thread count.
///
/// Errors: [`Error::NodeOutOfRange`](crate::Error::NodeOutOfRange) for a source;
/// [`Error::InvalidWeight`](crate::Error::InvalidWeight) (weighted) for a negative
/// weight; cancellation / deadline of `exec`.
///
/// Paper: M. Marchiori & V. Latora, "Harmony in the small-world", Physica A
/// 285 (2000); P. Boldi & S. Vigna, "Axioms for centrality", Internet
/// Mathematics 10 (2014).
///
/// ```
/// use ona_core::{algo::centrality::{harmonic_centrality, HarmonicConfig}, Exec, GraphBuilder};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?; // path 0-1-2
/// let h = harmonic_centrality(&g, &HarmonicConfig::default(), &exec)?;
/// assert_eq!(h.0, vec![1.5, 2.0, 1.5]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn harmonic_centrality<A: Adjacency>(g: &Graph<A>, cfg: &HarmonicConfig, exec: &Exec) -> Result<Scores> {
    let n = g.node_count();
    let mask = match &cfg.sources {
        None => None,
        Some(list) => {
            let mut mask = vec![false; n];
            for &v in list {
                g.check_node(v)?;
                mask[v.index()] = true;
            }
            Some(mask)
        }
    };
    let mask = mask.as_deref();
    let weighted = cfg.weighted && g.is_weighted();
    if weighted {
        check_weights(g)?;
    }
    let counts = |v: u32| mask.is_none_or(|m| m[v as usize]);
    for_all_sources(g, "harmonic", exec, || Scratch::new(n, weighted), |s, u| {
        let mut h = 0.0f64;
        match s {
            Scratch::Bfs(bfs) => {
                bfs.run(g.in_adj(), g.out_adj(), u);
                let order = bfs.order();
                let mut start = 1;
                for (d, &end) in bfs.levels().iter().enumerate().skip(1) {
                    let level = &order[start..end];
                    let k = if mask.is_some() { level.iter().filter(|&&v| counts(v)).count() } else { level.len() };
                    h += k as f64 / d as f64;
                    start = end;
                }
            }
            Scratch::Dijkstra(dj) => {
                dj.run(g, Direction::In, u, f64::INFINITY, None, exec, |v, d, _| {
                    if d != 0.0 && counts(v) {
                        h += 1.0 / d;
                    }
                })?;
            }
        }
        Ok(h)
    })
}

#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::paths::test_util::{arb_graph, floyd_warshall, graph_from, kite};
    use crate::error::{Error, ErrorKind};
    use crate::graph::{EdgeWeights, GraphBuilder};
    use proptest::prelude::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-12 * y.abs().max(1.0))
    }

    #[test]
    fn networkx_kite() {
        // nx.harmonic_centrality(nx.krackhardt_kite_graph())
        let want = [
            6.083333333333333, 6.083333333333333, 5.583333333333333, 7.083333333333333, 5.583333333333333, 6.833333333333333,
            6.833333333333333, 6.0, 4.666666666666666, 3.4166666666666665,
        ];
        let exec = Exec::sequential().unwrap();
        let h = harmonic_centrality(&kite(), &HarmonicConfig::default(), &exec).unwrap();
        assert!(close(&h, &want), "{h:?}");
    }

    #[test]
    fn networkx_digraph() {
        // D = nx.DiGraph(); D.add_nodes_from(range(7)); D.add_weighted_edges_from(edges below)
        let g = graph_from(true, 7, &[(0, 1, 2), (0, 2, 1), (1, 2, 1), (1, 3, 4), (2, 0, 3), (2, 3, 1), (3, 4, 2), (5, 3, 1), (4, 1, 5)]);
        let exec = Exec::sequential().unwrap();
        let run = |cfg: HarmonicConfig| harmonic_centrality(&g, &cfg, &exec).unwrap();
        // nx.harmonic_centrality(D)
        let want = [2.2833333333333337, 3.3333333333333335, 3.0833333333333335, 4.0, 2.833333333333333, 0.0, 0.0];
        assert!(close(&run(HarmonicConfig::default()), &want));
        // nx.harmonic_centrality(D, distance="weight")
        let want = [0.8686868686868686, 1.1678571428571427, 2.4027777777777777, 3.142857142857143, 1.6666666666666665, 0.0, 0.0];
        assert!(close(&run(HarmonicConfig::default().weighted(true)), &want));
        // nx.harmonic_centrality(D, sources=[0, 5])
        let want = [0.2, 1.3333333333333333, 1.25, 1.5, 0.8333333333333333, 0.0, 0.0];
        assert!(close(&run(HarmonicConfig::default().sources(vec![NodeId(0), NodeId(5), NodeId(5)])), &want));
    }

    #[test]
    fn zero_weights_and_errors() {
        let exec = Exec::sequential().unwrap();
        // nx.harmonic_centrality(P, distance="weight") on the path 0 -(0)- 1 -(2)- 2:
        // the zero distance between 0 and 1 is skipped.
        let w = [0.0, 2.0];
        let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&w)), &exec).unwrap();
        let h = harmonic_centrality(&g, &HarmonicConfig::default().weighted(true), &exec).unwrap();
        assert_eq!(h.0, vec![0.5, 0.5, 1.0]);
        let e = harmonic_centrality(&g, &HarmonicConfig::default().sources(vec![NodeId(3)]), &exec).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NodeOutOfRange);
        let w = [-1.0, 2.0];
        let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&w)), &exec).unwrap();
        let e = harmonic_centrality(&g, &HarmonicConfig::default().weighted(true), &exec).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidWeight);
        let empty = GraphBuilder::directed().build(0, &[], &[], None, &exec).unwrap();
        assert!(harmonic_centrality(&empty, &HarmonicConfig::default(), &exec).unwrap().is_empty());
        let cancelled = Exec::sequential().unwrap();
        cancelled.token().cancel();
        assert_eq!(harmonic_centrality(&kite(), &HarmonicConfig::default(), &cancelled), Err(Error::Cancelled));
    }

    proptest! {
        #[test]
        fn matches_brute_force((directed, n, edges) in arb_graph(12, 30, 4), weighted: bool, subset in proptest::collection::vec(0u32..12, 0..5)) {
            let seq = Exec::sequential().unwrap();
            let par = Exec::with_threads(4).unwrap();
            let g = graph_from(directed, n, &edges);
            let fw = floyd_warshall(&g, crate::algo::paths::Direction::Out, weighted);
            let sources: Vec<NodeId> = subset.iter().map(|&v| NodeId(v % n as u32)).collect();
            for src in [None, Some(sources)] {
                let mut cfg = HarmonicConfig::default().weighted(weighted);
                if let Some(s) = &src {
                    cfg = cfg.sources(s.clone());
                }
                let h = harmonic_centrality(&g, &cfg, &seq).unwrap();
                prop_assert_eq!(&h, &harmonic_centrality(&g, &cfg, &par).unwrap());
                prop_assert_eq!(&h, &harmonic_centrality(&g.compress(&seq), &cfg, &par).unwrap());
                let want: Vec<f64> = (0..n)
                    .map(|u| {
                        (0..n)
                            .filter(|&v| src.as_ref().is_none_or(|s| s.contains(&NodeId(v as u32))))
                            .map(|v| fw[v][u])
                            .filter(|&d| d != 0.0 && d.is_finite())
                            .map(|d| 1.0 / d)
                            .sum()
                    })
                    .collect();
                prop_assert!(close(&h, &want), "{:?} vs {:?}", h, want);
            }
        }
    }
}
