//! Every rule of the input policy, each failing with its exact error.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, StringArray, UInt64Array,
};
use ona_core::{DuplicatePolicy, SelfLoopPolicy};
use ona_store::Error;
use ona_store::table::{EdgeOptions, TableFormat, WeightColumn, read_graph, read_graph_batches};

use crate::common::{batch, exec, file, input_at, parquet};

fn text(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}
fn ids(v: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn read_mem(
    batches: Vec<arrow::array::RecordBatch>,
    opts: &EdgeOptions,
) -> Result<ona_core::Graph, Error> {
    read_graph_batches("mem", batches, None, opts, &exec())
}

fn csv(body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let p = file(dir.path(), "e.csv", body);
    (dir, p)
}

#[test]
fn unknown_column_names_it_and_lists_the_columns() {
    let (_d, p) = csv("a,b,c\n1,2,3\n");
    for opts in [
        EdgeOptions::default().source("nope"),
        EdgeOptions::default().target("nope"),
        EdgeOptions::default().weight(WeightColumn::Named("nope".into())),
    ] {
        let e = read_graph(&p, None, &opts, &exec()).expect_err("unknown column");
        assert_eq!(input_at(&e), (None, Some("nope")));
        assert!(e.to_string().contains("[a, b, c]"), "{e}");
    }
}

#[test]
fn column_roles_must_differ_and_exist() {
    let (_d, p) = csv("a,b\n1,2\n");
    let e = read_graph(
        &p,
        None,
        &EdgeOptions::default().source("a").target("a"),
        &exec(),
    )
    .expect_err("same");
    assert_eq!(input_at(&e), (None, Some("a")));
    let e = read_graph(
        &p,
        None,
        &EdgeOptions::default().weight(WeightColumn::Named("b".into())),
        &exec(),
    )
    .expect_err("w");
    assert_eq!(input_at(&e), (None, Some("b")));
    let (_d, p) = csv("only\n1\n");
    let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err("narrow");
    assert_eq!(input_at(&e), (None, None));
}

#[test]
fn id_and_weight_types_are_checked() {
    let b = batch(vec![
        ("source", Arc::new(BooleanArray::from(vec![true]))),
        ("target", ids(&["x"])),
    ]);
    let e = read_mem(vec![b], &EdgeOptions::default()).expect_err("bool ids");
    assert_eq!(input_at(&e), (None, Some("source")));
    let b = batch(vec![
        ("source", ids(&["a"])),
        ("target", ids(&["b"])),
        ("weight", Arc::new(BooleanArray::from(vec![true]))),
    ]);
    let e = read_mem(vec![b], &EdgeOptions::default()).expect_err("bool weights");
    assert_eq!(input_at(&e), (None, Some("weight")));
}

#[test]
fn negative_integer_id_names_row_and_column() {
    let b1 = batch(vec![
        ("source", Arc::new(Int64Array::from(vec![1, 2]))),
        ("target", Arc::new(Int32Array::from(vec![3, 4]))),
    ]);
    let b2 = batch(vec![
        ("source", Arc::new(Int64Array::from(vec![1, 2]))),
        ("target", Arc::new(Int32Array::from(vec![3, -4]))),
    ]);
    let e = read_mem(vec![b1, b2], &EdgeOptions::default()).expect_err("negative");
    assert_eq!(input_at(&e), (Some(3), Some("target")));
    assert!(e.to_string().contains("-4"), "{e}");
}

#[test]
fn null_id_names_row_and_column() {
    let dir = tempfile::tempdir().expect("tmp");
    let b = batch(vec![
        ("source", text(&[Some("a"), Some("b"), None])),
        ("target", text(&[Some("b"), Some("c"), Some("d")])),
    ]);
    let e = read_mem(vec![b.clone()], &EdgeOptions::default()).expect_err("null");
    assert_eq!(input_at(&e), (Some(2), Some("source")));
    // The same in a Parquet file with one row per row group.
    let p = parquet(dir.path(), "n.parquet", &[b], 1);
    let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err("null");
    assert_eq!(input_at(&e), (Some(2), Some("source")));
    // Integer nulls too.
    let b = batch(vec![
        ("source", Arc::new(UInt64Array::from(vec![Some(1), None]))),
        ("target", Arc::new(UInt64Array::from(vec![2, 3]))),
    ]);
    let e = read_mem(vec![b], &EdgeOptions::default()).expect_err("null");
    assert_eq!(input_at(&e), (Some(1), Some("source")));
    // CSV: an empty field is null.
    let p = file(dir.path(), "e.csv", "source,target\na,b\nc,\n");
    let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err("empty field");
    assert_eq!(input_at(&e), (Some(1), Some("target")));
}

#[test]
fn empty_text_id_names_row_and_column() {
    let b = batch(vec![
        ("source", ids(&["a", "b", "c"])),
        ("target", ids(&["b", "", "d"])),
    ]);
    let e = read_mem(vec![b], &EdgeOptions::default()).expect_err("empty");
    assert_eq!(input_at(&e), (Some(1), Some("target")));
}

#[test]
fn bad_weights_name_row_and_column_across_batches() {
    let ok = || {
        batch(vec![
            ("s", ids(&["a", "b"])),
            ("t", ids(&["b", "c"])),
            ("weight", Arc::new(Float64Array::from(vec![1.0, 2.0]))),
        ])
    };
    for (bad, reason) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "infinite"),
        (f64::NEG_INFINITY, "infinite"),
    ] {
        let b = batch(vec![
            ("s", ids(&["a", "b"])),
            ("t", ids(&["b", "c"])),
            ("weight", Arc::new(Float64Array::from(vec![1.0, bad]))),
        ]);
        let e = read_mem(vec![ok(), ok(), b], &EdgeOptions::default()).expect_err("bad weight");
        assert_eq!(input_at(&e), (Some(5), Some("weight")));
        assert!(e.to_string().contains(reason), "{e}");
    }
    let b = batch(vec![
        ("s", ids(&["a", "b"])),
        ("t", ids(&["b", "c"])),
        (
            "weight",
            Arc::new(Float64Array::from(vec![None, Some(1.0)])),
        ),
    ]);
    let e = read_mem(vec![ok(), b], &EdgeOptions::default()).expect_err("null weight");
    assert_eq!(input_at(&e), (Some(2), Some("weight")));
    // CSV: text that is not a number, "inf", an empty field.
    for (body, row) in [
        ("source,target,weight\na,b,1\nb,c,abc\n", 1),
        ("source,target,weight\na,b,inf\n", 0),
        ("source,target,weight\na,b,NaN\n", 0),
        ("source,target,weight\na,b,1\nb,c,2\nc,d,\n", 2),
    ] {
        let (_d, p) = csv(body);
        let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err(body);
        assert_eq!(input_at(&e), (Some(row), Some("weight")), "{body}");
    }
    // Of two bad values in one batch, the earliest row.
    let b = batch(vec![
        ("s", ids(&["a", "b", "c"])),
        ("t", text(&[Some("b"), Some("c"), None])),
        (
            "weight",
            Arc::new(Float64Array::from(vec![1.0, f64::NAN, 1.0])),
        ),
    ]);
    let e = read_mem(vec![b], &EdgeOptions::default()).expect_err("two");
    assert_eq!(input_at(&e), (Some(1), Some("weight")));
}

