//! Cross & Parker roles (`ona_core::ona::roles`): a hand-worked two-department
//! organisation (expected labels cross-checked with NetworkX betweenness and
//! constraint and the same percentile rule in Python), relabelling
//! invariance on generated organisations, and identical labels at 1, 2 and
//! 4 threads on email-Eu-core with its departments (`shared/data`; a missing
//! data directory fails, never skips).

use ona_core::algo::centrality::{BetweennessConfig, DegreeConfig, Direction, betweenness_centrality, degree};
use ona_core::generate::{OrgConfig, org_edges};
use ona_core::ona::{
    Comparison, EiConfig, Evidence, Groups, HolesConfig, Role, RoleInputs, Roles, RolesConfig, Scope, classify_roles, constraint,
    cross_group_share, ei_index,
};
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder, NodeId, Scores};
use proptest::prelude::*;

use crate::real::email_eu_core_departments as email_eu_core;

/// Every input measure of `g`, computed the standard way.
struct Measures {
    in_degree: Scores,
    betweenness: Scores,
    constraint: Scores,
    share: Scores,
    external: Vec<f64>,
    degree: Scores,
}

impl Measures {
    fn of(g: &Graph, groups: Groups<'_>, exec: &Exec) -> Self {
        let dir = if g.is_directed() { Direction::In } else { Direction::Both };
        let ei = ei_index(g, groups, &EiConfig::default(), exec).expect("ei");
        Self {
            in_degree: degree(g, &DegreeConfig::default().direction(dir), exec).expect("in-degree"),
            betweenness: betweenness_centrality(g, &BetweennessConfig::default(), exec).expect("betweenness"),
            constraint: constraint(g, &HolesConfig::default(), exec).expect("constraint"),
            share: cross_group_share(g, groups, &EiConfig::default(), exec).expect("share"),
            external: ei.node_external,
            degree: degree(g, &DegreeConfig::default(), exec).expect("degree"),
        }
    }
    fn inputs(&self) -> RoleInputs<'_> {
        RoleInputs {
            in_degree: &self.in_degree,
            betweenness: &self.betweenness,
            constraint: &self.constraint,
            cross_group_share: Some(&self.share),
            external_ties: Some(&self.external),
            degree: &self.degree,
        }
    }
}

fn labels(r: &Roles) -> Vec<&'static str> {
    r.roles.iter().map(|s| s.label()).collect()
}

// ------------------------------------------------------------ hand-worked

/// Department A = {0..5, 12}, B = {6..11}; 12 is isolated. A: hub 0 with
/// 1-2, 2-3, 3-4 and the pendant 5 on 4; B the mirror image (hub 6, pendant
/// 11 on 10); one tie 4-7 joins the departments.
fn two_departments(exec: &Exec) -> (Graph, Vec<u32>) {
    let e = [
        (0, 1),
        (0, 2),
        (0, 3),
        (0, 4),
        (1, 2),
        (2, 3),
        (3, 4),
        (5, 4),
        (6, 7),
        (6, 8),
        (6, 9),
        (6, 10),
        (7, 8),
        (8, 9),
        (9, 10),
        (11, 10),
        (4, 7),
    ];
    let (src, dst): (Vec<u32>, Vec<u32>) = e.iter().copied().unzip();
    let g = GraphBuilder::undirected().build(13, &src, &dst, None, exec).expect("graph");
    let mut codes = vec![0u32; 6];
    codes.extend([1u32; 6]);
    codes.push(0);
    (g, codes)
}

