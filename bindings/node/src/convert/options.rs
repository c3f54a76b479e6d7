//! Algorithm options: JS objects checked into core configs.

use napi::bindgen_prelude::{Float64Array, Uint32Array};
use napi_derive::napi;
use ona_core::algo::centrality::{self as c, Beta, PageRankSolver};
use ona_core::algo::{clustering as cl, community as cm, paths as p};
use ona_core::{NodeId, Partition};

use super::{count, size, whole};
use crate::error::{self, Result};

fn opt_count(name: &'static str, x: Option<f64>, default: u32) -> Result<u32> {
    x.map_or(Ok(default), |x| count(name, x))
}

fn vec_of(x: Option<Float64Array>) -> Option<Vec<f64>> {
    x.map(|a| a.to_vec())
}

/// `degree` / `inDegree` / `outDegree` and the degree centralities.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct DegreeOptions {
    /// `"both"` (default), `"in"` or `"out"`.
    pub direction: Option<String>,
    /// Sum weights (strength) instead of counting edges (default `false`).
    pub weight: Option<bool>,
}

fn degree_direction(d: Option<&str>) -> Result<c::Direction> {
    match d.unwrap_or("both") {
        "both" => Ok(c::Direction::Both),
        "in" => Ok(c::Direction::In),
        "out" => Ok(c::Direction::Out),
        other => Err(error::invalid(
            "direction",
            other,
            "\"both\", \"in\" or \"out\"",
        )),
    }
}

impl DegreeOptions {
    /// For [`c::degree`].
    pub fn degree(&self) -> Result<c::DegreeConfig> {
        Ok(c::DegreeConfig::default()
            .direction(degree_direction(self.direction.as_deref())?)
            .weighted(self.weight.unwrap_or(false)))
    }
    /// For [`c::degree_centrality`].
    pub fn centrality(&self) -> Result<c::DegreeCentralityConfig> {
        if self.weight.is_some() {
            return Err(error::invalid(
                "weight",
                "given",
                "no weight: degree centrality counts edges",
            ));
        }
        Ok(c::DegreeCentralityConfig::default()
            .direction(degree_direction(self.direction.as_deref())?))
    }
}

/// `pagerank`.
#[napi(object)]
pub struct PageRankOptions {
    pub alpha: Option<f64>,
    /// Teleport weights per node (normalised).
    pub personalization: Option<Float64Array>,
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    /// Default `true`.
    pub weight: Option<bool>,
    pub dangling: Option<Float64Array>,
    /// `"auto"` (default), `"power"` or `"conjugate-gradient"`.
    pub solver: Option<String>,
}

impl PageRankOptions {
    /// The core config.
    pub fn config(self) -> Result<c::PageRankConfig> {
        let d = c::PageRankConfig::default();
        let solver = match self.solver.as_deref().unwrap_or("auto") {
            "auto" => PageRankSolver::Auto,
            "power" => PageRankSolver::Power,
            "conjugate-gradient" => PageRankSolver::ConjugateGradient,
            other => {
                return Err(error::invalid(
                    "solver",
                    other,
                    "\"auto\", \"power\" or \"conjugate-gradient\"",
                ));
            }
        };
        Ok(d.clone()
            .alpha(self.alpha.unwrap_or(d.alpha))
            .personalization(vec_of(self.personalization))
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .weighted(self.weight.unwrap_or(d.weighted))
            .dangling(vec_of(self.dangling))
            .solver(solver))
    }
}

/// `eigenvectorCentrality`.
#[napi(object)]
pub struct EigenvectorOptions {
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    /// Default `false`.
    pub weight: Option<bool>,
}

impl EigenvectorOptions {
    /// The core config.
    pub fn config(self) -> Result<c::EigenvectorConfig> {
        let d = c::EigenvectorConfig::default();
        Ok(d.clone()
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .weighted(self.weight.unwrap_or(d.weighted)))
    }
}

/// `katzCentrality`.
#[napi(object)]
pub struct KatzOptions {
    pub alpha: Option<f64>,
    /// One value for every node...
    pub beta: Option<f64>,
    /// ...or one per node.
    pub beta_per_node: Option<Float64Array>,
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    pub normalized: Option<bool>,
    /// Default `false`.
    pub weight: Option<bool>,
}

