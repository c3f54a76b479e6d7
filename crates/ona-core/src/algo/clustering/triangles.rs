//! Per-node triangle counts by degree-ordered orientation.
//!
//! Nodes are ranked by (degree, index); every edge is kept once, pointing
//! from lower to higher rank, with nodes renumbered by rank so hot lists sit
//! together. Each triangle `r < s < w` is then found exactly once, at `r`, by
//! intersecting the tail of `out(r)` after `s` with `out(s)` for every `s` in
//! `out(r)` (merge or galloping); with this orientation no list is longer
//! than `sqrt(2m)`. The same kernel counts
//! directed "triangle weights" on the merged graph where an undirected pair
//! carries the multiplicity (1 or 2) of the arcs between its ends.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use rayon::prelude::*;

use crate::algo::components::node_count_u32;
use crate::{Adjacency, Error, Exec, Graph, Result};

/// Nodes (ranks) per parallel work item and progress step.
const CHUNK: u32 = 4096;

/// Options of [`triangles`] (none yet; kept for forward-compatible
/// signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct TrianglesConfig {}

/// The number of triangles through every node.
///
/// NetworkX `triangles`. Self loops are ignored; directed graphs are refused,
/// as NetworkX does.
///
/// **Complexity** `O(m·sqrt(m))` worst case (`O(m·a)` with arboricity `a`),
/// `O(n + m)` extra memory for the oriented copy. **Parallelism**: every phase runs on `exec`'s pool; the counts are
/// integers, so results are identical for any thread count and storage.
/// **Errors**: [`Error::Unsupported`] for directed graphs; cancellation /
/// deadline.
///
/// Algorithm: Chiba, Nishizeki, "Arboricity and subgraph listing
/// algorithms" (1985), in the degree-ordered form of Schank, Wagner,
/// "Finding, counting and listing all triangles in large graphs" (2005).
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::clustering::{triangles, TrianglesConfig};
/// let exec = Exec::sequential()?;
/// // Two triangles sharing the edge 0-1.
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2, 1, 3], &[1, 2, 0, 3, 0], None, &exec)?;
/// assert_eq!(triangles(&g, &TrianglesConfig::default(), &exec)?, vec![2, 2, 1, 1]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn triangles<A: Adjacency>(g: &Graph<A>, _cfg: &TrianglesConfig, exec: &Exec) -> Result<Vec<u64>> {
    if g.is_directed() {
        return Err(Error::Unsupported { operation: "triangles", graph_kind: "directed" });
    }
    triangle_counts(g, exec)
}

/// Triangles through each node of an undirected graph, or (for a directed
/// graph) the sum over the triangles of the merged graph through each node
/// of `m_ij · m_ik · m_jk`, where `m_xy` is the number of arcs (1 or 2)
/// between `x` and `y`. Self loops are ignored.
pub(crate) fn triangle_counts<A: Adjacency>(g: &Graph<A>, exec: &Exec) -> Result<Vec<u64>> {
    let n = node_count_u32(g)?;
    let tracker = exec.tracker("triangles", 3 * u64::from(n));
    exec.install(|| {
        let oriented = Oriented::build(g, n, &tracker)?;
        let counts = oriented.count(n, &tracker)?;
        Ok(oriented.rank.par_iter().map(|&r| counts[r as usize].load(Relaxed)).collect())
    })
}

