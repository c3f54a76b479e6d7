//! Ties and reach, collaboration overload and the privacy helpers of the
//! ONA layer (`ona_core::ona::{ties, overload, privacy}`).

use numpy::PyArray1;
use ona_core::ona::{self as o, EgoConfig, OverloadConfig, ReachConfig, TiesConfig};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{WeightArg, f64s, i64s_from_u32, weight_flag};
use crate::errors::{guard, invalid};
use crate::graph::PyGraph;
use crate::ona_convert as oc;
use crate::runtime::{CallOpts, run};

type Opt<'py> = Option<Bound<'py, PyAny>>;

fn ties_cfg(py: Python<'_>, g: &PyGraph, q: f64, overlap: f64, weight: Option<WeightArg>) -> PyResult<TiesConfig> {
    Ok(TiesConfig::default().strong_weight_quantile(q).embedded_overlap(overlap).weighted(weight_flag(py, g, weight, "weight")?))
}

/// Every tie of the undirected simple view (``u`` before ``v`` in node
/// order, sorted): a dict with id columns ``u``, ``v``, float64 ``weight``
/// (both directions added), ``overlap`` (Onnela's neighbourhood overlap),
/// ``score`` (weight × overlap), ``kind`` (list of 'strong', 'diverse',
/// 'other') and the float ``strong_weight`` (the weight quantile a strong
/// tie reaches).
#[pyfunction]
#[pyo3(signature = (g, *, strong_weight_quantile=0.5, embedded_overlap=0.1, weight=Some(WeightArg::default_name()), progress=None, timeout=None), text_signature = "(g, *, strong_weight_quantile=0.5, embedded_overlap=0.1, weight='weight', progress=None, timeout=None)")]
pub(crate) fn ties<'py>(
    py: Python<'py>,
    g: &PyGraph,
    strong_weight_quantile: f64,
    embedded_overlap: f64,
    weight: Option<WeightArg>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, cfg) = (&g.g, ties_cfg(py, g, strong_weight_quantile, embedded_overlap, weight)?);
        let t = run(py, CallOpts::new(progress, timeout), |exec| o::ties(graph, &cfg, exec))?;
        oc::ties_dict(py, graph, t)
    })
}

/// Per person: counts of strong and diverse ties (int64) and the diverse
/// share of their ties (float64, NaN without ties), as a dict ``strong``,
/// ``diverse``, ``diverse_share``. Parameters as ``ties``.
#[pyfunction]
#[pyo3(signature = (g, *, strong_weight_quantile=0.5, embedded_overlap=0.1, weight=Some(WeightArg::default_name()), progress=None, timeout=None), text_signature = "(g, *, strong_weight_quantile=0.5, embedded_overlap=0.1, weight='weight', progress=None, timeout=None)")]
pub(crate) fn tie_profile<'py>(
    py: Python<'py>,
    g: &PyGraph,
    strong_weight_quantile: f64,
    embedded_overlap: f64,
    weight: Option<WeightArg>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, cfg) = (&g.g, ties_cfg(py, g, strong_weight_quantile, embedded_overlap, weight)?);
        let p = run(py, CallOpts::new(progress, timeout), |exec| o::tie_profile(graph, &cfg, exec))?;
        let d = PyDict::new(py);
        d.set_item("strong", i64s_from_u32(py, &p.strong))?;
        d.set_item("diverse", i64s_from_u32(py, &p.diverse))?;
        d.set_item("diverse_share", f64s(py, p.diverse_share.into_vec()))?;
        Ok(d)
    })
}

/// Distinct other people within two steps of each person (int64).
/// ``direction`` (directed graphs): 'out' (default), 'in' or 'both'.
#[pyfunction]
#[pyo3(signature = (g, *, direction="out", progress=None, timeout=None))]
pub(crate) fn two_step_reach<'py>(
    py: Python<'py>,
    g: &PyGraph,
    direction: &str,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    guard(py, || {
        let (graph, cfg) = (&g.g, ReachConfig::default().direction(oc::direction(py, direction)?));
        let r = run(py, CallOpts::new(progress, timeout), |exec| o::two_step_reach(graph, &cfg, exec))?;
        Ok(i64s_from_u32(py, &r))
    })
}

