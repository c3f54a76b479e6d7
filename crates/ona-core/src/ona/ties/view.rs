//! The undirected simple view every measure in [`ties`](super) reads: `u`
//! and `v` are tied when either arc exists, self loops are dropped, and the
//! tie weighs the sum of both directions' weights.

use rayon::prelude::*;

use crate::error::{Error, Result, WeightProblem};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};

/// Nodes per parallel work item and progress step.
pub(super) const CHUNK: usize = 512;

/// Each node's distinct neighbours other than itself (ascending) with the
/// tie weight, as a CSR.
#[derive(Debug)]
pub(super) struct View {
    off: Vec<usize>,
    nbr: Vec<u32>,
    w: Vec<f64>,
}

impl View {
    /// The view of `g`. With `weighted` (and a weighted graph) a tie weighs
    /// the edge weight (undirected) or `a_uv + a_vu` (directed); otherwise
    /// 1 per edge (undirected) or per arc present (directed: 1 or 2).
    /// [`Error::InvalidWeight`] for a negative weight when weighted.
    pub(super) fn build<A: Adjacency>(g: &Graph<A>, weighted: bool, exec: &Exec) -> Result<Self> {
        let weighted = weighted && g.is_weighted();
        let n = g.node_count();
        let tracker = exec.tracker("undirected_view", n as u64);
        let parts: Vec<(Vec<usize>, Vec<u32>, Vec<f64>)> = exec.install(|| {
            (0..n.div_ceil(CHUNK))
                .into_par_iter()
                .map(|c| {
                    let (mut lens, mut nbr, mut w) = (Vec::new(), Vec::new(), Vec::new());
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    for v in c * CHUNK..n.min((c + 1) * CHUNK) {
                        let v =
                            u32::try_from(v).map_err(|_| Error::TooLarge { what: "nodes", count: n as u64, limit: u64::from(u32::MAX) })?;
                        let before = nbr.len();
                        collect(g.out_adj(), v, weighted, &mut a)?;
                        if g.is_directed() {
                            collect(g.in_adj(), v, weighted, &mut b)?;
                            merge(&a, &b, &mut nbr, &mut w);
                        } else {
                            for &(u, x) in &a {
                                nbr.push(u);
                                w.push(x);
                            }
                        }
                        lens.push(nbr.len() - before);
                    }
                    tracker.advance(lens.len() as u64).map(|()| (lens, nbr, w))
                })
                .collect::<Result<Vec<_>>>()
        })?;
        let total: usize = parts.iter().map(|p| p.1.len()).sum();
        let (mut off, mut nbr, mut w) = (Vec::with_capacity(n + 1), Vec::with_capacity(total), Vec::with_capacity(total));
        off.push(0);
        for (lens, ns, ws) in parts {
            for l in lens {
                off.push(off.last().copied().unwrap_or(0) + l);
            }
            nbr.extend_from_slice(&ns);
            w.extend_from_slice(&ws);
        }
        Ok(Self { off, nbr, w })
    }

    /// Nodes.
    pub(super) fn node_count(&self) -> usize {
        self.off.len() - 1
    }
    /// Neighbours of `v` (ascending, without `v`).
    #[inline]
    pub(super) fn nbrs(&self, v: usize) -> &[u32] {
        &self.nbr[self.off[v]..self.off[v + 1]]
    }
    /// Tie weights of `v`, aligned with [`View::nbrs`].
    #[inline]
    pub(super) fn weights(&self, v: usize) -> &[f64] {
        &self.w[self.off[v]..self.off[v + 1]]
    }
    /// Neighbours of `v`.
    #[inline]
    pub(super) fn degree(&self, v: usize) -> usize {
        self.off[v + 1] - self.off[v]
    }
}

/// `v`'s arcs in `adj` other than a self loop, as `(target, weight)`.
fn collect<A: Adjacency>(adj: &A, v: u32, weighted: bool, out: &mut Vec<(u32, f64)>) -> Result<()> {
    out.clear();
    let mut bad = None;
    adj.for_each_arc(v, |u, arc| {
        if u == v {
            return;
        }
        let w = if weighted { adj.arc_weight(arc) } else { 1.0 };
        if !(w >= 0.0 && w.is_finite()) && bad.is_none() {
            bad = Some((arc, w));
        }
        out.push((u, w));
    });
    match bad {
        None => Ok(()),
        Some((edge, weight)) => {
            let problem = if weight.is_nan() {
                WeightProblem::NotANumber
            } else if weight.is_infinite() {
                WeightProblem::Infinite
            } else {
                WeightProblem::Negative
            };
            Err(Error::InvalidWeight { edge, weight, problem })
        }
    }
}

/// Union of two ascending lists, weights of a common target added (out
/// first, then in: a fixed order).
fn merge(a: &[(u32, f64)], b: &[(u32, f64)], nbr: &mut Vec<u32>, w: &mut Vec<f64>) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = j == b.len() || (i < a.len() && a[i].0 <= b[j].0);
        let take_b = i == a.len() || (j < b.len() && b[j].0 <= a[i].0);
        match (take_a, take_b) {
            (true, true) => {
                nbr.push(a[i].0);
                w.push(a[i].1 + b[j].1);
                i += 1;
                j += 1;
            }
            (true, false) => {
                nbr.push(a[i].0);
                w.push(a[i].1);
                i += 1;
            }
            _ => {
                nbr.push(b[j].0);
                w.push(b[j].1);
                j += 1;
            }
        }
    }
}

/// Common elements of two ascending lists.
#[inline]
pub(super) fn common(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut c) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                c += 1;
                i += 1;
                j += 1;
            }
        }
    }
    c
}
