//! Path exports: shortest paths and distances, BFS, k-hop neighbourhoods and
//! ego graphs. Nodes arrive as indices (the facade resolves external ids).

use napi::bindgen_prelude::{Env, Float64Array, Object, Uint32Array};
use napi_derive::napi;
use ona_core::algo::paths as p;

use crate::convert::{self, EgoOptions, PathOptions, TraversalOptions};
use crate::error::Result;
use crate::graph::{self, NativeGraph};
use crate::task::{RunContext, spawn, spawn_with_env};

/// One shortest path `source ..= target` as node indices, or `null`.
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array | null>")]
pub fn shortest_path<'env>(
    env: &'env Env,
    g: &NativeGraph,
    source: u32,
    target: u32,
    opts: PathOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config(false));
    let (s, t) = (convert::node(&g, source)?, convert::node(&g, target)?);
    spawn(
        env,
        ctx,
        move |exec| p::shortest_path(&g, s, t, &cfg, exec),
        convert::path,
    )
}

/// Length of a shortest path, or `null`.
#[napi(catch_unwind, ts_return_type = "Promise<number | null>")]
pub fn shortest_path_length<'env>(
    env: &'env Env,
    g: &NativeGraph,
    source: u32,
    target: u32,
    opts: PathOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config(false));
    let (s, t) = (convert::node(&g, source)?, convert::node(&g, target)?);
    spawn(
        env,
        ctx,
        move |exec| p::shortest_path_length(&g, s, t, &cfg, exec),
        Ok,
    )
}

/// Distance from `source` to every node (`Infinity` where unreachable);
/// `dijkstra` makes weights the default.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn single_source_distances<'env>(
    env: &'env Env,
    g: &NativeGraph,
    source: u32,
    dijkstra: bool,
    opts: PathOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config(dijkstra));
    let s = convert::node(&g, source)?;
    spawn(
        env,
        ctx,
        move |exec| p::single_source_shortest_paths(&g, s, &cfg, exec),
        |sp| Ok(Float64Array::new(sp.distances().to_vec())),
    )
}

/// Hop distance from `source` (4294967295 where unreachable).
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn bfs_distances<'env>(
    env: &'env Env,
    g: &NativeGraph,
    source: u32,
    opts: TraversalOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.bfs()?);
    let s = convert::node(&g, source)?;
    spawn(
        env,
        ctx,
        move |exec| p::bfs_distances(&g, s, &cfg, exec),
        |d| Ok(Uint32Array::new(d)),
    )
}

/// Nodes within `k` hops of `node`, in BFS order.
#[napi(catch_unwind, ts_return_type = "Promise<KHopOut>")]
pub fn k_hop<'env>(
    env: &'env Env,
    g: &NativeGraph,
    node: u32,
    k: f64,
    opts: TraversalOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg, k) = (g.shared(), opts.k_hop()?, convert::count("k", k)?);
    let v = convert::node(&g, node)?;
    spawn(
        env,
        ctx,
        move |exec| p::k_hop(&g, v, k, &cfg, exec),
        convert::k_hop,
    )
}

/// The subgraph induced by the nodes within `radius` of `node`.
#[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
pub fn ego_graph<'env>(
    env: &'env Env,
    g: &NativeGraph,
    node: u32,
    opts: EgoOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    let v = convert::node(&g, node)?;
    spawn_with_env(
        env,
        ctx,
        move |exec| p::ego_graph(&g, v, &cfg, exec),
        |env, ego| graph::built(env, ego.graph),
    )
}
