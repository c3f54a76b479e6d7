//! PageRank on undirected graphs by conjugate gradients.
//!
//! With dangling mass sent to the personalization vector `v` (NetworkX's
//! default), PageRank is the normalised solution of the sparse linear system
//! `(I - α P̃ᵀ) x = v`, where `P̃ = S⁻¹W` is the random-walk matrix with zero
//! rows for dangling nodes (Del Corso, Gullì, Romani, "Fast PageRank
//! computation via a sparse linear system", Internet Math. 2005). For an
//! undirected graph `W` is symmetric, and substituting `x = S^½ y` turns the
//! system into `(I - α S^-½ W S^-½) y = S^-½ v`, whose matrix is symmetric
//! positive definite with eigenvalues in `[1-α, 1+α]`. Conjugate gradients
//! then shrink the error by `(√κ-1)/(√κ+1) ≈ 0.56` per step for α = 0.85
//! (κ = 12.3), against 0.85 for the power iteration: about a third of the
//! sparse matrix-vector products for the same accuracy. A separate dangling
//! distribution `d ≠ v` costs a second solve (the answer is linear in the
//! dangling mass, which one scalar equation fixes).
//!
//! Every reduction runs through [`power`](super::power)'s fixed-order kernels,
//! so results are bitwise identical for any thread count.

use rayon::prelude::*;

use super::power::{CHUNK, map_in_place, pull_map, sum_by};
use crate::error::{Error, Result};
use crate::exec::{Exec, Tracker};
use crate::graph::Adjacency;

/// What a conjugate-gradient PageRank solve produced.
#[derive(Debug, Clone)]
pub(crate) struct CgOutcome {
    /// PageRank, summing to 1.
    pub x: Vec<f64>,
    /// Matrix-vector products used (over all solves).
    pub iterations: u32,
    /// Final relative residual `‖r‖₂ / ‖b‖₂` of the last solve.
    pub residual: f64,
}

/// The symmetric operator `M = I - α S^-½ W S^-½` of one undirected graph.
struct Operator<'a, A: Adjacency> {
    adj: &'a A,
    weighted: bool,
    alpha: f64,
    /// `1/√s` (0 for dangling nodes).
    inv_sqrt: Vec<f64>,
}

impl<A: Adjacency> Operator<'_, A> {
    /// `out = M p` given `q = p ⊙ inv_sqrt`; returns `p · M p`.
    fn apply(&self, p: &[f64], q: &[f64], out: &mut [f64], exec: &Exec) -> f64 {
        let [pmp] = pull_map(self.adj, self.weighted, q, out, exec, |v, s| {
            let mp = p[v] - self.alpha * self.inv_sqrt[v] * s;
            (mp, [p[v] * mp])
        });
        pmp
    }
}

/// Solve `M y = b` by conjugate gradients until `‖r‖₂ ≤ tol ‖b‖₂`; `y` holds
/// the starting guess and the answer. Returns (iterations, relative residual).
fn solve<A: Adjacency>(
    op: &Operator<'_, A>,
    b: &[f64],
    y: &mut [f64],
    tol: f64,
    max_iter: u32,
    tracker: &Tracker<'_>,
    exec: &Exec,
) -> Result<(u32, f64)> {
    let n = b.len();
    let b_norm = sum_by(b, |_, x| x * x).sqrt();
    if b_norm == 0.0 {
        y.fill(0.0);
        return Ok((0, 0.0));
    }
    let mut q: Vec<f64> = y.par_iter().zip(&op.inv_sqrt).map(|(a, s)| a * s).collect();
    let mut r = vec![0.0; n];
    op.apply(y, &q, &mut r, exec);
    let [mut rr] = map_in_place(&mut r, |v, x| {
        *x = b[v] - *x;
        [*x * *x]
    });
    let mut p = r.clone();
    let mut ap = vec![0.0; n];
    for k in 1..=max_iter {
        if rr.sqrt() <= tol * b_norm {
            return Ok((k - 1, rr.sqrt() / b_norm));
        }
        q.par_chunks_mut(CHUNK).zip(p.par_chunks(CHUNK)).enumerate().for_each(|(c, (qc, pc))| {
            for (i, (qv, pv)) in qc.iter_mut().zip(pc).enumerate() {
                *qv = pv * op.inv_sqrt[c * CHUNK + i];
            }
        });
        let pap = op.apply(&p, &q, &mut ap, exec);
        tracker.advance(1)?;
        if pap.is_nan() || pap <= 0.0 {
            // Exact solution reached (p = 0) or lost definiteness to rounding.
            return Ok((k, rr.sqrt() / b_norm));
        }
        let a = rr / pap;
        let partials: Vec<f64> = y
            .par_chunks_mut(CHUNK)
            .zip(r.par_chunks_mut(CHUNK))
            .enumerate()
            .map(|(c, (yc, rc))| {
                let mut acc = 0.0;
                for (i, (yv, rv)) in yc.iter_mut().zip(rc.iter_mut()).enumerate() {
                    let v = c * CHUNK + i;
                    *yv += a * p[v];
                    *rv -= a * ap[v];
                    acc += *rv * *rv;
                }
                acc
            })
            .collect();
        let rr_new: f64 = partials.iter().sum();
        let beta = rr_new / rr;
        rr = rr_new;
        p.par_chunks_mut(CHUNK).zip(r.par_chunks(CHUNK)).for_each(|(pc, rc)| {
            for (pv, rv) in pc.iter_mut().zip(rc) {
                *pv = rv + beta * *pv;
            }
        });
    }
    if rr.sqrt() <= tol * b_norm {
        return Ok((max_iter, rr.sqrt() / b_norm));
    }
    Err(Error::NotConverged { algorithm: "pagerank", iterations: max_iter, tolerance: tol })
}

