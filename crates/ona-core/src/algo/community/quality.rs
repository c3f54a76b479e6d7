//! Quality of a given partition: modularity, coverage and performance.

use super::work::{Objective, WorkGraph};
use crate::error::{Error, Result};
use crate::{Adjacency, Exec, Graph, Partition};

/// Options of [`modularity`]; defaults are NetworkX's.
#[derive(Debug, Clone)]
pub struct ModularityConfig {
    weighted: bool,
    resolution: f64,
}

impl Default for ModularityConfig {
    fn default() -> Self {
        Self {
            weighted: true,
            resolution: 1.0,
        }
    }
}

impl ModularityConfig {
    /// Use edge weights (default, NetworkX `weight="weight"`).
    #[must_use]
    pub fn weighted(mut self, on: bool) -> Self {
        self.weighted = on;
        self
    }
    /// Resolution γ (default 1).
    #[must_use]
    pub fn resolution(mut self, gamma: f64) -> Self {
        self.resolution = gamma;
        self
    }
}

/// Modularity of `partition` (one label per node, any labels): NetworkX
/// `community.modularity`, igraph `modularity`.
///
/// `Q = Σ_c L_c/m − γ (K_c / 2m)²` for undirected graphs (a self loop counts
/// once in `L_c` and twice in the degree), `Q = Σ_c L_c/m − γ K⁺_c K⁻_c / m²`
/// for directed ones.
///
/// **Complexity** `O(n + m)`. **Errors**: a partition of the wrong length,
/// an edgeless graph (`Unsupported`: NetworkX divides by zero), negative
/// weights, a resolution that is not finite.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, Partition};
/// use ona_core::algo::community::{modularity, ModularityConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let q = modularity(&g, &Partition(vec![0, 0, 0, 1, 1, 1]), &ModularityConfig::default(), &exec)?;
/// assert!((q - 5.0 / 14.0).abs() < 1e-15);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn modularity<A: Adjacency>(
    g: &Graph<A>,
    partition: &Partition,
    cfg: &ModularityConfig,
    exec: &Exec,
) -> Result<f64> {
    check_len(g, partition)?;
    if !cfg.resolution.is_finite() {
        return Err(Error::invalid_param(
            "resolution",
            cfg.resolution,
            "a finite number",
        ));
    }
    let w = WorkGraph::from_graph(g, cfg.weighted, Objective::Modularity, exec)?;
    if w.total == 0.0 {
        return Err(Error::Unsupported {
            operation: "modularity",
            graph_kind: "edgeless",
        });
    }
    Ok(w.modularity(&dense(&partition.0), cfg.resolution))
}

/// Coverage and performance of `partition`: NetworkX
/// `community.partition_quality`.
///
/// Coverage is the share of edges inside communities; performance the share
/// of node pairs that are either an edge inside a community or a non-edge
/// between communities (ordered pairs for directed graphs). Self loops count
/// as inside edges, as in NetworkX. Unweighted.
///
/// **Complexity** `O(n + m)`. **Errors**: wrong length, an edgeless graph or
/// fewer than two nodes (NetworkX divides by zero).
///
/// ```
/// use ona_core::{Exec, GraphBuilder, Partition};
/// use ona_core::algo::community::partition_quality;
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(4, &[0, 2, 1], &[1, 3, 2], None, &exec)?;
/// let (coverage, performance) = partition_quality(&g, &Partition(vec![0, 0, 1, 1]), &exec)?;
/// assert_eq!((coverage, performance), (2.0 / 3.0, 5.0 / 6.0));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn partition_quality<A: Adjacency>(
    g: &Graph<A>,
    partition: &Partition,
    exec: &Exec,
) -> Result<(f64, f64)> {
    check_len(g, partition)?;
    let n = g.node_count();
    if g.edge_count() == 0 || n < 2 {
        return Err(Error::Unsupported {
            operation: "partition_quality",
            graph_kind: "edgeless or single-node",
        });
    }
    let labels = dense(&partition.0);
    let adj = g.out_adj();
    let directed = g.is_directed();
    let mut intra = 0u64;
    for v in 0..n {
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        let vu = v as u32;
        adj.for_each_neighbor(vu, |u| {
            if (directed || u >= vu) && labels[u as usize] == labels[v] {
                intra += 1;
            }
        });
        if v % 65_536 == 0 {
            exec.check()?;
        }
    }
    let inter = g.edge_count() - intra;
    let mut sizes = vec![0u64; n];
    for &l in &labels {
        sizes[l as usize] += 1;
    }
    let nn = n as u128;
    let same: u128 = sizes.iter().map(|&s| u128::from(s) * u128::from(s)).sum();
    // Σ_{c<d} n_c n_d, doubled for ordered pairs
    let mut possible_inter = (nn * nn - same) / 2;
    let mut total_pairs = nn * (nn - 1);
    if directed {
        possible_inter *= 2;
    } else {
        total_pairs /= 2;
    }
    let inter_non_edges = possible_inter - u128::from(inter);
    #[allow(clippy::cast_precision_loss)] // ratios of counts
    let result = (
        intra as f64 / g.edge_count() as f64,
        (u128::from(intra) + inter_non_edges) as f64 / total_pairs as f64,
    );
    Ok(result)
}

fn check_len<A: Adjacency>(g: &Graph<A>, p: &Partition) -> Result<()> {
    if p.0.len() == g.node_count() {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            what: "partition",
            expected: g.node_count() as u64,
            found: p.0.len() as u64,
        })
    }
}

/// Labels renumbered `0..k` by first appearance (any `u32` labels accepted).
pub(crate) fn dense(labels: &[u32]) -> Vec<u32> {
    let mut map = rustc_hash::FxHashMap::default();
    labels
        .iter()
        .map(|&l| {
            let next = u32::try_from(map.len()).unwrap_or(u32::MAX);
            *map.entry(l).or_insert(next)
        })
        .collect()
}
