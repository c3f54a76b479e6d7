//! Temporal diffs (`ona_core::ona::diff`): brute force on random pairs of
//! graphs over overlapping people with relabelled ids (integer ids on one
//! side, shuffled string ids on the other), a hand-worked community
//! matching, and determinism across thread counts.

use std::collections::{BTreeMap, BTreeSet};

use ona_core::algo::community::{adjusted_rand_index, normalized_mutual_information, variation_of_information};
use ona_core::graph::{Categorical, ExternalId};
use ona_core::ona::diff::{
    DiffConfig, DriftConfig, PeopleMatch, PersonId, TemporalConfig, classified_role_changes, community_drift, graph_diff, metric_deltas,
    role_changes, temporal_diff,
};
use ona_core::ona::{Groups, PackConfig, Role, metric_pack};
use ona_core::{EdgeWeights, Error, Exec, Graph, GraphBuilder, IdMap, NodeId, Partition, Scores};
use proptest::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One side of a random pair: people (external ids), ties by external ids.
struct Side {
    people: Vec<u64>,
    ties: BTreeMap<(u64, u64), f64>,
}

fn key(directed: bool, a: u64, b: u64) -> (u64, u64) {
    if directed || a <= b { (a, b) } else { (b, a) }
}

fn random_side(rng: &mut ChaCha8Rng, universe: u64, directed: bool, density: f64) -> Side {
    let mut people: Vec<u64> = (0..universe).filter(|_| rng.random_bool(0.75)).map(|i| 100 + 7 * i).collect();
    people.shuffle(rng);
    let mut ties = BTreeMap::new();
    for &a in &people {
        for &b in &people {
            if rng.random_bool(density) {
                // Few distinct weights, so kept ties often keep their weight.
                ties.insert(key(directed, a, b), f64::from(rng.random_range(1u8..4)));
            }
        }
    }
    Side { people, ties }
}

/// Build `side`: integer ids (`str_ids = false`) or its people's decimal
/// names in shuffled order.
fn build(side: &Side, directed: bool, str_ids: bool, exec: &Exec) -> Graph {
    let b = GraphBuilder::with_direction(directed);
    let w: Vec<f64> = side.ties.values().copied().collect();
    let weights = Some(EdgeWeights::F64(&w));
    if str_ids {
        let name = |x: &u64| x.to_string();
        let nodes: Vec<String> = side.people.iter().map(name).collect();
        let src: Vec<String> = side.ties.keys().map(|k| name(&k.0)).collect();
        let dst: Vec<String> = side.ties.keys().map(|k| name(&k.1)).collect();
        b.build_str(&nodes, &src, &dst, weights, exec).expect("graph")
    } else {
        let src: Vec<u64> = side.ties.keys().map(|k| k.0).collect();
        let dst: Vec<u64> = side.ties.keys().map(|k| k.1).collect();
        b.build_u64(&side.people, &src, &dst, weights, exec).expect("graph")
    }
}

fn ext(id: Option<ExternalId<'_>>) -> u64 {
    match id.expect("every person has an id") {
        ExternalId::U64(x) => x,
        ExternalId::Str(s) => s.parse().expect("decimal name"),
    }
}

fn node(v: usize) -> NodeId {
    NodeId(u32::try_from(v).expect("small graph"))
}

fn ext_of(g: &Graph, v: NodeId) -> u64 {
    ext(g.ids().external(v))
}

fn node_of(g: &Graph, id: u64) -> Option<NodeId> {
    g.ids().lookup_u64(id)
}

type TieSet = BTreeMap<(u64, u64), f64>;
type ReweightSet = BTreeMap<(u64, u64), (f64, f64)>;

/// The diff's ties as external-id maps.
fn diff_sets(
    before: &Graph,
    after: &Graph,
    cfg: &DiffConfig,
    exec: &Exec,
) -> (TieSet, TieSet, ReweightSet, ona_core::ona::diff::GraphDiff) {
    let d = graph_diff(before, after, cfg, exec).expect("diff");
    let id = |p: PersonId| ext(d.people.external(p, before.ids(), after.ids()));
    let directed = before.is_directed();
    let tie = |a: PersonId, b: PersonId| key(directed, id(a), id(b));
    let formed = d.formed.iter().map(|t| (tie(t.a, t.b), t.weight)).collect();
    let lost = d.lost.iter().map(|t| (tie(t.a, t.b), t.weight)).collect();
    let rew = d.reweighted.iter().map(|t| (tie(t.a, t.b), (t.before, t.after))).collect();
    (formed, lost, rew, d)
}

