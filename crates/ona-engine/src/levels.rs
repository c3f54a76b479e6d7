//! An immutable, cheaply cloned list of parts, kept short by merging.
//!
//! Each batch becomes a part. After a push, the newest part is merged into
//! the one before it while that one is at most twice its size (a binary
//! counter): parts grow geometrically, so a list of `N` elements holds
//! `O(log N)` parts and each element is copied `O(log N)` times. Parts over
//! `seal_at` elements are never merged again. A version clones the list of
//! `Arc`s, never the data, so publishing a version per batch is cheap.

use std::sync::Arc;

pub(crate) trait Part {
    fn len(&self) -> usize;
    /// `older` followed by `newer`.
    fn merge(older: &Self, newer: &Self) -> Self;
}

#[derive(Debug)]
pub(crate) struct Levels<T> {
    parts: Vec<Arc<T>>,
    total: usize,
}

impl<T> Clone for Levels<T> {
    fn clone(&self) -> Self {
        Self { parts: self.parts.clone(), total: self.total }
    }
}

impl<T> Default for Levels<T> {
    fn default() -> Self {
        Self { parts: Vec::new(), total: 0 }
    }
}

impl<T: Part> Levels<T> {
    pub(crate) fn push(&mut self, part: T, seal_at: usize) {
        self.total += part.len();
        let mut cur = part;
        while let Some(last) = self.parts.last() {
            if last.len() > 2 * cur.len() || last.len() >= seal_at {
                break;
            }
            cur = T::merge(last, &cur);
            self.parts.pop();
        }
        self.parts.push(Arc::new(cur));
    }
    /// Elements in all parts.
    pub(crate) fn len(&self) -> usize {
        self.total
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.total == 0
    }
    /// Parts, oldest first.
    pub(crate) fn parts(&self) -> &[Arc<T>] {
        &self.parts
    }
    /// Everything in one part (`None` when empty).
    pub(crate) fn flatten(&self) -> Option<T>
    where
        T: Clone,
    {
        let (first, rest) = self.parts.split_first()?;
        let mut acc = T::clone(first);
        for p in rest {
            acc = T::merge(&acc, p);
        }
        Some(acc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Part for Vec<u32> {
        fn len(&self) -> usize {
            Vec::len(self)
        }
        fn merge(a: &Self, b: &Self) -> Self {
            a.iter().chain(b).copied().collect()
        }
    }

    #[test]
    fn stays_logarithmic_and_ordered() {
        let mut l = Levels::<Vec<u32>>::default();
        for i in 0..10_000u32 {
            l.push(vec![i], usize::MAX);
            assert!(l.parts().len() <= 2 * (32 - (i + 1).leading_zeros()) as usize);
        }
        assert_eq!(l.flatten(), Some((0..10_000).collect()));
        assert_eq!(l.len(), 10_000);
    }
}
