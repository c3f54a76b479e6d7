#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod algo;
mod error;
mod exec;
pub mod generate;
pub mod graph;
mod ids;
pub mod ona;
mod scores;

pub use error::{Error, ErrorKind, Result, WeightProblem};
pub use exec::{CancelToken, Exec, Progress, ProgressFn, Tracker};
pub use graph::{
    Adjacency, CompressedGraph, DuplicatePolicy, EdgeWeights, Graph, GraphBuilder, IdMap, SelfLoopPolicy,
};
pub use ids::{MAX_NODES, NodeId};
pub use scores::{Partition, Scores};

/// The repository README's Rust example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
