//! `ona.ResultCache`: a shim over `ona-redis` — engine metrics of a tenant's
//! graph served from Redis, keyed by the graph's version, computed by the
//! engine when Redis does not have them (or is down).

use std::time::Duration;

use arrow::array::{Array, Float64Array, RecordBatch, StringArray, UInt64Array};
use numpy::IntoPyArray;
use ona_redis::{CacheConfig, CachedMetric, Metric, ResultCache, Source};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::engine::PyTenant;
use crate::errors::{self, engine_to_py, guard, invalid, raise};
use crate::graph::PyGraph;
use crate::runtime::{CallOpts, run};

/// A result cache on the Redis server at ``url`` (``redis://host:port``):
/// ``metric`` answers from Redis under the graph's current version, or
/// computes with the engine and stores it; ``warm`` stores them ahead of
/// the first reader. Redis trouble is never an error: with Redis down every
/// call still answers (``source == "computed"``). Safe to share between
/// threads.
#[pyclass(name = "ResultCache", module = "ona", frozen)]
pub(crate) struct PyResultCache {
    c: ResultCache,
}

pub(crate) fn to_py(py: Python<'_>, e: &ona_redis::Error) -> PyErr {
    match e {
        ona_redis::Error::Engine(e) => engine_to_py(py, e),
        ona_redis::Error::Core(e) => errors::to_py(py, e),
        ona_redis::Error::UnknownMetric(_) | ona_redis::Error::InvalidKey { .. } => invalid(py, e.to_string()),
        _ => raise(py, "OnaOSError", "ONA_IO", e.to_string()),
    }
}

/// Compute on this process's pool with the GIL released (Ctrl-C cancels);
/// core errors map as every call's.
fn computing<T: Send>(py: Python<'_>, work: impl FnOnce(&ona_core::Exec) -> ona_redis::Result<T> + Send) -> PyResult<T> {
    let out = run(py, CallOpts::default(), |exec| match work(exec) {
        Ok(v) => Ok(Ok(v)),
        Err(ona_redis::Error::Core(e)) => Err(e),
        Err(e) => Ok(Err(e)),
    })?;
    out.map_err(|e| to_py(py, &e))
}

fn metrics(py: Python<'_>, names: &[String]) -> PyResult<Vec<Metric>> {
    names.iter().map(|n| n.parse().map_err(|e| to_py(py, &e))).collect()
}

/// `{version, source, ids, scores}` of a served metric.
fn served<'py>(py: Python<'py>, m: CachedMetric, name: &str) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("version", m.version)?;
    d.set_item("source", if m.source == Source::Cache { "cache" } else { "computed" })?;
    d.set_item("ids", ids(py, &m.batch)?)?;
    let col = m.batch.column_by_name(name).and_then(|c| c.as_any().downcast_ref::<Float64Array>());
    let values = col.ok_or_else(|| raise(py, "InternalError", "ONA_INTERNAL", format!("cached table has no {name} column")))?;
    d.set_item("scores", values.values().to_vec().into_pyarray(py))?;
    Ok(d)
}

/// The `id` column: uint64 numpy array for integer ids, list of str otherwise.
fn ids<'py>(py: Python<'py>, batch: &RecordBatch) -> PyResult<Bound<'py, PyAny>> {
    let col = batch.column_by_name("id").ok_or_else(|| raise(py, "InternalError", "ONA_INTERNAL", "cached table has no id column"))?;
    if let Some(a) = col.as_any().downcast_ref::<UInt64Array>() {
        return Ok(a.values().to_vec().into_pyarray(py).into_any());
    }
    if let Some(a) = col.as_any().downcast_ref::<StringArray>() {
        return Ok(PyList::new(py, a.iter().map(|s| s.unwrap_or_default()))?.into_any());
    }
    Err(raise(py, "InternalError", "ONA_INTERNAL", format!("cached id column of type {}", col.data_type())))
}

#[pymethods]
impl PyResultCache {
    /// Does not connect: a cache made while Redis is down computes until it
    /// is up. ``ttl_s``: time to live of each stored result (whole seconds,
    /// at least 1). Raises ``ona.OnaOSError`` for a URL that does not parse.
    #[new]
    #[pyo3(signature = (url, ttl_s=3600))]
    fn new(py: Python<'_>, url: &str, ttl_s: u64) -> PyResult<Self> {
        let c = ResultCache::new(url, CacheConfig::default().ttl(Duration::from_secs(ttl_s))).map_err(|e| to_py(py, &e))?;
        Ok(Self { c })
    }

