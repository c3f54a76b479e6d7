//! Where computations run, and the one helper every heavy entry point goes
//! through ([`run`], the counterpart of polars' `enter_polars`).
//!
//! * **Pool**: one rayon pool per *process*, built on first use with
//!   `ONA_NUM_THREADS` threads (default: available cores). After `fork` (Celery
//!   prefork) the child sees a different pid and builds its own pool; the
//!   parent's pool is leaked there, never touched, since its threads do not
//!   exist in the child. rayon's global pool is never used.
//! * **[`run`]**: the work runs on a scoped thread that enters the pool; the
//!   calling thread releases the GIL and waits on a channel, re-attaching every
//!   [`POLL`] to run Python's signal handlers (`Ctrl-C`'s `KeyboardInterrupt`,
//!   Celery's `SoftTimeLimitExceeded`) and to forward progress. A Python
//!   exception from either fires the cancel token; the worker stops at its next
//!   check (≤ ~10 ms of work) and the *original* exception is re-raised.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{RecvTimeoutError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use ona_core::{CancelToken, Error, Exec, Progress};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::errors::{internal, invalid, raise, to_py};

/// How long the waiting thread sleeps between signal / progress checks.
const POLL: Duration = Duration::from_millis(20);

struct ProcessPool {
    pid: u32,
    exec: Exec,
}

static POOL: Mutex<Option<ProcessPool>> = Mutex::new(None);

/// Threads for a new pool: `ONA_NUM_THREADS` if set to a positive integer,
/// otherwise 0 (one per available core).
fn configured_threads() -> usize {
    std::env::var("ONA_NUM_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .unwrap_or(0)
}

/// This process's base execution context (pool only), built lazily.
pub(crate) fn base_exec(py: Python<'_>) -> PyResult<Exec> {
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(p) = slot.as_ref().filter(|p| p.pid == pid) {
        return Ok(p.exec.clone());
    }
    if let Some(stale) = slot.take() {
        // Inherited through fork: its worker threads live only in the parent.
        // Dropping it would signal threads that do not exist here.
        std::mem::forget(stale);
    }
    let exec = Exec::with_threads(configured_threads()).map_err(|e| to_py(py, &e))?;
    *slot = Some(ProcessPool {
        pid,
        exec: exec.clone(),
    });
    Ok(exec)
}

/// Replace this process's pool by one of `threads` threads (0 = one per core).
pub(crate) fn set_threads(py: Python<'_>, threads: usize) -> PyResult<()> {
    let exec = Exec::with_threads(threads).map_err(|e| to_py(py, &e))?;
    let mut slot = POOL.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(old) = slot.take().filter(|p| p.pid != std::process::id()) {
        std::mem::forget(old);
    }
    *slot = Some(ProcessPool {
        pid: std::process::id(),
        exec,
    });
    Ok(())
}

/// The per-call options every heavy entry point accepts.
#[derive(Default)]
pub(crate) struct CallOpts<'py> {
    /// A callable `(phase, done, total)` or a tqdm-like object.
    pub progress: Option<Bound<'py, PyAny>>,
    /// Seconds before `ona.Timeout`.
    pub timeout: Option<f64>,
    /// Seed for randomized algorithms.
    pub seed: Option<u64>,
}

impl<'py> CallOpts<'py> {
    pub(crate) fn new(progress: Option<Bound<'py, PyAny>>, timeout: Option<f64>) -> Self {
        Self {
            progress: progress.filter(|p| !p.is_none()),
            timeout,
            seed: None,
        }
    }
    #[must_use]
    pub(crate) fn seed(mut self, seed: Option<u64>) -> Self {
        self.seed = seed;
        self
    }
}

/// Forwards the latest progress report to a callable or a tqdm-like object.
struct Forwarder<'py> {
    target: Bound<'py, PyAny>,
    tqdm: bool,
    last: Option<(&'static str, u64)>,
}

impl<'py> Forwarder<'py> {
    fn new(target: Bound<'py, PyAny>) -> PyResult<Self> {
        let tqdm = target.hasattr("update")? && target.hasattr("total")?;
        if !tqdm && !target.is_callable() {
            return Err(invalid(
                target.py(),
                "progress must be a callable (phase, done, total) or a tqdm-like object",
            ));
        }
        Ok(Self {
            target,
            tqdm,
            last: None,
        })
    }

