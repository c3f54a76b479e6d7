//! One measured cell of the peer comparison (`benches/peers/compare.py`):
//! load an `(m, 2)` int32 `.npy` edge array, build the undirected graph
//! (timed: `build_s`), run one algorithm (timed: `algo_s`), write the result
//! vector as `.npy` (untimed) and print one `@@{json}` line.
//!
//! ona-timeit --npy FILE --nodes N --algo NAME [--threads T] [--out FILE]
//!            [--compressed] [--epsilon E --delta D] [--tol T] [--seed S]

use std::time::Instant;

use ona_core::algo::centrality::{
    BetweennessConfig, ClosenessConfig, PageRankConfig, RiondatoConfig, betweenness_centrality,
    closeness_centrality, pagerank_with_stats, riondato_betweenness,
};
use ona_core::algo::clustering::{ClusteringConfig, clustering};
use ona_core::algo::community::{
    AsynLpaConfig, LeidenConfig, LouvainConfig, ModularityConfig, asyn_lpa, leiden, louvain,
    modularity,
};
use ona_core::algo::components::{ComponentsConfig, connected_components};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::{Adjacency, Exec, Graph, GraphBuilder};
use serde_json::json;

struct Args {
    npy: String,
    nodes: usize,
    algo: String,
    threads: usize,
    out: Option<String>,
    compressed: bool,
    tol: f64,
    epsilon: f64,
    delta: f64,
    seed: u64,
}

fn parse() -> Result<Args, String> {
    let mut a = Args {
        npy: String::new(),
        nodes: 0,
        algo: String::new(),
        threads: 2,
        out: None,
        compressed: false,
        tol: 1e-10,
        epsilon: 0.05,
        delta: 0.1,
        seed: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--npy" => a.npy = val()?,
            "--nodes" => a.nodes = val()?.parse().map_err(|e| format!("--nodes: {e}"))?,
            "--algo" => a.algo = val()?,
            "--threads" => a.threads = val()?.parse().map_err(|e| format!("--threads: {e}"))?,
            "--out" => a.out = Some(val()?),
            "--tol" => a.tol = val()?.parse().map_err(|e| format!("--tol: {e}"))?,
            "--epsilon" => a.epsilon = val()?.parse().map_err(|e| format!("--epsilon: {e}"))?,
            "--delta" => a.delta = val()?.parse().map_err(|e| format!("--delta: {e}"))?,
            "--seed" => a.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--compressed" => a.compressed = true,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if a.npy.is_empty() || a.algo.is_empty() {
        return Err("--npy and --algo are required".into());
    }
    Ok(a)
}

/// Runs `algo`; returns the per-node vector and notes for the report.
fn run<A: Adjacency>(
    g: &Graph<A>,
    args: &Args,
    exec: &Exec,
) -> Result<(Option<Vec<f64>>, serde_json::Value), ona_core::Error> {
    let as_f64 = |p: &[u32]| p.iter().map(|&x| f64::from(x)).collect::<Vec<f64>>();
    Ok(match args.algo.as_str() {
        "build" => (None, json!({})),
        "pagerank" => {
            let r = pagerank_with_stats(
                g,
                &PageRankConfig::default().tol(args.tol).max_iter(1000),
                exec,
            )?;
            (
                Some(r.scores.into_vec()),
                json!({"iterations": r.iterations, "residual": r.residual, "note": format!("conjugate gradients, rel. residual {:e}", args.tol)}),
            )
        }
        "betweenness" => (
            Some(betweenness_centrality(g, &BetweennessConfig::default(), exec)?.into_vec()),
            json!({"note": "exact, normalized"}),
        ),
        "approx_betweenness_rk" => {
            let r = riondato_betweenness(
                g,
                &RiondatoConfig::default()
                    .epsilon(args.epsilon)
                    .delta(args.delta),
                exec,
            )?;
            (
                Some(r.scores.into_vec()),
                json!({"samples": r.samples, "note": format!("Riondato-Kornaropoulos eps={} delta={}", args.epsilon, args.delta)}),
            )
        }
        "closeness" => (
            Some(closeness_centrality(g, &ClosenessConfig::default(), exec)?.into_vec()),
            json!({"note": "wf_improved"}),
        ),
        "components" => (
            Some(as_f64(&connected_components(
                g,
                &ComponentsConfig::default(),
                exec,
            )?)),
            json!({}),
        ),
        "kcore" => (
            Some(as_f64(&core_number(g, &CoreNumberConfig::default(), exec)?)),
            json!({}),
        ),
        "louvain" => {
            let r = louvain(g, &LouvainConfig::default(), exec)?;
            (
                Some(as_f64(&r.partition)),
                community_info(g, &r.partition, exec)?,
            )
        }
        "leiden" | "leiden_stable" => {
            let iterations = if args.algo == "leiden" { 2 } else { -1 };
            let r = leiden(g, &LeidenConfig::default().n_iterations(iterations), exec)?;
            (
                Some(as_f64(&r.partition)),
                community_info(g, &r.partition, exec)?,
            )
        }
        "lpa" => {
            let p = asyn_lpa(g, &AsynLpaConfig::default(), exec)?;
            (Some(as_f64(&p)), community_info(g, &p, exec)?)
        }
        "clustering" => (
            Some(clustering(g, &ClusteringConfig::default(), exec)?.into_vec()),
            json!({"note": "local"}),
        ),
        other => {
            return Err(ona_core::Error::invalid_param(
                "algo",
                other,
                "a known algorithm name",
            ));
        }
    })
}

