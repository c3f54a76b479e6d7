//! Local clustering coefficients (NetworkX `clustering`) and their mean
//! (`average_clustering`): unweighted, weighted (geometric mean of
//! normalised weights) and directed (Fagiolo).

use std::sync::Mutex;

use rayon::prelude::*;

use super::triangles::{for_each_simple, triangle_counts};
use crate::algo::components::node_count_u32;
use crate::{Adjacency, Error, Exec, Graph, Result, Scores, WeightProblem};

/// Nodes per parallel work item and progress step.
const CHUNK: usize = 1024;

/// Options of [`clustering`].
#[derive(Debug, Clone, Default)]
pub struct ClusteringConfig {
    weighted: bool,
}

impl ClusteringConfig {
    /// Use edge weights (NetworkX `weight="weight"`); default `false`
    /// (`weight=None`). An unweighted graph reads every weight as 1.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// Options of [`average_clustering`].
#[derive(Debug, Clone)]
pub struct AverageClusteringConfig {
    clustering: ClusteringConfig,
    count_zeros: bool,
}

impl Default for AverageClusteringConfig {
    fn default() -> Self {
        Self { clustering: ClusteringConfig::default(), count_zeros: true }
    }
}

impl AverageClusteringConfig {
    /// Use edge weights (see [`ClusteringConfig::weighted`]); default `false`.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.clustering = self.clustering.weighted(yes);
        self
    }
    /// Whether nodes with zero clustering count in the mean (default `true`).
    #[must_use]
    pub fn count_zeros(mut self, yes: bool) -> Self {
        self.count_zeros = yes;
        self
    }
}

/// The local clustering coefficient of every node, NetworkX `clustering`.
///
/// * Undirected: `c(u) = 2 T(u) / (deg(u) (deg(u) - 1))`.
/// * Undirected weighted: `T(u)` sums the geometric mean
///   `(ŵ_uv ŵ_uw ŵ_vw)^(1/3)` over triangles, `ŵ = w / max(w)` with the
///   maximum over all edges (self loops included, as in NetworkX).
/// * Directed (Fagiolo): `c(u) = T(u) / (2 (d_tot(u) (d_tot(u) - 1) - 2 d_rec(u)))`
///   where `T(u)` counts directed triangles (weighted: their geometric means),
///   `d_tot` is in + out degree and `d_rec` the reciprocated neighbours.
///
/// Self loops are ignored in triangles and degrees; a node with no triangle
/// gets exactly 0.
///
/// **Complexity** unweighted: that of [`triangles`](super::triangles);
/// weighted: `O(Σ_(u,v) min(d_u, d_v) log d)`, `O(n + m)` extra memory.
/// **Parallelism**: all phases on `exec`'s pool; each node's value is
/// computed by one thread in a fixed order, so results are identical for any
/// thread count and storage. **Errors**: [`Error::InvalidWeight`] when
/// weighted and the largest weight is 0 but a triangle (directed) or an edge
/// (undirected) needs it (NetworkX divides by zero); cancellation / deadline.
///
/// References: Saramäki et al., Phys. Rev. E 75, 027105 (2007) (weighted);
/// Fagiolo, Phys. Rev. E 76, 026107 (2007) (directed).
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::clustering::{clustering, ClusteringConfig};
/// let exec = Exec::sequential()?;
/// // A triangle 0-1-2 with a pendant 3 on node 2.
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2, 2], &[1, 2, 0, 3], None, &exec)?;
/// let c = clustering(&g, &ClusteringConfig::default(), &exec)?;
/// assert_eq!(c.0, vec![1.0, 1.0, 1.0 / 3.0, 0.0]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn clustering<A: Adjacency>(g: &Graph<A>, cfg: &ClusteringConfig, exec: &Exec) -> Result<Scores> {
    let n = node_count_u32(g)?;
    let weighted = cfg.weighted && g.is_weighted();
    if !weighted {
        let t = triangle_counts(g, exec)?;
        let degrees = simple_degrees(g, n, exec);
        let c = exec.install(|| {
            t.par_iter()
            .zip(degrees)
            .map(|(&t, (d, rec))| {
                if t == 0 {
                    0.0
                } else if g.is_directed() {
                    let dt = u128::from(d) + u128::from(rec);
                    (2 * t) as f64 / ((dt * (dt - 1) - 2 * u128::from(rec)) * 2) as f64
                } else {
                    let d = u128::from(d);
                    (2 * t) as f64 / (d * (d - 1)) as f64
                }
            })
            .collect()
        });
        return Ok(Scores(c));
    }
    let (max_w, max_arc) = max_weight(g, n, exec);
    if max_w == 0.0 {
        // NetworkX divides by the maximum: a ZeroDivisionError as soon as a
        // normalised weight is needed.
        let needed = if g.is_directed() {
            triangle_counts(g, exec)?.iter().any(|&t| t > 0)
        } else {
            g.edge_count() > g.self_loop_count()
        };
        if needed {
            return Err(Error::InvalidWeight { edge: max_arc, weight: 0.0, problem: WeightProblem::Zero });
        }
        return Ok(Scores(vec![0.0; n as usize]));
    }
    let simple = WeightedSimple::build(g, n, max_w, exec);
    let tracker = exec.tracker("weighted clustering", u64::from(n));
    let mut out = vec![0.0f64; n as usize];
    exec.install(|| {
        // One mark array per pool thread, all-NaN between nodes.
        let threads = rayon::current_num_threads().max(1);
        let scratch: Vec<Mutex<Vec<[f64; 2]>>> = (0..threads).map(|_| Mutex::new(Vec::new())).collect();
        out.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, slots)| {
            let slot = &scratch[rayon::current_thread_index().unwrap_or(0) % threads];
            let mut mark = slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if mark.len() < n as usize {
                mark.resize(n as usize, [f64::NAN; 2]);
            }
            let base = c * CHUNK;
            for (i, slot) in slots.iter_mut().enumerate() {
                *slot = simple.coefficient(base + i, &mut mark);
            }
            drop(mark);
            tracker.advance(slots.len() as u64)
        })
    })?;
    Ok(Scores(out))
}