#[test]
fn two_departments_by_group() {
    let exec = Exec::sequential().expect("exec");
    let (g, codes) = two_departments(&exec);
    let gr = Groups::new(&codes);
    let m = Measures::of(&g, gr, &exec);
    let cfg = RolesConfig::default().min_external_ties(1.0);
    let r = classify_roles(&m.inputs(), Some(gr), &cfg, &exec).expect("roles");
    // Within each department (6 connected people, ranks 100 (B + E/2) / 6):
    // 4 and 7 carry the only cross-department tie: top betweenness (91.7)
    // with low constraint (8.3 / 16.7) and the top share; 6 is B's single
    // highest degree (91.7) while A's hub 0 ties with 4 at degree 4 (83.3),
    // so A has no connector; the pendants 5 and 11 are alone at the bottom
    // (8.3); 12 has no tie.
    let want = [
        "none",
        "none",
        "none",
        "none",
        "broker|boundary_spanner",
        "peripheral_specialist",
        "central_connector",
        "broker|boundary_spanner",
        "none",
        "none",
        "none",
        "peripheral_specialist",
        "isolated",
    ];
    assert_eq!(labels(&r), want);
    assert_eq!(r.primary(NodeId(4)), Role::Broker);
    assert_eq!(r.primary(NodeId(12)), Role::Isolated);
    assert_eq!(r.primary(NodeId(99)), Role::None);
    assert_eq!(r.scope(NodeId(7)), Some(Scope::Group(1)));

    // The evidence for 4: connector fails, both broker tests pass, both spanner tests pass.
    let ev = r.evidence(NodeId(4));
    let rows: Vec<(Role, &str, bool)> = ev.iter().map(|e| (e.role, e.metric, e.passed)).collect();
    assert_eq!(
        rows,
        vec![
            (Role::CentralConnector, "in_degree", false),
            (Role::Broker, "betweenness", true),
            (Role::Broker, "constraint", true),
            (Role::BoundarySpanner, "cross_group_share", true),
            (Role::BoundarySpanner, "external_ties", true),
            (Role::PeripheralSpecialist, "degree", false),
        ]
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(ev[0].percentile, 500.0 / 6.0) && ev[0].value == 4.0 && ev[0].threshold.is_nan());
    assert!(close(ev[1].percentile, 550.0 / 6.0) && ev[1].comparison == Comparison::AtLeast);
    assert_eq!(ev[1].threshold, ev[1].value); // 4 is the only one to pass
    assert!(close(ev[2].percentile, 50.0 / 6.0) && ev[2].comparison == Comparison::AtMost);
    assert_eq!(ev[4].scope, Scope::Absolute);
    assert_eq!((ev[4].value, ev[4].threshold), (1.0, 1.0));
    assert_eq!(ev[0].scope.label(&["Sales", "Research"]), "group:Sales");
    assert_eq!(r.evidence(NodeId(7))[0].scope.label(&["Sales", "Research"]), "group:Research");
    // Degree cut of department B: 11 alone is at or below the 10th percentile.
    let ev11 = r.evidence(NodeId(11));
    assert_eq!((ev11[5].threshold, ev11[5].passed), (1.0, true));
    // Constraint cut of department A (at most the 50th): 0, 3, 4 (ranks 25, 41.7, 8.3).
    assert!(close(ev[2].threshold, m.constraint[3]));
    // The isolated person: one absolute row (NaN percentiles).
    let iso = r.evidence(NodeId(12));
    assert_eq!(iso.len(), 1);
    let e = &iso[0];
    assert_eq!(
        (e.role, e.metric, e.value, e.threshold, e.comparison, e.scope, e.passed),
        (Role::Isolated, "degree", 0.0, 0.0, Comparison::AtMost, Scope::Absolute, true)
    );
    assert!(e.percentile.is_nan() && e.threshold_percentile.is_nan());
    // Without two external ties nobody spans (default min_external_ties = 2).
    let r2 = classify_roles(&m.inputs(), Some(gr), &RolesConfig::default(), &exec).expect("roles");
    assert_eq!(labels(&r2)[4], "broker");
}

#[test]
fn two_departments_network_wide() {
    let exec = Exec::sequential().expect("exec");
    let (g, codes) = two_departments(&exec);
    let m = Measures::of(&g, Groups::new(&codes), &exec);
    let cfg = RolesConfig::default().min_external_ties(1.0);
    // Ranked among all 12 connected people: 6 (degree 4) now ties with 0
    // and 4 (87.5) and loses its connector label; 7's betweenness (87.5)
    // falls below the 90th, leaving it a spanner (share 1/3: 95.8).
    let want = [
        "none",
        "none",
        "none",
        "none",
        "broker",
        "peripheral_specialist",
        "none",
        "boundary_spanner",
        "none",
        "none",
        "none",
        "peripheral_specialist",
        "isolated",
    ];
    let r = classify_roles(&m.inputs(), None, &cfg, &exec).expect("roles");
    assert_eq!(labels(&r), want);
    assert_eq!(r.scope(NodeId(0)), Some(Scope::Network));
    // Groups too small for percentiles fall back to the network.
    let small = classify_roles(&m.inputs(), Some(Groups::new(&codes)), &cfg.clone().min_group_size(8), &exec).expect("roles");
    assert_eq!(labels(&small), want);
    assert_eq!(small.scope(NodeId(0)), Some(Scope::Network));
    // Department A has 7 people (12 included), B 6: only B falls back.
    let mixed = classify_roles(&m.inputs(), Some(Groups::new(&codes)), &cfg.min_group_size(7), &exec).expect("roles");
    assert_eq!((mixed.scope(NodeId(0)), mixed.scope(NodeId(6))), (Some(Scope::Group(0)), Some(Scope::Network)));
}

// ------------------------------------------------------------ relabelling

