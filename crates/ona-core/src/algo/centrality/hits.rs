//! HITS hubs and authorities: the dominant singular vectors of the
//! adjacency matrix, by power iteration on `AᵀA`.

use std::mem;

use rayon::prelude::*;

use super::power::{CHUNK, check_distribution, check_tol, map_in_place, pull_map, sum_by};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// How far below `tol` the estimated remaining error must fall.
const TIGHTEN: f64 = 1e-3;

/// Configuration of [`hits`]; `Default` is NetworkX's.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HitsConfig {
    /// Power-iteration limit (default 100).
    pub max_iter: u32,
    /// Stop once the L1 change of the unit-norm authority vector is below
    /// `tol` and the error still to go, estimated from the contraction
    /// rate, is below `tol / 1000` (default 1e-8).
    pub tol: f64,
    /// Starting authority vector, one non-negative value per node, not all
    /// zero (default uniform).
    pub nstart: Option<Vec<f64>>,
    /// Scale hubs and authorities to sum 1 (default `true`); otherwise
    /// authorities have unit Euclidean norm and hubs are `A · authorities`.
    pub normalized: bool,
    /// Use arc weights (NetworkX always reads the `"weight"` attribute, so
    /// the default is `true`). Unweighted graphs weigh every arc 1.
    pub weighted: bool,
}

impl Default for HitsConfig {
    fn default() -> Self {
        Self { max_iter: 100, tol: 1e-8, nstart: None, normalized: true, weighted: true }
    }
}

impl HitsConfig {
    /// Set [`HitsConfig::max_iter`].
    #[must_use]
    pub fn max_iter(mut self, max_iter: u32) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Set [`HitsConfig::tol`].
    #[must_use]
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Set [`HitsConfig::nstart`].
    #[must_use]
    pub fn nstart(mut self, nstart: Option<Vec<f64>>) -> Self {
        self.nstart = nstart;
        self
    }
    /// Set [`HitsConfig::normalized`].
    #[must_use]
    pub fn normalized(mut self, normalized: bool) -> Self {
        self.normalized = normalized;
        self
    }
    /// Set [`HitsConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, weighted: bool) -> Self {
        self.weighted = weighted;
        self
    }
}

/// Hub and authority scores.
#[derive(Debug, Clone, PartialEq)]
pub struct HitsResult {
    /// Hub score per node (points to good authorities).
    pub hubs: Scores,
    /// Authority score per node (pointed to by good hubs).
    pub authorities: Scores,
    /// Power iterations run.
    pub iterations: u32,
}

/// HITS hubs and authorities.
///
/// NetworkX: `nx.hits(G, max_iter, tol, nstart, normalized)`, which in 3.6
/// takes the dominant right singular vector `a` of the (weighted) adjacency
/// matrix from ARPACK (`svds`), sets `h = A a`, and with `normalized`
/// divides each by its sum. Here `a` comes from power iteration on `AᵀA`
/// (`h = A a`, `a ← Aᵀh`, rescaled to unit norm), stopped when the error
/// still to go, estimated from the contraction of successive changes, is
/// below `tol / 1000`; that is tighter than NetworkX's test, so results
/// match its converged answer (to ~1e-9 at the default `tol` on graphs
/// whose top two singular values are well apart). Undirected edges act as symmetric entries,
/// a self loop once on the diagonal.
///
/// Differences: when the top singular value is repeated (e.g. undirected
/// bipartite graphs such as paths, or several equal components) the answer
/// is not unique; NetworkX returns whatever ARPACK lands on, this returns
/// the projection of the start vector (uniform by default), reproducibly.
/// With `normalized = false` NetworkX's sign is arbitrary; this returns the
/// orientation with non-negative sum. A one-node graph with a self loop
/// gives `[1]`, `[1]` (NetworkX's `svds` refuses `n = 1`).
///
/// Complexity `O(m)` per iteration (two sweeps), at most `max_iter`
/// iterations. Parallel over node blocks with fixed-order reductions:
/// bitwise identical for any thread count and for plain or compressed
/// storage.
///
/// Errors: [`Error::InvalidParameter`] for a non-positive `tol` or an
/// `nstart` that is negative, non-finite, all zero, or annihilated by
/// `AᵀA`; [`Error::LengthMismatch`] for an `nstart` of the wrong length;
/// [`Error::Unsupported`] when the adjacency matrix is zero (no edges or
/// only zero weights; NetworkX's ARPACK fails there too);
/// [`Error::NotConverged`] after `max_iter` iterations; cancellation. An
/// empty graph gives empty scores.
///
/// Reference: J. M. Kleinberg, "Authoritative sources in a hyperlinked
/// environment", Journal of the ACM 46(5), 1999.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{hits, HitsConfig};
/// let exec = Exec::sequential()?;
/// // nx.hits(nx.DiGraph([(0, 1)])) == ({0: 1.0, 1: 0.0}, {0: 0.0, 1: 1.0})
/// let g = GraphBuilder::directed().build(2, &[0], &[1], None, &exec)?;
/// let r = hits(&g, &HitsConfig::default(), &exec)?;
/// assert_eq!((r.hubs.0, r.authorities.0), (vec![1.0, 0.0], vec![0.0, 1.0]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn hits<A: Adjacency>(g: &Graph<A>, cfg: &HitsConfig, exec: &Exec) -> Result<HitsResult> {
    let n = g.node_count();
    check_tol(cfg.tol)?;
    let x = match &cfg.nstart {
        Some(v) => {
            check_distribution("nstart", v, n)?;
            v.clone()
        }
        None => vec![1.0; n],
    };
    if n == 0 {
        return Ok(HitsResult { hubs: Scores::default(), authorities: Scores::default(), iterations: 0 });
    }
    exec.install(|| run(g, cfg, x, exec))
}

