//! Burt's structural holes: constraint, effective size, efficiency and
//! hierarchy, as NetworkX computes them.
//!
//! Everything rests on *mutual weights*. With `a_ij` the weight of the arc
//! `i -> j` (0 if absent, 1 if unweighted), `m_ij = a_ij + a_ji` (for an
//! undirected graph, twice the edge weight; a self loop of weight `w` gives
//! `m_ii = 2w`). The contacts `N(i)` are the nodes with `m_ij > 0`, i.e. the
//! union of in- and out-neighbours, `i` itself included when it has a self
//! loop, exactly as NetworkX's sparse-matrix path (what `nx.constraint(G)`
//! and `nx.effective_size(G)` run when SciPy is installed) counts them
//! (its per-node path agrees). Then
//!
//! * `p_ij = m_ij / Σ_k m_ik` (proportional investment),
//! * `ℓ_ij = (p_ij + Σ_k p_ik p_kj)²` (local, or dyadic, constraint),
//! * constraint `C_i = Σ_{j ∈ N(i)} ℓ_ij`,
//! * effective size `E_i = Σ_{j ∈ N(i)} (1 - Σ_k p_ik m_jk / max_l m_jl)`,
//! * efficiency `E_i / deg(i)` with NetworkX's `G.degree(i)` (unweighted;
//!   in + out for directed graphs; an undirected self loop counts twice),
//!   as the NetworkX `effective_size` documentation computes it,
//! * hierarchy `H_i = Σ_j r_ij ln r_ij / (n_i ln n_i)` with
//!   `r_ij = ℓ_ij / (C'_i / n_i)` over the `n_i` contacts `j ≠ i`, and
//!   `C'_i = Σ_{j ≠ i} ℓ_ij` (equal to `C_i` without a self loop): the
//!   Coleman–Theil disorder index of the constraint contributions, Burt
//!   (1992, p. 71) and UCINET's "Hierarchy". It is 0 when every contact
//!   constrains `i` equally and tends to 1 when one contact holds all of it.
//!   NetworkX and igraph have no hierarchy. It is NaN for fewer than two
//!   contacts, where the index is `0/0`.
//!
//! Effective size divides by the *contact's* largest mutual weight, as
//! NetworkX documents and as its per-node path (`nodes=...`) computes it.
//! NetworkX 3.6's all-nodes sparse path divides by the column maximum
//! `max_l m_lk` instead, a bug (networkx PR #8906) that changes weighted and
//! directed results; unweighted undirected graphs are unaffected.
//!
//! A node without a contact other than itself (isolated, or with self loops
//! only) gets NaN in all four measures, as NetworkX does for effective size
//! and, on unweighted graphs, for constraint. (NetworkX's test for constraint
//! compares an unnormalised row sum with a normalised diagonal, so on weighted
//! graphs a node whose only tie is a self loop of weight `≠ 1` gets 4 there;
//! ona says NaN.) A tie of weight 0 is no tie. Graphs whose self loops mean
//! nothing are best built with [`SelfLoopPolicy::Drop`](crate::SelfLoopPolicy).

use rayon::prelude::*;

use crate::error::{Error, Result, WeightProblem};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Nodes per parallel work item and progress step (work per node is
/// uneven: `O(Σ_k min(d_i, d_k) log d)` over its contacts `k`).
const CHUNK: usize = 256;

/// Configuration of [`structural_holes`] and its single-measure forms.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct HolesConfig {
    /// Use arc weights (NetworkX `weight="weight"`; default `false`, i.e.
    /// `weight=None`). Unweighted graphs weigh 1.
    pub weighted: bool,
}

impl HolesConfig {
    /// Set [`HolesConfig::weighted`].
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// The four structural-hole measures of every node, from one pass.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct StructuralHoles {
    /// Burt's constraint (NetworkX `constraint`).
    pub constraint: Scores,
    /// Burt's effective size (NetworkX `effective_size`).
    pub effective_size: Scores,
    /// Effective size over degree.
    pub efficiency: Scores,
    /// Burt's hierarchy (Coleman–Theil index of the constraint terms).
    pub hierarchy: Scores,
}

