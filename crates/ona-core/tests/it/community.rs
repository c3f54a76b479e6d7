//! Community detection against NetworkX on a real network, and the promises
//! every algorithm makes: Leiden communities are connected, and a seed gives
//! the same partition at any thread count.

use std::path::Path;

use ona_core::algo::community::{
    AsynLpaConfig, LabelPropagationConfig, LeidenConfig, LouvainConfig, ModularityConfig, Objective,
    adjusted_rand_index, asyn_lpa, label_propagation, leiden, louvain, modularity, normalized_mutual_information,
    partition_quality, variation_of_information,
};
use ona_core::graph::Adjacency;
use ona_core::{DuplicatePolicy, Exec, Graph, GraphBuilder, Partition};
use proptest::prelude::*;
use serde_json::Value;

use crate::golden;
use crate::real::{data_dir, read_text};

/// email-Eu-core (directed, or merged to undirected as NetworkX's
/// `to_undirected`) with its department partition, in node order.
fn email_eu_core(directed: bool, exec: &Exec) -> (Graph, Partition) {
    let snap = data_dir().join("snap");
    let text = read_text(&snap.join("email-Eu-core.txt.gz"));
    let (mut src, mut dst) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let mut it = line.split_whitespace().map(|t| t.parse::<u64>().expect("id"));
        src.push(it.next().expect("src"));
        dst.push(it.next().expect("dst"));
    }
    let labels = read_text(&snap.join("email-Eu-core-department-labels.normalized.txt"));
    let (mut nodes, mut dept) = (Vec::new(), Vec::new());
    for line in labels.lines() {
        let mut it = line.split_whitespace().map(|t| t.parse::<u64>().expect("label"));
        nodes.push(it.next().expect("node"));
        dept.push(it.next().expect("dept"));
    }
    let g = GraphBuilder::with_direction(directed)
        .duplicates(DuplicatePolicy::First)
        .build_u64(&nodes, &src, &dst, None, exec)
        .expect("email-Eu-core");
    let mut part = vec![0u32; g.node_count()];
    for (&v, &d) in nodes.iter().zip(&dept) {
        part[g.node(v).expect("labelled node").index()] = u32::try_from(d).expect("dept");
    }
    (g, Partition(part))
}

#[test]
fn modularity_quality_and_comparisons_match_networkx_and_igraph_on_email_eu_core() {
    let exec = Exec::with_threads(2).expect("pool");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/community/email_eu_core.json");
    let oracle: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("oracle")).expect("json");
    let mut checked = 0;
    for case in oracle["cases"].as_array().expect("cases") {
        let directed = case["directed"].as_bool().unwrap_or(false);
        let (g, dept) = email_eu_core(directed, &exec);
        if let Some(want) = case["nmi"].as_f64() {
            // igraph's compare_communities on departments vs NetworkX's label
            // propagation of the undirected graph
            let lpa = label_propagation(&g, &LabelPropagationConfig::default(), &exec).expect("lpa");
            let got = [
                normalized_mutual_information(&dept, &lpa).expect("nmi"),
                variation_of_information(&dept, &lpa).expect("vi"),
                adjusted_rand_index(&dept, &lpa).expect("ari"),
            ];
            let want = [want, case["vi"].as_f64().expect("vi"), case["ari"].as_f64().expect("ari")];
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() <= 1e-12, "{got:?} vs igraph {want:?}");
            }
        } else if let Some(want) = case["modularity"].as_f64() {
            let res = case["resolution"].as_f64().expect("resolution");
            let got = modularity(&g, &dept, &ModularityConfig::default().resolution(res), &exec).expect("q");
            assert!((got - want).abs() <= 1e-12, "directed {directed} γ {res}: {got} vs NetworkX {want}");
        } else {
            let (cov, perf) = partition_quality(&g, &dept, &exec).expect("quality");
            let (wc, wp) = (case["coverage"].as_f64().expect("c"), case["performance"].as_f64().expect("p"));
            assert!((cov - wc).abs() <= 1e-12 && (perf - wp).abs() <= 1e-12, "{cov} {perf} vs {wc} {wp}");
        }
        checked += 1;
    }
    assert_eq!(checked, 9);
}

#[test]
fn community_detection_beats_the_department_partition_on_email_eu_core() {
    // Modularity maximisers must find more modular partitions than the
    // departments (NetworkX Louvain: about 0.41 undirected).
    let exec = Exec::with_threads(2).expect("pool").seed(1);
    let (g, dept) = email_eu_core(false, &exec);
    let q_dept = modularity(&g, &dept, &ModularityConfig::default(), &exec).expect("q");
    let lv = louvain(&g, &LouvainConfig::default(), &exec).expect("louvain");
    let ld = leiden(&g, &LeidenConfig::default(), &exec).expect("leiden");
    let q_lv = *lv.modularity.last().expect("levels");
    assert!(q_lv > 0.40 && q_lv > q_dept, "louvain {q_lv} departments {q_dept}");
    assert!(ld.quality > 0.41 && ld.quality >= q_lv - 0.005, "leiden {} louvain {q_lv}", ld.quality);
    assert_eq!(disconnected(&g, &ld.partition), 0);
}

