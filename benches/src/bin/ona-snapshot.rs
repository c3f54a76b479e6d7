//! Snapshot and import figures on one graph (`benches/peers/store.py` runs
//! it beside NetworKit's binary reader and igraph's edge-list reader):
//! snapshot size, publish time, open + validate time of the mapped file, the
//! first PageRank on the mapped graph against PageRank on the in-memory
//! graph, and Parquet edge-table import speed. Prints one `@@{json}` line.
//!
//! ona-snapshot --npy FILE --nodes N [--threads T] [--repeat R] [--dir DIR]

use std::time::Instant;

use arrow::array::{RecordBatch, UInt32Array};
use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::{Exec, GraphBuilder};
use ona_store::snapshot::{Meta, SnapshotDir};
use ona_store::table::{EdgeOptions, TableFormat, read_graph, write_table};
use serde_json::json;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// CPU seconds (user + system, all threads) of this process so far, from
/// `/proc/self/stat` (Linux; 0 elsewhere). Less sensitive to a loaded
/// machine than wall time.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command name.
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let x = f();
    (x, t.elapsed().as_secs_f64())
}

fn main() -> Res<()> {
    let (mut npy, mut nodes, mut threads, mut repeat, mut dir) =
        (String::new(), 0usize, 2usize, 5usize, None::<String>);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let val = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--npy" => npy = val,
            "--nodes" => nodes = val.parse()?,
            "--threads" => threads = val.parse()?,
            "--repeat" => repeat = val.parse()?,
            "--dir" => dir = Some(val),
            _ => return Err(format!("unknown flag {flag}").into()),
        }
    }
    let exec = Exec::with_threads(threads)?;
    let (src, dst) = ona_benches::npy::read_edges(&std::fs::read(&npy)?)?;
    let (g, build_s) = timed(|| GraphBuilder::undirected().build(nodes, &src, &dst, None, &exec));
    let g = g?;
    let (cg, compress_s) = timed(|| g.compress(&exec));
    let tmp = tempfile::tempdir_in(dir.as_deref().unwrap_or("target"))?;
    let store = SnapshotDir::open(tmp.path().join("snapshots"))?;
    let (published, publish_s) = timed(|| store.publish("bench", &cg, &Meta::default(), &exec));
    let published = published?;

    // Open + validate the mapped file (warm page cache: it was just written).
    let mut open_s = Vec::new();
    let cpu0 = cpu_s();
    let opens = repeat * 4;
    for _ in 0..opens {
        let (s, t) = timed(|| store.open_latest("bench", &exec));
        s?.ok_or("no snapshot")?;
        open_s.push(t);
    }
    let open_cpu_s = (cpu_s() - cpu0) / opens as f64;
    if std::env::var_os("ONA_SNAPSHOT_OPEN_ONLY").is_some() {
        println!(
            "@@{}",
            json!({"open_validate_s": median(open_s), "open_validate_cpu_s": open_cpu_s})
        );
        return Ok(());
    }
    // First PageRank right after a fresh open, then steady-state runs of the
    // mapped, in-memory compressed and in-memory plain graphs, interleaved.
    let cfg = PageRankConfig::default();
    let snap = store.open_latest("bench", &exec)?.ok_or("no snapshot")?;
    let (pr, first_mapped_s) = timed(|| pagerank(snap.graph(), &cfg, &exec));
    let reference = pr?.into_vec();
    let (mut mapped, mut compressed, mut plain) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..repeat {
        let (a, t) = timed(|| pagerank(snap.graph(), &cfg, &exec));
        mapped.push(t);
        let (b, u) = timed(|| pagerank(&cg, &cfg, &exec));
        compressed.push(u);
        let (c, w) = timed(|| pagerank(&g, &cfg, &exec));
        plain.push(w);
        if a?.into_vec() != reference || b?.into_vec() != reference || c?.into_vec() != reference {
            return Err("PageRank differs between mapped and in-memory graphs".into());
        }
    }

    // Parquet edge table -> graph.
    let parquet = tmp.path().join("edges.parquet");
    let batch = RecordBatch::try_from_iter([
        (
            "source",
            std::sync::Arc::new(UInt32Array::from(src.clone())) as _,
        ),
        (
            "target",
            std::sync::Arc::new(UInt32Array::from(dst.clone())) as _,
        ),
    ])?;
    write_table(&parquet, TableFormat::Parquet, &batch)?;
    let mut import_s = Vec::new();
    for _ in 0..repeat.min(3) {
        let (r, t) = timed(|| read_graph(&parquet, None, &EdgeOptions::default(), &exec));
        let imported = r?;
        if imported.edge_count() != g.edge_count() {
            return Err(format!(
                "imported {} edges, expected {}",
                imported.edge_count(),
                g.edge_count()
            )
            .into());
        }
        import_s.push(t);
    }
    let rows = src.len() as f64;
    let edges = g.edge_count();
    let out = json!({
        "graph": npy, "threads": threads, "nodes": g.node_count(), "edges": edges,
        "build_s": build_s, "compress_s": compress_s, "publish_s": publish_s,
        "snapshot_bytes": published.bytes, "bytes_per_edge": published.bytes as f64 / edges as f64,
        "parquet_bytes": std::fs::metadata(&parquet)?.len(),
        "open_validate_s": median(open_s), "open_validate_cpu_s": open_cpu_s,
        "pagerank_first_mapped_s": first_mapped_s,
        "pagerank_mapped_s": median(mapped), "pagerank_compressed_s": median(compressed), "pagerank_plain_s": median(plain),
        "import_parquet_s": median(import_s.clone()), "import_rows_per_s": rows / median(import_s),
    });
    println!("@@{out}");
    Ok(())
}
