//! Golden cases: `testdata/golden/*.json`, generated from NetworkX by
//! `scripts/golden.py` (format in `testdata/golden/README.md`).
//!
//! Every case runs on the plain graph and on `g.compress(..)`; both must match
//! NetworkX within the case's tolerance and be bit-identical to each other.
//! An algorithm name or parameter the runner does not know fails the test:
//! nothing is skipped silently. All failures are collected and reported
//! together (file, case, storage, node, expected, got).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ona_core::algo::centrality::{
    Beta, BetweennessConfig, ClosenessConfig, DegreeCentralityConfig, DegreeConfig, Direction, EdgeBetweennessConfig,
    EigenvectorConfig, HarmonicConfig, HitsConfig, KatzConfig, PageRankConfig, PageRankSolver, betweenness_centrality,
    closeness_centrality, degree, degree_centrality, edge_betweenness_centrality, eigenvector_centrality,
    harmonic_centrality, hits, katz_centrality, pagerank,
};
use ona_core::algo::clustering::{
    AverageClusteringConfig, ClusteringConfig, TransitivityConfig, TrianglesConfig, average_clustering, clustering,
    transitivity, triangles,
};
use ona_core::algo::components::{
    ComponentsConfig, StrongComponentsConfig, connected_components, strongly_connected_components,
    weakly_connected_components,
};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::algo::community::{LabelPropagationConfig, ModularityConfig, label_propagation, modularity};
use ona_core::algo::paths::{
    BfsConfig, BfsStrategy, ShortestPathConfig, UNREACHABLE, bfs_distances, single_source_shortest_paths,
};
use ona_core::graph::Adjacency;
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder, NodeId, Partition};
use serde::Deserialize;
use serde_json::{Map, Value};

// ------------------------------------------------------------------ format

#[derive(Debug, Deserialize)]
struct GoldenFile {
    name: String,
    directed: bool,
    weighted: bool,
    nodes: Vec<Value>,
    edges: Vec<Vec<Value>>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    algorithm: String,
    #[serde(default)]
    params: Map<String, Value>,
    kind: String,
    expected: Value,
    rtol: f64,
    atol: f64,
}

/// A node id as text: JSON strings as they are, numbers in JSON notation.
pub(crate) fn id_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A loaded file: the graph (node `i` is `nodes[i]`) and the id index.
pub(crate) struct Golden {
    file: GoldenFile,
    index: HashMap<String, u32>,
    pub(crate) graph: Graph,
}

pub(crate) fn load(path: &Path, exec: &Exec) -> Result<Golden, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let file: GoldenFile = serde_json::from_str(&text).map_err(|e| format!("bad JSON: {e}"))?;
    let mut index = HashMap::new();
    for (i, v) in file.nodes.iter().enumerate() {
        let i = u32::try_from(i).map_err(|_| "too many nodes".to_string())?;
        if index.insert(id_key(v), i).is_some() {
            return Err(format!("node {v} listed twice"));
        }
    }
    let (mut src, mut dst, mut wts) = (Vec::new(), Vec::new(), Vec::new());
    for (row, e) in file.edges.iter().enumerate() {
        let want = if file.weighted { 3 } else { 2 };
        if e.len() != want {
            return Err(format!("edge row {row} has {} fields, expected {want}", e.len()));
        }
        let node = |v: &Value| index.get(&id_key(v)).copied().ok_or_else(|| format!("edge row {row}: unknown node {v}"));
        src.push(node(&e[0])?);
        dst.push(node(&e[1])?);
        if file.weighted {
            wts.push(e[2].as_f64().ok_or_else(|| format!("edge row {row}: weight is not a number"))?);
        }
    }
    let weights = file.weighted.then_some(EdgeWeights::F64(&wts));
    let graph = GraphBuilder::with_direction(file.directed)
        .build(file.nodes.len(), &src, &dst, weights, exec)
        .map_err(|e| format!("GraphBuilder refused the graph: {e}"))?;
    Ok(Golden { file, index, graph })
}

// ------------------------------------------------------------------ params

/// NetworkX kwargs of one case; every key must be read by the runner.
pub(crate) struct Params<'a> {
    map: &'a Map<String, Value>,
    used: RefCell<BTreeSet<&'a str>>,
    /// External id (as [`id_key`] writes it) to node index.
    index: &'a HashMap<String, u32>,
    node_count: usize,
}

