"""NetworkX functions run on ona: NetworkX's signatures in, NetworkX's types out.

Each function here has the name and parameters of the NetworkX function it
replaces and receives an :class:`~ona._nx_convert.OnaGraph` (the dispatcher has
converted the NetworkX graph). It calls the ``ona`` module function, then turns
the per-node numpy array back into what NetworkX returns: a dict keyed by node
with Python floats/ints, a generator of sets, a single number.

:data:`SPECS` records, per function, the argument combinations ona runs;
``ona.backend.can_run`` reads it so that everything else falls back to NetworkX.
Data-dependent refusals (a negative weight, a non-numeric attribute) are found
only once the graph is converted and raise :class:`NotImplementedError`, which
the dispatcher also treats as "fall back".

Extra keyword arguments every function accepts (NetworkX passes unknown keyword
arguments to the backend): ``progress=`` (a callable or tqdm instance) and
``timeout=`` (seconds) where the ona function takes them.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

import ona

from ._nx_convert import OnaGraph

__all__ = ["SPECS"]

Rule = Callable[[Any, dict[str, Any]], "bool | str"]


@dataclass(frozen=True)
class Spec:
    """What a backend function accepts; see ``ona.backend.can_run``."""

    func: Callable[..., Any]
    directed: bool | None = None  # True: directed only, False: undirected only (NetworkX raises otherwise)
    multigraph: bool = False  # whether multigraphs give NetworkX's answer
    weight_args: tuple[str, ...] = ()  # parameters naming an edge attribute
    empty_ok: bool = False  # run on the null graph too (else NetworkX answers it)
    self_loops: bool = True  # whether graphs with self loops give NetworkX's answer
    rules: tuple[Rule, ...] = field(default=())
    cheap: bool = False  # NetworkX's own pass costs about as much as converting


SPECS: dict[str, Spec] = {}


#: Calls per function and outcome ("ran", "declined: <reason>", "fell back: <reason>"),
#: counted when ONA_NX_BACKEND_STATS is set (scripts/nx_backend_tests.sh prints them).
STATS: Counter[tuple[str, str]] | None = Counter() if os.environ.get("ONA_NX_BACKEND_STATS") else None


def _implements(**spec: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        if STATS is not None:
            func = _counted(func)
        SPECS[func.__name__] = Spec(func=func, **spec)
        return func

    return deco


def _counted(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def counted(*args: Any, **kwargs: Any) -> Any:
        assert STATS is not None
        try:
            out = func(*args, **kwargs)
        except NotImplementedError as err:
            STATS[(func.__name__, f"fell back: {err}")] += 1
            raise
        STATS[(func.__name__, "ran")] += 1
        return out

    return counted


def print_stats() -> None:
    if not STATS:
        return
    ran = sum(c for (_, what), c in STATS.items() if what == "ran")
    print(f"\nona backend: {ran} calls ran on ona; calls handed to NetworkX, by function and reason:", file=sys.stderr)
    for (name, what), c in sorted(STATS.items()):
        if what != "ran":
            print(f"  {c:5d}  {name}: {what}", file=sys.stderr)
    per_fn = Counter()
    for (name, what), c in STATS.items():
        if what == "ran":
            per_fn[name] += c
    print(
        "ona backend calls run per function: " + ", ".join(f"{k} {v}" for k, v in sorted(per_fn.items())),
        file=sys.stderr,
    )


if STATS is not None:
    atexit.register(print_stats)


# ----------------------------------------------------------------------------- helpers


def _ona_kwargs(kw: dict[str, Any]) -> dict[str, Any]:
    """The backend-only keyword arguments ona understands."""
    unknown = set(kw) - {"progress", "timeout"}
    if unknown:
        raise TypeError(f"unexpected keyword argument(s) for the ona backend: {sorted(unknown)}")
    return {k: v for k, v in kw.items() if v is not None}


def _run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call an ona function, mapping its errors to the ones NetworkX raises."""
    try:
        return fn(*args, **kwargs)
    except ona.Unsupported as err:  # an input ona does not handle: NetworkX's turn
        raise NotImplementedError(str(err)) from err
    except ona.OnaError as err:
        kind = type(err).__name__.lower() + " " + str(getattr(err, "kind", "")).lower()
        if "converge" in kind or "converge" in str(err).lower():
            raise nx.PowerIterationFailedConvergence(kwargs.get("max_iter", 0)) from err
        raise


