//! Centrality measures, with NetworkX's names, parameters and defaults.
//!
//! Differences from NetworkX, everywhere: results are numpy arrays aligned
//! with `g.node_ids()` instead of dicts; `weight` / `distance` name the
//! graph's one weight column (`"weight"`, its own name, `True`) or `None`;
//! node-keyed arguments take a dict keyed by external id or an array in node
//! order. Every function takes `progress=` and `timeout=` (keyword-only).

use numpy::PyArray1;
use ona_core::algo::centrality as c;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::convert::{self, WeightArg, f64s, per_node, weight_flag};
use crate::errors::{guard, invalid};
use crate::graph::PyGraph;
use crate::runtime::{CallOpts, run};

type F64s<'py> = PyResult<Bound<'py, PyArray1<f64>>>;

/// A seed for randomized algorithms: the given one, or fresh entropy.
pub(crate) fn seed_or_random(seed: Option<u64>) -> u64 {
    seed.unwrap_or_else(|| {
        use std::hash::{BuildHasher, RandomState};
        RandomState::new().hash_one(std::time::SystemTime::now())
    })
}

/// PageRank (NetworkX ``pagerank``). ``weight``: "weight"/True uses the edge
/// weights, None ignores them. ``personalization``, ``nstart``, ``dangling``:
/// dicts keyed by node id (absent = 0) or arrays in node order. Undirected
/// graphs are solved by conjugate gradients to a relative residual of
/// ``tol`` (faster and more accurate than NetworkX's ``n * tol`` L1 rule),
/// directed ones by NetworkX's power iteration. Returns float64 scores.
#[pyfunction]
#[pyo3(
    signature = (g, alpha=0.85, personalization=None, max_iter=100, tol=1e-6, nstart=None, weight=Some(WeightArg::default_name()), dangling=None, *, progress=None, timeout=None),
    text_signature = "(g, alpha=0.85, personalization=None, max_iter=100, tol=1e-06, nstart=None, weight='weight', dangling=None, *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn pagerank<'py>(
    py: Python<'py>,
    g: &PyGraph,
    alpha: f64,
    personalization: Option<&Bound<'py, PyAny>>,
    max_iter: u32,
    tol: f64,
    nstart: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    dangling: Option<&Bound<'py, PyAny>>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let cfg = c::PageRankConfig::default()
            .alpha(alpha)
            .personalization(per_node(
                &g.g,
                personalization,
                "personalization",
                Some(0.0),
            )?)
            .max_iter(max_iter)
            .tol(tol)
            .nstart(per_node(&g.g, nstart, "nstart", Some(0.0))?)
            .weighted(weight_flag(py, g, weight, "weight")?)
            .dangling(per_node(&g.g, dangling, "dangling", Some(0.0))?);
        let graph = &g.g;
        let r = run(py, CallOpts::new(progress, timeout), |exec| {
            c::pagerank(graph, &cfg, exec)
        })?;
        Ok(f64s(py, r.0))
    })
}

/// Betweenness centrality (NetworkX ``betweenness_centrality``). ``k``
/// samples that many source nodes (Brandes–Pich), drawn from ``seed`` (an
/// int; None = fresh entropy). The same seed gives the same sources and
/// values at any thread count, but not NetworkX's sources. ``weight``: edge
/// weights as distances (positive), or None for hop counts.
#[pyfunction]
#[pyo3(signature = (g, k=None, normalized=true, weight=None, endpoints=false, seed=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn betweenness_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    k: Option<usize>,
    normalized: bool,
    weight: Option<WeightArg>,
    endpoints: bool,
    seed: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let w = weight_flag(py, g, weight, "weight")?;
        let graph = &g.g;
        let opts = CallOpts::new(progress, timeout).seed(Some(seed_or_random(seed)));
        let r = match k {
            None => {
                let cfg = c::BetweennessConfig::default()
                    .normalized(normalized)
                    .endpoints(endpoints)
                    .weighted(w);
                run(py, opts, |exec| {
                    c::betweenness_centrality(graph, &cfg, exec)
                })?
            }
            Some(k) => {
                let cfg = c::ApproxBetweennessConfig::new(k)
                    .normalized(normalized)
                    .endpoints(endpoints)
                    .weighted(w);
                run(py, opts, |exec| {
                    c::approx_betweenness_centrality(graph, &cfg, exec)
                })?
            }
        };
        Ok(f64s(py, r.0))
    })
}

