//! `ona worker`: one process of the scale-out. Joins a consumer group,
//! owns the engines of its assigned partitions in a shared snapshot
//! directory, applies their events and checkpoints (see `ona_kafka`).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Args;
use ona_kafka::{DirStore, Model, RunUntil, Worker, WorkerConfig};

use super::Ctx;
use super::produce::kafka_error;
use crate::error::Result;

/// Arguments of `ona worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// Bootstrap brokers (`host:port,...`).
    #[arg(long = "kafka")]
    pub brokers: String,
    /// Events topic (dead letters go to `<topic>.dlq`).
    #[arg(long)]
    pub topic: String,
    /// Consumer group.
    #[arg(long)]
    pub group: String,
    /// Snapshot directory shared by the group's workers.
    #[arg(long, value_name = "DIR")]
    pub snapshots: PathBuf,
    /// Redis URL of the result cache (used once the Redis adapter is wired in).
    #[arg(long, value_name = "URL")]
    pub redis: Option<String>,
    /// Checkpoint at least this often, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub snapshot_ms: u64,
    /// Stop after this many milliseconds without a message (default: run until Ctrl-C).
    #[arg(long, value_name = "MS")]
    pub idle_exit_ms: Option<u64>,
    /// Print the digest of the graphs held in the snapshot directory on exit
    /// (compare it with `ona produce`'s model digest).
    #[arg(long)]
    pub digest: bool,
}

/// Run `ona worker` until Ctrl-C (or `--idle-exit-ms`).
pub fn run(args: &WorkerArgs, ctx: &Ctx) -> Result<()> {
    if args.redis.is_some() {
        ctx.note("ona worker: --redis is accepted but the result cache is not wired in yet");
    }
    let cfg = WorkerConfig::new(&args.brokers, &args.topic, &args.group).snapshot_every(200_000, Duration::from_millis(args.snapshot_ms));
    let store = DirStore::new(&args.snapshots);
    let mut worker = Worker::new(cfg, Arc::new(store)).map_err(|e| kafka_error(&args.brokers, e))?;
    let stop = Arc::new(AtomicBool::new(false));
    let (flag, token) = (Arc::clone(&stop), ctx.token.clone());
    std::thread::spawn(move || {
        while !token.is_cancelled() {
            std::thread::sleep(Duration::from_millis(50));
        }
        flag.store(true, Ordering::Release);
    });
    let until = RunUntil { stop: Some(stop), idle: args.idle_exit_ms.map(Duration::from_millis) };
    let stats = worker.run(&until).map_err(|e| kafka_error(&args.brokers, e))?;
    let busy = worker.busy_time().unwrap_or_default().as_secs_f64();
    drop(worker);
    println!("messages        {}", stats.messages);
    println!("applied         {}", stats.applied);
    println!("skipped         {}", stats.skipped);
    println!("dead letters    {}", stats.dead_letters);
    println!("checkpoints     {}", stats.checkpoints);
    if busy > 0.0 {
        println!("messages/s      {:.0}", stats.messages as f64 / busy);
    }
    if args.digest {
        let mut model = Model::default();
        let dirs =
            std::fs::read_dir(&args.snapshots).map_err(|source| crate::error::CliError::Io { path: args.snapshots.clone(), source })?;
        for d in dirs.flatten() {
            if d.file_name().to_str().is_some_and(|n| n.starts_with('p')) {
                let engine = ona_engine::Engine::open(d.path(), ona_engine::EngineConfig::default().threads(1))
                    .map_err(|e| kafka_error(&args.brokers, ona_kafka::Error::Engine { partition: u32::MAX, source: e }))?;
                model.add_engine(&engine).map_err(|e| kafka_error(&args.brokers, e))?;
            }
        }
        println!("model edges     {}", model.edge_count());
        println!("model digest    {}", model.digest());
    }
    Ok(())
}
