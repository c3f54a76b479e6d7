//! Versions, compaction, windows, statistics and algorithms on small graphs,
//! each checked against a graph rebuilt from scratch.

use std::collections::BTreeMap;

use ona_core::algo::centrality::{BetweennessConfig, PageRankConfig, betweenness_centrality, pagerank};
use ona_core::Exec;
use ona_engine::{BetweennessMode, Engine, EventBatch, GraphOptions, Keys, Op, Tier, recompute_stats};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::common::{config, edges, nodes, ok};

/// Applies `ops` to a `(src, dst) -> weight` map (undirected: key (min, max)).
fn apply_model(m: &mut BTreeMap<(u64, u64), f64>, directed: bool, ev: &[(u64, u64, f64, Op)]) {
    for &(s, d, w, op) in ev {
        let k = if directed || s <= d { (s, d) } else { (d, s) };
        match op {
            Op::Add => *m.entry(k).or_insert(0.0) += w,
            Op::Set => {
                m.insert(k, w);
            }
            Op::Remove => {
                m.remove(&k);
            }
        }
    }
}

fn random_events(rng: &mut ChaCha8Rng, n: usize, keys: u64) -> Vec<(u64, u64, f64, Op)> {
    (0..n)
        .map(|_| {
            let op = match rng.random_range(0..10) {
                0 => Op::Remove,
                1 => Op::Set,
                _ => Op::Add,
            };
            (rng.random_range(0..keys), rng.random_range(0..keys), f64::from(rng.random_range(1..5u8)), op)
        })
        .collect()
}

fn batch(ev: &[(u64, u64, f64, Op)]) -> (Vec<u64>, Vec<u64>, Vec<f64>, Vec<Op>) {
    (ev.iter().map(|e| e.0).collect(), ev.iter().map(|e| e.1).collect(), ev.iter().map(|e| e.2).collect(), ev.iter().map(|e| e.3).collect())
}

#[test]
fn versions_match_a_rebuilt_graph_through_compactions() {
    for directed in [true, false] {
        let dir = ok(tempfile::tempdir());
        let eng = ok(Engine::open(dir.path(), config()));
        let t = ok(eng.tenant("acme", Tier::Enterprise));
        ok(t.create_graph("g", GraphOptions { directed }));
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut model = BTreeMap::new();
        let mut all_nodes = std::collections::BTreeSet::new();
        for step in 0..60 {
            let len = rng.random_range(1..30);
            let ev = random_events(&mut rng, len, 40 + step);
            let (s, d, w, o) = batch(&ev);
            let a = ok(t.import("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w).ops(&o)));
            assert_eq!(a.version, step + 1);
            apply_model(&mut model, directed, &ev);
            all_nodes.extend(s.iter().chain(&d).copied());
            let g = ok(t.graph("g"));
            assert_eq!(g.version(), step + 1);
            assert_eq!(edges(&g), model, "directed {directed}, step {step}");
            assert_eq!(nodes(&g), all_nodes.iter().copied().collect::<Vec<_>>());
            let live = ok(t.stats("g"));
            let exec = ok(Exec::with_threads(2));
            let mut fresh = ok(recompute_stats(&g, g.version(), &exec));
            fresh.incremental_components = live.incremental_components;
            assert_eq!(live.total_weight, fresh.total_weight);
            assert_eq!(live, fresh, "step {step}");
            if step % 7 == 3 {
                ok(t.compact("g"));
                assert_eq!(edges(&ok(t.graph("g"))), model);
            }
        }
    }
}

#[test]
fn windows_replay_only_their_events() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("acme", Tier::Enterprise));
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let ev = random_events(&mut rng, 400, 30);
    let ts: Vec<i64> = (0..400).map(|i| (i * 37) % 100).collect();
    let (s, d, w, o) = batch(&ev);
    for chunk in 0..4 {
        let r = chunk * 100..(chunk + 1) * 100;
        let b = EventBatch::new(Keys::U64(&s[r.clone()]), Keys::U64(&d[r.clone()])).weights(&w[r.clone()]).ops(&o[r.clone()]).times(&ts[r]);
        ok(t.import("g", &b));
    }
    for (t0, t1) in [(0, 100), (10, 20), (50, 51), (99, 1000), (5, 5)] {
        let win = ok(t.window("g", t0, t1));
        let inside: Vec<_> = ev.iter().zip(&ts).filter(|(_, x)| (t0..t1).contains(*x)).map(|(e, _)| *e).collect();
        let mut m = BTreeMap::new();
        apply_model(&mut m, true, &inside);
        assert_eq!(edges(&win), m, "[{t0}, {t1})");
        let people: std::collections::BTreeSet<u64> = inside.iter().flat_map(|e| [e.0, e.1]).collect();
        assert_eq!(nodes(&win), people.into_iter().collect::<Vec<_>>());
        assert_eq!(win.window(), Some((t0, t1)));
    }
    let roll = ok(t.rolling("g", 100, 30, 10, 4));
    let bounds: Vec<_> = roll.iter().map(|v| v.window()).collect();
    assert_eq!(bounds, vec![Some((40, 70)), Some((50, 80)), Some((60, 90)), Some((70, 100))]);
}

