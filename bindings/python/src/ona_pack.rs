//! `ona.metric_pack` and `ona.MetricPack`: every per-person and per-group
//! ONA measure in one call (`ona_core::ona::metric_pack`), as columns of
//! numpy arrays, an Arrow table (through pyarrow, when installed) and role
//! evidence per person.

use std::sync::Arc;

use numpy::IntoPyArray;
use ona_core::graph::{Categorical, MISSING};
use ona_core::ona::{self as o, ColumnRef, Comparison, MetricPack, PackConfig, PrivacyConfig};
use ona_core::{Graph, NodeId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert;
use crate::errors::{guard, invalid};
use crate::graph::PyGraph;
use crate::ona_convert as oc;
use crate::runtime::{CallOpts, run};

/// Every ONA measure of every person (and, with groups, every group) of a
/// graph: see ``ona.metric_pack``.
#[pyclass(name = "MetricPack", module = "ona", frozen)]
pub(crate) struct PyMetricPack {
    pack: MetricPack,
    g: Arc<Graph>,
    groups: Option<Categorical>,
}

/// One column as numpy (numbers) or a list (names); `group` codes as group
/// names (None where unknown).
fn column<'py>(py: Python<'py>, name: &str, c: ColumnRef<'_>, groups: Option<&Categorical>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match (c, groups) {
        (ColumnRef::U32(codes), Some(gr)) if name == "group" => PyList::new(
            py,
            codes
                .iter()
                .map(|&x| if x == MISSING { None } else { usize::try_from(x).ok().and_then(|i| gr.dictionary().get(i)).map(|s| &**s) }),
        )?
        .into_any(),
        (ColumnRef::F64(v), _) => v.to_vec().into_pyarray(py).into_any(),
        (ColumnRef::U32(v), _) => v.to_vec().into_pyarray(py).into_any(),
        (ColumnRef::U64(v), _) => v.to_vec().into_pyarray(py).into_any(),
        (ColumnRef::Str(v), _) => PyList::new(py, v.iter().copied())?.into_any(),
    })
}

fn table<'py>(
    py: Python<'py>,
    first: (&str, Bound<'py, PyAny>),
    cols: Vec<(&'static str, ColumnRef<'_>)>,
    groups: Option<&Categorical>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(first.0, first.1)?;
    for (name, c) in cols {
        d.set_item(name, column(py, name, c, groups)?)?;
    }
    Ok(d)
}

