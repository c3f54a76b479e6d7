//! Edge changes not yet compacted: sorted runs of composed operations.

use crate::levels::Part;

/// The net effect of one or more events on one edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum EdgeOp {
    /// Add to the current weight (absent = 0).
    Add(f64),
    /// The edge now has this weight.
    Set(f64),
    /// The edge is now absent.
    Remove,
}

impl EdgeOp {
    /// `self` followed by `next`.
    pub(crate) fn then(self, next: Self) -> Self {
        match (self, next) {
            (_, Self::Set(w)) => Self::Set(w),
            (_, Self::Remove) => Self::Remove,
            (Self::Add(a), Self::Add(b)) => Self::Add(a + b),
            (Self::Set(a), Self::Add(b)) => Self::Set(a + b),
            (Self::Remove, Self::Add(b)) => Self::Set(b),
        }
    }
    /// The weight after applying to `old` (`None` = absent).
    pub(crate) fn apply(self, old: Option<f64>) -> Option<f64> {
        match self {
            Self::Add(w) => Some(old.unwrap_or(0.0) + w),
            Self::Set(w) => Some(w),
            Self::Remove => None,
        }
    }
}

/// Composed operations keyed by `(src, dst)` stable indices, sorted, one per key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Run {
    pub(crate) keys: Vec<(u32, u32)>,
    pub(crate) ops: Vec<EdgeOp>,
}

impl Run {
    /// From events in arrival order (same key: composed in that order);
    /// large batches are sorted on `exec`'s pool.
    pub(crate) fn from_events(mut events: Vec<((u32, u32), EdgeOp)>, exec: Option<&ona_core::Exec>) -> Self {
        // Stable sorts: equal keys keep arrival order.
        match exec {
            Some(exec) if events.len() > 1 << 16 => exec.install(|| rayon::slice::ParallelSliceMut::par_sort_by_key(&mut events[..], |e| e.0)),
            _ => events.sort_by_key(|e| e.0),
        }
        let mut run = Self { keys: Vec::with_capacity(events.len()), ops: Vec::with_capacity(events.len()) };
        for (k, op) in events {
            match run.keys.last() {
                Some(&last) if last == k => {
                    if let Some(o) = run.ops.last_mut() {
                        *o = o.then(op);
                    }
                }
                _ => {
                    run.keys.push(k);
                    run.ops.push(op);
                }
            }
        }
        run
    }
    pub(crate) fn get(&self, key: (u32, u32)) -> Option<EdgeOp> {
        self.keys.binary_search(&key).ok().map(|i| self.ops[i])
    }
    pub(crate) fn bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.ops.capacity() * 16
    }
}

impl Part for Run {
    fn len(&self) -> usize {
        self.keys.len()
    }
    fn merge(older: &Self, newer: &Self) -> Self {
        let (a, b) = (older, newer);
        let mut out = Self { keys: Vec::with_capacity(a.len() + b.len()), ops: Vec::with_capacity(a.len() + b.len()) };
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let take_a = j == b.len() || (i < a.len() && a.keys[i] < b.keys[j]);
            let take_b = i == a.len() || (j < b.len() && b.keys[j] < a.keys[i]);
            if take_a {
                out.keys.push(a.keys[i]);
                out.ops.push(a.ops[i]);
                i += 1;
            } else if take_b {
                out.keys.push(b.keys[j]);
                out.ops.push(b.ops[j]);
                j += 1;
            } else {
                out.keys.push(a.keys[i]);
                out.ops.push(a.ops[i].then(b.ops[j]));
                i += 1;
                j += 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EdgeOp::*;

    #[test]
    fn composition_matches_sequential_application() {
        let ops = [Add(1.0), Add(2.0), Set(5.0), Remove, Add(3.0), Set(0.5), Add(0.25)];
        for start in [None, Some(4.0)] {
            for len in 0..=ops.len() {
                for cut in 0..=len {
                    let seq = ops[..len].iter().fold(start, |w, op| op.apply(w));
                    let fold = |s: &[EdgeOp]| s.iter().copied().reduce(EdgeOp::then);
                    let (a, b) = (fold(&ops[..cut]), fold(&ops[cut..len]));
                    let composed = match (a, b) {
                        (Some(a), Some(b)) => Some(a.then(b)),
                        (x, None) | (None, x) => x,
                    };
                    assert_eq!(composed.map_or(start, |c| c.apply(start)), seq, "len {len} cut {cut}");
                }
            }
        }
    }

    #[test]
    fn runs_merge_like_one_run() {
        let ev = |k: u32, op| ((k % 3, k % 5), op);
        let all: Vec<_> = (0..40).map(|k| ev(k, if k % 7 == 0 { Remove } else { Add(f64::from(k)) })).collect();
        let whole = Run::from_events(all.clone(), None);
        let merged = Run::merge(&Run::from_events(all[..17].to_vec(), None), &Run::from_events(all[17..].to_vec(), None));
        assert_eq!(whole.keys, merged.keys);
        assert_eq!(whole.ops, merged.ops);
    }
}