/// Communities of `p` whose members are not connected inside it (directions ignored).
fn disconnected<A: Adjacency>(g: &Graph<A>, p: &Partition) -> usize {
    let n = g.node_count();
    let k = p.0.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut pieces = vec![0usize; k];
    let mut seen = vec![false; n];
    let mut buf = Vec::new();
    for s in 0..n {
        if seen[s] {
            continue;
        }
        pieces[p.0[s] as usize] += 1;
        seen[s] = true;
        let mut stack = vec![u32::try_from(s).expect("node")];
        while let Some(v) = stack.pop() {
            let mut nbrs: Vec<u32> = g.out_adj().neighbors(v, &mut buf).to_vec();
            if g.is_directed() {
                nbrs.extend_from_slice(g.in_adj().neighbors(v, &mut buf));
            }
            for u in nbrs {
                if !seen[u as usize] && p.0[u as usize] == p.0[v as usize] {
                    seen[u as usize] = true;
                    stack.push(u);
                }
            }
        }
    }
    pieces.iter().filter(|&&c| c > 1).count()
}

#[test]
fn leiden_communities_are_connected_on_every_test_graph() {
    let exec = Exec::with_threads(2).expect("pool");
    let mut graphs: Vec<(String, Graph)> = Vec::new();
    for entry in std::fs::read_dir(golden::golden_dir()).expect("golden dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_stem().expect("stem").to_string_lossy().into_owned();
            graphs.push((name, golden::load(&path, &exec).expect("golden graph").graph));
        }
    }
    for directed in [false, true] {
        graphs.push((format!("email_eu_core directed={directed}"), email_eu_core(directed, &exec).0));
    }
    assert!(graphs.len() >= 13);
    for (name, g) in &graphs {
        for seed in 0..3 {
            let exec = Exec::with_threads(2).expect("pool").seed(seed);
            for cfg in [
                LeidenConfig::default(),
                LeidenConfig::default().resolution(2.0).n_iterations(-1),
                LeidenConfig::default().objective(Objective::Cpm).resolution(0.05),
            ] {
                let r = leiden(g, &cfg, &exec).expect("leiden");
                assert_eq!(disconnected(g, &r.partition), 0, "{name} seed {seed} {cfg:?}");
            }
        }
    }
}

/// A random graph: `n` nodes, `m` edges, some in blocks so communities exist.
fn random_graph(n: u32, m: usize, directed: bool, seed: u64) -> Graph {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut src, mut dst) = (Vec::with_capacity(m), Vec::with_capacity(m));
    let block = (n / 20).max(2);
    for _ in 0..m {
        let u = u32::try_from(next() % u64::from(n)).expect("node");
        let v = if next() % 4 == 0 {
            u32::try_from(next() % u64::from(n)).expect("node")
        } else {
            let base = u - u % block;
            (base + u32::try_from(next() % u64::from(block)).expect("node")).min(n - 1)
        };
        src.push(u);
        dst.push(v);
    }
    let exec = Exec::sequential().expect("pool");
    GraphBuilder::with_direction(directed).build(n as usize, &src, &dst, None, &exec).expect("graph")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Large enough (n ≥ 4096) that local moving runs its parallel chunks.
    #[test]
    fn same_seed_same_partition_at_1_2_and_8_threads(
        n in 4200u32..6000, deg in 2usize..8, directed in any::<bool>(), seed in 0u64..1000,
    ) {
        let g = random_graph(n, n as usize * deg, directed, seed);
        let run = |threads: usize| {
            let exec = Exec::with_threads(threads).expect("pool").seed(seed);
            let lv = louvain(&g, &LouvainConfig::default(), &exec).expect("louvain");
            let ld = leiden(&g, &LeidenConfig::default(), &exec).expect("leiden");
            let lpa = asyn_lpa(&g, &AsynLpaConfig::default(), &exec).expect("lpa");
            let semi = (!directed).then(|| label_propagation(&g, &LabelPropagationConfig::default(), &exec).expect("semi"));
            (lv.levels, lv.modularity, ld.partition, ld.quality, lpa, semi)
        };
        let one = run(1);
        prop_assert_eq!(&run(2), &one);
        prop_assert_eq!(&run(8), &one);
        prop_assert_eq!(disconnected(&g, &one.2), 0);
    }
}

#[test]
fn every_algorithm_reports_progress_and_stops_when_cancelled() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    let g = random_graph(5000, 30_000, false, 3);
    let calls = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&calls);
    let exec = Exec::with_threads(2).expect("pool").progress(Arc::new(move |_| {
        seen.fetch_add(1, Ordering::Relaxed);
    }));
    leiden(&g, &LeidenConfig::default(), &exec).expect("leiden");
    assert!(calls.load(Ordering::Relaxed) > 0, "leiden reported no progress");
    let cancelled = Exec::with_threads(2).expect("pool");
    cancelled.token().cancel();
    let is_cancelled = |r: Result<(), ona_core::Error>| matches!(r, Err(ona_core::Error::Cancelled));
    assert!(is_cancelled(louvain(&g, &LouvainConfig::default(), &cancelled).map(|_| ())));
    assert!(is_cancelled(leiden(&g, &LeidenConfig::default(), &cancelled).map(|_| ())));
    assert!(is_cancelled(asyn_lpa(&g, &AsynLpaConfig::default(), &cancelled).map(|_| ())));
    assert!(is_cancelled(label_propagation(&g, &LabelPropagationConfig::default(), &cancelled).map(|_| ())));
}
