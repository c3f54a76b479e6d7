//! Bridges and articulation points: the ties and the people whose loss
//! splits a network, and how many people each such person's loss cuts off.
//!
//! Both come from one iterative depth-first search with low points
//! (Hopcroft & Tarjan), so a path of millions of nodes needs no deeper
//! call stack than a triangle. Edges are undirected: a directed graph is
//! searched as its underlying undirected graph (`u` and `v` adjacent when
//! either arc exists), where NetworkX refuses directed graphs. Self loops
//! never matter; parallel edges do not exist in ona graphs.
//!
//! **People cut off.** When an articulation point `v` leaves, its component
//! of `c` nodes falls into pieces. Those who stay with the largest piece
//! keep the bulk of the network; the others are cut off:
//! `cut_off(v) = c - 1 - (size of the largest piece)`. For any other node
//! it is 0. Pieces are the DFS subtrees of the children `w` of `v` with
//! `low(w) ≥ disc(v)`, plus (unless `v` is the DFS root) the rest of the
//! component, so the counts cost nothing beyond the search.

use rayon::prelude::*;

use crate::algo::components::node_count_u32;
use crate::error::Result;
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;

/// Nodes per parallel block when building the undirected neighbour lists.
const CHUNK: usize = 4096;
/// DFS steps between cancellation checks.
const CHECK_EVERY: u32 = 1 << 16;
const NONE: u32 = u32::MAX;

/// Options of [`bridges`] and [`articulation_points`] (none yet; kept for
/// forward-compatible signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CutConfig {}

/// Articulation points and, for every node, the people its removal cuts off.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ArticulationPoints {
    /// The articulation points, ascending.
    pub points: Vec<NodeId>,
    /// Per node: nodes of its component no longer in the component's
    /// largest remaining piece once it is removed (0 unless an
    /// articulation point): component size - 1 - largest piece.
    pub cut_off: Vec<u32>,
}

/// The bridges: edges whose removal increases the number of connected
/// components. Each as `(u, v)` with `u < v`, sorted.
///
/// NetworkX: `nx.bridges(G)` (unordered; NetworkX yields each edge in some
/// orientation). Directed graphs are searched as their underlying
/// undirected graph (NetworkX refuses them; `nx.bridges(G.to_undirected())`
/// is the equivalent). Self loops are never bridges.
///
/// **Complexity** `O(n + m)` time and memory (a deduplicated undirected copy
/// of the adjacency, built in parallel, then one sequential iterative DFS).
/// **Errors**: [`Error::TooLarge`](crate::Error::TooLarge) beyond `u32`
/// nodes; cancellation / deadline (checked every 65,536 search steps).
///
/// Reference: R. E. Tarjan, "A note on finding the bridges of a graph",
/// Information Processing Letters 2(6), 1974.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, NodeId};
/// use ona_core::ona::{bridges, CutConfig};
/// let exec = Exec::sequential()?;
/// // A triangle 0-1-2 with a tail 2-3-4.
/// let g = GraphBuilder::undirected().build(5, &[0, 1, 2, 2, 3], &[1, 2, 0, 3, 4], None, &exec)?;
/// let b = bridges(&g, &CutConfig::default(), &exec)?;
/// assert_eq!(b, vec![(NodeId(2), NodeId(3)), (NodeId(3), NodeId(4))]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn bridges<A: Adjacency>(g: &Graph<A>, _cfg: &CutConfig, exec: &Exec) -> Result<Vec<(NodeId, NodeId)>> {
    let mut out = search(g, exec)?.bridges;
    out.sort_unstable();
    Ok(out.into_iter().map(|(u, v)| (NodeId(u), NodeId(v))).collect())
}

