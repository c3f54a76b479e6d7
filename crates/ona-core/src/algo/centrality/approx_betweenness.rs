//! Betweenness from `k` sampled sources (Brandes–Pich), NetworkX's
//! `betweenness_centrality(G, k=k, seed=...)`.

use rand::Rng;

use super::betweenness::source_dependencies;
use super::brandes::{Metric, node_count_u32, rescale};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Options of [`approx_betweenness_centrality`]; `Default` is NetworkX's
/// `betweenness_centrality(G)` (`k=None`: every node is a source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApproxBetweennessConfig {
    /// Number of sampled sources (NetworkX `k`); `None` (default) or
    /// `Some(n)` uses every node and gives exact values.
    pub k: Option<usize>,
    /// Divide by the number of `(s, t)` pairs (default `true`).
    pub normalized: bool,
    /// Count endpoints as on the path (default `false`).
    pub endpoints: bool,
    /// Use edge weights as distances (default `false`).
    pub weighted: bool,
}

impl Default for ApproxBetweennessConfig {
    fn default() -> Self {
        Self { k: None, normalized: true, endpoints: false, weighted: false }
    }
}

impl ApproxBetweennessConfig {
    /// Sample `k` sources, other options at their defaults.
    pub fn new(k: usize) -> Self {
        Self { k: Some(k), ..Self::default() }
    }
    /// Number of sampled sources.
    #[must_use]
    pub fn k(mut self, k: usize) -> Self {
        self.k = Some(k);
        self
    }
    /// Divide by the number of `(s, t)` pairs.
    #[must_use]
    pub fn normalized(mut self, yes: bool) -> Self {
        self.normalized = yes;
        self
    }
    /// Count endpoints as on the path.
    #[must_use]
    pub fn endpoints(mut self, yes: bool) -> Self {
        self.endpoints = yes;
        self
    }
    /// Use edge weights as distances.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// Betweenness estimated from `k` sources drawn without replacement, all
/// nodes being targets, rescaled exactly as NetworkX's
/// `betweenness_centrality(G, k=k, normalized=..., weight=..., endpoints=...)`:
/// sums are inflated by `n / k` (undirected sums halved), and without
/// endpoints the sampled sources themselves are scaled by `k - 1` instead of
/// `k` (so a single sampled source gets NaN, as in NetworkX). `k == n` is
/// exact [`betweenness_centrality`](super::betweenness_centrality).
///
/// The sources are the first `k` of a Fisher–Yates shuffle of the nodes
/// driven by `exec.rng(0)`: the same seed gives the same sources, and the
/// same bits, at any thread count. (Python's `random.sample` cannot be
/// reproduced, so values agree with NetworkX for the same *source set*.)
///
/// Complexity: `O(k m)` unweighted, `O(k (m + n log n))` weighted, plus
/// `O(n)` for the sample. Parallel over sources as the exact version;
/// progress phase `"betweenness"`, one unit per source.
///
/// Errors: [`Error::InvalidParameter`] if `k == 0` or `k > n`;
/// [`Error::InvalidWeight`] for a negative or zero weight when `weighted`;
/// [`Error::Cancelled`] / [`Error::DeadlineExceeded`] from `exec`.
///
/// Paper: U. Brandes, C. Pich, *Centrality estimation in large networks*,
/// Int. J. Bifurcation and Chaos 17(7), 2007.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{ApproxBetweennessConfig, approx_betweenness_centrality};
/// let exec = Exec::sequential()?.seed(42);
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// // k = n: exact values.
/// let bc = approx_betweenness_centrality(&g, &ApproxBetweennessConfig::new(3), &exec)?;
/// assert_eq!(bc.0, vec![0.0, 1.0, 0.0]);
/// // Two sources with endpoints: the middle node is on all 4 counted paths
/// // (raw 4), inflated by n / k = 3 / 2 and halved: 3.
/// let cfg = ApproxBetweennessConfig::new(2).endpoints(true).normalized(false);
/// let bc = approx_betweenness_centrality(&g, &cfg, &exec)?;
/// assert_eq!(bc.0[1], 3.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn approx_betweenness_centrality<A: Adjacency>(
    g: &Graph<A>,
    cfg: &ApproxBetweennessConfig,
    exec: &Exec,
) -> Result<Scores> {
    exec.check()?;
    let n = node_count_u32(g)?;
    let k = match cfg.k {
        None => n as usize,
        Some(k) if k > n as usize || (k == 0 && n > 0) => {
            return Err(Error::invalid_param("k", k, "1 <= k <= node count"));
        }
        Some(k) => k,
    };
    let sources = if k == n as usize { (0..n).collect() } else { sample_sources(n, k, exec) };
    with_sources(g, cfg, &sources, k == n as usize, exec)
}

