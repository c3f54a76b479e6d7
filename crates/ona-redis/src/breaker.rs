//! A circuit breaker in front of Redis.
//!
//! Closed: every call goes to Redis; `failure_threshold` consecutive failures
//! open it. Open: no call goes to Redis until `cool_down` has passed; then the
//! next caller becomes the single half-open probe (others keep bypassing
//! Redis). The probe's success closes the breaker; its failure opens it again
//! for another `cool_down`. All methods are O(1), lock-free reads aside from a
//! short mutex on state changes; safe to share between threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Breaker settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker (default 3; 0 is read as 1).
    pub failure_threshold: u32,
    /// How long the breaker stays open before a half-open probe (default 1 s).
    pub cool_down: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self { failure_threshold: 3, cool_down: Duration::from_secs(1) }
    }
}

impl BreakerConfig {
    /// Set [`BreakerConfig::failure_threshold`].
    pub fn failure_threshold(mut self, n: u32) -> Self {
        self.failure_threshold = n;
        self
    }
    /// Set [`BreakerConfig::cool_down`].
    pub fn cool_down(mut self, d: Duration) -> Self {
        self.cool_down = d;
        self
    }
}

/// Where the breaker stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreakerState {
    /// Calls go to Redis.
    Closed,
    /// Calls bypass Redis until the cool-down ends.
    Open,
    /// One probe call is in flight; others bypass Redis.
    HalfOpen,
}

/// Counters since the breaker was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct BreakerStats {
    /// Calls that reached Redis and succeeded.
    pub successes: u64,
    /// Calls that reached Redis and failed (error or timeout).
    pub failures: u64,
    /// Calls not sent to Redis because the breaker was open or a probe was in flight.
    pub rejected: u64,
    /// Transitions to open (from closed or from a failed probe).
    pub opened: u64,
    /// Half-open probes started.
    pub probes: u64,
    /// Transitions to closed after a successful probe.
    pub closed: u64,
}

#[derive(Debug)]
struct Inner {
    state: BreakerState,
    consecutive: u32,
    open_until: Instant,
}

/// The breaker. See the module docs for the state machine.
///
/// ```
/// use std::time::Duration;
/// use ona_redis::{BreakerConfig, BreakerState, CircuitBreaker};
/// let b = CircuitBreaker::new(BreakerConfig::default().failure_threshold(2).cool_down(Duration::from_millis(5)));
/// assert!(b.try_acquire());
/// b.record_failure();
/// b.record_failure();
/// assert_eq!(b.state(), BreakerState::Open);
/// assert!(!b.try_acquire());
/// std::thread::sleep(Duration::from_millis(10));
/// assert!(b.try_acquire()); // the probe
/// assert_eq!(b.state(), BreakerState::HalfOpen);
/// b.record_success();
/// assert_eq!(b.state(), BreakerState::Closed);
/// ```
#[derive(Debug)]
pub struct CircuitBreaker {
    cfg: BreakerConfig,
    inner: Mutex<Inner>,
    successes: AtomicU64,
    failures: AtomicU64,
    rejected: AtomicU64,
    opened: AtomicU64,
    probes: AtomicU64,
    closed: AtomicU64,
}

impl CircuitBreaker {
    /// A closed breaker.
    pub fn new(cfg: BreakerConfig) -> Self {
        Self {
            cfg,
            inner: Mutex::new(Inner { state: BreakerState::Closed, consecutive: 0, open_until: Instant::now() }),
            successes: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            opened: AtomicU64::new(0),
            probes: AtomicU64::new(0),
            closed: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave `Inner` inconsistent
        // (every update is a plain field store), so a poisoned lock is used as is.
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// May this call go to Redis? `false` counts as rejected. When `true`,
    /// the caller must report the outcome with [`record_success`](Self::record_success)
    /// or [`record_failure`](Self::record_failure).
    pub fn try_acquire(&self) -> bool {
        let mut g = self.lock();
        let ok = match g.state {
            BreakerState::Closed => true,
            BreakerState::HalfOpen => false,
            BreakerState::Open => {
                if Instant::now() >= g.open_until {
                    g.state = BreakerState::HalfOpen;
                    self.probes.fetch_add(1, Ordering::Relaxed);
                    true
                } else {
                    false
                }
            }
        };
        if !ok {
            self.rejected.fetch_add(1, Ordering::Relaxed);
        }
        ok
    }

    /// The call reached Redis and succeeded.
    pub fn record_success(&self) {
        self.successes.fetch_add(1, Ordering::Relaxed);
        let mut g = self.lock();
        g.consecutive = 0;
        if g.state != BreakerState::Closed {
            g.state = BreakerState::Closed;
            self.closed.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The call failed (error, timeout, refused connection).
    pub fn record_failure(&self) {
        self.failures.fetch_add(1, Ordering::Relaxed);
        let mut g = self.lock();
        g.consecutive = g.consecutive.saturating_add(1);
        let open = match g.state {
            BreakerState::HalfOpen => true,
            BreakerState::Closed => g.consecutive >= self.cfg.failure_threshold.max(1),
            BreakerState::Open => false,
        };
        if open {
            g.state = BreakerState::Open;
            g.open_until = Instant::now() + self.cfg.cool_down;
            self.opened.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Current state (an open breaker whose cool-down has passed still reads
    /// `Open` until the next [`try_acquire`](Self::try_acquire)).
    pub fn state(&self) -> BreakerState {
        self.lock().state
    }

    /// Counters.
    pub fn stats(&self) -> BreakerStats {
        BreakerStats {
            successes: self.successes.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
            opened: self.opened.load(Ordering::Relaxed),
            probes: self.probes.load(Ordering::Relaxed),
            closed: self.closed.load(Ordering::Relaxed),
        }
    }
}