/// Constraint, effective size, efficiency and hierarchy of every node (see
/// the [module docs](self) for the formulas and NaN cases).
///
/// NetworkX: `nx.constraint(G, weight=...)`, `nx.effective_size(G,
/// weight=...)` (with the fix of networkx PR #8906) and
/// `{v: e / G.degree(v)}` for efficiency; directed graphs as
/// NetworkX treats them (contacts are in- and out-neighbours, ties weigh
/// `a_ij + a_ji`). Hierarchy follows Burt (1992) and UCINET.
///
/// **Complexity** `O(n + m)` memory for the mutual-weight lists; time
/// `O(Σ_{i~k} min(d_i, d_k) · log max(d_i, d_k))` over adjacent pairs, at
/// most `O(Σ_i d_i²)` (NetworkX's sparse `P @ P` costs the same). Each
/// contact list is intersected with each contact's list, galloping when
/// one is much shorter. **Parallelism**: nodes in blocks on `exec`'s pool;
/// each node's sums run in a fixed order, so results are identical for any
/// thread count and storage. **Errors**: [`Error::InvalidWeight`] for a NaN,
/// infinite or negative weight when `weighted`; cancellation / deadline.
///
/// References: R. S. Burt, *Structural Holes: The Social Structure of
/// Competition*, Harvard University Press, 1992 (constraint eq. 2.4,
/// hierarchy p. 71); R. S. Burt, "Structural holes and good ideas",
/// American Journal of Sociology 110(2), 2004; S. P. Borgatti, "Structural
/// holes: unpacking Burt's redundancy measures", Connections 20(1), 1997.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{structural_holes, HolesConfig};
/// let exec = Exec::sequential()?;
/// // nx.Graph([(0, 1), (0, 2), (0, 3), (1, 2)]): 0 brokers between 3 and {1, 2}.
/// let g = GraphBuilder::undirected().build(4, &[0, 0, 0, 1], &[1, 2, 3, 2], None, &exec)?;
/// let h = structural_holes(&g, &HolesConfig::default(), &exec)?;
/// let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
/// assert!(close(&h.constraint, &[0.6111111111111112, 1.0069444444444444, 1.0069444444444444, 1.0]));
/// assert!(close(&h.effective_size, &[2.3333333333333335, 1.0, 1.0, 1.0]));
/// assert!(close(&h.efficiency, &[0.7777777777777778, 0.5, 0.5, 1.0]));
/// assert!((h.hierarchy[0] - 0.0522045454467525).abs() < 1e-12);
/// assert!(h.hierarchy[3].is_nan()); // one contact: 0/0
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn structural_holes<A: Adjacency>(g: &Graph<A>, cfg: &HolesConfig, exec: &Exec) -> Result<StructuralHoles> {
    let weighted = cfg.weighted && g.is_weighted();
    if weighted {
        check_weights(g.out_adj(), exec)?;
    }
    exec.check()?;
    let mutual = Mutual::build(g, weighted, exec)?;
    let n = g.node_count();
    let tracker = exec.tracker("structural_holes", n as u64);
    let mut rows = vec![[0.0f64; 4]; n];
    exec.install(|| {
        rows.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, chunk)| {
            let mut scratch = Scratch::default();
            for (slot, i) in chunk.iter_mut().zip(c * CHUNK..) {
                *slot = node_measures(g, &mutual, i, &mut scratch, exec)?;
            }
            tracker.advance(chunk.len() as u64)
        })
    })?;
    let column = |k: usize| Scores(rows.iter().map(|r| r[k]).collect());
    Ok(StructuralHoles { constraint: column(0), effective_size: column(1), efficiency: column(2), hierarchy: column(3) })
}

/// Burt's constraint of every node; NetworkX `nx.constraint(G, weight=...)`.
///
/// Same computation, complexity and errors as [`structural_holes`] (whose
/// other measures cost nothing extra). NaN for nodes without contacts.
///
/// ```
/// use ona_core::{EdgeWeights, Exec, GraphBuilder};
/// use ona_core::ona::{constraint, HolesConfig};
/// let exec = Exec::sequential()?;
/// // nx.DiGraph with weighted arcs 0->1 (2), 1->0 (1), 1->2 (3), 2->0 (1), 0->3 (1)
/// let w = [2.0, 1.0, 3.0, 1.0, 1.0];
/// let g = GraphBuilder::directed().build(4, &[0, 1, 1, 2, 0], &[1, 0, 2, 0, 3], Some(EdgeWeights::F64(&w)), &exec)?;
/// let c = constraint(&g, &HolesConfig::default().weighted(true), &exec)?;
/// let nx = [0.8525000000000003, 0.750625, 1.200625, 1.0];
/// assert!(c.iter().zip(nx).all(|(x, y)| (x - y).abs() < 1e-12));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn constraint<A: Adjacency>(g: &Graph<A>, cfg: &HolesConfig, exec: &Exec) -> Result<Scores> {
    Ok(structural_holes(g, cfg, exec)?.constraint)
}

