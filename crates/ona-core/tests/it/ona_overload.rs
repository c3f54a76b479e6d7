//! Collaboration overload (`ona_core::ona::overload`) and the privacy
//! guardrail (`ona_core::ona::privacy`): a hand-worked case, brute force
//! against a naive implementation on random graphs (proptest), 1 vs 4
//! threads, suppression of small groups, and keyed pseudonyms.

use std::collections::HashSet;

use ona_core::generate::{OrgConfig, org};
use ona_core::graph::MISSING;
use ona_core::ona::{
    GroupOverload, Groups, Guarded, OverloadConfig, collaboration_overload, gini, group_sizes, pseudonymize, suppressed_groups,
};
use ona_core::{EdgeWeights, Error, Exec, GraphBuilder, IdMap, NodeId};
use proptest::prelude::*;

fn ids(v: &[u32]) -> Vec<NodeId> {
    v.iter().map(|&x| NodeId(x)).collect()
}

// ------------------------------------------------------------ hand-worked

/// Arcs (weights): 1->0 (3), 2->0 (2), 3->0 (1), 0->1 (1), 4->2 (2),
/// 6->0 (2), 7->6 (1), 6->7 (1), and the self loop 5->5 (9), which is no
/// load. In-loads: 0: 3+2+1+2 = 8, 1: 1, 2: 2, 3, 4, 5: 0, 6: 1, 7: 1.
/// Groups: A = {0..5}, B = {6, 7}.
#[test]
fn hand_worked_directed() {
    let e = Exec::sequential().expect("pool");
    let (s, d) = ([1, 2, 3, 0, 4, 6, 7, 6, 5], [0, 0, 0, 1, 2, 0, 6, 7, 5]);
    let w = [3.0, 2.0, 1.0, 1.0, 2.0, 2.0, 1.0, 1.0, 9.0];
    let g = GraphBuilder::directed().build(8, &s, &d, Some(EdgeWeights::F64(&w)), &e).expect("g");
    let codes = [0, 0, 0, 0, 0, 0, 1, 1];
    let o = collaboration_overload(&g, Groups::new(&codes), &OverloadConfig::default(), &e).expect("overload");
    assert_eq!(o.load.0, vec![8.0, 1.0, 2.0, 0.0, 0.0, 0.0, 1.0, 1.0]);
    // Network: sorted loads 0 0 0 1 1 1 2 8, coefficients 2i - 9 = -7..7 by 2:
    // -1·1 + 1·1 + 3·1 + 5·2 + 7·8 = 69; gini = 69 / (8 · 13). Top 10% of 8
    // is ⌈0.8⌉ = 1 person: 8 / 13.
    let n = &o.network;
    assert_eq!((n.group, n.size, n.total, n.suppressed), (None, 8, 13.0, false));
    assert!((n.top_share - 8.0 / 13.0).abs() < 1e-15);
    assert!((n.gini - 69.0 / 104.0).abs() < 1e-15);
    assert_eq!(n.top, ids(&[0, 2, 1]));
    // A: loads 8 1 2 0 0 0, sorted 0 0 0 1 2 8, coefficients -5 -3 -1 1 3 5:
    // 1 + 6 + 40 = 47; gini = 47 / (6 · 11); top ⌈0.6⌉ = 1: 8 / 11.
    let a = &o.groups[0];
    assert_eq!((a.group, a.size, a.total), (Some(0), 6, 11.0));
    assert!((a.top_share - 8.0 / 11.0).abs() < 1e-15);
    assert!((a.gini - 47.0 / 66.0).abs() < 1e-15);
    assert_eq!(a.top, ids(&[0, 2, 1]));
    // B has 2 members < 5: withheld, and says so.
    let b = &o.groups[1];
    assert!(b.suppressed && b.total.is_nan() && b.top_share.is_nan() && b.gini.is_nan() && b.top.is_empty());
    assert_eq!((b.size, b.suppressed_reason.as_deref()), (2, Some("suppressed: group has 2 members < 5")));
    // With the minimum at 2, B shows: loads 1 1, all equal.
    let o2 = collaboration_overload(&g, Groups::new(&codes), &OverloadConfig::default().min_group_size(2), &e).expect("o");
    let b = &o2.groups[1];
    assert_eq!((b.total, b.top_share, b.gini, b.suppressed, b.suppressed_reason.clone()), (2.0, 0.5, 0.0, false, None));
    assert_eq!(b.top, ids(&[6, 7]));
    // Unweighted: in-degrees 4 1 1 0 0 0 1 1; top half of A (3 people) holds 6 of 6.
    let cfg = OverloadConfig::default().weighted(false).top_fraction(0.5).top_people(2);
    let u = collaboration_overload(&g, Groups::new(&codes), &cfg, &e).expect("o");
    assert_eq!(u.load.0, vec![4.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0]);
    assert_eq!((u.groups[0].total, u.groups[0].top_share, u.groups[0].top.clone()), (6.0, 1.0, ids(&[0, 1])));
}

