//! `ona export`: per-node metrics of a snapshot, and/or its edge list, as
//! Parquet, Arrow IPC, CSV or TSV tables.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt64Array};
use arrow::datatypes::{Field, Schema};
use clap::{ArgGroup, Args, ValueEnum};
use ona_core::{Adjacency, Exec, Graph, IdMap};
use ona_store::table::{ResultColumn, TableFormat, write_results, write_table};

use super::metrics::compute_all;
use super::{Ctx, ExecArgs};
use crate::error::{CliError, Context, Result, UsageError};
use crate::metric::{self, MetricOptions};
use crate::output::{Values, duration, thousands};
use crate::store;

/// A table format on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormatArg {
    /// Apache Parquet (zstd).
    Parquet,
    /// Arrow IPC file format.
    Arrow,
    /// Comma-separated, header first.
    Csv,
    /// Tab-separated, header first.
    Tsv,
}

impl From<TableFormatArg> for TableFormat {
    fn from(f: TableFormatArg) -> Self {
        match f {
            TableFormatArg::Parquet => Self::Parquet,
            TableFormatArg::Arrow => Self::ArrowIpc,
            TableFormatArg::Csv => Self::Csv,
            TableFormatArg::Tsv => Self::Tsv,
        }
    }
}

/// Arguments of `ona export`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("what").required(true).multiple(true).args(["out", "edges"])))]
pub struct ExportArgs {
    /// The snapshot (from `ona import`).
    #[arg(long, value_name = "FILE")]
    pub graph: PathBuf,
    /// Write per-node metrics here: column `id` (the node ids), then one
    /// column per metric.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write the edge list here: columns `source`, `target` and, if the graph
    /// is weighted, `weight` (an undirected edge once, lower node first).
    #[arg(long, value_name = "FILE")]
    pub edges: Option<PathBuf>,
    /// Format of every file written (default: by extension, .parquet/.pq,
    /// .arrow/.ipc/.feather, .csv, .tsv).
    #[arg(long, value_enum)]
    pub format: Option<TableFormatArg>,
    /// Comma-separated metric names for --out (see `ona metrics --help`).
    #[arg(long, value_delimiter = ',', default_value = "degree,pagerank", long_help = metric::help())]
    pub metrics: Vec<String>,
    /// Use weights as distances in betweenness, closeness and harmonic.
    #[arg(long)]
    pub weighted_paths: bool,
    /// Estimate betweenness from this many sampled sources.
    #[arg(long, value_name = "K", conflicts_with = "betweenness_epsilon")]
    pub betweenness_samples: Option<usize>,
    /// Estimate betweenness within this additive error (probability 0.9).
    #[arg(long, value_name = "EPS")]
    pub betweenness_epsilon: Option<f64>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

fn format_of(path: &Path, given: Option<TableFormatArg>) -> Result<TableFormat> {
    given.map(TableFormat::from).or_else(|| TableFormat::from_extension(path)).ok_or_else(|| {
        CliError::Usage(UsageError::BadValue {
            option: "format",
            value: path.display().to_string(),
            expected: "a file ending in .parquet, .arrow, .ipc, .feather, .csv or .tsv, or --format",
        })
    })
}

/// Run `ona export`.
pub fn run(args: &ExportArgs, ctx: &Ctx) -> Result<()> {
    let names: Vec<String> = args
        .metrics
        .iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    metric::check_names(&names)?;
    let formats = (
        args.out
            .as_deref()
            .map(|p| format_of(p, args.format))
            .transpose()?,
        args.edges
            .as_deref()
            .map(|p| format_of(p, args.format))
            .transpose()?,
    );
    let exec = ctx.exec(&args.exec)?;
    let t = Instant::now();
    let snapshot = store::read(&args.graph, &exec)?;
    let g = snapshot.graph();
    ctx.note(format_args!(
        "read {} nodes, {} edges from {} in {}",
        thousands(g.node_count() as u64),
        thousands(g.edge_count()),
        args.graph.display(),
        duration(t.elapsed())
    ));
    if let (Some(out), Some(format)) = (&args.out, formats.0) {
        let opts = MetricOptions {
            weighted_paths: args.weighted_paths,
            betweenness_samples: args.betweenness_samples,
            betweenness_epsilon: args.betweenness_epsilon,
        };
        let columns = compute_all(&names, g, &opts, &exec, ctx)?;
        let table: Vec<(&str, ResultColumn<'_>)> = columns
            .iter()
            .map(|c| {
                let values = match &c.values {
                    Values::F64(v) => ResultColumn::F64(v),
                    Values::U32(v) => ResultColumn::U32(v),
                };
                (c.name.as_str(), values)
            })
            .collect();
        write_results(out, format, g.ids(), &table).context("writing metrics")?;
        ctx.note(format_args!(
            "wrote {} rows x {} columns to {}",
            g.node_count(),
            columns.len() + 1,
            out.display()
        ));
    }
    if let (Some(path), Some(format)) = (&args.edges, formats.1) {
        let batch = edge_batch(g, &exec)?;
        write_table(path, format, &batch).context("writing edges")?;
        ctx.note(format_args!(
            "wrote {} edges to {}",
            thousands(batch.num_rows() as u64),
            path.display()
        ));
    }
    Ok(())
}

/// External ids of the nodes `nodes`, as an Arrow column.
fn id_column(ids: &IdMap, nodes: &[u32]) -> ArrayRef {
    match ids {
        IdMap::Dense(_) => Arc::new(UInt64Array::from_iter_values(
            nodes.iter().map(|&v| u64::from(v)),
        )),
        IdMap::U64(ids) => Arc::new(UInt64Array::from_iter_values(
            nodes.iter().map(|&v| ids[v as usize]),
        )),
        IdMap::Str { names, .. } => Arc::new(StringArray::from_iter_values(
            nodes.iter().map(|&v| &*names[v as usize]),
        )),
    }
}

/// The edges of `g` as a table `source, target[, weight]`, in node order.
fn edge_batch<A: Adjacency>(g: &Graph<A>, exec: &Exec) -> Result<RecordBatch> {
    let adj = g.out_adj();
    let directed = g.is_directed();
    let capacity = usize::try_from(g.edge_count()).unwrap_or(0);
    let (mut src, mut dst, mut weights) = (
        Vec::with_capacity(capacity),
        Vec::with_capacity(capacity),
        Vec::new(),
    );
    for u in (0u32..).take(g.node_count()) {
        if u % 65_536 == 0 {
            exec.check().context("exporting edges")?;
        }
        adj.for_each_weighted(u, |v, w| {
            if directed || u <= v {
                src.push(u);
                dst.push(v);
                weights.push(w);
            }
        });
    }
    let mut fields = vec![
        Field::new("source", id_type(g.ids()), false),
        Field::new("target", id_type(g.ids()), false),
    ];
    let mut columns = vec![id_column(g.ids(), &src), id_column(g.ids(), &dst)];
    if g.is_weighted() {
        fields.push(Field::new(
            "weight",
            arrow::datatypes::DataType::Float64,
            false,
        ));
        columns.push(Arc::new(Float64Array::from(weights)));
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| CliError::Io {
        path: PathBuf::from("<edge table>"),
        source: std::io::Error::other(e.to_string()),
    })
}

fn id_type(ids: &IdMap) -> arrow::datatypes::DataType {
    match ids {
        IdMap::Str { .. } => arrow::datatypes::DataType::Utf8,
        _ => arrow::datatypes::DataType::UInt64,
    }
}
