//! The result cache: `get_or_compute` against Redis, degrading to computing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use arrow::array::RecordBatch;
use ona_core::IdMap;
use ona_store::table::{ResultColumn, results_batch};

use crate::codec;
use crate::error::{Error, Result};
use crate::key::{CacheKey, tenant_pattern};
use crate::link::{LinkConfig, RedisLink};

/// Keys deleted per `UNLINK` (and asked for per `SCAN`) by [`ResultCache::purge_tenant`].
pub const PURGE_BATCH: usize = 500;

/// Cache settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheConfig {
    /// Time to live of a cached result (default 1 h; whole seconds are used,
    /// at least 1). Versioned keys never go stale, the TTL only bounds memory.
    pub ttl: Duration,
    /// Connection, timeout and breaker settings.
    pub link: LinkConfig,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self { ttl: Duration::from_secs(3600), link: LinkConfig::default() }
    }
}

impl CacheConfig {
    /// Set [`CacheConfig::ttl`].
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }
    /// Set [`CacheConfig::link`].
    pub fn link(mut self, link: LinkConfig) -> Self {
        self.link = link;
        self
    }
}

/// Where a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Read from Redis (checksum verified).
    Cache,
    /// Computed by the caller's closure (and stored, if Redis was reachable).
    Computed,
}

/// What a `GET` found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lookup {
    /// A payload that passed its checks.
    Hit(RecordBatch),
    /// No such key (or a corrupt payload, now deleted).
    Miss,
    /// Redis failed, timed out or the breaker is open.
    Unavailable,
}

/// Counters since the cache was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct CacheStats {
    /// Values served from Redis.
    pub hits: u64,
    /// Lookups Redis answered with "no such key".
    pub misses: u64,
    /// Values computed by the closure.
    pub computed: u64,
    /// Values stored in Redis.
    pub stored: u64,
    /// Payloads that failed the header/checksum/decode check (deleted, recomputed).
    pub corrupt: u64,
    /// Redis calls that failed or were bypassed by the open breaker.
    pub redis_unavailable: u64,
}

#[derive(Debug, Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    computed: AtomicU64,
    stored: AtomicU64,
    corrupt: AtomicU64,
    unavailable: AtomicU64,
}

fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

/// A Redis-backed cache of per-node results, one Arrow record batch per key.
///
/// Redis is strictly optional: lookups and stores go through a
/// [`RedisLink`] (≤ 50 ms connect and op timeouts by default, circuit
/// breaker), and whenever Redis fails, times out or the breaker is open,
/// [`get_or_compute`](Self::get_or_compute) computes the value instead. A
/// request's worst case added by Redis is one connect timeout plus two op
/// timeouts; with the breaker open it is zero. Thread-safe (`Sync`); Redis
/// commands are serialised on one connection.
#[derive(Debug)]
pub struct ResultCache {
    link: RedisLink,
    ttl_secs: u64,
    counters: Counters,
}

impl ResultCache {
    /// A cache on the Redis server at `url`. Does not connect: a cache made
    /// while Redis is down works (by computing) and starts using Redis once
    /// it is up.
    ///
    /// Errors: [`Error::Redis`] when the URL does not parse.
    pub fn new(url: &str, cfg: CacheConfig) -> Result<Self> {
        Ok(Self { link: RedisLink::new(url, cfg.link)?, ttl_secs: cfg.ttl.as_secs().max(1), counters: Counters::default() })
    }

    /// The link (its breaker's state and counters).
    pub fn link(&self) -> &RedisLink {
        &self.link
    }

    /// Counters.
    pub fn stats(&self) -> CacheStats {
        let c = &self.counters;
        let l = |a: &AtomicU64| a.load(Ordering::Relaxed);
        CacheStats {
            hits: l(&c.hits),
            misses: l(&c.misses),
            computed: l(&c.computed),
            stored: l(&c.stored),
            corrupt: l(&c.corrupt),
            redis_unavailable: l(&c.unavailable),
        }
    }

    /// The cached value of `key`, or `compute()`'s, which is then stored
    /// with the TTL. A payload that fails its checksum is deleted and
    /// recomputed. Redis trouble is never returned: it is counted in
    /// [`CacheStats::redis_unavailable`] and the value is computed (and not
    /// stored, so a slow Redis costs one op timeout, not two). Added latency
    /// at worst: connect timeout + op timeout (≤ 100 ms by default); none
    /// while the breaker is open.
    ///
    /// Errors: only `compute`'s own error, passed through unchanged.
    pub fn get_or_compute<E>(&self, key: &CacheKey, compute: impl FnOnce() -> Result<RecordBatch, E>) -> Result<(RecordBatch, Source), E> {
        let lookup = self.lookup(key);
        if let Lookup::Hit(batch) = lookup {
            return Ok((batch, Source::Cache));
        }
        let batch = compute()?;
        bump(&self.counters.computed);
        // After a Redis failure (or with the breaker open) do not pay a
        // second timeout to store the value.
        if lookup == Lookup::Miss {
            self.store(key, &batch);
        }
        Ok((batch, Source::Computed))
    }