impl<'a> Params<'a> {
    pub(crate) fn new(map: &'a Map<String, Value>, index: &'a HashMap<String, u32>, node_count: usize) -> Self {
        Self { map, used: RefCell::new(BTreeSet::new()), index, node_count }
    }
    fn get(&self, key: &'a str) -> Option<&'a Value> {
        self.used.borrow_mut().insert(key);
        self.map.get(key).filter(|v| !v.is_null())
    }
    fn f64(&self, key: &'a str, default: f64) -> Result<f64, String> {
        self.get(key).map_or(Ok(default), |v| v.as_f64().ok_or_else(|| format!("param {key}={v} is not a number")))
    }
    fn u32(&self, key: &'a str, default: u32) -> Result<u32, String> {
        self.get(key).map_or(Ok(default), |v| {
            v.as_u64().and_then(|x| u32::try_from(x).ok()).ok_or_else(|| format!("param {key}={v} is not a count"))
        })
    }
    fn bool(&self, key: &'a str, default: bool) -> Result<bool, String> {
        self.get(key).map_or(Ok(default), |v| v.as_bool().ok_or_else(|| format!("param {key}={v} is not a bool")))
    }
    /// `weight` / `distance`: `null` (unweighted) or `"weight"` (the edge weights).
    fn weighted(&self, key: &'a str) -> Result<bool, String> {
        match self.get(key) {
            None => Ok(false),
            Some(Value::String(s)) if s == "weight" => Ok(true),
            Some(v) => Err(format!("param {key}={v}: only null or \"weight\" are meaningful")),
        }
    }
    fn node(&self, key: &'a str) -> Result<NodeId, String> {
        let v = self.get(key).ok_or_else(|| format!("param {key} missing"))?;
        self.index.get(&id_key(v)).map(|&i| NodeId(i)).ok_or_else(|| format!("param {key}={v} is not a node"))
    }
    /// A per-node vector aligned with `nodes` (NetworkX takes a dict).
    fn per_node(&self, key: &'a str) -> Result<Option<Vec<f64>>, String> {
        let Some(v) = self.get(key) else { return Ok(None) };
        let arr = v.as_array().ok_or_else(|| format!("param {key} is not an array"))?;
        if arr.len() != self.node_count {
            return Err(format!("param {key} has {} entries for {} nodes", arr.len(), self.node_count));
        }
        arr.iter().map(|x| x.as_f64().ok_or_else(|| format!("param {key} holds {x}"))).collect::<Result<_, _>>().map(Some)
    }
    /// Keys present in the case that the runner never read.
    pub(crate) fn unread(&self) -> Vec<&'a str> {
        let used = self.used.borrow();
        self.map.keys().map(String::as_str).filter(|k| !used.contains(k)).collect()
    }
}

// ------------------------------------------------------------------ running

/// One result, in the shape of a case's `kind`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Output {
    Nodes(Vec<f64>),
    Partition(Vec<u32>),
    /// `(source, target, value)` per arc or edge, dense node indices.
    Edges(Vec<(u32, u32, f64)>),
    Scalar(f64),
    /// `None` = unreachable.
    Distances(Vec<Option<f64>>),
}

impl Output {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Nodes(_) => "node_scores",
            Self::Partition(_) => "partition",
            Self::Edges(_) => "edge_scores",
            Self::Scalar(_) => "scalar",
            Self::Distances(_) => "distances",
        }
    }
}

