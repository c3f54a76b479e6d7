//! The `ona` binary end to end: loader, metrics, info, demo, gen, exit codes.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

#[path = "cli/pack.rs"]
mod pack;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/store.rs"]
mod store;
#[cfg(feature = "redis")]
#[path = "cli/worker.rs"]
mod worker;

fn ona(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ona")).args(args).arg("--quiet").output().unwrap()
}

fn write(dir: &TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `ona metrics` to stdout as CSV, parsed into (header, rows by id).
fn metrics(args: &[&str]) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let o = ona(&[&["metrics"], args].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let mut csv = csv::Reader::from_reader(o.stdout.as_slice());
    let header = csv.headers().unwrap().iter().map(String::from).collect();
    let rows = csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            let mut f = r.iter().map(String::from);
            (f.next().unwrap(), f.collect())
        })
        .collect();
    (header, rows)
}

fn value(rows: &[(String, Vec<String>)], id: &str, col: usize) -> f64 {
    rows.iter().find(|(i, _)| i == id).unwrap().1[col].parse().unwrap()
}

/// a-b, b-c, c-d, b-d, d-e: NetworkX values below.
const KITE: &str = "source,target\na,b\nb,c\nc,d\nb,d\nd,e\n";

#[test]
fn metric_values_match_networkx() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "kite.csv", KITE);
    let (header, rows) = metrics(&["--edges", s(&f), "--metrics", "degree,pagerank,betweenness,closeness"]);
    assert_eq!(header, ["id", "degree", "pagerank", "betweenness", "closeness"]);
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
    // nx.pagerank / betweenness_centrality / closeness_centrality on the same graph.
    let nx_pr = [("a", 0.11228740326958728), ("b", 0.2904251934608255), ("c", 0.19457480653917453), ("d", 0.2904251934608255), ("e", 0.11228740326958728)];
    for (id, pr) in nx_pr {
        assert!((value(&rows, id, 1) - pr).abs() < 1e-5, "{id}");
    }
    assert_eq!(value(&rows, "b", 0), 3.0);
    assert_eq!(value(&rows, "e", 0), 1.0);
    assert_eq!(value(&rows, "b", 2), 0.5);
    assert_eq!(value(&rows, "c", 2), 0.0);
    assert!((value(&rows, "b", 3) - 0.8).abs() < 1e-12);
    assert!((value(&rows, "c", 3) - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn estimated_betweenness() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "kite.csv", KITE);
    let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "betweenness", "--betweenness-epsilon", "0.1", "--seed", "3"]);
    assert!((value(&rows, "b", 0) - 0.5).abs() <= 0.1);
    assert!(value(&rows, "a", 0).abs() <= 0.1);
    // k = n is exact; fewer sources are seeded and repeatable.
    let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "betweenness", "--betweenness-samples", "5"]);
    assert_eq!(value(&rows, "b", 0), 0.5);
    let once = metrics(&["--edges", s(&f), "--metrics", "betweenness", "--betweenness-samples", "3", "--threads", "1"]);
    let again = metrics(&["--edges", s(&f), "--metrics", "betweenness", "--betweenness-samples", "3", "--threads", "2"]);
    assert_eq!(once, again);
    let demo = stdout(&ona(&["demo", "--people", "300", "--exact-max", "100", "--samples", "50"]));
    assert!(demo.contains("estimated from 50 sampled sources"), "{demo}");
    let demo = stdout(&ona(&["demo", "--people", "300", "--exact-max", "100", "--epsilon", "0.05"]));
    assert!(demo.contains("ε = 0.05"), "{demo}");
}

#[test]
fn headerless_integer_ids_and_weights() {
    let dir = TempDir::new().unwrap();
    // Whitespace separated, comments, a weight column; ids are integers.
    let f = write(&dir, "g.txt", "% KONECT-style comment\n# another\n1 2 2.5\n2   3 1\n\n3 1 0.5\n1 2 1\n");
    let (header, rows) = metrics(&["--edges", s(&f), "--metrics", "degree,strength"]);
    assert_eq!(header, ["id", "degree", "strength"]);
    assert_eq!(rows.len(), 3);
    // The repeated 1-2 edge merges, weights add: 2.5 + 1.
    assert_eq!(value(&rows, "1", 1), 3.5 + 0.5);
    assert_eq!(value(&rows, "2", 1), 3.5 + 1.0);
    assert_eq!(value(&rows, "2", 0), 2.0);
}

