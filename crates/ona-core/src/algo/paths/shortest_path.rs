//! Shortest paths: unweighted (BFS) and weighted (Dijkstra), single-source
//! with a predecessor tree, and source–target by bidirectional search, each
//! choosing among equally short paths exactly as NetworkX does.
//!
//! # Tie rule
//! Neighbours are scanned in ascending node order (NetworkX scans insertion
//! order; the two agree when edges were added in sorted order).
//! * Single-source BFS: a node's predecessor is the first node of the previous
//!   level (in visiting order) that reaches it, as in
//!   `nx.single_source_shortest_path`.
//! * Single-source Dijkstra: the heap is ordered by `(distance, push counter)`
//!   and a node's predecessor changes only on a strictly shorter tentative
//!   distance, as in `nx.single_source_dijkstra_path` (first entry of `pred`).
//! * [`shortest_path`] replays `nx.bidirectional_shortest_path` (unweighted:
//!   expand the smaller fringe, stop at the first meeting arc) and
//!   `nx.bidirectional_dijkstra` (weighted: alternate directions pop by pop),
//!   which is what `nx.shortest_path(G, s, t, weight)` calls.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::bfs::{Direction, UNREACHABLE, for_each_dir, for_each_weighted_dir, hop_limit};
use crate::error::{Error, Result, WeightProblem};
use crate::exec::Exec;
use crate::graph::{Adjacency, Graph};
use crate::ids::NodeId;

/// Configuration of the shortest-path functions.
#[derive(Debug, Clone, Default)]
pub struct ShortestPathConfig {
    weighted: bool,
    cutoff: Option<f64>,
}

impl ShortestPathConfig {
    /// Use edge weights as lengths (NetworkX `weight="weight"`); default
    /// `false` (every edge has length 1, NetworkX `weight=None`). An unweighted
    /// graph reads every weight as 1.
    #[must_use]
    pub fn weighted(mut self, yes: bool) -> Self {
        self.weighted = yes;
        self
    }
    /// Single-source only: ignore nodes farther than `cutoff` (NetworkX
    /// `cutoff`; unweighted, `d <= ceil(cutoff)` hops as NetworkX's level loop does).
    #[must_use]
    pub fn cutoff(mut self, cutoff: f64) -> Self {
        self.cutoff = Some(cutoff);
        self
    }
}

/// Distances and a predecessor tree from one source.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortestPaths {
    source: NodeId,
    dist: Vec<f64>,
    pred: Vec<u32>,
}

impl ShortestPaths {
    /// The source.
    pub fn source(&self) -> NodeId {
        self.source
    }
    /// Distance to every node (`f64::INFINITY` = unreachable).
    pub fn distances(&self) -> &[f64] {
        &self.dist
    }
    /// Distance to `t`, `None` if unreachable or out of range.
    pub fn distance(&self, t: NodeId) -> Option<f64> {
        self.dist.get(t.index()).copied().filter(|d| d.is_finite())
    }
    /// Last node before `t` on its path (`None` for the source, unreachable
    /// or out-of-range nodes).
    pub fn predecessor(&self, t: NodeId) -> Option<NodeId> {
        let p = *self.pred.get(t.index())?;
        (p != UNREACHABLE && p != t.0).then_some(NodeId(p))
    }
    /// The path `source ..= t`, `None` if `t` is unreachable or out of range.
    pub fn path_to(&self, t: NodeId) -> Option<Vec<NodeId>> {
        self.distance(t)?;
        let mut path = vec![t];
        let mut v = t;
        while let Some(p) = self.predecessor(v) {
            path.push(p);
            v = p;
        }
        path.reverse();
        Some(path)
    }
}

