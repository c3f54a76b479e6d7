//! `ona produce` then `ona worker --redis` against real Kafka and Redis
//! (feature `redis`; `scripts/test-kafka.sh` starts both servers): every
//! graph's newest version is warm in Redis, with this version's values.

use ona_core::Exec;
use ona_core::algo::centrality::{DegreeConfig, Direction, PageRankConfig, degree, pagerank};
use ona_engine::{Engine, EngineConfig};
use ona_redis::{CacheConfig, Metric, ResultCache, Source};
use tempfile::TempDir;

use super::{ona, s, stderr, stdout};

fn server(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| panic!("{var} is not set: run scripts/test-kafka.sh (it starts Kafka and Redis)"))
}

/// The number after `label` in `ona`'s `label   value` output.
fn count(out: &str, label: &str) -> u64 {
    let line = out.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no '{label}' in:\n{out}"));
    line[label.len()..].split_whitespace().next().unwrap().parse().unwrap()
}

fn column(batch: &arrow::array::RecordBatch, name: &str) -> Vec<f64> {
    let col = batch.column_by_name(name).unwrap();
    col.as_any().downcast_ref::<arrow::array::Float64Array>().unwrap().values().to_vec()
}

#[test]
fn worker_warms_every_published_version_in_redis() {
    let (brokers, redis) = (server("ONA_KAFKA_BROKERS"), server("ONA_REDIS_URL"));
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let (topic, group) = (format!("ona-cli-warm-{nanos}"), format!("ona-cli-warm-g-{nanos}"));
    let produced = ona(&["produce", "--brokers", &brokers, "--topic", &topic, "--tenants", "3", "--events", "3000", "--partitions", "2"]);
    assert!(produced.status.success(), "{}", stderr(&produced));

    let dir = TempDir::new().unwrap();
    let worker = ona(&[
        "worker",
        "--kafka",
        &brokers,
        "--topic",
        &topic,
        "--group",
        &group,
        "--snapshots",
        s(dir.path()),
        "--redis",
        &redis,
        "--warm",
        "degree,pagerank",
        "--idle-exit-ms",
        "3000",
    ]);
    let out = stdout(&worker);
    assert!(worker.status.success(), "{}\n{out}", stderr(&worker));
    assert_eq!(count(&out, "messages"), 3000, "{out}");
    let versions = count(&out, "versions warmed");
    assert!(versions >= 3, "{out}");
    assert_eq!(count(&out, "results stored"), 2 * versions, "{out}");
    assert_eq!(count(&out, "warm failures"), 0, "{out}");

    // Read back through a fresh cache: every graph's current version is a hit
    // and holds what ona-core computes on that version.
    let cache = ResultCache::new(&redis, CacheConfig::default()).unwrap();
    let exec = Exec::sequential().unwrap();
    let mut graphs = 0;
    for p in 0..2 {
        let engine = Engine::open(dir.path().join(format!("p{p}")), EngineConfig::default().threads(1)).unwrap();
        for (id, _) in engine.tenants() {
            let tenant = engine.get_tenant(id.as_str()).unwrap();
            for g in tenant.graphs() {
                let (g, view) = (g.as_str(), tenant.graph(g.as_str()).unwrap());
                let deg = cache.metric(&tenant, g, Metric::Degree).unwrap();
                let pr = cache.metric(&tenant, g, Metric::PageRank).unwrap();
                assert_eq!((deg.source, pr.source), (Source::Cache, Source::Cache), "{id}/{g}");
                assert_eq!((deg.version, pr.version), (view.version(), view.version()));
                let want = degree(view.graph(), &DegreeConfig::default().direction(Direction::Both).weighted(true), &exec).unwrap();
                assert_eq!(column(&deg.batch, "degree"), want.0, "{id}/{g}");
                let exact = pagerank(view.graph(), &PageRankConfig::default().tol(1e-12).max_iter(10_000), &exec).unwrap();
                // The engine stops NetworkX's way (L1 change < n * 1e-6), so its
                // L1 distance to the fixed point is at most α/(1-α) · n · 1e-6.
                let got = column(&pr.batch, "pagerank");
                let l1: f64 = got.iter().zip(&exact.0).map(|(a, b)| (a - b).abs()).sum();
                let bound = 0.85 / 0.15 * got.len() as f64 * 1e-6;
                assert!(l1 <= bound, "{id}/{g}: L1 distance {l1} to the exact PageRank, bound {bound}");
                graphs += 1;
            }
        }
        engine.close();
    }
    assert!(graphs >= 3, "{graphs} graphs");
    assert_eq!(cache.stats().computed, 0, "every read was a hit");
}

#[test]
fn worker_refuses_an_unknown_warm_metric_and_warm_without_redis() {
    let dir = TempDir::new().unwrap();
    let base = ["worker", "--kafka", "127.0.0.1:1", "--topic", "t", "--group", "g", "--snapshots", s(dir.path())];
    let unknown = ona(&[&base[..], &["--redis", "redis://127.0.0.1:1", "--warm", "pagerank,closeness"]].concat());
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("--warm closeness"), "{}", stderr(&unknown));
    let no_redis = ona(&[&base[..], &["--warm", "degree"]].concat());
    assert_eq!(no_redis.status.code(), Some(2), "{}", stderr(&no_redis));
    assert!(stderr(&no_redis).contains("--redis"), "{}", stderr(&no_redis));
}
