//! Properties every algorithm keeps, on random graphs: relabelling the nodes
//! permutes the results and changes nothing else; 1 and 3 threads agree
//! bitwise; plain and compressed storage agree bitwise.

use ona_core::algo::centrality::{
    BetweennessConfig, ClosenessConfig, DegreeConfig, Direction, HarmonicConfig, PageRankConfig, PageRankSolver,
    betweenness_centrality, closeness_centrality, degree, harmonic_centrality, pagerank,
};
use ona_core::algo::clustering::{ClusteringConfig, TrianglesConfig, clustering, triangles};
use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::{Adjacency, EdgeWeights, Exec, Graph, GraphBuilder, SelfLoopPolicy};
use proptest::prelude::*;

/// Every per-node result we compare, as `f64`s (partitions as a canonical
/// "same label as" signature so relabelled labels compare equal).
fn results<A: Adjacency>(g: &Graph<A>, exec: &Exec) -> Vec<(&'static str, Vec<f64>)> {
    let directed = g.is_directed();
    let mut out = vec![
        ("degree", degree(g, &DegreeConfig::default().direction(Direction::Both), exec).unwrap().into_vec()),
        ("pagerank/power", pagerank(g, &PageRankConfig::default().solver(PageRankSolver::Power).tol(1e-13).max_iter(10_000), exec).unwrap().into_vec()),
        ("pagerank/auto", pagerank(g, &PageRankConfig::default().tol(1e-12).max_iter(10_000), exec).unwrap().into_vec()),
        ("betweenness", betweenness_centrality(g, &BetweennessConfig::default(), exec).unwrap().into_vec()),
        ("betweenness/weighted", betweenness_centrality(g, &BetweennessConfig::default().weighted(true), exec).unwrap().into_vec()),
        ("closeness", closeness_centrality(g, &ClosenessConfig::default(), exec).unwrap().into_vec()),
        ("harmonic", harmonic_centrality(g, &HarmonicConfig::default(), exec).unwrap().into_vec()),
        ("clustering", clustering(g, &ClusteringConfig::default(), exec).unwrap().into_vec()),
        ("components", smallest_member(&weakly_connected_components(g, &ComponentsConfig::default(), exec).unwrap())),
    ];
    if !directed {
        out.push(("triangles", triangles(g, &TrianglesConfig::default(), exec).unwrap().iter().map(|&t| t as f64).collect()));
    }
    if g.self_loop_count() == 0 {
        out.push(("core", core_number(g, &CoreNumberConfig::default(), exec).unwrap().iter().map(|&c| f64::from(c)).collect()));
    }
    out
}

/// Size of each node's component: invariant under relabelling.
fn smallest_member(p: &[u32]) -> Vec<f64> {
    let mut size = vec![0u32; p.len()];
    for &l in p {
        size[l as usize] += 1;
    }
    p.iter().map(|&l| f64::from(size[l as usize])).collect()
}

fn graph(n: usize, edges: &[(u32, u32, u32)], directed: bool, relabel: &[u32], exec: &Exec) -> Graph {
    let s: Vec<u32> = edges.iter().map(|e| relabel[e.0 as usize]).collect();
    let d: Vec<u32> = edges.iter().map(|e| relabel[e.1 as usize]).collect();
    let w: Vec<f64> = edges.iter().map(|e| f64::from(e.2)).collect();
    GraphBuilder::with_direction(directed)
        .self_loops(SelfLoopPolicy::Keep)
        .build(n, &s, &d, Some(EdgeWeights::F64(&w)), exec)
        .unwrap()
}

fn case() -> impl Strategy<Value = (usize, Vec<(u32, u32, u32)>, Vec<u32>, bool)> {
    (2usize..30, any::<bool>()).prop_flat_map(|(n, directed)| {
        let edge = (0..n as u32, 0..n as u32, 1u32..5);
        let perm = Just((0..n as u32).collect::<Vec<u32>>()).prop_shuffle();
        (Just(n), prop::collection::vec(edge, 0..80), perm, Just(directed))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn relabelling_threads_and_storage_change_nothing((n, edges, perm, directed) in case()) {
        let one = Exec::with_threads(1).unwrap();
        let three = Exec::with_threads(3).unwrap();
        let identity: Vec<u32> = (0..n as u32).collect();
        let g = graph(n, &edges, directed, &identity, &one);
        let h = graph(n, &edges, directed, &perm, &one);
        let base = results(&g, &one);
        let relabelled = results(&h, &one);
        let threaded = results(&g, &three);
        let compressed = results(&g.compress(&one), &three);
        for (((name, a), (_, b)), ((_, t), (_, c))) in base.iter().zip(&relabelled).zip(threaded.iter().zip(&compressed)) {
            prop_assert_eq!(a, t, "{} differs between 1 and 3 threads", name);
            prop_assert_eq!(a, c, "{} differs between plain and compressed storage", name);
            for v in 0..n {
                let (x, y) = (a[v], b[perm[v] as usize]);
                let ok = (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * x.abs().max(y.abs()) + 1e-14;
                prop_assert!(ok, "{}: node {} scores {} but its relabelled copy {} scores {}", name, v, x, perm[v], y);
            }
        }
    }
}
