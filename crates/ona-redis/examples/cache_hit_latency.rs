//! Cache hit latency on loopback: p50 / p99 / max of `get_or_compute` hits
//! (GET + header/CRC-32C check + Arrow IPC decode) for score tables of a few
//! sizes, against the server at `ONA_REDIS_URL`.
//!
//! ```text
//! scripts/servers.sh start redis && . target/servers/env.sh
//! cargo run --release -p ona-redis --example cache_hit_latency -- [iterations=20000]
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow::array::{Float64Array, RecordBatch, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema};
use ona_redis::{CacheConfig, CacheKey, ResultCache, Source};

fn table(n: u64) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::UInt64, false), Field::new("pagerank", DataType::Float64, false)]));
    let ids = UInt64Array::from_iter_values(0..n);
    let v = Float64Array::from_iter_values((0..n).map(|i| 1.0 / (1.0 + f64::from(u32::try_from(i % 1_000_000).unwrap_or(0)))));
    RecordBatch::try_new(schema, vec![Arc::new(ids), Arc::new(v)]).unwrap_or_else(|e| panic!("batch: {e}"))
}

/// The `per_mille`-th quantile of sorted samples (nearest rank, rounded down).
fn pct(sorted: &[Duration], per_mille: usize) -> Duration {
    sorted[(sorted.len() - 1) * per_mille / 1000]
}

fn main() {
    let url = std::env::var("ONA_REDIS_URL").unwrap_or_else(|_| {
        eprintln!("ONA_REDIS_URL is not set: run scripts/servers.sh start redis && . target/servers/env.sh");
        std::process::exit(2)
    });
    let iters: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let cache = ResultCache::new(&url, CacheConfig::default()).unwrap_or_else(|e| panic!("cache: {e}"));
    let tenant = format!("bench-{}", std::process::id());
    println!("{:>9} {:>10} {:>8} {:>10} {:>10} {:>10}", "nodes", "bytes", "iters", "p50", "p99", "max");
    for n in [1_000u64, 10_000, 100_000] {
        let key = CacheKey::new(&tenant, "g", n, "pagerank", "alpha=0.85").unwrap_or_else(|e| panic!("key: {e}"));
        let batch = table(n);
        let bytes = ona_redis::codec::encode(&batch).map(|b| b.len()).unwrap_or(0);
        cache.get_or_compute(&key, || Ok::<_, ()>(batch.clone())).unwrap_or_else(|()| unreachable!());
        let iters = if n >= 100_000 { iters / 10 } else { iters };
        let mut lat = Vec::with_capacity(iters);
        for _ in 0..iters {
            let t = Instant::now();
            let (b, src) = cache.get_or_compute(&key, || Err(())).unwrap_or_else(|()| panic!("miss: Redis unavailable?"));
            lat.push(t.elapsed());
            assert!(src == Source::Cache && b.num_rows() == batch.num_rows());
        }
        lat.sort_unstable();
        println!("{n:>9} {bytes:>10} {iters:>8} {:>10.1?} {:>10.1?} {:>10.1?}", pct(&lat, 500), pct(&lat, 990), lat[lat.len() - 1]);
    }
    let purged = cache.purge_tenant(&tenant).unwrap_or_else(|e| panic!("purge: {e}"));
    println!("purged {purged} keys; {:?}", cache.stats());
}