/// Betweenness within ``epsilon`` of the exact normalized value for every
/// node at once, with probability ``1 - delta`` (Riondato–Kornaropoulos
/// shortest-path sampling). ona-only; on NetworkX's normalized scale.
/// ``max_samples`` caps the sample (the guarantee then no longer holds).
#[pyfunction]
#[pyo3(signature = (g, epsilon=0.01, delta=0.1, seed=None, weight=None, max_samples=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn approximate_betweenness_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    epsilon: f64,
    delta: f64,
    seed: Option<u64>,
    weight: Option<WeightArg>,
    max_samples: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let mut cfg = c::RiondatoConfig::default()
            .epsilon(epsilon)
            .delta(delta)
            .weighted(weight_flag(py, g, weight, "weight")?);
        if let Some(m) = max_samples {
            cfg = cfg.max_samples(m);
        }
        let graph = &g.g;
        let opts = CallOpts::new(progress, timeout).seed(Some(seed_or_random(seed)));
        let r = run(py, opts, |exec| c::riondato_betweenness(graph, &cfg, exec))?;
        Ok(f64s(py, r.scores.0))
    })
}

/// Edge betweenness (NetworkX ``edge_betweenness_centrality``), exact (``k``
/// must be None). Returns ``(sources, targets, values)``: the edge endpoints
/// as external ids (arrays or lists like ``node_ids()``) and float64 values,
/// one row per edge (undirected: ``source`` is the endpoint earlier in node
/// order), sorted by (source, target) position; self loops have value 0.
#[pyfunction]
#[pyo3(signature = (g, k=None, normalized=true, weight=None, seed=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn edge_betweenness_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    k: Option<usize>,
    normalized: bool,
    weight: Option<WeightArg>,
    seed: Option<u64>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyTuple>> {
    guard(py, || {
        if k.is_some() || seed.is_some() {
            return Err(invalid(
                py,
                "edge_betweenness_centrality: sampling (k, seed) is not implemented; pass k=None",
            ));
        }
        let cfg = c::EdgeBetweennessConfig::default()
            .normalized(normalized)
            .weighted(weight_flag(py, g, weight, "weight")?);
        let graph = &g.g;
        let r = run(py, CallOpts::new(progress, timeout), |exec| {
            c::edge_betweenness_centrality(graph, &cfg, exec)
        })?;
        let edges = r.edges();
        let src: Vec<_> = edges.iter().map(|e| e.source).collect();
        let dst: Vec<_> = edges.iter().map(|e| e.target).collect();
        let val: Vec<f64> = edges.iter().map(|e| e.value).collect();
        PyTuple::new(
            py,
            [
                convert::externals(py, graph, &src)?,
                convert::externals(py, graph, &dst)?,
                f64s(py, val).into_any(),
            ],
        )
    })
}

/// Closeness centrality (NetworkX ``closeness_centrality``); directed graphs
/// use incoming distances, as NetworkX. With ``u`` (a node id) returns that
/// node's value as a float, else an array. ``distance``: edge weights as
/// lengths ("weight"/True) or hop counts (None).
#[pyfunction]
#[pyo3(signature = (g, u=None, distance=None, wf_improved=true, *, progress=None, timeout=None))]
pub(crate) fn closeness_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    u: Option<&Bound<'py, PyAny>>,
    distance: Option<WeightArg>,
    wf_improved: bool,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let cfg = c::ClosenessConfig::default()
            .weighted(weight_flag(py, g, distance, "distance")?)
            .wf_improved(wf_improved);
        let graph = &g.g;
        let opts = CallOpts::new(progress, timeout);
        match u.filter(|u| !u.is_none()) {
            Some(u) => {
                let v = convert::node(graph, u)?;
                let x = run(py, opts, |exec| c::closeness_of(graph, v, &cfg, exec))?;
                Ok(x.into_pyobject(py)?.into_any())
            }
            None => Ok(f64s(
                py,
                run(py, opts, |exec| c::closeness_centrality(graph, &cfg, exec))?.0,
            )
            .into_any()),
        }
    })
}

