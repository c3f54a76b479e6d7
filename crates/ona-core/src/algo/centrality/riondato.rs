//! (ε, δ)-approximate betweenness by shortest-path sampling
//! (Riondato–Kornaropoulos).

use rand::Rng;
use rayon::prelude::*;

use super::brandes::{CHUNK, Metric, Sssp, node_count_u32, reach_bounds};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Options of [`riondato_betweenness`].
#[derive(Debug, Clone, PartialEq)]
pub struct RiondatoConfig {
    /// Additive error bound on every returned value, in `(0, 1)` (default 0.01).
    pub epsilon: f64,
    /// Failure probability, in `(0, 1)` (default 0.1).
    pub delta: f64,
    /// The universal constant `c` of the sample-size bound (default 0.5, the
    /// estimate the paper uses).
    pub c: f64,
    /// At most this many samples (default none). When the bound asks for
    /// more, the cap is used and the result is marked not guaranteed.
    pub max_samples: Option<u64>,
    /// Use edge weights as distances (default `false`).
    pub weighted: bool,
}

impl Default for RiondatoConfig {
    fn default() -> Self {
        Self { epsilon: 0.01, delta: 0.1, c: 0.5, max_samples: None, weighted: false }
    }
}

impl RiondatoConfig {
    /// Additive error bound.
    #[must_use]
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.epsilon = epsilon;
        self
    }
    /// Failure probability.
    #[must_use]
    pub fn delta(mut self, delta: f64) -> Self {
        self.delta = delta;
        self
    }
    /// The constant `c` of the sample-size bound.
    #[must_use]
    pub fn c(mut self, c: f64) -> Self {
        self.c = c;
        self
    }
    /// Cap on the number of samples.
    #[must_use]
    pub fn max_samples(mut self, cap: u64) -> Self {
        self.max_samples = Some(cap);
        self
    }
    /// Use edge weights as distances.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }

    fn validate(&self) -> Result<()> {
        let open_unit = |x: f64| x > 0.0 && x < 1.0;
        if !open_unit(self.epsilon) {
            return Err(Error::invalid_param("epsilon", self.epsilon, "0 < epsilon < 1"));
        }
        if !open_unit(self.delta) {
            return Err(Error::invalid_param("delta", self.delta, "0 < delta < 1"));
        }
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(Error::invalid_param("c", self.c, "a positive finite number"));
        }
        if self.max_samples == Some(0) {
            return Err(Error::invalid_param("max_samples", 0, "at least 1"));
        }
        Ok(())
    }
}

/// Result of [`riondato_betweenness`].
#[derive(Debug, Clone, PartialEq)]
pub struct BetweennessEstimate {
    /// Estimated normalized betweenness, on NetworkX's scale
    /// (`betweenness_centrality(G)`, normalized, no endpoints).
    pub scores: Scores,
    /// Shortest paths sampled.
    pub samples: u64,
    /// The upper bound on the vertex diameter the sample size used.
    pub vertex_diameter_bound: u64,
    /// Whether the (ε, δ) guarantee holds (false only when `max_samples`
    /// cut the sample short).
    pub guaranteed: bool,
}

