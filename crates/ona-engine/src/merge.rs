//! Materialising a version: the base graph merged with its delta into a new
//! CSR, without sorting the base.
//!
//! Node order of the result: integer keys ascending, string keys in order of
//! first appearance. Both keep the base's relative order, so the map from
//! base index to new index is increasing and every base neighbour list stays
//! sorted after relabelling; each node's list is then merged with its sorted
//! delta arcs in one pass. Cost: `O(n + m)` reads and writes of the base plus
//! `O(d log d)` for `d` delta edges; parallel over blocks of nodes.

use std::sync::Arc;

use ona_core::graph::{Csr, NodeAttributes, Weights};
use ona_core::{Adjacency, Exec, Graph, IdMap};
use rayon::prelude::*;

use crate::delta::{EdgeOp, Run};
use crate::error::Result;
use crate::keys::KeyCol;

/// A compacted graph and its map to stable node indices.
#[derive(Debug)]
pub(crate) struct Base {
    pub(crate) graph: Arc<Graph>,
    /// Base index → stable index.
    pub(crate) stable_of_base: Vec<u32>,
    /// Stable index → base index (every stable index below `node_count`).
    pub(crate) base_of_stable: Vec<u32>,
    /// Counts for incremental statistics, computed on first use.
    pub(crate) stats: std::sync::OnceLock<crate::stats::BaseStats>,
}

impl Base {
    /// The empty graph.
    pub(crate) fn empty(directed: bool, kind: crate::event::KeyKind) -> Result<Self> {
        let ids = match kind {
            crate::event::KeyKind::U64 => IdMap::U64(Vec::new()),
            crate::event::KeyKind::Str => IdMap::from_names(Vec::new()),
        };
        let empty = || (vec![0], vec![], vec![]);
        Self::from_graph(build_graph(directed, empty(), directed.then(empty), 0, ids)?)
    }

    /// A graph read back from disk: stable order = its order.
    pub(crate) fn from_graph(graph: Graph) -> Result<Self> {
        let n = u32::try_from(graph.node_count()).map_err(|_| ona_core::Error::TooLarge {
            what: "nodes",
            count: graph.node_count() as u64,
            limit: ona_core::MAX_NODES,
        })?;
        Ok(Self { graph: Arc::new(graph), stable_of_base: (0..n).collect(), base_of_stable: (0..n).collect(), stats: Default::default() })
    }

    /// The weight of stable `(u, v)` in the base, if present.
    pub(crate) fn weight(&self, u: u32, v: u32) -> Option<f64> {
        let (&bu, &bv) = (self.base_of_stable.get(u as usize)?, self.base_of_stable.get(v as usize)?);
        let out = self.graph.out_adj();
        let range = out.range(bu);
        let i = out.targets()[range.clone()].binary_search(&bv).ok()?;
        Some(out.weights().map_or(1.0, |w| w.get(range.start + i)))
    }

    pub(crate) fn bytes(&self) -> usize {
        self.graph.memory_bytes() + 8 * self.stable_of_base.len()
    }
}

/// Base + delta (`run`, new nodes `new_keys` with stable indices
/// `base.node_count()..`) as a new base.
pub(crate) fn materialize(base: &Base, run: Option<&Run>, new_keys: &KeyCol, exec: &Exec) -> Result<Base> {
    exec.install(|| {
        let g = &base.graph;
        let n0 = g.node_count();
        let (ids, new_of_base, new_of_added) = order(g.ids(), new_keys);
        let n1 = n0 + new_keys.len();
        let new_of_stable: Vec<u32> = (0..n1)
            .into_par_iter()
            .map(|s| if s < n0 { new_of_base[base.base_of_stable[s] as usize] } else { new_of_added[s - n0] })
            .collect();
        let mut out_arcs: Vec<(u32, u32, EdgeOp)> = Vec::new();
        let mut in_arcs: Vec<(u32, u32, EdgeOp)> = Vec::new();
        if let Some(run) = run {
            for (&(u, v), &op) in run.keys.iter().zip(&run.ops) {
                let (a, b) = (new_of_stable[u as usize], new_of_stable[v as usize]);
                out_arcs.push((a, b, op));
                if g.is_directed() {
                    in_arcs.push((b, a, op));
                } else if a != b {
                    out_arcs.push((b, a, op));
                }
            }
        }
        exec.check()?;
        rayon::join(|| out_arcs.par_sort_unstable_by_key(|a| (a.0, a.1)), || in_arcs.par_sort_unstable_by_key(|a| (a.0, a.1)));
        let (out, loops) = merge_lists(g.out_adj(), &new_of_base, n1, &out_arcs);
        let inc = g.is_directed().then(|| merge_lists(g.in_adj(), &new_of_base, n1, &in_arcs).0);
        exec.check()?;
        let graph = build_graph(g.is_directed(), out, inc, loops, ids)?;
        let mut stable_of_base = vec![0u32; n1];
        for (s, &x) in new_of_stable.iter().enumerate() {
            stable_of_base[x as usize] = s as u32;
        }
        Ok(Base { graph: Arc::new(graph), stable_of_base, base_of_stable: new_of_stable, stats: Default::default() })
    })
}

type Lists = (Vec<u64>, Vec<u32>, Vec<f64>);

