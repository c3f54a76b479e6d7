//! Reciprocity of directed ties: overall and per node, as NetworkX defines
//! them.
//!
//! Per node `v`, with predecessors `P(v)` and successors `S(v)` (sets),
//! `r(v) = 2 |P(v) ∩ S(v)| / (|P(v)| + |S(v)|)`; a self loop puts `v` in
//! both sets and so counts as a returned tie. Overall, `2 (m - m_u) / m`
//! with `m` arcs and `m_u` edges of the underlying undirected graph: the
//! share of arcs whose reverse arc exists, self loops never counting (an
//! undirected self loop is still one edge).

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::scores::Scores;

/// Nodes per parallel work item and progress step.
const CHUNK: usize = 1024;

/// Options of [`reciprocity`] and [`overall_reciprocity`] (none yet; kept
/// for forward-compatible signatures).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ReciprocityConfig {}

/// Reciprocity of every node of a directed graph: the share of its
/// in- and out-neighbours (counted separately) that are both.
///
/// NetworkX: `nx.reciprocity(G, G.nodes)`, where an isolated node maps to
/// `None`; here it is NaN. A self loop counts as reciprocated, as in
/// NetworkX.
///
/// **Complexity** `O(n + m)` (one merge of each node's sorted in- and
/// out-lists). **Parallelism**: node blocks on `exec`'s pool; exact, so
/// identical for any thread count. **Errors**: [`Error::Unsupported`] for
/// undirected graphs (NetworkX raises `NetworkXNotImplemented`);
/// cancellation / deadline.
///
/// Reference: D. Garlaschelli, M. I. Loffredo, "Patterns of link
/// reciprocity in directed networks", Physical Review Letters 93, 2004.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{reciprocity, ReciprocityConfig};
/// let exec = Exec::sequential()?;
/// // nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 0)]) plus the isolated node 3
/// let g = GraphBuilder::directed().build(4, &[0, 1, 1, 2], &[1, 0, 2, 0], None, &exec)?;
/// let r = reciprocity(&g, &ReciprocityConfig::default(), &exec)?;
/// assert_eq!(&r[..3], &[2.0 / 3.0, 2.0 / 3.0, 0.0]);
/// assert!(r[3].is_nan());
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn reciprocity<A: Adjacency>(g: &Graph<A>, _cfg: &ReciprocityConfig, exec: &Exec) -> Result<Scores> {
    if !g.is_directed() {
        return Err(Error::Unsupported { operation: "reciprocity", graph_kind: "undirected" });
    }
    let n = g.node_count();
    let tracker = exec.tracker("reciprocity", n as u64);
    let mut out = vec![0.0f64; n];
    exec.install(|| {
        out.par_chunks_mut(CHUNK).enumerate().try_for_each(|(c, chunk)| {
            for (slot, v) in chunk.iter_mut().zip(c * CHUNK..) {
                #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
                let v = v as u32;
                let total = u64::from(g.out_adj().degree(v)) + u64::from(g.in_adj().degree(v));
                *slot = if total == 0 { f64::NAN } else { 2.0 * overlap(g, v) as f64 / total as f64 };
            }
            tracker.advance(chunk.len() as u64)
        })
    })?;
    Ok(Scores(out))
}

/// Overall reciprocity of a directed graph: the share of arcs `u -> v`
/// (`u ≠ v`) whose reverse `v -> u` also exists, over all arcs (self loops
/// included in the denominator only, as NetworkX counts them).
///
/// NetworkX: `nx.overall_reciprocity(G)` (= `nx.reciprocity(G)`).
///
/// **Complexity** `O(n + m)`. **Parallelism**: node blocks on `exec`'s
/// pool; exact integer counts, so identical for any thread count.
/// **Errors**: [`Error::Unsupported`] for undirected graphs (`graph_kind`
/// `"undirected"`, NetworkX raises `NetworkXNotImplemented`) and for graphs
/// without arcs (`graph_kind` `"edgeless"`, NetworkX raises `NetworkXError`
/// "Not defined for empty graphs"); cancellation / deadline.
///
/// Reference: D. Garlaschelli, M. I. Loffredo, "Patterns of link
/// reciprocity in directed networks", Physical Review Letters 93, 2004.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::ona::{overall_reciprocity, ReciprocityConfig};
/// let exec = Exec::sequential()?;
/// // nx.overall_reciprocity(nx.DiGraph([(0, 1), (1, 0), (1, 2), (2, 0)])) == 0.5
/// let g = GraphBuilder::directed().build(3, &[0, 1, 1, 2], &[1, 0, 2, 0], None, &exec)?;
/// assert_eq!(overall_reciprocity(&g, &ReciprocityConfig::default(), &exec)?, 0.5);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn overall_reciprocity<A: Adjacency>(g: &Graph<A>, _cfg: &ReciprocityConfig, exec: &Exec) -> Result<f64> {
    if !g.is_directed() {
        return Err(Error::Unsupported { operation: "overall_reciprocity", graph_kind: "undirected" });
    }
    let arcs = g.edge_count();
    if arcs == 0 {
        return Err(Error::Unsupported { operation: "overall_reciprocity", graph_kind: "edgeless" });
    }
    let n = g.node_count();
    let tracker = exec.tracker("overall_reciprocity", n as u64);
    let reciprocated: u64 = exec.install(|| {
        (0..n.div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let nodes = c * CHUNK..n.min((c + 1) * CHUNK);
                let len = nodes.len() as u64;
                #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
                let s: u64 = nodes.map(|v| overlap(g, v as u32) - u64::from(has_loop(g, v as u32))).sum();
                tracker.advance(len).map(|()| s)
            })
            .try_reduce(|| 0, |a, b| Ok(a + b))
    })?;
    // NetworkX: (m - m_undirected) * 2 / m, where m - m_undirected counts
    // the reciprocated pairs, i.e. half the reciprocated arcs.
    Ok(reciprocated as f64 / arcs as f64)
}

