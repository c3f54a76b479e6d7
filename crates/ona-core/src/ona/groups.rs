//! Group measures over a categorical attribute (department, office, level):
//! Krackhardt & Stern's E-I index per person, per group and for the whole
//! network; each person's cross-group share of ties; the group mixing
//! matrix with densities within and between groups; nominal assortativity.
//!
//! **Groups** are one code per node ([`Groups`]): a [`Categorical`]
//! column's codes or any `&[u32]`, with [`MISSING`] for a person whose group
//! is unknown. Such a person belongs to no group: every tie to or from them
//! is left out of every count here (NetworkX would instead count `None` as a
//! group of its own), and their own E-I index and share are NaN.
//!
//! **Ties.** An undirected edge `{u, v}` is one tie; a directed arc
//! `u -> v` is one tie (a reciprocated pair is two). Self loops are left out
//! of E-I indices, shares and densities (a tie with oneself is neither
//! internal nor external); the mixing matrix counts them as NetworkX does.
//!
//! **E-I definitions** (`E` external ties, `I` internal ties, `EI = (E - I)
//! / (E + I)`, NaN where `E + I = 0`; with `weighted`, tie weights are
//! summed instead of ties counted):
//! - *person `v`*: the ties at `v` selected by [`Direction`] (undirected:
//!   every edge at `v`; directed `Out`: arcs `v -> u`, `In`: arcs `u -> v`,
//!   `Both`: both, so a reciprocated pair counts twice), internal when `u`
//!   is in `v`'s group;
//! - *group `g`*: every tie with at least one end in `g` selected the same
//!   way (`Out`: starting in `g`; `In`: ending in `g`; `Both` or undirected:
//!   either), **each tie counted once**: internal when both ends are in `g`,
//!   external otherwise. This is Krackhardt & Stern's count; UCINET's
//!   row-block sums count an undirected internal tie twice;
//! - *network*: every tie between two people with known groups, once;
//!   the direction does not matter.

use rayon::prelude::*;

use crate::algo::centrality::Direction;
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Categorical, Graph, MISSING};
use crate::scores::Scores;

/// Nodes per parallel work item and progress step.
const CHUNK: usize = 1024;
/// The most groups any measure here accepts.
pub const MAX_GROUPS: usize = 1 << 24;
/// The most groups the `k × k` mixing matrix accepts.
pub const MAX_MIXING_GROUPS: usize = 8192;

/// Group membership: one code per node, `0..count()` or [`MISSING`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Groups<'a> {
    codes: &'a [u32],
    count: usize,
}

impl<'a> Groups<'a> {
    /// Groups `0..=max(code)` (none if every code is [`MISSING`]).
    pub fn new(codes: &'a [u32]) -> Self {
        let count = codes.iter().filter(|&&c| c != MISSING).max().map_or(0, |&c| c as usize + 1);
        Self { codes, count }
    }
    /// Groups `0..count`, some perhaps empty; every code must be below
    /// `count` or [`MISSING`] ([`Error::InvalidParameter`] otherwise).
    pub fn with_count(codes: &'a [u32], count: usize) -> Result<Self> {
        if let Some(&bad) = codes.iter().find(|&&c| c != MISSING && c as usize >= count) {
            return Err(Error::invalid_param("groups", bad, "codes below the group count, or MISSING"));
        }
        Ok(Self { codes, count })
    }
    /// Per-node codes.
    pub fn codes(&self) -> &'a [u32] {
        self.codes
    }
    /// Number of groups (codes `0..count`).
    pub fn count(&self) -> usize {
        self.count
    }
    /// `Ok` if there is one code per node and at most `limit` groups.
    pub(super) fn check(&self, n: usize, limit: usize) -> Result<()> {
        if self.codes.len() != n {
            return Err(Error::LengthMismatch { what: "group codes", expected: n as u64, found: self.codes.len() as u64 });
        }
        if self.count > limit {
            return Err(Error::TooLarge { what: "groups", count: self.count as u64, limit: limit as u64 });
        }
        Ok(())
    }
    /// Code of node `v` (`v` below the node count, checked by `check`).
    #[inline]
    pub(super) fn of(&self, v: u32) -> u32 {
        self.codes[v as usize]
    }
    /// Members of each group.
    fn sizes(&self) -> Vec<u64> {
        let mut s = vec![0u64; self.count];
        for &c in self.codes.iter().filter(|&&c| c != MISSING) {
            s[c as usize] += 1;
        }
        s
    }
}