fn run<A: Adjacency>(g: &Graph<A>, cfg: &HitsConfig, mut x: Vec<f64>, exec: &Exec) -> Result<HitsResult> {
    let n = g.node_count();
    let weighted = cfg.weighted && g.is_weighted();
    let tracker = exec.tracker("hits", u64::from(cfg.max_iter));
    scale_to_unit(&mut x);
    let mut h = vec![0.0f64; n];
    let mut y = vec![0.0f64; n];
    let mut prev = f64::INFINITY;
    let mut done = None;
    for it in 1..=cfg.max_iter {
        tracker.advance(1)?;
        pull_map(g.out_adj(), weighted, &x, &mut h, exec, |_, s| (s, []));
        let [sq] = pull_map(g.in_adj(), weighted, &h, &mut y, exec, |_, s| (s, [s * s]));
        exec.check()?;
        if sq == 0.0 {
            return Err(match cfg.nstart {
                Some(_) => Error::invalid_param("nstart", "a vector with AᵀA·nstart = 0", "a start vector not annihilated by AᵀA"),
                None => Error::Unsupported { operation: "hits", graph_kind: "edgeless (zero adjacency matrix)" },
            });
        }
        let norm = sq.sqrt();
        let [err] = map_in_place(&mut y, |v, yv| {
            *yv /= norm;
            [(*yv - x[v]).abs()]
        });
        mem::swap(&mut x, &mut y);
        // Geometric convergence with ratio r leaves about err·r/(1-r) to go;
        // stop when that is below tol / 1000 (tighter than ARPACK's test, so
        // the answer matches NetworkX's to ~1e-9 at the default tol).
        let r = err / prev;
        if err == 0.0 || (err < cfg.tol && r < 1.0 && err * r / (1.0 - r) < cfg.tol * TIGHTEN) {
            done = Some(it);
            break;
        }
        prev = err;
    }
    let Some(it) = done else {
        return Err(Error::NotConverged { algorithm: "hits", iterations: cfg.max_iter, tolerance: cfg.tol });
    };
    // Orientation with non-negative sum (the singular vector's sign is free).
    if sum_by(&x, |_, a| a) < 0.0 {
        x.par_iter_mut().with_min_len(CHUNK).for_each(|a| *a = -*a);
    }
    pull_map(g.out_adj(), weighted, &x, &mut h, exec, |_, s| (s, []));
    exec.check()?;
    if cfg.normalized {
        for v in [&mut h, &mut x] {
            let s = sum_by(v, |_, a| a);
            if s != 0.0 {
                map_in_place(v, |_, a| {
                    *a /= s;
                    []
                });
            }
        }
    }
    Ok(HitsResult { hubs: Scores(h), authorities: Scores(x), iterations: it })
}

