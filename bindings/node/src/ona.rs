//! ONA exports (`ona_core::ona`): structural holes, reciprocity, bridges and
//! articulation points, group measures over a node attribute, brokerage
//! roles, layout; and setting a node attribute. Every measure is a Promise
//! computed on the addon's pool; `withNodeAttribute` copies the graph
//! synchronously.

use napi::bindgen_prelude::{Buffer, Env, Float64Array, Object, Uint32Array};
use napi_derive::napi;
use ona_core::ona::{self as o, BrokerageConfig, CutConfig, EgoConfig, ReciprocityConfig};

use crate::convert;
use crate::convert::ona::{self as oc, EiOptions, GroupsIn, HolesOptions, LayoutOptions, OverloadOptions, PackOptions, TiesOptions};
use crate::error::{self, Result};
use crate::graph::NativeGraph;
use crate::task::{RunContext, spawn};

/// A copy of `g` with categorical attribute `name` set from one label per
/// node (`null` = none); replaces an attribute of that name. O(n + m).
#[napi(catch_unwind)]
pub fn with_node_attribute(env: &Env, g: &NativeGraph, name: String, values: Vec<Option<String>>) -> Result<NativeGraph> {
    let src = g.shared();
    let col = oc::labels(&src, &values)?;
    let mut copy = (*src).clone();
    copy.set_categorical(&name, col).map_err(error::core)?;
    Ok(NativeGraph::new(env, copy))
}

macro_rules! holes_export {
    ($doc:literal, $name:ident) => {
        #[doc = $doc]
        #[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
        pub fn $name<'env>(env: &'env Env, g: &NativeGraph, opts: HolesOptions, ctx: &RunContext) -> Result<Object<'env>> {
            let (g, cfg) = (g.shared(), opts.config());
            spawn(env, ctx, move |exec| o::$name(&g, &cfg, exec), convert::scores)
        }
    };
}

holes_export!("Burt's constraint per node (NetworkX `constraint`; NaN when isolated).", constraint);
holes_export!("Burt's effective size per node (NetworkX `effective_size`).", effective_size);
holes_export!("Effective size over degree.", efficiency);
holes_export!("Burt's hierarchy per node.", hierarchy);

/// All four structural-hole measures in one pass.
#[napi(catch_unwind, ts_return_type = "Promise<StructuralHolesOut>")]
pub fn structural_holes<'env>(env: &'env Env, g: &NativeGraph, opts: HolesOptions, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    spawn(env, ctx, move |exec| o::structural_holes(&g, &cfg, exec), oc::holes)
}

/// Reciprocity per node of a directed graph (`ONA_UNSUPPORTED` undirected).
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn reciprocity<'env>(env: &'env Env, g: &NativeGraph, ctx: &RunContext) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(env, ctx, move |exec| o::reciprocity(&g, &ReciprocityConfig::default(), exec), convert::scores)
}

/// Share of reciprocated arcs of a directed graph.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn overall_reciprocity<'env>(env: &'env Env, g: &NativeGraph, ctx: &RunContext) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(env, ctx, move |exec| o::overall_reciprocity(&g, &ReciprocityConfig::default(), exec), Ok)
}

/// Bridges as node-index columns, `source < target`, sorted.
#[napi(catch_unwind, ts_return_type = "Promise<EdgeListOut>")]
pub fn bridges<'env>(env: &'env Env, g: &NativeGraph, ctx: &RunContext) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(env, ctx, move |exec| o::bridges(&g, &CutConfig::default(), exec), oc::edge_list)
}

/// Articulation points and, per node, the people its departure cuts off.
#[napi(catch_unwind, ts_return_type = "Promise<ArticulationOut>")]
pub fn articulation_points<'env>(env: &'env Env, g: &NativeGraph, ctx: &RunContext) -> Result<Object<'env>> {
    let g = g.shared();
    spawn(env, ctx, move |exec| o::articulation_points(&g, &CutConfig::default(), exec), oc::articulation)
}

/// E-I index per person, group and network.
#[napi(catch_unwind, ts_return_type = "Promise<EiIndexOut>")]
pub fn ei_index<'env>(env: &'env Env, g: &NativeGraph, groups: GroupsIn, opts: EiOptions, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, col, cfg) = (g.shared(), groups.column(&g.shared())?, opts.config()?);
    spawn(env, ctx, move |exec| Ok((o::ei_index(&g, (&col).into(), &cfg, exec)?, col)), oc::ei)
}

/// Each person's share of ties reaching another group.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn cross_group_share<'env>(
    env: &'env Env,
    g: &NativeGraph,
    groups: GroupsIn,
    opts: EiOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, col, cfg) = (g.shared(), groups.column(&g.shared())?, opts.config()?);
    spawn(env, ctx, move |exec| o::cross_group_share(&g, (&col).into(), &cfg, exec), convert::scores)
}

/// The group mixing matrix with densities.
#[napi(catch_unwind, ts_return_type = "Promise<GroupMixingOut>")]
pub fn group_mixing<'env>(env: &'env Env, g: &NativeGraph, groups: GroupsIn, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, col) = (g.shared(), groups.column(&g.shared())?);
    spawn(env, ctx, move |exec| Ok((o::group_mixing(&g, (&col).into(), exec)?, col)), oc::mixing)
}

