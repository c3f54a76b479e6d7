//! Edge tables from untrusted bytes (`fuzz/src/table_input.rs`): any
//! `Err` is fine, a panic escaping `table::read_graph` is not.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ona_core::Exec;
use ona_fuzz::table_input::{Format, count_caught_panics, run};

fn exec() -> &'static Exec {
    static EXEC: OnceLock<Exec> = OnceLock::new();
    EXEC.get_or_init(|| {
        count_caught_panics();
        Exec::sequential().unwrap_or_else(|e| panic!("no thread pool: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    run(data, Format::Ipc, exec());
});
