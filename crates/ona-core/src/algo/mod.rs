//! Graph algorithms, one per file, each generic over [`Adjacency`](crate::Adjacency)
//! storage and taking an [`Exec`](crate::Exec).
pub mod centrality;
pub mod clustering;
pub mod community;
pub mod components;
pub mod kcore;
pub mod paths;
