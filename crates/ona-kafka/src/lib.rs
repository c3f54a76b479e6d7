#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod admin;
mod apply;
mod error;
mod producer;
mod schema;
mod store;
mod worker;
mod workload;

pub use admin::{PartitionProgress, Record, group_progress, partition_count, read_topic, wait_caught_up};
pub use error::{Error, ErrorKind, Result};
pub use producer::{Producer, create_topic};
pub use schema::{EdgeEvent, Rejection, SCHEMA_VERSION};
pub use store::{DirStore, SnapshotStore};
pub use worker::{OnPublish, RunUntil, Worker, WorkerConfig, WorkerMonitor, WorkerStats};
pub use workload::{Kind, Message, Model, Workload, WorkloadConfig};
