//! Graph construction: policies, errors, and a property test against a
//! `BTreeMap` model; plain vs compressed storage; 1 vs N threads.

use std::collections::BTreeMap;

use ona_core::graph::{Adjacency, Csr, Weights};
use ona_core::{DuplicatePolicy, EdgeWeights, Error, ErrorKind, Exec, Graph, GraphBuilder, IdMap, SelfLoopPolicy};
use proptest::prelude::*;

fn exec(threads: usize) -> Exec {
    Exec::with_threads(threads).unwrap()
}

/// (owner -> [(target, weight)]) as a model builds it.
fn model(n: usize, edges: &[(u32, u32, f64)], directed: bool, policy: DuplicatePolicy, drop_loops: bool) -> Vec<BTreeMap<u32, f64>> {
    let mut adj = vec![BTreeMap::new(); n];
    let mut add = |s: u32, d: u32, w: f64| {
        adj[s as usize]
            .entry(d)
            .and_modify(|x: &mut f64| match policy {
                DuplicatePolicy::Sum => *x += w,
                DuplicatePolicy::Max => *x = x.max(w),
                _ => {}
            })
            .or_insert(w);
    };
    for &(s, d, w) in edges {
        if s == d && drop_loops {
            continue;
        }
        add(s, d, w);
        if !directed && s != d {
            add(d, s, w);
        }
    }
    adj
}

fn lists<A: Adjacency>(a: &A) -> Vec<Vec<(u32, f64)>> {
    (0..a.node_count() as u32)
        .map(|v| {
            let mut l = Vec::new();
            a.for_each_weighted(v, |u, w| l.push((u, w)));
            l
        })
        .collect()
}

fn build(n: usize, edges: &[(u32, u32, f64)], directed: bool, policy: DuplicatePolicy, loops: SelfLoopPolicy, threads: usize) -> Graph {
    let s: Vec<u32> = edges.iter().map(|e| e.0).collect();
    let d: Vec<u32> = edges.iter().map(|e| e.1).collect();
    let w: Vec<f64> = edges.iter().map(|e| e.2).collect();
    GraphBuilder::with_direction(directed)
        .duplicates(policy)
        .self_loops(loops)
        .build(n, &s, &d, Some(EdgeWeights::F64(&w)), &exec(threads))
        .unwrap()
}

fn edges_strategy() -> impl Strategy<Value = (usize, Vec<(u32, u32, f64)>)> {
    (1usize..40).prop_flat_map(|n| {
        let e = (0..n as u32, 0..n as u32, (1u32..8).prop_map(f64::from));
        (Just(n), prop::collection::vec(e, 0..200))
    })
}

proptest! {
    #[test]
    fn builder_matches_model((n, edges) in edges_strategy(), directed: bool, policy in prop_oneof![Just(DuplicatePolicy::Sum), Just(DuplicatePolicy::Max), Just(DuplicatePolicy::First)], drop_loops: bool) {
        let loops = if drop_loops { SelfLoopPolicy::Drop } else { SelfLoopPolicy::Keep };
        let g = build(n, &edges, directed, policy, loops, 3);
        let want = model(n, &edges, directed, policy, drop_loops);
        let got = lists(g.out_adj());
        for v in 0..n {
            let w: Vec<(u32, f64)> = want[v].iter().map(|(&a, &b)| (a, b)).collect();
            prop_assert_eq!(&got[v], &w, "node {}", v);
        }
        if directed {
            // In-adjacency is the exact transpose.
            let inc = lists(g.in_adj());
            for v in 0..n {
                let w: Vec<(u32, f64)> = (0..n).filter_map(|s| want[s].get(&(v as u32)).map(|&x| (s as u32, x))).collect();
                prop_assert_eq!(&inc[v], &w);
            }
        }
        // Degree sum: arcs = sum of degrees; undirected edges counted once.
        let deg_sum: u64 = (0..n as u32).map(|v| u64::from(g.out_adj().degree(v))).sum();
        prop_assert_eq!(deg_sum, g.out_adj().arc_count());
        let loops_kept = (0..n).filter(|&v| want[v].contains_key(&(v as u32))).count() as u64;
        prop_assert_eq!(g.self_loop_count(), loops_kept);
        if !directed {
            prop_assert_eq!(2 * g.edge_count(), deg_sum + loops_kept);
        }
        // Thread count changes nothing; compression changes nothing.
        let g1 = build(n, &edges, directed, policy, loops, 1);
        prop_assert_eq!(&g1, &g);
        let c = g.compress(&exec(2));
        prop_assert_eq!(lists(c.out_adj()), got.clone());
        prop_assert_eq!(lists(c.in_adj()), lists(g.in_adj()));
        for v in 0..n as u32 {
            let mut a = Vec::new();
            let mut b = Vec::new();
            g.out_adj().for_each_arc(v, |u, i| a.push((u, i)));
            c.out_adj().for_each_arc(v, |u, i| b.push((u, i)));
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(c.decompress(&exec(2)), g);
    }
}

#[test]
fn errors_name_the_culprit() {
    let e = exec(2);
    let b = GraphBuilder::directed();
    let err = b.build(3, &[0, 1], &[1, 5], None, &e).unwrap_err();
    assert_eq!(err, Error::NodeOutOfRange { node: 5, node_count: 3 });
    let err = b.build(3, &[0, 1], &[1], None, &e).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LengthMismatch);
    let err = b.build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&[1.0, f64::NAN])), &e).unwrap_err();
    assert!(matches!(err, Error::InvalidWeight { edge: 1, .. }), "{err}");
    let err = b.build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F32(&[f32::INFINITY, 1.0])), &e).unwrap_err();
    assert!(matches!(err, Error::InvalidWeight { edge: 0, .. }), "{err}");
    let err = b.self_loops(SelfLoopPolicy::Error).build(3, &[0, 2], &[1, 2], None, &e).unwrap_err();
    assert_eq!(err, Error::SelfLoop { edge: 1, node: 2 });
    let err = GraphBuilder::undirected()
        .duplicates(DuplicatePolicy::Error)
        .build(3, &[0, 1, 2, 1], &[1, 2, 0, 0], None, &e)
        .unwrap_err();
    assert_eq!(err, Error::DuplicateEdge { edge: 3, src: 1, dst: 0 });
    let err = b.build(usize::MAX, &[], &[], None, &e).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
    // Merged weights that overflow are refused, not stored as infinity.
    let err = b.build(2, &[0, 0], &[1, 1], Some(EdgeWeights::F64(&[f64::MAX, f64::MAX])), &e).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidWeight);
}

