//! Conversions of the ONA layer's arguments and results: a `groups=`
//! argument (an attribute name or per-node values) into a categorical column,
//! direction names, and the multi-part results (E-I index, mixing matrix,
//! brokerage roles) into dicts of numpy arrays.

use std::borrow::Cow;

use numpy::{IntoPyArray, PyArrayMethods};
use ona_core::algo::centrality::Direction;
use ona_core::graph::{Categorical, MISSING};
use ona_core::ona::{Brokerage, EiIndex, GroupMixing};
use ona_core::{Error, Graph};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::convert::{self, f64s, i64s_from_u32, i64s_from_u64};
use crate::errors::{invalid, invalid_type, to_py};

/// Code of a `groups=` / attribute name the graph does not have (the
/// engine's "not found" code, shared with the Node addon).
pub(crate) const UNKNOWN_ATTRIBUTE: &str = "ONA_NOT_FOUND";

/// `ona.UnknownAttribute` (a `KeyError` and an `ona.NotFound`) for `name`.
pub(crate) fn unknown_attribute(py: Python<'_>, g: &Graph, name: &str) -> PyErr {
    let known: Vec<&str> = g.attributes().names().collect();
    let message = format!("the graph has no node attribute {name:?} (it has {known:?})");
    let built = (|| -> PyResult<PyErr> {
        let exc = py.import("ona")?.getattr("UnknownAttribute")?.call1((message.clone(),))?;
        exc.setattr("code", UNKNOWN_ATTRIBUTE)?;
        exc.setattr("attribute", name)?;
        Ok(PyErr::from_value(exc))
    })();
    built.unwrap_or_else(|e| e)
}

/// Attribute `name` of `g`, or `ona.UnknownAttribute`.
pub(crate) fn attribute<'g>(py: Python<'_>, g: &'g Graph, name: &str) -> PyResult<&'g Categorical> {
    g.attributes().get(name).ok_or_else(|| unknown_attribute(py, g, name))
}

/// One group label: `None` is missing, a str is itself, anything else its `str()`.
fn label(v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Some(s.to_str()?.to_owned()));
    }
    Ok(Some(v.str()?.to_str()?.to_owned()))
}

/// Per-node labels: a mapping from node id (absent ids are missing) or a
/// sequence in node order (one per node).
pub(crate) fn labels(g: &Graph, values: &Bound<'_, PyAny>) -> PyResult<Vec<Option<String>>> {
    let py = values.py();
    let n = g.node_count();
    if let Ok(d) = values.cast::<PyDict>() {
        let mut out = vec![None; n];
        for (k, v) in d.iter() {
            out[convert::node(g, &k)?.index()] = label(&v)?;
        }
        return Ok(out);
    }
    if values.is_instance_of::<PyString>() {
        return Err(invalid_type(py, "values must be a mapping from node id or a sequence in node order, not a str"));
    }
    let seq = if values.hasattr("tolist")? { values.call_method0("tolist")? } else { values.clone() };
    let out = seq
        .try_iter()
        .map_err(|_| invalid_type(py, "values must be a mapping from node id or a sequence in node order"))?
        .map(|v| label(&v?))
        .collect::<PyResult<Vec<_>>>()?;
    if out.len() != n {
        return Err(to_py(py, &Error::LengthMismatch { what: "per-node values", expected: n as u64, found: out.len() as u64 }));
    }
    Ok(out)
}

/// A `groups=` argument: the name of a categorical attribute of `g`
/// (borrowed), or per-node values as [`labels`] takes them (encoded here).
pub(crate) fn groups<'g>(g: &'g Graph, arg: &Bound<'_, PyAny>) -> PyResult<Cow<'g, Categorical>> {
    let py = arg.py();
    if let Ok(name) = arg.cast::<PyString>() {
        return Ok(Cow::Borrowed(attribute(py, g, name.to_str()?)?));
    }
    Categorical::from_values(&labels(g, arg)?).map(Cow::Owned).map_err(|e| to_py(py, &e))
}

/// Group names (the column's dictionary) as a list of str.
pub(crate) fn group_names<'py>(py: Python<'py>, c: &Categorical) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, c.dictionary().iter().map(|s| &**s))
}

/// A column's per-node values: str, or None where missing.
pub(crate) fn values<'py>(py: Python<'py>, c: &Categorical) -> PyResult<Bound<'py, PyList>> {
    PyList::new(py, c.codes().iter().map(|&code| if code == MISSING { None } else { c.dictionary().get(code as usize).map(|s| &**s) }))
}

/// `direction=`: 'out', 'in' or 'both'.
pub(crate) fn direction(py: Python<'_>, s: &str) -> PyResult<Direction> {
    match s {
        "out" => Ok(Direction::Out),
        "in" => Ok(Direction::In),
        "both" => Ok(Direction::Both),
        _ => Err(invalid(py, format!("direction={s:?}: expected 'out', 'in' or 'both'"))),
    }
}

/// `(k, k)` int64 / float64 numpy matrices from row-major vectors.
fn square<'py, T: numpy::Element>(py: Python<'py>, v: Vec<T>, k: usize) -> PyResult<Bound<'py, PyAny>> {
    Ok(v.into_pyarray(py).reshape([k, k])?.into_any())
}