#[test]
fn header_detection_and_named_columns() {
    let dir = TempDir::new().unwrap();
    // Unusual names: detected because the second row is numeric.
    let f = write(&dir, "h.csv", "who,whom,intensity\n10,20,4\n20,30,1\n");
    let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "strength", "--weight-col", "intensity"]);
    assert_eq!(rows.len(), 3);
    assert_eq!(value(&rows, "20", 0), 5.0);
    // String ids with no header: the first row is data.
    let f = write(&dir, "n.csv", "alice,bob\nbob,carol\n");
    let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "degree"]);
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["alice", "bob", "carol"]);
    // Columns picked by name, in another order, tab separated, with a timestamp.
    let f = write(&dir, "t.tsv", "time\tto\tfrom\tweight\n2024-01-05T10:00:00Z\tx\ty\t2\n1700000000\ty\tz\t3\n");
    let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "strength", "--src-col", "from", "--dst-col", "to"]);
    assert_eq!(value(&rows, "y", 0), 5.0);
    // Quoted string ids containing the delimiter.
    let f = write(&dir, "q.csv", "source,target\n\"Smith, J\",\"Doe, A\"\n\"Doe, A\",Lee\n");
    let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "degree"]);
    assert_eq!(value(&rows, "Doe, A", 0), 2.0);
    assert_eq!(value(&rows, "Smith, J", 0), 1.0);
}

#[test]
fn window_keeps_edges_in_time() {
    let dir = TempDir::new().unwrap();
    // Epoch seconds and ISO dates mixed; 1704067200 is 2024-01-01T00:00:00Z.
    let f = write(&dir, "t.csv", "source,target,weight,time\na,b,1,1704067199\na,c,2,1704067200\nb,c,4,2024-01-01T01:00:00+01:00\nc,d,8,2024-01-02\n");
    let strength = |window: &str| {
        let (_, rows) = metrics(&["--edges", s(&f), "--metrics", "strength", "--window", window]);
        rows.into_iter().map(|(id, v)| (id, v[0].parse::<f64>().unwrap())).collect::<Vec<_>>()
    };
    // [2024-01-01, 2024-01-02): a-c and b-c (01:00+01:00 is midnight UTC); a-b is a second early, c-d at the end.
    assert_eq!(strength("2024-01-01..2024-01-02"), [("a".into(), 2.0), ("c".into(), 6.0), ("b".into(), 4.0)]);
    assert_eq!(strength("..1704067200"), [("a".into(), 1.0), ("b".into(), 1.0)]);
    assert_eq!(strength("2024-01-02.."), [("c".into(), 8.0), ("d".into(), 8.0)]);
    for (window, msg) in [
        ("2025-01-01..", "no edge has a timestamp in the window 2025-01-01.."),
        ("2024-01-02..2024-01-01", "is empty"),
        ("2024-13-01..", "neither a number nor an ISO 8601"),
        ("..", "at least one end"),
        ("2024", "expected START..END"),
    ] {
        let o = ona(&["metrics", "--edges", s(&f), "--window", window]);
        assert_eq!(o.status.code(), Some(2), "{window}");
        assert!(stderr(&o).contains(msg), "{window}: {}", stderr(&o));
    }
    let plain = write(&dir, "p.csv", "source,target\na,b\n");
    let o = ona(&["metrics", "--edges", s(&plain), "--window", "0..1"]);
    assert!(stderr(&o).contains("--window needs a timestamp column"), "{}", stderr(&o));
}

