//! The adapter's one error type: every failure names the operation and, where there is
//! one, the Cypher query, the column and the row.

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, without the details (for matching).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A connection setting (environment variable, URI, name) is missing or invalid.
    Config,
    /// The server could not be reached or refused the session.
    Connect,
    /// The server rejected or failed a query (syntax, constraint, transaction).
    Query,
    /// A query's rows lack a column the projection needs.
    MissingColumn,
    /// A value in a row has the wrong type or range.
    BadValue,
    /// Write-back matched fewer nodes than it was given.
    NodesNotFound,
    /// Building the graph failed in `ona-core`.
    Core,
    /// The adapter's own runtime could not be created.
    Runtime,
}

/// An error from the Neo4j adapter.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A required environment variable is not set.
    #[error("{var} is not set: run scripts/servers.sh start neo4j && . target/servers/env.sh")]
    MissingEnv {
        /// The variable.
        var: &'static str,
    },
    /// A label, property or key name that is not a plain identifier.
    #[error("invalid {what} name {name:?}: use letters, digits and '_' (not starting with a digit)")]
    InvalidName {
        /// What the name is for ("label", "property", "id key").
        what: &'static str,
        /// The name given.
        name: String,
    },
    /// Connecting (or the first round trip) failed.
    #[error("cannot connect to Neo4j at {uri}")]
    Connect {
        /// The Bolt URI.
        uri: String,
        /// The driver's error.
        #[source]
        source: neo4rs::Error,
    },
    /// The server failed a query.
    #[error("Neo4j query failed: {query}")]
    Query {
        /// The Cypher text.
        query: String,
        /// The driver's error (carries the Neo4j status code).
        #[source]
        source: neo4rs::Error,
    },
    /// A required column is missing from the rows of a query.
    #[error("column `{column}` is missing from the rows of {query} (columns: {found:?})")]
    MissingColumn {
        /// The Cypher text.
        query: String,
        /// The column needed.
        column: &'static str,
        /// The columns the rows have.
        found: Vec<String>,
    },
    /// A value has the wrong type or range.
    #[error("row {row} of {query}: column `{column}` is {found}, expected {expected}")]
    BadValue {
        /// The Cypher text.
        query: String,
        /// Row number, from 0.
        row: u64,
        /// The column.
        column: String,
        /// What was expected.
        expected: &'static str,
        /// What was found (type and value, shortened).
        found: String,
    },
    /// Two node rows carry the same id.
    #[error("row {row} of {query}: node id {id} appears twice")]
    DuplicateNode {
        /// The Cypher text.
        query: String,
        /// Row number, from 0.
        row: u64,
        /// The id.
        id: String,
    },
    /// Write-back matched fewer nodes than rows sent; the batch was rolled back.
    #[error("writing `{property}`: {missing} of {sent} ids in a batch match no (:{label} {{{key}: ...}}) node; batch rolled back")]
    NodesNotFound {
        /// The label.
        label: String,
        /// The id key.
        key: String,
        /// The property being written.
        property: String,
        /// Rows in the batch.
        sent: u64,
        /// Rows that matched nothing.
        missing: u64,
    },
    /// Per-node values whose length is not the graph's node count.
    #[error("{what} has {got} values for a graph of {expected} nodes")]
    LengthMismatch {
        /// What was given.
        what: &'static str,
        /// Node count.
        expected: usize,
        /// Values given.
        got: usize,
    },
    /// The graph build failed.
    #[error("building the projected graph")]
    Core(#[from] ona_core::Error),
    /// The adapter's tokio runtime could not start.
    #[error("starting the adapter's runtime")]
    Runtime(#[source] std::io::Error),
}

impl Error {
    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::MissingEnv { .. } | Self::InvalidName { .. } => ErrorKind::Config,
            Self::Connect { .. } => ErrorKind::Connect,
            Self::Query { .. } => ErrorKind::Query,
            Self::MissingColumn { .. } => ErrorKind::MissingColumn,
            Self::BadValue { .. } | Self::DuplicateNode { .. } | Self::LengthMismatch { .. } => ErrorKind::BadValue,
            Self::NodesNotFound { .. } => ErrorKind::NodesNotFound,
            Self::Core(_) => ErrorKind::Core,
            Self::Runtime(_) => ErrorKind::Runtime,
        }
    }

    pub(crate) fn query(query: &str, source: neo4rs::Error) -> Self {
        Self::Query { query: query.to_owned(), source }
    }
}
