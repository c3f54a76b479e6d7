//! Degree, strength (weighted degree) and degree centrality.

use rayon::prelude::*;

use super::power::{CHUNK, node32};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Which arcs of a node count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Outgoing arcs (directed graphs only), as NetworkX `G.out_degree`.
    Out,
    /// Incoming arcs (directed graphs only), as NetworkX `G.in_degree`.
    In,
    /// All incident edges, as NetworkX `G.degree`: in + out for directed
    /// graphs; for undirected graphs a self loop counts twice.
    #[default]
    Both,
}

impl Direction {
    fn name(self) -> &'static str {
        match self {
            Self::Out => "out_degree",
            Self::In => "in_degree",
            Self::Both => "degree",
        }
    }
}

/// Configuration of [`degree`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DegreeConfig {
    /// Which arcs count (default [`Direction::Both`]).
    pub direction: Direction,
    /// Sum arc weights instead of counting arcs (NetworkX `weight="weight"`;
    /// default `false`, i.e. `weight=None`). Unweighted graphs weigh 1.
    pub weighted: bool,
}

impl DegreeConfig {
    /// Set [`DegreeConfig::direction`].
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
    /// Set [`DegreeConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, w: bool) -> Self {
        self.weighted = w;
        self
    }
}

/// Configuration of [`degree_centrality`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DegreeCentralityConfig {
    /// Which arcs count (default [`Direction::Both`]).
    pub direction: Direction,
}

impl DegreeCentralityConfig {
    /// Set [`DegreeCentralityConfig::direction`].
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
}

/// Degree (or strength) of every node.
///
/// NetworkX: `dict(G.degree(weight=...))`, `G.in_degree(...)`,
/// `G.out_degree(...)`. An undirected self loop adds 2 (twice its weight);
/// a directed one adds 1 to the in- and 1 to the out-degree.
///
/// Complexity `O(n + m)` (`O(n)` for unweighted out/in degree of plain
/// storage). Parallel over node blocks; exact, so identical for any thread
/// count. Errors: [`Error::Unsupported`] for `In`/`Out` on an undirected
/// graph (NetworkX graphs have no `in_degree` there); cancellation.
///
/// Reference: L. C. Freeman, "Centrality in social networks: conceptual
/// clarification", Social Networks 1(3), 1978.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, EdgeWeights};
/// use ona_core::algo::centrality::{degree, DegreeConfig, Direction};
/// let exec = Exec::sequential()?;
/// // 0 -> 1 (weight 2), 1 -> 1 (self loop, weight 5)
/// let g = GraphBuilder::directed().build(2, &[0, 1], &[1, 1], Some(EdgeWeights::F64(&[2.0, 5.0])), &exec)?;
/// assert_eq!(degree(&g, &DegreeConfig::default(), &exec)?.0, vec![1.0, 3.0]);
/// let cfg = DegreeConfig::default().direction(Direction::In).weighted(true);
/// assert_eq!(degree(&g, &cfg, &exec)?.0, vec![0.0, 7.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn degree<A: Adjacency>(g: &Graph<A>, cfg: &DegreeConfig, exec: &Exec) -> Result<Scores> {
    if !g.is_directed() && cfg.direction != Direction::Both {
        return Err(Error::Unsupported { operation: cfg.direction.name(), graph_kind: "undirected" });
    }
    let weighted = cfg.weighted && g.is_weighted();
    let n = g.node_count();
    let tracker = exec.tracker(cfg.direction.name(), n as u64);
    let mut out = vec![0.0f64; n];
    exec.install(|| {
        out.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, chunk)| {
            for (slot, v) in chunk.iter_mut().zip(node32(c * CHUNK)..) {
                *slot = match cfg.direction {
                    Direction::Out => one_side(g.out_adj(), v, weighted, false),
                    Direction::In => one_side(g.in_adj(), v, weighted, false),
                    Direction::Both if g.is_directed() => {
                        one_side(g.out_adj(), v, weighted, false) + one_side(g.in_adj(), v, weighted, false)
                    }
                    Direction::Both => one_side(g.out_adj(), v, weighted, g.self_loop_count() > 0),
                };
            }
            tracker.advance(chunk.len() as u64)
        })
    })?;
    Ok(Scores(out))
}

/// Arcs (or weight) of `v` in `adj`; `loops_twice` adds a self loop again.
#[inline]
fn one_side<A: Adjacency>(adj: &A, v: u32, weighted: bool, loops_twice: bool) -> f64 {
    if !weighted && !loops_twice {
        return f64::from(adj.degree(v));
    }
    let mut s = 0.0;
    adj.for_each_weighted(v, |u, w| {
        let w = if weighted { w } else { 1.0 };
        s += if loops_twice && u == v { 2.0 * w } else { w };
    });
    s
}