/// PageRank of an undirected graph (`adj` symmetric) with teleport
/// distribution `teleport` and dangling distribution `dangling` (both summing
/// to 1; `None` = teleport), to relative residual `tol`. `inv_strength` is
/// `1 / strength` per node (0 for dangling nodes); weights must be
/// non-negative (checked by the caller).
#[allow(clippy::too_many_arguments)]
pub(crate) fn pagerank_cg<A: Adjacency>(
    adj: &A,
    weighted: bool,
    alpha: f64,
    inv_strength: &[f64],
    teleport: &[f64],
    dangling: Option<&[f64]>,
    tol: f64,
    max_iter: u32,
    exec: &Exec,
) -> Result<CgOutcome> {
    let inv_sqrt: Vec<f64> = inv_strength.par_iter().map(|&i| i.sqrt()).collect();
    // x = scale ⊙ y, with scale = √s (1 for dangling nodes).
    let scale: Vec<f64> = inv_strength.par_iter().map(|&i| if i > 0.0 { 1.0 / i.sqrt() } else { 1.0 }).collect();
    let is_dangling = |v: usize| inv_strength[v] == 0.0;
    let op = Operator { adj, weighted, alpha, inv_sqrt };
    let tracker = exec.tracker("pagerank", u64::from(max_iter) * if dangling.is_some() { 2 } else { 1 });

    let solve_x = |rhs: &[f64]| -> Result<(Vec<f64>, u32, f64)> {
        let b: Vec<f64> = rhs.par_iter().zip(&scale).map(|(r, s)| r / s).collect();
        let mut y = b.clone();
        let (it, res) = solve(&op, &b, &mut y, tol, max_iter, &tracker, exec)?;
        let x: Vec<f64> = y.par_iter().zip(&scale).map(|(y, s)| y * s).collect();
        Ok((x, it, res))
    };

    let (mut x, mut iterations, mut residual) = solve_x(teleport)?;
    if let Some(d) = dangling {
        // x = (1-α) x_v + α δ x_d with δ = Σ_dangling x (a scalar equation).
        let (xd, it, res) = solve_x(d)?;
        iterations += it;
        residual = residual.max(res);
        let dv = sum_by(&x, |v, t| if is_dangling(v) { t } else { 0.0 });
        let dd = sum_by(&xd, |v, t| if is_dangling(v) { t } else { 0.0 });
        let delta = (1.0 - alpha) * dv / (1.0 - alpha * dd);
        x.par_iter_mut().zip(&xd).for_each(|(a, b)| *a = (1.0 - alpha) * *a + alpha * delta * b);
    }
    let total = sum_by(&x, |_, t| t);
    if total.is_nan() || total <= 0.0 || total.is_infinite() {
        return Err(Error::NotConverged { algorithm: "pagerank", iterations, tolerance: tol });
    }
    x.par_iter_mut().for_each(|t| *t /= total);
    Ok(CgOutcome { x, iterations, residual })
}
