//! Running core calls: [`spawn`] for Promise-returning exports, [`run_sync`]
//! for the cheap synchronous ones, and [`RunContext`], the per-call context
//! (cancel token, deadline, seed, progress callback) the facade creates.
//!
//! Asynchronous calls run on the addon's own rayon pool ([`crate::pool`]),
//! not on libuv's: a long betweenness must not occupy one of the four libuv
//! threads that `fs` and `dns` share. The promise settles on the JS thread
//! through napi's threadsafe-function machinery ([`napi::JsDeferred`]). A
//! panic anywhere in the job, or while converting its result, rejects the
//! promise with `ONA_INTERNAL`; nothing unwinds into rayon or Node.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Duration;

use napi::bindgen_prelude::{Env, Function, Object, ToNapiValue};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use ona_core::{CancelToken, Exec};

use crate::error::{self, Result};
use crate::pool;

/// One progress report, as the `onProgress` callback receives it.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct Progress {
    /// What is being computed (`"betweenness"`, `"pagerank"`, ...).
    pub phase: String,
    /// Units done so far.
    pub done: f64,
    /// Units in all.
    pub total: f64,
}

/// Non-blocking, unreferenced (it never keeps Node alive), errors not passed
/// to the callee.
type ProgressFn = ThreadsafeFunction<Progress, (), Progress, napi::Status, false, true>;

/// The context of one call: its cancel token, deadline, seed and progress sink.
#[napi]
pub struct RunContext {
    token: CancelToken,
    timeout: Option<Duration>,
    seed: u64,
    progress: Option<Arc<ProgressFn>>,
}

impl std::fmt::Debug for RunContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunContext")
            .field("cancelled", &self.token.is_cancelled())
            .field("timeout", &self.timeout)
            .field("seed", &self.seed)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

#[napi]
impl RunContext {
    /// `timeoutMs`: fail with `ONA_DEADLINE_EXCEEDED` this long after the call
    /// starts; `seed`: for randomized algorithms (default 0); `onProgress`:
    /// called on the JS thread, at most every 100 ms and once at the end.
    #[napi(constructor, catch_unwind)]
    pub fn new(
        timeout_ms: Option<f64>,
        seed: Option<f64>,
        on_progress: Option<Function<'_, Progress, ()>>,
    ) -> Result<Self> {
        let timeout = timeout_ms.map(crate::convert::duration_ms).transpose()?;
        let seed = seed
            .map(|s| crate::convert::whole("seed", s))
            .transpose()?
            .unwrap_or(0);
        let progress = match on_progress {
            None => None,
            Some(f) => Some(Arc::new(
                f.build_threadsafe_function::<Progress>()
                    .callee_handled::<false>()
                    .weak::<true>()
                    .build()
                    .map_err(error::napi)?,
            )),
        };
        Ok(Self {
            token: CancelToken::new(),
            timeout,
            seed,
            progress,
        })
    }

    /// Ask the running computation to stop (it rejects with `ONA_CANCELLED`).
    #[napi(catch_unwind)]
    pub fn cancel(&self) {
        self.token.cancel();
    }

    /// Whether [`RunContext::cancel`] was called.
    #[napi(getter, catch_unwind)]
    pub fn cancelled(&self) -> bool {
        self.token.is_cancelled()
    }

    /// The core execution context for a call starting now.
    fn exec(&self, pool: Arc<rayon::ThreadPool>) -> Exec {
        let mut exec = Exec::with_pool(pool)
            .cancel_token(self.token.clone())
            .seed(self.seed);
        if let Some(t) = self.timeout {
            exec = exec.timeout(t);
        }
        if let Some(sink) = &self.progress {
            let sink = Arc::clone(sink);
            exec = exec.progress(Arc::new(move |p: ona_core::Progress| {
                // u64 counts as JS numbers: exact below 2^53, which any real count is.
                #[allow(clippy::cast_precision_loss)]
                let report = Progress {
                    phase: p.phase.to_owned(),
                    done: p.done as f64,
                    total: p.total as f64,
                };
                // Closing (the env is going away) is not an error worth reporting.
                let _ = sink.call(report, ThreadsafeFunctionCallMode::NonBlocking);
            }));
        }
        exec
    }
}

/// Run `job` on the addon's pool and return a Promise that resolves with
/// `to_js` of its value, or rejects with the error (its `code` kept).
pub fn spawn<'env, T, J>(
    env: &'env Env,
    ctx: &RunContext,
    job: impl FnOnce(&Exec) -> ona_core::Result<T> + Send + 'static,
    to_js: impl FnOnce(T) -> Result<J> + Send + 'static,
) -> Result<Object<'env>>
where
    T: Send + 'static,
    J: ToNapiValue + 'static,
{
    spawn_with_env(env, ctx, job, move |_, v| to_js(v))
}

/// [`spawn`], for a `to_js` that needs the environment (to create a graph handle).
pub fn spawn_with_env<'env, T, J>(
    env: &'env Env,
    ctx: &RunContext,
    job: impl FnOnce(&Exec) -> ona_core::Result<T> + Send + 'static,
    to_js: impl FnOnce(&Env, T) -> Result<J> + Send + 'static,
) -> Result<Object<'env>>
where
    T: Send + 'static,
    J: ToNapiValue + 'static,
{
    let pool = pool::pool().map_err(error::core)?;
    let exec = ctx.exec(Arc::clone(&pool));
    let (deferred, promise) = env.create_deferred().map_err(error::napi)?;
    pool.spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(|| job(&exec)))
            .map_err(error::panic)
            .and_then(|r| r.map_err(error::core));
        // Release the progress sink before the promise settles.
        drop(exec);
        deferred.resolve(move |env: Env| {
            let value = outcome.and_then(|v| {
                catch_unwind(AssertUnwindSafe(|| to_js(&env, v))).map_err(error::panic)?
            });
            value.map_err(|e| error::into_js(env, e))
        });
    });
    Ok(promise)
}

/// Run `job` now, on the calling (JS) thread; parallel sections still use the
/// addon's pool. For cheap calls only.
pub fn run_sync<T>(job: impl FnOnce(&Exec) -> ona_core::Result<T>) -> Result<T> {
    let exec = Exec::with_pool(pool::pool().map_err(error::core)?);
    catch_unwind(AssertUnwindSafe(|| job(&exec)))
        .map_err(error::panic)?
        .map_err(error::core)
}