impl KatzOptions {
    /// The core config.
    pub fn config(self) -> Result<c::KatzConfig> {
        let d = c::KatzConfig::default();
        let beta = match (self.beta, self.beta_per_node) {
            (Some(_), Some(_)) => {
                return Err(error::invalid(
                    "beta",
                    "two values",
                    "a number or one value per node",
                ));
            }
            (Some(b), None) => Beta::Uniform(b),
            (None, Some(b)) => Beta::PerNode(b.to_vec()),
            (None, None) => d.beta.clone(),
        };
        Ok(d.clone()
            .alpha(self.alpha.unwrap_or(d.alpha))
            .beta(beta)
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .normalized(self.normalized.unwrap_or(d.normalized))
            .weighted(self.weight.unwrap_or(d.weighted)))
    }
}

/// `hits`.
#[napi(object)]
pub struct HitsOptions {
    pub max_iter: Option<f64>,
    pub tol: Option<f64>,
    pub nstart: Option<Float64Array>,
    pub normalized: Option<bool>,
    /// Default `true` (NetworkX always reads the weights).
    pub weight: Option<bool>,
}

impl HitsOptions {
    /// The core config.
    pub fn config(self) -> Result<c::HitsConfig> {
        let d = c::HitsConfig::default();
        Ok(d.clone()
            .max_iter(opt_count("maxIter", self.max_iter, d.max_iter)?)
            .tol(self.tol.unwrap_or(d.tol))
            .nstart(vec_of(self.nstart))
            .normalized(self.normalized.unwrap_or(d.normalized))
            .weighted(self.weight.unwrap_or(d.weighted)))
    }
}

/// `closenessCentrality`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct ClosenessOptions {
    /// Edge weights as distances (default `false`).
    pub distance: Option<bool>,
    /// Wasserman–Faust scaling (default `true`).
    pub wf_improved: Option<bool>,
}

impl ClosenessOptions {
    /// The core config.
    pub fn config(&self) -> c::ClosenessConfig {
        c::ClosenessConfig::default()
            .weighted(self.distance.unwrap_or(false))
            .wf_improved(self.wf_improved.unwrap_or(true))
    }
}

/// `harmonicCentrality`.
#[napi(object)]
pub struct HarmonicOptions {
    /// Edge weights as distances (default `false`).
    pub distance: Option<bool>,
    /// Node indices of the sources (default all).
    pub sources: Option<Uint32Array>,
}

impl HarmonicOptions {
    /// The core config.
    pub fn config(self) -> c::HarmonicConfig {
        let cfg = c::HarmonicConfig::default().weighted(self.distance.unwrap_or(false));
        match self.sources {
            Some(s) => cfg.sources(s.iter().map(|&v| NodeId(v)).collect()),
            None => cfg,
        }
    }
}

/// `betweennessCentrality` (with `k`: sampled sources).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct BetweennessOptions {
    /// Sampled sources (default: every node, exact).
    pub k: Option<f64>,
    pub normalized: Option<bool>,
    pub endpoints: Option<bool>,
    /// Edge weights as distances (default `false`).
    pub weight: Option<bool>,
}

impl BetweennessOptions {
    /// The core config (`k` is `None` for the exact algorithm).
    pub fn config(&self) -> Result<(Option<usize>, c::ApproxBetweennessConfig)> {
        let k = self.k.map(|k| size("k", k)).transpose()?;
        let cfg = c::ApproxBetweennessConfig::default()
            .normalized(self.normalized.unwrap_or(true))
            .endpoints(self.endpoints.unwrap_or(false))
            .weighted(self.weight.unwrap_or(false));
        Ok((k, cfg))
    }
    /// The exact algorithm's config.
    pub fn exact(&self) -> c::BetweennessConfig {
        c::BetweennessConfig::default()
            .normalized(self.normalized.unwrap_or(true))
            .endpoints(self.endpoints.unwrap_or(false))
            .weighted(self.weight.unwrap_or(false))
    }
}

/// `edgeBetweennessCentrality`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct EdgeBetweennessOptions {
    pub normalized: Option<bool>,
    /// Edge weights as distances (default `false`).
    pub weight: Option<bool>,
}

impl EdgeBetweennessOptions {
    /// The core config.
    pub fn config(&self) -> c::EdgeBetweennessConfig {
        c::EdgeBetweennessConfig::default()
            .normalized(self.normalized.unwrap_or(true))
            .weighted(self.weight.unwrap_or(false))
    }
}

/// `riondatoBetweenness`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct RiondatoOptions {
    pub epsilon: Option<f64>,
    pub delta: Option<f64>,
    pub c: Option<f64>,
    pub max_samples: Option<f64>,
    /// Edge weights as distances (default `false`).
    pub weight: Option<bool>,
}

