//! Group measures (`ona_core::ona::{groups, brokerage}`): hand-worked golden
//! cases (`testdata/ona/groups_golden.json`, arithmetic in
//! `groups_golden.md`), brute force on small random graphs, and real
//! organisations: the mixing matrix and assortativity against NetworkX
//! (`testdata/ona/groups_<name>.json`, from `scripts/groups_oracle.py`),
//! E-I indices and brokerage against the plain triple loops below, on the
//! raw Krackhardt and Lazega files in `shared/data` (a missing data
//! directory fails, never skips).

use std::path::Path;

use ona_core::algo::centrality::Direction;
use ona_core::graph::{Categorical, MISSING};
use ona_core::ona::{BrokerageConfig, EiConfig, EiIndex, GroupMixing, Groups, brokerage, cross_group_share, ei_index, group_mixing};
use ona_core::{EdgeWeights, Error, Exec, Graph, GraphBuilder};
use serde_json::Value;

use crate::real::{data_dir, read_text};

// ------------------------------------------------------------ brute force

/// A small graph as a dense matrix: `w[u * n + v]` is the weight of the arc
/// `u -> v` (undirected: both entries of an edge, a loop once).
struct Dense {
    n: usize,
    directed: bool,
    w: Vec<Option<f64>>,
    groups: Vec<u32>,
    k: usize,
}

impl Dense {
    fn arc(&self, u: usize, v: usize) -> Option<f64> {
        self.w[u * self.n + v]
    }
    fn group(&self, v: usize) -> Option<usize> {
        (self.groups[v] != MISSING).then_some(self.groups[v] as usize)
    }
    /// Each tie once: every arc (directed) or every edge `u <= v`.
    fn ties(&self) -> Vec<(usize, usize, f64)> {
        let mut t = Vec::new();
        for u in 0..self.n {
            for v in 0..self.n {
                match self.arc(u, v) {
                    Some(w) if self.directed || u <= v => t.push((u, v, w)),
                    _ => {}
                }
            }
        }
        t
    }
    fn graph(&self, exec: &Exec) -> Graph {
        let (mut src, mut dst, mut w) = (Vec::new(), Vec::new(), Vec::new());
        for (u, v, x) in self.ties() {
            src.push(u32::try_from(u).expect("small"));
            dst.push(u32::try_from(v).expect("small"));
            w.push(x);
        }
        GraphBuilder::with_direction(self.directed).build(self.n, &src, &dst, Some(EdgeWeights::F64(&w)), exec).expect("graph")
    }
}

fn ratio(e: f64, i: f64) -> f64 {
    if e + i == 0.0 { f64::NAN } else { (e - i) / (e + i) }
}

/// E-I by the definitions in `ona/groups.rs`, tie by tie.
fn brute_ei(d: &Dense, dir: Direction, weighted: bool) -> EiIndex {
    let n = d.n;
    let (mut ne, mut ni) = (vec![0.0; n], vec![0.0; n]);
    let (mut ge, mut gi) = (vec![0.0; d.k], vec![0.0; d.k]);
    let (mut te, mut ti) = (0.0, 0.0);
    for (s, t, w) in d.ties() {
        let (Some(gs), Some(gt)) = (d.group(s), d.group(t)) else { continue };
        if s == t {
            continue;
        }
        let w = if weighted { w } else { 1.0 };
        let internal = gs == gt;
        // The ends whose person-level count this tie enters.
        let ends: Vec<(usize, usize)> = match (d.directed, dir) {
            (false, _) | (true, Direction::Both) => vec![(s, t), (t, s)],
            (true, Direction::Out) => vec![(s, t)],
            (true, Direction::In) => vec![(t, s)],
        };
        for (me, _) in ends {
            if internal { ni[me] += w } else { ne[me] += w }
        }
        for g in 0..d.k {
            let sel = match (d.directed, dir) {
                (false, _) | (true, Direction::Both) => gs == g || gt == g,
                (true, Direction::Out) => gs == g,
                (true, Direction::In) => gt == g,
            };
            if sel {
                if internal { gi[g] += w } else { ge[g] += w }
            }
        }
        if internal { ti += w } else { te += w }
    }
    for v in 0..n {
        if d.group(v).is_none() {
            (ne[v], ni[v]) = (f64::NAN, f64::NAN);
        }
    }
    EiIndex {
        node: ona_core::Scores(ne.iter().zip(&ni).map(|(&e, &i)| ratio(e, i)).collect()),
        group: ge.iter().zip(&gi).map(|(&e, &i)| ratio(e, i)).collect(),
        network: ratio(te, ti),
        node_external: ne,
        node_internal: ni,
        group_external: ge,
        group_internal: gi,
        network_external: te,
        network_internal: ti,
    }
}

