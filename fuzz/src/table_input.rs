//! What the `csv_edges`, `parquet_edges` and `ipc_edges` fuzz targets do
//! with one input. Shared with `crates/ona-store/tests/fuzz_regressions.rs`
//! (included there by `#[path]`), so a committed crash replays exactly.
//!
//! The bytes become an edge-table file (the table API reads paths; the file
//! lives in `/dev/shm` where there is one, so no disk I/O per run) and go
//! through `table::read_graph`. Any `Err` is fine; a panic that escapes is a
//! finding. A graph that loads is used: PageRank, weakly connected
//! components, and a snapshot round trip that must give the graph back.
//!
//! Panics *inside* Arrow or Parquet are caught by the table module and
//! reported as `Error::Format` (its documented contract), so the fuzz
//! targets install [`count_caught_panics`] instead of libFuzzer's abort-on-
//! any-panic hook: those caught decoder panics are counted (and logged),
//! while a panic that escapes `read_graph` still aborts the run.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use ona_core::Exec;
use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_store::snapshot::{Meta, Snapshot, encode};
use ona_store::table::{EdgeOptions, read_graph};

/// The file formats, by the extension the scratch file gets.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    /// `.csv`
    Csv,
    /// `.parquet`
    Parquet,
    /// `.arrow` (IPC file or stream, told apart by magic bytes)
    Ipc,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Parquet => "parquet",
            Self::Ipc => "arrow",
        }
    }
}

/// A scratch file name unique to this process and thread.
fn scratch(format: Format) -> PathBuf {
    let shm = PathBuf::from("/dev/shm");
    let dir = if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    };
    let thread = format!("{:?}", std::thread::current().id())
        .replace(|c: char| !c.is_ascii_alphanumeric(), "");
    dir.join(format!(
        "ona-fuzz-{}-{thread}.{}",
        std::process::id(),
        format.extension()
    ))
}

/// Run one input; panics on a finding.
pub fn run(data: &[u8], format: Format, exec: &Exec) {
    let path = scratch(format);
    std::fs::write(&path, data)
        .unwrap_or_else(|e| panic!("fuzz harness: writing {}: {e}", path.display()));
    let loaded = read_graph(&path, None, &EdgeOptions::default(), exec);
    let _ = std::fs::remove_file(&path);
    let Ok(g) = loaded else { return };
    let n = g.node_count();
    if let Ok(scores) = pagerank(&g, &PageRankConfig::default(), exec) {
        assert_eq!(scores.into_vec().len(), n, "one PageRank score per node");
    }
    if let Ok(p) = weakly_connected_components(&g, &ComponentsConfig::default(), exec) {
        assert_eq!(p.0.len(), n, "one component per node");
    }
    let bytes = exec.install(|| encode(&g.compress(exec), &Meta::default()));
    match Snapshot::from_bytes(&bytes, exec) {
        Ok(s) => assert!(
            s.graph().decompress(exec) == g,
            "snapshot round trip changed an imported graph"
        ),
        Err(e) => panic!("the snapshot of an imported graph does not open: {e}"),
    }
}

/// Decoder panics caught inside the table module so far.
pub static CAUGHT_PANICS: AtomicU64 = AtomicU64::new(0);

/// Replace the panic hook with one that counts panics and logs the first few
/// and every power of two, without aborting (see the module docs).
pub fn count_caught_panics() {
    std::panic::set_hook(Box::new(|info| {
        let n = CAUGHT_PANICS.fetch_add(1, Ordering::Relaxed) + 1;
        if n <= 3 || n.is_power_of_two() {
            eprintln!(
                "ona-fuzz: panic #{n} (caught by the table module unless the run aborts next): {info}"
            );
        }
    }));
}
