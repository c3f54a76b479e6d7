//! The addon's thread pool: one per process, built on first use, never
//! rayon's global pool. `ONA_NUM_THREADS` (a positive integer) sets its size;
//! otherwise one thread per available core. Node never forks a process that
//! has started threads, so no after-fork rebuild is needed (unlike Python).

use std::sync::{Arc, OnceLock};

use ona_core::Error;
use rayon::ThreadPool;

/// The variable that sets the pool size.
pub const THREADS_VAR: &str = "ONA_NUM_THREADS";

static POOL: OnceLock<Result<Arc<ThreadPool>, Error>> = OnceLock::new();

/// The shared pool, or why it could not be built (a bad `ONA_NUM_THREADS`,
/// or the OS refusing threads); the answer is the same for the process's life.
pub fn pool() -> Result<Arc<ThreadPool>, Error> {
    POOL.get_or_init(build).clone()
}

fn build() -> Result<Arc<ThreadPool>, Error> {
    let threads = threads()?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("ona-node-{i}"))
        .build()
        .map(Arc::new)
        .map_err(|e| Error::ThreadPool {
            threads,
            reason: e.to_string(),
        })
}

fn threads() -> Result<usize, Error> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    match std::env::var(THREADS_VAR) {
        Err(std::env::VarError::NotPresent) => Ok(cores),
        Ok(s) if s.trim().is_empty() => Ok(cores),
        Ok(s) => match s.trim().parse::<usize>() {
            Ok(n) if (1..=4096).contains(&n) => Ok(n),
            _ => Err(Error::invalid_param(
                THREADS_VAR,
                s,
                "a thread count from 1 to 4096",
            )),
        },
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::invalid_param(
            THREADS_VAR,
            "(not unicode)",
            "a thread count from 1 to 4096",
        )),
    }
}
