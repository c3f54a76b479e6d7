//! One module per subcommand, plus what they share: the execution context
//! (threads, seed, Ctrl-C, progress) built from the command line.

pub mod bench;
pub mod demo;
pub mod export;
pub mod r#gen;
pub mod import;
pub mod info;
pub mod metrics;
pub mod pack;
pub mod report;
#[cfg(feature = "kafka")]
pub mod produce;
#[cfg(feature = "kafka")]
pub mod worker;

use clap::Args;
use ona_core::{CancelToken, Exec};

use crate::error::{Context, Result};
use crate::progress::Bar;

/// Parallelism and randomness options shared by every command.
#[derive(Debug, Clone, Args)]
pub struct ExecArgs {
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Seed for generators and sampled estimators.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
}

/// What every command runs with: the Ctrl-C token and the progress bar.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Fired by Ctrl-C.
    pub token: CancelToken,
    /// Progress bars on stderr.
    pub bar: Bar,
    /// Suppress progress and timing chatter on stderr.
    pub quiet: bool,
}

impl Ctx {
    /// An `Exec` with the command's threads and seed, the Ctrl-C token and
    /// the progress bar.
    pub fn exec(&self, args: &ExecArgs) -> Result<Exec> {
        let exec = Exec::with_threads(args.threads.unwrap_or(0)).context("starting worker threads")?;
        Ok(exec.seed(args.seed).cancel_token(self.token.clone()).progress(self.bar.sink()))
    }

    /// Print a status line on stderr unless quiet.
    pub fn note(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            self.bar.clear();
            eprintln!("{msg}");
        }
    }
}
