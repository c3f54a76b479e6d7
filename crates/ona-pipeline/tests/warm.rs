//! The warmer against the real Redis at `ONA_REDIS_URL`: each published
//! version's metrics are stored under its keys and the version published
//! for readers; engine refusals are counted with their message.

use std::time::Duration;

use ona_engine::{Engine, EngineConfig, EventBatch, Keys, Tier};
use ona_kafka::OnPublish;
use ona_pipeline::Warmer;
use ona_redis::{CacheConfig, Metric, ResultCache, Source};

fn cache() -> ResultCache {
    let url =
        std::env::var("ONA_REDIS_URL").expect("ONA_REDIS_URL is not set: run scripts/servers.sh start redis && . target/servers/env.sh");
    ResultCache::new(&url, CacheConfig::default().ttl(Duration::from_secs(120))).expect("cache")
}

fn tenant_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_nanos();
    format!("{prefix}-{}-{nanos:x}", std::process::id())
}

#[test]
fn each_published_version_is_warm_for_readers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::open(dir.path(), EngineConfig::default().threads(1)).expect("engine");
    let name = tenant_name("warm");
    let t = engine.tenant(&name, Tier::Enterprise).expect("tenant");
    let warmer = Warmer::new(cache(), vec![Metric::Degree, Metric::PageRank]);

    let v1 =
        t.apply("mail", &EventBatch::new(Keys::U64(&[1, 2, 3]), Keys::U64(&[2, 3, 1])).weights(&[1.0, 2.0, 4.0])).expect("apply").version;
    warmer.published(0, &t, "mail");
    let reader = cache();
    let got = reader.published(&name, "mail", Metric::Degree).expect("redis").expect("warm");
    assert_eq!((got.version, got.source), (v1, Source::Cache));
    assert!(reader.published(&name, "mail", Metric::PageRank).expect("redis").is_some());
    assert!(reader.published(&name, "mail", Metric::Betweenness).expect("redis").is_none(), "not a warmed metric");

    let v2 = t.apply("mail", &EventBatch::new(Keys::U64(&[3]), Keys::U64(&[4]))).expect("apply").version;
    warmer.published(0, &t, "mail");
    assert_eq!(reader.current(&name, "mail").expect("redis"), Some(v2));
    assert_eq!(warmer.counts(), ona_pipeline::WarmCounts { versions: 2, stored: 4, failed: 0, last_error: None });
    reader.purge_tenant(&name).expect("purge");
}

#[test]
fn a_graph_the_engine_cannot_serve_is_counted_with_its_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::open(dir.path(), EngineConfig::default().threads(1)).expect("engine");
    let t = engine.tenant(&tenant_name("fail"), Tier::Enterprise).expect("tenant");
    let warmer = Warmer::new(cache(), vec![Metric::Degree]);
    warmer.published(3, &t, "no-such-graph");
    let c = warmer.counts();
    assert_eq!((c.versions, c.stored, c.failed), (0, 0, 1));
    let msg = c.last_error.expect("reason kept");
    assert!(msg.contains("no-such-graph") && msg.contains("partition 3"), "{msg}");
}
