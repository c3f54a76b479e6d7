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
        w.report(ctx);
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
fn warmer(args: &WorkerArgs) -> Result<Option<Arc<warm::Warmer>>> {
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
    Ok(Some(Arc::new(warm::Warmer::new(cache, metrics))))
}

/// The publish hook that warms the result cache.
#[cfg(feature = "redis")]
mod warm {
    use std::sync::atomic::{AtomicU64, Ordering};

    use ona_engine::Tenant;
    use ona_redis::{Metric, ResultCache};

    use super::Ctx;

    /// Computes and stores the chosen metrics of each newly published
    /// version. Runs on the consumer's thread, between checkpoints: a
    /// version is warm before the worker reads further.
    #[derive(Debug)]
    pub struct Warmer {
        cache: ResultCache,
        metrics: Vec<Metric>,
        versions: AtomicU64,
        stored: AtomicU64,
        failed: AtomicU64,
    }

    impl Warmer {
        pub fn new(cache: ResultCache, metrics: Vec<Metric>) -> Self {
            Self { cache, metrics, versions: AtomicU64::new(0), stored: AtomicU64::new(0), failed: AtomicU64::new(0) }
        }

        /// Print the counts (stdout) and a note when Redis took fewer
        /// results than were computed.
        pub fn report(&self, ctx: &Ctx) {
            let (versions, stored, failed) =
                (self.versions.load(Ordering::Relaxed), self.stored.load(Ordering::Relaxed), self.failed.load(Ordering::Relaxed));
            println!("versions warmed {versions}");
            println!("results stored  {stored}");
            println!("warm failures   {failed}");
            let computed = versions * self.metrics.len() as u64;
            if stored < computed {
                ctx.note(format!("ona worker: Redis took {stored} of {computed} warmed results (unavailable for the rest)"));
            }
        }
    }

    impl ona_kafka::OnPublish for Warmer {
        fn published(&self, partition: u32, tenant: &Tenant, graph: &str) {
            match self.cache.warm(tenant, graph, &self.metrics) {
                Ok((_, stored)) => {
                    self.versions.fetch_add(1, Ordering::Relaxed);
                    self.stored.fetch_add(stored as u64, Ordering::Relaxed);
                }
                Err(e) => {
                    self.failed.fetch_add(1, Ordering::Relaxed);
                    eprintln!("ona worker: warming {}/{graph} (partition {partition}): {e}", tenant.id());
                }
            }
        }
    }
}
