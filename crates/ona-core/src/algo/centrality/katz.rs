//! Katz centrality by power iteration.

use std::mem;

use super::power::{check_finite, check_tol, map_in_place, pull_map};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// The constant term of Katz centrality.
#[derive(Debug, Clone, PartialEq)]
pub enum Beta {
    /// The same value for every node (NetworkX scalar `beta`).
    Uniform(f64),
    /// One value per node (NetworkX `beta` dict with every node).
    PerNode(Vec<f64>),
}

impl Default for Beta {
    fn default() -> Self {
        Self::Uniform(1.0)
    }
}

impl Beta {
    #[inline]
    fn at(&self, v: usize) -> f64 {
        match self {
            Self::Uniform(b) => *b,
            Self::PerNode(b) => b[v],
        }
    }
}

/// Configuration of [`katz_centrality`]; `Default` is NetworkX's.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KatzConfig {
    /// Attenuation factor (default 0.1); converges when below
    /// `1 / λ_max` of the adjacency matrix.
    pub alpha: f64,
    /// Constant term (default `Uniform(1.0)`).
    pub beta: Beta,
    /// Iteration limit (default 1000).
    pub max_iter: u32,
    /// Stop once the L1 change of one iteration is below `n * tol`
    /// (default 1e-6).
    pub tol: f64,
    /// Starting vector, used as given (default all zeros).
    pub nstart: Option<Vec<f64>>,
    /// Scale the result to unit Euclidean norm (default `true`).
    pub normalized: bool,
    /// Use arc weights (NetworkX `weight="weight"`); default `false`.
    pub weighted: bool,
}

impl Default for KatzConfig {
    fn default() -> Self {
        Self { alpha: 0.1, beta: Beta::default(), max_iter: 1000, tol: 1e-6, nstart: None, normalized: true, weighted: false }
    }
}

impl KatzConfig {
    /// Set [`KatzConfig::alpha`].
    #[must_use]
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }
    /// Set [`KatzConfig::beta`].
    #[must_use]
    pub fn beta(mut self, beta: Beta) -> Self {
        self.beta = beta;
        self
    }
    /// Set [`KatzConfig::max_iter`].
    #[must_use]
    pub fn max_iter(mut self, max_iter: u32) -> Self {
        self.max_iter = max_iter;
        self
    }
    /// Set [`KatzConfig::tol`].
    #[must_use]
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }
    /// Set [`KatzConfig::nstart`].
    #[must_use]
    pub fn nstart(mut self, nstart: Option<Vec<f64>>) -> Self {
        self.nstart = nstart;
        self
    }
    /// Set [`KatzConfig::normalized`].
    #[must_use]
    pub fn normalized(mut self, normalized: bool) -> Self {
        self.normalized = normalized;
        self
    }
    /// Set [`KatzConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, weighted: bool) -> Self {
        self.weighted = weighted;
        self
    }
}

