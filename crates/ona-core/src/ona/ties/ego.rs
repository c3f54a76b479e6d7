//! Ego-network summaries: each person's contacts, how tied those contacts
//! are among themselves, and how many other groups they reach.

use rayon::prelude::*;

use super::view::{CHUNK, View};
use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph, MISSING};
use crate::ona::groups::{Groups, MAX_GROUPS};
use crate::scores::Scores;

/// Configuration of [`ego_summaries`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EgoConfig {
    /// Sum tie weights into [`EgoSummaries::strength`] (default `true`;
    /// unweighted graphs weigh 1). The other columns ignore weights.
    pub weighted: bool,
}

impl Default for EgoConfig {
    fn default() -> Self {
        Self { weighted: true }
    }
}

impl EgoConfig {
    /// Set [`EgoConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// One row per person, columnar.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct EgoSummaries {
    /// Alters: distinct contacts other than oneself.
    pub size: Vec<u32>,
    /// Ties among the alters (unordered pairs; the ego's triangles).
    pub ties_among_alters: Vec<u64>,
    /// `ties_among_alters / C(size, 2)`; 0 for fewer than two alters, as
    /// `nx.density`.
    pub density: Scores,
    /// Sum of the ego's tie weights in the view (both directions added).
    pub strength: Scores,
    /// With groups: distinct known groups among the alters other than the
    /// ego's own.
    pub groups_reached: Option<Vec<u32>>,
}

/// Ego-network summaries of every person, over the undirected simple view
/// (see [`ties`](super); self loops left out).
///
/// NetworkX: with `U = G.to_undirected()` minus self loops and
/// `E = nx.ego_graph(U, v, center=False)`, `size = E.number_of_nodes()`,
/// `ties_among_alters = E.number_of_edges()`, `density = nx.density(E)`,
/// `strength = U.degree(v, weight=...)` (directed weights added across
/// both arcs), and `groups_reached = len({g[u] for u in E} - {g[v], None})`.
///
/// **Complexity** `O(n + m)` for the view plus `O(Σ_v Σ_{u ∈ N(v)} k_u)`
/// (each alter's list checked against a visited stamp of the ego's
/// contacts; `O(n + groups)` memory per worker). **Parallelism**: nodes in
/// blocks on `exec`'s pool; each row is computed in a fixed order, so
/// identical for any thread count. **Errors**: [`Error::LengthMismatch`]
/// unless one group code per node; [`Error::TooLarge`] above
/// [`MAX_GROUPS`]; [`Error::InvalidWeight`] for a negative weight when
/// weighted; cancellation / deadline.
///
/// [`Error::LengthMismatch`]: crate::Error::LengthMismatch
/// [`Error::TooLarge`]: crate::Error::TooLarge
/// [`Error::InvalidWeight`]: crate::Error::InvalidWeight
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{ego_summaries, EgoConfig, Groups};
/// let exec = Exec::sequential()?;
/// // Triangle 0-1-2 plus 2-3; teams {0, 1}, {2}, {3}.
/// let g = GraphBuilder::undirected().build(4, &[0, 0, 1, 2], &[1, 2, 2, 3], None, &exec)?;
/// let e = ego_summaries(&g, Some(Groups::new(&[0, 0, 1, 2])), &EgoConfig::default(), &exec)?;
/// assert_eq!(e.size, vec![2, 2, 3, 1]);
/// assert_eq!(e.ties_among_alters, vec![1, 1, 1, 0]);
/// assert_eq!(e.density.0, vec![1.0, 1.0, 1.0 / 3.0, 0.0]);
/// assert_eq!(e.groups_reached, Some(vec![1, 1, 2, 1]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn ego_summaries<A: Adjacency>(g: &Graph<A>, groups: Option<Groups<'_>>, cfg: &EgoConfig, exec: &Exec) -> Result<EgoSummaries> {
    let n = g.node_count();
    if let Some(gr) = &groups {
        gr.check(n, MAX_GROUPS)?;
    }
    let k = groups.map_or(0, |gr| gr.count());
    let view = View::build(g, cfg.weighted, exec)?;
    let tracker = exec.tracker("ego_summaries", n as u64);
    let mut rows = vec![(0u32, 0u64, 0.0f64, 0u32); n];
    exec.install(|| {
        rows.par_chunks_mut(CHUNK).enumerate().try_for_each_init(
            || (vec![0u32; n], vec![0u32; k]),
            |(stamp, gstamp), (c, chunk)| {
                for (row, v) in chunk.iter_mut().zip(c * CHUNK..) {
                    *row = ego_row(&view, groups.as_ref(), v, stamp, gstamp);
                }
                tracker.advance(chunk.len() as u64)
            },
        )
    })?;
    let density =
        rows.iter().map(|&(s, t, _, _)| if s < 2 { 0.0 } else { t as f64 / (f64::from(s) * (f64::from(s) - 1.0) / 2.0) }).collect();
    Ok(EgoSummaries {
        size: rows.iter().map(|r| r.0).collect(),
        ties_among_alters: rows.iter().map(|r| r.1).collect(),
        density: Scores(density),
        strength: Scores(rows.iter().map(|r| r.2).collect()),
        groups_reached: groups.map(|_| rows.iter().map(|r| r.3).collect()),
    })
}

/// `(size, ties among alters, strength, groups reached)` of `v`, marking
/// with `v + 1` (unique per node, so the stamps are never cleared).
fn ego_row(view: &View, groups: Option<&Groups<'_>>, v: usize, stamp: &mut [u32], gstamp: &mut [u32]) -> (u32, u64, f64, u32) {
    // v < n <= u32::MAX - 1 (the builder's limit), so v + 1 fits.
    #[allow(clippy::cast_possible_truncation)]
    let mark = (v as u32).wrapping_add(1);
    let alters = view.nbrs(v);
    for &u in alters {
        stamp[u as usize] = mark;
    }
    let mut twice = 0u64;
    for &u in alters {
        twice += view.nbrs(u as usize).iter().filter(|&&x| stamp[x as usize] == mark).count() as u64;
    }
    let strength = view.weights(v).iter().sum();
    let mut reached = 0u32;
    if let Some(gr) = groups {
        let codes = gr.codes();
        let own = codes[v];
        for &u in alters {
            let c = codes[u as usize];
            if c != MISSING && c != own && gstamp[c as usize] != mark {
                gstamp[c as usize] = mark;
                reached += 1;
            }
        }
    }
    let size = u32::try_from(alters.len()).unwrap_or(u32::MAX);
    (size, twice / 2, strength, reached)
}
