//! The metric pack (`ona_core::ona::pack`): every column equals the
//! stand-alone function it comes from, on email-Eu-core with its
//! departments (directed, self loops) and on a generated organisation
//! (undirected, weighted); the sampled-betweenness path records its bound and
//! is identical across thread counts; the group table obeys the privacy
//! minimum.

use ona_core::algo::centrality::{
    BetweennessConfig, DegreeConfig, Direction, EigenvectorConfig, HarmonicConfig, PageRankConfig, RiondatoConfig, betweenness_centrality,
    degree, eigenvector_centrality, harmonic_centrality, pagerank, riondato_betweenness,
};
use ona_core::algo::clustering::{ClusteringConfig, clustering};
use ona_core::algo::kcore::{CoreNumberConfig, core_number};
use ona_core::generate::{OrgConfig, org};
use ona_core::ona::{
    BrokerageConfig, ColumnRef, EiConfig, Groups, HolesConfig, MetricPack, OverloadConfig, PackConfig, PrivacyConfig, ReachConfig,
    ReciprocityConfig, RoleInputs, RolesConfig, TiesConfig, brokerage, classify_roles, collaboration_overload, cross_group_share, ei_index,
    metric_pack, reciprocity, structural_holes, tie_profile, two_step_reach,
};
use ona_core::{Exec, Graph, GraphBuilder, NodeId, Scores};

use crate::real::email_eu_core_departments as email_eu_core;

fn same(name: &str, a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{name}");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(x == y || (x.is_nan() && y.is_nan()), "{name}[{i}]: pack {x} vs function {y}");
    }
}

/// Every pack column against the function that computes it alone.
fn check_against_functions(g: &Graph, codes: Option<&[u32]>, pack: &MetricPack, exec: &Exec) {
    let groups = codes.map(Groups::new);
    let p = &pack.people;
    let deg = |d: Direction, w: bool| degree(g, &DegreeConfig::default().direction(d).weighted(w), exec).expect("degree");
    same("degree", &p.degree, &deg(Direction::Both, false));
    if g.is_directed() {
        same("in_degree", &p.in_degree, &deg(Direction::In, false));
        same("out_degree", &p.out_degree, &deg(Direction::Out, false));
        same("strength_in", &p.strength_in, &deg(Direction::In, true));
        same("strength_out", &p.strength_out, &deg(Direction::Out, true));
    } else {
        same("in_degree", &p.in_degree, &p.degree);
        same("strength_out", &p.strength_out, &deg(Direction::Both, true));
    }
    assert!(pack.meta.betweenness_exact);
    same("betweenness", &p.betweenness, &betweenness_centrality(g, &BetweennessConfig::default(), exec).expect("bc"));
    same("harmonic", p.harmonic.as_ref().expect("harmonic"), &harmonic_centrality(g, &HarmonicConfig::default(), exec).expect("h"));
    same("pagerank", &p.pagerank, &pagerank(g, &PageRankConfig::default(), exec).expect("pr"));
    match eigenvector_centrality(g, &EigenvectorConfig::default(), exec) {
        Ok(x) => same("eigenvector", p.eigenvector.as_ref().expect("eigenvector"), &x),
        Err(_) => assert!(p.eigenvector.is_none() && !pack.meta.eigenvector),
    }
    let holes = structural_holes(g, &HolesConfig::default(), exec).expect("holes");
    same("constraint", &p.constraint, &holes.constraint);
    same("effective_size", &p.effective_size, &holes.effective_size);
    same("clustering", &p.clustering, &clustering(g, &ClusteringConfig::default(), exec).expect("cc"));
    if g.self_loop_count() == 0 {
        assert_eq!(p.core_number.as_deref(), Some(&core_number(g, &CoreNumberConfig::default(), exec).expect("core").0[..]));
    } else {
        assert!(p.core_number.is_none() && !pack.meta.core_number);
    }
    if g.is_directed() {
        same("reciprocity", p.reciprocity.as_ref().expect("rec"), &reciprocity(g, &ReciprocityConfig::default(), exec).expect("rec"));
    } else {
        assert!(p.reciprocity.is_none());
    }
    assert_eq!(p.two_step_reach, two_step_reach(g, &ReachConfig::default(), exec).expect("reach"));
    let ties = tie_profile(g, &TiesConfig::default(), exec).expect("ties");
    assert_eq!((&p.strong_ties, &p.diverse_ties), (&ties.strong, &ties.diverse));

    let ei = groups.map(|gr| ei_index(g, gr, &EiConfig::default(), exec).expect("ei"));
    let share = groups.map(|gr| cross_group_share(g, gr, &EiConfig::default(), exec).expect("share"));
    match (groups, &ei, &share) {
        (Some(gr), Some(ei), Some(share)) => {
            assert_eq!(p.group.as_deref(), Some(gr.codes()));
            same("ei_index", p.ei_index.as_ref().expect("ei"), &ei.node);
            same("cross_group_share", p.cross_group_share.as_ref().expect("share"), share);
            same("external_ties", p.external_ties.as_ref().expect("ext"), &ei.node_external);
            if g.is_directed() {
                assert_eq!(p.brokerage.as_ref(), Some(&brokerage(g, gr, &BrokerageConfig::default(), exec).expect("b").total()));
            }
        }
        _ => assert!(p.group.is_none() && p.ei_index.is_none() && p.brokerage.is_none()),
    }

    // Roles from the same inputs.
    let in_degree = if g.is_directed() { deg(Direction::In, false) } else { deg(Direction::Both, false) };
    let bc = betweenness_centrality(g, &BetweennessConfig::default(), exec).expect("bc");
    let degree_all = deg(Direction::Both, false);
    let ext = ei.as_ref().map(|e| e.node_external.clone());
    let inputs = RoleInputs {
        in_degree: &in_degree,
        betweenness: &bc,
        constraint: &holes.constraint,
        cross_group_share: share.as_ref(),
        external_ties: ext.as_deref(),
        degree: &degree_all,
    };
    let roles = classify_roles(&inputs, groups, &RolesConfig::default(), exec).expect("roles");
    // Debug text: NaN percentiles compare equal there.
    assert_eq!(format!("{:?}", pack.roles), format!("{roles:?}"));
    for (v, set) in roles.roles.iter().enumerate() {
        assert_eq!((p.role[v], p.roles[v]), (set.primary().name(), set.label()));
    }

    // Every column has one value per person and a distinct name.
    let cols = pack.columns();
    for (i, (name, c)) in cols.iter().enumerate() {
        assert_eq!(c.len(), g.node_count(), "{name}");
        assert!(cols[..i].iter().all(|(o, _)| o != name), "{name} twice");
    }
}


