//! Triangles, clustering, k-cores and connected components.

use numpy::PyArray1;
use ona_core::algo::clustering as cl;
use ona_core::algo::components as comp;
use ona_core::algo::kcore;
use pyo3::prelude::*;

use crate::convert::{self, WeightArg, f64s, i64s_from_u32, i64s_from_u64, weight_flag};
use crate::errors::guard;
use crate::graph::PyGraph;
use crate::runtime::{CallOpts, run};

type I64s<'py> = PyResult<Bound<'py, PyArray1<i64>>>;

/// Values of `nodes` (external ids) picked from a per-node vector.
fn pick(g: &PyGraph, values: &[f64], nodes: &Bound<'_, PyAny>) -> PyResult<Vec<f64>> {
    Ok(convert::nodes(&g.g, nodes)?
        .iter()
        .map(|v| values[v.index()])
        .collect())
}

/// Triangles through each node (NetworkX ``triangles``), undirected graphs
/// only. int64 array; with ``nodes`` (ids) only those, in that order.
#[pyfunction]
#[pyo3(signature = (g, nodes=None, *, progress=None, timeout=None))]
pub(crate) fn triangles<'py>(
    py: Python<'py>,
    g: &PyGraph,
    nodes: Option<&Bound<'py, PyAny>>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let graph = &g.g;
        let t = run(py, CallOpts::new(progress, timeout), |exec| {
            cl::triangles(graph, &cl::TrianglesConfig::default(), exec)
        })?;
        match nodes.filter(|n| !n.is_none()) {
            Some(ns) => Ok(i64s_from_u64(
                py,
                convert::nodes(graph, ns)?
                    .iter()
                    .map(|v| t[v.index()])
                    .collect(),
            )),
            None => Ok(i64s_from_u64(py, t)),
        }
    })
}

/// Local clustering coefficients (NetworkX ``clustering``; directed graphs:
/// Fagiolo's definition; ``weight``: geometric mean of normalised weights).
/// float64 array; with ``nodes`` (ids) only those, in that order.
#[pyfunction]
#[pyo3(signature = (g, nodes=None, weight=None, *, progress=None, timeout=None))]
pub(crate) fn clustering<'py>(
    py: Python<'py>,
    g: &PyGraph,
    nodes: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(py, || {
        let cfg = cl::ClusteringConfig::default().weighted(weight_flag(py, g, weight, "weight")?);
        let graph = &g.g;
        let c = run(py, CallOpts::new(progress, timeout), |exec| {
            cl::clustering(graph, &cfg, exec)
        })?;
        match nodes.filter(|n| !n.is_none()) {
            Some(ns) => Ok(f64s(py, pick(g, &c, ns)?)),
            None => Ok(f64s(py, c.0)),
        }
    })
}

/// Mean clustering coefficient (NetworkX ``average_clustering``), over
/// ``nodes`` (ids) if given; ``count_zeros=False`` leaves out nodes with
/// zero clustering.
#[pyfunction]
#[pyo3(signature = (g, nodes=None, weight=None, count_zeros=true, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn average_clustering<'py>(
    py: Python<'py>,
    g: &PyGraph,
    nodes: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    count_zeros: bool,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<f64> {
    guard(py, || {
        let w = weight_flag(py, g, weight, "weight")?;
        let graph = &g.g;
        let opts = CallOpts::new(progress, timeout);
        let Some(ns) = nodes.filter(|n| !n.is_none()) else {
            let cfg = cl::AverageClusteringConfig::default()
                .weighted(w)
                .count_zeros(count_zeros);
            return run(py, opts, |exec| cl::average_clustering(graph, &cfg, exec));
        };
        let c = run(py, opts, |exec| {
            cl::clustering(graph, &cl::ClusteringConfig::default().weighted(w), exec)
        })?;
        let mut picked = pick(g, &c, ns)?;
        if !count_zeros {
            picked.retain(|&x| x != 0.0);
        }
        if picked.is_empty() {
            return Err(crate::errors::to_py(
                py,
                &ona_core::Error::EmptyGraph {
                    operation: "average_clustering over no nodes",
                },
            ));
        }
        #[allow(clippy::cast_precision_loss)] // node counts far below 2^53
        Ok(picked.iter().sum::<f64>() / picked.len() as f64)
    })
}

/// Transitivity (NetworkX ``transitivity``): 3 × triangles / connected triples.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn transitivity<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<f64> {
    guard(py, || {
        let graph = &g.g;
        run(py, CallOpts::new(progress, timeout), |exec| {
            cl::transitivity(graph, &cl::TransitivityConfig::default(), exec)
        })
    })
}

/// Core number of each node (NetworkX ``core_number``); graphs with self
/// loops are refused, as NetworkX does. int64 array.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn core_number<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            kcore::core_number(graph, &kcore::CoreNumberConfig::default(), exec)
        })?;
        Ok(i64s_from_u32(py, &p))
    })
}

/// Connected components as one int64 label per node (NetworkX yields sets:
/// use ``ona.components_to_sets``). Labels are ``0..k`` numbered in order of
/// each component's first node. Directed graphs give their weak components.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn connected_components<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            comp::connected_components(graph, &comp::ComponentsConfig::default(), exec)
        })?;
        Ok(i64s_from_u32(py, &p))
    })
}

/// Weakly connected components, labelled as ``connected_components``.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn weakly_connected_components<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            comp::weakly_connected_components(graph, &comp::ComponentsConfig::default(), exec)
        })?;
        Ok(i64s_from_u32(py, &p))
    })
}

/// Strongly connected components, labelled as ``connected_components``
/// (undirected graphs: their connected components).
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn strongly_connected_components<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            comp::strongly_connected_components(
                graph,
                &comp::StrongComponentsConfig::default(),
                exec,
            )
        })?;
        Ok(i64s_from_u32(py, &p))
    })
}

/// Number of (weakly) connected components.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn number_connected_components<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<usize> {
    guard(py, || {
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            comp::weakly_connected_components(graph, &comp::ComponentsConfig::default(), exec)
        })?;
        Ok(comp::number_of_components(&p))
    })
}

/// Number of weakly connected components.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn number_weakly_connected_components<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<usize> {
    number_connected_components(py, g, progress, timeout)
}

/// Number of strongly connected components.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn number_strongly_connected_components<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<usize> {
    guard(py, || {
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            comp::strongly_connected_components(
                graph,
                &comp::StrongComponentsConfig::default(),
                exec,
            )
        })?;
        Ok(comp::number_of_components(&p))
    })
}
