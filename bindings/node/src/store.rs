//! File exports: snapshots (`readSnapshot`, `writeSnapshot`) and tables
//! (`readEdges`, `writeResults`), each a shim over `ona-store` run off the
//! JS thread.

use std::path::{Path, PathBuf};

use napi::bindgen_prelude::{Env, Object};
use napi_derive::napi;
use ona_core::Exec;
use ona_store::snapshot::{Meta, Snapshot};
use ona_store::table::{read_graph, write_results as store_write_results};

use crate::convert::{self, ReadEdgesOptions, ResultIn};
use crate::error::{self, Result};
use crate::graph::{NativeGraph, built};
use crate::task::{RunContext, spawn, spawn_with_env};

/// A storage result for [`spawn`]: core errors (cancellation, a refused
/// edge) travel as the job's error, the others in its value.
type Lifted<T> = ona_core::Result<ona_store::Result<T>>;

fn lift<T>(r: ona_store::Result<T>) -> Lifted<T> {
    match r {
        Err(ona_store::Error::Graph(e)) => Err(e),
        other => Ok(other),
    }
}

/// Read and validate a snapshot file into an in-memory graph (decompressed:
/// the file is not kept open). `ONA_CORRUPT_SNAPSHOT` names the damaged
/// section; `ONA_UNSUPPORTED_VERSION` for a newer ona's file; `ONA_IO`.
#[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
pub fn read_snapshot<'env>(env: &'env Env, path: String, ctx: &RunContext) -> Result<Object<'env>> {
    spawn_with_env(
        env,
        ctx,
        move |exec| {
            lift(Snapshot::read(Path::new(&path), exec).map(|s| s.graph().decompress(exec)))
        },
        |env, r| built(env, r.map_err(error::store)?),
    )
}

/// Write `g` as a snapshot file (compressed, checksummed), crash-safely;
/// resolves with the bytes written.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn write_snapshot<'env>(
    env: &'env Env,
    g: &NativeGraph,
    path: String,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |exec: &Exec| {
            lift(ona_store::snapshot::write_file(Path::new(&path), &g.compress(exec), &Meta::default(), exec))
        },
        |r| {
            // File sizes are far below 2^53.
            #[allow(clippy::cast_precision_loss)]
            let n = r.map_err(error::store)? as f64;
            Ok(n)
        },
    )
}

/// Read an edge table (CSV / TSV with a header, Parquet, Arrow IPC; format
/// by extension, else by content) and optional node table into a graph.
/// Errors name the file, row and column (`ONA_INVALID_TABLE`,
/// `ONA_TABLE_FORMAT`, `ONA_DUPLICATE_EDGE`, `ONA_SELF_LOOP`, `ONA_IO`).
#[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
pub fn read_edges<'env>(
    env: &'env Env,
    path: String,
    opts: ReadEdgesOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let edge_opts = opts.edge_options()?;
    let nodes = opts.nodes.map(PathBuf::from);
    spawn_with_env(
        env,
        ctx,
        move |exec| {
            lift(read_graph(
                Path::new(&path),
                nodes.as_deref(),
                &edge_opts,
                exec,
            ))
        },
        |env, r| built(env, r.map_err(error::store)?),
    )
}

/// Write per-node results: column `id` (the graph's ids), then `columns`
/// in order; the format by `format` or the extension of `path`.
#[napi(catch_unwind, ts_return_type = "Promise<void>")]
pub fn write_results<'env>(
    env: &'env Env,
    path: String,
    g: &NativeGraph,
    columns: Vec<ResultIn>,
    format: Option<String>,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let path = PathBuf::from(path);
    let format = convert::table_format(&path, format.as_deref())?;
    let values = convert::result_columns(&columns)?;
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |_| {
            let table: Vec<_> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.column()))
                .collect();
            lift(store_write_results(&path, format, g.ids(), &table))
        },
        |r| r.map_err(error::store),
    )
}
