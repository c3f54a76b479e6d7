//! Crash test of [`SnapshotDir::publish`] (driven by `scripts/crash-publish.sh`).
//!
//! ```text
//! publish_loop publish DIR   # publish versions k = latest+1, latest+2, ... until killed
//! publish_loop check DIR     # after a kill: is the latest version whole and right?
//! ```
//!
//! Version `k` holds an R-MAT graph seeded by `k` (8,192 nodes, about 45k
//! weighted edges, so a kill often lands mid-write) and a manifest with
//! `"k"` and `"check"`, a CRC-32C of the graph's canonical encoding.
//! `publish` prints `published K` after each publish returns (the
//! acknowledgement). `check` opens the directory as a writer (which removes
//! temporaries left by the kill), maps and validates the latest version,
//! regenerates the graph of that version and compares graph and manifest.
//! It prints one line, `ok K T`, `empty T` (`T`: temporary files the kill
//! left, removed by the open), `unreadable ...`, `mixed ...` or `stray ...`, and exits 0 for `ok`/`empty`, else 2 (unreadable), 3
//! (mixed) or 4 (stray temporary file).

use std::collections::BTreeMap;
use std::error::Error;
use std::io::Write;
use std::path::Path;

use ona_core::generate::{RmatConfig, rmat};
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder};
use ona_store::snapshot::{Meta, SnapshotDir, encode};

type Res<T = ()> = Result<T, Box<dyn Error>>;

const NAME: &str = "crash";

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["publish", dir] => publish(Path::new(dir)),
        ["check", dir] => {
            let (line, code) = check(Path::new(dir));
            println!("{line}");
            std::process::exit(code)
        }
        _ => Err("usage: publish_loop publish DIR | publish_loop check DIR".into()),
    }
}

/// The graph of version `k`: deterministic in `k` alone.
fn graph_for(k: u64, exec: &Exec) -> Res<Graph> {
    let (n, src, dst) = rmat(&RmatConfig::new(13).edge_factor(6), &exec.clone().seed(k))?;
    let w: Vec<f64> = (0..src.len() as u64)
        .map(|i| ((i.wrapping_mul(31) ^ k) % 7 + 1) as f64 * 0.5)
        .collect();
    Ok(GraphBuilder::undirected().build(n, &src, &dst, Some(EdgeWeights::F64(&w)), exec)?)
}

/// CRC-32C of the canonical encoding of `g` (fixed id, version and manifest).
fn digest(g: &Graph, exec: &Exec) -> String {
    let bytes = encode(
        &g.compress(exec),
        &Meta {
            graph_id: Some([0; 16]),
            version: 0,
            manifest: BTreeMap::new(),
        },
    );
    format!("{:08x}", crc32c::crc32c(&bytes))
}

fn publish(dir: &Path) -> Res {
    let exec = Exec::sequential()?;
    let snapshots = SnapshotDir::open(dir)?;
    let mut out = std::io::stdout().lock();
    loop {
        let k = snapshots.latest(NAME)?.unwrap_or(0) + 1;
        let g = graph_for(k, &exec)?;
        let manifest = BTreeMap::from([
            ("k".to_owned(), k.to_string()),
            ("check".to_owned(), digest(&g, &exec)),
        ]);
        let meta = Meta {
            graph_id: None,
            version: k,
            manifest,
        };
        let p = snapshots.publish(NAME, &g.compress(&exec), &meta, &exec)?;
        writeln!(out, "published {}", p.version)?;
        out.flush()?;
        // Pruning is part of the loop too, so kills also land in it.
        snapshots.prune(NAME, 2)?;
    }
}

/// Names of temporary files in `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|f| f.starts_with(".tmp."))
                .collect()
        })
        .unwrap_or_default()
}

fn check(dir: &Path) -> (String, i32) {
    let exec = match Exec::sequential() {
        Ok(e) => e,
        Err(e) => return (format!("unreadable: no executor: {e}"), 2),
    };
    // A temporary file here means the kill landed between creating it and
    // renaming it into place (mid-write or mid-fsync).
    let left = temporaries(dir).len();
    let snapshots = match SnapshotDir::open(dir) {
        Ok(s) => s,
        Err(e) => return (format!("unreadable: opening the directory: {e}"), 2),
    };
    let stray = temporaries(dir);
    if !stray.is_empty() {
        return (format!("stray temporary files after open: {stray:?}"), 4);
    }
    let s = match snapshots.open_latest(NAME, &exec) {
        Ok(Some(s)) => s,
        Ok(None) => return (format!("empty {left}"), 0),
        Err(e) => return (format!("unreadable: {e}"), 2),
    };
    let k = s.version();
    let expected = match graph_for(k, &exec) {
        Ok(g) => g,
        Err(e) => return (format!("unreadable: regenerating version {k}: {e}"), 2),
    };
    if s.manifest().get("k") != Some(&k.to_string()) {
        let got = s.manifest().get("k");
        return (format!("mixed: version {k} has manifest k = {got:?}"), 3);
    }
    let want = digest(&expected, &exec);
    if s.manifest().get("check") != Some(&want) {
        let got = s.manifest().get("check");
        return (
            format!("mixed: version {k} manifest check {got:?}, expected {want}"),
            3,
        );
    }
    if s.graph().decompress(&exec) != expected {
        return (
            format!("mixed: version {k} holds a graph other than its own"),
            3,
        );
    }
    (format!("ok {k} {left}"), 0)
}
