//! `ona report`: a self-contained HTML report of an edge list (and node
//! attributes), or of a synthetic organisation when no input is given.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ona_core::Graph;
use ona_core::generate::{OrgConfig, org_edges};

use super::{Ctx, ExecArgs};
use crate::error::{CliError, Context, Result, UsageError};
use crate::load::{LoadArgs, Window, load};
use crate::output::{bytes, duration, thousands};
use crate::report::{PseudonymKey, ReportConfig, analyze, compare, render};

/// Arguments of `ona report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Edge list: CSV, TSV or whitespace-separated (default: a synthetic
    /// organisation of --people people, as `ona demo`).
    #[arg(long, value_name = "FILE")]
    pub edges: Option<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
    /// An earlier edge list of the same organisation, read with the same
    /// options (and node file): adds "What changed".
    #[arg(long, value_name = "FILE", requires = "edges")]
    pub compare: Option<PathBuf>,
    /// An earlier time window of the same edge list (`START..END`, as
    /// --window, which gives the later one): adds "What changed".
    #[arg(long, value_name = "START..END", requires = "edges", conflicts_with = "compare", value_parser = Window::parse)]
    pub compare_window: Option<Window>,
    /// Node attribute that groups people (default: department, if present).
    #[arg(long, value_name = "ATTR")]
    pub group_by: Option<String>,
    /// Leave groups with fewer people out of every group-level figure.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub min_group_size: usize,
    /// Show people by keyed pseudonyms (BLAKE3, as the bindings' `pseudonymize`):
    /// a 256-bit key as 64 hex digits.
    #[arg(long, value_name = "KEYHEX")]
    pub pseudonymize: Option<String>,
    /// Output file.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "report.html")]
    pub out: PathBuf,
    /// Rows in each top list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// People drawn in the community map (at most 5,000).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_nodes: usize,
    /// Ties drawn in the community map (the heaviest).
    #[arg(long, value_name = "N", default_value_t = 6000)]
    pub max_edges: usize,
    /// Head count of the synthetic organisation (without --edges).
    #[arg(long, default_value_t = 1000, conflicts_with = "edges")]
    pub people: usize,
    /// Page title.
    #[arg(long)]
    pub title: Option<String>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Run `ona report`.
pub fn run(args: &ReportArgs, ctx: &Ctx) -> Result<()> {
    let exec = ctx.exec(&args.exec)?;
    let t = Instant::now();
    let key = args.pseudonymize.as_deref().map(PseudonymKey::from_hex).transpose()?;
    if args.max_nodes > crate::report::MAX_MAP_NODES {
        return Err(UsageError::BadValue { option: "max-nodes", value: args.max_nodes.to_string(), expected: "at most 5000" }.into());
    }
    let (graph, source): (Graph, String) = match &args.edges {
        Some(path) => {
            let sink = ctx.bar.sink();
            let loaded = load(path, &args.load, Some(&*sink), &exec)?;
            let nodes = args.load.nodes.as_ref().map_or(String::new(), |p| format!(", people from {}", file_name(p)));
            let window = args.load.window.as_ref().map_or(String::new(), |w| format!(" in {}", w.text));
            (loaded.graph, format!("{}{window}{nodes}", file_name(path)))
        }
        None => {
            let edges = org_edges(&OrgConfig::new(args.people), &exec).context("generating the organisation")?;
            let g = edges.build(&exec).context("building the graph")?;
            (g, format!("a synthetic organisation (seed {})", args.exec.seed))
        }
    };
    let before: Option<Graph> = match (&args.compare, &args.compare_window, &args.edges) {
        (Some(path), _, _) => Some(load(path, &args.load, None, &exec)?.graph),
        (None, Some(w), Some(path)) => Some(load(path, &LoadArgs { window: Some(w.clone()), ..args.load.clone() }, None, &exec)?.graph),
        _ => None,
    };
    ctx.note(format_args!("loaded {} people in {}", thousands(graph.node_count() as u64), duration(t.elapsed())));
    let source = match (&args.compare, &args.compare_window) {
        (Some(p), _) => format!("{source}, compared with {}", file_name(p)),
        (None, Some(w)) => format!("{source}, compared with {}", w.text),
        _ => source,
    };
    let cfg = ReportConfig::default()
        .group_by(args.group_by.clone())
        .min_group_size(args.min_group_size)
        .top(args.top)
        .max_nodes(args.max_nodes)
        .max_edges(args.max_edges)
        .pseudonym(key)
        .title(args.title.clone().unwrap_or_else(|| ReportConfig::default().title))
        .source(source);
    let a = analyze(&graph, &cfg, &exec)?;
    let view = a.view(&cfg, &exec)?;
    let change = match &before {
        Some(b) => Some(compare(&analyze(b, &cfg, &exec)?, &a, cfg.top)),
        None => None,
    };
    ctx.bar.clear();
    let html = render(&a, &view, change.as_ref(), &cfg);
    std::fs::write(&args.out, &html).map_err(|source| CliError::Io { path: args.out.clone(), source })?;
    ctx.note(format_args!("wrote {} ({}) in {}", args.out.display(), bytes(html.len() as u64), duration(t.elapsed())));
    Ok(())
}

/// The file name alone (no directories: a report should not leak paths).
fn file_name(p: &std::path::Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |f| f.to_string_lossy().into_owned())
}
