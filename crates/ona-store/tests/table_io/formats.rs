//! One dataset in every format, and as in-memory batches, gives one graph.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, Float32Array, Float64Array, Int32Array, Int64Array, StringArray, UInt64Array,
};
use ona_core::graph::{Categorical, IdMap};
use ona_core::{EdgeWeights, Graph, GraphBuilder};
use ona_store::table::{EdgeOptions, read_graph, read_graph_batches};

use crate::common::{batch, exec, file, input_at, ipc_file, ipc_stream, parquet};

fn text(v: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}
fn text_opt(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

/// Attach `column` (values by node id) the way the policy says: one value
/// per listed node, missing elsewhere.
fn with_attr(g: &mut Graph, name: &str, values: &[(&str, Option<&str>)]) {
    let mut column: Vec<Option<&str>> = vec![None; g.node_count()];
    for &(id, v) in values {
        let node = g.ids().lookup_str(id).expect("listed node");
        column[node.index()] = v;
    }
    g.set_categorical(
        name,
        Categorical::from_values(&column).expect("categorical"),
    )
    .expect("set");
}

// --- String ids -----------------------------------------------------------

const S_SRC: [&str; 7] = ["alice", "bob", "carol", "007", "dave", "bob", "eve"];
const S_DST: [&str; 7] = ["bob", "carol", "alice", "dave", "7", "alice", "eve"];
const S_W: [f64; 7] = [1.0, 2.5, 0.5, 1.0, 3.0, 1.0, 2.0];
const S_NODES: [&str; 4] = ["alice", "bob", "frank", "007"];
const S_DEPT: [Option<&str>; 4] = [Some("Sales"), Some("Sales"), Some("Ops"), None];
const S_LEVEL: [Option<i64>; 4] = [Some(1), Some(2), None, Some(1)];

const S_EDGES_CSV: &str = "source,target,weight,note\n\
    alice,bob,1,x\nbob,carol,2.5,\ncarol,alice,0.5,y\n007,dave,1.0,\ndave,7,3,\nbob,alice,1,\neve,eve,2,\n";
const S_NODES_CSV: &str = "id,department,level\nalice,Sales,1\nbob,Sales,2\nfrank,Ops,\n007,,1\n";

fn expected_strings(directed: bool) -> Graph {
    let mut g = GraphBuilder::with_direction(directed)
        .build_str(
            &S_NODES,
            &S_SRC,
            &S_DST,
            Some(EdgeWeights::F64(&S_W)),
            &exec(),
        )
        .expect("build");
    let dept: Vec<(&str, Option<&str>)> = S_NODES.iter().copied().zip(S_DEPT).collect();
    with_attr(&mut g, "department", &dept);
    let levels: Vec<String> = S_LEVEL
        .iter()
        .map(|l| l.map(|x| x.to_string()).unwrap_or_default())
        .collect();
    let level: Vec<(&str, Option<&str>)> = S_NODES
        .iter()
        .copied()
        .zip(levels.iter().map(|s| (!s.is_empty()).then_some(s.as_str())))
        .collect();
    with_attr(&mut g, "level", &level);
    g
}

#[test]
fn string_ids_same_graph_from_csv_parquet_ipc_and_memory() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let edges = batch(vec![
        ("source", text(&S_SRC)),
        ("target", text(&S_DST)),
        ("weight", Arc::new(Float64Array::from(S_W.to_vec()))),
        (
            "note",
            text_opt(&[Some("x"), None, Some("y"), None, None, None, None]),
        ),
    ]);
    let nodes = batch(vec![
        ("id", text(&S_NODES)),
        ("department", text_opt(&S_DEPT)),
        ("level", Arc::new(Int64Array::from(S_LEVEL.to_vec()))),
    ]);
    // The same rows in two batches (and two row groups).
    let halves = [edges.slice(0, 3), edges.slice(3, 4)];
    let cases = [
        (file(d, "e.csv", S_EDGES_CSV), file(d, "n.csv", S_NODES_CSV)),
        (
            file(d, "e.tsv", S_EDGES_CSV.replace(',', "\t")),
            file(d, "n.tsv", S_NODES_CSV.replace(',', "\t")),
        ),
        (
            parquet(d, "e.parquet", &halves, 3),
            parquet(d, "n.parquet", std::slice::from_ref(&nodes), 1024),
        ),
        (
            ipc_file(d, "e.arrow", &halves),
            ipc_file(d, "n.arrow", std::slice::from_ref(&nodes)),
        ),
        (
            ipc_stream(d, "e.arrows", &halves),
            ipc_stream(d, "n.feather", std::slice::from_ref(&nodes)),
        ),
    ];
    for directed in [false, true] {
        let opts = EdgeOptions::default().directed(directed);
        let want = expected_strings(directed);
        assert!(matches!(want.ids(), IdMap::Str { .. }));
        for (e, n) in &cases {
            let g = read_graph(e, Some(n), &opts, &exec())
                .unwrap_or_else(|err| panic!("{}: {err}", e.display()));
            assert_eq!(g, want, "{} (directed: {directed})", e.display());
        }
        let g = read_graph_batches(
            "mem",
            halves.clone(),
            Some(std::slice::from_ref(&nodes)),
            &opts,
            &exec(),
        )
        .expect("memory");
        assert_eq!(g, want);
    }
    // "007" and "7" are two nodes; "007" keeps its text.
    let g = read_graph(&cases[0].0, None, &EdgeOptions::default(), &exec()).expect("csv");
    assert!(g.ids().lookup_str("007").is_some() && g.ids().lookup_str("7").is_some());
    assert_ne!(g.ids().lookup_str("007"), g.ids().lookup_str("7"));
    // Undirected: bob-alice given twice, summed; eve's self loop kept.
    assert_eq!(g.edge_count(), 6);
    assert_eq!(g.self_loop_count(), 1);
}