impl<'a> From<&'a Categorical> for Groups<'a> {
    /// One group per dictionary value (codes are the column's codes).
    fn from(c: &'a Categorical) -> Self {
        Self { codes: c.codes(), count: c.dictionary().len() }
    }
}

impl<'a> From<&'a [u32]> for Groups<'a> {
    fn from(codes: &'a [u32]) -> Self {
        Self::new(codes)
    }
}

/// Configuration of [`ei_index`] and [`cross_group_share`].
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EiConfig {
    /// Which ties of a person count (default [`Direction::Both`]; `In` and
    /// `Out` need a directed graph).
    pub direction: Direction,
    /// Sum tie weights instead of counting ties (default `false`).
    /// Unweighted graphs weigh 1.
    pub weighted: bool,
}

impl EiConfig {
    /// Set [`EiConfig::direction`].
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
    /// Set [`EiConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, w: bool) -> Self {
        self.weighted = w;
        self
    }
}

/// E-I indices with the external and internal tie counts (or weights)
/// behind them; see the [module docs](self) for the definitions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EiIndex {
    /// Per person; NaN for a missing group or no counted ties.
    pub node: Scores,
    /// External ties per person (NaN for a missing group).
    pub node_external: Vec<f64>,
    /// Internal ties per person (NaN for a missing group).
    pub node_internal: Vec<f64>,
    /// Per group `0..groups.count()`; NaN for a group without ties.
    pub group: Vec<f64>,
    /// External ties per group, each counted once.
    pub group_external: Vec<f64>,
    /// Internal ties per group, each counted once.
    pub group_internal: Vec<f64>,
    /// Whole network; NaN without ties between known groups.
    pub network: f64,
    /// Ties between groups, each once.
    pub network_external: f64,
    /// Ties within groups, each once.
    pub network_internal: f64,
}

#[inline]
fn ei(e: f64, i: f64) -> f64 {
    if e + i == 0.0 { f64::NAN } else { (e - i) / (e + i) }
}

/// Krackhardt & Stern's E-I index per person, per group and for the whole
/// network: `(E - I) / (E + I)`, from -1 (all ties inside the group) to +1
/// (all ties outside). Definitions in the [module docs](self).
///
/// No NetworkX equivalent. **Complexity** `O(n + m)`. **Parallelism**:
/// persons in node blocks on `exec`'s pool, group and network totals summed
/// sequentially in node order, so identical for any thread count.
/// **Errors**: [`Error::LengthMismatch`] unless one code per node;
/// [`Error::TooLarge`] above [`MAX_GROUPS`] groups; [`Error::Unsupported`]
/// for `In`/`Out` on an undirected graph; cancellation / deadline.
///
/// Reference: D. Krackhardt, R. N. Stern, "Informal networks and
/// organizational crises: an experimental simulation", Social Psychology
/// Quarterly 51(2), 1988.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{ei_index, EiConfig, Groups};
/// let exec = Exec::sequential()?;
/// // Team 0 = {0, 1, 2}, team 1 = {3}: a triangle in team 0 and the tie 2-3.
/// let g = GraphBuilder::undirected().build(4, &[0, 0, 1, 2], &[1, 2, 2, 3], None, &exec)?;
/// let r = ei_index(&g, Groups::new(&[0, 0, 0, 1]), &EiConfig::default(), &exec)?;
/// assert_eq!(r.node.0, vec![-1.0, -1.0, -1.0 / 3.0, 1.0]);
/// assert_eq!(r.group, vec![(1.0 - 3.0) / 4.0, 1.0]);
/// assert_eq!(r.network, (1.0 - 3.0) / 4.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn ei_index<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, cfg: &EiConfig, exec: &Exec) -> Result<EiIndex> {
    let (ext, int) = node_ties(g, groups, cfg, exec)?;
    let node = Scores(ext.iter().zip(&int).map(|(&e, &i)| ei(e, i)).collect());
    let k = groups.count();
    let (mut group_external, mut group_internal) = (vec![0.0f64; k], vec![0.0f64; k]);
    for ((&c, &e), &i) in groups.codes().iter().zip(&ext).zip(&int) {
        if c != MISSING {
            group_external[c as usize] += e;
            group_internal[c as usize] += i;
        }
    }
    // With `Both` (and undirected) an internal tie was seen from both ends.
    let both = cfg.direction == Direction::Both;
    if both {
        group_internal.iter_mut().for_each(|x| *x *= 0.5);
    }
    let network_internal: f64 = group_internal.iter().sum();
    let mut network_external: f64 = group_external.iter().sum();
    if both {
        network_external *= 0.5;
    }
    let group = group_external.iter().zip(&group_internal).map(|(&e, &i)| ei(e, i)).collect();
    Ok(EiIndex {
        node,
        node_external: ext,
        node_internal: int,
        group,
        group_external,
        group_internal,
        network: ei(network_external, network_internal),
        network_external,
        network_internal,
    })
}