/// Each ona entry point that answers the case, labelled.
pub(crate) type Outputs = Vec<(&'static str, Output)>;

fn ona<T>(r: ona_core::Result<T>) -> Result<T, String> {
    r.map_err(|e| format!("ona returned an error: {e}"))
}

fn one(label: &'static str, out: Output) -> Result<Outputs, String> {
    Ok(vec![(label, out)])
}

/// Run `case` on `g` through every ona entry point that implements it.
pub(crate) fn run<A: Adjacency>(g: &Graph<A>, alg: &str, p: &Params<'_>, exec: &Exec) -> Result<Outputs, String> {
    match alg {
        "degree" | "in_degree" | "out_degree" => {
            let dir = match alg {
                "in_degree" => Direction::In,
                "out_degree" => Direction::Out,
                _ => Direction::Both,
            };
            let cfg = DegreeConfig::default().direction(dir).weighted(p.weighted("weight")?);
            one("degree", Output::Nodes(ona(degree(g, &cfg, exec))?.0))
        }
        "degree_centrality" | "in_degree_centrality" | "out_degree_centrality" => {
            let dir = match alg {
                "in_degree_centrality" => Direction::In,
                "out_degree_centrality" => Direction::Out,
                _ => Direction::Both,
            };
            let cfg = DegreeCentralityConfig::default().direction(dir);
            one("degree_centrality", Output::Nodes(ona(degree_centrality(g, &cfg, exec))?.0))
        }
        "pagerank" => {
            let cfg = PageRankConfig::default()
                .alpha(p.f64("alpha", 0.85)?)
                .max_iter(p.u32("max_iter", 100)?)
                .tol(p.f64("tol", 1e-6)?)
                .weighted(p.weighted("weight")?)
                .personalization(p.per_node("personalization")?)
                .dangling(p.per_node("dangling")?);
            // Power: NetworkX's own iteration; the default may pick another
            // solver (conjugate gradients on undirected graphs): same fixed point.
            let power = cfg.clone().solver(PageRankSolver::Power);
            Ok(vec![
                ("pagerank(Power)", Output::Nodes(ona(pagerank(g, &power, exec))?.0)),
                ("pagerank(default solver)", Output::Nodes(ona(pagerank(g, &cfg, exec))?.0)),
            ])
        }
        "eigenvector_centrality" => {
            let cfg = EigenvectorConfig::default()
                .max_iter(p.u32("max_iter", 100)?)
                .tol(p.f64("tol", 1e-6)?)
                .weighted(p.weighted("weight")?);
            one("eigenvector_centrality", Output::Nodes(ona(eigenvector_centrality(g, &cfg, exec))?.0))
        }
        "katz_centrality" => {
            let cfg = KatzConfig::default()
                .alpha(p.f64("alpha", 0.1)?)
                .beta(Beta::Uniform(p.f64("beta", 1.0)?))
                .max_iter(p.u32("max_iter", 1000)?)
                .tol(p.f64("tol", 1e-6)?)
                .normalized(p.bool("normalized", true)?)
                .weighted(p.weighted("weight")?);
            one("katz_centrality", Output::Nodes(ona(katz_centrality(g, &cfg, exec))?.0))
        }
        "hits_hubs" | "hits_authorities" => {
            // NetworkX's hits always reads the "weight" attribute.
            let cfg = HitsConfig::default()
                .max_iter(p.u32("max_iter", 100)?)
                .tol(p.f64("tol", 1e-8)?)
                .normalized(p.bool("normalized", true)?)
                .weighted(true);
            let r = ona(hits(g, &cfg, exec))?;
            let scores = if alg == "hits_hubs" { r.hubs } else { r.authorities };
            one("hits", Output::Nodes(scores.0))
        }
        "clustering" => {
            let cfg = ClusteringConfig::default().weighted(p.weighted("weight")?);
            one("clustering", Output::Nodes(ona(clustering(g, &cfg, exec))?.0))
        }
        "average_clustering" => {
            let cfg = AverageClusteringConfig::default()
                .weighted(p.weighted("weight")?)
                .count_zeros(p.bool("count_zeros", true)?);
            one("average_clustering", Output::Scalar(ona(average_clustering(g, &cfg, exec))?))
        }
        "transitivity" => one("transitivity", Output::Scalar(ona(transitivity(g, &TransitivityConfig::default(), exec))?)),
        "triangles" => {
            let t = ona(triangles(g, &TrianglesConfig::default(), exec))?;
            // Counts of a test graph are far below 2^53: exact as f64.
            one("triangles", Output::Nodes(t.iter().map(|&x| x as f64).collect()))
        }
        "betweenness_centrality" => {
            let cfg = BetweennessConfig::default()
                .normalized(p.bool("normalized", true)?)
                .endpoints(p.bool("endpoints", false)?)
                .weighted(p.weighted("weight")?);
            one("betweenness_centrality", Output::Nodes(ona(betweenness_centrality(g, &cfg, exec))?.0))
        }
        "edge_betweenness_centrality" => {
            let cfg = EdgeBetweennessConfig::default()
                .normalized(p.bool("normalized", true)?)
                .weighted(p.weighted("weight")?);
            let eb = ona(edge_betweenness_centrality(g, &cfg, exec))?;
            let listed = eb.edges().iter().map(|e| (e.source.0, e.target.0, e.value)).collect();
            // The per-arc view must carry the same values on every arc.
            let mut arcs = Vec::new();
            for v in 0..u32::try_from(g.node_count()).map_err(|e| e.to_string())? {
                g.out_adj().for_each_arc(v, |u, arc| arcs.push((v, u, eb.arc(arc).unwrap_or(f64::NAN))));
            }
            Ok(vec![("edge_betweenness_centrality.edges()", Output::Edges(listed)), ("per_arc()", Output::Edges(arcs))])
        }
        "closeness_centrality" => {
            let cfg = ClosenessConfig::default().wf_improved(p.bool("wf_improved", true)?).weighted(p.weighted("distance")?);
            one("closeness_centrality", Output::Nodes(ona(closeness_centrality(g, &cfg, exec))?.0))
        }
        "harmonic_centrality" => {
            let cfg = HarmonicConfig::default().weighted(p.weighted("distance")?);
            one("harmonic_centrality", Output::Nodes(ona(harmonic_centrality(g, &cfg, exec))?.0))
        }
        "connected_components" | "weakly_connected_components" => {
            let cfg = ComponentsConfig::default();
            let part = if alg == "connected_components" {
                ona(connected_components(g, &cfg, exec))?
            } else {
                ona(weakly_connected_components(g, &cfg, exec))?
            };
            one("weakly_connected_components", Output::Partition(part.0))
        }
        "strongly_connected_components" => {
            let part = ona(strongly_connected_components(g, &StrongComponentsConfig::default(), exec))?;
            one("strongly_connected_components", Output::Partition(part.0))
        }
        "modularity" => {
            let labels = p.per_node("communities")?.ok_or("modularity needs communities")?;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small non-negative labels
            let part = Partition(labels.iter().map(|&x| x as u32).collect());
            let cfg = ModularityConfig::default().weighted(p.weighted("weight")?).resolution(p.f64("resolution", 1.0)?);
            one("modularity", Output::Scalar(ona(modularity(g, &part, &cfg, exec))?))
        }
        "label_propagation_communities" => {
            let part = ona(label_propagation(g, &LabelPropagationConfig::default(), exec))?;
            one("label_propagation", Output::Partition(part.0))
        }
        "core_number" => {
            let cores = ona(core_number(g, &CoreNumberConfig::default(), exec))?;
            one("core_number", Output::Nodes(cores.0.iter().map(|&k| f64::from(k)).collect()))
        }
        "single_source_shortest_path_length" => {
            let s = p.node("source")?;
            let sp = ona(single_source_shortest_paths(g, s, &ShortestPathConfig::default(), exec))?;
            let mut outs = vec![("single_source_shortest_paths", distances(sp.distances()))];
            for (label, strategy) in [
                ("bfs_distances(TopDown)", BfsStrategy::TopDown),
                ("bfs_distances(DirectionOptimizing)", BfsStrategy::DirectionOptimizing),
            ] {
                let d = ona(bfs_distances(g, s, &BfsConfig::default().strategy(strategy), exec))?;
                let d = d.iter().map(|&x| (x != UNREACHABLE).then_some(f64::from(x))).collect();
                outs.push((label, Output::Distances(d)));
            }
            Ok(outs)
        }
        "single_source_dijkstra_path_length" => {
            let s = p.node("source")?;
            let cfg = ShortestPathConfig::default().weighted(p.weighted("weight")?);
            let sp = ona(single_source_shortest_paths(g, s, &cfg, exec))?;
            one("single_source_shortest_paths", distances(sp.distances()))
        }
        other => Err(format!("{UNWIRED}: {other:?}")),
    }
}

/// Error prefix for an algorithm name the runner does not know.
pub(crate) const UNWIRED: &str = "algorithm not wired into the golden runner (tests/it/golden.rs)";

fn distances(d: &[f64]) -> Output {
    Output::Distances(d.iter().map(|&x| x.is_finite().then_some(x)).collect())
}

// ------------------------------------------------------------------ comparing

pub(crate) fn close(expected: f64, got: f64, rtol: f64, atol: f64) -> bool {
    (expected - got).abs() <= atol + rtol * expected.abs() || expected == got
}

/// Mismatches between `out` and the case's expectation, one line each.
fn compare(golden: &Golden, case: &Case, out: &Output) -> Vec<String> {
    let nodes = &golden.file.nodes;
    let n = nodes.len();
    let mut bad = Vec::new();
    if out.kind() != case.kind {
        return vec![format!("kind {:?} expected, ona produced {:?}", case.kind, out.kind())];
    }
    let exp_arr = case.expected.as_array();
    match out {
        Output::Nodes(got) => {
            let Some(exp) = exp_arr.filter(|a| a.len() == n) else {
                return vec![format!("expected is not an array of {n} numbers")];
            };
            if got.len() != n {
                return vec![format!("ona returned {} values for {n} nodes", got.len())];
            }
            for (i, (e, &x)) in exp.iter().zip(got).enumerate() {
                let Some(e) = e.as_f64() else { return vec![format!("expected[{i}] is not a number")] };
                if !close(e, x, case.rtol, case.atol) {
                    bad.push(format!("node {}: expected {e:e}, got {x:e} (diff {:.3e})", nodes[i], (e - x).abs()));
                }
            }
        }
        Output::Scalar(x) => {
            let Some(e) = case.expected.as_f64() else { return vec!["expected is not a number".into()] };
            if !close(e, *x, case.rtol, case.atol) {
                bad.push(format!("expected {e:e}, got {x:e}"));
            }
        }
        Output::Distances(got) => {
            let Some(exp) = exp_arr.filter(|a| a.len() == n) else {
                return vec![format!("expected is not an array of {n} entries")];
            };
            if got.len() != n {
                return vec![format!("ona returned {} distances for {n} nodes", got.len())];
            }
            for (i, (e, x)) in exp.iter().zip(got).enumerate() {
                let ok = match (e.as_f64(), x) {
                    (None, None) => e.is_null(),
                    (Some(e), Some(x)) => close(e, *x, case.rtol, case.atol),
                    _ => false,
                };
                if !ok {
                    bad.push(format!("node {}: expected {e}, got {x:?}", nodes[i]));
                }
            }
        }
        Output::Partition(got) => {
            let Some(exp) = exp_arr.filter(|a| a.len() == n) else {
                return vec![format!("expected is not an array of {n} labels")];
            };
            if got.len() != n {
                return vec![format!("ona returned {} labels for {n} nodes", got.len())];
            }
            // Equal up to relabelling: the label pairs form a bijection.
            let (mut fwd, mut back) = (HashMap::new(), HashMap::new());
            for (i, (e, &x)) in exp.iter().zip(got).enumerate() {
                let e = e.to_string();
                let f = fwd.entry(e.clone()).or_insert(x);
                let b = back.entry(x).or_insert_with(|| e.clone());
                if *f != x || *b != e {
                    bad.push(format!(
                        "node {}: NetworkX class {e} (ona label {f} so far), ona label {x} (NetworkX class {b} so far)",
                        nodes[i]
                    ));
                }
            }
        }
        Output::Edges(got) => bad = compare_edges(golden, case, got),
    }
    bad
}

fn compare_edges(golden: &Golden, case: &Case, got: &[(u32, u32, f64)]) -> Vec<String> {
    let nodes = &golden.file.nodes;
    let directed = golden.file.directed;
    let key = |u: u32, v: u32| if directed || u <= v { (u, v) } else { (v, u) };
    let Some(exp) = case.expected.as_array() else { return vec!["expected is not an array".into()] };
    let mut want: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for row in exp {
        let parsed = row.as_array().filter(|r| r.len() == 3).and_then(|r| {
            let u = *golden.index.get(&id_key(&r[0]))?;
            let v = *golden.index.get(&id_key(&r[1]))?;
            Some((key(u, v), r[2].as_f64()?))
        });
        let Some((k, x)) = parsed else { return vec![format!("bad expected edge row {row}")] };
        want.insert(k, x);
    }
    let mut bad = Vec::new();
    let mut seen: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for &(u, v, x) in got {
        let k = key(u, v);
        // An undirected edge may be reported once or as both arcs; same value.
        if let Some(prev) = seen.insert(k, x) {
            if prev != x {
                bad.push(format!("edge ({}, {}): arcs disagree, {prev:e} vs {x:e}", nodes[u as usize], nodes[v as usize]));
            }
        }
    }
    for (&(u, v), &e) in &want {
        let name = format!("edge ({}, {})", nodes[u as usize], nodes[v as usize]);
        match seen.get(&(u, v)) {
            Some(&x) if close(e, x, case.rtol, case.atol) => {}
            Some(&x) => bad.push(format!("{name}: expected {e:e}, got {x:e}")),
            // NetworkX lists self loops with 0; ona may leave them out.
            None if u == v && e == 0.0 => {}
            None => bad.push(format!("{name}: expected {e:e}, missing from ona's result")),
        }
    }
    for &(u, v) in seen.keys() {
        if !want.contains_key(&(u, v)) {
            bad.push(format!("edge ({}, {}): in ona's result but not NetworkX's", nodes[u as usize], nodes[v as usize]));
        }
    }
    bad
}

// ------------------------------------------------------------------ the test

pub(crate) fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/golden")
}

