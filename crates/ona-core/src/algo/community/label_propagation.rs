//! Label propagation: asynchronous (Raghavan, Albert, Kumara 2007; NetworkX
//! `asyn_lpa_communities`) and semi-synchronous (Cordasco & Gargano 2010;
//! NetworkX `label_propagation_communities`).

use rayon::prelude::*;

use super::moving::{Mover, Sweeper, renumber, shuffled};
use super::scratch::{PerThread, Scratch};
use crate::error::{Error, Result};
use crate::{Adjacency, Exec, Graph, Partition};

/// Options of [`asyn_lpa`]; defaults are NetworkX's `asyn_lpa_communities`.
#[derive(Debug, Clone)]
pub struct AsynLpaConfig {
    weighted: bool,
    max_sweeps: u32,
}

impl Default for AsynLpaConfig {
    fn default() -> Self {
        Self {
            weighted: false,
            max_sweeps: 100,
        }
    }
}

impl AsynLpaConfig {
    /// Count neighbour labels by edge weight (default `false`: NetworkX
    /// `weight=None`).
    #[must_use]
    pub fn weighted(mut self, on: bool) -> Self {
        self.weighted = on;
        self
    }
    /// Give up after this many sweeps over the nodes (default 100; NetworkX
    /// has no limit). Labels found so far are returned.
    #[must_use]
    pub fn max_sweeps(mut self, sweeps: u32) -> Self {
        self.max_sweeps = sweeps;
        self
    }
}

/// Asynchronous label propagation: NetworkX `asyn_lpa_communities`, igraph
/// `community_label_propagation`, NetworKit `PLP`.
///
/// Every node starts with its own label; sweeps visit nodes in a fresh seeded
/// order, and a node whose label is not among the most frequent (or heaviest)
/// among its neighbours takes one of those, chosen at random; it stops when
/// every node holds a most frequent label. Directed graphs read
/// out-neighbours, as NetworkX does. Labels are numbered by smallest node.
///
/// **Determinism**: order and tie-breaks come from `exec`'s seed; the result
/// is identical for any thread count and storage. **Complexity** `O(m)` per
/// sweep, usually a handful of sweeps. **Parallelism**: decisions of a chunk
/// of nodes are computed in parallel from the state at its start and applied
/// in order (on small graphs, one node at a time: the sequential algorithm). **Errors**: cancellation.
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::community::{asyn_lpa, AsynLpaConfig};
/// let exec = Exec::sequential()?.seed(5);
/// // two 4-cliques joined by one edge
/// let (mut s, mut d) = (vec![], vec![]);
/// for base in [0, 4] { for i in 0..4 { for j in i + 1..4 { s.push(base + i); d.push(base + j); } } }
/// s.push(3); d.push(4);
/// let g = GraphBuilder::undirected().build(8, &s, &d, None, &exec)?;
/// let p = asyn_lpa(&g, &AsynLpaConfig::default(), &exec)?;
/// assert_eq!(p.0, vec![0, 0, 0, 0, 1, 1, 1, 1]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn asyn_lpa<A: Adjacency>(g: &Graph<A>, cfg: &AsynLpaConfig, exec: &Exec) -> Result<Partition> {
    // One entry into the pool: every parallel step below runs nested in it
    // instead of waking the workers from outside for each chunk.
    exec.install(|| asyn_lpa_in_pool(g, cfg, exec))
}

fn asyn_lpa_in_pool<A: Adjacency>(
    g: &Graph<A>,
    cfg: &AsynLpaConfig,
    exec: &Exec,
) -> Result<Partition> {
    let n = g.node_count();
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let mut labels: Vec<u32> = (0..n as u32).collect();
    let weighted = cfg.weighted && g.is_weighted();
    let lpa = Lpa {
        g,
        weighted,
        seed: exec.seed_value(),
    };
    let tracker = exec.tracker("label propagation", n as u64);
    let mut sweeper = Sweeper::new(n, n, exec);
    let order = |sweep: u32| std::borrow::Cow::Owned(shuffled(n, exec, u64::from(sweep)));
    sweeper.settle(&lpa, &mut labels, order, cfg.max_sweeps, exec, &tracker)?;
    Ok(Partition(renumber(&labels).0))
}

/// Asynchronous label propagation over out-neighbours.
struct Lpa<'a, A: Adjacency> {
    g: &'a Graph<A>,
    weighted: bool,
    seed: u64,
}