/// An E-I index as a dict.
pub(crate) fn ei_dict<'py>(py: Python<'py>, e: EiIndex, c: &Categorical) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("node", f64s(py, e.node.into_vec()))?;
    d.set_item("node_external", f64s(py, e.node_external))?;
    d.set_item("node_internal", f64s(py, e.node_internal))?;
    d.set_item("groups", group_names(py, c)?)?;
    d.set_item("group", f64s(py, e.group))?;
    d.set_item("group_external", f64s(py, e.group_external))?;
    d.set_item("group_internal", f64s(py, e.group_internal))?;
    d.set_item("network", e.network)?;
    d.set_item("network_external", e.network_external)?;
    d.set_item("network_internal", e.network_internal)?;
    Ok(d)
}

/// A mixing matrix as a dict of `(k, k)` arrays.
pub(crate) fn mixing_dict<'py>(py: Python<'py>, m: GroupMixing, c: &Categorical) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let k = m.groups;
    d.set_item("groups", group_names(py, c)?)?;
    d.set_item("sizes", i64s_from_u64(py, m.sizes))?;
    d.set_item("counts", square(py, m.counts.into_iter().map(|x| i64::try_from(x).unwrap_or(i64::MAX)).collect(), k)?)?;
    d.set_item("weights", square(py, m.weights, k)?)?;
    d.set_item("density", square(py, m.density, k)?)?;
    Ok(d)
}

/// Gould–Fernandez role counts as a dict of int64 arrays.
pub(crate) fn brokerage_dict(py: Python<'_>, b: Brokerage) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("total", i64s_from_u64(py, b.total()))?;
    d.set_item("coordinator", i64s_from_u64(py, b.coordinator))?;
    d.set_item("itinerant", i64s_from_u64(py, b.itinerant))?;
    d.set_item("representative", i64s_from_u64(py, b.representative))?;
    d.set_item("gatekeeper", i64s_from_u64(py, b.gatekeeper))?;
    d.set_item("liaison", i64s_from_u64(py, b.liaison))?;
    Ok(d)
}

/// `(n, 2)` float64 coordinates.
pub(crate) fn positions(py: Python<'_>, p: Vec<[f64; 2]>) -> PyResult<Bound<'_, PyAny>> {
    let n = p.len();
    Ok(p.into_iter().flatten().collect::<Vec<f64>>().into_pyarray(py).reshape([n, 2])?.into_any())
}

/// Every tie as a dict of columns (see `ona.ties`).
pub(crate) fn ties_dict<'py>(py: Python<'py>, g: &Graph, t: ona_core::ona::Ties) -> PyResult<Bound<'py, PyDict>> {
    use ona_core::ona::TieKind;
    let (u, v): (Vec<_>, Vec<_>) = t.edges.into_iter().unzip();
    let kind = |k: &TieKind| match k {
        TieKind::Strong => "strong",
        TieKind::Diverse => "diverse",
        TieKind::Other => "other",
    };
    let d = PyDict::new(py);
    d.set_item("u", convert::externals(py, g, &u)?)?;
    d.set_item("v", convert::externals(py, g, &v)?)?;
    d.set_item("weight", f64s(py, t.weight))?;
    d.set_item("overlap", f64s(py, t.overlap))?;
    d.set_item("score", f64s(py, t.score))?;
    d.set_item("kind", PyList::new(py, t.kind.iter().map(kind))?)?;
    d.set_item("strong_weight", t.strong_weight)?;
    Ok(d)
}

/// Ego summaries as a dict of per-node columns.
pub(crate) fn ego_dict(py: Python<'_>, e: ona_core::ona::EgoSummaries) -> PyResult<Bound<'_, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("size", i64s_from_u32(py, &e.size))?;
    d.set_item("ties_among_alters", i64s_from_u64(py, e.ties_among_alters))?;
    d.set_item("density", f64s(py, e.density.into_vec()))?;
    d.set_item("strength", f64s(py, e.strength.into_vec()))?;
    if let Some(r) = e.groups_reached {
        d.set_item("groups_reached", i64s_from_u32(py, &r))?;
    }
    Ok(d)
}

fn overload_row<'py>(py: Python<'py>, g: &Graph, r: &ona_core::ona::GroupOverload) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("size", r.size)?;
    d.set_item("total", r.total)?;
    d.set_item("top_share", r.top_share)?;
    d.set_item("gini", r.gini)?;
    d.set_item("top", convert::externals(py, g, &r.top)?)?;
    d.set_item("suppressed", r.suppressed)?;
    d.set_item("suppressed_reason", r.suppressed_reason.as_deref())?;
    Ok(d)
}

/// Collaboration overload as a dict (see `ona.collaboration_overload`).
pub(crate) fn overload_dict<'py>(py: Python<'py>, g: &Graph, o: ona_core::ona::Overload, c: &Categorical) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("load", f64s(py, o.load.into_vec()))?;
    d.set_item("network", overload_row(py, g, &o.network)?)?;
    d.set_item("group_names", group_names(py, c)?)?;
    let rows = o.groups.iter().map(|r| overload_row(py, g, r)).collect::<PyResult<Vec<_>>>()?;
    d.set_item("groups", PyList::new(py, rows)?)?;
    Ok(d)
}
