#![doc = include_str!("../README.md")]
//! [`Version`]: GraphView
#![warn(missing_docs)]

mod config;
mod delta;
mod diff;
mod engine;
mod error;
mod event;
mod graph_state;
mod journal;
mod keys;
mod levels;
mod log;
mod merge;
mod metrics;
mod name;
mod persist;
mod planner;
mod scheduler;
mod stats;
mod tenant;
mod tier;
mod version;
mod window;

pub use config::EngineConfig;
pub use diff::{DiffOptions, StampedDiff};
pub use engine::{Engine, TenantMemory};
pub use error::{Error, ErrorKind, Result};
pub use event::{EventBatch, KeyKind, Keys, Op, SourcePosition};
pub use graph_state::{Applied, GraphOptions};
pub use name::{GraphName, TenantId};
pub use planner::{Algorithm, BetweennessMode, Estimate, estimate};
pub use stats::{LiveStats, recompute_stats};
pub use tenant::Tenant;
pub use tier::{Limit, Tier, TierLimits};
pub use version::{GraphView, Stamped};