impl RiondatoOptions {
    /// The core config.
    pub fn config(&self) -> Result<c::RiondatoConfig> {
        let d = c::RiondatoConfig::default();
        let cfg = d
            .clone()
            .epsilon(self.epsilon.unwrap_or(d.epsilon))
            .delta(self.delta.unwrap_or(d.delta))
            .c(self.c.unwrap_or(d.c))
            .weighted(self.weight.unwrap_or(false));
        Ok(match self.max_samples {
            Some(m) => cfg.max_samples(whole("maxSamples", m)?),
            None => cfg,
        })
    }
}

/// `clustering` / `averageClustering`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct ClusteringOptions {
    /// Default `false`.
    pub weight: Option<bool>,
    /// `averageClustering` only (default `true`).
    pub count_zeros: Option<bool>,
}

impl ClusteringOptions {
    /// For [`cl::clustering`].
    pub fn local(&self) -> Result<cl::ClusteringConfig> {
        if self.count_zeros.is_some() {
            return Err(error::invalid(
                "countZeros",
                "given",
                "no countZeros: it belongs to averageClustering",
            ));
        }
        Ok(cl::ClusteringConfig::default().weighted(self.weight.unwrap_or(false)))
    }
    /// For [`cl::average_clustering`].
    pub fn average(&self) -> cl::AverageClusteringConfig {
        cl::AverageClusteringConfig::default()
            .weighted(self.weight.unwrap_or(false))
            .count_zeros(self.count_zeros.unwrap_or(true))
    }
}

/// Shortest paths.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// Edge weights as lengths (default `false`; `true` for the Dijkstra functions).
    pub weight: Option<bool>,
    /// Single-source only: ignore nodes farther than this.
    pub cutoff: Option<f64>,
}

impl PathOptions {
    /// The core config, weighted unless told otherwise when `dijkstra`.
    pub fn config(&self, dijkstra: bool) -> p::ShortestPathConfig {
        let cfg = p::ShortestPathConfig::default().weighted(self.weight.unwrap_or(dijkstra));
        match self.cutoff {
            Some(x) => cfg.cutoff(x),
            None => cfg,
        }
    }
}

/// `bfsDistances` / `kHop`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct TraversalOptions {
    /// `"out"` (default), `"in"` or `"both"`.
    pub direction: Option<String>,
    /// `bfsDistances` only: do not go beyond this many hops.
    pub cutoff: Option<f64>,
}

fn path_direction(d: Option<&str>) -> Result<p::Direction> {
    match d.unwrap_or("out") {
        "out" => Ok(p::Direction::Out),
        "in" => Ok(p::Direction::In),
        "both" => Ok(p::Direction::Both),
        other => Err(error::invalid(
            "direction",
            other,
            "\"out\", \"in\" or \"both\"",
        )),
    }
}

impl TraversalOptions {
    /// For [`p::bfs_distances`].
    pub fn bfs(&self) -> Result<p::BfsConfig> {
        let cfg = p::BfsConfig::default().direction(path_direction(self.direction.as_deref())?);
        Ok(match self.cutoff {
            Some(x) => cfg.cutoff(count("cutoff", x)?),
            None => cfg,
        })
    }
    /// For [`p::k_hop`].
    pub fn k_hop(&self) -> Result<p::KHopConfig> {
        if self.cutoff.is_some() {
            return Err(error::invalid("cutoff", "given", "no cutoff: kHop takes k"));
        }
        Ok(p::KHopConfig::default().direction(path_direction(self.direction.as_deref())?))
    }
}

/// `egoGraph`.
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct EgoOptions {
    /// Default 1.
    pub radius: Option<f64>,
    /// Keep the centre (default `true`).
    pub center: Option<bool>,
    /// Ignore edge directions for the distances (default `false`).
    pub undirected: Option<bool>,
    /// Edge weights as distances (default `false`).
    pub distance: Option<bool>,
}

impl EgoOptions {
    /// The core config.
    pub fn config(&self) -> p::EgoConfig {
        let dir = if self.undirected.unwrap_or(false) {
            p::Direction::Both
        } else {
            p::Direction::Out
        };
        p::EgoConfig::default()
            .radius(self.radius.unwrap_or(1.0))
            .center(self.center.unwrap_or(true))
            .direction(dir)
            .weighted(self.distance.unwrap_or(false))
    }
}

// ------------------------------------------------------------------ communities

