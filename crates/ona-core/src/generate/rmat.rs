//! Graph500 R-MAT edge lists.

use rand::RngCore;
use rand::seq::SliceRandom;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::exec::Exec;

/// Edges generated per random stream. Fixed, so that the output does not
/// depend on the thread count.
const CHUNK: usize = 1 << 14;

/// Stream for the vertex permutation (edge chunks use `0..chunks`).
const PERMUTATION_STREAM: u64 = u64::MAX;

/// Quadrant probabilities are quantised to 16 bits, so one 64-bit draw
/// decides four recursion levels.
const LEVEL_BITS: u32 = 16;

/// Parameters of [`rmat`]; `Default` is the Graph500 Kronecker generator:
/// `a = 0.57, b = 0.19, c = 0.19` (so `d = 0.05`), edge factor 16, with a
/// random vertex permutation.
#[derive(Debug, Clone)]
pub struct RmatConfig {
    /// `log2` of the node count, `1..=31`.
    pub scale: u32,
    /// Edges per node.
    pub edge_factor: u32,
    /// Probability of the top-left quadrant.
    pub a: f64,
    /// Probability of the top-right quadrant.
    pub b: f64,
    /// Probability of the bottom-left quadrant (`d = 1 - a - b - c`).
    pub c: f64,
    /// Relabel vertices by a seeded random permutation, as Graph500 does,
    /// so that the hubs are not the low ids.
    pub permute: bool,
}

impl Default for RmatConfig {
    fn default() -> Self {
        Self { scale: 16, edge_factor: 16, a: 0.57, b: 0.19, c: 0.19, permute: true }
    }
}

impl RmatConfig {
    /// A Graph500 configuration of `2^scale` nodes.
    pub fn new(scale: u32) -> Self {
        Self { scale, ..Self::default() }
    }
    /// Set the scale (`log2` of the node count).
    #[must_use]
    pub fn scale(mut self, scale: u32) -> Self {
        self.scale = scale;
        self
    }
    /// Set the edges per node.
    #[must_use]
    pub fn edge_factor(mut self, edge_factor: u32) -> Self {
        self.edge_factor = edge_factor;
        self
    }
    /// Set the quadrant probabilities `a, b, c` (`d = 1 - a - b - c`).
    #[must_use]
    pub fn probabilities(mut self, a: f64, b: f64, c: f64) -> Self {
        (self.a, self.b, self.c) = (a, b, c);
        self
    }
    /// Whether to relabel vertices by a random permutation.
    #[must_use]
    pub fn permute(mut self, permute: bool) -> Self {
        self.permute = permute;
        self
    }

    fn validate(&self) -> Result<(usize, usize)> {
        if !(1..=31).contains(&self.scale) {
            return Err(Error::invalid_param("scale", self.scale, "1..=31"));
        }
        let probs = [("a", self.a), ("b", self.b), ("c", self.c)];
        for (name, p) in probs {
            if !(0.0..=1.0).contains(&p) {
                return Err(Error::invalid_param(name, p, "a probability in [0, 1]"));
            }
        }
        let sum = self.a + self.b + self.c;
        if sum > 1.0 + 1e-9 {
            return Err(Error::invalid_param("a + b + c", sum, "at most 1"));
        }
        let n = 1usize << self.scale;
        let m = (n as u64).checked_mul(u64::from(self.edge_factor)).filter(|&m| m <= u64::from(u32::MAX) * 16);
        let m = m.and_then(|m| usize::try_from(m).ok());
        match m {
            Some(m) => Ok((n, m)),
            None => Err(Error::TooLarge {
                what: "R-MAT edges",
                count: (n as u64).saturating_mul(u64::from(self.edge_factor)),
                limit: u64::from(u32::MAX) * 16,
            }),
        }
    }
}

/// `p` in `[0, 1]` as a threshold out of `2^LEVEL_BITS`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 <= p * 2^16 <= 2^16
fn to_fixed(p: f64) -> u64 {
    (p * f64::from(1u32 << LEVEL_BITS)).round().clamp(0.0, f64::from(1u32 << LEVEL_BITS)) as u64
}