/// Harmonic centrality (NetworkX ``harmonic_centrality``): the sum of
/// ``1 / d(v, u)`` over ``sources`` (node ids; default every node).
/// ``nbunch`` is not supported (index the result instead).
#[pyfunction]
#[pyo3(signature = (g, nbunch=None, distance=None, sources=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn harmonic_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    nbunch: Option<&Bound<'py, PyAny>>,
    distance: Option<WeightArg>,
    sources: Option<&Bound<'py, PyAny>>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        if nbunch.is_some_and(|n| !n.is_none()) {
            return Err(invalid(
                py,
                "harmonic_centrality: nbunch is not supported; index the returned array",
            ));
        }
        let mut cfg =
            c::HarmonicConfig::default().weighted(weight_flag(py, g, distance, "distance")?);
        if let Some(s) = sources.filter(|s| !s.is_none()) {
            cfg = cfg.sources(convert::nodes(&g.g, s)?);
        }
        let graph = &g.g;
        Ok(f64s(
            py,
            run(py, CallOpts::new(progress, timeout), |exec| {
                c::harmonic_centrality(graph, &cfg, exec)
            })?
            .0,
        ))
    })
}

/// Eigenvector centrality (NetworkX ``eigenvector_centrality``), the same
/// power iteration on ``A + I`` and stopping rule. ``nstart``: dict by node id
/// (absent = 0) or array in node order.
#[pyfunction]
#[pyo3(signature = (g, max_iter=100, tol=1e-6, nstart=None, weight=None, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn eigenvector_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    max_iter: u32,
    tol: f64,
    nstart: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let cfg = c::EigenvectorConfig::default()
            .max_iter(max_iter)
            .tol(tol)
            .nstart(per_node(&g.g, nstart, "nstart", Some(0.0))?)
            .weighted(weight_flag(py, g, weight, "weight")?);
        let graph = &g.g;
        Ok(f64s(
            py,
            run(py, CallOpts::new(progress, timeout), |exec| {
                c::eigenvector_centrality(graph, &cfg, exec)
            })?
            .0,
        ))
    })
}

/// Katz centrality (NetworkX ``katz_centrality``, power iteration). ``beta``:
/// a number, or a dict with every node / an array in node order.
#[pyfunction]
#[pyo3(
    signature = (g, alpha=0.1, beta=None, max_iter=1000, tol=1e-6, nstart=None, normalized=true, weight=None, *, progress=None, timeout=None),
    text_signature = "(g, alpha=0.1, beta=1.0, max_iter=1000, tol=1e-06, nstart=None, normalized=True, weight=None, *, progress=None, timeout=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn katz_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    alpha: f64,
    beta: Option<&Bound<'py, PyAny>>,
    max_iter: u32,
    tol: f64,
    nstart: Option<&Bound<'py, PyAny>>,
    normalized: bool,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let beta = match beta.filter(|b| !b.is_none()) {
            None => c::Beta::Uniform(1.0),
            Some(b) => match b.extract::<f64>() {
                Ok(x) => c::Beta::Uniform(x),
                Err(_) => {
                    c::Beta::PerNode(per_node(&g.g, Some(b), "beta", None)?.unwrap_or_default())
                }
            },
        };
        let cfg = c::KatzConfig::default()
            .alpha(alpha)
            .beta(beta)
            .max_iter(max_iter)
            .tol(tol)
            .nstart(per_node(&g.g, nstart, "nstart", Some(0.0))?)
            .normalized(normalized)
            .weighted(weight_flag(py, g, weight, "weight")?);
        let graph = &g.g;
        Ok(f64s(
            py,
            run(py, CallOpts::new(progress, timeout), |exec| {
                c::katz_centrality(graph, &cfg, exec)
            })?
            .0,
        ))
    })
}