/// Counts, weights, density and sizes from the matrix entries.
fn brute_mixing(d: &Dense) -> GroupMixing {
    let k = d.k;
    let mut m = GroupMixing { groups: k, sizes: vec![0; k], counts: vec![0; k * k], weights: vec![0.0; k * k], density: vec![0.0; k * k] };
    let mut offdiag = vec![0u64; k * k];
    for v in 0..d.n {
        if let Some(g) = d.group(v) {
            m.sizes[g] += 1;
        }
    }
    for u in 0..d.n {
        for v in 0..d.n {
            let (Some(w), Some(a), Some(b)) = (d.arc(u, v), d.group(u), d.group(v)) else { continue };
            m.counts[a * k + b] += 1;
            m.weights[a * k + b] += w;
            offdiag[a * k + b] += u64::from(u != v);
        }
    }
    for a in 0..k {
        for b in 0..k {
            let (na, nb) = (m.sizes[a] as f64, m.sizes[b] as f64);
            let pairs = if a == b { na * (na - 1.0) } else { na * nb };
            m.density[a * k + b] = if pairs == 0.0 { f64::NAN } else { offdiag[a * k + b] as f64 / pairs };
        }
    }
    m
}

/// Newman's r from the counts, written out from the paper's formula.
fn brute_assortativity(m: &GroupMixing) -> f64 {
    let total = m.counts.iter().sum::<u64>() as f64;
    let k = m.groups;
    let e = |a: usize, b: usize| m.counts[a * k + b] as f64 / total;
    let trace: f64 = (0..k).map(|a| e(a, a)).sum();
    let ab: f64 = (0..k).map(|a| (0..k).map(|b| e(a, b)).sum::<f64>() * (0..k).map(|b| e(b, a)).sum::<f64>()).sum();
    (trace - ab) / (1.0 - ab)
}

/// Gould–Fernandez roles by the O(n^3) triple loop.
#[allow(clippy::needless_range_loop)]
fn brute_brokerage(d: &Dense) -> [Vec<u64>; 5] {
    let mut r: [Vec<u64>; 5] = std::array::from_fn(|_| vec![0; d.n]);
    for b in 0..d.n {
        for a in 0..d.n {
            for c in 0..d.n {
                if a == b || b == c || a == c || d.arc(a, b).is_none() || d.arc(b, c).is_none() || d.arc(a, c).is_some() {
                    continue;
                }
                let (Some(ga), Some(gb), Some(gc)) = (d.group(a), d.group(b), d.group(c)) else { continue };
                let role = if ga == gb && gb == gc {
                    0
                } else if ga == gc {
                    1
                } else if ga == gb {
                    2
                } else if gb == gc {
                    3
                } else {
                    4
                };
                r[role][b] += 1;
            }
        }
    }
    r
}

// ------------------------------------------------------------ comparing