fn check_pair(seed: u64, directed: bool, kinds: (bool, bool), universe: u64) -> Result<(), TestCaseError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let density = rng.random_range(0.05..0.4);
    let sb = random_side(&mut rng, universe, directed, density);
    let sa = random_side(&mut rng, universe, directed, density);
    let exec = Exec::sequential().expect("exec");
    let (before, after) = (build(&sb, directed, kinds.0, &exec), build(&sa, directed, kinds.1, &exec));

    // Ties: naive set differences over external-id pairs.
    let want_formed: TieSet = sa.ties.iter().filter(|(k, _)| !sb.ties.contains_key(k)).map(|(k, w)| (*k, *w)).collect();
    let want_lost: TieSet = sb.ties.iter().filter(|(k, _)| !sa.ties.contains_key(k)).map(|(k, w)| (*k, *w)).collect();
    let want_rew: ReweightSet = sb.ties.iter().filter_map(|(k, &w)| sa.ties.get(k).filter(|&&x| x != w).map(|&x| (*k, (w, x)))).collect();
    let (formed, lost, rew, d) = diff_sets(&before, &after, &DiffConfig::default(), &exec);
    prop_assert_eq!(&formed, &want_formed);
    prop_assert_eq!(&lost, &want_lost);
    prop_assert_eq!(&rew, &want_rew);
    let s = d.summary;
    let kept = sb.ties.keys().filter(|k| sa.ties.contains_key(k)).count() as u64;
    prop_assert_eq!((s.kept, s.ties_before, s.ties_after), (kept, sb.ties.len() as u64, sa.ties.len() as u64));
    prop_assert_eq!(s.kept + s.lost, s.ties_before);
    prop_assert_eq!(s.kept + s.formed, s.ties_after);
    prop_assert!((s.weight_before - sb.ties.values().sum::<f64>()).abs() < 1e-9);
    prop_assert!((s.weight_after - sa.ties.values().sum::<f64>()).abs() < 1e-9);
    // Formed and lost lists are sorted by person pair.
    prop_assert!(d.formed.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)));
    prop_assert!(d.lost.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)));
    // Unweighted comparison: nothing reweighted, same formed/lost pairs.
    let (f2, l2, r2, _) = diff_sets(&before, &after, &DiffConfig::default().weighted(false), &exec);
    prop_assert!(r2.is_empty());
    prop_assert_eq!(f2.keys().collect::<Vec<_>>(), want_formed.keys().collect::<Vec<_>>());
    prop_assert_eq!(l2.keys().collect::<Vec<_>>(), want_lost.keys().collect::<Vec<_>>());

    // People.
    let (pb, pa): (BTreeSet<u64>, BTreeSet<u64>) = (sb.people.iter().copied().collect(), sa.people.iter().copied().collect());
    let id = |p: PersonId| ext(d.people.external(p, before.ids(), after.ids()));
    let joined: BTreeSet<u64> = d.people.joined().into_iter().map(id).collect();
    let left: BTreeSet<u64> = d.people.left().into_iter().map(id).collect();
    prop_assert_eq!(joined, pa.difference(&pb).copied().collect::<BTreeSet<_>>());
    prop_assert_eq!(left, pb.difference(&pa).copied().collect::<BTreeSet<_>>());
    for (p, v, x) in d.people.stayed() {
        prop_assert_eq!(ext_of(&before, v), ext_of(&after, x));
        prop_assert_eq!(d.people.of_after(x), Some(p));
    }

    // Metric deltas against a per-id computation.
    let col = |g: &Graph| Scores((0..g.node_count()).map(|v| (ext_of(g, node(v)) % 13) as f64 * 0.5).collect());
    let mut cb = col(&before);
    if let Some(first) = cb.0.first_mut() {
        *first = f64::NAN;
    }
    let ca = col(&after);
    let m = metric_deltas(&d.people, &[("x", &cb), ("only_before", &cb)], &[("x", &ca)]).expect("deltas");
    prop_assert_eq!(&m.unmatched, &vec!["only_before".to_owned()]);
    let x = m.metric("x").expect("x");
    for (i, &p) in m.people.iter().enumerate() {
        let e = id(p);
        let (bv, av) = (cb[node_of(&before, e).expect("in before").index()], ca[node_of(&after, e).expect("in after").index()]);
        prop_assert!(x.before[i].to_bits() == bv.to_bits() && x.after[i] == av);
        prop_assert!(x.delta[i].to_bits() == (av - bv).to_bits());
    }
    let top = m.top_changes("x", 3).expect("top");
    let mut inc: Vec<(f64, PersonId)> = x.delta.iter().zip(&m.people).filter(|(d, _)| **d > 0.0).map(|(d, p)| (-d, *p)).collect();
    inc.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    prop_assert_eq!(top.increases.iter().map(|c| c.person).collect::<Vec<_>>(), inc.iter().take(3).map(|e| e.1).collect::<Vec<_>>());
    prop_assert!(top.decreases.iter().all(|c| c.delta < 0.0) && top.decreases.windows(2).all(|w| w[0].delta <= w[1].delta));

    // Roles: holders = people whose id is a multiple of 3, per side.
    let holders = |g: &Graph| (0..g.node_count()).map(node).filter(|&v| ext_of(g, v).is_multiple_of(3)).collect::<Vec<_>>();
    let (hb, ha) = (holders(&before), holders(&after));
    let r = role_changes(&d.people, &[("r", &hb)], &[("r", &ha)]).expect("roles");
    let r = r.role("r").expect("r");
    let ids = |v: &[PersonId]| v.iter().map(|&p| id(p)).collect::<BTreeSet<u64>>();
    let hold_b: BTreeSet<u64> = hb.iter().map(|&v| ext_of(&before, v)).collect();
    let hold_a: BTreeSet<u64> = ha.iter().map(|&v| ext_of(&after, v)).collect();
    let both: BTreeSet<u64> = pb.intersection(&pa).copied().collect();
    prop_assert_eq!(ids(&r.became), hold_a.difference(&hold_b).filter(|e| both.contains(e)).copied().collect::<BTreeSet<_>>());
    prop_assert_eq!(ids(&r.stopped), hold_b.difference(&hold_a).filter(|e| both.contains(e)).copied().collect::<BTreeSet<_>>());
    prop_assert_eq!(ids(&r.kept), hold_a.intersection(&hold_b).copied().collect::<BTreeSet<_>>());
    prop_assert_eq!(ids(&r.joined_as), hold_a.iter().filter(|e| !pb.contains(e)).copied().collect::<BTreeSet<_>>());
    prop_assert_eq!(ids(&r.left_as), hold_b.iter().filter(|e| !pa.contains(e)).copied().collect::<BTreeSet<_>>());

    // Community drift: random partitions; NMI/ARI/VI as compare.rs on the
    // restriction to common people (in the earlier graph's order).
    let k = rng.random_range(1u32..5);
    let part = |g: &Graph, rng: &mut ChaCha8Rng| Partition((0..g.node_count()).map(|_| rng.random_range(0..k) * 10).collect());
    let (qb, qa) = (part(&before, &mut rng), part(&after, &mut rng));
    let (mut rb, mut ra) = (Vec::new(), Vec::new());
    for v in 0..before.node_count() {
        let v = node(v);
        if let Some(x) = node_of(&after, ext_of(&before, v)) {
            rb.push(qb.0[v.index()]);
            ra.push(qa.0[x.index()]);
        }
    }
    let cfg = DriftConfig::default();
    let drift = community_drift(&d.people, &qb, &qa, &cfg, &exec).expect("drift");
    prop_assert_eq!(drift.common, rb.len() as u64);
    if rb.is_empty() {
        prop_assert!(drift.nmi.is_nan() && drift.ari.is_nan());
    } else {
        let (rb, ra) = (Partition(rb), Partition(ra));
        prop_assert_eq!(drift.nmi, normalized_mutual_information(&rb, &ra).expect("nmi"));
        prop_assert_eq!(drift.ari, adjusted_rand_index(&rb, &ra).expect("ari"));
        prop_assert_eq!(drift.vi, variation_of_information(&rb, &ra).expect("vi"));
    }
    // Matches: Jaccard over external-id sets, one-to-one, and maximal (no
    // overlapping pair left with both sides unmatched).
    let members = |g: &Graph, q: &Partition, l: u32| -> BTreeSet<u64> {
        (0..g.node_count()).filter(|&v| q.0[v] == l).map(|v| ext_of(g, node(v))).collect()
    };
    let labels = |q: &Partition| q.0.iter().copied().collect::<BTreeSet<u32>>();
    let jac = |c: &BTreeSet<u64>, e: &BTreeSet<u64>| {
        let o = c.intersection(e).count();
        (o, o as f64 / (c.len() + e.len() - o) as f64)
    };
    for mt in &drift.matches {
        let (c, e) = (members(&before, &qb, mt.before), members(&after, &qa, mt.after));
        let (o, j) = jac(&c, &e);
        prop_assert_eq!((mt.overlap, mt.size_before, mt.size_after), (o as u64, c.len() as u64, e.len() as u64));
        prop_assert!((mt.jaccard - j).abs() < 1e-15);
    }
    let mb: BTreeSet<u32> = drift.matches.iter().map(|m| m.before).collect();
    let ma: BTreeSet<u32> = drift.matches.iter().map(|m| m.after).collect();
    prop_assert_eq!((mb.len(), ma.len()), (drift.matches.len(), drift.matches.len()));
    for lb in labels(&qb).difference(&mb) {
        for la in labels(&qa).difference(&ma) {
            prop_assert_eq!(jac(&members(&before, &qb, *lb), &members(&after, &qa, *la)).0, 0);
        }
    }
    // Every earlier community is matched, vanished or merged into something.
    for lb in labels(&qb) {
        let merged = drift.merges.iter().any(|m| m.from.contains(&lb));
        prop_assert_eq!(mb.contains(&lb) || merged, !drift.vanished.contains(&lb));
    }

    // Thread count changes nothing.
    let par = Exec::with_threads(3).expect("pool");
    // (Debug text: NaN agreement values compare equal there.)
    prop_assert_eq!(format!("{:?}", graph_diff(&before, &after, &DiffConfig::default(), &par).expect("diff")), format!("{d:?}"));
    prop_assert_eq!(format!("{:?}", community_drift(&d.people, &qb, &qa, &cfg, &par).expect("drift")), format!("{drift:?}"));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn random_pairs_against_brute_force(seed in any::<u64>(), directed: bool, kinds in (any::<bool>(), any::<bool>()), universe in 0u64..30) {
        check_pair(seed, directed, kinds, universe)?;
    }
}

