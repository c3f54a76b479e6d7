//! The crate's one `unsafe` module: a slice that several rayon tasks write
//! into at disjoint indices (the scatter step of a parallel counting sort).
//! Miri runs the builder tests that exercise it.
#![allow(unsafe_code)]

use std::marker::PhantomData;

use rayon::prelude::*;

use crate::error::{Error, Result};

/// Nodes copied by one task in [`compact`].
const COPY_BLOCK: usize = 2048;


/// A mutable slice shared between threads that promise to write disjoint
/// indices and not to read it until they have all finished.
pub(crate) struct DisjointWriter<'a, T> {
    ptr: *mut T,
    len: usize,
    _slice: PhantomData<&'a mut [T]>,
}

// SAFETY: a `DisjointWriter` is only a raw view of a `&mut [T]` it borrows for
// `'a`; sending or sharing it is sound as long as `T` may cross threads and
// the callers of `write` uphold its contract (disjoint indices, no readers).
unsafe impl<T: Send> Send for DisjointWriter<'_, T> {}
// SAFETY: as above; `&DisjointWriter` only allows `write`, whose contract
// forbids two threads touching one index.
unsafe impl<T: Send> Sync for DisjointWriter<'_, T> {}

impl<'a, T: Copy> DisjointWriter<'a, T> {
    pub(crate) fn new(slice: &'a mut [T]) -> Self {
        Self { ptr: slice.as_mut_ptr(), len: slice.len(), _slice: PhantomData }
    }

    /// Write `value` at `i`.
    ///
    /// # Safety
    /// No other thread writes or reads index `i` while this writer lives.
    #[inline]
    pub(crate) unsafe fn write(&self, i: usize, value: T) {
        assert!(i < self.len, "scatter index {i} out of bounds {}", self.len);
        // SAFETY: `i < len` was just checked, so the pointer stays inside the
        // borrowed slice; the caller guarantees exclusive access to index `i`.
        unsafe { self.ptr.add(i).write(value) }
    }

    /// Copy `src` to `start..start + src.len()`.
    ///
    /// # Safety
    /// No other thread writes or reads that range while this writer lives.
    #[inline]
    pub(crate) unsafe fn write_slice(&self, start: usize, src: &[T]) {
        assert!(start.checked_add(src.len()).is_some_and(|end| end <= self.len), "scatter range out of bounds");
        // SAFETY: the range was just checked to lie inside the borrowed slice,
        // `src` cannot overlap it (it is a shared borrow while the slice is
        // exclusively borrowed by this writer), and the caller guarantees
        // exclusive access to the range.
        unsafe { std::ptr::copy_nonoverlapping(src.as_ptr(), self.ptr.add(start), src.len()) }
    }
}

/// Something that can list its arcs `(owner, target, weight index)` in `chunks()` ordered chunks.
pub(super) trait ArcSource: Sync {
    fn chunks(&self) -> usize;
    fn emit<F: FnMut(u32, u32, usize)>(&self, chunk: usize, f: F);
}

pub(super) type Parts = (Vec<u64>, Vec<u32>, Option<Vec<f64>>);

/// Nodes per radix bucket: `2^bucket_bits(n)`, so that at most ~256 buckets
/// receive writes in the first pass and one bucket's lists fit in cache in
/// the second.
fn bucket_bits(n: usize) -> u32 {
    let lg = usize::BITS - n.max(1).saturating_sub(1).leading_zeros();
    lg.saturating_sub(8).min(12)
}

