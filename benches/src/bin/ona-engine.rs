//! Engine figures (issue 7): ingest rate in 10k-event and single-event
//! batches, compaction of 1M new edges into a 16M-edge graph, k-hop latency
//! of one tenant while another runs PageRank, 10,000 small tenants resident,
//! and the planner's estimates against measured times.
//!
//! ona-engine [all|ingest|compaction|latency|tenants|planner] [--dir DIR] [--threads T]
//!
//! Prints a human-readable line per figure and one `@@{json}` line per section.

use std::time::{Duration, Instant};

use ona_core::algo::centrality::{BetweennessConfig, PageRankConfig, betweenness_centrality, pagerank};
use ona_core::algo::components::{ComponentsConfig, weakly_connected_components};
use ona_core::algo::paths::{KHopConfig, k_hop};
use ona_core::generate::{OrgConfig, RmatConfig, org_edges, rmat};
use ona_core::{Exec, NodeId};
use ona_engine::{Algorithm, Engine, EngineConfig, EventBatch, Keys, Tier};
use serde_json::json;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// CPU seconds (user + system) of this process, from `/proc/self/stat`.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    (f.get(11).unwrap_or(&0.0) + f.get(12).unwrap_or(&0.0)) / 100.0
}

fn rss_bytes() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok()).map_or(0, |kb| kb * 1024)
}

fn config(threads: usize) -> EngineConfig {
    let mut c = EngineConfig::default().threads(threads);
    let mut e = c.limits(Tier::Enterprise).clone();
    e.max_events_per_second = None; // measure the engine, not the tier
    c = c.tier(Tier::Enterprise, e);
    c
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn random_edges(n: usize, keys: u64, seed: u64) -> (Vec<u64>, Vec<u64>) {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n).map(|_| (next() % keys, next() % keys)).unzip()
}

fn ingest(dir: &std::path::Path, threads: usize) -> Res<serde_json::Value> {
    let eng = Engine::open(dir.join("ingest"), config(threads))?;
    let t = eng.tenant("bench", Tier::Enterprise)?;
    let total = 5_000_000usize;
    let (s, d) = random_edges(total, 1_000_000, 7);
    let ids: Vec<u64> = (0..total as u64).collect();
    let (wall, cpu) = (Instant::now(), cpu_s());
    for start in (0..total).step_by(10_000) {
        let r = start..start + 10_000;
        t.apply("g", &EventBatch::new(Keys::U64(&s[r.clone()]), Keys::U64(&d[r.clone()])).event_ids(&ids[r.clone()]).position("kafka:events", 0, start as u64))?;
    }
    let (batched_s, batched_cpu) = (wall.elapsed().as_secs_f64(), cpu_s() - cpu);
    eng.wait_for_compactions();
    let single = 300_000usize;
    let (wall, cpu) = (Instant::now(), cpu_s());
    for i in 0..single {
        let k = total + i;
        t.apply("g1", &EventBatch::new(Keys::U64(&s[i..=i]), Keys::U64(&d[i..=i])).event_ids(&ids[i..=i]).position("kafka:events", 1, k as u64))?;
    }
    let (single_s, single_cpu) = (wall.elapsed().as_secs_f64(), cpu_s() - cpu);
    eng.wait_for_compactions();
    let batched = total as f64 / batched_s;
    let one = single as f64 / single_s;
    println!("ingest 10k batches: {batched:.0} events/s ({total} events, {batched_s:.2} s wall, {batched_cpu:.2} s CPU)");
    println!("ingest single-event batches: {one:.0} events/s ({single} events, {single_s:.2} s wall, {single_cpu:.2} s CPU)");
    Ok(json!({"batched_events_per_s": batched, "batched_cpu_s": batched_cpu, "single_events_per_s": one, "single_cpu_s": single_cpu, "threads": threads}))
}

