//! Triangles and clustering: per-node triangle counts, local clustering
//! coefficients (unweighted, weighted, directed) and transitivity.

mod triangles;

pub use triangles::{TrianglesConfig, triangles};

#[cfg(test)]
pub(crate) mod testdata;
