//! The single-source kernel shared by the betweenness family.
//!
//! Brandes (2001, 2008): from one source `s`, a shortest-path search (BFS for
//! hop counts, Dijkstra with a binary heap for weights) records the settle
//! order `S` and the path counts `sigma`; walking `S` backwards accumulates
//! the dependencies `delta`. The backward pass is *pull*-based: node `v`
//! sums `(1 + delta[w]) / sigma[w]` over its successors `w` (out-neighbours
//! one level further, or with `dist[v] + weight == dist[w]` exactly), so no
//! predecessor lists are stored and every write goes to `v`'s own slot.
//!
//! Also here: the deterministic parallel driver (sources in fixed chunks of
//! [`CHUNK`], per-chunk partial vectors combined by a fixed-shape pairwise
//! tree, so results are bitwise identical at any thread count), weight
//! validation, and NetworkX's `_rescale`.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result, WeightProblem};
use crate::exec::Tracker;
use crate::graph::{Adjacency, Graph};

/// Sources (or samples) per chunk: the unit of parallel work, of progress
/// reporting granularity for reductions, and of the deterministic reduction.
pub(crate) const CHUNK: usize = 64;

const UNREACHED: u32 = u32::MAX;

/// How path length is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metric {
    /// Every arc has length 1: BFS.
    Hops,
    /// Arc weights are lengths: Dijkstra.
    Weights,
}

impl Metric {
    /// [`Metric::Weights`] if `weighted` and the graph carries weights (a
    /// graph without weights reads every weight as 1, which BFS does
    /// faster); every weight must then be finite and strictly positive.
    ///
    /// NetworkX documents "weights must be greater than zero" but does not
    /// check: with zero weights its Dijkstra adds settled nodes as
    /// predecessors and doubles path counts around zero-weight self loops, so
    /// its output depends on insertion order. We refuse zero and negative
    /// weights with [`Error::InvalidWeight`] instead.
    pub(crate) fn for_graph<A: Adjacency>(g: &Graph<A>, weighted: bool) -> Result<Self> {
        if !weighted || !g.is_weighted() {
            return Ok(Self::Hops);
        }
        let adj = g.out_adj();
        let n = node_count_u32(g)?;
        let bad = (0..n).into_par_iter().find_map_first(|v| {
            let mut bad = None;
            adj.for_each_arc(v, |_, arc| {
                if bad.is_none() {
                    let w = adj.arc_weight(arc);
                    let problem = if w.is_nan() {
                        Some(WeightProblem::NotANumber)
                    } else if w.is_infinite() {
                        Some(WeightProblem::Infinite)
                    } else if w < 0.0 {
                        Some(WeightProblem::Negative)
                    } else if w == 0.0 {
                        Some(WeightProblem::Zero)
                    } else {
                        None
                    };
                    bad = problem.map(|p| (arc, w, p));
                }
            });
            bad
        });
        match bad {
            Some((edge, weight, problem)) => Err(Error::InvalidWeight { edge, weight, problem }),
            None => Ok(Self::Weights),
        }
    }
}

/// The node count as `u32` (graphs never hold more; checked anyway).
pub(crate) fn node_count_u32<A: Adjacency>(g: &Graph<A>) -> Result<u32> {
    let n = g.node_count();
    u32::try_from(n).map_err(|_| Error::TooLarge { what: "nodes", count: n as u64, limit: u64::from(u32::MAX) })
}

/// How many nodes a search from each node can reach at most, itself
/// included: component sizes for undirected graphs (one sequential BFS
/// sweep, `O(n + m)`), `n` for directed ones. See [`Sssp::search`].
pub(crate) fn reach_bounds<A: Adjacency>(g: &Graph<A>) -> Vec<u32> {
    let n = g.node_count();
    let all = u32::try_from(n).unwrap_or(u32::MAX);
    if g.is_directed() {
        return vec![all; n];
    }
    let adj = g.out_adj();
    let mut size = vec![0u32; n];
    let mut comp = vec![UNREACHED; n];
    let mut queue: Vec<u32> = Vec::new();
    for s in 0..all {
        if comp[s as usize] != UNREACHED {
            continue;
        }
        queue.clear();
        queue.push(s);
        comp[s as usize] = s;
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head];
            head += 1;
            adj.for_each_neighbor(v, |w| {
                if comp[w as usize] == UNREACHED {
                    comp[w as usize] = s;
                    queue.push(w);
                }
            });
        }
        let k = u32::try_from(queue.len()).unwrap_or(u32::MAX);
        for &v in &queue {
            size[v as usize] = k;
        }
    }
    size
}