fn same(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn check_vec(what: &str, exp: &[f64], got: &[f64], tol: f64) {
    assert_eq!(exp.len(), got.len(), "{what}: length");
    for (i, (&e, &g)) in exp.iter().zip(got).enumerate() {
        assert!(same(e, g, tol), "{what}[{i}]: expected {e}, got {g}");
    }
}

fn check_ei(what: &str, exp: &EiIndex, got: &EiIndex, tol: f64) {
    check_vec(&format!("{what} node"), &exp.node, &got.node, tol);
    check_vec(&format!("{what} node_external"), &exp.node_external, &got.node_external, tol);
    check_vec(&format!("{what} node_internal"), &exp.node_internal, &got.node_internal, tol);
    check_vec(&format!("{what} group"), &exp.group, &got.group, tol);
    check_vec(&format!("{what} group_external"), &exp.group_external, &got.group_external, tol);
    check_vec(&format!("{what} group_internal"), &exp.group_internal, &got.group_internal, tol);
    let net = |x: &EiIndex| [x.network, x.network_external, x.network_internal];
    check_vec(&format!("{what} network"), &net(exp), &net(got), tol);
}

fn check_mixing(what: &str, exp: &GroupMixing, got: &GroupMixing, tol: f64) {
    assert_eq!((exp.groups, &exp.sizes, &exp.counts), (got.groups, &got.sizes, &got.counts), "{what}: groups, sizes, counts");
    check_vec(&format!("{what} weights"), &exp.weights, &got.weights, tol);
    check_vec(&format!("{what} density"), &exp.density, &got.density, tol);
}

fn directions(directed: bool) -> &'static [Direction] {
    if directed { &[Direction::Out, Direction::In, Direction::Both] } else { &[Direction::Both] }
}

/// Everything on `d`, against brute force, on plain and compressed storage.
fn check_against_brute_force(what: &str, d: &Dense, exec: &Exec) {
    let g = d.graph(exec);
    let gc = g.compress(exec);
    let groups = Groups::with_count(&d.groups, d.k).expect("groups");
    for &dir in directions(d.directed) {
        for weighted in [false, true] {
            let cfg = EiConfig::default().direction(dir).weighted(weighted);
            let exp = brute_ei(d, dir, weighted);
            let w = format!("{what} {dir:?} weighted={weighted}");
            check_ei(&w, &exp, &ei_index(&g, groups, &cfg, exec).expect("ei"), 1e-12);
            check_ei(&w, &exp, &ei_index(&gc, groups, &cfg, exec).expect("ei"), 1e-12);
            let share: Vec<f64> = exp.node_external.iter().zip(&exp.node_internal).map(|(&e, &i)| e / (e + i)).collect();
            check_vec(&format!("{w} share"), &share, &cross_group_share(&g, groups, &cfg, exec).expect("share"), 1e-12);
        }
    }
    let exp = brute_mixing(d);
    check_mixing(what, &exp, &group_mixing(&g, groups, exec).expect("mixing"), 1e-12);
    let got = group_mixing(&gc, groups, exec).expect("mixing");
    check_mixing(what, &exp, &got, 1e-12);
    assert!(same(brute_assortativity(&exp), got.assortativity(), 1e-12), "{what}: assortativity");
    if d.directed {
        let b = brokerage(&g, groups, &BrokerageConfig::default(), exec).expect("brokerage");
        let got = [b.coordinator, b.itinerant, b.representative, b.gatekeeper, b.liaison];
        assert_eq!(got, brute_brokerage(d), "{what}: brokerage");
        let bc = brokerage(&gc, groups, &BrokerageConfig::default(), exec).expect("brokerage");
        assert_eq!(got, [bc.coordinator, bc.itinerant, bc.representative, bc.gatekeeper, bc.liaison], "{what}: compressed");
    }
}

// ------------------------------------------------------------ golden

fn num(v: &Value) -> f64 {
    match v {
        Value::Null => f64::NAN,
        Value::Number(x) => x.as_f64().expect("number"),
        Value::String(s) => {
            let (p, q) = s.split_once('/').unwrap_or_else(|| panic!("{s:?} is not p/q"));
            p.trim().parse::<f64>().expect("numerator") / q.trim().parse::<f64>().expect("denominator")
        }
        other => panic!("{other} is not a number"),
    }
}

