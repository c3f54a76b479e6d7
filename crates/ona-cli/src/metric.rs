//! The metrics `ona metrics` knows, by name, each mapped to one engine call.

use ona_core::algo::centrality::{
    ApproxBetweennessConfig, BetweennessConfig, RiondatoConfig, ClosenessConfig, DegreeCentralityConfig, DegreeConfig, Direction,
    EigenvectorConfig, HarmonicConfig, HitsConfig, KatzConfig, PageRankConfig, approx_betweenness_centrality,
    betweenness_centrality, closeness_centrality, degree, degree_centrality, eigenvector_centrality, harmonic_centrality,
    hits, katz_centrality, pagerank, riondato_betweenness,
};
use ona_core::algo::clustering::{ClusteringConfig, TrianglesConfig, clustering, triangles};
use ona_core::algo::components::{ComponentsConfig, StrongComponentsConfig, strongly_connected_components, weakly_connected_components};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::{Adjacency, Exec, Graph};

use crate::error::{CliError, Context, Result, UsageError};
use crate::output::{Column, Values};

/// The `--metrics` help: every name with its description.
pub fn help() -> String {
    let mut s = String::from("Comma-separated metric names:\n");
    for (name, what) in METRICS {
        s.push_str(&format!("  {name:<18} {what}\n"));
    }
    s
}

/// Every metric name with a one-line description, in help order.
pub const METRICS: &[(&str, &str)] = &[
    ("degree", "number of ties (in + out for directed graphs)"),
    ("in_degree", "incoming ties (directed graphs)"),
    ("out_degree", "outgoing ties (directed graphs)"),
    ("strength", "sum of tie weights"),
    ("in_strength", "sum of incoming tie weights (directed graphs)"),
    ("out_strength", "sum of outgoing tie weights (directed graphs)"),
    ("degree_centrality", "degree / (n - 1)"),
    ("pagerank", "PageRank, alpha 0.85, weighted when the graph is"),
    ("betweenness", "shortest-path betweenness, normalized (exact; see --betweenness-samples/-epsilon)"),
    ("closeness", "closeness centrality (Wasserman-Faust for disconnected graphs)"),
    ("harmonic", "harmonic centrality (sum of 1/distance)"),
    ("eigenvector", "eigenvector centrality (unweighted, as NetworkX's default)"),
    ("katz", "Katz centrality, alpha 0.1, beta 1 (unweighted)"),
    ("hits", "HITS hub and authority scores (two columns)"),
    ("clustering", "local clustering coefficient (unweighted)"),
    ("triangles", "triangles through each node (undirected graphs)"),
    ("core", "core number (k-core)"),
    ("components", "weakly connected component label"),
    ("strong_components", "strongly connected component label (directed graphs)"),
];

/// How metrics use the graph, from the command line.
#[derive(Debug, Clone, Default)]
pub struct MetricOptions {
    /// Use weights as distances in path metrics (betweenness, closeness, harmonic).
    pub weighted_paths: bool,
    /// Estimate betweenness from this many sampled sources.
    pub betweenness_samples: Option<usize>,
    /// Estimate betweenness within this additive error (Riondato–Kornaropoulos).
    pub betweenness_epsilon: Option<f64>,
}

fn known() -> String {
    METRICS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
}

/// Check that every name is a known metric (before loading anything).
pub fn check_names(names: &[String]) -> Result<()> {
    match names.iter().find(|name| !METRICS.iter().any(|(n, _)| n == name)) {
        Some(name) => Err(UsageError::UnknownMetric { name: name.clone(), known: known() }.into()),
        None => Ok(()),
    }
}

/// Check that every metric applies to `g`.
pub fn validate<A: Adjacency>(names: &[String], g: &Graph<A>) -> Result<()> {
    check_names(names)?;
    for name in names {
        if name == "triangles" && g.is_directed() {
            return Err(UsageError::MetricNeeds { name: name.clone(), needs: "undirected" }.into());
        }
        let directed_only = ["in_degree", "out_degree", "in_strength", "out_strength", "strong_components"];
        if directed_only.contains(&name.as_str()) && !g.is_directed() {
            return Err(UsageError::MetricNeeds { name: name.clone(), needs: "directed (--directed)" }.into());
        }
    }
    Ok(())
}

fn f64s(name: &str, s: ona_core::Scores) -> Vec<Column> {
    vec![Column { name: name.into(), values: Values::F64(s.into_vec()) }]
}

fn u32s(name: &str, p: ona_core::Partition) -> Vec<Column> {
    vec![Column { name: name.into(), values: Values::U32(p.0) }]
}

