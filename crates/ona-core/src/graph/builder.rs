//! Parallel CSR construction from edge arrays.
//!
//! A stable, chunked counting sort: each of `C` chunks of the edge list counts
//! arcs per source, a prefix sum turns the `C x n` counts into cursors, and
//! each chunk scatters its arcs in input order. Lists are then sorted by
//! target (stably, so duplicates stay in input order and merge the same way
//! on every run and thread count) and duplicates merged by policy. Directed
//! graphs get their in-adjacency by the same scatter over the finished
//! out-adjacency, which yields sorted lists with no sort at all.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::csr::{Csr, Weights};
use super::idmap::IdMap;
use super::scatter::{ArcSource, Parts, compact, scatter};
use super::Graph;
use crate::error::{Error, Result, WeightProblem};
use crate::exec::Exec;
use crate::ids::MAX_NODES;

/// What to do when the same edge appears more than once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicatePolicy {
    /// Keep one edge whose weight is the sum (collaboration counts add up).
    #[default]
    Sum,
    /// Keep one edge with the largest weight.
    Max,
    /// Keep the first occurrence in input order.
    First,
    /// Refuse the input with [`Error::DuplicateEdge`].
    Error,
}

/// What to do with an edge from a node to itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SelfLoopPolicy {
    /// Keep it (as NetworkX does).
    #[default]
    Keep,
    /// Leave it out silently.
    Drop,
    /// Refuse the input with [`Error::SelfLoop`].
    Error,
}

/// Edge weights as given by the caller, one per edge row.
#[derive(Debug, Clone, Copy)]
pub enum EdgeWeights<'a> {
    /// Single precision; the graph keeps `f32`.
    F32(&'a [f32]),
    /// Double precision; the graph keeps `f64`.
    F64(&'a [f64]),
}

impl EdgeWeights<'_> {
    fn len(&self) -> usize {
        match self {
            Self::F32(w) => w.len(),
            Self::F64(w) => w.len(),
        }
    }
    #[inline]
    fn get(&self, i: usize) -> f64 {
        match self {
            Self::F32(w) => f64::from(w[i]),
            Self::F64(w) => w[i],
        }
    }
}

/// Builds immutable [`Graph`]s from edge arrays.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[0, 1, 1], &[1, 2, 0], None, &exec)?;
/// assert_eq!(g.edge_count(), 2); // {0,1} given twice, merged
/// # Ok::<(), ona_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct GraphBuilder {
    directed: bool,
    duplicates: DuplicatePolicy,
    self_loops: SelfLoopPolicy,
}

impl GraphBuilder {
    /// A builder for directed graphs.
    pub fn directed() -> Self {
        Self { directed: true, ..Self::default() }
    }
    /// A builder for undirected graphs.
    pub fn undirected() -> Self {
        Self::default()
    }
    /// Directed or not.
    pub fn with_direction(directed: bool) -> Self {
        Self { directed, ..Self::default() }
    }
    /// Policy for repeated edges (default [`DuplicatePolicy::Sum`]).
    #[must_use]
    pub fn duplicates(mut self, p: DuplicatePolicy) -> Self {
        self.duplicates = p;
        self
    }
    /// Policy for self loops (default [`SelfLoopPolicy::Keep`]).
    #[must_use]
    pub fn self_loops(mut self, p: SelfLoopPolicy) -> Self {
        self.self_loops = p;
        self
    }

    /// Build a graph on nodes `0..node_count` from edges `src[i] -> dst[i]`.
    ///
    /// Errors: unequal array lengths, a node `>= node_count`, more than
    /// `u32::MAX - 1` nodes, a NaN or infinite weight (naming the row), or a
    /// duplicate / self loop refused by policy.
    pub fn build(
        &self,
        node_count: usize,
        src: &[u32],
        dst: &[u32],
        weights: Option<EdgeWeights<'_>>,
        exec: &Exec,
    ) -> Result<Graph> {
        if node_count as u64 > MAX_NODES {
            return Err(Error::TooLarge { what: "nodes", count: node_count as u64, limit: MAX_NODES });
        }
        exec.install(|| self.build_dense(node_count, src, dst, weights, IdMap::Dense(node_count as u32), exec))
    }