def _by_node(G: OnaGraph, values: np.ndarray, weight: str | None = None) -> dict[Hashable, Any]:
    return dict(zip(G.nodes, G.aligned(values, weight).tolist()))


def _vector(G: OnaGraph, d: dict[Hashable, float] | None, default: float = 0.0) -> np.ndarray | None:
    """A NetworkX node-keyed dict as a float64 array in ona node order."""
    if d is None:
        return None
    out = np.full(len(G), default, dtype=np.float64)
    index = G.index
    for k, v in d.items():
        i = index.get(k)
        if i is not None:
            out[i] = v
    return out


def _no_negative(G: OnaGraph, weight: str | None) -> None:
    if G.has_negative_weights(weight):
        raise NotImplementedError(f"negative {weight!r} edge weights: ona refuses them, NetworkX runs")


def _positive(G: OnaGraph, weight: str | None) -> None:
    if G.has_nonpositive_weights(weight):
        raise NotImplementedError(
            f"zero or negative {weight!r} distances: shortest paths are not unique enough to match NetworkX"
        )


def _covers_all_nodes(arg: str) -> Rule:
    def rule(G: Any, a: dict[str, Any]) -> bool | str:
        d = a[arg]
        if d is None:
            return True
        if not isinstance(d, dict) or len(d) != len(G) or any(v not in d for v in G):
            return f"{arg}= must give a value for every node"
        return True

    return rule


def _is_none(*args: str, why: str = "") -> Rule:
    def rule(G: Any, a: dict[str, Any]) -> bool | str:
        for arg in args:
            if a[arg] is not None:
                return f"{arg}= is not supported by ona{why}"
        return True

    return rule


def _simple_unless_unweighted(arg: str) -> Rule:
    """For specs with ``multigraph=True`` whose hop-count answer ignores parallel edges:
    weighted, NetworkX takes the lightest parallel edge, which ona's merge does not."""

    def rule(G: Any, a: dict[str, Any]) -> bool | str:
        if G.is_multigraph() and a[arg]:
            return f"multigraph with {arg}=: NetworkX uses the lightest parallel edge"
        return True

    return rule


def _node_in_graph(arg: str, optional: bool = False) -> Rule:
    def rule(G: Any, a: dict[str, Any]) -> bool | str:
        v = a[arg]
        if v is None and optional:
            return True
        try:
            return v in G or f"{arg}={v!r} is not in the graph (NetworkX raises)"
        except TypeError:
            return f"{arg}= is not a node"

    return rule


# ----------------------------------------------------------------------------- link analysis


def _pagerank_dicts(G: Any, a: dict[str, Any]) -> bool | str:
    for arg in ("personalization", "nstart", "dangling"):
        d = a[arg]
        if d is None:
            continue
        if not isinstance(d, dict):
            return f"{arg}= must be a dict"
        try:
            vals = np.fromiter((float(v) for k, v in d.items() if k in G), np.float64)
        except (TypeError, ValueError):
            return f"{arg}= has values that are not numbers"
        if (vals < 0).any() or not np.isfinite(vals).all():
            return f"{arg}= has negative or non-finite values"
        if arg != "personalization" and vals.sum() == 0:
            return f"{arg}= sums to zero (NetworkX divides by it)"
    return True


@_implements(multigraph=True, weight_args=("weight",), rules=(_pagerank_dicts,))
def pagerank(
    G, alpha=0.85, personalization=None, max_iter=100, tol=1e-06, nstart=None, weight="weight", dangling=None, **kw
):
    if personalization is not None and not any(personalization.get(v, 0) for v in G):
        raise ZeroDivisionError  # what NetworkX raises for an all-zero personalization
    weight = weight or None
    _no_negative(G, weight)
    g = G.graph(weight)
    scores = _run(
        ona.pagerank,
        g,
        alpha=alpha,
        personalization=_vector(G, personalization),
        max_iter=max_iter,
        tol=tol,
        nstart=_vector(G, nstart),
        weight="weight" if (weight is not None or G.multigraph) else None,
        dangling=_vector(G, dangling),
        **_ona_kwargs(kw),
    )
    return _by_node(G, scores, weight)


