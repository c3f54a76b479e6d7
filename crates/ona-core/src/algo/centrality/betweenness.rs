//! Exact shortest-path betweenness centrality (Brandes), NetworkX semantics.

use super::brandes::{Metric, Sssp, node_count_u32, reach_bounds, rescale, sum_over_sources};
use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Options of [`betweenness_centrality`]; `Default` is NetworkX's
/// `betweenness_centrality(G)` (normalized, no endpoints, unweighted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BetweennessConfig {
    /// Divide by the number of `(s, t)` pairs (NetworkX `normalized`, default `true`).
    pub normalized: bool,
    /// Count the endpoints `s` and `t` as on the path (NetworkX `endpoints`, default `false`).
    pub endpoints: bool,
    /// Use edge weights as distances (NetworkX `weight="weight"`; default
    /// `false`, every edge has length 1). Ignored on graphs without weights.
    pub weighted: bool,
}

impl Default for BetweennessConfig {
    fn default() -> Self {
        Self { normalized: true, endpoints: false, weighted: false }
    }
}

impl BetweennessConfig {
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

/// Shortest-path betweenness of every node:
/// `c(v) = sum over s != v != t of sigma(s, t | v) / sigma(s, t)`.
///
/// Same values as NetworkX's `betweenness_centrality(G, normalized=...,
/// weight=..., endpoints=...)`, including `_rescale`: undirected graphs count
/// each unordered pair once; normalized values divide by `(N - 1)(N - 2)`
/// pairs (directed) or `(N - 1)(N - 2) / 2` (undirected) with `N = n`, or
/// `n(n - 1)` / `n(n - 1) / 2` with endpoints; nothing is rescaled when fewer
/// than two such nodes exist. Self loops never lie on shortest paths.
/// Weighted paths compare lengths exactly (no tolerance), as NetworkX does.
///
/// Complexity: `O(n m)` time unweighted, `O(n m + n^2 log n)` weighted;
/// `O(n + m)` memory per thread plus `O(n)` per live partial vector.
///
/// Parallelism: over sources, in fixed chunks of 64 whose partial sums are
/// combined along a fixed tree, so the result is bitwise identical at every
/// thread count. Progress phase `"betweenness"`, one unit per source.
///
/// Errors: [`Error::InvalidWeight`](crate::Error::InvalidWeight) if
/// `weighted` and some weight is negative or zero (NetworkX requires
/// positive weights but does not check); [`Error::Cancelled`](crate::Error::Cancelled)
/// / [`Error::DeadlineExceeded`](crate::Error::DeadlineExceeded) from `exec`.
/// An empty graph gives empty scores.
///
/// Papers: U. Brandes, *A faster algorithm for betweenness centrality*,
/// J. Math. Sociol. 25(2), 2001; *On variants of shortest-path betweenness
/// centrality and their generic computation*, Social Networks 30(2), 2008.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{BetweennessConfig, betweenness_centrality};
/// let exec = Exec::sequential()?;
/// // The path 0 - 1 - 2: only 1 lies between two others.
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// let bc = betweenness_centrality(&g, &BetweennessConfig::default(), &exec)?;
/// assert_eq!(bc.0, vec![0.0, 1.0, 0.0]);
/// let raw = betweenness_centrality(&g, &BetweennessConfig::default().normalized(false).endpoints(true), &exec)?;
/// assert_eq!(raw.0, vec![2.0, 3.0, 2.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn betweenness_centrality<A: Adjacency>(g: &Graph<A>, cfg: &BetweennessConfig, exec: &Exec) -> Result<Scores> {
    exec.check()?;
    exec.install(|| {
        let n = node_count_u32(g)?;
        let sources: Vec<u32> = (0..n).collect();
        let metric = Metric::for_graph(g, cfg.weighted)?;
        let mut bc = source_dependencies(g, metric, &sources, cfg.endpoints, exec)?;
        rescale(&mut bc, g.node_count(), cfg.normalized, g.is_directed(), cfg.endpoints, None);
        Ok(Scores(bc))
    })
}

