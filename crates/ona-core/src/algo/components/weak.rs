//! Weakly connected components (connected components of undirected graphs)
//! by Afforest: sampled neighbour linking into a lock-free union-find, then
//! a full pass that skips the largest tree found so far.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use rayon::prelude::*;

use crate::{Adjacency, Exec, Graph, NodeId, Partition, Result};

/// Nodes per parallel work item (and per progress/cancellation check).
pub(crate) const CHUNK: usize = 4096;
const CHUNK32: u32 = 4096;

/// Nodes sampled to guess the largest component.
const SAMPLES: usize = 1024;

/// Options of [`weakly_connected_components`].
///
/// Results never depend on these settings, the thread count or the storage:
/// they only tune speed.
#[derive(Debug, Clone)]
pub struct ComponentsConfig {
    neighbor_rounds: u32,
}

impl Default for ComponentsConfig {
    fn default() -> Self {
        Self { neighbor_rounds: 2 }
    }
}

impl ComponentsConfig {
    /// Afforest sampling rounds: how many leading neighbours of every node are
    /// linked before the largest component is guessed (default 2, as in the
    /// paper). `0` disables sampling.
    #[must_use]
    pub fn neighbor_rounds(mut self, rounds: u32) -> Self {
        self.neighbor_rounds = rounds;
        self
    }
}

/// Weakly connected components: for each node the id of its component, with
/// ids numbered `0..k` in order of each component's smallest node index (so
/// node 0 is always in component 0, and results are identical for any thread
/// count and storage).
///
/// For undirected graphs these are the connected components (NetworkX
/// `connected_components`); for directed graphs edge directions are ignored
/// (NetworkX `weakly_connected_components`). NetworkX refuses the "wrong"
/// kind of graph for each of those; here both kinds are accepted.
///
/// **Complexity** `O(n + m)` expected work (near-linear with union-find
/// compression), `O(n + m·α)` worst case. **Parallelism**: all phases run on
/// `exec`'s pool. **Errors**: only cancellation / deadline.
///
/// Algorithm: Sutton, Ben-Nun, Barak, "Optimizing Parallel Graph
/// Connectivity Computation via Subgraph Sampling" (IPDPS 2018), with
/// min-index hooking so each tree's root is its smallest node.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::components::{weakly_connected_components, ComponentsConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(5, &[3, 0], &[4, 2], None, &exec)?;
/// let p = weakly_connected_components(&g, &ComponentsConfig::default(), &exec)?;
/// assert_eq!(p.0, vec![0, 1, 0, 2, 2]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn weakly_connected_components<A: Adjacency>(
    g: &Graph<A>,
    cfg: &ComponentsConfig,
    exec: &Exec,
) -> Result<Partition> {
    let n = node_count_u32(g)?;
    if n == 0 {
        return Ok(Partition(Vec::new()));
    }
    let rounds = cfg.neighbor_rounds;
    let total = u64::from(n).saturating_mul(u64::from(rounds) + 2);
    let tracker = exec.tracker("weakly connected components", total);
    let chunks = n.div_ceil(CHUNK32);
    let range = |c: u32| c * CHUNK32..(c * CHUNK32).saturating_add(CHUNK32).min(n);
    let len = |c: u32| u64::from(range(c).end - range(c).start);
    exec.install(|| {
        let comp: Vec<AtomicU32> = (0..n).into_par_iter().map(AtomicU32::new).collect();
        let out = g.out_adj();
        // Sampling: link every node to its r-th neighbour, round by round.
        for r in 0..rounds {
            (0..chunks).into_par_iter().try_for_each(|c| {
                for v in range(c) {
                    let mut i = 0;
                    out.any_neighbor(v, |u| {
                        if i == r {
                            link(&comp, v, u);
                            return true;
                        }
                        i += 1;
                        false
                    });
                }
                compress(&comp, range(c));
                tracker.advance(len(c))
            })?;
        }
        let skip = if rounds > 0 { most_frequent(&comp, exec) } else { u32::MAX };
        // Full pass over the remaining arcs of nodes outside the big tree.
        // Directed graphs also walk in-arcs: a skipped tail must be reached
        // from its head's side.
        let inc = g.is_directed().then(|| g.in_adj());
        (0..chunks).into_par_iter().try_for_each(|c| {
            for v in range(c) {
                if comp[v as usize].load(Relaxed) == skip {
                    continue;
                }
                let mut i = 0;
                out.for_each_neighbor(v, |u| {
                    if i >= rounds {
                        link(&comp, v, u);
                    }
                    i += 1;
                });
                if let Some(inc) = inc {
                    inc.for_each_neighbor(v, |u| link(&comp, v, u));
                }
            }
            tracker.advance(len(c))
        })?;
        (0..chunks).into_par_iter().try_for_each(|c| {
            compress(&comp, range(c));
            tracker.advance(len(c))
        })?;
        let roots: Vec<u32> = comp.into_par_iter().map(AtomicU32::into_inner).collect();
        Ok(Partition(number_by_root(&roots)))
    })
}