fn build_graph(directed: bool, out: Lists, inc: Option<Lists>, self_loops: u64, ids: IdMap) -> Result<Graph> {
    let csr = |(o, t, w): Lists| Csr::from_parts(o, t, Some(Weights::F64(w)));
    let inc = match inc {
        Some(l) => Some(csr(l)?),
        None => None,
    };
    Ok(Graph::from_adjacency(directed, csr(out)?, inc, self_loops, ids, NodeAttributes::default())?)
}

/// External ids of the merged order, and new indices of base nodes and of added nodes.
fn order(base_ids: &IdMap, added: &KeyCol) -> (IdMap, Vec<u32>, Vec<u32>) {
    let n0 = base_ids.len();
    match added {
        KeyCol::U64(keys) => {
            let KeyCol::U64(base) = KeyCol::of_ids(base_ids, crate::event::KeyKind::U64) else { unreachable!() };
            let mut sorted: Vec<(u64, u32)> = keys.iter().enumerate().map(|(j, &k)| (k, j as u32)).collect();
            sorted.par_sort_unstable();
            let mut ids = Vec::with_capacity(n0 + keys.len());
            let (mut new_of_base, mut new_of_added) = (vec![0u32; n0], vec![0u32; keys.len()]);
            let (mut i, mut j) = (0, 0);
            while i < n0 || j < sorted.len() {
                let pos = ids.len() as u32;
                if j == sorted.len() || (i < n0 && base[i] < sorted[j].0) {
                    new_of_base[i] = pos;
                    ids.push(base[i]);
                    i += 1;
                } else {
                    new_of_added[sorted[j].1 as usize] = pos;
                    ids.push(sorted[j].0);
                    j += 1;
                }
            }
            (IdMap::U64(ids), new_of_base, new_of_added)
        }
        KeyCol::Str(keys) => {
            let KeyCol::Str(mut names) = KeyCol::of_ids(base_ids, crate::event::KeyKind::Str) else { unreachable!() };
            names.extend(keys.iter().cloned());
            let new_of_base = (0..n0 as u32).collect();
            let new_of_added = (n0 as u32..(n0 + keys.len()) as u32).collect();
            (IdMap::from_names(names), new_of_base, new_of_added)
        }
    }
}

/// Merge each node's relabelled base list with its delta arcs (sorted by source, target).
fn merge_lists<A: Adjacency>(adj: &A, new_of_base: &[u32], n1: usize, arcs: &[(u32, u32, EdgeOp)]) -> (Lists, u64) {
    let n0 = new_of_base.len();
    let mut base_of_new = vec![u32::MAX; n1];
    for (b, &x) in new_of_base.iter().enumerate() {
        base_of_new[x as usize] = b as u32;
    }
    let mut arc_start = vec![0usize; n1 + 1];
    for a in arcs {
        arc_start[a.0 as usize + 1] += 1;
    }
    for x in 0..n1 {
        arc_start[x + 1] += arc_start[x];
    }
    let block = (n1 / (rayon::current_num_threads() * 8)).clamp(1024, 1 << 16);
    let parts: Vec<(Vec<u64>, Vec<u32>, Vec<f64>, u64)> = (0..n1.div_ceil(block))
        .into_par_iter()
        .map(|c| {
            let (lo, hi) = (c * block, ((c + 1) * block).min(n1));
            let (mut lens, mut t, mut w, mut loops) = (Vec::with_capacity(hi - lo), Vec::new(), Vec::new(), 0u64);
            let mut old_t: Vec<u32> = Vec::new();
            let mut old_w: Vec<f64> = Vec::new();
            for x in lo..hi {
                old_t.clear();
                old_w.clear();
                let b = base_of_new[x];
                if (b as usize) < n0 {
                    adj.for_each_weighted(b, |v, wt| {
                        old_t.push(new_of_base[v as usize]);
                        old_w.push(wt);
                    });
                }
                let delta = &arcs[arc_start[x]..arc_start[x + 1]];
                let before = t.len();
                let (mut i, mut j) = (0, 0);
                while i < old_t.len() || j < delta.len() {
                    let (target, weight) = if j == delta.len() || (i < old_t.len() && old_t[i] < delta[j].1) {
                        i += 1;
                        (old_t[i - 1], Some(old_w[i - 1]))
                    } else if i == old_t.len() || delta[j].1 < old_t[i] {
                        j += 1;
                        (delta[j - 1].1, delta[j - 1].2.apply(None))
                    } else {
                        i += 1;
                        j += 1;
                        (delta[j - 1].1, delta[j - 1].2.apply(Some(old_w[i - 1])))
                    };
                    if let Some(weight) = weight {
                        t.push(target);
                        w.push(weight);
                        loops += u64::from(target as usize == x);
                    }
                }
                lens.push((t.len() - before) as u64);
            }
            (lens, t, w, loops)
        })
        .collect();
    let arcs_total: usize = parts.iter().map(|p| p.1.len()).sum();
    let mut offsets = Vec::with_capacity(n1 + 1);
    offsets.push(0u64);
    let (mut targets, mut weights) = (Vec::with_capacity(arcs_total), Vec::with_capacity(arcs_total));
    let mut loops = 0;
    for (lens, t, w, l) in parts {
        for len in lens {
            let last = offsets.last().copied().unwrap_or(0);
            offsets.push(last + len);
        }
        targets.extend_from_slice(&t);
        weights.extend_from_slice(&w);
        loops += l;
    }
    ((offsets, targets, weights), loops)
}
