//! Single-source breadth-first search: hop distances over out-arcs, in-arcs
//! or both, with an optional cutoff, top-down or direction-optimizing.

use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;

/// Distance of a node the search did not reach.
pub const UNREACHABLE: u32 = u32::MAX;

/// Which arcs a traversal follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Follow arcs forwards, `v -> u` (NetworkX's default).
    #[default]
    Out,
    /// Follow arcs backwards (distances *to* the source; NetworkX's
    /// `G.reverse()`).
    In,
    /// Ignore direction (NetworkX's `G.to_undirected()`).
    Both,
}

/// How [`bfs_distances`] explores each level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BfsStrategy {
    /// Direction-optimizing on graphs of at least [`BfsStrategy::AUTO_MIN_NODES`]
    /// nodes, top-down below.
    #[default]
    Auto,
    /// Classic queue-based BFS.
    TopDown,
    /// Beamer's push/pull switching: scan the frontier's arcs while the
    /// frontier is small, scan unvisited nodes' reverse arcs once it is large.
    DirectionOptimizing,
}

impl BfsStrategy {
    /// Graph size from which [`BfsStrategy::Auto`] goes direction-optimizing.
    pub const AUTO_MIN_NODES: usize = 1 << 16;
}

/// Configuration of [`bfs_distances`].
#[derive(Debug, Clone, Default)]
pub struct BfsConfig {
    direction: Direction,
    cutoff: Option<u32>,
    strategy: BfsStrategy,
}

impl BfsConfig {
    /// Which arcs to follow (default [`Direction::Out`]).
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
    /// Do not go beyond `hops` (NetworkX `cutoff`); default unlimited.
    #[must_use]
    pub fn cutoff(mut self, hops: u32) -> Self {
        self.cutoff = Some(hops);
        self
    }
    /// Level strategy (default [`BfsStrategy::Auto`]); distances never depend on it.
    #[must_use]
    pub fn strategy(mut self, s: BfsStrategy) -> Self {
        self.strategy = s;
        self
    }
}

/// Hop distance from `source` to every node ([`UNREACHABLE`] where there is no
/// path within the cutoff).
///
/// NetworkX: `nx.single_source_shortest_path_length(G, source, cutoff)`
/// (as a dense array; [`Direction::In`] is the same on `G.reverse()`).
///
/// Complexity `O(n + m)` time, `O(n)` memory; sequential (one source is too
/// little work to share). The direction-optimizing strategy (Beamer, Asanović
/// & Patterson, "Direction-optimizing breadth-first search", SC 2012) touches
/// far fewer arcs on low-diameter graphs and gives identical distances.
///
/// Errors: [`Error::NodeOutOfRange`](crate::Error::NodeOutOfRange) for `source`;
/// cancellation / deadline of `exec`.
///
/// ```
/// use ona_core::{algo::paths::{bfs_distances, BfsConfig, UNREACHABLE}, Exec, GraphBuilder, NodeId};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::directed().build(4, &[0, 1], &[1, 2], None, &exec)?;
/// let d = bfs_distances(&g, NodeId(0), &BfsConfig::default(), &exec)?;
/// assert_eq!(d, vec![0, 1, 2, UNREACHABLE]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn bfs_distances<A: Adjacency>(g: &Graph<A>, source: NodeId, cfg: &BfsConfig, exec: &Exec) -> Result<Vec<u32>> {
    g.check_node(source)?;
    let cutoff = cfg.cutoff.unwrap_or(UNREACHABLE - 1);
    let optimize = match cfg.strategy {
        BfsStrategy::Auto => g.node_count() >= BfsStrategy::AUTO_MIN_NODES,
        BfsStrategy::TopDown => false,
        BfsStrategy::DirectionOptimizing => true,
    };
    if optimize {
        return direction_optimizing(g, source.0, cfg.direction, cutoff, exec);
    }
    let mut dist = vec![UNREACHABLE; g.node_count()];
    let mut order = Vec::new();
    top_down(g, source.0, cfg.direction, cutoff, &mut dist, &mut order, exec)?;
    Ok(dist)
}