// --- Integer ids ----------------------------------------------------------

const I_SRC: [u64; 7] = [5, 9, 12, 0, 3, 9, 42];
const I_DST: [u64; 7] = [9, 12, 5, 3, 7, 5, 42];
const I_W: [f64; 7] = [1.0, 2.5, 0.5, 1.0, 4.0, 1.0, 2.0];
const I_NODES: [u64; 4] = [5, 9, 100, 0];
const I_TEAM: [Option<&str>; 4] = [Some("A"), Some("A"), Some("B"), None];

const I_EDGES_CSV: &str =
    "from,to,weight\n5,9,1\n9,12,2.5\n12,5,0.5\n0,3,1\n3,7,4\n9,5,1\n42,42,2\n";
const I_NODES_CSV: &str = "node,team\n5,A\n9,A\n100,B\n0,\n";

fn expected_ints(directed: bool) -> Graph {
    let mut g = GraphBuilder::with_direction(directed)
        .build_u64(
            &I_NODES,
            &I_SRC,
            &I_DST,
            Some(EdgeWeights::F64(&I_W)),
            &exec(),
        )
        .expect("build");
    let names: Vec<String> = I_NODES.iter().map(u64::to_string).collect();
    let team: Vec<(&str, Option<&str>)> = names.iter().map(String::as_str).zip(I_TEAM).collect();
    with_attr(&mut g, "team", &team);
    g
}

