//! Eigenvector centrality by power iteration on `A + I`.

use std::mem;

use super::power::{check_distribution, check_tol, map_in_place, pull_map};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Configuration of [`eigenvector_centrality`]; `Default` is NetworkX's.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EigenvectorConfig {
    /// Iteration limit (default 100).
    pub max_iter: u32,
    /// Stop once the L1 change of one iteration is below `n * tol`
    /// (default 1e-6).
    pub tol: f64,
    /// Starting vector, one non-negative value per node, not all zero
    /// (default all ones); normalised to sum 1.
    pub nstart: Option<Vec<f64>>,
    /// Use arc weights as connection strengths (NetworkX `weight="weight"`);
    /// default `false` (`weight=None`).
    pub weighted: bool,
}

impl Default for EigenvectorConfig {
    fn default() -> Self {
        Self { max_iter: 100, tol: 1e-6, nstart: None, weighted: false }
    }
}

impl EigenvectorConfig {
    /// Set [`EigenvectorConfig::max_iter`].
    #[must_use]
    pub fn max_iter(mut self, max_iter: u32) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Set [`EigenvectorConfig::tol`].
    #[must_use]
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Set [`EigenvectorConfig::nstart`].
    #[must_use]
    pub fn nstart(mut self, nstart: Option<Vec<f64>>) -> Self {
        self.nstart = nstart;
        self
    }
    /// Set [`EigenvectorConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, weighted: bool) -> Self {
        self.weighted = weighted;
        self
    }
}