/// Heap entry for Dijkstra: smallest distance first, then smallest node.
#[derive(Debug, Clone, Copy)]
struct Item {
    d: f64,
    v: u32,
}
impl PartialEq for Item {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Item {}
impl PartialOrd for Item {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Item {
    fn cmp(&self, o: &Self) -> Ordering {
        // Reversed: `BinaryHeap` is a max-heap.
        o.d.total_cmp(&self.d).then(o.v.cmp(&self.v))
    }
}

/// Per-thread scratch for single-source searches, reused across sources:
/// only the nodes the last search touched are reset.
#[derive(Debug)]
pub(crate) struct Sssp {
    metric: Metric,
    /// Discovered nodes in non-decreasing distance (for BFS also the queue;
    /// for Dijkstra the settled nodes): a buffer of `n + 1` slots, of which
    /// the first `len` are in use.
    order: Vec<u32>,
    len: usize,
    /// Hop distance (BFS), `UNREACHED` if not discovered.
    hops: Vec<u32>,
    /// Distance (Dijkstra), `INFINITY` if not discovered.
    dist: Vec<f64>,
    settled: Vec<bool>,
    /// Nodes given a tentative distance (Dijkstra), for the reset.
    touched: Vec<u32>,
    heap: BinaryHeap<Item>,
    /// Decoded neighbour list (compressed storage only).
    buf: Vec<u32>,
    /// Shortest-path counts from the source (valid for discovered nodes).
    pub(crate) sigma: Vec<f64>,
    /// `(1 + delta[v]) / sigma[v]` once `v` is accumulated.
    coef: Vec<f64>,
}

impl Sssp {
    /// Scratch for graphs of `n` nodes.
    pub(crate) fn new(n: usize, metric: Metric) -> Self {
        let (hops, dist, settled) = match metric {
            Metric::Hops => (vec![UNREACHED; n], Vec::new(), Vec::new()),
            Metric::Weights => (Vec::new(), vec![f64::INFINITY; n], vec![false; n]),
        };
        Self {
            metric,
            order: vec![0; n + 1],
            len: 0,
            hops,
            dist,
            settled,
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            buf: Vec::new(),
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
        }
    }

    fn reset(&mut self) {
        match self.metric {
            Metric::Hops => {
                for &v in &self.order[..self.len] {
                    self.hops[v as usize] = UNREACHED;
                    self.sigma[v as usize] = 0.0;
                }
            }
            Metric::Weights => {
                for &v in &self.touched {
                    self.dist[v as usize] = f64::INFINITY;
                    self.settled[v as usize] = false;
                }
                self.touched.clear();
                self.heap.clear();
            }
        }
        self.len = 0;
    }

    /// Shortest paths from `s` over `adj` (out-adjacency).
    ///
    /// `reach` is how many nodes `s` can reach at most, itself included (its
    /// component size for undirected graphs, else `n`): once that many are
    /// discovered, the BFS does not expand the last level, whose nodes can
    /// have no successors (the backward passes skip them too). This saves
    /// most of the work when the last level holds most nodes, as it often
    /// does on small-world graphs, and nothing when it is a short tail.
    ///
    /// With `target`, stops once the distance and `sigma` of every node no
    /// farther than `target` are final (BFS: when the first node at
    /// `target`'s level is about to be expanded; Dijkstra: when `target` is
    /// settled).
    pub(crate) fn search<A: Adjacency>(&mut self, adj: &A, s: u32, target: Option<u32>, reach: usize) {
        self.reset();
        match self.metric {
            Metric::Hops => self.bfs(adj, s, target, reach),
            Metric::Weights => self.dijkstra(adj, s, target),
        }
    }

