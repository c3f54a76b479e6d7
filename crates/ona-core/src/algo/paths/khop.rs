//! k-hop neighbourhoods and ego graphs.

use super::bfs::{Direction, UNREACHABLE, hop_limit, node_range, top_down};
use super::shortest_path::{Dijkstra, check_weights};
use crate::error::{Error, Result};
use crate::exec::Exec;
use crate::graph::{Adjacency, Categorical, Csr, Graph, IdMap, Weights};
use crate::ids::NodeId;

/// Configuration of [`k_hop`].
#[derive(Debug, Clone, Default)]
pub struct KHopConfig {
    direction: Direction,
}

impl KHopConfig {
    /// Which arcs to follow (default [`Direction::Out`]).
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
}

/// The nodes within `k` hops of `v`, with their distance, in BFS order (`v`
/// first, then level by level, neighbours ascending).
///
/// NetworkX: `nx.single_source_shortest_path_length(G, v, cutoff=k)` (same
/// order when NetworkX's adjacency is in ascending order).
///
/// Complexity `O(n + m)` worst case, `O(n)` memory; sequential.
///
/// Errors: [`Error::NodeOutOfRange`]; cancellation / deadline of `exec`.
///
/// ```
/// use ona_core::{algo::paths::{k_hop, KHopConfig}, Exec, GraphBuilder, NodeId};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(4, &[0, 1, 2], &[1, 2, 3], None, &exec)?;
/// let near = k_hop(&g, NodeId(1), 1, &KHopConfig::default(), &exec)?;
/// assert_eq!(near, vec![(NodeId(1), 0), (NodeId(0), 1), (NodeId(2), 1)]);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn k_hop<A: Adjacency>(g: &Graph<A>, v: NodeId, k: u32, cfg: &KHopConfig, exec: &Exec) -> Result<Vec<(NodeId, u32)>> {
    g.check_node(v)?;
    let mut dist = vec![UNREACHABLE; g.node_count()];
    let mut order = Vec::new();
    top_down(g, v.0, cfg.direction, k, &mut dist, &mut order, exec)?;
    Ok(order.into_iter().map(|u| (NodeId(u), dist[u as usize])).collect())
}

/// Configuration of [`ego_graph`].
#[derive(Debug, Clone)]
pub struct EgoConfig {
    radius: f64,
    center: bool,
    direction: Direction,
    weighted: bool,
}

impl Default for EgoConfig {
    /// NetworkX's defaults: `radius=1, center=True, undirected=False, distance=None`.
    fn default() -> Self {
        Self { radius: 1.0, center: true, direction: Direction::Out, weighted: false }
    }
}

impl EgoConfig {
    /// Include nodes within this distance (default 1). Unweighted, a fractional
    /// radius `r` reaches `ceil(r)` hops, as NetworkX's level loop does.
    #[must_use]
    pub fn radius(mut self, r: f64) -> Self {
        self.radius = r;
        self
    }
    /// Keep the centre node (default `true`).
    #[must_use]
    pub fn center(mut self, yes: bool) -> Self {
        self.center = yes;
        self
    }
    /// Which arcs the distances follow (default [`Direction::Out`];
    /// [`Direction::Both`] is NetworkX `undirected=True`). The subgraph keeps
    /// the original direction either way.
    #[must_use]
    pub fn direction(mut self, d: Direction) -> Self {
        self.direction = d;
        self
    }
    /// Measure the radius in edge weights, by Dijkstra (NetworkX
    /// `distance="weight"`); default `false`.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
}

/// An induced subgraph and where its nodes came from.
#[derive(Debug, Clone)]
pub struct EgoGraph {
    /// The subgraph, with the original external ids, weights (kept as `f64`)
    /// and categorical attributes of its nodes.
    pub graph: Graph<Csr>,
    /// `nodes[i]` is the original node of subgraph node `i` (ascending).
    pub nodes: Vec<NodeId>,
}

