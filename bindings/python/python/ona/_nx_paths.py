"""NetworkX's shortest-path-length, path and ego-graph functions run on ona.

Same conventions as :mod:`ona._nx_algorithms` (whose registry and helpers these
use). Paths: ona chooses among equally short paths exactly as NetworkX does when
each node's neighbours are stored in ascending node order, so path-returning
functions run on ona only for such graphs and fall back otherwise; lengths never
depend on that choice.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np

import ona

from ._nx_algorithms import (
    _implements,
    _no_negative,
    _node_in_graph,
    _ona_kwargs,
    _positive,
    _run,
    _simple_unless_unweighted,
    _w,
)
from ._nx_convert import OnaGraph

# ----------------------------------------------------------------------------- shortest paths


def _method(G: Any, a: dict[str, Any]) -> bool | str:
    if a["method"] not in ("dijkstra", "bellman-ford"):
        return f"method={a['method']!r}: NetworkX raises ValueError"
    return True


def _distances(G: OnaGraph, d: np.ndarray, hops: bool) -> dict[Hashable, Any]:
    """Reached nodes -> distance, nearest first (NetworkX's dicts are in search order)."""
    d = G.aligned(np.asarray(d))
    reached = np.flatnonzero(np.isfinite(d))
    order = reached[np.argsort(d[reached], kind="stable")]
    values = d[order]
    out = values.astype(np.int64).tolist() if hops else values.tolist()
    nodes = G.nodes
    return {nodes[i]: x for i, x in zip(order.tolist(), out)}


def _single_source(G: OnaGraph, source: Hashable, weight: str | None, cutoff: float | None, kw: dict[str, Any]):
    g = G.graph(weight)
    s = G.index[source]
    if weight is None:
        d = _run(ona.single_source_shortest_path_length, g, s, cutoff, **_ona_kwargs(kw))
    else:
        d = _run(ona.single_source_dijkstra_path_length, g, s, cutoff, weight="weight", **_ona_kwargs(kw))
    return _distances(G, d, hops=weight is None)


def _pair_length(G: OnaGraph, source: Hashable, target: Hashable, weight: str | None, kw: dict[str, Any]):
    try:
        d = _run(
            ona.shortest_path_length,
            G.graph(weight),
            G.index[source],
            G.index[target],
            weight=_w(weight),
            **_ona_kwargs(kw),
        )
    except ona.NoPath as err:
        msg = (
            f"No path between {source} and {target}."
            if weight is None
            else f"Node {target} not reachable from {source}"
        )
        raise nx.NetworkXNoPath(msg) from err
    return int(d) if weight is None else float(d)


@_implements(
    multigraph=True,
    weight_args=("weight",),
    rules=(
        _method,
        _simple_unless_unweighted("weight"),
        _node_in_graph("source", optional=True),
        _node_in_graph("target", optional=True),
    ),
)
def shortest_path_length(G, source=None, target=None, weight=None, method="dijkstra", **kw):
    weight = weight or None
    _no_negative(G, weight)
    if source is not None and target is not None:
        return _pair_length(G, source, target, weight, kw)
    if source is not None:
        return _single_source(G, source, weight, None, kw)
    if target is not None:
        return _single_source(G.reverse(), target, weight, None, kw)
    return ((v, _single_source(G, v, weight, None, kw)) for v in G.nodes)


@_implements(multigraph=True, rules=(_node_in_graph("source"),))
def single_source_shortest_path_length(G, source, cutoff=None, **kw):
    return _single_source(G, source, None, cutoff, kw)


@_implements(weight_args=("weight",), rules=(_node_in_graph("source"),))
def single_source_dijkstra_path_length(G, source, cutoff=None, weight="weight", **kw):
    weight = weight or None
    _no_negative(G, weight)
    return _single_source(G, source, weight, cutoff, kw)


@_implements(multigraph=True)
def all_pairs_shortest_path_length(G, cutoff=None, **kw):
    return ((v, _single_source(G, v, None, cutoff, kw)) for v in G.nodes)


@_implements(weight_args=("weight",), rules=(_node_in_graph("source"), _node_in_graph("target")))
def dijkstra_path_length(G, source, target, weight="weight", **kw):
    weight = weight or None
    _no_negative(G, weight)
    if source == target:
        return 0
    return _pair_length(G, source, target, weight, kw)


@_implements(multigraph=True, rules=(_node_in_graph("source"), _node_in_graph("target")))
def has_path(G, source, target, **kw):
    try:
        _pair_length(G, source, target, None, kw)
    except nx.NetworkXNoPath:
        return False
    return True


def _path(G: OnaGraph, source: Hashable, target: Hashable, weight: str | None, kw: dict[str, Any]) -> list[Hashable]:
    if not G.adjacency_sorted:
        raise NotImplementedError(
            "neighbours are not stored in node order: among equally short paths ona would pick another than NetworkX"
        )
    try:
        path = _run(
            ona.shortest_path, G.graph(weight), G.index[source], G.index[target], weight=_w(weight), **_ona_kwargs(kw)
        )
    except ona.NoPath as err:
        raise nx.NetworkXNoPath(f"No path between {source} and {target}.") from err
    nodes = G.nodes
    return [nodes[i] for i in np.asarray(path).tolist()]


def _both_ends(G: Any, a: dict[str, Any]) -> bool | str:
    if a["source"] is None or a["target"] is None:
        return "single-source and all-pairs path dicts run on NetworkX"
    return True


@_implements(
    weight_args=("weight",),
    rules=(_method, _both_ends, _node_in_graph("source", optional=True), _node_in_graph("target", optional=True)),
)
def shortest_path(G, source=None, target=None, weight=None, method="dijkstra", **kw):
    weight = weight or None
    if weight is not None and method != "dijkstra":
        raise NotImplementedError("bellman-ford picks among equal paths differently")
    _positive(G, weight)
    return _path(G, source, target, weight, kw)


@_implements(rules=(_node_in_graph("source"), _node_in_graph("target")))
def bidirectional_shortest_path(G, source, target, **kw):
    return _path(G, source, target, None, kw)


# ----------------------------------------------------------------------------- subgraphs


@_implements(weight_args=("distance",), rules=(_node_in_graph("n"),))
def ego_graph(G, n, radius=1, center=True, undirected=False, distance=None, **kw):
    """The subgraph NetworkX builds (attributes copied), with the neighbourhood found by ona."""
    distance = distance or None
    _no_negative(G, distance)
    ego = _run(
        ona.ego_graph,
        G.graph(distance),
        G.index[n],
        radius=float(radius),
        center=True,
        undirected=undirected,
        distance=_w(distance),
        **_ona_kwargs(kw),
    )
    nodes = G.nodes
    H = G.to_networkx().subgraph([nodes[i] for i in np.asarray(ego.node_ids()).tolist()]).copy()
    if not center:
        H.remove_node(n)
    return H