#[test]
fn idempotent_by_event_id_and_by_offset() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("acme", Tier::Enterprise));
    let (s, d, ids) = ([1u64, 2, 3, 1], [2u64, 3, 1, 2], [10u64, 11, 12, 10]);
    let b = EventBatch::new(Keys::U64(&s), Keys::U64(&d)).event_ids(&ids);
    let first = ok(t.apply("g", &b));
    assert_eq!((first.applied, first.skipped), (3, 1), "a repeated id inside the batch counts once");
    let again = ok(t.apply("g", &b));
    assert_eq!((again.applied, again.version), (0, first.version));
    let p = EventBatch::new(Keys::U64(&s), Keys::U64(&d)).position("kafka:collab", 3, 100);
    let a = ok(t.apply("p", &p));
    let b2 = ok(t.apply("p", &p));
    assert_eq!((a.applied, b2.applied, b2.version), (4, 0, a.version));
    // Overlapping redelivery: offsets 102.. of which 102, 103 were applied.
    let (s2, d2) = ([3u64, 1, 5], [1u64, 2, 6]);
    let c = ok(t.apply("p", &EventBatch::new(Keys::U64(&s2), Keys::U64(&d2)).position("kafka:collab", 3, 102)));
    assert_eq!((c.applied, c.skipped), (1, 2));
    assert_eq!(ok(t.offsets("p")), vec![("kafka:collab".to_owned(), 3, 105)]);
    assert_eq!(edges(&ok(t.graph("p"))).get(&(1, 2)), Some(&2.0));
}

#[test]
fn snapshot_and_reopen_restores_graph_log_and_offsets() {
    let dir = ok(tempfile::tempdir());
    let (s, d, ts, ids) = (["ana", "bo", "cy"], ["bo", "cy", "ana"], [5i64, 15, 25], [1u64, 2, 3]);
    let before = {
        let eng = ok(Engine::open(dir.path(), config()));
        let t = ok(eng.tenant("Acme.EU", Tier::Professional));
        let b = EventBatch::new(Keys::Str(&s), Keys::Str(&d)).times(&ts).event_ids(&ids).position("k", 0, 0);
        ok(t.apply("email", &b));
        assert_eq!(ok(eng.snapshot()), 1);
        assert_eq!(ok(eng.snapshot()), 0, "nothing new to write");
        let g = ok(t.graph("email"));
        let w = ok(t.window("email", 10, 30));
        assert_eq!((g.node_count(), g.edge_count(), w.node_count(), w.edge_count()), (3, 3, 3, 2));
        assert_eq!(g.ids().lookup_str("cy").and_then(|v| g.ids().external(v)).map(|e| e.to_string()), Some("cy".to_owned()));
        (g.version(), g.edge_count(), w.edge_count())
    };
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.get_tenant("Acme.EU"));
    assert_eq!(t.tier(), Tier::Professional);
    let g = ok(t.graph("email"));
    assert_eq!((g.version(), g.edge_count(), ok(t.window("email", 10, 30)).edge_count()), before);
    assert_eq!(ok(t.offsets("email")), vec![("k".to_owned(), 0, 3)]);
    let b = EventBatch::new(Keys::Str(&s), Keys::Str(&d)).event_ids(&ids);
    assert_eq!(ok(t.apply("email", &b)).applied, 0, "event ids survive a restart");
    assert!(matches!(Engine::open(dir.path(), config()), Err(ona_engine::Error::Io { .. })), "one engine per directory");
}

