//! Temporal diffs: what changed between two versions or time windows of a
//! network.
//!
//! The two graphs have different dense node indices, so everything starts
//! by matching people by external id ([`PeopleMatch`]), which also gives one
//! index space over everyone in either graph ([`PersonId`]). On top of it:
//!
//! - [`graph_diff`]: people who joined or left, ties formed, lost and
//!   reweighted, with counts;
//! - [`metric_deltas`]: per-person changes of named metrics, and the largest
//!   increases and decreases ([`MetricDeltas::top_changes`]);
//! - [`role_changes`]: who became or stopped being a broker, a connector, …;
//! - [`community_drift`]: matched communities (greedy by Jaccard overlap),
//!   splits, merges, new and vanished communities, NMI / ARI / VI on the
//!   people present in both;
//! - [`temporal_diff`]: all of it from the two graphs alone, with seeded
//!   Louvain communities and, on request, the whole
//!   [`metric_pack`](crate::ona::metric_pack) (every per-person measure and
//!   the Cross & Parker roles) of both graphs.
//!
//! Everything is exact or seeded, so identical for any thread count.

mod drift;
mod metrics;
mod people;
mod roles;
mod ties;

pub use drift::{CommunityDrift, CommunityMatch, DriftConfig, Merge, Split, community_drift};
pub use metrics::{Change, MetricDelta, MetricDeltas, TopChanges, metric_deltas};
pub use people::{PeopleMatch, PersonId};
pub use roles::{RoleChange, RoleChanges, classified_role_changes, role_changes};
pub use ties::{DiffConfig, DiffSummary, GraphDiff, Reweight, Tie, graph_diff};

use crate::algo::centrality::{DegreeConfig, Direction, degree};
use crate::algo::community::{LouvainConfig, louvain};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ona::groups::Groups;
use crate::ona::pack::{ColumnRef, MetricPack, PackConfig, metric_pack};
use crate::scores::{Partition, Scores};

/// Options of [`temporal_diff`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TemporalConfig {
    /// Tie comparison.
    pub diff: DiffConfig,
    /// Community matching.
    pub drift: DriftConfig,
    /// Community detection, run on both graphs with `exec`'s seed.
    pub louvain: LouvainConfig,
    /// Run [`metric_pack`] on both graphs (default `None`: degree and
    /// strength only, no roles).
    pub pack: Option<PackConfig>,
    /// Categorical attribute (present on both graphs) whose values are the
    /// groups the pack's group measures and roles use (default `None`).
    pub groups: Option<String>,
}

impl TemporalConfig {
    /// Set the tie comparison options.
    #[must_use]
    pub fn diff(mut self, cfg: DiffConfig) -> Self {
        self.diff = cfg;
        self
    }
    /// Set the community matching options.
    #[must_use]
    pub fn drift(mut self, cfg: DriftConfig) -> Self {
        self.drift = cfg;
        self
    }
    /// Set the community detection options.
    #[must_use]
    pub fn louvain(mut self, cfg: LouvainConfig) -> Self {
        self.louvain = cfg;
        self
    }
    /// Compute the whole metric pack of both graphs with these options.
    #[must_use]
    pub fn pack(mut self, cfg: PackConfig) -> Self {
        self.pack = Some(cfg);
        self
    }
    /// Group people by categorical attribute `name` (for the pack).
    #[must_use]
    pub fn groups(mut self, name: &str) -> Self {
        self.groups = Some(name.to_owned());
        self
    }
}

/// Everything [`temporal_diff`] found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TemporalDiff {
    /// People and ties (its `people` is the index space of every [`PersonId`] here).
    pub graph: GraphDiff,
    /// Per-person metric changes of the people in both graphs.
    pub metrics: MetricDeltas,
    /// Who became or stopped being each Cross & Parker role (with
    /// [`TemporalConfig::pack`], when both graphs have people).
    pub roles: Option<RoleChanges>,
    /// Louvain communities of the earlier graph.
    pub communities_before: Partition,
    /// Louvain communities of the later graph.
    pub communities_after: Partition,
    /// How the communities changed.
    pub drift: CommunityDrift,
}

