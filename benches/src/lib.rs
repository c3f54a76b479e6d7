//! Support code for ona's benchmarks.
pub mod npy;
