//! Graph algorithms, one per file, each generic over [`Adjacency`](crate::Adjacency)
//! storage and taking an [`Exec`](crate::Exec).
pub mod centrality;
pub mod paths;
pub mod clustering;
pub mod components;
pub mod kcore;