/// The articulation points (cut vertices: nodes whose removal increases the
/// number of connected components), ascending, with the people each one
/// cuts off (see the [module docs](self)).
///
/// NetworkX: `nx.articulation_points(G)` (which yields them in DFS order);
/// no NetworkX equivalent for `cut_off`. Directed graphs are searched as
/// their underlying undirected graph (NetworkX refuses them).
///
/// **Complexity** `O(n + m)` time and memory, as [`bridges`]. **Errors**:
/// [`Error::TooLarge`](crate::Error::TooLarge) beyond `u32` nodes;
/// cancellation / deadline.
///
/// Reference: J. Hopcroft, R. E. Tarjan, "Algorithm 447: efficient
/// algorithms for graph manipulation", Communications of the ACM 16(6), 1973.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, NodeId};
/// use ona_core::ona::{articulation_points, CutConfig};
/// let exec = Exec::sequential()?;
/// // A triangle 0-1-2 with a tail 2-3-4: without 2, nodes 3 and 4 are cut
/// // off from the pair {0, 1}; without 3, only node 4 is.
/// let g = GraphBuilder::undirected().build(5, &[0, 1, 2, 2, 3], &[1, 2, 0, 3, 4], None, &exec)?;
/// let a = articulation_points(&g, &CutConfig::default(), &exec)?;
/// assert_eq!(a.points, vec![NodeId(2), NodeId(3)]);
/// assert_eq!(a.cut_off, vec![0, 0, 2, 1, 0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn articulation_points<A: Adjacency>(g: &Graph<A>, _cfg: &CutConfig, exec: &Exec) -> Result<ArticulationPoints> {
    let s = search(g, exec)?;
    Ok(ArticulationPoints { points: s.points.into_iter().map(NodeId).collect(), cut_off: s.cut_off })
}

/// Ascending, deduplicated undirected neighbour lists without self loops.
struct Simple {
    off: Vec<usize>,
    nbr: Vec<u32>,
}

impl Simple {
    fn build<A: Adjacency>(g: &Graph<A>, exec: &Exec) -> Self {
        let n = g.node_count();
        let blocks: Vec<(Vec<usize>, Vec<u32>)> = exec.install(|| {
            (0..n.div_ceil(CHUNK))
                .into_par_iter()
                .map(|b| {
                    let (mut lens, mut nbr) = (Vec::new(), Vec::new());
                    let (mut bo, mut bi) = (Vec::new(), Vec::new());
                    for v in b * CHUNK..n.min((b + 1) * CHUNK) {
                        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
                        let v = v as u32;
                        let before = nbr.len();
                        let outs = g.out_adj().neighbors(v, &mut bo);
                        if g.is_directed() {
                            let ins = g.in_adj().neighbors(v, &mut bi);
                            union_into(outs, ins, v, &mut nbr);
                        } else {
                            nbr.extend(outs.iter().copied().filter(|&u| u != v));
                        }
                        lens.push(nbr.len() - before);
                    }
                    (lens, nbr)
                })
                .collect()
        });
        let mut off = Vec::with_capacity(n + 1);
        off.push(0usize);
        let mut nbr = Vec::with_capacity(blocks.iter().map(|b| b.1.len()).sum());
        for (lens, part) in blocks {
            for len in lens {
                off.push(off[off.len() - 1] + len);
            }
            nbr.extend_from_slice(&part);
        }
        Self { off, nbr }
    }
}

/// Appends the ascending union of `a` and `b` without `skip`.
fn union_into(a: &[u32], b: &[u32], skip: u32, out: &mut Vec<u32>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let x = match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x == y => {
                i += 1;
                j += 1;
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                i += 1;
                x
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        if x != skip {
            out.push(x);
        }
    }
}

/// What the search finds.
struct Found {
    bridges: Vec<(u32, u32)>,
    points: Vec<u32>,
    cut_off: Vec<u32>,
}