/// Hand-worked community matching. People 1..=10.
///
/// Before: A = {1,2,3,4}, B = {5,6,7}, C = {8,9}, D = {10}.
/// After (10 left; 11, 12 joined): X = {1,2}, Y = {3,4,11}, Z = {5,6,7,8,9}, W = {12}.
///
/// Jaccard: A-X 2/4 = 0.5, A-Y 2/5 = 0.4, B-Z 3/5 = 0.6, C-Z 2/5 = 0.4.
/// Greedy: B-Z (0.6), then A-X (0.5); A-Y and C-Z lose their partner.
/// Splits (share ≥ 0.25 of staying people): A → {X (2/4), Y (2/4)}.
/// Merges: Z ← {B (3/5), C (2/5)}. Unmatched earlier: C (merged into Z)
/// and D (vanished: no staying people). Unmatched later: Y (part of A's
/// split) and W (new).
#[test]
fn hand_worked_matching() {
    let exec = Exec::sequential().expect("exec");
    let before_ids = IdMap::U64((1..=10).collect());
    let after_ids = IdMap::U64((1..=9).chain([11, 12]).collect());
    let m = PeopleMatch::new(&before_ids, &after_ids, &exec).expect("match");
    let (a, b, c, d) = (0, 1, 2, 3);
    let (x, y, z, w) = (10, 11, 12, 13);
    let before = Partition(vec![a, a, a, a, b, b, b, c, c, d]);
    let after = Partition(vec![x, x, y, y, z, z, z, z, z, y, w]);
    let drift = community_drift(&m, &before, &after, &DriftConfig::default(), &exec).expect("drift");
    let got: Vec<(u32, u32, u64, f64, u64, u64)> =
        drift.matches.iter().map(|m| (m.before, m.after, m.overlap, m.jaccard, m.size_before, m.size_after)).collect();
    assert_eq!(got, vec![(a, x, 2, 0.5, 4, 2), (b, z, 3, 0.6, 3, 5)]);
    assert_eq!(drift.splits.len(), 1);
    assert_eq!((drift.splits[0].before, drift.splits[0].into.clone()), (a, vec![x, y]));
    assert_eq!(drift.merges.len(), 1);
    assert_eq!((drift.merges[0].after, drift.merges[0].from.clone()), (z, vec![b, c]));
    assert_eq!(drift.vanished, vec![d]);
    assert_eq!(drift.new, vec![w]);
    assert_eq!(drift.common, 9);
    // A stricter share: A's split needs half of its people per part (still
    // 2/4 each), Z's merge needs 3/5 from each source (C gives 2/5).
    let strict = community_drift(&m, &before, &after, &DriftConfig::default().min_share(0.5), &exec).expect("drift");
    assert_eq!(strict.splits.len(), 1);
    assert!(strict.merges.is_empty());
    assert_eq!(strict.vanished, vec![c, d]);
    // min_jaccard 0.55 keeps only B-Z.
    let picky = community_drift(&m, &before, &after, &DriftConfig::default().min_jaccard(0.55), &exec).expect("drift");
    assert_eq!(picky.matches.iter().map(|m| (m.before, m.after)).collect::<Vec<_>>(), vec![(b, z)]);
}