def _hits_rule(G: Any, a: dict[str, Any]) -> bool | str:
    if a["max_iter"] is None or a["max_iter"] <= 0:
        return "max_iter <= 0 (NetworkX raises)"
    if len(G) < 2 or G.number_of_edges() == 0:
        return "fewer than 2 nodes or no edges (NetworkX's ARPACK solver raises)"
    if a["nstart"] is not None:
        return "nstart= seeds NetworkX's ARPACK solver; ona's power iteration would differ"
    return True


@_implements(rules=(_hits_rule,))
def hits(G, max_iter=100, tol=1e-08, nstart=None, normalized=True, **kw):
    # NetworkX reads the "weight" attribute (default 1) through adjacency_matrix.
    _no_negative(G, "weight")
    g = G.graph("weight")
    # Where the top singular value is repeated the answer is not unique: NetworkX's
    # ARPACK result then changes from run to run, ona returns the projection of the
    # uniform vector (deterministic). If the power iteration does not settle there,
    # NetworkX's solver takes over.
    try:
        hubs, auths = _run(ona.hits, g, max_iter=max_iter, tol=tol, normalized=normalized, **_ona_kwargs(kw))
    except nx.PowerIterationFailedConvergence as err:
        raise NotImplementedError(f"ona's power iteration did not converge in {max_iter} iterations") from err
    return _by_node(G, hubs, "weight"), _by_node(G, auths, "weight")


# ----------------------------------------------------------------------------- centrality


def _w(weight: str | None) -> str | None:
    """ona's ``weight=`` for a graph built with (``"weight"``) or without (``None``) weights."""
    return "weight" if weight else None


_SAMPLED = " (k= draws sources with NetworkX's random generator; ona's sample would differ)"


@_implements(
    multigraph=True, weight_args=("weight",), rules=(_is_none("k", why=_SAMPLED), _simple_unless_unweighted("weight"))
)
def betweenness_centrality(G, k=None, normalized=True, weight=None, endpoints=False, seed=None, **kw):
    weight = weight or None
    _positive(G, weight)
    scores = _run(
        ona.betweenness_centrality,
        G.graph(weight),
        normalized=normalized,
        weight=_w(weight),
        endpoints=endpoints,
        **_ona_kwargs(kw),
    )
    return _by_node(G, scores, weight)


@_implements(weight_args=("weight",), rules=(_is_none("k", why=_SAMPLED),))
def edge_betweenness_centrality(G, k=None, normalized=True, weight=None, seed=None, **kw):
    weight = weight or None
    _positive(G, weight)
    res = _run(
        ona.edge_betweenness_centrality, G.graph(weight), normalized=normalized, weight=_w(weight), **_ona_kwargs(kw)
    )
    values = _edge_values(res)
    nodes, index = G.nodes, G.index
    if G.nx_graph is not None:
        edges = G.nx_graph.edges()
    else:
        edges = ((nodes[u], nodes[v]) for u, v in zip(G.src.tolist(), G.dst.tolist()))
    out = {}
    for u, v in edges:
        iu, iv = index[u], index[v]
        val = values.get((iu, iv))
        if val is None and not G.directed:
            val = values.get((iv, iu))
        out[(u, v)] = 0.0 if val is None else val
    return out


def _edge_values(res: Any) -> dict[tuple[int, int], float]:
    """ona's edge betweenness result as ``{(source index, target index): value}``."""
    if isinstance(res, dict):
        return {(int(u), int(v)): float(x) for (u, v), x in res.items()}
    if hasattr(res, "column_names") or hasattr(res, "columns"):  # a table
        import pyarrow as pa

        t = pa.table(res)
        cols = [t.column(i).to_pylist() for i in range(3)]
        return {(int(u), int(v)): float(x) for u, v, x in zip(*cols)}
    src, dst, val = res
    return dict(zip(zip(np.asarray(src).tolist(), np.asarray(dst).tolist()), np.asarray(val, dtype=float).tolist()))


@_implements(
    multigraph=True,
    weight_args=("distance",),
    rules=(_node_in_graph("u", optional=True), _simple_unless_unweighted("distance")),
)
def closeness_centrality(G, u=None, distance=None, wf_improved=True, **kw):
    distance = distance or None
    _positive(G, distance)
    g = G.graph(distance)
    if u is not None:
        return float(
            _run(
                ona.closeness_centrality,
                g,
                u=G.index[u],
                distance=_w(distance),
                wf_improved=wf_improved,
                **_ona_kwargs(kw),
            )
        )
    scores = _run(ona.closeness_centrality, g, distance=_w(distance), wf_improved=wf_improved, **_ona_kwargs(kw))
    return _by_node(G, scores, distance)


