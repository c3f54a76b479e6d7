#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod warm;

pub use warm::{WarmCounts, Warmer};