#[pymethods]
impl PyMetricPack {
    /// Per-person columns: ``id`` (the node ids), then every computed
    /// measure in a fixed order (float64 / uint32 / uint64 numpy arrays;
    /// ``group`` as group names, ``role`` and ``roles`` as lists of str).
    #[getter]
    fn people<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let ids: Vec<NodeId> = (0..self.g.node_count()).filter_map(|i| u32::try_from(i).ok().map(NodeId)).collect();
            table(py, ("id", convert::externals(py, &self.g, &ids)?), self.pack.columns(), self.groups.as_ref())
        })
    }

    /// Per-group columns (``group`` names first), one row per group with at
    /// least ``min_group_size`` members; None without groups.
    #[getter]
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        guard(py, || {
            let (Some(t), Some(gr)) = (&self.pack.groups, &self.groups) else { return Ok(None) };
            let mut cols = t.columns();
            cols.retain(|(n, _)| *n != "group");
            let names =
                PyList::new(py, t.group.iter().map(|&c| usize::try_from(c).ok().and_then(|i| gr.dictionary().get(i)).map(|s| &**s)))?;
            table(py, ("group", names.into_any()), cols, None).map(Some)
        })
    }

    /// Names of the groups left out of ``groups`` for being too small.
    #[getter]
    fn suppressed_groups(&self) -> Vec<String> {
        let (Some(t), Some(gr)) = (&self.pack.groups, &self.groups) else { return Vec::new() };
        t.suppressed.iter().filter_map(|&c| usize::try_from(c).ok().and_then(|i| gr.dictionary().get(i))).map(|s| s.to_string()).collect()
    }

    /// How the pack was computed: nodes, edges, directed, betweenness_exact
    /// (with epsilon, delta, samples when sampled), which optional columns
    /// exist, and network-level E-I index and overload with groups.
    #[getter]
    fn meta<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let m = &self.pack.meta;
        let d = PyDict::new(py);
        d.set_item("nodes", m.nodes)?;
        d.set_item("edges", m.edges)?;
        d.set_item("directed", m.directed)?;
        d.set_item("betweenness_exact", m.betweenness_exact)?;
        d.set_item("betweenness_epsilon", m.betweenness_epsilon)?;
        d.set_item("betweenness_delta", m.betweenness_delta)?;
        d.set_item("betweenness_samples", m.betweenness_samples)?;
        d.set_item("harmonic", m.harmonic)?;
        d.set_item("eigenvector", m.eigenvector)?;
        d.set_item("core_number", m.core_number)?;
        d.set_item("network_ei_index", m.network_ei_index)?;
        d.set_item("network_overload_top_share", m.network_overload_top_share)?;
        d.set_item("network_overload_gini", m.network_overload_gini)?;
        Ok(d)
    }

    /// The tests behind person ``id``'s role labels: a list of dicts
    /// ``role``, ``metric``, ``value``, ``percentile``,
    /// ``threshold_percentile``, ``threshold``, ``comparison`` ('at_least' /
    /// 'at_most'), ``scope`` ('network', 'absolute' or 'group:<name>') and
    /// ``passed``.
    fn evidence<'py>(&self, py: Python<'py>, id: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        guard(py, || {
            let v = convert::node(&self.g, id)?;
            let names: Vec<&str> = self.groups.as_ref().map(|g| g.dictionary().iter().map(|s| &**s).collect()).unwrap_or_default();
            let rows = self
                .pack
                .roles
                .evidence(v)
                .into_iter()
                .map(|e| -> PyResult<Bound<'py, PyDict>> {
                    let d = PyDict::new(py);
                    d.set_item("role", e.role.name())?;
                    d.set_item("metric", e.metric)?;
                    d.set_item("value", e.value)?;
                    d.set_item("percentile", e.percentile)?;
                    d.set_item("threshold_percentile", e.threshold_percentile)?;
                    d.set_item("threshold", e.threshold)?;
                    d.set_item("comparison", if e.comparison == Comparison::AtLeast { "at_least" } else { "at_most" })?;
                    d.set_item("scope", e.scope.label(&names))?;
                    d.set_item("passed", e.passed)?;
                    Ok(d)
                })
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, rows)
        })
    }

    /// ``people`` as a dict of numpy arrays (names as object arrays).
    fn to_numpy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let np = py.import("numpy")?;
        let out = PyDict::new(py);
        for (k, v) in self.people(py)?.iter() {
            out.set_item(k, np.call_method1("asarray", (v,))?)?;
        }
        Ok(out)
    }

    /// ``people`` (or, with ``table="groups"``, ``groups``) as a
    /// ``pyarrow.Table``; needs pyarrow.
    #[pyo3(signature = (table="people"))]
    fn to_arrow<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let cols = match table {
            "people" => self.people(py)?,
            "groups" => self.groups(py)?.ok_or_else(|| invalid(py, "this pack has no groups table (computed without groups)"))?,
            _ => return Err(invalid(py, format!("table={table:?}: expected 'people' or 'groups'"))),
        };
        py.import("pyarrow")?.call_method1("table", (cols,))
    }

    /// Write ``people`` to the Parquet file ``path`` (and the groups table
    /// to ``groups_path`` if given and there is one), zstd-compressed;
    /// needs pyarrow.
    #[pyo3(signature = (path, groups_path=None))]
    fn to_parquet(&self, py: Python<'_>, path: std::path::PathBuf, groups_path: Option<std::path::PathBuf>) -> PyResult<()> {
        let pq = py.import("pyarrow.parquet")?;
        let kw = PyDict::new(py);
        kw.set_item("compression", "zstd")?;
        pq.call_method("write_table", (self.to_arrow(py, "people")?, path), Some(&kw))?;
        if let (Some(gp), Some(_)) = (groups_path, &self.pack.groups) {
            pq.call_method("write_table", (self.to_arrow(py, "groups")?, gp), Some(&kw))?;
        }
        Ok(())
    }

    /// The Arrow PyCapsule stream of ``people`` (pandas, polars and pyarrow
    /// read a ``MetricPack`` directly); needs pyarrow.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyAny>> {
        self.to_arrow(py, "people")?.call_method1("__arrow_c_stream__", (requested_schema,))
    }

    fn __len__(&self) -> usize {
        self.g.node_count()
    }

    fn __repr__(&self) -> String {
        let groups = self.pack.groups.as_ref().map_or(0, |t| t.len());
        format!("<ona.MetricPack {} people, {} columns, {} groups shown>", self.g.node_count(), self.pack.columns().len() + 1, groups)
    }
}

/// Every ONA measure of every person in one call: degrees and strengths,
/// betweenness (exact up to ``exact_betweenness_max_nodes``, else sampled
/// with additive error ``betweenness_epsilon`` at confidence
/// 1 - ``betweenness_delta``), harmonic, PageRank, eigenvector, constraint,
/// effective size, clustering, core number, reciprocity (directed); with
/// ``groups`` (an attribute name or per-node values): group, E-I index,
/// cross-group share, external ties, brokerage (directed) and a per-group
/// table (groups under ``min_group_size`` members suppressed); then
/// two-step reach, strong and diverse ties, and Cross & Parker roles
/// (``role``, ``roles``) with their evidence (``MetricPack.evidence``).
/// ``seed`` drives sampled betweenness.
#[pyfunction]
#[pyo3(signature = (g, groups=None, *, exact_betweenness_max_nodes=None, betweenness_epsilon=None, betweenness_delta=None, min_group_size=5, seed=0, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn metric_pack<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: Option<&Bound<'py, PyAny>>,
    exact_betweenness_max_nodes: Option<usize>,
    betweenness_epsilon: Option<f64>,
    betweenness_delta: Option<f64>,
    min_group_size: usize,
    seed: u64,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<PyMetricPack> {
    guard(py, || {
        let graph = &g.g;
        let d = PackConfig::default();
        let cfg = PackConfig::default()
            .exact_betweenness_max_nodes(exact_betweenness_max_nodes.unwrap_or(d.exact_betweenness_max_nodes))
            .betweenness_epsilon(betweenness_epsilon.unwrap_or(d.betweenness_epsilon))
            .betweenness_delta(betweenness_delta.unwrap_or(d.betweenness_delta))
            .privacy(PrivacyConfig::default().min_group_size(min_group_size));
        let col = groups.filter(|x| !x.is_none()).map(|x| oc::groups(graph, x)).transpose()?.map(std::borrow::Cow::into_owned);
        let pack = run(py, CallOpts::new(progress, timeout).seed(Some(seed)), |exec| {
            o::metric_pack(graph, col.as_ref().map(Into::into), &cfg, exec)
        })?;
        Ok(PyMetricPack { pack, g: Arc::clone(graph), groups: col })
    })
}