#[test]
fn people_match_across_id_kinds() {
    let exec = Exec::sequential().expect("exec");
    let before = IdMap::U64(vec![1, 2, 3]);
    let after = IdMap::from_names(vec!["3".into(), "x".into(), "1".into()]);
    let m = PeopleMatch::new(&before, &after, &exec).expect("match");
    assert_eq!(m.after(PersonId(0)), Some(NodeId(2)));
    assert_eq!(m.after(PersonId(2)), Some(NodeId(0)));
    assert_eq!(m.left(), vec![PersonId(1)]);
    assert_eq!(m.joined(), vec![PersonId(3)]);
    assert_eq!(m.after(PersonId(3)), Some(NodeId(1)));
    assert_eq!((m.len(), m.stayed_count(), m.left_count(), m.joined_count()), (4, 2, 1, 1));
    // Two earlier names that parse to the same integer: the first keeps it.
    let b2 = IdMap::from_names(vec!["7".into(), " 7".into()]);
    let m2 = PeopleMatch::new(&b2, &IdMap::U64(vec![7]), &exec).expect("match");
    assert_eq!((m2.after(PersonId(0)), m2.after(PersonId(1))), (Some(NodeId(0)), None));
    assert_eq!(m2.stayed_count() + m2.left_count(), 2);
}

