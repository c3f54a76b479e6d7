//! Temporal diffs of a tenant's graphs: two time windows of one version, or
//! two versions a caller holds ([`GraphView`]s are cheap, immutable
//! snapshots, so "the graph as of last Monday" is a view kept since then).
//!
//! The engine keeps only the current version of a graph; older versions
//! live as long as someone holds their [`GraphView`]. So a diff between
//! versions is between a view the caller kept and the current one (or any
//! two kept views); there is no look-up of an old version by number.

use std::sync::Arc;

use ona_core::CancelToken;
use ona_core::ona::diff::{TemporalConfig, TemporalDiff, temporal_diff};

use crate::error::{Error, Result};
use crate::graph_state::GraphState;
use crate::name::GraphName;
use crate::planner::Algorithm;
use crate::tenant::Tenant;
use crate::version::GraphView;
use crate::window;

/// Options of the engine's diffs: the core [`TemporalConfig`] and the seed
/// of the community detection (the same seed gives the same diff at any
/// thread count).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DiffOptions {
    /// What to compare and how.
    pub config: TemporalConfig,
    /// Seed of the Louvain runs (default 0).
    pub seed: u64,
}

impl DiffOptions {
    /// Set the core options.
    #[must_use]
    pub fn config(mut self, cfg: TemporalConfig) -> Self {
        self.config = cfg;
        self
    }
    /// Set the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// A time window `[t0, t1)`, or `None` for a whole version.
type Span = Option<(i64, i64)>;

/// A [`TemporalDiff`] with the two graphs it compares, each stamped with
/// its version and (for windows) its time range.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct StampedDiff {
    /// The diff; its [`PersonId`](ona_core::ona::diff::PersonId)s map to
    /// nodes of `before` and `after` through `diff.graph.people`.
    pub diff: TemporalDiff,
    /// The earlier graph.
    pub before: GraphView,
    /// The later graph.
    pub after: GraphView,
}

impl StampedDiff {
    /// `(before, after)` version numbers (equal for two windows of one version).
    pub fn versions(&self) -> (u64, u64) {
        (self.before.version(), self.after.version())
    }
    /// `(before, after)` windows, `None` for a whole version.
    pub fn windows(&self) -> (Span, Span) {
        (self.before.window(), self.after.window())
    }
}

impl Tenant {
    fn graph_state(&self, name: &str) -> Result<Arc<GraphState>> {
        let g = GraphName::new(name)?;
        let graphs = self.state.graphs.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        graphs.get(&g).cloned().ok_or_else(|| Error::UnknownGraph { tenant: self.state.id.to_string(), graph: name.to_owned() })
    }

    /// What changed in graph `name` between the windows `before = [t0, t1)`
    /// and `after = [t2, t3)`: ties formed, lost and reweighted, people who
    /// joined or left, degree and strength deltas, Louvain communities of
    /// both windows and their drift ([`temporal_diff`]). Both windows are
    /// cut from the same version, loaded once, so a batch landing meanwhile
    /// never mixes in. The windows may overlap or come in either order.
    ///
    /// Runs under the scheduler like any algorithm (planned as community
    /// detection on the larger window). **Errors**: unknown graph, a window
    /// with `t0 > t1`, the core errors of [`temporal_diff`] (e.g. negative
    /// summed weights refused by Louvain), cancellation.
    pub fn diff_windows(
        &self,
        name: &str,
        before: (i64, i64),
        after: (i64, i64),
        opts: &DiffOptions,
        cancel: Option<CancelToken>,
    ) -> Result<StampedDiff> {
        let g = self.graph_state(name)?;
        let v = g.current();
        let exec = self.shared.sched.background();
        let b = window::window(&v, g.directed, before.0, before.1, &exec)?;
        let a = window::window(&v, g.directed, after.0, after.1, &exec)?;
        self.diff_views(&b, &a, opts, cancel)
    }

    /// What changed between a version of graph `name` that the caller kept
    /// (any [`GraphView`] of it: [`Tenant::graph`] earlier, or a window) and
    /// the current version. See [`Tenant::diff_windows`] for what is
    /// compared. **Errors**: unknown graph; those of [`Tenant::diff_views`].
    pub fn diff_since(&self, name: &str, before: &GraphView, opts: &DiffOptions, cancel: Option<CancelToken>) -> Result<StampedDiff> {
        let now = self.graph(name)?;
        self.diff_views(before, &now, opts, cancel)
    }

    /// The diff of any two views (versions or windows, of one graph or of
    /// two graphs of the same people), under the scheduler. **Errors**: views
    /// of different direction (`Core(InvalidParameter)`), the core errors of
    /// [`temporal_diff`], cancellation.
    pub fn diff_views(
        &self,
        before: &GraphView,
        after: &GraphView,
        opts: &DiffOptions,
        cancel: Option<CancelToken>,
    ) -> Result<StampedDiff> {
        let bigger = if before.edge_count() >= after.edge_count() { before } else { after };
        let diff = self.run(bigger, Algorithm::Communities, cancel, |exec| {
            let exec = exec.clone().seed(opts.seed);
            Ok(temporal_diff(before.graph(), after.graph(), &opts.config, &exec)?)
        })?;
        Ok(StampedDiff { diff, before: before.clone(), after: after.clone() })
    }
}