fn compaction(dir: &std::path::Path, threads: usize) -> Res<serde_json::Value> {
    let mut c = config(threads).compact_when(usize::MAX, 1.0);
    c.background_compaction = false;
    let eng = Engine::open(dir.join("compaction"), c)?;
    let t = eng.tenant("bench", Tier::Enterprise)?;
    let exec = Exec::with_threads(threads)?;
    let (n, s, d) = rmat(&RmatConfig::new(20).edge_factor(16), &exec)?;
    let (s, d): (Vec<u64>, Vec<u64>) = s.iter().zip(&d).map(|(&a, &b)| (u64::from(a), u64::from(b))).unzip();
    t.import("g", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)))?;
    let first = Instant::now();
    t.compact("g")?;
    let build_s = first.elapsed().as_secs_f64();
    let base_edges = t.graph("g")?.edge_count();
    let (s2, d2) = random_edges(1_000_000, n as u64 + 50_000, 11);
    t.import("g", &EventBatch::new(Keys::U64(&s2), Keys::U64(&d2)))?;
    let (wall, cpu) = (Instant::now(), cpu_s());
    t.compact("g")?;
    let (merge_s, merge_cpu) = (wall.elapsed().as_secs_f64(), cpu_s() - cpu);
    let g = t.graph("g")?;
    println!(
        "compaction: 1M new edge events into {base_edges} edges -> {} edges in {merge_s:.2} s wall ({merge_cpu:.2} s CPU); first build of the base {build_s:.2} s",
        g.edge_count()
    );
    Ok(json!({"base_edges": base_edges, "after_edges": g.edge_count(), "merge_s": merge_s, "merge_cpu_s": merge_cpu, "initial_build_s": build_s}))
}

fn org_batch(people: usize, seed: u64, exec: &Exec) -> Res<(Vec<u64>, Vec<u64>, Vec<f64>)> {
    let e = org_edges(&OrgConfig::new(people), &exec.clone().seed(seed))?;
    Ok((e.src.iter().map(|&x| u64::from(x)).collect(), e.dst.iter().map(|&x| u64::from(x)).collect(), e.weight.iter().map(|&w| f64::from(w)).collect()))
}

fn latency(dir: &std::path::Path, threads: usize) -> Res<serde_json::Value> {
    let eng = Engine::open(dir.join("latency"), config(threads))?;
    let exec = Exec::with_threads(threads)?;
    let big = eng.tenant("big", Tier::Professional)?;
    let (s, d, w) = org_batch(50_000, 1, &exec)?;
    big.import("org", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w))?;
    let small = eng.tenant("small", Tier::Basic)?;
    let (s, d, w) = org_batch(2_000, 2, &exec)?;
    small.import("org", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w))?;
    let (bview, sview) = (big.graph("org")?, small.graph("org")?);
    let queries = 3_000;
    let measure = |label: &str| -> Res<(f64, f64)> {
        let mut lat = Vec::with_capacity(queries);
        for q in 0..queries {
            let v = NodeId((q * 7919 % sview.node_count()) as u32);
            let t0 = Instant::now();
            let r = small.run(&sview, Algorithm::KHop { k: 2 }, None, |exec| Ok(k_hop(sview.graph(), v, 2, &KHopConfig::default(), exec)?))?;
            lat.push(t0.elapsed().as_secs_f64());
            std::hint::black_box(r);
            std::thread::sleep(Duration::from_micros(200));
        }
        let (p50, p99) = (percentile(&mut lat, 0.5), percentile(&mut lat, 0.99));
        println!("k-hop (k=2, 2k-node graph) {label}: p50 {:.1} us, p99 {:.1} us", p50 * 1e6, p99 * 1e6);
        Ok((p50, p99))
    };
    let idle = measure("idle")?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let (stop, big, bview) = (stop.clone(), big.clone(), bview.clone());
        std::thread::spawn(move || -> Result<u32, String> {
            let cfg = PageRankConfig::default().tol(1e-12).max_iter(1000);
            let mut runs = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let pr = big.run(&bview, Algorithm::PageRank, None, |exec| Ok(pagerank(bview.graph(), &cfg, exec)?));
                std::hint::black_box(pr.map_err(|e| e.to_string())?);
                runs += 1;
            }
            Ok(runs)
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    let loaded = measure("while tenant 'big' runs PageRank on 50k people")?;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let runs = load.join().map_err(|_| "load thread panicked")??;
    let ratio = loaded.1 / idle.1;
    println!("k-hop p99 under load / idle: {ratio:.2} ({runs} PageRank runs meanwhile)");
    Ok(json!({"idle_p50_us": idle.0 * 1e6, "idle_p99_us": idle.1 * 1e6, "loaded_p50_us": loaded.0 * 1e6, "loaded_p99_us": loaded.1 * 1e6, "p99_ratio": ratio, "pagerank_runs": runs}))
}