#[test]
fn undirected_load_is_strength_and_missing_groups_count_for_the_network_only() {
    let e = Exec::sequential().expect("pool");
    // Star around 0 with weights 1..=5 and a loop at 0; node 6 has no group.
    let g = GraphBuilder::undirected()
        .build(7, &[0, 0, 0, 0, 0, 0, 0], &[1, 2, 3, 4, 5, 0, 6], Some(EdgeWeights::F64(&[1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 1.0])), &e)
        .expect("g");
    let codes = [0, 0, 0, 0, 0, 0, MISSING];
    let o = collaboration_overload(&g, Groups::new(&codes), &OverloadConfig::default(), &e).expect("o");
    assert_eq!(o.load.0, vec![16.0, 1.0, 2.0, 3.0, 4.0, 5.0, 1.0]);
    assert_eq!((o.network.size, o.network.total), (7, 32.0));
    assert_eq!((o.groups[0].size, o.groups[0].total, o.groups[0].top_share), (6, 31.0, 16.0 / 31.0));
}

// ------------------------------------------------------------ brute force

fn naive_gini(x: &[f64]) -> f64 {
    let total: f64 = x.iter().sum();
    if x.is_empty() || total == 0.0 {
        return 0.0;
    }
    let pairs: f64 = x.iter().flat_map(|a| x.iter().map(move |b| (a - b).abs())).sum();
    pairs / (2.0 * x.len() as f64 * total)
}

/// The figures of `members`, straight from the definitions; the top
/// fraction is `p / q`, so `⌈p · size / q⌉` is exact integer arithmetic.
fn naive(group: Option<u32>, members: &[usize], load: &[f64], (p, q): (usize, usize), top_people: usize, min: usize) -> GroupOverload {
    let mut out = GroupOverload::default();
    out.group = group;
    out.size = members.len();
    if members.len() < min {
        out.total = f64::NAN;
        out.top_share = f64::NAN;
        out.gini = f64::NAN;
        out.suppressed = true;
        out.suppressed_reason =
            Some(format!("suppressed: group has {} member{} < {min}", members.len(), if members.len() == 1 { "" } else { "s" }));
        return out;
    }
    let mut by_load = members.to_vec();
    by_load.sort_by(|&a, &b| load[b].partial_cmp(&load[a]).expect("finite").then(a.cmp(&b)));
    let x: Vec<f64> = members.iter().map(|&v| load[v]).collect();
    out.total = x.iter().sum();
    let k = (p * members.len()).div_ceil(q).max(1).min(members.len());
    let top: f64 = by_load[..k].iter().map(|&v| load[v]).sum();
    out.top_share = if out.total > 0.0 { top / out.total } else { f64::NAN };
    out.gini = naive_gini(&x);
    out.top = by_load.iter().take(top_people).map(|&v| NodeId(u32::try_from(v).expect("small"))).collect();
    out
}

