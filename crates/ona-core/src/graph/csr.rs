//! Plain compressed-sparse-row adjacency: `u64` offsets, `u32` targets,
//! optional per-arc weights.

use super::Adjacency;
use crate::error::{Error, Result, WeightProblem};

/// Per-arc weights, kept in the precision they were given in.
#[derive(Debug, Clone, PartialEq)]
pub enum Weights {
    /// Single precision.
    F32(Vec<f32>),
    /// Double precision.
    F64(Vec<f64>),
}

impl Weights {
    /// Arcs covered.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Weight of arc `i`.
    #[inline]
    pub fn get(&self, i: usize) -> f64 {
        self.as_slice().get(i)
    }
    /// Heap bytes.
    pub fn bytes(&self) -> usize {
        self.as_slice().bytes()
    }
    /// Borrowed.
    #[inline]
    pub fn as_slice(&self) -> super::WeightSlice<'_> {
        match self {
            Self::F32(w) => super::WeightSlice::F32(w),
            Self::F64(w) => super::WeightSlice::F64(w),
        }
    }
    /// Index and value of the first weight that is NaN or infinite.
    pub fn first_non_finite(&self) -> Option<(usize, f64)> {
        (0..self.len()).map(|i| (i, self.get(i))).find(|(_, w)| !w.is_finite())
    }
}

/// Plain CSR adjacency.
#[derive(Debug, Clone, PartialEq)]
pub struct Csr {
    pub(crate) offsets: Vec<u64>,
    pub(crate) targets: Vec<u32>,
    pub(crate) weights: Option<Weights>,
}

impl Csr {
    /// Assemble from parts, checking every invariant: `offsets[0] == 0`,
    /// offsets non-decreasing, `offsets[n] == targets.len()`, targets below
    /// `n` and sorted within each list, weights (if any) finite and one per arc.
    pub fn from_parts(offsets: Vec<u64>, targets: Vec<u32>, weights: Option<Weights>) -> Result<Self> {
        let n = offsets.len().checked_sub(1).ok_or(Error::LengthMismatch {
            what: "CSR offsets (n + 1 entries)",
            expected: 1,
            found: 0,
        })?;
        if n as u64 > crate::ids::MAX_NODES {
            return Err(Error::TooLarge { what: "nodes", count: n as u64, limit: crate::ids::MAX_NODES });
        }
        if offsets[0] != 0 || offsets[n] != targets.len() as u64 {
            return Err(Error::LengthMismatch {
                what: "CSR offsets[n] (arc count)",
                expected: targets.len() as u64,
                found: offsets[n],
            });
        }
        for v in 0..n {
            let (a, b) = (offsets[v], offsets[v + 1]);
            if a > b {
                return Err(Error::invalid_param("offsets", format!("offsets[{v}] > offsets[{}]", v + 1), "non-decreasing offsets"));
            }
            let list = &targets[a as usize..b as usize];
            for (i, &t) in list.iter().enumerate() {
                if t as usize >= n {
                    return Err(Error::NodeOutOfRange { node: u64::from(t), node_count: n as u64 });
                }
                if i > 0 && list[i - 1] >= t {
                    return Err(Error::invalid_param("targets", format!("list of node {v} not strictly ascending"), "sorted, duplicate-free neighbour lists"));
                }
            }
        }
        if let Some(w) = &weights {
            if w.len() != targets.len() {
                return Err(Error::LengthMismatch { what: "weights", expected: targets.len() as u64, found: w.len() as u64 });
            }
            if let Some((i, x)) = w.first_non_finite() {
                let problem = if x.is_nan() { WeightProblem::NotANumber } else { WeightProblem::Infinite };
                return Err(Error::InvalidWeight { edge: i as u64, weight: x, problem });
            }
        }
        Ok(Self { offsets, targets, weights })
    }

    /// The offsets array (`n + 1` entries).
    pub fn offsets(&self) -> &[u64] {
        &self.offsets
    }
    /// All targets, list after list.
    pub fn targets(&self) -> &[u32] {
        &self.targets
    }
    /// The weights, if any.
    pub fn weights(&self) -> Option<&Weights> {
        self.weights.as_ref()
    }
    /// Arc index range of node `v`.
    #[inline]
    pub fn range(&self, v: u32) -> std::ops::Range<usize> {
        self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize
    }
    /// Sorted neighbours of `v`.
    #[inline]
    pub fn list(&self, v: u32) -> &[u32] {
        &self.targets[self.range(v)]
    }
}

impl Adjacency for Csr {
    #[inline]
    fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }
    #[inline]
    fn arc_count(&self) -> u64 {
        self.targets.len() as u64
    }
    #[inline]
    fn degree(&self, v: u32) -> u32 {
        (self.offsets[v as usize + 1] - self.offsets[v as usize]) as u32
    }
    #[inline]
    fn is_weighted(&self) -> bool {
        self.weights.is_some()
    }
    #[inline]
    fn for_each_neighbor<F: FnMut(u32)>(&self, v: u32, mut f: F) {
        for &u in self.list(v) {
            f(u);
        }
    }
    #[inline]
    fn for_each_weighted<F: FnMut(u32, f64)>(&self, v: u32, mut f: F) {
        let r = self.range(v);
        match &self.weights {
            None => self.targets[r].iter().for_each(|&u| f(u, 1.0)),
            Some(Weights::F64(w)) => self.targets[r.clone()].iter().zip(&w[r]).for_each(|(&u, &w)| f(u, w)),
            Some(Weights::F32(w)) => {
                self.targets[r.clone()].iter().zip(&w[r]).for_each(|(&u, &w)| f(u, f64::from(w)));
            }
        }
    }
    #[inline]
    fn for_each_arc<F: FnMut(u32, u64)>(&self, v: u32, mut f: F) {
        let r = self.range(v);
        let base = r.start as u64;
        for (i, &u) in self.targets[r].iter().enumerate() {
            f(u, base + i as u64);
        }
    }
    #[inline]
    fn any_neighbor<F: FnMut(u32) -> bool>(&self, v: u32, f: F) -> bool {
        self.list(v).iter().copied().any(f)
    }
    #[inline]
    fn neighbors<'a>(&'a self, v: u32, _buf: &'a mut Vec<u32>) -> &'a [u32] {
        self.list(v)
    }
    #[inline]
    fn arc_weight(&self, arc: u64) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w.get(arc as usize))
    }
    fn memory_bytes(&self) -> usize {
        self.topology_bytes() + self.weights.as_ref().map_or(0, Weights::bytes)
    }
    fn topology_bytes(&self) -> usize {
        self.offsets.len() * 8 + self.targets.len() * 4
    }
}