/// HITS hubs and authorities (NetworkX ``hits``), weighted by the edge
/// weights when the graph has them (as NetworkX). Returns ``(hubs,
/// authorities)``. Where the answer is not unique (repeated top singular
/// value) this returns the projection of ``nstart`` (uniform by default).
#[pyfunction]
#[pyo3(signature = (g, max_iter=100, tol=1e-8, nstart=None, normalized=true, *, progress=None, timeout=None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn hits<'py>(
    py: Python<'py>,
    g: &PyGraph,
    max_iter: u32,
    tol: f64,
    nstart: Option<&Bound<'py, PyAny>>,
    normalized: bool,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyTuple>> {
    guard(py, || {
        let cfg = c::HitsConfig::default()
            .max_iter(max_iter)
            .tol(tol)
            .nstart(per_node(&g.g, nstart, "nstart", Some(0.0))?)
            .normalized(normalized)
            .weighted(true);
        let graph = &g.g;
        let r = run(py, CallOpts::new(progress, timeout), |exec| {
            c::hits(graph, &cfg, exec)
        })?;
        PyTuple::new(py, [f64s(py, r.hubs.0), f64s(py, r.authorities.0)])
    })
}

fn degree_with<'py>(
    py: Python<'py>,
    g: &PyGraph,
    dir: c::Direction,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let cfg = c::DegreeConfig::default()
            .direction(dir)
            .weighted(weight_flag(py, g, weight, "weight")?);
        let graph = &g.g;
        Ok(f64s(
            py,
            run(py, CallOpts::new(progress, timeout), |exec| {
                c::degree(graph, &cfg, exec)
            })?
            .0,
        ))
    })
}

/// Degree of every node (NetworkX ``G.degree``); with ``weight`` the
/// strength (sum of edge weights). float64 array (integral when unweighted).
#[pyfunction]
#[pyo3(signature = (g, weight=None, *, progress=None, timeout=None))]
pub(crate) fn degree<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    degree_with(py, g, c::Direction::Both, weight, progress, timeout)
}

/// In-degree (NetworkX ``G.in_degree``), directed graphs only.
#[pyfunction]
#[pyo3(signature = (g, weight=None, *, progress=None, timeout=None))]
pub(crate) fn in_degree<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    degree_with(py, g, c::Direction::In, weight, progress, timeout)
}

/// Out-degree (NetworkX ``G.out_degree``), directed graphs only.
#[pyfunction]
#[pyo3(signature = (g, weight=None, *, progress=None, timeout=None))]
pub(crate) fn out_degree<'py>(
    py: Python<'py>,
    g: &PyGraph,
    weight: Option<WeightArg>,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    degree_with(py, g, c::Direction::Out, weight, progress, timeout)
}

fn degree_centrality_with<'py>(
    py: Python<'py>,
    g: &PyGraph,
    dir: c::Direction,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    guard(py, || {
        let cfg = c::DegreeCentralityConfig::default().direction(dir);
        let graph = &g.g;
        Ok(f64s(
            py,
            run(py, CallOpts::new(progress, timeout), |exec| {
                c::degree_centrality(graph, &cfg, exec)
            })?
            .0,
        ))
    })
}

/// Degree centrality (NetworkX ``degree_centrality``): degree / (n - 1).
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn degree_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    degree_centrality_with(py, g, c::Direction::Both, progress, timeout)
}

/// In-degree centrality (NetworkX ``in_degree_centrality``), directed only.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn in_degree_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    degree_centrality_with(py, g, c::Direction::In, progress, timeout)
}

/// Out-degree centrality (NetworkX ``out_degree_centrality``), directed only.
#[pyfunction]
#[pyo3(signature = (g, *, progress=None, timeout=None))]
pub(crate) fn out_degree_centrality<'py>(
    py: Python<'py>,
    g: &PyGraph,
    progress: Option<Bound<'py, PyAny>>,
    timeout: Option<f64>,
) -> F64s<'py> {
    degree_centrality_with(py, g, c::Direction::Out, progress, timeout)
}
