//! Community detection: Louvain, Leiden, label propagation, and the quality
//! and comparison of partitions.
//!
//! Every algorithm is seeded through [`Exec::seed`](crate::Exec::seed) and
//! gives the same partition for any thread count; labels are numbered by each
//! community's smallest node.

mod compare;
mod label_propagation;
mod leiden;
mod louvain;
mod moving;
mod quality;
mod quotient;
mod scratch;
mod work;

pub use compare::{adjusted_rand_index, normalized_mutual_information, variation_of_information};
pub use label_propagation::{AsynLpaConfig, LabelPropagationConfig, asyn_lpa, label_propagation};
pub use leiden::{LeidenConfig, LeidenResult, leiden};
pub use louvain::{LouvainConfig, LouvainResult, louvain};
pub use quality::{ModularityConfig, modularity, partition_quality};
pub use quotient::community_graph;
pub use work::Objective;

#[cfg(test)]
pub(crate) mod testutil;