/// Compute metric `name` on `g`: one or more output columns.
pub fn compute<A: Adjacency>(name: &str, g: &Graph<A>, opts: &MetricOptions, exec: &Exec) -> Result<Vec<Column>> {
    let deg = |d: Direction, weighted: bool| degree(g, &DegreeConfig::default().direction(d).weighted(weighted), exec);
    let wp = opts.weighted_paths;
    let out = match name {
        "degree" => f64s(name, deg(Direction::Both, false).context(name)?),
        "in_degree" => f64s(name, deg(Direction::In, false).context(name)?),
        "out_degree" => f64s(name, deg(Direction::Out, false).context(name)?),
        "strength" => f64s(name, deg(Direction::Both, true).context(name)?),
        "in_strength" => f64s(name, deg(Direction::In, true).context(name)?),
        "out_strength" => f64s(name, deg(Direction::Out, true).context(name)?),
        "degree_centrality" => f64s(name, degree_centrality(g, &DegreeCentralityConfig::default(), exec).context(name)?),
        "pagerank" => f64s(name, pagerank(g, &PageRankConfig::default(), exec).context(name)?),
        "betweenness" => {
            let scores = match (opts.betweenness_epsilon, opts.betweenness_samples) {
                (Some(eps), _) => {
                    let cfg = RiondatoConfig::default().epsilon(eps).delta(DEFAULT_DELTA).weighted(wp);
                    riondato_betweenness(g, &cfg, exec).context(name)?.scores
                }
                (None, Some(k)) if k < g.node_count() => {
                    approx_betweenness_centrality(g, &ApproxBetweennessConfig::new(k).weighted(wp), exec).context(name)?
                }
                _ => betweenness_centrality(g, &BetweennessConfig::default().weighted(wp), exec).context(name)?,
            };
            f64s(name, scores)
        }
        "closeness" => f64s(name, closeness_centrality(g, &ClosenessConfig::default().weighted(wp), exec).context(name)?),
        "harmonic" => f64s(name, harmonic_centrality(g, &HarmonicConfig::default().weighted(wp), exec).context(name)?),
        "eigenvector" => f64s(name, eigenvector_centrality(g, &EigenvectorConfig::default(), exec).context(name)?),
        "katz" => f64s(name, katz_centrality(g, &KatzConfig::default(), exec).context(name)?),
        "hits" => {
            let r = hits(g, &HitsConfig::default(), exec).context(name)?;
            [f64s("hub", r.hubs), f64s("authority", r.authorities)].concat()
        }
        "clustering" => f64s(name, clustering(g, &ClusteringConfig::default(), exec).context(name)?),
        "triangles" => {
            let t = triangles(g, &TrianglesConfig::default(), exec).context(name)?;
            vec![Column { name: name.into(), values: Values::F64(t.into_iter().map(|x| x as f64).collect()) }]
        }
        "core" => u32s(name, core_number(g, &CoreNumberConfig::default(), exec).context(name)?),
        "components" => u32s(name, weakly_connected_components(g, &ComponentsConfig::default(), exec).context(name)?),
        "strong_components" => {
            u32s(name, strongly_connected_components(g, &StrongComponentsConfig::default(), exec).context(name)?)
        }
        _ => return Err(CliError::Usage(UsageError::UnknownMetric { name: name.into(), known: known() })),
    };
    Ok(out)
}

/// Largest graph (nodes) for which `ona demo` and `ona bench` run exact
/// betweenness and closeness by default.
pub const EXACT_BETWEENNESS_MAX: usize = 5_000;
/// Edge visits that sampled betweenness may spend in `ona demo` and `ona
/// bench`: sources = budget / arcs, at least [`MIN_SAMPLES`].
pub const SAMPLE_BUDGET: u64 = 500_000_000;
/// Fewest sampled sources.
pub const MIN_SAMPLES: usize = 64;

/// Failure probability of the (ε, δ) estimator.
pub const DEFAULT_DELTA: f64 = 0.1;

/// Exact Brandes betweenness or an estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BetweennessMode {
    /// All sources.
    Exact,
    /// Brandes–Pich: `k` sources drawn uniformly (seeded), all targets.
    Sampled {
        /// Sources.
        k: usize,
    },
    /// Riondato–Kornaropoulos: sampled shortest paths, every value within
    /// `epsilon` of the exact one with probability `1 - DEFAULT_DELTA`.
    Epsilon {
        /// Additive error.
        epsilon: f64,
    },
}

impl BetweennessMode {
    /// Exact up to `exact_max` nodes, else `samples` sources (by default as
    /// many as [`SAMPLE_BUDGET`] allows).
    pub fn choose(g: &Graph, exact_max: usize, samples: Option<usize>, epsilon: Option<f64>) -> Self {
        let n = g.node_count();
        if n <= exact_max {
            return Self::Exact;
        }
        if let Some(epsilon) = epsilon {
            return Self::Epsilon { epsilon };
        }
        let arcs = g.out_adj().arc_count().max(1);
        let k = samples.unwrap_or_else(|| usize::try_from(SAMPLE_BUDGET / arcs).unwrap_or(usize::MAX).max(MIN_SAMPLES));
        if k >= n { Self::Exact } else { Self::Sampled { k } }
    }
    /// "exact" or "estimated from 1,000 sampled sources".
    pub fn label(self) -> String {
        match self {
            Self::Exact => "exact".into(),
            Self::Sampled { k } => {
                format!("estimated from {} sampled sources (Brandes–Pich)", crate::output::thousands(k as u64))
            }
            Self::Epsilon { epsilon } => {
                format!("(ε, δ) estimate, ε = {epsilon}, δ = {DEFAULT_DELTA} (Riondato–Kornaropoulos)")
            }
        }
    }
    /// A short label for tables: "exact" or "k=1,000".
    pub fn short(self) -> String {
        match self {
            Self::Exact => "exact".into(),
            Self::Sampled { k } => format!("k={}", crate::output::thousands(k as u64)),
            Self::Epsilon { epsilon } => format!("ε={epsilon}"),
        }
    }
}

/// Normalized, unweighted (hop) betweenness by `mode`.
pub fn betweenness(g: &Graph, mode: BetweennessMode, exec: &Exec) -> Result<ona_core::Scores> {
    match mode {
        BetweennessMode::Exact => betweenness_centrality(g, &BetweennessConfig::default(), exec).context("betweenness"),
        BetweennessMode::Sampled { k } => {
            approx_betweenness_centrality(g, &ApproxBetweennessConfig::new(k), exec).context("betweenness")
        }
        BetweennessMode::Epsilon { epsilon } => {
            let cfg = RiondatoConfig::default().epsilon(epsilon).delta(DEFAULT_DELTA);
            Ok(riondato_betweenness(g, &cfg, exec).context("betweenness")?.scores)
        }
    }
}
