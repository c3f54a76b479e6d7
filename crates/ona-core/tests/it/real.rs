//! Oracle tests on real networks: the raw files in `shared/data` (beside the
//! repository; see `shared/data/SOURCES.md`), the expected values in
//! `testdata/real/<name>.json`, computed by NetworkX (`scripts/real_oracle.py`)
//! and keyed by external node id.
//!
//! The data directory must exist: a missing one fails the test, it is never
//! skipped. Cases run through the same algorithm dispatch as the golden suite
//! (`golden::run`), so an algorithm the runner does not know fails here too.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use ona_core::algo::components::component_sizes;
use ona_core::{Exec, Graph, GraphBuilder, NodeId, Partition, SelfLoopPolicy};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::golden::{Output, Params, close, run};

/// Every file in `testdata/real`, each with its own test below.
const DATASETS: &[&str] = &["krackhardt_advice", "lazega_cowork", "email_eu_core", "email_enron", "ca_hepph"];

#[derive(Debug, Deserialize)]
struct OracleFile {
    name: String,
    /// Path under `shared/data`.
    source: String,
    /// `edgelist`, `ego_alter_tie` or `matrix`.
    format: String,
    directed: bool,
    node_count: usize,
    edge_count: u64,
    self_loops: u64,
    cases: Vec<OracleCase>,
}

#[derive(Debug, Deserialize)]
struct OracleCase {
    algorithm: String,
    #[serde(default)]
    params: Map<String, Value>,
    kind: String,
    /// `without_self_loops`: run on the graph with its self loops dropped.
    #[serde(default)]
    graph: Option<String>,
    expected: Value,
    rtol: f64,
    atol: f64,
}

pub(crate) fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

// ------------------------------------------------------------------ readers
// Each mirrors its reader in scripts/real_oracle.py.

/// Nodes (every id mentioned) and edge rows.
struct RawGraph {
    nodes: Vec<u64>,
    src: Vec<u64>,
    dst: Vec<u64>,
}

pub(crate) fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    if path.extension().is_some_and(|x| x == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("cannot gunzip {}: {e}", path.display()));
        text
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()))
    }
}

/// email-Eu-core (directed, self loops kept) and its 42 departments, by node
/// index (the ONA tests' loader).
pub(crate) fn email_eu_core_departments(exec: &Exec) -> (Graph, Vec<u32>) {
    let dir = data_dir().join("snap");
    let (mut src, mut dst) = (Vec::new(), Vec::new());
    for line in read_text(&dir.join("email-Eu-core.txt.gz")).lines() {
        let mut it = line.split_whitespace().map(|t| t.parse::<u32>().expect("node id"));
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            src.push(a);
            dst.push(b);
        }
    }
    let mut dept = vec![ona_core::graph::MISSING; 1005];
    for line in read_text(&dir.join("email-Eu-core-department-labels.normalized.txt")).lines() {
        let mut it = line.split_whitespace().map(|t| t.parse::<u32>().expect("label"));
        if let (Some(v), Some(d)) = (it.next(), it.next()) {
            dept[v as usize] = d;
        }
    }
    (GraphBuilder::directed().build(1005, &src, &dst, None, exec).expect("graph"), dept)
}

fn int(tok: Option<&str>, path: &Path, row: usize) -> u64 {
    let tok = tok.unwrap_or_else(|| panic!("{}:{}: missing field", path.display(), row + 1));
    tok.parse().unwrap_or_else(|e| panic!("{}:{}: {tok:?} is not an integer: {e}", path.display(), row + 1))
}

/// Whitespace-separated "src dst" rows, `#` comments.
fn read_edgelist(path: &Path) -> RawGraph {
    let (mut src, mut dst) = (Vec::new(), Vec::new());
    for (row, line) in read_text(path).lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut it = line.split_whitespace();
        src.push(int(it.next(), path, row));
        dst.push(int(it.next(), path, row));
    }
    RawGraph { nodes: Vec::new(), src, dst }
}

/// "ego alter 0/1" rows listing every ordered pair: all egos are nodes, arcs where 1.
fn read_ego_alter_tie(path: &Path) -> RawGraph {
    let mut g = RawGraph { nodes: Vec::new(), src: Vec::new(), dst: Vec::new() };
    for (row, line) in read_text(path).lines().enumerate() {
        let mut it = line.split_whitespace();
        let Some(first) = it.next() else { continue };
        let (ego, alter, tie) = (int(Some(first), path, row), int(it.next(), path, row), int(it.next(), path, row));
        g.nodes.extend([ego, alter]);
        match tie {
            0 => {}
            1 => {
                g.src.push(ego);
                g.dst.push(alter);
            }
            t => panic!("{}:{}: tie value {t}, expected 0 or 1", path.display(), row + 1),
        }
    }
    g
}