/// Shortest paths from `source` to every node.
///
/// NetworkX: `nx.single_source_shortest_path(G, s, cutoff)` /
/// `nx.single_source_shortest_path_length` (unweighted) and
/// `nx.single_source_dijkstra(G, s, cutoff, weight)` (weighted); see the module
/// docs for which of several shortest paths is reported.
///
/// Complexity `O(n + m)` unweighted, `O(m log m)` weighted; sequential.
///
/// Errors: [`Error::NodeOutOfRange`]; [`Error::InvalidParameter`] for a NaN or
/// negative cutoff; [`Error::InvalidWeight`] (weighted) for a negative weight,
/// naming its arc index in the out-adjacency.
///
/// ```
/// use ona_core::{algo::paths::{single_source_shortest_paths, ShortestPathConfig}, EdgeWeights, Exec, GraphBuilder, NodeId};
/// let exec = Exec::sequential()?;
/// let w = [1.0, 1.0, 5.0];
/// let g = GraphBuilder::undirected().build(3, &[0, 1, 0], &[1, 2, 2], Some(EdgeWeights::F64(&w)), &exec)?;
/// let sp = single_source_shortest_paths(&g, NodeId(0), &ShortestPathConfig::default().weighted(true), &exec)?;
/// assert_eq!(sp.distance(NodeId(2)), Some(2.0));
/// assert_eq!(sp.path_to(NodeId(2)), Some(vec![NodeId(0), NodeId(1), NodeId(2)]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn single_source_shortest_paths<A: Adjacency>(
    g: &Graph<A>,
    source: NodeId,
    cfg: &ShortestPathConfig,
    exec: &Exec,
) -> Result<ShortestPaths> {
    g.check_node(source)?;
    let cutoff = check_cutoff(cfg.cutoff)?;
    let n = g.node_count();
    let mut pred = vec![UNREACHABLE; n];
    let mut dist = vec![f64::INFINITY; n];
    if cfg.weighted {
        check_weights(g)?;
        let mut dj = Dijkstra::new(n);
        dj.run(g, Direction::Out, source.0, cutoff, None, exec, |v, d, p| {
            dist[v as usize] = d;
            pred[v as usize] = p;
        })?;
    } else {
        // NetworkX's level loop continues while `cutoff > level`.
        let hops = hop_limit(cutoff);
        let mut queue = vec![source.0];
        dist[source.index()] = 0.0;
        pred[source.index()] = source.0;
        let (mut lo, mut depth) = (0, 0u32);
        while lo < queue.len() && depth < hops {
            exec.check()?;
            depth += 1;
            let hi = queue.len();
            for i in lo..hi {
                let v = queue[i];
                for_each_dir(g, Direction::Out, v, |u| {
                    if pred[u as usize] == UNREACHABLE {
                        pred[u as usize] = v;
                        dist[u as usize] = f64::from(depth);
                        queue.push(u);
                    }
                });
            }
            lo = hi;
        }
    }
    Ok(ShortestPaths { source, dist, pred })
}

/// One shortest path `s ..= t`, `None` if there is none.
///
/// NetworkX: `nx.shortest_path(G, s, t, weight)` — i.e.
/// `nx.bidirectional_shortest_path` unweighted and `nx.bidirectional_dijkstra`
/// weighted, replayed step by step so the same path is chosen (module docs).
///
/// Complexity `O(n + m)` / `O(m log m)` worst case, usually much less;
/// sequential; `O(n)` scratch memory.
///
/// Errors: [`Error::NodeOutOfRange`] for `s` or `t`; [`Error::InvalidWeight`]
/// (weighted) for a negative weight. The cutoff is ignored.
///
/// ```
/// use ona_core::{algo::paths::{shortest_path, ShortestPathConfig}, Exec, GraphBuilder, NodeId};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::directed().build(4, &[0, 1, 0, 3], &[1, 2, 3, 2], None, &exec)?;
/// let p = shortest_path(&g, NodeId(0), NodeId(2), &ShortestPathConfig::default(), &exec)?;
/// assert_eq!(p, Some(vec![NodeId(0), NodeId(1), NodeId(2)]));
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn shortest_path<A: Adjacency>(g: &Graph<A>, s: NodeId, t: NodeId, cfg: &ShortestPathConfig, exec: &Exec) -> Result<Option<Vec<NodeId>>> {
    g.check_node(s)?;
    g.check_node(t)?;
    if s == t {
        return Ok(Some(vec![s]));
    }
    if cfg.weighted {
        check_weights(g)?;
        bidirectional_dijkstra(g, s.0, t.0, exec)
    } else {
        bidirectional_bfs(g, s.0, t.0, exec)
    }
}

