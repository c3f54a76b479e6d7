//! Collaboration overload: how unevenly the demand for collaboration falls
//! on people, per group and across the whole network.
//!
//! A person's **load** is the collaboration that comes to them: in-strength
//! in a directed graph (the summed weights of arcs into them; in-degree
//! when unweighted), strength in an undirected one (summed edge weights;
//! degree when unweighted). Self loops are left out: asking oneself is no
//! load. Cross et al. find a few percent of people carry a quarter or more
//! of an organisation's collaborative work; these figures show where.
//!
//! Per group (and for the network: everyone, people without a group too):
//! - `size`, and `total` load;
//! - `top_share`: the share of the total carried by the `⌈f · size⌉` most
//!   loaded members (at least one), `f` = [`OverloadConfig::top_fraction`]
//!   (default 0.1, the top 10 %); the ceiling allows a relative `10⁻¹²`
//!   so that `0.1 · 30` gives 3, not 4. NaN when the total is 0;
//! - `gini`: the Gini coefficient of the loads ([`gini`]);
//! - `top`: the [`OverloadConfig::top_people`] (default 3) most loaded
//!   members, heaviest first, ties by ascending node id.
//!
//! **Privacy** ([`privacy`](super::privacy)): a group (or network) with
//! fewer than [`OverloadConfig::min_group_size`] members (default 5) is
//! `suppressed`: its `size` stays, `total`, `top_share` and `gini` are NaN,
//! `top` is empty, and `suppressed_reason` says why.
//!
//! Reference: R. Cross, R. Rebele, A. Grant, "Collaborative overload",
//! Harvard Business Review 94(1), 2016.

use rayon::prelude::*;

use crate::error::{Error, Result, WeightProblem};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph, MISSING};
use crate::ids::NodeId;
use crate::ona::groups::{Groups, MAX_GROUPS};
use crate::ona::privacy::Suppression;
use crate::scores::Scores;

/// Nodes per parallel work item and progress step.
const CHUNK: usize = 4096;

/// Configuration of [`collaboration_overload`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OverloadConfig {
    /// Share of a group's members counted as its top, in `(0, 1]` (default 0.1).
    pub top_fraction: f64,
    /// Most loaded people listed per group (default 3).
    pub top_people: usize,
    /// Sum arc weights (default `true`); otherwise count arcs. Unweighted
    /// graphs weigh 1.
    pub weighted: bool,
    /// Groups smaller than this are suppressed (default 5; 0 or 1 shows all).
    pub min_group_size: usize,
}

impl Default for OverloadConfig {
    fn default() -> Self {
        Self { top_fraction: 0.1, top_people: 3, weighted: true, min_group_size: 5 }
    }
}

impl OverloadConfig {
    /// Set [`OverloadConfig::top_fraction`].
    #[must_use]
    pub fn top_fraction(mut self, f: f64) -> Self {
        self.top_fraction = f;
        self
    }
    /// Set [`OverloadConfig::top_people`].
    #[must_use]
    pub fn top_people(mut self, k: usize) -> Self {
        self.top_people = k;
        self
    }
    /// Set [`OverloadConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
    /// Set [`OverloadConfig::min_group_size`].
    #[must_use]
    pub fn min_group_size(mut self, min: usize) -> Self {
        self.min_group_size = min;
        self
    }
}

/// Overload figures of one group or of the network.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct GroupOverload {
    /// The group code; `None` for the whole network.
    pub group: Option<u32>,
    /// Members.
    pub size: usize,
    /// Summed load (NaN when suppressed).
    pub total: f64,
    /// Share of `total` carried by the top members (NaN when suppressed or
    /// the total is 0).
    pub top_share: f64,
    /// Gini coefficient of the loads (NaN when suppressed).
    pub gini: f64,
    /// The most loaded members, heaviest first (empty when suppressed).
    pub top: Vec<NodeId>,
    /// Whether the values are withheld for privacy.
    pub suppressed: bool,
    /// Why, e.g. `"suppressed: group has 3 members < 5"`.
    pub suppressed_reason: Option<String>,
}

/// Collaboration overload of the network and of each group.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Overload {
    /// Everyone.
    pub network: GroupOverload,
    /// Groups `0..groups.count()`.
    pub groups: Vec<GroupOverload>,
    /// Each person's load (see the [module docs](self)).
    pub load: Scores,
}

