//! Structure exports: triangles and clustering, components, k-cores.

use napi::bindgen_prelude::{BigUint64Array, Env, Object};
use napi_derive::napi;
use ona_core::algo::{clustering as cl, components as cc, kcore};

use crate::convert::{self, ClusteringOptions};
use crate::error::Result;
use crate::graph::NativeGraph;
use crate::task::{RunContext, spawn};

/// Triangles through each node (undirected graphs).
#[napi(catch_unwind, ts_return_type = "Promise<BigUint64Array>")]
pub fn triangles<'env>(env: &'env Env, g: &NativeGraph, ctx: &RunContext) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |exec| cl::triangles(&g, &cl::TrianglesConfig::default(), exec),
        |t| Ok(BigUint64Array::new(t)),
    )
}

/// Local clustering coefficients.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn clustering<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: ClusteringOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.local()?);
    spawn(
        env,
        ctx,
        move |exec| cl::clustering(&g, &cfg, exec),
        convert::scores,
    )
}

/// The mean clustering coefficient.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn average_clustering<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: ClusteringOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.average());
    spawn(
        env,
        ctx,
        move |exec| cl::average_clustering(&g, &cfg, exec),
        Ok,
    )
}

/// Transitivity (global clustering).
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn transitivity<'env>(
    env: &'env Env,
    g: &NativeGraph,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |exec| cl::transitivity(&g, &cl::TransitivityConfig::default(), exec),
        Ok,
    )
}

/// Weakly connected (for undirected graphs: connected) component labels.
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn connected_components<'env>(
    env: &'env Env,
    g: &NativeGraph,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |exec| cc::weakly_connected_components(&g, &cc::ComponentsConfig::default(), exec),
        convert::partition,
    )
}

/// Strongly connected component labels.
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn strongly_connected_components<'env>(
    env: &'env Env,
    g: &NativeGraph,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |exec| {
            cc::strongly_connected_components(&g, &cc::StrongComponentsConfig::default(), exec)
        },
        convert::partition,
    )
}

/// Core number per node.
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn core_number<'env>(
    env: &'env Env,
    g: &NativeGraph,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(
        env,
        ctx,
        move |exec| kcore::core_number(&g, &kcore::CoreNumberConfig::default(), exec),
        convert::partition,
    )
}
