//! The community quotient graph ("supergraph").

use super::quality::dense;
use crate::error::{Error, Result};
use crate::{Adjacency, EdgeWeights, Exec, Graph, GraphBuilder, Partition};

/// The graph of communities: node `c` is the community labelled `c` after
/// renumbering labels `0..k` by smallest member (so node 0 holds input node
/// 0); the weight from `c` to `d` sums the weights of the edges between them
/// (1 per edge when unweighted), and a self loop on `c` carries the weight
/// inside `c`. Directed graphs keep directions. NetworkX
/// `quotient_graph(G, communities, relabel=True)` with summed edge weights;
/// igraph `contract_vertices` + `simplify(combine_edges="sum")`.
///
/// **Complexity** `O(n + m)` plus the builder's sort. **Errors**: a partition
/// of the wrong length, cancellation.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, Partition};
/// use ona_core::algo::community::community_graph;
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let q = community_graph(&g, &Partition(vec![5, 5, 5, 2, 2, 2]), &exec)?;
/// assert_eq!((q.node_count(), q.edge_count(), q.self_loop_count()), (2, 3, 2));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn community_graph<A: Adjacency>(
    g: &Graph<A>,
    partition: &Partition,
    exec: &Exec,
) -> Result<Graph> {
    let n = g.node_count();
    if partition.0.len() != n {
        return Err(Error::LengthMismatch {
            what: "partition",
            expected: n as u64,
            found: partition.0.len() as u64,
        });
    }
    let labels = dense(&partition.0);
    let k = labels.iter().max().map_or(0, |&m| m as usize + 1);
    let directed = g.is_directed();
    let adj = g.out_adj();
    let (mut src, mut dst, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for v in 0..n {
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        let vu = v as u32;
        adj.for_each_weighted(vu, |u, x| {
            if directed || u >= vu {
                src.push(labels[v]);
                dst.push(labels[u as usize]);
                w.push(x);
            }
        });
        if v % 65_536 == 0 {
            exec.check()?;
        }
    }
    GraphBuilder::with_direction(directed).build(k, &src, &dst, Some(EdgeWeights::F64(&w)), exec)
}
