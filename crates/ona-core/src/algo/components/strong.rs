//! Strongly connected components by an iterative (explicit-stack) Tarjan.

use super::weak::{ComponentsConfig, node_count_u32, number_by_first_node, weakly_connected_components};
use crate::{Adjacency, Exec, Graph, Partition, Result};

/// Work units (node visits + arc steps) between cancellation checks.
const CHECK_EVERY: u64 = 1 << 16;

const UNSEEN: u32 = u32::MAX;

/// Options of [`strongly_connected_components`] (none yet; kept for
/// forward-compatible signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct StrongComponentsConfig {}

/// Strongly connected components: for each node the id of its component,
/// numbered `0..k` in order of each component's smallest node index.
///
/// NetworkX `strongly_connected_components` (which refuses undirected
/// graphs); here an undirected graph gives its connected components, as
/// every edge is traversable both ways.
///
/// **Complexity** `O(n + m)` time, `O(n + m)` extra memory in the worst case
/// (the DFS keeps a copy of the neighbour lists on its path). No recursion:
/// a path of millions of nodes is fine. **Parallelism**: sequential (the
/// renumbering is `O(n)`); undirected graphs use the parallel
/// [`weakly_connected_components`]. **Errors**: only cancellation / deadline.
///
/// Algorithm: Tarjan, "Depth-first search and linear graph algorithms",
/// SIAM J. Comput. 1(2), 1972, with an explicit stack.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::components::{strongly_connected_components, StrongComponentsConfig};
/// let exec = Exec::sequential()?;
/// // 0 -> 1 -> 2 -> 1, 3 -> 0
/// let g = GraphBuilder::directed().build(4, &[0, 1, 2, 3], &[1, 2, 1, 0], None, &exec)?;
/// let p = strongly_connected_components(&g, &StrongComponentsConfig::default(), &exec)?;
/// assert_eq!(p.0, vec![0, 1, 1, 2]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn strongly_connected_components<A: Adjacency>(
    g: &Graph<A>,
    _cfg: &StrongComponentsConfig,
    exec: &Exec,
) -> Result<Partition> {
    if !g.is_directed() {
        return weakly_connected_components(g, &ComponentsConfig::default(), exec);
    }
    let n = node_count_u32(g)?;
    let adj = g.out_adj();
    let tracker = exec.tracker("strongly connected components", u64::from(n) + adj.arc_count());
    let mut index = vec![UNSEEN; n as usize];
    let mut low = vec![0u32; n as usize];
    let mut comp = vec![UNSEEN; n as usize];
    let mut stack: Vec<u32> = Vec::new();
    // DFS path: (node, next position in `arcs`, start of its list in `arcs`).
    let mut frames: Vec<(u32, usize, usize)> = Vec::new();
    // Neighbour lists of the nodes on the DFS path, one after the other; the
    // top frame's list always ends at `arcs.len()`.
    let mut arcs: Vec<u32> = Vec::new();
    let mut buf = Vec::new();
    let (mut next_index, mut next_comp, mut steps) = (0u32, 0u32, 0u64);

    let mut enter = |v: u32, index: &mut [u32], low: &mut [u32], stack: &mut Vec<u32>, frames: &mut Vec<_>, arcs: &mut Vec<u32>| {
        index[v as usize] = next_index;
        low[v as usize] = next_index;
        next_index += 1;
        stack.push(v);
        let start = arcs.len();
        arcs.extend_from_slice(adj.neighbors(v, &mut buf));
        frames.push((v, start, start));
    };

    for root in 0..n {
        if index[root as usize] != UNSEEN {
            continue;
        }
        enter(root, &mut index, &mut low, &mut stack, &mut frames, &mut arcs);
        while let Some(top) = frames.last_mut() {
            steps += 1;
            if steps % CHECK_EVERY == 0 {
                tracker.advance(CHECK_EVERY)?;
            }
            let (v, pos, start) = *top;
            if pos < arcs.len() {
                top.1 += 1;
                let w = arcs[pos];
                if index[w as usize] == UNSEEN {
                    enter(w, &mut index, &mut low, &mut stack, &mut frames, &mut arcs);
                } else if comp[w as usize] == UNSEEN {
                    // `w` is on the Tarjan stack.
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            frames.pop();
            arcs.truncate(start);
            if low[v as usize] == index[v as usize] {
                while let Some(x) = stack.pop() {
                    comp[x as usize] = next_comp;
                    if x == v {
                        break;
                    }
                }
                next_comp += 1;
            }
            if let Some(&(p, _, _)) = frames.last() {
                low[p as usize] = low[p as usize].min(low[v as usize]);
            }
        }
    }
    tracker.advance(steps % CHECK_EVERY)?;
    Ok(Partition(number_by_first_node(&comp)))
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use proptest::prelude::*;

    /// SCCs from the transitive closure: `u ~ v` iff each reaches the other.
    fn brute_force(n: usize, edges: &[(u32, u32)]) -> Vec<u32> {
        let mut reach = vec![vec![false; n]; n];
        for (v, row) in reach.iter_mut().enumerate() {
            row[v] = true;
        }
        for &(a, b) in edges {
            reach[a as usize][b as usize] = true;
        }
        for k in 0..n {
            let via = reach[k].clone();
            for row in &mut reach {
                if row[k] {
                    row.iter_mut().zip(&via).for_each(|(r, &x)| *r |= x);
                }
            }
        }
        let mut label = vec![u32::MAX; n];
        let mut next = 0;
        for v in 0..n {
            if label[v] == u32::MAX {
                for u in v..n {
                    if reach[v][u] && reach[u][v] {
                        label[u] = next;
                    }
                }
                next += 1;
            }
        }
        label
    }

    fn digraph(n: usize, edges: &[(u32, u32)], exec: &Exec) -> Graph {
        let (s, d): (Vec<u32>, Vec<u32>) = edges.iter().copied().unzip();
        GraphBuilder::directed().build(n, &s, &d, None, exec).unwrap()
    }

    proptest! {
        #[test]
        fn matches_reachability(n in 1usize..30, raw in proptest::collection::vec((0u32..30, 0u32..30), 0..70)) {
            let edges: Vec<(u32, u32)> = raw.into_iter().map(|(a, b)| (a % n as u32, b % n as u32)).collect();
            let exec = Exec::sequential().unwrap();
            let g = digraph(n, &edges, &exec);
            let want = brute_force(n, &edges);
            let cfg = StrongComponentsConfig::default();
            prop_assert_eq!(&strongly_connected_components(&g, &cfg, &exec).unwrap().0, &want);
            let e4 = Exec::with_threads(4).unwrap();
            prop_assert_eq!(&strongly_connected_components(&g.compress(&exec), &cfg, &e4).unwrap().0, &want);
        }
    }

    #[test]
    fn million_node_path_and_cycle() {
        let exec = Exec::with_threads(2).unwrap();
        let n = 1_000_000u32;
        let src: Vec<u32> = (0..n - 1).collect();
        let dst: Vec<u32> = (1..n).collect();
        let g = GraphBuilder::directed().build(n as usize, &src, &dst, None, &exec).unwrap();
        let p = strongly_connected_components(&g, &StrongComponentsConfig::default(), &exec).unwrap();
        assert_eq!(p.count(), n as usize);
        assert!(p.iter().enumerate().all(|(i, &l)| l as usize == i));
        // Closing the path into a cycle makes one component.
        let (mut src, mut dst) = (src, dst);
        src.push(n - 1);
        dst.push(0);
        let g = GraphBuilder::directed().build(n as usize, &src, &dst, None, &exec).unwrap();
        let p = strongly_connected_components(&g, &StrongComponentsConfig::default(), &exec).unwrap();
        assert!(p.iter().all(|&l| l == 0));
    }

    #[test]
    fn networkx_fixed_digraph() {
        // G = nx.DiGraph([(0,1),(1,2),(2,0),(2,3),(3,4),(4,5),(5,3),(6,5),(7,7)]);
        // G.add_node(8); sorted(sorted(c) for c in nx.strongly_connected_components(G))
        // -> [[0, 1, 2], [3, 4, 5], [6], [7], [8]]
        let exec = Exec::sequential().unwrap();
        let edges = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3), (6, 5), (7, 7)];
        let g = digraph(9, &edges, &exec);
        let p = strongly_connected_components(&g, &StrongComponentsConfig::default(), &exec).unwrap();
        assert_eq!(p.0, vec![0, 0, 0, 1, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn undirected_is_weak() {
        let exec = Exec::sequential().unwrap();
        let g = GraphBuilder::undirected().build(4, &[0, 3], &[1, 2], None, &exec).unwrap();
        let p = strongly_connected_components(&g, &StrongComponentsConfig::default(), &exec).unwrap();
        assert_eq!(p.0, vec![0, 0, 1, 1]);
    }

    #[test]
    fn cancellation_stops_long_runs() {
        let exec = Exec::sequential().unwrap();
        let n = 200_000u32;
        let src: Vec<u32> = (0..n - 1).collect();
        let dst: Vec<u32> = (1..n).collect();
        let g = GraphBuilder::directed().build(n as usize, &src, &dst, None, &exec).unwrap();
        exec.token().cancel();
        let r = strongly_connected_components(&g, &StrongComponentsConfig::default(), &exec);
        assert_eq!(r, Err(crate::Error::Cancelled));
    }
}