/// Scale to unit Euclidean norm (a zero vector stays zero).
fn scale_to_unit(x: &mut [f64]) {
    let norm = sum_by(x, |_, a| a * a).sqrt();
    if norm > 0.0 {
        map_in_place(x, |_, a| {
            *a /= norm;
            []
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EdgeWeights, GraphBuilder};

    fn exec(t: usize) -> Exec {
        Exec::with_threads(t).expect("pool")
    }

    /// Within `rel` relative to max(|y|, 1), i.e. absolute for values below 1.
    fn close(a: &[f64], b: &[f64], rel: f64) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= rel * y.abs().max(1.0), "node {i}: {x} vs {y}");
        }
    }

    /// G = nx.DiGraph(); G.add_weighted_edges_from([(0,1,2.0),(0,2,1.0),(1,2,1.0),(2,0,1.0),
    ///     (3,2,0.5),(1,1,3.0),(3,1,1.0),(4,0,2.0)])
    fn small(weights: bool) -> Graph {
        let w = [2.0, 1.0, 1.0, 1.0, 0.5, 3.0, 1.0, 2.0];
        GraphBuilder::directed()
            .build(5, &[0, 0, 1, 2, 3, 1, 3, 4], &[1, 2, 2, 0, 2, 1, 1, 0], weights.then_some(EdgeWeights::F64(&w)), &exec(1))
            .expect("g")
    }

    #[test]
    fn matches_networkx() {
        // Values from NetworkX 3.6.1 `nx.hits` (scipy svds backend).
        let e = exec(2);
        let g = small(true);
        // h, a = nx.hits(G)
        let r = hits(&g, &HitsConfig::default(), &e).expect("hits");
        close(&r.hubs, &[0.3427556988982229, 0.4858664516526657, 0.0, 0.17137784944911144, 0.0], 1e-9);
        close(&r.authorities, &[0.0, 0.71682632352425, 0.2831736764757501, 0.0, 0.0], 1e-9);
        // h, a = nx.hits(G, normalized=False)
        let r = hits(&g, &HitsConfig::default().normalized(false), &e).expect("hits");
        close(&r.hubs, &[2.2275279289181644, 3.15758744277524, 0.0, 1.1137639644590822, 0.0], 1e-9);
        close(&r.authorities, &[0.0, 0.9300595138570756, 0.367408901204013, 0.0, 0.0], 1e-9);
        // The same graph with every weight 1.
        let r = hits(&small(false), &HitsConfig::default(), &e).expect("hits");
        close(&r.hubs, &[1.0 / 3.0, 1.0 / 3.0, 0.0, 1.0 / 3.0, 0.0], 1e-9);
        close(&r.authorities, &[0.0, 0.5, 0.5, 0.0, 0.0], 1e-9);
        assert_eq!(r, hits(&small(true), &HitsConfig::default().weighted(false), &e).expect("hits"));
        // U = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (2, 2)]); nx.hits(U)
        let u = GraphBuilder::undirected().build(5, &[0, 1, 2, 2, 3, 2], &[1, 2, 0, 3, 4, 2], None, &e).expect("u");
        let r = hits(&u, &HitsConfig::default(), &e).expect("hits");
        let want = [0.2150032072197214, 0.2150032072197214, 0.35499037834083574, 0.15611585947522522, 0.05888734774449616];
        close(&r.hubs, &want, 1e-9);
        close(&r.authorities, &want, 1e-9);
    }

    #[test]
    fn same_across_threads_and_storage() {
        let e1 = exec(1);
        let e4 = exec(4);
        let n = 3000u32;
        let mut state = 11u64;
        let mut next = || {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            u32::try_from(state >> 40).expect("24 bits") % n
        };
        let (src, dst): (Vec<u32>, Vec<u32>) = (0..20_000).map(|_| (next(), next())).unzip();
        let w: Vec<f32> = (0..src.len()).map(|i| f32::from(u8::try_from(i % 4).expect("small")) + 0.5).collect();
        for directed in [false, true] {
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F32(&w)), &e1).expect("g");
            let gc = g.compress(&e1);
            let cfg = HitsConfig::default().max_iter(10_000);
            let a = hits(&g, &cfg, &e1).expect("hits");
            assert_eq!(a, hits(&g, &cfg, &e4).expect("hits"));
            assert_eq!(a, hits(&gc, &cfg, &e4).expect("hits"));
            assert!((a.hubs.sum() - 1.0).abs() < 1e-12 && (a.authorities.sum() - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn edge_cases_and_errors() {
        let e = exec(1);
        let empty = GraphBuilder::directed().build(0, &[], &[], None, &e).expect("g");
        assert!(hits(&empty, &HitsConfig::default(), &e).expect("hits").hubs.is_empty());
        let edgeless = GraphBuilder::directed().build(3, &[], &[], None, &e).expect("g");
        assert!(matches!(hits(&edgeless, &HitsConfig::default(), &e), Err(Error::Unsupported { operation: "hits", .. })));
        let one = GraphBuilder::undirected().build(1, &[0], &[0], None, &e).expect("g");
        let r = hits(&one, &HitsConfig::default(), &e).expect("hits");
        assert_eq!((r.hubs.0, r.authorities.0), (vec![1.0], vec![1.0]));
        let g = small(true);
        let err = |cfg: HitsConfig| hits(&g, &cfg, &e).expect_err("must fail");
        assert!(matches!(err(HitsConfig::default().tol(0.0)), Error::InvalidParameter { name: "tol", .. }));
        assert!(matches!(err(HitsConfig::default().nstart(Some(vec![1.0; 4]))), Error::LengthMismatch { what: "nstart", .. }));
        assert!(matches!(err(HitsConfig::default().nstart(Some(vec![0.0; 5]))), Error::InvalidParameter { name: "nstart", .. }));
        // Authority only on node 3, which nobody points to: AᵀA·nstart = 0.
        let r = err(HitsConfig::default().nstart(Some(vec![0.0, 0.0, 0.0, 1.0, 0.0])));
        assert!(matches!(r, Error::InvalidParameter { name: "nstart", .. }));
        assert!(matches!(err(HitsConfig::default().max_iter(1)), Error::NotConverged { algorithm: "hits", .. }));
    }
}
