//! The worker: one member of a consumer group that owns the engines of its
//! assigned partitions.
//!
//! # Exactly-once effect
//!
//! Each partition `p` has its own engine directory in the shared
//! [`SnapshotStore`] (`<snapshots>/p<p>`); the producer keys events by
//! tenant, so a tenant lives in exactly one partition's engine. The worker:
//!
//! 1. **On assignment** opens the partition's engine (waiting while the
//!    previous owner's `.lock` is held: the engine locks with `flock`, which
//!    the kernel releases when a process dies, `kill -9` included), reads the
//!    partition's checkpoint and seeks there (the beginning if none).
//! 2. **Consumes** in batches (no auto-commit), groups the events per
//!    (tenant, graph) and applies them with their event ids and source
//!    position; malformed messages and rows the engine refuses go to
//!    `<topic>.dlq`.
//! 3. **Every `snapshot_every` messages or `snapshot_interval`** flushes the
//!    dead letters, checkpoints every engine it owns (`Engine::checkpoint`:
//!    the changed graphs' new events, versions and source offsets in one
//!    journal file published by one rename, full graph files rewritten only
//!    now and then), writes the partition's checkpoint (the next offset),
//!    and only then commits that offset to Kafka.
//! 4. **On revocation** does step 3 for the revoked partitions and closes
//!    their engines before giving them up.
//!
//! After a crash the new owner loads the last snapshot and seeks to the
//! last checkpoint. Every message below the checkpoint is in the snapshot.
//! Messages at or above it were either not applied in the snapshot (they
//! are applied now) or applied (a crash between snapshot and checkpoint):
//! those carry event ids the snapshot's event log already holds, and the
//! engine skips them. So each event takes effect once. Dead letters are
//! at-least-once: a malformed message between the checkpoint and a crash is
//! dead-lettered again, with the same `ona-dlq-partition`/`ona-dlq-offset`
//! headers, so a reader deduplicates them by that pair.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use ona_engine::{Engine, EngineConfig, Tenant, Tier};
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::types::RDKafkaRespErr;
use rdkafka::{ClientConfig, ClientContext, Offset, TopicPartitionList};

use crate::admin::to_i32;
use crate::apply::{Consumed, Refused, apply_group, group};
use crate::error::{Error, Result};
use crate::producer::{Producer, dead_letter_headers};
use crate::schema::EdgeEvent;
use crate::store::SnapshotStore;

/// How a [`Worker`] runs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct WorkerConfig {
    /// Bootstrap brokers (`host:port,...`).
    pub brokers: String,
    /// The events topic; dead letters go to `<topic>.dlq`.
    pub topic: String,
    /// Consumer group.
    pub group: String,
    /// Tier of tenants the worker creates (default Enterprise).
    pub tier: Tier,
    /// Configuration of each partition's engine (default: one pool thread).
    pub engine: EngineConfig,
    /// Messages taken per poll round at most (default 20,000).
    pub max_batch: usize,
    /// Checkpoint after this many messages (default 200,000) ...
    pub snapshot_every: u64,
    /// ... or this much time with progress (default 1 s).
    pub snapshot_interval: Duration,
    /// The group's session timeout (default 6 s, the broker's minimum): how
    /// long a dead worker's partitions wait before they are reassigned.
    pub session_timeout: Duration,
    /// How long to wait for a previous owner's engine lock (default 60 s).
    pub lock_wait: Duration,
}

impl WorkerConfig {
    /// A configuration with the defaults.
    pub fn new(brokers: &str, topic: &str, group: &str) -> Self {
        Self {
            brokers: brokers.to_owned(),
            topic: topic.to_owned(),
            group: group.to_owned(),
            tier: Tier::Enterprise,
            engine: EngineConfig::default().threads(1),
            max_batch: 20_000,
            snapshot_every: 200_000,
            snapshot_interval: Duration::from_secs(1),
            session_timeout: Duration::from_secs(6),
            lock_wait: Duration::from_secs(60),
        }
    }
    /// Set [`WorkerConfig::tier`].
    #[must_use]
    pub fn tier(mut self, tier: Tier) -> Self {
        self.tier = tier;
        self
    }
    /// Set [`WorkerConfig::engine`].
    #[must_use]
    pub fn engine(mut self, engine: EngineConfig) -> Self {
        self.engine = engine;
        self
    }
    /// Set [`WorkerConfig::max_batch`].
    #[must_use]
    pub fn max_batch(mut self, n: usize) -> Self {
        self.max_batch = n;
        self
    }
    /// Set the checkpoint cadence.
    #[must_use]
    pub fn snapshot_every(mut self, messages: u64, interval: Duration) -> Self {
        self.snapshot_every = messages;
        self.snapshot_interval = interval;
        self
    }
    /// Set [`WorkerConfig::session_timeout`].
    #[must_use]
    pub fn session_timeout(mut self, t: Duration) -> Self {
        self.session_timeout = t;
        self
    }
}