/// The mean local clustering coefficient, NetworkX `average_clustering`
/// (summed in node order, so the value is that of NetworkX's `sum(c) / len(c)`
/// up to the per-node values).
///
/// **Errors**: [`Error::EmptyGraph`] for a graph with no nodes, or with
/// `count_zeros(false)` when no node has non-zero clustering (NetworkX
/// raises `ZeroDivisionError`); those of [`clustering`].
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::clustering::{average_clustering, AverageClusteringConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2, 2], &[1, 2, 0, 3], None, &exec)?;
/// let avg = average_clustering(&g, &AverageClusteringConfig::default(), &exec)?;
/// assert!((avg - (1.0 + 1.0 + 1.0 / 3.0) / 4.0).abs() < 1e-15);
/// let nonzero = average_clustering(&g, &AverageClusteringConfig::default().count_zeros(false), &exec)?;
/// assert!((nonzero - (1.0 + 1.0 + 1.0 / 3.0) / 3.0).abs() < 1e-15);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn average_clustering<A: Adjacency>(g: &Graph<A>, cfg: &AverageClusteringConfig, exec: &Exec) -> Result<f64> {
    if g.node_count() == 0 {
        return Err(Error::EmptyGraph { operation: "average_clustering" });
    }
    let c = clustering(g, &cfg.clustering, exec)?;
    let (sum, count) = c
        .iter()
        .filter(|v| cfg.count_zeros || v.abs() > 0.0)
        .fold((0.0f64, 0u64), |(s, k), &v| (s + v, k + 1));
    if count == 0 {
        return Err(Error::EmptyGraph { operation: "average_clustering over nodes with non-zero clustering" });
    }
    Ok(sum / count as f64)
}

/// Per node: (distinct simple neighbours, reciprocated ones).
fn simple_degrees<A: Adjacency>(g: &Graph<A>, n: u32, exec: &Exec) -> Vec<(u32, u32)> {
    exec.install(|| {
        (0..n)
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |(a, b), v| {
                    let (mut d, mut rec) = (0u32, 0u32);
                    for_each_simple(g, v, a, b, |_, m| {
                        d += 1;
                        rec += u32::from(m == 2);
                    });
                    (d, rec)
                },
            )
            .collect()
    })
}

