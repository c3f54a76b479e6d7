//! Local moving: visit nodes in a seeded order and move each to the
//! neighbouring community with the best gain, until no node moves.
//!
//! Parallel and deterministic: the order is cut into chunks whose length
//! depends only on the node count. The best move of every node of a chunk is
//! computed in parallel from the state at the start of the chunk and the moves
//! are then applied in order (as NetworKit's PLM, decisions may read slightly
//! stale neighbours, but here staleness is bounded by the chunk and the same
//! for any thread count). On small graphs, where a chunk is one node, this is
//! exactly the sequential algorithm. After the first sweep only nodes next to
//! a move are visited again (the queue of Leiden's fast local moving).

use rayon::prelude::*;

use super::scratch::{PerThread, Scratch};
use super::work::WorkGraph;
use crate::error::Result;
use crate::{Exec, Tracker};

/// Chunks below this length are decided one node at a time (exactly the
/// sequential algorithm); the length depends only on `n`.
const PARALLEL_MIN: usize = 64;

/// Sweeps of one local-moving phase at most (chunk-parallel moves read
/// slightly stale state, so convergence is not guaranteed; NetworKit's PLM
/// stops at 32).
pub(crate) const MAX_SWEEPS: u32 = 100;

/// Nodes per chunk for a graph of `n` nodes.
pub(crate) fn chunk_len(n: usize) -> usize {
    (n / 64).clamp(1, 4096)
}

/// Proposal meaning "a community of its own" (an empty one).
const EMPTY: u32 = u32::MAX;

/// Membership with per-community sums of the node weights `a` and `b`.
#[derive(Debug, Clone)]
pub(crate) struct Communities {
    pub membership: Vec<u32>,
    pub ta: Vec<f64>,
    pub tb: Vec<f64>,
    size: Vec<u32>,
    /// Ids of empty communities.
    empty: Vec<u32>,
}

impl Communities {
    /// `membership` ids must be `< w.n()`.
    pub fn new(w: &WorkGraph, membership: Vec<u32>) -> Self {
        let n = w.n();
        let mut ta = vec![0.0; n];
        let mut tb = vec![0.0; n];
        let mut size = vec![0u32; n];
        for (v, &c) in membership.iter().enumerate() {
            ta[c as usize] += w.a[v];
            tb[c as usize] += w.b[v];
            size[c as usize] += 1;
        }
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        let empty = (0..n as u32)
            .rev()
            .filter(|&c| size[c as usize] == 0)
            .collect();
        Self {
            membership,
            ta,
            tb,
            size,
            empty,
        }
    }

    /// Every node alone.
    pub fn singletons(w: &WorkGraph) -> Self {
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        let membership = (0..w.n() as u32).collect();
        Self {
            membership,
            ta: w.a.clone(),
            tb: w.b.clone(),
            size: vec![1; w.n()],
            empty: Vec::new(),
        }
    }

    fn apply(&mut self, w: &WorkGraph, v: usize, to: u32) {
        let from = self.membership[v] as usize;
        // `v` shares its community (best_move checked), so fewer than n of the
        // n ids are in use and one is free.
        let to = if to == EMPTY {
            self.empty.pop().unwrap_or(self.membership[v])
        } else {
            to
        };
        self.ta[from] -= w.a[v];
        self.tb[from] -= w.b[v];
        self.size[from] -= 1;
        if self.size[from] == 0 {
            #[allow(clippy::cast_possible_truncation)] // from < n <= MAX_NODES
            self.empty.push(from as u32);
        }
        self.ta[to as usize] += w.a[v];
        self.tb[to as usize] += w.b[v];
        self.size[to as usize] += 1;
        self.membership[v] = to;
    }
}

/// The community `v` should be in: its own unless another neighbouring one
/// (or, with `allow_empty`, a new one) gains more; ties keep the current one,
/// then the first neighbour seen.
fn best_move(
    w: &WorkGraph,
    c: &Communities,
    gamma: f64,
    allow_empty: bool,
    v: usize,
    s: &mut Scratch,
) -> u32 {
    let m = &c.membership;
    let mut link_total = 0.0;
    for (u, x) in w.links(v) {
        s.add(m[u as usize], x);
        link_total += x;
    }
    let own = m[v];
    let (a, b) = (w.a[v], w.b[v]);
    let k = gamma / w.scale;
    let o = own as usize;
    let stay = s.get(own) - k * (a * (c.tb[o] - b) + b * (c.ta[o] - a));
    let (mut best, mut best_gain) = (own, stay);
    for &d in s.touched() {
        if d == own {
            continue;
        }
        let gain = s.get(d) - k * (a * c.tb[d as usize] + b * c.ta[d as usize]);
        if gain > best_gain {
            best = d;
            best_gain = gain;
        }
    }
    s.clear();
    // A community of its own gains 0.
    if allow_empty && c.size[o] > 1 && best_gain < 0.0 {
        return EMPTY;
    }
    // Only a real improvement moves a node: rounding noise must not make
    // two equivalent communities trade it back and forth.
    if best != own && best_gain - stay <= 1e-12 * link_total {
        own
    } else {
        best
    }
}

/// A node-by-node optimisation the chunked sweep can drive: local moving
/// here, asynchronous label propagation elsewhere.
pub(crate) trait Mover: Sync {
    /// Everything decisions read; changed only by [`Mover::apply`].
    type State: Sync;
    /// Number of nodes.
    fn n(&self) -> usize;
    /// The label `v` should take, given `st`.
    fn decide(&self, st: &Self::State, v: usize, s: &mut Scratch) -> u32;
    /// `v`'s current label.
    fn label(&self, st: &Self::State, v: usize) -> u32;
    /// Gives `v` label `to`.
    fn apply(&self, st: &mut Self::State, v: usize, to: u32);
    /// Calls `f(u)` on every node `u` whose decision reads `v`'s label.
    fn dependents(&self, v: usize, f: impl FnMut(usize));
}