    fn bfs<A: Adjacency>(&mut self, adj: &A, s: u32, target: Option<u32>, reach: usize) {
        let (hops, sigma, order) = (&mut self.hops, &mut self.sigma, &mut self.order);
        hops[s as usize] = 0;
        sigma[s as usize] = 1.0;
        order[0] = s;
        let mut len = 1;
        let mut head = 0;
        while head < len {
            let v = order[head];
            let level = hops[v as usize];
            let next = level + 1;
            if let Some(t) = target {
                if hops[t as usize] < next {
                    break;
                }
            }
            if len >= reach && hops[order[len - 1] as usize] == level {
                // Everything reachable is discovered and `v` is on the last level.
                break;
            }
            head += 1;
            let sv = sigma[v as usize];
            adj.for_each_neighbor(v, |w| {
                // Branch-free (discovery is a coin flip to the predictor),
                // with the values and bits of `if new { hops = next; sigma =
                // sv; push } else if hops == next { sigma += sv }`: a
                // discovered node is never deeper than `next`, and `sigma` of
                // undiscovered nodes is 0. `order` has `n + 1` slots, so the
                // speculative write at `len` stays in bounds.
                let hw = hops[w as usize];
                hops[w as usize] = hw.min(next);
                let add = hw == UNREACHED || hw == next;
                sigma[w as usize] += f64::from(u8::from(add)) * sv;
                order[len] = w;
                len += usize::from(hw == UNREACHED);
            });
        }
        self.len = len;
    }

    fn dijkstra<A: Adjacency>(&mut self, adj: &A, s: u32, target: Option<u32>) {
        let (dist, settled, sigma) = (&mut self.dist, &mut self.settled, &mut self.sigma);
        let (touched, heap, order) = (&mut self.touched, &mut self.heap, &mut self.order);
        dist[s as usize] = 0.0;
        sigma[s as usize] = 1.0;
        touched.push(s);
        heap.push(Item { d: 0.0, v: s });
        while let Some(Item { d, v }) = heap.pop() {
            if settled[v as usize] {
                continue;
            }
            settled[v as usize] = true;
            order[self.len] = v;
            self.len += 1;
            if target == Some(v) {
                break;
            }
            let sv = sigma[v as usize];
            adj.for_each_weighted(v, |w, wt| {
                if settled[w as usize] {
                    return;
                }
                // As NetworkX's `_single_source_dijkstra_path_basic`: a
                // strictly shorter path resets the count, an exactly equal
                // one adds to it (no tolerance).
                let nd = d + wt;
                let dw = dist[w as usize];
                if nd < dw {
                    if dw == f64::INFINITY {
                        touched.push(w);
                    }
                    dist[w as usize] = nd;
                    sigma[w as usize] = sv;
                    heap.push(Item { d: nd, v: w });
                } else if nd == dw {
                    sigma[w as usize] += sv;
                }
            });
        }
    }

    /// Nodes discovered by the last search, in non-decreasing distance.
    pub(crate) fn order(&self) -> &[u32] {
        &self.order[..self.len]
    }

    /// Hop distance of `v` from the last BFS source (`u32::MAX` if not
    /// discovered; meaningful for [`Metric::Hops`] only).
    pub(crate) fn hops(&self, v: u32) -> u32 {
        self.hops.get(v as usize).copied().unwrap_or(UNREACHED)
    }

    /// Whether `v` was discovered by the last search.
    #[inline]
    pub(crate) fn reached(&self, v: u32) -> bool {
        match self.metric {
            Metric::Hops => self.hops[v as usize] != UNREACHED,
            Metric::Weights => self.dist[v as usize] < f64::INFINITY,
        }
    }

    /// Calls `f(p)` for each predecessor `p` of `w` on a shortest path from
    /// the last source, given `w`'s in-adjacency `inc`. Predecessors are
    /// strictly closer than `w`, so walking them always terminates.
    pub(crate) fn for_each_pred<A: Adjacency, F: FnMut(u32)>(&self, inc: &A, w: u32, mut f: F) {
        match self.metric {
            Metric::Hops => {
                let hw = self.hops[w as usize];
                inc.for_each_neighbor(w, |p| {
                    if hw != 0 && self.hops[p as usize] == hw - 1 {
                        f(p);
                    }
                });
            }
            Metric::Weights => {
                let dw = self.dist[w as usize];
                inc.for_each_weighted(w, |p, wt| {
                    let dp = self.dist[p as usize];
                    if dp < dw && dp + wt == dw {
                        f(p);
                    }
                });
            }
        }
    }

