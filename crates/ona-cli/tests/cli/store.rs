//! `ona import`, `ona metrics --graph` and `ona export`: snapshots and tables.

use std::fs::File;

use arrow::array::{Array, Float64Array, StringArray, UInt64Array};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use tempfile::TempDir;

use super::{KITE, metrics, ona, s, stderr, stdout, write};

/// Undirected, weighted, integer ids, a repeated edge (summed) and a self loop.
const WEIGHTED: &str =
    "source,target,weight\n10,20,2.5\n20,30,1\n30,10,0.5\n10,20,1\n40,40,3\n30,50,2\n";

const ALL_UNDIRECTED: &str =
    "degree,strength,pagerank,betweenness,closeness,harmonic,clustering,core,components";
/// Without core numbers (not defined with self loops).
const SELF_LOOPED: &str =
    "degree,strength,pagerank,betweenness,closeness,harmonic,clustering,components";

fn import(args: &[&str]) -> String {
    let o = ona(&[&["import"], args].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn import_then_metrics_equal_metrics_on_the_csv() {
    let dir = TempDir::new().unwrap();
    for (name, text, extra, list) in [
        ("kite.csv", KITE, &[][..], ALL_UNDIRECTED),
        ("weighted.csv", WEIGHTED, &[][..], SELF_LOOPED),
        (
            "directed.csv",
            WEIGHTED,
            &["--directed"][..],
            "in_degree,out_strength,pagerank,betweenness,hits,strong_components",
        ),
    ] {
        let csv = write(&dir, name, text);
        let snap = dir.path().join(format!("{name}.ona"));
        let report = import(&[&[s(&csv), "--out", s(&snap)], extra].concat());
        assert!(report.contains("bytes/edge"), "{report}");
        let from_csv = metrics(&[&["--edges", s(&csv), "--metrics", list], extra].concat());
        let from_snapshot = metrics(&["--graph", s(&snap), "--metrics", list]);
        assert_eq!(from_snapshot, from_csv, "{name}");
    }
    // The summary names the sizes: 5 nodes and edges of the kite.
    let report = import(&[
        s(&write(&dir, "k.csv", KITE)),
        "--out",
        s(&dir.path().join("k.ona")),
    ]);
    assert!(report.contains("5 nodes, 5 edges"), "{report}");
}

#[test]
fn import_policies_and_columns() {
    let dir = TempDir::new().unwrap();
    let csv = write(&dir, "g.csv", "who,whom,n\na,b,1\nb,a,2\nc,c,1\n");
    let snap = dir.path().join("g.ona");
    let base = [
        s(&csv),
        "--out",
        s(&snap),
        "--source",
        "who",
        "--target",
        "whom",
        "--weight",
        "n",
    ];
    let report = import(&[&base[..], &["--duplicates", "max", "--self-loops", "drop"]].concat());
    assert!(report.contains(" nodes, 1 edges"), "{report}");
    let (_, rows) = metrics(&["--graph", s(&snap), "--metrics", "strength"]);
    assert_eq!(
        rows[..2],
        [
            ("a".to_string(), vec!["2".to_string()]),
            ("b".to_string(), vec!["2".to_string()])
        ]
    );
    // duplicates=error names the row; a missing column is named too.
    let o = ona(&[&["import"], &base[..], &["--duplicates", "error"]].concat());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("row"), "{}", stderr(&o));
    let o = ona(&["import", s(&csv), "--out", s(&snap), "--weight", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
    // A failed import leaves the previous snapshot in place, and no temporary file.
    assert!(ona(&["metrics", "--graph", s(&snap)]).status.success());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp.")), "{names:?}");
}

#[test]
fn import_publishes_versions_into_a_directory() {
    let dir = TempDir::new().unwrap();
    let csv = write(&dir, "kite.csv", KITE);
    let store = dir.path().join("snapshots");
    let first = import(&[s(&csv), "--out", s(&store), "--name", "org"]);
    assert!(first.contains("(version 1)"), "{first}");
    let second = import(&[s(&csv), "--out", s(&store), "--name", "org"]);
    assert!(second.contains("(version 2)"), "{second}");
    let latest = store.join("org@00000000000000000002.ona");
    assert!(latest.exists());
    let (_, rows) = metrics(&["--graph", s(&latest), "--metrics", "degree"]);
    assert_eq!(rows.len(), 5);
    let o = ona(&["import", s(&csv), "--out", s(&store), "--name", "bad/name"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn corrupt_snapshots_fail_naming_the_section() {
    let dir = TempDir::new().unwrap();
    let csv = write(&dir, "kite.csv", KITE);
    let snap = dir.path().join("g.ona");
    import(&[s(&csv), "--out", s(&snap)]);
    let good = std::fs::read(&snap).unwrap();
    // A flipped byte in the middle: the checksum of its section fails.
    let mut bad = good.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x40;
    let flipped = dir.path().join("flipped.ona");
    std::fs::write(&flipped, &bad).unwrap();
    for cmd in [
        &["metrics", "--graph", s(&flipped)][..],
        &["export", "--graph", s(&flipped), "--out", "x.csv"][..],
    ] {
        let o = ona(cmd);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("corrupt snapshot: section "), "{err}");
        assert!(err.contains("flipped.ona"), "{err}");
    }
    // Truncated, empty, or not a snapshot at all.
    for (name, bytes) in [
        ("short.ona", &good[..good.len() - 9]),
        ("empty.ona", &[][..]),
        ("csv.ona", KITE.as_bytes()),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = ona(&["metrics", "--graph", s(&p)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        assert!(
            stderr(&o).contains("corrupt snapshot"),
            "{name}: {}",
            stderr(&o)
        );
    }
    let o = ona(&["metrics", "--graph", s(&dir.path().join("missing.ona"))]);
    assert_eq!(o.status.code(), Some(2));
}

pub(super) fn read_parquet(path: &std::path::Path) -> arrow::array::RecordBatch {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    arrow::compute::concat_batches(&batches[0].schema(), &batches).unwrap()
}

#[test]
fn export_metrics_as_parquet_arrow_and_csv() {
    let dir = TempDir::new().unwrap();
    let csv = write(&dir, "kite.csv", KITE);
    let snap = dir.path().join("g.ona");
    import(&[s(&csv), "--out", s(&snap)]);
    let (header, rows) = metrics(&["--edges", s(&csv), "--metrics", "degree,pagerank,core"]);
    assert_eq!(header, ["id", "degree", "pagerank", "core"]);

    let pq = dir.path().join("r.parquet");
    let o = ona(&[
        "export",
        "--graph",
        s(&snap),
        "--metrics",
        "degree,pagerank,core",
        "--out",
        s(&pq),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let batch = read_parquet(&pq);
    let names: Vec<_> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(names, ["id", "degree", "pagerank", "core"]);
    let ids = batch
        .column(0)
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    let pagerank = batch
        .column(2)
        .as_any()
        .downcast_ref::<Float64Array>()
        .unwrap();
    assert_eq!(batch.num_rows(), rows.len());
    for (i, (id, values)) in rows.iter().enumerate() {
        assert_eq!(ids.value(i), id);
        assert_eq!(pagerank.value(i), values[1].parse::<f64>().unwrap(), "{id}");
    }

    let ipc = dir.path().join("r.arrow");
    assert!(
        ona(&["export", "--graph", s(&snap), "--out", s(&ipc)])
            .status
            .success()
    );
    let reader = arrow::ipc::reader::FileReader::try_new(File::open(&ipc).unwrap(), None).unwrap();
    let batches: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 5);
    assert_eq!(batches[0].schema().field(1).name(), "degree");

    let out = dir.path().join("r.txt");
    assert!(
        ona(&[
            "export",
            "--graph",
            s(&snap),
            "--out",
            s(&out),
            "--format",
            "csv"
        ])
        .status
        .success()
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("id,degree,pagerank\na,"), "{text}");

    // No format from the extension and none given; nothing asked for.
    assert_eq!(
        ona(&[
            "export",
            "--graph",
            s(&snap),
            "--out",
            s(&dir.path().join("r.xyz"))
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(ona(&["export", "--graph", s(&snap)]).status.code(), Some(2));
}

#[test]
fn exported_edges_import_to_the_same_graph() {
    let dir = TempDir::new().unwrap();
    let csv = write(&dir, "w.csv", WEIGHTED);
    for directed in [false, true] {
        let flag: &[&str] = if directed { &["--directed"] } else { &[] };
        let snap = dir.path().join("g.ona");
        import(&[&[s(&csv), "--out", s(&snap)], flag].concat());
        let edges = dir.path().join("e.parquet");
        let o = ona(&["export", "--graph", s(&snap), "--edges", s(&edges)]);
        assert!(o.status.success(), "{}", stderr(&o));
        let batch = read_parquet(&edges);
        // 10-20 merged, 40-40, 20-30, 30-10, 30-50; undirected edges once.
        assert_eq!(batch.num_rows(), 5);
        let src = batch
            .column(0)
            .as_any()
            .downcast_ref::<UInt64Array>()
            .unwrap();
        let w = batch
            .column(2)
            .as_any()
            .downcast_ref::<Float64Array>()
            .unwrap();
        assert_eq!((src.value(0), w.value(0)), (10, 3.5));
        assert_eq!(w.null_count(), 0);
        let again = dir.path().join("again.ona");
        import(&[&[s(&edges), "--out", s(&again)], flag].concat());
        let list = if directed {
            "in_strength,out_degree,pagerank"
        } else {
            SELF_LOOPED
        };
        assert_eq!(
            metrics(&["--graph", s(&again), "--metrics", list]),
            metrics(&["--graph", s(&snap), "--metrics", list])
        );
    }
}