/// Iterative DFS with discovery times and low points over every component.
fn search<A: Adjacency>(g: &Graph<A>, exec: &Exec) -> Result<Found> {
    let n32 = node_count_u32(g)?;
    let n = n32 as usize;
    exec.check()?;
    let s = Simple::build(g, exec);
    let tracker = exec.tracker("articulation_points", n as u64);
    let mut disc = vec![NONE; n];
    let mut low = vec![0u32; n];
    let mut size = vec![0u32; n];
    // Per node: separated child subtrees (count, total size, largest).
    let mut sep_count = vec![0u32; n];
    let mut sep_total = vec![0u32; n];
    let mut sep_max = vec![0u32; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    // (node, next neighbour position) frames; the parent is the frame below.
    let mut stack: Vec<(u32, usize)> = Vec::new();
    let mut found = Found { bridges: Vec::new(), points: Vec::new(), cut_off: vec![0; n] };
    let (mut time, mut steps, mut reported) = (0u32, 0u32, 0u64);
    for root in 0..n32 {
        if disc[root as usize] != NONE {
            continue;
        }
        let start = order.len();
        macro_rules! visit {
            ($v:expr) => {{
                let v: u32 = $v;
                disc[v as usize] = time;
                low[v as usize] = time;
                size[v as usize] = 1;
                time += 1;
                order.push(v);
                stack.push((v, s.off[v as usize]));
            }};
        }
        visit!(root);
        while let Some(&(v, pos)) = stack.last() {
            steps += 1;
            if steps == CHECK_EVERY {
                steps = 0;
                exec.check()?;
            }
            let vi = v as usize;
            if pos < s.off[vi + 1] {
                let top = stack.len() - 1;
                stack[top].1 += 1;
                let w = s.nbr[pos];
                let parent = if top > 0 { stack[top - 1].0 } else { NONE };
                if disc[w as usize] == NONE {
                    visit!(w);
                } else if w != parent {
                    low[vi] = low[vi].min(disc[w as usize]);
                }
                continue;
            }
            stack.pop();
            let Some(&(p, _)) = stack.last() else { break };
            let pi = p as usize;
            low[pi] = low[pi].min(low[vi]);
            size[pi] += size[vi];
            if low[vi] > disc[pi] {
                found.bridges.push((p.min(v), p.max(v)));
            }
            if low[vi] >= disc[pi] {
                sep_count[pi] += 1;
                sep_total[pi] += size[vi];
                sep_max[pi] = sep_max[pi].max(size[vi]);
            }
        }
        let comp = size[root as usize];
        for &v in &order[start..] {
            let vi = v as usize;
            let is_root = v == root;
            if sep_count[vi] >= if is_root { 2 } else { 1 } {
                // The root's children are all separated; anyone else keeps
                // the rest of the component as one more piece.
                let rest = if is_root { 0 } else { comp - 1 - sep_total[vi] };
                found.points.push(v);
                found.cut_off[vi] = comp - 1 - sep_max[vi].max(rest);
            }
        }
        let done = order.len() as u64;
        if done - reported >= u64::from(CHECK_EVERY) || done == n as u64 {
            tracker.advance(done - reported)?;
            reported = done;
        }
    }
    found.points.sort_unstable();
    Ok(found)
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)] // tiny test graphs
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::graph::GraphBuilder;
    use crate::{Error, Exec};

    /// Component label of every node, ignoring `gone` node and `cut` edge.
    fn components(n: usize, edges: &[(u32, u32)], gone: Option<usize>, cut: Option<usize>) -> Vec<usize> {
        let mut label: Vec<usize> = (0..n).collect();
        let find = |l: &mut Vec<usize>, mut x: usize| {
            while l[x] != x {
                x = l[x];
            }
            x
        };
        for (k, &(u, v)) in edges.iter().enumerate() {
            let (u, v) = (u as usize, v as usize);
            if Some(k) == cut || gone == Some(u) || gone == Some(v) {
                continue;
            }
            let (a, b) = (find(&mut label, u), find(&mut label, v));
            label[a.max(b)] = a.min(b);
        }
        (0..n).map(|x| find(&mut label, x)).collect()
    }

    fn count(labels: &[usize], skip: Option<usize>) -> usize {
        let mut roots: Vec<usize> = labels.iter().enumerate().filter(|&(v, _)| Some(v) != skip).map(|(_, &r)| r).collect();
        roots.sort_unstable();
        roots.dedup();
        roots.len()
    }

    #[test]
    fn matches_brute_force_on_random_graphs() {
        let e = Exec::with_threads(2).expect("pool");
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for case in 0..400 {
            let n = rng.random_range(1..13usize);
            let p = rng.random_range(0.05..0.45);
            let directed = case % 3 == 0;
            let (mut src, mut dst) = (Vec::new(), Vec::new());
            for u in 0..n as u32 {
                for v in 0..n as u32 {
                    if (directed || u <= v) && rng.random_bool(if u == v { 0.1 } else { p }) {
                        src.push(u);
                        dst.push(v);
                    }
                }
            }
            let g = GraphBuilder::with_direction(directed).build(n, &src, &dst, None, &e).expect("g");
            // The underlying undirected simple graph, for brute force.
            let mut edges: Vec<(u32, u32)> = src.iter().zip(&dst).filter(|(u, v)| u != v).map(|(&u, &v)| (u.min(v), u.max(v))).collect();
            edges.sort_unstable();
            edges.dedup();
            let base = components(n, &edges, None, None);
            let want_bridges: Vec<(NodeId, NodeId)> = (0..edges.len())
                .filter(|&k| count(&components(n, &edges, None, Some(k)), None) > count(&base, None))
                .map(|k| (NodeId(edges[k].0), NodeId(edges[k].1)))
                .collect();
            let mut want_points = Vec::new();
            let mut want_cut = vec![0u32; n];
            for v in 0..n {
                let without = components(n, &edges, Some(v), None);
                if count(&without, Some(v)) > count(&base, None) {
                    want_points.push(NodeId(v as u32));
                    let comp: Vec<usize> = (0..n).filter(|&u| u != v && base[u] == base[v]).collect();
                    let largest = comp.iter().map(|&u| comp.iter().filter(|&&x| without[x] == without[u]).count()).max().unwrap_or(0);
                    want_cut[v] = (comp.len() - largest) as u32;
                }
            }
            assert_eq!(bridges(&g, &CutConfig::default(), &e).expect("b"), want_bridges, "case {case}: {edges:?}");
            let a = articulation_points(&g, &CutConfig::default(), &e).expect("a");
            assert_eq!(a.points, want_points, "case {case}: {edges:?}");
            assert_eq!(a.cut_off, want_cut, "case {case}: {edges:?}");
            let gc = g.compress(&e);
            assert_eq!(bridges(&gc, &CutConfig::default(), &e).expect("b"), want_bridges);
            assert_eq!(articulation_points(&gc, &CutConfig::default(), &e).expect("a"), a);
        }
    }

    #[test]
    fn long_path_does_not_overflow_the_stack() {
        let e = Exec::sequential().expect("pool");
        let n = 1_000_000u32;
        let src: Vec<u32> = (0..n - 1).collect();
        let dst: Vec<u32> = (1..n).collect();
        let g = GraphBuilder::undirected().build(n as usize, &src, &dst, None, &e).expect("g");
        assert_eq!(bridges(&g, &CutConfig::default(), &e).expect("b").len(), n as usize - 1);
        let a = articulation_points(&g, &CutConfig::default(), &e).expect("a");
        assert_eq!(a.points.len(), n as usize - 2);
        // Removing node v leaves pieces of v and n - 1 - v nodes.
        assert_eq!(a.cut_off[1], 1);
        assert_eq!(a.cut_off[n as usize / 2], n / 2 - 1);
        assert_eq!(a.cut_off[n as usize - 2], 1);
    }

    #[test]
    fn cancellation_and_empty_graphs() {
        let e = Exec::sequential().expect("pool");
        let empty = GraphBuilder::undirected().build(0, &[], &[], None, &e).expect("g");
        assert!(bridges(&empty, &CutConfig::default(), &e).expect("b").is_empty());
        assert_eq!(articulation_points(&empty, &CutConfig::default(), &e).expect("a"), ArticulationPoints::default());
        let c = Exec::sequential().expect("pool");
        c.token().cancel();
        let g = GraphBuilder::undirected().build(3, &[0, 1], &[1, 2], None, &e).expect("g");
        assert_eq!(bridges(&g, &CutConfig::default(), &c), Err(Error::Cancelled));
    }
}