/// Calls `f(u, m)` for every neighbour `u != v` of `v` in the simple
/// undirected view of `g`, ascending, where `m` is 1, or 2 for a directed
/// pair with arcs both ways. `a` and `b` are scratch buffers.
#[inline]
pub(crate) fn for_each_simple<A: Adjacency>(
    g: &Graph<A>,
    v: u32,
    a: &mut Vec<u32>,
    b: &mut Vec<u32>,
    mut f: impl FnMut(u32, u8),
) {
    let out = g.out_adj().neighbors(v, a);
    if !g.is_directed() {
        out.iter().filter(|&&u| u != v).for_each(|&u| f(u, 1));
        return;
    }
    let inc = g.in_adj().neighbors(v, b);
    let (mut i, mut j) = (0, 0);
    while i < out.len() || j < inc.len() {
        let x = out.get(i).copied().unwrap_or(u32::MAX);
        let y = inc.get(j).copied().unwrap_or(u32::MAX);
        let (u, m) = match x.cmp(&y) {
            std::cmp::Ordering::Less => {
                i += 1;
                (x, 1)
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (y, 1)
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (x, 2)
            }
        };
        if u != v {
            f(u, m);
        }
    }
}

/// `0..n` split into [`CHUNK`]-sized ranges.
fn chunk_range(c: u32, n: u32) -> std::ops::Range<u32> {
    c * CHUNK..(c * CHUNK).saturating_add(CHUNK).min(n)
}

/// Split `data` into consecutive mutable pieces, piece `c` covering
/// `offsets[lo_c]..offsets[hi_c]` for the node chunks of [`chunk_range`].
fn split_by_chunks<'a, T>(mut data: &'a mut [T], offsets: &[usize], n: u32) -> Vec<&'a mut [T]> {
    let chunks = n.div_ceil(CHUNK);
    let mut parts = Vec::with_capacity(chunks as usize);
    for c in 0..chunks {
        let r = chunk_range(c, n);
        let len = offsets[r.end as usize] - offsets[r.start as usize];
        let (head, tail) = std::mem::take(&mut data).split_at_mut(len);
        parts.push(head);
        data = tail;
    }
    parts
}

/// The degree-ordered orientation, in rank space.
struct Oriented {
    /// `rank[v]`: position of node `v` in (degree, index) order.
    rank: Vec<u32>,
    offsets: Vec<usize>,
    /// Higher-ranked neighbours of each rank, ascending.
    targets: Vec<u32>,
    /// Multiplicity of each oriented arc; empty when all are 1.
    mult: Vec<u8>,
}