/// Burt's effective size of every node; NetworkX `nx.effective_size(G,
/// weight=...)`: its documented formula, which its all-nodes path gets right
/// for unweighted undirected graphs only (see the [module docs](self) and
/// networkx PR #8906); Borgatti's `n - 2t/n` shortcut agrees without self
/// loops.
///
/// Same computation, complexity and errors as [`structural_holes`]. NaN for
/// nodes without a contact other than themselves.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{effective_size, HolesConfig};
/// let exec = Exec::sequential()?;
/// // nx.path_graph(3) plus the isolated node 3: {0: 1.0, 1: 2.0, 2: 1.0, 3: nan}
/// let g = GraphBuilder::undirected().build(4, &[0, 1], &[1, 2], None, &exec)?;
/// let e = effective_size(&g, &HolesConfig::default(), &exec)?;
/// assert_eq!(&e[..3], &[1.0, 2.0, 1.0]);
/// assert!(e[3].is_nan());
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn effective_size<A: Adjacency>(g: &Graph<A>, cfg: &HolesConfig, exec: &Exec) -> Result<Scores> {
    Ok(structural_holes(g, cfg, exec)?.effective_size)
}

/// Burt's efficiency: effective size divided by degree, as the NetworkX
/// `effective_size` docs compute it (`esize[v] / G.degree(v)`: unweighted
/// degree, in + out for directed graphs, an undirected self loop twice).
///
/// Same computation, complexity and errors as [`structural_holes`]. NaN for
/// nodes without a contact other than themselves.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{efficiency, HolesConfig};
/// let exec = Exec::sequential()?;
/// // A star: the hub's three contacts are fully non-redundant.
/// let g = GraphBuilder::undirected().build(4, &[0, 0, 0], &[1, 2, 3], None, &exec)?;
/// assert_eq!(efficiency(&g, &HolesConfig::default(), &exec)?.0, vec![1.0; 4]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn efficiency<A: Adjacency>(g: &Graph<A>, cfg: &HolesConfig, exec: &Exec) -> Result<Scores> {
    Ok(structural_holes(g, cfg, exec)?.efficiency)
}

/// Burt's hierarchy: how concentrated a node's constraint is in a single
/// contact, `Σ_j r_j ln r_j / (n ln n)` with `r_j = ℓ_ij / (C'_i / n)` over
/// its `n` contacts `j ≠ i` (see the [module docs](self)). In `[0, 1]`;
/// NaN with fewer than two contacts. No NetworkX equivalent (UCINET's
/// "Hierarchy"; Burt 1992, p. 71).
///
/// Same computation, complexity and errors as [`structural_holes`].
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{hierarchy, HolesConfig};
/// let exec = Exec::sequential()?;
/// // A star: the hub's contacts constrain it equally, so no hierarchy.
/// let g = GraphBuilder::undirected().build(4, &[0, 0, 0], &[1, 2, 3], None, &exec)?;
/// let h = hierarchy(&g, &HolesConfig::default(), &exec)?;
/// assert_eq!(h[0], 0.0);
/// assert!(h[1].is_nan());
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn hierarchy<A: Adjacency>(g: &Graph<A>, cfg: &HolesConfig, exec: &Exec) -> Result<Scores> {
    Ok(structural_holes(g, cfg, exec)?.hierarchy)
}

/// Weights must be finite and non-negative to be investments.
fn check_weights<A: Adjacency>(adj: &A, exec: &Exec) -> Result<()> {
    let bad = exec.install(|| {
        (0..adj.arc_count()).into_par_iter().find_first(|&arc| {
            let w = adj.arc_weight(arc);
            !(w.is_finite() && w >= 0.0)
        })
    });
    let Some(edge) = bad else { return Ok(()) };
    let weight = adj.arc_weight(edge);
    let problem = if weight.is_nan() {
        WeightProblem::NotANumber
    } else if weight.is_infinite() {
        WeightProblem::Infinite
    } else {
        WeightProblem::Negative
    };
    Err(Error::InvalidWeight { edge, weight, problem })
}

