//! The one error type of `ona-core`.
//!
//! Every public function returns [`Result`]; none panics on user input. Each
//! variant carries the culprit (node, edge row, parameter) so a caller can tell
//! exactly what was wrong, and [`Error::kind`] gives a stable, field-less
//! discriminant for bindings to map onto exception classes or error codes.

/// Why a weight was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WeightProblem {
    /// `NaN`.
    NotANumber,
    /// `+inf` or `-inf`.
    Infinite,
    /// Below zero where the algorithm needs non-negative weights.
    Negative,
    /// Zero where the algorithm needs strictly positive weights.
    Zero,
}

impl std::fmt::Display for WeightProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotANumber => "NaN",
            Self::Infinite => "infinite",
            Self::Negative => "negative",
            Self::Zero => "zero",
        })
    }
}

/// Errors of `ona-core`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A node index is not below the graph's node count.
    #[error("node {node} is out of range for a graph of {node_count} nodes")]
    NodeOutOfRange {
        /// The offending index, as supplied.
        node: u64,
        /// Nodes in the graph.
        node_count: u64,
    },
    /// An external id that the graph does not know.
    #[error("unknown node id {id:?}")]
    UnknownNode {
        /// The id, rendered as text.
        id: String,
    },
    /// A weight is NaN, infinite, or of a sign the operation refuses.
    #[error("edge {edge} has a {problem} weight ({weight})")]
    InvalidWeight {
        /// Row of the edge in the input arrays (or arc index in the graph).
        edge: u64,
        /// The weight itself.
        weight: f64,
        /// What is wrong with it.
        problem: WeightProblem,
    },
    /// More nodes (or arcs) than `u32`/`usize` indices allow.
    #[error("{what} count {count} exceeds the limit of {limit}")]
    TooLarge {
        /// "nodes", "arcs", ...
        what: &'static str,
        /// The requested count.
        count: u64,
        /// The largest count allowed.
        limit: u64,
    },
    /// Two input arrays that must have equal length do not.
    #[error("{what}: expected length {expected}, found {found}")]
    LengthMismatch {
        /// Which array.
        what: &'static str,
        /// Its required length.
        expected: u64,
        /// Its actual length.
        found: u64,
    },
    /// An edge appears twice under `DuplicatePolicy::Error`.
    #[error("duplicate edge {src} -> {dst} (input row {edge})")]
    DuplicateEdge {
        /// Row of the second occurrence.
        edge: u64,
        /// Source node index.
        src: u32,
        /// Target node index.
        dst: u32,
    },
    /// A self loop under `SelfLoopPolicy::Error`.
    #[error("self loop on node {node} (input row {edge})")]
    SelfLoop {
        /// Row of the edge.
        edge: u64,
        /// The node.
        node: u32,
    },
    /// A configuration value out of its domain.
    #[error("parameter {name} = {value} is invalid: expected {expected}")]
    InvalidParameter {
        /// Parameter name as in the config struct.
        name: &'static str,
        /// The value, rendered.
        value: String,
        /// What would have been accepted.
        expected: &'static str,
    },
    /// The operation needs at least one node.
    #[error("{operation} is undefined on a graph with no nodes")]
    EmptyGraph {
        /// The algorithm or operation.
        operation: &'static str,
    },
    /// An iterative method did not reach its tolerance.
    #[error("{algorithm} did not converge within {iterations} iterations (tolerance {tolerance})")]
    NotConverged {
        /// The algorithm.
        algorithm: &'static str,
        /// Iterations run.
        iterations: u32,
        /// The tolerance asked for.
        tolerance: f64,
    },
    /// The operation is not defined for this kind of graph.
    #[error("{operation} is not defined for {graph_kind} graphs")]
    Unsupported {
        /// The algorithm or operation.
        operation: &'static str,
        /// "directed", "undirected", "weighted", ...
        graph_kind: &'static str,
    },
    /// The caller's cancellation token fired.
    #[error("cancelled")]
    Cancelled,
    /// The caller's deadline passed.
    #[error("deadline exceeded")]
    DeadlineExceeded,
    /// Building the thread pool failed (the OS refused threads).
    #[error("could not start a thread pool of {threads} threads: {reason}")]
    ThreadPool {
        /// Threads asked for.
        threads: usize,
        /// What rayon reported.
        reason: String,
    },
    /// A memory reservation failed.
    #[error("could not reserve memory for {what} ({bytes} bytes)")]
    ResourceExhausted {
        /// What was being allocated.
        what: &'static str,
        /// How much.
        bytes: u64,
    },
}

