//! Centrality measures: who is central, by degree, by walks (spectral) and
//! by shortest paths. One algorithm per file; NetworkX semantics throughout.

mod power;
mod degree;
mod closeness;
mod harmonic;
mod pagerank;
mod brandes;
mod betweenness;
#[cfg(test)]
mod betweenness_testdata;
mod edge_betweenness;
mod eigenvector;
mod katz;
mod hits;

pub use degree::{DegreeCentralityConfig, DegreeConfig, Direction, degree, degree_centrality};
pub use pagerank::{PageRankConfig, PageRankResult, pagerank, pagerank_with_stats};
pub use closeness::{ClosenessConfig, closeness_centrality, closeness_of};
pub use harmonic::{HarmonicConfig, harmonic_centrality};
pub use betweenness::{BetweennessConfig, betweenness_centrality};
pub use edge_betweenness::{EdgeBetweenness, EdgeBetweennessConfig, EdgeValue, edge_betweenness_centrality};
pub use eigenvector::{EigenvectorConfig, eigenvector_centrality};
pub use katz::{Beta, KatzConfig, katz_centrality};
pub use hits::{HitsConfig, HitsResult, hits};