/// Counters of a worker since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkerStats {
    /// Messages consumed (valid or not).
    pub messages: u64,
    /// Events applied (changed a graph).
    pub applied: u64,
    /// Events skipped as already applied (event id or offset).
    pub skipped: u64,
    /// Messages sent to the dead-letter topic.
    pub dead_letters: u64,
    /// Checkpoints (snapshot + checkpoint + commit of one partition).
    pub checkpoints: u64,
    /// Rebalances seen (assignments and revocations).
    pub rebalances: u64,
}

#[derive(Debug, Default)]
struct Counters {
    messages: AtomicU64,
    applied: AtomicU64,
    skipped: AtomicU64,
    dead_letters: AtomicU64,
    checkpoints: AtomicU64,
    rebalances: AtomicU64,
}

impl Counters {
    fn stats(&self) -> WorkerStats {
        WorkerStats {
            messages: self.messages.load(Ordering::Relaxed),
            applied: self.applied.load(Ordering::Relaxed),
            skipped: self.skipped.load(Ordering::Relaxed),
            dead_letters: self.dead_letters.load(Ordering::Relaxed),
            checkpoints: self.checkpoints.load(Ordering::Relaxed),
            rebalances: self.rebalances.load(Ordering::Relaxed),
        }
    }
}

/// Reads a [`Worker`]'s counters and partitions from any thread
/// ([`Worker::monitor`]).
#[derive(Clone)]
pub struct WorkerMonitor {
    ctx: std::sync::Weak<Ctx>,
}

impl std::fmt::Debug for WorkerMonitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerMonitor").finish_non_exhaustive()
    }
}

impl WorkerMonitor {
    /// The worker's counters so far (zeros once it is dropped).
    pub fn stats(&self) -> WorkerStats {
        self.ctx.upgrade().map(|c| c.counters.stats()).unwrap_or_default()
    }

    /// Partitions the worker owns now (waits while a poll round is being
    /// applied; empty once it is dropped).
    pub fn partitions(&self) -> Vec<u32> {
        self.ctx.upgrade().map(|c| c.parts().keys().copied().collect()).unwrap_or_default()
    }
}

#[derive(Debug)]
struct Part {
    engine: Engine,
    tenants: HashMap<String, Tenant>,
    /// Every message below this offset has taken effect.
    next: i64,
    /// Stored in the checkpoint.
    checkpointed: i64,
    /// Committed to Kafka.
    committed: i64,
    /// (tenant, graph) changed since the last checkpoint.
    touched: BTreeSet<(String, String)>,
}

/// Told about each graph a checkpoint published a new version of, after
/// the snapshot is durable and the checkpoint written (say, to warm a
/// result cache for the new version). Runs on the worker's thread, after
/// the commit: a slow hook delays consumption, not durability.
pub trait OnPublish: Send + Sync {
    /// `graph` of `tenant` (owned by `partition`) has a new published version.
    fn published(&self, partition: u32, tenant: &Tenant, graph: &str);
}

/// The consumer's context: the partitions owned, and the rebalance
/// callbacks that open and close their engines.
struct Ctx {
    cfg: WorkerConfig,
    store: Arc<dyn SnapshotStore>,
    dlq: Producer,
    parts: Mutex<BTreeMap<u32, Part>>,
    generation: AtomicU64,
    failure: Mutex<Option<Error>>,
    counters: Counters,
    source: String,
    on_publish: OnceLock<Arc<dyn OnPublish>>,
}

impl ClientContext for Ctx {}

impl ConsumerContext for Ctx {
    fn rebalance(&self, consumer: &BaseConsumer<Self>, err: RDKafkaRespErr, tpl: &mut TopicPartitionList) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        self.counters.rebalances.fetch_add(1, Ordering::Relaxed);
        let result = match err {
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS => {
                self.on_assign(tpl).and_then(|()| consumer.assign(tpl).map_err(Error::kafka("assigning")))
            }
            RDKafkaRespErr::RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS => {
                let r = self.close_all(consumer);
                consumer.unassign().map_err(Error::kafka("unassigning")).and(r)
            }
            _ => {
                let r = self.close_all(consumer);
                consumer.unassign().map_err(Error::kafka("unassigning")).and(r)
            }
        };
        if let Err(e) = result {
            self.fail(e);
        }
    }
}