@_implements(multigraph=True, weight_args=("distance",), rules=(_simple_unless_unweighted("distance"),))
def harmonic_centrality(G, nbunch=None, distance=None, sources=None, **kw):
    distance = distance or None
    _positive(G, distance)
    src = None
    if sources is not None:
        index = G.index
        src = [index[v] for v in set(G.to_networkx().nbunch_iter(sources))]
    scores = _run(ona.harmonic_centrality, G.graph(distance), distance=_w(distance), sources=src, **_ona_kwargs(kw))
    values = _by_node(G, scores, distance)
    # NetworkX's keys come from a set (its iteration order, mirrored here).
    keys = set(G.nodes) if nbunch is None else set(G.to_networkx().nbunch_iter(nbunch))
    return {v: values[v] for v in keys}


def _nstart_not_zero(G: Any, a: dict[str, Any]) -> bool | str:
    d = a["nstart"]
    if d is not None and all(v == 0 for v in d.values()):
        return "nstart= is all zeros (NetworkX raises)"
    return True


@_implements(weight_args=("weight",), rules=(_covers_all_nodes("nstart"), _nstart_not_zero))
def eigenvector_centrality(G, max_iter=100, tol=1e-06, nstart=None, weight=None, **kw):
    weight = weight or None
    _no_negative(G, weight)
    scores = _run(
        ona.eigenvector_centrality,
        G.graph(weight),
        max_iter=max_iter,
        tol=tol,
        nstart=_vector(G, nstart),
        weight=_w(weight),
        **_ona_kwargs(kw),
    )
    return _by_node(G, scores, weight)


def _katz_beta(G: Any, a: dict[str, Any]) -> bool | str:
    beta = a["beta"]
    if isinstance(beta, dict):
        return _covers_all_nodes("beta")(G, a)
    try:
        float(beta)
    except (TypeError, ValueError):
        return "beta= is neither a number nor a dict (NetworkX raises)"
    return True


@_implements(weight_args=("weight",), rules=(_katz_beta, _covers_all_nodes("nstart")))
def katz_centrality(G, alpha=0.1, beta=1.0, max_iter=1000, tol=1e-06, nstart=None, normalized=True, weight=None, **kw):
    weight = weight or None
    _no_negative(G, weight)
    b = _vector(G, beta) if isinstance(beta, dict) else float(beta)
    scores = _run(
        ona.katz_centrality,
        G.graph(weight),
        alpha=alpha,
        beta=b,
        max_iter=max_iter,
        tol=tol,
        nstart=_vector(G, nstart),
        normalized=normalized,
        weight=_w(weight),
        **_ona_kwargs(kw),
    )
    return _by_node(G, scores, weight)


@_implements(cheap=True)
def degree_centrality(G, **kw):
    return _by_node(G, _run(ona.degree_centrality, G.graph(), **_ona_kwargs(kw)))


@_implements(directed=True, cheap=True)
def in_degree_centrality(G, **kw):
    return _by_node(G, _run(ona.in_degree_centrality, G.graph(), **_ona_kwargs(kw)))


@_implements(directed=True, cheap=True)
def out_degree_centrality(G, **kw):
    return _by_node(G, _run(ona.out_degree_centrality, G.graph(), **_ona_kwargs(kw)))


# ----------------------------------------------------------------------------- cores and clustering


@_implements(self_loops=False)
def core_number(G, **kw):
    return _by_node(G, np.asarray(_run(ona.core_number, G.graph(), **_ona_kwargs(kw)), dtype=np.int64))


def _subset(G: OnaGraph, values: dict[Hashable, Any], nodes: Any) -> Any:
    """NetworkX's ``nodes=`` argument: one node (its value), an iterable (a dict), or None (all)."""
    if nodes is None:
        return values
    if nodes in G:
        return values[nodes]
    return {v: values[v] for v in G.to_networkx().nbunch_iter(nodes)}


@_implements(directed=False)
def triangles(G, nodes=None, **kw):
    counts = np.asarray(_run(ona.triangles, G.graph(), **_ona_kwargs(kw)), dtype=np.int64)
    return _subset(G, _by_node(G, counts), nodes)


