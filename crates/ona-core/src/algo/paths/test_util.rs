//! Shared helpers for the path and centrality tests: small graphs, random
//! graphs for proptest, and Floyd–Warshall as the brute-force reference.
#![allow(clippy::cast_possible_truncation, clippy::unwrap_used)] // test graphs are small; failures should panic

use proptest::prelude::*;

use super::Direction;
use crate::exec::Exec;
use crate::graph::{Adjacency, DuplicatePolicy, EdgeWeights, Graph, GraphBuilder};

/// A graph on `0..n` from `(u, v, weight)` rows (duplicates keep the first).
pub(crate) fn graph_from(directed: bool, n: usize, edges: &[(u32, u32, u32)]) -> Graph {
    let exec = Exec::sequential().unwrap();
    let src: Vec<u32> = edges.iter().map(|e| e.0).collect();
    let dst: Vec<u32> = edges.iter().map(|e| e.1).collect();
    let w: Vec<f64> = edges.iter().map(|e| f64::from(e.2)).collect();
    GraphBuilder::with_direction(directed)
        .duplicates(DuplicatePolicy::First)
        .build(n, &src, &dst, Some(EdgeWeights::F64(&w)), &exec)
        .unwrap()
}

/// `(directed, n, edges)` with `1..=max_n` nodes, up to `max_m` edges and
/// integer weights in `0..=max_w` (all `1` when `max_w == 1`).
pub(crate) fn arb_graph(max_n: usize, max_m: usize, max_w: u32) -> impl Strategy<Value = (bool, usize, Vec<(u32, u32, u32)>)> {
    let lo = u32::from(max_w != 1);
    (any::<bool>(), 1..=max_n).prop_flat_map(move |(d, n)| {
        let e = (0..n as u32, 0..n as u32, lo..=max_w);
        (Just(d), Just(n), proptest::collection::vec(e, 0..=max_m))
    })
}

/// All-pairs distances `fw[s][t]` following `dir`, by Floyd–Warshall
/// (`INFINITY` = unreachable; unit weights unless `weighted`).
pub(crate) fn floyd_warshall(g: &Graph, dir: Direction, weighted: bool) -> Vec<Vec<f64>> {
    let n = g.node_count();
    let mut d = vec![vec![f64::INFINITY; n]; n];
    for v in 0..n {
        d[v][v] = 0.0;
        g.out_adj().for_each_weighted(v as u32, |u, w| {
            let w = if weighted { w } else { 1.0 };
            let (a, b) = (v, u as usize);
            match dir {
                Direction::Out => d[a][b] = d[a][b].min(w),
                Direction::In => d[b][a] = d[b][a].min(w),
                Direction::Both => {
                    d[a][b] = d[a][b].min(w);
                    d[b][a] = d[b][a].min(w);
                }
            }
        });
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                let via = d[i][k] + d[k][j];
                if via < d[i][j] {
                    d[i][j] = via;
                }
            }
        }
    }
    d
}

/// Krackhardt's kite as NetworkX builds it (`nx.krackhardt_kite_graph()`).
pub(crate) fn kite() -> Graph {
    let adj: [&[u32]; 10] = [&[1, 2, 3, 5], &[0, 3, 4, 6], &[0, 3, 5], &[0, 1, 2, 4, 5, 6], &[1, 3, 6], &[0, 2, 3, 6, 7], &[1, 3, 4, 5, 7], &[5, 6, 8], &[7, 9], &[8]];
    let edges: Vec<(u32, u32, u32)> =
        adj.iter().enumerate().flat_map(|(v, l)| l.iter().filter(move |&&u| u > v as u32).map(move |&u| (v as u32, u, 1))).collect();
    graph_from(false, 10, &edges)
}