/// Betweenness within `epsilon` of NetworkX's normalized
/// `betweenness_centrality(G)` for every node at once, with probability at
/// least `1 - delta`.
///
/// Each of `r` samples draws an ordered pair `u != v` uniformly, runs a
/// BFS (Dijkstra if weighted) from `u` that stops once `v`'s distance is
/// settled, walks one shortest `u`–`v` path back from `v` choosing each
/// predecessor `p` with probability `sigma(p) / sigma(current)` (a uniform
/// shortest path), and counts a hit for every interior node. A hit share
/// estimates `sum over ordered pairs of sigma(u, v | w) / sigma(u, v)`
/// divided by `n (n - 1)`; NetworkX divides the same sum by
/// `(n - 1)(n - 2)` (for undirected graphs too, each pair being counted in
/// both orders), so scores are `hits / r * n / (n - 2)`, and the sample is
/// sized for `epsilon (n - 2) / n` so that the returned values meet `epsilon`.
///
/// Sample size: `r = ceil(c / eps^2 * (floor(log2(VD - 2)) + 1 + ln(1 / delta)))`
/// with `VD` an upper bound on the vertex diameter (nodes on a longest
/// shortest path): for undirected unweighted graphs, per component, one BFS
/// from its first node and `VD <= d1 + d2 + 1` with `d1 >= d2` the two largest
/// distances (the paper's 2-approximation); for directed or weighted graphs
/// the size of the largest weakly connected component (a shortest path is
/// simple). With `VD <= 2` no node can be interior and all scores are 0.
///
/// Complexity: `O(n + m)` for the bound, then `r` early-stopped searches,
/// each `O(m)` at worst. Parallel over samples; sample `i` draws from
/// `exec.rng(i)` and hits are integers, so results are identical at any
/// thread count. Progress phase `"betweenness_samples"`, one unit per sample.
///
/// Errors: [`Error::InvalidParameter`] for `epsilon` or `delta` outside
/// `(0, 1)`, a non-positive `c` or a zero cap; [`Error::InvalidWeight`] for a
/// negative or zero weight when `weighted`; [`Error::Cancelled`] /
/// [`Error::DeadlineExceeded`] from `exec`.
///
/// Paper: M. Riondato, E. M. Kornaropoulos, *Fast approximation of
/// betweenness centrality through sampling*, WSDM 2014; Data Mining and
/// Knowledge Discovery 30(2), 2016.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::{RiondatoConfig, riondato_betweenness};
/// let exec = Exec::sequential()?.seed(7);
/// // A star: the centre lies on every path between two leaves.
/// let g = GraphBuilder::undirected().build(5, &[0, 0, 0, 0], &[1, 2, 3, 4], None, &exec)?;
/// let est = riondato_betweenness(&g, &RiondatoConfig::default().epsilon(0.1), &exec)?;
/// assert_eq!(est.vertex_diameter_bound, 3);
/// assert!((est.scores.0[0] - 1.0).abs() <= 0.1);
/// assert_eq!(est.scores.0[1], 0.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn riondato_betweenness<A: Adjacency>(g: &Graph<A>, cfg: &RiondatoConfig, exec: &Exec) -> Result<BetweennessEstimate> {
    cfg.validate()?;
    exec.check()?;
    let n = node_count_u32(g)?;
    exec.install(|| {
        let metric = Metric::for_graph(g, cfg.weighted)?;
        let zeros = |vd: u64| BetweennessEstimate {
            scores: Scores(vec![0.0; n as usize]),
            samples: 0,
            vertex_diameter_bound: vd,
            guaranteed: true,
        };
        if n <= 2 {
            return Ok(zeros(u64::from(n)));
        }
        let vd = vertex_diameter_bound(g, metric, n);
        if vd <= 2 {
            return Ok(zeros(vd));
        }
        let nf = f64::from(n);
        let eps = cfg.epsilon * (nf - 2.0) / nf;
        let log_term = ((vd - 2) as f64).log2().floor() + 1.0 + (1.0 / cfg.delta).ln();
        let wanted = (cfg.c / (eps * eps) * log_term).ceil();
        // Saturating float-to-int conversion; beyond u64 the cap (or
        // cancellation) is the only way out anyway.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let wanted = wanted as u64;
        let samples = cfg.max_samples.map_or(wanted, |cap| wanted.min(cap));
        let hits = sample_hits(g, metric, n, samples, exec)?;
        let scale = nf / (nf - 2.0) / samples as f64;
        let scores = Scores(hits.iter().map(|&h| h as f64 * scale).collect());
        Ok(BetweennessEstimate { scores, samples, vertex_diameter_bound: vd, guaranteed: samples == wanted })
    })
}