#[test]
#[allow(clippy::cast_possible_truncation)] // the weights are small binary fractions, exact in f32
fn integer_ids_same_graph_from_csv_parquet_ipc_and_memory() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    // Parquet: UInt64 sources, Int32 targets, Float32 weights (exact values).
    let pq = batch(vec![
        ("from", Arc::new(UInt64Array::from(I_SRC.to_vec()))),
        (
            "to",
            Arc::new(Int32Array::from(
                I_DST
                    .iter()
                    .map(|&x| i32::try_from(x).expect("small"))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "weight",
            Arc::new(Float32Array::from(
                I_W.iter().map(|&x| x as f32).collect::<Vec<_>>(),
            )),
        ),
    ]);
    // IPC: Int64 ids, integer weights would lose 2.5, so Float64.
    let ipc = batch(vec![
        (
            "from",
            Arc::new(Int64Array::from(
                I_SRC
                    .iter()
                    .map(|&x| i64::try_from(x).expect("small"))
                    .collect::<Vec<_>>(),
            )),
        ),
        (
            "to",
            Arc::new(Int64Array::from(
                I_DST
                    .iter()
                    .map(|&x| i64::try_from(x).expect("small"))
                    .collect::<Vec<_>>(),
            )),
        ),
        ("weight", Arc::new(Float64Array::from(I_W.to_vec()))),
    ]);
    // Text ids that are all canonical integers count as integers.
    let texts: Vec<String> = I_SRC.iter().map(u64::to_string).collect();
    let textd: Vec<String> = I_DST.iter().map(u64::to_string).collect();
    let stream = batch(vec![
        ("from", Arc::new(StringArray::from(texts.clone()))),
        ("to", Arc::new(StringArray::from(textd.clone()))),
        (
            "weight",
            Arc::new(StringArray::from(
                I_W.iter().map(f64::to_string).collect::<Vec<_>>(),
            )),
        ),
    ]);
    let nodes = batch(vec![
        ("node", Arc::new(UInt64Array::from(I_NODES.to_vec()))),
        ("team", text_opt(&I_TEAM)),
    ]);
    let nodes_text = batch(vec![
        (
            "node",
            Arc::new(StringArray::from(
                I_NODES.iter().map(u64::to_string).collect::<Vec<_>>(),
            )),
        ),
        ("team", text_opt(&I_TEAM)),
    ]);
    let cases = [
        (file(d, "e.csv", I_EDGES_CSV), file(d, "n.csv", I_NODES_CSV)),
        (
            parquet(d, "e.parquet", &[pq.slice(0, 4), pq.slice(4, 3)], 2),
            parquet(d, "n.parquet", std::slice::from_ref(&nodes), 1024),
        ),
        (
            ipc_file(d, "e.ipc", &[ipc.slice(0, 1), ipc.slice(1, 6)]),
            ipc_file(d, "n.ipc", std::slice::from_ref(&nodes_text)),
        ),
        (
            ipc_stream(d, "e.arrows", &[stream]),
            ipc_stream(d, "n.arrows", &[nodes]),
        ),
    ];
    for directed in [false, true] {
        let opts = EdgeOptions::default().directed(directed);
        let want = expected_ints(directed);
        assert!(matches!(want.ids(), IdMap::U64(_)));
        for (e, n) in &cases {
            let g = read_graph(e, Some(n), &opts, &exec())
                .unwrap_or_else(|err| panic!("{}: {err}", e.display()));
            assert_eq!(g, want, "{} (directed: {directed})", e.display());
        }
        let g = read_graph_batches(
            "mem",
            [ipc.clone()],
            Some(std::slice::from_ref(&nodes_text)),
            &opts,
            &exec(),
        )
        .expect("memory");
        assert_eq!(g, want);
    }
    // Node 100 is isolated; node 42 has its self loop.
    let g = read_graph(
        &cases[0].0,
        Some(&cases[0].1),
        &EdgeOptions::default(),
        &exec(),
    )
    .expect("csv");
    assert_eq!(g.node_count(), 8);
    let v100 = g.ids().lookup_u64(100).expect("isolated node");
    assert_eq!(
        g.attributes().get("team").and_then(|c| c.value(v100)),
        Some("B")
    );
}

#[test]
fn one_text_id_makes_every_id_text() {
    // Integer-typed edges, one non-integer in the node table: text ids, and
    // the integer 5 and the text "5" are the same node.
    let edges = batch(vec![
        ("source", Arc::new(UInt64Array::from(vec![5, 9]))),
        ("target", Arc::new(UInt64Array::from(vec![9, 12]))),
    ]);
    let nodes = batch(vec![("id", text(&["5", "alice"]))]);
    let g = read_graph_batches(
        "mem",
        [edges.clone()],
        Some(&[nodes]),
        &EdgeOptions::default(),
        &exec(),
    )
    .expect("read");
    let want = GraphBuilder::undirected()
        .build_str(&["5", "alice"], &["5", "9"], &["9", "12"], None, &exec())
        .expect("b");
    assert_eq!(g, want);
    // "007" in a text column alongside integers: text ids.
    let edges = batch(vec![
        ("source", text(&["1", "007"])),
        ("target", Arc::new(Int64Array::from(vec![7, 1]))),
    ]);
    let g =
        read_graph_batches("mem", [edges], None, &EdgeOptions::default(), &exec()).expect("read");
    let want = GraphBuilder::undirected()
        .build_str(&[] as &[&str], &["1", "007"], &["7", "1"], None, &exec())
        .expect("b");
    assert_eq!(g, want);
}

#[test]
fn columns_by_name_and_defaults() {
    let dir = tempfile::tempdir().expect("tmp");
    // Defaults by name, in any order and case; other columns ignored.
    let e = file(
        dir.path(),
        "e.csv",
        "when,TO,From,Weight\nx,b,a,2\ny,c,b,3\n",
    );
    let g = read_graph(&e, None, &EdgeOptions::default().directed(true), &exec()).expect("read");
    let want = GraphBuilder::directed().build_str(
        &[] as &[&str],
        &["a", "b"],
        &["b", "c"],
        Some(EdgeWeights::F64(&[2.0, 3.0])),
        &exec(),
    );
    assert_eq!(g, want.expect("b"));
    // No names: first and second column, unweighted.
    let e = file(dir.path(), "p.csv", "u,v,w\n1,2,9\n");
    let g = read_graph(&e, None, &EdgeOptions::default(), &exec()).expect("read");
    assert!(!g.is_weighted());
    assert_eq!(g.ids(), &IdMap::U64(vec![1, 2]));
    // Named by the caller; weights by name; unweighted on request.
    let opts = EdgeOptions::default()
        .source("v")
        .target("u")
        .weight(ona_store::table::WeightColumn::Named("w".into()));
    let g = read_graph(&e, None, &opts.directed(true), &exec()).expect("read");
    let want = GraphBuilder::directed()
        .build_u64(&[], &[2], &[1], Some(EdgeWeights::F64(&[9.0])), &exec())
        .expect("b");
    assert_eq!(g, want);
    let e = file(dir.path(), "q.csv", "source,target,weight\n1,2,9\n");
    let g = read_graph(
        &e,
        None,
        &EdgeOptions::default().weight(ona_store::table::WeightColumn::None),
        &exec(),
    )
    .expect("read");
    assert!(!g.is_weighted());
    // A header alone: no edges.
    let e = file(dir.path(), "h.csv", "source,target\n");
    let g = read_graph(&e, None, &EdgeOptions::default(), &exec()).expect("read");
    assert_eq!(g.node_count(), 0);
    // The node-id column by name.
    let n = file(dir.path(), "n.csv", "dept,person\nX,1\nY,3\n");
    let g = read_graph(
        &e,
        Some(&n),
        &EdgeOptions::default().node_id("person"),
        &exec(),
    )
    .expect("read");
    assert_eq!(g.ids(), &IdMap::U64(vec![1, 3]));
    assert_eq!(g.attributes().names().collect::<Vec<_>>(), ["dept"]);
    let err = read_graph(
        &e,
        Some(&n),
        &EdgeOptions::default().node_id("who"),
        &exec(),
    )
    .expect_err("unknown");
    assert_eq!(input_at(&err), (None, Some("who")));
}

#[test]
fn no_batches_means_no_edges() {
    let g = read_graph_batches("mem", Vec::new(), None, &EdgeOptions::default(), &exec())
        .expect("read");
    assert_eq!(g.node_count(), 0);
}