/// Katz centrality: `x = α Aᵀx + β`, counting walks into each node with
/// weight `α` per step.
///
/// NetworkX: `nx.katz_centrality(G, alpha, beta, max_iter, tol, nstart,
/// normalized, weight)` (the power-iteration version): the same iteration
/// `x ← α Aᵀx + β` from `nstart` (zeros by default), the same stopping
/// rule (L1 change `< n * tol`) and the same final scaling to unit
/// Euclidean norm (left alone when the norm is zero). Directed graphs use
/// in-arcs; an undirected self loop counts once.
///
/// Complexity `O(m)` per iteration, at most `max_iter` iterations. Parallel
/// over node blocks, pulling over in-neighbours in ascending order, with
/// sums reduced in fixed blocks: bitwise identical for any thread count and
/// for plain or compressed storage.
///
/// Errors: [`Error::InvalidParameter`] for a non-finite `alpha`, a
/// non-finite `beta` or `nstart` value, or a non-positive `tol`;
/// [`Error::LengthMismatch`] for a per-node `beta` or `nstart` of the wrong
/// length (NetworkX: "beta dictionary must have a value for every node");
/// [`Error::NotConverged`] after `max_iter` iterations (e.g. `alpha ≥
/// 1/λ_max`); cancellation. An empty graph gives empty scores.
///
/// Reference: L. Katz, "A new status index derived from sociometric
/// analysis", Psychometrika 18(1), 1953.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{katz_centrality, KatzConfig};
/// let exec = Exec::sequential()?;
/// // nx.katz_centrality(nx.path_graph(4), 1 / phi - 0.01) ~ [0.37, 0.60, 0.60, 0.37]
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2], &[1, 2, 3], None, &exec)?;
/// let phi = (1.0 + 5f64.sqrt()) / 2.0;
/// let x = katz_centrality(&g, &KatzConfig::default().alpha(1.0 / phi - 0.01), &exec)?;
/// assert!((x[0] - 0.37).abs() < 5e-3 && (x[1] - 0.60).abs() < 5e-3);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn katz_centrality<A: Adjacency>(g: &Graph<A>, cfg: &KatzConfig, exec: &Exec) -> Result<Scores> {
    let n = g.node_count();
    if !cfg.alpha.is_finite() {
        return Err(Error::invalid_param("alpha", cfg.alpha, "a finite attenuation factor"));
    }
    check_tol(cfg.tol)?;
    match &cfg.beta {
        Beta::Uniform(b) if !b.is_finite() => return Err(Error::invalid_param("beta", b, "a finite value")),
        Beta::Uniform(_) => {}
        Beta::PerNode(b) => check_finite("beta", b, n)?,
    }
    let mut x = match &cfg.nstart {
        Some(v) => {
            check_finite("nstart", v, n)?;
            v.clone()
        }
        None => vec![0.0; n],
    };
    if n == 0 {
        return Ok(Scores::default());
    }
    let weighted = cfg.weighted && g.is_weighted();
    let limit = n as f64 * cfg.tol;
    let tracker = exec.tracker("katz_centrality", u64::from(cfg.max_iter));
    exec.install(|| {
        let mut y = vec![0.0f64; n];
        for _ in 0..cfg.max_iter {
            tracker.advance(1)?;
            let [err, sq] = pull_map(g.in_adj(), weighted, &x, &mut y, exec, |v, s| {
                let yv = cfg.alpha * s + cfg.beta.at(v);
                (yv, [(yv - x[v]).abs(), yv * yv])
            });
            exec.check()?;
            mem::swap(&mut x, &mut y);
            if err < limit {
                // NetworkX: `s = 1.0 / math.hypot(*x.values())`, 1 on ZeroDivisionError.
                let norm = sq.sqrt();
                if cfg.normalized && norm != 0.0 {
                    let s = 1.0 / norm;
                    map_in_place(&mut x, |_, xv| {
                        *xv *= s;
                        []
                    });
                }
                return Ok(Scores(x));
            }
        }
        Err(Error::NotConverged { algorithm: "katz_centrality", iterations: cfg.max_iter, tolerance: cfg.tol })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::centrality::power::test_util::{close, exec};
    use crate::graph::{EdgeWeights, GraphBuilder};

    /// G = nx.DiGraph(); G.add_weighted_edges_from([(0,1,2.0),(1,2,1.0),(2,0,1.0),(2,1,3.0),(3,0,0.5),(0,0,1.5)])
    fn small() -> Graph {
        let w = [2.0, 1.0, 1.0, 3.0, 0.5, 1.5];
        GraphBuilder::directed()
            .build(4, &[0, 1, 2, 2, 3, 0], &[1, 2, 0, 1, 0, 0], Some(EdgeWeights::F64(&w)), &exec(1))
            .expect("g")
    }

    #[test]
    fn matches_networkx() {
        let g = small();
        let e = exec(2);
        let k = |cfg: &KatzConfig| katz_centrality(&g, cfg, &e).expect("katz").0;
        // nx.katz_centrality(G)
        close(&k(&KatzConfig::default()), &KATZ_D, 1e-14);
        // nx.katz_centrality(G, alpha=0.2, beta={0: 1, 1: 0.5, 2: 2, 3: 0}, weight="weight",
        //                    normalized=False, nstart={0: 1, 1: 1, 2: 1, 3: 1})
        let cfg = KatzConfig::default()
            .alpha(0.2)
            .beta(Beta::PerNode(vec![1.0, 0.5, 2.0, 0.0]))
            .weighted(true)
            .normalized(false)
            .nstart(Some(vec![1.0; 4]));
        close(&k(&cfg), &KATZ_DW, 1e-13);
        // nx.katz_centrality(nx.Graph([(0, 1), (1, 2), (2, 2), (2, 3)]), alpha=0.3)
        let u = GraphBuilder::undirected().build(4, &[0, 1, 2, 2], &[1, 2, 2, 3], None, &e).expect("u");
        close(&katz_centrality(&u, &KatzConfig::default().alpha(0.3), &e).expect("katz"), &KATZ_U, 1e-14);
        // alpha above 1/lambda_max: nx raises PowerIterationFailedConvergence.
        let r = katz_centrality(&g, &KatzConfig::default().alpha(0.9).weighted(true), &e);
        assert!(matches!(r, Err(Error::NotConverged { algorithm: "katz_centrality", iterations: 1000, .. })));
    }

    const KATZ_D: [f64; 4] = [0.5675011067607166, 0.5253763332645721, 0.47378533964305675, 0.4212477349614456];
    const KATZ_DW: [f64; 4] = [2.166666048771125, 2.9166654766038125, 2.583332822164981, 0.0];
    const KATZ_U: [f64; 4] = [0.352084258372936, 0.5079458664897798, 0.6754004719522719, 0.40232061121520324];

    #[test]
    fn same_across_threads_and_storage() {
        let e1 = exec(1);
        let e4 = exec(4);
        let n = 3000u32;
        let src: Vec<u32> = (0..20_000u32).map(|i| (i * 7919) % n).collect();
        let dst: Vec<u32> = (0..20_000u32).map(|i| (i * 104_729 + 13) % n).collect();
        for directed in [false, true] {
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, None, &e1).expect("g");
            let gc = g.compress(&e1);
            let cfg = KatzConfig::default().alpha(0.05);
            let a = katz_centrality(&g, &cfg, &e1).expect("katz");
            assert_eq!(a, katz_centrality(&g, &cfg, &e4).expect("katz"));
            assert_eq!(a, katz_centrality(&gc, &cfg, &e4).expect("katz"));
        }
    }

    #[test]
    fn bad_inputs_and_edge_cases() {
        let g = small();
        let e = exec(1);
        let err = |cfg: KatzConfig| katz_centrality(&g, &cfg, &e).expect_err("must fail");
        assert!(matches!(err(KatzConfig::default().alpha(f64::INFINITY)), Error::InvalidParameter { name: "alpha", .. }));
        assert!(matches!(err(KatzConfig::default().tol(0.0)), Error::InvalidParameter { name: "tol", .. }));
        assert!(matches!(err(KatzConfig::default().beta(Beta::Uniform(f64::NAN))), Error::InvalidParameter { name: "beta", .. }));
        assert!(matches!(err(KatzConfig::default().beta(Beta::PerNode(vec![1.0; 3]))), Error::LengthMismatch { what: "beta", .. }));
        assert!(matches!(err(KatzConfig::default().nstart(Some(vec![1.0; 5]))), Error::LengthMismatch { what: "nstart", .. }));
        let empty = GraphBuilder::directed().build(0, &[], &[], None, &e).expect("g");
        assert!(katz_centrality(&empty, &KatzConfig::default(), &e).expect("katz").is_empty());
        // beta = 0 everywhere: the zero vector, left unscaled (NetworkX's ZeroDivisionError branch).
        let z = katz_centrality(&g, &KatzConfig::default().beta(Beta::Uniform(0.0)), &e).expect("katz");
        assert_eq!(z.0, vec![0.0; 4]);
    }
}