/// `|P(v) ∩ S(v)|`, by merging the two ascending lists.
fn overlap<A: Adjacency>(g: &Graph<A>, v: u32) -> u64 {
    let (mut bo, mut bi) = (Vec::new(), Vec::new());
    let outs = g.out_adj().neighbors(v, &mut bo);
    let ins = g.in_adj().neighbors(v, &mut bi);
    let (mut i, mut j, mut common) = (0, 0, 0u64);
    while i < outs.len() && j < ins.len() {
        match outs[i].cmp(&ins[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

fn has_loop<A: Adjacency>(g: &Graph<A>, v: u32) -> bool {
    g.self_loop_count() > 0 && g.out_adj().any_neighbor(v, |u| u == v)
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)] // tiny test graphs
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::graph::GraphBuilder;

    #[test]
    fn matches_set_definitions_on_random_digraphs() {
        let e = Exec::with_threads(2).expect("pool");
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for case in 0..200 {
            let n = rng.random_range(1..9usize);
            let mut adj = vec![vec![false; n]; n];
            let (mut src, mut dst) = (Vec::new(), Vec::new());
            for (u, row) in adj.iter_mut().enumerate() {
                for (v, a) in row.iter_mut().enumerate() {
                    if rng.random_bool(if u == v { 0.2 } else { 0.35 }) {
                        *a = true;
                        src.push(u as u32);
                        dst.push(v as u32);
                    }
                }
            }
            let g = GraphBuilder::directed().build(n, &src, &dst, None, &e).expect("g");
            let gc = g.compress(&e);
            let got = reciprocity(&g, &ReciprocityConfig::default(), &e).expect("r");
            assert_eq!(
                got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                reciprocity(&gc, &ReciprocityConfig::default(), &e).expect("r").iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
            for v in 0..n {
                let succ = (0..n).filter(|&u| adj[v][u]).count();
                let pred = (0..n).filter(|&u| adj[u][v]).count();
                let both = (0..n).filter(|&u| adj[v][u] && adj[u][v]).count();
                let want = if succ + pred == 0 { f64::NAN } else { 2.0 * both as f64 / (succ + pred) as f64 };
                assert!(want.to_bits() == got[v].to_bits(), "case {case} node {v}: got {}, want {want}", got[v]);
            }
            // NetworkX: m_u = number of unordered pairs (self loops once).
            let m = src.len();
            let m_u = (0..n).flat_map(|u| (u..n).map(move |v| (u, v))).filter(|&(u, v)| adj[u][v] || adj[v][u]).count();
            let overall = overall_reciprocity(&g, &ReciprocityConfig::default(), &e);
            if m == 0 {
                assert_eq!(overall, Err(Error::Unsupported { operation: "overall_reciprocity", graph_kind: "edgeless" }));
            } else {
                assert_eq!(overall.expect("overall"), (m - m_u) as f64 * 2.0 / m as f64, "case {case}");
            }
        }
    }

    #[test]
    fn self_loops_and_errors() {
        let e = Exec::sequential().expect("pool");
        // nx.DiGraph([(0,1),(1,0),(1,2),(2,2),(3,1)]): overall 0.4,
        // per node {0: 1.0, 1: 0.5, 2: 0.6666666666666666, 3: 0.0}.
        let g = GraphBuilder::directed().build(4, &[0, 1, 1, 2, 3], &[1, 0, 2, 2, 1], None, &e).expect("g");
        assert_eq!(overall_reciprocity(&g, &ReciprocityConfig::default(), &e), Ok(0.4));
        assert_eq!(reciprocity(&g, &ReciprocityConfig::default(), &e).expect("r").0, vec![1.0, 0.5, 0.6666666666666666, 0.0]);
        let u = GraphBuilder::undirected().build(2, &[0], &[1], None, &e).expect("g");
        assert!(matches!(reciprocity(&u, &ReciprocityConfig::default(), &e), Err(Error::Unsupported { graph_kind: "undirected", .. })));
        assert!(matches!(
            overall_reciprocity(&u, &ReciprocityConfig::default(), &e),
            Err(Error::Unsupported { graph_kind: "undirected", .. })
        ));
        let c = Exec::sequential().expect("pool");
        c.token().cancel();
        assert_eq!(reciprocity(&g, &ReciprocityConfig::default(), &c), Err(Error::Cancelled));
        assert_eq!(overall_reciprocity(&g, &ReciprocityConfig::default(), &c), Err(Error::Cancelled));
    }
}
