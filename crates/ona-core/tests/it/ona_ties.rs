//! Ties, reach and ego summaries (`ona_core::ona::ties`): brute force on
//! small random graphs (proptest: every definition recomputed from a dense
//! matrix), 1 vs 4 threads and plain vs compressed storage on a generated
//! organisation, and NetworkX values on three real networks
//! (`testdata/ona/ties_<name>.json` from `scripts/ties_oracle.py`; the raw
//! files are read from `shared/data`, and a missing data directory fails,
//! never skips).

use std::collections::HashMap;
use std::path::Path;

use ona_core::algo::centrality::Direction;
use ona_core::generate::{OrgConfig, org};
use ona_core::graph::MISSING;
use ona_core::ona::{
    EgoConfig, EgoSummaries, Groups, ReachConfig, TieKind, TieProfile, Ties, TiesConfig, ego_summaries, reach_share, tie_profile, ties,
    two_step_reach,
};
use ona_core::{Adjacency, EdgeWeights, Error, Exec, Graph, GraphBuilder, NodeId};
use proptest::prelude::*;
use serde_json::Value;

use crate::real::{data_dir, read_text};

// ------------------------------------------------------------ brute force

/// A small graph as a dense matrix of arc weights (undirected: both
/// entries of an edge, a loop once).
struct Dense {
    n: usize,
    directed: bool,
    a: Vec<Vec<Option<f64>>>,
}

impl Dense {
    fn new(n: usize, directed: bool, edges: &[(usize, usize, u32)]) -> Self {
        let mut a = vec![vec![None; n]; n];
        for &(u, v, w) in edges {
            // Duplicates add up, as DuplicatePolicy::Sum does.
            let w = f64::from(w);
            let add = |x: Option<f64>| Some(x.unwrap_or(0.0) + w);
            a[u][v] = add(a[u][v]);
            if !directed && u != v {
                a[v][u] = add(a[v][u]);
            }
        }
        Self { n, directed, a }
    }
    fn graph(&self, exec: &Exec) -> Graph {
        let (mut s, mut d, mut w) = (Vec::new(), Vec::new(), Vec::new());
        for u in 0..self.n {
            for v in 0..self.n {
                if let Some(x) = self.a[u][v]
                    && (self.directed || u <= v)
                {
                    s.push(u32::try_from(u).expect("small"));
                    d.push(u32::try_from(v).expect("small"));
                    w.push(x);
                }
            }
        }
        GraphBuilder::with_direction(self.directed).build(self.n, &s, &d, Some(EdgeWeights::F64(&w)), exec).expect("graph")
    }
    /// Tie weight in the undirected view (None: no tie), by the module docs.
    fn tie(&self, u: usize, v: usize, weighted: bool) -> Option<f64> {
        if u == v {
            return None;
        }
        let w = |x: Option<f64>| x.map(|x| if weighted { x } else { 1.0 });
        if self.directed {
            match (w(self.a[u][v]), w(self.a[v][u])) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
            }
        } else {
            w(self.a[u][v])
        }
    }
    fn nbrs(&self, v: usize) -> Vec<usize> {
        (0..self.n).filter(|&u| self.tie(v, u, false).is_some()).collect()
    }
    /// Step from `v` in `dir` (undirected graphs: any arc).
    fn steps(&self, v: usize, dir: Direction) -> Vec<usize> {
        (0..self.n)
            .filter(|&u| match (self.directed, dir) {
                (false, _) | (true, Direction::Out) => self.a[v][u].is_some(),
                (true, Direction::In) => self.a[u][v].is_some(),
                (true, Direction::Both) => self.a[v][u].is_some() || self.a[u][v].is_some(),
            })
            .collect()
    }
}

fn numpy_quantile(w: &[f64], q: f64) -> f64 {
    let mut s = w.to_vec();
    s.sort_by(f64::total_cmp);
    let h = (s.len() - 1) as f64 * q;
    let i = (0..s.len()).rfind(|&k| k as f64 <= h).expect("h >= 0");
    let j = (i + 1).min(s.len() - 1);
    s[i] + (h - i as f64) * (s[j] - s[i])
}

