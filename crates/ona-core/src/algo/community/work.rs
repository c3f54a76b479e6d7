//! The working graph every community algorithm moves nodes on: symmetric link
//! weights, two node weights and a penalty scale, so one local-moving and one
//! aggregation routine serve modularity (undirected and directed) and CPM, on
//! the input graph and on every aggregated level.
//!
//! Moving node `u` into community `c` (not containing `u`) is worth
//! `link(u, c) - γ (a_u·B_c + b_u·A_c) / M`, where `link` sums the weights of
//! edges between `u` and `c` in both directions and `A_c`, `B_c` sum `a`, `b`
//! over `c`. With `a = b = k` (degree) and `M = 4m` this is undirected
//! modularity; with `a = out`, `b = in` strength and `M = m`, directed
//! (Leicht–Newman) modularity; with `a = b = 1` and `M = 2` (undirected) or
//! `M = 1` (directed), the constant Potts model. The objective of a partition
//! is `Σ_c L_c − γ A_c B_c / M` with `L_c` the weight inside `c`; divided by
//! `m` it is NetworkX's `modularity`.

use rayon::prelude::*;

use crate::error::{Error, Result, WeightProblem};
use crate::{Adjacency, Exec, Graph};

/// What the communities optimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Objective {
    /// Newman–Girvan modularity (Leicht–Newman for directed graphs).
    #[default]
    Modularity,
    /// Constant Potts model (Traag et al. 2011): every pair of nodes inside a
    /// community costs `resolution`.
    Cpm,
}

/// Symmetric weighted graph with node weights; node ids are dense `u32`.
#[derive(Debug, Clone)]
pub(crate) struct WorkGraph {
    pub offsets: Vec<usize>,
    pub targets: Vec<u32>,
    /// Weight of the link to `targets[i]`, both directions summed; no self links.
    pub weights: Vec<f64>,
    /// Weight inside each node (self loops; the interior of an aggregated node).
    pub inner: Vec<f64>,
    pub a: Vec<f64>,
    pub b: Vec<f64>,
    /// Penalty scale `M`.
    pub scale: f64,
    /// Total edge weight `m` of the input graph (undirected edges and self loops once).
    pub total: f64,
}

impl WorkGraph {
    pub fn n(&self) -> usize {
        self.inner.len()
    }

    pub fn links(&self, v: usize) -> impl Iterator<Item = (u32, f64)> + '_ {
        let r = self.offsets[v]..self.offsets[v + 1];
        self.targets[r.clone()]
            .iter()
            .copied()
            .zip(self.weights[r].iter().copied())
    }

    /// Builds the working graph of `g` for `objective`. Rejects negative or
    /// non-finite weights: modularity is not defined for them.
    /// `weighted: false` counts every edge as 1.
    pub fn from_graph<A: Adjacency>(
        g: &Graph<A>,
        weighted: bool,
        objective: Objective,
        exec: &Exec,
    ) -> Result<Self> {
        let n = g.node_count();
        let directed = g.is_directed();
        let weighted = weighted && g.is_weighted();
        if weighted {
            check_weights(g.out_adj())?;
        }
        exec.install(|| {
            let blocks: Vec<Block> = (0..n.div_ceil(BLOCK))
                .into_par_iter()
                .map(|i| {
                    let mut out = Block::default();
                    for v in i * BLOCK..n.min((i + 1) * BLOCK) {
                        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
                        node_links(g, v as u32, directed, weighted, &mut out);
                    }
                    out
                })
                .collect();
            let mut w = Self::assemble(blocks, 0.0, 0.0);
            let (a, b) = (&mut w.a, &mut w.b);
            // m: directed = Σ out-strength; undirected = Σ degree / 2 (self loops count twice).
            let total: f64 = if directed {
                a.iter().sum()
            } else {
                a.iter().sum::<f64>() / 2.0
            };
            let scale = match objective {
                Objective::Modularity => {
                    if directed {
                        total
                    } else {
                        4.0 * total
                    }
                }
                Objective::Cpm => {
                    a.iter_mut().for_each(|x| *x = 1.0);
                    b.iter_mut().for_each(|x| *x = 1.0);
                    if directed { 1.0 } else { 2.0 }
                }
            };
            w.scale = scale;
            w.total = total;
            Ok(w)
        })
    }

    /// Objective `Σ_c L_c − γ A_c B_c / M` of `membership` (community ids `< n`).
    pub fn objective(&self, membership: &[u32], gamma: f64) -> f64 {
        let n = self.n();
        let mut inside = vec![0.0; n];
        let mut ta = vec![0.0; n];
        let mut tb = vec![0.0; n];
        for v in 0..n {
            let c = membership[v] as usize;
            let mut l = 0.0;
            for (u, w) in self.links(v) {
                if membership[u as usize] as usize == c {
                    l += w;
                }
            }
            inside[c] += self.inner[v] + l / 2.0;
            ta[c] += self.a[v];
            tb[c] += self.b[v];
        }
        (0..n)
            .map(|c| inside[c] - gamma * ta[c] * tb[c] / self.scale)
            .sum()
    }

    /// Modularity of `membership` (the objective over `m`).
    pub fn modularity(&self, membership: &[u32], gamma: f64) -> f64 {
        self.objective(membership, gamma) / self.total
    }

    /// The graph whose nodes are the communities of `membership`, which must be
    /// numbered `0..k`, with links summed, insides and node weights added.
    pub fn aggregate(&self, membership: &[u32], k: usize, exec: &Exec) -> Self {
        let n = self.n();
        // Members of each community, in node order (counting sort).
        let mut start = vec![0usize; k + 1];
        for &c in membership {
            start[c as usize + 1] += 1;
        }
        for c in 0..k {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut members = vec![0u32; n];
        for (v, &c) in membership.iter().enumerate() {
            #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
            let v = v as u32;
            members[fill[c as usize]] = v;
            fill[c as usize] += 1;
        }
        let scratch = super::scratch::PerThread::new(exec, k);
        let blocks: Vec<Block> = exec.install(|| {
            (0..k.div_ceil(BLOCK))
                .into_par_iter()
                .map(|i| {
                    let mut out = Block::default();
                    let mut s = scratch.get();
                    for c in i * BLOCK..k.min((i + 1) * BLOCK) {
                        let (mut inner, mut ta, mut tb) = (0.0, 0.0, 0.0);
                        for &v in &members[start[c]..start[c + 1]] {
                            let v = v as usize;
                            inner += self.inner[v];
                            ta += self.a[v];
                            tb += self.b[v];
                            for (u, w) in self.links(v) {
                                let d = membership[u as usize];
                                if d as usize == c {
                                    inner += w / 2.0;
                                } else {
                                    s.add(d, w);
                                }
                            }
                        }
                        s.drain_sorted_into(&mut out.targets, &mut out.weights);
                        out.end_node(inner, ta, tb);
                    }
                    out
                })
                .collect()
        });
        Self::assemble(blocks, self.scale, self.total)
    }

    /// Concatenates blocks of consecutive nodes.
    fn assemble(blocks: Vec<Block>, scale: f64, total: f64) -> Self {
        let n: usize = blocks.iter().map(|b| b.inner.len()).sum();
        let len: usize = blocks.iter().map(|b| b.targets.len()).sum();
        let mut w = Self {
            offsets: Vec::with_capacity(n + 1),
            targets: Vec::with_capacity(len),
            weights: Vec::with_capacity(len),
            inner: Vec::with_capacity(n),
            a: Vec::with_capacity(n),
            b: Vec::with_capacity(n),
            scale,
            total,
        };
        w.offsets.push(0);
        for b in blocks {
            let base = w.targets.len();
            w.offsets.extend(b.ends.iter().map(|&e| base + e));
            w.targets.extend_from_slice(&b.targets);
            w.weights.extend_from_slice(&b.weights);
            w.inner.extend_from_slice(&b.inner);
            w.a.extend_from_slice(&b.a);
            w.b.extend_from_slice(&b.b);
        }
        w
    }
}

