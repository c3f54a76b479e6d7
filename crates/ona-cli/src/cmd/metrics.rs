//! `ona metrics`: per-node metrics of an edge list or a snapshot, as CSV or
//! JSON.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ona_core::{Adjacency, Exec, Graph};

use super::{Ctx, ExecArgs};
use crate::error::{Result, UsageError};
use crate::load::{LoadArgs, load};
use crate::metric::{self, MetricOptions};
use crate::output::{self, Column, Format};
use crate::store;

/// Arguments of `ona metrics`.
#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Edge list: CSV, TSV or whitespace-separated; `#`/`%` comments.
    #[arg(long, value_name = "FILE", required_unless_present = "graph")]
    pub edges: Option<PathBuf>,
    /// A snapshot written by `ona import` (validated, then computed on in its
    /// compressed form), instead of --edges.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = ["edges", "nodes", "directed", "weight_col", "unweighted", "src_col", "dst_col", "time_col", "header", "no_header"]
    )]
    pub graph: Option<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Comma-separated metric names (e.g. degree,pagerank,betweenness).
    #[arg(long, value_delimiter = ',', default_value = "degree,pagerank", long_help = metric::help())]
    pub metrics: Vec<String>,
    /// Output file (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Output format (default: from the file extension, else CSV).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Use weights as distances in betweenness, closeness and harmonic
    /// (default: hop counts; collaboration weights are not distances).
    #[arg(long)]
    pub weighted_paths: bool,
    /// Estimate betweenness from this many seeded, uniformly sampled sources
    /// (Brandes–Pich; NetworkX `k=`) instead of all of them.
    #[arg(long, value_name = "K", conflicts_with = "betweenness_epsilon")]
    pub betweenness_samples: Option<usize>,
    /// Estimate betweenness within this additive error, with probability
    /// 0.9 (Riondato–Kornaropoulos path sampling).
    #[arg(long, value_name = "EPS")]
    pub betweenness_epsilon: Option<f64>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Run `ona metrics`.
pub fn run(args: &MetricsArgs, ctx: &Ctx) -> Result<()> {
    let names: Vec<String> = args.metrics.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    metric::check_names(&names)?;
    let exec = ctx.exec(&args.exec)?;
    let t = Instant::now();
    let opts = MetricOptions {
        weighted_paths: args.weighted_paths,
        betweenness_samples: args.betweenness_samples,
        betweenness_epsilon: args.betweenness_epsilon,
    };
    let note_loaded = |nodes: usize, edges: u64, from: &std::path::Path| {
        ctx.note(format_args!(
            "loaded {} nodes, {} edges from {} in {}",
            output::thousands(nodes as u64),
            output::thousands(edges),
            from.display(),
            output::duration(t.elapsed())
        ));
    };
    match (&args.graph, &args.edges) {
        (Some(path), _) => {
            let snapshot = store::read(path, &exec)?;
            let g = snapshot.graph();
            note_loaded(g.node_count(), g.edge_count(), path);
            let columns = compute_all(&names, g, &opts, &exec, ctx)?;
            finish(args, g, &columns, ctx)
        }
        (None, Some(edges)) => {
            let sink = ctx.bar.sink();
            let loaded = load(edges, &args.load, Some(&*sink), &exec)?;
            let g = &loaded.graph;
            note_loaded(g.node_count(), g.edge_count(), edges);
            let columns = compute_all(&names, g, &opts, &exec, ctx)?;
            finish(args, g, &columns, ctx)
        }
        (None, None) => {
            Err(UsageError::BadValue { option: "edges", value: String::new(), expected: "an edge list (or --graph FILE)" }.into())
        }
    }
}

/// Check that every metric applies to `g`, then compute them in order (with
/// a timing note each): the output columns.
pub fn compute_all<A: Adjacency>(names: &[String], g: &Graph<A>, opts: &MetricOptions, exec: &Exec, ctx: &Ctx) -> Result<Vec<Column>> {
    metric::validate(names, g)?;
    let mut columns = Vec::new();
    for name in names {
        let t = Instant::now();
        columns.extend(metric::compute(name, g, opts, exec)?);
        ctx.note(format_args!("{name}: {}", output::duration(t.elapsed())));
    }
    Ok(columns)
}

fn finish<A: Adjacency>(args: &MetricsArgs, g: &Graph<A>, columns: &[Column], ctx: &Ctx) -> Result<()> {
    let format = args.format.unwrap_or_else(|| Format::guess(args.out.as_deref()));
    output::write_table(g, columns, args.out.as_deref(), format)?;
    if let Some(out) = &args.out {
        ctx.note(format_args!("wrote {} rows x {} columns to {}", g.node_count(), columns.len(), out.display()));
    }
    Ok(())
}