/// Length of a shortest path from `s` to `t`, `None` if there is none.
///
/// NetworkX: `nx.shortest_path_length(G, s, t, weight)` (bidirectional BFS
/// unweighted, `nx.dijkstra_path_length` weighted, so the float sum is
/// accumulated from `s` outwards exactly as there).
///
/// Complexity and errors as [`shortest_path`].
///
/// ```
/// use ona_core::{algo::paths::{shortest_path_length, ShortestPathConfig}, Exec, GraphBuilder, NodeId};
/// let exec = Exec::sequential()?;
/// let g = GraphBuilder::undirected().build(4, &[0, 1], &[1, 2], None, &exec)?;
/// let cfg = ShortestPathConfig::default();
/// assert_eq!(shortest_path_length(&g, NodeId(0), NodeId(2), &cfg, &exec)?, Some(2.0));
/// assert_eq!(shortest_path_length(&g, NodeId(0), NodeId(3), &cfg, &exec)?, None);
/// # Ok::<(), ona_core::Error>(())
/// ```
pub fn shortest_path_length<A: Adjacency>(g: &Graph<A>, s: NodeId, t: NodeId, cfg: &ShortestPathConfig, exec: &Exec) -> Result<Option<f64>> {
    g.check_node(s)?;
    g.check_node(t)?;
    if !cfg.weighted {
        let p = shortest_path(g, s, t, cfg, exec)?;
        return Ok(p.map(|p| (p.len() - 1) as f64));
    }
    check_weights(g)?;
    let mut dj = Dijkstra::new(g.node_count());
    let mut found = None;
    dj.run(g, Direction::Out, s.0, f64::INFINITY, Some(t.0), exec, |v, d, _| {
        if v == t.0 {
            found = Some(d);
        }
    })?;
    Ok(found)
}

/// `cutoff` as a number (`INFINITY` if absent), refusing NaN and negatives.
pub(crate) fn check_cutoff(cutoff: Option<f64>) -> Result<f64> {
    match cutoff {
        None => Ok(f64::INFINITY),
        Some(c) if c >= 0.0 => Ok(c),
        Some(c) => Err(Error::invalid_param("cutoff", c, "a non-negative number")),
    }
}

/// `Err` naming the first arc (in out-adjacency order) with a negative or
/// non-finite weight. Zero weights are allowed, as in NetworkX.
pub(crate) fn check_weights<A: Adjacency>(g: &Graph<A>) -> Result<()> {
    if !g.is_weighted() {
        return Ok(());
    }
    let adj = g.out_adj();
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
        return Err(Error::InvalidWeight { edge: arc, weight: w, problem });
    }
    Ok(())
}

/// A heap entry ordered as NetworkX's `(distance, counter, node)` tuples,
/// reversed so `BinaryHeap` pops the smallest.
#[derive(Debug, Clone, Copy)]
struct Entry {
    d: f64,
    c: u64,
    v: u32,
}
impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        o.d.total_cmp(&self.d).then(o.c.cmp(&self.c))
    }
}

/// Reusable Dijkstra scratch (one per thread in all-sources algorithms);
/// only touched entries are reset between runs.
#[derive(Debug)]
pub(crate) struct Dijkstra {
    seen: Vec<f64>,
    done: Vec<bool>,
    pred: Vec<u32>,
    touched: Vec<u32>,
    heap: BinaryHeap<Entry>,
}

impl Dijkstra {
    pub(crate) fn new(n: usize) -> Self {
        Self { seen: vec![f64::INFINITY; n], done: vec![false; n], pred: vec![UNREACHABLE; n], touched: Vec::new(), heap: BinaryHeap::new() }
    }