#[test]
fn bad_rows_exit_2_with_line_numbers() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "bad.csv", "source,target,weight\na,b,1\n# comment\nb,c,abc\n");
    let o = ona(&["metrics", "--edges", s(&f), "--metrics", "degree"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.csv: line 4: weight 'abc' is not a number"), "{err}");
    let f = write(&dir, "nan.csv", "1,2,1\n2,3,NaN\n");
    let err = stderr(&ona(&["info", s(&f)]));
    assert!(err.contains("line 2: weight 'NaN' is not finite"), "{err}");
    let f = write(&dir, "short.csv", "1,2\n3\n");
    let o = ona(&["info", s(&f)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 2: expected at least 2 columns, found 1"), "{}", stderr(&o));
    let f = write(&dir, "ts.tsv", "src\tdst\tweight\ttimestamp\n1\t2\t1\t2024-01-01\n2\t3\t1\tyesterday\n");
    let o = ona(&["info", s(&f)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 3: timestamp 'yesterday'"), "{}", stderr(&o));
    let f = write(&dir, "quote.csv", "1,2\n\"3,4\n");
    assert!(stderr(&ona(&["info", s(&f)])).contains("line 2: unterminated quoted field"));
    let f = write(&dir, "empty.csv", "# nothing\n");
    assert!(stderr(&ona(&["info", s(&f)])).contains("no edges found"));
    let f = write(&dir, "col.csv", "source,target\n1,2\n");
    let o = ona(&["info", s(&f), "--weight-col", "w"]);
    assert!(stderr(&o).contains("no column 'w'"), "{}", stderr(&o));
}

#[test]
fn missing_file_and_bad_usage() {
    let o = ona(&["metrics", "--edges", "/definitely/not/here.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("/definitely/not/here.csv") && err.contains("No such file"), "{err}");
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "kite.csv", KITE);
    let o = ona(&["metrics", "--edges", s(&f), "--metrics", "degree,wisdom"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown metric 'wisdom'"));
    let o = ona(&["metrics", "--edges", s(&f), "--metrics", "in_degree"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("directed"));
    assert_eq!(ona(&["metrics", "--bogus"]).status.code(), Some(2));
}

#[test]
fn directed_json_output_and_node_file() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "d.csv", "from,to\nx,y\ny,z\nz,y\n");
    let nodes = write(&dir, "nodes.csv", "id,department\nx,sales\ny,ops\nw,ops\n");
    let out = dir.path().join("m.json");
    let o = ona(&["metrics", "--edges", s(&f), "--directed", "--nodes", s(&nodes), "--metrics", "in_degree,out_degree,components", "--out", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["y"]["in_degree"], 2.0);
    assert_eq!(json["x"]["out_degree"], 1.0);
    // w is isolated: only in the node file.
    assert_eq!(json["w"]["in_degree"], 0.0);
    assert_eq!(json["w"]["components"], 1);
    let info = stdout(&ona(&["info", s(&f), "--directed", "--nodes", s(&nodes)]));
    assert!(info.contains("nodes               4"), "{info}");
    assert!(info.contains("strong components"), "{info}");
    assert!(info.contains("attributes          department (2 values)"), "{info}");
}

#[test]
fn info_reports_the_graph() {
    let dir = TempDir::new().unwrap();
    let f = write(&dir, "kite.csv", &format!("{KITE}e,e\n"));
    let o = ona(&["info", s(&f)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in ["nodes               5", "edges               6", "directed            no", "weighted            no", "self loops          1", "components          1 (largest 5 nodes, 100.0%)", "degree              min 1 / median 3 / mean 2.40 / max 3", "memory, compressed"] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    assert!(out.contains("with header, delimiter ',', string ids"), "{out}");
}

#[test]
fn demo_prints_its_sections() {
    let o = ona(&["demo", "--people", "300", "--threads", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for section in ["a synthetic organisation of 300 people", "## Brokers: top 10 by betweenness (exact", "## Connectors", "## Influencers", "## Structure", "components: 1", "k-core", "E-I index", "timings:"] {
        assert!(out.contains(section), "missing {section:?} in\n{out}");
    }
    // Seeded: the same report twice (timings aside).
    let strip = |s: String| {
        let timed = |l: &str| l.contains("threads") || l.contains(" ms") || l.contains(" µs") || l.contains(" s,") || l.contains(" s)");
        s.lines().filter(|l| !timed(l)).map(String::from).collect::<Vec<_>>()
    };
    let again = stdout(&ona(&["demo", "--people", "300", "--threads", "1"]));
    assert_eq!(strip(out), strip(again));
}

#[test]
fn gen_writes_loadable_edge_lists() {
    let dir = TempDir::new().unwrap();
    let rmat = dir.path().join("rmat.txt");
    assert!(ona(&["gen", "rmat", "--scale", "8", "--out", s(&rmat)]).status.success());
    let text = std::fs::read_to_string(&rmat).unwrap();
    assert_eq!(text.lines().count(), 16 * 256);
    assert!(text.lines().next().unwrap().split(' ').all(|f| f.parse::<u32>().is_ok()));
    let info = stdout(&ona(&["info", s(&rmat)]));
    assert!(info.contains("no header, delimiter whitespace, integer ids"), "{info}");
    let org = dir.path().join("org.tsv");
    let nodes = dir.path().join("people.tsv");
    assert!(ona(&["gen", "org", "--people", "500", "--out", s(&org), "--nodes-out", s(&nodes)]).status.success());
    let info = stdout(&ona(&["info", s(&org), "--nodes", s(&nodes)]));
    assert!(info.contains("nodes               500"), "{info}");
    assert!(info.contains("weighted            yes (column 'weight')"), "{info}");
    assert!(info.contains("attributes          department"), "{info}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_cancels_with_130() {
    use std::time::{Duration, Instant};
    let dir = TempDir::new().unwrap();
    let org = dir.path().join("org.tsv");
    assert!(ona(&["gen", "org", "--people", "100000", "--out", s(&org)]).status.success());
    // Exact closeness on 100k people takes minutes: interrupt it.
    let child = Command::new(env!("CARGO_BIN_EXE_ona"))
        .args(["metrics", "--edges", s(&org), "--metrics", "closeness", "--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(2500));
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let t = Instant::now();
    let o = child.wait_with_output().unwrap();
    assert!(t.elapsed() < Duration::from_secs(10), "took {:?} to stop", t.elapsed());
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("cancelled"));
    assert!(o.stdout.is_empty());
}
