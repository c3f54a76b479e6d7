#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod conn;
mod error;
mod project;
mod value;
mod version;
mod write;

pub use conn::{ConnectConfig, Neo4j, Record};
pub use error::{Error, ErrorKind, Result};
pub use project::{Projection, ProjectionConfig, ProjectionQuery, project};
pub use value::{Params, Value};
pub use version::GraphVersion;
pub use write::{WriteConfig, WriteReport, ensure_id_index, write_node_property, write_partition};
