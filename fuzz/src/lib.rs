//! The logic of each fuzz target, kept out of `fuzz_targets/` so that
//! `crates/ona-store/tests/fuzz_regressions.rs` replays committed inputs
//! through the very same code.

pub mod snapshot_input;
#[cfg(feature = "tables")]
pub mod table_input;