#[test]
fn refusals() {
    let exec = Exec::sequential().expect("exec");
    let u = GraphBuilder::undirected().build(3, &[0], &[1], None, &exec).expect("g");
    let dg = GraphBuilder::directed().build(3, &[0], &[1], None, &exec).expect("g");
    assert!(matches!(graph_diff(&u, &dg, &DiffConfig::default(), &exec), Err(Error::InvalidParameter { name: "after", .. })));
    for tol in [-1.0, f64::NAN, f64::INFINITY] {
        let r = graph_diff(&u, &u, &DiffConfig::default().weight_tolerance(tol), &exec);
        assert!(matches!(r, Err(Error::InvalidParameter { name: "weight_tolerance", .. })));
    }
    let m = PeopleMatch::new(u.ids(), u.ids(), &exec).expect("match");
    let short = Scores(vec![1.0]);
    let ok = Scores(vec![1.0; 3]);
    assert!(matches!(metric_deltas(&m, &[("a", &short)], &[("a", &ok)]), Err(Error::LengthMismatch { .. })));
    assert!(matches!(metric_deltas(&m, &[("a", &ok), ("a", &ok)], &[]), Err(Error::InvalidParameter { .. })));
    let ds = metric_deltas(&m, &[("a", &ok)], &[("a", &ok)]).expect("deltas");
    assert!(matches!(ds.top_changes("b", 1), Err(Error::InvalidParameter { name: "metric", .. })));
    assert_eq!(ds.top_changes("a", 5).expect("top"), Default::default());
    assert!(matches!(role_changes(&m, &[("r", &[NodeId(3)][..])], &[("r", &[][..])]), Err(Error::NodeOutOfRange { node: 3, .. })));
    let p = Partition(vec![0; 3]);
    assert!(matches!(community_drift(&m, &Partition(vec![0; 2]), &p, &DriftConfig::default(), &exec), Err(Error::LengthMismatch { .. })));
    for share in [0.0, 1.5, f64::NAN] {
        let r = community_drift(&m, &p, &p, &DriftConfig::default().min_share(share), &exec);
        assert!(matches!(r, Err(Error::InvalidParameter { name: "min_share", .. })));
    }
    let r = community_drift(&m, &p, &p, &DriftConfig::default().min_jaccard(-0.1), &exec);
    assert!(matches!(r, Err(Error::InvalidParameter { name: "min_jaccard", .. })));
    // Two empty graphs: nothing changed, agreement undefined.
    let e = GraphBuilder::undirected().build(0, &[], &[], None, &exec).expect("g");
    let d = temporal_diff(&e, &e, &TemporalConfig::default(), &exec).expect("empty diff");
    assert_eq!(d.graph.summary, Default::default());
    assert!(d.drift.nmi.is_nan());
}