/// Node indices `0..n` of a graph with `n` nodes (`n <= MAX_NODES`, so
/// every index fits a `u32`).
#[inline]
pub(crate) fn node_range(n: usize) -> std::ops::Range<u32> {
    0..u32::try_from(n).unwrap_or(u32::MAX)
}

/// The hop limit NetworkX's level loop (`while cutoff > level`) applies for
/// a non-negative real cutoff: `ceil(cutoff)`, saturating below [`UNREACHABLE`].
#[allow(clippy::cast_possible_truncation)] // clamped to the u32 range first
pub(crate) fn hop_limit(cutoff: f64) -> u32 {
    if cutoff.is_finite() { cutoff.ceil().clamp(0.0, f64::from(UNREACHABLE - 1)) as u32 } else { UNREACHABLE - 1 }
}

/// Calls `f(u)` for every neighbour of `v` in direction `dir` (for
/// [`Direction::Both`], out-neighbours then in-neighbours, possibly twice).
#[inline]
pub(crate) fn for_each_dir<A: Adjacency>(g: &Graph<A>, dir: Direction, v: u32, mut f: impl FnMut(u32)) {
    match dir {
        Direction::Out => g.out_adj().for_each_neighbor(v, f),
        Direction::In => g.in_adj().for_each_neighbor(v, f),
        Direction::Both => {
            g.out_adj().for_each_neighbor(v, &mut f);
            if g.is_directed() {
                g.in_adj().for_each_neighbor(v, f);
            }
        }
    }
}

/// Weighted variant of [`for_each_dir`].
#[inline]
pub(crate) fn for_each_weighted_dir<A: Adjacency>(g: &Graph<A>, dir: Direction, v: u32, mut f: impl FnMut(u32, f64)) {
    match dir {
        Direction::Out => g.out_adj().for_each_weighted(v, f),
        Direction::In => g.in_adj().for_each_weighted(v, f),
        Direction::Both => {
            g.out_adj().for_each_weighted(v, &mut f);
            if g.is_directed() {
                g.in_adj().for_each_weighted(v, f);
            }
        }
    }
}

/// Queue-based BFS from `s` up to `cutoff` hops, in NetworkX's visiting
/// order (level by level, neighbours ascending). `dist` must be all
/// [`UNREACHABLE`] on entry; `order` receives the visited nodes. Touched
/// entries of `dist` are exactly `order`, so a caller can reset them cheaply.
pub(crate) fn top_down<A: Adjacency>(
    g: &Graph<A>,
    s: u32,
    dir: Direction,
    cutoff: u32,
    dist: &mut [u32],
    order: &mut Vec<u32>,
    exec: &Exec,
) -> Result<()> {
    order.clear();
    dist[s as usize] = 0;
    order.push(s);
    let (mut lo, mut depth) = (0, 0u32);
    while lo < order.len() && depth < cutoff {
        exec.check()?;
        depth += 1;
        let hi = order.len();
        for i in lo..hi {
            for_each_dir(g, dir, order[i], |u| {
                if dist[u as usize] == UNREACHABLE {
                    dist[u as usize] = depth;
                    order.push(u);
                }
            });
        }
        lo = hi;
    }
    Ok(())
}

/// Reusable scratch for many BFS runs, tuned for the all-sources
/// centralities: a visited bitset (n/8 bytes, cache resident on org-sized
/// graphs), a flat `u32` queue holding the reached nodes level by level, and
/// the end of each level in it. Levels are expanded top-down, or bottom-up
/// (Beamer's direction optimization) while the frontier is large; only the
/// order of nodes *within* a level depends on that choice. Only touched
/// bits are cleared between runs.
#[derive(Debug)]
pub(crate) struct LevelBfs {
    bits: Vec<u64>,
    /// The current frontier as a bitset, for bottom-up steps.
    front: Vec<u64>,
    queue: Vec<u32>,
    /// `levels[d]` = end in `queue` of the nodes at distance `d`.
    levels: Vec<usize>,
}