fn nums(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().flat_map(|x| if x.is_array() { nums(x) } else { vec![num(x)] }).collect()
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small counts
fn ints(v: &Value) -> Vec<u64> {
    nums(v).into_iter().map(|x| x as u64).collect()
}

#[test]
fn golden_cases() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/ona/groups_golden.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("golden file")).expect("JSON");
    let tol = doc["tolerance"].as_f64().expect("tolerance");
    let exec = Exec::with_threads(2).expect("pool");
    let cases = doc["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4);
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let directed = c["directed"].as_bool().expect("directed");
        let n = usize::try_from(c["node_count"].as_u64().expect("node_count")).expect("usize");
        let (mut src, mut dst, mut w) = (Vec::new(), Vec::new(), Vec::new());
        for e in c["edges"].as_array().expect("edges") {
            src.push(u32::try_from(e[0].as_u64().expect("src")).expect("u32"));
            dst.push(u32::try_from(e[1].as_u64().expect("dst")).expect("u32"));
            w.push(num(&e[2]));
        }
        let g = GraphBuilder::with_direction(directed).build(n, &src, &dst, Some(EdgeWeights::F64(&w)), &exec).expect("graph");
        let codes: Vec<u32> = c["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .map(|x| x.as_u64().map_or(MISSING, |x| u32::try_from(x).expect("u32")))
            .collect();
        let groups = match c.get("group_count") {
            Some(k) => Groups::with_count(&codes, usize::try_from(k.as_u64().expect("group_count")).expect("usize")).expect("groups"),
            None => Groups::new(&codes),
        };
        for e in c["ei"].as_array().expect("ei") {
            let dir = match e["direction"].as_str().expect("direction") {
                "out" => Direction::Out,
                "in" => Direction::In,
                _ => Direction::Both,
            };
            let cfg = EiConfig::default().direction(dir).weighted(e["weighted"].as_bool().expect("weighted"));
            let got = ei_index(&g, groups, &cfg, &exec).expect("ei");
            let what = format!("{name} {e}");
            let net = [got.network, got.network_external, got.network_internal];
            let exp_net = [num(&e["network"]), num(&e["network_external"]), num(&e["network_internal"])];
            check_vec(&format!("{what} network"), &exp_net, &net, tol);
            for (key, got) in [
                ("node", &got.node.0),
                ("node_external", &got.node_external),
                ("node_internal", &got.node_internal),
                ("group", &got.group),
                ("group_external", &got.group_external),
                ("group_internal", &got.group_internal),
            ] {
                check_vec(&format!("{name} {key} {cfg:?}"), &nums(&e[key]), got, tol);
            }
        }
        let s = &c["share"];
        let cfg = EiConfig::default().weighted(s["weighted"].as_bool().expect("weighted"));
        check_vec(&format!("{name} share"), &nums(&s["node"]), &cross_group_share(&g, groups, &cfg, &exec).expect("share"), tol);
        let m = group_mixing(&g, groups, &exec).expect("mixing");
        let x = &c["mixing"];
        assert_eq!(m.sizes, ints(&x["sizes"]), "{name} sizes");
        assert_eq!(m.counts, ints(&x["counts"]), "{name} counts");
        check_vec(&format!("{name} weights"), &nums(&x["weights"]), &m.weights, tol);
        check_vec(&format!("{name} density"), &nums(&x["density"]), &m.density, tol);
        check_vec(&format!("{name} assortativity"), &[num(&x["assortativity"])], &[m.assortativity()], tol);
        let b = brokerage(&g, groups, &BrokerageConfig::default(), &exec);
        match (c.get("brokerage"), b) {
            (Some(exp), Ok(b)) => {
                for (role, got) in [
                    ("coordinator", &b.coordinator),
                    ("itinerant", &b.itinerant),
                    ("representative", &b.representative),
                    ("gatekeeper", &b.gatekeeper),
                    ("liaison", &b.liaison),
                ] {
                    assert_eq!(got, &ints(&exp[role]), "{name} brokerage {role}");
                }
            }
            (None, Err(Error::Unsupported { operation: "brokerage", .. })) => {
                assert_eq!(c["brokerage_error"], "Unsupported");
            }
            (exp, got) => panic!("{name}: brokerage expected {exp:?}, got {got:?}"),
        }
    }
}

