//! Simplification for visualization: the top-k backbone, the community
//! quotient graph, and both laid out, so a front end draws a few thousand
//! nodes instead of choking on fifty thousand.

use rustc_hash::FxHashMap;

use super::layout::{LayoutConfig, spring_layout};
use crate::algo::community::community_graph;
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Categorical, EdgeWeights, Graph, GraphBuilder, IdMap};
use crate::ids::NodeId;
use crate::scores::{Partition, Scores};

/// "Not kept".
const NONE: u32 = u32::MAX;

/// The subgraph induced by the highest-scoring nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Backbone {
    /// The kept nodes and every edge among them (weights, direction, self
    /// loops and categorical attributes kept), with the original external
    /// ids. Node `i` is original node `original[i]`.
    pub graph: Graph,
    /// Original node of each backbone node, ascending.
    pub original: Vec<NodeId>,
}

impl Backbone {
    /// Every edge of the backbone once, as `(u, v, weight)` in **original**
    /// node ids: arcs for a directed graph, `u <= v` for an undirected one
    /// (self loops once), weight 1 when unweighted; sorted by `(u, v)`.
    /// What a front end draws. `O(n + m)` of the backbone.
    ///
    /// ```
    /// use ona_core::{Exec, GraphBuilder, NodeId, Scores};
    /// use ona_core::ona::top_k_backbone;
    /// let exec = Exec::sequential()?;
    /// let g = GraphBuilder::undirected().build(4, &[0, 1, 2], &[1, 2, 3], None, &exec)?;
    /// let b = top_k_backbone(&g, &Scores(vec![0.1, 0.9, 0.8, 0.2]), 2, &exec)?;
    /// assert_eq!(b.edges(), vec![(NodeId(1), NodeId(2), 1.0)]);
    /// # Ok::<(), ona_core::Error>(())
    /// ```
    pub fn edges(&self) -> Vec<(NodeId, NodeId, f64)> {
        edge_list(&self.graph).into_iter().map(|(u, v, w)| (self.original[u.index()], self.original[v.index()], w)).collect()
    }
}

/// Every edge of `g` once: arcs when directed, `u <= v` when undirected
/// (self loops once); sorted by `(u, v)` since adjacency lists are.
fn edge_list<A: Adjacency>(g: &Graph<A>) -> Vec<(NodeId, NodeId, f64)> {
    let directed = g.is_directed();
    let mut out = Vec::with_capacity(usize::try_from(g.edge_count()).unwrap_or(0));
    for v in (0u32..).take(g.node_count()) {
        g.out_adj().for_each_weighted(v, |u, w| {
            if directed || u >= v {
                out.push((NodeId(v), NodeId(u), w));
            }
        });
    }
    out
}

/// The top-`k` backbone: the `k` highest-scoring nodes (ties broken by lower
/// node index, NaN lowest, as [`Scores::top_k`]) and the edges among them.
///
/// Backbone nodes keep their original relative order, so integer external
/// ids stay sorted; `k >= n` keeps the whole graph. NetworkX:
/// `G.subgraph(sorted(top_k_nodes))`.
///
/// **Complexity** `O(n + Σ deg(kept))` plus the builder's sort of the kept
/// edges. **Errors**: scores of the wrong length, cancellation.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, Scores};
/// use ona_core::ona::top_k_backbone;
/// let exec = Exec::sequential()?;
/// // A path 0 - 1 - 2 - 3; keep the two best nodes.
/// let g = GraphBuilder::undirected().build_u64(&[], &[10, 20, 30], &[20, 30, 40], None, &exec)?;
/// let b = top_k_backbone(&g, &Scores(vec![0.1, 0.9, 0.8, 0.2]), 2, &exec)?;
/// assert_eq!(b.original.iter().map(|v| v.0).collect::<Vec<_>>(), vec![1, 2]);
/// assert_eq!(b.graph.edge_count(), 1);
/// assert_eq!(b.graph.ids().lookup_u64(30).map(|v| v.0), Some(1));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn top_k_backbone<A: Adjacency>(g: &Graph<A>, scores: &Scores, k: usize, exec: &Exec) -> Result<Backbone> {
    let n = g.node_count();
    if scores.len() != n {
        return Err(Error::LengthMismatch { what: "scores", expected: n as u64, found: scores.len() as u64 });
    }
    exec.check()?;
    let mut original: Vec<NodeId> = scores.top_k(k).into_iter().map(|(v, _)| v).collect();
    original.sort_unstable();
    let mut new = vec![NONE; n];
    for (i, v) in original.iter().enumerate() {
        new[v.index()] = u32::try_from(i).unwrap_or(NONE);
    }
    let directed = g.is_directed();
    let weighted = g.is_weighted();
    let (mut src, mut dst, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for (i, &v) in original.iter().enumerate() {
        let a = new[v.index()];
        g.out_adj().for_each_weighted(v.0, |u, x| {
            let b = new[u as usize];
            if b != NONE && (directed || u >= v.0) {
                src.push(a);
                dst.push(b);
                w.push(x);
            }
        });
        if i % 4096 == 0 {
            exec.check()?;
        }
    }
    let weights = weighted.then_some(EdgeWeights::F64(&w));
    let mut graph = GraphBuilder::with_direction(directed).build(original.len(), &src, &dst, weights, exec)?;
    let ids = match g.ids() {
        IdMap::Dense(_) => IdMap::U64(original.iter().map(|v| u64::from(v.0)).collect()),
        IdMap::U64(ids) => IdMap::U64(original.iter().map(|v| ids[v.index()]).collect()),
        IdMap::Str { names, .. } => IdMap::from_names(original.iter().map(|v| names[v.index()].clone()).collect()),
    };
    graph.set_ids(ids)?;
    for (name, column) in g.attributes().iter() {
        let codes = original.iter().map(|v| column.codes()[v.index()]).collect();
        graph.set_categorical(name, Categorical::from_codes(column.dictionary().to_vec(), codes)?)?;
    }
    Ok(Backbone { graph, original })
}