#[test]
fn invalid_utf8_is_a_format_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut body = b"source,target\na,b\n".to_vec();
    body.extend_from_slice(&[b'x', 0xff, 0xfe, b',', b'y', b'\n']);
    let p = file(dir.path(), "bad.csv", &body);
    let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err("utf8");
    assert!(
        matches!(&e, Error::Format { source_name, .. } if source_name.ends_with("bad.csv")),
        "{e:?}"
    );
    // In the header.
    let p = file(
        dir.path(),
        "head.csv",
        [&[0xff, 0xfe][..], b",target\na,b\n"].concat(),
    );
    let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err("utf8 header");
    assert!(
        matches!(&e, Error::Format { .. } | Error::Input { .. }),
        "{e:?}"
    );
    // In a node table.
    let edges = file(dir.path(), "ok.csv", "source,target\na,b\n");
    let p = file(
        dir.path(),
        "nodes.csv",
        [&b"id,dept\na,"[..], &[0xff, 0xfe], b"\n"].concat(),
    );
    let e = read_graph(&edges, Some(&p), &EdgeOptions::default(), &exec()).expect_err("utf8 nodes");
    assert!(
        matches!(&e, Error::Format { source_name, .. } if source_name.ends_with("nodes.csv")),
        "{e:?}"
    );
}

