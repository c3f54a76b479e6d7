//! Oracle tests for the ONA measures (`ona_core::ona`) on real networks: the
//! raw files in `shared/data` (beside the repository), the expected values in
//! `testdata/ona/<name>.json`, computed by NetworkX (`scripts/ona_oracle.py`)
//! and keyed by external node id; NaN is written as null.
//!
//! As in `real.rs`, a missing data directory fails the tests, never skips
//! them. The readers mirror those in `scripts/ona_oracle.py` (which adds
//! KONECT's `%` comments and a weight column to `real.rs`'s formats).

use std::collections::HashMap;
use std::path::Path;

use ona_core::ona::{
    CutConfig, HolesConfig, ReciprocityConfig, StructuralHoles, articulation_points, bridges, overall_reciprocity, reciprocity,
    structural_holes,
};
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder, NodeId};
use serde::Deserialize;
use serde_json::Value;

use crate::real::{data_dir, read_text};

/// Every file in `testdata/ona`, each with its own test below.
const DATASETS: &[&str] = &["krackhardt_advice", "lazega_cowork", "email_eu_core", "arenas_email", "radoslaw_email"];

#[derive(Debug, Deserialize)]
struct OracleFile {
    name: String,
    /// Path under `shared/data`.
    source: String,
    /// `edgelist`, `ego_alter_tie` or `matrix`.
    format: String,
    directed: bool,
    /// Column of the edge weight in an edge list (repeated rows add up).
    weight_column: Option<usize>,
    node_count: usize,
    edge_count: u64,
    self_loops: u64,
    cases: Vec<OracleCase>,
}

#[derive(Debug, Deserialize)]
struct OracleCase {
    measure: String,
    weighted: bool,
    expected: Value,
    rtol: f64,
    atol: f64,
}

/// Nodes (every id mentioned), edge rows and their weights.
#[derive(Default)]
struct RawGraph {
    nodes: Vec<u64>,
    src: Vec<u64>,
    dst: Vec<u64>,
    weights: Vec<f64>,
}

fn field<T: std::str::FromStr>(tok: Option<&str>, path: &Path, row: usize) -> T
where
    T::Err: std::fmt::Display,
{
    let tok = tok.unwrap_or_else(|| panic!("{}:{}: missing field", path.display(), row + 1));
    tok.parse().unwrap_or_else(|e| panic!("{}:{}: bad field {tok:?}: {e}", path.display(), row + 1))
}

/// "src dst [...]" rows, `#` and `%` comments, optional weight column.
fn read_edgelist(path: &Path, weight_column: Option<usize>) -> RawGraph {
    let mut g = RawGraph::default();
    for (row, line) in read_text(path).lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('%') {
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        g.src.push(field(cols.first().copied(), path, row));
        g.dst.push(field(cols.get(1).copied(), path, row));
        if let Some(c) = weight_column {
            g.weights.push(field(cols.get(c).copied(), path, row));
        }
    }
    g
}

/// "ego alter 0/1" rows listing every ordered pair: all egos are nodes.
fn read_ego_alter_tie(path: &Path) -> RawGraph {
    let mut g = RawGraph::default();
    for (row, line) in read_text(path).lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            continue;
        }
        let (ego, alter): (u64, u64) = (field(cols.first().copied(), path, row), field(cols.get(1).copied(), path, row));
        g.nodes.extend([ego, alter]);
        match field::<u8>(cols.get(2).copied(), path, row) {
            0 => {}
            1 => {
                g.src.push(ego);
                g.dst.push(alter);
            }
            t => panic!("{}:{}: tie value {t}", path.display(), row + 1),
        }
    }
    g
}

/// A square symmetric 0/1 matrix; node `i + 1` is row `i`; each edge once.
fn read_matrix(path: &Path) -> RawGraph {
    let text = read_text(path);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>()).filter(|r| !r.is_empty()).collect();
    let n = rows.len();
    let mut g = RawGraph { nodes: (1..=n as u64).collect(), ..RawGraph::default() };
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), n, "{}: row {} is not {n} long", path.display(), i + 1);
        for (j, &x) in r.iter().enumerate().skip(i) {
            assert!(x == "0" || x == "1", "{}: entry ({}, {}) is {x:?}", path.display(), i + 1, j + 1);
            if x == "1" {
                g.src.push(i as u64 + 1);
                g.dst.push(j as u64 + 1);
            }
        }
    }
    g
}