/// An SBM-like org of 3,000 people in 12 teams; the later graph drops ~10 %
/// of the people and ~20 % of the ties, adds newcomers, and merges two teams.
fn org_pair(n: u64) -> (Graph, Graph) {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let teams = 12u64;
    let team = |p: u64| p % teams;
    let ties = |people: &[u64], merge: bool, rng: &mut ChaCha8Rng| {
        // Teams 0 and 1 are one team when `merge`.
        let unit = |p: u64| if merge && team(p) < 2 { 0 } else { team(p) };
        let mut by_unit: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
        for &p in people {
            by_unit.entry(unit(p)).or_default().push(p);
        }
        let (mut s, mut d) = (Vec::new(), Vec::new());
        for &a in people {
            for _ in 0..5 {
                let pool = if rng.random_bool(0.9) { &by_unit[&unit(a)][..] } else { people };
                let b = pool[rng.random_range(0..pool.len())];
                if a != b {
                    s.push(a);
                    d.push(b);
                }
            }
        }
        (s, d)
    };
    let exec = Exec::sequential().expect("exec");
    let p0: Vec<u64> = (0..n).collect();
    let (s0, d0) = ties(&p0, false, &mut rng);
    let p1: Vec<u64> = (0..n).filter(|&p| p % 10 != 3).chain(n..n + n / 15).collect();
    let (s1, d1) = ties(&p1, true, &mut rng);
    let mut g0 = GraphBuilder::undirected().build_u64(&p0, &s0, &d0, None, &exec).expect("g0");
    let mut g1 = GraphBuilder::undirected().build_u64(&p1, &s1, &d1, None, &exec).expect("g1");
    // A "team" attribute, merged teams 0 and 1 sharing a name afterwards.
    for (g, merged) in [(&mut g0, false), (&mut g1, true)] {
        let names: Vec<Option<String>> = (0..g.node_count())
            .map(|v| {
                let t = team(ext_of(g, node(v)));
                Some(format!("team{}", if merged && t == 1 { 0 } else { t }))
            })
            .collect();
        g.set_categorical("team", Categorical::from_values(&names).expect("codes")).expect("attribute");
    }
    (g0, g1)
}

