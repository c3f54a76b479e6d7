//! `ona.temporal_diff` and `ona.TemporalDiff`: what changed between two
//! versions of a network (`ona_core::ona::diff::temporal_diff`), with people
//! matched by external id and every person reported by that id.

use std::sync::Arc;

use ona_core::graph::ExternalId;
use ona_core::ona::diff::{self as d, PersonId, TemporalConfig, TemporalDiff};
use ona_core::ona::{PackConfig, PrivacyConfig};
use ona_core::{Graph, NodeId};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::{self, WeightArg, f64s, i64s_from_u32, weight_flag};
use crate::errors::{guard, invalid};
use crate::graph::PyGraph;
use crate::ona_convert as oc;
use crate::runtime::{CallOpts, run};

/// What changed between two graphs of (partly) the same people: see
/// ``ona.temporal_diff``.
#[pyclass(name = "TemporalDiff", module = "ona", frozen)]
pub(crate) struct PyTemporalDiff {
    d: TemporalDiff,
    before: Arc<Graph>,
    after: Arc<Graph>,
}

fn id_object<'py>(py: Python<'py>, id: Option<ExternalId<'_>>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match id {
        Some(ExternalId::U64(x)) => x.into_pyobject(py)?.into_any(),
        Some(ExternalId::Str(s)) => s.into_pyobject(py)?.into_any(),
        None => py.None().into_bound(py),
    })
}

impl PyTemporalDiff {
    /// External ids of `people` (from the earlier graph if there, else the later one).
    fn ids<'py>(&self, py: Python<'py>, people: impl IntoIterator<Item = PersonId>) -> PyResult<Bound<'py, PyList>> {
        let m = &self.d.graph.people;
        let ids =
            people.into_iter().map(|p| id_object(py, m.external(p, self.before.ids(), self.after.ids()))).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, ids)
    }

    fn ties<'py>(&self, py: Python<'py>, t: &[d::Tie]) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        out.set_item("u", self.ids(py, t.iter().map(|x| x.a))?)?;
        out.set_item("v", self.ids(py, t.iter().map(|x| x.b))?)?;
        out.set_item("weight", f64s(py, t.iter().map(|x| x.weight).collect()))?;
        Ok(out)
    }

    fn changes<'py>(&self, py: Python<'py>, c: &[d::Change]) -> PyResult<Bound<'py, PyList>> {
        let rows = c
            .iter()
            .map(|x| -> PyResult<Bound<'py, PyDict>> {
                let row = PyDict::new(py);
                row.set_item("id", self.ids(py, [x.person])?.get_item(0)?)?;
                row.set_item("before", x.before)?;
                row.set_item("after", x.after)?;
                row.set_item("delta", x.delta)?;
                Ok(row)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, rows)
    }
}

#[pymethods]
impl PyTemporalDiff {
    /// Whether the ties are directed.
    #[getter]
    fn directed(&self) -> bool {
        self.d.graph.directed
    }