struct Loaded {
    file: OracleFile,
    graph: Graph,
    /// External id (decimal) to node index.
    index: HashMap<String, u32>,
}

fn load(name: &str, exec: &Exec) -> Loaded {
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../testdata/ona/{name}.json"));
    let text = std::fs::read_to_string(&json).unwrap_or_else(|e| panic!("cannot read {}: {e}", json.display()));
    let file: OracleFile = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: bad JSON: {e}", json.display()));
    assert_eq!(file.name, name);
    let data = data_dir();
    assert!(data.is_dir(), "the shared data directory {} is missing (see shared/data/SOURCES.md); these tests never skip", data.display());
    let path = data.join(&file.source);
    assert!(path.is_file(), "{} is missing from the shared data directory", path.display());
    let raw = match file.format.as_str() {
        "edgelist" => read_edgelist(&path, file.weight_column),
        "ego_alter_tie" => read_ego_alter_tie(&path),
        "matrix" => read_matrix(&path),
        other => panic!("{name}: unknown format {other:?}"),
    };
    let weights = file.weight_column.map(|_| EdgeWeights::F64(&raw.weights));
    let graph = GraphBuilder::with_direction(file.directed)
        .build_u64(&raw.nodes, &raw.src, &raw.dst, weights, exec)
        .unwrap_or_else(|e| panic!("{name}: GraphBuilder refused {}: {e}", file.source));
    assert_eq!(
        (graph.node_count(), graph.edge_count(), graph.self_loop_count()),
        (file.node_count, file.edge_count, file.self_loops),
        "{name}: (nodes, edges, self loops) differ from NetworkX's"
    );
    let index = (0..u32::try_from(graph.node_count()).expect("node count fits u32")).map(|v| (external(&graph, v), v)).collect();
    Loaded { file, graph, index }
}

fn external(g: &Graph, v: u32) -> String {
    g.ids().external(NodeId(v)).map_or_else(|| format!("#{v}"), |x| x.to_string())
}

/// Largest deviations seen: absolute, and relative to `max(|expected|, 1)`.
#[derive(Default)]
struct Deviation {
    abs: f64,
    rel: f64,
}

impl Deviation {
    /// Whether `got` matches `want` (null = NaN) within the case's tolerance.
    fn check(&mut self, want: &Value, got: f64, case: &OracleCase) -> Result<(), String> {
        match want.as_f64() {
            None if want.is_null() && got.is_nan() => Ok(()),
            Some(e) if (e - got).abs() <= case.atol + case.rtol * e.abs() => {
                self.abs = self.abs.max((e - got).abs());
                self.rel = self.rel.max((e - got).abs() / e.abs().max(1.0));
                Ok(())
            }
            _ => Err(format!("expected {want}, got {got:e}")),
        }
    }
}