fn brute_ties(d: &Dense, cfg: &TiesConfig) -> Ties {
    let mut t = Ties::default();
    for u in 0..d.n {
        for v in u + 1..d.n {
            let Some(w) = d.tie(u, v, cfg.weighted) else { continue };
            let (nu, nv) = (d.nbrs(u), d.nbrs(v));
            let common = nu.iter().filter(|x| nv.contains(x)).count() as f64;
            let denom = (nu.len() as f64 - 1.0) + (nv.len() as f64 - 1.0) - common;
            let o = if denom == 0.0 { 0.0 } else { common / denom };
            t.edges.push((NodeId(u32::try_from(u).expect("small")), NodeId(u32::try_from(v).expect("small"))));
            t.weight.push(w);
            t.overlap.push(o);
            t.score.push(w * o);
        }
    }
    t.strong_weight = if t.weight.is_empty() { f64::NAN } else { numpy_quantile(&t.weight, cfg.strong_weight_quantile) };
    t.kind = t
        .weight
        .iter()
        .zip(&t.overlap)
        .map(|(&w, &o)| match (w >= t.strong_weight, o >= cfg.embedded_overlap) {
            (_, false) => TieKind::Diverse,
            (true, true) => TieKind::Strong,
            (false, true) => TieKind::Other,
        })
        .collect();
    t
}

fn brute_reach(d: &Dense, dir: Direction) -> Vec<u32> {
    (0..d.n)
        .map(|v| {
            let mut seen = vec![false; d.n];
            seen[v] = true;
            for u in d.steps(v, dir) {
                seen[u] = true;
                for x in d.steps(u, dir) {
                    seen[x] = true;
                }
            }
            u32::try_from(seen.iter().filter(|&&s| s).count() - 1).expect("small")
        })
        .collect()
}

fn brute_ego(d: &Dense, groups: Option<&[u32]>, weighted: bool) -> EgoSummaries {
    let mut e = EgoSummaries::default();
    let mut reached = Vec::new();
    for v in 0..d.n {
        let alters = d.nbrs(v);
        let s = alters.len();
        let mut t = 0u64;
        for (i, &a) in alters.iter().enumerate() {
            for &b in &alters[i + 1..] {
                t += u64::from(d.tie(a, b, false).is_some());
            }
        }
        e.size.push(u32::try_from(s).expect("small"));
        e.ties_among_alters.push(t);
        e.density.0.push(if s < 2 { 0.0 } else { 2.0 * t as f64 / (s * (s - 1)) as f64 });
        e.strength.0.push(alters.iter().map(|&u| d.tie(v, u, weighted).expect("tie")).sum());
        if let Some(gs) = groups {
            let mut set: Vec<u32> = alters.iter().map(|&u| gs[u]).filter(|&c| c != MISSING && c != gs[v]).collect();
            set.sort_unstable();
            set.dedup();
            reached.push(u32::try_from(set.len()).expect("small"));
        }
    }
    e.groups_reached = groups.map(|_| reached);
    e
}

fn close(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x.is_nan() && y.is_nan()) || (x - y).abs() <= tol * (1.0 + y.abs()))
}

fn same_ties(got: &Ties, want: &Ties) -> Result<(), TestCaseError> {
    prop_assert_eq!(&got.edges, &want.edges);
    prop_assert!(close(&got.weight, &want.weight, 0.0), "weight {:?} vs {:?}", got.weight, want.weight);
    prop_assert!(close(&got.overlap, &want.overlap, 1e-12), "overlap {:?} vs {:?}", got.overlap, want.overlap);
    prop_assert!(close(&got.score, &want.score, 1e-12));
    prop_assert!(close(&[got.strong_weight], &[want.strong_weight], 1e-12), "{} vs {}", got.strong_weight, want.strong_weight);
    prop_assert_eq!(&got.kind, &want.kind);
    Ok(())
}

/// Nodes, directed, edge rows `(u, v, weight)`, group codes.
type Case = (usize, bool, Vec<(usize, usize, u32)>, Vec<u32>);

