//! Crate-private kernels shared by the power iterations of this folder
//! (PageRank, eigenvector, Katz, HITS): the per-node gather, a parallel
//! "pull" sweep with deterministic partial sums, and input checks.
//!
//! Determinism: every node's sum runs over its neighbour list in ascending
//! order, and partial sums are formed per fixed block of [`CHUNK`] nodes and
//! added block after block, so results are bitwise identical for any thread
//! count and for plain or compressed adjacency.

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::Adjacency;

/// Nodes per parallel work unit (and per partial sum).
pub(crate) const CHUNK: usize = 1024;

/// `Σ src[u]` over `list`, with four interleaved accumulators (a fixed
/// order, so the result depends on the list alone).
#[inline]
pub(crate) fn gather_sum(list: &[u32], src: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let mut quads = list.chunks_exact(4);
    for q in &mut quads {
        acc[0] += src[q[0] as usize];
        acc[1] += src[q[1] as usize];
        acc[2] += src[q[2] as usize];
        acc[3] += src[q[3] as usize];
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for &u in quads.remainder() {
        s += src[u as usize];
    }
    s
}

/// `Σ src[u] · w(v, u)` over the neighbours `u` of `v` in `adj` (`w = 1`
/// unless `weighted`). `buf` is scratch for compressed adjacency.
#[inline]
pub(crate) fn pull_sum<A: Adjacency>(adj: &A, v: u32, weighted: bool, src: &[f64], buf: &mut Vec<u32>) -> f64 {
    if weighted {
        // Two interleaved accumulators (fixed order) halve the add chain.
        let mut acc = [0.0f64; 2];
        let mut k = 0usize;
        adj.for_each_weighted(v, |u, w| {
            acc[k & 1] += src[u as usize] * w;
            k += 1;
        });
        acc[0] + acc[1]
    } else {
        gather_sum(adj.neighbors(v, buf), src)
    }
}

/// One parallel sweep: `dst[v] = f(v, Σ_{u ∈ adj(v)} src[u] · w)` for every
/// node, returning the `K` partial sums `f` reports, added in node order per
/// chunk and chunk after chunk. Chunks are skipped once `exec` is cancelled
/// (the caller's tracker then reports the error).
pub(crate) fn pull_map<A: Adjacency, const K: usize>(
    adj: &A,
    weighted: bool,
    src: &[f64],
    dst: &mut [f64],
    exec: &Exec,
    f: impl Fn(usize, f64) -> (f64, [f64; K]) + Sync,
) -> [f64; K] {
    let partials: Vec<[f64; K]> = dst
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(c, out)| {
            let mut acc = [0.0; K];
            if exec.check().is_err() {
                return acc;
            }
            let mut buf = Vec::new();
            let base = c * CHUNK;
            for ((i, slot), v32) in out.iter_mut().enumerate().zip(node32(base)..) {
                let v = base + i;
                let s = pull_sum(adj, v32, weighted, src, &mut buf);
                let (x, part) = f(v, s);
                *slot = x;
                for (a, p) in acc.iter_mut().zip(part) {
                    *a += p;
                }
            }
            acc
        })
        .collect();
    add_partials(&partials)
}

/// Per-chunk map over `xs` in place, with partial sums like [`pull_map`].
pub(crate) fn map_in_place<const K: usize>(xs: &mut [f64], f: impl Fn(usize, &mut f64) -> [f64; K] + Sync) -> [f64; K] {
    let partials: Vec<[f64; K]> = xs
        .par_chunks_mut(CHUNK)
        .enumerate()
        .map(|(c, out)| {
            let mut acc = [0.0; K];
            for (i, x) in out.iter_mut().enumerate() {
                for (a, p) in acc.iter_mut().zip(f(c * CHUNK + i, x)) {
                    *a += p;
                }
            }
            acc
        })
        .collect();
    add_partials(&partials)
}

