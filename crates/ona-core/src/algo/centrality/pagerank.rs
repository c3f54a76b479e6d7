//! PageRank by pull-based power iteration, or by conjugate gradients on
//! undirected graphs (see [`pagerank_cg`](super::pagerank_cg)).

use rayon::prelude::*;

use super::pagerank_cg::pagerank_cg;
use super::power::{CHUNK, check_distribution, check_tol, node32, pull_sum, sum_by};
use crate::error::{Error, Result, WeightProblem};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Configuration of [`pagerank`]; `Default` is NetworkX's.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PageRankConfig {
    /// Damping factor, in `[0, 1]` (default 0.85).
    pub alpha: f64,
    /// Teleport distribution, one non-negative value per node, normalised to
    /// sum 1 (default uniform). NetworkX `personalization` (absent keys = 0).
    pub personalization: Option<Vec<f64>>,
    /// Iteration limit (default 100).
    pub max_iter: u32,
    /// Stop once the L1 change of one iteration is below `n * tol`
    /// (default 1e-6).
    pub tol: f64,
    /// Starting vector, normalised to sum 1 (default uniform).
    pub nstart: Option<Vec<f64>>,
    /// Use arc weights (NetworkX `weight="weight"`, the default `true`);
    /// `false` is `weight=None`. Unweighted graphs weigh every arc 1.
    pub weighted: bool,
    /// Where dangling nodes (zero out-strength) send their rank, normalised
    /// to sum 1 (default: the personalization distribution).
    pub dangling: Option<Vec<f64>>,
    /// How to compute it (default [`PageRankSolver::Auto`]).
    pub solver: PageRankSolver,
}

/// The numerical method behind [`pagerank`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PageRankSolver {
    /// Conjugate gradients on undirected graphs without `nstart` and with
    /// `alpha < 1`, the power iteration otherwise.
    #[default]
    Auto,
    /// NetworkX's power iteration and stopping rule (L1 change `< n * tol`).
    Power,
    /// Conjugate gradients on the symmetrised linear system, stopping at a
    /// relative residual `‖r‖₂ ≤ tol · ‖b‖₂`; about three times fewer
    /// matrix-vector products than the power iteration for the same error.
    /// Undirected graphs only ([`Error::Unsupported`] otherwise); `nstart`
    /// is ignored.
    ConjugateGradient,
}

impl Default for PageRankConfig {
    fn default() -> Self {
        Self {
            alpha: 0.85,
            personalization: None,
            max_iter: 100,
            tol: 1e-6,
            nstart: None,
            weighted: true,
            dangling: None,
            solver: PageRankSolver::Auto,
        }
    }
}

impl PageRankConfig {
    /// Set [`PageRankConfig::alpha`].
    #[must_use]
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }
    /// Set [`PageRankConfig::personalization`].
    #[must_use]
    pub fn personalization(mut self, p: Option<Vec<f64>>) -> Self {
        self.personalization = p;
        self
    }
    /// Set [`PageRankConfig::max_iter`].
    #[must_use]
    pub fn max_iter(mut self, max_iter: u32) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Set [`PageRankConfig::tol`].
    #[must_use]
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Set [`PageRankConfig::nstart`].
    #[must_use]
    pub fn nstart(mut self, nstart: Option<Vec<f64>>) -> Self {
        self.nstart = nstart;
        self
    }
    /// Set [`PageRankConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, weighted: bool) -> Self {
        self.weighted = weighted;
        self
    }
    /// Set [`PageRankConfig::dangling`].
    #[must_use]
    pub fn dangling(mut self, dangling: Option<Vec<f64>>) -> Self {
        self.dangling = dangling;
        self
    }
    /// Set [`PageRankConfig::solver`].
    #[must_use]
    pub fn solver(mut self, solver: PageRankSolver) -> Self {
        self.solver = solver;
        self
    }
}

/// PageRank scores with the work it took.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRankResult {
    /// One score per node, summing to 1.
    pub scores: Scores,
    /// Power iterations (or conjugate-gradient steps) run.
    pub iterations: u32,
    /// Power iteration: L1 change of the last iteration (below `n * tol`).
    /// Conjugate gradients: final relative residual (below `tol`).
    pub residual: f64,
}

