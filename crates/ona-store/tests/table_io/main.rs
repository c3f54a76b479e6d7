//! The `table` module of ona-store: the same data in CSV, Parquet and Arrow
//! IPC gives `==` graphs; every input-policy rule fails with the row and
//! column; results round-trip; large seeded cases match `GraphBuilder`.

mod common;
mod formats;
mod policy;
mod random;
mod write;