#[inline]
fn test_bit(bits: &[u64], u: u32) -> bool {
    bits[(u >> 6) as usize] & (1u64 << (u & 63)) != 0
}

impl LevelBfs {
    pub(crate) fn new(n: usize) -> Self {
        let words = n.div_ceil(64);
        Self { bits: vec![0; words], front: vec![0; words], queue: vec![0; n], levels: Vec::new() }
    }

    /// BFS from `s` along `fwd`; `back` must be its reverse (the same
    /// adjacency for undirected graphs). Afterwards [`LevelBfs::order`] holds
    /// the reached nodes level by level and [`LevelBfs::levels`] the level ends.
    pub(crate) fn run<A: Adjacency>(&mut self, fwd: &A, back: &A, s: u32) {
        let Self { bits, front, queue, levels } = self;
        let n = queue.len();
        for &v in &queue[..levels.last().copied().unwrap_or(0)] {
            bits[(v >> 6) as usize] &= !(1u64 << (v & 63));
        }
        levels.clear();
        queue[0] = s;
        bits[(s >> 6) as usize] |= 1u64 << (s & 63);
        let (mut lo, mut tail) = (0usize, 1usize);
        levels.push(1);
        let mut unexplored = fwd.arc_count().saturating_sub(u64::from(fwd.degree(s)));
        let mut frontier_arcs = u64::from(fwd.degree(s));
        let mut pulling = false;
        while lo < tail {
            let hi = tail;
            let size = (hi - lo) as u64;
            if !pulling && frontier_arcs > unexplored / ALPHA {
                pulling = true;
            } else if pulling && size < n as u64 / BETA {
                pulling = false;
            }
            let mut next_arcs = 0u64;
            if pulling {
                for &v in &queue[lo..hi] {
                    front[(v >> 6) as usize] |= 1u64 << (v & 63);
                }
                let mut base = 0u32;
                for word in bits.iter_mut() {
                    let mut free = !*word;
                    let word_base = base;
                    base = base.wrapping_add(64);
                    while free != 0 {
                        let v = word_base + free.trailing_zeros();
                        free &= free - 1;
                        if v as usize >= n {
                            break;
                        }
                        if back.any_neighbor(v, |u| test_bit(front, u)) {
                            *word |= 1u64 << (v & 63);
                            queue[tail] = v;
                            tail += 1;
                            next_arcs += u64::from(fwd.degree(v));
                        }
                    }
                }
                for &v in &queue[lo..hi] {
                    front[(v >> 6) as usize] = 0;
                }
            } else {
                for i in lo..hi {
                    fwd.for_each_neighbor(queue[i], |u| {
                        let (w, m) = ((u >> 6) as usize, 1u64 << (u & 63));
                        if bits[w] & m == 0 {
                            bits[w] |= m;
                            queue[tail] = u;
                            tail += 1;
                        }
                    });
                }
                for &u in &queue[hi..tail] {
                    next_arcs += u64::from(fwd.degree(u));
                }
            }
            if tail > hi {
                levels.push(tail);
            }
            unexplored = unexplored.saturating_sub(next_arcs);
            frontier_arcs = next_arcs;
            lo = hi;
        }
    }

    /// Reached nodes of the last run, in BFS order (the source first).
    pub(crate) fn order(&self) -> &[u32] {
        &self.queue[..self.levels.last().copied().unwrap_or(0)]
    }

    /// `levels()[d]` is the end in [`LevelBfs::order`] of distance `d`.
    pub(crate) fn levels(&self) -> &[usize] {
        &self.levels
    }
}

