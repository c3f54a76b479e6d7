//! The metrics `ona metrics` knows, by name, each mapped to one engine call.

use ona_core::algo::centrality::{
    BetweennessConfig, ClosenessConfig, DegreeCentralityConfig, DegreeConfig, Direction, EigenvectorConfig, HarmonicConfig,
    KatzConfig, PageRankConfig, betweenness_centrality, closeness_centrality, degree, degree_centrality,
    eigenvector_centrality, harmonic_centrality, katz_centrality, pagerank,
};
use ona_core::algo::clustering::{TrianglesConfig, triangles};
use ona_core::algo::components::{ComponentsConfig, StrongComponentsConfig, strongly_connected_components, weakly_connected_components};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::{Exec, Graph};

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
    ("betweenness", "shortest-path betweenness, normalized (exact)"),
    ("closeness", "closeness centrality (Wasserman-Faust for disconnected graphs)"),
    ("harmonic", "harmonic centrality (sum of 1/distance)"),
    ("eigenvector", "eigenvector centrality (unweighted, as NetworkX's default)"),
    ("katz", "Katz centrality, alpha 0.1, beta 1 (unweighted)"),
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
pub fn validate(names: &[String], g: &Graph) -> Result<()> {
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
pub fn compute(name: &str, g: &Graph, opts: &MetricOptions, exec: &Exec) -> Result<Vec<Column>> {
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
            f64s(name, betweenness_centrality(g, &BetweennessConfig::default().weighted(wp), exec).context(name)?)
        }
        "closeness" => f64s(name, closeness_centrality(g, &ClosenessConfig::default().weighted(wp), exec).context(name)?),
        "harmonic" => f64s(name, harmonic_centrality(g, &HarmonicConfig::default().weighted(wp), exec).context(name)?),
        "eigenvector" => f64s(name, eigenvector_centrality(g, &EigenvectorConfig::default(), exec).context(name)?),
        "katz" => f64s(name, katz_centrality(g, &KatzConfig::default(), exec).context(name)?),
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
/// betweenness by default.
pub const EXACT_BETWEENNESS_MAX: usize = 5_000;
/// Default additive error of approximate betweenness.
pub const DEFAULT_EPSILON: f64 = 0.01;
/// Default failure probability of approximate betweenness.
pub const DEFAULT_DELTA: f64 = 0.1;

/// Exact Brandes betweenness or the (ε, δ) sampling estimator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BetweennessMode {
    /// All sources.
    Exact,
    /// Riondato–Kornaropoulos sampling: every value within `epsilon` of the
    /// exact normalized value with probability `1 - delta`.
    Approx {
        /// Additive error.
        epsilon: f64,
        /// Failure probability.
        delta: f64,
    },
}

impl BetweennessMode {
    /// Exact up to `exact_max` nodes, approximate above.
    pub fn choose(n: usize, exact_max: usize, epsilon: f64) -> Self {
        if n <= exact_max { Self::Exact } else { Self::Approx { epsilon, delta: DEFAULT_DELTA } }
    }
    /// "exact" or "approximate, ε = 0.01, δ = 0.1".
    pub fn label(self) -> String {
        match self {
            Self::Exact => "exact".into(),
            Self::Approx { epsilon, delta } => format!("approximate, ε = {epsilon}, δ = {delta}"),
        }
    }
}

/// Normalized, unweighted (hop) betweenness by `mode`.
pub fn betweenness(g: &Graph, mode: BetweennessMode, exec: &Exec) -> Result<ona_core::Scores> {
    match mode {
        BetweennessMode::Exact | BetweennessMode::Approx { .. } => {
            betweenness_centrality(g, &BetweennessConfig::default(), exec).context("betweenness")
        }
    }
}