/// A generated organisation with its departments, the same under a random
/// permutation, and the permutation (old node `i` becomes `perm[i]`).
fn org_and_permuted(people: usize, seed: u64, perm_seed: u64, exec: &Exec) -> ([(Graph, Vec<u32>); 2], Vec<u32>) {
    let e = org_edges(&OrgConfig::new(people), &exec.clone().seed(seed)).expect("org");
    let dept = e.attributes[0].1.codes().to_vec();
    // Fisher–Yates with a small LCG (the permutation only needs to be arbitrary).
    let mut perm: Vec<u32> = (0..u32::try_from(people).expect("small")).collect();
    let mut x = perm_seed | 1;
    for i in (1..people).rev() {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let j = usize::try_from((x >> 33) % (i as u64 + 1)).expect("small");
        perm.swap(i, j);
    }
    let p = |v: &u32| perm[*v as usize];
    let (src2, dst2): (Vec<u32>, Vec<u32>) = (e.src.iter().map(p).collect(), e.dst.iter().map(p).collect());
    let mut dept2 = vec![0u32; people];
    for (i, &d) in dept.iter().enumerate() {
        dept2[perm[i] as usize] = d;
    }
    let w = Some(EdgeWeights::F32(&e.weight));
    let g1 = GraphBuilder::undirected().build(people, &e.src, &e.dst, w, exec).expect("g");
    let g2 = GraphBuilder::undirected().build(people, &src2, &dst2, Some(EdgeWeights::F32(&e.weight)), exec).expect("g");
    ([(g1, dept), (g2, dept2)], perm)
}

/// Evidence equal up to the last digit of the 12-digit rounding: sums in
/// another order can land on either side of a rounding boundary (seen:
/// 0.222274754119 vs 0.22227475412), so values compare to 1e-11 relative.
fn same_evidence(x: &Evidence, y: &Evidence) -> bool {
    let close = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-11 * a.abs().max(b.abs()).max(1e-300);
    (x.role, x.metric, x.comparison, x.scope, x.passed) == (y.role, y.metric, y.comparison, y.scope, y.passed)
        && close(x.value, y.value)
        && close(x.percentile, y.percentile)
        && close(x.threshold_percentile, y.threshold_percentile)
        && close(x.threshold, y.threshold)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn relabelling_permutes_labels(seed in 0u64..1000, perm_seed in any::<u64>(), by_group in any::<bool>()) {
        let exec = Exec::sequential().expect("exec");
        let ([(g1, d1), (g2, d2)], perm) = org_and_permuted(300, seed, perm_seed, &exec);
        let (m1, m2) = (Measures::of(&g1, Groups::new(&d1), &exec), Measures::of(&g2, Groups::new(&d2), &exec));
        let cfg = RolesConfig::default().min_external_ties(1.0);
        let r1 = classify_roles(&m1.inputs(), by_group.then(|| Groups::new(&d1)), &cfg, &exec).expect("roles");
        let r2 = classify_roles(&m2.inputs(), by_group.then(|| Groups::new(&d2)), &cfg, &exec).expect("roles");
        let mut held = 0;
        for (i, &pi) in perm.iter().enumerate() {
            let (a, b) = (NodeId(u32::try_from(i).expect("small")), NodeId(pi));
            prop_assert_eq!(r1.roles[a.index()], r2.roles[b.index()], "node {} -> {}", i, pi);
            let (e1, e2) = (r1.evidence(a), r2.evidence(b));
            prop_assert!(e1.len() == e2.len() && e1.iter().zip(&e2).all(|(x, y)| same_evidence(x, y)), "{:?} vs {:?}", e1, e2);
            held += usize::from(!r1.roles[i].is_empty());
        }
        // The organisation has roles to permute.
        prop_assert!(held > 30, "only {} people hold a role", held);
    }
}

// ------------------------------------------------------------ threads


#[test]
fn email_eu_core_same_labels_at_1_2_4_threads() {
    let e1 = Exec::sequential().expect("exec");
    let (g, dept) = email_eu_core(&e1);
    let gr = Groups::new(&dept);
    let mut seen: Option<(Vec<&'static str>, String)> = None;
    for threads in [1, 2, 4] {
        let exec = Exec::with_threads(threads).expect("exec");
        let m = Measures::of(&g, gr, &exec);
        let r = classify_roles(&m.inputs(), Some(gr), &RolesConfig::default(), &exec).expect("roles");
        let ev: String = (0..1005u32).map(|v| format!("{:?}", r.evidence(NodeId(v)))).collect();
        let got = (labels(&r), ev);
        match &seen {
            None => seen = Some(got),
            Some(first) => assert!(first == &got, "labels differ at {threads} threads"),
        }
    }
    let (labels, _) = seen.expect("ran");
    let count = |name: &str| labels.iter().filter(|l| l.split('|').any(|x| x == name)).count();
    // Every role but isolation occurs (the people with no mail to others
    // mailed themselves: a self loop is a tie here).
    for role in ["central_connector", "broker", "boundary_spanner", "peripheral_specialist"] {
        assert!(count(role) > 0, "no {role}");
    }
    assert!(count("central_connector") < 200 && count("broker") < 150, "{}", count("broker"));
}