/// Each person's share of ties (or, with `weighted`, tie weight) that
/// reach other groups: `E / (E + I)` in the terms of [`ei_index`], which is
/// `(1 + EI) / 2`. NaN for a missing group or no counted ties. For "share of
/// tie weight" set [`EiConfig::weighted`].
///
/// No NetworkX equivalent. Complexity, parallelism and errors as
/// [`ei_index`].
///
/// ```
/// use ona_core::{EdgeWeights, Exec, GraphBuilder};
/// use ona_core::ona::{cross_group_share, EiConfig, Groups};
/// let exec = Exec::sequential()?;
/// // 0 -(3)- 1 inside team 0, 0 -(1)- 2 across to team 1.
/// let g = GraphBuilder::undirected().build(3, &[0, 0], &[1, 2], Some(EdgeWeights::F64(&[3.0, 1.0])), &exec)?;
/// let s = cross_group_share(&g, Groups::new(&[0, 0, 1]), &EiConfig::default().weighted(true), &exec)?;
/// assert_eq!(s.0, vec![0.25, 0.0, 1.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn cross_group_share<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, cfg: &EiConfig, exec: &Exec) -> Result<Scores> {
    let (ext, int) = node_ties(g, groups, cfg, exec)?;
    Ok(Scores(ext.iter().zip(&int).map(|(&e, &i)| if e + i == 0.0 { f64::NAN } else { e / (e + i) }).collect()))
}

/// External and internal ties (or weights) of every person.
fn node_ties<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, cfg: &EiConfig, exec: &Exec) -> Result<(Vec<f64>, Vec<f64>)> {
    let n = g.node_count();
    groups.check(n, MAX_GROUPS)?;
    if !g.is_directed() && cfg.direction != Direction::Both {
        let op = if cfg.direction == Direction::In { "E-I index over in-ties" } else { "E-I index over out-ties" };
        return Err(Error::Unsupported { operation: op, graph_kind: "undirected" });
    }
    let tracker = exec.tracker("ei_index", n as u64);
    let (mut ext, mut int) = (vec![0.0f64; n], vec![0.0f64; n]);
    exec.install(|| {
        ext.par_chunks_mut(CHUNK).zip(int.par_chunks_mut(CHUNK)).enumerate().try_for_each(|(c, (ec, ic))| {
            for ((e, i), v) in ec.iter_mut().zip(ic.iter_mut()).zip(c * CHUNK..) {
                #[allow(clippy::cast_possible_truncation)] // v < n <= MAX_NODES
                let v = v as u32;
                (*e, *i) = ties_of(g, groups, cfg, v);
            }
            tracker.advance(ec.len() as u64)
        })
    })?;
    Ok((ext, int))
}

