//! Strong and diverse ties, two-step reach and ego-network summaries.
//!
//! Everything here reads the **undirected simple view** of a graph: `u` and
//! `v` are tied when either arc `u -> v` or `v -> u` exists; self loops are
//! left out. A tie's *weight* is the edge weight for an undirected graph and
//! `a_uv + a_vu` for a directed one (with weights off, or an unweighted
//! graph, 1 per edge or per arc present, so a reciprocated directed pair
//! weighs 2). `k_u` is `u`'s number of ties in the view.
//!
//! **Neighbourhood overlap** (Onnela et al. 2007) of a tie `u–v` with
//! `n_uv` common neighbours: `O_uv = n_uv / ((k_u − 1) + (k_v − 1) − n_uv)`,
//! the share of the two people's other contacts that they share; 0 where
//! the denominator is 0 (neither has another contact). A tie with low
//! overlap reaches a circle the person is not otherwise part of.
//!
//! **Tie kinds** ([`TieKind`]), with `q` = [`TiesConfig::strong_weight_quantile`]
//! and `t` = [`TiesConfig::embedded_overlap`]:
//! - `Strong`: weight ≥ the `q`-quantile of all tie weights (NumPy's default
//!   linear interpolation, `numpy.quantile(w, q)`) **and** overlap ≥ `t`:
//!   a frequent tie embedded in a shared circle;
//! - `Diverse`: overlap < `t`, whatever the weight: a tie into another
//!   circle (Granovetter's weak ties, Aral & Van Alstyne's "diverse" ties);
//! - `Other`: embedded (overlap ≥ `t`) but light.
//!
//! The default `t = 0.1` calls a tie diverse when fewer than one in ten of
//! the pair's other contacts is shared; Onnela et al. find overlap rising
//! from near 0 for the weakest ties to about 0.1–0.2 for the strongest in a
//! mobile-call network, so 0.1 separates bridging from embedded ties there.
//!
//! References: J.-P. Onnela et al., "Structure and tie strengths in mobile
//! communication networks", PNAS 104(18), 2007; M. S. Granovetter, "The
//! strength of weak ties", American Journal of Sociology 78(6), 1973;
//! S. Aral, M. Van Alstyne, "The diversity-bandwidth trade-off", American
//! Journal of Sociology 117(1), 2011.

mod ego;
mod reach;
mod view;

use rayon::prelude::*;

pub use ego::{EgoConfig, EgoSummaries, ego_summaries};
pub use reach::{ReachConfig, reach_share, two_step_reach};

use self::view::{CHUNK, View, common};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;
use crate::scores::Scores;

/// Configuration of [`ties`] and [`tie_profile`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TiesConfig {
    /// Quantile of all tie weights at or above which a tie is heavy enough
    /// to be strong, in `[0, 1]` (default 0.5, the median).
    pub strong_weight_quantile: f64,
    /// Overlap at or above which a tie is embedded (strong or other), below
    /// which it is diverse, in `[0, 1]` (default 0.1; see the
    /// [module docs](self)).
    pub embedded_overlap: f64,
    /// Use arc weights (default `true`; unweighted graphs weigh 1).
    pub weighted: bool,
}

impl Default for TiesConfig {
    fn default() -> Self {
        Self { strong_weight_quantile: 0.5, embedded_overlap: 0.1, weighted: true }
    }
}

impl TiesConfig {
    /// Set [`TiesConfig::strong_weight_quantile`].
    #[must_use]
    pub fn strong_weight_quantile(mut self, q: f64) -> Self {
        self.strong_weight_quantile = q;
        self
    }
    /// Set [`TiesConfig::embedded_overlap`].
    #[must_use]
    pub fn embedded_overlap(mut self, t: f64) -> Self {
        self.embedded_overlap = t;
        self
    }
    /// Set [`TiesConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
    fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.strong_weight_quantile) {
            return Err(Error::invalid_param("strong_weight_quantile", self.strong_weight_quantile, "a number in [0, 1]"));
        }
        if !(0.0..=1.0).contains(&self.embedded_overlap) {
            return Err(Error::invalid_param("embedded_overlap", self.embedded_overlap, "a number in [0, 1]"));
        }
        Ok(())
    }
}

