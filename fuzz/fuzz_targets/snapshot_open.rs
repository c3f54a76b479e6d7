//! Snapshot bytes from anywhere: `Snapshot::from_bytes` must return a typed
//! error or a graph that every algorithm can use; it must never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ona_core::Exec;

fn exec() -> &'static Exec {
    static EXEC: OnceLock<Exec> = OnceLock::new();
    EXEC.get_or_init(|| Exec::sequential().unwrap_or_else(|e| panic!("no thread pool: {e}")))
}

fuzz_target!(|data: &[u8]| {
    ona_fuzz::snapshot_input::run(data, exec());
});