fn same(got: &GroupOverload, want: &GroupOverload) -> Result<(), TestCaseError> {
    let close = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || (a - b).abs() <= 1e-12 * (1.0 + b.abs());
    prop_assert_eq!((got.group, got.size, got.suppressed), (want.group, want.size, want.suppressed));
    prop_assert_eq!(&got.suppressed_reason, &want.suppressed_reason);
    prop_assert!(close(got.total, want.total), "total {} vs {}", got.total, want.total);
    prop_assert!(close(got.top_share, want.top_share), "top share {} vs {}", got.top_share, want.top_share);
    prop_assert!(close(got.gini, want.gini), "gini {} vs {}", got.gini, want.gini);
    prop_assert_eq!(&got.top, &want.top);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn overload_matches_naive(
        (n, edges, codes) in (1usize..16).prop_flat_map(|n| (
            Just(n),
            proptest::collection::vec((0..n, 0..n, 1u32..6), 0..4 * n),
            proptest::collection::vec(prop_oneof![5 => 0u32..3, 1 => Just(MISSING)], n),
        )),
        directed: bool,
        weighted: bool,
        fraction in prop_oneof![Just((1usize, 10usize)), Just((1, 4)), Just((3, 10)), Just((1, 2)), Just((1, 1))],
        top_people in 0usize..5,
        min in 0usize..5,
    ) {
        let e = Exec::with_threads(2).expect("pool");
        let (s, d): (Vec<u32>, Vec<u32>) = edges.iter().map(|&(u, v, _)| (u32::try_from(u).expect("small"), u32::try_from(v).expect("small"))).unzip();
        let w: Vec<f64> = edges.iter().map(|&(_, _, w)| f64::from(w)).collect();
        let g = GraphBuilder::with_direction(directed).build(n, &s, &d, Some(EdgeWeights::F64(&w)), &e).expect("g");
        // Load from the edge rows: each row is an arc (or an edge at both
        // ends) into its target; loops carry none; duplicates add up.
        let mut load = vec![0.0; n];
        for &(u, v, x) in &edges {
            if u != v {
                let x = if weighted { f64::from(x) } else { 1.0 };
                load[v] += x;
                if !directed {
                    load[u] += x;
                }
            }
        }
        if !weighted {
            // Unweighted counts distinct arcs, not rows.
            let mut arcs = HashSet::new();
            for &(u, v, _) in &edges {
                if u != v {
                    arcs.insert((u, v));
                    if !directed {
                        arcs.insert((v, u));
                    }
                }
            }
            load = vec![0.0; n];
            for &(_, v) in &arcs {
                load[v] += 1.0;
            }
        }
        let f = fraction.0 as f64 / fraction.1 as f64;
        let cfg = OverloadConfig::default().top_fraction(f).top_people(top_people).weighted(weighted).min_group_size(min);
        let groups = Groups::new(&codes);
        let got = collaboration_overload(&g, groups, &cfg, &e).expect("overload");
        prop_assert!(got.load.iter().zip(&load).all(|(a, b)| (a - b).abs() < 1e-12), "{:?} vs {:?}", got.load, load);
        let everyone: Vec<usize> = (0..n).collect();
        same(&got.network, &naive(None, &everyone, &load, fraction, top_people, min))?;
        prop_assert_eq!(got.groups.len(), groups.count());
        for (c, go) in (0u32..).zip(&got.groups) {
            let members: Vec<usize> = (0..n).filter(|&v| codes[v] == c).collect();
            same(go, &naive(Some(c), &members, &load, fraction, top_people, min))?;
        }
        let sizes = group_sizes(groups);
        prop_assert_eq!(&sizes, &got.groups.iter().map(|g| g.size).collect::<Vec<_>>());
        prop_assert_eq!(suppressed_groups(groups, min), got.groups.iter().map(|g| g.suppressed).collect::<Vec<_>>());
        prop_assert!(close_gini(&load));
    }
}

/// [`gini`] against the double sum, and in `[0, 1 - 1/n]`.
fn close_gini(x: &[f64]) -> bool {
    let (a, b) = (gini(x), naive_gini(x));
    (a - b).abs() <= 1e-12 && a >= 0.0 && a <= 1.0 - 1.0 / x.len().max(1) as f64 + 1e-12
}

#[test]
fn gini_edge_cases() {
    assert_eq!(gini(&[]), 0.0);
    assert_eq!(gini(&[0.0, 0.0]), 0.0);
    assert_eq!(gini(&[2.5; 7]), 0.0);
    assert_eq!(gini(&[5.0]), 0.0);
    assert!((gini(&[0.0, 0.0, 0.0, 0.0, 10.0]) - 0.8).abs() < 1e-15); // 1 - 1/n
    assert!(gini(&[1.0, f64::NAN]).is_nan());
    assert!(gini(&[1.0, f64::INFINITY]).is_nan());
    assert!(gini(&[1.0, -0.5]).is_nan());
    // Order does not matter.
    assert_eq!(gini(&[3.0, 1.0, 2.0]), gini(&[1.0, 2.0, 3.0]));
}