@_implements(weight_args=("weight",))
def clustering(G, nodes=None, weight=None, **kw):
    weight = weight or None
    _no_negative(G, weight)
    scores = _run(ona.clustering, G.graph(weight), weight=_w(weight), **_ona_kwargs(kw))
    return _subset(G, _by_node(G, scores, weight), nodes)


def _not_one_node(arg: str) -> Rule:
    def rule(G: Any, a: dict[str, Any]) -> bool | str:
        try:
            return a[arg] is None or a[arg] not in G or f"{arg}= is a single node (NetworkX fails on it)"
        except TypeError:
            return True

    return rule


@_implements(weight_args=("weight",), rules=(_not_one_node("nodes"),))
def average_clustering(G, nodes=None, weight=None, count_zeros=True, **kw):
    weight = weight or None
    _no_negative(G, weight)
    if nodes is None:
        return float(
            _run(ona.average_clustering, G.graph(weight), weight=_w(weight), count_zeros=count_zeros, **_ona_kwargs(kw))
        )
    c = np.asarray(list(clustering(G, nodes, weight, **kw).values()), dtype=np.float64)
    if not count_zeros:
        c = c[np.abs(c) > 0]
    if c.size == 0:
        raise ZeroDivisionError("division by zero")  # as NetworkX's sum(c) / len(c)
    return float(c.sum() / c.size)


@_implements(directed=False)
def transitivity(G, **kw):
    return float(_run(ona.transitivity, G.graph(), **_ona_kwargs(kw)))


# ----------------------------------------------------------------------------- components


def _label_array(G: OnaGraph, fn: Callable[..., Any], kw: dict[str, Any]) -> np.ndarray:
    return G.aligned(np.asarray(_run(fn, G.graph(), **_ona_kwargs(kw))))


def _components(G: OnaGraph, labels: np.ndarray) -> Iterator[set[Hashable]]:
    """Sets of nodes per label, ordered by each component's first node in G (NetworkX's order)."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    starts = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1]])
    ends = np.r_[starts[1:], order.size]
    nodes = G.nodes
    for j in np.argsort(order[starts], kind="stable").tolist():
        yield {nodes[i] for i in order[starts[j] : ends[j]].tolist()}


def _count(labels: np.ndarray) -> int:
    return int(np.unique(labels).size)


@_implements(directed=False, multigraph=True)
def connected_components(G, **kw):
    return _components(G, _label_array(G, ona.connected_components, kw))


@_implements(directed=False, multigraph=True, cheap=True)
def number_connected_components(G, **kw):
    return _count(_label_array(G, ona.connected_components, kw))


@_implements(directed=False, multigraph=True, cheap=True)
def is_connected(G, **kw):
    return _count(_label_array(G, ona.connected_components, kw)) == 1


@_implements(directed=False, multigraph=True, cheap=True, rules=(_node_in_graph("n"),))
def node_connected_component(G, n, **kw):
    labels = _label_array(G, ona.connected_components, kw)
    nodes = G.nodes
    return {nodes[i] for i in np.flatnonzero(labels == labels[G.index[n]]).tolist()}


@_implements(directed=True, multigraph=True)
def weakly_connected_components(G, **kw):
    return _components(G, _label_array(G, ona.weakly_connected_components, kw))


@_implements(directed=True, multigraph=True, cheap=True)
def number_weakly_connected_components(G, **kw):
    return _count(_label_array(G, ona.weakly_connected_components, kw))


@_implements(directed=True, multigraph=True, cheap=True)
def is_weakly_connected(G, **kw):
    return _count(_label_array(G, ona.weakly_connected_components, kw)) == 1


@_implements(directed=True, multigraph=True)
def strongly_connected_components(G, **kw):
    """The same components as NetworkX, ordered by first node (not Tarjan's completion order)."""
    return _components(G, _label_array(G, ona.strongly_connected_components, kw))


@_implements(directed=True, multigraph=True, cheap=True)
def number_strongly_connected_components(G, **kw):
    return _count(_label_array(G, ona.strongly_connected_components, kw))


@_implements(directed=True, multigraph=True, cheap=True)
def is_strongly_connected(G, **kw):
    return _count(_label_array(G, ona.strongly_connected_components, kw)) == 1
