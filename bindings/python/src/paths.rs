//! Traversal and shortest paths; ego graphs.

use numpy::{IntoPyArray, PyArray1};
use ona_core::algo::paths as p;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

use crate::convert::{self, WeightArg, f64s, weight_flag};
use crate::errors::{NO_PATH, guard, invalid, raise};
use crate::graph::PyGraph;
use crate::runtime::{CallOpts, run};

fn direction(py: Python<'_>, s: &str) -> PyResult<p::Direction> {
    Ok(match s {
        "out" => p::Direction::Out,
        "in" => p::Direction::In,
        "both" => p::Direction::Both,
        _ => {
            return Err(invalid(
                py,
                format!("direction={s:?}: expected 'out', 'in' or 'both'"),
            ));
        }
    })
}

fn no_path(py: Python<'_>, s: &Bound<'_, PyAny>, t: &Bound<'_, PyAny>) -> PyErr {
    let r = |x: &Bound<'_, PyAny>| x.repr().map(|r| r.to_string()).unwrap_or_default();
    raise(
        py,
        "NoPath",
        NO_PATH,
        format!("no path between {} and {}", r(s), r(t)),
    )
}

fn required<'a, 'py>(
    py: Python<'py>,
    x: Option<&'a Bound<'py, PyAny>>,
    what: &str,
) -> PyResult<&'a Bound<'py, PyAny>> {
    x.filter(|x| !x.is_none()).ok_or_else(|| {
        invalid(
            py,
            format!("{what} is required (all-pairs forms are not implemented)"),
        )
    })
}

/// Shortest-path length (NetworkX ``shortest_path_length``). With ``source``
/// and ``target``: a number (int when unweighted), ``ona.NoPath`` if there is
/// none. With ``source`` only: a float64 array of distances to every node
/// (``inf`` where unreachable). ``weight``: edge weights as lengths or None.
/// ``source`` is required (no all-pairs form).
#[pyfunction]
#[pyo3(signature = (g, source=None, target=None, weight=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn shortest_path_length<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: Option<&Bound<'py, PyAny>>,
    target: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let w = weight_flag(py, g, weight, "weight")?;
        let cfg = p::ShortestPathConfig::default().weighted(w);
        let s_obj = required(py, source, "source")?;
        let s = convert::node(&g.g, s_obj)?;
        let graph = &g.g;
        let opts = CallOpts::new(progress, timeout);
        match target.filter(|t| !t.is_none()) {
            Some(t_obj) => {
                let t = convert::node(graph, t_obj)?;
                match run(py, opts, |exec| {
                    p::shortest_path_length(graph, s, t, &cfg, exec)
                })? {
                    None => Err(no_path(py, s_obj, t_obj)),
                    #[allow(clippy::cast_possible_truncation)] // hop counts are small integers
                    Some(d) if !w => Ok((d as i64).into_pyobject(py)?.into_any()),
                    Some(d) => Ok(d.into_pyobject(py)?.into_any()),
                }
            }
            None => {
                let sp = run(py, opts, |exec| {
                    p::single_source_shortest_paths(graph, s, &cfg, exec)
                })?;
                Ok(f64s(py, sp.distances().to_vec()).into_any())
            }
        }
    })
}

/// One shortest path (NetworkX ``shortest_path``) from ``source`` to
/// ``target`` as a list of node ids, chosen among equally short paths as
/// NetworkX does (bidirectional BFS / Dijkstra); ``ona.NoPath`` if none.
#[pyfunction]
#[pyo3(signature = (g, source=None, target=None, weight=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn shortest_path<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: Option<&Bound<'py, PyAny>>,
    target: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyList>> {
    guard(py, || {
        let cfg = p::ShortestPathConfig::default().weighted(weight_flag(py, g, weight, "weight")?);
        let (s_obj, t_obj) = (
            required(py, source, "source")?,
            required(py, target, "target")?,
        );
        let (s, t) = (convert::node(&g.g, s_obj)?, convert::node(&g.g, t_obj)?);
        let graph = &g.g;
        match run(py, CallOpts::new(progress, timeout), |exec| {
            p::shortest_path(graph, s, t, &cfg, exec)
        })? {
            None => Err(no_path(py, s_obj, t_obj)),
            Some(path) => PyList::new(
                py,
                path.iter()
                    .map(|&v| convert::external(py, graph, v))
                    .collect::<PyResult<Vec<_>>>()?,
            ),
        }
    })
}

fn single_source<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: &Bound<'py, PyAny>,
    cutoff: Option<f64>,
    weighted: bool,
    opts: CallOpts<'py>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let mut cfg = p::ShortestPathConfig::default().weighted(weighted);
    if let Some(c) = cutoff {
        cfg = cfg.cutoff(c);
    }
    let s = convert::node(&g.g, source)?;
    let graph = &g.g;
    let sp = run(py, opts, |exec| {
        p::single_source_shortest_paths(graph, s, &cfg, exec)
    })?;
    Ok(f64s(py, sp.distances().to_vec()))
}