#[test]
fn empty_and_isolated_graphs_build() {
    let e = exec(2);
    let g = GraphBuilder::undirected().build(0, &[], &[], None, &e).unwrap();
    assert_eq!((g.node_count(), g.edge_count()), (0, 0));
    let g = GraphBuilder::directed().build(5, &[], &[], None, &e).unwrap();
    assert_eq!((g.node_count(), g.edge_count()), (5, 0));
    assert_eq!(g.compress(&e).decompress(&e), g);
}

#[test]
fn external_ids_map_both_ways() {
    let e = exec(2);
    let g = GraphBuilder::directed().build_u64(&[7], &[100, 5], &[5, 1 << 40], None, &e).unwrap();
    assert_eq!(g.node_count(), 4);
    let n5 = g.ids().lookup_u64(5).unwrap();
    assert_eq!(g.ids().external(n5).unwrap().to_string(), "5");
    assert_eq!(g.ids().lookup_u64(1 << 40).map(|v| v.0), Some(3));
    assert!(g.ids().lookup_u64(6).is_none());
    let g = GraphBuilder::undirected().build_str(&["zoe"], &["ann", "bob"], &["bob", "cy"], Some(EdgeWeights::F32(&[2.0, 3.0])), &e).unwrap();
    assert_eq!(g.node_count(), 4);
    let bob = g.ids().lookup_str("bob").unwrap();
    assert_eq!(bob.0, 2);
    let mut nb = Vec::new();
    g.out_adj().for_each_weighted(bob.0, |u, w| nb.push((g.ids().external(ona_core::NodeId(u)).unwrap().to_string(), w)));
    assert_eq!(nb, vec![("ann".to_string(), 2.0), ("cy".to_string(), 3.0)]);
    assert!(matches!(g.out_adj().weights(), Some(Weights::F32(_))));

    // Names attached after a dense build.
    let mut g = GraphBuilder::undirected().build(2, &[0], &[1], None, &e).unwrap();
    let names = |v: &[&str]| IdMap::from_names(v.iter().map(|s| Box::<str>::from(*s)).collect());
    assert_eq!(g.set_ids(names(&["a"])).unwrap_err().kind(), ErrorKind::LengthMismatch);
    assert_eq!(g.set_ids(names(&["a", "a"])).unwrap_err().kind(), ErrorKind::InvalidParameter);
    assert_eq!(g.set_ids(IdMap::U64(vec![9, 3])).unwrap_err().kind(), ErrorKind::InvalidParameter);
    g.set_ids(names(&["a", "b"])).unwrap();
    assert_eq!(g.ids().lookup_str("b").map(|v| v.0), Some(1));
}

#[test]
fn csr_from_parts_validates() {
    assert!(Csr::from_parts(vec![0, 1, 2], vec![1, 0], None).is_ok());
    assert_eq!(Csr::from_parts(vec![0, 1, 2], vec![1, 9], None).unwrap_err().kind(), ErrorKind::NodeOutOfRange);
    assert_eq!(Csr::from_parts(vec![0, 2, 1, 2], vec![1, 0], None).unwrap_err().kind(), ErrorKind::InvalidParameter);
    assert_eq!(Csr::from_parts(vec![], vec![], None).unwrap_err().kind(), ErrorKind::LengthMismatch);
    assert_eq!(Csr::from_parts(vec![0, 2, 2], vec![1, 1], None).unwrap_err().kind(), ErrorKind::InvalidParameter);
}

#[test]
fn small_and_spread_integer_ids_rank_the_same() {
    // Ids below 2 * given + 2^20 take a bitset ranking, larger ones a sort:
    // shifting every id by 2^40 must not change the graph, only the names.
    let e = exec(2);
    let src: Vec<u64> = (0..5000u64).map(|i| (i * 7919) % 3001 * 3).collect();
    let dst: Vec<u64> = (0..5000u64).map(|i| (i * 104_729) % 2999 * 3 + 1).collect();
    let nodes = [9000u64, 1];
    let shift = |v: &[u64]| v.iter().map(|&x| x + (1 << 40)).collect::<Vec<_>>();
    let small = GraphBuilder::directed().build_u64(&nodes, &src, &dst, None, &e).unwrap();
    let mut spread = GraphBuilder::directed().build_u64(&shift(&nodes), &shift(&src), &shift(&dst), None, &e).unwrap();
    let IdMap::U64(ids) = small.ids().clone() else { panic!("integer ids expected") };
    assert!(ids.windows(2).all(|w| w[0] < w[1]) && ids.contains(&9000) && ids.contains(&1));
    spread.set_ids(IdMap::U64(ids)).unwrap();
    assert_eq!(small, spread);
}