/// The first `k` of a Fisher–Yates shuffle of `0..n` from `exec.rng(0)`.
pub(crate) fn sample_sources(n: u32, k: usize, exec: &Exec) -> Vec<u32> {
    let mut rng = exec.rng(0);
    let mut nodes: Vec<u32> = (0..n).collect();
    for i in 0..k.min(nodes.len()) {
        let j = rng.random_range(i..nodes.len());
        nodes.swap(i, j);
    }
    nodes.truncate(k);
    nodes
}

/// Betweenness from the given sources, rescaled as NetworkX (`exact`: as
/// with `k=None`).
pub(crate) fn with_sources<A: Adjacency>(
    g: &Graph<A>,
    cfg: &ApproxBetweennessConfig,
    sources: &[u32],
    exact: bool,
    exec: &Exec,
) -> Result<Scores> {
    exec.install(|| {
        let metric = Metric::for_graph(g, cfg.weighted)?;
        let mut bc = source_dependencies(g, metric, sources, cfg.endpoints, exec)?;
        let sampled = if exact { None } else { Some(sources) };
        rescale(&mut bc, g.node_count(), cfg.normalized, g.is_directed(), cfg.endpoints, sampled);
        Ok(Scores(bc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::centrality::betweenness_testdata as data;
    use crate::algo::centrality::{BetweennessConfig, betweenness_centrality};
    use crate::exec::CancelToken;
    use crate::graph::GraphBuilder;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(x, y)| (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-12 * (1.0 + y.abs()))
    }

    #[test]
    fn fixed_sources_match_networkx() {
        let exec = Exec::with_threads(2).expect("pool");
        let g = data::karate(true, &exec);
        let src = [3, 17, 0, 33, 25];
        let cfg = ApproxBetweennessConfig::new(5);
        let bc = with_sources(&g, &cfg, &src, false, &exec).expect("runs");
        assert!(close(&bc.0, &data::KARATE_K5), "{:?}", bc.0);
        let bc = with_sources(&g, &cfg.clone().normalized(false), &src, false, &exec).expect("runs");
        assert!(close(&bc.0, &data::KARATE_K5_RAW), "{:?}", bc.0);
        let bc = with_sources(&g, &cfg.endpoints(true).weighted(true), &src, false, &exec).expect("runs");
        assert!(close(&bc.0, &data::KARATE_K5_ENDPOINTS_W), "{:?}", bc.0);
        let (s, d): (Vec<u32>, Vec<u32>) = data::DIGRAPH.iter().copied().unzip();
        let dg = GraphBuilder::directed().build(8, &s, &d, None, &exec).expect("digraph");
        let bc = with_sources(&dg, &ApproxBetweennessConfig::new(1), &[2], false, &exec).expect("runs");
        assert!(close(&bc.0, &data::DIGRAPH_K1), "{:?}", bc.0);
    }

    #[test]
    fn seeded_sampling_is_thread_independent() {
        let g = data::random_graph(400, 2000, false, false, 3, &Exec::sequential().expect("pool"));
        let cfg = ApproxBetweennessConfig::new(100);
        let run = |threads: usize, seed: u64| {
            let exec = Exec::with_threads(threads).expect("pool").seed(seed);
            approx_betweenness_centrality(&g, &cfg, &exec).expect("runs")
        };
        let (a, b) = (run(1, 9), run(4, 9));
        assert!(a.0.iter().zip(&b.0).all(|(x, y)| x.to_bits() == y.to_bits()));
        assert_ne!(a, run(4, 10));
        let src = sample_sources(400, 100, &Exec::sequential().expect("pool").seed(9));
        let mut sorted = src.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
    }

    #[test]
    fn k_equal_n_is_exact_and_bad_k_errors() {
        let exec = Exec::sequential().expect("pool");
        let g = data::karate(false, &exec);
        let exact = betweenness_centrality(&g, &BetweennessConfig::default(), &exec).expect("runs");
        let all = approx_betweenness_centrality(&g, &ApproxBetweennessConfig::new(34), &exec).expect("runs");
        assert_eq!(all, exact);
        let none = approx_betweenness_centrality(&g, &ApproxBetweennessConfig::default(), &exec).expect("runs");
        assert_eq!(none, exact);
        for k in [0, 35] {
            let err = approx_betweenness_centrality(&g, &ApproxBetweennessConfig::new(k), &exec).expect_err("must fail");
            assert!(matches!(err, Error::InvalidParameter { name: "k", .. }), "{err}");
        }
        let token = CancelToken::new();
        token.cancel();
        let cancelled = Exec::sequential().expect("pool").cancel_token(token);
        let err = approx_betweenness_centrality(&g, &ApproxBetweennessConfig::new(5), &cancelled).expect_err("must fail");
        assert_eq!(err, Error::Cancelled);
    }
}
