//! The cache against the shared Redis: round trip, key format, TTL, poisoned
//! values, purge; the payload codec alone.

use std::time::Duration;

use ona_core::IdMap;
use ona_redis::{CacheConfig, CacheKey, Error, ResultCache, Source, codec, params_hash, scores_batch};
use ona_store::table::ResultColumn;

use crate::common::{scores, shared_url, unique};

fn cache() -> ResultCache {
    ResultCache::new(&shared_url(), CacheConfig::default().ttl(Duration::from_secs(120))).expect("cache")
}

#[test]
fn key_format_and_validation() {
    let k = CacheKey::new("acme", "email", 42, "pagerank", "alpha=0.85").expect("key");
    assert_eq!(k.as_str(), format!("ona:{{acme}}:email:v42:pagerank:{:016x}", params_hash(b"alpha=0.85")));
    assert_eq!(k.tenant(), "acme");
    // FNV-1a 64 test vectors: the hash is stable across processes and releases.
    assert_eq!(params_hash(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(params_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(CacheKey::new("acme", "email", 42, "pagerank", "alpha=0.9").expect("key"), k);
    assert_ne!(CacheKey::new("acme", "email", 43, "pagerank", "alpha=0.85").expect("key"), k);
    for bad in ["", "a:b", "a{b", "b}", "x*", "a?", "[a]", "a b", "a\\b", "tab\t"] {
        assert!(matches!(CacheKey::new(bad, "g", 1, "pr", ""), Err(Error::InvalidKey { what: "tenant", .. })), "{bad:?}");
        assert!(matches!(CacheKey::new("t", bad, 1, "pr", ""), Err(Error::InvalidKey { what: "graph", .. })), "{bad:?}");
        assert!(matches!(CacheKey::new("t", "g", 1, bad, ""), Err(Error::InvalidKey { what: "algo", .. })), "{bad:?}");
    }
    assert!(CacheKey::new(&"x".repeat(129), "g", 1, "pr", "").is_err());
    assert!(CacheKey::new(&"x".repeat(128), "g", 1, "pr", "").is_ok());
}

#[test]
fn codec_detects_every_kind_of_damage() {
    let batch = scores(100, 0.5);
    let bytes = codec::encode(&batch).expect("encode");
    assert_eq!(&bytes[..4], b"ONAR");
    assert_eq!(u16::from_le_bytes([bytes[4], bytes[5]]), codec::FORMAT_VERSION);
    assert_eq!(codec::decode(&bytes).expect("decode"), batch);
    // Every single-bit flip anywhere in the payload is caught.
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        assert!(matches!(codec::decode(&b), Err(Error::Corrupt(_))), "flip at byte {i} not detected");
    }
    for cut in [0, 3, codec::HEADER_LEN - 1, codec::HEADER_LEN, bytes.len() - 1] {
        assert!(matches!(codec::decode(&bytes[..cut]), Err(Error::Corrupt(_))), "cut at {cut}");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(codec::decode(&longer), Err(Error::Corrupt(_))));
}

#[test]
fn round_trip_hits_after_first_compute_with_ttl() {
    let cache = cache();
    let tenant = unique("rt");
    let key = CacheKey::new(&tenant, "email", 3, "pagerank", "alpha=0.85").expect("key");
    let mut calls = 0;
    let (a, src) = cache
        .get_or_compute(&key, || {
            calls += 1;
            Ok::<_, ()>(scores(1005, 0.25))
        })
        .expect("first");
    assert_eq!(src, Source::Computed);
    let (b, src) = cache
        .get_or_compute(&key, || {
            calls += 1;
            Ok::<_, ()>(scores(1, 9.0))
        })
        .expect("second");
    assert_eq!(src, Source::Cache);
    assert_eq!(calls, 1);
    assert_eq!(a, b);
    let s = cache.stats();
    assert_eq!((s.hits, s.misses, s.computed, s.stored, s.corrupt, s.redis_unavailable), (1, 1, 1, 1, 0, 0));

    let mut c = redis::Client::open(shared_url()).expect("url").get_connection().expect("conn");
    let ttl: i64 = redis::cmd("TTL").arg(key.as_str()).query(&mut c).expect("ttl");
    assert!((1..=120).contains(&ttl), "ttl {ttl}");
    let raw: Vec<u8> = redis::cmd("GET").arg(key.as_str()).query(&mut c).expect("get");
    assert_eq!(&raw[..4], b"ONAR");
    assert_eq!(codec::decode(&raw).expect("decode"), a);
    cache.purge_tenant(&tenant).expect("purge");
}

#[test]
fn compute_error_passes_through_and_nothing_is_stored() {
    let cache = cache();
    let key = CacheKey::new(&unique("err"), "g", 1, "pr", "").expect("key");
    let got = cache.get_or_compute(&key, || Err::<arrow::array::RecordBatch, _>("boom"));
    assert_eq!(got.err(), Some("boom"));
    assert_eq!(cache.stats().stored, 0);
    let (_, src) = cache.get_or_compute(&key, || Ok::<_, ()>(scores(3, 0.0))).expect("ok");
    assert_eq!(src, Source::Computed);
    cache.purge_tenant(key.tenant()).expect("purge");
}

#[test]
fn poisoned_value_is_detected_deleted_and_recomputed() {
    let cache = cache();
    let tenant = unique("poison");
    let key = CacheKey::new(&tenant, "g", 1, "betweenness", "k=all").expect("key");
    let good = scores(50, 1.0);
    cache.get_or_compute(&key, || Ok::<_, ()>(good.clone())).expect("fill");
    let mut c = redis::Client::open(shared_url()).expect("url").get_connection().expect("conn");
    let raw: Vec<u8> = redis::cmd("GET").arg(key.as_str()).query(&mut c).expect("get");

    // A flipped bit in the body (the Arrow stream would still parse: only the checksum sees it).
    let mut poisoned = raw.clone();
    let last = poisoned.len() - 20;
    poisoned[last] ^= 0x01;
    let garbage = b"not a payload at all".to_vec();
    let truncated = raw[..raw.len() / 2].to_vec();
    for (i, bad) in [poisoned, garbage, truncated].into_iter().enumerate() {
        redis::cmd("SET").arg(key.as_str()).arg(bad).exec(&mut c).expect("poison");
        let mut calls = 0;
        let (v, src) = cache
            .get_or_compute(&key, || {
                calls += 1;
                Ok::<_, ()>(good.clone())
            })
            .expect("recompute");
        assert_eq!((src, calls), (Source::Computed, 1), "case {i}");
        assert_eq!(v, good);
        assert_eq!(cache.stats().corrupt, u64::try_from(i + 1).expect("small"));
        // The recomputed value replaced the poisoned one.
        let (v, src) = cache.get_or_compute(&key, || Err(())).expect("hit");
        assert_eq!((src, v), (Source::Cache, good.clone()));
    }
    cache.purge_tenant(&tenant).expect("purge");
}

#[test]
fn purge_removes_only_that_tenants_keys_in_batches() {
    let cache = cache();
    let (a, b) = (unique("purge-a"), unique("purge-b"));
    let small = scores(2, 0.0);
    // More than two SCAN/UNLINK pages.
    let n = 1_234u64;
    for v in 0..n {
        let k = CacheKey::new(&a, "g", v, "pagerank", "").expect("key");
        assert!(cache.store(&k, &small));
    }
    let kb = CacheKey::new(&b, "g", 1, "pagerank", "").expect("key");
    assert!(cache.store(&kb, &small));
    // A tenant whose name has `a` as a prefix must survive too.
    let ka2 = CacheKey::new(&format!("{a}x"), "g", 1, "pagerank", "").expect("key");
    assert!(cache.store(&ka2, &small));

    assert_eq!(cache.purge_tenant(&a).expect("purge"), n);
    assert_eq!(cache.purge_tenant(&a).expect("again"), 0);
    let mut c = redis::Client::open(shared_url()).expect("url").get_connection().expect("conn");
    let exists: u64 = redis::cmd("EXISTS").arg(kb.as_str()).arg(ka2.as_str()).query(&mut c).expect("exists");
    assert_eq!(exists, 2);
    let left: Vec<String> = redis::cmd("KEYS").arg(format!("ona:{{{a}}}:*")).query(&mut c).expect("keys");
    assert!(left.is_empty(), "{} keys left", left.len());
    assert_eq!(cache.purge_tenant(&b).expect("purge b"), 1);
    assert_eq!(cache.purge_tenant(&format!("{a}x")).expect("purge ax"), 1);
    assert!(matches!(cache.purge_tenant("a*"), Err(Error::InvalidKey { .. })));
}

#[test]
fn scores_batch_uses_the_graph_ids_and_round_trips() {
    let cache = cache();
    let ids = IdMap::U64(vec![10, 20, 30]);
    let pr = [0.2, 0.5, 0.3];
    let comm = [0u32, 1, 1];
    let batch = scores_batch(&ids, &[("pagerank", ResultColumn::F64(&pr)), ("community", ResultColumn::U32(&comm))]).expect("batch");
    assert_eq!(batch.num_rows(), 3);
    assert_eq!(batch.schema().field(0).name(), "id");
    let key = CacheKey::new(&unique("sb"), "g", 1, "pack", "").expect("key");
    cache.get_or_compute(&key, || Ok::<_, ()>(batch.clone())).expect("fill");
    let (got, src) = cache.get_or_compute(&key, || Err(())).expect("hit");
    assert_eq!((src, got), (Source::Cache, batch));
    assert!(scores_batch(&ids, &[("pagerank", ResultColumn::F64(&pr[..2]))]).is_err());
    cache.purge_tenant(key.tenant()).expect("purge");
}
