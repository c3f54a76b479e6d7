//! Dense per-thread accumulators: link weight from one node (or community) to
//! each neighbouring community, summed in adjacency order, so sums do not
//! depend on which thread computed them.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::Exec;

/// Sums keyed by community id, with the ids touched in first-touch order.
#[derive(Debug)]
pub(crate) struct Scratch {
    acc: Vec<f64>,
    seen: Vec<bool>,
    touched: Vec<u32>,
}

impl Scratch {
    pub fn new(k: usize) -> Self {
        Self {
            acc: vec![0.0; k],
            seen: vec![false; k],
            touched: Vec::new(),
        }
    }

    #[inline]
    pub fn add(&mut self, c: u32, w: f64) {
        let i = c as usize;
        if !self.seen[i] {
            self.seen[i] = true;
            self.touched.push(c);
        }
        self.acc[i] += w;
    }

    /// Sum for `c` (0 if untouched).
    #[inline]
    pub fn get(&self, c: u32) -> f64 {
        self.acc[c as usize]
    }

    /// Touched ids, in first-touch order.
    pub fn touched(&self) -> &[u32] {
        &self.touched
    }

    /// Forget everything touched.
    pub fn clear(&mut self) {
        for &c in &self.touched {
            self.acc[c as usize] = 0.0;
            self.seen[c as usize] = false;
        }
        self.touched.clear();
    }

    /// Appends the touched ids ascending and their sums; leaves the scratch clear.
    pub fn drain_sorted_into(&mut self, ids: &mut Vec<u32>, sums: &mut Vec<f64>) {
        self.touched.sort_unstable();
        ids.extend_from_slice(&self.touched);
        sums.extend(self.touched.iter().map(|&c| self.acc[c as usize]));
        self.clear();
    }
}

/// One lazily allocated [`Scratch`] per pool thread.
#[derive(Debug)]
pub(crate) struct PerThread {
    k: usize,
    slots: Vec<Mutex<Option<Scratch>>>,
}

impl PerThread {
    pub fn new(exec: &Exec, k: usize) -> Self {
        Self {
            k,
            slots: (0..exec.threads().max(1))
                .map(|_| Mutex::new(None))
                .collect(),
        }
    }

    /// The calling thread's scratch, cleared. Each pool thread has its own
    /// slot, so the lock is never contended.
    pub fn get(&self) -> ScratchGuard<'_> {
        let i = rayon::current_thread_index().unwrap_or(0) % self.slots.len();
        let mut g = self.slots[i].lock().unwrap_or_else(PoisonError::into_inner);
        if g.is_none() {
            *g = Some(Scratch::new(self.k));
        }
        ScratchGuard(g)
    }
}

/// Borrow of a thread's [`Scratch`].
#[derive(Debug)]
pub(crate) struct ScratchGuard<'a>(MutexGuard<'a, Option<Scratch>>);

impl std::ops::Deref for ScratchGuard<'_> {
    type Target = Scratch;
    fn deref(&self) -> &Scratch {
        self.0
            .as_ref()
            .unwrap_or_else(|| unreachable!("filled in get"))
    }
}

impl std::ops::DerefMut for ScratchGuard<'_> {
    fn deref_mut(&mut self) -> &mut Scratch {
        self.0
            .as_mut()
            .unwrap_or_else(|| unreachable!("filled in get"))
    }
}

impl Drop for ScratchGuard<'_> {
    fn drop(&mut self) {
        if let Some(s) = self.0.as_mut() {
            s.clear();
        }
    }
}