    /// NetworkX's `_dijkstra_multisource` from `s` along `dir`: calls
    /// `settle(v, dist, pred)` for each node in settling order (`pred == v` for
    /// the source), skipping tentative distances above `cutoff`, stopping
    /// after `target`. Weights must have passed [`check_weights`].
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn run<A: Adjacency>(
        &mut self,
        g: &Graph<A>,
        dir: Direction,
        s: u32,
        cutoff: f64,
        target: Option<u32>,
        exec: &Exec,
        mut settle: impl FnMut(u32, f64, u32),
    ) -> Result<()> {
        for &v in &self.touched {
            self.seen[v as usize] = f64::INFINITY;
            self.done[v as usize] = false;
            self.pred[v as usize] = UNREACHABLE;
        }
        self.touched.clear();
        self.heap.clear();
        let mut counter = 0u64;
        self.seen[s as usize] = 0.0;
        self.pred[s as usize] = s;
        self.touched.push(s);
        self.heap.push(Entry { d: 0.0, c: counter, v: s });
        let mut pops = 0u32;
        while let Some(Entry { d, v, .. }) = self.heap.pop() {
            pops = pops.wrapping_add(1);
            if pops % 4096 == 0 {
                exec.check()?;
            }
            if self.done[v as usize] {
                continue;
            }
            self.done[v as usize] = true;
            settle(v, d, self.pred[v as usize]);
            if target == Some(v) {
                break;
            }
            let Self { seen, done, pred, touched, heap } = self;
            for_each_weighted_dir(g, dir, v, |u, w| {
                let du = d + w;
                let ui = u as usize;
                if du > cutoff || done[ui] {
                    return;
                }
                if du < seen[ui] {
                    if seen[ui] == f64::INFINITY {
                        touched.push(u);
                    }
                    seen[ui] = du;
                    pred[ui] = v;
                    counter += 1;
                    heap.push(Entry { d: du, c: counter, v: u });
                }
            });
        }
        Ok(())
    }
}

/// `nx.bidirectional_shortest_path`, step for step.
fn bidirectional_bfs<A: Adjacency>(g: &Graph<A>, s: u32, t: u32, exec: &Exec) -> Result<Option<Vec<NodeId>>> {
    let n = g.node_count();
    // pred[v] / succ[v]: the next node towards s / t; the root points to itself.
    let mut pred = vec![UNREACHABLE; n];
    let mut succ = vec![UNREACHABLE; n];
    pred[s as usize] = s;
    succ[t as usize] = t;
    let (mut ff, mut rf) = (vec![s], vec![t]);
    let mut level = Vec::new();
    let mut meet = None;
    'search: while !ff.is_empty() && !rf.is_empty() {
        exec.check()?;
        let forward = ff.len() <= rf.len();
        let (fringe, dir, mine, other) =
            if forward { (&mut ff, Direction::Out, &mut pred, &succ) } else { (&mut rf, Direction::In, &mut succ, &pred) };
        std::mem::swap(fringe, &mut level);
        fringe.clear();
        for &v in &level {
            let mut hit = None;
            // Scan until the first arc that meets the other search.
            let mut scan = |w: u32| {
                if hit.is_some() {
                    return;
                }
                if mine[w as usize] == UNREACHABLE {
                    fringe.push(w);
                    mine[w as usize] = v;
                }
                if other[w as usize] != UNREACHABLE {
                    hit = Some(w);
                }
            };
            for_each_dir(g, if g.is_directed() { dir } else { Direction::Out }, v, &mut scan);
            if hit.is_some() {
                meet = hit;
                break 'search;
            }
        }
    }
    let Some(w) = meet else { return Ok(None) };
    let mut path = vec![NodeId(w)];
    let mut v = w;
    while pred[v as usize] != v {
        v = pred[v as usize];
        path.push(NodeId(v));
    }
    path.reverse();
    let mut v = w;
    while succ[v as usize] != v {
        v = succ[v as usize];
        path.push(NodeId(v));
    }
    Ok(Some(path))
}