/// Every node's contacts (ascending) with mutual weights `m_ij > 0`, plus
/// each node's row sum and row maximum.
struct Mutual {
    off: Vec<usize>,
    nbr: Vec<u32>,
    w: Vec<f64>,
    sum: Vec<f64>,
    max: Vec<f64>,
}

/// One block of [`Mutual`], built in parallel and concatenated in order.
#[derive(Default)]
struct Block {
    len: Vec<usize>,
    nbr: Vec<u32>,
    w: Vec<f64>,
    sum: Vec<f64>,
    max: Vec<f64>,
}

impl Mutual {
    fn build<A: Adjacency>(g: &Graph<A>, weighted: bool, exec: &Exec) -> Result<Self> {
        let n = g.node_count();
        let blocks: Vec<Block> = exec.install(|| {
            (0..n.div_ceil(4 * CHUNK))
                .into_par_iter()
                .map(|b| {
                    let mut blk = Block::default();
                    let (mut outs, mut ins) = (Vec::new(), Vec::new());
                    for v in b * 4 * CHUNK..n.min((b + 1) * 4 * CHUNK) {
                        let before = blk.nbr.len();
                        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
                        merge_node(g, v as u32, weighted, &mut outs, &mut ins, &mut blk);
                        let ws = &blk.w[before..];
                        blk.len.push(ws.len());
                        blk.sum.push(ws.iter().sum());
                        blk.max.push(ws.iter().copied().fold(0.0, f64::max));
                    }
                    blk
                })
                .collect()
        });
        exec.check()?;
        let total: usize = blocks.iter().map(|b| b.nbr.len()).sum();
        let mut m = Mutual {
            off: Vec::with_capacity(n + 1),
            nbr: Vec::with_capacity(total),
            w: Vec::with_capacity(total),
            sum: Vec::with_capacity(n),
            max: Vec::with_capacity(n),
        };
        m.off.push(0);
        for b in blocks {
            for len in b.len {
                let last = m.off[m.off.len() - 1];
                m.off.push(last + len);
            }
            m.nbr.extend_from_slice(&b.nbr);
            m.w.extend_from_slice(&b.w);
            m.sum.extend_from_slice(&b.sum);
            m.max.extend_from_slice(&b.max);
        }
        Ok(m)
    }

    #[inline]
    fn list(&self, v: usize) -> (&[u32], &[f64]) {
        let r = self.off[v]..self.off[v + 1];
        (&self.nbr[r.clone()], &self.w[r])
    }
}

/// Append `v`'s contacts and mutual weights to `blk`: out- and in-lists
/// merged (for undirected graphs the one list, weights doubled).
fn merge_node<A: Adjacency>(g: &Graph<A>, v: u32, weighted: bool, outs: &mut Vec<(u32, f64)>, ins: &mut Vec<(u32, f64)>, blk: &mut Block) {
    let wt = |x: f64| if weighted { x } else { 1.0 };
    let mut push = |u: u32, m: f64| {
        if m > 0.0 {
            blk.nbr.push(u);
            blk.w.push(m);
        }
    };
    if !g.is_directed() {
        g.out_adj().for_each_weighted(v, |u, x| push(u, wt(x) + wt(x)));
        return;
    }
    outs.clear();
    ins.clear();
    g.out_adj().for_each_weighted(v, |u, x| outs.push((u, wt(x))));
    g.in_adj().for_each_weighted(v, |u, x| ins.push((u, wt(x))));
    let (mut i, mut j) = (0, 0);
    loop {
        match (outs.get(i), ins.get(j)) {
            (Some(&(a, x)), Some(&(b, y))) if a == b => {
                push(a, x + y);
                i += 1;
                j += 1;
            }
            (Some(&(a, x)), Some(&(b, _))) if a < b => {
                push(a, x);
                i += 1;
            }
            (Some(&(a, x)), None) => {
                push(a, x);
                i += 1;
            }
            (_, Some(&(b, y))) => {
                push(b, y);
                j += 1;
            }
            (None, None) => break,
        }
    }
}

/// Per-node sums over the contacts: indirect investment `Σ_k p_ik p_kj`
/// (by `j`) and redundancy `Σ_k p_ik m_jk / max_j` (by `j`).
#[derive(Default)]
struct Scratch {
    indirect: Vec<f64>,
    redundancy: Vec<f64>,
}