/// PageRank of every node.
///
/// NetworkX: `nx.pagerank(G, alpha, personalization, max_iter, tol, nstart,
/// weight, dangling)`, the same fixed point: undirected edges act as two arcs
/// (a self loop as one), weighted rows are normalised by out-strength, and
/// nodes of zero out-strength are dangling. With [`PageRankSolver::Power`]
/// also the same update, start and stopping rule (L1 change `< n * tol`).
/// The default [`PageRankSolver::Auto`] solves undirected graphs by
/// conjugate gradients to a relative residual of `tol` instead, which is both
/// faster and far more accurate on large graphs (NetworkX's `n * tol` rule
/// stops a million-node graph after one iteration).
///
/// Complexity `O(m)` per iteration, at most `max_iter` iterations, `O(n)`
/// extra memory. Parallel over blocks of nodes; each node pulls its
/// in-neighbours' precomputed `x[u] / outstrength(u)` in ascending order,
/// and global sums add fixed blocks in order, so the result is bitwise the
/// same for any thread count and for plain or compressed storage.
///
/// Errors: [`Error::InvalidParameter`] for `alpha` outside `[0, 1]`, a
/// non-positive `tol`, or a `personalization` / `nstart` / `dangling` with a
/// negative or non-finite value or zero sum; [`Error::LengthMismatch`] when
/// one of those is not one value per node; [`Error::InvalidWeight`] for a
/// negative weight; [`Error::NotConverged`] after `max_iter` iterations
/// (NetworkX's `PowerIterationFailedConvergence`); cancellation / deadline.
/// An empty graph gives empty scores.
///
/// Reference: L. Page, S. Brin, R. Motwani, T. Winograd, "The PageRank
/// citation ranking: bringing order to the Web", Stanford, 1999.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{pagerank, PageRankConfig};
/// let exec = Exec::sequential()?;
/// // A directed 3-cycle: every node gets 1/3.
/// let g = GraphBuilder::directed().build(3, &[0, 1, 2], &[1, 2, 0], None, &exec)?;
/// let pr = pagerank(&g, &PageRankConfig::default(), &exec)?;
/// assert!(pr.iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-12));
/// // nx.pagerank(nx.DiGraph([(0, 1)]))
/// let g = GraphBuilder::directed().build(2, &[0], &[1], None, &exec)?;
/// let pr = pagerank(&g, &PageRankConfig::default(), &exec)?;
/// assert!((pr[0] - 0.3508773619358619).abs() < 1e-12 && (pr[1] - 0.649122638064138).abs() < 1e-12);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn pagerank<A: Adjacency>(g: &Graph<A>, cfg: &PageRankConfig, exec: &Exec) -> Result<Scores> {
    pagerank_with_stats(g, cfg, exec).map(|r| r.scores)
}

/// [`pagerank`], also reporting the iterations run and the final L1 change.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{pagerank_with_stats, PageRankConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// let r = pagerank_with_stats(&g, &PageRankConfig::default().tol(1e-10), &exec)?;
/// assert!(r.iterations > 1 && r.residual < 3.0 * 1e-10);
/// assert!((r.scores.sum() - 1.0).abs() < 1e-12);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn pagerank_with_stats<A: Adjacency>(g: &Graph<A>, cfg: &PageRankConfig, exec: &Exec) -> Result<PageRankResult> {
    let n = g.node_count();
    if !(0.0..=1.0).contains(&cfg.alpha) {
        return Err(Error::invalid_param("alpha", cfg.alpha, "a damping factor in [0, 1]"));
    }
    check_tol(cfg.tol)?;
    let p = Dist::new("personalization", cfg.personalization.as_deref(), n)?;
    let dw = match cfg.dangling.as_deref() {
        Some(d) => Dist::new("dangling", Some(d), n)?,
        None => p.clone(),
    };
    let nstart = Dist::new("nstart", cfg.nstart.as_deref(), n)?;
    if n == 0 {
        return Ok(PageRankResult { scores: Scores::default(), iterations: 0, residual: 0.0 });
    }
    let use_cg = match cfg.solver {
        PageRankSolver::Power => false,
        PageRankSolver::Auto => !g.is_directed() && cfg.nstart.is_none() && cfg.alpha < 1.0,
        PageRankSolver::ConjugateGradient if g.is_directed() => {
            return Err(Error::Unsupported { operation: "conjugate-gradient pagerank", graph_kind: "directed" });
        }
        PageRankSolver::ConjugateGradient => true,
    };
    exec.install(|| if use_cg { run_cg(g, cfg, &p, cfg.dangling.as_ref().map(|_| &dw), exec) } else { run(g, cfg, &p, &dw, &nstart, exec) })
}