    /// `GET` and decode `key`, counting the outcome. A payload that fails
    /// its check is deleted (best effort) and reported as a miss.
    pub(crate) fn lookup(&self, key: &CacheKey) -> Lookup {
        match self.link.call(|c| redis::cmd("GET").arg(key.as_str()).query::<Option<Vec<u8>>>(c)) {
            Ok(Some(bytes)) => match codec::decode(&bytes) {
                Ok(batch) => {
                    bump(&self.counters.hits);
                    Lookup::Hit(batch)
                }
                Err(_) => {
                    bump(&self.counters.corrupt);
                    // Best effort: the next store overwrites it anyway.
                    if self.link.call(|c| redis::cmd("UNLINK").arg(key.as_str()).query::<u64>(c)).is_err() {
                        bump(&self.counters.unavailable);
                        return Lookup::Unavailable;
                    }
                    Lookup::Miss
                }
            },
            Ok(None) => {
                bump(&self.counters.misses);
                Lookup::Miss
            }
            Err(_) => {
                bump(&self.counters.unavailable);
                Lookup::Unavailable
            }
        }
    }

    /// Count a value computed outside [`get_or_compute`](Self::get_or_compute).
    pub(crate) fn count_computed(&self) {
        bump(&self.counters.computed);
    }

    /// Count a Redis failure outside [`lookup`](Self::lookup) / [`store`](Self::store).
    pub(crate) fn count_unavailable(&self) {
        bump(&self.counters.unavailable);
    }

    /// Store `batch` under `key` (best effort, as in `get_or_compute`);
    /// `true` when Redis took it.
    pub fn store(&self, key: &CacheKey, batch: &RecordBatch) -> bool {
        let Ok(bytes) = codec::encode(batch) else {
            return false;
        };
        let ok = self.link.call(|c| redis::cmd("SET").arg(key.as_str()).arg(bytes.as_slice()).arg("EX").arg(self.ttl_secs).exec(c)).is_ok();
        if ok {
            bump(&self.counters.stored);
        } else {
            bump(&self.counters.unavailable);
        }
        ok
    }

    /// Delete every cached result of `tenant`: `SCAN MATCH ona:{tenant}:*`
    /// in pages of [`PURGE_BATCH`], each page removed with one `UNLINK`
    /// (non-blocking delete). Returns the number of keys removed. O(keys in
    /// the database / PURGE_BATCH) round trips. On a Redis Cluster the hash
    /// tag puts all of them on one node; run it against that node.
    ///
    /// Errors: [`Error::InvalidKey`] for a bad tenant name, [`Error::Redis`] or
    /// [`Error::BreakerOpen`] when Redis is unavailable (purging cannot be
    /// done by computing).
    pub fn purge_tenant(&self, tenant: &str) -> Result<u64> {
        let pattern = tenant_pattern(tenant)?;
        let mut cursor = 0u64;
        let mut removed = 0u64;
        loop {
            let (next, keys): (u64, Vec<Vec<u8>>) = self
                .link
                .call(|c| redis::cmd("SCAN").cursor_arg(cursor).arg("MATCH").arg(&pattern).arg("COUNT").arg(PURGE_BATCH).query(c))?;
            for chunk in keys.chunks(PURGE_BATCH) {
                removed += self.link.call(|c| redis::cmd("UNLINK").arg(chunk).query::<u64>(c))?;
            }
            if next == 0 {
                return Ok(removed);
            }
            cursor = next;
        }
    }
}

/// Per-node scores as the cached record batch: column `id` (the graph's
/// external ids) then one column per metric — ona-store's
/// [`results_batch`], the same table `ona` writes to Parquet / Arrow files.
///
/// Errors: [`Error::Arrow`] (carrying ona-store's message) for a column of
/// the wrong length or an empty, repeated or `id` column name.
pub fn scores_batch(ids: &IdMap, columns: &[(&str, ResultColumn<'_>)]) -> Result<RecordBatch> {
    results_batch(ids, columns).map_err(|e| Error::Arrow(arrow::error::ArrowError::InvalidArgumentError(e.to_string())))
}