/// Nodes per parallel work item when building.
const BLOCK: usize = 4096;

/// The links and node weights of a run of consecutive nodes.
#[derive(Debug, Default)]
struct Block {
    /// End of each node's links in `targets`.
    ends: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    inner: Vec<f64>,
    a: Vec<f64>,
    b: Vec<f64>,
}

impl Block {
    /// Closes the current node (its links already pushed).
    fn end_node(&mut self, inner: f64, a: f64, b: f64) {
        self.ends.push(self.targets.len());
        self.inner.push(inner);
        self.a.push(a);
        self.b.push(b);
    }
}

/// Appends the links of `v` (out and in arcs merged for directed graphs,
/// self loop separated) with its self weight, out- and in-strength.
fn node_links<A: Adjacency>(g: &Graph<A>, v: u32, directed: bool, weighted: bool, out: &mut Block) {
    let each = |adj: &A, f: &mut dyn FnMut(u32, f64)| {
        if weighted {
            adj.for_each_weighted(v, &mut *f);
        } else {
            adj.for_each_neighbor(v, |u| f(u, 1.0));
        }
    };
    let mut self_w = 0.0;
    let mut out_s = 0.0;
    let first = out.targets.len();
    each(g.out_adj(), &mut |u, x| {
        out_s += x;
        if u == v {
            self_w += x;
        } else {
            out.targets.push(u);
            out.weights.push(x);
        }
    });
    if !directed {
        // An undirected self loop counts twice in the degree.
        let k = out_s + self_w;
        out.end_node(self_w, k, k);
        return;
    }
    let mut in_s = 0.0;
    let (mut it, mut iw) = (Vec::new(), Vec::new());
    each(g.in_adj(), &mut |u, x| {
        in_s += x;
        if u != v {
            it.push(u);
            iw.push(x);
        }
    });
    // Merge the ascending in-list into the ascending out-list just pushed,
    // summing the weights of reciprocal arcs.
    let t: Vec<u32> = out.targets.drain(first..).collect();
    let w: Vec<f64> = out.weights.drain(first..).collect();
    let (mut i, mut j) = (0, 0);
    while i < t.len() || j < it.len() {
        if j == it.len() || (i < t.len() && t[i] < it[j]) {
            out.targets.push(t[i]);
            out.weights.push(w[i]);
            i += 1;
        } else if i == t.len() || it[j] < t[i] {
            out.targets.push(it[j]);
            out.weights.push(iw[j]);
            j += 1;
        } else {
            out.targets.push(t[i]);
            out.weights.push(w[i] + iw[j]);
            i += 1;
            j += 1;
        }
    }
    out.end_node(self_w, out_s, in_s);
}

/// Negative or non-finite weights have no meaning as modularity weights.
fn check_weights<A: Adjacency>(adj: &A) -> Result<()> {
    if !adj.is_weighted() {
        return Ok(());
    }
    for arc in 0..adj.arc_count() {
        let w = adj.arc_weight(arc);
        let problem = if w.is_nan() {
            WeightProblem::NotANumber
        } else if w.is_infinite() {
            WeightProblem::Infinite
        } else if w < 0.0 {
            WeightProblem::Negative
        } else {
            continue;
        };
        return Err(Error::InvalidWeight {
            edge: arc,
            weight: w,
            problem,
        });
    }
    Ok(())
}