/// A partition's community graph with the numbers a front end labels it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Quotient {
    /// The community graph of
    /// [`community_graph`](crate::algo::community::community_graph): node
    /// `c` is community `c`, the weight between two communities sums the
    /// edges between them (1 per unweighted edge), and a self loop carries
    /// the weight inside.
    pub graph: Graph,
    /// Community (quotient node) of each original node.
    pub community: Partition,
    /// The input partition's label of each community.
    pub labels: Vec<u32>,
    /// Members of each community.
    pub sizes: Vec<u64>,
    /// Weight of the edges with both ends in each community.
    pub intra_weight: Vec<f64>,
    /// Weight of the edges with exactly one end in each community (both
    /// directions for a directed graph).
    pub inter_weight: Vec<f64>,
}

impl Quotient {
    /// Every edge of the quotient graph once, as `(c, d, weight)` over
    /// community indices (`c <= d` when undirected; a self loop carries the
    /// weight inside `c`); sorted. `O(c + q)` for `q` quotient edges.
    pub fn edges(&self) -> Vec<(u32, u32, f64)> {
        edge_list(&self.graph).into_iter().map(|(c, d, w)| (c.0, d.0, w)).collect()
    }
}

/// The community quotient graph of `partition` (any `u32` labels; renumbered
/// `0..c` by smallest member), with community sizes and intra- and
/// inter-community weights. NetworkX: `quotient_graph(G, communities,
/// relabel=True)` with summed weights.
///
/// **Complexity** `O(n + m)` plus the builder's sort. **Errors**: a
/// partition of the wrong length, cancellation.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, Partition};
/// use ona_core::ona::community_quotient;
/// let exec = Exec::sequential()?;
/// // Two triangles joined by the edge 2 - 3.
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let q = community_quotient(&g, &Partition(vec![7, 7, 7, 4, 4, 4]), &exec)?;
/// assert_eq!(q.labels, vec![7, 4]);
/// assert_eq!(q.sizes, vec![3, 3]);
/// assert_eq!((q.intra_weight, q.inter_weight), (vec![3.0, 3.0], vec![1.0, 1.0]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn community_quotient<A: Adjacency>(g: &Graph<A>, partition: &Partition, exec: &Exec) -> Result<Quotient> {
    let graph = community_graph(g, partition, exec)?;
    // The same numbering as `community_graph`: labels by first appearance.
    let mut index: FxHashMap<u32, u32> = FxHashMap::default();
    let mut labels = Vec::new();
    let community: Vec<u32> = partition
        .iter()
        .map(|&l| {
            *index.entry(l).or_insert_with(|| {
                labels.push(l);
                u32::try_from(labels.len() - 1).unwrap_or(NONE)
            })
        })
        .collect();
    let c = labels.len();
    let mut sizes = vec![0u64; c];
    for &x in &community {
        sizes[x as usize] += 1;
    }
    let (mut intra, mut inter) = (vec![0.0; c], vec![0.0; c]);
    for (x, (ia, ie)) in (0u32..).zip(intra.iter_mut().zip(inter.iter_mut())) {
        graph.out_adj().for_each_weighted(x, |y, w| if y == x { *ia += w } else { *ie += w });
        if graph.is_directed() {
            graph.in_adj().for_each_weighted(x, |y, w| {
                if y != x {
                    *ie += w;
                }
            });
        }
    }
    Ok(Quotient { graph, community: Partition(community), labels, sizes, intra_weight: intra, inter_weight: inter })
}

