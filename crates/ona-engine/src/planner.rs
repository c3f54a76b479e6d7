//! Cost estimates before running an algorithm, and the choice between exact
//! and approximate betweenness.
//!
//! The model counts arc visits (`a` arcs: `m` directed, `2m` undirected) and
//! per-node state, with per-visit costs measured on this code base
//! (`cargo run --release -p ona-benches --bin ona-engine -- planner`
//! prints measured vs estimated). Estimates are meant to be within a small
//! factor, enough to pick a method and to refuse a job that cannot fit.

/// Algorithms the planner knows.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Algorithm {
    /// In/out degree and strength.
    Degree,
    /// PageRank (power iteration, ~30 iterations warm or cold).
    PageRank,
    /// Weakly connected components.
    Components,
    /// k-hop neighbourhood of one node.
    KHop {
        /// Hops.
        k: u32,
    },
    /// Local clustering coefficients.
    Clustering,
    /// Core numbers.
    CoreNumber,
    /// Closeness or harmonic centrality (one BFS per node).
    Closeness,
    /// Exact betweenness (Brandes).
    Betweenness,
    /// Betweenness from `samples` sampled shortest paths (Riondato–Kornaropoulos).
    ApproxBetweenness {
        /// Samples.
        samples: u64,
    },
    /// Louvain or Leiden communities.
    Communities,
}

impl Algorithm {
    /// snake_case name (metrics label).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Degree => "degree",
            Self::PageRank => "pagerank",
            Self::Components => "components",
            Self::KHop { .. } => "k_hop",
            Self::Clustering => "clustering",
            Self::CoreNumber => "core_number",
            Self::Closeness => "closeness",
            Self::Betweenness => "betweenness",
            Self::ApproxBetweenness { .. } => "approx_betweenness",
            Self::Communities => "communities",
        }
    }
}

/// What running an algorithm is expected to cost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Peak extra memory (bytes) beyond the graph.
    pub memory_bytes: u64,
    /// Wall-clock seconds on `threads` threads.
    pub seconds: f64,
    /// Threads assumed.
    pub threads: usize,
}

const NS: f64 = 1e-9;

/// Estimate `algorithm` on a graph of `n` nodes and `m` edges.
pub fn estimate(n: u64, m: u64, directed: bool, algorithm: Algorithm, threads: usize) -> Estimate {
    let t = threads.max(1) as f64;
    let (nf, arcs) = (n as f64, if directed { m as f64 } else { 2.0 * m as f64 });
    let avg = if n == 0 { 0.0 } else { arcs / nf };
    let (seconds, memory) = match algorithm {
        Algorithm::Degree => ((nf + arcs) * 0.5 * NS / t, 16.0 * nf),
        Algorithm::PageRank => (30.0 * (arcs * 1.5 + nf * 2.0) * NS / t, 32.0 * nf),
        Algorithm::Components => ((arcs * 8.0 + nf * 6.0) * NS / t + 3e-4, 8.0 * nf),
        Algorithm::KHop { k } => {
            let reach = avg.max(1.0).powi(i32::try_from(k.min(8)).unwrap_or(8)).min(arcs.max(1.0));
            (reach * 10.0 * NS + 2e-6, 8.0 * reach.min(nf))
        }
        Algorithm::Clustering => (arcs * avg.max(1.0) * 2.0 * NS / t, 16.0 * nf),
        Algorithm::CoreNumber => ((arcs + nf) * 6.0 * NS, 12.0 * nf),
        Algorithm::Closeness => (nf * (arcs * 2.5 + nf) * NS / t, 12.0 * nf * t + 8.0 * nf),
        Algorithm::Betweenness => (nf * (arcs * 18.0 + nf * 4.0) * NS / t, 28.0 * nf * t + 8.0 * nf),
        Algorithm::ApproxBetweenness { samples } => (samples as f64 * (arcs * 12.0 + nf * 2.0) * NS / t, 28.0 * nf * t + 8.0 * nf),
        Algorithm::Communities => (arcs * 60.0 * NS / t.sqrt(), 48.0 * nf + 16.0 * arcs),
    };
    Estimate { algorithm, memory_bytes: memory as u64, seconds, threads }
}

/// How [`crate::Tenant::betweenness`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum BetweennessMode {
    /// Exact when its estimate fits the tier's budget, approximate otherwise.
    #[default]
    Auto,
    /// Always exact (the caller insists).
    Exact,
    /// Approximate to within `epsilon` (absolute, on the normalized scale)
    /// with probability `1 - delta`.
    Approximate {
        /// Additive error bound.
        epsilon: f64,
        /// Failure probability.
        delta: f64,
    },
}

/// Samples Riondato–Kornaropoulos needs for `(epsilon, delta)` with vertex
/// diameter bound `vd` (their Theorem: `c/ε² (⌊log₂(vd − 2)⌋ + 1 + ln(1/δ))`, c = 0.5).
pub(crate) fn samples_for(epsilon: f64, delta: f64, n: u64) -> u64 {
    let vd = n.max(4) as f64;
    let r = 0.5 / (epsilon * epsilon) * ((vd - 2.0).log2().floor() + 1.0 + (1.0 / delta).ln());
    r.ceil() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monotone_in_size_and_threads() {
        let small = estimate(1_000, 10_000, false, Algorithm::Betweenness, 2);
        let big = estimate(50_000, 500_000, false, Algorithm::Betweenness, 2);
        let more = estimate(50_000, 500_000, false, Algorithm::Betweenness, 16);
        assert!(small.seconds < big.seconds && more.seconds < big.seconds);
        assert!(big.seconds > 10.0, "50k-node exact betweenness is not interactive: {}", big.seconds);
        assert!(samples_for(0.01, 0.1, 50_000) > 10_000);
    }
}
