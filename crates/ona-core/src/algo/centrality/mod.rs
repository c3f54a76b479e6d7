//! Centrality measures: who is central, by degree, by walks (spectral) and
//! by shortest paths. One algorithm per file; NetworkX semantics throughout.

mod power;
mod degree;
mod closeness;
mod harmonic;
mod pagerank;
mod pagerank_cg;
mod eigenvector;
mod katz;
mod hits;
mod brandes;
mod betweenness;
mod edge_betweenness;
#[cfg(test)]
mod betweenness_testdata;
mod approx_betweenness;
mod riondato;

pub use degree::{DegreeCentralityConfig, DegreeConfig, Direction, degree, degree_centrality};
pub use pagerank::{PageRankConfig, PageRankResult, PageRankSolver, pagerank, pagerank_with_stats};
pub use eigenvector::{EigenvectorConfig, eigenvector_centrality};
pub use katz::{Beta, KatzConfig, katz_centrality};
pub use hits::{HitsConfig, HitsResult, hits};
pub use closeness::{ClosenessConfig, closeness_centrality, closeness_of};
pub use harmonic::{HarmonicConfig, harmonic_centrality};
pub use betweenness::{BetweennessConfig, betweenness_centrality};
pub use edge_betweenness::{EdgeBetweenness, EdgeBetweennessConfig, EdgeValue, edge_betweenness_centrality};
pub use approx_betweenness::{ApproxBetweennessConfig, approx_betweenness_centrality};
pub use riondato::{BetweennessEstimate, RiondatoConfig, riondato_betweenness};