/// The subgraph induced by the nodes within `radius` of `v`.
///
/// NetworkX: `nx.ego_graph(G, v, radius, center, undirected, distance)`.
/// Subgraph nodes are numbered in ascending original order. With
/// [`Direction::Both`] and weights, an edge present in both directions counts
/// with its smaller weight (NetworkX's `to_undirected` keeps an arbitrary one).
///
/// Complexity `O(n + m)` (unweighted) or `O(m log m)` (weighted) for the
/// search, plus the arcs of the kept nodes; sequential.
///
/// Errors: [`Error::NodeOutOfRange`]; [`Error::InvalidParameter`] for a NaN or
/// negative radius; [`Error::InvalidWeight`] (weighted) for a negative weight.
///
/// ```
/// use ona_core::{algo::paths::{ego_graph, EgoConfig}, Exec, GraphBuilder, IdMap, NodeId};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build_u64(&[], &[10, 20, 30], &[20, 30, 40], None, &exec)?;
/// let ego = ego_graph(&g, NodeId(1), &EgoConfig::default(), &exec)?; // around id 20
/// assert_eq!(ego.nodes, vec![NodeId(0), NodeId(1), NodeId(2)]);
/// assert_eq!(ego.graph.edge_count(), 2);
/// assert_eq!(ego.graph.ids(), &IdMap::U64(vec![10, 20, 30]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn ego_graph<A: Adjacency>(g: &Graph<A>, v: NodeId, cfg: &EgoConfig, exec: &Exec) -> Result<EgoGraph> {
    g.check_node(v)?;
    if cfg.radius.is_nan() || cfg.radius < 0.0 {
        return Err(Error::invalid_param("radius", cfg.radius, "a non-negative number"));
    }
    let n = g.node_count();
    let mut kept: Vec<u32> = Vec::new();
    if cfg.weighted {
        check_weights(g)?;
        Dijkstra::new(n).run(g, cfg.direction, v.0, cfg.radius, None, exec, |u, _, _| kept.push(u))?;
    } else {
        let hops = hop_limit(cfg.radius);
        let mut dist = vec![UNREACHABLE; n];
        top_down(g, v.0, cfg.direction, hops, &mut dist, &mut kept, exec)?;
    }
    if !cfg.center {
        kept.retain(|&u| u != v.0);
    }
    kept.sort_unstable();
    let graph = induced(g, &kept)?;
    Ok(EgoGraph { graph, nodes: kept.into_iter().map(NodeId).collect() })
}

/// The subgraph induced by `kept` (ascending, distinct), keeping ids,
/// weights and attributes.
fn induced<A: Adjacency>(g: &Graph<A>, kept: &[u32]) -> Result<Graph<Csr>> {
    let mut map = vec![UNREACHABLE; g.node_count()];
    for (i, &v) in node_range(kept.len()).zip(kept) {
        map[v as usize] = i;
    }
    let restrict = |adj: &A| -> Csr {
        let mut offsets = Vec::with_capacity(kept.len() + 1);
        offsets.push(0u64);
        let (mut targets, mut weights) = (Vec::new(), Vec::new());
        for &v in kept {
            // `map` is increasing, so each list stays sorted.
            adj.for_each_weighted(v, |u, w| {
                if map[u as usize] != UNREACHABLE {
                    targets.push(map[u as usize]);
                    weights.push(w);
                }
            });
            offsets.push(targets.len() as u64);
        }
        let weights = adj.is_weighted().then_some(Weights::F64(weights));
        Csr { offsets, targets, weights }
    };
    let out = restrict(g.out_adj());
    let inc = g.is_directed().then(|| restrict(g.in_adj()));
    let self_loops = node_range(kept.len()).filter(|&i| out.list(i).binary_search(&i).is_ok()).count() as u64;
    let ids = match g.ids() {
        IdMap::Dense(_) => IdMap::U64(kept.iter().map(|&v| u64::from(v)).collect()),
        IdMap::U64(ids) => IdMap::U64(kept.iter().map(|&v| ids[v as usize]).collect()),
        IdMap::Str { names, .. } => IdMap::from_names(kept.iter().map(|&v| names[v as usize].clone()).collect()),
    };
    let mut sub = Graph::from_parts(g.is_directed(), out, inc, self_loops, ids);
    let attrs = g.attributes();
    for name in attrs.names() {
        if let Some(col) = attrs.get(name) {
            let codes = kept.iter().map(|&v| col.codes()[v as usize]).collect();
            sub.set_categorical(name, Categorical::from_codes(col.dictionary().to_vec(), codes)?)?;
        }
    }
    Ok(sub)
}

