//! Dense per-node results.

use std::ops::{Deref, DerefMut};

use crate::ids::NodeId;

/// One `f64` per node, indexed by [`NodeId`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores(pub Vec<f64>);

impl Scores {
    /// Score of `v`.
    pub fn get(&self, v: NodeId) -> Option<f64> {
        self.0.get(v.index()).copied()
    }
    /// The `k` highest-scoring nodes, best first (ties broken by lower index).
    pub fn top_k(&self, k: usize) -> Vec<(NodeId, f64)> {
        let mut idx: Vec<u32> = (0..self.0.len() as u32).collect();
        let key = |&i: &u32| (std::cmp::Reverse(OrdF64(self.0[i as usize])), i);
        let k = k.min(idx.len());
        if k == 0 {
            return Vec::new();
        }
        idx.select_nth_unstable_by_key(k - 1, key);
        idx.truncate(k);
        idx.sort_unstable_by_key(key);
        idx.into_iter().map(|i| (NodeId(i), self.0[i as usize])).collect()
    }
    /// Sum of all scores.
    pub fn sum(&self) -> f64 {
        self.0.iter().sum()
    }
    /// The underlying vector.
    pub fn into_vec(self) -> Vec<f64> {
        self.0
    }
}

impl Deref for Scores {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.0
    }
}

impl DerefMut for Scores {
    fn deref_mut(&mut self) -> &mut [f64] {
        &mut self.0
    }
}

/// Total order on `f64` with NaN lowest, for ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
struct OrdF64(f64);
impl Eq for OrdF64 {}
impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for OrdF64 {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        match (self.0.is_nan(), o.0.is_nan()) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => std::cmp::Ordering::Less,
            (false, true) => std::cmp::Ordering::Greater,
            _ => self.0.total_cmp(&o.0),
        }
    }
}

/// One label per node (component, core, community), indexed by [`NodeId`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Partition(pub Vec<u32>);

impl Partition {
    /// Number of distinct labels, assuming labels are `0..k`.
    pub fn count(&self) -> usize {
        self.0.iter().max().map_or(0, |&m| m as usize + 1)
    }
    /// Size of each label `0..count()`.
    pub fn sizes(&self) -> Vec<u64> {
        let mut s = vec![0u64; self.count()];
        for &l in &self.0 {
            s[l as usize] += 1;
        }
        s
    }
}

impl Deref for Partition {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        &self.0
    }
}