/// Configuration of [`simplify_for_view`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ViewConfig {
    /// Nodes kept in the backbone (default 5,000).
    pub max_nodes: usize,
    /// How both graphs are laid out.
    pub layout: LayoutConfig,
}

impl Default for ViewConfig {
    fn default() -> Self {
        Self { max_nodes: 5000, layout: LayoutConfig::default() }
    }
}

impl ViewConfig {
    /// Set [`ViewConfig::max_nodes`].
    #[must_use]
    pub fn max_nodes(mut self, max_nodes: usize) -> Self {
        self.max_nodes = max_nodes;
        self
    }
    /// Set [`ViewConfig::layout`].
    #[must_use]
    pub fn layout(mut self, layout: LayoutConfig) -> Self {
        self.layout = layout;
        self
    }
}

/// Everything a front end needs to draw a large graph: the backbone and the
/// community quotient, each with coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The top-[`ViewConfig::max_nodes`] backbone.
    pub backbone: Backbone,
    /// Coordinates of the backbone's nodes, in `[-1, 1]`.
    pub backbone_layout: Vec<[f64; 2]>,
    /// Community (quotient node) of each backbone node; empty without a
    /// partition.
    pub backbone_community: Vec<u32>,
    /// The community quotient graph, if a partition was given.
    pub quotient: Option<Quotient>,
    /// Coordinates of the quotient's nodes, in `[-1, 1]`; empty without a
    /// partition.
    pub quotient_layout: Vec<[f64; 2]>,
}