#[test]
fn email_eu_core_columns_equal_functions() {
    let exec = Exec::with_threads(2).expect("exec");
    let (g, dept) = email_eu_core(&exec);
    let pack = metric_pack(&g, Some(Groups::new(&dept)), &PackConfig::default(), &exec).expect("pack");
    check_against_functions(&g, Some(&dept), &pack, &exec);
    assert!(pack.people.brokerage.is_some() && pack.people.reciprocity.is_some());
    assert_eq!((pack.meta.nodes, pack.meta.edges, pack.meta.directed), (1005, 25_571, true));

    // The group table: groups below 5 members are suppressed and listed, the rest shown.
    let t = pack.groups.as_ref().expect("groups");
    let mut sizes = vec![0u64; 42];
    for &d in &dept {
        sizes[d as usize] += 1;
    }
    let shown: Vec<u32> = (0..42u32).filter(|&c| sizes[c as usize] >= 5).collect();
    let hidden: Vec<u32> = (0..42u32).filter(|&c| sizes[c as usize] < 5).collect();
    assert!(!hidden.is_empty());
    assert_eq!((&t.group, &t.suppressed, t.min_group_size), (&shown, &hidden, 5));
    let overload = collaboration_overload(&g, Groups::new(&dept), &OverloadConfig::default(), &exec).expect("overload");
    let ei = ei_index(&g, Groups::new(&dept), &EiConfig::default(), &exec).expect("ei");
    for (row, &c) in t.group.iter().enumerate() {
        let c = c as usize;
        assert_eq!(t.size[row], sizes[c]);
        assert_eq!(t.ei_index[row].to_bits(), ei.group[c].to_bits());
        assert_eq!(t.overload_gini[row].to_bits(), overload.groups[c].gini.to_bits());
        let s = sizes[c] as f64;
        assert_eq!(t.internal_density[row], ei.group_internal[c] / (s * (s - 1.0)));
        let members: Vec<usize> = (0..1005).filter(|&v| dept[v] as usize == c).collect();
        let brokers = members.iter().filter(|&&v| pack.roles.roles[v].contains(ona_core::ona::Role::Broker)).count();
        assert_eq!(t.brokers[row] as usize, brokers);
        let cs: Vec<f64> = members.iter().map(|&v| pack.people.constraint[v]).filter(|x| !x.is_nan()).collect();
        assert!((t.mean_constraint[row] - cs.iter().sum::<f64>() / cs.len() as f64).abs() < 1e-12);
    }
    for (name, c) in t.columns() {
        assert_eq!(c.len(), t.len(), "{name}");
    }
    // A lower minimum shows more groups.
    let cfg = PackConfig::default().privacy(PrivacyConfig::default().min_group_size(1));
    let all = metric_pack(&g, Some(Groups::new(&dept)), &cfg, &exec).expect("pack");
    assert_eq!(all.groups.as_ref().map(|t| (t.len(), t.suppressed.len())), Some((42, 0)));
}