#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::paths::test_util::{arb_graph, floyd_warshall, graph_from, kite};
    use crate::graph::{EdgeWeights, GraphBuilder};
    use proptest::prelude::*;

    fn nodes(v: &[u32]) -> Vec<NodeId> {
        v.iter().map(|&x| NodeId(x)).collect()
    }

    /// Edges `(u, v, w)` of `g`, each undirected edge once.
    fn edges(g: &Graph) -> Vec<(u32, u32, f64)> {
        let mut out = Vec::new();
        for v in 0..g.node_count() as u32 {
            g.out_adj().for_each_weighted(v, |u, w| {
                if g.is_directed() || v <= u {
                    out.push((v, u, w));
                }
            });
        }
        out
    }

    #[test]
    fn networkx_k_hop_on_kite() {
        let exec = Exec::sequential().unwrap();
        let g = kite();
        let cfg = KHopConfig::default();
        // dict(nx.single_source_shortest_path_length(K, 3, cutoff=2)), K as in test_util::kite
        let got = k_hop(&g, NodeId(3), 2, &cfg, &exec).unwrap();
        let want: Vec<(NodeId, u32)> = [(3, 0), (0, 1), (1, 1), (2, 1), (4, 1), (5, 1), (6, 1), (7, 2)].iter().map(|&(v, d)| (NodeId(v), d)).collect();
        assert_eq!(got, want);
        // dict(nx.single_source_shortest_path_length(K, 9, cutoff=2))
        let got = k_hop(&g, NodeId(9), 2, &cfg, &exec).unwrap();
        assert_eq!(got, vec![(NodeId(9), 0), (NodeId(8), 1), (NodeId(7), 2)]);
        assert_eq!(k_hop(&g, NodeId(9), 0, &cfg, &exec).unwrap(), vec![(NodeId(9), 0)]);
        assert_eq!(k_hop(&g, NodeId(10), 1, &cfg, &exec).unwrap_err().kind(), crate::error::ErrorKind::NodeOutOfRange);
    }

    #[test]
    fn networkx_ego_on_kite() {
        let exec = Exec::sequential().unwrap();
        let g = kite();
        // sorted(nx.ego_graph(K, 7, radius=1).edges())
        let ego = ego_graph(&g, NodeId(7), &EgoConfig::default(), &exec).unwrap();
        assert_eq!(ego.nodes, nodes(&[5, 6, 7, 8]));
        let e: Vec<(u32, u32)> = edges(&ego.graph).iter().map(|&(a, b, _)| (ego.nodes[a as usize].0, ego.nodes[b as usize].0)).collect();
        assert_eq!(e, vec![(5, 6), (5, 7), (6, 7), (7, 8)]);
        assert_eq!(ego.graph.ids(), &IdMap::U64(vec![5, 6, 7, 8]));
        // nx.ego_graph(K, 7, radius=2, center=False): 9 nodes, 15 edges
        let ego = ego_graph(&g, NodeId(7), &EgoConfig::default().radius(2.0).center(false), &exec).unwrap();
        assert_eq!(ego.nodes, nodes(&[0, 1, 2, 3, 4, 5, 6, 8, 9]));
        assert_eq!(ego.graph.edge_count(), 15);
    }

    #[test]
    fn networkx_ego_on_digraph() {
        let exec = Exec::sequential().unwrap();
        let g = graph_from(true, 7, &[(0, 1, 2), (0, 2, 1), (1, 2, 1), (1, 3, 4), (2, 0, 3), (2, 3, 1), (3, 4, 2), (5, 3, 1), (4, 1, 5)]);
        let ext = |ego: &EgoGraph| -> Vec<(u32, u32, f64)> {
            edges(&ego.graph).into_iter().map(|(a, b, w)| (ego.nodes[a as usize].0, ego.nodes[b as usize].0, w)).collect()
        };
        // sorted(nx.ego_graph(D, 3, radius=1, undirected=True).edges(data="weight"))
        let ego = ego_graph(&g, NodeId(3), &EgoConfig::default().direction(Direction::Both), &exec).unwrap();
        assert_eq!(ego.nodes, nodes(&[1, 2, 3, 4, 5]));
        assert_eq!(ext(&ego), vec![(1, 2, 1.0), (1, 3, 4.0), (2, 3, 1.0), (3, 4, 2.0), (4, 1, 5.0), (5, 3, 1.0)]);
        assert!(ego.graph.is_directed());
        // sorted(nx.ego_graph(D, 0, radius=2, distance="weight").edges(data="weight"))
        let ego = ego_graph(&g, NodeId(0), &EgoConfig::default().radius(2.0).weighted(true), &exec).unwrap();
        assert_eq!(ego.nodes, nodes(&[0, 1, 2, 3]));
        assert_eq!(ext(&ego), vec![(0, 1, 2.0), (0, 2, 1.0), (1, 2, 1.0), (1, 3, 4.0), (2, 0, 3.0), (2, 3, 1.0)]);
        // sorted(nx.ego_graph(D, 0, radius=1.5)): NetworkX's level loop reaches 2 hops
        let ego = ego_graph(&g, NodeId(0), &EgoConfig::default().radius(1.5), &exec).unwrap();
        assert_eq!(ego.nodes, nodes(&[0, 1, 2, 3]));
        // The in-adjacency is the subgraph's too.
        let mut preds = Vec::new();
        ego.graph.in_adj().for_each_neighbor(3, |u| preds.push(u));
        assert_eq!(preds, vec![1, 2]);
    }

    #[test]
    fn ego_keeps_string_ids_and_attributes() {
        let exec = Exec::sequential().unwrap();
        let w = [1.5f32, 2.5, 3.5];
        let mut g = GraphBuilder::undirected()
            .build_str(&["ann", "bob", "cy", "dee", "eve"], &["ann", "bob", "cy"], &["bob", "cy", "dee"], Some(EdgeWeights::F32(&w)), &exec)
            .unwrap();
        let dept = Categorical::from_values(&[Some("hr"), Some("it"), None, Some("it"), Some("ops")]).unwrap();
        g.set_categorical("dept", dept).unwrap();
        let ego = ego_graph(&g, NodeId(2), &EgoConfig::default(), &exec).unwrap(); // around "cy"
        assert_eq!(ego.nodes, nodes(&[1, 2, 3]));
        let names: Vec<String> = (0..3).map(|i| ego.graph.ids().external(NodeId(i)).unwrap().to_string()).collect();
        assert_eq!(names, ["bob", "cy", "dee"]);
        assert_eq!(ego.graph.ids().lookup_str("dee"), Some(NodeId(2)));
        assert_eq!(edges(&ego.graph), vec![(0, 1, 2.5), (1, 2, 3.5)]);
        let col = ego.graph.attributes().get("dept").unwrap();
        assert_eq!((0..3).map(|i| col.value(NodeId(i))).collect::<Vec<_>>(), vec![Some("it"), None, Some("it")]);
    }

    #[test]
    fn ego_errors() {
        let exec = Exec::sequential().unwrap();
        let g = kite();
        for bad in [f64::NAN, -0.5] {
            let e = ego_graph(&g, NodeId(0), &EgoConfig::default().radius(bad), &exec).unwrap_err();
            assert_eq!(e.kind(), crate::error::ErrorKind::InvalidParameter);
        }
        assert_eq!(ego_graph(&g, NodeId(10), &EgoConfig::default(), &exec).unwrap_err().kind(), crate::error::ErrorKind::NodeOutOfRange);
        let all = ego_graph(&g, NodeId(0), &EgoConfig::default().radius(f64::INFINITY), &exec).unwrap();
        assert_eq!(all.graph.edge_count(), g.edge_count());
    }

    proptest! {
        #[test]
        fn ego_is_the_induced_ball((directed, n, edges_in) in arb_graph(10, 30, 3), v in 0u32..10, r in 0u32..4, weighted: bool) {
            let v = v % n as u32;
            let exec = Exec::sequential().unwrap();
            let g = graph_from(directed, n, &edges_in);
            let c = g.compress(&exec);
            for dir in [Direction::Out, Direction::In, Direction::Both] {
                let fw = floyd_warshall(&g, dir, weighted);
                let cfg = EgoConfig::default().radius(f64::from(r)).direction(dir).weighted(weighted);
                let ego = ego_graph(&g, NodeId(v), &cfg, &exec).unwrap();
                let ego_c = ego_graph(&c, NodeId(v), &cfg, &exec).unwrap();
                prop_assert_eq!(&ego.nodes, &ego_c.nodes);
                prop_assert_eq!(&ego.graph, &ego_c.graph);
                let want: Vec<NodeId> = (0..n as u32).filter(|&u| fw[v as usize][u as usize] <= f64::from(r)).map(NodeId).collect();
                prop_assert_eq!(&ego.nodes, &want);
                let sub: Vec<(u32, u32, f64)> = edges(&ego.graph).into_iter().map(|(a, b, w)| (want[a as usize].0, want[b as usize].0, w)).collect();
                let full: Vec<(u32, u32, f64)> = edges(&g).into_iter().filter(|&(a, b, _)| want.contains(&NodeId(a)) && want.contains(&NodeId(b))).collect();
                prop_assert_eq!(sub, full);
                prop_assert_eq!(ego.graph.self_loop_count(), want.iter().filter(|u| edges_in.iter().any(|e| e.0 == u.0 && e.1 == u.0)).count() as u64);
                if !weighted {
                    let hop = k_hop(&g, NodeId(v), r, &KHopConfig::default().direction(dir), &exec).unwrap();
                    let mut hn: Vec<NodeId> = hop.iter().map(|x| x.0).collect();
                    hn.sort();
                    prop_assert_eq!(&hn, &want);
                    for (u, d) in hop {
                        prop_assert_eq!(f64::from(d), fw[v as usize][u.index()]);
                    }
                }
            }
        }
    }
}
