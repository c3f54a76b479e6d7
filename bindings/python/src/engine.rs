//! `ona.Engine` and `ona.Tenant`: shims over `ona-engine` (many tenants'
//! versioned graphs in one process, tier limits, streaming ingest,
//! snapshots with source offsets). Graphs come back as `ona.Graph` (with
//! `.version` set), so every `ona.*` algorithm takes them.

use std::path::PathBuf;
use std::sync::Arc;

use ona_core::Scores;
use ona_core::algo::centrality::PageRankConfig;
use ona_engine::{
    Algorithm, Applied, BetweennessMode, Engine, EngineConfig, GraphOptions, GraphView, Stamped,
    Tenant, Tier,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{self, EventHeld, f64s};
use crate::errors::{EngineResultExt, guard, invalid};
use crate::graph::PyGraph;
use crate::runtime::run_engine;

/// Many tenants' graphs in one process, persisted under one directory
/// (``Engine.open``). One ``Engine`` per directory at a time: the directory
/// stays locked until this object and every ``Tenant`` from it are gone.
#[pyclass(name = "Engine", module = "ona", frozen)]
pub(crate) struct PyEngine {
    e: Engine,
}

/// One tenant of an ``Engine`` (``Engine.tenant``): its tier, its graphs and
/// everything asked of them. Safe to share between threads.
#[pyclass(name = "Tenant", module = "ona", frozen)]
pub(crate) struct PyTenant {
    t: Tenant,
}

impl PyTenant {
    /// The engine tenant (for `ona.ResultCache`).
    pub(crate) fn tenant(&self) -> &Tenant {
        &self.t
    }
}

fn graph_of<'py>(py: Python<'py>, v: &GraphView) -> PyResult<Bound<'py, PyGraph>> {
    Bound::new(py, PyGraph::versioned(Arc::clone(v.graph()), v.version()))
}

fn stamped(py: Python<'_>, s: Stamped<Scores>) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("graph", graph_of(py, &s.view)?)?;
    d.set_item("version", s.version())?;
    d.set_item("exact", s.exact)?;
    d.set_item("error_bound", s.error_bound)?;
    d.set_item("scores", f64s(py, s.value.0))?;
    Ok(d)
}

fn applied(py: Python<'_>, a: Applied) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("version", a.version)?;
    d.set_item("applied", a.applied)?;
    d.set_item("skipped", a.skipped)?;
    d.set_item("new_nodes", a.new_nodes)?;
    Ok(d)
}

fn algorithm(py: Python<'_>, name: &str, k: u32, samples: Option<u64>) -> PyResult<Algorithm> {
    Ok(match name {
        "degree" => Algorithm::Degree,
        "pagerank" => Algorithm::PageRank,
        "components" => Algorithm::Components,
        "k_hop" => Algorithm::KHop { k },
        "clustering" => Algorithm::Clustering,
        "core_number" => Algorithm::CoreNumber,
        "closeness" => Algorithm::Closeness,
        "betweenness" => Algorithm::Betweenness,
        "approx_betweenness" => Algorithm::ApproxBetweenness {
            samples: samples.ok_or_else(|| invalid(py, "approx_betweenness needs samples="))?,
        },
        "communities" => Algorithm::Communities,
        _ => {
            return Err(invalid(
                py,
                format!(
                    "algorithm={name:?}: expected 'degree', 'pagerank', 'components', 'k_hop', 'clustering', 'core_number', 'closeness', 'betweenness', 'approx_betweenness' or 'communities'"
                ),
            ));
        }
    })
}