/// Which nodes still need a visit, with per-thread scratch for deciding.
#[derive(Debug)]
pub(crate) struct Sweeper {
    active: Vec<bool>,
    per_thread: PerThread,
    seq: Scratch,
}

impl Sweeper {
    /// Every node active; scratch sized for labels `< labels`.
    pub fn new(n: usize, labels: usize, exec: &Exec) -> Self {
        Self {
            active: vec![true; n],
            per_thread: PerThread::new(exec, labels),
            seq: Scratch::new(labels),
        }
    }

    /// Visits the nodes of `order` active when the sweep starts; returns how
    /// many changed label. A change activates the node's dependents.
    pub fn sweep<M: Mover>(
        &mut self,
        m: &M,
        st: &mut M::State,
        order: &[u32],
        exec: &Exec,
        tracker: &Tracker<'_>,
    ) -> Result<u64> {
        let cl = chunk_len(m.n());
        let mut changed = 0u64;
        let todo: Vec<u32> = order
            .iter()
            .copied()
            .filter(|&v| self.active[v as usize])
            .collect();
        for chunk in todo.chunks(cl) {
            // Decisions of a large chunk are made in parallel on the state at
            // its start; small chunks decide node by node on the current state.
            let proposals: Vec<u32> = if cl >= PARALLEL_MIN && chunk.len() >= PARALLEL_MIN {
                let (sr, pt) = (&*st, &self.per_thread);
                exec.install(|| {
                    chunk
                        .par_iter()
                        .map(|&v| m.decide(sr, v as usize, &mut pt.get()))
                        .collect()
                })
            } else {
                Vec::new()
            };
            for (i, &v) in chunk.iter().enumerate() {
                let v = v as usize;
                self.active[v] = false;
                let to = if proposals.is_empty() {
                    m.decide(st, v, &mut self.seq)
                } else {
                    proposals[i]
                };
                if to == m.label(st, v) {
                    continue;
                }
                m.apply(st, v, to);
                changed += 1;
                let active = &mut self.active;
                m.dependents(v, |u| active[u] = true);
            }
            tracker.advance(chunk.len() as u64)?;
        }
        Ok(changed)
    }

    /// Sweeps (in the order `order(sweep)` gives) until no node changes or
    /// `max_sweeps`. Returns the number of changes.
    pub fn settle<'o, M: Mover>(
        &mut self,
        m: &M,
        st: &mut M::State,
        mut order: impl FnMut(u32) -> std::borrow::Cow<'o, [u32]>,
        max_sweeps: u32,
        exec: &Exec,
        tracker: &Tracker<'_>,
    ) -> Result<u64> {
        let mut total = 0;
        for sweep in 0..max_sweeps {
            let changed = self.sweep(m, st, &order(sweep), exec, tracker)?;
            total += changed;
            if changed == 0 {
                break;
            }
        }
        Ok(total)
    }
}

/// Local moving on a [`WorkGraph`] at resolution `gamma`.
struct LocalMoving<'a> {
    w: &'a WorkGraph,
    gamma: f64,
    allow_empty: bool,
}

impl Mover for LocalMoving<'_> {
    type State = Communities;
    fn n(&self) -> usize {
        self.w.n()
    }
    fn decide(&self, st: &Communities, v: usize, s: &mut Scratch) -> u32 {
        best_move(self.w, st, self.gamma, self.allow_empty, v, s)
    }
    fn label(&self, st: &Communities, v: usize) -> u32 {
        st.membership[v]
    }
    fn apply(&self, st: &mut Communities, v: usize, to: u32) {
        st.apply(self.w, v, to);
    }
    fn dependents(&self, v: usize, mut f: impl FnMut(usize)) {
        for (u, _) in self.w.links(v) {
            f(u as usize);
        }
    }
}

/// Moves nodes of `w` visited in `order` (a permutation of its nodes) until no
/// node moves or `max_sweeps` sweeps; `allow_empty` also lets a node start a
/// community of its own (Leiden). Returns the number of moves.
#[allow(clippy::too_many_arguments)]
pub(crate) fn move_nodes(
    w: &WorkGraph,
    c: &mut Communities,
    gamma: f64,
    allow_empty: bool,
    order: &[u32],
    max_sweeps: u32,
    exec: &Exec,
    tracker: &Tracker<'_>,
) -> Result<u64> {
    let mover = LocalMoving {
        w,
        gamma,
        allow_empty,
    };
    let mut sweeper = Sweeper::new(w.n(), w.n(), exec);
    sweeper.settle(
        &mover,
        c,
        |_| std::borrow::Cow::Borrowed(order),
        max_sweeps,
        exec,
        tracker,
    )
}

/// A seeded permutation of `0..n`.
pub(crate) fn shuffled(n: usize, exec: &Exec, stream: u64) -> Vec<u32> {
    use rand::seq::SliceRandom;
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(&mut exec.rng(stream));
    order
}

/// Renumbers community ids `0..k` by first appearance in node order; returns
/// the new membership and `k`.
pub(crate) fn renumber(membership: &[u32]) -> (Vec<u32>, usize) {
    let mut map = vec![u32::MAX; membership.len().max(1)];
    let mut next = 0u32;
    let out = membership
        .iter()
        .map(|&c| {
            let slot = &mut map[c as usize];
            if *slot == u32::MAX {
                *slot = next;
                next += 1;
            }
            *slot
        })
        .collect();
    (out, next as usize)
}