// ------------------------------------------------------------ random

/// SplitMix64: a fixed, dependency-free stream for the random cases.
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    #[allow(clippy::cast_possible_truncation)] // below n, a usize
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_dense(rng: &mut Mix, directed: bool) -> Dense {
    let n = 1 + rng.below(12);
    let k = 1 + rng.below(4);
    let p = 5 + rng.below(60);
    let groups: Vec<u32> = (0..n).map(|_| if rng.below(8) == 0 { MISSING } else { u32::try_from(rng.below(k)).expect("small") }).collect();
    let mut w = vec![None; n * n];
    let hub = rng.below(n);
    for u in 0..n {
        for v in 0..n {
            if (!directed && v < u) || (u == v && rng.below(4) != 0) {
                continue;
            }
            // A hub with a long out-list, plus ties at density p%.
            if u == hub || rng.below(100) < p {
                let x = Some(0.5 * f64::from(u32::try_from(1 + rng.below(6)).expect("small")));
                w[u * n + v] = x;
                if !directed {
                    w[v * n + u] = x;
                }
            }
        }
    }
    Dense { n, directed, w, groups, k }
}

#[test]
fn brute_force_on_random_graphs() {
    let exec = Exec::with_threads(2).expect("pool");
    let mut rng = Mix(0x0_4A11);
    for i in 0..300 {
        let d = random_dense(&mut rng, i % 3 != 0);
        check_against_brute_force(&format!("random #{i} (n={}, directed={})", d.n, d.directed), &d, &exec);
    }
}

// ------------------------------------------------------------ real networks

/// The oracle file's network, read from `shared/data` into a dense matrix.
fn read_network(net: &Value) -> (usize, Vec<(usize, usize)>) {
    let path = data_dir().join(net["source"].as_str().expect("source"));
    assert!(path.is_file(), "{} is missing (shared/data beside the repository; these tests never skip)", path.display());
    let text = read_text(&path);
    let mut arcs = Vec::new();
    match net["format"].as_str().expect("format") {
        "ego_alter_tie" => {
            let mut n = 0;
            for line in text.lines() {
                let tok: Vec<usize> = line.split_whitespace().map(|t| t.parse().expect("integer")).collect();
                if tok.is_empty() {
                    continue;
                }
                n = n.max(tok[0]).max(tok[1]);
                if tok[2] == 1 {
                    arcs.push((tok[0] - 1, tok[1] - 1));
                }
            }
            (n, arcs)
        }
        "matrix" => {
            let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>()).filter(|r| !r.is_empty()).collect();
            for (i, r) in rows.iter().enumerate() {
                assert_eq!(r.len(), rows.len(), "{}: row {i}", path.display());
                arcs.extend(r.iter().enumerate().filter(|(_, x)| **x == "1").map(|(j, _)| (i, j)));
            }
            (rows.len(), arcs)
        }
        other => panic!("unknown format {other}"),
    }
}