/// `nx.bidirectional_dijkstra`, pop for pop (direction 0 forward, 1 backward).
fn bidirectional_dijkstra<A: Adjacency>(g: &Graph<A>, s: u32, t: u32, exec: &Exec) -> Result<Option<Vec<NodeId>>> {
    let n = g.node_count();
    let mut done = [vec![false; n], vec![false; n]];
    let mut seen = [vec![f64::INFINITY; n], vec![f64::INFINITY; n]];
    let mut preds = [vec![UNREACHABLE; n], vec![UNREACHABLE; n]];
    let mut fringe = [BinaryHeap::new(), BinaryHeap::new()];
    let dirs = [Direction::Out, if g.is_directed() { Direction::In } else { Direction::Out }];
    let mut counter = 0u64;
    for (k, root) in [s, t].into_iter().enumerate() {
        seen[k][root as usize] = 0.0;
        preds[k][root as usize] = root;
        fringe[k].push(Entry { d: 0.0, c: counter, v: root });
        counter += 1;
    }
    let mut best: Option<(f64, u32)> = None;
    let mut k = 1;
    let mut pops = 0u32;
    while !fringe[0].is_empty() && !fringe[1].is_empty() {
        pops = pops.wrapping_add(1);
        if pops % 4096 == 0 {
            exec.check()?;
        }
        k = 1 - k;
        let Some(Entry { d, v, .. }) = fringe[k].pop() else { break };
        if done[k][v as usize] {
            continue;
        }
        done[k][v as usize] = true;
        if done[1 - k][v as usize] {
            let Some((_, m)) = best else { return Ok(None) };
            let mut path = vec![NodeId(m)];
            let mut x = m;
            while preds[0][x as usize] != x {
                x = preds[0][x as usize];
                path.push(NodeId(x));
            }
            path.reverse();
            let mut x = m;
            while preds[1][x as usize] != x {
                x = preds[1][x as usize];
                path.push(NodeId(x));
            }
            return Ok(Some(path));
        }
        let (mine, theirs) = if k == 0 { seen.split_at_mut(1) } else { let (a, b) = seen.split_at_mut(1); (b, a) };
        let (mine, theirs) = (&mut mine[0], &theirs[0]);
        let (my_done, my_pred, my_fringe) = (&done[k], &mut preds[k], &mut fringe[k]);
        for_each_weighted_dir(g, dirs[k], v, |w, cost| {
            let vw = d + cost;
            let wi = w as usize;
            if my_done[wi] {
                return;
            }
            if vw < mine[wi] {
                mine[wi] = vw;
                my_fringe.push(Entry { d: vw, c: counter, v: w });
                counter += 1;
                my_pred[wi] = v;
                if theirs[wi] != f64::INFINITY {
                    let total = vw + theirs[wi];
                    if best.is_none_or(|(b, _)| b > total) {
                        best = Some((total, w));
                    }
                }
            }
        });
    }
    Ok(None)
}

#[allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic
#[cfg(test)]
mod tests {
    use super::*;
    use crate::algo::paths::test_util::{arb_graph, floyd_warshall, graph_from, kite};
    use proptest::prelude::*;

    fn ids(v: &[u32]) -> Option<Vec<NodeId>> {
        Some(v.iter().map(|&x| NodeId(x)).collect())
    }

    /// The small weighted digraph of the NetworkX checks below.
    fn digraph() -> Graph {
        graph_from(true, 7, &[(0, 1, 2), (0, 2, 1), (1, 2, 1), (1, 3, 4), (2, 0, 3), (2, 3, 1), (3, 4, 2), (5, 3, 1), (4, 1, 5)])
    }