impl Oriented {
    fn build<A: Adjacency>(g: &Graph<A>, n: u32, tracker: &crate::Tracker<'_>) -> Result<Self> {
        let chunks = n.div_ceil(CHUNK);
        let simple_degree = |v: u32, a: &mut Vec<u32>, b: &mut Vec<u32>| -> u32 {
            if g.is_directed() {
                let mut d = 0;
                for_each_simple(g, v, a, b, |_, _| d += 1);
                d
            } else {
                let adj = g.out_adj();
                let looped = g.self_loop_count() > 0 && adj.neighbors(v, a).binary_search(&v).is_ok();
                adj.degree(v) - u32::from(looped)
            }
        };
        let degree: Vec<u32> = (0..n)
            .into_par_iter()
            .map_init(|| (Vec::new(), Vec::new()), |(a, b), v| simple_degree(v, a, b))
            .collect();
        // Counting sort by degree, stable, so ties go by node index.
        let max_deg = degree.iter().copied().max().unwrap_or(0) as usize;
        let mut start = vec![0u32; max_deg + 2];
        for &d in &degree {
            start[d as usize + 1] += 1;
        }
        for d in 0..=max_deg {
            start[d + 1] += start[d];
        }
        let mut rank = vec![0u32; n as usize];
        for (slot, &d) in rank.iter_mut().zip(&degree) {
            *slot = start[d as usize];
            start[d as usize] += 1;
        }
        drop(start);
        let mut order = vec![0u32; n as usize];
        for (v, &r) in (0u32..).zip(&rank) {
            order[r as usize] = v;
        }
        // Out-degree in the orientation, then offsets.
        let higher: Vec<u32> = order
            .par_iter()
            .enumerate()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(a, b), (r, &v)| {
                    let mut k = 0;
                    for_each_simple(g, v, a, b, |u, _| k += u32::from(rank[u as usize] as usize > r));
                    k
                },
            )
            .collect();
        let mut offsets = Vec::with_capacity(n as usize + 1);
        let mut acc = 0usize;
        offsets.push(0);
        for &k in &higher {
            acc += k as usize;
            offsets.push(acc);
        }
        drop(higher);
        let multi = g.is_directed();
        let mut targets = vec![0u32; acc];
        let mut mult = vec![0u8; if multi { acc } else { 0 }];
        let t_parts = split_by_chunks(&mut targets, &offsets, n);
        let m_parts = if multi { split_by_chunks(&mut mult, &offsets, n) } else { Vec::new() };
        let mut m_parts = m_parts.into_iter().map(Some).collect::<Vec<_>>();
        m_parts.resize_with(chunks as usize, || None);
        let work: Vec<_> = (0u32..).zip(t_parts.into_iter().zip(m_parts)).collect();
        work.into_par_iter().try_for_each_init(
            || (Vec::new(), Vec::new(), Vec::<(u32, u8)>::new()),
            |(a, b, packed), (c, (t, mut m))| {
                let range = chunk_range(c, n);
                let base = offsets[range.start as usize];
                for r in range.clone() {
                    let v = order[r as usize];
                    packed.clear();
                    for_each_simple(g, v, a, b, |u, k| {
                        let ru = rank[u as usize];
                        if ru > r {
                            packed.push((ru, k));
                        }
                    });
                    packed.sort_unstable_by_key(|p| p.0);
                    let lo = offsets[r as usize] - base;
                    for (slot, p) in t[lo..].iter_mut().zip(packed.iter()) {
                        *slot = p.0;
                    }
                    if let Some(m) = m.as_deref_mut() {
                        for (slot, p) in m[lo..].iter_mut().zip(packed.iter()) {
                            *slot = p.1;
                        }
                    }
                }
                tracker.advance(2 * u64::from(range.end - range.start))
            },
        )?;
        Ok(Self { rank, offsets, targets, mult })
    }

    /// Per-rank sums of triangle weights (1 per triangle when unweighted).
    fn count(&self, n: u32, tracker: &crate::Tracker<'_>) -> Result<Vec<AtomicU64>> {
        let counts: Vec<AtomicU64> = (0..n).into_par_iter().map(|_| AtomicU64::new(0)).collect();
        let (off, tg, mult) = (&self.offsets, &self.targets, &self.mult);
        let m = |i: usize| if mult.is_empty() { 1u64 } else { u64::from(mult[i]) };
        // Work items of about equal estimated cost (Σ_(s in out(r)) |out(s)|
        // plus |out(r)|), so the dense core of hubs, which sits in the last
        // ranks, is spread over all threads.
        let cost: Vec<u64> = (0..n as usize)
            .into_par_iter()
            .map(|r| {
                let own = (off[r + 1] - off[r]) as u64;
                own + tg[off[r]..off[r + 1]].iter().map(|&s| (off[s as usize + 1] - off[s as usize]) as u64).sum::<u64>()
            })
            .collect();
        let total: u64 = cost.iter().sum();
        let target = (total / (64 * rayon::current_num_threads().max(1) as u64)).max(1 << 16);
        let mut bounds = vec![0u32];
        let mut acc_cost = 0u64;
        for (r, &c) in (1u32..).zip(&cost) {
            acc_cost += c;
            if acc_cost >= target || r - bounds[bounds.len() - 1] >= CHUNK {
                bounds.push(r);
                acc_cost = 0;
            }
        }
        if bounds[bounds.len() - 1] != n {
            bounds.push(n);
        }
        drop(cost);
        bounds.par_windows(2).try_for_each_init(Vec::new, |acc: &mut Vec<u64>, w| {
            let range = w[0]..w[1];
            for r in range.clone() {
                let (lo, hi) = (off[r as usize], off[r as usize + 1]);
                if hi - lo < 2 {
                    continue;
                }
                // acc[p]: triangle weight found so far on out(r)[p].
                acc.clear();
                acc.resize(hi - lo, 0);
                let mut at_r = 0u64;
                for i in lo..hi - 1 {
                    let s = tg[i] as usize;
                    // Third corners lie in out(r) after s and in out(s).
                    let first = i + 1;
                    let cand = &tg[first..hi];
                    let (slo, shi) = (off[s], off[s + 1]);
                    let m_rs = m(i);
                    let mut at_s = 0u64;
                    intersect(cand, &tg[slo..shi], |p, q| {
                        let weight = if mult.is_empty() { 1 } else { m_rs * m(first + p) * m(slo + q) };
                        acc[first - lo + p] += weight;
                        at_s += weight;
                    });
                    if at_s != 0 {
                        counts[s].fetch_add(at_s, Relaxed);
                        at_r += at_s;
                    }
                }
                for (&w, &a) in tg[lo..hi].iter().zip(acc.iter()) {
                    if a != 0 {
                        counts[w as usize].fetch_add(a, Relaxed);
                    }
                }
                if at_r != 0 {
                    counts[r as usize].fetch_add(at_r, Relaxed);
                }
            }
            tracker.advance(u64::from(range.end - range.start))
        })?;
        Ok(counts)
    }
}