/// The largest arc weight (self loops included) and its first arc; `(1, 0)`
/// for a graph without arcs.
fn max_weight<A: Adjacency>(g: &Graph<A>, n: u32, exec: &Exec) -> (f64, u64) {
    let adj = g.out_adj();
    let best = exec.install(|| {
        (0..n)
            .into_par_iter()
            .filter_map(|v| {
                let mut best: Option<(f64, u64)> = None;
                adj.for_each_arc(v, |_, arc| {
                    let w = adj.arc_weight(arc);
                    if best.is_none_or(|(b, _)| w > b) {
                        best = Some((w, arc));
                    }
                });
                best
            })
            .reduce_with(|a, b| if b.0 > a.0 || (b.0 == a.0 && b.1 < a.1) { b } else { a })
    });
    best.unwrap_or((1.0, 0))
}

/// The simple (loop-free, merged) view of a graph with normalised weights:
/// per neighbour the weight of `v -> u` and of `u -> v` (`NaN` when that arc
/// is missing; both equal for undirected graphs).
struct WeightedSimple {
    directed: bool,
    offsets: Vec<usize>,
    targets: Vec<u32>,
    /// `[w(v -> u), w(u -> v)] / max`.
    weights: Vec<[f64; 2]>,
}

impl WeightedSimple {
    fn build<A: Adjacency>(g: &Graph<A>, n: u32, max_w: f64, exec: &Exec) -> Self {
        let degree = simple_degrees(g, n, exec);
        let mut offsets = Vec::with_capacity(n as usize + 1);
        let mut acc = 0usize;
        offsets.push(0);
        for &(d, _) in &degree {
            acc += d as usize;
            offsets.push(acc);
        }
        drop(degree);
        let mut targets = vec![0u32; acc];
        let mut weights = vec![[f64::NAN; 2]; acc];
        exec.install(|| {
            let mut t_parts = Vec::new();
            let mut w_parts = Vec::new();
            let (mut t_rest, mut w_rest) = (&mut targets[..], &mut weights[..]);
            for c in 0..(n as usize).div_ceil(CHUNK) {
                let len = offsets[((c + 1) * CHUNK).min(n as usize)] - offsets[c * CHUNK];
                let (t, tr) = std::mem::take(&mut t_rest).split_at_mut(len);
                let (w, wr) = std::mem::take(&mut w_rest).split_at_mut(len);
                t_parts.push(t);
                w_parts.push(w);
                (t_rest, w_rest) = (tr, wr);
            }
            t_parts.into_par_iter().zip(w_parts).enumerate().for_each_init(
                || (Vec::new(), Vec::new()),
                |(fwd, bwd), (c, (t, w))| {
                    let mut k = 0;
                    for v in (c * CHUNK..((c + 1) * CHUNK).min(n as usize)).filter_map(|v| u32::try_from(v).ok()) {
                        collect_weighted(g.out_adj(), v, fwd);
                        if g.is_directed() {
                            collect_weighted(g.in_adj(), v, bwd);
                        } else {
                            bwd.clone_from(fwd);
                        }
                        merge_weighted(fwd, bwd, |u, wf, wb| {
                            t[k] = u;
                            w[k] = [wf / max_w, wb / max_w];
                            k += 1;
                        });
                    }
                },
            );
        });
        Self { directed: g.is_directed(), offsets, targets, weights }
    }

    /// The clustering coefficient of node `i`; `mark` is all-`NaN` on entry
    /// and on exit.
    fn coefficient(&self, i: usize, mark: &mut [[f64; 2]]) -> f64 {
        let (lo, hi) = (self.offsets[i], self.offsets[i + 1]);
        let (tg, ws) = (&self.targets, &self.weights);
        for p in lo..hi {
            mark[tg[p] as usize] = ws[p];
        }
        let mut sum = 0.0f64;
        for p in lo..hi {
            let j = tg[p];
            let wij = ws[p];
            let (jlo, jhi) = (self.offsets[j as usize], self.offsets[j as usize + 1]);
            let nj = &tg[jlo..jhi];
            // Pairs {j, k} with k > j, in ascending k either way.
            if nj.len() <= 4 * (hi - p) {
                let from = jlo + nj.partition_point(|&k| k <= j);
                for q in from..jhi {
                    let wik = mark[tg[q] as usize];
                    if !wik[0].is_nan() || !wik[1].is_nan() {
                        sum += self.triple(wij, wik, ws[q]);
                    }
                }
            } else {
                for pp in p + 1..hi {
                    if let Ok(q) = nj.binary_search(&tg[pp]) {
                        sum += self.triple(wij, ws[pp], ws[jlo + q]);
                    }
                }
            }
        }
        let (mut d_out, mut d_in, mut rec) = (0u64, 0u64, 0u64);
        for p in lo..hi {
            mark[tg[p] as usize] = [f64::NAN; 2];
            let [f, b] = ws[p];
            d_out += u64::from(!f.is_nan());
            d_in += u64::from(!b.is_nan());
            rec += u64::from(!f.is_nan() && !b.is_nan());
        }
        let t = 2.0 * sum;
        if t == 0.0 {
            return 0.0;
        }
        if self.directed {
            let dt = d_out + d_in;
            t / ((dt * (dt - 1) - 2 * rec) * 2) as f64
        } else {
            let d = (hi - lo) as u64;
            t / (d * (d - 1)) as f64
        }
    }

