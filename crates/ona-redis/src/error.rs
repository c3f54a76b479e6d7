//! Errors of the Redis adapter.

/// What went wrong. Requests served through [`crate::ResultCache::get_or_compute`]
/// and [`crate::RateLimiter::check`] never see a Redis error: those degrade to
/// computing / local limits. These errors come from construction, explicit
/// administration ([`crate::ResultCache::purge_tenant`]) and payload decoding.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Redis refused a command, timed out, or could not be reached.
    #[error("redis: {0}")]
    Redis(#[from] redis::RedisError),
    /// The circuit breaker is open: Redis was not asked.
    #[error("redis circuit breaker is open")]
    BreakerOpen,
    /// A cache key component is unusable (empty, too long, or holds a
    /// character that would break the key layout or a SCAN pattern).
    #[error("invalid {what} {value:?}: {reason}")]
    InvalidKey {
        /// Which component (`"tenant"`, `"graph"`, `"algo"`).
        what: &'static str,
        /// The value, truncated to 80 characters.
        value: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// A cached payload failed its header or checksum check, or did not decode.
    #[error("corrupt cache payload: {0}")]
    Corrupt(String),
    /// The engine refused or failed a metric ([`crate::ResultCache::metric`]):
    /// no such graph, a limit of the tenant's tier, cancellation.
    #[error("engine: {0}")]
    Engine(#[from] ona_engine::Error),
    /// ona-core failed a metric on a graph the caller holds
    /// ([`crate::ResultCache::graph_metric`]): cancelled, past its deadline.
    #[error("{0}")]
    Core(#[from] ona_core::Error),
    /// A metric name that is not one of [`crate::Metric::ALL`].
    #[error("unknown metric {0:?} (expected degree, pagerank or betweenness)")]
    UnknownMetric(String),
    /// Encoding a record batch as Arrow IPC failed.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