    /// Build from integer external ids. Nodes are every id in `nodes`, `src`
    /// and `dst`; node `i` is the `i`-th smallest id.
    pub fn build_u64(
        &self,
        nodes: &[u64],
        src: &[u64],
        dst: &[u64],
        weights: Option<EdgeWeights<'_>>,
        exec: &Exec,
    ) -> Result<Graph> {
        check_len("dst", src.len(), dst.len())?;
        exec.install(|| {
            if let Some((ids, s, d)) = rank_small_range(nodes, src, dst) {
                if ids.len() as u64 > MAX_NODES {
                    return Err(Error::TooLarge { what: "nodes", count: ids.len() as u64, limit: MAX_NODES });
                }
                let n = ids.len();
                return self.build_dense(n, &s, &d, weights, IdMap::U64(ids), exec);
            }
            let mut ids: Vec<u64> = Vec::with_capacity(nodes.len() + 2 * src.len());
            ids.extend_from_slice(nodes);
            ids.extend_from_slice(src);
            ids.extend_from_slice(dst);
            ids.par_sort_unstable();
            ids.dedup();
            if ids.len() as u64 > MAX_NODES {
                return Err(Error::TooLarge { what: "nodes", count: ids.len() as u64, limit: MAX_NODES });
            }
            let rank = |x: &u64| ids.binary_search(x).map_or(u32::MAX, |i| i as u32);
            let s: Vec<u32> = src.par_iter().map(rank).collect();
            let d: Vec<u32> = dst.par_iter().map(rank).collect();
            let n = ids.len();
            self.build_dense(n, &s, &d, weights, IdMap::U64(ids), exec)
        })
    }

    /// Build from string ids. Nodes are numbered in first-seen order over
    /// `nodes`, then the edge rows.
    pub fn build_str<S: AsRef<str> + Sync>(
        &self,
        nodes: &[S],
        src: &[S],
        dst: &[S],
        weights: Option<EdgeWeights<'_>>,
        exec: &Exec,
    ) -> Result<Graph> {
        check_len("dst", src.len(), dst.len())?;
        let mut index: FxHashMap<&str, u32> = FxHashMap::default();
        let mut names: Vec<Box<str>> = Vec::new();
        for s in nodes {
            intern(&mut index, &mut names, s.as_ref())?;
        }
        let mut s_idx = Vec::with_capacity(src.len());
        let mut d_idx = Vec::with_capacity(src.len());
        for (a, b) in src.iter().zip(dst) {
            s_idx.push(intern(&mut index, &mut names, a.as_ref())?);
            d_idx.push(intern(&mut index, &mut names, b.as_ref())?);
        }
        drop(index);
        let n = names.len();
        exec.install(|| self.build_dense(n, &s_idx, &d_idx, weights, IdMap::from_names(names), exec))
    }

    /// The build proper; runs inside `exec`'s pool.
    fn build_dense(
        &self,
        n: usize,
        src: &[u32],
        dst: &[u32],
        weights: Option<EdgeWeights<'_>>,
        ids: IdMap,
        exec: &Exec,
    ) -> Result<Graph> {
        check_len("dst", src.len(), dst.len())?;
        if let Some(w) = &weights {
            check_len("weights", src.len(), w.len())?;
        }
        validate(n, src, dst, weights.as_ref(), self.self_loops)?;
        exec.check()?;
        let source = EdgeSource {
            src,
            dst,
            directed: self.directed,
            drop_loops: self.self_loops == SelfLoopPolicy::Drop,
            chunks: exec.threads().max(1),
        };
        let weight_of = |i: usize| weights.as_ref().map_or(1.0, |w| w.get(i));
        let (offsets, mut targets, mut wts) = scatter(n, &source, weights.is_some(), weight_of)?;
        exec.check()?;
        let (new_degrees, dup) = sort_and_merge(&offsets, &mut targets, wts.as_deref_mut(), self.duplicates);
        if let Some((u, v)) = dup {
            return Err(duplicate_error(src, dst, self.directed, u, v));
        }
        let (offsets, targets, wts) = match new_degrees {
            Some(degrees) => compact(&offsets, &degrees, &targets, wts.as_deref()),
            None => (offsets, targets, wts),
        };
        if let Some(w) = &wts {
            if let Some(arc) = w.par_iter().position_first(|x| !x.is_finite()) {
                // Merged duplicates overflowed.
                return Err(Error::InvalidWeight { edge: arc as u64, weight: w[arc], problem: WeightProblem::Infinite });
            }
        }
        exec.check()?;
        let inc = self.directed.then(|| transpose(n, &offsets, &targets, wts.as_deref(), source.chunks));
        let self_loops = (0..n)
            .into_par_iter()
            .filter(|&v| targets[offsets[v] as usize..offsets[v + 1] as usize].binary_search(&(v as u32)).is_ok())
            .count() as u64;
        let keep = |w: Option<Vec<f64>>| -> Result<Option<Weights>> {
            match (w, &weights) {
                (None, _) | (_, None) => Ok(None),
                (Some(w), Some(EdgeWeights::F64(_))) => Ok(Some(Weights::F64(w))),
                (Some(w), Some(EdgeWeights::F32(_))) => {
                    let w32: Vec<f32> = w.par_iter().map(|&x| x as f32).collect();
                    if let Some(arc) = w32.par_iter().position_first(|x| !x.is_finite()) {
                        return Err(Error::InvalidWeight { edge: arc as u64, weight: w[arc], problem: WeightProblem::Infinite });
                    }
                    Ok(Some(Weights::F32(w32)))
                }
            }
        };
        let out = Csr { offsets, targets, weights: keep(wts)? };
        let inc = match inc {
            Some((o, t, w)) => Some(Csr { offsets: o, targets: t, weights: keep(w)? }),
            None => None,
        };
        Ok(Graph::from_parts(self.directed, out, inc, self_loops, ids))
    }
}

