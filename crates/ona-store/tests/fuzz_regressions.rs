//! Replays every committed fuzz input under `fuzz/regressions/<target>/`
//! through the same code the fuzz target runs (`fuzz/src/*_input.rs`),
//! asserting that none panics. Crashes found by `cargo fuzz` are copied
//! there (see `fuzz/README.md`); with none found, the directories hold
//! hand-made hostile inputs (`examples/fuzz_seeds.rs hostile`) so the path
//! is exercised all the same.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use ona_core::Exec;

#[path = "../../../fuzz/src/snapshot_input.rs"]
mod snapshot_input;

#[cfg(feature = "tables")]
#[allow(dead_code)] // the panic-counting hook is for the fuzz targets only
#[path = "../../../fuzz/src/table_input.rs"]
mod table_input;

/// The inputs in `fuzz/<kind>/<target>/`.
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no inputs in {}: the test would pass vacuously",
        dir.display()
    );
    files
}

/// Run every input in `fuzz/<kind>/<target>/` through `run`; fail naming
/// each that panicked.
fn replay(kind: &str, target: &str, run: impl Fn(&[u8])) {
    let mut panicked = Vec::new();
    let files = inputs(kind, target);
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if catch_unwind(AssertUnwindSafe(|| run(&bytes))).is_err() {
            panicked.push(path.display().to_string());
        }
    }
    assert!(
        panicked.is_empty(),
        "{} of {} {target} inputs panicked:\n{}",
        panicked.len(),
        files.len(),
        panicked.join("\n")
    );
}

#[test]
fn snapshot_open_regressions_do_not_panic() {
    let exec = Exec::sequential().unwrap_or_else(|e| panic!("{e}"));
    replay("regressions", "snapshot_open", |b| {
        snapshot_input::run(b, &exec)
    });
}

#[cfg(feature = "tables")]
mod tables {
    use super::*;
    use table_input::Format;

    fn replay_table(target: &str, format: Format) {
        let exec = Exec::sequential().unwrap_or_else(|e| panic!("{e}"));
        replay("regressions", target, |b| {
            table_input::run(b, format, &exec)
        });
    }

    #[test]
    fn csv_edges_regressions_do_not_panic() {
        replay_table("csv_edges", Format::Csv);
    }

    #[test]
    fn parquet_edges_regressions_do_not_panic() {
        replay_table("parquet_edges", Format::Parquet);
    }

    #[test]
    fn ipc_edges_regressions_do_not_panic() {
        replay_table("ipc_edges", Format::Ipc);
    }
}