/// Deterministic `Σ f(v, xs[v])`.
pub(crate) fn sum_by(xs: &[f64], f: impl Fn(usize, f64) -> f64 + Sync) -> f64 {
    let partials: Vec<f64> = xs
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, chunk)| chunk.iter().enumerate().map(|(i, &x)| f(c * CHUNK + i, x)).sum())
        .collect();
    partials.iter().sum()
}

fn add_partials<const K: usize>(partials: &[[f64; K]]) -> [f64; K] {
    let mut total = [0.0; K];
    for p in partials {
        for (t, x) in total.iter_mut().zip(p) {
            *t += x;
        }
    }
    total
}

/// `tol` must be finite and positive.
pub(crate) fn check_tol(tol: f64) -> Result<()> {
    if tol.is_finite() && tol > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid_param("tol", tol, "a finite tolerance > 0"))
    }
}

/// A per-node vector: length `n`, entries finite and non-negative, sum > 0.
/// Returns the sum.
pub(crate) fn check_distribution(name: &'static str, v: &[f64], n: usize) -> Result<f64> {
    if v.len() != n {
        return Err(Error::LengthMismatch { what: name, expected: n as u64, found: v.len() as u64 });
    }
    if let Some((i, x)) = v.iter().enumerate().find(|(_, x)| !(x.is_finite() && **x >= 0.0)) {
        return Err(Error::invalid_param(name, format!("{x} at node {i}"), "finite, non-negative values"));
    }
    let s: f64 = v.iter().sum();
    if s > 0.0 && s.is_finite() {
        Ok(s)
    } else {
        Err(Error::invalid_param(name, format!("sum {s}"), "at least one positive value and a finite sum"))
    }
}

/// A per-node vector of finite values (any sign), length `n`.
pub(crate) fn check_finite(name: &'static str, v: &[f64], n: usize) -> Result<()> {
    if v.len() != n {
        return Err(Error::LengthMismatch { what: name, expected: n as u64, found: v.len() as u64 });
    }
    match v.iter().enumerate().find(|(_, x)| !x.is_finite()) {
        Some((i, x)) => Err(Error::invalid_param(name, format!("{x} at node {i}"), "finite values")),
        None => Ok(()),
    }
}

/// First node of a chunk as `u32` (graphs hold at most `u32::MAX` nodes).
#[inline]
pub(crate) fn node32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Helpers shared by the tests of this folder's iterative methods.
#[cfg(test)]
pub(crate) mod test_util {
    use crate::exec::Exec;

    /// A pool of `t` threads.
    pub(crate) fn exec(t: usize) -> Exec {
        Exec::with_threads(t).expect("pool")
    }

    /// Element-wise `|a - b| <= eps`, naming the first node that differs.
    pub(crate) fn close(a: &[f64], b: &[f64], eps: f64) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            assert!((x - y).abs() <= eps, "node {i}: {x} vs {y}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_sum_matches_naive_within_rounding() {
        let src: Vec<f64> = (0..20).map(|i| f64::from(i) * 0.5).collect();
        let list: Vec<u32> = (0..19).collect();
        let naive: f64 = list.iter().map(|&u| src[u as usize]).sum();
        assert!((gather_sum(&list, &src) - naive).abs() < 1e-12);
        assert_eq!(gather_sum(&[], &src), 0.0);
    }

    #[test]
    fn distribution_checks() {
        assert_eq!(check_distribution("p", &[1.0, 3.0], 2), Ok(4.0));
        assert!(matches!(check_distribution("p", &[1.0], 2), Err(Error::LengthMismatch { what: "p", .. })));
        assert!(matches!(check_distribution("p", &[0.0, 0.0], 2), Err(Error::InvalidParameter { name: "p", .. })));
        assert!(matches!(check_distribution("p", &[-1.0, 2.0], 2), Err(Error::InvalidParameter { name: "p", .. })));
        assert!(matches!(check_distribution("p", &[f64::NAN, 2.0], 2), Err(Error::InvalidParameter { name: "p", .. })));
        assert!(check_tol(0.0).is_err() && check_tol(f64::NAN).is_err() && check_tol(1e-9).is_ok());
    }
}
