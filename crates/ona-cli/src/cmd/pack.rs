//! `ona pack`: the ONA metric pack of an edge list (and node attributes), or
//! of a synthetic organisation when no input is given, as Parquet: one row
//! per person and, with a grouping attribute, one row per group.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ona_core::Graph;
use ona_core::generate::{OrgConfig, org_edges};
use ona_core::ona::{Groups, PackConfig, PrivacyConfig, metric_pack};

use super::{Ctx, ExecArgs};
use crate::error::{Context, Result, UsageError};
use crate::load::{LoadArgs, load};
use crate::output::{duration, thousands};

/// Arguments of `ona pack`.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// Edge list: CSV, TSV or whitespace-separated (default: a synthetic
    /// organisation of --people people, as `ona demo`).
    #[arg(long, value_name = "FILE")]
    pub edges: Option<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Node attribute that groups people (default: department, if present).
    #[arg(long, value_name = "ATTR")]
    pub group_by: Option<String>,
    /// Groups with fewer people get no row in the group table.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_group_size: usize,
    /// People table (Parquet, zstd).
    #[arg(long, short = 'o', value_name = "FILE", default_value = "people.parquet")]
    pub out: PathBuf,
    /// Group table (Parquet); needs a grouping attribute.
    #[arg(long, value_name = "FILE")]
    pub groups_out: Option<PathBuf>,
    /// Exact betweenness up to this many people, sampled (ε = 0.02) above.
    #[arg(long, value_name = "N", default_value_t = PackConfig::default().exact_betweenness_max_nodes)]
    pub exact_betweenness_max: usize,
    /// Head count of the synthetic organisation (without --edges).
    #[arg(long, default_value_t = 1000, conflicts_with = "edges")]
    pub people: usize,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Run `ona pack`.
pub fn run(args: &PackArgs, ctx: &Ctx) -> Result<()> {
    let exec = ctx.exec(&args.exec)?;
    let t = Instant::now();
    let graph: Graph = match &args.edges {
        Some(path) => load(path, &args.load, Some(&*ctx.bar.sink()), &exec)?.graph,
        None => org_edges(&OrgConfig::new(args.people), &exec)
            .context("generating the organisation")?
            .build(&exec)
            .context("building the graph")?,
    };
    ctx.note(format_args!("loaded {} people in {}", thousands(graph.node_count() as u64), duration(t.elapsed())));
    let attrs = graph.attributes();
    let column = match &args.group_by {
        Some(name) => Some(attrs.get(name).ok_or_else(|| UsageError::BadValue {
            option: "group-by",
            value: format!("{name} (attributes: {})", attrs.names().collect::<Vec<_>>().join(", ")),
            expected: "a node attribute from --nodes",
        })?),
        None => attrs.get("department"),
    };
    if args.groups_out.is_some() && column.is_none() {
        return Err(
            UsageError::BadValue { option: "groups-out", value: String::new(), expected: "a grouping attribute (--group-by)" }.into()
        );
    }
    let cfg = PackConfig::default()
        .exact_betweenness_max_nodes(args.exact_betweenness_max)
        .privacy(PrivacyConfig::default().min_group_size(args.min_group_size));
    let pack = metric_pack(&graph, column.map(Groups::from), &cfg, &exec).context("computing the metric pack")?;
    ctx.bar.clear();
    let names: Vec<&str> = column.map(|c| c.dictionary().iter().map(|s| &**s).collect()).unwrap_or_default();
    ona_store::table::write_pack_parquet(&args.out, args.groups_out.as_deref(), &pack, graph.ids(), &names).context("writing the pack")?;
    let how = if pack.meta.betweenness_exact { "exact" } else { "sampled" };
    ctx.note(format_args!(
        "wrote {} people x {} columns to {} (betweenness {how}){} in {}",
        thousands(graph.node_count() as u64),
        pack.columns().len() + 1,
        args.out.display(),
        match (&args.groups_out, &pack.groups) {
            (Some(p), Some(g)) => format!(", {} groups to {} ({} suppressed)", g.len(), p.display(), g.suppressed.len()),
            _ => String::new(),
        },
        duration(t.elapsed())
    ));
    Ok(())
}
