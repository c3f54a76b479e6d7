"""Every error kind comes out as its ona.errors class, also as the built-in
exception class promised, with its stable code; a Rust panic is ona.InternalError,
never PanicException."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ona
from ona import errors as E

# core code -> (class, built-in it must also be)
CORE_KINDS = {
    "ONA_NODE_OUT_OF_RANGE": (E.NodeNotFound, KeyError),
    "ONA_UNKNOWN_NODE": (E.NodeNotFound, KeyError),
    "ONA_INVALID_WEIGHT": (E.InvalidWeight, ValueError),
    "ONA_TOO_LARGE": (E.LimitExceeded, MemoryError),
    "ONA_LENGTH_MISMATCH": (E.LengthMismatch, ValueError),
    "ONA_DUPLICATE_EDGE": (E.DuplicateEdge, ValueError),
    "ONA_SELF_LOOP": (E.SelfLoopError, ValueError),
    "ONA_INVALID_PARAMETER": (E.InvalidParameter, ValueError),
    "ONA_EMPTY_GRAPH": (E.EmptyGraph, ValueError),
    "ONA_NOT_CONVERGED": (E.NotConverged, RuntimeError),
    "ONA_UNSUPPORTED": (E.Unsupported, ValueError),
    "ONA_CANCELLED": (E.Cancelled, E.OnaError),
    "ONA_DEADLINE_EXCEEDED": (E.Timeout, TimeoutError),
    "ONA_THREAD_POOL": (E.ThreadPoolError, OSError),
    "ONA_RESOURCE_EXHAUSTED": (E.LimitExceeded, MemoryError),
}


@pytest.mark.parametrize("code", sorted(CORE_KINDS))
def test_every_core_kind_maps_to_its_class(code: str) -> None:
    cls, builtin = CORE_KINDS[code]
    with pytest.raises(cls) as info:
        ona._ona._test_raise(code)
    assert isinstance(info.value, builtin)
    assert isinstance(info.value, ona.OnaError)
    assert info.value.code == code
    assert str(info.value)  # a message, not just a code


def test_every_class_is_exported_and_rooted() -> None:
    for name in E.__all__:
        cls = getattr(ona, name)
        assert cls is getattr(E, name)
        assert issubclass(cls, ona.OnaError)


@pytest.fixture
def tri() -> ona.Graph:
    return ona.Graph.from_edges([10, 20, 30], [20, 30, 10])


def test_unknown_node_is_a_key_error(tri: ona.Graph) -> None:
    with pytest.raises(KeyError) as info:
        tri.index_of(99)
    assert isinstance(info.value, ona.NodeNotFound) and info.value.code == "ONA_UNKNOWN_NODE"
    assert "99" in str(info.value)
    with pytest.raises(ona.NodeNotFound):
        tri.index_of("10")  # str key on an int graph: no silent parsing
    with pytest.raises(ona.NodeNotFound):
        ona.shortest_path_length(tri, 10, 12345)
    with pytest.raises(ona.NodeNotFound):
        ona.pagerank(tri, personalization={77: 1.0})
    with pytest.raises(ona.NodeNotFound) as info:
        tri.id_of(3)
    assert info.value.code == "ONA_NODE_OUT_OF_RANGE"


def test_invalid_weights() -> None:
    with pytest.raises(ona.InvalidWeight) as info:
        ona.Graph.from_edges([0, 1], [1, 2], [1.0, math.nan])
    assert isinstance(info.value, ValueError) and info.value.code == "ONA_INVALID_WEIGHT"
    g = ona.Graph.from_edges([0, 1], [1, 2], [1.0, -2.0])
    with pytest.raises(ona.InvalidWeight):
        ona.betweenness_centrality(g, weight="weight")
    with pytest.raises(ona.InvalidWeight):
        ona.pagerank(g)


def test_length_mismatch() -> None:
    with pytest.raises(ona.LengthMismatch) as info:
        ona.Graph.from_edges(np.array([0, 1]), np.array([1, 2, 3]))
    assert info.value.code == "ONA_LENGTH_MISMATCH"
    with pytest.raises(ona.LengthMismatch):
        ona.Graph.from_edges([0, 1], [1, 2], [1.0])
    g = ona.Graph.from_edges([0, 1], [1, 2])
    with pytest.raises(ona.LengthMismatch):
        ona.pagerank(g, personalization=np.ones(5))
    with pytest.raises(ona.LengthMismatch):
        ona.katz_centrality(g, beta={0: 1.0})  # a beta dict needs every node


def test_duplicate_and_self_loop_policies() -> None:
    with pytest.raises(ona.DuplicateEdge) as info:
        ona.Graph.from_edges([0, 1, 0], [1, 2, 1], duplicates="error")
    assert info.value.code == "ONA_DUPLICATE_EDGE"
    with pytest.raises(ona.SelfLoopError) as info2:
        ona.Graph.from_edges([0, 1], [1, 1], self_loops="error")
    assert info2.value.code == "ONA_SELF_LOOP"
    assert ona.Graph.from_edges([0, 1], [1, 1], self_loops="drop").number_of_edges() == 1
    g = ona.Graph.from_edges([0, 0], [1, 1], [1.0, 2.5], duplicates="max")
    assert g.to_csr()[2].tolist() == [2.5, 2.5]


def test_invalid_parameters() -> None:
    g = ona.Graph.from_edges([0, 1], [1, 2])
    for call in (
        lambda: ona.pagerank(g, alpha=2.0),
        lambda: ona.pagerank(g, tol=-1.0),
        lambda: ona.betweenness_centrality(g, k=10),
        lambda: ona.approximate_betweenness_centrality(g, epsilon=2.0),
        lambda: ona.Graph.from_edges([-1, 0], [0, 1]),
        lambda: ona.Graph.from_edges([0], [1], duplicates="bogus"),
        lambda: ona.pagerank(g, weight="cost"),  # not this graph's weight column
        lambda: ona.ego_graph(g, 0, radius=-1.0),
        lambda: ona.pagerank(g, timeout=-1.0),
        lambda: ona.pagerank(g, progress=42),
        lambda: ona.bfs_distances(g, 0, direction="sideways"),
    ):
        with pytest.raises(ona.InvalidParameter) as info:
            call()
        assert isinstance(info.value, ValueError) and info.value.code == "ONA_INVALID_PARAMETER"


def test_negative_id_names_the_row() -> None:
    with pytest.raises(ona.InvalidParameter, match="row 2"):
        ona.Graph.from_edges(np.array([0, 1, -5]), np.array([1, 2, 3]))


def test_invalid_types() -> None:
    with pytest.raises(ona.InvalidType) as info:
        ona.Graph.from_edges(np.array([0.5, 1.0]), np.array([1.0, 2.0]))
    assert isinstance(info.value, TypeError) and info.value.code == "ONA_INVALID_TYPE"
    with pytest.raises(ona.InvalidType):
        ona.Graph.from_edges([0, 1], ["a", "b"])  # ints and strs mixed
    with pytest.raises(ona.InvalidType):
        ona.Graph.from_edges([0, 1], [1, 2], ["x", "y"])


def test_empty_graph() -> None:
    g = ona.Graph.from_edges([], [])
    assert g.number_of_nodes() == 0
    with pytest.raises(ona.EmptyGraph) as info:
        ona.eigenvector_centrality(g)
    assert isinstance(info.value, ValueError) and info.value.code == "ONA_EMPTY_GRAPH"
    assert ona.pagerank(g).shape == (0,)


def test_not_converged_is_a_runtime_error() -> None:
    g = ona.Graph.from_edges([0, 1, 2, 2], [1, 2, 0, 3], directed=True)
    with pytest.raises(RuntimeError) as info:
        ona.pagerank(g, max_iter=1, tol=1e-15)
    assert isinstance(info.value, ona.NotConverged) and info.value.code == "ONA_NOT_CONVERGED"


def test_unsupported() -> None:
    d = ona.Graph.from_edges([0, 1], [1, 2], directed=True)
    with pytest.raises(ona.Unsupported) as info:
        ona.triangles(d)
    assert info.value.code == "ONA_UNSUPPORTED"
    u = ona.Graph.from_edges([0, 1], [1, 2])
    with pytest.raises(ona.Unsupported):
        ona.in_degree(u)
    with pytest.raises(ona.Unsupported):
        ona.core_number(ona.Graph.from_edges([0, 1], [1, 1]))  # self loops, as NetworkX
    with pytest.raises(ona.Unsupported):
        ona.label_propagation_communities(d)


def test_no_path() -> None:
    g = ona.Graph.from_edges([0, 2], [1, 3])
    with pytest.raises(ona.NoPath) as info:
        ona.shortest_path(g, 0, 3)
    assert info.value.code == "ONA_NO_PATH"
    with pytest.raises(ona.NoPath):
        ona.shortest_path_length(g, 0, 3)


def test_timeout_is_a_timeout_error() -> None:
    with pytest.raises(TimeoutError) as info:
        ona._ona._test_sleep(5.0, timeout=0.05)
    assert isinstance(info.value, ona.Timeout) and info.value.code == "ONA_DEADLINE_EXCEEDED"


@pytest.mark.parametrize("place", ["caller", "worker"])
def test_panics_become_internal_errors(place: str) -> None:
    with pytest.raises(Exception) as info:  # noqa: PT011 - the point: plain `except Exception` catches it
        ona._ona._test_panic(place)
    assert type(info.value) is ona.InternalError, type(info.value).__mro__
    assert info.value.code == "ONA_INTERNAL"
    assert "injected panic" in str(info.value)
    # The process, the pool and the GIL are fine afterwards.
    assert ona.pagerank(ona.Graph.from_edges([0], [1])).sum() == pytest.approx(1.0)


def test_errors_pickle_and_keep_their_message() -> None:
    import pickle

    try:
        ona.Graph.from_edges([0, 1, 0], [1, 2, 1], duplicates="error")
    except ona.DuplicateEdge as e:
        again = pickle.loads(pickle.dumps(e))
        assert type(again) is ona.DuplicateEdge and str(again) == str(e)
        assert again.code == "ONA_DUPLICATE_EDGE"
