//! Two-step reach: how many people are at most two hops away.

use rayon::prelude::*;

use super::view::CHUNK;
use crate::algo::centrality::Direction;
use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Configuration of [`two_step_reach`] and [`reach_share`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReachConfig {
    /// Which arcs a step follows in a directed graph (default
    /// [`Direction::Out`]: whom a person's messages reach; `In`: who reaches
    /// them; `Both`: either way). Undirected graphs ignore it.
    pub direction: Direction,
}

impl Default for ReachConfig {
    fn default() -> Self {
        Self { direction: Direction::Out }
    }
}

impl ReachConfig {
    /// Set [`ReachConfig::direction`].
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
}

/// Number of distinct other people within two steps of each person.
///
/// NetworkX: `len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1`
/// on `G` (`Out`), `G.reverse()` (`In`) or `G.to_undirected()` (`Both`).
/// Self loops and repeated paths count nothing.
///
/// **Complexity** `O(Σ_v Σ_{u ∈ N(v)} k_u)` time (each person's neighbours'
/// lists), `O(n)` memory per worker thread: a visited stamp per node, where
/// person `v` marks with `v + 1`, so the array is never cleared.
/// **Parallelism**: nodes in blocks on `exec`'s pool; exact, so identical
/// for any thread count. **Errors**: cancellation / deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::centrality::Direction;
/// use ona_core::ona::{two_step_reach, ReachConfig};
/// let exec = Exec::sequential()?;
/// // 0 -> 1 -> 2 -> 3
/// let g = GraphBuilder::directed().build(4, &[0, 1, 2], &[1, 2, 3], None, &exec)?;
/// assert_eq!(two_step_reach(&g, &ReachConfig::default(), &exec)?, vec![2, 2, 1, 0]);
/// let both = ReachConfig::default().direction(Direction::Both);
/// assert_eq!(two_step_reach(&g, &both, &exec)?, vec![2, 3, 3, 2]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn two_step_reach<A: Adjacency>(g: &Graph<A>, cfg: &ReachConfig, exec: &Exec) -> Result<Vec<u32>> {
    let n = g.node_count();
    let (out, inc) = match (g.is_directed(), cfg.direction) {
        (false, _) | (true, Direction::Out) => (true, false),
        (true, Direction::In) => (false, true),
        (true, Direction::Both) => (true, true),
    };
    let tracker = exec.tracker("two_step_reach", n as u64);
    let mut reach = vec![0u32; n];
    exec.install(|| {
        reach.par_chunks_mut(CHUNK).enumerate().try_for_each_init(
            || (vec![0u32; n], Vec::new()),
            |(stamp, first), (c, chunk)| {
                for (slot, v) in chunk.iter_mut().zip(c * CHUNK..) {
                    // v < n <= MAX_NODES = u32::MAX, so v fits and v + 1 too
                    // (the builder refuses u32::MAX nodes).
                    #[allow(clippy::cast_possible_truncation)]
                    let v = v as u32;
                    *slot = reach_of(g, v, out, inc, stamp, first);
                }
                tracker.advance(chunk.len() as u64)
            },
        )
    })?;
    Ok(reach)
}

/// Reach of `v`, marking with `v + 1` in `stamp`; `first` is scratch for
/// the first step.
fn reach_of<A: Adjacency>(g: &Graph<A>, v: u32, out: bool, inc: bool, stamp: &mut [u32], first: &mut Vec<u32>) -> u32 {
    let mark = v.wrapping_add(1);
    stamp[v as usize] = mark;
    first.clear();
    let mut visit = |u: u32, first: &mut Vec<u32>| {
        if stamp[u as usize] != mark {
            stamp[u as usize] = mark;
            first.push(u);
        }
    };
    if out {
        g.out_adj().for_each_neighbor(v, |u| visit(u, first));
    }
    if inc {
        g.in_adj().for_each_neighbor(v, |u| visit(u, first));
    }
    let mut count = first.len();
    for &u in first.iter() {
        let mut step = |w: u32| {
            if stamp[w as usize] != mark {
                stamp[w as usize] = mark;
                count += 1;
            }
        };
        if out {
            g.out_adj().for_each_neighbor(u, &mut step);
        }
        if inc {
            g.in_adj().for_each_neighbor(u, &mut step);
        }
    }
    // At most n - 1 <= u32::MAX people.
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// [`two_step_reach`] over `n − 1`, the share of everyone else a person
/// reaches in two steps; NaN for a graph of one node.
///
/// Complexity, parallelism and errors as [`two_step_reach`].
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{reach_share, ReachConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(5, &[0, 1], &[1, 2], None, &exec)?;
/// assert_eq!(reach_share(&g, &ReachConfig::default(), &exec)?.0, vec![0.5, 0.5, 0.5, 0.0, 0.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn reach_share<A: Adjacency>(g: &Graph<A>, cfg: &ReachConfig, exec: &Exec) -> Result<Scores> {
    let r = two_step_reach(g, cfg, exec)?;
    let others = g.node_count().saturating_sub(1) as f64;
    Ok(Scores(r.into_iter().map(|x| if others == 0.0 { f64::NAN } else { f64::from(x) / others }).collect()))
}