    /// Counts: ``people_before``, ``people_after``, ``stayed``, ``joined``,
    /// ``left``, ``ties_before``, ``ties_after``, ``kept``, ``formed``,
    /// ``lost``, ``reweighted`` (ints) and ``weight_before``,
    /// ``weight_after`` (floats).
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.d.graph.summary;
        let out = PyDict::new(py);
        for (k, v) in [
            ("people_before", s.people_before),
            ("people_after", s.people_after),
            ("stayed", s.stayed),
            ("joined", s.joined),
            ("left", s.left),
            ("ties_before", s.ties_before),
            ("ties_after", s.ties_after),
            ("kept", s.kept),
            ("formed", s.formed),
            ("lost", s.lost),
            ("reweighted", s.reweighted),
        ] {
            out.set_item(k, v)?;
        }
        out.set_item("weight_before", s.weight_before)?;
        out.set_item("weight_after", s.weight_after)?;
        Ok(out)
    }

    /// Ids of the people only in the later graph.
    #[getter]
    fn joined<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.ids(py, self.d.graph.people.joined())
    }

    /// Ids of the people only in the earlier graph.
    #[getter]
    fn left<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.ids(py, self.d.graph.people.left())
    }

    /// Ties only in the later graph: ``u``, ``v`` (ids; ``u`` before ``v``
    /// when undirected, in the earlier graph's node order then joiners) and
    /// float64 ``weight``.
    #[getter]
    fn formed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.ties(py, &self.d.graph.formed)
    }

    /// Ties only in the earlier graph, as ``formed``.
    #[getter]
    fn lost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.ties(py, &self.d.graph.lost)
    }

    /// Ties in both whose weight changed: ``u``, ``v`` (ids), float64
    /// ``before`` and ``after``.
    #[getter]
    fn reweighted<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let r = &self.d.graph.reweighted;
        let out = PyDict::new(py);
        out.set_item("u", self.ids(py, r.iter().map(|x| x.a))?)?;
        out.set_item("v", self.ids(py, r.iter().map(|x| x.b))?)?;
        out.set_item("before", f64s(py, r.iter().map(|x| x.before).collect()))?;
        out.set_item("after", f64s(py, r.iter().map(|x| x.after).collect()))?;
        Ok(out)
    }

    /// Ids of the people in both graphs: the order of every ``metrics`` array.
    #[getter]
    fn stayed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let nodes: Vec<NodeId> = self.d.metrics.people.iter().filter_map(|&p| self.d.graph.people.before(p)).collect();
        convert::externals(py, &self.before, &nodes)
    }

    /// Per metric, a dict of float64 arrays ``before``, ``after`` and
    /// ``delta`` (after - before), aligned with ``stayed``.
    #[getter]
    fn metrics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for m in &self.d.metrics.metrics {
            let x = PyDict::new(py);
            x.set_item("before", f64s(py, m.before.clone()))?;
            x.set_item("after", f64s(py, m.after.clone()))?;
            x.set_item("delta", f64s(py, m.delta.clone()))?;
            out.set_item(&m.name, x)?;
        }
        Ok(out)
    }

    /// The ``k`` largest increases and decreases of ``metric``: a dict
    /// ``increases`` (largest first) and ``decreases`` (most negative
    /// first), lists of dicts ``id``, ``before``, ``after``, ``delta``.
    /// Zero and NaN changes are left out; ties go to the earlier person.
    #[pyo3(signature = (metric, k=10))]
    fn top_changes<'py>(&self, py: Python<'py>, metric: &str, k: usize) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            if k == 0 {
                return Err(invalid(py, "k must be at least 1"));
            }
            let t = self.d.metrics.top_changes(metric, k).map_err(|e| crate::errors::to_py(py, &e))?;
            let out = PyDict::new(py);
            out.set_item("increases", self.changes(py, &t.increases)?)?;
            out.set_item("decreases", self.changes(py, &t.decreases)?)?;
            Ok(out)
        })
    }

    /// With ``pack=True``: per Cross & Parker role ('central_connector',
    /// 'broker', ...), a dict ``count_before``, ``count_after`` and id lists
    /// ``became``, ``stopped``, ``kept``, ``joined_as``, ``left_as``; else None.
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(r) = &self.d.roles else { return Ok(None) };
        let out = PyDict::new(py);
        for c in &r.roles {
            let x = PyDict::new(py);
            x.set_item("count_before", c.count_before)?;
            x.set_item("count_after", c.count_after)?;
            x.set_item("became", self.ids(py, c.became.iter().copied())?)?;
            x.set_item("stopped", self.ids(py, c.stopped.iter().copied())?)?;
            x.set_item("kept", self.ids(py, c.kept.iter().copied())?)?;
            x.set_item("joined_as", self.ids(py, c.joined_as.iter().copied())?)?;
            x.set_item("left_as", self.ids(py, c.left_as.iter().copied())?)?;
            out.set_item(&c.role, x)?;
        }
        Ok(Some(out))
    }

    /// Louvain community of every node of the earlier graph (int64, node order).
    #[getter]
    fn communities_before<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        i64s_from_u32(py, &self.d.communities_before.0).into_any()
    }

    /// Louvain community of every node of the later graph.
    #[getter]
    fn communities_after<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        i64s_from_u32(py, &self.d.communities_after.0).into_any()
    }

    /// How the communities changed: floats ``nmi``, ``ari``, ``vi`` (on
    /// the ``common`` people in both graphs; NaN without any), ``matches``
    /// (dicts ``before``, ``after`` (community labels), ``overlap``,
    /// ``jaccard``, ``size_before``, ``size_after``), ``splits`` (dicts
    /// ``before``, ``into``), ``merges`` (dicts ``after``, ``from``), and
    /// label lists ``new`` and ``vanished``.
    #[getter]
    fn drift<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dr = &self.d.drift;
        let out = PyDict::new(py);
        out.set_item("common", dr.common)?;
        out.set_item("nmi", dr.nmi)?;
        out.set_item("ari", dr.ari)?;
        out.set_item("vi", dr.vi)?;
        let matches = dr
            .matches
            .iter()
            .map(|m| -> PyResult<Bound<'py, PyDict>> {
                let x = PyDict::new(py);
                x.set_item("before", m.before)?;
                x.set_item("after", m.after)?;
                x.set_item("overlap", m.overlap)?;
                x.set_item("jaccard", m.jaccard)?;
                x.set_item("size_before", m.size_before)?;
                x.set_item("size_after", m.size_after)?;
                Ok(x)
            })
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item("matches", PyList::new(py, matches)?)?;
        let splits = dr
            .splits
            .iter()
            .map(|s| -> PyResult<Bound<'py, PyDict>> {
                let x = PyDict::new(py);
                x.set_item("before", s.before)?;
                x.set_item("into", &s.into)?;
                Ok(x)
            })
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item("splits", PyList::new(py, splits)?)?;
        let merges = dr
            .merges
            .iter()
            .map(|m| -> PyResult<Bound<'py, PyDict>> {
                let x = PyDict::new(py);
                x.set_item("after", m.after)?;
                x.set_item("from", &m.from)?;
                Ok(x)
            })
            .collect::<PyResult<Vec<_>>>()?;
        out.set_item("merges", PyList::new(py, merges)?)?;
        out.set_item("new", &dr.new)?;
        out.set_item("vanished", &dr.vanished)?;
        Ok(out)
    }

    fn __repr__(&self) -> String {
        let s = &self.d.graph.summary;
        format!(
            "<ona.TemporalDiff {} joined, {} left, {} ties formed, {} lost, {} reweighted, NMI {:.3}>",
            s.joined, s.left, s.formed, s.lost, s.reweighted, self.d.drift.nmi
        )
    }
}