#[pymethods]
impl PyEngine {
    /// Open (or create) the engine directory ``path`` and load every
    /// tenant's latest snapshots. ``threads``: the engine pool's threads (0 =
    /// one per core); ``background_compaction=False`` compacts inside the
    /// ingest call that crosses the threshold (deterministic, for tests).
    /// A directory another engine holds raises ``ona.OnaOSError``.
    #[staticmethod]
    #[pyo3(signature = (path, *, threads=0, background_compaction=true))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        threads: usize,
        background_compaction: bool,
    ) -> PyResult<Self> {
        guard(py, || {
            let cfg = EngineConfig::default()
                .threads(threads)
                .background_compaction(background_compaction);
            Ok(Self {
                e: run_engine(py, |_| Engine::open(&path, cfg))?,
            })
        })
    }

    /// Tenant ``id`` ('A-Z a-z 0-9 _ - .', 1 to 64 bytes), created with
    /// ``tier`` ('demo', 'basic', 'professional', 'enterprise') if new; an
    /// existing tenant takes ``tier`` (its data is kept).
    fn tenant(&self, py: Python<'_>, id: &str, tier: &str) -> PyResult<PyTenant> {
        guard(py, || {
            let tier = Tier::parse(tier).py(py)?;
            Ok(PyTenant {
                t: run_engine(py, |_| self.e.tenant(id, tier))?,
            })
        })
    }

    /// An existing tenant (``ona.UnknownTenant`` if there is none).
    fn get_tenant(&self, py: Python<'_>, id: &str) -> PyResult<PyTenant> {
        guard(py, || {
            Ok(PyTenant {
                t: self.e.get_tenant(id).py(py)?,
            })
        })
    }

    /// Every tenant as ``(id, tier)``.
    fn tenants(&self) -> Vec<(String, &'static str)> {
        self.e
            .tenants()
            .into_iter()
            .map(|(id, tier)| (id.to_string(), tier.as_str()))
            .collect()
    }

    /// Write every graph whose version moved since its last snapshot, with
    /// its source offsets; returns how many were written.
    fn snapshot(&self, py: Python<'_>) -> PyResult<usize> {
        guard(py, || run_engine(py, |_| self.e.snapshot()))
    }

    /// Memory per tenant: ``[{'tenant', 'tier', 'graphs', 'bytes'}, ...]``.
    fn memory_report<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        guard(py, || {
            let report = self.e.memory_report();
            report
                .into_iter()
                .map(|m| {
                    let d = PyDict::new(py);
                    d.set_item("tenant", m.tenant.as_str())?;
                    d.set_item("tier", m.tier.as_str())?;
                    d.set_item("graphs", m.graphs)?;
                    d.set_item("bytes", m.bytes)?;
                    Ok(d)
                })
                .collect()
        })
    }

    /// Wait until no background compaction runs (GIL released).
    fn wait_for_compactions(&self, py: Python<'_>) {
        py.detach(|| self.e.wait_for_compactions());
    }

    /// Counters, gauges and histograms in the Prometheus text format.
    fn metrics_text(&self) -> String {
        self.e.metrics_text()
    }

    /// The engine directory.
    #[getter]
    fn path(&self) -> PathBuf {
        self.e.path().to_path_buf()
    }

    fn __repr__(&self) -> String {
        format!(
            "<ona.Engine {:?}, {} tenants>",
            self.e.path(),
            self.e.tenants().len()
        )
    }
}

/// The shared body of `apply_events` (`streaming`) and `import_edges`.
#[allow(clippy::too_many_arguments)]
fn ingest<'py>(
    py: Python<'py>,
    t: &Tenant,
    graph: &str,
    src: &Bound<'py, PyAny>,
    dst: &Bound<'py, PyAny>,
    [weight, ts, op, event_id]: [Option<&Bound<'py, PyAny>>; 4],
    (source, partition, offset): (Option<&str>, u32, Option<u64>),
    streaming: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let position = match (source, offset) {
        (Some(s), Some(o)) => Some((s, partition, o)),
        (None, None) => None,
        _ => return Err(invalid(py, "source= and offset= go together")),
    };
    let mut held = EventHeld::default();
    let c = convert::event_columns(src, dst, weight, ts, op, event_id, &mut held)?;
    let a = run_engine(py, |exec| {
        c.with_batch(exec, graph, position, |b| {
            if streaming {
                t.apply(graph, b)
            } else {
                t.import(graph, b)
            }
        })
    })?;
    applied(py, a)
}

#[pymethods]
impl PyTenant {
    /// The tenant id.
    #[getter]
    fn id(&self) -> &str {
        self.t.id().as_str()
    }

