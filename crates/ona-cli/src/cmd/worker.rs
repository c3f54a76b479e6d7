//! `ona worker`: one process of the scale-out. Joins a consumer group,
//! owns the engines of its assigned partitions in a shared snapshot
//! directory, applies their events and checkpoints (see `ona_kafka`).
//! With `--redis` (feature `redis`) it warms the result cache: after each
//! checkpoint that published a new version of a graph, the `--warm` metrics
//! are computed on it and stored under that version's key (`ona_redis`), so
//! the first reader of the new version gets a cache hit.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::Args;
use ona_kafka::{DirStore, Model, RunUntil, Worker, WorkerConfig};

use super::Ctx;
use super::produce::kafka_error;
use crate::error::{Result, UsageError};

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
    /// Redis URL of the result cache to warm after each published version
    /// (`redis://host:port`; needs a build with feature `redis`).
    #[arg(long, value_name = "URL")]
    pub redis: Option<String>,
    /// Metrics to warm with `--redis`: degree, pagerank, betweenness.
    #[arg(long, value_name = "LIST", value_delimiter = ',', default_value = "pagerank", requires = "redis")]
    pub warm: Vec<String>,
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
    #[cfg(not(feature = "redis"))]
    refuse_redis(args)?;
    #[cfg(feature = "redis")]
    let warmer = warmer(args)?;
    let cfg = WorkerConfig::new(&args.brokers, &args.topic, &args.group).snapshot_every(200_000, Duration::from_millis(args.snapshot_ms));
    let store = DirStore::new(&args.snapshots);
    let mut worker = Worker::new(cfg, Arc::new(store)).map_err(|e| kafka_error(&args.brokers, e))?;
    #[cfg(feature = "redis")]
    if let Some(w) = &warmer {
        worker.on_publish(Arc::clone(w) as Arc<dyn ona_kafka::OnPublish>).map_err(|e| kafka_error(&args.brokers, e))?;
    }
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
    #[cfg(feature = "redis")]
    if let Some(w) = &warmer {
        report(w, ctx);
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

/// `--redis` in a build without the Redis adapter is a usage error, not a
/// silently cold cache.
#[cfg(not(feature = "redis"))]
fn refuse_redis(args: &WorkerArgs) -> Result<()> {
    match &args.redis {
        Some(url) => Err(UsageError::BadValue {
            option: "redis",
            value: url.clone(),
            expected: "a build with feature `redis` (cargo build -p ona-cli --features redis)",
        }
        .into()),
        None => Ok(()),
    }
}

/// The cache warmer for `--redis`, if given.
#[cfg(feature = "redis")]
fn warmer(args: &WorkerArgs) -> Result<Option<Arc<ona_pipeline::Warmer>>> {
    let Some(url) = &args.redis else { return Ok(None) };
    let metrics = args
        .warm
        .iter()
        .map(|m| {
            m.trim().parse().map_err(|_| UsageError::BadValue {
                option: "warm",
                value: m.clone(),
                expected: "a comma-separated list of degree, pagerank, betweenness",
            })
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let cache = ona_redis::ResultCache::new(url, ona_redis::CacheConfig::default()).map_err(|e| UsageError::BadValue {
        option: "redis",
        value: format!("{url} ({e})"),
        expected: "a Redis URL such as redis://127.0.0.1:6379",
    })?;
    Ok(Some(Arc::new(ona_pipeline::Warmer::new(cache, metrics))))
}

/// Print the warmer's counts (stdout), and a note when Redis took fewer
/// results than were computed or the engine refused a version.
#[cfg(feature = "redis")]
fn report(w: &ona_pipeline::Warmer, ctx: &Ctx) {
    let c = w.counts();
    println!("versions warmed {}", c.versions);
    println!("results stored  {}", c.stored);
    println!("warm failures   {}", c.failed);
    let computed = c.versions * w.metrics().len() as u64;
    if c.stored < computed {
        ctx.note(format!("ona worker: Redis took {} of {computed} warmed results (unavailable for the rest)", c.stored));
    }
    if let Some(e) = c.last_error {
        ctx.note(format!("ona worker: warming {e}"));
    }
}
