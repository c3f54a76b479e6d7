"""NetworkX's community functions run on ona (``nx.community.louvain_communities`` ...).

Same conventions as :mod:`ona._nx_algorithms`. Louvain with a ``seed`` is
deterministic on ona too, but draws from ona's generator, not NetworkX's: the
partition is a valid Louvain result of the same quality class, not the one
NetworkX's seed would give (NetworkX's own tests that pin a seeded partition are
marked as known differences in ``ona.backend``).
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np

import ona

from ._nx_algorithms import _components, _implements, _no_negative, _ona_kwargs, _run
from ._nx_convert import OnaGraph


def _weight(G: OnaGraph, weight: str | None) -> tuple[str | None, str | None]:
    """(attribute to build the ona graph with, ona's ``weight=``): a multigraph's
    parallel edges count, summed, even with ``weight=None`` (as NetworkX converts it)."""
    weight = weight or None
    _no_negative(G, weight)
    return weight, ("weight" if weight is not None or G.multigraph else None)


def _labels(G: OnaGraph, communities: Any) -> np.ndarray:
    """Communities (an iterable of node sets covering every node once) as labels in ona node order."""
    labels = np.empty(len(G), dtype=np.int64)
    index = G.index
    for c, community in enumerate(communities):
        labels[[index[v] for v in community]] = c
    return labels


def _is_partition(G: Any, a: dict[str, Any], arg: str) -> bool | str:
    comms = a[arg]
    if not isinstance(comms, list | tuple | set | frozenset):
        return f"{arg}= is a one-shot iterator (checking it would consume it)"
    try:
        ok = nx.community.is_partition(G.to_networkx() if isinstance(G, OnaGraph) else G, comms, backend="networkx")
    except (TypeError, nx.NetworkXError):
        ok = False
    return ok or f"{arg}= is not a partition of the graph (NetworkX raises NotAPartition)"


@_implements(multigraph=True, weight_args=("weight",), rules=(lambda G, a: _is_partition(G, a, "communities"),))
def modularity(G, communities, weight="weight", resolution=1, **kw):
    attr, w = _weight(G, weight)
    return float(
        _run(
            ona.modularity,
            G.graph(attr),
            G.aligned(_labels(G, communities), attr),
            weight=w,
            resolution=resolution,
            **_ona_kwargs(kw),
        )
    )


def _max_level(G: Any, a: dict[str, Any]) -> bool | str:
    m = a["max_level"]
    return m is None or m > 0 or "max_level <= 0 (NetworkX raises ValueError)"


@_implements(multigraph=True, weight_args=("weight",), rules=(_max_level,))
def louvain_communities(G, weight="weight", resolution=1, threshold=1e-07, max_level=None, seed=None, **kw):
    attr, w = _weight(G, weight)
    labels = _run(
        ona.louvain_communities,
        G.graph(attr),
        weight=w,
        resolution=resolution,
        threshold=threshold,
        max_level=max_level,
        seed=_seed(seed),
        **_ona_kwargs(kw),
    )
    return list(_components(G, G.aligned(np.asarray(labels), attr)))


@_implements(multigraph=True, weight_args=("weight",))
def louvain_partitions(G, weight="weight", resolution=1, threshold=1e-07, seed=None, **kw):
    attr, w = _weight(G, weight)
    levels = _run(
        ona.louvain_partitions,
        G.graph(attr),
        weight=w,
        resolution=resolution,
        threshold=threshold,
        seed=_seed(seed),
        **_ona_kwargs(kw),
    )
    return (list(_components(G, G.aligned(np.asarray(labels), attr))) for labels in levels)


@_implements(directed=False)
def label_propagation_communities(G, **kw):
    labels = _run(ona.label_propagation_communities, G.graph(), **_ona_kwargs(kw))
    return dict(enumerate(_components(G, G.aligned(np.asarray(labels))))).values()  # NetworkX returns dict_values


def _seed(seed: Any) -> int | None:
    """An int for ona from NetworkX's seed (py_random_state has made it a random.Random)."""
    if seed is None or isinstance(seed, int):
        return seed
    if hasattr(seed, "getrandbits"):  # random.Random, or the random module itself
        return int(seed.getrandbits(63))
    return int(np.random.default_rng(seed).integers(2**63 - 1))