/// Sum over `sources` of the per-source dependencies (NetworkX's accumulation
/// loop, before `_rescale`). Runs on the current pool.
pub(crate) fn source_dependencies<A: Adjacency>(
    g: &Graph<A>,
    metric: Metric,
    sources: &[u32],
    endpoints: bool,
    exec: &Exec,
) -> Result<Vec<f64>> {
    let n = g.node_count();
    let tracker = exec.tracker("betweenness", sources.len() as u64);
    let adj = g.out_adj();
    let reach = reach_bounds(g);
    sum_over_sources(n, metric, sources, n, &tracker, |sc: &mut Sssp, s, out| {
        sc.search(adj, s, None, reach[s as usize] as usize);
        sc.accumulate_nodes(adj, s, out, endpoints);
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::algo::centrality::betweenness_testdata as data;
    use crate::error::{Error, WeightProblem};
    use crate::exec::CancelToken;
    use crate::graph::{EdgeWeights, GraphBuilder};

    /// NetworkX's `_rescale`, written out per case from its source.
    fn nx_rescale(raw: &[f64], n: usize, normalized: bool, directed: bool, endpoints: bool) -> Vec<f64> {
        let big_n = if endpoints { n } else { n.saturating_sub(1) } as f64;
        if big_n < 2.0 {
            return raw.to_vec();
        }
        let scale = match (normalized, directed) {
            (true, _) => 1.0 / (big_n * (big_n - 1.0)),
            (false, true) => 1.0,
            (false, false) => 0.5,
        };
        raw.iter().map(|x| x * scale).collect()
    }

    fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol * (1.0 + y.abs()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn matches_definition(t in data::tiny_graph(), normalized in any::<bool>(), endpoints in any::<bool>(), weighted in any::<bool>()) {
            let exec = Exec::sequential().expect("pool");
            let g = data::build(&t, &exec);
            let cfg = BetweennessConfig::default().normalized(normalized).endpoints(endpoints).weighted(weighted);
            let got = betweenness_centrality(&g, &cfg, &exec).expect("runs");
            let want = nx_rescale(&t.node_raw(weighted, endpoints), t.n, normalized, t.directed, endpoints);
            prop_assert!(close(&got.0, &want, 1e-12), "got {:?}\nwant {:?}", got.0, want);
            let gc = g.compress(&exec);
            prop_assert_eq!(betweenness_centrality(&gc, &cfg, &exec).expect("runs"), got);
        }
    }

    #[test]
    fn karate_matches_networkx() {
        use data::{KARATE_BC, KARATE_BC_WEIGHTED, KARATE_BC_RAW_ENDPOINTS};
        let exec = Exec::with_threads(2).expect("pool");
        let g = data::karate(true, &exec);
        let bc = betweenness_centrality(&g, &BetweennessConfig::default(), &exec).expect("runs");
        assert!(close(&bc.0, &KARATE_BC, 1e-12), "{:?}", bc.0);
        let raw = betweenness_centrality(&g, &BetweennessConfig::default().normalized(false).endpoints(true), &exec)
            .expect("runs");
        assert!(close(&raw.0, &KARATE_BC_RAW_ENDPOINTS, 1e-12), "{:?}", raw.0);
        let wbc = betweenness_centrality(&g, &BetweennessConfig::default().weighted(true), &exec).expect("runs");
        assert!(close(&wbc.0, &KARATE_BC_WEIGHTED, 1e-12), "{:?}", wbc.0);
        // Unweighted graph + weighted = true reads every weight as 1.
        let gu = data::karate(false, &exec);
        let ubc = betweenness_centrality(&gu, &BetweennessConfig::default().weighted(true), &exec).expect("runs");
        assert!(close(&ubc.0, &KARATE_BC, 1e-12));
    }

    #[test]
    fn kite_and_directed_match_networkx() {
        use data::{DIGRAPH, DIGRAPH_BC, DIGRAPH_BC_ENDPOINTS, KITE, KITE_BC};
        let exec = Exec::sequential().expect("pool");
        let (s, d): (Vec<u32>, Vec<u32>) = KITE.iter().copied().unzip();
        let g = GraphBuilder::undirected().build(10, &s, &d, None, &exec).expect("kite");
        let bc = betweenness_centrality(&g, &BetweennessConfig::default(), &exec).expect("runs");
        assert!(close(&bc.0, &KITE_BC, 1e-12), "{:?}", bc.0);
        let (s, d): (Vec<u32>, Vec<u32>) = DIGRAPH.iter().copied().unzip();
        let g = GraphBuilder::directed().build(8, &s, &d, None, &exec).expect("digraph");
        let bc = betweenness_centrality(&g, &BetweennessConfig::default(), &exec).expect("runs");
        assert!(close(&bc.0, &DIGRAPH_BC, 1e-12), "{:?}", bc.0);
        let cfg = BetweennessConfig::default().endpoints(true).normalized(false);
        let bc = betweenness_centrality(&g, &cfg, &exec).expect("runs");
        assert!(close(&bc.0, &DIGRAPH_BC_ENDPOINTS, 1e-12), "{:?}", bc.0);
    }

    #[test]
    fn threads_and_storage_give_identical_bits() {
        let exec1 = Exec::sequential().expect("pool");
        let exec4 = Exec::with_threads(4).expect("pool");
        let g = data::random_graph(300, 1500, false, true, 11, &exec1);
        for cfg in [BetweennessConfig::default(), BetweennessConfig::default().weighted(true).endpoints(true)] {
            let a = betweenness_centrality(&g, &cfg, &exec1).expect("runs");
            let b = betweenness_centrality(&g, &cfg, &exec4).expect("runs");
            let c = betweenness_centrality(&g.compress(&exec4), &cfg, &exec4).expect("runs");
            assert!(a.0.iter().zip(&b.0).all(|(x, y)| x.to_bits() == y.to_bits()));
            assert_eq!(b, c);
        }
    }

    #[test]
    fn bad_weights_and_cancellation() {
        let exec = Exec::sequential().expect("pool");
        let g = GraphBuilder::undirected()
            .build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&[1.0, -2.0])), &exec)
            .expect("builds");
        let err = betweenness_centrality(&g, &BetweennessConfig::default().weighted(true), &exec).expect_err("must fail");
        assert!(matches!(err, Error::InvalidWeight { weight, problem: WeightProblem::Negative, .. } if weight == -2.0));
        // Unweighted ignores weights.
        assert!(betweenness_centrality(&g, &BetweennessConfig::default(), &exec).is_ok());
        let g0 = GraphBuilder::undirected()
            .build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F32(&[0.0, 1.0])), &exec)
            .expect("builds");
        let err = betweenness_centrality(&g0, &BetweennessConfig::default().weighted(true), &exec).expect_err("must fail");
        assert!(matches!(err, Error::InvalidWeight { problem: WeightProblem::Zero, .. }));

        let token = CancelToken::new();
        token.cancel();
        let cancelled = Exec::sequential().expect("pool").cancel_token(token);
        assert_eq!(betweenness_centrality(&g, &BetweennessConfig::default(), &cancelled), Err(Error::Cancelled));
    }

    #[test]
    fn tiny_and_empty_graphs() {
        let exec = Exec::sequential().expect("pool");
        let empty = GraphBuilder::undirected().build(0, &[], &[], None, &exec).expect("builds");
        assert!(betweenness_centrality(&empty, &BetweennessConfig::default(), &exec).expect("runs").0.is_empty());
        // n = 2 with endpoints: N = 2, each endpoint is on the one path.
        let two = GraphBuilder::undirected().build(2, &[0], &[1], None, &exec).expect("builds");
        let bc = betweenness_centrality(&two, &BetweennessConfig::default().endpoints(true), &exec).expect("runs");
        assert_eq!(bc.0, vec![1.0, 1.0]);
        // n = 2 without endpoints: N = 1 < 2, raw values (zero) returned.
        let bc = betweenness_centrality(&two, &BetweennessConfig::default(), &exec).expect("runs");
        assert_eq!(bc.0, vec![0.0, 0.0]);
    }
}
