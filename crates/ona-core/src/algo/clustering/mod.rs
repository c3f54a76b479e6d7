//! Triangles and clustering: per-node triangle counts, local clustering
//! coefficients (unweighted, weighted, directed) and transitivity.

#[cfg(test)]
pub(crate) mod testdata;