/// Collaboration overload per group and for the network (definitions in
/// the [module docs](self)).
///
/// No NetworkX equivalent; the load is `G.in_degree(v, weight=...)`
/// (directed) or `G.degree(v, weight=...)` (undirected) without self loops.
///
/// **Complexity** `O(n + m)` for the loads, `O(n log n)` for sorting each
/// group's loads. **Parallelism**: loads in node blocks on `exec`'s pool,
/// each summed in arc order; group figures sequential. Identical for any
/// thread count. **Errors**: [`Error::InvalidParameter`] for a top fraction
/// outside `(0, 1]`; [`Error::LengthMismatch`] unless one group code per
/// node; [`Error::TooLarge`] above [`MAX_GROUPS`]; [`Error::InvalidWeight`]
/// for a negative weight when weighted; cancellation / deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, NodeId};
/// use ona_core::ona::{collaboration_overload, Groups, OverloadConfig};
/// let exec = Exec::sequential()?;
/// // Everyone asks 0; 1 also asks 2. In-degrees 4, 0, 1, 0, 0.
/// let g = GraphBuilder::directed().build(5, &[1, 2, 3, 4, 1], &[0, 0, 0, 0, 2], None, &exec)?;
/// let cfg = OverloadConfig::default().min_group_size(2);
/// let o = collaboration_overload(&g, Groups::new(&[0, 0, 0, 1, 1]), &cfg, &exec)?;
/// assert_eq!(o.network.total, 5.0);
/// assert_eq!(o.network.top_share, 0.8); // top 10% of 5 people: one person
/// assert_eq!(o.network.top, vec![NodeId(0), NodeId(2), NodeId(1)]);
/// assert!((o.network.gini - 0.72).abs() < 1e-12); // 18 / (5 · 5)
/// assert!(o.groups[1].top_share.is_nan()); // group 1 has no load
/// let small = collaboration_overload(&g, Groups::new(&[0, 0, 0, 1, 1]), &OverloadConfig::default(), &exec)?;
/// assert!(small.groups[0].suppressed && small.groups[0].gini.is_nan());
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn collaboration_overload<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, cfg: &OverloadConfig, exec: &Exec) -> Result<Overload> {
    if !(cfg.top_fraction > 0.0 && cfg.top_fraction <= 1.0) {
        return Err(Error::invalid_param("top_fraction", cfg.top_fraction, "a number in (0, 1]"));
    }
    let n = g.node_count();
    groups.check(n, MAX_GROUPS)?;
    let load = loads(g, cfg.weighted && g.is_weighted(), exec)?;
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); groups.count()];
    for (v, &c) in (0u32..).zip(groups.codes()) {
        if c != MISSING {
            members[c as usize].push(v);
        }
    }
    let everyone: Vec<u32> = (0u32..).take(n).collect();
    let network = summarise(None, &everyone, &load, cfg);
    let groups = (0u32..).zip(&members).map(|(c, m)| summarise(Some(c), m, &load, cfg)).collect();
    Ok(Overload { network, groups, load: Scores(load) })
}

/// Each node's load: in-arcs (the only arcs of an undirected graph),
/// self loops left out.
fn loads<A: Adjacency>(g: &Graph<A>, weighted: bool, exec: &Exec) -> Result<Vec<f64>> {
    let adj = g.in_adj();
    let n = g.node_count();
    let tracker = exec.tracker("collaboration_overload", n as u64);
    let mut load = vec![0.0f64; n];
    exec.install(|| {
        load.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, chunk)| {
            for (slot, v) in chunk.iter_mut().zip(c * CHUNK..) {
                // v < n <= MAX_NODES = u32::MAX.
                #[allow(clippy::cast_possible_truncation)]
                let v = v as u32;
                let (mut sum, mut bad) = (0.0, None);
                adj.for_each_arc(v, |u, arc| {
                    if u != v {
                        let w = if weighted { adj.arc_weight(arc) } else { 1.0 };
                        if !(w >= 0.0 && w.is_finite()) {
                            bad.get_or_insert((arc, w));
                        }
                        sum += w;
                    }
                });
                if let Some((edge, weight)) = bad {
                    let problem = if weight.is_nan() { WeightProblem::NotANumber } else { WeightProblem::Negative };
                    return Err(Error::InvalidWeight { edge, weight, problem });
                }
                *slot = sum;
            }
            tracker.advance(chunk.len() as u64)
        })
    })?;
    Ok(load)
}

