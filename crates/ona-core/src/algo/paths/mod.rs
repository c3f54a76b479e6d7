//! Traversal and shortest paths: BFS hop distances, k-hop neighbourhoods and
//! ego graphs, unweighted and weighted shortest paths.

pub(crate) mod bfs;
mod khop;
pub(crate) mod shortest_path;
#[cfg(test)]
pub(crate) mod test_util;

pub use bfs::{BfsConfig, BfsStrategy, Direction, UNREACHABLE, bfs_distances};
pub use khop::{EgoConfig, EgoGraph, KHopConfig, ego_graph, k_hop};
pub use shortest_path::{
    ShortestPathConfig, ShortestPaths, shortest_path, shortest_path_length, single_source_shortest_paths,
};