    /// Backward pass of a full search from `s`: adds each node's dependency
    /// to `out` (plus one per reached target and `|S| - 1` at the source if
    /// `endpoints`), as NetworkX's `_accumulate_basic` / `_accumulate_endpoints`.
    pub(crate) fn accumulate_nodes<A: Adjacency>(&mut self, adj: &A, s: u32, out: &mut [f64], endpoints: bool) {
        let extra = if endpoints { 1.0 } else { 0.0 };
        let (sigma, coef, buf) = (&self.sigma, &mut self.coef, &mut self.buf);
        match self.metric {
            Metric::Hops => {
                let hops = &self.hops;
                let last = hops[self.order[self.len - 1] as usize];
                for &v in self.order[1..self.len].iter().rev() {
                    let level = hops[v as usize];
                    if level == last {
                        // No successors: delta = 0 (same bits as the loop below).
                        out[v as usize] += extra;
                        coef[v as usize] = 1.0 / sigma[v as usize];
                        continue;
                    }
                    let sum = successor_sum(adj.neighbors(v, buf), hops, coef, level + 1);
                    let sv = sigma[v as usize];
                    let delta = sv * sum;
                    out[v as usize] += delta + extra;
                    coef[v as usize] = (1.0 + delta) / sv;
                }
            }
            Metric::Weights => {
                let dist = &self.dist;
                for &v in self.order[1..self.len].iter().rev() {
                    let dv = dist[v as usize];
                    let mut sum = 0.0;
                    adj.for_each_weighted(v, |w, wt| {
                        if dv + wt == dist[w as usize] {
                            sum += coef[w as usize];
                        }
                    });
                    let sv = sigma[v as usize];
                    let delta = sv * sum;
                    out[v as usize] += delta + extra;
                    coef[v as usize] = (1.0 + delta) / sv;
                }
            }
        }
        if endpoints {
            out[s as usize] += (self.len - 1) as f64;
        }
    }

