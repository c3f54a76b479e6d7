//! Table formats and the options of an edge-table read.

use std::io::Read;
use std::path::Path;

use ona_core::{DuplicatePolicy, SelfLoopPolicy};

use crate::error::{Error, Result};

/// The on-disk format of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableFormat {
    /// Comma-separated text with a header row.
    Csv,
    /// Tab-separated text with a header row.
    Tsv,
    /// Apache Parquet.
    Parquet,
    /// Arrow IPC: the file format (`ARROW1` magic) or, when reading, the
    /// stream format.
    ArrowIpc,
}

impl TableFormat {
    /// The format named by `path`'s extension (ASCII case ignored):
    /// `csv`, `tsv`/`tab`, `parquet`/`pq`, `arrow`/`arrows`/`ipc`/`feather`.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Self::Csv),
            "tsv" | "tab" => Some(Self::Tsv),
            "parquet" | "pq" => Some(Self::Parquet),
            "arrow" | "arrows" | "ipc" | "feather" => Some(Self::ArrowIpc),
            _ => None,
        }
    }

    /// The format of `path`: by extension ([`TableFormat::from_extension`]),
    /// else by the file's magic bytes (`PAR1` for Parquet, `ARROW1` or an IPC
    /// stream's continuation marker for Arrow IPC).
    ///
    /// Errors: [`Error::Io`] if the file cannot be read for sniffing,
    /// [`Error::Input`] if neither extension nor content says what it is.
    pub fn from_path(path: &Path) -> Result<Self> {
        if let Some(f) = Self::from_extension(path) {
            return Ok(f);
        }
        let mut head = [0u8; 8];
        let mut file = std::fs::File::open(path).map_err(|e| Error::io("opening", path, e))?;
        let mut got = 0;
        while got < head.len() {
            match file.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(k) => got += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io("reading", path, e)),
            }
        }
        let head = &head[..got];
        if head.starts_with(b"PAR1") {
            Ok(Self::Parquet)
        } else if head.starts_with(b"ARROW1") || head.starts_with(&[0xff, 0xff, 0xff, 0xff]) {
            Ok(Self::ArrowIpc)
        } else {
            Err(Error::Input {
                source_name: path.display().to_string(),
                row: None,
                column: None,
                reason: "unknown table format: expected the extension .csv, .tsv, .parquet, .arrow, .ipc or .feather, \
                         or Parquet / Arrow IPC content"
                    .into(),
            })
        }
    }
}

/// Which column holds edge weights.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum WeightColumn {
    /// The column named `weight` (ASCII case ignored) if there is one, else
    /// unweighted.
    #[default]
    Auto,
    /// Unweighted, whatever the table holds.
    None,
    /// This column; an error if the table has none of that name.
    Named(String),
}

/// How to read an edge table (and its optional node table) into a graph.
///
/// `Default` reads an undirected graph from the columns
/// `source`/`src`/`from` (else the first) and `target`/`dst`/`to` (else the
/// second), weighted by a `weight` column if present, summing duplicate
/// edges and keeping self loops.
///
/// ```
/// use ona_core::DuplicatePolicy;
/// use ona_store::table::{EdgeOptions, WeightColumn};
/// let opts = EdgeOptions::default()
///     .directed(true)
///     .source("sender")
///     .target("recipient")
///     .weight(WeightColumn::Named("messages".into()))
///     .duplicates(DuplicatePolicy::Max);
/// assert!(opts.directed);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgeOptions {
    /// Edges go from source to target (default: undirected).
    pub directed: bool,
    /// The source column's name (default: see the type's docs).
    pub source: Option<String>,
    /// The target column's name.
    pub target: Option<String>,
    /// The weight column.
    pub weight: WeightColumn,
    /// The node table's id column (default `id`/`node`, else the first).
    pub node_id: Option<String>,
    /// What to do with repeated edges.
    pub duplicates: DuplicatePolicy,
    /// What to do with self loops.
    pub self_loops: SelfLoopPolicy,
}

impl EdgeOptions {
    /// Directed (`true`) or undirected.
    #[must_use]
    pub fn directed(mut self, directed: bool) -> Self {
        self.directed = directed;
        self
    }
    /// Name the source column.
    #[must_use]
    pub fn source(mut self, name: impl Into<String>) -> Self {
        self.source = Some(name.into());
        self
    }
    /// Name the target column.
    #[must_use]
    pub fn target(mut self, name: impl Into<String>) -> Self {
        self.target = Some(name.into());
        self
    }
    /// Choose the weight column.
    #[must_use]
    pub fn weight(mut self, weight: WeightColumn) -> Self {
        self.weight = weight;
        self
    }
    /// Name the node table's id column.
    #[must_use]
    pub fn node_id(mut self, name: impl Into<String>) -> Self {
        self.node_id = Some(name.into());
        self
    }
    /// Policy for repeated edges (default [`DuplicatePolicy::Sum`]).
    #[must_use]
    pub fn duplicates(mut self, policy: DuplicatePolicy) -> Self {
        self.duplicates = policy;
        self
    }
    /// Policy for self loops (default [`SelfLoopPolicy::Keep`]).
    #[must_use]
    pub fn self_loops(mut self, policy: SelfLoopPolicy) -> Self {
        self.self_loops = policy;
        self
    }
}
