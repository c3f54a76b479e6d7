//! Graphs the caller holds (projected from Neo4j, say) through the cache,
//! and the published-version pointer readers without an engine use.

use std::time::Duration;

use arrow::array::{Array, Float64Array, UInt64Array};
use ona_core::algo::centrality::{PageRankConfig, pagerank};
use ona_core::{EdgeWeights, Exec, Graph, GraphBuilder};
use ona_redis::{CacheConfig, Error, Metric, ResultCache, Source};

use crate::common::{OwnRedis, shared_url, unique};

fn cache(url: &str) -> ResultCache {
    ResultCache::new(url, CacheConfig::default().ttl(Duration::from_secs(120))).expect("cache")
}

/// People 100..=104 mailing each other, weighted.
fn org() -> Graph {
    let exec = Exec::sequential().expect("exec");
    GraphBuilder::directed()
        .build_u64(
            &[],
            &[100, 101, 102, 102, 103, 104],
            &[101, 102, 100, 103, 104, 102],
            Some(EdgeWeights::F64(&[1.0, 2.0, 1.0, 3.0, 1.0, 0.5])),
            &exec,
        )
        .expect("graph")
}

fn column(m: &ona_redis::CachedMetric, name: &str) -> (Vec<u64>, Vec<f64>) {
    let ids = m.batch.column_by_name("id").expect("id").as_any().downcast_ref::<UInt64Array>().expect("u64 ids");
    let v = m.batch.column_by_name(name).expect("column").as_any().downcast_ref::<Float64Array>().expect("f64");
    (ids.values().to_vec(), v.values().to_vec())
}

#[test]
fn a_held_graph_is_computed_once_per_version_then_served() {
    let (c, g, exec) = (cache(&shared_url()), org(), Exec::sequential().expect("exec"));
    let tenant = unique("held");
    let first = c.graph_metric(&tenant, "mail", 0xfeed, &g, Metric::PageRank, &exec).expect("pagerank");
    assert_eq!((first.version, first.source), (0xfeed, Source::Computed));
    let want = pagerank(&g, &PageRankConfig::default(), &exec).expect("pagerank");
    assert_eq!(column(&first, "pagerank"), (vec![100, 101, 102, 103, 104], want.0.clone()));
    let again = c.graph_metric(&tenant, "mail", 0xfeed, &g, Metric::PageRank, &exec).expect("pagerank");
    assert_eq!((again.source, again.batch == first.batch), (Source::Cache, true));
    // Another version is another key: computed again.
    let other = c.graph_metric(&tenant, "mail", 0xbeef, &g, Metric::PageRank, &exec).expect("pagerank");
    assert_eq!((other.version, other.source), (0xbeef, Source::Computed));
}

#[test]
fn warm_graph_publishes_the_version_readers_find() {
    let (c, g, exec) = (cache(&shared_url()), org(), Exec::sequential().expect("exec"));
    let tenant = unique("pub");
    assert_eq!(c.current(&tenant, "mail").expect("current"), None);
    assert!(c.published(&tenant, "mail", Metric::Degree).expect("published").is_none());

    assert_eq!(c.warm_graph(&tenant, "mail", 7, &g, &[Metric::Degree, Metric::Betweenness], &exec).expect("warm"), 2);
    assert_eq!(c.current(&tenant, "mail").expect("current"), Some(7));
    let degree = c.published(&tenant, "mail", Metric::Degree).expect("published").expect("stored");
    assert_eq!((degree.version, degree.source), (7, Source::Cache));
    assert_eq!(column(&degree, "degree").1, vec![2.0, 3.0, 6.5, 4.0, 1.5]);
    // Warmed but not this metric: nothing to read.
    assert!(c.published(&tenant, "mail", Metric::PageRank).expect("published").is_none());

    // A new version (a hash, not larger): the last publish wins.
    assert_eq!(c.warm_graph(&tenant, "mail", 3, &g, &[Metric::Degree], &exec).expect("warm"), 1);
    assert_eq!(c.published(&tenant, "mail", Metric::Degree).expect("published").expect("stored").version, 3);
    // Purging the tenant removes the pointer with the results.
    assert!(c.purge_tenant(&tenant).expect("purge") >= 4);
    assert_eq!(c.current(&tenant, "mail").expect("current"), None);
}

#[test]
fn with_redis_down_held_graphs_compute_and_readers_get_an_error() {
    let mut own = OwnRedis::start();
    let (c, g, exec) = (cache(&own.url()), org(), Exec::sequential().expect("exec"));
    own.stop();
    let got = c.graph_metric("acme", "mail", 1, &g, Metric::Degree, &exec).expect("answered by computing");
    assert_eq!(got.source, Source::Computed);
    assert_eq!(c.warm_graph("acme", "mail", 1, &g, &[Metric::Degree], &exec).expect("warm"), 0);
    assert!(matches!(c.current("acme", "mail"), Err(Error::Redis(_) | Error::BreakerOpen)));
    assert!(matches!(c.published("acme", "mail", Metric::Degree), Err(Error::Redis(_) | Error::BreakerOpen)));
    assert!(matches!(c.current("ac:me", "mail"), Err(Error::InvalidKey { what: "tenant", .. })));
}