/// Degree centrality: degree divided by `n - 1`.
///
/// NetworkX: `nx.degree_centrality(G)` ([`Direction::Both`]),
/// `nx.in_degree_centrality(G)` ([`Direction::In`]),
/// `nx.out_degree_centrality(G)` ([`Direction::Out`]). Unweighted, as in
/// NetworkX. With `n <= 1` every node scores `1.0` (NetworkX's convention);
/// self loops can push values above 1.
///
/// Complexity `O(n + m)`, parallel over node blocks, exact. Errors:
/// [`Error::Unsupported`] for `In`/`Out` on an undirected graph
/// (NetworkX raises `NetworkXNotImplemented`); cancellation.
///
/// Reference: L. C. Freeman, "Centrality in social networks: conceptual
/// clarification", Social Networks 1(3), 1978.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{degree_centrality, DegreeCentralityConfig, Direction};
/// let exec = Exec::sequential()?;
/// // nx.DiGraph([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3)])
/// let g = GraphBuilder::directed().build(4, &[0, 0, 0, 1, 1], &[1, 2, 3, 2, 3], None, &exec)?;
/// let out = degree_centrality(&g, &DegreeCentralityConfig::default().direction(Direction::Out), &exec)?;
/// assert_eq!(out.0, vec![1.0, 2.0 / 3.0, 0.0, 0.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn degree_centrality<A: Adjacency>(g: &Graph<A>, cfg: &DegreeCentralityConfig, exec: &Exec) -> Result<Scores> {
    let mut d = degree(g, &DegreeConfig::default().direction(cfg.direction), exec)?;
    let n = d.len();
    if n <= 1 {
        d.iter_mut().for_each(|x| *x = 1.0);
        return Ok(d);
    }
    // Exactly NetworkX's `d * (1.0 / (n - 1.0))`.
    let s = 1.0 / (n as f64 - 1.0);
    exec.install(|| d.par_iter_mut().with_min_len(CHUNK).for_each(|x| *x *= s));
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EdgeWeights, GraphBuilder};

    fn exec(t: usize) -> Exec {
        Exec::with_threads(t).expect("pool")
    }

    #[test]
    fn undirected_self_loop_counts_twice() {
        // nx.Graph([(0, 0), (0, 1)]): dict(G.degree()) == {0: 3, 1: 1},
        // nx.degree_centrality(G) == {0: 3.0, 1: 1.0}.
        let e = exec(1);
        let g = GraphBuilder::undirected().build(2, &[0, 0], &[0, 1], Some(EdgeWeights::F64(&[4.0, 0.5])), &e).expect("g");
        assert_eq!(degree(&g, &DegreeConfig::default(), &e).expect("d").0, vec![3.0, 1.0]);
        assert_eq!(degree(&g, &DegreeConfig::default().weighted(true), &e).expect("d").0, vec![8.5, 0.5]);
        assert_eq!(degree_centrality(&g, &DegreeCentralityConfig::default(), &e).expect("c").0, vec![3.0, 1.0]);
        let gc = g.compress(&e);
        assert_eq!(degree(&gc, &DegreeConfig::default().weighted(true), &e).expect("d").0, vec![8.5, 0.5]);
    }

    #[test]
    fn directed_in_out_both() {
        // nx.DiGraph([(0, 0), (0, 1)]): degree {0: 3, 1: 1}, in_degree {0: 1, 1: 1}.
        let e = exec(2);
        let g = GraphBuilder::directed().build(2, &[0, 0], &[0, 1], None, &e).expect("g");
        let d = |dir| degree(&g, &DegreeConfig::default().direction(dir), &e).expect("d").0;
        assert_eq!(d(Direction::Both), vec![3.0, 1.0]);
        assert_eq!(d(Direction::In), vec![1.0, 1.0]);
        assert_eq!(d(Direction::Out), vec![2.0, 0.0]);
        // nx.in_degree_centrality(nx.DiGraph([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3)]))
        let g = GraphBuilder::directed().build(4, &[0, 0, 0, 1, 1], &[1, 2, 3, 2, 3], None, &e).expect("g");
        let c = degree_centrality(&g, &DegreeCentralityConfig::default().direction(Direction::In), &e).expect("c");
        assert_eq!(c.0, vec![0.0, 0.3333333333333333, 0.6666666666666666, 0.6666666666666666]);
    }

    #[test]
    fn tiny_graphs_and_errors() {
        let e = exec(1);
        let g = GraphBuilder::undirected().build(1, &[], &[], None, &e).expect("g");
        assert_eq!(degree_centrality(&g, &DegreeCentralityConfig::default(), &e).expect("c").0, vec![1.0]);
        let g0 = GraphBuilder::undirected().build(0, &[], &[], None, &e).expect("g");
        assert!(degree_centrality(&g0, &DegreeCentralityConfig::default(), &e).expect("c").is_empty());
        let err = degree(&g, &DegreeConfig::default().direction(Direction::In), &e);
        assert!(matches!(err, Err(Error::Unsupported { operation: "in_degree", graph_kind: "undirected" })));
        let c = exec(1);
        c.token().cancel();
        let g = GraphBuilder::undirected().build(3, &[0], &[1], None, &e).expect("g");
        assert_eq!(degree(&g, &DegreeConfig::default(), &c), Err(Error::Cancelled));
    }

    #[test]
    fn threads_and_storage_agree() {
        let e1 = exec(1);
        let e4 = exec(4);
        let n = 3000u32;
        let src: Vec<u32> = (0..20_000u32).map(|i| (i * 7919) % n).collect();
        let dst: Vec<u32> = (0..20_000u32).map(|i| (i * 104_729 + 13) % n).collect();
        let w: Vec<f64> = (0..20_000u32).map(|i| f64::from(i % 5) + 0.25).collect();
        for directed in [false, true] {
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F64(&w)), &e1).expect("g");
            let gc = g.compress(&e1);
            let cfg = DegreeConfig::default().weighted(true);
            let a = degree(&g, &cfg, &e1).expect("d");
            assert_eq!(a, degree(&g, &cfg, &e4).expect("d"));
            assert_eq!(a, degree(&gc, &cfg, &e4).expect("d"));
            // Degree sum is twice the edge count (NetworkX's handshake).
            let d = degree(&g, &DegreeConfig::default(), &e4).expect("d");
            assert_eq!(d.sum(), 2.0 * g.edge_count() as f64);
        }
    }
}