/// What changed between two graphs of (partly) the same people, matched by
/// external id (an int id ``7`` matches the str id ``"7"``): people who
/// joined or left, ties formed, lost and reweighted (``weight``: compare
/// weights; changes up to ``weight_tolerance`` do not count), per-person
/// metric deltas (degree and strength; with ``pack=True`` every numeric
/// column of ``metric_pack`` and the Cross & Parker role changes, groups
/// from the categorical attribute ``group_by`` present on both graphs),
/// and community drift: seeded Louvain on both graphs, matched greedily by
/// Jaccard overlap (pairs below ``min_jaccard`` never match; a split or
/// merge piece holds at least ``min_share`` of a community), with NMI, ARI
/// and VI on the people in both. Same seed, same result.
#[pyfunction]
#[pyo3(signature = (before, after, *, group_by=None, pack=false, weight=Some(WeightArg::default_name()), weight_tolerance=0.0, min_share=0.25, min_jaccard=0.0, min_group_size=5, seed=0, progress=None, timeout=None), text_signature = "(before, after, *, group_by=None, pack=False, weight='weight', weight_tolerance=0.0, min_share=0.25, min_jaccard=0.0, min_group_size=5, seed=0, progress=None, timeout=None)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn temporal_diff<'py>(
    py: Python<'py>,
    before: &PyGraph,
    after: &PyGraph,
    group_by: Option<&str>,
    pack: bool,
    weight: Option<WeightArg>,
    weight_tolerance: f64,
    min_share: f64,
    min_jaccard: f64,
    min_group_size: usize,
    seed: u64,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<PyTemporalDiff> {
    guard(py, || {
        let (b, a) = (&before.g, &after.g);
        let diff = d::DiffConfig::default().weighted(weight_flag(py, before, weight, "weight")?).weight_tolerance(weight_tolerance);
        let drift = d::DriftConfig::default().min_share(min_share).min_jaccard(min_jaccard);
        let mut cfg = TemporalConfig::default().diff(diff).drift(drift);
        if pack {
            cfg = cfg.pack(PackConfig::default().privacy(PrivacyConfig::default().min_group_size(min_group_size)));
        }
        if let Some(name) = group_by {
            if !pack {
                return Err(invalid(py, "group_by needs pack=True (groups are used by the metric pack and its roles)"));
            }
            oc::attribute(py, b, name)?;
            oc::attribute(py, a, name)?;
            cfg = cfg.groups(name);
        }
        let t = run(py, CallOpts::new(progress, timeout).seed(Some(seed)), |exec| d::temporal_diff(b, a, &cfg, exec))?;
        Ok(PyTemporalDiff { d: t, before: Arc::clone(b), after: Arc::clone(a) })
    })
}
