//! Core numbers (k-core decomposition) by Batagelj–Zaversnik bucket peeling.

use rayon::prelude::*;

use crate::algo::components::node_count_u32;
use crate::{Adjacency, Error, Exec, Graph, Partition, Result};

/// Nodes peeled between cancellation checks.
const CHUNK: u32 = 4096;

/// Options of [`core_number`] (none yet; kept for forward-compatible
/// signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CoreNumberConfig {}

/// The core number of every node: the largest `k` such that the node
/// belongs to a subgraph in which every node has degree at least `k`.
///
/// NetworkX `core_number`. For directed graphs the degree is in-degree plus
/// out-degree, so a reciprocated pair `u <-> v` counts twice, exactly as
/// NetworkX (which walks `all_neighbors`, predecessors then successors).
///
/// **Complexity** `O(n + m)` time and `4n` words of extra memory.
/// **Parallelism**: degrees are computed in parallel; the peeling itself is
/// sequential (its cost is one pass over the arcs). **Errors**:
/// [`Error::Unsupported`] if the graph has self loops (NetworkX raises
/// `NetworkXNotImplemented`); [`Error::TooLarge`] if a directed node's
/// in + out degree exceeds `u32::MAX`; cancellation / deadline.
///
/// Algorithm: Batagelj, Zaversnik, "An O(m) Algorithm for Cores
/// Decomposition of Networks" (2003).
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::kcore::{core_number, CoreNumberConfig};
/// let exec = Exec::sequential()?;
/// // A triangle 0-1-2 with a pendant node 3 on node 2.
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2, 2], &[1, 2, 0, 3], None, &exec)?;
/// assert_eq!(core_number(&g, &CoreNumberConfig::default(), &exec)?.0, vec![2, 2, 2, 1]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn core_number<A: Adjacency>(g: &Graph<A>, _cfg: &CoreNumberConfig, exec: &Exec) -> Result<Partition> {
    if g.self_loop_count() > 0 {
        return Err(Error::Unsupported { operation: "core_number", graph_kind: "self-looped" });
    }
    let n = node_count_u32(g)?;
    let out = g.out_adj();
    let inc = g.is_directed().then(|| g.in_adj());
    let mut deg: Vec<u32> = exec.install(|| {
        (0..n)
            .into_par_iter()
            .map(|v| match inc {
                None => Ok(out.degree(v)),
                Some(inc) => out.degree(v).checked_add(inc.degree(v)).ok_or(Error::TooLarge {
                    what: "in + out degree",
                    count: u64::from(out.degree(v)) + u64::from(inc.degree(v)),
                    limit: u64::from(u32::MAX),
                }),
            })
            .collect::<Result<_>>()
    })?;
    let tracker = exec.tracker("core number", u64::from(n));

    // Bucket sort by degree: `vert` lists nodes by current degree, `pos` is
    // each node's place in it and `bin[d]` where degree-`d` nodes start.
    let max_deg = deg.iter().copied().max().unwrap_or(0) as usize;
    let mut bin = vec![0u32; max_deg + 1];
    for &d in &deg {
        bin[d as usize] += 1;
    }
    let mut start = 0u32;
    for b in &mut bin {
        let count = *b;
        *b = start;
        start += count;
    }
    let mut vert = vec![0u32; n as usize];
    let mut pos = vec![0u32; n as usize];
    for v in 0..n {
        let d = deg[v as usize] as usize;
        pos[v as usize] = bin[d];
        vert[bin[d] as usize] = v;
        bin[d] += 1;
    }
    // Shift starts back: bin[d] = first position of degree d.
    for d in (1..=max_deg).rev() {
        bin[d] = bin[d - 1];
    }
    bin[0] = 0;

    for i in 0..n {
        if i % CHUNK == 0 && i > 0 {
            tracker.advance(u64::from(CHUNK))?;
        }
        let v = vert[i as usize];
        let dv = deg[v as usize];
        let mut peel = |u: u32| {
            let du = deg[u as usize];
            if du > dv {
                // Move u to the front of its bucket, then shrink the bucket.
                let pu = pos[u as usize];
                let pw = bin[du as usize];
                let w = vert[pw as usize];
                if u != w {
                    vert[pu as usize] = w;
                    pos[w as usize] = pu;
                    vert[pw as usize] = u;
                    pos[u as usize] = pw;
                }
                bin[du as usize] += 1;
                deg[u as usize] = du - 1;
            }
        };
        out.for_each_neighbor(v, &mut peel);
        if let Some(inc) = inc {
            inc.for_each_neighbor(v, &mut peel);
        }
    }
    tracker.advance(u64::from(n % CHUNK))?;
    Ok(Partition(deg))
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use proptest::prelude::*;

    /// Core numbers by repeated removal of a minimum-degree node (degree
    /// counted with multiplicity over both directions).
    fn brute_force(n: usize, edges: &[(u32, u32)], directed: bool) -> Vec<u32> {
        let mut adj = vec![vec![0u32; n]; n];
        for &(a, b) in edges {
            if directed {
                adj[a as usize][b as usize] = 1;
            } else {
                adj[a as usize][b as usize] = 1;
                adj[b as usize][a as usize] = 1;
            }
        }
        let degree = |v: usize, alive: &[bool], adj: &[Vec<u32>]| -> u32 {
            (0..n).filter(|&u| alive[u]).map(|u| if directed { adj[v][u] + adj[u][v] } else { adj[v][u] }).sum()
        };
        let mut alive = vec![true; n];
        let mut core = vec![0u32; n];
        let mut k = 0;
        for _ in 0..n {
            let v = (0..n).filter(|&v| alive[v]).min_by_key(|&v| (degree(v, &alive, &adj), v)).unwrap();
            k = k.max(degree(v, &alive, &adj));
            core[v] = k;
            alive[v] = false;
        }
        core
    }

    fn graph(directed: bool, n: usize, edges: &[(u32, u32)], exec: &Exec) -> Graph {
        let (s, d): (Vec<u32>, Vec<u32>) = edges.iter().copied().unzip();
        GraphBuilder::with_direction(directed).build(n, &s, &d, None, exec).unwrap()
    }

    proptest! {
        #[test]
        fn matches_min_degree_peeling(n in 1usize..25, raw in proptest::collection::vec((0u32..25, 0u32..25), 0..80),
                                      directed in any::<bool>()) {
            let edges: Vec<(u32, u32)> = raw.into_iter()
                .map(|(a, b)| (a % n as u32, b % n as u32)).filter(|(a, b)| a != b).collect();
            let exec = Exec::sequential().unwrap();
            let g = graph(directed, n, &edges, &exec);
            let want = brute_force(n, &edges, directed);
            let cfg = CoreNumberConfig::default();
            prop_assert_eq!(&core_number(&g, &cfg, &exec).unwrap().0, &want);
            let e4 = Exec::with_threads(4).unwrap();
            prop_assert_eq!(&core_number(&g.compress(&e4), &cfg, &e4).unwrap().0, &want);
        }
    }

    #[test]
    fn karate_club_matches_networkx() {
        // nx.core_number(nx.karate_club_graph())
        let want = [
            4, 4, 4, 4, 3, 3, 3, 4, 4, 2, 3, 1, 2, 4, 2, 2, 2, 2, 2, 3, 2, 2, 2, 3, 3, 3, 2, 3, 3, 3, 4, 3, 4, 4,
        ];
        let exec = Exec::sequential().unwrap();
        let g = crate::algo::clustering::testdata::karate(&exec, false);
        assert_eq!(core_number(&g, &CoreNumberConfig::default(), &exec).unwrap().0, want);
    }

    #[test]
    fn directed_counts_reciprocal_arcs_twice() {
        // nx.core_number(nx.DiGraph([(0,1),(1,0),(1,2),(2,3),(3,1),(4,0)]))
        // -> {0: 2, 1: 2, 2: 2, 3: 2, 4: 1}
        let exec = Exec::sequential().unwrap();
        let g = graph(true, 5, &[(0, 1), (1, 0), (1, 2), (2, 3), (3, 1), (4, 0)], &exec);
        assert_eq!(core_number(&g, &CoreNumberConfig::default(), &exec).unwrap().0, vec![2, 2, 2, 2, 1]);
    }

    #[test]
    fn self_loops_and_empty() {
        let exec = Exec::sequential().unwrap();
        let g = graph(false, 2, &[(0, 1), (1, 1)], &exec);
        let err = core_number(&g, &CoreNumberConfig::default(), &exec).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Unsupported);
        let g = graph(false, 0, &[], &exec);
        assert!(core_number(&g, &CoreNumberConfig::default(), &exec).unwrap().is_empty());
    }
}
