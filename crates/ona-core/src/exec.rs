//! The execution context every algorithm takes: which threads, when to stop,
//! whom to tell about progress, and the seed for anything random.
//!
//! Library code never touches rayon's global pool: every parallel section runs
//! inside [`Exec::install`], on the pool the caller chose (or on ona's own
//! lazily-built shared pool for [`Exec::default`]).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::ThreadPool;

use crate::error::{Error, Result};

/// A cooperative cancellation flag, cheap to clone and to poll.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token that has not fired.
    pub fn new() -> Self {
        Self::default()
    }
    /// Ask every computation holding this token to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// One progress report: `done` of `total` units of `phase`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// What is being computed ("betweenness", "pagerank", ...).
    pub phase: &'static str,
    /// Units finished so far.
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

/// A progress sink. Called from worker threads, at most every
/// [`Exec::PROGRESS_INTERVAL`] and once at completion.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// Where and how an algorithm runs.
#[derive(Clone)]
pub struct Exec {
    pool: Arc<ThreadPool>,
    cancel: CancelToken,
    deadline: Option<Instant>,
    progress: Option<ProgressFn>,
    seed: u64,
}

impl std::fmt::Debug for Exec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exec")
            .field("threads", &self.threads())
            .field("cancelled", &self.cancel.is_cancelled())
            .field("deadline", &self.deadline)
            .field("progress", &self.progress.is_some())
            .field("seed", &self.seed)
            .finish()
    }
}

fn build_pool(threads: usize) -> Result<ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("ona-worker-{i}"))
        .build()
        .map_err(|e| Error::ThreadPool { threads, reason: e.to_string() })
}

impl Default for Exec {
    /// Runs on ona's shared pool, one thread per available core, built on first
    /// use. Seed 0, no deadline, no progress sink.
    fn default() -> Self {
        static SHARED: OnceLock<Arc<ThreadPool>> = OnceLock::new();
        let pool = SHARED
            .get_or_init(|| {
                let n = std::thread::available_parallelism().map_or(1, |n| n.get());
                // Fall back to a single thread if the OS refuses `n`.
                // If the OS refuses `n` threads, one still gives a working pool.
                let pool = build_pool(n).or_else(|_| build_pool(1));
                Arc::new(pool.unwrap_or_else(|e| panic!("ona: no thread pool at all: {e}")))
            })
            .clone();
        Self::with_pool(pool)
    }
}

impl Exec {
    /// How often, at most, the progress sink is called.
    pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

    /// A context with a private pool of `threads` threads (`0` = one per core).
    pub fn with_threads(threads: usize) -> Result<Self> {
        let n = if threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            threads
        };
        Ok(Self::with_pool(Arc::new(build_pool(n)?)))
    }

    /// A single-threaded context.
    pub fn sequential() -> Result<Self> {
        Self::with_threads(1)
    }

    /// A context on the caller's pool.
    pub fn with_pool(pool: Arc<ThreadPool>) -> Self {
        Self { pool, cancel: CancelToken::new(), deadline: None, progress: None, seed: 0 }
    }

    /// Use this cancellation token.
    #[must_use]
    pub fn cancel_token(mut self, token: CancelToken) -> Self {
        self.cancel = token;
        self
    }

    /// Stop with [`Error::DeadlineExceeded`] once `deadline` has passed.
    #[must_use]
    pub fn deadline(mut self, deadline: Instant) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Shorthand for a deadline `timeout` from now.
    #[must_use]
    pub fn timeout(self, timeout: Duration) -> Self {
        let at = Instant::now().checked_add(timeout);
        match at {
            Some(at) => self.deadline(at),
            None => self,
        }
    }

    /// Send progress reports to `sink`.
    #[must_use]
    pub fn progress(mut self, sink: ProgressFn) -> Self {
        self.progress = Some(sink);
        self
    }

    /// Seed for randomized algorithms. Results depend on the seed only, never
    /// on the thread count.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The seed.
    pub fn seed_value(&self) -> u64 {
        self.seed
    }

    /// The cancellation token (clone it to cancel from elsewhere).
    pub fn token(&self) -> &CancelToken {
        &self.cancel
    }

    /// Threads in the pool.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Run `f` on this context's pool; rayon calls inside use that pool.
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    /// `Err` if cancelled or past the deadline.
    #[inline]
    pub fn check(&self) -> Result<()> {
        if self.cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        if let Some(d) = self.deadline {
            if Instant::now() >= d {
                return Err(Error::DeadlineExceeded);
            }
        }
        Ok(())
    }

    /// A deterministic random generator for logical stream `stream` (e.g. a
    /// sample index). The same (seed, stream) gives the same numbers on any
    /// thread, so results do not depend on scheduling.
    pub fn rng(&self, stream: u64) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(stream);
        rng
    }

    /// Start tracking `total` units of `phase`.
    pub fn tracker(&self, phase: &'static str, total: u64) -> Tracker<'_> {
        Tracker { exec: self, phase, total, done: AtomicU64::new(0), start: Instant::now(), last: AtomicU64::new(0) }
    }
}

/// Counts finished work, polls cancellation, and throttles progress reports.
#[derive(Debug)]
pub struct Tracker<'a> {
    exec: &'a Exec,
    phase: &'static str,
    total: u64,
    done: AtomicU64,
    start: Instant,
    /// Milliseconds since `start` of the last report.
    last: AtomicU64,
}

impl Tracker<'_> {
    /// Record `n` more units done; `Err` if the computation must stop.
    #[inline]
    pub fn advance(&self, n: u64) -> Result<()> {
        let done = self.done.fetch_add(n, Ordering::Relaxed).saturating_add(n);
        self.exec.check()?;
        if let Some(sink) = &self.exec.progress {
            let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
            let last = self.last.load(Ordering::Relaxed);
            let interval = u64::try_from(Exec::PROGRESS_INTERVAL.as_millis()).unwrap_or(u64::MAX);
            let due = now.saturating_sub(last) >= interval;
            if (due || done >= self.total)
                && self.last.compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed).is_ok()
            {
                sink(Progress { phase: self.phase, done: done.min(self.total), total: self.total });
            }
        }
        Ok(())
    }

    /// Units finished so far.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn cancel_and_deadline_stop_checks() {
        let exec = Exec::sequential().unwrap();
        assert!(exec.check().is_ok());
        exec.token().cancel();
        assert_eq!(exec.check(), Err(Error::Cancelled));
        let exec = Exec::sequential().unwrap().deadline(Instant::now());
        assert_eq!(exec.check(), Err(Error::DeadlineExceeded));
    }

    #[test]
    fn tracker_reports_completion() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let exec = Exec::sequential().unwrap().progress(Arc::new(move |p| s.lock().unwrap().push(p)));
        let t = exec.tracker("x", 10);
        for _ in 0..10 {
            t.advance(1).unwrap();
        }
        let seen = seen.lock().unwrap();
        assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((10, 10)));
    }

    #[test]
    fn rng_streams_are_deterministic() {
        use rand::Rng;
        let exec = Exec::sequential().unwrap().seed(7);
        let a: u64 = exec.rng(3).random();
        let b: u64 = exec.rng(3).random();
        let c: u64 = exec.rng(4).random();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