/// The backbone of the `max_nodes` best-scoring nodes and, given a
/// partition, its community quotient, both laid out by [`spring_layout`]
/// with the seed of `exec` ([`Exec::seed`]).
///
/// The quotient has a node per community, however many there are; the
/// backbone's [`View::backbone_community`] colours backbone nodes by it.
///
/// **Complexity** that of [`top_k_backbone`], [`community_quotient`] and
/// two layouts of at most `max_nodes` and `c` nodes. **Determinism**: the
/// same seed gives bitwise the same view on any thread count. **Errors**:
/// scores or partition of the wrong length, a layout parameter out of its
/// domain, cancellation.
///
/// ```
/// use ona_core::{Exec, GraphBuilder, Partition, Scores};
/// use ona_core::ona::{ViewConfig, simplify_for_view};
/// let exec = Exec::sequential()?.seed(1);
/// let g = GraphBuilder::undirected().build(6, &[0, 0, 1, 3, 3, 4, 2], &[1, 2, 2, 4, 5, 5, 3], None, &exec)?;
/// let scores = Scores(vec![1.0, 1.0, 3.0, 3.0, 1.0, 2.0]);
/// let view = simplify_for_view(&g, &scores, Some(&Partition(vec![0, 0, 0, 1, 1, 1])), &ViewConfig::default().max_nodes(3), &exec)?;
/// assert_eq!(view.backbone.original.iter().map(|v| v.0).collect::<Vec<_>>(), vec![2, 3, 5]);
/// assert_eq!(view.backbone_community, vec![0, 1, 1]);
/// assert_eq!((view.backbone_layout.len(), view.quotient_layout.len()), (3, 2));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn simplify_for_view<A: Adjacency>(
    g: &Graph<A>,
    scores: &Scores,
    partition: Option<&Partition>,
    cfg: &ViewConfig,
    exec: &Exec,
) -> Result<View> {
    let backbone = top_k_backbone(g, scores, cfg.max_nodes, exec)?;
    let quotient = partition.map(|p| community_quotient(g, p, exec)).transpose()?;
    let backbone_layout = spring_layout(&backbone.graph, &cfg.layout, exec)?;
    let (quotient_layout, backbone_community) = match &quotient {
        Some(q) => (
            spring_layout(&q.graph, &cfg.layout, exec)?,
            backbone.original.iter().map(|v| q.community[v.index()]).collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(View { backbone, backbone_layout, backbone_community, quotient, quotient_layout })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec(threads: usize, seed: u64) -> Exec {
        Exec::with_threads(threads).expect("pool").seed(seed)
    }

    /// A pseudo-random graph with duplicate-free edges and a few self loops.
    fn graph(directed: bool, n: u32, m: u32, e: &Exec) -> Graph {
        let src: Vec<u32> = (0..m).map(|i| i.wrapping_mul(7919) % n).collect();
        let dst: Vec<u32> = (0..m).map(|i| (i.wrapping_mul(104_729) + 13) % n).collect();
        let w: Vec<f64> = (0..m).map(|i| f64::from(i % 7) + 0.5).collect();
        GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, Some(EdgeWeights::F64(&w)), e).expect("g")
    }

    /// All arcs `(u, v, w)` of `g`, sorted.
    fn arcs(g: &Graph) -> Vec<(u32, u32, u64)> {
        let mut out = Vec::new();
        for v in 0..u32::try_from(g.node_count()).expect("n") {
            g.out_adj().for_each_weighted(v, |u, w| out.push((v, u, w.to_bits())));
        }
        out.sort_unstable();
        out
    }

    #[test]
    fn backbone_is_top_k_with_index_ties() {
        let e = exec(1, 0);
        let g = graph(false, 10, 20, &e);
        // Ties at 5.0 between nodes 1, 4, 8: the lower indices win.
        let s = Scores(vec![1.0, 5.0, f64::NAN, 2.0, 5.0, 9.0, 0.0, 3.0, 5.0, 5.0]);
        let b = top_k_backbone(&g, &s, 4, &e).expect("b");
        assert_eq!(b.original, vec![NodeId(1), NodeId(4), NodeId(5), NodeId(8)]);
        assert_eq!(top_k_backbone(&g, &s, 0, &e).expect("b").graph.node_count(), 0);
        assert_eq!(top_k_backbone(&g, &s, 99, &e).expect("b").original.len(), 10);
        // NaN ranks last.
        assert_eq!(top_k_backbone(&g, &s, 9, &e).expect("b").original.iter().find(|v| v.0 == 2), None);
    }

    #[test]
    fn backbone_edges_are_the_induced_subgraph() {
        let e = exec(2, 0);
        for directed in [false, true] {
            let g = graph(directed, 60, 400, &e);
            let s = Scores((0..60u32).map(|i| f64::from((i * 37) % 11)).collect());
            for k in [0, 1, 7, 30, 60] {
                let b = top_k_backbone(&g, &s, k, &e).expect("b");
                assert_eq!(b.graph.is_directed(), directed);
                // Brute force over every pair of kept nodes.
                let mut want = Vec::new();
                for (i, &a) in b.original.iter().enumerate() {
                    for (j, &c) in b.original.iter().enumerate() {
                        g.out_adj().for_each_weighted(a.0, |u, w| {
                            if u == c.0 {
                                want.push((u32::try_from(i).expect("i"), u32::try_from(j).expect("j"), w.to_bits()));
                            }
                        });
                    }
                }
                want.sort_unstable();
                assert_eq!(arcs(&b.graph), want, "directed {directed} k {k}");
                let loops = b.original.iter().filter(|v| {
                    let mut l = false;
                    g.out_adj().for_each_neighbor(v.0, |u| l |= u == v.0);
                    l
                });
                assert_eq!(b.graph.self_loop_count(), loops.count() as u64);
            }
        }
    }

    #[test]
    fn edge_lists_match_the_arcs() {
        let e = exec(1, 0);
        for directed in [false, true] {
            let g = graph(directed, 50, 300, &e);
            let s = Scores((0..50u32).map(|i| f64::from((i * 13) % 17)).collect());
            let b = top_k_backbone(&g, &s, 20, &e).expect("b");
            let edges = b.edges();
            assert_eq!(edges.len() as u64, b.graph.edge_count());
            // Each listed edge is an arc of the original graph with its weight.
            for &(u, v, w) in &edges {
                let mut found = None;
                g.out_adj().for_each_weighted(u.0, |x, y| {
                    if x == v.0 {
                        found = Some(y);
                    }
                });
                assert_eq!(found, Some(w), "{u:?} {v:?}");
                assert!(directed || u <= v);
            }
            let q = community_quotient(&g, &Partition((0..50u32).map(|i| i % 4).collect()), &e).expect("q");
            let qe = q.edges();
            assert_eq!(qe.len() as u64, q.graph.edge_count());
            let total: f64 = qe.iter().map(|x| x.2).sum();
            let want: f64 = q.intra_weight.iter().sum::<f64>() + q.inter_weight.iter().sum::<f64>() / 2.0;
            assert!((total - want).abs() < 1e-9, "{total} {want}");
        }
    }

    #[test]
    fn backbone_keeps_ids_and_attributes() {
        let e = exec(1, 0);
        let g = GraphBuilder::undirected().build_str(&["ann", "bob", "cy", "di"], &["ann", "bob"], &["bob", "di"], None, &e);
        let mut g = g.expect("g");
        let dept = Categorical::from_values(&[Some("hr"), None, Some("it"), Some("hr")]).expect("c");
        g.set_categorical("dept", dept).expect("attr");
        let b = top_k_backbone(&g, &Scores(vec![3.0, 2.0, 0.0, 1.0]), 3, &e).expect("b");
        assert_eq!(b.graph.ids().lookup_str("di"), Some(NodeId(2)));
        assert_eq!(b.graph.ids().lookup_str("cy"), None);
        let col = b.graph.attributes().get("dept").expect("dept");
        assert_eq!((0..3).map(|v| col.value(NodeId(v))).collect::<Vec<_>>(), vec![Some("hr"), None, Some("hr")]);
        assert!(!b.graph.is_weighted());
        assert_eq!(b.graph.edge_count(), 2);
    }

    #[test]
    fn quotient_sizes_and_weights() {
        let e = exec(1, 0);
        for directed in [false, true] {
            let g = graph(directed, 40, 200, &e);
            let p = Partition((0..40u32).map(|i| 100 - (i % 5)).collect());
            let q = community_quotient(&g, &p, &e).expect("q");
            assert_eq!(q.labels, vec![100, 99, 98, 97, 96]);
            assert_eq!(q.sizes, vec![8; 5]);
            // Brute force over the original edges.
            let (mut intra, mut inter) = (vec![0.0; 5], vec![0.0; 5]);
            for v in 0..40u32 {
                g.out_adj().for_each_weighted(v, |u, w| {
                    let (a, b) = (q.community[v as usize] as usize, q.community[u as usize] as usize);
                    if !directed && u < v {
                        return;
                    }
                    if a == b {
                        intra[a] += w;
                    } else {
                        inter[a] += w;
                        inter[b] += w;
                    }
                });
            }
            let close = |x: &[f64], y: &[f64]| x.iter().zip(y).all(|(a, b)| (a - b).abs() < 1e-9);
            assert!(close(&q.intra_weight, &intra), "{:?} {:?}", q.intra_weight, intra);
            assert!(close(&q.inter_weight, &inter), "{:?} {:?}", q.inter_weight, inter);
        }
        let g = graph(false, 4, 3, &e);
        let bad = community_quotient(&g, &Partition(vec![0; 3]), &e);
        assert!(matches!(bad, Err(Error::LengthMismatch { .. })));
    }

    #[test]
    fn view_is_deterministic_and_cancellable() {
        let g = graph(false, 3000, 12_000, &exec(1, 0));
        let s = Scores((0..3000u32).map(|i| f64::from((i * 31) % 97)).collect());
        let p = Partition((0..3000u32).map(|i| i % 13).collect());
        let cfg = ViewConfig::default().max_nodes(500).layout(LayoutConfig::default().iterations(10));
        let a = simplify_for_view(&g, &s, Some(&p), &cfg, &exec(1, 9)).expect("v");
        let b = simplify_for_view(&g, &s, Some(&p), &cfg, &exec(4, 9)).expect("v");
        assert_eq!(a, b);
        assert_eq!((a.backbone.graph.node_count(), a.quotient_layout.len()), (500, 13));
        assert!(a.backbone_layout.iter().chain(&a.quotient_layout).flatten().all(|c| (-1.0..=1.0).contains(c)));
        let none = simplify_for_view(&g, &s, None, &cfg, &exec(1, 9)).expect("v");
        assert_eq!(none.backbone_layout, a.backbone_layout);
        assert!(none.quotient.is_none() && none.quotient_layout.is_empty() && none.backbone_community.is_empty());
        let c = exec(2, 9);
        c.token().cancel();
        assert_eq!(simplify_for_view(&g, &s, Some(&p), &cfg, &c), Err(Error::Cancelled));
        assert_eq!(top_k_backbone(&g, &s, 10, &c).map(|_| ()), Err(Error::Cancelled));
        let short = top_k_backbone(&g, &Scores(vec![1.0]), 1, &exec(1, 0));
        assert!(matches!(short, Err(Error::LengthMismatch { what: "scores", .. })));
    }
}