/// Upper bound on the vertex diameter (see [`riondato_betweenness`]).
fn vertex_diameter_bound<A: Adjacency>(g: &Graph<A>, metric: Metric, n: u32) -> u64 {
    if g.is_directed() || metric == Metric::Weights {
        return largest_weak_component(g, n);
    }
    let mut sc = Sssp::new(n as usize, Metric::Hops);
    let mut seen = vec![false; n as usize];
    let mut vd = 1u64;
    for s in 0..n {
        if seen[s as usize] {
            continue;
        }
        sc.search(g.out_adj(), s, None, n as usize);
        let order = sc.order();
        for &v in order {
            seen[v as usize] = true;
        }
        if let [.., a, b] = order {
            vd = vd.max(u64::from(sc.hops(*a)) + u64::from(sc.hops(*b)) + 1);
        }
    }
    vd
}

fn largest_weak_component<A: Adjacency>(g: &Graph<A>, n: u32) -> u64 {
    let (out, inc) = (g.out_adj(), g.in_adj());
    let mut seen = vec![false; n as usize];
    let mut queue: Vec<u32> = Vec::new();
    let mut best = 0;
    for s in 0..n {
        if seen[s as usize] {
            continue;
        }
        seen[s as usize] = true;
        queue.clear();
        queue.push(s);
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            let mut visit = |w: u32| {
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    queue.push(w);
                }
            };
            out.for_each_neighbor(v, &mut visit);
            if g.is_directed() {
                inc.for_each_neighbor(v, &mut visit);
            }
        }
        best = best.max(queue.len());
    }
    best as u64
}

