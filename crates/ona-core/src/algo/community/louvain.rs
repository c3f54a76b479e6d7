//! Louvain modularity maximisation (Blondel et al. 2008), with NetworkX's
//! level loop and stopping rule, directed modularity as in Dugué & Perez, and
//! parallel deterministic local moving.

use super::moving::{Communities, MAX_SWEEPS, move_nodes, renumber, shuffled};
use super::work::{Objective, WorkGraph};
use crate::error::{Error, Result};
use crate::{Adjacency, Exec, Graph, Partition};

/// Options of [`louvain`]; defaults are NetworkX's `louvain_communities`.
#[derive(Debug, Clone)]
pub struct LouvainConfig {
    weighted: bool,
    resolution: f64,
    threshold: f64,
    max_level: Option<u32>,
}

impl Default for LouvainConfig {
    fn default() -> Self {
        Self {
            weighted: true,
            resolution: 1.0,
            threshold: 1e-7,
            max_level: None,
        }
    }
}

impl LouvainConfig {
    /// Use edge weights (default, NetworkX `weight="weight"`); `false` counts
    /// every edge as 1.
    #[must_use]
    pub fn weighted(mut self, on: bool) -> Self {
        self.weighted = on;
        self
    }
    /// Resolution γ (default 1): above 1 favours smaller communities.
    #[must_use]
    pub fn resolution(mut self, gamma: f64) -> Self {
        self.resolution = gamma;
        self
    }
    /// Stop when a level gains no more than this much modularity (default 1e-7).
    #[must_use]
    pub fn threshold(mut self, t: f64) -> Self {
        self.threshold = t;
        self
    }
    /// Keep at most this many levels (default: until the threshold stops it).
    #[must_use]
    pub fn max_level(mut self, levels: u32) -> Self {
        self.max_level = Some(levels);
        self
    }
}

/// What [`louvain`] found.
#[derive(Debug, Clone)]
pub struct LouvainResult {
    /// The final partition (the last level).
    pub partition: Partition,
    /// Every level of the hierarchy, finest first, as partitions of the
    /// input nodes (NetworkX `louvain_partitions`).
    pub levels: Vec<Partition>,
    /// Modularity of each level (at the configured resolution).
    pub modularity: Vec<f64>,
}

/// Louvain communities: NetworkX `louvain_communities` /
/// `louvain_partitions`, igraph `community_multilevel`.
///
/// Each level moves nodes between neighbouring communities while modularity
/// increases, then merges each community into one node; levels stop when one
/// gains no more than `threshold` or after `max_level`. Directed graphs use
/// directed modularity (`out_u·in_c + in_u·out_c` null model); weights must
/// be non-negative. Labels are numbered by each community's smallest node.
/// An edgeless graph gives every node its own community, modularity 0.
///
/// **Determinism**: the visiting order comes from `exec`'s seed; the result is
/// identical for any thread count and storage. **Complexity** about
/// `O(m)` per sweep, a few sweeps per level, few levels. **Parallelism**:
/// local moving and aggregation. **Errors**: negative / non-finite weights,
/// a resolution that is not finite and positive, cancellation.
///
/// Paper: Blondel, Guillaume, Lambiotte, Lefebvre, "Fast unfolding of
/// communities in large networks" (J. Stat. Mech. 2008); Dugué, Perez,
/// "Directed Louvain" (2015).
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::community::{louvain, LouvainConfig};
/// let exec = Exec::sequential()?.seed(1);
/// // two triangles joined by one edge
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let r = louvain(&g, &LouvainConfig::default(), &exec)?;
/// assert_eq!(r.partition.0, vec![0, 0, 0, 1, 1, 1]);
/// assert!((r.modularity.last().unwrap() - 5.0 / 14.0).abs() < 1e-12);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn louvain<A: Adjacency>(
    g: &Graph<A>,
    cfg: &LouvainConfig,
    exec: &Exec,
) -> Result<LouvainResult> {
    // One entry into the pool: every parallel step below runs nested in it
    // instead of waking the workers from outside for each chunk.
    exec.install(|| louvain_in_pool(g, cfg, exec))
}