/// Parallel checks of every row before any allocation proportional to `n`.
fn validate(n: usize, src: &[u32], dst: &[u32], weights: Option<&EdgeWeights<'_>>, loops: SelfLoopPolicy) -> Result<()> {
    // Fast path: the largest id (a vectorised parallel max) is in range.
    let max_id = |a: &[u32]| a.par_chunks(1 << 16).map(|c| c.iter().copied().max().unwrap_or(0)).max().unwrap_or(0);
    let (ms, md) = rayon::join(|| max_id(src), || max_id(dst));
    if !src.is_empty() && ms.max(md) as usize >= n {
        let out_of_range = |x: u32| x as usize >= n;
        let i = src.par_iter().zip(dst).position_first(|(&s, &d)| out_of_range(s) || out_of_range(d)).unwrap_or(0);
        let bad = if out_of_range(src[i]) { src[i] } else { dst[i] };
        return Err(Error::NodeOutOfRange { node: u64::from(bad), node_count: n as u64 });
    }
    if let Some(w) = weights {
        if let Some(i) = (0..w.len()).into_par_iter().position_first(|i| !w.get(i).is_finite()) {
            let x = w.get(i);
            let problem = if x.is_nan() { WeightProblem::NotANumber } else { WeightProblem::Infinite };
            return Err(Error::InvalidWeight { edge: i as u64, weight: x, problem });
        }
    }
    if loops == SelfLoopPolicy::Error {
        if let Some(i) = src.par_iter().zip(dst).position_first(|(s, d)| s == d) {
            return Err(Error::SelfLoop { edge: i as u64, node: src[i] });
        }
    }
    Ok(())
}

struct EdgeSource<'a> {
    src: &'a [u32],
    dst: &'a [u32],
    directed: bool,
    drop_loops: bool,
    chunks: usize,
}

impl ArcSource for EdgeSource<'_> {
    fn chunks(&self) -> usize {
        self.chunks
    }
    #[inline]
    fn emit<F: FnMut(u32, u32, usize)>(&self, chunk: usize, mut f: F) {
        let m = self.src.len();
        let (lo, hi) = (chunk * m / self.chunks, (chunk + 1) * m / self.chunks);
        for i in lo..hi {
            let (s, d) = (self.src[i], self.dst[i]);
            if s == d {
                if !self.drop_loops {
                    f(s, d, i);
                }
            } else {
                f(s, d, i);
                if !self.directed {
                    f(d, s, i);
                }
            }
        }
    }
}

/// The arcs of a finished CSR, reversed, in chunks of whole source ranges.
struct Reversed<'a> {
    offsets: &'a [u64],
    targets: &'a [u32],
    bounds: Vec<usize>,
}

impl ArcSource for Reversed<'_> {
    fn chunks(&self) -> usize {
        self.bounds.len() - 1
    }
    #[inline]
    fn emit<F: FnMut(u32, u32, usize)>(&self, chunk: usize, mut f: F) {
        for v in self.bounds[chunk]..self.bounds[chunk + 1] {
            for arc in self.offsets[v] as usize..self.offsets[v + 1] as usize {
                f(self.targets[arc], v as u32, arc);
            }
        }
    }
}