/// Eigenvector centrality: the dominant left eigenvector of the adjacency
/// matrix (a node is central when its in-neighbours are), unit Euclidean norm.
///
/// NetworkX: `nx.eigenvector_centrality(G, max_iter, tol, nstart, weight)`,
/// the same iteration `x ← (x + Aᵀx) / ‖x + Aᵀx‖₂` (power iteration on
/// `A + I`, which converges even when `-λ` is also an eigenvalue), the same
/// start (`nstart / Σ nstart`, all ones by default) and stopping rule (L1
/// change `< n * tol`). Directed graphs use in-arcs; an undirected self loop
/// counts once, as in NetworkX's `G[n]`.
///
/// Complexity `O(m)` per iteration, at most `max_iter` iterations. Parallel
/// over node blocks, pulling over in-neighbours in ascending order; sums
/// are reduced in fixed blocks, so results are bitwise identical for any
/// thread count and for plain or compressed storage.
///
/// Errors: [`Error::EmptyGraph`] on a graph with no nodes (NetworkX's
/// `NetworkXPointlessConcept`); [`Error::InvalidParameter`] for a
/// non-positive `tol` or an `nstart` that is all zero, negative or not
/// finite; [`Error::LengthMismatch`] for an `nstart` of the wrong length;
/// [`Error::NotConverged`] after `max_iter` iterations; cancellation.
///
/// Reference: P. Bonacich, "Technique for analyzing overlapping
/// memberships", Sociological Methodology 4, 1972.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{eigenvector_centrality, EigenvectorConfig};
/// let exec = Exec::sequential()?;
/// // nx.eigenvector_centrality(nx.path_graph(4)) ~ [0.37, 0.60, 0.60, 0.37]
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2], &[1, 2, 3], None, &exec)?;
/// let x = eigenvector_centrality(&g, &EigenvectorConfig::default(), &exec)?;
/// assert!((x[0] - 0.37175).abs() < 1e-4 && (x[1] - 0.60150).abs() < 1e-4);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn eigenvector_centrality<A: Adjacency>(g: &Graph<A>, cfg: &EigenvectorConfig, exec: &Exec) -> Result<Scores> {
    let n = g.node_count();
    if n == 0 {
        return Err(Error::EmptyGraph { operation: "eigenvector_centrality" });
    }
    check_tol(cfg.tol)?;
    let mut x = match &cfg.nstart {
        Some(v) => {
            let s = check_distribution("nstart", v, n)?;
            v.iter().map(|a| a / s).collect()
        }
        None => vec![1.0 / n as f64; n],
    };
    let weighted = cfg.weighted && g.is_weighted();
    let limit = n as f64 * cfg.tol;
    let tracker = exec.tracker("eigenvector_centrality", u64::from(cfg.max_iter));
    exec.install(|| {
        let mut y = vec![0.0f64; n];
        for _ in 0..cfg.max_iter {
            tracker.advance(1)?;
            let [sq] = pull_map(g.in_adj(), weighted, &x, &mut y, exec, |v, s| {
                let yv = x[v] + s;
                (yv, [yv * yv])
            });
            exec.check()?;
            // NetworkX: `norm = math.hypot(*x.values()) or 1`.
            let norm = match sq.sqrt() {
                0.0 => 1.0,
                r => r,
            };
            let [err] = map_in_place(&mut y, |v, yv| {
                *yv /= norm;
                [(*yv - x[v]).abs()]
            });
            mem::swap(&mut x, &mut y);
            if err < limit {
                return Ok(Scores(x));
            }
        }
        Err(Error::NotConverged { algorithm: "eigenvector_centrality", iterations: cfg.max_iter, tolerance: cfg.tol })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::centrality::power::test_util::{close, exec};
    use crate::graph::{EdgeWeights, GraphBuilder};

    #[test]
    fn matches_networkx() {
        let e = exec(2);
        // G = nx.DiGraph(); G.add_weighted_edges_from([(0,1,2.0),(1,2,1.0),(2,0,1.0),(2,1,3.0),(3,0,0.5),(0,0,1.5)])
        let w = [2.0, 1.0, 1.0, 3.0, 0.5, 1.5];
        let g = GraphBuilder::directed()
            .build(4, &[0, 1, 2, 2, 3, 0], &[1, 2, 0, 1, 0, 0], Some(EdgeWeights::F64(&w)), &e)
            .expect("g");
        let ev = |cfg: &EigenvectorConfig| eigenvector_centrality(&g, cfg, &e).expect("ev").0;
        // nx.eigenvector_centrality(G)
        let want = [0.6479366496992288, 0.647936052844432, 0.4004459631472331, 3.51091056944425e-08];
        close(&ev(&EigenvectorConfig::default()), &want, 1e-13);
        // nx.eigenvector_centrality(G, weight="weight", nstart={0: 1, 1: 2, 2: 3, 3: 4}, tol=1e-9)
        let cfg = EigenvectorConfig::default().weighted(true).nstart(Some(vec![1.0, 2.0, 3.0, 4.0])).tol(1e-9);
        let want = [0.43058510064621675, 0.8292490153705014, 0.3562899684365829, 5.787259168315916e-16];
        close(&ev(&cfg), &want, 1e-13);
        // nx.eigenvector_centrality(G, max_iter=2) raises PowerIterationFailedConvergence.
        let r = eigenvector_centrality(&g, &EigenvectorConfig::default().max_iter(2), &e);
        assert!(matches!(r, Err(Error::NotConverged { iterations: 2, .. })));
        // U = nx.Graph([(0, 1), (1, 2), (2, 3), (3, 0), (0, 2), (2, 2)]): nx.eigenvector_centrality(U)
        let u = GraphBuilder::undirected().build(4, &[0, 1, 2, 3, 0, 2], &[1, 2, 3, 0, 2, 2], None, &e).expect("u");
        let want = [0.4957411420007373, 0.3952957125925257, 0.6646226894560097, 0.3952957125925257];
        close(&eigenvector_centrality(&u, &EigenvectorConfig::default(), &e).expect("ev"), &want, 1e-13);
    }

    #[test]
    fn same_across_threads_and_storage() {
        let e1 = exec(1);
        let e4 = exec(4);
        let n = 4000u32;
        let mut state = 7u64;
        let mut next = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            u32::try_from(state >> 40).expect("24 bits") % n
        };
        let (mut src, mut dst): (Vec<u32>, Vec<u32>) = (0..30_000).map(|_| (next(), next())).unzip();
        // A Hamiltonian cycle keeps the directed version strongly connected.
        src.extend(0..n);
        dst.extend((1..n).chain([0]));
        let w: Vec<f64> = (0..src.len()).map(|i| f64::from(u8::try_from(i % 3).expect("small")) + 0.5).collect();
        for directed in [false, true] {
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F64(&w)), &e1).expect("g");
            let gc = g.compress(&e1);
            let cfg = EigenvectorConfig::default().weighted(true).max_iter(1000);
            let a = eigenvector_centrality(&g, &cfg, &e1).expect("ev");
            assert_eq!(a, eigenvector_centrality(&g, &cfg, &e4).expect("ev"));
            assert_eq!(a, eigenvector_centrality(&gc, &cfg, &e4).expect("ev"));
            let norm: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
            assert!((norm - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn bad_inputs() {
        let e = exec(1);
        let empty = GraphBuilder::undirected().build(0, &[], &[], None, &e).expect("g");
        let r = eigenvector_centrality(&empty, &EigenvectorConfig::default(), &e);
        assert_eq!(r, Err(Error::EmptyGraph { operation: "eigenvector_centrality" }));
        let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &e).expect("g");
        let err = |cfg: EigenvectorConfig| eigenvector_centrality(&g, &cfg, &e).expect_err("must fail");
        assert!(matches!(err(EigenvectorConfig::default().tol(-1.0)), Error::InvalidParameter { name: "tol", .. }));
        assert!(matches!(err(EigenvectorConfig::default().nstart(Some(vec![0.0; 3]))), Error::InvalidParameter { name: "nstart", .. }));
        assert!(matches!(err(EigenvectorConfig::default().nstart(Some(vec![1.0; 2]))), Error::LengthMismatch { what: "nstart", .. }));
        // An edgeless graph: NetworkX returns 1/sqrt(n) everywhere.
        let g = GraphBuilder::undirected().build(3, &[], &[], None, &e).expect("g");
        close(&eigenvector_centrality(&g, &EigenvectorConfig::default(), &e).expect("ev"), &[0.5773502691896258; 3], 1e-15);
    }
}
