//! `ona`: organizational network analysis from the command line.
//!
//! Exit codes: 0 success, 2 usage or input error, 130 cancelled (Ctrl-C).

mod cmd;
mod error;
mod load;
mod metric;
mod output;
mod progress;
mod report;
mod store;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ona_core::CancelToken;

use crate::cmd::Ctx;
use crate::error::{EXIT_CANCELLED, EXIT_USAGE};

/// Organizational network analysis: per-person metrics from edge lists or
/// snapshots, snapshot import and table export, a synthetic-organisation
/// demo, and benchmarks by license tier.
#[derive(Debug, Parser)]
#[command(name = "ona", version, propagate_version = true)]
struct Cli {
    /// No progress bars or timing notes on stderr.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute per-node metrics of an edge list or a snapshot and write them as CSV or JSON.
    Metrics(cmd::metrics::MetricsArgs),
    /// Read an edge table (CSV, TSV, Parquet, Arrow IPC) into a checksummed snapshot file.
    Import(cmd::import::ImportArgs),
    /// Write a snapshot's per-node metrics and/or edge list as Parquet, Arrow IPC or CSV.
    Export(cmd::export::ExportArgs),
    /// Summarise an edge list: sizes, density, components, degrees, memory.
    Info(cmd::info::InfoArgs),
    /// Generate a synthetic organisation and report its brokers, connectors and structure.
    Demo(cmd::demo::DemoArgs),
    /// Time graph build and each centrality on synthetic organisations of each license tier.
    Bench(cmd::bench::BenchArgs),
    /// Write synthetic edge lists (R-MAT, organisation).
    Gen(cmd::r#gen::GenArgs),
    /// Write a self-contained HTML report: key people, group mixing, community map, risks, changes.
    Report(cmd::report::ReportArgs),
    /// Write the ONA metric pack (one row per person, one per group) as Parquet.
    Pack(cmd::pack::PackArgs),
    /// Produce deterministic edge events into a Kafka topic (feature `kafka`).
    #[cfg(feature = "kafka")]
    Produce(cmd::produce::ProduceArgs),
    /// Consume edge events in a consumer group into per-partition engines (feature `kafka`).
    #[cfg(feature = "kafka")]
    Worker(cmd::worker::WorkerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let token = CancelToken::new();
    let handler_token = token.clone();
    // A first Ctrl-C asks the computation to stop; a second one exits at once.
    let handler = ctrlc::set_handler(move || {
        if handler_token.is_cancelled() {
            std::process::exit(i32::from(EXIT_CANCELLED));
        }
        handler_token.cancel();
    });
    if let Err(e) = handler {
        eprintln!("ona: warning: Ctrl-C will not cancel cleanly: {e}");
    }
    let ctx = Ctx { token, bar: progress::Bar::new(!cli.quiet), quiet: cli.quiet };
    let result = match &cli.command {
        Command::Metrics(a) => cmd::metrics::run(a, &ctx),
        Command::Import(a) => cmd::import::run(a, &ctx),
        Command::Export(a) => cmd::export::run(a, &ctx),
        Command::Info(a) => cmd::info::run(a, &ctx),
        Command::Demo(a) => cmd::demo::run(a, &ctx),
        Command::Bench(a) => cmd::bench::run(a, &ctx),
        Command::Gen(a) => cmd::r#gen::run(a, &ctx),
        Command::Report(a) => cmd::report::run(a, &ctx),
        Command::Pack(a) => cmd::pack::run(a, &ctx),
        #[cfg(feature = "kafka")]
        Command::Produce(a) => cmd::produce::run(a, &ctx),
        #[cfg(feature = "kafka")]
        Command::Worker(a) => cmd::worker::run(a, &ctx),
    };
    ctx.bar.clear();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_cancelled() => {
            eprintln!("cancelled");
            ExitCode::from(EXIT_CANCELLED)
        }
        Err(e) => {
            eprintln!("ona: error: {e}");
            ExitCode::from(e.exit_code().max(EXIT_USAGE))
        }
    }
}