/// [`weakly_connected_components`] under NetworkX's name for undirected graphs.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::components::{connected_components, ComponentsConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(3, &[1], &[2], None, &exec)?;
/// assert_eq!(connected_components(&g, &ComponentsConfig::default(), &exec)?.0, vec![0, 1, 1]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn connected_components<A: Adjacency>(
    g: &Graph<A>,
    cfg: &ComponentsConfig,
    exec: &Exec,
) -> Result<Partition> {
    weakly_connected_components(g, cfg, exec)
}

/// Number of components (NetworkX `number_connected_components`).
pub fn number_of_components(p: &Partition) -> usize {
    p.count()
}

/// Nodes per component, indexed by component id.
pub fn component_sizes(p: &Partition) -> Vec<u64> {
    p.sizes()
}

/// The nodes of the largest component, ascending; among equally large ones
/// the component with the smallest node (as NetworkX's
/// `max(nx.connected_components(G), key=len)` on a graph whose nodes were
/// added in index order). Empty for an empty partition.
pub fn largest_component(p: &Partition) -> Vec<NodeId> {
    let sizes = p.sizes();
    let mut best: Option<(u64, u32)> = None;
    for (label, &s) in (0u32..).zip(&sizes) {
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, label));
        }
    }
    let Some((_, label)) = best else { return Vec::new() };
    (0u32..).zip(p.iter()).filter(|&(_, &l)| l == label).map(|(v, _)| NodeId(v)).collect()
}

/// The node count as `u32` (a [`Graph`] never holds more than
/// [`MAX_NODES`](crate::MAX_NODES) nodes, so this only fails on a broken invariant).
pub(crate) fn node_count_u32<A: Adjacency>(g: &Graph<A>) -> Result<u32> {
    let n = g.node_count();
    u32::try_from(n).map_err(|_| crate::Error::TooLarge { what: "nodes", count: n as u64, limit: crate::MAX_NODES })
}

/// Hook the trees of `u` and `v` together, the larger root under the
/// smaller, so every root stays the minimum of its tree.
#[inline]
fn link(comp: &[AtomicU32], u: u32, v: u32) {
    let mut p1 = comp[u as usize].load(Relaxed);
    let mut p2 = comp[v as usize].load(Relaxed);
    while p1 != p2 {
        let (high, low) = if p1 > p2 { (p1, p2) } else { (p2, p1) };
        let p_high = comp[high as usize].load(Relaxed);
        if p_high == low {
            return;
        }
        if p_high == high && comp[high as usize].compare_exchange(high, low, Relaxed, Relaxed).is_ok() {
            return;
        }
        p1 = comp[comp[high as usize].load(Relaxed) as usize].load(Relaxed);
        p2 = comp[low as usize].load(Relaxed);
    }
}

/// Point every node of `range` at (a node closer to) its root; after a
/// quiescent full pass every node points at its root.
#[inline]
fn compress(comp: &[AtomicU32], range: std::ops::Range<u32>) {
    for v in range {
        let slot = &comp[v as usize];
        loop {
            let c = slot.load(Relaxed);
            let cc = comp[c as usize].load(Relaxed);
            if c == cc {
                break;
            }
            slot.store(cc, Relaxed);
        }
    }
}

/// The tree label seen most often in a seeded sample (ties: smaller label).
fn most_frequent(comp: &[AtomicU32], exec: &Exec) -> u32 {
    use rand::Rng;
    let mut rng = exec.rng(0x0cc0);
    let mut sample: Vec<u32> =
        (0..SAMPLES).map(|_| comp[rng.random_range(0..comp.len())].load(Relaxed)).collect();
    sample.sort_unstable();
    let mut best = (0usize, u32::MAX);
    let mut i = 0;
    while i < sample.len() {
        let j = i + sample[i..].iter().take_while(|&&x| x == sample[i]).count();
        if j - i > best.0 {
            best = (j - i, sample[i]);
        }
        i = j;
    }
    best.1
}

/// Labels `0..k` from a root-per-node array whose roots are the minimum of
/// their component (`root[r] == r`), numbered in order of the root. Runs in
/// parallel on the current pool.
fn number_by_root(root: &[u32]) -> Vec<u32> {
    let n = root.len();
    let counts: Vec<u32> = root
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, ch)| ch.iter().enumerate().filter(|&(i, &r)| r as usize == c * CHUNK + i).fold(0u32, |k, _| k + 1))
        .collect();
    let mut start = Vec::with_capacity(counts.len());
    let mut acc = 0u32;
    for k in counts {
        start.push(acc);
        acc += k;
    }
    let mut id = vec![0u32; n];
    id.par_chunks_mut(CHUNK).zip(root.par_chunks(CHUNK)).enumerate().for_each(|(c, (ids, ch))| {
        let mut next = start[c];
        for (i, (slot, &r)) in ids.iter_mut().zip(ch).enumerate() {
            if r as usize == c * CHUNK + i {
                *slot = next;
                next += 1;
            }
        }
    });
    root.par_iter().map(|&r| id[r as usize]).collect()
}