    /// Sum of `cbrt(w_ij * w_ik * w_jk)` over every present choice of arc
    /// direction on the three sides (one choice for undirected graphs),
    /// multiplied in NetworkX's order.
    #[inline]
    fn triple(&self, ij: [f64; 2], ik: [f64; 2], jk: [f64; 2]) -> f64 {
        if !self.directed {
            return (ij[0] * jk[0] * ik[0]).cbrt();
        }
        let mut s = 0.0;
        for a in [ij[1], ij[0]] {
            for b in [ik[1], ik[0]] {
                for c in [jk[1], jk[0]] {
                    if !(a.is_nan() || b.is_nan() || c.is_nan()) {
                        s += (a * b * c).cbrt();
                    }
                }
            }
        }
        s
    }
}

/// `(neighbour, weight)` of `v`'s arcs in `adj`, ascending, self loop dropped.
fn collect_weighted<A: Adjacency>(adj: &A, v: u32, out: &mut Vec<(u32, f64)>) {
    out.clear();
    adj.for_each_weighted(v, |u, w| {
        if u != v {
            out.push((u, w));
        }
    });
}

/// Merge two ascending `(node, weight)` lists into `f(node, w_a, w_b)` with
/// `NaN` for a side that lacks the node.
fn merge_weighted(a: &[(u32, f64)], b: &[(u32, f64)], mut f: impl FnMut(u32, f64, f64)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let x = a.get(i).map_or(u32::MAX, |e| e.0);
        let y = b.get(j).map_or(u32::MAX, |e| e.0);
        match x.cmp(&y) {
            std::cmp::Ordering::Less => {
                f(x, a[i].1, f64::NAN);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                f(y, f64::NAN, b[j].1);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                f(x, a[i].1, b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
mod tests {
    use super::*;
    use crate::{EdgeWeights, GraphBuilder};
    use proptest::prelude::*;

    /// NetworkX's formulas, literally: `w[x][y]` is the weight of `x -> y`
    /// (NaN when absent; undirected edges both ways), self loops only in the
    /// maximum.
    fn brute_force(n: usize, edges: &[(u32, u32, f64)], directed: bool, weighted: bool) -> Vec<f64> {
        let mut w = vec![vec![f64::NAN; n]; n];
        let mut max_w = f64::NEG_INFINITY;
        for &(a, b, x) in edges {
            let x = if weighted { x } else { 1.0 };
            max_w = max_w.max(x);
            if a != b {
                w[a as usize][b as usize] = x;
                if !directed {
                    w[b as usize][a as usize] = x;
                }
            }
        }
        if edges.is_empty() {
            max_w = 1.0;
        }
        let wt = |x: usize, y: usize| w[x][y] / max_w;
        let has = |x: usize, y: usize| !w[x][y].is_nan();
        (0..n)
            .map(|i| {
                let mut t = 0.0;
                if directed {
                    let (preds, succs): (Vec<usize>, Vec<usize>) =
                        ((0..n).filter(|&j| has(j, i)).collect(), (0..n).filter(|&j| has(i, j)).collect());
                    // For j in chain(ipreds, isuccs), k over the four set products.
                    for (jset, ij) in [(&preds, true), (&succs, false)] {
                        for &j in jset {
                            let wij = if ij { wt(j, i) } else { wt(i, j) };
                            for (kset, ik) in [(&preds, true), (&succs, false)] {
                                for &k in kset {
                                    let wik = if ik { wt(k, i) } else { wt(i, k) };
                                    if has(k, j) {
                                        t += (wij * wik * wt(k, j)).cbrt();
                                    }
                                    if has(j, k) {
                                        t += (wij * wik * wt(j, k)).cbrt();
                                    }
                                }
                            }
                        }
                    }
                    let (dt, db) = (preds.len() + succs.len(), preds.iter().filter(|&&p| has(i, p)).count());
                    if t == 0.0 { 0.0 } else { t / (((dt * (dt - 1)) - 2 * db) * 2) as f64 }
                } else {
                    let nb: Vec<usize> = (0..n).filter(|&j| has(i, j)).collect();
                    for (a, &j) in nb.iter().enumerate() {
                        for &k in &nb[a + 1..] {
                            if has(j, k) {
                                t += (wt(i, j) * wt(j, k) * wt(k, i)).cbrt();
                            }
                        }
                    }
                    let d = nb.len();
                    if t == 0.0 { 0.0 } else { 2.0 * t / (d * (d - 1)) as f64 }
                }
            })
            .collect()
    }

    fn graph(directed: bool, n: usize, edges: &[(u32, u32, f64)], exec: &Exec) -> Graph {
        let s: Vec<u32> = edges.iter().map(|e| e.0).collect();
        let d: Vec<u32> = edges.iter().map(|e| e.1).collect();
        let w: Vec<f64> = edges.iter().map(|e| e.2).collect();
        let b = GraphBuilder::with_direction(directed).duplicates(crate::DuplicatePolicy::First);
        b.build(n, &s, &d, Some(EdgeWeights::F64(&w)), exec).unwrap()
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-12 * (1.0 + y.abs()))
    }

    proptest! {
        #[test]
        fn matches_networkx_formulas(n in 1usize..16,
                                     raw in proptest::collection::vec((0u32..16, 0u32..16, 1u32..9), 0..70),
                                     directed in any::<bool>(), weighted in any::<bool>()) {
            // Keep the first occurrence of each edge, as the graph does.
            let mut seen = std::collections::HashSet::new();
            let edges: Vec<(u32, u32, f64)> = raw.into_iter()
                .map(|(a, b, w)| (a % n as u32, b % n as u32, f64::from(w)))
                .filter(|&(a, b, _)| seen.insert(if directed || a <= b { (a, b) } else { (b, a) }))
                .collect();
            let e1 = Exec::sequential().unwrap();
            let e4 = Exec::with_threads(4).unwrap();
            let g = graph(directed, n, &edges, &e1);
            let cfg = ClusteringConfig::default().weighted(weighted);
            let want = brute_force(n, &edges, directed, weighted);
            let got = clustering(&g, &cfg, &e1).unwrap();
            prop_assert!(close(&got, &want), "{:?} vs {:?}", got.0, want);
            let got4 = clustering(&g.compress(&e1), &cfg, &e4).unwrap();
            prop_assert_eq!(got.0, got4.0);
        }
    }

    #[test]
    fn karate_club_matches_networkx() {
        let exec = Exec::sequential().unwrap();
        // list(nx.clustering(nx.karate_club_graph()).values())
        let unweighted = [
            0.15, 0.3333333333333333, 0.24444444444444444, 0.6666666666666666, 0.6666666666666666, 0.5, 0.5, 1.0,
            0.5, 0.0, 0.6666666666666666, 0.0, 1.0, 0.6, 1.0, 1.0, 1.0, 1.0, 1.0, 0.3333333333333333, 1.0, 1.0, 1.0,
            0.4, 0.3333333333333333, 0.3333333333333333, 1.0, 0.16666666666666666, 0.3333333333333333,
            0.6666666666666666, 0.5, 0.2, 0.19696969696969696, 0.11029411764705882,
        ];
        // list(nx.clustering(nx.karate_club_graph(), weight="weight").values())
        let weighted = [
            0.06631121196141879, 0.16691488397650842, 0.13142659927282047, 0.3000014925962802, 0.24959441849608532,
            0.23177447626640527, 0.23177447626640527, 0.4856715918928874, 0.24297226992368187, 0.0,
            0.24959441849608532, 0.0, 0.29715483186455766, 0.30728655709580216, 0.44389035799340837,
            0.5592668058812661, 0.5081276149271517, 0.2857142857142856, 0.3077763842902691, 0.11999248094236885,
            0.35231601061863854, 0.35997744282710653, 0.44389035799340837, 0.22058508021994938, 0.14459947485122204,
            0.14459947485122204, 0.35997744282710653, 0.09523809523809519, 0.11999248094236885,
            0.30331335178397184, 0.23473382269963547, 0.09395524239742073, 0.09656764202868079, 0.05233010615463942,
        ];
        let g = super::super::testdata::karate(&exec, true);
        let c = clustering(&g, &ClusteringConfig::default(), &exec).unwrap();
        assert_eq!(c.0, unweighted);
        let c = clustering(&g, &ClusteringConfig::default().weighted(true), &exec).unwrap();
        assert!(close(&c, &weighted), "{:?}", c.0);
        // nx.average_clustering(G), (G, weight="weight"), (G, count_zeros=False)
        let avg = |cfg: AverageClusteringConfig| average_clustering(&g, &cfg, &exec).unwrap();
        assert_eq!(avg(AverageClusteringConfig::default()), 0.5706384782076823);
        assert!((avg(AverageClusteringConfig::default().weighted(true)) - 0.24139179950856332).abs() < 1e-14);
        assert_eq!(avg(AverageClusteringConfig::default().count_zeros(false)), 0.6063033830956625);
    }

    #[test]
    fn directed_matches_networkx() {
        // D = nx.DiGraph(); D.add_weighted_edges_from([(0,1,2.0),(1,2,1.0),(2,0,3.0),(0,2,0.5),
        //   (2,3,1.5),(3,0,2.5),(1,3,1.0),(4,4,4.0),(4,0,1.0),(0,4,2.0),(5,1,0.7)])
        // list(nx.clustering(D).values()), list(nx.clustering(D, weight="weight").values())
        let edges = [
            (0, 1, 2.0), (1, 2, 1.0), (2, 0, 3.0), (0, 2, 0.5), (2, 3, 1.5), (3, 0, 2.5), (1, 3, 1.0), (4, 4, 4.0),
            (4, 0, 1.0), (0, 4, 2.0), (5, 1, 0.7),
        ];
        let exec = Exec::sequential().unwrap();
        let g = graph(true, 6, &edges, &exec);
        let c = clustering(&g, &ClusteringConfig::default(), &exec).unwrap();
        assert_eq!(c.0, [0.19230769230769232, 0.3333333333333333, 0.5, 0.6666666666666666, 0.0, 0.0]);
        let c = clustering(&g, &ClusteringConfig::default().weighted(true), &exec).unwrap();
        let want = [0.07693177836492936, 0.11816272462629514, 0.1858910811457322, 0.2636874416530769, 0.0, 0.0];
        assert!(close(&c, &want), "{:?}", c.0);
    }

    #[test]
    fn zero_max_weight_and_empty_graph() {
        let exec = Exec::sequential().unwrap();
        let g = graph(false, 3, &[(0, 1, 0.0), (1, 2, 0.0)], &exec);
        let cfg = ClusteringConfig::default().weighted(true);
        assert_eq!(clustering(&g, &cfg, &exec).unwrap_err().kind(), crate::ErrorKind::InvalidWeight);
        // Directed without any triangle: NetworkX never divides, all zeros.
        let g = graph(true, 3, &[(0, 1, 0.0), (1, 2, 0.0)], &exec);
        assert_eq!(clustering(&g, &cfg, &exec).unwrap().0, vec![0.0; 3]);
        let g = graph(false, 0, &[], &exec);
        assert!(clustering(&g, &cfg, &exec).unwrap().is_empty());
        let err = average_clustering(&g, &AverageClusteringConfig::default(), &exec).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::EmptyGraph);
        let g = graph(false, 2, &[(0, 1, 1.0)], &exec);
        let err = average_clustering(&g, &AverageClusteringConfig::default().count_zeros(false), &exec).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::EmptyGraph);
    }

    #[test]
    fn large_weighted_graph_threads_and_storage_agree() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let n = 5_000u32;
        let edges: Vec<(u32, u32, f64)> = (0..60_000)
            .map(|_| {
                let x: f64 = rng.random();
                let a = ((x * x) * f64::from(n)) as u32 % n;
                (a, rng.random_range(0..n), rng.random_range(0.5..3.0))
            })
            .collect();
        let e1 = Exec::sequential().unwrap();
        let e4 = Exec::with_threads(4).unwrap();
        for directed in [false, true] {
            let g = graph(directed, n as usize, &edges, &e4);
            for weighted in [false, true] {
                let cfg = ClusteringConfig::default().weighted(weighted);
                let a = clustering(&g, &cfg, &e1).unwrap();
                let b = clustering(&g.compress(&e4), &cfg, &e4).unwrap();
                assert_eq!(a.0, b.0);
                assert!(a.iter().any(|&x| x > 0.0));
            }
        }
    }
}