/// Calls `hit(p, q)` for every `a[p] == b[q]` of two ascending lists: a
/// merge when their lengths are alike, a galloping search of the shorter
/// list's items in the longer one otherwise.
#[inline]
fn intersect(a: &[u32], b: &[u32], mut hit: impl FnMut(usize, usize)) {
    let (Some(&a_first), Some(&a_last)) = (a.first(), a.last()) else { return };
    // Only the overlap of the two value ranges can hold common items.
    let b_lo = b.partition_point(|&y| y < a_first);
    let b_hi = b_lo + b[b_lo..].partition_point(|&y| y <= a_last);
    let b = &b[b_lo..b_hi];
    let (Some(&b_first), Some(&b_last)) = (b.first(), b.last()) else { return };
    let a_lo = a.partition_point(|&x| x < b_first);
    let a_hi = a_lo + a[a_lo..].partition_point(|&x| x <= b_last);
    let a = &a[a_lo..a_hi];
    let mut hit = |p: usize, q: usize| hit(a_lo + p, b_lo + q);
    if a.len() * 16 < b.len() {
        let mut from = 0;
        for (p, x) in a.iter().enumerate() {
            from += b[from..].partition_point(|y| y < x);
            if from == b.len() {
                return;
            }
            if b[from] == *x {
                hit(p, from);
            }
        }
        return;
    }
    if b.len() * 16 < a.len() {
        let mut from = 0;
        for (q, y) in b.iter().enumerate() {
            from += a[from..].partition_point(|x| x < y);
            if from == a.len() {
                return;
            }
            if a[from] == *y {
                hit(from, q);
            }
        }
        return;
    }
    let (mut p, mut q) = (0, 0);
    while p < a.len() && q < b.len() {
        let (x, y) = (a[p], b[q]);
        if x == y {
            hit(p, q);
        }
        p += usize::from(x <= y);
        q += usize::from(y <= x);
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use proptest::prelude::*;

    /// `m[x][y]`: arcs between `x != y` (0, 1, or 2 for a reciprocated
    /// directed pair; undirected edges count once).
    pub(crate) fn multiplicity(n: usize, edges: &[(u32, u32)], directed: bool) -> Vec<Vec<u64>> {
        let mut arc = vec![vec![0u64; n]; n];
        for &(a, b) in edges {
            if a != b {
                arc[a as usize][b as usize] = 1;
                if !directed {
                    arc[b as usize][a as usize] = 1;
                }
            }
        }
        let mut m = vec![vec![0u64; n]; n];
        for x in 0..n {
            for y in 0..n {
                m[x][y] = if directed { arc[x][y] + arc[y][x] } else { arc[x][y] };
            }
        }
        m
    }

    fn brute_force(n: usize, edges: &[(u32, u32)], directed: bool) -> Vec<u64> {
        let m = multiplicity(n, edges, directed);
        (0..n)
            .map(|v| {
                let mut t = 0;
                for j in 0..n {
                    for k in j + 1..n {
                        t += m[v][j] * m[v][k] * m[j][k];
                    }
                }
                t
            })
            .collect()
    }

    fn graph(directed: bool, n: usize, edges: &[(u32, u32)], exec: &Exec) -> Graph {
        let (s, d): (Vec<u32>, Vec<u32>) = edges.iter().copied().unzip();
        GraphBuilder::with_direction(directed).build(n, &s, &d, None, exec).unwrap()
    }

    proptest! {
        #[test]
        fn matches_triple_loop(n in 1usize..24, raw in proptest::collection::vec((0u32..24, 0u32..24), 0..120),
                               directed in any::<bool>()) {
            let edges: Vec<(u32, u32)> = raw.into_iter().map(|(a, b)| (a % n as u32, b % n as u32)).collect();
            let e1 = Exec::sequential().unwrap();
            let e4 = Exec::with_threads(4).unwrap();
            let g = graph(directed, n, &edges, &e1);
            let want = brute_force(n, &edges, directed);
            prop_assert_eq!(&triangle_counts(&g, &e1).unwrap(), &want);
            prop_assert_eq!(&triangle_counts(&g.compress(&e1), &e4).unwrap(), &want);
        }
    }

    #[test]
    fn karate_club_matches_networkx() {
        // list(nx.triangles(nx.karate_club_graph()).values())
        let want = [
            18, 12, 11, 10, 2, 3, 3, 6, 5, 0, 2, 0, 1, 6, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 4, 3, 3, 13, 15,
        ];
        let exec = Exec::sequential().unwrap();
        let g = super::super::testdata::karate(&exec, false);
        assert_eq!(triangles(&g, &TrianglesConfig::default(), &exec).unwrap(), want);
    }

    #[test]
    fn large_graph_threads_and_storage_agree() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let n = 20_000u32;
        // Skewed endpoints give hubs and many triangles.
        let pick = |rng: &mut rand_chacha::ChaCha8Rng| {
            let x: f64 = rng.random();
            ((x * x * x) * f64::from(n)) as u32 % n
        };
        let edges: Vec<(u32, u32)> = (0..200_000).map(|_| (pick(&mut rng), pick(&mut rng))).collect();
        let e1 = Exec::sequential().unwrap();
        let e4 = Exec::with_threads(4).unwrap();
        let g = graph(false, n as usize, &edges, &e4);
        let a = triangles(&g, &TrianglesConfig::default(), &e1).unwrap();
        let b = triangles(&g.compress(&e4), &TrianglesConfig::default(), &e4).unwrap();
        assert_eq!(a, b);
        assert!(a.iter().sum::<u64>() > 1000);
        // Spot-check a few nodes by direct intersection.
        for v in [0u32, 1, 2, n / 2, n - 1] {
            let mut buf = Vec::new();
            let nv: Vec<u32> = g.out_adj().neighbors(v, &mut buf).iter().copied().filter(|&u| u != v).collect();
            let mut t = 0;
            for (i, &x) in nv.iter().enumerate() {
                let mut bx = Vec::new();
                let nx = g.out_adj().neighbors(x, &mut bx);
                t += nv[i + 1..].iter().filter(|y| nx.binary_search(y).is_ok()).count() as u64;
            }
            assert_eq!(a[v as usize], t, "node {v}");
        }
    }

    #[test]
    fn directed_is_refused_and_empty_is_empty() {
        let exec = Exec::sequential().unwrap();
        let g = graph(true, 3, &[(0, 1)], &exec);
        let err = triangles(&g, &TrianglesConfig::default(), &exec).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Unsupported);
        let g = graph(false, 0, &[], &exec);
        assert!(triangles(&g, &TrianglesConfig::default(), &exec).unwrap().is_empty());
    }
}