fn describe(case: &Case) -> String {
    let params = serde_json::to_string(&case.params).unwrap_or_default();
    let params = if params.len() > 120 { format!("{}...", &params[..117]) } else { params };
    format!("{} {params}", case.algorithm)
}

/// Runs one case on one storage; pushes failures, returns the outputs.
fn check_case<A: Adjacency>(
    golden: &Golden,
    g: &Graph<A>,
    ci: usize,
    storage: &str,
    exec: &Exec,
    failures: &mut Vec<String>,
) -> Option<Outputs> {
    let case = &golden.file.cases[ci];
    let params = Params::new(&case.params, &golden.index, golden.file.nodes.len());
    let where_ = format!("{}.json case #{ci} [{}] on {storage}", golden.file.name, describe(case));
    let outs = match run(g, &case.algorithm, &params, exec) {
        Ok(outs) => outs,
        Err(e) if e.starts_with(UNWIRED) => {
            // Reported once per algorithm by the caller's summary.
            failures.push(format!("{UNWIRED}: {:?}", case.algorithm));
            return None;
        }
        Err(e) => {
            failures.push(format!("{where_}: {e}"));
            return None;
        }
    };
    let unread = params.unread();
    if !unread.is_empty() {
        failures.push(format!("{where_}: params {unread:?} are not mapped to any ona option"));
    }
    for (label, out) in &outs {
        let bad = compare(golden, case, out);
        if !bad.is_empty() {
            let mut msg = format!("{where_} via {label}: {} mismatches", bad.len());
            for b in bad.iter().take(5) {
                let _ = write!(msg, "\n      {b}");
            }
            failures.push(msg);
        }
    }
    Some(outs)
}

