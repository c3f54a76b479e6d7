//! Community detection, partition quality and partition comparison.
//!
//! Communities come back as one int64 label per node (``0..k``, numbered by
//! each community's first node), not NetworkX's list of sets: use
//! ``ona.components_to_sets`` to get those. Partitions given *to* ona may be
//! either a label array in node order or NetworkX's iterable of node-id sets.

use numpy::{PyArray1, PyArrayMethods};
use ona_core::Partition;
use ona_core::algo::community as cm;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::centrality::seed_or_random;
use crate::convert::{self, WeightArg, i64s_from_u32, weight_flag};
use crate::errors::{guard, invalid, invalid_type, to_py};
use crate::graph::PyGraph;
use crate::runtime::{CallOpts, run};

type I64s<'py> = PyResult<Bound<'py, PyArray1<i64>>>;

/// Labels from an int sequence / array (any non-negative ints).
fn label_array(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u32>> {
    let py = obj.py();
    let v: Vec<i64> = if obj.is_instance_of::<numpy::PyUntypedArray>() {
        let a = py
            .import("numpy")?
            .call_method1("asarray", (obj, "int64"))?;
        a.cast::<PyArray1<i64>>()
            .map_err(|_| invalid(py, format!("{what} must be one-dimensional")))?
            .to_vec()
            .map_err(|e| invalid(py, e.to_string()))?
    } else {
        obj.extract().map_err(|_| {
            invalid_type(
                py,
                format!("{what} must be integer labels or an iterable of node-id sets"),
            )
        })?
    };
    v.into_iter()
        .map(|x| {
            u32::try_from(x)
                .map_err(|_| invalid(py, format!("{what}: label {x} is not in 0..2**32-1")))
        })
        .collect()
}

/// A partition of `g`: labels in node order, or an iterable of sets of node
/// ids that covers every node exactly once.
pub(crate) fn partition(g: &PyGraph, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Partition> {
    let py = obj.py();
    let n = g.g.node_count();
    let first = obj.try_iter()?.next().transpose()?;
    let is_groups = first
        .as_ref()
        .is_some_and(|f| !f.is_instance_of::<PyString>() && f.try_iter().is_ok());
    if !is_groups {
        let labels = label_array(obj, what)?;
        if labels.len() != n {
            return Err(to_py(
                py,
                &ona_core::Error::LengthMismatch {
                    what: "partition labels",
                    expected: n as u64,
                    found: labels.len() as u64,
                },
            ));
        }
        return Ok(Partition(labels));
    }
    let mut labels = vec![u32::MAX; n];
    for (c, group) in obj.try_iter()?.enumerate() {
        let c = u32::try_from(c).map_err(|_| invalid(py, "too many communities"))?;
        for id in group?.try_iter()? {
            let v = convert::node(&g.g, &id?)?;
            if labels[v.index()] != u32::MAX {
                return Err(invalid(
                    py,
                    format!("{what}: node {} is in two communities", v.0),
                ));
            }
            labels[v.index()] = c;
        }
    }
    if let Some(v) = labels.iter().position(|&l| l == u32::MAX) {
        let id = convert::external(
            py,
            &g.g,
            ona_core::NodeId::try_from_index(v).map_err(|e| to_py(py, &e))?,
        )?;
        return Err(invalid(
            py,
            format!("{what} is not a partition: node {id} is in no community"),
        ));
    }
    Ok(Partition(labels))
}

fn objective(py: Python<'_>, s: &str) -> PyResult<cm::Objective> {
    match s {
        "modularity" => Ok(cm::Objective::Modularity),
        "cpm" | "CPM" => Ok(cm::Objective::Cpm),
        _ => Err(invalid(
            py,
            format!("objective={s:?}: expected 'modularity' or 'cpm'"),
        )),
    }
}

/// Louvain communities (NetworkX ``louvain_communities``): an int64 label per
/// node. Deterministic for a given ``seed`` at any thread count (not
/// NetworkX's random stream).
#[pyfunction]
#[pyo3(
    signature = (g, weight=Some(WeightArg::default_name()), resolution=1.0, threshold=1e-7, max_level=None, seed=None, *, progress=None, timeout=None),
    text_signature = "(g, weight='weight', resolution=1.0, threshold=1e-07, max_level=None, seed=None, *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn louvain_communities<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    resolution: f64,
    threshold: f64,
    max_level: Option<u32>,
    seed: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let r = louvain_run(
            py, g, weight, resolution, threshold, max_level, seed, progress, timeout,
        )?;
        Ok(i64s_from_u32(py, &r.partition))
    })
}