/// Beamer's heuristics: go bottom-up when the frontier's arcs exceed the
/// unexplored arcs / `ALPHA`, back top-down when the frontier shrinks below
/// `n / BETA` nodes.
const ALPHA: u64 = 15;
const BETA: u64 = 18;

fn direction_optimizing<A: Adjacency>(g: &Graph<A>, s: u32, dir: Direction, cutoff: u32, exec: &Exec) -> Result<Vec<u32>> {
    let n = g.node_count();
    // Pull steps scan the arcs that lead *into* a node in traversal order.
    let back = match dir {
        Direction::Out => Direction::In,
        Direction::In => Direction::Out,
        Direction::Both => Direction::Both,
    };
    let degree = |v: u32| -> u64 {
        match dir {
            Direction::Out => u64::from(g.out_adj().degree(v)),
            Direction::In => u64::from(g.in_adj().degree(v)),
            Direction::Both if g.is_directed() => u64::from(g.out_adj().degree(v)) + u64::from(g.in_adj().degree(v)),
            Direction::Both => u64::from(g.out_adj().degree(v)),
        }
    };
    let mut dist = vec![UNREACHABLE; n];
    dist[s as usize] = 0;
    let mut frontier = vec![s];
    let mut next = Vec::new();
    let mut unexplored: u64 = node_range(n).map(degree).sum::<u64>() - degree(s);
    let mut depth = 0u32;
    let mut pulling = false;
    while !frontier.is_empty() && depth < cutoff {
        exec.check()?;
        depth += 1;
        let frontier_arcs: u64 = frontier.iter().map(|&v| degree(v)).sum();
        if !pulling && frontier_arcs > unexplored / ALPHA {
            pulling = true;
        } else if pulling && (frontier.len() as u64) < n as u64 / BETA {
            pulling = false;
        }
        next.clear();
        if pulling {
            let prev = depth - 1;
            for v in node_range(n) {
                if dist[v as usize] == UNREACHABLE {
                    let mut hit = false;
                    let mut probe = |u: u32| {
                        hit = hit || dist[u as usize] == prev;
                        hit
                    };
                    let found = match back {
                        Direction::Out => g.out_adj().any_neighbor(v, &mut probe),
                        Direction::In => g.in_adj().any_neighbor(v, &mut probe),
                        Direction::Both => {
                            g.out_adj().any_neighbor(v, &mut probe) || (g.is_directed() && g.in_adj().any_neighbor(v, &mut probe))
                        }
                    };
                    if found {
                        dist[v as usize] = depth;
                        next.push(v);
                    }
                }
            }
        } else {
            for &v in &frontier {
                for_each_dir(g, dir, v, |u| {
                    if dist[u as usize] == UNREACHABLE {
                        dist[u as usize] = depth;
                        next.push(u);
                    }
                });
            }
        }
        unexplored = unexplored.saturating_sub(next.iter().map(|&v| degree(v)).sum());
        std::mem::swap(&mut frontier, &mut next);
    }
    Ok(dist)
}

