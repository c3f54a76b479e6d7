//! `ona info`: what is in an edge list.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ona_core::algo::centrality::{DegreeConfig, degree};
use ona_core::algo::components::{ComponentsConfig, StrongComponentsConfig, strongly_connected_components, weakly_connected_components};
use ona_core::{Graph, Partition};

use super::{Ctx, ExecArgs};
use crate::error::{Context, Result};
use crate::load::{LoadArgs, load};
use crate::output::{bytes, duration, thousands};

/// Arguments of `ona info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Edge list: CSV, TSV or whitespace-separated; `#`/`%` comments.
    #[arg(value_name = "FILE")]
    pub edges: PathBuf,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub exec: ExecArgs,
}

/// Degree summary: min, median, mean, max.
pub fn degree_stats(d: &[f64]) -> (f64, f64, f64, f64) {
    if d.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    let mut s = d.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    let mean = s.iter().sum::<f64>() / s.len() as f64;
    (s[0], s[s.len() / 2], mean, s[s.len() - 1])
}

/// NetworkX `density`: `m / (n (n - 1))`, doubled for undirected graphs.
pub fn density(g: &Graph) -> f64 {
    let n = g.node_count() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let m = g.edge_count() as f64;
    let d = m / (n * (n - 1.0));
    if g.is_directed() { d } else { 2.0 * d }
}

/// "3 (largest 1,200 nodes, 97.2%)".
pub fn component_summary(p: &Partition) -> String {
    let sizes = p.sizes();
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let n = p.len().max(1) as f64;
    format!("{} (largest {} nodes, {:.1}%)", thousands(sizes.len() as u64), thousands(largest), 100.0 * largest as f64 / n)
}

/// Run `ona info`.
pub fn run(args: &InfoArgs, ctx: &Ctx) -> Result<()> {
    let exec = ctx.exec(&args.exec)?;
    let t = Instant::now();
    let sink = ctx.bar.sink();
    let loaded = load(&args.edges, &args.load, Some(&*sink), &exec)?;
    let load_time = t.elapsed();
    let g = &loaded.graph;
    let weak = weakly_connected_components(g, &ComponentsConfig::default(), &exec).context("components")?;
    let strong = if g.is_directed() {
        Some(strongly_connected_components(g, &StrongComponentsConfig::default(), &exec).context("strong components")?)
    } else {
        None
    };
    let deg = degree(g, &DegreeConfig::default(), &exec).context("degree")?;
    let (dmin, dmed, dmean, dmax) = degree_stats(&deg);
    let compressed = g.compress(&exec);
    ctx.bar.clear();

    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut lines: Vec<(&str, String)> = vec![
        (
            "file",
            format!(
                "{} ({} header, delimiter {}, {} ids, loaded in {})",
                args.edges.display(),
                if loaded.header { "with" } else { "no" },
                loaded.delimiter.name(),
                if loaded.integer_ids { "integer" } else { "string" },
                duration(load_time)
            ),
        ),
        ("nodes", thousands(g.node_count() as u64)),
        ("edges", format!("{} ({} rows read; repeated pairs merged, weights summed)", thousands(g.edge_count()), thousands(loaded.rows))),
        ("directed", yes(g.is_directed()).into()),
        (
            "weighted",
            match &loaded.weight_column {
                Some(c) => format!("yes (column '{c}')"),
                None => "no".into(),
            },
        ),
        ("self loops", thousands(g.self_loop_count())),
        ("density", format!("{:.6}", density(g))),
        (if g.is_directed() { "weak components" } else { "components" }, component_summary(&weak)),
    ];
    if let Some(s) = &strong {
        lines.push(("strong components", component_summary(s)));
    }
    lines.push(("degree", format!("min {dmin} / median {dmed} / mean {dmean:.2} / max {dmax}")));
    let isolated = deg.iter().filter(|&&d| d == 0.0).count();
    lines.push(("isolated", thousands(isolated as u64)));
    let per_edge = |total: usize| total as f64 / g.edge_count().max(1) as f64;
    lines.push((
        "memory, plain",
        format!("{} ({:.1} B/edge; topology {:.2} B/edge)", bytes(g.memory_bytes() as u64), per_edge(g.memory_bytes()), g.bytes_per_edge()),
    ));
    lines.push((
        "memory, compressed",
        format!(
            "{} ({:.1} B/edge; topology {:.2} B/edge)",
            bytes(compressed.memory_bytes() as u64),
            per_edge(compressed.memory_bytes()),
            compressed.bytes_per_edge()
        ),
    ));
    let attrs: Vec<String> = g
        .attributes()
        .names()
        .map(|n| format!("{n} ({} values)", g.attributes().get(n).map_or(0, |c| c.dictionary().len())))
        .collect();
    if !attrs.is_empty() {
        lines.push(("attributes", attrs.join(", ")));
    }
    for (k, v) in lines {
        println!("{k:<19} {v}");
    }
    Ok(())
}