/// Nominal assortativity of the groups.
#[napi(catch_unwind, ts_return_type = "Promise<number>")]
pub fn attribute_assortativity<'env>(env: &'env Env, g: &NativeGraph, groups: GroupsIn, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, col) = (g.shared(), groups.column(&g.shared())?);
    spawn(env, ctx, move |exec| o::attribute_assortativity(&g, (&col).into(), exec), Ok)
}

/// Gould–Fernandez brokerage roles (directed graphs).
#[napi(catch_unwind, ts_return_type = "Promise<BrokerageOut>")]
pub fn brokerage<'env>(env: &'env Env, g: &NativeGraph, groups: GroupsIn, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, col) = (g.shared(), groups.column(&g.shared())?);
    spawn(env, ctx, move |exec| o::brokerage(&g, (&col).into(), &BrokerageConfig::default(), exec), oc::brokerage)
}

/// Seeded spring layout, positions interleaved `[x0, y0, x1, y1, ...]`.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn spring_layout<'env>(env: &'env Env, g: &NativeGraph, opts: LayoutOptions, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config()?);
    spawn(env, ctx, move |exec| o::spring_layout(&g, &cfg, exec), oc::positions)
}

/// Every tie of the undirected simple view: overlap, score and kind.
#[napi(catch_unwind, ts_return_type = "Promise<TiesOut>")]
pub fn ties<'env>(env: &'env Env, g: &NativeGraph, opts: TiesOptions, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    spawn(env, ctx, move |exec| o::ties(&g, &cfg, exec), oc::ties)
}

/// Strong and diverse ties per person.
#[napi(catch_unwind, ts_return_type = "Promise<TieProfileOut>")]
pub fn tie_profile<'env>(env: &'env Env, g: &NativeGraph, opts: TiesOptions, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), opts.config());
    spawn(env, ctx, move |exec| o::tie_profile(&g, &cfg, exec), oc::tie_profile)
}

/// Distinct other people within two steps.
#[napi(catch_unwind, ts_return_type = "Promise<Uint32Array>")]
pub fn two_step_reach<'env>(env: &'env Env, g: &NativeGraph, direction: Option<String>, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), oc::reach(direction.as_deref())?);
    spawn(env, ctx, move |exec| o::two_step_reach(&g, &cfg, exec), |r| Ok(Uint32Array::new(r)))
}

/// Two-step reach as a share of the other people.
#[napi(catch_unwind, ts_return_type = "Promise<Float64Array>")]
pub fn reach_share<'env>(env: &'env Env, g: &NativeGraph, direction: Option<String>, ctx: &RunContext) -> Result<Object<'env>> {
    let (g, cfg) = (g.shared(), oc::reach(direction.as_deref())?);
    spawn(env, ctx, move |exec| o::reach_share(&g, &cfg, exec), convert::scores)
}

/// Ego-network summaries (groups optional).
#[napi(catch_unwind, ts_return_type = "Promise<EgoOut>")]
pub fn ego_summaries<'env>(
    env: &'env Env,
    g: &NativeGraph,
    groups: Option<GroupsIn>,
    weight: Option<bool>,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    let col = groups.map(|x| x.column(&g)).transpose()?;
    let cfg = EgoConfig::default().weighted(weight.unwrap_or(true));
    spawn(env, ctx, move |exec| o::ego_summaries(&g, col.as_ref().map(Into::into), &cfg, exec), oc::ego)
}

/// Collaboration overload per person, group and network.
#[napi(catch_unwind, ts_return_type = "Promise<OverloadOut>")]
pub fn collaboration_overload<'env>(
    env: &'env Env,
    g: &NativeGraph,
    groups: GroupsIn,
    opts: OverloadOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, col, cfg) = (g.shared(), groups.column(&g.shared())?, opts.config()?);
    spawn(env, ctx, move |exec| Ok((o::collaboration_overload(&g, (&col).into(), &cfg, exec)?, col)), oc::overload)
}

/// Gini coefficient of non-negative values.
#[napi(catch_unwind)]
pub fn gini(values: Float64Array) -> f64 {
    o::gini(&values)
}

/// Keyed pseudonyms of the node ids (`key`: 32 bytes).
#[napi(catch_unwind)]
pub fn pseudonymize(g: &NativeGraph, key: Buffer) -> Result<Vec<String>> {
    let key: &[u8; 32] = key.as_ref().try_into().map_err(|_| error::invalid("key", key.len(), "32 bytes"))?;
    Ok(o::pseudonymize(g.shared().ids(), key))
}

/// Every ONA measure of every person (and group) in one call, as columns.
#[napi(catch_unwind, ts_return_type = "Promise<PackOut>")]
pub fn metric_pack<'env>(
    env: &'env Env,
    g: &NativeGraph,
    groups: Option<GroupsIn>,
    opts: PackOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let g = g.shared();
    let (col, cfg) = (groups.map(|x| x.column(&g)).transpose()?, opts.config()?);
    spawn(env, ctx, move |exec| Ok((o::metric_pack(&g, col.as_ref().map(Into::into), &cfg, exec)?, col)), oc::pack)
}