/// Interior-node hit counts over `samples` sampled shortest paths.
fn sample_hits<A: Adjacency>(g: &Graph<A>, metric: Metric, n: u32, samples: u64, exec: &Exec) -> Result<Vec<u64>> {
    let tracker = exec.tracker("betweenness_samples", samples);
    let reach = reach_bounds(g);
    let (out, inc) = (g.out_adj(), g.in_adj());
    let chunk = CHUNK as u64;
    let nu = n as usize;
    (0..samples.div_ceil(chunk))
        .into_par_iter()
        .try_fold(
            || (Sssp::new(nu, metric), vec![0u64; nu]),
            |(mut sc, mut hits), c| {
                for i in c * chunk..((c + 1) * chunk).min(samples) {
                    let mut rng = exec.rng(i);
                    let u = rng.random_range(0..n);
                    let mut v = rng.random_range(0..n - 1);
                    if v >= u {
                        v += 1;
                    }
                    sc.search(out, u, Some(v), reach[u as usize] as usize);
                    if sc.reached(v) {
                        let mut cur = v;
                        loop {
                            let x = rng.random::<f64>() * sc.sigma[cur as usize];
                            let (mut acc, mut pick) = (0.0, None);
                            sc.for_each_pred(inc, cur, |p| {
                                if pick.is_none_or(|_| acc <= x) {
                                    acc += sc.sigma[p as usize];
                                    pick = Some(p);
                                }
                            });
                            match pick {
                                Some(p) if p != u => {
                                    hits[p as usize] += 1;
                                    cur = p;
                                }
                                _ => break,
                            }
                        }
                    }
                    tracker.advance(1)?;
                }
                Ok((sc, hits))
            },
        )
        .map(|r: Result<(Sssp, Vec<u64>)>| r.map(|(_, h)| h))
        .try_reduce(
            || vec![0u64; nu],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                Ok(a)
            },
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::centrality::betweenness_testdata as data;
    use crate::algo::centrality::{BetweennessConfig, betweenness_centrality};
    use crate::exec::CancelToken;

    fn max_err(a: &Scores, b: &Scores) -> f64 {
        a.0.iter().zip(&b.0).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
    }

    /// ε = 0.05, δ = 0.1 on 200-node random graphs. The guarantee holds with
    /// probability >= 0.9 per run; these fixed seeds were checked to pass.
    #[test]
    fn within_epsilon_of_exact() {
        let exec = Exec::with_threads(2).expect("pool");
        let cfg = RiondatoConfig::default().epsilon(0.05).delta(0.1);
        for (directed, weighted, gseed) in [(false, false, 1), (true, false, 2), (false, true, 3)] {
            // Sparse (average degree 3 undirected, 4 directed): tree-like, so a
            // few nodes carry large betweenness (> 2 epsilon: all-zero estimates fail).
            // Observed max errors: 0.008 to 0.018.
            let g = data::random_graph(200, if directed { 400 } else { 300 }, directed, weighted, gseed, &exec);
            let exact = betweenness_centrality(&g, &BetweennessConfig::default().weighted(weighted), &exec).expect("runs");
            assert!(exact.0.iter().copied().fold(0.0, f64::max) > 2.0 * 0.05);
            for seed in 1..=4 {
                let est = riondato_betweenness(&g, &cfg.clone().weighted(weighted), &exec.clone().seed(seed)).expect("runs");
                assert!(est.guaranteed && est.samples > 0);
                let err = max_err(&est.scores, &exact);
                assert!(err <= 0.05, "directed={directed} weighted={weighted} seed={seed}: max error {err}");
            }
        }
    }

    #[test]
    fn identical_across_threads_and_storage() {
        let g = data::random_graph(150, 500, false, false, 4, &Exec::sequential().expect("pool"));
        let cfg = RiondatoConfig::default().epsilon(0.1);
        let a = riondato_betweenness(&g, &cfg, &Exec::sequential().expect("pool").seed(3)).expect("runs");
        let exec4 = Exec::with_threads(4).expect("pool").seed(3);
        let b = riondato_betweenness(&g, &cfg, &exec4).expect("runs");
        let c = riondato_betweenness(&g.compress(&exec4), &cfg, &exec4).expect("runs");
        assert_eq!(a, b);
        assert_eq!(b, c);
    }

    #[test]
    fn vertex_diameter_bounds() {
        let exec = Exec::sequential().expect("pool");
        // Path of 6 nodes: BFS from 0 gives distances up to 5 and 4: VD <= 10 (true 6).
        let path = crate::graph::GraphBuilder::undirected().build(6, &[0, 1, 2, 3, 4], &[1, 2, 3, 4, 5], None, &exec).expect("path");
        assert_eq!(vertex_diameter_bound(&path, Metric::Hops, 6), 10);
        let d = crate::graph::GraphBuilder::directed().build(6, &[0, 1, 3], &[1, 2, 4], None, &exec).expect("dag");
        assert_eq!(vertex_diameter_bound(&d, Metric::Hops, 6), 3);
        // A perfect matching: VD = 2, every score exactly 0 without sampling.
        let pairs = crate::graph::GraphBuilder::undirected().build(6, &[0, 2, 4], &[1, 3, 5], None, &exec).expect("matching");
        let est = riondato_betweenness(&pairs, &RiondatoConfig::default(), &exec).expect("runs");
        assert_eq!(est.vertex_diameter_bound, 2);
        assert_eq!((est.samples, est.scores.sum()), (0, 0.0));
    }

    #[test]
    fn bad_parameters_cap_and_cancellation() {
        let exec = Exec::sequential().expect("pool");
        let g = data::karate(true, &exec);
        for cfg in [
            RiondatoConfig::default().epsilon(0.0),
            RiondatoConfig::default().epsilon(1.0),
            RiondatoConfig::default().delta(f64::NAN),
            RiondatoConfig::default().c(-1.0),
            RiondatoConfig::default().max_samples(0),
        ] {
            let err = riondato_betweenness(&g, &cfg, &exec).expect_err("must fail");
            assert_eq!(err.kind(), crate::error::ErrorKind::InvalidParameter, "{cfg:?}");
        }
        let capped = riondato_betweenness(&g, &RiondatoConfig::default().max_samples(10), &exec).expect("runs");
        assert_eq!((capped.samples, capped.guaranteed), (10, false));
        let token = CancelToken::new();
        token.cancel();
        let cancelled = Exec::sequential().expect("pool").cancel_token(token);
        assert_eq!(riondato_betweenness(&g, &RiondatoConfig::default(), &cancelled), Err(Error::Cancelled));
    }
}
