//! Closeness centrality (Bavelas 1950; Freeman 1979), with Wasserman &
//! Faust's correction for disconnected graphs.

use rayon::prelude::*;

use crate::algo::paths::bfs::LevelBfs;
use crate::algo::paths::shortest_path::{Dijkstra, check_weights};
use crate::algo::paths::Direction;
use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;
use crate::scores::Scores;

/// Configuration of [`closeness_centrality`].
#[derive(Debug, Clone)]
pub struct ClosenessConfig {
    weighted: bool,
    wf_improved: bool,
}

impl Default for ClosenessConfig {
    /// NetworkX's defaults: hop distances, `wf_improved=True`.
    fn default() -> Self {
        Self { weighted: false, wf_improved: true }
    }
}

impl ClosenessConfig {
    /// Use edge weights as distances, by Dijkstra (NetworkX
    /// `distance="weight"`); default `false`.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
    /// Scale by the reachable fraction `(r - 1) / (n - 1)` (NetworkX
    /// `wf_improved`); default `true`.
    #[must_use]
    pub fn wf_improved(mut self, yes: bool) -> Self {
        self.wf_improved = yes;
        self
    }
}

/// Closeness centrality of every node.
///
/// `C(u) = (r - 1) / Σ_v d(v, u)` over the `r` nodes (`u` included) that can
/// reach `u`, times `(r - 1) / (n - 1)` when `wf_improved`; 0 for a node no
/// other node reaches, and for every node of a one-node graph. For directed
/// graphs the distances are *incoming* (NetworkX reverses the graph).
///
/// NetworkX: `nx.closeness_centrality(G, distance=None|"weight", wf_improved)`;
/// unweighted results are bit-identical (integer sums), weighted ones too
/// (Dijkstra sums in the same settling order).
///
/// Complexity `O(n (n + m))` unweighted, `O(n m log m)` weighted; parallel over
/// source nodes with per-thread scratch, results independent of the thread count.
/// Each unweighted search is a direction-optimizing BFS over a visited bitset
/// (Beamer, Asanović & Patterson, SC 2012), summing distances level by level.
///
/// Errors: [`Error::InvalidWeight`](crate::Error::InvalidWeight) (weighted) for a
/// negative weight; cancellation / deadline of `exec`.
///
/// Paper: L. C. Freeman, "Centrality in social networks: conceptual
/// clarification", Social Networks 1 (1979); S. Wasserman & K. Faust, *Social
/// Network Analysis*, 1994.
///
/// ```
/// use ona_core::{algo::centrality::{closeness_centrality, ClosenessConfig}, Exec, GraphBuilder};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?; // path 0-1-2
/// let c = closeness_centrality(&g, &ClosenessConfig::default(), &exec)?;
/// assert_eq!(c.0, vec![2.0 / 3.0, 1.0, 2.0 / 3.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn closeness_centrality<A: Adjacency>(g: &Graph<A>, cfg: &ClosenessConfig, exec: &Exec) -> Result<Scores> {
    let weighted = cfg.weighted && g.is_weighted();
    if weighted {
        check_weights(g)?;
    }
    let n = g.node_count();
    for_all_sources(g, "closeness", exec, || Scratch::new(n, weighted), |s, v| s.closeness(g, v, cfg.wf_improved, exec))
}

/// Closeness centrality of the single node `u` (NetworkX `u=`).
///
/// Complexity one BFS / Dijkstra; sequential. Errors as
/// [`closeness_centrality`], plus [`Error::NodeOutOfRange`](crate::Error::NodeOutOfRange).
///
/// ```
/// use ona_core::{algo::centrality::{closeness_of, ClosenessConfig}, Exec, GraphBuilder, NodeId};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// assert_eq!(closeness_of(&g, NodeId(1), &ClosenessConfig::default(), &exec)?, 1.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn closeness_of<A: Adjacency>(g: &Graph<A>, u: NodeId, cfg: &ClosenessConfig, exec: &Exec) -> Result<f64> {
    g.check_node(u)?;
    let weighted = cfg.weighted && g.is_weighted();
    if weighted {
        check_weights(g)?;
    }
    Scratch::new(g.node_count(), weighted).closeness(g, u.0, cfg.wf_improved, exec)
}

