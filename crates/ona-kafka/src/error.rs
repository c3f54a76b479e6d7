//! The one error type of `ona-kafka`.

use std::path::PathBuf;

/// Result of Kafka adapter operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors of `ona-kafka`. A malformed *message* is never an error: it goes to
/// the dead-letter topic. These are the failures that stop a worker (its state
/// on disk stays consistent; a restarted worker resumes from its checkpoint).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The Kafka client failed (connection, commit, produce, admin request).
    #[error("kafka: {op}: {source}")]
    Kafka {
        /// What was being done.
        op: &'static str,
        /// The client's error.
        source: rdkafka::error::KafkaError,
    },
    /// A produced message (event or dead letter) was not acknowledged.
    #[error("kafka: delivery to {topic} failed: {reason}")]
    Delivery {
        /// The topic.
        topic: String,
        /// The broker's or client's reason.
        reason: String,
    },
    /// The engine refused an operation that is not about one message
    /// (opening a partition's engine directory, a snapshot).
    #[error("partition {partition}: {source}")]
    Engine {
        /// The partition whose engine failed.
        partition: u32,
        /// The engine's error.
        source: ona_engine::Error,
    },
    /// The snapshot store failed.
    #[error("snapshot store {path}: {op}: {reason}")]
    Store {
        /// What was being done.
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A configuration value is out of range.
    #[error("invalid setting {name}: {reason}")]
    Config {
        /// The setting.
        name: &'static str,
        /// Why.
        reason: String,
    },
    /// Waiting for something (a partition's lock, the group to catch up) took too long.
    #[error("timed out after {seconds} s waiting for {what}")]
    Timeout {
        /// What was awaited.
        what: String,
        /// How long.
        seconds: u64,
    },
}

/// Stable error categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::Kafka`] or [`Error::Delivery`].
    Kafka,
    /// [`Error::Engine`].
    Engine,
    /// [`Error::Store`].
    Store,
    /// [`Error::Config`].
    Config,
    /// [`Error::Timeout`].
    Timeout,
}

impl Error {
    /// The error's category.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Kafka { .. } | Self::Delivery { .. } => ErrorKind::Kafka,
            Self::Engine { .. } => ErrorKind::Engine,
            Self::Store { .. } => ErrorKind::Store,
            Self::Config { .. } => ErrorKind::Config,
            Self::Timeout { .. } => ErrorKind::Timeout,
        }
    }

    pub(crate) fn kafka(op: &'static str) -> impl FnOnce(rdkafka::error::KafkaError) -> Self {
        move |source| Self::Kafka { op, source }
    }

    pub(crate) fn engine(partition: u32) -> impl FnOnce(ona_engine::Error) -> Self {
        move |source| Self::Engine { partition, source }
    }
}