/// Labels `0..k` from arbitrary per-node labels, renumbered in order of each
/// label's first node.
pub(crate) fn number_by_first_node(raw: &[u32]) -> Vec<u32> {
    let mut map = vec![u32::MAX; raw.iter().max().map_or(0, |&m| m as usize + 1)];
    let mut next = 0u32;
    raw.iter()
        .map(|&r| {
            let slot = &mut map[r as usize];
            if *slot == u32::MAX {
                *slot = next;
                next += 1;
            }
            *slot
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are tiny; failures should panic
mod tests {
    use super::*;
    use crate::GraphBuilder;
    use proptest::prelude::*;

    /// Components by BFS over both directions, numbered by smallest node.
    fn bfs_components(n: usize, edges: &[(u32, u32)]) -> Vec<u32> {
        let mut adj = vec![Vec::new(); n];
        for &(a, b) in edges {
            adj[a as usize].push(b as usize);
            adj[b as usize].push(a as usize);
        }
        let mut label = vec![u32::MAX; n];
        let mut next = 0;
        for s in 0..n {
            if label[s] != u32::MAX {
                continue;
            }
            label[s] = next;
            let mut queue = vec![s];
            while let Some(v) = queue.pop() {
                for &u in &adj[v] {
                    if label[u] == u32::MAX {
                        label[u] = next;
                        queue.push(u);
                    }
                }
            }
            next += 1;
        }
        label
    }

    fn graph(directed: bool, n: usize, edges: &[(u32, u32)], exec: &Exec) -> Graph {
        let (s, d): (Vec<u32>, Vec<u32>) = edges.iter().copied().unzip();
        GraphBuilder::with_direction(directed).build(n, &s, &d, None, exec).unwrap()
    }

    proptest! {
        #[test]
        fn matches_bfs(n in 1usize..40, raw in proptest::collection::vec((0u32..40, 0u32..40), 0..60),
                       directed in any::<bool>(), rounds in 0u32..4) {
            let edges: Vec<(u32, u32)> = raw.into_iter().map(|(a, b)| (a % n as u32, b % n as u32)).collect();
            let e1 = Exec::sequential().unwrap();
            let e4 = Exec::with_threads(4).unwrap();
            let g = graph(directed, n, &edges, &e1);
            let cfg = ComponentsConfig::default().neighbor_rounds(rounds);
            let want = bfs_components(n, &edges);
            prop_assert_eq!(&weakly_connected_components(&g, &cfg, &e1).unwrap().0, &want);
            prop_assert_eq!(&weakly_connected_components(&g, &cfg, &e4).unwrap().0, &want);
            let c = g.compress(&e1);
            prop_assert_eq!(&weakly_connected_components(&c, &cfg, &e4).unwrap().0, &want);
        }
    }

    #[test]
    fn large_random_graph_threads_and_storage_agree() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let n = 50_000;
        let edges: Vec<(u32, u32)> =
            (0..40_000).map(|_| (rng.random_range(0..n as u32), rng.random_range(0..n as u32))).collect();
        let e1 = Exec::sequential().unwrap();
        let e4 = Exec::with_threads(4).unwrap();
        for directed in [false, true] {
            let g = graph(directed, n, &edges, &e1);
            let want = bfs_components(n, &edges);
            let cfg = ComponentsConfig::default();
            assert_eq!(weakly_connected_components(&g, &cfg, &e1).unwrap().0, want);
            assert_eq!(weakly_connected_components(&g, &cfg, &e4).unwrap().0, want);
            assert_eq!(weakly_connected_components(&g.compress(&e4), &cfg, &e4).unwrap().0, want);
        }
    }

    #[test]
    fn helpers_and_empty_graph() {
        let exec = Exec::sequential().unwrap();
        let g = graph(false, 0, &[], &exec);
        let p = weakly_connected_components(&g, &ComponentsConfig::default(), &exec).unwrap();
        assert!(p.is_empty());
        assert!(largest_component(&p).is_empty());
        assert_eq!(number_of_components(&p), 0);
        // Components {0}, {1, 2}, {3, 4}: the first of the two largest wins.
        let g = graph(false, 5, &[(4, 3), (2, 1)], &exec);
        let p = connected_components(&g, &ComponentsConfig::default(), &exec).unwrap();
        assert_eq!(p.0, vec![0, 1, 1, 2, 2]);
        assert_eq!(number_of_components(&p), 3);
        assert_eq!(component_sizes(&p), vec![1, 2, 2]);
        assert_eq!(largest_component(&p), vec![NodeId(1), NodeId(2)]);
    }

    #[test]
    fn karate_club_is_connected() {
        // nx.number_connected_components(nx.karate_club_graph()) == 1
        let exec = Exec::sequential().unwrap();
        let g = crate::algo::clustering::testdata::karate(&exec, false);
        let p = connected_components(&g, &ComponentsConfig::default(), &exec).unwrap();
        assert_eq!(p.0, vec![0; 34]);
    }

    #[test]
    fn cancellation_stops() {
        let exec = Exec::sequential().unwrap();
        let g = graph(false, 10, &[(0, 1)], &exec);
        exec.token().cancel();
        let r = weakly_connected_components(&g, &ComponentsConfig::default(), &exec);
        assert_eq!(r, Err(crate::Error::Cancelled));
    }
}