/// Per-thread traversal scratch: BFS or Dijkstra.
#[derive(Debug)]
pub(crate) enum Scratch {
    Bfs(LevelBfs),
    Dijkstra(Dijkstra),
}

impl Scratch {
    pub(crate) fn new(n: usize, weighted: bool) -> Self {
        if weighted { Self::Dijkstra(Dijkstra::new(n)) } else { Self::Bfs(LevelBfs::new(n)) }
    }

    fn closeness<A: Adjacency>(&mut self, g: &Graph<A>, u: u32, wf_improved: bool, exec: &Exec) -> Result<f64> {
        let (reached, total) = match self {
            Self::Bfs(bfs) => {
                bfs.run(g.in_adj(), g.out_adj(), u);
                let mut total = 0u128;
                let mut start = 1;
                for (d, &end) in bfs.levels().iter().enumerate().skip(1) {
                    total += d as u128 * (end - start) as u128;
                    start = end;
                }
                (bfs.order().len(), total as f64)
            }
            Self::Dijkstra(dj) => {
                let (mut reached, mut total) = (0usize, 0.0f64);
                dj.run(g, Direction::In, u, f64::INFINITY, None, exec, |_, d, _| {
                    reached += 1;
                    total += d;
                })?;
                (reached, total)
            }
        };
        let n = g.node_count();
        // NetworkX's formula, operation for operation.
        let mut c = 0.0;
        if total > 0.0 && n > 1 {
            c = (reached as f64 - 1.0) / total;
            if wf_improved {
                c *= (reached as f64 - 1.0) / (n - 1) as f64;
            }
        }
        Ok(c)
    }
}

/// Run `f(scratch, v)` for every node `v` in parallel inside `exec`, one
/// `init()` scratch per rayon job, advancing `exec.tracker(phase, n)` every
/// chunk of sources (≤ 64, sized to ~10 ms of work).
pub(crate) fn for_all_sources<A, S, I, F>(g: &Graph<A>, phase: &'static str, exec: &Exec, init: I, f: F) -> Result<Scores>
where
    A: Adjacency,
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, u32) -> Result<f64> + Sync + Send,
{
    let n = g.node_count();
    let work = (n as u64).saturating_add(g.out_adj().arc_count()).max(1);
    let chunk = (10_000_000 / work).clamp(1, 64) as usize;
    exec.install(|| {
        let tracker = exec.tracker(phase, n as u64);
        let mut out = vec![0.0; n];
        out.par_chunks_mut(chunk).enumerate().try_for_each_init(&init, |s, (ci, slice)| {
            for (j, o) in slice.iter_mut().enumerate() {
                *o = f(s, NodeId::try_from_index(ci * chunk + j)?.0)?;
            }
            tracker.advance(slice.len() as u64)
        })?;
        Ok(Scores(out))
    })
}