/// Nodes handled sequentially by one task in [`for_lists`].
const LEAF: usize = 2048;

/// Calls `f(v, list, weights)` on every node's list in parallel and stores
/// the returned length in `lens[v]`.
fn for_lists<F>(offsets: &[u64], lo: usize, hi: usize, t: &mut [u32], w: Option<&mut [f64]>, lens: &mut [u32], f: &F)
where
    F: Fn(usize, &mut [u32], Option<&mut [f64]>) -> u32 + Sync,
{
    if hi - lo <= LEAF {
        let (mut t, mut w) = (t, w);
        for v in lo..hi {
            let len = (offsets[v + 1] - offsets[v]) as usize;
            let (head, tail) = std::mem::take(&mut t).split_at_mut(len);
            t = tail;
            let wh = w.take().map(|x| {
                let (a, b) = x.split_at_mut(len);
                w = Some(b);
                a
            });
            lens[v - lo] = f(v, head, wh);
        }
        return;
    }
    let mid = lo + (hi - lo) / 2;
    let cut = (offsets[mid] - offsets[lo]) as usize;
    let (t1, t2) = t.split_at_mut(cut);
    let (w1, w2) = match w {
        Some(w) => {
            let (a, b) = w.split_at_mut(cut);
            (Some(a), Some(b))
        }
        None => (None, None),
    };
    let (l1, l2) = lens.split_at_mut(mid - lo);
    rayon::join(|| for_lists(offsets, lo, mid, t1, w1, l1, f), || for_lists(offsets, mid, hi, t2, w2, l2, f));
}

