//! `ona bench`: the license-tier table, measured on synthetic organisations.

use std::time::{Duration, Instant};

use clap::Args;
use ona_core::algo::centrality::{ClosenessConfig, DegreeConfig, PageRankConfig, closeness_centrality, degree, pagerank};
use ona_core::algo::clustering::{ClusteringConfig, clustering};
use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::generate::{OrgConfig, org_edges};
use ona_core::Exec;

use super::{Ctx, ExecArgs};
use crate::error::{Context, Result, UsageError};
use crate::metric::{self, BetweennessMode};
use crate::output::{bytes, duration, markdown, thousands};

/// Arguments of `ona bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Head counts to measure (the license tiers: Demo 100, Basic 5,000,
    /// Professional 50,000, Enterprise 1,000,000).
    #[arg(long, value_delimiter = ',', default_value = "100,5000,50000,1000000")]
    pub tiers: Vec<usize>,
    /// Largest organisation for exact betweenness and closeness; above it
    /// betweenness is estimated from sampled sources and closeness skipped.
    #[arg(long, default_value_t = metric::EXACT_BETWEENNESS_MAX)]
    pub exact_max: usize,
    /// Sampled sources for estimated betweenness (default: as many as
    /// 5·10^8 edge visits allow, at least 64).
    #[arg(long, value_name = "K", conflicts_with = "epsilon")]
    pub samples: Option<usize>,
    /// Use the Riondato–Kornaropoulos (ε, δ = 0.1) estimator with this
    /// additive error instead of sampled sources.
    #[arg(long, value_name = "EPS")]
    pub epsilon: Option<f64>,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// The license tier a head count belongs to.
fn tier_name(people: usize) -> &'static str {
    match people {
        0..=100 => "Demo",
        101..=5_000 => "Basic",
        5_001..=50_000 => "Professional",
        _ => "Enterprise",
    }
}

/// One tier's measurements, as table cells in row order.
fn measure(people: usize, args: &BenchArgs, exec: &Exec, ctx: &Ctx) -> Result<Vec<String>> {
    let timed = |what: &str, f: &mut dyn FnMut() -> Result<()>| -> Result<Duration> {
        ctx.note(format_args!("{}: {what}", thousands(people as u64)));
        let t = Instant::now();
        f()?;
        Ok(t.elapsed())
    };
    let mut edges = None;
    let t_gen = timed("generate", &mut || {
        edges = Some(org_edges(&OrgConfig::new(people), exec).context("generating")?);
        Ok(())
    })?;
    let Some(edges) = edges else { unreachable!("set by the closure above") };
    let mut graph = None;
    let t_build = timed("build", &mut || {
        graph = Some(edges.build(exec).context("building")?);
        Ok(())
    })?;
    let Some(g) = graph else { unreachable!("set by the closure above") };
    drop(edges);
    let c = g.compress(exec);
    let n = g.node_count();
    let t_deg = timed("degree", &mut || degree(&g, &DegreeConfig::default(), exec).map(drop).context("degree"))?;
    let t_pr = timed("pagerank", &mut || pagerank(&g, &PageRankConfig::default(), exec).map(drop).context("pagerank"))?;
    let mode = BetweennessMode::choose(&g, args.exact_max, args.samples, args.epsilon);
    let t_bc = timed("betweenness", &mut || metric::betweenness(&g, mode, exec).map(drop))?;
    let bc_label = mode.short();
    let closeness = if n <= args.exact_max {
        let t = timed("closeness", &mut || closeness_centrality(&g, &ClosenessConfig::default(), exec).map(drop).context("closeness"))?;
        duration(t)
    } else {
        "skipped (O(nm))".into()
    };
    let t_cc = timed("components", &mut || {
        weakly_connected_components(&g, &ComponentsConfig::default(), exec).map(drop).context("components")
    })?;
    let t_core = timed("k-core", &mut || core_number(&g, &CoreNumberConfig::default(), exec).map(drop).context("core number"))?;
    let t_cl = timed("clustering", &mut || clustering(&g, &ClusteringConfig::default(), exec).map(drop).context("clustering"))?;
    ctx.bar.clear();
    Ok(vec![
        thousands(n as u64),
        thousands(g.edge_count()),
        duration(t_gen),
        duration(t_build),
        format!("{} ({:.1} B/edge)", bytes(g.memory_bytes() as u64), g.memory_bytes() as f64 / g.edge_count().max(1) as f64),
        format!("{} ({:.1} B/edge)", bytes(c.memory_bytes() as u64), c.memory_bytes() as f64 / g.edge_count().max(1) as f64),
        duration(t_deg),
        duration(t_pr),
        format!("{} ({bc_label})", duration(t_bc)),
        closeness,
        duration(t_cc),
        duration(t_core),
        duration(t_cl),
    ])
}

const ROWS: [&str; 13] = [
    "people (nodes)",
    "collaboration ties (edges)",
    "generate",
    "build graph",
    "memory, plain",
    "memory, compressed",
    "degree",
    "pagerank",
    "betweenness",
    "closeness",
    "components",
    "k-core",
    "clustering (local, all nodes)",
];

/// Run `ona bench`.
pub fn run(args: &BenchArgs, ctx: &Ctx) -> Result<()> {
    if let Some(&bad) = args.tiers.iter().find(|&&t| t == 0) {
        return Err(UsageError::BadValue { option: "tiers", value: bad.to_string(), expected: "positive head counts" }.into());
    }
    if args.samples == Some(0) {
        return Err(UsageError::BadValue { option: "samples", value: "0".into(), expected: "a positive number of sources" }.into());
    }
    let exec = ctx.exec(&args.exec)?;
    let mut columns = Vec::new();
    for &people in &args.tiers {
        columns.push(measure(people, args, &exec, ctx)?);
    }
    let headers: Vec<String> = std::iter::once("measure".to_string())
        .chain(args.tiers.iter().map(|&p| format!("{} {}", tier_name(p), thousands(p as u64))))
        .collect();
    let rows: Vec<Vec<String>> = ROWS
        .iter()
        .enumerate()
        .map(|(i, name)| std::iter::once(name.to_string()).chain(columns.iter().map(|c| c[i].clone())).collect())
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    println!("ona bench: synthetic organisations, seed {}, {} threads; times are wall clock", args.exec.seed, exec.threads());
    println!();
    print!("{}", markdown(&headers, &rows));
    println!();
    println!(
        "betweenness and closeness are exact up to {} people; above, betweenness is estimated from k seeded sampled sources (Brandes–Pich) and closeness is skipped",
        thousands(args.exact_max as u64)
    );
    Ok(())
}
