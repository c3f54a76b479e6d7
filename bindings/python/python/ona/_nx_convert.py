"""NetworkX graphs to ona graphs and back, for the NetworkX backend (``ona.backend``).

A NetworkX graph becomes an :class:`OnaGraph`: the node list (node ``i`` of every
ona graph built from it is ``nodes[i]``), the arcs as two index arrays (int32 where they fit) read
in one pass over ``G._adj``, and, per weight attribute asked for, an ona graph
built on first use. The NetworkX graph itself is kept so that functions returning
subgraphs (``ego_graph``) can copy attributes exactly as NetworkX does, and so
that ``convert_to_nx`` is free.

Weights follow NetworkX: a missing attribute counts as 1. A value that is not a
real number (a string, ``None``, a complex), NaN or infinity cannot become an
ona weight; the conversion raises :class:`NotImplementedError`, which NetworkX's
dispatcher reads as "this backend cannot run this call" and falls back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from itertools import chain
from typing import Any

import networkx as nx
import numpy as np

import ona

__all__ = ["OnaGraph", "from_networkx", "to_networkx"]


class OnaGraph:
    """A NetworkX graph converted for the ``ona`` backend.

    Dispatched NetworkX functions receive this object in place of the NetworkX
    graph. ``G.graph(weight)`` is the ona graph (built once per weight attribute);
    ``G.nodes`` maps ona's dense node order back to NetworkX nodes.
    """

    __networkx_backend__ = "ona"

    def __init__(
        self,
        nodes: list[Hashable],
        src: np.ndarray,
        dst: np.ndarray,
        *,
        directed: bool,
        multigraph: bool = False,
        self_loops: int = 0,
        nx_graph: nx.Graph | None = None,
        weights: dict[str, np.ndarray] | None = None,
        keep: np.ndarray | None = None,
        adjacency_sorted: bool = False,
    ) -> None:
        self.nodes = nodes
        self.src = src
        self.dst = dst
        self.directed = directed
        self.multigraph = multigraph
        self.self_loops = self_loops
        self.nx_graph = nx_graph
        self._keep = keep  # undirected: which arcs of G._adj are kept as edges
        # Whether every node's neighbours in G._adj come in ascending ona index
        # order: then ona picks the same path as NetworkX among equally short ones.
        self.adjacency_sorted = adjacency_sorted
        self._index: dict[Hashable, int] | None = None
        self._weights: dict[str, np.ndarray] = dict(weights or {})
        self._graphs: dict[str | None, ona.Graph] = {}
        self._weights_of: Callable[[str], np.ndarray] | None = None

    # --- the small part of the NetworkX graph protocol the dispatcher and tests use
    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.nodes)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self.index
        except TypeError:  # unhashable
            return False

    def is_directed(self) -> bool:
        return self.directed

    def is_multigraph(self) -> bool:
        return self.multigraph

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return int(self.src.size)

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return f"<ona.backend graph: {len(self.nodes)} nodes, {self.src.size} edges, {kind}>"

    @property
    def index(self) -> dict[Hashable, int]:
        """NetworkX node -> ona node index."""
        if self._index is None:
            self._index = {v: i for i, v in enumerate(self.nodes)}
        return self._index

    # --- ona graphs
    def weights(self, attr: str) -> np.ndarray:
        """The float64 weight of each edge (missing attribute = 1, as NetworkX reads it)."""
        w = self._weights.get(attr)
        if w is None and self._weights_of is not None:
            w = self._weights[attr] = self._weights_of(attr)
        if w is None:
            if self.nx_graph is None:
                raise NotImplementedError(f"ona graph has no edge attribute {attr!r}")
            w = _edge_weights(self.nx_graph, attr, self.multigraph, self._keep)
            self._weights[attr] = w
        return w

    def reverse(self) -> OnaGraph:
        """The graph with every arc turned around (the graph itself if undirected)."""
        if not self.directed:
            return self
        r = OnaGraph(
            self.nodes, self.dst, self.src, directed=True, multigraph=self.multigraph, self_loops=self.self_loops
        )
        r._index = self._index
        r._weights_of = self.weights  # same edges, same order
        return r

    def has_negative_weights(self, attr: str | None) -> bool:
        return attr is not None and bool(self.src.size) and bool((self.weights(attr) < 0).any())

    def has_nonpositive_weights(self, attr: str | None) -> bool:
        return attr is not None and bool(self.src.size) and bool((self.weights(attr) <= 0).any())

    def graph(self, weight: str | None = None) -> ona.Graph:
        """The ona graph, weighted by edge attribute ``weight`` (unweighted if ``None``).

        A multigraph's parallel edges merge into one edge whose weight is their sum
        (with ``weight=None`` each edge counts 1), as NetworkX's adjacency matrix does.
        """
        g = self._graphs.get(weight)
        if g is None:
            w = self.weights(weight) if weight is not None else None
            if w is None and self.multigraph:
                w = np.ones(self.src.size)
            try:
                g = ona.Graph.from_edges(
                    self.src, self.dst, weight=w, directed=self.directed, num_nodes=len(self.nodes)
                )
            except ona.OnaError as err:  # NaN / infinite weight and the like
                raise NotImplementedError(f"ona cannot build this graph: {err}") from err
            self._graphs[weight] = g
        return g

    def aligned(self, values: np.ndarray, weight: str | None = None) -> np.ndarray:
        """Reorder a per-node result of ``self.graph(weight)`` into ``self.nodes`` order."""
        ids = np.asarray(self.graph(weight).node_ids())
        if ids.size == len(self.nodes) and (
            ids.size == 0 or (ids[0] == 0 and np.array_equal(ids, np.arange(ids.size)))
        ):
            return np.asarray(values)
        out = np.empty_like(np.asarray(values))
        out[ids] = values
        return out

    def to_networkx(self) -> nx.Graph:
        if self.nx_graph is not None:
            return self.nx_graph
        cls = {
            (False, False): nx.Graph,
            (True, False): nx.DiGraph,
            (False, True): nx.MultiGraph,
            (True, True): nx.MultiDiGraph,
        }[(self.directed, self.multigraph)]
        G = cls()
        G.add_nodes_from(self.nodes)
        nodes = self.nodes
        if self._weights:
            names = sorted(self._weights)
            cols = [self._weights[a].tolist() for a in names]
            G.add_edges_from(
                (nodes[u], nodes[v], dict(zip(names, ws)))
                for u, v, *ws in zip(self.src.tolist(), self.dst.tolist(), *cols)
            )
        else:
            G.add_edges_from((nodes[u], nodes[v]) for u, v in zip(self.src.tolist(), self.dst.tolist()))
        self.nx_graph = G
        return G


def _arcs(G: nx.Graph, multigraph: bool) -> tuple[np.ndarray, np.ndarray, dict[Hashable, int] | None]:
    """(src, dst) index arrays of every arc in ``G._adj`` order, and the node index.

    The index is None when the nodes are exactly ``0..n-1`` in order (graphs from
    NetworkX's generators, ``convert_node_labels_to_integers``, scipy arrays): then
    labels are indices and the per-arc dict lookup is skipped.
    """
    adj = G._adj
    n = len(adj)
    identity = False
    if all(type(v) is int for v in adj):
        try:
            identity = np.array_equal(np.fromiter(adj, np.int64, n), np.arange(n))
        except OverflowError:  # ints beyond int64
            pass
    index = None if identity else {v: i for i, v in enumerate(adj)}
    if multigraph:
        counts = np.fromiter((sum(map(len, nbrs.values())) for nbrs in adj.values()), np.int64, n)
        labels = (v for nbrs in adj.values() for v, keys in nbrs.items() for _ in range(len(keys)))
    else:
        counts = np.fromiter(map(len, adj.values()), np.int64, n)
        labels = chain.from_iterable(adj.values())
    m = int(counts.sum())
    dtype = np.int32 if n < 2**31 else np.int64  # int32 columns are read by ona in place
    dst = np.fromiter(labels if index is None else map(index.__getitem__, labels), dtype, m)
    src = np.repeat(np.arange(n, dtype=dtype), counts)
    return src, dst, index


def _edge_weights(G: nx.Graph, attr: str, multigraph: bool, keep: np.ndarray | None) -> np.ndarray:
    """Weights in the order of :func:`_arcs`, kept to one per edge (see :func:`from_networkx`)."""
    adj = G._adj
    if multigraph:
        it = (d.get(attr, 1) for nbrs in adj.values() for keys in nbrs.values() for d in keys.values())
    else:
        it = (d.get(attr, 1) for nbrs in adj.values() for d in nbrs.values())
    try:
        w = np.fromiter(it, np.float64)
    except (TypeError, ValueError) as err:
        raise NotImplementedError(f"edge attribute {attr!r} holds values that are not real numbers") from err
    if not np.isfinite(w).all():
        raise NotImplementedError(f"edge attribute {attr!r} holds NaN or infinite values")
    return w if keep is None else w[keep]


def from_networkx(G: nx.Graph, weights: list[str] | tuple[str, ...] = ()) -> OnaGraph:
    """Convert a NetworkX graph; ``weights`` names edge attributes to read now.

    Undirected edges are kept once (``u <= v`` in node order), directed ones as
    given, a multigraph's parallel edges each once.
    """
    multigraph = G.is_multigraph()
    directed = G.is_directed()
    src, dst, index = _arcs(G, multigraph)
    same_node = src[1:] == src[:-1]
    adjacency_sorted = not bool(np.any(same_node & (dst[1:] <= dst[:-1])))
    keep = None
    if not directed:
        keep = src <= dst
        src, dst = src[keep], dst[keep]
    self_loops = int(np.count_nonzero(src == dst))
    out = OnaGraph(
        list(G._adj),
        src,
        dst,
        directed=directed,
        multigraph=multigraph,
        self_loops=self_loops,
        nx_graph=G,
        keep=keep,
        adjacency_sorted=adjacency_sorted,
    )
    out._index = index
    for attr in weights:
        out._weights[attr] = _edge_weights(G, attr, multigraph, keep)
    return out


def to_networkx(G: Any) -> Any:
    """An :class:`OnaGraph` as a NetworkX graph; anything else unchanged."""
    if isinstance(G, OnaGraph):
        return G.to_networkx()
    return G