/// `[constraint, effective size, efficiency, hierarchy]` of node `i`.
fn node_measures<A: Adjacency>(g: &Graph<A>, mu: &Mutual, i: usize, s: &mut Scratch, exec: &Exec) -> Result<[f64; 4]> {
    let (ni, wi) = mu.list(i);
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let me = i as u32;
    if ni.iter().all(|&j| j == me) {
        return Ok([f64::NAN; 4]);
    }
    let d = ni.len();
    let si = mu.sum[i];
    s.indirect.clear();
    s.indirect.resize(d, 0.0);
    s.redundancy.clear();
    s.redundancy.resize(d, 0.0);
    for (a, (&k, &wk_i)) in ni.iter().zip(wi).enumerate() {
        if a % 64 == 63 {
            exec.check()?;
        }
        let k = k as usize;
        let p_ik = wk_i / si;
        let (nk, wk) = mu.list(k);
        let (sk, xk) = (mu.sum[k], mu.max[k]);
        let (indirect, redundancy) = (&mut s.indirect, &mut s.redundancy);
        let mut red = 0.0;
        intersect(ni, nk, |c, b| {
            // l = ni[c] = nk[b]: p_ik p_kl adds to l's indirect term; p_il
            // m_kl / max_k to k's redundancy.
            indirect[c] += p_ik * (wk[b] / sk);
            red += (wi[c] / si) * (wk[b] / xk);
        });
        redundancy[a] = red;
    }
    let (mut constraint, mut esize) = (0.0, 0.0);
    let (mut c_other, mut n_other) = (0.0, 0usize);
    for (c, (&j, &wj)) in ni.iter().zip(wi).enumerate() {
        let l = (wj / si + s.indirect[c]).powi(2);
        constraint += l;
        esize += 1.0 - s.redundancy[c];
        if j != me {
            c_other += l;
            n_other += 1;
        }
    }
    let hierarchy = if n_other < 2 {
        f64::NAN
    } else {
        let nf = n_other as f64;
        let mean = c_other / nf;
        let mut h = 0.0;
        for (c, (&j, &wj)) in ni.iter().zip(wi).enumerate() {
            if j != me {
                let r = (wj / si + s.indirect[c]).powi(2) / mean;
                h += r * r.ln();
            }
        }
        h / (nf * nf.ln())
    };
    Ok([constraint, esize, esize / nx_degree(g, me), hierarchy])
}

/// NetworkX's `G.degree(v)`: in + out for directed graphs; an undirected
/// self loop counts twice.
fn nx_degree<A: Adjacency>(g: &Graph<A>, v: u32) -> f64 {
    let out = f64::from(g.out_adj().degree(v));
    if g.is_directed() {
        out + f64::from(g.in_adj().degree(v))
    } else if g.self_loop_count() > 0 && g.out_adj().any_neighbor(v, |u| u == v) {
        out + 1.0
    } else {
        out
    }
}

