//! Engine metrics through the cache: keyed by graph version (a new version
//! is a new key), warmed after a publish, values equal to ona-core's on the
//! same graph, and answered by computing while Redis is down.

use std::collections::HashMap;
use std::time::Duration;

use arrow::array::{Array, Float64Array, RecordBatch, UInt64Array};
use ona_core::Exec;
use ona_core::algo::centrality::{BetweennessConfig, PageRankConfig, PageRankSolver, betweenness_centrality, pagerank};
use ona_engine::{Engine, EngineConfig, EventBatch, Keys, Tenant, Tier};
use ona_redis::{CacheConfig, Error, Metric, ResultCache, Source};

use crate::common::{OwnRedis, shared_url, unique};

fn cache(url: &str) -> ResultCache {
    ResultCache::new(url, CacheConfig::default().ttl(Duration::from_secs(120))).expect("cache")
}

/// `(id -> value)` of a cached metric batch.
fn by_id(batch: &RecordBatch, column: &str) -> HashMap<u64, f64> {
    let ids = batch.column_by_name("id").expect("id").as_any().downcast_ref::<UInt64Array>().expect("u64 ids");
    let v = batch.column_by_name(column).expect("column").as_any().downcast_ref::<Float64Array>().expect("f64");
    assert_eq!(ids.len(), v.len());
    (0..ids.len()).map(|i| (ids.value(i), v.value(i))).collect()
}

/// Directed mail between people 10..=14, with weights.
fn apply(t: &Tenant, edges: &[(u64, u64, f64)]) -> u64 {
    let (s, d, w): (Vec<u64>, Vec<u64>, Vec<f64>) =
        edges.iter().fold((vec![], vec![], vec![]), |(mut s, mut d, mut w), &(a, b, x)| {
            s.push(a);
            d.push(b);
            w.push(x);
            (s, d, w)
        });
    t.apply("mail", &EventBatch::new(Keys::U64(&s), Keys::U64(&d)).weights(&w)).expect("apply").version
}

const FIRST: [(u64, u64, f64); 6] = [(10, 11, 1.0), (11, 12, 2.0), (12, 10, 1.0), (12, 13, 3.0), (13, 14, 1.0), (14, 12, 0.5)];

#[test]
fn metric_is_keyed_by_version_and_matches_the_engine_graph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::open(dir.path(), EngineConfig::default().threads(1)).expect("engine");
    let name = unique("metric");
    let t = engine.tenant(&name, Tier::Enterprise).expect("tenant");
    let v1 = apply(&t, &FIRST);
    let cache = cache(&shared_url());

    // Degree by hand: weighted in + out.
    let first = cache.metric(&t, "mail", Metric::Degree).expect("degree");
    assert_eq!((first.version, first.source), (v1, Source::Computed));
    let want: HashMap<u64, f64> = [(10, 2.0), (11, 3.0), (12, 6.5), (13, 4.0), (14, 1.5)].into_iter().collect();
    assert_eq!(by_id(&first.batch, "degree"), want);
    let again = cache.metric(&t, "mail", Metric::Degree).expect("degree");
    assert_eq!((again.version, again.source), (v1, Source::Cache));
    assert_eq!(again.batch, first.batch);

    // PageRank equals ona-core's power iteration on the same version.
    let pr = cache.metric(&t, "mail", Metric::PageRank).expect("pagerank");
    let view = t.graph("mail").expect("view");
    let cfg = PageRankConfig::default().solver(PageRankSolver::Power).tol(1e-12).max_iter(10_000);
    let reference = pagerank(view.graph(), &cfg, &Exec::sequential().expect("exec")).expect("pagerank");
    let got = by_id(&pr.batch, "pagerank");
    for v in 0..view.node_count() {
        let id = view.graph().ids().external(ona_core::NodeId(u32::try_from(v).expect("small"))).expect("id");
        let ona_core::graph::ExternalId::U64(id) = id else { panic!("u64 ids") };
        assert!((got[&id] - reference[v]).abs() < 1e-5, "pagerank of {id}: {} vs {}", got[&id], reference[v]);
    }

    // New events: a new version, a new key; the old version's entry stays.
    let v2 = apply(&t, &[(14, 10, 2.0)]);
    assert!(v2 > v1);
    let next = cache.metric(&t, "mail", Metric::Degree).expect("degree");
    assert_eq!((next.version, next.source), (v2, Source::Computed));
    assert_eq!((by_id(&next.batch, "degree")[&10], by_id(&next.batch, "degree")[&14]), (4.0, 3.5));
    let mut redis = redis::Client::open(shared_url()).expect("client").get_connection().expect("connection");
    for v in [v1, v2] {
        let key = Metric::Degree.key(&name, "mail", v).expect("key");
        assert!(redis::cmd("EXISTS").arg(key.as_str()).query::<bool>(&mut redis).expect("exists"), "{key}");
    }
    let s = cache.stats();
    assert_eq!((s.hits, s.computed, s.stored, s.redis_unavailable), (1, 3, 3, 0));
}