/// Field-less discriminant of [`Error`], stable for bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::NodeOutOfRange`]
    NodeOutOfRange,
    /// [`Error::UnknownNode`]
    UnknownNode,
    /// [`Error::InvalidWeight`]
    InvalidWeight,
    /// [`Error::TooLarge`]
    TooLarge,
    /// [`Error::LengthMismatch`]
    LengthMismatch,
    /// [`Error::DuplicateEdge`]
    DuplicateEdge,
    /// [`Error::SelfLoop`]
    SelfLoop,
    /// [`Error::InvalidParameter`]
    InvalidParameter,
    /// [`Error::EmptyGraph`]
    EmptyGraph,
    /// [`Error::NotConverged`]
    NotConverged,
    /// [`Error::Unsupported`]
    Unsupported,
    /// [`Error::Cancelled`]
    Cancelled,
    /// [`Error::DeadlineExceeded`]
    DeadlineExceeded,
    /// [`Error::ThreadPool`]
    ThreadPool,
    /// [`Error::ResourceExhausted`]
    ResourceExhausted,
}

impl ErrorKind {
    /// A stable upper-snake code, e.g. `ONA_NODE_OUT_OF_RANGE`, for bindings.
    pub fn code(self) -> &'static str {
        match self {
            Self::NodeOutOfRange => "ONA_NODE_OUT_OF_RANGE",
            Self::UnknownNode => "ONA_UNKNOWN_NODE",
            Self::InvalidWeight => "ONA_INVALID_WEIGHT",
            Self::TooLarge => "ONA_TOO_LARGE",
            Self::LengthMismatch => "ONA_LENGTH_MISMATCH",
            Self::DuplicateEdge => "ONA_DUPLICATE_EDGE",
            Self::SelfLoop => "ONA_SELF_LOOP",
            Self::InvalidParameter => "ONA_INVALID_PARAMETER",
            Self::EmptyGraph => "ONA_EMPTY_GRAPH",
            Self::NotConverged => "ONA_NOT_CONVERGED",
            Self::Unsupported => "ONA_UNSUPPORTED",
            Self::Cancelled => "ONA_CANCELLED",
            Self::DeadlineExceeded => "ONA_DEADLINE_EXCEEDED",
            Self::ThreadPool => "ONA_THREAD_POOL",
            Self::ResourceExhausted => "ONA_RESOURCE_EXHAUSTED",
        }
    }
}

impl Error {
    /// The field-less kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::NodeOutOfRange { .. } => ErrorKind::NodeOutOfRange,
            Self::UnknownNode { .. } => ErrorKind::UnknownNode,
            Self::InvalidWeight { .. } => ErrorKind::InvalidWeight,
            Self::TooLarge { .. } => ErrorKind::TooLarge,
            Self::LengthMismatch { .. } => ErrorKind::LengthMismatch,
            Self::DuplicateEdge { .. } => ErrorKind::DuplicateEdge,
            Self::SelfLoop { .. } => ErrorKind::SelfLoop,
            Self::InvalidParameter { .. } => ErrorKind::InvalidParameter,
            Self::EmptyGraph { .. } => ErrorKind::EmptyGraph,
            Self::NotConverged { .. } => ErrorKind::NotConverged,
            Self::Unsupported { .. } => ErrorKind::Unsupported,
            Self::Cancelled => ErrorKind::Cancelled,
            Self::DeadlineExceeded => ErrorKind::DeadlineExceeded,
            Self::ThreadPool { .. } => ErrorKind::ThreadPool,
            Self::ResourceExhausted { .. } => ErrorKind::ResourceExhausted,
        }
    }

    /// Shorthand for [`Error::InvalidParameter`].
    pub fn invalid_param(
        name: &'static str,
        value: impl std::fmt::Display,
        expected: &'static str,
    ) -> Self {
        Self::InvalidParameter { name, value: value.to_string(), expected }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