impl<A: Adjacency> Mover for Lpa<'_, A> {
    type State = Vec<u32>;
    fn n(&self) -> usize {
        self.g.node_count()
    }
    fn decide(&self, labels: &Vec<u32>, v: usize, s: &mut Scratch) -> u32 {
        #[allow(clippy::cast_possible_truncation)] // v < n <= MAX_NODES
        let vu = v as u32;
        if self.weighted {
            self.g
                .out_adj()
                .for_each_weighted(vu, |u, w| s.add(labels[u as usize], w));
        } else {
            self.g
                .out_adj()
                .for_each_neighbor(vu, |u| s.add(labels[u as usize], 1.0));
        }
        let own = labels[v];
        let best = s
            .touched()
            .iter()
            .map(|&l| s.get(l))
            .fold(f64::NEG_INFINITY, f64::max);
        let to = if s.touched().is_empty() || s.get(own) == best {
            own
        } else {
            let ties: Vec<u32> = s
                .touched()
                .iter()
                .copied()
                .filter(|&l| s.get(l) == best)
                .collect();
            let r = mix(self.seed, u64::from(labels[v]), v as u64);
            #[allow(clippy::cast_possible_truncation)] // reduced modulo a usize
            let pick = (r % ties.len() as u64) as usize;
            ties[pick]
        };
        s.clear();
        to
    }
    fn label(&self, labels: &Vec<u32>, v: usize) -> u32 {
        labels[v]
    }
    fn apply(&self, labels: &mut Vec<u32>, v: usize, to: u32) {
        labels[v] = to;
    }
    fn dependents(&self, v: usize, mut f: impl FnMut(usize)) {
        #[allow(clippy::cast_possible_truncation)] // v < n <= MAX_NODES
        self.g
            .in_adj()
            .for_each_neighbor(v as u32, |u| f(u as usize));
    }
}

/// SplitMix64 of three words: a tie-break that depends on (seed, current
/// label, node) only.
fn mix(a: u64, b: u64, c: u64) -> u64 {
    let mut z = a ^ b.rotate_left(21) ^ c.rotate_left(42) ^ 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
    }
    z
}

/// Options of [`label_propagation`] (NetworkX's takes none).
#[derive(Debug, Clone)]
pub struct LabelPropagationConfig {
    max_rounds: u32,
}

impl Default for LabelPropagationConfig {
    fn default() -> Self {
        Self { max_rounds: 1000 }
    }
}

impl LabelPropagationConfig {
    /// Give up after this many rounds over all colour classes (default 1000).
    #[must_use]
    pub fn max_rounds(mut self, rounds: u32) -> Self {
        self.max_rounds = rounds;
        self
    }
}

/// Semi-synchronous label propagation: NetworkX
/// `label_propagation_communities`, same result up to relabelling.
///
/// Nodes are coloured greedily (largest degree first, NetworkX
/// `greedy_color`); each round updates one colour class at a time, all its
/// nodes at once (they are pairwise non-adjacent). A node takes the most
/// frequent neighbour label, keeping its own on a tie if it is among the best,
/// else the largest tied label; it stops when every node with neighbours holds
/// a most frequent label. Unweighted, undirected only (as NetworkX).
///
/// **Determinism**: no randomness; identical for any thread count.
/// **Complexity** `O(m)` per round. **Parallelism**: within a colour class.
/// **Errors**: directed graphs (`Unsupported`), not converging within
/// `max_rounds` (`NotConverged`), cancellation.
///
/// Paper: Cordasco, Gargano, "Community detection via semi-synchronous label
/// propagation algorithms" (2010).
///
/// ```
/// use ona_core::{Exec, GraphBuilder};
/// use ona_core::algo::community::{label_propagation, LabelPropagationConfig};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let p = label_propagation(&g, &LabelPropagationConfig::default(), &exec)?;
/// assert_eq!(p.count(), 2);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn label_propagation<A: Adjacency>(
    g: &Graph<A>,
    cfg: &LabelPropagationConfig,
    exec: &Exec,
) -> Result<Partition> {
    // One entry into the pool: every parallel step below runs nested in it
    // instead of waking the workers from outside for each chunk.
    exec.install(|| label_propagation_in_pool(g, cfg, exec))
}

fn label_propagation_in_pool<A: Adjacency>(
    g: &Graph<A>,
    cfg: &LabelPropagationConfig,
    exec: &Exec,
) -> Result<Partition> {
    if g.is_directed() {
        return Err(Error::Unsupported {
            operation: "label_propagation",
            graph_kind: "directed",
        });
    }
    let n = g.node_count();
    let adj = g.out_adj();
    let classes = greedy_colour_classes(adj, n);
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let mut labels: Vec<u32> = (0..n as u32).collect();
    let scratch = PerThread::new(exec, n);
    let tracker = exec.tracker("label propagation", n as u64);
    for _ in 0..cfg.max_rounds {
        if complete(adj, &labels, &scratch, exec) {
            return Ok(Partition(renumber(&labels).0));
        }
        for class in &classes {
            let new: Vec<u32> = exec.install(|| {
                class
                    .par_iter()
                    .map(|&v| most_frequent(adj, &labels, v, &mut scratch.get()).0)
                    .collect()
            });
            for (&v, l) in class.iter().zip(new) {
                labels[v as usize] = l;
            }
            tracker.advance(class.len() as u64)?;
        }
    }
    Err(Error::NotConverged {
        algorithm: "label_propagation",
        iterations: cfg.max_rounds,
        tolerance: 0.0,
    })
}

