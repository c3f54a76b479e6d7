//! Centrality measures: who is central, by degree, by walks (spectral) and
//! by shortest paths. One algorithm per file; NetworkX semantics throughout.

mod power;
mod degree;

pub use degree::{DegreeCentralityConfig, DegreeConfig, Direction, degree, degree_centrality};