    fn send(&mut self, p: Progress) -> PyResult<()> {
        let (phase_before, done_before) = self.last.unwrap_or(("", 0));
        if self.last == Some((p.phase, p.done)) {
            return Ok(());
        }
        let new_phase = phase_before != p.phase || p.done < done_before;
        self.last = Some((p.phase, p.done));
        if !self.tqdm {
            self.target.call1((p.phase, p.done, p.total))?;
            return Ok(());
        }
        let t = &self.target;
        let mut base = done_before;
        if new_phase {
            base = 0;
            if done_before > 0 && t.hasattr("reset")? {
                t.call_method1("reset", PyTuple::new(t.py(), [p.total])?)?;
            } else {
                t.setattr("total", p.total)?;
            }
            let unnamed = t
                .getattr("desc")
                .ok()
                .and_then(|d| d.extract::<String>().ok())
                .is_none_or(|d| d.is_empty());
            if unnamed && t.hasattr("set_description_str")? {
                t.call_method1("set_description_str", (p.phase,))?;
            }
        } else if t.getattr("total")?.extract::<Option<u64>>().ok().flatten() != Some(p.total) {
            t.setattr("total", p.total)?;
        }
        t.call_method1("update", (p.done.saturating_sub(base),))?;
        Ok(())
    }
}

/// Run `work` on this process's pool with the GIL released, honouring
/// signals, `progress` and `timeout`; map its error to the `ona.errors` class.
///
/// `work` may borrow (numpy buffers, the graph): it runs on a scoped thread
/// that is always joined before this returns, also on cancellation.
pub(crate) fn run<T, F>(py: Python<'_>, opts: CallOpts<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Exec) -> ona_core::Result<T> + Send,
{
    let token = CancelToken::new();
    let mut exec = base_exec(py)?.cancel_token(token.clone());
    if let Some(t) = opts.timeout {
        let d = Duration::try_from_secs_f64(t).map_err(|_| {
            invalid(
                py,
                format!("timeout must be a non-negative number of seconds, got {t}"),
            )
        })?;
        exec = exec.timeout(d);
    }
    if let Some(seed) = opts.seed {
        exec = exec.seed(seed);
    }
    let latest: Arc<Mutex<Option<Progress>>> = Arc::new(Mutex::new(None));
    let mut forwarder = match opts.progress {
        Some(p) => {
            let sink = latest.clone();
            exec = exec.progress(Arc::new(move |p| {
                *sink.lock().unwrap_or_else(PoisonError::into_inner) = Some(p)
            }));
            Some(Forwarder::new(p)?)
        }
        None => None,
    };
    let take = || latest.lock().unwrap_or_else(PoisonError::into_inner).take();

    let (tx, rx) = sync_channel::<()>(1);
    // `detach` needs a `Send` closure; a `Receiver` is `Send` but not `Sync`.
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("ona-call".into())
            .spawn_scoped(scope, move || {
                let out = catch_unwind(AssertUnwindSafe(|| work(&exec)));
                // The receiver may be gone only if the caller panicked.
                tx.send(()).ok();
                out
            })
            .map_err(|e| {
                to_py(
                    py,
                    &Error::ThreadPool {
                        threads: 1,
                        reason: e.to_string(),
                    },
                )
            })?;

        // The first Python exception seen while waiting (signal handler or
        // progress callback); it wins over whatever the worker returns.
        let mut pending: Option<PyErr> = None;
        loop {
            let finished = py.detach(|| {
                let rx = rx.lock().unwrap_or_else(PoisonError::into_inner);
                !matches!(rx.recv_timeout(POLL), Err(RecvTimeoutError::Timeout))
            });
            if pending.is_none() {
                let mut step = || -> PyResult<()> {
                    py.check_signals()?;
                    if let (Some(f), Some(p)) = (forwarder.as_mut(), take()) {
                        f.send(p)?;
                    }
                    Ok(())
                };
                if let Err(e) = step() {
                    token.cancel();
                    pending = Some(e);
                }
            }
            if finished {
                break;
            }
        }
        let joined = py.detach(|| worker.join());
        if let Some(e) = pending {
            return Err(e);
        }
        match joined {
            Ok(Ok(Ok(v))) => {
                if let (Some(f), Some(p)) = (forwarder.as_mut(), take()) {
                    f.send(p)?;
                }
                Ok(v)
            }
            Ok(Ok(Err(e))) => Err(to_py(py, &e)),
            Ok(Err(payload)) | Err(payload) => Err(internal(py, payload.as_ref())),
        }
    })
}