fn run_cg<A: Adjacency>(g: &Graph<A>, cfg: &PageRankConfig, p: &Dist, dw: Option<&Dist>, exec: &Exec) -> Result<PageRankResult> {
    let n = g.node_count();
    let weighted = cfg.weighted && g.is_weighted();
    let inv = inverse_out_strength(g.out_adj(), weighted)?;
    let dense = |d: &Dist| -> Vec<f64> { (0..n).into_par_iter().with_min_len(CHUNK).map(|v| d.at(v)).collect() };
    let teleport = dense(p);
    let dangling = dw.map(dense);
    let out = pagerank_cg(g.out_adj(), weighted, cfg.alpha, &inv, &teleport, dangling.as_deref(), cfg.tol, cfg.max_iter, exec)?;
    Ok(PageRankResult { scores: Scores(out.x), iterations: out.iterations, residual: out.residual })
}

/// A per-node distribution: uniform `1/n`, or normalised values.
#[derive(Debug, Clone)]
enum Dist {
    Uniform(f64),
    PerNode(Vec<f64>),
}

impl Dist {
    fn new(name: &'static str, v: Option<&[f64]>, n: usize) -> Result<Self> {
        match v {
            None => Ok(Self::Uniform(1.0 / n as f64)),
            Some(v) => {
                let s = check_distribution(name, v, n)?;
                Ok(Self::PerNode(v.iter().map(|x| x / s).collect()))
            }
        }
    }
    #[inline]
    fn at(&self, v: usize) -> f64 {
        match self {
            Self::Uniform(x) => *x,
            Self::PerNode(p) => p[v],
        }
    }
}

fn run<A: Adjacency>(g: &Graph<A>, cfg: &PageRankConfig, p: &Dist, dw: &Dist, nstart: &Dist, exec: &Exec) -> Result<PageRankResult> {
    let n = g.node_count();
    let weighted = cfg.weighted && g.is_weighted();
    let alpha = cfg.alpha;
    let inv = inverse_out_strength(g.out_adj(), weighted)?;
    exec.check()?;
    let mut x: Vec<f64> = (0..n).into_par_iter().with_min_len(CHUNK).map(|v| nstart.at(v)).collect();
    // Contributions x[u] / outstrength(u), read by every out-neighbour of u.
    let mut c: Vec<f64> = x.par_iter().zip(&inv).with_min_len(CHUNK).map(|(a, b)| a * b).collect();
    let mut c_next = vec![0.0f64; n];
    let mut dsum = sum_by(&x, |v, xv| if inv[v] == 0.0 { xv } else { 0.0 });
    let adj = g.in_adj();
    let limit = n as f64 * cfg.tol;
    let tracker = exec.tracker("pagerank", u64::from(cfg.max_iter));
    let mut partials: Vec<[f64; 2]> = Vec::new();
    for it in 1..=cfg.max_iter {
        tracker.advance(1)?;
        x.par_chunks_mut(CHUNK)
            .zip(c_next.par_chunks_mut(CHUNK))
            .enumerate()
            .map(|(k, (xs, cs))| {
                // [L1 change, rank on dangling nodes]
                let mut acc = [0.0f64; 2];
                if exec.check().is_err() {
                    return acc;
                }
                let base = k * CHUNK;
                let mut buf = Vec::new();
                for (((i, xv), cv), v32) in xs.iter_mut().enumerate().zip(cs.iter_mut()).zip(node32(base)..) {
                    let v = base + i;
                    let s = pull_sum(adj, v32, weighted, &c, &mut buf);
                    let xn = alpha * (s + dsum * dw.at(v)) + (1.0 - alpha) * p.at(v);
                    acc[0] += (xn - *xv).abs();
                    *xv = xn;
                    let iv = inv[v];
                    *cv = xn * iv;
                    if iv == 0.0 {
                        acc[1] += xn;
                    }
                }
                acc
            })
            .collect_into_vec(&mut partials);
        exec.check()?;
        let (err, dnext) = partials.iter().fold((0.0, 0.0), |(e, d), q| (e + q[0], d + q[1]));
        std::mem::swap(&mut c, &mut c_next);
        dsum = dnext;
        if err < limit {
            return Ok(PageRankResult { scores: Scores(x), iterations: it, residual: err });
        }
    }
    Err(Error::NotConverged { algorithm: "pagerank", iterations: cfg.max_iter, tolerance: cfg.tol })
}