#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::paths::test_util::{arb_graph, floyd_warshall, graph_from, kite};
    use crate::error::{Error, WeightProblem};
    use crate::graph::{EdgeWeights, GraphBuilder};
    use proptest::prelude::*;

    fn digraph() -> Graph {
        graph_from(true, 7, &[(0, 1, 2), (0, 2, 1), (1, 2, 1), (1, 3, 4), (2, 0, 3), (2, 3, 1), (3, 4, 2), (5, 3, 1), (4, 1, 5)])
    }

    #[test]
    fn networkx_kite() {
        // nx.closeness_centrality(nx.krackhardt_kite_graph())
        let want = [
            0.5294117647058824, 0.5294117647058824, 0.5, 0.6, 0.5, 0.6428571428571429, 0.6428571428571429, 0.6, 0.42857142857142855,
            0.3103448275862069,
        ];
        let exec = Exec::sequential().unwrap();
        let c = closeness_centrality(&kite(), &ClosenessConfig::default(), &exec).unwrap();
        assert_eq!(c.0, want);
    }

    #[test]
    fn networkx_digraph() {
        // D = nx.DiGraph(); D.add_nodes_from(range(7)); D.add_weighted_edges_from(edges of `digraph()`)
        let exec = Exec::sequential().unwrap();
        let g = digraph();
        let run = |cfg: ClosenessConfig| closeness_centrality(&g, &cfg, &exec).unwrap().0;
        // nx.closeness_centrality(D)
        let want = [0.2777777777777778, 0.462962962962963, 0.3787878787878788, 0.5952380952380952, 0.4166666666666667, 0.0, 0.0];
        assert_eq!(run(ClosenessConfig::default()), want);
        // nx.closeness_centrality(D, distance="weight")
        let want = [0.10683760683760683, 0.15432098765432098, 0.16666666666666669, 0.32051282051282054, 0.2604166666666667, 0.0, 0.0];
        assert_eq!(run(ClosenessConfig::default().weighted(true)), want);
        // nx.closeness_centrality(D, wf_improved=False)
        let want = [0.3333333333333333, 0.5555555555555556, 0.45454545454545453, 0.7142857142857143, 0.5, 0.0, 0.0];
        assert_eq!(run(ClosenessConfig::default().wf_improved(false)), want);
        // nx.closeness_centrality(D, u=3)
        assert_eq!(closeness_of(&g, NodeId(3), &ClosenessConfig::default(), &exec).unwrap(), 0.5952380952380952);
    }

    #[test]
    fn tiny_and_errors() {
        let exec = Exec::sequential().unwrap();
        let empty = GraphBuilder::undirected().build(0, &[], &[], None, &exec).unwrap();
        assert_eq!(closeness_centrality(&empty, &ClosenessConfig::default(), &exec).unwrap().0, Vec::<f64>::new());
        let one = GraphBuilder::directed().build(1, &[0], &[0], None, &exec).unwrap();
        assert_eq!(closeness_centrality(&one, &ClosenessConfig::default(), &exec).unwrap().0, vec![0.0]);
        let w = [1.0, -1.0];
        let neg = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&w)), &exec).unwrap();
        let e = closeness_centrality(&neg, &ClosenessConfig::default().weighted(true), &exec).unwrap_err();
        assert!(matches!(e, Error::InvalidWeight { weight: -1.0, problem: WeightProblem::Negative, .. }));
        assert!(closeness_centrality(&neg, &ClosenessConfig::default(), &exec).is_ok());
        let e = closeness_of(&neg, NodeId(3), &ClosenessConfig::default(), &exec).unwrap_err();
        assert_eq!(e, Error::NodeOutOfRange { node: 3, node_count: 3 });
        let cancelled = Exec::sequential().unwrap();
        cancelled.token().cancel();
        assert_eq!(closeness_centrality(&kite(), &ClosenessConfig::default(), &cancelled), Err(Error::Cancelled));
    }

    /// NetworkX's formula over Floyd–Warshall distances `d(v, u)`.
    fn reference(g: &Graph, weighted: bool, wf: bool) -> Vec<f64> {
        let n = g.node_count();
        let fw = floyd_warshall(g, Direction::Out, weighted);
        (0..n)
            .map(|u| {
                let d: Vec<f64> = (0..n).map(|v| fw[v][u]).filter(|d| d.is_finite()).collect();
                let (r, tot) = (d.len() as f64, d.iter().sum::<f64>());
                if tot > 0.0 && n > 1 { (r - 1.0) / tot * if wf { (r - 1.0) / (n - 1) as f64 } else { 1.0 } } else { 0.0 }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn matches_brute_force((directed, n, edges) in arb_graph(12, 30, 4), weighted: bool, wf: bool) {
            let seq = Exec::sequential().unwrap();
            let par = Exec::with_threads(4).unwrap();
            let g = graph_from(directed, n, &edges);
            let cfg = ClosenessConfig::default().weighted(weighted).wf_improved(wf);
            let c = closeness_centrality(&g, &cfg, &seq).unwrap();
            prop_assert_eq!(&c, &closeness_centrality(&g, &cfg, &par).unwrap());
            prop_assert_eq!(&c, &closeness_centrality(&g.compress(&seq), &cfg, &par).unwrap());
            for (a, b) in c.iter().zip(reference(&g, weighted, wf)) {
                prop_assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{} vs {}", a, b);
            }
            for v in 0..n as u32 {
                prop_assert_eq!(closeness_of(&g, NodeId(v), &cfg, &seq).unwrap(), c[v as usize]);
            }
        }
    }
}