/// Hop distances from ``source`` (NetworkX
/// ``single_source_shortest_path_length``) as a float64 array aligned with
/// ``node_ids()``: ``inf`` for nodes not reached (within ``cutoff``).
#[pyfunction]
#[pyo3(signature = (g, source, cutoff=None, *, progress=None, timeout=None))]
pub(crate) fn single_source_shortest_path_length<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: &Bound<'py, PyAny>,
    cutoff: Option<f64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(py, || {
        single_source(
            py,
            g,
            source,
            cutoff,
            false,
            CallOpts::new(progress, timeout),
        )
    })
}

/// Weighted distances from ``source`` (NetworkX
/// ``single_source_dijkstra_path_length``) as a float64 array, ``inf`` where
/// unreachable (within ``cutoff``). ``weight=None`` counts hops.
#[pyfunction]
#[pyo3(
    signature = (g, source, cutoff=None, weight=Some(WeightArg::default_name()), *, progress=None, timeout=None),
    text_signature = "(g, source, cutoff=None, weight='weight', *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn single_source_dijkstra_path_length<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: &Bound<'py, PyAny>,
    cutoff: Option<f64>,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(py, || {
        let w = weight_flag(py, g, weight, "weight")?;
        single_source(py, g, source, cutoff, w, CallOpts::new(progress, timeout))
    })
}

/// Breadth-first hop distances from ``source`` (ona-only): an int64 array,
/// ``-1`` where unreachable (within ``cutoff`` hops). ``direction``: 'out'
/// (follow arcs), 'in' (distances *to* source) or 'both' (ignore direction).
#[pyfunction]
#[pyo3(signature = (g, source, cutoff=None, direction="out", *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn bfs_distances<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: &Bound<'py, PyAny>,
    cutoff: Option<u32>,
    direction: &str,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    guard(py, || {
        let mut cfg = p::BfsConfig::default().direction(self::direction(py, direction)?);
        if let Some(c) = cutoff {
            cfg = cfg.cutoff(c);
        }
        let s = convert::node(&g.g, source)?;
        let graph = &g.g;
        let d = run(py, CallOpts::new(progress, timeout), |exec| {
            p::bfs_distances(graph, s, &cfg, exec)
        })?;
        Ok(d.into_iter()
            .map(|x| {
                if x == p::UNREACHABLE {
                    -1
                } else {
                    i64::from(x)
                }
            })
            .collect::<Vec<_>>()
            .into_pyarray(py))
    })
}

/// The nodes within ``k`` hops of ``source`` (ona-only), in BFS order:
/// ``(ids, hops)`` with ids like ``node_ids()`` and int64 hop counts.
#[pyfunction]
#[pyo3(signature = (g, source, k, direction="out", *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn k_hop<'py>(
    py: Python<'py>,
    g: &PyGraph,
    source: &Bound<'py, PyAny>,
    k: u32,
    direction: &str,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyTuple>> {
    guard(py, || {
        let cfg = p::KHopConfig::default().direction(self::direction(py, direction)?);
        let s = convert::node(&g.g, source)?;
        let graph = &g.g;
        let near = run(py, CallOpts::new(progress, timeout), |exec| {
            p::k_hop(graph, s, k, &cfg, exec)
        })?;
        let nodes: Vec<_> = near.iter().map(|&(v, _)| v).collect();
        let hops: Vec<i64> = near.iter().map(|&(_, d)| i64::from(d)).collect();
        PyTuple::new(
            py,
            [
                convert::externals(py, graph, &nodes)?,
                hops.into_pyarray(py).into_any(),
            ],
        )
    })
}

/// The subgraph induced by the nodes within ``radius`` of ``n`` (NetworkX
/// ``ego_graph``), returned as a new ``ona.Graph`` keeping the original ids
/// and weights. ``undirected=True`` measures distance ignoring direction
/// (the subgraph keeps its arcs' direction); ``distance``: weights as
/// lengths.
#[pyfunction]
#[pyo3(signature = (g, n, radius=1.0, center=true, undirected=false, distance=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn ego_graph<'py>(
    py: Python<'py>,
    g: &PyGraph,
    n: &Bound<'py, PyAny>,
    radius: f64,
    center: bool,
    undirected: bool,
    distance: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<PyGraph> {
    guard(py, || {
        let dir = if undirected {
            p::Direction::Both
        } else {
            p::Direction::Out
        };
        let cfg = p::EgoConfig::default()
            .radius(radius)
            .center(center)
            .direction(dir)
            .weighted(weight_flag(py, g, distance, "distance")?);
        let v = convert::node(&g.g, n)?;
        let graph = &g.g;
        let ego = run(py, CallOpts::new(progress, timeout), |exec| {
            p::ego_graph(graph, v, &cfg, exec)
        })?;
        Ok(PyGraph::wrap(ego.graph, g.weight_name.clone()))
    })
}
