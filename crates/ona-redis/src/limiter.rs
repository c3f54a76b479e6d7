//! The per-tier sliding-window rate limiter (the seed's: Demo 10/min, Basic
//! 100/min, Professional 1,000/min, Enterprise unlimited).
//!
//! Each tenant has a sorted set `ona:rl:{tenant}` in Redis whose members are
//! the admitted requests, scored by their time in milliseconds. One Lua
//! script (atomic on the server) drops members at or before `now − window`,
//! counts the rest, and admits the request — adding it — when fewer than the
//! limit remain. A request admitted at `t` counts against every request in
//! `[t, t + window)`.
//!
//! **When Redis is down** (error, timeout, open breaker) the limiter falls
//! back to the same sliding window kept in this process ([`Fallback::Local`],
//! the default). We chose local limits over failing open (a Redis outage
//! would lift every limit, and the limits protect the compute that the cache
//! outage already makes busier) and over failing closed (our outage would
//! refuse paying tenants). The cost: during an outage each process enforces
//! the limit alone, so N processes admit up to N × the limit, and requests
//! admitted locally are not in Redis once it is back. [`Fallback::Open`]
//! admits everything instead.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ona_engine::Tier;
use redis::Script;

use crate::error::Result;
use crate::key::check_name;
use crate::link::{LinkConfig, RedisLink};

/// The sliding-window script. KEYS[1] the tenant's set; ARGV: now in ms
/// (empty: use Redis `TIME`), window in ms, limit, a unique member. Returns
/// `{admitted 0/1, remaining, retry after ms, now ms}`.
const SCRIPT: &str = r"
local now = tonumber(ARGV[1])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local n = redis.call('ZCARD', KEYS[1])
if n < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, limit - n - 1, 0, now}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, 0, tonumber(oldest[2]) + window - now, now}
";

/// A source of wall-clock milliseconds.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Milliseconds since the Unix epoch (or any fixed origin shared by all
    /// processes using the same Redis).
    fn now_ms(&self) -> u64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)).unwrap_or(0)
    }
}

/// A clock that moves only when told to (tests, simulations).
#[derive(Debug, Default)]
pub struct ManualClock(AtomicU64);

impl ManualClock {
    /// A clock reading `ms`.
    pub fn new(ms: u64) -> Self {
        Self(AtomicU64::new(ms))
    }
    /// Set the time.
    pub fn set(&self, ms: u64) {
        self.0.store(ms, Ordering::SeqCst);
    }
    /// Move the time forward by `ms`.
    pub fn advance(&self, ms: u64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Whose clock scores the requests.
#[derive(Debug, Clone)]
pub enum TimeSource {
    /// The given clock (default: [`SystemClock`]); every process sharing the
    /// Redis must have synchronised clocks.
    Clock(Arc<dyn Clock>),
    /// Redis' `TIME`, read inside the script: one clock for all processes.
    /// The local fallback then uses [`SystemClock`].
    RedisTime,
}

/// What to do when Redis cannot decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fallback {
    /// Enforce the same limits in this process (default; see the module docs).
    #[default]
    Local,
    /// Admit every request.
    Open,
}

/// Limiter settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LimiterConfig {
    /// Window length (default 60 s; millisecond resolution).
    pub window: Duration,
    /// Requests per window for Demo, Basic, Professional, Enterprise (in
    /// [`Tier::ALL`] order); `None` is unlimited. Default 10, 100, 1,000, unlimited.
    pub limits: [Option<u64>; 4],
    /// Behaviour while Redis is unavailable.
    pub fallback: Fallback,
    /// The clock.
    pub time: TimeSource,
    /// Connection, timeout and breaker settings.
    pub link: LinkConfig,
}

impl Default for LimiterConfig {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            limits: [Some(10), Some(100), Some(1_000), None],
            fallback: Fallback::Local,
            time: TimeSource::Clock(Arc::new(SystemClock)),
            link: LinkConfig::default(),
        }
    }
}

impl LimiterConfig {
    /// Set [`LimiterConfig::window`].
    pub fn window(mut self, w: Duration) -> Self {
        self.window = w;
        self
    }
    /// Set the limit of one tier.
    pub fn limit(mut self, tier: Tier, per_window: Option<u64>) -> Self {
        self.limits[tier_index(tier)] = per_window;
        self
    }
    /// Set [`LimiterConfig::fallback`].
    pub fn fallback(mut self, f: Fallback) -> Self {
        self.fallback = f;
        self
    }
    /// Set [`LimiterConfig::time`].
    pub fn time(mut self, t: TimeSource) -> Self {
        self.time = t;
        self
    }
    /// Set [`LimiterConfig::link`].
    pub fn link(mut self, l: LinkConfig) -> Self {
        self.link = l;
        self
    }
}

fn tier_index(tier: Tier) -> usize {
    Tier::ALL.iter().position(|t| *t == tier).unwrap_or(Tier::ALL.len() - 1)
}

/// Who decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecidedBy {
    /// The tier has no limit; nothing was counted.
    Unlimited,
    /// The Redis script.
    Redis,
    /// The in-process window (Redis unavailable, [`Fallback::Local`]).
    Local,
    /// Admitted without counting (Redis unavailable, [`Fallback::Open`]).
    FailOpen,
}

/// The answer for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// May the request proceed?
    pub allowed: bool,
    /// The tier's limit per window (`None`: unlimited).
    pub limit: Option<u64>,
    /// Requests left in the current window after this one.
    pub remaining: u64,
    /// When refused: how long until a slot frees up.
    pub retry_after: Duration,
    /// Who decided.
    pub decided_by: DecidedBy,
}