thread_local! {
    static PAIRS: std::cell::RefCell<Vec<(u32, f64)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Sort every list by target (stably) and merge duplicates by `policy`, in
/// place. Returns the new lengths if any list shrank, and the first duplicate
/// found under [`DuplicatePolicy::Error`].
fn sort_and_merge(offsets: &[u64], t: &mut [u32], w: Option<&mut [f64]>, policy: DuplicatePolicy) -> (Option<Vec<u32>>, Option<(u32, u32)>) {
    let n = offsets.len() - 1;
    let mut lens = vec![0u32; n];
    let first_dup = std::sync::Mutex::new(None::<(u32, u32)>);
    let merge = |v: usize, list: &mut [u32], wl: Option<&mut [f64]>| -> u32 {
        if list.len() < 2 {
            return list.len() as u32;
        }
        let mut k = 1;
        match wl {
            None => {
                if !list.is_sorted() {
                    list.sort_unstable();
                }
                for i in 1..list.len() {
                    if list[i] != list[k - 1] {
                        list[k] = list[i];
                        k += 1;
                    } else if policy == DuplicatePolicy::Error {
                        first_dup.lock().map(|mut d| *d = d.or(Some((v as u32, list[i])))).ok();
                    }
                }
            }
            Some(wl) => {
                if !list.is_sorted() {
                    PAIRS.with_borrow_mut(|pairs| {
                        pairs.clear();
                        pairs.extend(list.iter().copied().zip(wl.iter().copied()));
                        pairs.sort_by_key(|p| p.0);
                        for (i, &(a, b)) in pairs.iter().enumerate() {
                            list[i] = a;
                            wl[i] = b;
                        }
                    });
                }
                for i in 1..list.len() {
                    if list[i] != list[k - 1] {
                        list[k] = list[i];
                        wl[k] = wl[i];
                        k += 1;
                    } else {
                        match policy {
                            DuplicatePolicy::Sum => wl[k - 1] += wl[i],
                            DuplicatePolicy::Max => wl[k - 1] = wl[k - 1].max(wl[i]),
                            DuplicatePolicy::First => {}
                            DuplicatePolicy::Error => {
                                first_dup.lock().map(|mut d| *d = d.or(Some((v as u32, list[i])))).ok();
                            }
                        }
                    }
                }
            }
        }
        k as u32
    };
    for_lists(offsets, 0, n, t, w, &mut lens, &merge);
    let dup = first_dup.into_inner().ok().flatten();
    let shrank = (0..n).into_par_iter().any(|v| u64::from(lens[v]) != offsets[v + 1] - offsets[v]);
    (shrank.then_some(lens), dup)
}

/// In-adjacency of a finished out-adjacency: the same stable scatter, with
/// sources visited in ascending order so every list comes out sorted.
fn transpose(n: usize, offsets: &[u64], targets: &[u32], w: Option<&[f64]>, chunks: usize) -> Parts {
    let arcs = targets.len() as u64;
    let mut bounds = vec![0usize];
    for k in 1..chunks {
        let goal = arcs * k as u64 / chunks as u64;
        let v = offsets.partition_point(|&o| o < goal).min(n);
        bounds.push(v.max(*bounds.last().unwrap_or(&0)));
    }
    bounds.push(n);
    let source = Reversed { offsets, targets, bounds };
    let weight_of = |arc: usize| w.map_or(1.0, |w| w[arc]);
    // Counting cannot overflow: the arcs already fit in memory.
    scatter(n, &source, w.is_some(), weight_of).unwrap_or_else(|e| unreachable!("transpose of a built CSR: {e}"))
}

/// Locate the row of the second occurrence of edge `u -> v` for the error message.
fn duplicate_error(src: &[u32], dst: &[u32], directed: bool, u: u32, v: u32) -> Error {
    let same = |s: u32, d: u32| (s == u && d == v) || (!directed && s == v && d == u);
    let row = src.iter().zip(dst).enumerate().filter(|(_, (s, d))| same(**s, **d)).nth(1).map_or(0, |(i, _)| i);
    Error::DuplicateEdge { edge: row as u64, src: src[row], dst: dst[row] }
}

/// The ranking of [`GraphBuilder::build_u64`] without a sort, for ids below a
/// small bound (at most `2 * (ids given) + 2^20`, the common case of ids that
/// are already indices): a presence bitset, then rank = set bits before the
/// id. Returns the sorted distinct ids and the ranked `src`, `dst`; `None`
/// when the ids are too spread out (the caller sorts instead). Runs on the
/// current pool.
#[allow(clippy::cast_possible_truncation)] // ids are below `limit`, which fits usize and u32 ranks
fn rank_small_range(nodes: &[u64], src: &[u64], dst: &[u64]) -> Option<(Vec<u64>, Vec<u32>, Vec<u32>)> {
    use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
    let given = nodes.len() + src.len() + dst.len();
    let limit = (2 * given as u64).saturating_add(1 << 20).min(u64::from(u32::MAX));
    let max = [nodes, src, dst].iter().map(|a| a.par_iter().copied().max().unwrap_or(0)).max().unwrap_or(0);
    if max >= limit {
        return None;
    }
    let words = (max as usize >> 6) + 1;
    let bits: Vec<AtomicU64> = (0..words).map(|_| AtomicU64::new(0)).collect();
    for a in [nodes, src, dst] {
        a.par_iter().with_min_len(1 << 14).for_each(|&x| {
            let (w, b) = ((x >> 6) as usize, x & 63);
            if bits[w].load(Relaxed) & (1 << b) == 0 {
                bits[w].fetch_or(1 << b, Relaxed);
            }
        });
    }
    let bits: Vec<u64> = bits.into_iter().map(AtomicU64::into_inner).collect();
    let mut before = Vec::with_capacity(words);
    let mut acc = 0u32;
    for w in &bits {
        before.push(acc);
        acc += w.count_ones();
    }
    let mut ids = Vec::with_capacity(acc as usize);
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            ids.push(((w as u64) << 6) | u64::from(word.trailing_zeros()));
            word &= word - 1;
        }
    }
    let rank = |&x: &u64| {
        let (w, b) = ((x >> 6) as usize, x & 63);
        before[w] + (bits[w] & ((1u64 << b) - 1)).count_ones()
    };
    let s = src.par_iter().with_min_len(1 << 14).map(rank).collect();
    let d = dst.par_iter().with_min_len(1 << 14).map(rank).collect();
    Some((ids, s, d))
}

fn intern<'a>(index: &mut FxHashMap<&'a str, u32>, names: &mut Vec<Box<str>>, s: &'a str) -> Result<u32> {
    if let Some(&i) = index.get(s) {
        return Ok(i);
    }
    let i = names.len() as u64;
    if i >= MAX_NODES {
        return Err(Error::TooLarge { what: "nodes", count: i + 1, limit: MAX_NODES });
    }
    names.push(s.into());
    index.insert(s, i as u32);
    Ok(i as u32)
}

fn check_len(what: &'static str, expected: usize, found: usize) -> Result<()> {
    if expected == found {
        Ok(())
    } else {
        Err(Error::LengthMismatch { what, expected: expected as u64, found: found as u64 })
    }
}
