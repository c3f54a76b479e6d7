//! The CLI's error type and its exit codes: 2 for bad usage or input, 130
//! for cancellation (the shell's code for SIGINT).

use std::path::PathBuf;

/// Exit code for usage and input errors.
pub const EXIT_USAGE: u8 = 2;
/// Exit code after Ctrl-C.
pub const EXIT_CANCELLED: u8 = 130;

/// What is wrong with one line of an input file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// A numeric field that does not parse.
    #[error("{column} '{value}' is not a number")]
    NotANumber {
        /// "weight", ...
        column: String,
        /// The field as written.
        value: String,
    },
    /// A weight that parses but is NaN or infinite.
    #[error("{column} '{value}' is not finite")]
    NotFinite {
        /// "weight", ...
        column: String,
        /// The field as written.
        value: String,
    },
    /// A timestamp in no accepted format.
    #[error("{column} '{value}' is neither a number nor an ISO 8601 date/time")]
    BadTimestamp {
        /// The timestamp column.
        column: String,
        /// The field as written.
        value: String,
    },
    /// Fewer fields than the columns in use need.
    #[error("expected at least {expected} columns, found {found}")]
    TooFewColumns {
        /// Columns needed.
        expected: usize,
        /// Columns present.
        found: usize,
    },
    /// An id field that is empty.
    #[error("empty {column} id")]
    EmptyId {
        /// "source", "target" or "node".
        column: String,
    },
    /// A quoted field without its closing quote.
    #[error("unterminated quoted field")]
    UnterminatedQuote,
    /// A node listed twice in a node file.
    #[error("node '{id}' is listed twice")]
    DuplicateNode {
        /// The id.
        id: String,
    },
    /// A column named on the command line that the header does not have.
    #[error("no column '{name}' (header: {header})")]
    UnknownColumn {
        /// The name asked for.
        name: String,
        /// The header, joined.
        header: String,
    },
    /// A column asked for by name in a file without a header row.
    #[error("column '{name}' asked for by name, but the file has no header row (give a 1-based column number)")]
    NoHeader {
        /// The name asked for.
        name: String,
    },
    /// A column number beyond the row.
    #[error("column number {number} is out of range (1-based)")]
    BadColumnNumber {
        /// The number as given.
        number: usize,
    },
    /// Bytes that are not UTF-8.
    #[error("invalid UTF-8")]
    NotUtf8,
    /// No edge rows at all (or none inside `--window`).
    #[error("no edges found")]
    NoEdges,
    /// Every edge fell outside `--window`.
    #[error("no edge has a timestamp in the window {window}")]
    NoEdgesInWindow {
        /// The window as given.
        window: String,
    },
    /// `--window` on a file without a timestamp column.
    #[error("--window needs a timestamp column (name it with --time-col)")]
    NoTimeColumn,
}

/// Everything that makes `ona` fail.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A problem in an input file, with its line (0 = the file as a whole).
    #[error("{}: {}{problem}", file.display(), line_prefix(*line))]
    Input {
        /// The file.
        file: PathBuf,
        /// 1-based line number, 0 when the problem is not tied to a line.
        line: u64,
        /// What is wrong.
        problem: Problem,
    },
    /// A file that cannot be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A command-line value that makes no sense.
    #[error("{0}")]
    Usage(#[from] UsageError),
    /// An error from the engine (including cancellation).
    #[error("{context}: {source}")]
    Core {
        /// What was being done.
        context: String,
        /// The engine's error.
        source: ona_core::Error,
    },
    /// An error from the storage layer: snapshots and tables (including
    /// cancellation while reading).
    #[error("{context}: {source}")]
    Store {
        /// What was being done.
        context: String,
        /// The storage layer's error (it names the file, section, row or column).
        source: ona_store::Error,
    },
}

fn line_prefix(line: u64) -> String {
    if line == 0 { String::new() } else { format!("line {line}: ") }
}

/// Command-line values out of their domain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UsageError {
    /// A metric name `ona metrics` does not know.
    #[error("unknown metric '{name}' (known: {known})")]
    UnknownMetric {
        /// The name given.
        name: String,
        /// The known names, joined.
        known: String,
    },
    /// A metric that does not apply to this graph.
    #[error("metric '{name}' needs a {needs} graph")]
    MetricNeeds {
        /// The metric.
        name: String,
        /// "directed", ...
        needs: &'static str,
    },
    /// An invalid option value.
    #[error("--{option} {value}: {expected}")]
    BadValue {
        /// The option without dashes.
        option: &'static str,
        /// The value given.
        value: String,
        /// What would be accepted.
        expected: &'static str,
    },
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            _ if self.is_cancelled() => EXIT_CANCELLED,
            Self::Core { .. } | Self::Store { .. } | Self::Io { .. } | Self::Input { .. } | Self::Usage(_) => EXIT_USAGE,
        }
    }

    /// Whether this is a cancellation (Ctrl-C).
    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            Self::Core { source: ona_core::Error::Cancelled, .. }
                | Self::Store { source: ona_store::Error::Graph(ona_core::Error::Cancelled), .. }
        )
    }
}

/// Attach context to engine errors.
pub trait Context<T> {
    /// Wrap the error with what was being done.
    fn context(self, what: impl std::fmt::Display) -> Result<T, CliError>;
}

impl<T> Context<T> for Result<T, ona_core::Error> {
    fn context(self, what: impl std::fmt::Display) -> Result<T, CliError> {
        self.map_err(|source| CliError::Core { context: what.to_string(), source })
    }
}

impl<T> Context<T> for Result<T, ona_store::Error> {
    fn context(self, what: impl std::fmt::Display) -> Result<T, CliError> {
        self.map_err(|source| CliError::Store { context: what.to_string(), source })
    }
}

/// `Result` with [`CliError`].
pub type Result<T, E = CliError> = std::result::Result<T, E>;