#[allow(clippy::too_many_arguments)]
fn louvain_run<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    resolution: f64,
    threshold: f64,
    max_level: Option<u32>,
    seed: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<cm::LouvainResult> {
    let mut cfg = cm::LouvainConfig::default()
        .weighted(weight_flag(py, g, weight, "weight")?)
        .resolution(resolution)
        .threshold(threshold);
    if let Some(l) = max_level {
        cfg = cfg.max_level(l);
    }
    let graph = &g.g;
    run(
        py,
        CallOpts::new(progress, timeout).seed(Some(seed_or_random(seed))),
        |exec| cm::louvain(graph, &cfg, exec),
    )
}

/// Every level of the Louvain hierarchy (NetworkX ``louvain_partitions``),
/// finest first: a list of int64 label arrays.
#[pyfunction]
#[pyo3(
    signature = (g, weight=Some(WeightArg::default_name()), resolution=1.0, threshold=1e-7, seed=None, *, progress=None, timeout=None),
    text_signature = "(g, weight='weight', resolution=1.0, threshold=1e-07, seed=None, *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn louvain_partitions<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    resolution: f64,
    threshold: f64,
    seed: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyList>> {
    guard(py, || {
        let r = louvain_run(
            py, g, weight, resolution, threshold, None, seed, progress, timeout,
        )?;
        PyList::new(py, r.levels.iter().map(|p| i64s_from_u32(py, p)))
    })
}

/// Leiden communities (igraph ``community_leiden`` / leidenalg): an int64
/// label per node, every community connected. ``objective``: 'modularity'
/// or 'cpm' (constant Potts model); ``n_iterations < 0`` runs until stable;
/// ``initial_membership``: labels in node order.
#[pyfunction]
#[pyo3(
    signature = (g, weight=Some(WeightArg::default_name()), resolution=1.0, beta=0.01, n_iterations=2, objective="modularity", initial_membership=None, seed=None, *, progress=None, timeout=None),
    text_signature = "(g, weight='weight', resolution=1.0, beta=0.01, n_iterations=2, objective='modularity', initial_membership=None, seed=None, *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn leiden_communities<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    resolution: f64,
    beta: f64,
    n_iterations: i32,
    objective: &str,
    initial_membership: Option<&Bound<'py, PyAny>>,
    seed: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let mut cfg = cm::LeidenConfig::default()
            .weighted(weight_flag(py, g, weight, "weight")?)
            .resolution(resolution)
            .beta(beta)
            .n_iterations(n_iterations)
            .objective(self::objective(py, objective)?);
        if let Some(m) = initial_membership.filter(|m| !m.is_none()) {
            cfg = cfg.initial_membership(label_array(m, "initial_membership")?);
        }
        let graph = &g.g;
        let r = run(
            py,
            CallOpts::new(progress, timeout).seed(Some(seed_or_random(seed))),
            |exec| cm::leiden(graph, &cfg, exec),
        )?;
        Ok(i64s_from_u32(py, &r.partition))
    })
}

/// Asynchronous label propagation (NetworkX ``asyn_lpa_communities``): an
/// int64 label per node; ``max_sweeps`` bounds the work (NetworkX has no
/// limit).
#[pyfunction]
#[pyo3(signature = (g, weight=None, seed=None, max_sweeps=100, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn asyn_lpa_communities<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    seed: Option<u64>,
    max_sweeps: u32,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let cfg = cm::AsynLpaConfig::default()
            .weighted(weight_flag(py, g, weight, "weight")?)
            .max_sweeps(max_sweeps);
        let graph = &g.g;
        let p = run(
            py,
            CallOpts::new(progress, timeout).seed(Some(seed_or_random(seed))),
            |exec| cm::asyn_lpa(graph, &cfg, exec),
        )?;
        Ok(i64s_from_u32(py, &p))
    })
}

