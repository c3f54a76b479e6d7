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
            let lists: Vec<NodeLinks> = (0..n)
                .into_par_iter()
                .map(|v| {
                    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
                    let v = v as u32;
                    node_links(g, v, directed, weighted)
                })
                .collect();
            let mut offsets = Vec::with_capacity(n + 1);
            offsets.push(0);
            let mut total_len = 0;
            for l in &lists {
                total_len += l.0.len();
                offsets.push(total_len);
            }
            let mut targets = Vec::with_capacity(total_len);
            let mut weights = Vec::with_capacity(total_len);
            let (mut inner, mut a, mut b) = (
                Vec::with_capacity(n),
                Vec::with_capacity(n),
                Vec::with_capacity(n),
            );
            for (t, w, self_w, out_s, in_s) in lists {
                targets.extend_from_slice(&t);
                weights.extend_from_slice(&w);
                inner.push(self_w);
                a.push(out_s);
                b.push(in_s);
            }
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
            Ok(Self {
                offsets,
                targets,
                weights,
                inner,
                a,
                b,
                scale,
                total,
            })
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
        let lists: Vec<NodeLinks> = exec.install(|| {
            (0..k)
                .into_par_iter()
                .map(|c| {
                    let mut s = scratch.get();
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
                    let (t, w) = s.drain_sorted();
                    (t, w, inner, ta, tb)
                })
                .collect()
        });
        let mut offsets = Vec::with_capacity(k + 1);
        offsets.push(0);
        let mut len = 0;
        for l in &lists {
            len += l.0.len();
            offsets.push(len);
        }
        let mut targets = Vec::with_capacity(len);
        let mut weights = Vec::with_capacity(len);
        let (mut inner, mut a, mut b) = (
            Vec::with_capacity(k),
            Vec::with_capacity(k),
            Vec::with_capacity(k),
        );
        for (t, w, i, x, y) in lists {
            targets.extend_from_slice(&t);
            weights.extend_from_slice(&w);
            inner.push(i);
            a.push(x);
            b.push(y);
        }
        Self {
            offsets,
            targets,
            weights,
            inner,
            a,
            b,
            scale: self.scale,
            total: self.total,
        }
    }
}

/// A node's link targets and weights, inner weight, and two node weights.
type NodeLinks = (Vec<u32>, Vec<f64>, f64, f64, f64);

/// Links of `v` (out and in arcs merged for directed graphs, self loop
/// separated), with `v`'s self weight, out- and in-strength.
fn node_links<A: Adjacency>(g: &Graph<A>, v: u32, directed: bool, weighted: bool) -> NodeLinks {
    let each = |adj: &A, f: &mut dyn FnMut(u32, f64)| {
        if weighted {
            adj.for_each_weighted(v, &mut *f);
        } else {
            adj.for_each_neighbor(v, |u| f(u, 1.0));
        }
    };
    let mut t = Vec::new();
    let mut w = Vec::new();
    let mut self_w = 0.0;
    let mut out_s = 0.0;
    each(g.out_adj(), &mut |u, x| {
        out_s += x;
        if u == v {
            self_w += x;
        } else {
            t.push(u);
            w.push(x);
        }
    });
    if !directed {
        // An undirected self loop counts twice in the degree.
        let k = out_s + self_w;
        return (t, w, self_w, k, k);
    }
    let mut in_s = 0.0;
    let mut it = Vec::new();
    let mut iw = Vec::new();
    each(g.in_adj(), &mut |u, x| {
        in_s += x;
        if u != v {
            it.push(u);
            iw.push(x);
        }
    });
    // Merge the two ascending lists, summing weights of reciprocal arcs.
    let (mut mt, mut mw) = (
        Vec::with_capacity(t.len() + it.len()),
        Vec::with_capacity(t.len() + it.len()),
    );
    let (mut i, mut j) = (0, 0);
    while i < t.len() || j < it.len() {
        if j == it.len() || (i < t.len() && t[i] < it[j]) {
            mt.push(t[i]);
            mw.push(w[i]);
            i += 1;
        } else if i == t.len() || it[j] < t[i] {
            mt.push(it[j]);
            mw.push(iw[j]);
            j += 1;
        } else {
            mt.push(t[i]);
            mw.push(w[i] + iw[j]);
            i += 1;
            j += 1;
        }
    }
    (mt, mw, self_w, out_s, in_s)
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