    /// Its tier: 'demo', 'basic', 'professional' or 'enterprise'.
    #[getter]
    fn tier(&self) -> &'static str {
        self.t.tier().as_str()
    }

    /// Its tier's limits (None = unlimited): max_nodes, max_graphs,
    /// max_memory_bytes, max_events_per_second (0: no streaming),
    /// concurrency, exact_budget_seconds.
    fn limits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let l = self.t.limits();
        let d = PyDict::new(py);
        d.set_item("max_nodes", l.max_nodes)?;
        d.set_item("max_graphs", l.max_graphs)?;
        d.set_item("max_memory_bytes", l.max_memory_bytes)?;
        d.set_item("max_events_per_second", l.max_events_per_second)?;
        d.set_item("concurrency", l.concurrency)?;
        d.set_item("exact_budget_seconds", l.exact_budget_seconds)?;
        Ok(d)
    }

    /// Bytes held by its graphs, deltas, event logs and writer tables.
    fn memory_bytes(&self) -> u64 {
        self.t.memory_bytes()
    }

    /// Names of its graphs.
    fn graphs(&self) -> Vec<String> {
        self.t.graphs().iter().map(ToString::to_string).collect()
    }

    /// Create graph ``name`` (a no-op if it exists the same way;
    /// ``ona.ConflictError`` if it exists with the other direction).
    /// Graphs that ``apply_events`` creates are directed.
    #[pyo3(signature = (name, directed=true))]
    fn create_graph(&self, py: Python<'_>, name: &str, directed: bool) -> PyResult<()> {
        guard(py, || {
            run_engine(py, |_| self.t.create_graph(name, GraphOptions { directed }))
        })
    }

    /// Stream a batch of edge events into graph ``graph`` (created directed
    /// if new): all or nothing, rate-limited by the tier (Demo and Basic
    /// have no streaming: use ``import_edges``), idempotent by ``event_id``
    /// and by source offset. ``src``, ``dst``: ids as ``Graph.from_edges``
    /// takes them; ``weight``: floats (default 1); ``ts``: int64 event times
    /// (windows use the same unit); ``op``: 'add' (default; adds the weight),
    /// 'remove', 'set', one per row or one for all, or uint8 codes 0 / 1 / 2;
    /// ``event_id``: non-negative ints, an id seen before is skipped;
    /// ``source`` / ``partition`` / ``offset``: where row 0 came from (row i
    /// has offset ``offset + i``; rows below the stored offset are skipped).
    /// Returns ``{'version', 'applied', 'skipped', 'new_nodes'}``. Errors:
    /// ``ona.LimitExceeded`` (tier limit; nothing applied),
    /// ``ona.InvalidEvent`` (a bad row), ``ona.ConflictError`` (int keys
    /// into a str-keyed graph or vice versa). The GIL is released.
    #[pyo3(signature = (graph, src, dst, weight=None, ts=None, op=None, event_id=None, *, source=None, partition=0, offset=None))]
    #[allow(clippy::too_many_arguments)]
    fn apply_events<'py>(
        &self,
        py: Python<'py>,
        graph: &str,
        src: &Bound<'py, PyAny>,
        dst: &Bound<'py, PyAny>,
        weight: Option<&Bound<'py, PyAny>>,
        ts: Option<&Bound<'py, PyAny>>,
        op: Option<&Bound<'py, PyAny>>,
        event_id: Option<&Bound<'py, PyAny>>,
        source: Option<&str>,
        partition: u32,
        offset: Option<u64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let cols = [weight, ts, op, event_id];
        guard(py, || {
            ingest(
                py,
                &self.t,
                graph,
                src,
                dst,
                cols,
                (source, partition, offset),
                true,
            )
        })
    }

    /// Load a batch like ``apply_events`` outside the streaming rate limit
    /// (bulk imports; how Demo and Basic tenants load data). Node and
    /// memory limits still apply.
    #[pyo3(signature = (graph, src, dst, weight=None, ts=None, op=None, event_id=None, *, source=None, partition=0, offset=None))]
    #[allow(clippy::too_many_arguments)]
    fn import_edges<'py>(
        &self,
        py: Python<'py>,
        graph: &str,
        src: &Bound<'py, PyAny>,
        dst: &Bound<'py, PyAny>,
        weight: Option<&Bound<'py, PyAny>>,
        ts: Option<&Bound<'py, PyAny>>,
        op: Option<&Bound<'py, PyAny>>,
        event_id: Option<&Bound<'py, PyAny>>,
        source: Option<&str>,
        partition: u32,
        offset: Option<u64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let cols = [weight, ts, op, event_id];
        guard(py, || {
            ingest(
                py,
                &self.t,
                graph,
                src,
                dst,
                cols,
                (source, partition, offset),
                false,
            )
        })
    }

    /// The current version of graph ``name`` as an ``ona.Graph`` (weighted;
    /// ``.version`` set), or with ``window=(t0, t1)`` the graph of the
    /// events with ``t0 <= ts < t1`` only. The GIL is released.
    #[pyo3(signature = (name, window=None))]
    fn graph(&self, py: Python<'_>, name: &str, window: Option<(i64, i64)>) -> PyResult<PyGraph> {
        guard(py, || {
            let v = run_engine(py, |_| match window {
                Some((t0, t1)) => self.t.window(name, t0, t1),
                None => self.t.graph(name),
            })?;
            Ok(PyGraph::versioned(Arc::clone(v.graph()), v.version()))
        })
    }

    /// ``count`` windows of ``width`` ending at ``end``, ``end - step``, ...
    /// (oldest first), each an ``ona.Graph``.
    #[pyo3(signature = (name, *, end, width, step, count))]
    fn rolling(
        &self,
        py: Python<'_>,
        name: &str,
        end: i64,
        width: i64,
        step: i64,
        count: usize,
    ) -> PyResult<Vec<PyGraph>> {
        guard(py, || {
            let views = run_engine(py, |_| self.t.rolling(name, end, width, step, count))?;
            Ok(views
                .iter()
                .map(|v| PyGraph::versioned(Arc::clone(v.graph()), v.version()))
                .collect())
        })
    }

    /// The version number of graph ``name`` (no materialisation).
    fn version(&self, py: Python<'_>, name: &str) -> PyResult<u64> {
        guard(py, || self.t.version(name).py(py))
    }

    /// Live statistics of graph ``name``: version, nodes, edges,
    /// total_weight, mutual_pairs, components, incremental_components.
    fn stats<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let s = run_engine(py, |_| self.t.stats(name))?;
            let d = PyDict::new(py);
            d.set_item("version", s.version)?;
            d.set_item("nodes", s.nodes)?;
            d.set_item("edges", s.edges)?;
            d.set_item("total_weight", s.total_weight)?;
            d.set_item("mutual_pairs", s.mutual_pairs)?;
            d.set_item("components", s.components)?;
            d.set_item("incremental_components", s.incremental_components)?;
            Ok(d)
        })
    }

    /// PageRank of graph ``name``'s current version (weighted, power
    /// iteration warm-started from the previous result on this graph).
    /// Returns ``{'scores', 'graph', 'version', 'exact', 'error_bound'}``:
    /// scores aligned with ``graph.node_ids()``, ``error_bound`` the L1
    /// distance to the fixed point guaranteed. Ctrl-C cancels it.
    #[pyo3(signature = (name, alpha=0.85, tol=1e-6, max_iter=100))]
    fn pagerank<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        alpha: f64,
        tol: f64,
        max_iter: u32,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let cfg = PageRankConfig::default()
                .alpha(alpha)
                .tol(tol)
                .max_iter(max_iter);
            let s = run_engine(py, |exec| {
                self.t.pagerank(name, &cfg, Some(exec.token().clone()))
            })?;
            stamped(py, s)
        })
    }

    /// Betweenness (normalized) of graph ``name``'s current version.
    /// ``mode``: 'exact' (Brandes), 'approximate' (within ``epsilon`` with
    /// probability ``1 - delta``) or 'auto' (exact when the planner expects
    /// it to fit the tier's budget, else approximate with ε = 0.01,
    /// δ = 0.1). Returns the dict of ``pagerank``; ``exact`` says which ran.
    #[pyo3(signature = (name, mode="auto", epsilon=0.01, delta=0.1))]
    fn betweenness<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        mode: &str,
        epsilon: f64,
        delta: f64,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let mode = match mode {
                "auto" => BetweennessMode::Auto,
                "exact" => BetweennessMode::Exact,
                "approximate" => BetweennessMode::Approximate { epsilon, delta },
                _ => {
                    return Err(invalid(
                        py,
                        format!("mode={mode:?}: expected 'auto', 'exact' or 'approximate'"),
                    ));
                }
            };
            let s = run_engine(py, |exec| {
                self.t.betweenness(name, mode, Some(exec.token().clone()))
            })?;
            stamped(py, s)
        })
    }

    /// What ``algorithm`` would cost on graph ``name`` now (from its counts,
    /// no materialisation):
    /// ``{'memory_bytes', 'seconds', 'threads'}``. ``k``: hops of 'k_hop';
    /// ``samples``: samples of 'approx_betweenness'.
    #[pyo3(signature = (name, algorithm, *, k=2, samples=None))]
    fn estimate<'py>(
        &self,
        py: Python<'py>,
        name: &str,
        algorithm: &str,
        k: u32,
        samples: Option<u64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let algorithm = self::algorithm(py, algorithm, k, samples)?;
            let e = self.t.estimate_graph(name, algorithm).py(py)?;
            let d = PyDict::new(py);
            d.set_item("memory_bytes", e.memory_bytes)?;
            d.set_item("seconds", e.seconds)?;
            d.set_item("threads", e.threads)?;
            Ok(d)
        })
    }

    /// Stored next offset of every source partition of graph ``name``:
    /// ``[(source, partition, next_offset), ...]``.
    fn offsets(&self, py: Python<'_>, name: &str) -> PyResult<Vec<(String, u32, u64)>> {
        guard(py, || self.t.offsets(name).py(py))
    }

    /// Merge graph ``name``'s delta into a new base now (normally done in
    /// the background). The GIL is released.
    fn compact(&self, py: Python<'_>, name: &str) -> PyResult<()> {
        guard(py, || run_engine(py, |_| self.t.compact(name)))
    }

    /// Write every graph of this tenant whose version moved to disk;
    /// returns how many were written.
    fn snapshot(&self, py: Python<'_>) -> PyResult<usize> {
        guard(py, || run_engine(py, |_| self.t.snapshot()))
    }

    fn __repr__(&self) -> String {
        format!(
            "<ona.Tenant {:?} ({}), {} graphs>",
            self.t.id().as_str(),
            self.t.tier(),
            self.t.graphs().len()
        )
    }
}