fn pairs(g: &Graph, edges: &[(NodeId, NodeId)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = edges.iter().map(|&(u, v)| (external(g, u.0), external(g, v.0))).collect();
    out.sort_unstable();
    out
}

fn check_dataset(name: &str) {
    let exec = Exec::with_threads(2).expect("a 2-thread pool");
    let l = load(name, &exec);
    let g = &l.graph;
    let mut holes: HashMap<bool, StructuralHoles> = HashMap::new();
    let mut dev = Deviation::default();
    let mut failures = Vec::new();
    for (ci, case) in l.file.cases.iter().enumerate() {
        let where_ = format!("{name}.json case #{ci} [{} weighted={}]", case.measure, case.weighted);
        let mut bad = Vec::new();
        let per_node: Option<Vec<f64>> = match case.measure.as_str() {
            m @ ("constraint" | "effective_size" | "efficiency" | "hierarchy") => {
                let h = holes.entry(case.weighted).or_insert_with(|| {
                    structural_holes(g, &HolesConfig::default().weighted(case.weighted), &exec).expect("structural holes")
                });
                Some(match m {
                    "constraint" => h.constraint.0.clone(),
                    "effective_size" => h.effective_size.0.clone(),
                    "efficiency" => h.efficiency.0.clone(),
                    _ => h.hierarchy.0.clone(),
                })
            }
            "reciprocity" => Some(reciprocity(g, &ReciprocityConfig::default(), &exec).expect("reciprocity").0),
            "overall_reciprocity" => {
                let got = overall_reciprocity(g, &ReciprocityConfig::default(), &exec).expect("overall reciprocity");
                if let Err(e) = dev.check(&case.expected, got, case) {
                    bad.push(e);
                }
                None
            }
            "bridges" => {
                let want: Vec<(u64, u64)> = serde_json::from_value(case.expected.clone()).expect("bridge pairs");
                let mut want: Vec<(String, String)> = want.iter().map(|(u, v)| (u.to_string(), v.to_string())).collect();
                want.sort_unstable();
                let got = pairs(g, &bridges(g, &CutConfig::default(), &exec).expect("bridges"));
                if got != want {
                    bad.push(format!(
                        "{} bridges expected, {} found; first expected {:?}, found {:?}",
                        want.len(),
                        got.len(),
                        want.first(),
                        got.first()
                    ));
                }
                None
            }
            "articulation_points" => {
                let want: Vec<u64> = serde_json::from_value(case.expected.clone()).expect("node list");
                let mut want: Vec<String> = want.iter().map(u64::to_string).collect();
                want.sort_unstable();
                let a = articulation_points(g, &CutConfig::default(), &exec).expect("articulation points");
                let mut got: Vec<String> = a.points.iter().map(|v| external(g, v.0)).collect();
                got.sort_unstable();
                if got != want {
                    bad.push(format!("{} points expected, {} found", want.len(), got.len()));
                }
                None
            }
            "cut_off" => {
                let want = case.expected.as_object().expect("cut_off keyed by node");
                let a = articulation_points(g, &CutConfig::default(), &exec).expect("articulation points");
                for (v, &c) in a.cut_off.iter().enumerate() {
                    let id = external(g, u32::try_from(v).expect("node index fits u32"));
                    let e = want.get(&id).map_or(Some(0), Value::as_u64);
                    if e != Some(u64::from(c)) {
                        bad.push(format!("node {id}: expected {e:?} cut off, got {c}"));
                    }
                }
                None
            }
            other => panic!("{where_}: unknown measure {other:?}"),
        };
        if let Some(got) = per_node {
            let want = case.expected.as_object().expect("per-node values keyed by id");
            assert_eq!(want.len(), g.node_count(), "{where_}: expected covers every node");
            for (id, e) in want {
                let v = *l.index.get(id).unwrap_or_else(|| panic!("{where_}: unknown node {id}"));
                if let Err(msg) = dev.check(e, got[v as usize], case) {
                    bad.push(format!("node {id}: {msg}"));
                }
            }
        }
        if !bad.is_empty() {
            failures.push(format!("{where_}: {} mismatches\n      {}", bad.len(), bad[..bad.len().min(5)].join("\n      ")));
        }
    }
    eprintln!("{name}: max deviation from NetworkX {:.3e} absolute, {:.3e} relative", dev.abs, dev.rel);
    assert!(failures.is_empty(), "{name}: {} check(s) failed:\n  - {}", failures.len(), failures.join("\n  - "));
}

/// Every file `scripts/ona_oracle.py` wrote (other suites share the folder)
/// has a test, and every test has its file.
#[test]
fn every_oracle_file_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/ona");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            if p.extension()? != "json" {
                return None;
            }
            let doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).ok()?).ok()?;
            let ours = doc.get("generator")?.as_str()?.starts_with("scripts/ona_oracle.py");
            ours.then(|| p.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    found.sort();
    let mut known: Vec<String> = DATASETS.iter().map(|s| (*s).to_owned()).collect();
    known.sort();
    assert_eq!(found, known, "testdata/ona/*.json from scripts/ona_oracle.py and ona_oracle::DATASETS disagree");
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
fn arenas_email() {
    check_dataset("arenas_email");
}

#[test]
fn radoslaw_email() {
    check_dataset("radoslaw_email");
}