#[test]
fn refuses_bad_input() {
    let e = Exec::sequential().expect("pool");
    let g = GraphBuilder::directed().build(3, &[0, 1], &[1, 2], Some(EdgeWeights::F64(&[1.0, -2.0])), &e).expect("g");
    let groups = Groups::new(&[0, 0, 1]);
    for f in [0.0, -0.1, 1.5, f64::NAN] {
        let cfg = OverloadConfig::default().top_fraction(f);
        assert!(matches!(collaboration_overload(&g, groups, &cfg, &e), Err(Error::InvalidParameter { name: "top_fraction", .. })));
    }
    assert!(matches!(
        collaboration_overload(&g, groups, &OverloadConfig::default(), &e),
        Err(Error::InvalidWeight { edge: _, weight: -2.0, .. })
    ));
    assert!(collaboration_overload(&g, groups, &OverloadConfig::default().weighted(false), &e).is_ok());
    assert!(matches!(
        collaboration_overload(&g, Groups::new(&[0, 1]), &OverloadConfig::default().weighted(false), &e),
        Err(Error::LengthMismatch { .. })
    ));
    let c = Exec::sequential().expect("pool");
    c.token().cancel();
    assert_eq!(collaboration_overload(&g, groups, &OverloadConfig::default().weighted(false), &c), Err(Error::Cancelled));
}

// ------------------------------------------------------------ determinism

#[test]
fn identical_at_one_and_four_threads() {
    let one = Exec::with_threads(1).expect("pool");
    let four = Exec::with_threads(4).expect("pool");
    let g = org(&OrgConfig::new(20_000), &one).expect("org");
    let codes = g.attributes().get("department").expect("department").codes().to_vec();
    let cfg = OverloadConfig::default();
    let a = collaboration_overload(&g, Groups::new(&codes), &cfg, &one).expect("o");
    let b = collaboration_overload(&g, Groups::new(&codes), &cfg, &four).expect("o");
    let c = collaboration_overload(&g.compress(&four), Groups::new(&codes), &cfg, &four).expect("o");
    for x in [&b, &c] {
        assert_eq!(a.load.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), x.load.iter().map(|v| v.to_bits()).collect::<Vec<_>>());
        for (p, q) in std::iter::once((&a.network, &x.network)).chain(a.groups.iter().zip(&x.groups)) {
            assert_eq!((p.size, &p.top, p.suppressed), (q.size, &q.top, q.suppressed));
            assert_eq!([p.total, p.top_share, p.gini].map(f64::to_bits), [q.total, q.top_share, q.gini].map(f64::to_bits));
        }
    }
    assert!(a.groups.len() > 10 && a.network.gini > 0.0 && a.network.gini < 1.0);
}

// ------------------------------------------------------------ privacy

#[test]
fn guarded_values_and_group_sizes() {
    let codes = [0, 0, 0, 1, 1, 1, 1, 1, 2, MISSING];
    let groups = Groups::with_count(&codes, 4).expect("groups");
    assert_eq!(group_sizes(groups), vec![3, 5, 1, 0]);
    assert_eq!(suppressed_groups(groups, 5), vec![true, false, true, true]);
    assert_eq!(suppressed_groups(groups, 0), vec![false; 4]);
    let g = Guarded::new("E-I = -0.4", 3, 5);
    assert!(g.is_suppressed() && g.value.is_none());
    assert_eq!(g.suppressed_reason.as_deref(), Some("suppressed: group has 3 members < 5"));
    let shown = Guarded::new(7u32, 5, 5);
    assert_eq!((shown.value, shown.suppressed_reason), (Some(7), None));
}

#[test]
fn pseudonyms_are_keyed_stable_and_distinct_over_100k_ids() {
    let n = 100_000u64;
    let ids = IdMap::U64((0..n).map(|i| i * 7919 + 13).collect());
    let k1 = [0x42; 32];
    let mut k2 = k1;
    k2[31] ^= 1;
    let p1 = pseudonymize(&ids, &k1);
    assert_eq!(p1.len(), 100_000);
    assert!(
        p1.iter().all(|p| p.len() == 18 && p.starts_with("p_") && p[2..].bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    );
    assert_eq!(p1.iter().collect::<HashSet<_>>().len(), p1.len(), "collision among 100k pseudonyms");
    // Stable for a key, in any thread count.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
    assert_eq!(pool.install(|| pseudonymize(&ids, &k1)), p1);
    // A one-bit change of key changes every pseudonym.
    let p2 = pseudonymize(&ids, &k2);
    assert!(p1.iter().zip(&p2).all(|(a, b)| a != b));
    // The same names as strings get the same pseudonyms; other names other ones.
    let names = IdMap::from_names((0..n).map(|i| (i * 7919 + 13).to_string().into_boxed_str()).collect());
    assert_eq!(pseudonymize(&names, &k1), p1);
    let other = IdMap::from_names(vec!["ada".into(), "Ada".into()]);
    let po = pseudonymize(&other, &k1);
    assert_ne!(po[0], po[1]);
    assert!(!p1.contains(&po[0]));
}