/// A square symmetric 0/1 matrix; node `i + 1` is row `i`; each edge once.
fn read_matrix(path: &Path) -> RawGraph {
    let text = read_text(path);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>()).filter(|r| !r.is_empty()).collect();
    let n = rows.len();
    let mut g = RawGraph { nodes: (1..=n as u64).collect(), src: Vec::new(), dst: Vec::new() };
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), n, "{}: row {} has {} entries, expected {n}", path.display(), i + 1, r.len());
        for (j, &x) in r.iter().enumerate() {
            assert!(x == "0" || x == "1", "{}: entry ({}, {}) is {x:?}", path.display(), i + 1, j + 1);
            assert_eq!(x, rows[j][i], "{}: matrix not symmetric at ({}, {})", path.display(), i + 1, j + 1);
            if x == "1" && i <= j {
                g.src.push(i as u64 + 1);
                g.dst.push(j as u64 + 1);
            }
        }
    }
    g
}

// ------------------------------------------------------------------ running

struct Loaded {
    file: OracleFile,
    raw: RawGraph,
    graph: Graph,
    /// External id (decimal) to node index.
    index: HashMap<String, u32>,
}

fn build(file: &OracleFile, raw: &RawGraph, loops: SelfLoopPolicy, exec: &Exec) -> Graph {
    GraphBuilder::with_direction(file.directed)
        .self_loops(loops)
        .build_u64(&raw.nodes, &raw.src, &raw.dst, None, exec)
        .unwrap_or_else(|e| panic!("{}: GraphBuilder refused {}: {e}", file.name, file.source))
}

fn load(name: &str, exec: &Exec) -> Loaded {
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../testdata/real/{name}.json"));
    let text = std::fs::read_to_string(&json).unwrap_or_else(|e| panic!("cannot read {}: {e}", json.display()));
    let file: OracleFile = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: bad JSON: {e}", json.display()));
    assert_eq!(file.name, name);
    let data = data_dir();
    assert!(
        data.is_dir(),
        "the real-network data directory {} is missing: check out the shared data beside the repository \
         (shared/data, described by shared/data/SOURCES.md); these tests never skip",
        data.display()
    );
    let path = data.join(&file.source);
    assert!(path.is_file(), "{} is missing from the shared data directory", path.display());
    let raw = match file.format.as_str() {
        "edgelist" => read_edgelist(&path),
        "ego_alter_tie" => read_ego_alter_tie(&path),
        "matrix" => read_matrix(&path),
        other => panic!("{name}: unknown format {other:?}"),
    };
    let graph = build(&file, &raw, SelfLoopPolicy::Keep, exec);
    // The builder must see the graph NetworkX saw (duplicates merged,
    // undirected pairs listed twice counted once, self loops kept).
    assert_eq!(
        (graph.node_count(), graph.edge_count(), graph.self_loop_count()),
        (file.node_count, file.edge_count, file.self_loops),
        "{name}: (nodes, edges, self loops) differ from NetworkX's"
    );
    let index = (0..graph.node_count())
        .map(|i| {
            let v = NodeId(u32::try_from(i).expect("node index fits u32"));
            let id = graph.ids().external(v).expect("every node has an external id").to_string();
            (id, v.0)
        })
        .collect();
    Loaded { file, raw, graph, index }
}

/// Expected per-node values keyed by external id, as a dense vector.
fn dense(l: &Loaded, expected: &Value) -> Result<Vec<Value>, String> {
    let obj = expected.as_object().ok_or("expected is not an object keyed by node id")?;
    if obj.len() != l.graph.node_count() {
        return Err(format!("expected has {} nodes, the graph {}", obj.len(), l.graph.node_count()));
    }
    let mut out = vec![Value::Null; l.graph.node_count()];
    for (id, x) in obj {
        let v = l.index.get(id).ok_or_else(|| format!("expected names node {id}, which the graph lacks"))?;
        out[*v as usize] = x.clone();
    }
    Ok(out)
}

fn external(l: &Loaded, v: usize) -> String {
    u32::try_from(v).ok().and_then(|v| l.graph.ids().external(NodeId(v))).map_or_else(|| format!("#{v}"), |x| x.to_string())
}