/// The whole temporal diff of two graphs: [`graph_diff`], per-person metric
/// deltas, Louvain communities of both graphs with `exec`'s seed, and their
/// [`community_drift`].
///
/// Metrics are degree (ties of any direction) and strength (their total
/// weight); with [`TemporalConfig::pack`], every numeric per-person column
/// of [`metric_pack`] instead (named as its fields; group codes left out, as
/// they are not comparable across graphs), and the role changes of the two
/// packs' classifications ([`classified_role_changes`]). When either graph
/// has no people nobody is in both, so the pack is skipped.
///
/// **Determinism**: identical for a seed at any thread count, except the
/// pack's PageRank and eigenvector columns, which may differ in the last
/// bits (see [`metric_pack`]). **Complexity**: two Louvain runs (about
/// `O(m)` per sweep) and, with the pack, two packs (betweenness dominates).
/// **Errors**: those of the parts: graphs of different direction, negative
/// or non-finite weights (Louvain), invalid options, a `groups` attribute
/// missing on either graph ([`Error::InvalidParameter`]), cancellation /
/// deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::diff::{temporal_diff, TemporalConfig};
/// let exec = Exec::sequential()?.seed(7);
/// let ub = GraphBuilder::undirected();
/// // Two triangles joined by a tie; later the joining tie is gone.
/// let before = ub.build_u64(&[1, 2, 3, 4, 5, 6], &[1, 1, 2, 4, 4, 5, 3], &[2, 3, 3, 5, 6, 6, 4], None, &exec)?;
/// let after = ub.build_u64(&[1, 2, 3, 4, 5, 6], &[1, 1, 2, 4, 4, 5], &[2, 3, 3, 5, 6, 6], None, &exec)?;
/// let d = temporal_diff(&before, &after, &TemporalConfig::default(), &exec)?;
/// assert_eq!((d.graph.summary.lost, d.graph.summary.formed), (1, 0));
/// assert_eq!(d.drift.nmi, 1.0);
/// let top = d.metrics.top_changes("degree", 5)?;
/// assert_eq!(top.decreases.len(), 2); // people 3 and 4 lost a tie each
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn temporal_diff<A: Adjacency, B: Adjacency>(
    before: &Graph<A>,
    after: &Graph<B>,
    cfg: &TemporalConfig,
    exec: &Exec,
) -> Result<TemporalDiff> {
    let graph = graph_diff(before, after, &cfg.diff, exec)?;
    let (metrics, roles) = match &cfg.pack {
        Some(pc) if before.node_count() > 0 && after.node_count() > 0 => {
            let pb = pack(before, cfg.groups.as_deref(), pc, exec)?;
            let pa = pack(after, cfg.groups.as_deref(), pc, exec)?;
            let (cb, ca) = (numeric_columns(&pb, before.node_count()), numeric_columns(&pa, after.node_count()));
            let metrics = metric_deltas(&graph.people, &as_refs(&cb), &as_refs(&ca))?;
            (metrics, Some(classified_role_changes(&graph.people, &pb.roles, &pa.roles)?))
        }
        _ => {
            let (cb, ca) = (basic_metrics(before, exec)?, basic_metrics(after, exec)?);
            (metric_deltas(&graph.people, &as_refs(&cb), &as_refs(&ca))?, None)
        }
    };
    let communities_before = louvain(before, &cfg.louvain, exec)?.partition;
    let communities_after = louvain(after, &cfg.louvain, exec)?.partition;
    let drift = community_drift(&graph.people, &communities_before, &communities_after, &cfg.drift, exec)?;
    Ok(TemporalDiff { graph, metrics, roles, communities_before, communities_after, drift })
}

fn as_refs<'a>(cols: &'a [(&'static str, Scores)]) -> Vec<(&'static str, &'a Scores)> {
    cols.iter().map(|(n, s)| (*n, s)).collect()
}

/// Degree and strength (all directions).
fn basic_metrics<A: Adjacency>(g: &Graph<A>, exec: &Exec) -> Result<Vec<(&'static str, Scores)>> {
    let cfg = DegreeConfig::default().direction(Direction::Both);
    Ok(vec![("degree", degree(g, &cfg, exec)?), ("strength", degree(g, &cfg.weighted(true), exec)?)])
}

fn pack<A: Adjacency>(g: &Graph<A>, groups: Option<&str>, cfg: &PackConfig, exec: &Exec) -> Result<MetricPack> {
    let codes = match groups {
        Some(name) => {
            let col =
                g.attributes().get(name).ok_or_else(|| Error::invalid_param("groups", name, "a categorical attribute of both graphs"))?;
            Some(col.codes())
        }
        None => None,
    };
    metric_pack(g, codes.map(Groups::new), cfg, exec)
}

/// The pack's per-person numeric columns as floats (`u32`/`u64` counts
/// exactly), without the group codes.
fn numeric_columns(p: &MetricPack, n: usize) -> Vec<(&'static str, Scores)> {
    p.columns()
        .into_iter()
        .filter(|(name, col)| *name != "group" && col.len() == n)
        .filter_map(|(name, col)| {
            #[allow(clippy::cast_precision_loss)] // counts far below 2^53
            let v: Vec<f64> = match col {
                ColumnRef::F64(x) => x.to_vec(),
                ColumnRef::U32(x) => x.iter().map(|&c| f64::from(c)).collect(),
                ColumnRef::U64(x) => x.iter().map(|&c| c as f64).collect(),
                ColumnRef::Str(_) => return None,
            };
            Some((name, Scores(v)))
        })
        .collect()
}