impl Ctx {
    fn fail(&self, e: Error) {
        self.failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(e);
    }

    fn parts(&self) -> std::sync::MutexGuard<'_, BTreeMap<u32, Part>> {
        self.parts.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Open each assigned partition's engine and set its start offset.
    fn on_assign(&self, tpl: &mut TopicPartitionList) -> Result<()> {
        let assigned: Vec<i32> = tpl.elements_for_topic(&self.cfg.topic).iter().map(|e| e.partition()).collect();
        for p in assigned {
            let pu = u32::try_from(p).map_err(|_| Error::Config { name: "partition", reason: format!("{p}") })?;
            if self.parts().contains_key(&pu) {
                continue;
            }
            let engine = self.open_engine(pu)?;
            let next = self.store.read_checkpoint(&self.cfg.topic, pu)?;
            let offset = match next {
                Some(n) => Offset::Offset(i64::try_from(n).map_err(|_| Error::Config { name: "checkpoint", reason: format!("{n}") })?),
                None => Offset::Beginning,
            };
            tpl.set_partition_offset(&self.cfg.topic, p, offset).map_err(Error::kafka("seeking"))?;
            let at = offset.to_raw().unwrap_or(0).max(0);
            self.parts().insert(pu, Part { engine, tenants: HashMap::new(), next: at, checkpointed: at, committed: -1, touched: BTreeSet::new() });
        }
        Ok(())
    }

    fn open_engine(&self, p: u32) -> Result<Engine> {
        let dir = self.store.engine_dir(p)?;
        let start = Instant::now();
        loop {
            match Engine::open(&dir, self.cfg.engine.clone()) {
                Ok(e) => return Ok(e),
                Err(ona_engine::Error::Io { op, .. }) if op.starts_with("locking") && start.elapsed() < self.cfg.lock_wait => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(e) => return Err(Error::engine(p)(e)),
            }
        }
    }

    /// Checkpoint every owned partition, then close their engines.
    fn close_all(&self, consumer: &BaseConsumer<Self>) -> Result<()> {
        let r = self.checkpoint(consumer);
        let parts = std::mem::take(&mut *self.parts());
        for (_, part) in parts {
            drop(part.tenants);
            part.engine.close();
        }
        r
    }

    /// Flush dead letters, snapshot, write checkpoints, commit, then tell
    /// the [`OnPublish`] hook (outside the partitions' lock).
    fn checkpoint(&self, consumer: &BaseConsumer<Self>) -> Result<()> {
        let published = self.checkpoint_parts(consumer)?;
        if let Some(hook) = self.on_publish.get() {
            for (p, tenant, graph) in &published {
                hook.published(*p, tenant, graph);
            }
        }
        Ok(())
    }

    /// The checkpoint proper; returns the graphs it published.
    fn checkpoint_parts(&self, consumer: &BaseConsumer<Self>) -> Result<Vec<(u32, Tenant, String)>> {
        let mut parts = self.parts();
        let mut published = Vec::new();
        if parts.values().all(|p| p.next == p.committed) {
            return Ok(published);
        }
        self.dlq.flush()?;
        let mut tpl = TopicPartitionList::new();
        for (&p, part) in parts.iter_mut() {
            if part.next > part.checkpointed {
                part.engine.checkpoint().map_err(Error::engine(p))?;
                self.store.publish(p)?;
                let next = u64::try_from(part.next).unwrap_or(0);
                self.store.write_checkpoint(&self.cfg.topic, p, next)?;
                part.checkpointed = part.next;
                self.counters.checkpoints.fetch_add(1, Ordering::Relaxed);
                for (tenant, graph) in std::mem::take(&mut part.touched) {
                    if let Some(t) = part.tenants.get(&tenant) {
                        published.push((p, t.clone(), graph));
                    }
                }
            }
            if part.checkpointed != part.committed {
                tpl.add_partition_offset(&self.cfg.topic, to_i32(p)?, Offset::Offset(part.checkpointed))
                    .map_err(Error::kafka("committing"))?;
            }
        }
        if tpl.count() == 0 {
            return Ok(published);
        }
        match consumer.commit(&tpl, CommitMode::Sync) {
            Ok(()) => {
                for e in tpl.elements() {
                    let p = u32::try_from(e.partition()).unwrap_or(0);
                    if let (Some(part), Offset::Offset(o)) = (parts.get_mut(&p), e.offset()) {
                        part.committed = o;
                    }
                }
            }
            // The checkpoint, not the commit, is what a new owner resumes
            // from; a commit refused during a rebalance is retried next time.
            Err(e) => eprintln!("ona-kafka: commit deferred: {e}"),
        }
        Ok(published)
    }