#[test]
fn malformed_files_are_format_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    for (name, bytes) in [
        ("junk.parquet", &b"PAR1 not really parquet PAR1"[..]),
        ("junk.arrow", &b"ARROW1\0\0 truncated"[..]),
        (
            "junk.arrows",
            &[0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0, 1, 2, 3][..],
        ),
        ("empty.parquet", &b""[..]),
        ("ragged.csv", &b"source,target\na,b\nc,d,e\n"[..]),
    ] {
        let p = file(d, name, bytes);
        let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err(name);
        assert!(matches!(&e, Error::Format { .. }), "{name}: {e:?}");
    }
    let p = file(d, "empty.csv", "");
    let e = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect_err("empty csv");
    assert!(
        matches!(&e, Error::Format { .. } | Error::Input { .. }),
        "{e:?}"
    );
    let e = read_graph(
        &d.join("missing.csv"),
        None,
        &EdgeOptions::default(),
        &exec(),
    )
    .expect_err("missing");
    assert!(matches!(&e, Error::Io { .. }), "{e:?}");
}

#[test]
fn format_detection() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    for (name, want) in [
        ("a.csv", TableFormat::Csv),
        ("a.TSV", TableFormat::Tsv),
        ("a.parquet", TableFormat::Parquet),
        ("a.arrow", TableFormat::ArrowIpc),
        ("a.ipc", TableFormat::ArrowIpc),
        ("a.feather", TableFormat::ArrowIpc),
    ] {
        assert_eq!(TableFormat::from_path(&d.join(name)).expect(name), want);
    }
    let b = batch(vec![("source", ids(&["a"])), ("target", ids(&["b"]))]);
    let p = parquet(d, "edges.bin", &[b], 10);
    assert_eq!(
        TableFormat::from_path(&p).expect("sniffed"),
        TableFormat::Parquet
    );
    assert_eq!(
        read_graph(&p, None, &EdgeOptions::default(), &exec())
            .expect("read")
            .edge_count(),
        1
    );
    let p = file(d, "edges.txt", "source,target\n");
    let e = TableFormat::from_path(&p).expect_err("unknown");
    assert_eq!(input_at(&e), (None, None));
}

#[test]
fn self_loops_follow_the_builder_policy() {
    let (_d, p) = csv("source,target\na,b\nb,b\nc,a\n");
    let keep = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect("keep");
    assert_eq!((keep.edge_count(), keep.self_loop_count()), (3, 1));
    let drop = read_graph(
        &p,
        None,
        &EdgeOptions::default().self_loops(SelfLoopPolicy::Drop),
        &exec(),
    )
    .expect("drop");
    assert_eq!(
        (drop.edge_count(), drop.self_loop_count(), drop.node_count()),
        (2, 0, 3)
    );
    let e = read_graph(
        &p,
        None,
        &EdgeOptions::default().self_loops(SelfLoopPolicy::Error),
        &exec(),
    )
    .expect_err("refuse");
    assert!(
        matches!(e, Error::Graph(ona_core::Error::SelfLoop { edge: 1, .. })),
        "{e:?}"
    );
}

