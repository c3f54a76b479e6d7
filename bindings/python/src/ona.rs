//! The ONA layer (`ona_core::ona`): structural holes, reciprocity, cut
//! points and bridges, group measures over a node attribute, brokerage
//! roles, layout, and node attributes themselves.
//!
//! `groups=` everywhere takes the *name* of a categorical node attribute of
//! the graph (as NetworkX's ``attribute`` argument), or per-node values
//! (a dict keyed by node id, or a sequence in node order).

use std::sync::Arc;

use numpy::PyArray1;
use ona_core::ona::{self as o, CutConfig, EiConfig, HolesConfig, ReciprocityConfig};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::convert::{self, WeightArg, f64s, i64s_from_u32, weight_flag};
use crate::errors::{guard, to_py};
use crate::graph::PyGraph;
use crate::ona_convert as oc;
use crate::runtime::{CallOpts, run};

type F64s<'py> = PyResult<Bound<'py, PyArray1<f64>>>;
type Opt<'py> = Option<Bound<'py, PyAny>>;

// ------------------------------------------------------------------ attributes

/// A copy of ``g`` with categorical node attribute ``name`` set (replaced if
/// present) from ``values``: a dict keyed by node id (absent nodes have no
/// value) or a sequence in node order; ``None`` is "no value", other values
/// are stored as their ``str()``. O(n + m): the graph is copied.
#[pyfunction]
pub(crate) fn with_node_attribute(py: Python<'_>, g: &PyGraph, name: &str, values: &Bound<'_, PyAny>) -> PyResult<PyGraph> {
    guard(py, || {
        let col = ona_core::graph::Categorical::from_values(&oc::labels(&g.g, values)?).map_err(|e| to_py(py, &e))?;
        let mut copy = (*g.g).clone();
        copy.set_categorical(name, col).map_err(|e| to_py(py, &e))?;
        Ok(PyGraph { g: Arc::new(copy), weight_name: g.weight_name.clone(), version: g.version })
    })
}

/// Values of node attribute ``name`` in node order (str, None where
/// missing); ``ona.UnknownAttribute`` (a KeyError) if there is none.
#[pyfunction]
pub(crate) fn node_attribute<'py>(py: Python<'py>, g: &PyGraph, name: &str) -> PyResult<Bound<'py, PyList>> {
    guard(py, || oc::values(py, oc::attribute(py, &g.g, name)?))
}

/// Names of the graph's categorical node attributes.
#[pyfunction]
pub(crate) fn node_attribute_names(g: &PyGraph) -> Vec<String> {
    g.g.attributes().names().map(str::to_owned).collect()
}

// ------------------------------------------------------------------ structural holes

fn holes_cfg(py: Python<'_>, g: &PyGraph, weight: Option<WeightArg>) -> PyResult<HolesConfig> {
    Ok(HolesConfig::default().weighted(weight_flag(py, g, weight, "weight")?))
}

macro_rules! holes_fn {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (g, weight=None, *, progress=None, timeout=None))]
        pub(crate) fn $name<'py>(py: Python<'py>, g: &PyGraph, weight: Option<WeightArg>, progress: Opt<'py>, timeout: Option<f64>) -> F64s<'py> {
            guard(py, || {
                let (graph, cfg) = (&g.g, holes_cfg(py, g, weight)?);
                let s = run(py, CallOpts::new(progress, timeout), |exec| o::$name(graph, &cfg, exec))?;
                Ok(f64s(py, s.into_vec()))
            })
        }
    };
}

holes_fn!(
    /// Burt's constraint of every node (NetworkX ``constraint``); NaN for
    /// isolated nodes. ``weight``: None (default), True / "weight".
    constraint
);
holes_fn!(
    /// Burt's effective size (NetworkX ``effective_size``); NaN for isolated nodes.
    effective_size
);
holes_fn!(
    /// Effective size / degree (NetworkX ``structuralholes`` efficiency).
    efficiency
);
holes_fn!(
    /// Burt's hierarchy: how concentrated a node's constraint is on one contact.
    hierarchy
);