#[test]
fn warm_stores_every_metric_for_the_published_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::open(dir.path(), EngineConfig::default().threads(1)).expect("engine");
    let t = engine.tenant(&unique("warm"), Tier::Enterprise).expect("tenant");
    let v = apply(&t, &FIRST);
    let cache = cache(&shared_url());
    assert_eq!(cache.warm(&t, "mail", &Metric::ALL).expect("warm"), (v, 3));
    for m in Metric::ALL {
        let got = cache.metric(&t, "mail", m).expect("metric");
        assert_eq!((got.version, got.source), (v, Source::Cache), "{m:?}");
    }
    // Betweenness: a 5-person graph is within any tier's exact budget.
    let view = t.graph("mail").expect("view");
    let exact = betweenness_centrality(view.graph(), &BetweennessConfig::default(), &Exec::sequential().expect("exec")).expect("bc");
    let got = by_id(&cache.metric(&t, "mail", Metric::Betweenness).expect("bc").batch, "betweenness");
    for v in 0..view.node_count() {
        let Some(ona_core::graph::ExternalId::U64(id)) = view.graph().ids().external(ona_core::NodeId(u32::try_from(v).expect("small")))
        else {
            panic!("u64 ids")
        };
        assert!((got[&id] - exact[v]).abs() < 1e-12, "betweenness of {id}");
    }
}

#[test]
fn metrics_are_answered_while_redis_is_down() {
    let mut own = OwnRedis::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::open(dir.path(), EngineConfig::default().threads(1)).expect("engine");
    let t = engine.tenant(&unique("down"), Tier::Enterprise).expect("tenant");
    let v = apply(&t, &FIRST);
    let cache = cache(&own.url());
    own.stop();
    for _ in 0..3 {
        let got = cache.metric(&t, "mail", Metric::PageRank).expect("answered by computing");
        assert_eq!((got.version, got.source), (v, Source::Computed));
    }
    assert_eq!(cache.warm(&t, "mail", &[Metric::Degree]).expect("warm"), (v, 0));
    own.restart();
    // Once the breaker lets a probe through, the cache is used again.
    let t0 = std::time::Instant::now();
    while cache.warm(&t, "mail", &[Metric::Degree]).expect("warm").1 == 0 {
        assert!(t0.elapsed() < Duration::from_secs(10), "Redis not used again after restart");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(cache.metric(&t, "mail", Metric::Degree).expect("degree").source, Source::Cache);
}

#[test]
fn unknown_metrics_and_graphs_are_typed_errors() {
    assert_eq!("pagerank".parse::<Metric>().expect("known"), Metric::PageRank);
    assert!(matches!("closeness".parse::<Metric>(), Err(Error::UnknownMetric(m)) if m == "closeness"));
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = Engine::open(dir.path(), EngineConfig::default().threads(1)).expect("engine");
    let t = engine.tenant(&unique("none"), Tier::Enterprise).expect("tenant");
    let cache = cache(&shared_url());
    assert!(matches!(cache.metric(&t, "no-such-graph", Metric::Degree), Err(Error::Engine(_))));
    let s = cache.stats();
    assert_eq!((s.computed, s.stored), (0, 0));
}