/// A Graph500 R-MAT edge list: `(node_count, src, dst)` with
/// `node_count = 2^scale` and `edge_factor * 2^scale` directed edge rows
/// (duplicates and self loops included, as Graph500 emits them; the
/// [`GraphBuilder`](crate::GraphBuilder) policies decide what to keep).
///
/// Each edge descends `scale` levels of the adjacency matrix, picking a
/// quadrant with probabilities `a, b, c, d` (quantised to 1/65536). Unlike
/// the Graph500 reference code no per-level noise is added.
///
/// Complexity `O(m · scale)` time, `O(m)` memory. Parallel over chunks of
/// 16,384 edges, each drawn from its own stream `exec.rng(chunk)`, so the
/// output is identical for every thread count. Checks cancellation per chunk.
///
/// Errors: [`Error::InvalidParameter`] for a scale outside `1..=31` or bad
/// probabilities, [`Error::TooLarge`] for more than `16 · 2^32` edges,
/// [`Error::Cancelled`] / [`Error::DeadlineExceeded`].
///
/// Paper: Chakrabarti, Zhan, Faloutsos, "R-MAT: A Recursive Model for Graph
/// Mining", SDM 2004; Graph500 specification §3.
///
/// ```
/// use ona_core::{Exec, generate::{RmatConfig, rmat}};
/// let exec = Exec::sequential()?.seed(1);
/// let (n, src, dst) = rmat(&RmatConfig::new(4), &exec)?;
/// assert_eq!((n, src.len(), dst.len()), (16, 256, 256));
/// assert!(src.iter().chain(&dst).all(|&v| (v as usize) < n));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn rmat(cfg: &RmatConfig, exec: &Exec) -> Result<(usize, Vec<u32>, Vec<u32>)> {
    let (n, m) = cfg.validate()?;
    let ta = to_fixed(cfg.a);
    let tb = ta + to_fixed(cfg.b);
    let tc = tb + to_fixed(cfg.c);
    let scale = cfg.scale;
    let chunks = m.div_ceil(CHUNK);
    let tracker = exec.tracker("rmat", chunks as u64);
    exec.install(|| {
        let mut src = vec![0u32; m];
        let mut dst = vec![0u32; m];
        src.par_chunks_mut(CHUNK).zip(dst.par_chunks_mut(CHUNK)).enumerate().try_for_each(|(chunk, (s, d))| {
            let mut rng = exec.rng(chunk as u64);
            for (s, d) in s.iter_mut().zip(d.iter_mut()) {
                let (mut u, mut v) = (0u32, 0u32);
                let mut bits = 0u64;
                for level in 0..scale {
                    if level % (64 / LEVEL_BITS) == 0 {
                        bits = rng.next_u64();
                    }
                    let r = bits & ((1 << LEVEL_BITS) - 1);
                    bits >>= LEVEL_BITS;
                    let (bu, bv) = if r < ta {
                        (0, 0)
                    } else if r < tb {
                        (0, 1)
                    } else if r < tc {
                        (1, 0)
                    } else {
                        (1, 1)
                    };
                    u = (u << 1) | bu;
                    v = (v << 1) | bv;
                }
                *s = u;
                *d = v;
            }
            tracker.advance(1)
        })?;
        if cfg.permute {
            // n <= 2^31, so every label fits in u32.
            let mut perm: Vec<u32> = (0u32..).take(n).collect();
            perm.shuffle(&mut exec.rng(PERMUTATION_STREAM));
            exec.check()?;
            let relabel = |x: &mut u32| *x = perm[*x as usize];
            src.par_iter_mut().for_each(relabel);
            dst.par_iter_mut().for_each(relabel);
        }
        Ok((n, src, dst))
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn identical_for_any_thread_count() {
        let cfg = RmatConfig::new(12);
        let one = rmat(&cfg, &Exec::with_threads(1).unwrap().seed(9)).unwrap();
        let four = rmat(&cfg, &Exec::with_threads(4).unwrap().seed(9)).unwrap();
        assert_eq!(one, four);
        let other = rmat(&cfg, &Exec::with_threads(1).unwrap().seed(10)).unwrap();
        assert_ne!(one.1, other.1);
    }

    #[test]
    fn sizes_and_skew() {
        let exec = Exec::with_threads(2).unwrap().seed(3);
        let (n, src, dst) = rmat(&RmatConfig::new(10).permute(false), &exec).unwrap();
        assert_eq!((n, src.len()), (1024, 16 * 1024));
        assert!(src.iter().chain(&dst).all(|&v| v < 1024));
        // Without permutation node 0 is the hub: a^scale of the mass lands in
        // the top-left cell, and low ids get far more than their share.
        let low = src.iter().filter(|&&v| v < 32).count();
        assert!(low > src.len() / 8, "{low}");
    }

    #[test]
    fn quadrant_shares_match_probabilities() {
        // Scale 1: each edge is one draw.
        let exec = Exec::sequential().unwrap().seed(5);
        let (_, src, dst) = rmat(&RmatConfig::new(1).edge_factor(50_000).permute(false), &exec).unwrap();
        let m = src.len() as f64;
        let share = |u, v| src.iter().zip(&dst).filter(|&(&s, &d)| (s, d) == (u, v)).count() as f64 / m;
        assert!((share(0, 0) - 0.57).abs() < 0.01);
        assert!((share(0, 1) - 0.19).abs() < 0.01);
        assert!((share(1, 0) - 0.19).abs() < 0.01);
        assert!((share(1, 1) - 0.05).abs() < 0.01);
    }

    #[test]
    fn bad_parameters_are_errors() {
        let exec = Exec::sequential().unwrap();
        assert!(rmat(&RmatConfig::new(0), &exec).is_err());
        assert!(rmat(&RmatConfig::new(32), &exec).is_err());
        assert!(rmat(&RmatConfig::new(4).probabilities(0.9, 0.2, 0.1), &exec).is_err());
        assert!(rmat(&RmatConfig::new(4).probabilities(f64::NAN, 0.2, 0.1), &exec).is_err());
    }

    #[test]
    fn cancellation_stops_it() {
        let exec = Exec::sequential().unwrap();
        exec.token().cancel();
        assert_eq!(rmat(&RmatConfig::new(8), &exec), Err(Error::Cancelled));
    }
}