#[test]
fn generated_org_columns_equal_functions() {
    let exec = Exec::with_threads(2).expect("exec").seed(5);
    let g = org(&OrgConfig::new(600), &exec).expect("org");
    let dept = g.attributes().get("department").expect("dept").codes().to_vec();
    let pack = metric_pack(&g, Some(Groups::new(&dept)), &PackConfig::default(), &exec).expect("pack");
    check_against_functions(&g, Some(&dept), &pack, &exec);
    assert!(pack.people.brokerage.is_none() && pack.people.core_number.is_some());
    let no_groups = metric_pack(&g, None, &PackConfig::default(), &exec).expect("pack");
    check_against_functions(&g, None, &no_groups, &exec);
    assert!(no_groups.groups.is_none());
    assert!(matches!(no_groups.columns().last(), Some(("roles", ColumnRef::Str(_)))));
}

#[test]
fn sampled_betweenness_is_recorded_and_thread_independent() {
    let e1 = Exec::sequential().expect("exec").seed(11);
    let g = org(&OrgConfig::new(800), &e1).expect("org");
    let dept = g.attributes().get("department").expect("dept").codes().to_vec();
    let cfg = PackConfig::default().exact_betweenness_max_nodes(500).exact_harmonic_max_nodes(500).betweenness_epsilon(0.05);
    let mut first: Option<MetricPack> = None;
    for threads in [1, 2, 4] {
        let exec = Exec::with_threads(threads).expect("exec").seed(11);
        let pack = metric_pack(&g, Some(Groups::new(&dept)), &cfg, &exec).expect("pack");
        assert!(!pack.meta.betweenness_exact && pack.people.harmonic.is_none() && !pack.meta.harmonic);
        assert_eq!((pack.meta.betweenness_epsilon, pack.meta.betweenness_delta), (Some(0.05), Some(0.1)));
        let est = riondato_betweenness(&g, &RiondatoConfig::default().epsilon(0.05), &exec).expect("rk");
        assert_eq!(pack.meta.betweenness_samples, Some(est.samples));
        same("betweenness", &pack.people.betweenness, &est.scores);
        match &first {
            None => first = Some(pack),
            Some(f) => {
                assert!(format!("{:?}", f.roles) == format!("{:?}", pack.roles), "roles differ at {threads} threads");
                assert_eq!(f.people.betweenness, pack.people.betweenness);
                assert_eq!(format!("{:?}", f.groups), format!("{:?}", pack.groups));
            }
        }
    }
    let pack = first.expect("ran");
    assert!(!pack.columns().iter().any(|(n, _)| *n == "harmonic"));
    // Sampled within its bound of exact betweenness (δ = 0.1 per run; this seed holds).
    let exact = betweenness_centrality(&g, &BetweennessConfig::default(), &e1).expect("bc");
    let worst = exact.iter().zip(pack.people.betweenness.iter()).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(worst <= 0.05, "worst error {worst}");
}

#[test]
fn empty_graph_and_bad_groups_are_errors() {
    let exec = Exec::sequential().expect("exec");
    let empty = GraphBuilder::undirected().build(0, &[], &[], None, &exec).expect("g");
    assert!(matches!(metric_pack(&empty, None, &PackConfig::default(), &exec), Err(ona_core::Error::EmptyGraph { .. })));
    let g = GraphBuilder::undirected().build(3, &[0], &[1], None, &exec).expect("g");
    let short = [0u32, 1];
    assert!(matches!(
        metric_pack(&g, Some(Groups::new(&short)), &PackConfig::default(), &exec),
        Err(ona_core::Error::LengthMismatch { .. })
    ));
    let bad = PackConfig::default().roles(RolesConfig::default().peripheral_pct(-1.0));
    assert!(matches!(metric_pack(&g, None, &bad, &exec), Err(ona_core::Error::InvalidParameter { .. })));
    // An isolated node: role "isolated", no harmonic NaN surprises.
    let pack = metric_pack(&g, None, &PackConfig::default(), &exec).expect("pack");
    assert_eq!(pack.people.role, vec!["none", "none", "isolated"]);
    assert_eq!(pack.roles.primary(NodeId(2)), ona_core::ona::Role::Isolated);
    let _: &Scores = &pack.people.degree;
}
