//! `ona demo`: the main job on a synthetic organisation, no input needed.
//!
//! Generates an organisation, builds the graph, and reports who brokers
//! (betweenness), who connects (strength, degree, PageRank), and how the
//! network hangs together (components, k-cores, closure, silos).

use std::time::{Duration, Instant};

use clap::Args;
use ona_core::algo::centrality::{DegreeConfig, PageRankConfig, degree, pagerank};
use ona_core::algo::clustering::{AverageClusteringConfig, TransitivityConfig, average_clustering, transitivity};
use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::generate::{OrgConfig, ROLE_LIAISON, ROLE_MANAGER, org_edges};
use ona_core::{Adjacency, Graph, NodeId, Scores};

use super::{Ctx, ExecArgs};
use crate::error::{Context, Result};
use crate::metric::{self, BetweennessMode};
use crate::output::{bytes, duration, markdown, thousands};

/// Arguments of `ona demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Head count of the synthetic organisation.
    #[arg(long, default_value_t = 50_000)]
    pub people: usize,
    /// Largest organisation for exact betweenness; above it betweenness is
    /// estimated from sampled sources.
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
    /// Rows in each top list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Timings of each step, for the closing line.
#[derive(Debug, Default)]
struct Clock(Vec<(&'static str, Duration)>);

impl Clock {
    fn time<T>(&mut self, what: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let t = Instant::now();
        let r = f()?;
        self.0.push((what, t.elapsed()));
        Ok(r)
    }
    fn get(&self, what: &str) -> Duration {
        self.0.iter().find(|(w, _)| *w == what).map_or(Duration::ZERO, |x| x.1)
    }
}

fn attr<'g>(g: &'g Graph, name: &str, v: NodeId) -> &'g str {
    g.attributes().get(name).and_then(|c| c.value(v)).unwrap_or("-")
}

/// A top-k table: rank, person, role, department, team, then `columns`.
fn top_table(g: &Graph, by: &Scores, k: usize, columns: &[(&str, &dyn Fn(NodeId) -> String)]) -> String {
    let mut headers = vec!["#", "person", "role", "department", "team"];
    headers.extend(columns.iter().map(|c| c.0));
    let rows: Vec<Vec<String>> = by
        .top_k(k)
        .into_iter()
        .enumerate()
        .map(|(i, (v, _))| {
            let mut row = vec![
                (i + 1).to_string(),
                g.ids().external(v).map(|x| x.to_string()).unwrap_or_default(),
                attr(g, "role", v).to_string(),
                attr(g, "department", v).to_string(),
                attr(g, "team", v).to_string(),
            ];
            row.extend(columns.iter().map(|c| (c.1)(v)));
            row
        })
        .collect();
    markdown(&headers, &rows)
}

/// A table cell: `s[v]` with `prec` decimals.
fn fmt(s: &Scores, prec: usize) -> impl Fn(NodeId) -> String + '_ {
    move |v: NodeId| format!("{:.prec$}", s[v.index()])
}

/// Share of each role among `nodes`, e.g. "61% manager, 12% liaison".
fn role_mix(g: &Graph, nodes: &[NodeId]) -> String {
    let n = nodes.len().max(1) as f64;
    let count = |r: &str| nodes.iter().filter(|&&v| attr(g, "role", v) == r).count() as f64;
    format!("{:.0}% managers, {:.0}% liaisons", 100.0 * count(ROLE_MANAGER) / n, 100.0 * count(ROLE_LIAISON) / n)
}

/// Krackhardt–Stern E-I index of the department partition over ties, and
/// the share of tie weight that crosses departments.
fn silo_stats(g: &Graph) -> Option<(f64, f64)> {
    let dept = g.attributes().get("department")?.codes();
    let adj = g.out_adj();
    let (mut ext, mut int, mut w_ext, mut w_all) = (0u64, 0u64, 0.0f64, 0.0f64);
    for v in (0u32..).take(g.node_count()) {
        adj.for_each_weighted(v, |u, w| {
            if u > v {
                let cross = dept[u as usize] != dept[v as usize];
                if cross {
                    ext += 1;
                    w_ext += w;
                } else {
                    int += 1;
                }
                w_all += w;
            }
        });
    }
    let ties = (ext + int).max(1) as f64;
    Some(((ext as f64 - int as f64) / ties, w_ext / w_all.max(f64::MIN_POSITIVE)))
}

