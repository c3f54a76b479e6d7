//! Drawing a large network and the privacy guardrail of the ONA layer
//! (`ona_core::ona::{simplify_for_view, suppressed_groups, group_sizes}`).

use ona_core::algo::centrality::{self as c, Direction};
use ona_core::ona::{self as o, LayoutConfig, Quotient, View, ViewConfig};
use ona_core::{Exec, Graph, NodeId, Scores};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::community::partition;
use crate::convert::{self, WeightArg, f64s, i64s_from_u32, i64s_from_u64, weight_flag};
use crate::errors::{guard, invalid};
use crate::graph::PyGraph;
use crate::ona_convert as oc;
use crate::runtime::{CallOpts, run};

type Opt<'py> = Option<Bound<'py, PyAny>>;

/// Where the backbone's ranking comes from.
enum Ranking {
    Given(Scores),
    PageRank,
    Betweenness,
    Degree,
}

impl Ranking {
    /// `scores=`: None (PageRank), a centrality name, or per-node values.
    fn parse(g: &PyGraph, arg: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let Some(arg) = arg.filter(|a| !a.is_none()) else { return Ok(Self::PageRank) };
        if let Ok(name) = arg.cast::<PyString>() {
            return match name.to_str()? {
                "pagerank" => Ok(Self::PageRank),
                "betweenness" => Ok(Self::Betweenness),
                "degree" => Ok(Self::Degree),
                other => {
                    Err(invalid(arg.py(), format!("scores={other:?}: expected 'pagerank', 'betweenness', 'degree' or per-node values")))
                }
            };
        }
        let v = convert::per_node(&g.g, Some(arg), "scores", None)?.unwrap_or_default();
        Ok(Self::Given(Scores(v)))
    }

    /// The scores, computed by core for a named centrality.
    fn scores(self, g: &Graph, exec: &Exec) -> ona_core::Result<Scores> {
        match self {
            Self::Given(s) => Ok(s),
            Self::PageRank => c::pagerank(g, &c::PageRankConfig::default(), exec),
            Self::Betweenness => c::betweenness_centrality(g, &c::BetweennessConfig::default(), exec),
            Self::Degree => c::degree(g, &c::DegreeConfig::default().direction(Direction::Both), exec),
        }
    }
}

/// Edges as a dict of columns: ``u``, ``v`` (ids or community indices) and float64 ``weight``.
fn edge_columns<'py>(py: Python<'py>, u: Bound<'py, PyAny>, v: Bound<'py, PyAny>, w: Vec<f64>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("u", u)?;
    d.set_item("v", v)?;
    d.set_item("weight", f64s(py, w))?;
    Ok(d)
}

fn quotient_dict<'py>(py: Python<'py>, q: Quotient, layout: Vec<[f64; 2]>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let (cu, cv, cw): (Vec<u32>, Vec<u32>, Vec<f64>) = unzip3(q.edges());
    d.set_item("labels", i64s_from_u32(py, &q.labels))?;
    d.set_item("sizes", i64s_from_u64(py, q.sizes))?;
    d.set_item("intra_weight", f64s(py, q.intra_weight))?;
    d.set_item("inter_weight", f64s(py, q.inter_weight))?;
    d.set_item("community", i64s_from_u32(py, &q.community.0))?;
    d.set_item("edges", edge_columns(py, i64s_from_u32(py, &cu).into_any(), i64s_from_u32(py, &cv).into_any(), cw)?)?;
    d.set_item("layout", oc::positions(py, layout)?)?;
    Ok(d)
}

/// Split `(a, b, w)` triples into three columns.
fn unzip3<A, B>(t: Vec<(A, B, f64)>) -> (Vec<A>, Vec<B>, Vec<f64>) {
    let (mut a, mut b, mut w) = (Vec::with_capacity(t.len()), Vec::with_capacity(t.len()), Vec::with_capacity(t.len()));
    for (x, y, z) in t {
        a.push(x);
        b.push(y);
        w.push(z);
    }
    (a, b, w)
}