/// Stable parallel sort of `source`'s arcs by owner, as a two-pass radix
/// sort: pass 1 scatters `(owner, target)` pairs into buckets of `2^bits`
/// owners (few, sequential write streams), pass 2 counting-sorts each bucket
/// by owner into its cache-sized slice of the final arrays. Both passes are
/// stable, so every list keeps input order.
pub(super) fn scatter<S: ArcSource>(n: usize, source: &S, weighted: bool, weight_of: impl Fn(usize) -> f64 + Sync) -> Result<Parts> {
    let chunks = source.chunks();
    let bits = bucket_bits(n);
    let buckets = n.div_ceil(1 << bits);
    let mut cursors: Vec<Vec<u64>> = (0..chunks)
        .into_par_iter()
        .map(|k| {
            let mut count = vec![0u64; buckets];
            source.emit(k, |s, _, _| count[(s >> bits) as usize] += 1);
            count
        })
        .collect();
    let mut bucket_start = vec![0u64; buckets + 1];
    let mut run = 0u64;
    for b in 0..buckets {
        bucket_start[b] = run;
        for cur in &mut cursors {
            let c = cur[b];
            cur[b] = run;
            run += c;
        }
    }
    bucket_start[buckets] = run;
    let arcs = usize::try_from(run).map_err(|_| Error::TooLarge { what: "arcs", count: run, limit: usize::MAX as u64 })?;
    let mut pairs = vec![0u64; arcs];
    let mut pair_w = weighted.then(|| vec![0f64; arcs]);
    {
        let pw = DisjointWriter::new(&mut pairs);
        let ww = pair_w.as_deref_mut().map(DisjointWriter::new);
        cursors.par_iter_mut().enumerate().for_each(|(k, cur)| {
            source.emit(k, |s, t, i| {
                let b = (s >> bits) as usize;
                let p = cur[b] as usize;
                cur[b] += 1;
                // SAFETY: the prefix sums give chunk `k` and bucket `b` the
                // slots bucket_start[b] + (arcs of `b` in chunks < k) .. + (arcs
                // of `b` in chunk k); only this task advances that cursor, so
                // each slot is written exactly once, by one thread.
                unsafe { pw.write(p, (u64::from(s) << 32) | u64::from(t)) };
                if let Some(ww) = &ww {
                    // SAFETY: same slot as above, in the parallel weight array.
                    unsafe { ww.write(p, weight_of(i)) };
                }
            });
        });
    }
    let mut offsets = vec![0u64; n + 1];
    let mut targets = vec![0u32; arcs];
    let mut wts = weighted.then(|| vec![0f64; arcs]);
    {
        let tw = DisjointWriter::new(&mut targets);
        let ww = wts.as_deref_mut().map(DisjointWriter::new);
        offsets[1..].par_chunks_mut(1 << bits).enumerate().for_each(|(b, ends)| {
            let lo = (b << bits) as u64;
            let (from, to) = (bucket_start[b] as usize, bucket_start[b + 1] as usize);
            let mut cur = vec![0u64; ends.len()];
            for &p in &pairs[from..to] {
                cur[((p >> 32) - lo) as usize] += 1;
            }
            let mut run = bucket_start[b];
            for (c, end) in cur.iter_mut().zip(ends.iter_mut()) {
                let x = *c;
                *c = run;
                run += x;
                *end = run;
            }
            for (j, &p) in pairs[from..to].iter().enumerate() {
                let slot = &mut cur[((p >> 32) - lo) as usize];
                let at = *slot as usize;
                *slot += 1;
                // SAFETY: bucket `b` owns final slots bucket_start[b] ..
                // bucket_start[b + 1] (its nodes' lists, which no other bucket
                // touches), and the local prefix sums give each of its arcs a
                // distinct slot in that range.
                unsafe { tw.write(at, p as u32) };
                if let (Some(ww), Some(pw)) = (&ww, &pair_w) {
                    // SAFETY: same slot as above, in the parallel weight array.
                    unsafe { ww.write(at, pw[from + j]) };
                }
            }
        });
    }
    Ok((offsets, targets, wts))
}

/// Copy the first `lens[v]` arcs of every list into fresh, tight arrays.
pub(super) fn compact(offsets: &[u64], lens: &[u32], t: &[u32], w: Option<&[f64]>) -> Parts {
    let n = lens.len();
    let mut new_off = vec![0u64; n + 1];
    for v in 0..n {
        new_off[v + 1] = new_off[v] + u64::from(lens[v]);
    }
    let arcs = new_off[n] as usize;
    let mut nt = vec![0u32; arcs];
    let mut nw = w.map(|_| vec![0f64; arcs]);
    {
        let tw = DisjointWriter::new(&mut nt);
        let ww = nw.as_deref_mut().map(DisjointWriter::new);
        (0..n.div_ceil(COPY_BLOCK)).into_par_iter().for_each(|b| {
            for v in b * COPY_BLOCK..((b + 1) * COPY_BLOCK).min(n) {
                let (from, len, to) = (offsets[v] as usize, lens[v] as usize, new_off[v] as usize);
                // SAFETY: node `v`'s destination range new_off[v]..new_off[v+1]
                // is disjoint from every other node's, and each node is
                // handled by exactly one task.
                unsafe { tw.write_slice(to, &t[from..from + len]) };
                if let (Some(ww), Some(w)) = (&ww, w) {
                    // SAFETY: same range, in the parallel weight array.
                    unsafe { ww.write_slice(to, &w[from..from + len]) };
                }
            }
        });
    }
    (new_off, nt, nw)
}