fn compare(l: &Loaded, case: &OracleCase, out: &Output) -> Result<Vec<String>, String> {
    let mut bad = Vec::new();
    match (case.kind.as_str(), out) {
        ("node_scores", Output::Nodes(got)) => {
            let exp = dense(l, &case.expected)?;
            for (v, (e, &x)) in exp.iter().zip(got).enumerate() {
                let e = e.as_f64().ok_or("expected holds a non-number")?;
                if !close(e, x, case.rtol, case.atol) {
                    bad.push(format!("node {}: expected {e:e}, got {x:e} (diff {:.3e})", external(l, v), (e - x).abs()));
                }
            }
        }
        ("partition", Output::Partition(got)) => {
            let exp = dense(l, &case.expected)?;
            let (mut fwd, mut back) = (HashMap::new(), HashMap::new());
            for (v, (e, &x)) in exp.iter().zip(got).enumerate() {
                let e = e.to_string();
                let f = *fwd.entry(e.clone()).or_insert(x);
                let b = back.entry(x).or_insert_with(|| e.clone()).clone();
                if f != x || b != e {
                    bad.push(format!("node {}: NetworkX class {e} (ona label {f} so far), ona label {x} (NetworkX class {b})", external(l, v)));
                }
            }
        }
        ("component_sizes", Output::Partition(got)) => {
            let exp: Vec<u64> = serde_json::from_value(case.expected.clone()).map_err(|e| format!("expected: {e}"))?;
            let mut sizes = component_sizes(&Partition(got.clone()));
            sizes.sort_unstable_by(|a, b| b.cmp(a));
            if sizes != exp {
                let head = |s: &[u64]| format!("{} components, largest {:?}", s.len(), &s[..s.len().min(5)]);
                bad.push(format!("expected {}, got {}", head(&exp), head(&sizes)));
            }
        }
        ("scalar", Output::Scalar(x)) => {
            let e = case.expected.as_f64().ok_or("expected is not a number")?;
            if !close(e, *x, case.rtol, case.atol) {
                bad.push(format!("expected {e:e}, got {x:e}"));
            }
        }
        (kind, out) => return Err(format!("kind {kind:?} expected, ona produced {:?}", out.kind())),
    }
    Ok(bad)
}

fn check_dataset(name: &str) {
    let exec = Exec::with_threads(2).expect("a 2-thread pool");
    let l = load(name, &exec);
    let mut no_loops: Option<Graph> = None;
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (ci, case) in l.file.cases.iter().enumerate() {
        let g = match case.graph.as_deref() {
            None => &l.graph,
            Some("without_self_loops") => no_loops.get_or_insert_with(|| build(&l.file, &l.raw, SelfLoopPolicy::Drop, &exec)),
            Some(other) => panic!("{name} case #{ci}: unknown graph variant {other:?}"),
        };
        let where_ = format!("{name}.json case #{ci} [{} {}]", case.algorithm, Value::Object(case.params.clone()));
        let params = Params::new(&case.params, &l.index, g.node_count());
        let started = std::time::Instant::now();
        let outs = match run(g, &case.algorithm, &params, &exec) {
            Ok(outs) => outs,
            Err(e) => {
                failures.push(format!("{where_}: {e}"));
                continue;
            }
        };
        let unread = params.unread();
        if !unread.is_empty() {
            failures.push(format!("{where_}: params {unread:?} are not mapped to any ona option"));
        }
        for (label, out) in &outs {
            match compare(&l, case, out) {
                Ok(bad) if bad.is_empty() => {}
                Ok(bad) => {
                    let mut msg = format!("{where_} via {label}: {} mismatches", bad.len());
                    for b in bad.iter().take(5) {
                        let _ = write!(msg, "\n      {b}");
                    }
                    failures.push(msg);
                }
                Err(e) => failures.push(format!("{where_} via {label}: {e}")),
            }
        }
        *counts.entry(case.kind.as_str()).or_default() += 1;
        eprintln!("{where_}: {:.2?}", started.elapsed());
    }
    assert!(!l.file.cases.is_empty(), "{name}: no cases");
    assert!(failures.is_empty(), "{name}: {} check(s) failed:\n  - {}", failures.len(), failures.join("\n  - "));
}

#[test]
fn every_oracle_file_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/real");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "json").then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    found.sort();
    let mut known: Vec<String> = DATASETS.iter().map(|s| (*s).to_owned()).collect();
    known.sort();
    assert_eq!(found, known, "testdata/real/*.json and real::DATASETS disagree");
}

#[test]
fn krackhardt_advice() {
    check_dataset("krackhardt_advice");
}

#[test]
fn lazega_cowork() {
    check_dataset("lazega_cowork");
}

#[test]
fn email_eu_core() {
    check_dataset("email_eu_core");
}

#[test]
fn email_enron() {
    check_dataset("email_enron");
}

#[test]
fn ca_hepph() {
    check_dataset("ca_hepph");
}