/// `1 / outstrength(v)`, or 0 for dangling nodes (zero out-strength).
fn inverse_out_strength<A: Adjacency>(adj: &A, weighted: bool) -> Result<Vec<f64>> {
    let n = adj.node_count();
    let mut inv = vec![0.0f64; n];
    inv.par_chunks_mut(CHUNK).enumerate().try_for_each(|(k, chunk)| {
        for (slot, v) in chunk.iter_mut().zip(node32(k * CHUNK)..) {
            let s = if weighted {
                let mut s = 0.0;
                let mut bad = None;
                adj.for_each_arc(v, |_, arc| {
                    let w = adj.arc_weight(arc);
                    if w < 0.0 && bad.is_none() {
                        bad = Some((arc, w));
                    }
                    s += w;
                });
                if let Some((edge, weight)) = bad {
                    return Err(Error::InvalidWeight { edge, weight, problem: WeightProblem::Negative });
                }
                s
            } else {
                f64::from(adj.degree(v))
            };
            *slot = if s == 0.0 { 0.0 } else { 1.0 / s };
        }
        Ok(())
    })?;
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::centrality::power::test_util::{close, exec};
    use crate::graph::{EdgeWeights, GraphBuilder};
    use proptest::prelude::*;

    /// G = nx.DiGraph(); G.add_nodes_from(range(5)); G.add_weighted_edges_from(
    /// [(0,1,2.0),(0,2,1.0),(1,2,1.0),(2,0,1.0),(3,2,0.5),(1,1,3.0)])
    fn small_directed() -> Graph {
        let w = [2.0, 1.0, 1.0, 1.0, 0.5, 3.0];
        GraphBuilder::directed()
            .build(5, &[0, 0, 1, 2, 3, 1], &[1, 2, 2, 0, 2, 1], Some(EdgeWeights::F64(&w)), &exec(1))
            .expect("graph")
    }

    #[test]
    fn matches_networkx_directed() {
        // Values from NetworkX 3.6.1 (`nx.pagerank`, scipy backend) on `small_directed`.
        let g = small_directed();
        let e = exec(2);
        let pr = |cfg: &PageRankConfig| pagerank(&g, cfg, &e).expect("pagerank").0;
        // nx.pagerank(G)
        let want = [0.232780291911021, 0.4635949349967513, 0.23133561646020367, 0.036144578316011984, 0.036144578316011984];
        close(&pr(&PageRankConfig::default()), &want, 1e-12);
        // nx.pagerank(G, weight=None)
        let want = [0.31121366032863557, 0.2928871457390178, 0.32361003730568155, 0.03614457831333275, 0.03614457831333275];
        close(&pr(&PageRankConfig::default().weighted(false)), &want, 1e-12);
        // nx.pagerank(G, alpha=0.7, personalization={0: 1.0, 1: 2.0, 4: 1.0})
        let pers = Some(vec![1.0, 2.0, 0.0, 0.0, 1.0]);
        let want = [0.19237219431067265, 0.5717719385321591, 0.14494677615807658, 0.0, 0.09090909099909147];
        close(&pr(&PageRankConfig::default().alpha(0.7).personalization(pers.clone())), &want, 1e-12);
        // nx.pagerank(G, personalization={0: 1.0, 1: 2.0, 4: 1.0}, dangling={3: 1.0, 2: 3.0},
        //             nstart={0: 1, 1: 1, 2: 1, 3: 1, 4: 5})
        let cfg = PageRankConfig::default()
            .personalization(pers)
            .dangling(Some(vec![0.0, 0.0, 3.0, 1.0, 0.0]))
            .nstart(Some(vec![1.0, 1.0, 1.0, 1.0, 5.0]));
        let want = [0.21171664873040794, 0.5378547336646156, 0.20495986760497628, 0.00796875, 0.037500000000000006];
        close(&pr(&cfg), &want, 1e-12);
        // nx.pagerank(G, tol=1e-14, max_iter=1000)
        let want = [0.23277997181276827, 0.463595114502483, 0.2313357570582428, 0.03614457831325302, 0.03614457831325302];
        close(&pr(&PageRankConfig::default().tol(1e-14).max_iter(1000)), &want, 1e-13);
        // nx.pagerank(G, max_iter=3) raises PowerIterationFailedConvergence.
        let err = pagerank(&g, &PageRankConfig::default().max_iter(3), &e);
        assert!(matches!(err, Err(Error::NotConverged { algorithm: "pagerank", iterations: 3, .. })));
    }

    #[test]
    fn matches_networkx_undirected_with_self_loop() {
        // U = nx.Graph(); U.add_nodes_from(range(4));
        // U.add_weighted_edges_from([(0,1,1.0),(1,2,2.0),(2,2,3.0),(2,3,4.0)])
        let e = exec(1);
        let w = [1.0, 2.0, 3.0, 4.0];
        let g = GraphBuilder::undirected().build(4, &[0, 1, 2, 2], &[1, 2, 2, 3], Some(EdgeWeights::F64(&w)), &e).expect("g");
        // NetworkX's iterates at its default tolerance: only the power solver reproduces them.
        let power = PageRankConfig::default().solver(PageRankSolver::Power);
        // nx.pagerank(U)
        let want = [0.09694466508056127, 0.2098039335492608, 0.4759488847745972, 0.2173025165955805];
        close(&pagerank(&g, &power, &e).expect("pr").0, &want, 1e-12);
        // nx.pagerank(U, weight=None)
        let want = [0.15946705912543874, 0.28697981662492034, 0.40211953656691257, 0.1514335876827282];
        close(&pagerank(&g, &power.clone().weighted(false), &e).expect("pr").0, &want, 1e-12);
        // The default (conjugate gradients) lands within its 1e-6 residual of the fixed point.
        close(&pagerank(&g, &PageRankConfig::default(), &e).expect("pr").0, &want_fixed_point(&g, &e), 1e-6);
    }

    fn want_fixed_point(g: &Graph, e: &Exec) -> Vec<f64> {
        let cfg = PageRankConfig::default().solver(PageRankSolver::Power).tol(1e-15).max_iter(10_000);
        pagerank(g, &cfg, e).expect("pr").0
    }

    #[test]
    fn conjugate_gradients_match_networkx_fixed_point() {
        // U = nx.Graph(); U.add_nodes_from(range(6)); U.add_weighted_edges_from(
        //     [(0,1,1.0),(1,2,2.0),(2,2,3.0),(2,3,4.0),(4,1,0.5)])   (node 5 is dangling)
        let w = [1.0, 2.0, 3.0, 4.0, 0.5];
        let cg = PageRankConfig::default().solver(PageRankSolver::ConjugateGradient).tol(1e-13);
        for threads in [1, 3] {
            let e = exec(threads);
            let g = GraphBuilder::undirected().build(6, &[0, 1, 2, 2, 4], &[1, 2, 2, 3, 1], Some(EdgeWeights::F64(&w)), &e).expect("g");
            for graph_pr in [pagerank(&g, &cg, &e).expect("pr").0, pagerank(&g.compress(&e), &cg, &e).expect("pr").0] {
                // nx.pagerank(U, tol=1e-15, max_iter=10000)
                let want = [0.0844197946170669, 0.22767945127872952, 0.41579660526901446, 0.18620493113830577, 0.05677300410464996, 0.02912621359223301];
                close(&graph_pr, &want, 1e-12);
            }
            // nx.pagerank(U, weight=None, tol=1e-15, max_iter=10000)
            let want = [0.11885769198690563, 0.3166993355106067, 0.3018178077904802, 0.11464125913286877, 0.11885769198690563, 0.02912621359223301];
            close(&pagerank(&g, &cg.clone().weighted(false), &e).expect("pr").0, &want, 1e-12);
            // nx.pagerank(U, alpha=0.6, personalization={0:1,3:2,5:1}, dangling={1:1,4:3}, tol=1e-15, max_iter=10000)
            let cfg = cg.clone().alpha(0.6).personalization(Some(vec![1.0, 0.0, 0.0, 2.0, 0.0, 1.0])).dangling(Some(vec![0.0, 1.0, 0.0, 0.0, 3.0, 0.0]));
            let want = [0.12811808118081167, 0.16402214022140263, 0.2753690036900365, 0.2734317343173434, 0.059059040590405835, 0.1];
            close(&pagerank(&g, &cfg, &e).expect("pr").0, &want, 1e-12);
        }
        let e = exec(1);
        let d = GraphBuilder::directed().build(2, &[0], &[1], None, &e).expect("g");
        assert!(matches!(pagerank(&d, &cg, &e), Err(Error::Unsupported { .. })));
    }

    /// Dense power iteration on the row-stochastic matrix, to 1e-15.
    fn dense_reference(n: usize, edges: &[(u32, u32, f64)], directed: bool, alpha: f64) -> Vec<f64> {
        let mut a = vec![vec![0.0f64; n]; n];
        for &(s, d, w) in edges {
            a[s as usize][d as usize] += w;
            if !directed && s != d {
                a[d as usize][s as usize] += w;
            }
        }
        let rows: Vec<f64> = a.iter().map(|r| r.iter().sum()).collect();
        let mut x = vec![1.0 / n as f64; n];
        for _ in 0..10_000 {
            let dsum: f64 = (0..n).filter(|&u| rows[u] == 0.0).map(|u| x[u]).sum();
            let mut y = vec![alpha * dsum / n as f64 + (1.0 - alpha) / n as f64; n];
            for u in 0..n {
                if rows[u] > 0.0 {
                    for v in 0..n {
                        y[v] += alpha * x[u] * a[u][v] / rows[u];
                    }
                }
            }
            let err: f64 = x.iter().zip(&y).map(|(p, q)| (p - q).abs()).sum();
            x = y;
            if err < 1e-15 {
                break;
            }
        }
        x
    }

    fn random_edges(n: u32, m: u32, seed: u32) -> Vec<(u32, u32, f64)> {
        (0..m)
            .map(|i| {
                let h = (i.wrapping_mul(2_654_435_761) ^ seed).wrapping_mul(40503);
                ((h >> 3) % n, (h >> 13) % n, f64::from(1 + (h >> 7) % 5))
            })
            .collect()
    }

    fn build(n: u32, edges: &[(u32, u32, f64)], directed: bool, e: &Exec) -> Graph {
        let s: Vec<u32> = edges.iter().map(|x| x.0).collect();
        let d: Vec<u32> = edges.iter().map(|x| x.1).collect();
        let w: Vec<f64> = edges.iter().map(|x| x.2).collect();
        GraphBuilder::with_direction(directed).build(n as usize, &s, &d, Some(EdgeWeights::F64(&w)), e).expect("graph")
    }

    #[test]
    fn matches_dense_reference() {
        let e = exec(2);
        for (directed, seed) in [(true, 1), (false, 2), (true, 3)] {
            let n = 40;
            let edges = random_edges(n, 90, seed);
            let g = build(n, &edges, directed, &e);
            // The builder sums duplicates, as the dense matrix does.
            let want = dense_reference(n as usize, &edges, directed, 0.85);
            let got = pagerank(&g, &PageRankConfig::default().tol(1e-15).max_iter(1000), &e).expect("pr");
            close(&got, &want, 1e-12);
        }
    }

    #[test]
    fn bitwise_same_across_threads_and_storage() {
        let e1 = exec(1);
        let e4 = exec(4);
        let n = 5000;
        for directed in [true, false] {
            let g = build(n, &random_edges(n, 40_000, 9), directed, &e1);
            let gc = g.compress(&e1);
            for weighted in [true, false] {
                let cfg = PageRankConfig::default().weighted(weighted).tol(1e-10);
                let a = pagerank_with_stats(&g, &cfg, &e1).expect("pr");
                assert_eq!(a, pagerank_with_stats(&g, &cfg, &e4).expect("pr"));
                assert_eq!(a, pagerank_with_stats(&gc, &cfg, &e4).expect("pr"));
                assert!(a.residual < n as f64 * 1e-10 && a.iterations > 1);
            }
        }
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let g = small_directed();
        let e = exec(1);
        let err = |cfg: PageRankConfig| pagerank(&g, &cfg, &e).expect_err("must fail");
        let name = |x: Error| match x {
            Error::InvalidParameter { name, .. } => name,
            Error::LengthMismatch { what, .. } => what,
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(name(err(PageRankConfig::default().alpha(1.5))), "alpha");
        assert_eq!(name(err(PageRankConfig::default().alpha(f64::NAN))), "alpha");
        assert_eq!(name(err(PageRankConfig::default().tol(0.0))), "tol");
        assert_eq!(name(err(PageRankConfig::default().personalization(Some(vec![0.0; 5])))), "personalization");
        assert_eq!(name(err(PageRankConfig::default().personalization(Some(vec![1.0; 4])))), "personalization");
        let neg = Some(vec![1.0, -1.0, 1.0, 1.0, 1.0]);
        assert_eq!(name(err(PageRankConfig::default().personalization(neg))), "personalization");
        let nan = Some(vec![1.0, f64::NAN, 1.0, 1.0, 1.0]);
        assert_eq!(name(err(PageRankConfig::default().dangling(nan))), "dangling");
        assert_eq!(name(err(PageRankConfig::default().nstart(Some(vec![0.0; 5])))), "nstart");
        let gneg = GraphBuilder::directed().build(2, &[0, 1], &[1, 0], Some(EdgeWeights::F64(&[1.0, -2.0])), &e).expect("g");
        let r = pagerank(&gneg, &PageRankConfig::default(), &e);
        assert!(matches!(r, Err(Error::InvalidWeight { edge: 1, problem: WeightProblem::Negative, .. })));
        // Unweighted use of the same graph is fine.
        assert!(pagerank(&gneg, &PageRankConfig::default().weighted(false), &e).is_ok());
        let empty = GraphBuilder::directed().build(0, &[], &[], None, &e).expect("g");
        assert!(pagerank(&empty, &PageRankConfig::default(), &e).expect("empty").is_empty());
        let c = exec(1);
        c.token().cancel();
        assert_eq!(pagerank(&g, &PageRankConfig::default(), &c), Err(Error::Cancelled));
    }

    fn graph_strategy() -> impl Strategy<Value = (u32, Vec<(u32, u32, f64)>, bool)> {
        (1u32..30).prop_flat_map(|n| {
            let e = (0..n, 0..n, (0u32..6).prop_map(f64::from));
            (Just(n), prop::collection::vec(e, 0..120), any::<bool>())
        })
    }

    proptest! {
        #[test]
        fn sums_to_one_and_non_negative((n, edges, directed) in graph_strategy(), alpha in 0.0f64..0.95) {
            let e = exec(2);
            let g = build(n, &edges, directed, &e);
            let pr = pagerank(&g, &PageRankConfig::default().alpha(alpha).max_iter(1000), &e).expect("pagerank");
            prop_assert!((pr.sum() - 1.0).abs() < 1e-9, "sum {}", pr.sum());
            prop_assert!(pr.iter().all(|&x| x >= 0.0));
        }
    }
}
