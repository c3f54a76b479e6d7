//! Kafka: shims over `ona-kafka` — `ona.create_kafka_topic`,
//! `ona.KafkaProducer` (edge events, keyed by tenant), `ona.KafkaWorker` (one
//! consumer-group member applying its partitions' events to engines in a
//! snapshot directory) and `ona.read_kafka_topic` (dead letters, checks).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use ona_engine::{GraphName, Op, TenantId, Tier};
use ona_kafka::{DirStore, EdgeEvent, Producer, RunUntil, Worker, WorkerConfig, WorkerMonitor, WorkerStats};
use ona_pipeline::Warmer;
use ona_redis::{CacheConfig, Metric, ResultCache};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyMapping};

use crate::errors::{EngineResultExt, guard, invalid, invalid_type, kafka_to_py, raise};
use crate::runtime::run_stoppable;

/// Create ``topic`` with ``partitions`` partitions (replication 1) unless it
/// exists; returns the partition count it has. The GIL is released.
/// ``ona.OnaOSError`` when the brokers cannot be reached.
#[pyfunction]
pub(crate) fn create_kafka_topic(py: Python<'_>, brokers: &str, topic: &str, partitions: u32) -> PyResult<u32> {
    guard(py, || py.detach(|| ona_kafka::create_topic(brokers, topic, partitions)).map_err(|e| kafka_to_py(py, &e)))
}

/// Every message of ``topic`` from the beginning to its current end (all
/// partitions, partition then offset order), each a dict ``{'partition',
/// 'offset', 'key', 'payload', 'headers'}`` (bytes; ``key`` None if it has
/// none; ``headers`` a dict of str). Reads dead letters: ``<topic>.dlq``
/// messages carry ``ona-dlq-reason``, ``ona-dlq-detail``,
/// ``ona-dlq-partition`` and ``ona-dlq-offset``. The GIL is released.
#[pyfunction]
pub(crate) fn read_kafka_topic<'py>(py: Python<'py>, brokers: &str, topic: &str) -> PyResult<Bound<'py, PyList>> {
    guard(py, || {
        let records = py.detach(|| ona_kafka::read_topic(brokers, topic)).map_err(|e| kafka_to_py(py, &e))?;
        let out = PyList::empty(py);
        for r in records {
            let d = PyDict::new(py);
            d.set_item("partition", r.partition)?;
            d.set_item("offset", r.offset)?;
            d.set_item("key", r.key.as_deref().map(|k| PyBytes::new(py, k)))?;
            d.set_item("payload", PyBytes::new(py, &r.payload))?;
            let h = PyDict::new(py);
            for (k, v) in &r.headers {
                h.set_item(k, String::from_utf8_lossy(v))?;
            }
            d.set_item("headers", h)?;
            out.append(d)?;
        }
        Ok(out)
    })
}

/// A producer of edge events to ``topic`` (idempotent: retries neither
/// duplicate nor reorder a partition's messages). Messages are JSON,
/// schema version 1, keyed by tenant so a tenant's events share a
/// partition and keep their order. Safe to share between threads.
#[pyclass(name = "KafkaProducer", module = "ona", frozen)]
pub(crate) struct PyKafkaProducer {
    p: Producer,
}

