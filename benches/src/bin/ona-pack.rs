//! Wall time of the ONA metric pack (`ona_core::ona::metric_pack`) on one
//! graph: build the graph (timed apart), run the pack (timed), print one
//! `@@{json}` line with the times and how betweenness was computed.
//!
//! ona-pack --npy FILE --nodes N [--groups LABELS.npy] [--threads T] [--seed S]
//! ona-pack --edges FILE [--labels FILE] [--threads T] [--seed S]
//!
//! `--npy`: an `(m, 2)` `<i4` edge array (undirected, as the peer harness
//! writes it: `/tmp/peers-data/sbm_org50k.npy`), `--groups` a 1-D `<i4`
//! label array (`sbm_org50k.dept.npy`). `--edges`: a text "src dst" edge
//! list (gunzip first) read as a directed graph on nodes `0..=max id`
//! (email-Eu-core), `--labels` a text "node label" file.

use std::time::Instant;

use ona_core::ona::{Groups, PackConfig, metric_pack};
use ona_core::{Exec, GraphBuilder};
use serde_json::json;

fn die(msg: String) -> ! {
    eprintln!("ona-pack: {msg}");
    std::process::exit(2)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| die(format!("{path}: {e}")))
}

/// A 1-D `<i4` array as codes (negative = missing).
fn read_labels_npy(bytes: &[u8]) -> Result<Vec<u32>, String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" || bytes[6] != 1 {
        return Err("expected a version-1 .npy file".into());
    }
    let hlen = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    let header = std::str::from_utf8(bytes.get(10..10 + hlen).ok_or("truncated header")?).map_err(|e| e.to_string())?;
    if !header.contains("'<i4'") {
        return Err(format!("expected <i4 labels, header {header}"));
    }
    Ok(bytes[10 + hlen..]
        .chunks_exact(4)
        .map(|c| u32::try_from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])).unwrap_or(u32::MAX))
        .collect())
}

fn text(path: &str) -> String {
    String::from_utf8(read(path)).unwrap_or_else(|e| die(format!("{path}: {e}")))
}

fn pairs(path: &str) -> Vec<(u32, u32)> {
    text(path)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut it = l.split_whitespace().map(|t| t.parse::<u32>().unwrap_or_else(|e| die(format!("{path}: {t:?}: {e}"))));
            match (it.next(), it.next()) {
                (Some(a), Some(b)) => (a, b),
                _ => die(format!("{path}: short line {l:?}")),
            }
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut npy, mut nodes, mut groups, mut edges, mut labels, mut threads, mut seed) = (None, 0usize, None, None, None, 2usize, 0u64);
    while let Some(flag) = args.next() {
        let val = args.next().unwrap_or_else(|| die(format!("{flag} needs a value")));
        match flag.as_str() {
            "--npy" => npy = Some(val),
            "--nodes" => nodes = val.parse().unwrap_or_else(|e| die(format!("--nodes: {e}"))),
            "--groups" => groups = Some(val),
            "--edges" => edges = Some(val),
            "--labels" => labels = Some(val),
            "--threads" => threads = val.parse().unwrap_or_else(|e| die(format!("--threads: {e}"))),
            "--seed" => seed = val.parse().unwrap_or_else(|e| die(format!("--seed: {e}"))),
            _ => die(format!("unknown flag {flag}")),
        }
    }
    let exec = Exec::with_threads(threads).unwrap_or_else(|e| die(e.to_string())).seed(seed);
    let t0 = Instant::now();
    let (graph, codes, name) = if let Some(path) = npy {
        let (src, dst) = ona_benches::npy::read_edges(&read(&path)).unwrap_or_else(|e| die(format!("{path}: {e}")));
        let g = GraphBuilder::undirected().build(nodes, &src, &dst, None, &exec).unwrap_or_else(|e| die(e.to_string()));
        let codes = groups.map(|p| read_labels_npy(&read(&p)).unwrap_or_else(|e| die(format!("{p}: {e}"))));
        (g, codes, path)
    } else if let Some(path) = edges {
        let e = pairs(&path);
        let n = e.iter().map(|&(a, b)| a.max(b) as usize + 1).max().unwrap_or(0);
        let (src, dst): (Vec<u32>, Vec<u32>) = e.into_iter().unzip();
        let g = GraphBuilder::directed().build(n, &src, &dst, None, &exec).unwrap_or_else(|e| die(e.to_string()));
        let codes = labels.map(|p| {
            let mut c = vec![u32::MAX; n];
            for (v, l) in pairs(&p) {
                if let Some(slot) = c.get_mut(v as usize) {
                    *slot = l;
                }
            }
            c
        });
        (g, codes, path)
    } else {
        die("--npy or --edges is required".into())
    };
    let build_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let pack = metric_pack(&graph, codes.as_deref().map(Groups::new), &PackConfig::default(), &exec).unwrap_or_else(|e| die(e.to_string()));
    let pack_s = t1.elapsed().as_secs_f64();
    let roles: Vec<usize> = ["central_connector", "broker", "boundary_spanner", "peripheral_specialist", "isolated"]
        .iter()
        .map(|r| pack.people.roles.iter().filter(|l| l.split('|').any(|x| x == *r)).count())
        .collect();
    let line = json!({
        "graph": name, "nodes": pack.meta.nodes, "edges": pack.meta.edges, "directed": pack.meta.directed,
        "threads": threads, "build_s": build_s, "pack_s": pack_s,
        "betweenness_exact": pack.meta.betweenness_exact, "betweenness_epsilon": pack.meta.betweenness_epsilon,
        "betweenness_samples": pack.meta.betweenness_samples, "harmonic": pack.meta.harmonic,
        "columns": pack.columns().len(), "groups_shown": pack.groups.as_ref().map(|t| t.len()),
        "groups_suppressed": pack.groups.as_ref().map(|t| t.suppressed.len()),
        "roles": {"central_connector": roles[0], "broker": roles[1], "boundary_spanner": roles[2], "peripheral_specialist": roles[3], "isolated": roles[4]},
    });
    println!("@@{line}");
}