/// `(E, I)` of `v`; NaN for both if `v` has no group.
#[inline]
fn ties_of<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, cfg: &EiConfig, v: u32) -> (f64, f64) {
    let gv = groups.of(v);
    if gv == MISSING {
        return (f64::NAN, f64::NAN);
    }
    let (mut e, mut i) = (0.0, 0.0);
    let mut visit = |u: u32, w: f64| {
        let gu = groups.of(u);
        if u == v || gu == MISSING {
            return;
        }
        let w = if cfg.weighted { w } else { 1.0 };
        if gu == gv {
            i += w;
        } else {
            e += w;
        }
    };
    match cfg.direction {
        Direction::Out => g.out_adj().for_each_weighted(v, &mut visit),
        Direction::In => g.in_adj().for_each_weighted(v, &mut visit),
        Direction::Both => {
            g.out_adj().for_each_weighted(v, &mut visit);
            if g.is_directed() {
                g.in_adj().for_each_weighted(v, &mut visit);
            }
        }
    }
    (e, i)
}

/// Ties between and within groups: the mixing matrix and densities.
/// Matrices are `k × k`, row-major (`[g * k + h]`), `k = groups.count()`;
/// rows are the groups of tie sources, as in NetworkX.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupMixing {
    /// Number of groups `k`.
    pub groups: usize,
    /// Members of each group.
    pub sizes: Vec<u64>,
    /// NetworkX's `attribute_mixing_matrix(G, attr, normalized=False)`
    /// with the mapping `code -> code`: directed, arcs from `g` to `h`;
    /// undirected, each edge `{u, v}` once as `(g(u), g(v))` and once as
    /// `(g(v), g(u))`, so the matrix is symmetric and an edge within `g`
    /// adds 2 to `[g][g]`; a self loop adds 1 in both cases.
    pub counts: Vec<u64>,
    /// As `counts`, summing tie weights (1 if unweighted); no NetworkX
    /// equivalent (its mixing matrix ignores weights).
    pub weights: Vec<f64>,
    /// Ties over possible pairs, self loops left out: `[g][h]` (`g ≠ h`)
    /// is `ties(g, h) / (n_g n_h)` (directed: arcs from `g` to `h`;
    /// undirected: edges between them), `[g][g]` is `ties within g /
    /// possible` (`n_g (n_g - 1)` ordered pairs directed, half that
    /// undirected). NaN where no pair is possible.
    pub density: Vec<f64>,
}

impl GroupMixing {
    /// `counts[g][h]`.
    pub fn count(&self, g: usize, h: usize) -> u64 {
        self.counts[g * self.groups + h]
    }
    /// `weights[g][h]`.
    pub fn weight(&self, g: usize, h: usize) -> f64 {
        self.weights[g * self.groups + h]
    }
    /// `density[g][h]`.
    pub fn density(&self, g: usize, h: usize) -> f64 {
        self.density[g * self.groups + h]
    }
    /// Newman's nominal assortativity of `counts`, computed as NetworkX's
    /// `attribute_ac`: with `M = counts / sum`, `s = sum(M @ M)`,
    /// `t = trace(M)`, `r = (t - s) / (1 - s)`. NaN without ties, or when
    /// every tie lies within one group (`0 / 0`).
    pub fn assortativity(&self) -> f64 {
        let k = self.groups;
        let total: u64 = self.counts.iter().sum();
        if total == 0 {
            return f64::NAN;
        }
        let total = total as f64;
        let (mut rows, mut cols, mut t) = (vec![0.0f64; k], vec![0.0f64; k], 0.0);
        for (g, row) in self.counts.chunks(k.max(1)).enumerate() {
            for (h, &c) in row.iter().enumerate() {
                let m = c as f64 / total;
                rows[g] += m;
                cols[h] += m;
                if g == h {
                    t += m;
                }
            }
        }
        let s: f64 = rows.iter().zip(&cols).map(|(a, b)| a * b).sum();
        (t - s) / (1.0 - s)
    }
}