/// ``two_step_reach`` as a share of the other people (float64).
#[pyfunction]
#[pyo3(signature = (g, *, direction="out", progress=None, timeout=None))]
pub(crate) fn reach_share<'py>(
    py: Python<'py>,
    g: &PyGraph,
    direction: &str,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    guard(py, || {
        let (graph, cfg) = (&g.g, ReachConfig::default().direction(oc::direction(py, direction)?));
        let r = run(py, CallOpts::new(progress, timeout), |exec| o::reach_share(graph, &cfg, exec))?;
        Ok(f64s(py, r.into_vec()))
    })
}

/// Ego-network summaries of every person over the undirected simple view:
/// a dict with int64 ``size`` (alters), ``ties_among_alters``, float64
/// ``density``, ``strength`` and, with ``groups``, int64 ``groups_reached``
/// (distinct other groups among the alters).
#[pyfunction]
#[pyo3(signature = (g, groups=None, *, weight=Some(WeightArg::default_name()), progress=None, timeout=None), text_signature = "(g, groups=None, *, weight='weight', progress=None, timeout=None)")]
pub(crate) fn ego_summaries<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: Option<&Bound<'py, PyAny>>,
    weight: Option<WeightArg>,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let graph = &g.g;
        let cfg = EgoConfig::default().weighted(weight_flag(py, g, weight, "weight")?);
        let col = groups.filter(|x| !x.is_none()).map(|x| oc::groups(graph, x)).transpose()?;
        let e = run(py, CallOpts::new(progress, timeout), |exec| o::ego_summaries(graph, col.as_deref().map(Into::into), &cfg, exec))?;
        oc::ego_dict(py, e)
    })
}

/// Collaboration overload: each person's load (float64 ``load``) and, for
/// the ``network`` and each group (``groups``, a list in the order of the
/// group names ``group_names``), a dict ``size``, ``total``, ``top_share``,
/// ``gini``, ``top`` (ids, heaviest first), ``suppressed`` and
/// ``suppressed_reason`` (groups below ``min_group_size`` are withheld).
#[pyfunction]
#[pyo3(signature = (g, groups, *, top_fraction=0.1, top_people=3, weight=Some(WeightArg::default_name()), min_group_size=5, progress=None, timeout=None), text_signature = "(g, groups, *, top_fraction=0.1, top_people=3, weight='weight', min_group_size=5, progress=None, timeout=None)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn collaboration_overload<'py>(
    py: Python<'py>,
    g: &PyGraph,
    groups: &Bound<'py, PyAny>,
    top_fraction: f64,
    top_people: usize,
    weight: Option<WeightArg>,
    min_group_size: usize,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let (graph, col) = (&g.g, oc::groups(&g.g, groups)?);
        let cfg = OverloadConfig::default()
            .top_fraction(top_fraction)
            .top_people(top_people)
            .weighted(weight_flag(py, g, weight, "weight")?)
            .min_group_size(min_group_size);
        let r = run(py, CallOpts::new(progress, timeout), |exec| o::collaboration_overload(graph, (&*col).into(), &cfg, exec))?;
        oc::overload_dict(py, graph, r, &col)
    })
}

/// Gini coefficient of non-negative values: 0 when everyone is equal (or
/// no values, or a zero total), up to ``1 - 1/n``; NaN if a value is
/// negative or not finite.
#[pyfunction]
pub(crate) fn gini(values: Vec<f64>) -> f64 {
    o::gini(&values)
}

/// Stable pseudonyms of the graph's node ids under a 32-byte secret
/// ``key`` (keyed BLAKE3): ``p_`` + 16 hex digits, one per node in node
/// order. Same key, same pseudonyms.
#[pyfunction]
pub(crate) fn pseudonymize(py: Python<'_>, g: &PyGraph, key: &[u8]) -> PyResult<Vec<String>> {
    guard(py, || {
        let key: &[u8; 32] = key.try_into().map_err(|_| invalid(py, format!("key must be 32 bytes, got {}", key.len())))?;
        Ok(o::pseudonymize(g.g.ids(), key))
    })
}