/// [`run`] for a storage call: its core errors (cancellation, a refused
/// edge) map as in [`run`], the rest through [`crate::errors::store_to_py`].
pub(crate) fn run_store<T, F>(py: Python<'_>, opts: CallOpts<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Exec) -> ona_store::Result<T> + Send,
{
    let out = run(py, opts, |exec| match work(exec) {
        Ok(v) => Ok(Ok(v)),
        Err(ona_store::Error::Graph(e)) => Err(e),
        Err(e) => Ok(Err(e)),
    })?;
    out.map_err(|e| crate::errors::store_to_py(py, &e))
}

/// [`run`] for an engine call: its core errors (cancellation, a refused
/// parameter) map as in [`run`], the rest through
/// [`crate::errors::engine_to_py`]. The engine computes on its own pools;
/// `exec.token()` is the cancel token to hand it (Ctrl-C, Celery limits).
pub(crate) fn run_engine<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce(&Exec) -> ona_engine::Result<T> + Send,
{
    let out = run(py, CallOpts::default(), |exec| match work(exec) {
        Ok(v) => Ok(Ok(v)),
        Err(ona_engine::Error::Core(e)) => Err(e),
        Err(e) => Ok(Err(e)),
    })?;
    out.map_err(|e| crate::errors::engine_to_py(py, &e))
}

/// Run `work` (a long-running service loop that watches `stop`, such as a
/// Kafka worker) on a scoped thread with the GIL released. The calling
/// thread wakes every [`POLL`] to run Python's signal handlers: a Python
/// exception there (Ctrl-C, a Celery time limit) sets `stop`, waits for
/// `work` to wind down (it checkpoints first) and is re-raised as it is.
/// After `max` (if given) `stop` is set too, and `work`'s result returned.
/// A panic in `work` is `ona.InternalError`.
pub(crate) fn run_stoppable<T, F>(
    py: Python<'_>,
    stop: &std::sync::atomic::AtomicBool,
    max: Option<Duration>,
    work: F,
) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> T + Send,
{
    let (tx, rx) = sync_channel::<()>(1);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("ona-service".into())
            .spawn_scoped(scope, move || {
                let out = catch_unwind(AssertUnwindSafe(work));
                tx.send(()).ok();
                out
            })
            .map_err(|e| {
                to_py(
                    py,
                    &Error::ThreadPool {
                        threads: 1,
                        reason: e.to_string(),
                    },
                )
            })?;
        let mut pending: Option<PyErr> = None;
        let start = std::time::Instant::now();
        loop {
            let finished = py.detach(|| {
                let rx = rx.lock().unwrap_or_else(PoisonError::into_inner);
                !matches!(rx.recv_timeout(POLL), Err(RecvTimeoutError::Timeout))
            });
            if pending.is_none()
                && let Err(e) = py.check_signals()
            {
                stop.store(true, std::sync::atomic::Ordering::Release);
                pending = Some(e);
            }
            if max.is_some_and(|m| start.elapsed() >= m) {
                stop.store(true, std::sync::atomic::Ordering::Release);
            }
            if finished {
                break;
            }
        }
        let joined = py.detach(|| worker.join());
        if let Some(e) = pending {
            return Err(e);
        }
        match joined {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(payload)) | Err(payload) => Err(internal(py, payload.as_ref())),
        }
    })
}

/// Fail with `ona.InternalError` on purpose, on the calling thread
/// (`"caller"`) or on a pool thread (`"worker"`): the panic-injection
/// failpoint of the test suite.
pub(crate) fn test_panic(py: Python<'_>, place: &str) -> PyResult<()> {
    match place {
        "caller" => panic!("injected panic on the calling thread"),
        "worker" => run(py, CallOpts::default(), |exec| {
            exec.install(|| rayon::join(|| (), || panic!("injected panic on a pool thread")));
            Ok(())
        }),
        other => Err(raise(
            py,
            "InvalidParameter",
            ona_core::ErrorKind::InvalidParameter.code(),
            format!("unknown place {other:?}"),
        )),
    }
}