/// The group mixing matrix (counts and weights) and the densities within and
/// between groups; see [`GroupMixing`] for the exact orientation.
///
/// NetworkX: `nx.attribute_mixing_matrix(G, attr, mapping={c: c for c in
/// range(k)}, normalized=False)` for [`GroupMixing::counts`], on the graph
/// without the people of missing group. **Complexity** `O(n + m + k²)`.
/// **Parallelism**: one task per group row (its members ascending), so
/// identical for any thread count. **Errors**: [`Error::LengthMismatch`]
/// unless one code per node; [`Error::TooLarge`] above
/// [`MAX_MIXING_GROUPS`] groups; cancellation / deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{group_mixing, Groups};
/// let exec = Exec::sequential()?;
/// // nx.Graph([(0, 1), (1, 2)]), groups {0: 0, 1: 0, 2: 1}
/// let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &exec)?;
/// let m = group_mixing(&g, Groups::new(&[0, 0, 1]), &exec)?;
/// assert_eq!(m.counts, vec![2, 1, 1, 0]);
/// assert_eq!(m.density(0, 1), 0.5);
/// assert_eq!(m.assortativity(), -1.0 / 3.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn group_mixing<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, exec: &Exec) -> Result<GroupMixing> {
    let n = g.node_count();
    groups.check(n, MAX_MIXING_GROUPS)?;
    let k = groups.count();
    let sizes = groups.sizes();
    // Members of each group, ascending: a counting sort by code.
    let mut start = vec![0usize; k + 1];
    for (s, &c) in start[1..].iter_mut().zip(&sizes) {
        *s = usize::try_from(c).unwrap_or(usize::MAX);
    }
    for i in 0..k {
        start[i + 1] += start[i];
    }
    let mut members = vec![0u32; start[k]];
    let mut next = start.clone();
    for (v, &c) in (0u32..).zip(groups.codes()) {
        if c != MISSING {
            members[next[c as usize]] = v;
            next[c as usize] += 1;
        }
    }
    let (mut counts, mut weights) = (vec![0u64; k * k], vec![0.0f64; k * k]);
    let tracker = exec.tracker("group_mixing", n as u64);
    let loops: Vec<u64> = if k == 0 {
        Vec::new()
    } else {
        exec.install(|| {
            counts
                .par_chunks_mut(k)
                .zip(weights.par_chunks_mut(k))
                .enumerate()
                .map(|(row, (cr, wr))| {
                    let mut loops = 0u64;
                    for block in members[start[row]..start[row + 1]].chunks(CHUNK) {
                        for &v in block {
                            g.out_adj().for_each_weighted(v, |u, w| {
                                let gu = groups.of(u);
                                if gu != MISSING {
                                    cr[gu as usize] += 1;
                                    wr[gu as usize] += w;
                                    loops += u64::from(u == v);
                                }
                            });
                        }
                        tracker.advance(block.len() as u64)?;
                    }
                    Ok(loops)
                })
                .collect::<Result<Vec<u64>>>()
        })?
    };
    let mut density = vec![0.0f64; k * k];
    for (gi, row) in density.chunks_mut(k.max(1)).enumerate().take(k) {
        for (h, d) in row.iter_mut().enumerate() {
            let (a, b) = (sizes[gi] as f64, sizes[h] as f64);
            let (ties, pairs) = if gi == h { (counts[gi * k + h] - loops[gi], a * (a - 1.0)) } else { (counts[gi * k + h], a * b) };
            *d = if pairs == 0.0 { f64::NAN } else { ties as f64 / pairs };
        }
    }
    Ok(GroupMixing { groups: k, sizes, counts, weights, density })
}