fn field<'py>(m: &Bound<'py, PyMapping>, name: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
    match m.get_item(name) {
        Ok(v) if v.is_none() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(m.py()) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Event `row` of a `send` call, checked as a worker will check it.
fn event(py: Python<'_>, row: usize, obj: &Bound<'_, PyAny>) -> PyResult<EdgeEvent> {
    let bad = |what: String| invalid(py, format!("events[{row}]: {what}"));
    let m = obj.cast::<PyMapping>().map_err(|_| invalid_type(py, format!("events[{row}]: expected a dict")))?;
    let text = |name: &str| -> PyResult<String> {
        let v = field(m, name)?.ok_or_else(|| bad(format!("missing {name:?}")))?;
        v.extract().map_err(|_| invalid_type(py, format!("events[{row}]: {name:?} must be a str")))
    };
    let (tenant, graph, src, dst) = (text("tenant")?, text("graph")?, text("src")?, text("dst")?);
    let named = |r: ona_engine::Result<()>| {
        r.map_err(|e| raise(py, "InvalidName", ona_engine::ErrorKind::InvalidName.code(), format!("events[{row}]: {e}")))
    };
    named(TenantId::new(&tenant).map(drop))?;
    named(GraphName::new(&graph).map(drop))?;
    let id: u64 = field(m, "id")?
        .ok_or_else(|| bad("missing \"id\" (unique per event, kept when re-sent: it is what makes an event count once)".into()))?
        .extract()
        .map_err(|_| bad("\"id\" must be an integer in [0, 2**64 - 2]".into()))?;
    if id == u64::MAX {
        return Err(bad("\"id\" 2**64 - 1 is reserved".into()));
    }
    let weight: f64 =
        field(m, "weight")?.map(|w| w.extract()).transpose().map_err(|_| bad("\"weight\" must be a number".into()))?.unwrap_or(1.0);
    if !weight.is_finite() {
        return Err(bad(format!("\"weight\" {weight} is not finite")));
    }
    let ts: i64 = field(m, "ts")?.map(|t| t.extract()).transpose().map_err(|_| bad("\"ts\" must be an int64".into()))?.unwrap_or(0);
    let op = match field(m, "op")? {
        None => Op::Add,
        Some(o) => {
            let s: String = o.extract().map_err(|_| bad("\"op\" must be a str".into()))?;
            Op::parse(&s).ok_or_else(|| bad(format!("op {s:?}: expected 'add', 'set' or 'remove'")))?
        }
    };
    Ok(EdgeEvent { tenant, graph, src, dst, weight, ts, op, id })
}

/// Bytes or str (UTF-8) as bytes.
fn bytes_of(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    obj.extract::<String>().map(String::into_bytes).map_err(|_| invalid_type(py, format!("{what} must be bytes or str")))
}

#[pymethods]
impl PyKafkaProducer {
    /// Does not wait for the brokers: an unreachable one fails ``flush``.
    #[new]
    fn new(py: Python<'_>, brokers: &str, topic: &str) -> PyResult<Self> {
        guard(py, || Ok(Self { p: Producer::new(brokers, topic).map_err(|e| kafka_to_py(py, &e))? }))
    }

    /// Queue edge events: an iterable of dicts ``{'tenant', 'graph', 'src',
    /// 'dst', 'id', 'weight'?, 'ts'?, 'op'?}`` — ``id`` a non-negative int
    /// unique per event and kept when an event is re-sent (the worker
    /// applies each id once), ``weight`` finite (default 1.0), ``ts`` int64
    /// (default 0, milliseconds by convention), ``op`` 'add' (default: sums
    /// weights), 'set' or 'remove'. Every event is checked first (names as
    /// ``Engine`` takes them): a bad one raises ``ona.InvalidParameter`` /
    /// ``ona.InvalidName`` naming its index and nothing is queued. Returns
    /// how many were queued; ``flush`` waits for them.
    fn send(&self, py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<usize> {
        guard(py, || {
            let evs = events.try_iter()?.enumerate().map(|(i, e)| event(py, i, &e?)).collect::<PyResult<Vec<_>>>()?;
            py.detach(|| self.p.send_events(&evs)).map_err(|e| kafka_to_py(py, &e))?;
            Ok(evs.len())
        })
    }

    /// Queue one message as it is (``key`` and ``payload`` bytes or str),
    /// to ``partition`` if given: for messages of another producer, and to
    /// test what a worker does with malformed ones (dead letters).
    #[pyo3(signature = (key, payload, partition=None))]
    fn send_raw(&self, py: Python<'_>, key: &Bound<'_, PyAny>, payload: &Bound<'_, PyAny>, partition: Option<i32>) -> PyResult<()> {
        guard(py, || {
            let (k, v) = (bytes_of(py, key, "key")?, bytes_of(py, payload, "payload")?);
            py.detach(|| self.p.send_raw(&k, &v, partition, None)).map_err(|e| kafka_to_py(py, &e))
        })
    }

    /// Wait until every queued message is acknowledged (60 s at most; GIL
    /// released). ``ona.OnaOSError`` if any was not.
    fn flush(&self, py: Python<'_>) -> PyResult<()> {
        guard(py, || py.detach(|| self.p.flush()).map_err(|e| kafka_to_py(py, &e)))
    }

    /// The topic written to.
    #[getter]
    fn topic(&self) -> &str {
        self.p.topic()
    }

    fn __repr__(&self) -> String {
        format!("<ona.KafkaProducer topic {:?}>", self.p.topic())
    }
}

/// One member of a consumer group (see ``ona-kafka``): owns the engines of
/// its assigned partitions in the shared ``snapshots`` directory (partition
/// ``p``'s is ``<snapshots>/p<p>``, an ``ona.Engine`` directory), applies
/// their edge events (exactly-once effect: event ids and offsets kept with
/// each snapshot), dead-letters malformed messages to ``<topic>.dlq``, and
/// checkpoints every ``snapshot_interval_s`` seconds or ``snapshot_every``
/// messages. Tenants it creates get ``tier``. With ``redis`` (a URL), each
/// version a checkpoint publishes is warmed in that ``ona.ResultCache``:
/// the ``warm`` metrics are computed and stored under the version's key and
/// the version is published, so ``ResultCache.metric`` hits at once and
/// ``ResultCache.published`` answers readers without an engine.
///
/// ``run`` consumes until stopped and may be called once per worker (it
/// leaves the group when it returns). After ``run``, each partition's
/// engine can be read with ``ona.Engine.open(f"{snapshots}/p{p}")``.
#[pyclass(name = "KafkaWorker", module = "ona", frozen)]
pub(crate) struct PyKafkaWorker {
    worker: Mutex<Option<Worker>>,
    monitor: WorkerMonitor,
    stop: Arc<AtomicBool>,
    finished: Mutex<Option<WorkerStats>>,
    snapshots: PathBuf,
    warmer: Option<Arc<Warmer>>,
}

fn stats_dict(py: Python<'_>, s: WorkerStats) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in [
        ("messages", s.messages),
        ("applied", s.applied),
        ("skipped", s.skipped),
        ("dead_letters", s.dead_letters),
        ("checkpoints", s.checkpoints),
        ("rebalances", s.rebalances),
    ] {
        d.set_item(k, v)?;
    }
    Ok(d)
}

fn seconds(py: Python<'_>, s: f64, what: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(s).map_err(|_| invalid(py, format!("{what} must be a non-negative number of seconds, got {s}")))
}

#[pymethods]
impl PyKafkaWorker {
    /// Join ``group`` and subscribe to ``topic`` (partitions are assigned
    /// inside ``run``). ``warm``: metrics warmed with ``redis`` ('degree',
    /// 'pagerank', 'betweenness'); ``max_batch``: messages per poll round;
    /// ``session_timeout_s``: how long a dead worker's partitions wait
    /// before the group reassigns them.
    #[new]
    #[pyo3(
        signature = (brokers, topic, group, snapshots, tier="enterprise", redis=None, warm=vec!["degree".to_owned(), "pagerank".to_owned()], *, max_batch=20_000, snapshot_every=200_000, snapshot_interval_s=1.0, session_timeout_s=6.0),
        text_signature = "(brokers, topic, group, snapshots, tier='enterprise', redis=None, warm=('degree', 'pagerank'), *, max_batch=20000, snapshot_every=200000, snapshot_interval_s=1.0, session_timeout_s=6.0)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        brokers: &str,
        topic: &str,
        group: &str,
        snapshots: PathBuf,
        tier: &str,
        redis: Option<&str>,
        warm: Vec<String>,
        max_batch: usize,
        snapshot_every: u64,
        snapshot_interval_s: f64,
        session_timeout_s: f64,
    ) -> PyResult<Self> {
        guard(py, || {
            let cfg = WorkerConfig::new(brokers, topic, group)
                .tier(Tier::parse(tier).py(py)?)
                .max_batch(max_batch)
                .snapshot_every(snapshot_every, seconds(py, snapshot_interval_s, "snapshot_interval_s")?)
                .session_timeout(seconds(py, session_timeout_s, "session_timeout_s")?);
            let store = Arc::new(DirStore::new(&snapshots));
            let warmer = match redis {
                None => None,
                Some(url) => {
                    let redis_err = |e: ona_redis::Error| crate::cache::to_py(py, &e);
                    let metrics = warm.iter().map(|m| m.parse::<Metric>()).collect::<Result<Vec<_>, _>>().map_err(redis_err)?;
                    let cache = ResultCache::new(url, CacheConfig::default()).map_err(redis_err)?;
                    Some(Arc::new(Warmer::new(cache, metrics)))
                }
            };
            let worker = py.detach(|| Worker::new(cfg, store)).map_err(|e| kafka_to_py(py, &e))?;
            if let Some(w) = &warmer {
                worker.on_publish(Arc::clone(w) as Arc<dyn ona_kafka::OnPublish>).map_err(|e| kafka_to_py(py, &e))?;
            }
            Ok(Self {
                warmer,
                monitor: worker.monitor(),
                worker: Mutex::new(Some(worker)),
                stop: Arc::new(AtomicBool::new(false)),
                finished: Mutex::new(None),
                snapshots,
            })
        })
    }

    /// Consume, apply and checkpoint until ``stop()`` (from another thread),
    /// Ctrl-C / a Celery time limit (re-raised once the worker has
    /// checkpointed), ``idle_s`` seconds without a message once one arrived,
    /// or ``max_s`` seconds in all. Then checkpoints, closes the engines and
    /// leaves the group. The GIL is released meanwhile. Returns ``stats()``
    /// plus ``busy_seconds`` (first to last message). Errors (the state on
    /// disk stays consistent; a new worker resumes from the checkpoints):
    /// ``ona.OnaOSError`` (Kafka client, snapshot store, engine I/O),
    /// ``ona.Timeout`` (a previous owner held a partition's lock too long).
    #[pyo3(signature = (idle_s=None, max_s=None))]
    fn run<'py>(&self, py: Python<'py>, idle_s: Option<f64>, max_s: Option<f64>) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let idle = idle_s.map(|s| seconds(py, s, "idle_s")).transpose()?;
            let max = max_s.map(|s| seconds(py, s, "max_s")).transpose()?;
            let taken = self.worker.lock().unwrap_or_else(PoisonError::into_inner).take();
            let mut worker = taken
                .ok_or_else(|| raise(py, "ConflictError", "ONA_CONFLICT", "this KafkaWorker has run (or is running): make one per run"))?;
            let until = RunUntil { stop: Some(Arc::clone(&self.stop)), idle };
            let w = &mut worker;
            let out = run_stoppable(py, &self.stop, max, move || w.run(&until).map(|s| (s, w.busy_time())));
            *self.finished.lock().unwrap_or_else(PoisonError::into_inner) = Some(worker.stats());
            py.detach(move || drop(worker)); // leaving the group may wait on the broker
            let (stats, busy) = out?.map_err(|e| kafka_to_py(py, &e))?;
            let d = stats_dict(py, stats)?;
            d.set_item("busy_seconds", busy.unwrap_or_default().as_secs_f64())?;
            Ok(d)
        })
    }

    /// Make ``run`` return (from another thread); before ``run``, it returns
    /// at once.
    fn stop(&self) {
        self.stop.store(true, Ordering::Release);
    }

    /// Counters since the worker was made (live during ``run``): messages
    /// (consumed, valid or not), applied, skipped (already applied: event
    /// id or offset), dead_letters, checkpoints, rebalances.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let done = *self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        stats_dict(py, done.unwrap_or_else(|| self.monitor.stats()))
    }

    /// What warming did so far (live during ``run``): ``{'versions',
    /// 'stored', 'failed', 'last_error'}`` — versions warmed, results Redis
    /// took (fewer than versions × metrics while it was down), versions a
    /// metric was refused for and the last refusal; None without ``redis``.
    fn warmed<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(w) = &self.warmer else { return Ok(None) };
        let c = w.counts();
        let d = PyDict::new(py);
        d.set_item("versions", c.versions)?;
        d.set_item("stored", c.stored)?;
        d.set_item("failed", c.failed)?;
        d.set_item("last_error", c.last_error)?;
        Ok(Some(d))
    }

    /// Partitions owned now (assigned during ``run``; empty before and
    /// after).
    fn partitions(&self, py: Python<'_>) -> Vec<u32> {
        py.detach(|| self.monitor.partitions())
    }

    /// The snapshot directory.
    #[getter]
    fn snapshots(&self) -> PathBuf {
        self.snapshots.clone()
    }

    fn __repr__(&self) -> String {
        format!("<ona.KafkaWorker {:?}, partitions {:?}>", self.snapshots, self.monitor.partitions())
    }
}
