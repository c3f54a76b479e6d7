"""NetworkX as the oracle: real networks from ../shared/data (small ones, so the suite
stays fast) and hypothesis-generated random graphs, compared algorithm by algorithm
through the Python API."""

from __future__ import annotations

import gzip
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ona

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def _read_pairs(path: Path) -> list[tuple[int, int]]:
    opener = gzip.open if path.suffix == ".gz" else open
    pairs = []
    with opener(path, "rt") as f:
        for line in f:
            if line.startswith(("%", "#")) or not line.strip():
                continue
            a, b = line.split()[:2]
            pairs.append((int(a), int(b)))
    return pairs


def _both(pairs: list[tuple[int, int]], directed: bool) -> tuple[ona.Graph, nx.Graph]:
    src = np.array([p[0] for p in pairs])
    dst = np.array([p[1] for p in pairs])
    g = ona.Graph.from_edges(src, dst, directed=directed, duplicates="first")
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(sorted(set(src.tolist()) | set(dst.tolist())))
    # Edges in ascending order, so NetworkX's adjacency order (insertion order) is
    # ona's (ascending): then ties between equally short paths resolve alike.
    norm = pairs if directed else [(min(u, v), max(u, v)) for u, v in pairs]
    G.add_edges_from(sorted(norm))
    return g, G


def _vec(g: ona.Graph, d: dict) -> np.ndarray:
    return np.array([d[x] for x in g.node_ids().tolist()], dtype=float)


def _same_partition(g: ona.Graph, labels: np.ndarray, sets: list[set]) -> None:
    got = sorted(sorted(s) for s in ona.components_to_sets(g, labels))
    want = sorted(sorted(s) for s in sets)
    assert got == want


REAL = {
    # name: (file under shared/data, directed)
    "karate": ("konect/ucidata-zachary/out.ucidata-zachary", False),
    "arenas-email": ("konect/arenas-email/out.arenas-email", False),
    "email-Eu-core": ("snap/email-Eu-core.txt.gz", True),
}


@pytest.fixture(scope="module", params=sorted(REAL))
def real(request: pytest.FixtureRequest) -> tuple[str, ona.Graph, nx.Graph]:
    rel, directed = REAL[request.param]
    path = DATA / rel
    assert path.exists(), f"{path} missing: the oracle tests need ../shared/data beside the checkout"
    g, G = _both(_read_pairs(path), directed)
    assert g.number_of_nodes() == G.number_of_nodes()
    assert g.number_of_edges() == G.number_of_edges()
    return request.param, g, G


def test_real_pagerank(real: tuple[str, ona.Graph, nx.Graph]) -> None:
    _, g, G = real
    want = _vec(g, nx.pagerank(G, tol=1e-13, max_iter=1000))
    np.testing.assert_allclose(ona.pagerank(g, tol=1e-13, max_iter=1000), want, rtol=1e-7, atol=1e-10)


def test_real_components_and_cores(real: tuple[str, ona.Graph, nx.Graph]) -> None:
    _, g, G = real
    if G.is_directed():
        _same_partition(g, ona.strongly_connected_components(g), list(nx.strongly_connected_components(G)))
        _same_partition(g, ona.weakly_connected_components(g), list(nx.weakly_connected_components(G)))
        assert ona.number_strongly_connected_components(g) == nx.number_strongly_connected_components(G)
    else:
        _same_partition(g, ona.connected_components(g), list(nx.connected_components(G)))
        assert ona.number_connected_components(g) == nx.number_connected_components(G)
    if nx.number_of_selfloops(G) == 0:
        np.testing.assert_array_equal(ona.core_number(g), _vec(g, nx.core_number(G)))


def test_real_clustering(real: tuple[str, ona.Graph, nx.Graph]) -> None:
    _, g, G = real
    np.testing.assert_allclose(ona.clustering(g), _vec(g, nx.clustering(G)), rtol=1e-12, atol=1e-15)
    assert ona.average_clustering(g) == pytest.approx(nx.average_clustering(G), rel=1e-12)
    if not G.is_directed():
        np.testing.assert_array_equal(ona.triangles(g), _vec(g, nx.triangles(G)))
        assert ona.transitivity(g) == pytest.approx(nx.transitivity(G), rel=1e-12)


def test_real_paths_and_closeness(real: tuple[str, ona.Graph, nx.Graph]) -> None:
    name, g, G = real
    source = g.node_ids()[0].item()
    want = nx.single_source_shortest_path_length(G, source)
    got = ona.single_source_shortest_path_length(g, source)
    for i, x in enumerate(g.node_ids().tolist()):
        assert got[i] == want.get(x, np.inf)
    target = max(want, key=lambda x: (want[x], x))
    assert ona.shortest_path_length(g, source, target) == want[target]
    path = ona.shortest_path(g, source, target)
    assert path == nx.shortest_path(G, source, target)
    if name != "email-Eu-core":  # NetworkX's closeness / betweenness take long there
        np.testing.assert_allclose(ona.closeness_centrality(g), _vec(g, nx.closeness_centrality(G)), rtol=1e-12)
        np.testing.assert_allclose(
            ona.betweenness_centrality(g), _vec(g, nx.betweenness_centrality(G)), rtol=1e-9, atol=1e-12
        )


