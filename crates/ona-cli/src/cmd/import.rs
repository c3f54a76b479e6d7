//! `ona import`: an edge table (CSV, TSV, Parquet, Arrow IPC) into a
//! compressed, checksummed snapshot file.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};
use ona_core::{DuplicatePolicy, SelfLoopPolicy};
use ona_store::snapshot::Meta;
use ona_store::table::{EdgeOptions, WeightColumn, read_graph};

use super::{Ctx, ExecArgs};
use crate::error::{Context, Result};
use crate::output::{bytes, duration, thousands};
use crate::store;

/// What to do with a repeated edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Duplicates {
    /// Add the weights.
    Sum,
    /// Keep the largest weight.
    Max,
    /// Keep the first row's weight.
    First,
    /// Fail, naming the row.
    Error,
}

/// What to do with a self loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SelfLoops {
    /// Keep it (as NetworkX does).
    Keep,
    /// Drop it.
    Drop,
    /// Fail, naming the row.
    Error,
}

/// Arguments of `ona import`.
#[derive(Debug, Args)]
#[command(after_long_help = "\
Output: --out FILE writes one snapshot file crash-safely: the bytes go to a \
temporary file beside FILE, which is synced and then renamed over FILE (so \
readers see the old file or the new one, never a torn one). With --name NAME, \
--out is a snapshot directory instead (created if needed) and the graph is \
published as the next version of NAME (file NAME@<20-digit version>.ona, \
read-only once written).

Read the snapshot with `ona metrics --graph FILE` and `ona export --graph FILE`.")]
pub struct ImportArgs {
    /// Edge table: CSV/TSV with a header row, Parquet or Arrow IPC (format by
    /// extension: .csv, .tsv, .parquet/.pq, .arrow/.ipc/.feather; otherwise
    /// Parquet and Arrow IPC are recognised by their content).
    #[arg(value_name = "EDGES")]
    pub edges: PathBuf,
    /// Node table (any of the same formats): id column `id`/`node` (else the
    /// first); every other column becomes a categorical attribute. Adds
    /// isolated nodes.
    #[arg(long, value_name = "FILE")]
    pub nodes: Option<PathBuf>,
    /// Edges go from source to target (default: undirected).
    #[arg(long)]
    pub directed: bool,
    /// Source column (default: `source`, `src` or `from`, else the first column).
    #[arg(long, value_name = "COL")]
    pub source: Option<String>,
    /// Target column (default: `target`, `dst` or `to`, else the next column).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// Weight column (default: a column named `weight` if there is one).
    #[arg(long, value_name = "COL")]
    pub weight: Option<String>,
    /// Ignore any weight column.
    #[arg(long, conflicts_with = "weight")]
    pub unweighted: bool,
    /// The node table's id column.
    #[arg(long, value_name = "COL", requires = "nodes")]
    pub node_id: Option<String>,
    /// Repeated edges.
    #[arg(long, value_enum, default_value = "sum")]
    pub duplicates: Duplicates,
    /// Self loops.
    #[arg(long, value_enum, default_value = "keep")]
    pub self_loops: SelfLoops,
    /// The snapshot file to write (a directory with --name).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Publish into the snapshot directory --out as the next version of this
    /// graph name (1 to 64 of A-Z a-z 0-9 _ -).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

impl ImportArgs {
    /// The table reader's options.
    pub fn edge_options(&self) -> EdgeOptions {
        let mut opts = EdgeOptions::default()
            .directed(self.directed)
            .duplicates(match self.duplicates {
                Duplicates::Sum => DuplicatePolicy::Sum,
                Duplicates::Max => DuplicatePolicy::Max,
                Duplicates::First => DuplicatePolicy::First,
                Duplicates::Error => DuplicatePolicy::Error,
            })
            .self_loops(match self.self_loops {
                SelfLoops::Keep => SelfLoopPolicy::Keep,
                SelfLoops::Drop => SelfLoopPolicy::Drop,
                SelfLoops::Error => SelfLoopPolicy::Error,
            });
        if let Some(s) = &self.source {
            opts = opts.source(s.clone());
        }
        if let Some(t) = &self.target {
            opts = opts.target(t.clone());
        }
        if let Some(n) = &self.node_id {
            opts = opts.node_id(n.clone());
        }
        opts.weight(match (&self.weight, self.unweighted) {
            (_, true) => WeightColumn::None,
            (Some(w), false) => WeightColumn::Named(w.clone()),
            (None, false) => WeightColumn::Auto,
        })
    }
}

/// Run `ona import`.
pub fn run(args: &ImportArgs, ctx: &Ctx) -> Result<()> {
    let exec = ctx.exec(&args.exec)?;
    let t = Instant::now();
    let g = read_graph(
        &args.edges,
        args.nodes.as_deref(),
        &args.edge_options(),
        &exec,
    )
    .context(format_args!("reading {}", args.edges.display()))?;
    ctx.note(format_args!(
        "read {} nodes, {} edges from {} in {}",
        thousands(g.node_count() as u64),
        thousands(g.edge_count()),
        args.edges.display(),
        duration(t.elapsed())
    ));
    let compressed = g.compress(&exec);
    drop(g);
    let mut meta = Meta::default();
    if let Some(file) = args.edges.file_name() {
        meta.manifest
            .insert("source".into(), file.to_string_lossy().into_owned());
    }
    meta.manifest.insert(
        "written_by".into(),
        concat!("ona-cli ", env!("CARGO_PKG_VERSION")).into(),
    );
    let written = match &args.name {
        Some(name) => store::publish(&args.out, name, &compressed, &meta, &exec)?,
        None => store::write_file(&args.out, &compressed, &meta, &exec)?,
    };
    let edges = compressed.edge_count();
    #[allow(clippy::cast_precision_loss)] // a ratio for display
    let per_edge = if edges == 0 {
        0.0
    } else {
        written.bytes as f64 / edges as f64
    };
    let version = if args.name.is_some() {
        format!(" (version {})", written.version)
    } else {
        String::new()
    };
    println!(
        "{}{version}: {} nodes, {} edges, {} bytes ({}), {per_edge:.2} bytes/edge, {}",
        written.path.display(),
        thousands(compressed.node_count() as u64),
        thousands(edges),
        thousands(written.bytes),
        bytes(written.bytes),
        duration(t.elapsed())
    );
    Ok(())
}
