//! Community exports: Louvain, Leiden, label propagation, partition quality,
//! the community graph, and comparisons of two partitions.

use napi::bindgen_prelude::{Env, Object, Uint32Array};
use napi_derive::napi;
use ona_core::Partition;
use ona_core::algo::community as cm;

use crate::convert::{self, CommunityOptions};
use crate::error::Result;
use crate::graph::{self, NativeGraph};
use crate::task::{RunContext, spawn, spawn_with_env};

/// Louvain communities, every level of the hierarchy and its modularity.
#[napi(catch_unwind, ts_return_type = "Promise<LouvainOut>")]
pub fn louvain<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: CommunityOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.louvain()?);
    spawn(
        env,
        ctx,
        move |exec| cm::louvain(&g, &cfg, exec),
        convert::louvain,
    )
}

/// Leiden communities (each one connected).
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn leiden<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: CommunityOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.leiden()?);
    spawn(
        env,
        ctx,
        move |exec| cm::leiden(&g, &cfg, exec),
        |r| convert::partition(r.partition),
    )
}

/// Asynchronous label propagation.
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn asyn_lpa<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: CommunityOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.asyn_lpa()?);
    spawn(
        env,
        ctx,
        move |exec| cm::asyn_lpa(&g, &cfg, exec),
        convert::partition,
    )
}

/// Semi-synchronous label propagation (undirected graphs).
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn label_propagation<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: CommunityOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.label_propagation()?);
    spawn(
        env,
        ctx,
        move |exec| cm::label_propagation(&g, &cfg, exec),
        convert::partition,
    )
}

/// Modularity of a partition (one label per node).
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn modularity<'env>(
    env: &'env Env,
    g: &NativeGraph,
    partition: Uint32Array,
    opts: CommunityOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg, p) = (
        g.shared(),
        opts.modularity()?,
        Partition(partition.to_vec()),
    );
    spawn(env, ctx, move |exec| cm::modularity(&g, &p, &cfg, exec), Ok)
}

/// Coverage and performance of a partition.
#[napi(catch_unwind, ts_return_type = "Promise<[number, number]>")]
pub fn partition_quality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    partition: Uint32Array,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, p) = (g.shared(), Partition(partition.to_vec()));
    spawn(
        env,
        ctx,
        move |exec| cm::partition_quality(&g, &p, exec),
        |(c, q)| Ok(vec![c, q]),
    )
}

/// The graph of communities (node `c` is community `c`).
#[napi(catch_unwind, ts_return_type = "Promise<NativeGraph>")]
pub fn community_graph<'env>(
    env: &'env Env,
    g: &NativeGraph,
    partition: Uint32Array,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, p) = (g.shared(), Partition(partition.to_vec()));
    spawn_with_env(
        env,
        ctx,
        move |exec| cm::community_graph(&g, &p, exec),
        graph::built,
    )
}

/// Compares two labelings: `"nmi"`, `"ari"` or `"vi"`.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn compare_partitions<'env>(
    env: &'env Env,
    a: Uint32Array,
    b: Uint32Array,
    measure: String,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let f = convert::comparison(&measure)?;
    let (a, b) = (Partition(a.to_vec()), Partition(b.to_vec()));
    spawn(env, ctx, move |_| f(&a, &b), Ok)
}