# ---------------------------------------------------------------- random graphs


@st.composite
def graphs(draw: st.DrawFn) -> tuple[bool, list[tuple[int, int, float]], list[int]]:
    directed = draw(st.booleans())
    n = draw(st.integers(1, 24))
    ids = draw(st.lists(st.integers(0, 10_000), min_size=n, max_size=n, unique=True))
    m = draw(st.integers(0, 3 * n))
    edges = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from([0.5, 1.0, 2.0, 3.0])),
            min_size=m,
            max_size=m,
        )
    )
    return directed, edges, ids


def _from_drawn(directed: bool, edges: list, ids: list[int]) -> tuple[ona.Graph, nx.Graph]:
    seen: dict[tuple[int, int], float] = {}
    for u, v, w in edges:  # NetworkX keeps the last weight: keep one row per edge
        k = (u, v) if directed or u <= v else (v, u)
        seen[k] = w
    rows = sorted(seen.items())  # ascending, as ona's adjacency (see _both)
    src = np.array([k[0] for k, _ in rows], dtype=np.int64)
    dst = np.array([k[1] for k, _ in rows], dtype=np.int64)
    w = np.array([x for _, x in rows])
    g = ona.Graph.from_edges(src, dst, w, directed, nodes=np.array(ids), duplicates="error")
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(sorted(ids))
    G.add_weighted_edges_from((u, v, x) for (u, v), x in rows)
    return g, G


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(graphs())
def test_random_pagerank(drawn: tuple) -> None:
    g, G = _from_drawn(*drawn)
    for weight in (None, "weight"):
        want = _vec(g, nx.pagerank(G, weight=weight, tol=1e-13, max_iter=10_000))
        got = ona.pagerank(g, weight=weight, tol=1e-13, max_iter=10_000)
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9)


@SETTINGS
@given(graphs(), st.booleans(), st.booleans())
def test_random_betweenness_and_closeness(drawn: tuple, normalized: bool, weighted: bool) -> None:
    g, G = _from_drawn(*drawn)
    w = "weight" if weighted else None
    np.testing.assert_allclose(
        ona.betweenness_centrality(g, normalized=normalized, weight=w),
        _vec(g, nx.betweenness_centrality(G, normalized=normalized, weight=w)),
        rtol=1e-9,
        atol=1e-12,
    )
    np.testing.assert_allclose(
        ona.closeness_centrality(g, distance=w), _vec(g, nx.closeness_centrality(G, distance=w)), rtol=1e-12, atol=1e-15
    )


@SETTINGS
@given(graphs())
def test_random_clustering_cores_components(drawn: tuple) -> None:
    g, G = _from_drawn(*drawn)
    np.testing.assert_allclose(ona.clustering(g), _vec(g, nx.clustering(G)), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        ona.clustering(g, weight="weight"), _vec(g, nx.clustering(G, weight="weight")), rtol=1e-9, atol=1e-12
    )
    if nx.number_of_selfloops(G) == 0:
        np.testing.assert_array_equal(ona.core_number(g), _vec(g, nx.core_number(G)))
    if G.is_directed():
        _same_partition(g, ona.strongly_connected_components(g), list(nx.strongly_connected_components(G)))
        _same_partition(g, ona.weakly_connected_components(g), list(nx.weakly_connected_components(G)))
    else:
        _same_partition(g, ona.connected_components(g), list(nx.connected_components(G)))


@SETTINGS
@given(graphs(), st.data())
def test_random_shortest_paths(drawn: tuple, data: st.DataObject) -> None:
    g, G = _from_drawn(*drawn)
    ids = g.node_ids().tolist()
    s = data.draw(st.sampled_from(ids))
    t = data.draw(st.sampled_from(ids))
    for weight in (None, "weight"):
        want = nx.single_source_dijkstra_path_length(G, s, weight=weight) if weight else nx.single_source_shortest_path_length(G, s)
        got = ona.shortest_path_length(g, s, weight=weight)
        np.testing.assert_array_equal(got, [want.get(x, np.inf) for x in ids])
        if t in want:
            assert ona.shortest_path_length(g, s, t, weight=weight) == want[t]
            assert ona.shortest_path(g, s, t, weight=weight) == nx.shortest_path(G, s, t, weight=weight)
        else:
            with pytest.raises(ona.NoPath):
                ona.shortest_path(g, s, t, weight=weight)
