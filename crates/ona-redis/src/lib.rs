//! Redis adapter for ona (issue 9): a result cache, a circuit breaker and the
//! per-tier sliding-window rate limiter.
//!
//! - [`ResultCache`]: results keyed `ona:{tenant}:{graph}:v{version}:{algo}:{params hash}`
//!   ([`CacheKey`]; the braces are a Redis Cluster hash tag), stored as a
//!   small header (magic, format version, length, CRC-32C) and an Arrow IPC
//!   stream ([`codec`]) with a TTL. [`ResultCache::get_or_compute`] answers
//!   every request: from Redis when it can, by computing otherwise. A payload
//!   failing its checksum is deleted and recomputed.
//!   [`ResultCache::purge_tenant`] removes a tenant's results (SCAN + UNLINK).
//! - [`ResultCache::metric`] / [`ResultCache::warm`]: engine metrics
//!   ([`Metric`]) of a tenant's graph keyed by its version, so a new
//!   version (say, from Kafka events) is read under a new key.
//! - [`RedisLink`]: one connection with ≤ 50 ms connect / op timeouts and a
//!   [`CircuitBreaker`] (closed → open after N consecutive failures →
//!   half-open probe after a cool-down), counters exposed.
//! - [`RateLimiter`]: Demo 10/min, Basic 100/min, Professional 1,000/min,
//!   Enterprise unlimited, as one atomic Lua script on a sorted set per
//!   tenant; local limits while Redis is down (see [`limiter`]).
//!
//! Synchronous (redis-rs' blocking connection); no async runtime. Tests run
//! against a real `redis-server`: `scripts/test-redis.sh`.

mod breaker;
mod cache;
pub mod codec;
mod error;
mod key;
pub mod limiter;
mod link;
mod metric;

pub use breaker::{BreakerConfig, BreakerState, BreakerStats, CircuitBreaker};
pub use cache::{CacheConfig, CacheStats, PURGE_BATCH, ResultCache, Source, scores_batch};
pub use error::{Error, Result};
pub use key::{CacheKey, MAX_NAME_BYTES, params_hash, tenant_pattern};
pub use limiter::{Clock, DecidedBy, Decision, Fallback, LimiterConfig, LimiterStats, ManualClock, RateLimiter, SystemClock, TimeSource};
pub use link::{LinkConfig, RedisLink};
pub use metric::{CachedMetric, Metric};