/// All four structural-hole measures in one pass: a dict of float64 arrays
/// ``constraint``, ``effective_size``, ``efficiency``, ``hierarchy``.
#[pyfunction]
#[pyo3(signature = (g, weight=None, *, progress=None, timeout=None))]
pub(crate) fn structural_holes<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, cfg) = (&g.g, holes_cfg(py, g, weight)?);
        let h = run(py, CallOpts::new(progress, timeout), |exec| o::structural_holes(graph, &cfg, exec))?;
        let d = PyDict::new(py);
        d.set_item("constraint", f64s(py, h.constraint.into_vec()))?;
        d.set_item("effective_size", f64s(py, h.effective_size.into_vec()))?;
        d.set_item("efficiency", f64s(py, h.efficiency.into_vec()))?;
        d.set_item("hierarchy", f64s(py, h.hierarchy.into_vec()))?;
        Ok(d)
    })
}

// ------------------------------------------------------------------ reciprocity, cuts

/// Reciprocity of every node of a directed graph (NetworkX
/// ``reciprocity(G, G.nodes)``; NaN for isolated nodes). Undirected graphs:
/// ``ona.Unsupported``.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn reciprocity<'py>(py: Python<'py>, g: &PyGraph, progress: Opt<'py>, timeout: Option<f64>) -> F64s<'py> {
    guard(py, || {
        let graph = &g.g;
        let s = run(py, CallOpts::new(progress, timeout), |exec| o::reciprocity(graph, &ReciprocityConfig::default(), exec))?;
        Ok(f64s(py, s.into_vec()))
    })
}

/// Share of a directed graph's arcs that are reciprocated (NetworkX
/// ``overall_reciprocity``). Undirected or edgeless graphs: ``ona.Unsupported``.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn overall_reciprocity<'py>(py: Python<'py>, g: &PyGraph, progress: Opt<'py>, timeout: Option<f64>) -> PyResult<f64> {
    guard(py, || {
        let graph = &g.g;
        run(py, CallOpts::new(progress, timeout), |exec| o::overall_reciprocity(graph, &ReciprocityConfig::default(), exec))
    })
}

/// The bridges (NetworkX ``bridges``; directed graphs as their undirected
/// graph) as two aligned id columns ``(u, v)``, ``u`` before ``v`` in node
/// order, sorted.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn bridges<'py>(py: Python<'py>, g: &PyGraph, progress: Opt<'py>, timeout: Option<f64>) -> PyResult<Bound<'py, PyTuple>> {
    guard(py, || {
        let graph = &g.g;
        let b = run(py, CallOpts::new(progress, timeout), |exec| o::bridges(graph, &CutConfig::default(), exec))?;
        let (u, v): (Vec<_>, Vec<_>) = b.into_iter().unzip();
        PyTuple::new(py, [convert::externals(py, graph, &u)?, convert::externals(py, graph, &v)?])
    })
}

/// The articulation points (NetworkX ``articulation_points``), as ids in node order.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn articulation_points<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let graph = &g.g;
        let a = run(py, CallOpts::new(progress, timeout), |exec| o::articulation_points(graph, &CutConfig::default(), exec))?;
        convert::externals(py, graph, &a.points)
    })
}

/// Per node, the people its departure cuts off from the largest remaining
/// piece of its component (0 unless an articulation point); int64 array.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn cut_off<'py>(py: Python<'py>, g: &PyGraph, progress: Opt<'py>, timeout: Option<f64>) -> PyResult<Bound<'py, PyArray1<i64>>> {
    guard(py, || {
        let graph = &g.g;
        let a = run(py, CallOpts::new(progress, timeout), |exec| o::articulation_points(graph, &CutConfig::default(), exec))?;
        Ok(i64s_from_u32(py, &a.cut_off))
    })
}

// ------------------------------------------------------------------ groups

fn ei_cfg(py: Python<'_>, g: &PyGraph, direction: &str, weight: Option<WeightArg>) -> PyResult<EiConfig> {
    Ok(EiConfig::default().direction(oc::direction(py, direction)?).weighted(weight_flag(py, g, weight, "weight")?))
}

/// Krackhardt & Stern's E-I index per person, per group and for the
/// network: a dict with float64 arrays ``node`` (+ ``node_external``,
/// ``node_internal`` tie counts), ``groups`` (names), ``group`` (+
/// ``group_external``, ``group_internal``) and floats ``network`` (+
/// ``network_external``, ``network_internal``). ``direction``: 'both'
/// (default), 'out' or 'in' (directed graphs only, else ``ona.Unsupported``).
#[pyfunction]
#[pyo3(signature = (g, groups, *, direction="both", weight=None, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn ei_index<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: &Bound<'py, PyAny>,
    direction: &str,
    weight: Option<WeightArg>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, cfg, col) = (&g.g, ei_cfg(py, g, direction, weight)?, oc::groups(&g.g, groups)?);
        let e = run(py, CallOpts::new(progress, timeout), |exec| o::ei_index(graph, (&*col).into(), &cfg, exec))?;
        oc::ei_dict(py, e, &col)
    })
}

