//! Node.js bindings for ona (napi-rs v3): shims over `ona-core`, `ona-store`,
//! `ona-engine` and the adapters (`ona-redis`, `ona-neo4j`, `ona-kafka`).
//!
//! The native module is internal; users import the TypeScript facade
//! (`ts/`, compiled to `dist/`), which checks option names, resolves external ids to node
//! indices, turns `AbortSignal`s into cancellation and errors into `OnaError`.
//!
//! Conventions, for every export:
//! - `#[napi(catch_unwind)]`: no panic crosses into Node (asynchronous jobs
//!   catch their own, see [`task`]);
//! - arguments are converted in [`convert`], then one core function runs,
//!   through [`task::spawn`] (a Promise, computed on the addon's thread pool)
//!   or, for cheap calls only, [`task::run_sync`];
//! - errors carry the core's stable `ONA_*` code ([`error`]);
//! - per-node results are typed arrays that take over the core's vectors.
// napi-rs's macros expand to unsafe blocks; this crate writes its own only in
// `convert::adapters` (reading Cypher parameters of a type napi reported, and
// the conversion of Cypher results), each with its `SAFETY` comment.
#![allow(unsafe_code)]

mod cache;
mod centrality;
mod community;
mod convert;
mod engine;
mod error;
mod graph;
mod kafka;
mod neo4j;
mod ona;
mod ona_diff;
mod paths;
mod pool;
mod store;
mod structure;
mod task;

use napi::bindgen_prelude::{Env, Object};
use napi_derive::napi;

use crate::error::Result;
use crate::task::{RunContext, run_sync, spawn};

/// Every error code the addon produces.
#[napi(catch_unwind)]
pub fn error_codes() -> Vec<&'static str> {
    error::all_codes()
}

/// Threads in the addon's pool (`ONA_NUM_THREADS`, or one per core).
#[napi(catch_unwind)]
pub fn num_threads() -> Result<u32> {
    let pool = pool::pool().map_err(error::core)?;
    Ok(u32::try_from(pool.current_num_threads()).unwrap_or(u32::MAX))
}

/// The core's version.
#[napi(catch_unwind)]
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Test hook: panic inside a synchronous export (`"sync"`) or inside an
/// asynchronous job (`"async"`), to show that neither takes Node down.
#[napi(catch_unwind, ts_return_type = "Promise<void> | void")]
pub fn debug_panic<'env>(
    env: &'env Env,
    place: String,
    ctx: &RunContext,
) -> Result<Option<Object<'env>>> {
    match place.as_str() {
        "sync" => {
            run_sync(|_| -> ona_core::Result<()> { panic!("debug_panic(\"sync\")") }).map(|()| None)
        }
        "async" => spawn(
            env,
            ctx,
            |_| -> ona_core::Result<()> { panic!("debug_panic(\"async\")") },
            Ok,
        )
        .map(Some),
        "convert" => spawn(
            env,
            ctx,
            |_| Ok(()),
            |()| -> Result<()> { panic!("debug_panic(\"convert\")") },
        )
        .map(Some),
        _ => Err(error::invalid(
            "place",
            place,
            "\"sync\", \"async\" or \"convert\"",
        )),
    }
}