#[test]
fn duplicates_follow_the_builder_policy() {
    let (_d, p) = csv("source,target,weight\na,b,1\nb,c,5\nb,a,2\n");
    let weight_ab = |g: &ona_core::Graph| {
        let a = g.ids().lookup_str("a").expect("a");
        let mut arcs = Vec::new();
        ona_core::Adjacency::for_each_weighted(g.out_adj(), a.0, |u, w| arcs.push((u, w)));
        (arcs.len(), arcs.first().map(|&(_, w)| w))
    };
    let sum = read_graph(&p, None, &EdgeOptions::default(), &exec()).expect("sum");
    assert_eq!(weight_ab(&sum), (1, Some(3.0)));
    let max = read_graph(
        &p,
        None,
        &EdgeOptions::default().duplicates(DuplicatePolicy::Max),
        &exec(),
    )
    .expect("max");
    assert_eq!(weight_ab(&max), (1, Some(2.0)));
    let e = read_graph(
        &p,
        None,
        &EdgeOptions::default().duplicates(DuplicatePolicy::Error),
        &exec(),
    )
    .expect_err("dup");
    assert!(
        matches!(
            e,
            Error::Graph(ona_core::Error::DuplicateEdge { edge: 2, .. })
        ),
        "{e:?}"
    );
    // Directed: a->b and b->a are different edges.
    let g = read_graph(
        &p,
        None,
        &EdgeOptions::default()
            .directed(true)
            .duplicates(DuplicatePolicy::Error),
        &exec(),
    );
    assert_eq!(g.expect("directed").edge_count(), 3);
}

#[test]
fn node_table_rules() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let edges = file(d, "e.csv", "source,target\n1,2\n");
    // A repeated id: the row of the repeat (integers and text alike).
    let n = file(d, "n.csv", "id,dept\n1,A\n3,B\n1,C\n");
    let e = read_graph(&edges, Some(&n), &EdgeOptions::default(), &exec()).expect_err("dup int");
    assert_eq!(input_at(&e), (Some(2), Some("id")));
    let n = file(d, "s.csv", "id,dept\nx,A\ny,B\nx,C\n");
    let e = read_graph(&edges, Some(&n), &EdgeOptions::default(), &exec()).expect_err("dup text");
    assert_eq!(input_at(&e), (Some(2), Some("id")));
    // A null id.
    let n = file(d, "z.csv", "id,dept\n1,A\n,B\n");
    let e = read_graph(&edges, Some(&n), &EdgeOptions::default(), &exec()).expect_err("null id");
    assert_eq!(input_at(&e), (Some(1), Some("id")));
    // Nulls are missing; listed nodes without edges exist; unlisted nodes are missing.
    let nodes = batch(vec![
        ("id", Arc::new(UInt64Array::from(vec![1, 7]))),
        ("dept", text(&[None, Some("Ops")])),
        ("x", Arc::new(Float64Array::from(vec![1.5, 2.0]))),
    ]);
    let b = batch(vec![
        ("source", Arc::new(UInt64Array::from(vec![1]))),
        ("target", Arc::new(UInt64Array::from(vec![2]))),
    ]);
    let g = read_graph_batches("mem", [b], Some(&[nodes]), &EdgeOptions::default(), &exec())
        .expect("read");
    assert_eq!(g.node_count(), 3);
    let dept = g.attributes().get("dept").expect("dept");
    let v = |id: u64| g.ids().lookup_u64(id).expect("node");
    assert_eq!(
        (dept.value(v(1)), dept.value(v(2)), dept.value(v(7))),
        (None, None, Some("Ops"))
    );
    let x = g.attributes().get("x").expect("x");
    assert_eq!((x.value(v(1)), x.value(v(7))), (Some("1.5"), Some("2.0")));
}