    /// ``metric`` ('degree', 'pagerank' or 'betweenness') of the current
    /// version of ``tenant``'s graph ``graph``: a dict with ``version``,
    /// ``source`` ('cache' or 'computed'), ``ids`` and ``scores`` (numpy,
    /// one per person, in ``ids`` order).
    fn metric<'py>(&self, py: Python<'py>, tenant: &PyTenant, graph: &str, metric: &str) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let m: Metric = metric.parse().map_err(|e| to_py(py, &e))?;
            let got = py.detach(|| self.c.metric(tenant.tenant(), graph, m)).map_err(|e| to_py(py, &e))?;
            served(py, got, m.name())
        })
    }

    /// Compute ``metrics`` on the current version of ``graph`` and store
    /// them. Returns ``{"version": v, "stored": n}`` (``stored`` is smaller
    /// than ``len(metrics)`` when Redis is down).
    fn warm<'py>(&self, py: Python<'py>, tenant: &PyTenant, graph: &str, metrics: Vec<String>) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let ms = self::metrics(py, &metrics)?;
            let (version, stored) = py.detach(|| self.c.warm(tenant.tenant(), graph, &ms)).map_err(|e| to_py(py, &e))?;
            let d = PyDict::new(py);
            d.set_item("version", version)?;
            d.set_item("stored", stored)?;
            Ok(d)
        })
    }

    /// ``metric`` of a graph you hold (``ona.Neo4j.project``'s, a snapshot's)
    /// at the ``version`` you name (a projection's ``version``): served from
    /// Redis under that version's key, else computed on ``graph`` (GIL
    /// released, Ctrl-C cancels) and stored. ``tenant`` and ``graph_name``
    /// only name the key. Returns the dict of ``metric``.
    fn graph_metric<'py>(
        &self,
        py: Python<'py>,
        tenant: &str,
        graph_name: &str,
        version: u64,
        graph: &PyGraph,
        metric: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let m: Metric = metric.parse().map_err(|e| to_py(py, &e))?;
            let g = &graph.g;
            let got = computing(py, |exec| self.c.graph_metric(tenant, graph_name, version, g, m, exec))?;
            served(py, got, m.name())
        })
    }

    /// Compute ``metrics`` of a graph you hold at ``version``, store them,
    /// then publish ``version`` as the graph's current one (for readers
    /// without the graph: ``current``, ``published``). Returns how many
    /// results Redis took (fewer while it is down).
    fn warm_graph(
        &self,
        py: Python<'_>,
        tenant: &str,
        graph_name: &str,
        version: u64,
        graph: &PyGraph,
        metrics: Vec<String>,
    ) -> PyResult<usize> {
        guard(py, || {
            let ms = self::metrics(py, &metrics)?;
            let g = &graph.g;
            computing(py, |exec| self.c.warm_graph(tenant, graph_name, version, g, &ms, exec))
        })
    }

    /// The version last published for ``tenant``'s ``graph_name``
    /// (``warm``, ``warm_graph`` and a ``KafkaWorker`` with ``redis=``
    /// publish), None when none was. ``ona.OnaOSError`` when Redis is down.
    fn current(&self, py: Python<'_>, tenant: &str, graph_name: &str) -> PyResult<Option<u64>> {
        guard(py, || py.detach(|| self.c.current(tenant, graph_name)).map_err(|e| to_py(py, &e)))
    }

    /// For readers without an engine or the graph (an API server): ``metric``
    /// as stored for the graph's current version, as the dict of ``metric``
    /// (``source`` 'cache'), or None when nothing is published or that
    /// version's value is not (or no longer) stored. ``ona.OnaOSError`` when
    /// Redis is down.
    fn published<'py>(&self, py: Python<'py>, tenant: &str, graph_name: &str, metric: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        guard(py, || {
            let m: Metric = metric.parse().map_err(|e| to_py(py, &e))?;
            let got = py.detach(|| self.c.published(tenant, graph_name, m)).map_err(|e| to_py(py, &e))?;
            got.map(|g| served(py, g, m.name())).transpose()
        })
    }

    /// Remove every cached result of ``tenant``; returns how many keys.
    /// Raises ``ona.OnaOSError`` when Redis cannot be reached.
    fn purge_tenant(&self, py: Python<'_>, tenant: &str) -> PyResult<u64> {
        guard(py, || py.detach(|| self.c.purge_tenant(tenant)).map_err(|e| to_py(py, &e)))
    }

    /// Counters: hits, misses, computed, stored, corrupt, redis_unavailable.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = self.c.stats();
        let d = PyDict::new(py);
        for (k, v) in [
            ("hits", s.hits),
            ("misses", s.misses),
            ("computed", s.computed),
            ("stored", s.stored),
            ("corrupt", s.corrupt),
            ("redis_unavailable", s.redis_unavailable),
        ] {
            d.set_item(k, v)?;
        }
        Ok(d)
    }
}