    #[test]
    fn networkx_paths_on_kite() {
        // K = nx.Graph(); K.add_nodes_from(range(10))
        // K.add_edges_from(sorted(tuple(sorted(e)) for e in nx.krackhardt_kite_graph().edges()))
        let exec = Exec::sequential().unwrap();
        let g = kite();
        let cfg = ShortestPathConfig::default();
        let sp = |s, t| shortest_path(&g, NodeId(s), NodeId(t), &cfg, &exec).unwrap();
        // nx.shortest_path(K, s, t)
        assert_eq!(sp(0, 9), ids(&[0, 5, 7, 8, 9]));
        assert_eq!(sp(9, 0), ids(&[9, 8, 7, 5, 0]));
        assert_eq!(sp(1, 2), ids(&[1, 0, 2]));
        assert_eq!(sp(4, 2), ids(&[4, 3, 2]));
        // nx.single_source_shortest_path(K, 0)
        let all = single_source_shortest_paths(&g, NodeId(0), &cfg, &exec).unwrap();
        let want: [&[u32]; 10] = [&[0], &[0, 1], &[0, 2], &[0, 3], &[0, 1, 4], &[0, 5], &[0, 1, 6], &[0, 5, 7], &[0, 5, 7, 8], &[0, 5, 7, 8, 9]];
        for (t, p) in want.iter().enumerate() {
            assert_eq!(all.path_to(NodeId(t as u32)), ids(p));
            assert_eq!(all.distance(NodeId(t as u32)), Some((p.len() - 1) as f64));
        }
    }

    #[test]
    fn networkx_paths_on_digraph() {
        // D = nx.DiGraph(); D.add_nodes_from(range(7)); D.add_weighted_edges_from(edges of `digraph()`)
        let exec = Exec::sequential().unwrap();
        let g = digraph();
        let (u, w) = (ShortestPathConfig::default(), ShortestPathConfig::default().weighted(true));
        // nx.shortest_path(D, 0, 4) / (..., weight="weight"), nx.shortest_path_length(D, 0, 4, weight="weight")
        assert_eq!(shortest_path(&g, NodeId(0), NodeId(4), &u, &exec).unwrap(), ids(&[0, 1, 3, 4]));
        assert_eq!(shortest_path(&g, NodeId(0), NodeId(4), &w, &exec).unwrap(), ids(&[0, 2, 3, 4]));
        assert_eq!(shortest_path_length(&g, NodeId(0), NodeId(4), &w, &exec).unwrap(), Some(4.0));
        assert_eq!(shortest_path_length(&g, NodeId(0), NodeId(4), &u, &exec).unwrap(), Some(3.0));
        assert_eq!(shortest_path(&g, NodeId(5), NodeId(1), &w, &exec).unwrap(), ids(&[5, 3, 4, 1]));
        assert_eq!(shortest_path(&g, NodeId(0), NodeId(5), &w, &exec).unwrap(), None);
        assert_eq!(shortest_path(&g, NodeId(6), NodeId(6), &u, &exec).unwrap(), ids(&[6]));
        // nx.single_source_dijkstra(D, 0)
        let sp = single_source_shortest_paths(&g, NodeId(0), &w, &exec).unwrap();
        let d: Vec<Option<f64>> = (0..7).map(|t| sp.distance(NodeId(t))).collect();
        assert_eq!(d, vec![Some(0.0), Some(2.0), Some(1.0), Some(2.0), Some(4.0), None, None]);
        assert_eq!(sp.path_to(NodeId(4)), ids(&[0, 2, 3, 4]));
        assert_eq!(sp.path_to(NodeId(1)), ids(&[0, 1]));
        assert_eq!(sp.predecessor(NodeId(0)), None);
        // nx.single_source_dijkstra(D, 0, cutoff=2)
        let sp = single_source_shortest_paths(&g, NodeId(0), &w.clone().cutoff(2.0), &exec).unwrap();
        assert_eq!(sp.distance(NodeId(3)), Some(2.0));
        assert_eq!(sp.distance(NodeId(4)), None);
    }

