//! Global transitivity: the fraction of connected triples that close.

use rayon::prelude::*;

use super::triangles::{for_each_simple, triangle_counts};
use crate::algo::components::node_count_u32;
use crate::{Adjacency, Exec, Graph, Result};

/// Nodes per parallel work item and progress step.
const CHUNK: u32 = 4096;

/// Options of [`transitivity`] (none yet; kept for forward-compatible
/// signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TransitivityConfig {}

/// Transitivity `3 × triangles / connected triples`, NetworkX
/// `transitivity`: `Σ_v 2 T(v) / Σ_v d(v) (d(v) - 1)`, 0 when there is no
/// triangle (or no node). Self loops are ignored.
///
/// Directed graphs: NetworkX does not refuse them but runs the undirected
/// formula over successor sets (`d(v)` = out-degree, `T(v)` = arcs among
/// `v`'s successors, counted both ways as the undirected `2 T`); this
/// function computes exactly that.
///
/// **Complexity** undirected: that of [`triangles`](super::triangles);
/// directed: `O(Σ_(v->w) min(d_v, d_w) log d)`. **Parallelism**: on
/// `exec`'s pool; integer sums, so identical for any thread count.
/// **Errors**: cancellation / deadline.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::clustering::{transitivity, TransitivityConfig};
/// let exec = Exec::sequential()?;
/// // A triangle with a pendant: 1 triangle, 5 connected triples.
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2, 2], &[1, 2, 0, 3], None, &exec)?;
/// assert_eq!(transitivity(&g, &TransitivityConfig::default(), &exec)?, 3.0 / 5.0);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn transitivity<A: Adjacency>(g: &Graph<A>, _cfg: &TransitivityConfig, exec: &Exec) -> Result<f64> {
    let n = node_count_u32(g)?;
    let (closed, triples) = if g.is_directed() {
        directed_sums(g, n, exec)?
    } else {
        let t = triangle_counts(g, exec)?;
        exec.install(|| {
            (0..n)
                .into_par_iter()
                .map_init(
                    || (Vec::new(), Vec::new()),
                    |(a, b), v| {
                        let mut d = 0u128;
                        for_each_simple(g, v, a, b, |_, _| d += 1);
                        (2 * u128::from(t[v as usize]), d * d.saturating_sub(1))
                    },
                )
                .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1))
        })
    };
    Ok(if closed == 0 { 0.0 } else { closed as f64 / triples as f64 })
}

/// `(Σ_v t(v), Σ_v d(v)(d(v) - 1))` over successor sets without self loops,
/// `t(v)` counting ordered pairs `(w, x)` of successors of `v` with `w -> x`.
fn directed_sums<A: Adjacency>(g: &Graph<A>, n: u32, exec: &Exec) -> Result<(u128, u128)> {
    let adj = g.out_adj();
    let tracker = exec.tracker("transitivity", u64::from(n));
    exec.install(|| {
        (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(a, b), c| {
                    let range = c * CHUNK..(c * CHUNK).saturating_add(CHUNK).min(n);
                    let (mut closed, mut triples) = (0u128, 0u128);
                    for v in range.clone() {
                        let sv: &[u32] = adj.neighbors(v, a);
                        let looped = sv.binary_search(&v).is_ok();
                        let d = sv.len() as u128 - u128::from(looped);
                        triples += d * d.saturating_sub(1);
                        for &w in sv {
                            if w == v {
                                continue;
                            }
                            let sw = adj.neighbors(w, b);
                            // |S_v ∩ S_w| without v (not in S_v minus its loop) or w.
                            let common = intersect_count(sv, sw);
                            let drop_v = u64::from(looped && sw.binary_search(&v).is_ok());
                            let drop_w = u64::from(sw.binary_search(&w).is_ok());
                            closed += u128::from(common - drop_v - drop_w);
                        }
                    }
                    tracker.advance(u64::from(range.end - range.start)).map(|()| (closed, triples))
                },
            )
            .try_reduce(|| (0, 0), |x, y| Ok((x.0 + y.0, x.1 + y.1)))
    })
}

/// Size of the intersection of two ascending lists: a merge when they are of
/// similar length, binary searches of the shorter in the longer otherwise.
fn intersect_count(a: &[u32], b: &[u32]) -> u64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() * 16 < long.len() {
        return short.iter().filter(|x| long.binary_search(x).is_ok()).count() as u64;
    }
    let (mut i, mut j, mut k) = (0, 0, 0u64);
    while i < short.len() && j < long.len() {
        match short[i].cmp(&long[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                k += 1;
                i += 1;
                j += 1;
            }
        }
    }
    k
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use proptest::prelude::*;

    /// NetworkX's `_triangles_and_degree_iter` over `G.adj` (successors for
    /// directed graphs), literally.
    fn brute_force(n: usize, edges: &[(u32, u32)], directed: bool) -> f64 {
        let mut adj = vec![vec![false; n]; n];
        for &(a, b) in edges {
            if a != b {
                adj[a as usize][b as usize] = true;
                if !directed {
                    adj[b as usize][a as usize] = true;
                }
            }
        }
        let (mut t, mut c) = (0usize, 0usize);
        for v in 0..n {
            let vs: Vec<usize> = (0..n).filter(|&u| adj[v][u]).collect();
            for &w in &vs {
                t += vs.iter().filter(|&&x| adj[w][x]).count();
            }
            c += vs.len() * vs.len().saturating_sub(1);
        }
        if t == 0 { 0.0 } else { t as f64 / c as f64 }
    }

    fn graph(directed: bool, n: usize, edges: &[(u32, u32)], exec: &Exec) -> Graph {
        let (s, d): (Vec<u32>, Vec<u32>) = edges.iter().copied().unzip();
        GraphBuilder::with_direction(directed).build(n, &s, &d, None, exec).unwrap()
    }

    proptest! {
        #[test]
        fn matches_networkx_formula(n in 1usize..20, raw in proptest::collection::vec((0u32..20, 0u32..20), 0..90),
                                    directed in any::<bool>()) {
            let edges: Vec<(u32, u32)> = raw.into_iter().map(|(a, b)| (a % n as u32, b % n as u32)).collect();
            let e1 = Exec::sequential().unwrap();
            let e4 = Exec::with_threads(4).unwrap();
            let g = graph(directed, n, &edges, &e1);
            let want = brute_force(n, &edges, directed);
            let cfg = TransitivityConfig::default();
            prop_assert_eq!(transitivity(&g, &cfg, &e1).unwrap(), want);
            prop_assert_eq!(transitivity(&g.compress(&e1), &cfg, &e4).unwrap(), want);
        }
    }

    #[test]
    fn networkx_values() {
        let exec = Exec::sequential().unwrap();
        let cfg = TransitivityConfig::default();
        // nx.transitivity(nx.karate_club_graph())
        let g = super::super::testdata::karate(&exec, false);
        assert_eq!(transitivity(&g, &cfg, &exec).unwrap(), 0.2556818181818182);
        // nx.transitivity(nx.DiGraph([(0,1),(1,2),(2,0),(0,2),(2,3),(3,0),(1,3),(4,4),(4,0),(0,4),(5,1)]))
        let edges = [(0, 1), (1, 2), (2, 0), (0, 2), (2, 3), (3, 0), (1, 3), (4, 4), (4, 0), (0, 4), (5, 1)];
        assert_eq!(transitivity(&graph(true, 6, &edges, &exec), &cfg, &exec).unwrap(), 0.3);
        assert_eq!(transitivity(&graph(false, 0, &[], &exec), &cfg, &exec).unwrap(), 0.0);
    }
}
