//! Graph statistics kept up to date without recomputing the graph.
//!
//! Each compacted base computes its counts once (`O(m)`); a version's
//! statistics are the base's adjusted by the delta, `O(d log d)` for `d`
//! changed edges: edge count and total weight from each changed edge's old
//! and new weight, mutual (reciprocated) pairs from the changed pairs, and
//! weakly connected components by union-find over the base's components
//! while the delta only adds edges. A delta that deletes a base edge can
//! split a component; then the components are recomputed on the merged
//! graph. Every figure is exact.

use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_core::{Adjacency, Exec, Graph};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::error::Result;
use crate::merge::Base;
use crate::version::Version;

/// Counts of a compacted graph.
#[derive(Debug, Clone)]
pub(crate) struct BaseStats {
    edges: u64,
    total_weight: f64,
    mutual_pairs: u64,
    component: Vec<u32>,
    components: u64,
}

/// Statistics of one version.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LiveStats {
    /// The version they describe.
    pub version: u64,
    /// People.
    pub nodes: u64,
    /// Edges (undirected: each pair once).
    pub edges: u64,
    /// Sum of edge weights.
    pub total_weight: f64,
    /// Directed graphs: pairs with edges both ways (`reciprocity = 2 * mutual_pairs / edges`
    /// without self loops); undirected: 0.
    pub mutual_pairs: u64,
    /// Weakly connected components.
    pub components: u64,
    /// Whether the components came from union-find on the delta (`false`: recomputed).
    pub incremental_components: bool,
}

fn base_stats(g: &Graph, exec: &Exec) -> Result<BaseStats> {
    let out = g.out_adj();
    let directed = g.is_directed();
    let (edges, total_weight, mutual_pairs) = exec.install(|| {
        (0..g.node_count() as u32)
            .into_par_iter()
            .map(|u| {
                let (mut e, mut w, mut m) = (0u64, 0.0f64, 0u64);
                out.for_each_weighted(u, |v, x| {
                    if directed || u <= v {
                        e += 1;
                        w += x;
                    }
                    if directed && u < v && has_arc(out, v, u) {
                        m += 1;
                    }
                });
                (e, w, m)
            })
            .reduce(|| (0, 0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    let component = weakly_connected_components(g, &ComponentsConfig::default(), exec)?.0;
    let components = component.iter().copied().collect::<FxHashSet<u32>>().len() as u64;
    Ok(BaseStats { edges, total_weight, mutual_pairs, component, components })
}

fn has_arc(a: &ona_core::graph::Csr, u: u32, v: u32) -> bool {
    a.list(u).binary_search(&v).is_ok()
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[self.0[x as usize] as usize];
            self.0[x as usize] = p;
            x = p;
        }
        x
    }
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b) as usize] = a.min(b);
        }
        a != b
    }
}

pub(crate) fn live_stats(v: &Version, exec: &Exec) -> Result<LiveStats> {
    let base: &Base = &v.base;
    let bs = match base.stats.get() {
        Some(s) => s,
        None => {
            let s = base_stats(&base.graph, exec)?;
            base.stats.get_or_init(|| s)
        }
    };
    let directed = base.graph.is_directed();
    let (run, new_keys) = v.flat_delta();
    let n0 = base.graph.node_count() as u32;
    let mut s = LiveStats {
        version: v.number,
        nodes: v.node_count as u64,
        edges: bs.edges,
        total_weight: bs.total_weight,
        mutual_pairs: bs.mutual_pairs,
        components: bs.components + new_keys.len() as u64,
        incremental_components: true,
    };
    let Some(run) = run else { return Ok(s) };
    let now = |u: u32, v: u32| match run.get((u, v)) {
        Some(op) => op.apply(base.weight(u, v)),
        None => base.weight(u, v),
    };
    // Component labels: base component ids, then one per added node.
    let offset = bs.component.iter().copied().max().map_or(0, |m| m + 1);
    let label = |x: u32| if x < n0 { bs.component[base.base_of_stable[x as usize] as usize] } else { offset + (x - n0) };
    let mut uf = UnionFind((0..offset + new_keys.len() as u32).collect());
    let mut pairs = FxHashSet::default();
    let mut split = false;
    for (&(a, b), op) in run.keys.iter().zip(&run.ops) {
        let old = base.weight(a, b);
        let new = op.apply(old);
        s.edges = s.edges + u64::from(new.is_some()) - u64::from(old.is_some());
        s.total_weight += new.unwrap_or(0.0) - old.unwrap_or(0.0);
        match (old, new) {
            (Some(_), None) => split = true,
            (_, Some(_)) => {
                if uf.union(label(a), label(b)) {
                    s.components -= 1;
                }
            }
            (None, None) => {}
        }
        if directed && a != b {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    for (a, b) in pairs {
        let before = base.weight(a, b).is_some() && base.weight(b, a).is_some();
        let after = now(a, b).is_some() && now(b, a).is_some();
        s.mutual_pairs = s.mutual_pairs + u64::from(after) - u64::from(before);
    }
    if split {
        let merged = v.merged(exec)?;
        let p = weakly_connected_components(&merged.graph, &ComponentsConfig::default(), exec)?.0;
        s.components = p.iter().copied().collect::<FxHashSet<u32>>().len() as u64;
        s.incremental_components = false;
    }
    Ok(s)
}

/// The same statistics computed from scratch on `g` (the tests' oracle).
pub fn recompute_stats(g: &Graph, version: u64, exec: &Exec) -> Result<LiveStats> {
    let b = base_stats(g, exec)?;
    Ok(LiveStats {
        version,
        nodes: g.node_count() as u64,
        edges: b.edges,
        total_weight: b.total_weight,
        mutual_pairs: b.mutual_pairs,
        components: b.components,
        incremental_components: false,
    })
}