/// The figures of one set of members.
fn summarise(group: Option<u32>, members: &[u32], load: &[f64], cfg: &OverloadConfig) -> GroupOverload {
    let size = members.len();
    if let Some(s) = Suppression::check(size, cfg.min_group_size) {
        return GroupOverload {
            group,
            size,
            total: f64::NAN,
            top_share: f64::NAN,
            gini: f64::NAN,
            top: Vec::new(),
            suppressed: true,
            suppressed_reason: Some(s.to_string()),
        };
    }
    // Heaviest first, ties by node id: a total order, so deterministic.
    let mut order = members.to_vec();
    order.sort_unstable_by(|&a, &b| load[b as usize].total_cmp(&load[a as usize]).then(a.cmp(&b)));
    let values: Vec<f64> = order.iter().rev().map(|&v| load[v as usize]).collect();
    let total: f64 = values.iter().sum();
    let k = top_count(cfg.top_fraction, size);
    let top_sum: f64 = values[size - k..].iter().sum();
    GroupOverload {
        group,
        size,
        total,
        top_share: if total > 0.0 { top_sum / total } else { f64::NAN },
        gini: gini_sorted(&values),
        top: order.iter().take(cfg.top_people).map(|&v| NodeId(v)).collect(),
        suppressed: false,
        suppressed_reason: None,
    }
}

/// `⌈fraction · size⌉` within `[1, size]` (0 for `size` 0), the ceiling
/// taken with a relative tolerance of `1e-12`.
fn top_count(fraction: f64, size: usize) -> usize {
    if size == 0 {
        return 0;
    }
    let x = fraction * size as f64;
    let c = (x - x * 1e-12).ceil();
    // 0 < c <= size + 1 (fraction <= 1): representable.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let k = c as usize;
    k.clamp(1, size)
}

/// The Gini coefficient of non-negative values:
/// `G = Σ_i (2i − n − 1) x_(i) / (n Σ_i x_i)` over the values sorted
/// ascending, `i = 1..n` (equivalently `Σ_i Σ_j |x_i − x_j| / (2 n Σ x)`).
/// 0 for no values, a zero total or all values equal; NaN if any value is
/// negative or not finite. From 0 (everyone equal) to `1 − 1/n` (one person
/// holds everything).
///
/// **Complexity** `O(n log n)` (a sort of a copy).
///
/// ```
/// use ona_core::ona::gini;
/// assert_eq!(gini(&[1.0, 1.0, 1.0]), 0.0);
/// assert_eq!(gini(&[0.0, 0.0, 0.0, 4.0]), 0.75);
/// assert!((gini(&[1.0, 2.0, 3.0]) - 2.0 / 9.0).abs() < 1e-15);
/// assert!(gini(&[1.0, -1.0]).is_nan());
/// ```
pub fn gini(values: &[f64]) -> f64 {
    if values.iter().any(|x| !(x.is_finite() && *x >= 0.0)) {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_unstable_by(f64::total_cmp);
    gini_sorted(&v)
}

/// [`gini`] of finite non-negative values sorted ascending.
fn gini_sorted(v: &[f64]) -> f64 {
    let n = v.len();
    let total: f64 = v.iter().sum();
    if n == 0 || total <= 0.0 || v.first() == v.last() {
        return 0.0;
    }
    let nf = n as f64;
    let weighted: f64 = v.iter().enumerate().map(|(i, &x)| (2.0 * (i as f64 + 1.0) - nf - 1.0) * x).sum();
    weighted / (nf * total)
}

#[cfg(test)]
mod tests {
    use super::top_count;

    #[test]
    fn top_count_ceiling() {
        assert_eq!(top_count(0.1, 30), 3);
        assert_eq!(top_count(0.1, 31), 4);
        assert_eq!(top_count(0.1, 5), 1);
        assert_eq!(top_count(0.1, 0), 0);
        assert_eq!(top_count(1.0, 7), 7);
        assert_eq!(top_count(0.3, 10), 3);
        assert_eq!(top_count(0.7, 10), 7);
    }
}