/// What a tie is; see the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TieKind {
    /// Heavy and embedded.
    Strong,
    /// Low overlap: reaches another circle.
    Diverse,
    /// Embedded but light.
    Other,
}

/// Every tie of the undirected view, columnar, sorted by `(u, v)` with
/// `u < v`.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Ties {
    /// The ties `(u, v)`, `u < v`, ascending.
    pub edges: Vec<(NodeId, NodeId)>,
    /// Tie weight (both directions added).
    pub weight: Vec<f64>,
    /// Onnela's neighbourhood overlap.
    pub overlap: Vec<f64>,
    /// `weight × overlap`: heavy and embedded ties score high.
    pub score: Vec<f64>,
    /// Strong, diverse or other.
    pub kind: Vec<TieKind>,
    /// The weight quantile a strong tie must reach (NaN without ties).
    pub strong_weight: f64,
}

/// Every tie's weight, neighbourhood overlap, `weight × overlap` and kind.
///
/// NetworkX has no overlap; with `G` the undirected simple view,
/// `n = len(nx.common_neighbors(G, u, v))` and the formula in the
/// [module docs](self).
///
/// **Complexity** `O(n + m)` for the view plus `O(Σ_{u–v} (k_u + k_v))`
/// for the sorted-list intersections (at most `O(Σ_v k_v²)`), and
/// `O(m log m)` for the weight quantile. **Parallelism**: nodes in blocks on
/// `exec`'s pool, results concatenated in node order; exact counts and a
/// fixed summation order, so identical for any thread count.
/// **Errors**: [`Error::InvalidParameter`] for a quantile or overlap
/// threshold outside `[0, 1]`; [`Error::InvalidWeight`] for a negative
/// weight when weighted; cancellation / deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, NodeId};
/// use ona_core::ona::{ties, TieKind, TiesConfig};
/// let exec = Exec::sequential()?;
/// // A triangle 0-1-2 and a pendant tie 2-3.
/// let g = GraphBuilder::undirected().build(4, &[0, 0, 1, 2], &[1, 2, 2, 3], None, &exec)?;
/// let t = ties(&g, &TiesConfig::default(), &exec)?;
/// assert_eq!(t.edges[3], (NodeId(2), NodeId(3)));
/// // 0-1: one common neighbour (2) and (k0 - 1) + (k1 - 1) - 1 = 1, so 1/1;
/// // 0-2: one common neighbour (1) and (2 - 1) + (3 - 1) - 1 = 2, so 1/2.
/// assert_eq!(t.overlap, vec![1.0, 0.5, 0.5, 0.0]);
/// assert_eq!(t.kind, vec![TieKind::Strong, TieKind::Strong, TieKind::Strong, TieKind::Diverse]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn ties<A: Adjacency>(g: &Graph<A>, cfg: &TiesConfig, exec: &Exec) -> Result<Ties> {
    cfg.validate()?;
    let view = View::build(g, cfg.weighted, exec)?;
    tie_table(&view, cfg, exec)
}