fn case() -> impl Strategy<Value = Case> {
    (1usize..14, any::<bool>()).prop_flat_map(|(n, directed)| {
        let edge = (0..n, 0..n, 1u32..4);
        let group = prop_oneof![4 => 0u32..4, 1 => Just(MISSING)];
        (Just(n), Just(directed), proptest::collection::vec(edge, 0..3 * n), proptest::collection::vec(group, n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn ties_reach_and_ego_match_brute_force(
        (n, directed, edges, codes) in case(),
        q in prop_oneof![Just(0.0), Just(0.5), Just(0.75), Just(1.0)],
        t in prop_oneof![Just(0.0), Just(0.1), Just(0.5)],
        weighted: bool,
    ) {
        let e = Exec::with_threads(2).expect("pool");
        let d = Dense::new(n, directed, &edges);
        let g = d.graph(&e);
        let gc = g.compress(&e);
        let cfg = TiesConfig::default().strong_weight_quantile(q).embedded_overlap(t).weighted(weighted);
        let want = brute_ties(&d, &cfg);
        same_ties(&ties(&g, &cfg, &e).expect("ties"), &want)?;
        same_ties(&ties(&gc, &cfg, &e).expect("ties"), &want)?;

        let p = tie_profile(&g, &cfg, &e).expect("profile");
        for v in 0..n {
            let count = |k: TieKind| want.edges.iter().zip(&want.kind).filter(|&(&(a, b), &x)| x == k && (a.index() == v || b.index() == v)).count();
            prop_assert_eq!(p.strong[v] as usize, count(TieKind::Strong));
            prop_assert_eq!(p.diverse[v] as usize, count(TieKind::Diverse));
            let deg = d.nbrs(v).len();
            let share = if deg == 0 { f64::NAN } else { count(TieKind::Diverse) as f64 / deg as f64 };
            prop_assert!(close(&[p.diverse_share[v]], &[share], 0.0));
        }

        for dir in [Direction::Out, Direction::In, Direction::Both] {
            let rc = ReachConfig::default().direction(dir);
            let want = brute_reach(&d, dir);
            prop_assert_eq!(&two_step_reach(&g, &rc, &e).expect("reach"), &want);
            prop_assert_eq!(&two_step_reach(&gc, &rc, &e).expect("reach"), &want);
            let share: Vec<f64> = want.iter().map(|&r| if n == 1 { f64::NAN } else { f64::from(r) / (n - 1) as f64 }).collect();
            prop_assert!(close(&reach_share(&g, &rc, &e).expect("share"), &share, 0.0));
        }

        let ec = EgoConfig::default().weighted(weighted);
        let want = brute_ego(&d, Some(&codes), weighted);
        let got = ego_summaries(&g, Some(Groups::new(&codes)), &ec, &e).expect("ego");
        prop_assert_eq!(&got.size, &want.size);
        prop_assert_eq!(&got.ties_among_alters, &want.ties_among_alters);
        prop_assert!(close(&got.density, &want.density, 1e-12));
        prop_assert!(close(&got.strength, &want.strength, 0.0));
        prop_assert_eq!(&got.groups_reached, &want.groups_reached);
        prop_assert_eq!(ego_summaries(&gc, None, &ec, &e).expect("ego").groups_reached, None);
    }
}

// ---------------------------------------------------- threads and storage

fn bits(x: &[f64]) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

fn everything<A: Adjacency>(g: &Graph<A>, codes: &[u32], exec: &Exec) -> (Ties, TieProfile, Vec<Vec<u32>>, EgoSummaries) {
    let cfg = TiesConfig::default();
    let reach = [Direction::Out, Direction::In, Direction::Both]
        .map(|d| two_step_reach(g, &ReachConfig::default().direction(d), exec).expect("reach"))
        .to_vec();
    (
        ties(g, &cfg, exec).expect("ties"),
        tie_profile(g, &cfg, exec).expect("profile"),
        reach,
        ego_summaries(g, Some(Groups::new(codes)), &EgoConfig::default(), exec).expect("ego"),
    )
}

#[test]
fn identical_at_one_and_four_threads_and_on_compressed_storage() {
    let one = Exec::with_threads(1).expect("pool");
    let four = Exec::with_threads(4).expect("pool");
    let und = org(&OrgConfig::new(6000), &one).expect("org");
    // A directed graph too: the org's edges oriented low -> high id, plus
    // every third one reversed as well (reciprocated ties weigh double).
    let (mut s, mut d, mut w) = (Vec::new(), Vec::new(), Vec::new());
    for v in 0..u32::try_from(und.node_count()).expect("small") {
        und.out_adj().for_each_weighted(v, |u, x| {
            if v < u {
                s.push(v);
                d.push(u);
                w.push(x);
                if (u + v) % 3 == 0 {
                    s.push(u);
                    d.push(v);
                    w.push(x / 2.0);
                }
            }
        });
    }
    let dir = GraphBuilder::directed().build(und.node_count(), &s, &d, Some(EdgeWeights::F64(&w)), &one).expect("g");
    let codes = und.attributes().get("department").expect("department").codes().to_vec();
    for g in [&und, &dir] {
        let a = everything(g, &codes, &one);
        let b = everything(g, &codes, &four);
        let c = everything(&g.compress(&four), &codes, &four);
        for x in [&b, &c] {
            assert_eq!(a.0.edges, x.0.edges);
            assert_eq!(bits(&a.0.weight), bits(&x.0.weight));
            assert_eq!(bits(&a.0.overlap), bits(&x.0.overlap));
            assert_eq!(a.0.kind, x.0.kind);
            assert_eq!(a.0.strong_weight.to_bits(), x.0.strong_weight.to_bits());
            assert_eq!((&a.1.strong, &a.1.diverse), (&x.1.strong, &x.1.diverse));
            assert_eq!(bits(&a.1.diverse_share), bits(&x.1.diverse_share));
            assert_eq!(a.2, x.2);
            assert_eq!((&a.3.size, &a.3.ties_among_alters, &a.3.groups_reached), (&x.3.size, &x.3.ties_among_alters, &x.3.groups_reached));
            assert_eq!(bits(&a.3.density), bits(&x.3.density));
            assert_eq!(bits(&a.3.strength), bits(&x.3.strength));
        }
        // The org really has all three kinds of tie.
        for k in [TieKind::Strong, TieKind::Diverse, TieKind::Other] {
            assert!(a.0.kind.contains(&k), "no {k:?} tie");
        }
    }
}

// ------------------------------------------------------------------ errors

#[test]
fn refuses_bad_input_and_honours_cancellation() {
    let e = Exec::sequential().expect("pool");
    let g = GraphBuilder::directed().build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&[1.0, -2.0])), &e).expect("g");
    assert!(matches!(ties(&g, &TiesConfig::default().strong_weight_quantile(1.5), &e), Err(Error::InvalidParameter { .. })));
    assert!(matches!(ties(&g, &TiesConfig::default().embedded_overlap(f64::NAN), &e), Err(Error::InvalidParameter { .. })));
    assert!(matches!(ties(&g, &TiesConfig::default(), &e), Err(Error::InvalidWeight { weight: -2.0, .. })));
    assert!(ties(&g, &TiesConfig::default().weighted(false), &e).is_ok());
    assert!(matches!(
        ego_summaries(&g, Some(Groups::new(&[0, 1])), &EgoConfig::default().weighted(false), &e),
        Err(Error::LengthMismatch { .. })
    ));
    let c = Exec::sequential().expect("pool");
    c.token().cancel();
    assert_eq!(ties(&g, &TiesConfig::default().weighted(false), &c), Err(Error::Cancelled));
    assert_eq!(two_step_reach(&g, &ReachConfig::default(), &c), Err(Error::Cancelled));
    assert_eq!(ego_summaries(&g, None, &EgoConfig::default().weighted(false), &c), Err(Error::Cancelled));
    // An empty graph has no ties and nothing to reach.
    let empty = GraphBuilder::undirected().build(0, &[], &[], None, &e).expect("g");
    let t = ties(&empty, &TiesConfig::default(), &e).expect("ties");
    assert!(t.edges.is_empty() && t.strong_weight.is_nan());
    assert!(two_step_reach(&empty, &ReachConfig::default(), &e).expect("reach").is_empty());
}

// ------------------------------------------------------------------ oracle

/// "src dst ..." rows, `#` and `%` comments (as `scripts/ties_oracle.py`).
fn read_edgelist(path: &Path) -> (Vec<u64>, Vec<u64>) {
    let (mut s, mut d) = (Vec::new(), Vec::new());
    for (row, line) in read_text(path).lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', '%']) {
            continue;
        }
        let mut it = line.split_whitespace().map(|t| t.parse::<u64>().unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), row + 1)));
        s.push(it.next().expect("src"));
        d.push(it.next().unwrap_or_else(|| panic!("{}:{}: no dst", path.display(), row + 1)));
    }
    (s, d)
}

