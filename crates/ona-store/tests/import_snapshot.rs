//! The same dataset imported from CSV, Parquet and Arrow IPC gives
//! byte-identical snapshots.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, RecordBatch, StringArray, UInt64Array};
use ona_core::Exec;
use ona_store::snapshot::{Meta, encode};
use ona_store::table::{EdgeOptions, TableFormat, read_graph, write_table};

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

/// A seeded pseudo-random edge list with repeated edges and self loops.
fn dataset() -> (Vec<u64>, Vec<u64>, Vec<f64>) {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut s, mut d, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..5_000 {
        s.push(1_000 + next() % 700);
        d.push(1_000 + next() % 700);
        w.push((next() % 1_000) as f64 / 8.0);
    }
    (s, d, w)
}

#[test]
fn csv_parquet_and_ipc_give_byte_identical_snapshots() {
    let exec = ok(Exec::with_threads(2));
    let dir = ok(tempfile::tempdir());
    let (s, d, w) = dataset();
    let mut csv = String::from("source,target,weight\n");
    for i in 0..s.len() {
        csv.push_str(&format!("{},{},{}\n", s[i], d[i], w[i]));
    }
    let nodes_csv = "id,dept\n1000,eng\n1001,ops\n5000,eng\n";
    ok(std::fs::write(dir.path().join("e.csv"), csv));
    ok(std::fs::write(dir.path().join("n.csv"), nodes_csv));
    let edges = ok(RecordBatch::try_from_iter([
        ("source", Arc::new(UInt64Array::from(s.clone())) as ArrayRef),
        ("target", Arc::new(UInt64Array::from(d.clone())) as ArrayRef),
        ("weight", Arc::new(Float64Array::from(w.clone())) as ArrayRef),
    ]));
    let nodes = ok(RecordBatch::try_from_iter([
        ("id", Arc::new(UInt64Array::from(vec![1000u64, 1001, 5000])) as ArrayRef),
        ("dept", Arc::new(StringArray::from(vec!["eng", "ops", "eng"])) as ArrayRef),
    ]));
    for (ext, format) in [("parquet", TableFormat::Parquet), ("arrow", TableFormat::ArrowIpc)] {
        ok(write_table(&dir.path().join(format!("e.{ext}")), format, &edges));
        ok(write_table(&dir.path().join(format!("n.{ext}")), format, &nodes));
    }
    for directed in [false, true] {
        let opts = EdgeOptions { directed, ..EdgeOptions::default() };
        let snapshots: Vec<Vec<u8>> = ["csv", "parquet", "arrow"]
            .iter()
            .map(|ext| {
                let e = dir.path().join(format!("e.{ext}"));
                let n = dir.path().join(format!("n.{ext}"));
                let g = ok(read_graph(&e, Some(&n), &opts, &exec));
                assert_eq!(g.node_count(), 701, "{ext}: 700 ids from edges + node 5000");
                encode(&g.compress(&exec), &Meta::default())
            })
            .collect();
        assert!(snapshots[0] == snapshots[1], "CSV and Parquet snapshots differ (directed={directed})");
        assert!(snapshots[0] == snapshots[2], "CSV and Arrow IPC snapshots differ (directed={directed})");
    }
}
