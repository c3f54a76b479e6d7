//! 8 reader threads compute on whatever version is current while 1 writer
//! ingests and compactions run in the background, for 60 s
//! (`ONA_STRESS_SECS` to change). Afterwards every reader result is checked
//! against the graph rebuilt from the batches up to the version it reports:
//! 0 torn reads allowed.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ona_core::algo::centrality::PageRankConfig;
use ona_engine::{Engine, EventBatch, Keys, Op, Tier};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::common::{edges, ok};

type Batch = Vec<(u64, u64, f64, Op)>;

fn fingerprint(e: &BTreeMap<(u64, u64), f64>) -> (usize, f64, u64) {
    let h = e.iter().fold(0u64, |acc, (&(a, b), w)| acc.wrapping_add((a * 1_000_003 + b).wrapping_mul(w.to_bits() | 1)));
    (e.len(), e.values().sum(), h)
}

#[test]
fn readers_never_see_a_torn_version() {
    let secs: u64 = std::env::var("ONA_STRESS_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let dir = ok(tempfile::tempdir());
    let mut config = crate::common::config().background_compaction(true).compact_when(3_000, 0.0);
    let mut l = config.limits(Tier::Enterprise).clone();
    l.max_events_per_second = None;
    config = config.tier(Tier::Enterprise, l);
    let eng = ok(Engine::open(dir.path(), config));
    let t = ok(eng.tenant("stress", Tier::Enterprise));
    let stop = Arc::new(AtomicBool::new(false));
    let batches: Arc<Mutex<Vec<Batch>>> = Arc::default();
    // (version, fingerprint of the view) and (version, edges, weight) of live stats.
    type Seen = Vec<(u64, (usize, f64, u64), (u64, u64, f64))>;
    let readers: Vec<_> = (0..8)
        .map(|r| {
            let (t, stop) = (t.clone(), Arc::clone(&stop));
            std::thread::spawn(move || -> Seen {
                let mut seen = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let Ok(view) = t.graph("g") else { continue };
                    let live = ok(t.stats("g"));
                    if r % 2 == 0 && view.node_count() > 0 {
                        let pr = ok(t.pagerank("g", &PageRankConfig::default(), None));
                        assert!((pr.value.sum() - 1.0).abs() < 1e-9 && pr.view.node_count() >= view.node_count());
                    }
                    seen.push((view.version(), fingerprint(&edges(&view)), (live.version, live.edges, live.total_weight)));
                }
                seen
            })
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(secs) {
        let n = rng.random_range(1..400);
        let b: Batch = (0..n)
            .map(|_| {
                let op = if rng.random_range(0..15) == 0 { Op::Remove } else { Op::Add };
                (rng.random_range(0..2_000), rng.random_range(0..2_000), f64::from(rng.random_range(1..4u8)), op)
            })
            .collect();
        let (s, d): (Vec<u64>, Vec<u64>) = b.iter().map(|e| (e.0, e.1)).unzip();
        let (w, o): (Vec<f64>, Vec<Op>) = b.iter().map(|e| (e.2, e.3)).unzip();
        // Record first: a reader may see the version before apply returns.
        let mut log = ok(batches.lock());
        log.push(b);
        let a = ok(t.apply("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w).ops(&o)));
        assert_eq!(a.version as usize, log.len());
        drop(log);
        std::thread::sleep(Duration::from_micros(200));
    }
    stop.store(true, Ordering::Relaxed);
    let mut seen: Vec<_> = readers.into_iter().flat_map(|h| h.join().unwrap_or_else(|_| panic!("reader panicked"))).collect();
    eng.wait_for_compactions();
    let batches = ok(batches.lock());
    // Replay once, checking every reader result at its version.
    let mut by_version: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, s) in seen.iter().enumerate() {
        by_version.entry(s.0).or_default().push(i);
    }
    let mut stats_at: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    for (i, s) in seen.iter().enumerate() {
        stats_at.entry(s.2.0).or_default().push(i);
    }
    // The fingerprint is kept up to date edge by edge (weights are small
    // integers, so the running sum is exact).
    let term = |(a, b): (u64, u64), w: f64| (a * 1_000_003 + b).wrapping_mul(w.to_bits() | 1);
    let mut model: BTreeMap<(u64, u64), f64> = BTreeMap::new();
    let (mut sum, mut hash) = (0.0f64, 0u64);
    let mut checked = 0;
    for v in 0..=batches.len() as u64 {
        if v > 0 {
            for &(a, b, w, op) in &batches[v as usize - 1] {
                let old = model.get(&(a, b)).copied();
                if let Some(o) = old {
                    sum -= o;
                    hash = hash.wrapping_sub(term((a, b), o));
                }
                let new = if op == Op::Remove { None } else { Some(old.unwrap_or(0.0) + w) };
                match new {
                    Some(x) => {
                        model.insert((a, b), x);
                        sum += x;
                        hash = hash.wrapping_add(term((a, b), x));
                    }
                    None => {
                        model.remove(&(a, b));
                    }
                }
            }
        }
        let fp = (model.len(), sum, hash);
        for &i in by_version.get(&v).into_iter().flatten() {
            assert_eq!(seen[i].1, fp, "reader result at version {v} is not that version");
            checked += 1;
        }
        for &i in stats_at.get(&v).into_iter().flatten() {
            assert_eq!((seen[i].2.1, seen[i].2.2), (fp.0 as u64, fp.1), "live stats at version {v}");
        }
    }
    assert_eq!(checked, seen.len());
    seen.clear();
    eprintln!("stress: {} versions, {checked} reader results checked, 0 torn", batches.len());
    assert!(checked > 100 && batches.len() > 100);
}
