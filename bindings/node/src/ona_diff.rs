//! Temporal diffs, the view simplification and the privacy helpers of the
//! ONA layer (`ona_core::ona::{diff, simplify_for_view, suppressed_groups,
//! group_sizes}`). The diff and the view are Promises computed on the
//! addon's pool; the group helpers are cheap and synchronous.

use napi::bindgen_prelude::{Env, Float64Array, Object, Uint32Array};
use napi_derive::napi;
use ona_core::Partition;
use ona_core::ona::{self as o, diff};

use crate::convert::ona::{GroupsIn, NOT_FOUND};
use crate::convert::ona_diff::{self as dc, DiffOptions, RankingIn, ViewOptions};
use crate::convert::size;
use crate::error::{self, Result};
use crate::graph::NativeGraph;
use crate::task::{RunContext, spawn};

/// What changed between two graphs of (partly) the same people, matched by id.
#[napi(catch_unwind, ts_return_type = "Promise<TemporalDiffOut>")]
pub fn temporal_diff<'env>(
    env: &'env Env,
    before: &NativeGraph,
    after: &NativeGraph,
    opts: DiffOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (b, a) = (before.shared(), after.shared());
    let (cfg, k) = opts.config()?;
    if let Some(name) = &cfg.groups {
        for g in [&b, &a] {
            if g.attributes().get(name).is_none() {
                let known: Vec<&str> = g.attributes().names().collect();
                return Err(error::Error::new(NOT_FOUND, format!("the graph has no node attribute {name:?} (it has {known:?})")));
            }
        }
    }
    spawn(env, ctx, move |exec| Ok((diff::temporal_diff(&b, &a, &cfg, exec)?, k)), dc::temporal_diff)
}

/// The top backbone and the community quotient, both laid out.
#[napi(catch_unwind, ts_return_type = "Promise<ViewOut>")]
pub fn simplify_for_view<'env>(
    env: &'env Env,
    g: &NativeGraph,
    scores: RankingIn,
    communities: Option<Uint32Array>,
    opts: ViewOptions,
    ctx: &RunContext,
) -> Result<Object<'env>> {
    let (g, ranking, cfg) = (g.shared(), scores.ranking()?, opts.config()?);
    let p = communities.map(|c| Partition(c.to_vec()));
    spawn(env, ctx, move |exec| o::simplify_for_view(&g, &ranking.scores(&g, exec)?, p.as_ref(), &cfg, exec), dc::view)
}

/// Names of the groups with fewer than `minGroupSize` members.
#[napi(catch_unwind)]
pub fn suppressed_groups(g: &NativeGraph, groups: GroupsIn, min_group_size: Option<f64>) -> Result<Vec<String>> {
    let col = groups.column(&g.shared())?;
    let min = min_group_size.map_or(Ok(o::PrivacyConfig::default().min_group_size), |x| size("minGroupSize", x))?;
    let flags = o::suppressed_groups((&col).into(), min);
    Ok(col.dictionary().iter().zip(flags).filter(|(_, s)| *s).map(|(n, _)| n.to_string()).collect())
}

/// Group names and their member counts.
#[napi(object)]
pub struct GroupSizesOut {
    pub groups: Vec<String>,
    pub sizes: Float64Array,
}

/// Members of each group.
#[napi(catch_unwind)]
pub fn group_sizes(g: &NativeGraph, groups: GroupsIn) -> Result<GroupSizesOut> {
    let col = groups.column(&g.shared())?;
    #[allow(clippy::cast_precision_loss)] // group sizes are far below 2^53
    let sizes = o::group_sizes((&col).into()).into_iter().map(|x| x as f64).collect();
    Ok(GroupSizesOut { groups: col.dictionary().iter().map(|s| s.to_string()).collect(), sizes: Float64Array::new(sizes) })
}