    /// Apply one poll round's messages and dead-letter what is refused.
    fn process(&self, msgs: &[Consumed]) -> Result<()> {
        let mut parts = self.parts();
        let mut refused: Vec<Refused> = Vec::new();
        // Messages of a partition given up meanwhile are left to its next owner.
        for (i, m) in msgs.iter().enumerate().filter(|(_, m)| parts.contains_key(&m.partition)) {
            if let Err(r) = &m.event {
                refused.push(Refused { index: i, rejection: r.clone() });
            }
        }
        let owned: Vec<u32> = parts.keys().copied().collect();
        for p in owned {
            let Some(part) = parts.get_mut(&p) else { continue };
            for ((tenant, graph), rows) in group(msgs, p) {
                let t = match part.tenants.get(tenant) {
                    Some(t) => t.clone(),
                    None => {
                        let t = part.engine.tenant(tenant, self.cfg.tier).map_err(Error::engine(p))?;
                        part.tenants.insert(tenant.to_owned(), t.clone());
                        t
                    }
                };
                let out = apply_group(&t, graph, &self.source, p, msgs, &rows, &mut refused)?;
                if out.applied > 0 {
                    part.touched.insert((tenant.to_owned(), graph.to_owned()));
                }
                self.counters.applied.fetch_add(out.applied, Ordering::Relaxed);
                self.counters.skipped.fetch_add(out.skipped, Ordering::Relaxed);
            }
            if let Some(last) = msgs.iter().filter(|m| m.partition == p).map(|m| m.offset).max() {
                part.next = part.next.max(last + 1);
            }
        }
        for r in &refused {
            let m = &msgs[r.index];
            let headers = dead_letter_headers(r.rejection.code, &r.rejection.detail, &self.cfg.topic, m.partition, m.offset);
            self.dlq.send_raw(m.key.as_deref().unwrap_or_default(), &m.payload, None, Some(headers))?;
        }
        self.dlq.poll();
        self.counters.dead_letters.fetch_add(refused.len() as u64, Ordering::Relaxed);
        let consumed = msgs.iter().filter(|m| parts.contains_key(&m.partition)).count();
        self.counters.messages.fetch_add(consumed as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// When [`Worker::run`] returns.
#[derive(Debug, Clone, Default)]
pub struct RunUntil {
    /// Stop when this flag is set (Ctrl-C, a test).
    pub stop: Option<Arc<AtomicBool>>,
    /// Stop after this long without a message, once at least one arrived.
    pub idle: Option<Duration>,
}

/// One process of the scale-out: a consumer-group member applying its
/// partitions' events to their engines. See the module docs for the
/// exactly-once argument.
///
/// Errors: [`Error::Kafka`] (client), [`Error::Engine`] (I/O or a damaged
/// engine directory), [`Error::Store`], [`Error::Timeout`] (a previous
/// owner kept a partition's lock past `lock_wait`). Malformed messages are
/// never errors.
pub struct Worker {
    consumer: BaseConsumer<Ctx>,
    first_message: Option<Instant>,
    last_message: Option<Instant>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker").field("topic", &self.consumer.context().cfg.topic).finish_non_exhaustive()
    }
}

impl Worker {
    /// Connect, join the group and subscribe to the topic (partitions come
    /// with the first rebalance, inside [`Worker::run`]).
    pub fn new(cfg: WorkerConfig, store: Arc<dyn SnapshotStore>) -> Result<Self> {
        if cfg.max_batch == 0 {
            return Err(Error::Config { name: "max_batch", reason: "must be at least 1".into() });
        }
        let dlq = Producer::new(&cfg.brokers, &format!("{}.dlq", cfg.topic))?;
        let session = cfg.session_timeout.as_millis().to_string();
        let heartbeat = (cfg.session_timeout.as_millis() / 6).max(100).to_string();
        let ctx = Ctx {
            source: format!("kafka:{}", cfg.topic),
            store,
            dlq,
            parts: Mutex::default(),
            generation: AtomicU64::new(0),
            failure: Mutex::default(),
            counters: Counters::default(),
            cfg: cfg.clone(),
            on_publish: OnceLock::new(),
        };
        let consumer: BaseConsumer<Ctx> = ClientConfig::new()
            .set("bootstrap.servers", &cfg.brokers)
            .set("group.id", &cfg.group)
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("auto.offset.reset", "earliest")
            .set("session.timeout.ms", &session)
            .set("heartbeat.interval.ms", &heartbeat)
            .set("partition.assignment.strategy", "range")
            .create_with_context(ctx)
            .map_err(Error::kafka("creating a consumer"))?;
        consumer.subscribe(&[&cfg.topic]).map_err(Error::kafka("subscribing"))?;
        Ok(Self { consumer, first_message: None, last_message: None })
    }

    /// Call `hook` for every graph each checkpoint publishes a new version
    /// of (set it before [`Worker::run`]; a second hook is refused).
    ///
    /// Errors: [`Error::Config`] when a hook is already set.
    pub fn on_publish(&self, hook: Arc<dyn OnPublish>) -> Result<()> {
        self.consumer.context().on_publish.set(hook).map_err(|_| Error::Config { name: "on_publish", reason: "a hook is already set".into() })
    }

    /// Counters so far.
    pub fn stats(&self) -> WorkerStats {
        self.consumer.context().counters.stats()
    }

    /// A handle that reads [`Worker::stats`] and [`Worker::partitions`]
    /// from other threads while [`Worker::run`] holds the worker (a
    /// binding's `stats()` during a run). It does not keep the worker
    /// alive: once the worker is dropped it reads zeros and no partitions.
    pub fn monitor(&self) -> WorkerMonitor {
        WorkerMonitor { ctx: Arc::downgrade(self.consumer.context()) }
    }

    /// Time from the first to the last message consumed (for throughput).
    pub fn busy_time(&self) -> Option<Duration> {
        Some(self.last_message?.duration_since(self.first_message?))
    }

    /// Partitions owned now.
    pub fn partitions(&self) -> Vec<u32> {
        self.consumer.context().parts().keys().copied().collect()
    }

    /// Consume, apply and checkpoint until `until` says stop; then
    /// checkpoint and close every engine (the group reassigns the
    /// partitions when this worker is dropped).
    pub fn run(&mut self, until: &RunUntil) -> Result<WorkerStats> {
        let mut last_checkpoint = Instant::now();
        let mut since: u64 = 0;
        loop {
            if let Some(e) = self.consumer.context().failure.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
                return Err(e);
            }
            if until.stop.as_ref().is_some_and(|s| s.load(Ordering::Acquire)) {
                break;
            }
            let msgs = self.poll_batch()?;
            // Idle means a poll found nothing for `idle` since the last message.
            if let (true, Some(idle), Some(last)) = (msgs.is_empty(), until.idle, self.last_message)
                && last.elapsed() >= idle
            {
                break;
            }
            if !msgs.is_empty() {
                self.consumer.context().process(&msgs)?;
                since += msgs.len() as u64;
                let now = Instant::now();
                self.first_message.get_or_insert(now);
                self.last_message = Some(now);
            }
            let cfg = &self.consumer.context().cfg;
            if since >= cfg.snapshot_every || last_checkpoint.elapsed() >= cfg.snapshot_interval {
                self.consumer.context().checkpoint(&self.consumer)?;
                last_checkpoint = Instant::now();
                since = 0;
            }
        }
        self.consumer.context().close_all(&self.consumer)?;
        Ok(self.stats())
    }

    /// Up to `max_batch` messages; a rebalance in the middle drops what was
    /// taken before it (those partitions restart from their checkpoints).
    fn poll_batch(&self) -> Result<Vec<Consumed>> {
        let ctx = self.consumer.context();
        let max = ctx.cfg.max_batch;
        let mut out: Vec<Consumed> = Vec::new();
        let mut generation = ctx.generation.load(Ordering::Acquire);
        let mut wait = Duration::from_millis(100);
        while out.len() < max {
            let polled = self.consumer.poll(wait);
            wait = Duration::ZERO;
            let g = ctx.generation.load(Ordering::Acquire);
            if g != generation {
                out.clear();
                generation = g;
            }
            let Some(m) = polled else { break };
            let m = match m {
                Ok(m) => m,
                Err(KafkaError::PartitionEOF(_)) => continue,
                Err(e) => {
                    eprintln!("ona-kafka: consumer: {e}");
                    break;
                }
            };
            let Ok(partition) = u32::try_from(m.partition()) else { continue };
            let payload = m.payload().unwrap_or_default();
            let key = m.key();
            let event = EdgeEvent::parse(key, payload);
            out.push(Consumed { partition, offset: m.offset(), key: key.map(<[u8]>::to_vec), payload: payload.to_vec(), event });
        }
        Ok(out)
    }
}