/// `v`'s new label (NetworkX `_update_label`) and whether its current one is
/// already among the most frequent.
fn most_frequent<A: Adjacency>(adj: &A, labels: &[u32], v: u32, s: &mut Scratch) -> (u32, bool) {
    adj.for_each_neighbor(v, |u| s.add(labels[u as usize], 1.0));
    let own = labels[v as usize];
    if s.touched().is_empty() {
        return (own, true);
    }
    let best = s.touched().iter().map(|&l| s.get(l)).fold(0.0, f64::max);
    let result = if s.get(own) == best {
        (own, true)
    } else {
        (
            s.touched()
                .iter()
                .copied()
                .filter(|&l| s.get(l) == best)
                .max()
                .unwrap_or(own),
            false,
        )
    };
    s.clear();
    result
}

fn complete<A: Adjacency>(adj: &A, labels: &[u32], scratch: &PerThread, exec: &Exec) -> bool {
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let n = labels.len() as u32;
    exec.install(|| {
        (0..n)
            .into_par_iter()
            .all(|v| most_frequent(adj, labels, v, &mut scratch.get()).1)
    })
}

/// NetworkX `greedy_color(G, "largest_first")` as colour classes in colour order.
fn greedy_colour_classes<A: Adjacency>(adj: &A, n: usize) -> Vec<Vec<u32>> {
    #[allow(clippy::cast_possible_truncation)] // n <= MAX_NODES
    let mut order: Vec<u32> = (0..n as u32).collect();
    // NetworkX's degree counts a self loop twice; the sort is stable.
    let degree = |v: u32| {
        let mut d = adj.degree(v) as usize;
        if adj.any_neighbor(v, |u| u == v) {
            d += 1;
        }
        d
    };
    order.sort_by_key(|&v| std::cmp::Reverse(degree(v)));
    let mut colour = vec![u32::MAX; n];
    let mut used: Vec<u32> = Vec::new(); // used[c] == v+1 when colour c is taken next to v
    let mut classes: Vec<Vec<u32>> = Vec::new();
    for &v in &order {
        adj.for_each_neighbor(v, |u| {
            let c = colour[u as usize];
            if c != u32::MAX {
                let c = c as usize;
                if c >= used.len() {
                    used.resize(c + 1, 0);
                }
                used[c] = v + 1;
            }
        });
        let c = (0..)
            .find(|&c| used.get(c).is_none_or(|&x| x != v + 1))
            .unwrap_or(0);
        #[allow(clippy::cast_possible_truncation)] // at most n colours
        {
            colour[v as usize] = c as u32;
        }
        if c == classes.len() {
            classes.push(Vec::new());
        }
        classes[c].push(v);
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::community::testutil::{planted, threads};

    #[test]
    fn async_is_thread_independent_and_finds_planted_groups() {
        for directed in [false, true] {
            let run = |t: usize| {
                let exec = Exec::with_threads(t).expect("pool").seed(3);
                let g = planted(6400, 32, 16.0, 0.2, directed, &exec);
                asyn_lpa(&g, &AsynLpaConfig::default(), &exec).expect("lpa")
            };
            let one = run(1);
            for t in threads() {
                assert_eq!(run(t), one, "threads {t}");
            }
            let truth = Partition((0..6400).map(|v| v / 200).collect());
            let nmi =
                crate::algo::community::normalized_mutual_information(&one, &truth).expect("nmi");
            assert!(nmi > 0.95, "directed {directed}: nmi {nmi}");
        }
    }

    #[test]
    fn semi_synchronous_refuses_directed_and_is_thread_independent() {
        let exec = Exec::sequential().expect("pool").seed(4);
        let g = planted(500, 5, 8.0, 0.5, true, &exec);
        assert!(matches!(
            label_propagation(&g, &LabelPropagationConfig::default(), &exec),
            Err(Error::Unsupported { .. })
        ));
        let run = |t: usize| {
            let exec = Exec::with_threads(t).expect("pool").seed(4);
            let g = planted(6400, 32, 12.0, 0.4, false, &exec);
            label_propagation(&g, &LabelPropagationConfig::default(), &exec).expect("lpa")
        };
        let one = run(1);
        for t in threads() {
            assert_eq!(run(t), one);
        }
    }

    #[test]
    fn colouring_is_proper() {
        let exec = Exec::sequential().expect("pool").seed(1);
        let g = planted(400, 4, 10.0, 0.5, false, &exec);
        let classes = greedy_colour_classes(g.out_adj(), 400);
        let mut colour = vec![0; 400];
        for (c, class) in classes.iter().enumerate() {
            for &v in class {
                colour[v as usize] = c;
            }
        }
        for v in 0..400u32 {
            g.out_adj().for_each_neighbor(v, |u| {
                assert!(u == v || colour[u as usize] != colour[v as usize])
            });
        }
    }
}
