//! The one error type of `ona-store`.
//!
//! Every failure names what was wrong: the snapshot section and the broken
//! invariant, the file, row and column of a bad input value, or the path of an
//! I/O failure. Nothing here panics on bad bytes.

use std::path::PathBuf;

/// Errors of `ona-store`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file system operation failed.
    #[error("{op} {path}: {source}")]
    Io {
        /// What was being done ("opening", "renaming", ...).
        op: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A snapshot failed validation: a checksum, bound or invariant.
    #[error("corrupt snapshot: section {section}: {reason}")]
    Corrupt {
        /// The section (or "header", "footer", "file").
        section: &'static str,
        /// The check that failed, with the values involved.
        reason: String,
    },
    /// A snapshot written by a newer ona than this reader supports.
    #[error("unsupported snapshot format version {found} (this reader supports up to {supported})")]
    UnsupportedVersion {
        /// The version the file requires of its reader.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// An input table (CSV, Parquet, Arrow IPC) breaks the input policy.
    #[error("{source_name}{}{}: {reason}", row.map(|r| format!(", row {r}")).unwrap_or_default(), column.as_ref().map(|c| format!(", column {c:?}")).unwrap_or_default())]
    Input {
        /// The file (or "<memory>").
        source_name: String,
        /// 0-based data row (header excluded), when one row is to blame.
        row: Option<u64>,
        /// The column, when one column is to blame.
        column: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// Arrow or Parquet could not decode or encode a table.
    #[error("{source_name}: {reason}")]
    Format {
        /// The file (or "<memory>").
        source_name: String,
        /// The decoder's message.
        reason: String,
    },
    /// The graph model refused the data (e.g. a duplicate under `duplicates=error`).
    #[error(transparent)]
    Graph(#[from] ona_core::Error),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A [`Error::Corrupt`].
    pub(crate) fn corrupt(section: &'static str, reason: impl Into<String>) -> Self {
        Self::Corrupt { section, reason: reason.into() }
    }
    /// An [`Error::Io`].
    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { op, path: path.into(), source }
    }
}
