//! Temporal diffs through the engine (`Tenant::diff_windows`, `diff_since`):
//! a hand-worked pair of windows, a kept version against the current one,
//! and the two halves of SNAP email-Eu-core-temporal against set
//! differences computed from the raw rows (a missing data directory fails).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use ona_core::graph::ExternalId;
use ona_core::ona::diff::PersonId;
use ona_engine::{DiffOptions, Engine, EventBatch, Keys, StampedDiff, Tier};

use crate::common::{config, ok};

type Pairs = BTreeMap<(u64, u64), f64>;
type Reweights = BTreeMap<(u64, u64), (f64, f64)>;

fn id(d: &StampedDiff, p: PersonId) -> u64 {
    match d.diff.graph.people.external(p, d.before.ids(), d.after.ids()) {
        Some(ExternalId::U64(x)) => x,
        other => panic!("expected an integer id, got {other:?}"),
    }
}

/// (formed, lost, reweighted as before/after) by external ids.
fn sets(d: &StampedDiff) -> (Pairs, Pairs, Reweights) {
    let g = &d.diff.graph;
    let formed = g.formed.iter().map(|t| ((id(d, t.a), id(d, t.b)), t.weight)).collect();
    let lost = g.lost.iter().map(|t| ((id(d, t.a), id(d, t.b)), t.weight)).collect();
    let rew = g.reweighted.iter().map(|t| ((id(d, t.a), id(d, t.b)), (t.before, t.after))).collect();
    (formed, lost, rew)
}

#[test]
fn two_windows_hand_worked() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("acme", Tier::Enterprise));
    // [0, 10): 1->2 twice, 2->3, 3->4.  [10, 20): 1->2 once, 2->5, 4->3.
    let src = [1u64, 2, 1, 3, 1, 2, 4];
    let dst = [2u64, 3, 2, 4, 2, 5, 3];
    let ts = [0i64, 1, 2, 3, 10, 11, 12];
    ok(t.import("mail", &EventBatch::new(Keys::U64(&src), Keys::U64(&dst)).times(&ts)));
    let d = ok(t.diff_windows("mail", (0, 10), (10, 20), &DiffOptions::default(), None));
    let (formed, lost, rew) = sets(&d);
    assert_eq!(formed, BTreeMap::from([((2, 5), 1.0), ((4, 3), 1.0)]));
    assert_eq!(lost, BTreeMap::from([((2, 3), 1.0), ((3, 4), 1.0)]));
    assert_eq!(rew, BTreeMap::from([((1, 2), (2.0, 1.0))]));
    let s = d.diff.graph.summary;
    assert_eq!((s.people_before, s.people_after, s.joined, s.left, s.kept), (4, 5, 1, 0, 1));
    assert_eq!(d.versions(), (1, 1));
    assert_eq!(d.windows(), (Some((0, 10)), Some((10, 20))));
    // Degree deltas: 2 lost 2->3 and gained 2->5 (0); 3 lost 2->3 and 3->4, gained 4->3 (-1).
    let deg = d.diff.metrics.metric("degree").expect("degree");
    let of = |x: u64| deg.delta[d.diff.metrics.people.iter().position(|&p| id(&d, p) == x).expect("stayed")];
    assert_eq!((of(1), of(2), of(3), of(4)), (0.0, 0.0, -1.0, 0.0));
    // Unknown graph and an inverted window are refused.
    assert!(t.diff_windows("nope", (0, 1), (1, 2), &DiffOptions::default(), None).is_err());
    assert!(t.diff_windows("mail", (5, 1), (1, 2), &DiffOptions::default(), None).is_err());
}

#[test]
fn kept_version_against_current() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("acme", Tier::Enterprise));
    let (s1, d1) = ([1u64, 2, 3], [2u64, 3, 1]);
    ok(t.import("g", &EventBatch::new(Keys::U64(&s1), Keys::U64(&d1))));
    let v1 = ok(t.graph("g"));
    // Version 2: 1->2 removed, 3->4 added.
    let (s2, d2) = ([1u64, 3], [2u64, 4]);
    let ops = [ona_engine::Op::Remove, ona_engine::Op::Add];
    ok(t.import("g", &EventBatch::new(Keys::U64(&s2), Keys::U64(&d2)).ops(&ops)));
    let d = ok(t.diff_since("g", &v1, &DiffOptions::default().seed(3), None));
    assert_eq!(d.versions(), (1, 2));
    let (formed, lost, rew) = sets(&d);
    assert_eq!(formed, BTreeMap::from([((3, 4), 1.0)]));
    assert_eq!(lost, BTreeMap::from([((1, 2), 1.0)]));
    assert!(rew.is_empty());
    assert_eq!(d.diff.graph.people.joined().into_iter().map(|p| id(&d, p)).collect::<Vec<_>>(), vec![4]);
    // The same diff through diff_views, and with the same seed, the same communities.
    let again = ok(t.diff_views(&v1, &ok(t.graph("g")), &DiffOptions::default().seed(3), None));
    assert_eq!(format!("{:?}", again.diff), format!("{:?}", d.diff));
}

