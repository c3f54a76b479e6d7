//! The one error type of `ona-engine`.
//!
//! Every refusal names the tenant, graph, row or limit involved, and happens
//! before anything is changed: a failed call leaves every stored graph, offset
//! and event set exactly as it was.

use std::path::PathBuf;

use crate::tier::Limit;

/// Result of engine operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors of `ona-engine`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A tier limit would be exceeded; nothing was applied.
    #[error("tenant {tenant:?}: {limit} limit is {allowed}, the request needs {requested}")]
    LimitExceeded {
        /// The tenant whose tier refused the request.
        tenant: String,
        /// Which limit.
        limit: Limit,
        /// What the request would have brought the total to (or, for rates, the events asked for).
        requested: u64,
        /// The tier's limit.
        allowed: u64,
    },
    /// A tenant id or graph name outside the allowed pattern.
    #[error("invalid {what} {name:?}: {reason}")]
    InvalidName {
        /// "tenant id" or "graph name".
        what: &'static str,
        /// The rejected text (truncated to 80 characters, control characters escaped by `Debug`).
        name: String,
        /// The rule it breaks.
        reason: &'static str,
    },
    /// No such tenant.
    #[error("unknown tenant {0:?}")]
    UnknownTenant(String),
    /// No such graph in the tenant.
    #[error("tenant {tenant:?} has no graph {graph:?}")]
    UnknownGraph {
        /// The tenant.
        tenant: String,
        /// The graph asked for.
        graph: String,
    },
    /// One event of a batch is malformed; the whole batch was refused.
    #[error("graph {graph:?}, event row {row}: {reason}")]
    InvalidEvent {
        /// The graph the batch was for.
        graph: String,
        /// 0-based row in the batch.
        row: u64,
        /// What is wrong.
        reason: String,
    },
    /// A request that contradicts how the graph was created or configured.
    #[error("graph {graph:?}: {reason}")]
    Conflict {
        /// The graph.
        graph: String,
        /// What conflicts.
        reason: String,
    },
    /// An engine directory file is damaged or from an unknown format.
    #[error("engine directory {path}: {reason}")]
    Corrupt {
        /// The file or directory.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A file system operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done.
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The graph model or an algorithm refused (bad parameter, cancelled, ...).
    #[error(transparent)]
    Core(#[from] ona_core::Error),
    /// Reading or writing a snapshot failed.
    #[error(transparent)]
    Store(#[from] ona_store::Error),
}

/// Stable error categories (bindings turn them into exception classes and codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::LimitExceeded`].
    LimitExceeded,
    /// [`Error::InvalidName`].
    InvalidName,
    /// [`Error::UnknownTenant`] or [`Error::UnknownGraph`].
    NotFound,
    /// [`Error::InvalidEvent`].
    InvalidEvent,
    /// [`Error::Conflict`].
    Conflict,
    /// [`Error::Corrupt`].
    Corrupt,
    /// [`Error::Io`].
    Io,
    /// [`Error::Core`]: see [`ona_core::Error::kind`].
    Core,
    /// [`Error::Store`].
    Store,
}

impl ErrorKind {
    /// A stable code such as `ONA_LIMIT_EXCEEDED`.
    pub fn code(self) -> &'static str {
        match self {
            Self::LimitExceeded => "ONA_LIMIT_EXCEEDED",
            Self::InvalidName => "ONA_INVALID_NAME",
            Self::NotFound => "ONA_NOT_FOUND",
            Self::InvalidEvent => "ONA_INVALID_EVENT",
            Self::Conflict => "ONA_CONFLICT",
            Self::Corrupt => "ONA_CORRUPT_ENGINE",
            Self::Io => "ONA_IO",
            Self::Core => "ONA_CORE",
            Self::Store => "ONA_STORE",
        }
    }
}

impl Error {
    /// The error's category.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Self::InvalidName { .. } => ErrorKind::InvalidName,
            Self::UnknownTenant(_) | Self::UnknownGraph { .. } => ErrorKind::NotFound,
            Self::InvalidEvent { .. } => ErrorKind::InvalidEvent,
            Self::Conflict { .. } => ErrorKind::Conflict,
            Self::Corrupt { .. } => ErrorKind::Corrupt,
            Self::Io { .. } => ErrorKind::Io,
            Self::Core(_) => ErrorKind::Core,
            Self::Store(_) => ErrorKind::Store,
        }
    }

    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { op, path, source }
    }
}