fn check_oracle(name: &str) {
    let json = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../testdata/ona/ties_{name}.json"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json).expect("oracle file")).expect("JSON");
    let directed = doc["directed"].as_bool().expect("directed");
    let tol = doc["tolerance"].as_f64().expect("tolerance");
    let (s, d) = read_edgelist(&data_dir().join(doc["source"].as_str().expect("source")));
    let mut nodes: Vec<u64> = s.iter().chain(&d).copied().collect();
    nodes.sort_unstable();
    nodes.dedup();
    let e = Exec::with_threads(2).expect("pool");
    let g = GraphBuilder::with_direction(directed).build_u64(&nodes, &s, &d, None, &e).expect("graph");
    assert_eq!(g.node_count() as u64, doc["node_count"].as_u64().expect("n"), "{name}: node count");
    assert_eq!(g.edge_count(), doc["edge_count"].as_u64().expect("m"), "{name}: edge count");
    let index: HashMap<String, usize> = nodes.iter().enumerate().map(|(i, x)| (x.to_string(), i)).collect();
    let codes: Option<Vec<u32>> = doc["groups"].as_str().map(|f| {
        let mut c = vec![MISSING; nodes.len()];
        for line in read_text(&data_dir().join(f)).lines() {
            let mut it = line.split_whitespace();
            if let (Some(v), Some(x)) = (it.next(), it.next())
                && let Some(&i) = index.get(v)
            {
                c[i] = x.parse().expect("group");
            }
        }
        c
    });
    let reach = |dir| two_step_reach(&g, &ReachConfig::default().direction(dir), &e).expect("reach");
    let (out, inc, both) = (reach(Direction::Out), reach(Direction::In), reach(Direction::Both));
    let ego = ego_summaries(&g, codes.as_deref().map(Groups::new), &EgoConfig::default(), &e).expect("ego");
    let mut checked = 0;
    for (id, row) in doc["nodes"].as_object().expect("nodes") {
        let v = index[id];
        let int = |k: &str| row[k].as_u64().unwrap_or_else(|| panic!("{name} {id}: {k}"));
        let num = |k: &str| row[k].as_f64().unwrap_or_else(|| panic!("{name} {id}: {k}"));
        if directed {
            assert_eq!(u64::from(out[v]), int("reach_out"), "{name} {id}: reach out");
            assert_eq!(u64::from(inc[v]), int("reach_in"), "{name} {id}: reach in");
            assert_eq!(u64::from(both[v]), int("reach_both"), "{name} {id}: reach both");
        } else {
            assert_eq!(u64::from(out[v]), int("reach"), "{name} {id}: reach");
            assert_eq!(out[v], both[v], "{name} {id}: direction matters on an undirected graph");
        }
        assert_eq!(u64::from(ego.size[v]), int("ego_size"), "{name} {id}: ego size");
        assert_eq!(ego.ties_among_alters[v], int("ego_ties"), "{name} {id}: ties among alters");
        assert!((ego.density[v] - num("ego_density")).abs() <= tol, "{name} {id}: density {} vs {}", ego.density[v], num("ego_density"));
        assert!((ego.strength[v] - num("strength")).abs() <= tol, "{name} {id}: strength");
        if let Some(r) = &ego.groups_reached {
            assert_eq!(u64::from(r[v]), int("groups_reached"), "{name} {id}: groups reached");
        }
        checked += 1;
    }
    assert_eq!(checked, 200, "{name}: sampled nodes");
    let t = ties(&g, &TiesConfig::default(), &e).expect("ties");
    assert_eq!(t.edges.len() as u64, doc["view_edge_count"].as_u64().expect("view m"), "{name}: ties in the view");
    let at: HashMap<(usize, usize), usize> = t.edges.iter().enumerate().map(|(i, &(a, b))| ((a.index(), b.index()), i)).collect();
    let rows = doc["overlap"].as_array().expect("overlap");
    assert!(rows.len() > 100, "{name}: too few ties with overlap");
    for r in rows {
        let (a, b) = (index[r[0].as_str().expect("u")], index[r[1].as_str().expect("v")]);
        let i = at[&(a.min(b), a.max(b))];
        let want = r[2].as_f64().expect("overlap");
        assert!((t.overlap[i] - want).abs() <= tol, "{name} {r}: overlap {} vs {want}", t.overlap[i]);
    }
}

#[test]
fn networkx_email_eu_core() {
    check_oracle("email_eu_core");
}

#[test]
fn networkx_arenas_email() {
    check_oracle("arenas_email");
}

#[test]
fn networkx_ca_hepph() {
    check_oracle("ca_hepph");
}