fn read_events(path: &Path) -> Vec<(u64, u64, i64)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let mut text = String::new();
    ok(flate2::read::GzDecoder::new(file).read_to_string(&mut text));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 3, "row {l:?}");
            (ok(f[0].parse()), ok(f[1].parse()), ok(f[2].parse()))
        })
        .collect()
}

/// SNAP email-Eu-core-temporal (Paranjape, Benson, Leskovec, WSDM 2017):
/// 332,334 e-mails "src dst t" over ~803 days, first half of the time span
/// against the second half.
#[test]
fn email_eu_core_halves() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/snap/email-Eu-core-temporal.txt.gz");
    let ev = read_events(&path);
    assert_eq!(ev.len(), 332_334);
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("eu", Tier::Enterprise));
    let (src, dst, ts): (Vec<u64>, Vec<u64>, Vec<i64>) = ev.iter().fold((Vec::new(), Vec::new(), Vec::new()), |mut a, e| {
        a.0.push(e.0);
        a.1.push(e.1);
        a.2.push(e.2);
        a
    });
    ok(t.import("email", &EventBatch::new(Keys::U64(&src), Keys::U64(&dst)).times(&ts)));
    let end = ts.iter().max().copied().expect("events") + 1;
    let mid = end / 2;
    let d = ok(t.diff_windows("email", (0, mid), (mid, end), &DiffOptions::default().seed(1), None));

    // Raw rows: e-mails per arc in each half.
    let mut halves = [Pairs::new(), Pairs::new()];
    let mut people = [BTreeSet::new(), BTreeSet::new()];
    for &(s, t, x) in &ev {
        let h = usize::from(x >= mid);
        *halves[h].entry((s, t)).or_default() += 1.0;
        people[h].extend([s, t]);
    }
    let [first, second] = &halves;
    let want_formed: Pairs = second.iter().filter(|(k, _)| !first.contains_key(k)).map(|(k, w)| (*k, *w)).collect();
    let want_lost: Pairs = first.iter().filter(|(k, _)| !second.contains_key(k)).map(|(k, w)| (*k, *w)).collect();
    let want_rew: Reweights = first.iter().filter_map(|(k, &w)| second.get(k).filter(|&&x| x != w).map(|&x| (*k, (w, x)))).collect();
    let (formed, lost, rew) = sets(&d);
    assert_eq!(formed, want_formed);
    assert_eq!(lost, want_lost);
    assert_eq!(rew, want_rew);

    let s = d.diff.graph.summary;
    let kept = first.keys().filter(|k| second.contains_key(k)).count() as u64;
    assert_eq!((s.ties_before, s.ties_after, s.kept), (first.len() as u64, second.len() as u64, kept));
    assert_eq!(s.kept + s.formed, s.ties_after);
    assert_eq!(s.kept + s.lost, s.ties_before);
    assert_eq!((s.people_before, s.people_after), (people[0].len() as u64, people[1].len() as u64));
    assert_eq!(s.stayed, people[0].intersection(&people[1]).count() as u64);
    assert_eq!(s.weight_before + s.weight_after, ev.len() as f64);
    let drift = &d.diff.drift;
    println!(
        "email-Eu-core-temporal halves [0, {mid}) vs [{mid}, {end}): people {} -> {} (joined {}, left {}), ties {} -> {} (kept {}, formed {}, lost {}, reweighted {}); communities {} -> {}, NMI {:.3}, ARI {:.3}, matches {}, splits {}, merges {}, new {}, vanished {}",
        s.people_before,
        s.people_after,
        s.joined,
        s.left,
        s.ties_before,
        s.ties_after,
        s.kept,
        s.formed,
        s.lost,
        s.reweighted,
        d.diff.communities_before.count(),
        d.diff.communities_after.count(),
        drift.nmi,
        drift.ari,
        drift.matches.len(),
        drift.splits.len(),
        drift.merges.len(),
        drift.new.len(),
        drift.vanished.len()
    );
    // One institution in both halves: its community structure persists.
    assert!(drift.nmi > 0.3 && drift.ari > 0.1, "nmi {} ari {}", drift.nmi, drift.ari);
    assert!(drift.matches.iter().all(|m| m.jaccard > 0.0 && m.overlap <= m.size_before.min(m.size_after)));
}