    #[test]
    fn errors() {
        let exec = Exec::sequential().unwrap();
        let g = digraph();
        let cfg = ShortestPathConfig::default();
        let oob = Error::NodeOutOfRange { node: 7, node_count: 7 };
        assert_eq!(shortest_path(&g, NodeId(7), NodeId(0), &cfg, &exec), Err(oob.clone()));
        assert_eq!(shortest_path(&g, NodeId(0), NodeId(7), &cfg, &exec), Err(oob.clone()));
        assert_eq!(shortest_path_length(&g, NodeId(0), NodeId(7), &cfg, &exec), Err(oob.clone()));
        assert_eq!(single_source_shortest_paths(&g, NodeId(7), &cfg, &exec), Err(oob));
        for bad in [f64::NAN, -1.0] {
            let e = single_source_shortest_paths(&g, NodeId(0), &cfg.clone().cutoff(bad), &exec).unwrap_err();
            assert_eq!(e.kind(), crate::error::ErrorKind::InvalidParameter);
        }
        let w = [1.0, -2.0];
        let neg = crate::graph::GraphBuilder::directed()
            .build(3, &[0, 1], &[1, 2], Some(crate::graph::EdgeWeights::F64(&w)), &exec)
            .unwrap();
        let want = Error::InvalidWeight { edge: 1, weight: -2.0, problem: WeightProblem::Negative };
        let wc = cfg.clone().weighted(true);
        assert_eq!(shortest_path(&neg, NodeId(0), NodeId(2), &wc, &exec), Err(want.clone()));
        assert_eq!(shortest_path_length(&neg, NodeId(0), NodeId(2), &wc, &exec), Err(want.clone()));
        assert_eq!(single_source_shortest_paths(&neg, NodeId(0), &wc, &exec), Err(want));
        // Unweighted searches ignore weights.
        assert_eq!(shortest_path_length(&neg, NodeId(0), NodeId(2), &cfg, &exec), Ok(Some(2.0)));
    }

    /// Weight of arc `a -> b`, if any.
    fn arc(g: &Graph, a: NodeId, b: NodeId) -> Option<f64> {
        let mut found = None;
        g.out_adj().for_each_weighted(a.0, |u, w| {
            if u == b.0 {
                found = Some(w);
            }
        });
        found
    }

    /// `path` runs from `s` to `t` along arcs and has length `want`.
    fn check_path(g: &Graph, path: &[NodeId], s: u32, t: u32, weighted: bool, want: f64) -> Result<(), TestCaseError> {
        prop_assert_eq!(path.first().copied(), Some(NodeId(s)));
        prop_assert_eq!(path.last().copied(), Some(NodeId(t)));
        let mut len = 0.0;
        for p in path.windows(2) {
            let w = arc(g, p[0], p[1]);
            prop_assert!(w.is_some(), "no arc {:?}", p);
            len += if weighted { w.unwrap_or(0.0) } else { 1.0 };
        }
        prop_assert_eq!(len, want);
        Ok(())
    }

    proptest! {
        #[test]
        fn matches_floyd_warshall((directed, n, edges) in arb_graph(10, 30, 4), s in 0u32..10) {
            let s = s % n as u32;
            let exec = Exec::sequential().unwrap();
            let g = graph_from(directed, n, &edges);
            let c = g.compress(&exec);
            for weighted in [false, true] {
                let fw = floyd_warshall(&g, Direction::Out, weighted);
                let cfg = ShortestPathConfig::default().weighted(weighted);
                let sp = single_source_shortest_paths(&g, NodeId(s), &cfg, &exec).unwrap();
                prop_assert_eq!(&sp, &single_source_shortest_paths(&c, NodeId(s), &cfg, &exec).unwrap());
                prop_assert_eq!(sp.distances(), &fw[s as usize][..]);
                for t in 0..n as u32 {
                    let want = fw[s as usize][t as usize];
                    let p = shortest_path(&g, NodeId(s), NodeId(t), &cfg, &exec).unwrap();
                    prop_assert_eq!(&p, &shortest_path(&c, NodeId(s), NodeId(t), &cfg, &exec).unwrap());
                    let len = shortest_path_length(&g, NodeId(s), NodeId(t), &cfg, &exec).unwrap();
                    prop_assert_eq!(len, want.is_finite().then_some(want));
                    match (p, sp.path_to(NodeId(t))) {
                        (Some(p), Some(q)) => {
                            check_path(&g, &p, s, t, weighted, want)?;
                            check_path(&g, &q, s, t, weighted, want)?;
                        }
                        (None, None) => prop_assert!(want.is_infinite()),
                        other => prop_assert!(false, "path mismatch {:?}", other),
                    }
                }
            }
        }
    }
}
