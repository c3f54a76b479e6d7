//! Storage for ona: checksummed, memory-mapped graph snapshots
//! ([`snapshot`]) and edge / node-attribute / result tables in CSV, Parquet
//! and Arrow IPC ([`table`]).
//!
//! The snapshot format is specified in `FORMAT.md` beside this crate.

pub mod error;
pub mod snapshot;
#[cfg(feature = "tables")]
pub mod table;

pub use error::{Error, Result};