fn tie_table(view: &View, cfg: &TiesConfig, exec: &Exec) -> Result<Ties> {
    let n = view.node_count();
    let tracker = exec.tracker("ties", n as u64);
    let parts: Vec<Vec<(u32, u32, f64, f64)>> = exec.install(|| {
        (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let nodes = c * CHUNK..n.min((c + 1) * CHUNK);
                let len = nodes.len() as u64;
                let mut rows = Vec::new();
                for u in nodes {
                    let (nu, wu) = (view.nbrs(u), view.weights(u));
                    let uu =
                        u32::try_from(u).map_err(|_| Error::TooLarge { what: "nodes", count: n as u64, limit: u64::from(u32::MAX) })?;
                    for (&v, &w) in nu.iter().zip(wu).filter(|&(&v, _)| v > uu) {
                        let nv = view.nbrs(v as usize);
                        let shared = common(nu, nv);
                        // k_u + k_v - 2 - n_uv >= n_uv >= 0 since n_uv < min(k_u, k_v).
                        let denom = nu.len() + nv.len() - 2 - shared;
                        let overlap = if denom == 0 { 0.0 } else { shared as f64 / denom as f64 };
                        rows.push((uu, v, w, overlap));
                    }
                }
                tracker.advance(len).map(|()| rows)
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let m: usize = parts.iter().map(Vec::len).sum();
    let mut t = Ties {
        edges: Vec::with_capacity(m),
        weight: Vec::with_capacity(m),
        overlap: Vec::with_capacity(m),
        score: Vec::with_capacity(m),
        kind: Vec::with_capacity(m),
        strong_weight: f64::NAN,
    };
    for (u, v, w, o) in parts.into_iter().flatten() {
        t.edges.push((NodeId(u), NodeId(v)));
        t.weight.push(w);
        t.overlap.push(o);
        t.score.push(w * o);
    }
    t.strong_weight = quantile(&t.weight, cfg.strong_weight_quantile);
    t.kind = t
        .weight
        .iter()
        .zip(&t.overlap)
        .map(|(&w, &o)| {
            if o < cfg.embedded_overlap {
                TieKind::Diverse
            } else if w >= t.strong_weight {
                TieKind::Strong
            } else {
                TieKind::Other
            }
        })
        .collect();
    Ok(t)
}

/// `numpy.quantile(values, q)` (linear interpolation between closest
/// ranks); NaN for no values. `q` in `[0, 1]`, values finite.
fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut s = values.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    let h = (s.len() - 1) as f64 * q;
    let lo = h.floor();
    // 0 <= lo <= len - 1, an integer-valued float.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = lo as usize;
    let j = (i + 1).min(s.len() - 1);
    s[i] + (h - lo) * (s[j] - s[i])
}

/// Each person's strong and diverse ties ([`ties`]) and the diverse share
/// of their ties.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct TieProfile {
    /// Strong ties per person.
    pub strong: Vec<u32>,
    /// Diverse ties per person.
    pub diverse: Vec<u32>,
    /// Diverse ties over all ties in the view; NaN for a person without ties.
    pub diverse_share: Scores,
}

/// Per person: strong ties, diverse ties, and the share of their ties that
/// are diverse (definitions in the [module docs](self)).
///
/// Complexity, parallelism and errors as [`ties`], plus `O(n + m)`
/// sequential counting.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{tie_profile, TiesConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(5, &[0, 0, 1, 2], &[1, 2, 2, 3], None, &exec)?;
/// let p = tie_profile(&g, &TiesConfig::default(), &exec)?;
/// assert_eq!(p.strong, vec![2, 2, 2, 0, 0]);
/// assert_eq!(p.diverse, vec![0, 0, 1, 1, 0]);
/// assert_eq!(&p.diverse_share[..4], &[0.0, 0.0, 1.0 / 3.0, 1.0]);
/// assert!(p.diverse_share[4].is_nan()); // no ties
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn tie_profile<A: Adjacency>(g: &Graph<A>, cfg: &TiesConfig, exec: &Exec) -> Result<TieProfile> {
    cfg.validate()?;
    let view = View::build(g, cfg.weighted, exec)?;
    let t = tie_table(&view, cfg, exec)?;
    let n = view.node_count();
    let (mut strong, mut diverse) = (vec![0u32; n], vec![0u32; n]);
    for (&(u, v), &k) in t.edges.iter().zip(&t.kind) {
        let counts = match k {
            TieKind::Strong => &mut strong,
            TieKind::Diverse => &mut diverse,
            TieKind::Other => continue,
        };
        counts[u.index()] += 1;
        counts[v.index()] += 1;
    }
    let diverse_share =
        Scores((0..n).map(|v| if view.degree(v) == 0 { f64::NAN } else { f64::from(diverse[v]) / view.degree(v) as f64 }).collect());
    Ok(TieProfile { strong, diverse, diverse_share })
}

#[cfg(test)]
mod tests {
    use super::quantile;

    #[test]
    fn quantile_matches_numpy() {
        // numpy.quantile([3, 1, 2, 10], q) for q = 0, 0.25, 0.5, 0.9, 1
        let v = [3.0, 1.0, 2.0, 10.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert!((quantile(&v, 0.9) - 7.899999999999999).abs() < 1e-12);
        assert_eq!(quantile(&v, 1.0), 10.0);
        assert!(quantile(&[], 0.5).is_nan());
    }
}