/// Counters since the limiter was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct LimiterStats {
    /// Requests admitted.
    pub allowed: u64,
    /// Requests refused.
    pub denied: u64,
    /// Decisions made by Redis.
    pub redis: u64,
    /// Decisions made locally or fail-open because Redis was unavailable.
    pub fallback: u64,
}

/// The limiter. Thread-safe.
#[derive(Debug)]
pub struct RateLimiter {
    link: RedisLink,
    cfg: LimiterConfig,
    script: Script,
    instance: u64,
    seq: AtomicU64,
    local: Mutex<HashMap<String, VecDeque<u64>>>,
    allowed: AtomicU64,
    denied: AtomicU64,
    redis: AtomicU64,
    fallback: AtomicU64,
}

impl RateLimiter {
    /// A limiter using the Redis server at `url`. Does not connect.
    ///
    /// Errors: [`crate::Error::Redis`] when the URL does not parse.
    pub fn new(url: &str, cfg: LimiterConfig) -> Result<Self> {
        let instance = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        Ok(Self {
            link: RedisLink::new(url, cfg.link)?,
            cfg,
            script: Script::new(SCRIPT),
            instance: (u64::from(std::process::id()) << 32) | u64::from(instance),
            seq: AtomicU64::new(0),
            local: Mutex::new(HashMap::new()),
            allowed: AtomicU64::new(0),
            denied: AtomicU64::new(0),
            redis: AtomicU64::new(0),
            fallback: AtomicU64::new(0),
        })
    }

    /// The link (its breaker's state and counters).
    pub fn link(&self) -> &RedisLink {
        &self.link
    }

    /// Counters.
    pub fn stats(&self) -> LimiterStats {
        let l = |a: &AtomicU64| a.load(Ordering::Relaxed);
        LimiterStats { allowed: l(&self.allowed), denied: l(&self.denied), redis: l(&self.redis), fallback: l(&self.fallback) }
    }

    /// The Redis key of `tenant`'s window: `ona:rl:{tenant}`.
    pub fn key(tenant: &str) -> String {
        format!("ona:rl:{{{tenant}}}")
    }

    /// Count one request of `tenant` on `tier` and say whether it may
    /// proceed. One script call (O(log n) in the window's size) or, while
    /// Redis is unavailable, the in-process window. Redis trouble is never
    /// returned.
    ///
    /// Errors: [`crate::Error::InvalidKey`] for an unusable tenant name.
    pub fn check(&self, tenant: &str, tier: Tier) -> Result<Decision> {
        check_name("tenant", tenant)?;
        let Some(limit) = self.cfg.limits[tier_index(tier)] else {
            return Ok(Decision {
                allowed: true,
                limit: None,
                remaining: u64::MAX,
                retry_after: Duration::ZERO,
                decided_by: DecidedBy::Unlimited,
            });
        };
        let window_ms = u64::try_from(self.cfg.window.as_millis()).unwrap_or(u64::MAX).max(1);
        let now = match &self.cfg.time {
            TimeSource::Clock(c) => Some(c.now_ms()),
            TimeSource::RedisTime => None,
        };
        let d = if limit == 0 {
            Decision { allowed: false, limit: Some(0), remaining: 0, retry_after: self.cfg.window, decided_by: DecidedBy::Redis }
        } else {
            let member = format!("{:x}-{}", self.instance, self.seq.fetch_add(1, Ordering::Relaxed));
            let key = Self::key(tenant);
            let got = self.link.call(|c| {
                self.script.key(&key).arg(now.map(|n| n.to_string()).unwrap_or_default()).arg(window_ms).arg(limit).arg(&member).invoke::<(
                    u64,
                    u64,
                    i64,
                    u64,
                )>(
                    c
                )
            });
            match got {
                Ok((admitted, remaining, retry, _)) => {
                    self.redis.fetch_add(1, Ordering::Relaxed);
                    Decision {
                        allowed: admitted == 1,
                        limit: Some(limit),
                        remaining,
                        retry_after: Duration::from_millis(u64::try_from(retry).unwrap_or(0)),
                        decided_by: DecidedBy::Redis,
                    }
                }
                Err(_) => {
                    self.fallback.fetch_add(1, Ordering::Relaxed);
                    match self.cfg.fallback {
                        Fallback::Open => Decision {
                            allowed: true,
                            limit: Some(limit),
                            remaining: limit,
                            retry_after: Duration::ZERO,
                            decided_by: DecidedBy::FailOpen,
                        },
                        Fallback::Local => self.local_check(tenant, now.unwrap_or_else(|| SystemClock.now_ms()), window_ms, limit),
                    }
                }
            }
        };
        if d.allowed {
            self.allowed.fetch_add(1, Ordering::Relaxed);
        } else {
            self.denied.fetch_add(1, Ordering::Relaxed);
        }
        Ok(d)
    }

    /// The same window as the script, in this process. O(1) amortised.
    fn local_check(&self, tenant: &str, now: u64, window_ms: u64, limit: u64) -> Decision {
        let mut map = self.local.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let log = map.entry(tenant.to_owned()).or_default();
        while log.front().is_some_and(|&t| t.saturating_add(window_ms) <= now) {
            log.pop_front();
        }
        let n = u64::try_from(log.len()).unwrap_or(u64::MAX);
        if n < limit {
            log.push_back(now);
            Decision {
                allowed: true,
                limit: Some(limit),
                remaining: limit - n - 1,
                retry_after: Duration::ZERO,
                decided_by: DecidedBy::Local,
            }
        } else {
            let oldest = log.front().copied().unwrap_or(now);
            Decision {
                allowed: false,
                limit: Some(limit),
                remaining: 0,
                retry_after: Duration::from_millis((oldest + window_ms).saturating_sub(now)),
                decided_by: DecidedBy::Local,
            }
        }
    }
}