    /// Backward pass of a full search, crediting arcs: arc `v -> w` on a
    /// shortest path gets `sigma[v] * (1 + delta[w]) / sigma[w]`, indexed by
    /// its arc index in `adj`, as NetworkX's `_accumulate_edges`.
    // `arc as usize`: arcs index `out`, whose length (the arc count) fits `usize`.
    #[allow(clippy::cast_possible_truncation)]
    pub(crate) fn accumulate_arcs<A: Adjacency>(&mut self, adj: &A, out: &mut [f64]) {
        let (sigma, coef) = (&self.sigma, &mut self.coef);
        let last = match self.metric {
            Metric::Hops => self.hops[self.order[self.len - 1] as usize],
            Metric::Weights => 0,
        };
        // The source's own coefficient is never read: nothing precedes it.
        for &v in self.order[..self.len].iter().rev() {
            let sv = sigma[v as usize];
            let mut delta = 0.0;
            match self.metric {
                Metric::Hops if self.hops[v as usize] == last => {}
                Metric::Hops => {
                    let next = self.hops[v as usize] + 1;
                    adj.for_each_arc(v, |w, arc| {
                        if self.hops[w as usize] == next {
                            let c = sv * coef[w as usize];
                            out[arc as usize] += c;
                            delta += c;
                        }
                    });
                }
                Metric::Weights => {
                    let dv = self.dist[v as usize];
                    adj.for_each_arc(v, |w, arc| {
                        if dv + adj.arc_weight(arc) == self.dist[w as usize] {
                            let c = sv * coef[w as usize];
                            out[arc as usize] += c;
                            delta += c;
                        }
                    });
                }
            }
            coef[v as usize] = (1.0 + delta) / sv;
        }
    }
}

/// `sum of coef[w]` over the `w` in `nb` with `hops[w] == next`: branch-free
/// (whether `w` is a successor is a coin flip to the branch predictor) and
/// with four accumulators (one long chain of dependent additions would cost
/// an add latency per arc), always in the same order, so deterministic.
/// Non-successors contribute `0.0 * coef[w]`; `coef` is always finite.
#[inline]
fn successor_sum(nb: &[u32], hops: &[u32], coef: &[f64], next: u32) -> f64 {
    let term = |w: u32| f64::from(u8::from(hops[w as usize] == next)) * coef[w as usize];
    let mut acc = [0.0f64; 4];
    let mut quads = nb.chunks_exact(4);
    for q in &mut quads {
        acc[0] += term(q[0]);
        acc[1] += term(q[1]);
        acc[2] += term(q[2]);
        acc[3] += term(q[3]);
    }
    let tail: f64 = quads.remainder().iter().map(|&w| term(w)).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Runs `per_source(scratch, s, partial)` for every `s` in `sources`, in
/// parallel on the current rayon pool, and returns the sum of the partial
/// vectors (each `len` long).
///
/// Deterministic at any thread count: sources are cut into chunks of
/// [`CHUNK`] (independent of the pool), each chunk sums its sources in order
/// into its own vector, and chunk vectors are added along a fixed binary
/// tree over chunk indices. Float addition is commutative, so which thread
/// ran which half does not matter: the result is bitwise identical.
///
/// Polls `tracker` before and after each source; stops at its first error.
pub(crate) fn sum_over_sources<F>(
    n: usize,
    metric: Metric,
    sources: &[u32],
    len: usize,
    tracker: &Tracker<'_>,
    per_source: F,
) -> Result<Vec<f64>>
where
    F: Fn(&mut Sssp, u32, &mut [f64]) + Sync,
{
    // Smaller chunks for few sources (e.g. 64 sampled ones) so every thread
    // gets work; the size depends on the source count only, never on the
    // pool, which keeps the reduction tree (and the result) fixed.
    let chunk = (sources.len() / 64).clamp(1, CHUNK);
    let chunks = sources.len().div_ceil(chunk);
    if chunks == 0 {
        return Ok(vec![0.0; len]);
    }
    let pool: Mutex<Vec<Sssp>> = Mutex::new(Vec::new());
    let leaf = |c: usize| -> Result<Vec<f64>> {
        let taken = pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
        let mut scratch = taken.unwrap_or_else(|| Sssp::new(n, metric));
        let mut out = vec![0.0; len];
        let end = ((c + 1) * chunk).min(sources.len());
        for &s in &sources[c * chunk..end] {
            // Poll before the work too: once cancelled, no chunk starts a source.
            tracker.advance(0)?;
            per_source(&mut scratch, s, &mut out);
            tracker.advance(1)?;
        }
        pool.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(scratch);
        Ok(out)
    };
    tree_sum(0, chunks, &leaf)
}

fn tree_sum<L>(lo: usize, hi: usize, leaf: &L) -> Result<Vec<f64>>
where
    L: Fn(usize) -> Result<Vec<f64>> + Sync,
{
    if hi - lo == 1 {
        return leaf(lo);
    }
    let mid = lo + (hi - lo) / 2;
    let (a, b) = rayon::join(|| tree_sum(lo, mid, leaf), || tree_sum(mid, hi, leaf));
    let (mut a, b) = (a?, b?);
    for (x, y) in a.iter_mut().zip(&b) {
        *x += *y;
    }
    Ok(a)
}

/// NetworkX's `_rescale` (networkx 3.6), in place.
///
/// `values` are sums over the sources of per-source contributions (ordered
/// pairs). `N = n` with endpoints (always for edges), else `n - 1`; nothing
/// is scaled if `N < 2`. With all sources (`sampled == None`) or with
/// endpoints, everything is multiplied by `1 / (K (N - 1))` if `normalized`,
/// else by `N / (K c)` with `K` the number of sources (`N` when exact) and
/// `c = 2` for undirected graphs (each unordered pair was counted twice),
/// `1` for directed. Sampled without endpoints, sampled sources use `K - 1`
/// in place of `K` (they cannot be their own source), and get NaN when `K = 1`,
/// exactly as NetworkX.
pub(crate) fn rescale(
    values: &mut [f64],
    n: usize,
    normalized: bool,
    directed: bool,
    endpoints: bool,
    sampled: Option<&[u32]>,
) {
    let big_n = if endpoints { n } else { n.saturating_sub(1) };
    if big_n < 2 {
        return;
    }
    let nf = big_n as f64;
    let correction = if directed { 1.0 } else { 2.0 };
    let k_source = sampled.map_or(nf, |s| s.len() as f64);
    let scale_for = |k: f64| {
        if normalized { 1.0 / (k * (nf - 1.0)) } else { nf / (k * correction) }
    };
    match sampled {
        Some(sources) if !endpoints => {
            let scale_source = if k_source > 1.0 { scale_for(k_source - 1.0) } else { f64::NAN };
            let scale_other = scale_for(k_source);
            let mut is_source = vec![false; values.len()];
            for &s in sources {
                is_source[s as usize] = true;
            }
            for (x, src) in values.iter_mut().zip(is_source) {
                *x *= if src { scale_source } else { scale_other };
            }
        }
        _ => {
            let scale = scale_for(k_source);
            if scale != 1.0 {
                values.iter_mut().for_each(|x| *x *= scale);
            }
        }
    }
}