/// Calls `f(ia, ib)` for every common element `a[ia] == b[ib]` of two
/// ascending lists, in ascending order; gallops through the longer list
/// when one is much shorter.
#[inline]
fn intersect(a: &[u32], b: &[u32], mut f: impl FnMut(usize, usize)) {
    if a.len() > 16 * b.len() {
        let mut lo = 0;
        for (ib, x) in b.iter().enumerate() {
            match a[lo..].binary_search(x) {
                Ok(k) => {
                    f(lo + k, ib);
                    lo += k + 1;
                }
                Err(k) => lo += k,
            }
        }
    } else if b.len() > 16 * a.len() {
        let mut lo = 0;
        for (ia, x) in a.iter().enumerate() {
            match b[lo..].binary_search(x) {
                Ok(k) => {
                    f(ia, lo + k);
                    lo += k + 1;
                }
                Err(k) => lo += k,
            }
        }
    } else {
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    f(i, j);
                    i += 1;
                    j += 1;
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)] // tiny test graphs
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::graph::{EdgeWeights, GraphBuilder};

    fn exec(t: usize) -> Exec {
        Exec::with_threads(t).expect("pool")
    }

    /// NetworkX's sparse-matrix formulas on a dense matrix, written out
    /// independently of the list-based kernel above.
    fn dense(n: usize, arcs: &[(u32, u32, f64)], directed: bool) -> [Vec<f64>; 4] {
        let mut a = vec![vec![0.0; n]; n];
        let mut deg = vec![0.0; n];
        for &(u, v, w) in arcs {
            let (u, v) = (u as usize, v as usize);
            a[u][v] = w;
            if !directed {
                a[v][u] = w;
            }
            deg[u] += 1.0;
            deg[v] += 1.0;
        }
        let m: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| a[i][j] + a[j][i]).collect()).collect();
        let s: Vec<f64> = m.iter().map(|r| r.iter().sum()).collect();
        let x: Vec<f64> = m.iter().map(|r| r.iter().copied().fold(0.0, f64::max)).collect();
        let p: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if s[i] > 0.0 { m[i][j] / s[i] } else { 0.0 }).collect()).collect();
        let mut out = [vec![f64::NAN; n], vec![f64::NAN; n], vec![f64::NAN; n], vec![f64::NAN; n]];
        for i in 0..n {
            if (0..n).all(|j| j == i || m[i][j] == 0.0) {
                continue;
            }
            let local: Vec<f64> = (0..n).map(|j| (p[i][j] + (0..n).map(|k| p[i][k] * p[k][j]).sum::<f64>()).powi(2)).collect();
            let contacts: Vec<usize> = (0..n).filter(|&j| p[i][j] > 0.0).collect();
            out[0][i] = contacts.iter().map(|&j| local[j]).sum();
            out[1][i] = contacts.iter().map(|&j| 1.0 - (0..n).map(|k| p[i][k] * m[j][k] / x[j]).sum::<f64>()).sum();
            out[2][i] = out[1][i] / deg[i];
            let others: Vec<f64> = contacts.iter().filter(|&&j| j != i).map(|&j| local[j]).collect();
            if others.len() >= 2 {
                let nf = others.len() as f64;
                let mean = others.iter().sum::<f64>() / nf;
                out[3][i] = others.iter().map(|l| (l / mean) * (l / mean).ln()).sum::<f64>() / (nf * nf.ln());
            }
        }
        out
    }

    /// A random simple graph: distinct arcs (unordered pairs if undirected),
    /// some self loops, weights in {0.5, 1, 2, 3.5}.
    fn random_arcs(rng: &mut ChaCha8Rng, n: u32, directed: bool) -> Vec<(u32, u32, f64)> {
        let density = rng.random_range(0.1..0.7);
        let mut arcs = Vec::new();
        for u in 0..n {
            for v in 0..n {
                let keep = if u == v { rng.random_bool(0.15) } else { (directed || u < v) && rng.random_bool(density) };
                if keep {
                    arcs.push((u, v, [0.5, 1.0, 2.0, 3.5][rng.random_range(0..4)]));
                }
            }
        }
        arcs
    }

    fn assert_close(what: &str, got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len(), "{what}");
        for (v, (g, w)) in got.iter().zip(want).enumerate() {
            let ok = (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-12 * w.abs().max(1.0);
            assert!(ok, "{what} node {v}: got {g}, want {w}");
        }
    }

    #[test]
    fn matches_dense_networkx_formulas_on_random_graphs() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let e = exec(2);
        for case in 0..300 {
            let directed = case % 2 == 0;
            let n = rng.random_range(1..11u32);
            let arcs = random_arcs(&mut rng, n, directed);
            let (src, dst): (Vec<u32>, Vec<u32>) = arcs.iter().map(|&(u, v, _)| (u, v)).unzip();
            let w: Vec<f64> = arcs.iter().map(|a| a.2).collect();
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F64(&w)), &e).expect("g");
            for weighted in [false, true] {
                let arcs: Vec<_> = arcs.iter().map(|&(u, v, x)| (u, v, if weighted { x } else { 1.0 })).collect();
                let want = dense(n as usize, &arcs, directed);
                let got = structural_holes(&g, &HolesConfig::default().weighted(weighted), &e).expect("holes");
                let what = format!("case {case} (directed {directed}, weighted {weighted}, arcs {arcs:?})");
                assert_close(&format!("constraint {what}"), &got.constraint, &want[0]);
                assert_close(&format!("effective size {what}"), &got.effective_size, &want[1]);
                assert_close(&format!("efficiency {what}"), &got.efficiency, &want[2]);
                assert_close(&format!("hierarchy {what}"), &got.hierarchy, &want[3]);
            }
        }
    }

    #[test]
    fn networkx_examples() {
        let e = exec(1);
        // nx.DiGraph([(0,1),(1,0),(1,2),(2,2),(3,1)]): constraint
        // {0: 1.0, 1: 0.48611111111111105, 2: 1.7353395061728394, 3: 1.0},
        // effective_size {0: 1.0, 1: 2.75, 2: 0.8333333333333335, 3: 1.0}.
        let g = GraphBuilder::directed().build(4, &[0, 1, 1, 2, 3], &[1, 0, 2, 2, 1], None, &e).expect("g");
        let h = structural_holes(&g, &HolesConfig::default(), &e).expect("h");
        assert_close("constraint", &h.constraint, &[1.0, 0.48611111111111105, 1.7353395061728394, 1.0]);
        assert_close("effective size", &h.effective_size, &[1.0, 2.75, 0.8333333333333335, 1.0]);
        // Self-loop-only nodes are isolated (nx.path_graph(3) + (4, 4)).
        let g = GraphBuilder::undirected().build(4, &[0, 1, 3], &[1, 2, 3], Some(EdgeWeights::F64(&[1.0, 1.0, 3.0])), &e).expect("g");
        for weighted in [false, true] {
            let h = structural_holes(&g, &HolesConfig::default().weighted(weighted), &e).expect("h");
            assert_close("constraint", &h.constraint, &[1.0, 0.5, 1.0, f64::NAN]);
            assert_close("effective size", &h.effective_size, &[1.0, 2.0, 1.0, f64::NAN]);
        }
    }

    #[test]
    fn threads_storage_and_errors() {
        let (e1, e4) = (exec(1), exec(4));
        let n = 2000u32;
        let src: Vec<u32> = (0..12_000u32).map(|i| (i * 7919) % n).collect();
        let dst: Vec<u32> = (0..12_000u32).map(|i| (i * 104_729 + 13) % (n / 3 + 1)).collect();
        let w: Vec<f64> = (0..12_000u32).map(|i| f64::from(i % 5) + 0.25).collect();
        for directed in [false, true] {
            let g = GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F64(&w)), &e1).expect("g");
            let cfg = HolesConfig::default().weighted(true);
            let a = structural_holes(&g, &cfg, &e1).expect("h");
            let b = structural_holes(&g, &cfg, &e4).expect("h");
            let c = structural_holes(&g.compress(&e1), &cfg, &e4).expect("h");
            let bits = |h: &StructuralHoles| {
                h.constraint.iter().chain(h.effective_size.iter()).chain(h.hierarchy.iter()).map(|x| x.to_bits()).collect::<Vec<_>>()
            };
            assert_eq!(bits(&a), bits(&b));
            assert_eq!(bits(&a), bits(&c));
        }
        let g = GraphBuilder::directed().build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&[1.0, -2.0])), &e1).expect("g");
        let err = constraint(&g, &HolesConfig::default().weighted(true), &e1);
        assert!(matches!(err, Err(Error::InvalidWeight { problem: WeightProblem::Negative, .. })), "{err:?}");
        assert!(constraint(&g, &HolesConfig::default(), &e1).is_ok());
        let c = exec(1);
        c.token().cancel();
        assert_eq!(effective_size(&g, &HolesConfig::default(), &c), Err(Error::Cancelled));
        let empty = GraphBuilder::undirected().build(0, &[], &[], None, &e1).expect("g");
        assert!(hierarchy(&empty, &HolesConfig::default(), &e1).expect("h").is_empty());
    }

    #[test]
    fn intersect_gallops_and_merges_alike() {
        let a: Vec<u32> = (0..400).map(|x| x * 3).collect();
        for b in [vec![0u32, 5, 9, 600, 1197, 2000], (0..300).map(|x| x * 2).collect(), vec![]] {
            let mut got = Vec::new();
            intersect(&a, &b, |i, j| got.push((a[i], b[j])));
            let mut back = Vec::new();
            intersect(&b, &a, |i, j| back.push((a[j], b[i])));
            let want: Vec<(u32, u32)> = b.iter().filter(|x| *x % 3 == 0 && **x < 1200).map(|&x| (x, x)).collect();
            assert_eq!(got, want);
            assert_eq!(back, want);
        }
    }
}