#[test]
fn golden_cases_match_networkx() {
    let dir = golden_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden files in {}", dir.display());

    let exec = Exec::with_threads(2).expect("a 2-thread pool");
    let mut failures = Vec::new();
    let mut ran = 0usize;
    let mut per_alg: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for path in &files {
        let golden = match load(path, &exec) {
            Ok(g) => g,
            Err(e) => {
                failures.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        assert!(!golden.file.cases.is_empty(), "{} has no cases", path.display());
        let compressed = golden.graph.compress(&exec);
        for ci in 0..golden.file.cases.len() {
            let before = failures.len();
            let plain = check_case(&golden, &golden.graph, ci, "Csr", &exec, &mut failures);
            let packed = check_case(&golden, &compressed, ci, "CompressedCsr", &exec, &mut failures);
            if let (Some(a), Some(b)) = (plain, packed) {
                if a != b {
                    let case = &golden.file.cases[ci];
                    failures.push(format!(
                        "{}.json case #{ci} [{}]: Csr and CompressedCsr results differ",
                        golden.file.name,
                        describe(case)
                    ));
                }
            }
            ran += 1;
            let entry = per_alg.entry(golden.file.cases[ci].algorithm.clone()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(failures.len() > before);
        }
    }
    let mut summary = String::new();
    for (alg, (total, failed)) in &per_alg {
        let _ = writeln!(summary, "  {alg:40} {:>3} cases, {failed:>3} failing", total);
    }
    eprintln!("golden: {} files, {ran} cases\n{summary}", files.len());
    assert!(ran > 0, "golden files held no cases");
    // One line per unwired algorithm, not one per case.
    let mut seen = BTreeSet::new();
    failures.retain(|f| !f.starts_with(UNWIRED) || seen.insert(f.clone()));
    assert!(
        failures.is_empty(),
        "{} golden check(s) failed:\n{}\n\nper algorithm:\n{summary}",
        failures.len(),
        failures.iter().map(|f| format!("  - {f}")).collect::<Vec<_>>().join("\n")
    );
}