#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::paths::test_util::{arb_graph, floyd_warshall, graph_from};
    use crate::error::Error;
    use proptest::prelude::*;

    #[test]
    fn path_and_cutoff() {
        let exec = Exec::sequential().unwrap();
        let g = graph_from(true, 5, &[(0, 1, 1), (1, 2, 1), (2, 3, 1), (4, 0, 1)]);
        let d = bfs_distances(&g, NodeId(0), &BfsConfig::default(), &exec).unwrap();
        assert_eq!(d, vec![0, 1, 2, 3, UNREACHABLE]);
        let d = bfs_distances(&g, NodeId(0), &BfsConfig::default().cutoff(2), &exec).unwrap();
        assert_eq!(d, vec![0, 1, 2, UNREACHABLE, UNREACHABLE]);
        let d = bfs_distances(&g, NodeId(0), &BfsConfig::default().cutoff(0), &exec).unwrap();
        assert_eq!(d, vec![0, UNREACHABLE, UNREACHABLE, UNREACHABLE, UNREACHABLE]);
        let d = bfs_distances(&g, NodeId(0), &BfsConfig::default().direction(Direction::In), &exec).unwrap();
        assert_eq!(d, vec![0, UNREACHABLE, UNREACHABLE, UNREACHABLE, 1]);
        let d = bfs_distances(&g, NodeId(2), &BfsConfig::default().direction(Direction::Both), &exec).unwrap();
        assert_eq!(d, vec![2, 1, 0, 1, 3]);
    }

    #[test]
    fn out_of_range_source() {
        let exec = Exec::sequential().unwrap();
        let g = graph_from(false, 3, &[(0, 1, 1)]);
        let e = bfs_distances(&g, NodeId(3), &BfsConfig::default(), &exec).unwrap_err();
        assert_eq!(e, Error::NodeOutOfRange { node: 3, node_count: 3 });
    }

    /// Distances from [`LevelBfs`]'s levels.
    fn level_dist<A: Adjacency>(bfs: &mut LevelBfs, g: &Graph<A>, s: u32) -> Vec<u32> {
        bfs.run(g.in_adj(), g.out_adj(), s);
        let mut d = vec![UNREACHABLE; g.node_count()];
        let mut start = 0;
        for (k, &end) in bfs.levels().iter().enumerate() {
            for &v in &bfs.order()[start..end] {
                d[v as usize] = k as u32;
            }
            start = end;
        }
        d
    }

    #[test]
    fn level_bfs_switches_both_ways() {
        // A dense random cluster (pull steps) with a long directed tail (push
        // steps again) and an unreachable rest.
        use rand::Rng;
        let exec = Exec::sequential().unwrap();
        let mut rng = exec.rng(1);
        let mut edges = Vec::new();
        for _ in 0..6000 {
            edges.push((rng.random_range(0..500u32), rng.random_range(0..500u32), 1));
        }
        for v in 499..1500u32 {
            edges.push((v, v + 1, 1));
        }
        for directed in [true, false] {
            let g = graph_from(directed, 2000, &edges);
            let c = g.compress(&exec);
            let mut bfs = LevelBfs::new(2000);
            for s in [0, 7, 499, 1200, 1999, 3] {
                let want = bfs_distances(&g, NodeId(s), &BfsConfig::default().direction(Direction::In).strategy(BfsStrategy::TopDown), &exec).unwrap();
                assert_eq!(level_dist(&mut bfs, &g, s), want);
                assert_eq!(level_dist(&mut bfs, &c, s), want);
            }
        }
    }

    proptest! {
        #[test]
        fn matches_floyd_warshall((directed, n, edges) in arb_graph(12, 30, 1), s in 0u32..12, cut in 0u32..6) {
            let s = s % n as u32;
            let exec = Exec::sequential().unwrap();
            let g = graph_from(directed, n, &edges);
            let c = g.compress(&exec);
            for dir in [Direction::Out, Direction::In, Direction::Both] {
                let fw = floyd_warshall(&g, dir, false);
                for strategy in [BfsStrategy::TopDown, BfsStrategy::DirectionOptimizing] {
                    for cutoff in [None, Some(cut)] {
                        let mut cfg = BfsConfig::default().direction(dir).strategy(strategy);
                        if let Some(k) = cutoff {
                            cfg = cfg.cutoff(k);
                        }
                        let d = bfs_distances(&g, NodeId(s), &cfg, &exec).unwrap();
                        prop_assert_eq!(&d, &bfs_distances(&c, NodeId(s), &cfg, &exec).unwrap());
                        for v in 0..n {
                            let want = fw[s as usize][v];
                            let want = if want.is_finite() && want <= f64::from(cutoff.unwrap_or(u32::MAX)) { want as u32 } else { UNREACHABLE };
                            prop_assert_eq!(d[v], want);
                        }
                    }
                }
            }
        }
    }
}
