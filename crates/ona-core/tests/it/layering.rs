//! The layering rule (`shared/STYLE.md`, "A layered house"): `ona-core` knows
//! nothing of files, sockets, async runtimes or FFI. Its normal (non-dev)
//! dependency tree must not contain any crate that brings those in.

use std::process::Command;

/// Crates (and their `-`/`_` suffixed families, e.g. `pyo3-ffi`, `arrow-array`)
/// that have no place under `ona-core`.
const BANNED: &[&str] = &[
    // FFI / bindings
    "pyo3", "numpy", "napi", "napi-derive", "wasm-bindgen",
    // async runtimes and networking
    "tokio", "async-std", "smol", "futures", "mio", "hyper", "reqwest",
    // adapters
    "rdkafka", "redis", "neo4rs",
    // files and formats (ona-store's business)
    "memmap2", "arrow", "parquet", "csv", "flate2", "zstd", "tempfile", "serde_json",
];

fn banned(name: &str) -> Option<&'static str> {
    BANNED.iter().copied().find(|b| {
        name == *b
            || name.strip_prefix(b).is_some_and(|rest| rest.starts_with('-') || rest.starts_with('_'))
    })
}

#[test]
fn ona_core_has_no_io_ffi_or_async_dependencies() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "-p", "ona-core", "-e", "normal", "--prefix", "none"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running `cargo tree`");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "`cargo tree -p ona-core -e normal` failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    // Each line reads "name vX.Y.Z [(path)] [(*)]".
    let names: Vec<&str> = stdout.lines().filter_map(|l| l.split_whitespace().next()).collect();
    assert!(names.contains(&"ona-core") && names.contains(&"rayon"), "unexpected `cargo tree` output:\n{stdout}");
    let offenders: Vec<String> = stdout
        .lines()
        .filter_map(|l| {
            let name = l.split_whitespace().next()?;
            banned(name).map(|b| format!("{} (banned: {b})", l.trim()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "ona-core must stay free of I/O, FFI and async crates (shared/STYLE.md), but its normal dependencies include:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn banned_matches_families_not_lookalikes() {
    assert_eq!(banned("pyo3-ffi"), Some("pyo3"));
    assert_eq!(banned("arrow_array"), Some("arrow"));
    assert_eq!(banned("tokio"), Some("tokio"));
    assert_eq!(banned("csvx"), None);
    assert_eq!(banned("rayon"), None);
}