#[test]
fn temporal_diff_same_at_any_thread_count() {
    let (g0, g1) = org_pair(3000);
    let run = |threads: usize| {
        let exec = Exec::with_threads(threads).expect("pool").seed(11);
        temporal_diff(&g0, &g1, &TemporalConfig::default(), &exec).expect("diff")
    };
    let one = run(1);
    assert_eq!(format!("{one:?}"), format!("{:?}", run(2)));
    assert_eq!(format!("{one:?}"), format!("{:?}", run(4)));
    let s = one.graph.summary;
    assert_eq!((s.people_before, s.people_after, s.left, s.joined), (3000, 2900, 300, 200));
    assert_eq!(s.kept + s.lost, s.ties_before);
    assert_eq!(s.kept + s.formed, s.ties_after);
    // Degree deltas add up to the tie changes among the people who stayed.
    let deg = one.metrics.metric("degree").expect("degree");
    let sum: f64 = deg.delta.iter().sum();
    let p = &one.graph.people;
    let stays = |q: PersonId| p.before(q).is_some() && p.after(q).is_some();
    // No self loops here: each tie adds 1 to the degree of each staying end.
    let ends = |ts: &[ona_core::ona::diff::Tie]| ts.iter().map(|t| f64::from(u8::from(stays(t.a)) + u8::from(stays(t.b)))).sum::<f64>();
    assert_eq!(sum, ends(&one.graph.formed) - ends(&one.graph.lost));
    // The org keeps its shape: communities agree strongly.
    assert!(one.drift.nmi > 0.7, "nmi {}", one.drift.nmi);
    assert!(!one.drift.matches.is_empty());
}

/// With the metric pack: every numeric pack column is compared, and role
/// changes equal those derived by hand from two direct `metric_pack` runs.
#[test]
fn temporal_diff_with_the_metric_pack() {
    let (g0, g1) = org_pair(600);
    let exec = Exec::with_threads(2).expect("pool").seed(5);
    let cfg = TemporalConfig::default().pack(PackConfig::default()).groups("team");
    let d = temporal_diff(&g0, &g1, &cfg, &exec).expect("diff");
    let names: Vec<&str> = d.metrics.metrics.iter().map(|m| m.name.as_str()).collect();
    for want in ["degree", "betweenness", "pagerank", "constraint", "clustering", "ei_index", "two_step_reach"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(!names.contains(&"group") && !names.contains(&"role"));
    let pack = |g: &Graph| {
        let codes = g.attributes().get("team").expect("team").codes();
        metric_pack(g, Some(Groups::new(codes)), &PackConfig::default(), &exec).expect("pack")
    };
    let (p0, p1) = (pack(&g0), pack(&g1));
    let people = &d.graph.people;
    // Betweenness deltas are the two packs' values, person by person.
    let bt = d.metrics.metric("betweenness").expect("betweenness");
    for (i, &p) in d.metrics.people.iter().enumerate() {
        let (v, x) = (people.before(p).expect("before"), people.after(p).expect("after"));
        assert_eq!((bt.before[i], bt.after[i]), (p0.people.betweenness[v.index()], p1.people.betweenness[x.index()]));
    }
    let roles = d.roles.as_ref().expect("roles with the pack");
    assert_eq!(roles, &classified_role_changes(people, &p0.roles, &p1.roles).expect("roles"));
    let mut changed = 0;
    for role in Role::ALL {
        let holds = |r: &ona_core::ona::Roles, g: &Graph, e: u64| node_of(g, e).is_some_and(|v| r.roles[v.index()].contains(role));
        let rc = roles.role(role.name()).expect("every role");
        let ids = |v: &[PersonId]| v.iter().map(|&p| ext(people.external(p, g0.ids(), g1.ids()))).collect::<BTreeSet<u64>>();
        let both: Vec<u64> = people.stayed().map(|(_, v, _)| ext_of(&g0, v)).collect();
        let became: BTreeSet<u64> = both.iter().copied().filter(|&e| !holds(&p0.roles, &g0, e) && holds(&p1.roles, &g1, e)).collect();
        let stopped: BTreeSet<u64> = both.iter().copied().filter(|&e| holds(&p0.roles, &g0, e) && !holds(&p1.roles, &g1, e)).collect();
        assert_eq!(ids(&rc.became), became, "{role}");
        assert_eq!(ids(&rc.stopped), stopped, "{role}");
        changed += became.len() + stopped.len();
    }
    assert!(changed > 0, "a reorganisation changes some roles");
    // Without the attribute on a graph the pack cannot group people.
    let bad = TemporalConfig::default().pack(PackConfig::default()).groups("office");
    assert!(matches!(temporal_diff(&g0, &g1, &bad, &exec), Err(Error::InvalidParameter { name: "groups", .. })));
}