fn louvain_in_pool<A: Adjacency>(
    g: &Graph<A>,
    cfg: &LouvainConfig,
    exec: &Exec,
) -> Result<LouvainResult> {
    check_resolution(cfg.resolution)?;
    if !(cfg.threshold >= 0.0 && cfg.threshold.is_finite()) {
        return Err(Error::invalid_param(
            "threshold",
            cfg.threshold,
            "a finite number >= 0",
        ));
    }
    let gamma = cfg.resolution;
    let base = WorkGraph::from_graph(g, cfg.weighted, Objective::Modularity, exec)?;
    let n = base.n();
    if base.total == 0.0 {
        #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
        let alone = Partition((0..n as u32).collect());
        return Ok(LouvainResult {
            partition: alone.clone(),
            levels: vec![alone],
            modularity: vec![0.0],
        });
    }
    let tracker = exec.tracker("louvain", n as u64);
    let mut level_graph: Option<WorkGraph> = None;
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let mut node_of: Vec<u32> = (0..n as u32).collect();
    let mut q_prev = base.modularity(&Communities::singletons(&base).membership, gamma);
    let mut levels = Vec::new();
    let mut modularity = Vec::new();
    for level in 0u64.. {
        let w = level_graph.as_ref().unwrap_or(&base);
        let mut c = Communities::singletons(w);
        let order = shuffled(w.n(), exec, level);
        let moves = move_nodes(w, &mut c, gamma, false, &order, MAX_SWEEPS, exec, &tracker)?;
        if level > 0 && moves == 0 {
            break;
        }
        let (comm, k) = renumber(&c.membership);
        let on_input: Vec<u32> = node_of.iter().map(|&x| comm[x as usize]).collect();
        levels.push(Partition(renumber(&on_input).0));
        let q = w.modularity(&c.membership, gamma);
        modularity.push(q);
        if q - q_prev <= cfg.threshold
            || cfg
                .max_level
                .is_some_and(|l| levels.len() as u64 >= u64::from(l))
        {
            break;
        }
        q_prev = q;
        let next = w.aggregate(&comm, k, exec);
        node_of = on_input;
        level_graph = Some(next);
    }
    let partition = levels.last().cloned().unwrap_or_default();
    Ok(LouvainResult {
        partition,
        levels,
        modularity,
    })
}

pub(crate) fn check_resolution(gamma: f64) -> Result<()> {
    if gamma > 0.0 && gamma.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid_param(
            "resolution",
            gamma,
            "a finite number > 0",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use crate::algo::community::testutil::{planted, threads};

    #[test]
    fn recovers_planted_communities_at_any_thread_count() {
        let run = |t: usize| {
            let exec = Exec::with_threads(t).expect("pool").seed(7);
            let g = planted(8000, 40, 12.0, 0.25, false, &exec);
            louvain(&g, &LouvainConfig::default(), &exec).expect("louvain")
        };
        let one = run(1);
        for t in threads() {
            let r = run(t);
            assert_eq!(r.partition, one.partition, "threads {t}");
            assert_eq!(r.modularity, one.modularity);
        }
        let truth = Partition((0..8000).map(|v| v / 200).collect());
        let nmi = crate::algo::community::normalized_mutual_information(&one.partition, &truth)
            .expect("nmi");
        assert!(nmi > 0.95, "nmi {nmi}");
        // levels coarsen
        for w in one.levels.windows(2) {
            assert!(w[1].count() <= w[0].count());
        }
    }

    #[test]
    fn edgeless_and_empty_graphs() {
        let exec = Exec::sequential().expect("pool");
        let g = GraphBuilder::undirected()
            .build(3, &[], &[], None, &exec)
            .expect("graph");
        let r = louvain(&g, &LouvainConfig::default(), &exec).expect("louvain");
        assert_eq!(r.partition.0, vec![0, 1, 2]);
        let g = GraphBuilder::undirected()
            .build(0, &[], &[], None, &exec)
            .expect("graph");
        assert!(
            louvain(&g, &LouvainConfig::default(), &exec)
                .expect("louvain")
                .partition
                .0
                .is_empty()
        );
    }

    #[test]
    fn rejects_bad_parameters_and_negative_weights() {
        let exec = Exec::sequential().expect("pool");
        let w = [1.0, -2.0];
        let g = GraphBuilder::undirected()
            .build(
                3,
                &[0, 1],
                &[1, 2],
                Some(crate::EdgeWeights::F64(&w)),
                &exec,
            )
            .expect("graph");
        assert!(matches!(
            louvain(&g, &LouvainConfig::default(), &exec),
            Err(Error::InvalidWeight { .. })
        ));
        let g = GraphBuilder::undirected()
            .build(3, &[0, 1], &[1, 2], None, &exec)
            .expect("graph");
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(louvain(&g, &LouvainConfig::default().resolution(bad), &exec).is_err());
        }
        assert!(louvain(&g, &LouvainConfig::default().threshold(f64::NAN), &exec).is_err());
    }

    #[test]
    fn cancellation_stops_it() {
        let exec = Exec::sequential().expect("pool");
        let g = planted(2000, 10, 8.0, 0.5, false, &exec);
        exec.token().cancel();
        assert_eq!(
            louvain(&g, &LouvainConfig::default(), &exec).err(),
            Some(Error::Cancelled)
        );
    }
}