/// Attribute columns by name, one value per node (node `i` = id `i + 1`).
fn read_attributes(doc: &Value, n: usize) -> Vec<(String, Vec<String>)> {
    let a = &doc["attributes"];
    let path = data_dir().join(a["source"].as_str().expect("source"));
    let text = read_text(&path);
    let rows: Vec<Vec<String>> = match a["format"].as_str().expect("format") {
        "csv" => text.lines().map(|l| l.trim().split(',').map(str::to_owned).collect()).filter(|r: &Vec<String>| r.len() > 1).collect(),
        _ => {
            let mut r: Vec<Vec<String>> =
                vec![["ID", "status", "gender", "office", "years", "age", "practice", "school"].map(str::to_owned).to_vec()];
            r.extend(text.lines().map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>()).filter(|r| !r.is_empty()));
            r
        }
    };
    let header = &rows[0];
    assert_eq!(rows.len() - 1, n, "{}: one row per node", path.display());
    header
        .iter()
        .enumerate()
        .skip(1)
        .map(|(c, name)| {
            let mut col = vec![String::new(); n];
            for r in &rows[1..] {
                let id: usize = r[0].parse().expect("id");
                col[id - 1].clone_from(&r[c]);
            }
            (name.clone(), col)
        })
        .collect()
}

fn check_real(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../testdata/ona/groups_{name}.json"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("oracle file")).expect("JSON");
    assert!(data_dir().is_dir(), "the shared data directory {} is missing; these tests never skip", data_dir().display());
    let tol = doc["tolerance"].as_f64().expect("tolerance");
    let exec = Exec::with_threads(2).expect("pool");
    let mut worst = 0.0f64;
    for net in doc["networks"].as_array().expect("networks") {
        let directed = net["directed"].as_bool().expect("directed");
        let (n, arcs) = read_network(net);
        let mut w = vec![None; n * n];
        for &(u, v) in &arcs {
            w[u * n + v] = Some(1.0);
            if !directed {
                assert!(arcs.contains(&(v, u)), "{name}: undirected matrix not symmetric");
            }
        }
        let attrs = read_attributes(&doc, n);
        let relation = net["relation"].as_str().expect("relation");
        for case in net["cases"].as_array().expect("cases") {
            let attr = case["attribute"].as_str().expect("attribute");
            let values = &attrs.iter().find(|(a, _)| a == attr).unwrap_or_else(|| panic!("no column {attr}")).1;
            let col = Categorical::from_values(&values.iter().map(Some).collect::<Vec<_>>()).expect("column");
            let d = Dense { n, directed, w: w.clone(), groups: col.codes().to_vec(), k: col.dictionary().len() };
            let g = d.graph(&exec);
            assert_eq!(
                (g.node_count() as u64, g.edge_count()),
                (net["node_count"].as_u64().expect("n"), net["edge_count"].as_u64().expect("m"))
            );
            let what = format!("{name}/{relation}/{attr}");
            // NetworkX: the mixing matrix in the order of `values`.
            let m = group_mixing(&g, Groups::from(&col), &exec).expect("mixing");
            let order: Vec<usize> = case["values"]
                .as_array()
                .expect("values")
                .iter()
                .map(|v| col.dictionary().iter().position(|x| **x == *v.as_str().expect("value")).expect("value in column"))
                .collect();
            assert_eq!(order.len(), m.groups, "{what}: groups");
            let exp = case["mixing_counts"].as_array().expect("mixing_counts");
            for (i, &a) in order.iter().enumerate() {
                for (j, &b) in order.iter().enumerate() {
                    assert_eq!(m.count(a, b), exp[i][j].as_u64().expect("count"), "{what}: count [{i}][{j}]");
                }
            }
            let r = case["assortativity"].as_f64().expect("assortativity");
            let dev = (m.assortativity() - r).abs();
            assert!(dev <= tol, "{what}: assortativity {} vs NetworkX {r}", m.assortativity());
            worst = worst.max(dev);
            // E-I, mixing weights/density and brokerage against the loops above.
            check_against_brute_force(&what, &d, &exec);
        }
    }
    eprintln!("{name}: largest assortativity deviation from NetworkX {worst:.3e}");
}

#[test]
fn krackhardt_against_networkx_and_brute_force() {
    check_real("krackhardt");
}

#[test]
fn lazega_against_networkx_and_brute_force() {
    check_real("lazega");
}