/// Run `ona demo`.
pub fn run(args: &DemoArgs, ctx: &Ctx) -> Result<()> {
    let exec = ctx.exec(&args.exec)?;
    let mut clock = Clock::default();
    let edges = clock.time("generate", || org_edges(&OrgConfig::new(args.people), &exec).context("generating the organisation"))?;
    let g = clock.time("build", || edges.build(&exec).context("building the graph"))?;
    let rows = edges.src.len();
    drop(edges);
    let compressed = g.compress(&exec);
    let n = g.node_count();
    let deg = clock.time("degree", || degree(&g, &DegreeConfig::default(), &exec).context("degree"))?;
    let strength = clock.time("strength", || degree(&g, &DegreeConfig::default().weighted(true), &exec).context("strength"))?;
    let pr = clock.time("pagerank", || pagerank(&g, &PageRankConfig::default(), &exec).context("pagerank"))?;
    let mode = BetweennessMode::choose(&g, args.exact_max, args.samples, args.epsilon);
    let bc = clock.time("betweenness", || metric::betweenness(&g, mode, &exec))?;
    let comp = clock.time("components", || weakly_connected_components(&g, &ComponentsConfig::default(), &exec).context("components"))?;
    let core = clock.time("k-core", || core_number(&g, &CoreNumberConfig::default(), &exec).context("core number"))?;
    let avg_cl = clock.time("clustering", || average_clustering(&g, &AverageClusteringConfig::default(), &exec).context("clustering"))?;
    let trans = clock.time("transitivity", || transitivity(&g, &TransitivityConfig::default(), &exec).context("transitivity"))?;
    ctx.bar.clear();

    let count_attr = |name: &str| g.attributes().get(name).map_or(0, |c| c.dictionary().len());
    let count_role = |r: &str| (0u32..).take(n).filter(|&v| attr(&g, "role", NodeId(v)) == r).count();
    println!("# ona demo: a synthetic organisation of {} people", thousands(n as u64));
    println!();
    println!("seed {}, {} threads", args.exec.seed, exec.threads());
    println!(
        "{} people in {} teams and {} departments: {} managers, {} liaisons",
        thousands(n as u64),
        thousands(count_attr("team") as u64),
        thousands(count_attr("department") as u64),
        thousands(count_role(ROLE_MANAGER) as u64),
        thousands(count_role(ROLE_LIAISON) as u64),
    );
    println!(
        "{} collaboration ties ({} generated rows), {:.1} per person; weight = messages and meetings per month",
        thousands(g.edge_count()),
        thousands(rows as u64),
        2.0 * g.edge_count() as f64 / n.max(1) as f64
    );
    println!(
        "generated in {}, graph built in {}; memory {} plain, {} compressed ({:.2} -> {:.2} topology bytes/edge)",
        duration(clock.get("generate")),
        duration(clock.get("build")),
        bytes(g.memory_bytes() as u64),
        bytes(compressed.memory_bytes() as u64),
        g.bytes_per_edge(),
        compressed.bytes_per_edge()
    );

    let k = args.top;
    println!();
    println!("## Brokers: top {k} by betweenness ({}, {})", mode.label(), duration(clock.get("betweenness")));
    println!();
    print!("{}", top_table(&g, &bc, k, &[("betweenness", &fmt(&bc, 5)), ("degree", &fmt(&deg, 0))]));
    println!();
    println!("## Connectors: top {k} by strength (weighted degree)");
    println!();
    print!("{}", top_table(&g, &strength, k, &[("strength", &fmt(&strength, 1)), ("degree", &fmt(&deg, 0))]));
    println!();
    println!("## Influencers: top {k} by PageRank");
    println!();
    print!("{}", top_table(&g, &pr, k, &[("pagerank", &fmt(&pr, 6)), ("degree", &fmt(&deg, 0))]));

    println!();
    println!("## Structure");
    println!();
    println!("components: {}", super::info::component_summary(&comp));
    let max_core = core.iter().copied().max().unwrap_or(0);
    let top_core: Vec<NodeId> = (0u32..).take(n).filter(|&v| core[v as usize] == max_core).map(NodeId).collect();
    let core_sizes = |k: u32| core.iter().filter(|&&c| c >= k).count();
    println!(
        "k-core: max core {max_core} holds {} people ({}); {} people in the {}-core or deeper",
        thousands(top_core.len() as u64),
        role_mix(&g, &top_core),
        thousands(core_sizes(max_core.div_ceil(2)) as u64),
        max_core.div_ceil(2)
    );
    println!("closure: average clustering {avg_cl:.3}, transitivity {trans:.3} (share of two-step ties that are closed)");
    if let Some((ei, cross)) = silo_stats(&g) {
        println!(
            "silos: E-I index by department {ei:+.3} (-1 = all ties inside departments); {:.1}% of collaboration weight crosses departments",
            100.0 * cross
        );
    }
    let (_, dmed, dmean, dmax) = super::info::degree_stats(&deg);
    println!("degree: median {dmed}, mean {dmean:.1}, max {dmax}");
    println!();
    let timings: Vec<String> = clock.0.iter().map(|(w, d)| format!("{w} {}", duration(*d))).collect();
    println!("timings: {}", timings.join(", "));
    Ok(())
}