fn view_dict<'py>(py: Python<'py>, g: &Graph, v: View) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let (u, x, weight): (Vec<NodeId>, Vec<NodeId>, Vec<f64>) = unzip3(v.backbone.edges());
    d.set_item("ids", convert::externals(py, g, &v.backbone.original)?)?;
    d.set_item("edges", edge_columns(py, convert::externals(py, g, &u)?, convert::externals(py, g, &x)?, weight)?)?;
    d.set_item("layout", oc::positions(py, v.backbone_layout)?)?;
    let community = v.quotient.is_some().then(|| i64s_from_u32(py, &v.backbone_community));
    d.set_item("community", community)?;
    let quotient = v.quotient.map(|q| quotient_dict(py, q, v.quotient_layout)).transpose()?;
    d.set_item("quotient", quotient)?;
    Ok(d)
}

/// A drawable summary of a large network: the backbone of the
/// ``max_nodes`` best-ranked people and the edges among them, and, given
/// ``communities``, the community quotient graph; both laid out by the
/// seeded spring layout (coordinates in [-1, 1]).
///
/// ``scores``: None or 'pagerank' (default), 'betweenness', 'degree' (ties
/// of any direction), or per-node values (array / sequence in node order,
/// or a dict keyed by id). Ties in the ranking go to the lower node index.
/// ``communities``: None, per-node integer labels, or an iterable of
/// node-id sets.
///
/// Returns a dict: ``ids`` (backbone ids in node order), ``edges`` (``u``,
/// ``v`` ids and float64 ``weight``; each undirected edge once),
/// ``layout`` ((k, 2) float64), ``community`` (int64 quotient node of each
/// backbone node, or None) and ``quotient`` (None, or a dict ``labels``
/// (the input label of each community), ``sizes``, ``intra_weight``,
/// ``inter_weight``, ``community`` (of every node), ``edges`` (community
/// indices and weights) and ``layout`` ((c, 2))).
#[pyfunction]
#[pyo3(signature = (g, scores=None, communities=None, *, max_nodes=5000, seed=0, iterations=50, weight=Some(WeightArg::default_name()), theta=0.9, progress=None, timeout=None), text_signature = "(g, scores=None, communities=None, *, max_nodes=5000, seed=0, iterations=50, weight='weight', theta=0.9, progress=None, timeout=None)")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn simplify_for_view<'py>(
    py: Python<'py>,
    g: &PyGraph,
    scores: Opt<'py>,
    communities: Opt<'py>,
    max_nodes: usize,
    seed: u64,
    iterations: u32,
    weight: Option<WeightArg>,
    theta: f64,
    progress: Opt<'py>,
    timeout: Option<f64>,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        if max_nodes == 0 {
            return Err(invalid(py, "max_nodes must be at least 1"));
        }
        let graph = &g.g;
        let ranking = Ranking::parse(g, scores.as_ref())?;
        let p = communities.filter(|x| !x.is_none()).map(|x| partition(g, &x, "communities")).transpose()?;
        let layout = LayoutConfig::default().iterations(iterations).weighted(weight_flag(py, g, weight, "weight")?).theta(theta);
        let cfg = ViewConfig::default().max_nodes(max_nodes).layout(layout);
        let v = run(py, CallOpts::new(progress, timeout).seed(Some(seed)), |exec| {
            o::simplify_for_view(graph, &ranking.scores(graph, exec)?, p.as_ref(), &cfg, exec)
        })?;
        view_dict(py, graph, v)
    })
}

/// Names of the groups with fewer than ``min_group_size`` members, whose
/// group-level figures the privacy guardrail withholds. ``groups``: an
/// attribute name or per-node values.
#[pyfunction]
#[pyo3(signature = (g, groups, min_group_size=5))]
pub(crate) fn suppressed_groups(py: Python<'_>, g: &PyGraph, groups: &Bound<'_, PyAny>, min_group_size: usize) -> PyResult<Vec<String>> {
    guard(py, || {
        let col = oc::groups(&g.g, groups)?;
        let flags = o::suppressed_groups((&*col).into(), min_group_size);
        Ok(col.dictionary().iter().zip(flags).filter(|(_, s)| *s).map(|(n, _)| n.to_string()).collect())
    })
}

/// Members of each group, as a dict from group name (people without a
/// group are in none). ``groups``: an attribute name or per-node values.
#[pyfunction]
pub(crate) fn group_sizes<'py>(py: Python<'py>, g: &PyGraph, groups: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let col = oc::groups(&g.g, groups)?;
        let d = PyDict::new(py);
        for (name, size) in col.dictionary().iter().zip(o::group_sizes((&*col).into())) {
            d.set_item(&**name, size)?;
        }
        Ok(d)
    })
}