/// Newman's nominal (attribute) assortativity coefficient of the groups:
/// [`GroupMixing::assortativity`] of [`group_mixing`].
///
/// NetworkX: `nx.attribute_assortativity_coefficient(G, attr)` on the graph
/// without the people of missing group (ties to them are left out; NetworkX
/// would count `None` as a group). Complexity, parallelism and errors as
/// [`group_mixing`].
///
/// Reference: M. E. J. Newman, "Mixing patterns in networks", Physical
/// Review E 67, 026126, 2003.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{attribute_assortativity, Groups};
/// let exec = Exec::sequential()?;
/// // Two teams, each a pair, joined by one tie: nx gives 1/3.
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2], &[1, 2, 3], None, &exec)?;
/// let r = attribute_assortativity(&g, Groups::new(&[0, 0, 1, 1]), &exec)?;
/// assert!((r - 1.0 / 3.0).abs() < 1e-15);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn attribute_assortativity<A: Adjacency>(g: &Graph<A>, groups: Groups<'_>, exec: &Exec) -> Result<f64> {
    Ok(group_mixing(g, groups, exec)?.assortativity())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EdgeWeights, GraphBuilder};

    fn exec(t: usize) -> Exec {
        Exec::with_threads(t).expect("pool")
    }

    #[test]
    fn groups_from_codes_and_columns() {
        assert_eq!(Groups::new(&[2, MISSING, 0]).count(), 3);
        assert_eq!(Groups::new(&[MISSING]).count(), 0);
        assert!(Groups::with_count(&[0, 3], 3).is_err());
        let col = Categorical::from_values(&[Some("a"), None, Some("b")]).expect("col");
        let gr = Groups::from(&col);
        assert_eq!((gr.codes(), gr.count()), (&[0, MISSING, 1][..], 2));
    }

    #[test]
    fn errors_on_bad_input() {
        let e = exec(1);
        let g = GraphBuilder::undirected().build(3, &[0], &[1], None, &e).expect("g");
        let r = ei_index(&g, Groups::new(&[0, 1]), &EiConfig::default(), &e);
        assert!(matches!(r, Err(Error::LengthMismatch { what: "group codes", expected: 3, found: 2 })));
        let r = ei_index(&g, Groups::new(&[0, 1, 0]), &EiConfig::default().direction(Direction::Out), &e);
        assert!(matches!(r, Err(Error::Unsupported { graph_kind: "undirected", .. })));
        let big = Groups::with_count(&[0, 1, 2], MAX_MIXING_GROUPS + 1).expect("groups");
        assert!(matches!(group_mixing(&g, big, &e), Err(Error::TooLarge { what: "groups", .. })));
        let c = exec(1);
        c.token().cancel();
        assert_eq!(ei_index(&g, Groups::new(&[0, 1, 0]), &EiConfig::default(), &c), Err(Error::Cancelled));
        assert_eq!(group_mixing(&g, Groups::new(&[0, 1, 0]), &c), Err(Error::Cancelled));
    }

    #[test]
    fn empty_and_groupless_graphs() {
        let e = exec(1);
        let g = GraphBuilder::undirected().build(0, &[], &[], None, &e).expect("g");
        let m = group_mixing(&g, Groups::new(&[]), &e).expect("m");
        assert_eq!((m.groups, m.counts.len()), (0, 0));
        assert!(m.assortativity().is_nan());
        let r = ei_index(&g, Groups::new(&[]), &EiConfig::default(), &e).expect("ei");
        assert!(r.node.is_empty() && r.group.is_empty() && r.network.is_nan());
        let g = GraphBuilder::undirected().build(2, &[0], &[1], None, &e).expect("g");
        let r = ei_index(&g, Groups::new(&[MISSING, MISSING]), &EiConfig::default(), &e).expect("ei");
        assert!(r.node.iter().all(|x| x.is_nan()) && r.network.is_nan());
    }

    #[test]
    fn threads_and_storage_agree() {
        let (e1, e4) = (exec(1), exec(4));
        let n = 3000u32;
        let src: Vec<u32> = (0..20_000u32).map(|i| (i * 7919) % n).collect();
        let dst: Vec<u32> = (0..20_000u32).map(|i| (i * 104_729 + 13) % n).collect();
        let w: Vec<f64> = (0..20_000u32).map(|i| f64::from(i % 5) + 0.25).collect();
        let codes: Vec<u32> = (0..n).map(|v| if v % 17 == 0 { MISSING } else { v % 7 }).collect();
        let gr = Groups::new(&codes);
        for directed in [false, true] {
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F64(&w)), &e1).expect("g");
            let gc = g.compress(&e1);
            let cfg = EiConfig::default().weighted(true);
            let a = ei_index(&g, gr, &cfg, &e1).expect("ei");
            assert_eq!(format!("{a:?}"), format!("{:?}", ei_index(&gc, gr, &cfg, &e4).expect("ei")));
            let m = group_mixing(&g, gr, &e1).expect("m");
            assert_eq!(format!("{m:?}"), format!("{:?}", group_mixing(&gc, gr, &e4).expect("m")));
        }
    }
}