fn tenants(dir: &std::path::Path, threads: usize) -> Res<serde_json::Value> {
    let rss0 = rss_bytes();
    let eng = Engine::open(dir.join("tenants"), config(threads))?;
    let count = 10_000;
    let started = Instant::now();
    for i in 0..count {
        let (tier, people, edges) = if i % 2 == 0 { (Tier::Demo, 100, 300) } else { (Tier::Basic, 1_000, 4_000) };
        let t = eng.tenant(&format!("tenant-{i:05}"), tier)?;
        let (s, d) = random_edges(edges, people, i as u64 + 1);
        t.import("collab", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)))?;
    }
    let create_s = started.elapsed().as_secs_f64();
    eng.wait_for_compactions();
    let report = eng.memory_report();
    let of = |tier| {
        let v: Vec<u64> = report.iter().filter(|r| r.tier == tier).map(|r| r.bytes).collect();
        (v.len(), v.iter().sum::<u64>() as f64 / v.len().max(1) as f64, v.iter().copied().max().unwrap_or(0))
    };
    let (demo, basic) = (of(Tier::Demo), of(Tier::Basic));
    let total: u64 = report.iter().map(|r| r.bytes).sum();
    let rss = rss_bytes().saturating_sub(rss0);
    println!(
        "{count} tenants resident (created + loaded in {create_s:.1} s): reported {:.1} MiB in all; demo (100 people, 300 events) {:.1} KiB avg, basic (1,000 people, 4,000 events) {:.1} KiB avg; process RSS grew {:.1} MiB",
        total as f64 / 1048576.0,
        demo.1 / 1024.0,
        basic.1 / 1024.0,
        rss as f64 / 1048576.0
    );
    Ok(json!({"tenants": count, "create_s": create_s, "reported_bytes": total, "demo_avg_bytes": demo.1, "demo_max_bytes": demo.2, "basic_avg_bytes": basic.1, "basic_max_bytes": basic.2, "rss_growth_bytes": rss}))
}

fn planner(dir: &std::path::Path, threads: usize) -> Res<serde_json::Value> {
    let eng = Engine::open(dir.join("planner"), config(threads))?;
    let exec = Exec::with_threads(threads)?;
    let mut rows = Vec::new();
    for people in [5_000usize, 50_000] {
        let t = eng.tenant(&format!("p{people}"), Tier::Enterprise)?;
        let (s, d, w) = org_batch(people, 3, &exec)?;
        t.import("org", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w))?;
        let v = t.graph("org")?;
        let mut check = |algo: Algorithm, f: &dyn Fn(&Exec) -> Res<()>| -> Res<()> {
            let est = t.estimate(&v, algo);
            let t0 = Instant::now();
            f(&exec)?;
            let measured = t0.elapsed().as_secs_f64();
            println!("planner {people} people, {}: estimated {:.3} s, measured {measured:.3} s (x{:.2})", algo.name(), est.seconds, measured / est.seconds);
            rows.push(json!({"people": people, "algorithm": algo.name(), "estimated_s": est.seconds, "measured_s": measured}));
            Ok(())
        };
        check(Algorithm::PageRank, &|e| Ok(std::hint::black_box(pagerank(v.graph(), &PageRankConfig::default(), e).map(drop)?)))?;
        check(Algorithm::Components, &|e| Ok(std::hint::black_box(weakly_connected_components(v.graph(), &ComponentsConfig::default(), e).map(drop)?)))?;
        if people <= 5_000 {
            check(Algorithm::Betweenness, &|e| Ok(std::hint::black_box(betweenness_centrality(v.graph(), &BetweennessConfig::default(), e).map(drop)?)))?;
        }
    }
    Ok(json!({"rows": rows}))
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("all", String::as_str).to_owned();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let threads: usize = flag("--threads").map_or(Ok(2), |s| s.parse())?;
    let tmp = tempfile::tempdir()?;
    let dir = flag("--dir").map_or_else(|| tmp.path().to_path_buf(), std::path::PathBuf::from);
    let sections: [(&str, fn(&std::path::Path, usize) -> Res<serde_json::Value>); 5] =
        [("ingest", ingest), ("compaction", compaction), ("latency", latency), ("tenants", tenants), ("planner", planner)];
    for (name, f) in sections {
        if what == "all" || what == name {
            let v = f(&dir, threads)?;
            println!("@@{}", json!({"section": name, "result": v}));
        }
    }
    Ok(())
}
