//! Centrality exports: degree, spectral (PageRank, eigenvector, Katz, HITS)
//! and shortest-path based (closeness, harmonic, betweenness). Each converts
//! its options, then runs one core function off the JS thread.

use napi::bindgen_prelude::{Env, Float64Array, Object};
use napi_derive::napi;
use ona_core::algo::centrality as c;

use crate::convert::{
    self, BetweennessOptions, ClosenessOptions, DegreeOptions, EdgeBetweennessOptions,
    EigenvectorOptions, HarmonicOptions, HitsOptions, HitsOut, KatzOptions, PageRankOptions,
    RiondatoOptions,
};
use crate::error::Result;
use crate::graph::NativeGraph;
use crate::task::{RunContext, run_sync, spawn};

/// Degree or strength per node.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn degree<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: DegreeOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.degree()?);
    spawn(
        env,
        ctx,
        move |exec| c::degree(&g, &cfg, exec),
        convert::scores,
    )
}

/// [`degree`], on the calling thread (`O(n + m)`, parallel).
#[napi(catch_unwind)]
pub fn degree_sync(g: &NativeGraph, opts: DegreeOptions) -> Result<Float64Array> {
    let (g, cfg) = (g.shared(), opts.degree()?);
    run_sync(|exec| c::degree(&g, &cfg, exec)).and_then(convert::scores)
}

/// Degree centrality (degree over `n - 1`).
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn degree_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: DegreeOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.centrality()?);
    spawn(
        env,
        ctx,
        move |exec| c::degree_centrality(&g, &cfg, exec),
        convert::scores,
    )
}

/// [`degree_centrality`], on the calling thread.
#[napi(catch_unwind)]
pub fn degree_centrality_sync(g: &NativeGraph, opts: DegreeOptions) -> Result<Float64Array> {
    let (g, cfg) = (g.shared(), opts.centrality()?);
    run_sync(|exec| c::degree_centrality(&g, &cfg, exec)).and_then(convert::scores)
}

/// PageRank.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn pagerank<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: PageRankOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config()?);
    spawn(
        env,
        ctx,
        move |exec| c::pagerank(&g, &cfg, exec),
        convert::scores,
    )
}

/// Eigenvector centrality.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn eigenvector_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: EigenvectorOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config()?);
    spawn(
        env,
        ctx,
        move |exec| c::eigenvector_centrality(&g, &cfg, exec),
        convert::scores,
    )
}

/// Katz centrality.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn katz_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: KatzOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config()?);
    spawn(
        env,
        ctx,
        move |exec| c::katz_centrality(&g, &cfg, exec),
        convert::scores,
    )
}

/// HITS hubs and authorities.
#[napi(catch_unwind, ts_return_type = "Promise<HitsOut>")]
pub fn hits<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: HitsOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config()?);
    spawn(
        env,
        ctx,
        move |exec| c::hits(&g, &cfg, exec),
        |r| {
            Ok(HitsOut {
                hubs: Float64Array::new(r.hubs.into_vec()),
                authorities: Float64Array::new(r.authorities.into_vec()),
            })
        },
    )
}

/// Closeness centrality (incoming distances on directed graphs).
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn closeness_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: ClosenessOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    spawn(
        env,
        ctx,
        move |exec| c::closeness_centrality(&g, &cfg, exec),
        convert::scores,
    )
}

/// Closeness centrality of the single node with index `node`.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn closeness_of<'env>(
    env: &'env Env,
    g: &NativeGraph,
    node: u32,
    opts: ClosenessOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    let u = convert::node(&g, node)?;
    spawn(env, ctx, move |exec| c::closeness_of(&g, u, &cfg, exec), Ok)
}

/// Harmonic centrality.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn harmonic_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: HarmonicOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    spawn(
        env,
        ctx,
        move |exec| c::harmonic_centrality(&g, &cfg, exec),
        convert::scores,
    )
}

/// Betweenness: exact (Brandes), or from `k` sampled sources (Brandes–Pich).
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn betweenness_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: BetweennessOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, exact, (k, sampled)) = (g.shared(), opts.exact(), opts.config()?);
    spawn(
        env,
        ctx,
        move |exec| match k {
            None => c::betweenness_centrality(&g, &exact, exec),
            Some(k) => c::approx_betweenness_centrality(&g, &sampled.k(k), exec),
        },
        convert::scores,
    )
}

/// Edge betweenness, one row per edge.
#[napi(catch_unwind, ts_return_type = "Promise<EdgeScoresOut>")]
pub fn edge_betweenness_centrality<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: EdgeBetweennessOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    spawn(
        env,
        ctx,
        move |exec| c::edge_betweenness_centrality(&g, &cfg, exec),
        |eb| convert::edge_scores(&eb),
    )
}

/// (ε, δ)-approximate betweenness (Riondato–Kornaropoulos), with its sample size and guarantee.
#[napi(catch_unwind, ts_return_type = "Promise<EstimateOut>")]
pub fn approximate_betweenness<'env>(
    env: &'env Env,
    g: &NativeGraph,
    opts: RiondatoOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config()?);
    spawn(
        env,
        ctx,
        move |exec| c::riondato_betweenness(&g, &cfg, exec),
        convert::estimate,
    )
}
