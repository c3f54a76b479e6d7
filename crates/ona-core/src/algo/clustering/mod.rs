//! Triangles and clustering: per-node triangle counts, local clustering
//! coefficients (unweighted, weighted, directed) and transitivity.

#[allow(clippy::module_inception)] // the file is named after the algorithm
mod clustering;
mod transitivity;
mod triangles;

pub use clustering::{AverageClusteringConfig, ClusteringConfig, average_clustering, clustering};
pub use transitivity::{TransitivityConfig, transitivity};
pub use triangles::{TrianglesConfig, triangles};

#[cfg(test)]
pub(crate) mod testdata;