/// Semi-synchronous label propagation (NetworkX
/// ``label_propagation_communities``), undirected graphs: an int64 label
/// per node, deterministic.
#[pyfunction]
#[pyo3(signature = (g, max_rounds=1000, *, progress=None, timeout=None))]
pub(crate) fn label_propagation_communities<'py>(
    py: Python<'py>,
    g: &PyGraph,
    max_rounds: u32,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> I64s<'py> {
    guard(py, || {
        let cfg = cm::LabelPropagationConfig::default().max_rounds(max_rounds);
        let graph = &g.g;
        let p = run(py, CallOpts::new(progress, timeout), |exec| {
            cm::label_propagation(graph, &cfg, exec)
        })?;
        Ok(i64s_from_u32(py, &p))
    })
}

/// Modularity of a partition (NetworkX ``community.modularity``);
/// ``communities``: labels in node order or an iterable of node-id sets.
#[pyfunction]
#[pyo3(
    signature = (g, communities, weight=Some(WeightArg::default_name()), resolution=1.0, *, progress=None, timeout=None),
    text_signature = "(g, communities, weight='weight', resolution=1.0, *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn modularity<'py>(
    py: Python<'py>,
    g: &PyGraph,
    communities: &Bound<'py, PyAny>,
    weight: Option<WeightArg>,
    resolution: f64,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<f64> {
    guard(py, || {
        let p = partition(g, communities, "communities")?;
        let cfg = cm::ModularityConfig::default()
            .weighted(weight_flag(py, g, weight, "weight")?)
            .resolution(resolution);
        let graph = &g.g;
        run(py, CallOpts::new(progress, timeout), |exec| {
            cm::modularity(graph, &p, &cfg, exec)
        })
    })
}

/// Coverage and performance of a partition (NetworkX
/// ``community.partition_quality``), as a tuple of two floats.
#[pyfunction]
#[pyo3(signature = (g, partition, *, progress=None, timeout=None))]
pub(crate) fn partition_quality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    partition: &Bound<'py, PyAny>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<(f64, f64)> {
    guard(py, || {
        let p = self::partition(g, partition, "partition")?;
        let graph = &g.g;
        run(py, CallOpts::new(progress, timeout), |exec| {
            cm::partition_quality(graph, &p, exec)
        })
    })
}

/// The graph of communities (NetworkX ``quotient_graph(G, communities,
/// relabel=True)`` with summed weights): node ``c`` (id ``c``) is the
/// community labelled ``c`` after numbering labels by first node; a self loop
/// carries the weight inside the community.
#[pyfunction]
#[pyo3(signature = (g, partition, *, progress=None, timeout=None))]
pub(crate) fn community_graph<'py>(
    py: Python<'py>,
    g: &PyGraph,
    partition: &Bound<'py, PyAny>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<PyGraph> {
    guard(py, || {
        let p = self::partition(g, partition, "partition")?;
        let graph = &g.g;
        let q = run(py, CallOpts::new(progress, timeout), |exec| {
            cm::community_graph(graph, &p, exec)
        })?;
        Ok(PyGraph::wrap(q, "weight".into()))
    })
}

fn compare<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    f: fn(&Partition, &Partition) -> ona_core::Result<f64>,
) -> PyResult<f64> {
    guard(py, || {
        let (a, b) = (
            Partition(label_array(a, "a")?),
            Partition(label_array(b, "b")?),
        );
        f(&a, &b).map_err(|e| to_py(py, &e))
    })
}

/// Normalized mutual information of two label arrays (sklearn's
/// ``normalized_mutual_info_score``, arithmetic mean).
#[pyfunction]
pub(crate) fn normalized_mutual_information<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<f64> {
    compare(py, a, b, cm::normalized_mutual_information)
}

/// Adjusted Rand index of two label arrays.
#[pyfunction]
pub(crate) fn adjusted_rand_index<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<f64> {
    compare(py, a, b, cm::adjusted_rand_index)
}

/// Variation of information of two label arrays, in nats.
#[pyfunction]
pub(crate) fn variation_of_information<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
) -> PyResult<f64> {
    compare(py, a, b, cm::variation_of_information)
}