/// Every community algorithm's options (each reads its own).
#[napi(object)]
#[derive(Debug, Clone, Default)]
pub struct CommunityOptions {
    /// Use edge weights (Louvain, Leiden, modularity: default `true`;
    /// asynchronous label propagation: default `false`).
    pub weight: Option<bool>,
    /// Resolution γ (default 1).
    pub resolution: Option<f64>,
    /// Louvain: stop when a level gains no more modularity than this (1e-7).
    pub threshold: Option<f64>,
    /// Louvain: at most this many levels.
    pub max_level: Option<f64>,
    /// Leiden: refinement randomness (0.01).
    pub beta: Option<f64>,
    /// Leiden: iterations (2); negative runs until stable.
    pub n_iterations: Option<f64>,
    /// Leiden: `"modularity"` (default) or `"cpm"`.
    pub objective: Option<String>,
    /// Leiden: labels to start from, one per node.
    pub initial_membership: Option<Vec<u32>>,
    /// Asynchronous label propagation: sweep limit (100).
    pub max_sweeps: Option<f64>,
    /// Semi-synchronous label propagation: round limit (1000).
    pub max_rounds: Option<f64>,
}

impl CommunityOptions {
    /// For [`cm::louvain`].
    pub fn louvain(&self) -> Result<cm::LouvainConfig> {
        let mut cfg = cm::LouvainConfig::default().weighted(self.weight.unwrap_or(true));
        if let Some(r) = self.resolution {
            cfg = cfg.resolution(r);
        }
        if let Some(t) = self.threshold {
            cfg = cfg.threshold(t);
        }
        if let Some(l) = self.max_level {
            cfg = cfg.max_level(count("maxLevel", l)?);
        }
        Ok(cfg)
    }
    /// For [`cm::leiden`].
    pub fn leiden(&self) -> Result<cm::LeidenConfig> {
        let objective = match self.objective.as_deref().unwrap_or("modularity") {
            "modularity" => cm::Objective::Modularity,
            "cpm" | "CPM" => cm::Objective::Cpm,
            other => {
                return Err(error::invalid(
                    "objective",
                    other,
                    "\"modularity\" or \"cpm\"",
                ));
            }
        };
        let mut cfg = cm::LeidenConfig::default()
            .weighted(self.weight.unwrap_or(true))
            .objective(objective);
        if let Some(r) = self.resolution {
            cfg = cfg.resolution(r);
        }
        if let Some(b) = self.beta {
            cfg = cfg.beta(b);
        }
        if let Some(n) = self.n_iterations {
            if n.fract() != 0.0 || !(-1e9..=1e9).contains(&n) {
                return Err(error::invalid(
                    "nIterations",
                    n,
                    "an integer (negative: until stable)",
                ));
            }
            // Checked: an integer within i32 range.
            #[allow(clippy::cast_possible_truncation)]
            let n = n as i32;
            cfg = cfg.n_iterations(n);
        }
        if let Some(m) = &self.initial_membership {
            cfg = cfg.initial_membership(m.clone());
        }
        Ok(cfg)
    }
    /// For [`cm::asyn_lpa`].
    pub fn asyn_lpa(&self) -> Result<cm::AsynLpaConfig> {
        let cfg = cm::AsynLpaConfig::default().weighted(self.weight.unwrap_or(false));
        Ok(match self.max_sweeps {
            Some(s) => cfg.max_sweeps(count("maxSweeps", s)?),
            None => cfg,
        })
    }
    /// For [`cm::label_propagation`].
    pub fn label_propagation(&self) -> Result<cm::LabelPropagationConfig> {
        let cfg = cm::LabelPropagationConfig::default();
        Ok(match self.max_rounds {
            Some(r) => cfg.max_rounds(count("maxRounds", r)?),
            None => cfg,
        })
    }
    /// For [`cm::modularity`].
    pub fn modularity(&self) -> Result<cm::ModularityConfig> {
        let cfg = cm::ModularityConfig::default().weighted(self.weight.unwrap_or(true));
        Ok(match self.resolution {
            Some(r) => cfg.resolution(r),
            None => cfg,
        })
    }
}

/// A partition comparison by name.
pub fn comparison(measure: &str) -> Result<fn(&Partition, &Partition) -> ona_core::Result<f64>> {
    match measure {
        "nmi" => Ok(cm::normalized_mutual_information),
        "ari" => Ok(cm::adjusted_rand_index),
        "vi" => Ok(cm::variation_of_information),
        other => Err(error::invalid(
            "measure",
            other,
            "\"nmi\", \"ari\" or \"vi\"",
        )),
    }
}