#[test]
fn pagerank_warm_start_and_betweenness_choice() {
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("acme", Tier::Enterprise));
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let ev = random_events(&mut rng, 3000, 300);
    let (s, d, w, _) = batch(&ev);
    ok(t.import("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w)));
    let exec = ok(Exec::with_threads(2));
    let cfg = PageRankConfig::default().tol(1e-10);
    let cold = ok(t.pagerank("g", &cfg, None));
    let ev2 = random_events(&mut rng, 50, 320);
    let (s2, d2, w2, _) = batch(&ev2);
    ok(t.import("g", &EventBatch::new(Keys::U64(&s2), Keys::U64(&d2)).weights(&w2)));
    let warm = ok(t.pagerank("g", &cfg, None));
    assert_eq!(warm.version(), cold.version() + 1);
    let reference = ok(pagerank(warm.view.graph(), &cfg, &exec));
    let l1: f64 = warm.value.0.iter().zip(&reference.0).map(|(a, b)| (a - b).abs()).sum();
    let bound = warm.error_bound.unwrap_or(f64::NAN);
    assert!(l1 <= bound + 1e-9, "L1 {l1} above the stated bound {bound}");

    let exact = ok(t.betweenness("g", BetweennessMode::Auto, None));
    assert!(exact.exact, "300 nodes fit the exact budget");
    let reference = ok(betweenness_centrality(exact.view.graph(), &BetweennessConfig::default(), &exec));
    assert_eq!(exact.value, reference);
    let approx = ok(t.betweenness("g", BetweennessMode::Approximate { epsilon: 0.05, delta: 0.1 }, None));
    assert!(!approx.exact);
    let worst = approx.value.0.iter().zip(&reference.0).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    assert!(worst <= 0.05, "sampled betweenness off by {worst}");
}

#[test]
fn batch_jobs_respect_the_tenant_cap_and_small_jobs_skip_the_queue() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use ona_engine::Algorithm;
    let dir = ok(tempfile::tempdir());
    let eng = ok(Engine::open(dir.path(), config()));
    let t = ok(eng.tenant("acme", Tier::Basic)); // concurrency 1
    let (s, d): (Vec<u64>, Vec<u64>) = (0..4000u64).map(|i| (i % 3000, (i * 7 + 1) % 3000)).unzip();
    ok(t.import("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d))));
    let view = ok(t.graph("g"));
    assert!(t.estimate(&view, Algorithm::Betweenness).seconds > 0.01, "betweenness of 3,000 people is a batch job");
    let (running, peak) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (t, view, running, peak) = (t.clone(), view.clone(), Arc::clone(&running), Arc::clone(&peak));
            std::thread::spawn(move || {
                ok(t.run(&view, Algorithm::Betweenness, None, |_| {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(30));
                    running.fetch_sub(1, Ordering::SeqCst);
                    Ok(())
                }))
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap_or_else(|_| panic!("worker panicked"));
    }
    // A k-hop query (interactive lane) runs while the tenant's one batch
    // permit is held: the batch job waits for the query, so a query queued
    // behind it would never finish.
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let holder = {
        let (t, view, done) = (t.clone(), view.clone(), Arc::clone(&done));
        std::thread::spawn(move || {
            ok(t.run(&view, Algorithm::Betweenness, None, |_| {
                let _ = started_tx.send(());
                let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
                while !done.load(Ordering::SeqCst) && std::time::Instant::now() < until {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                Ok(done.load(Ordering::SeqCst))
            }))
        })
    };
    ok(started_rx.recv());
    ok(t.run(&view, Algorithm::KHop { k: 2 }, None, |_| {
        done.store(true, Ordering::SeqCst);
        Ok(())
    }));
    assert!(holder.join().unwrap_or_else(|_| panic!("holder panicked")), "the k-hop query waited for the batch job");
    assert_eq!(peak.load(Ordering::SeqCst), 1, "Basic runs one batch job at a time");
    // A cancelled caller waiting for a permit gets Cancelled, not a hang.
    let token = ona_core::CancelToken::new();
    token.cancel();
    let busy = {
        let (t, view) = (t.clone(), view.clone());
        std::thread::spawn(move || ok(t.run(&view, Algorithm::Betweenness, None, |_| {
            std::thread::sleep(std::time::Duration::from_millis(100));
            Ok(())
        })))
    };
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = t.run(&view, Algorithm::Betweenness, Some(token), |_| Ok(()));
    assert!(matches!(r, Err(ona_engine::Error::Core(ona_core::Error::Cancelled))), "{r:?}");
    busy.join().unwrap_or_else(|_| panic!("busy panicked"));
    let text = eng.metrics_text();
    for series in ["ona_ingest_events_total 4000", "ona_algorithm_seconds_count{algorithm=\"betweenness\"} 7", "ona_tenants{tier=\"basic\"} 1", "ona_memory_bytes{tier=\"basic\"}"] {
        assert!(text.contains(series), "metrics lack {series:?}:\n{text}");
    }
}