/// Each person's share of ties (or, with ``weight``, tie weight) that
/// reach another group; NaN without ties or group.
#[pyfunction]
#[pyo3(signature = (g, groups, *, direction="both", weight=None, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn cross_group_share<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: &Bound<'py, PyAny>,
    direction: &str,
    weight: Option<WeightArg>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let (graph, cfg, col) = (&g.g, ei_cfg(py, g, direction, weight)?, oc::groups(&g.g, groups)?);
        let s = run(py, CallOpts::new(progress, timeout), |exec| o::cross_group_share(graph, (&*col).into(), &cfg, exec))?;
        Ok(f64s(py, s.into_vec()))
    })
}

/// The group mixing matrix (NetworkX ``attribute_mixing_matrix`` counts,
/// unnormalised): a dict with ``groups`` (names, the row / column order),
/// ``sizes`` (int64), ``counts`` ((k, k) int64 ties), ``weights`` ((k, k)
/// float64 tie weights) and ``density`` ((k, k) float64).
#[pyfunction]
#[pyo3(signature = (g, groups, *, progress=None, timeout=None))]
pub(crate) fn group_mixing<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: &Bound<'py, PyAny>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, col) = (&g.g, oc::groups(&g.g, groups)?);
        let m = run(py, CallOpts::new(progress, timeout), |exec| o::group_mixing(graph, (&*col).into(), exec))?;
        oc::mixing_dict(py, m, &col)
    })
}

/// Nominal assortativity of ``groups`` (NetworkX
/// ``attribute_assortativity_coefficient``; people without a group are
/// left out, where NetworkX would count ``None`` as a group).
#[pyfunction]
#[pyo3(signature = (g, groups, *, progress=None, timeout=None))]
pub(crate) fn attribute_assortativity_coefficient<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: &Bound<'py, PyAny>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<f64> {
    guard(py, || {
        let (graph, col) = (&g.g, oc::groups(&g.g, groups)?);
        run(py, CallOpts::new(progress, timeout), |exec| o::attribute_assortativity(graph, (&*col).into(), exec))
    })
}

/// Gould & Fernandez brokerage roles of every person of a directed graph:
/// a dict of int64 arrays ``total``, ``coordinator``, ``itinerant``,
/// ``representative``, ``gatekeeper``, ``liaison``. Undirected graphs:
/// ``ona.Unsupported``.
#[pyfunction]
#[pyo3(signature = (g, groups, *, progress=None, timeout=None))]
pub(crate) fn brokerage<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: &Bound<'py, PyAny>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, col) = (&g.g, oc::groups(&g.g, groups)?);
        let cfg = o::BrokerageConfig::default();
        let b = run(py, CallOpts::new(progress, timeout), |exec| o::brokerage(graph, (&*col).into(), &cfg, exec))?;
        oc::brokerage_dict(py, b)
    })
}

// ------------------------------------------------------------------ drawing

/// Seeded Fruchterman–Reingold layout (NetworkX ``spring_layout``'s
/// parameters; Barnes–Hut with opening angle ``theta``, 0 = exact): an
/// ``(n, 2)`` float64 array. Same seed, same positions.
#[pyfunction]
#[pyo3(signature = (g, k=None, iterations=50, threshold=1e-4, weight=Some(WeightArg::default_name()), seed=0, *, theta=0.9, progress=None, timeout=None), text_signature = "(g, k=None, iterations=50, threshold=0.0001, weight='weight', seed=0, *, theta=0.9, progress=None, timeout=None)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn spring_layout<'py>(
    py: Python<'py>,
    g: &PyGraph,
    k: Option<f64>,
    iterations: u32,
    threshold: f64,
    weight: Option<WeightArg>,
    seed: u64,
    theta: f64,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let graph = &g.g;
        let cfg = o::LayoutConfig::default()
            .k(k)
            .iterations(iterations)
            .threshold(threshold)
            .weighted(weight_flag(py, g, weight, "weight")?)
            .theta(theta);
        let p = run(py, CallOpts::new(progress, timeout).seed(Some(seed)), |exec| o::spring_layout(graph, &cfg, exec))?;
        oc::positions(py, p)
    })
}