/// Modularity and community count of a partition, for the report.
fn community_info<A: Adjacency>(
    g: &Graph<A>,
    p: &ona_core::Partition,
    exec: &Exec,
) -> Result<serde_json::Value, ona_core::Error> {
    let q = modularity(g, p, &ModularityConfig::default(), exec)?;
    Ok(json!({"modularity": q, "communities": p.count()}))
}

fn main() {
    let args = parse().unwrap_or_else(|e| {
        eprintln!("ona-timeit: {e}");
        std::process::exit(2)
    });
    let bytes = std::fs::read(&args.npy).unwrap_or_else(|e| {
        eprintln!("ona-timeit: {}: {e}", args.npy);
        std::process::exit(2)
    });
    let (src, dst) = ona_benches::npy::read_edges(&bytes).unwrap_or_else(|e| {
        eprintln!("ona-timeit: {}: {e}", args.npy);
        std::process::exit(2)
    });
    let exec = Exec::with_threads(args.threads)
        .map(|e| e.seed(args.seed))
        .unwrap_or_else(|e| {
            eprintln!("ona-timeit: {e}");
            std::process::exit(2)
        });
    let t0 = Instant::now();
    let g = GraphBuilder::undirected()
        .build(args.nodes, &src, &dst, None, &exec)
        .unwrap_or_else(|e| {
            eprintln!("ona-timeit: build: {e}");
            std::process::exit(1)
        });
    let build_s = t0.elapsed().as_secs_f64();
    let bytes_per_edge = g.bytes_per_edge();
    let compressed_bytes_per_edge = args.compressed.then(|| g.compress(&exec).bytes_per_edge());
    let compressed = args.compressed.then(|| g.compress(&exec));
    let t1 = Instant::now();
    let result = match &compressed {
        Some(c) => run(c, &args, &exec),
        None => run(&g, &args, &exec),
    };
    let algo_s = t1.elapsed().as_secs_f64();
    let (vec, mut info) = result.unwrap_or_else(|e| {
        eprintln!("ona-timeit: {}: {e}", args.algo);
        std::process::exit(1)
    });
    if let (Some(v), Some(out)) = (&vec, &args.out) {
        if let Err(e) = ona_benches::npy::write_f64(std::path::Path::new(out), v) {
            eprintln!("ona-timeit: {out}: {e}");
            std::process::exit(1)
        }
    }
    info["build_s"] = json!(build_s);
    info["algo_s"] = json!(algo_s);
    info["bytes_per_edge"] = json!(bytes_per_edge);
    info["compressed_bytes_per_edge"] = json!(compressed_bytes_per_edge);
    info["threads"] = json!(exec.threads());
    println!("@@{info}");
}
