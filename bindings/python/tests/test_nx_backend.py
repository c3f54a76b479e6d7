"""The NetworkX backend: nx.<function>(G, backend="ona") gives NetworkX's own answer.

NetworkX's full test modules run against the backend in scripts/nx_backend_tests.sh;
here: equality with NetworkX on random undirected / directed / weighted graphs with
arbitrary node labels, NetworkX's result types, should_run / can_run decisions and
falling back to NetworkX.
"""

from __future__ import annotations

import logging
import random
import subprocess
import sys

import pytest

nx = pytest.importorskip("networkx")
pytest.importorskip("scipy")  # NetworkX's own pagerank / hits need it
np = pytest.importorskip("numpy")

if "ona" not in nx.utils.backends.backends:
    pytest.skip("the ona package is not installed (no networkx.backends entry point)", allow_module_level=True)

from ona.backend import BackendInterface

nx.config.warnings_to_ignore.add("cache")  # the converted-graph cache is used on purpose


def _weighted(G, seed):
    rng = random.Random(seed)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.choice([1, 2, 3, 0.5, 2.5])
    return G


def _relabelled(G, seed):
    """Non-integer labels in a shuffled node order (ona's indices are not the labels)."""
    nodes = list(G)
    random.Random(seed).shuffle(nodes)
    H = G.__class__()
    H.add_nodes_from(f"v{v}" for v in nodes)
    H.add_edges_from((f"v{u}", f"v{v}", d) for u, v, d in G.edges(data=True))
    return H


def _undirected():
    G = nx.gnm_random_graph(400, 1600, seed=7)
    G.add_nodes_from(range(400, 405))  # isolated nodes
    G.add_edges_from([(500, 501), (501, 502), (502, 500)])  # a separate triangle
    return _weighted(G, 1)


def _directed():
    G = nx.gnm_random_graph(300, 1500, seed=3, directed=True)
    G.add_node(999)
    return _weighted(G, 2)


GRAPHS = {
    "undirected": _undirected,
    "directed": _directed,
    "labelled": lambda: _relabelled(_undirected(), 5),
    "labelled-directed": lambda: _relabelled(_directed(), 6),
}


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def graph(request):
    return GRAPHS[request.param]()


# PageRank stops when the L1 change is below n * tol (tol=1e-6): two correct solvers
# can differ by ~1e-6 per node.
PR = {"rel": 1e-3, "abs_": 1e-5}


def _same(ours, theirs, rel=1e-6, abs_=1e-9):
    assert isinstance(ours, dict)
    assert list(ours) == list(theirs), "keys (and their order) differ from NetworkX"
    for k, v in ours.items():
        assert type(v) in (float, int), f"{k}: {type(v).__name__} is not a Python number"
        assert v == pytest.approx(theirs[k], rel=rel, abs=abs_), k


# (function, kwargs, which graphs: "u" undirected, "d" directed, tolerance)
CASES = [
    ("pagerank", {}, "ud", PR["abs_"]),
    ("pagerank", {"weight": None, "alpha": 0.9}, "ud", PR["abs_"]),
    ("betweenness_centrality", {}, "ud", 1e-9),
    ("betweenness_centrality", {"weight": "weight", "endpoints": True}, "ud", 1e-9),
    ("betweenness_centrality", {"normalized": False}, "ud", 1e-9),
    ("closeness_centrality", {}, "ud", 1e-9),
    ("closeness_centrality", {"distance": "weight", "wf_improved": False}, "ud", 1e-9),
    ("harmonic_centrality", {}, "ud", 1e-9),
    ("harmonic_centrality", {"distance": "weight"}, "ud", 1e-9),
    ("eigenvector_centrality", {"max_iter": 1000}, "u", 1e-4),
    ("eigenvector_centrality", {"weight": "weight", "max_iter": 1000}, "u", 1e-4),
    ("katz_centrality", {"alpha": 0.02}, "ud", 1e-5),
    ("katz_centrality", {"alpha": 0.02, "weight": "weight", "normalized": False}, "ud", 1e-5),
    ("degree_centrality", {}, "ud", 1e-12),
    ("in_degree_centrality", {}, "d", 1e-12),
    ("out_degree_centrality", {}, "d", 1e-12),
    ("core_number", {}, "ud", 0),
    ("triangles", {}, "u", 0),
    ("clustering", {}, "ud", 1e-9),
    ("clustering", {"weight": "weight"}, "ud", 1e-9),
]


@pytest.mark.parametrize(("name", "kwargs", "kinds", "tol"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_same_as_networkx(graph, name, kwargs, kinds, tol):
    if ("d" if graph.is_directed() else "u") not in kinds:
        pytest.skip("NetworkX does not define it for this kind of graph")
    fn = getattr(nx, name)
    _same(fn(graph, backend="ona", **kwargs), fn(graph, backend="networkx", **kwargs), rel=tol, abs_=tol)


def test_scalars_and_node_subsets(graph):
    v = next(iter(graph))
    if not graph.is_directed():
        assert nx.triangles(graph, v, backend="ona") == nx.triangles(graph, v)
        assert nx.transitivity(graph, backend="ona") == pytest.approx(nx.transitivity(graph))
    some = list(graph)[:20]
    _same(nx.clustering(graph, some, backend="ona"), nx.clustering(graph, some))
    assert nx.clustering(graph, v, backend="ona") == pytest.approx(nx.clustering(graph, v))
    for kw in ({}, {"count_zeros": False}, {"nodes": some}, {"weight": "weight"}):
        assert nx.average_clustering(graph, backend="ona", **kw) == pytest.approx(nx.average_clustering(graph, **kw))
    assert nx.closeness_centrality(graph, v, backend="ona") == pytest.approx(nx.closeness_centrality(graph, v))
    _same(nx.harmonic_centrality(graph, some, backend="ona"), nx.harmonic_centrality(graph, some))
    _same(nx.harmonic_centrality(graph, sources=some, backend="ona"), nx.harmonic_centrality(graph, sources=some))


def test_hits(graph):
    hubs, auths = nx.hits(graph, backend="ona")
    nx_hubs, nx_auths = nx.hits(graph)
    _same(hubs, nx_hubs, rel=1e-4, abs_=1e-6)
    _same(auths, nx_auths, rel=1e-4, abs_=1e-6)


def test_edge_betweenness(graph):
    for kw in ({}, {"weight": "weight", "normalized": False}):
        ours = nx.edge_betweenness_centrality(graph, backend="ona", **kw)
        theirs = nx.edge_betweenness_centrality(graph, **kw)
        assert list(ours) == list(theirs)  # keys oriented as in G.edges()
        _same(ours, theirs)


def test_components(graph):
    if graph.is_directed():
        for name in ("weakly_connected_components", "strongly_connected_components"):
            ours = getattr(nx, name)(graph, backend="ona")
            assert not isinstance(ours, list | set), "NetworkX returns a generator"
            assert {frozenset(c) for c in ours} == {frozenset(c) for c in getattr(nx, name)(graph)}
        for name in (
            "number_weakly_connected_components",
            "number_strongly_connected_components",
            "is_weakly_connected",
            "is_strongly_connected",
        ):
            assert getattr(nx, name)(graph, backend="ona") == getattr(nx, name)(graph)
        return
    ours = nx.connected_components(graph, backend="ona")
    assert iter(ours) is ours
    assert list(ours) == list(nx.connected_components(graph))  # same sets, same order
    assert nx.number_connected_components(graph, backend="ona") == nx.number_connected_components(graph)
    assert nx.is_connected(graph, backend="ona") is False
    v = next(iter(graph))
    assert nx.node_connected_component(graph, v, backend="ona") == nx.node_connected_component(graph, v)


def test_single_component_is_connected():
    G = nx.cycle_graph(400)
    assert nx.is_connected(G, backend="ona") is True
    assert nx.number_connected_components(G, backend="ona") == 1


def test_shortest_path_lengths(graph):
    nodes = list(graph)
    s, t = nodes[0], nodes[7]
    for w in (None, "weight"):
        ours = nx.shortest_path_length(graph, s, weight=w, backend="ona")
        theirs = nx.shortest_path_length(graph, s, weight=w)
        assert ours == pytest.approx(theirs)
        assert all(type(d) is (int if w is None else float) for d in ours.values())
        assert nx.shortest_path_length(graph, target=t, weight=w, backend="ona") == pytest.approx(
            nx.shortest_path_length(graph, target=t, weight=w)
        )
        try:
            expected = nx.shortest_path_length(graph, s, t, weight=w)
        except nx.NetworkXNoPath:
            with pytest.raises(nx.NetworkXNoPath):
                nx.shortest_path_length(graph, s, t, weight=w, backend="ona")
        else:
            assert nx.shortest_path_length(graph, s, t, weight=w, backend="ona") == pytest.approx(expected)
    assert nx.single_source_shortest_path_length(graph, s, cutoff=2, backend="ona") == (
        nx.single_source_shortest_path_length(graph, s, cutoff=2)
    )
    assert nx.single_source_dijkstra_path_length(graph, s, cutoff=2.5, backend="ona") == pytest.approx(
        nx.single_source_dijkstra_path_length(graph, s, cutoff=2.5)
    )
    isolated = nodes[-4] if not graph.is_directed() else nodes[-1]
    assert nx.has_path(graph, s, isolated, backend="ona") is nx.has_path(graph, s, isolated)


def test_all_pairs_lengths():
    G = nx.gnm_random_graph(60, 150, seed=11)
    assert dict(nx.all_pairs_shortest_path_length(G, backend="ona")) == dict(nx.all_pairs_shortest_path_length(G))
    assert dict(nx.shortest_path_length(G, backend="ona")) == dict(nx.shortest_path_length(G))


def test_shortest_path_same_path_when_adjacency_is_sorted():
    grid = nx.convert_node_labels_to_integers(nx.grid_2d_graph(20, 20))  # many equally short paths
    G = nx.Graph()
    G.add_nodes_from(sorted(grid))
    G.add_edges_from(sorted((min(e), max(e)) for e in grid.edges))  # each neighbour list ascending
    assert nx.shortest_path(G, 0, 399, backend="ona") == nx.shortest_path(G, 0, 399)
    assert nx.bidirectional_shortest_path(G, 5, 390, backend="ona") == nx.bidirectional_shortest_path(G, 5, 390)
    shuffled = nx.Graph()
    edges = list(G.edges)
    random.Random(1).shuffle(edges)
    shuffled.add_edges_from(edges)
    with pytest.raises(NotImplementedError):  # ona could pick another, equally short path
        nx.shortest_path(shuffled, 0, 399, backend="ona")


def test_ego_graph(graph):
    v = next(iter(graph))
    for kw in (
        {},
        {"radius": 2},
        {"radius": 2, "center": False},
        {"radius": 1.5, "distance": "weight"},
        {"undirected": True, "radius": 2},
    ):
        ours = nx.ego_graph(graph, v, backend="ona", **kw)
        theirs = nx.ego_graph(graph, v, **kw)
        assert type(ours) is type(theirs)
        assert ours.graph == theirs.graph
        assert ours._node == theirs._node  # nodes with their attributes
        assert ours._adj == theirs._adj  # edges with their attributes


def test_communities(graph):
    louvain = nx.community.louvain_communities(graph, seed=1, backend="ona")
    assert isinstance(louvain, list) and all(isinstance(c, set) for c in louvain)
    assert nx.community.is_partition(graph, louvain)
    for w in ("weight", None):
        for part in (louvain, [set(graph)], [{v} for v in graph]):
            ours = nx.community.modularity(graph, part, weight=w, resolution=0.8, backend="ona")
            assert ours == pytest.approx(nx.community.modularity(graph, part, weight=w, resolution=0.8), abs=1e-12)
    # a different seed stream than NetworkX, the same quality
    q_ours = nx.community.modularity(graph, louvain)
    q_nx = nx.community.modularity(graph, nx.community.louvain_communities(graph, seed=1))
    assert q_ours == pytest.approx(q_nx, abs=0.03)
    if not graph.is_directed():
        ours = nx.community.label_propagation_communities(graph, backend="ona")
        assert {frozenset(c) for c in ours} == {frozenset(c) for c in nx.community.label_propagation_communities(graph)}


# ----------------------------------------------------------------------------- dispatch decisions


def test_should_run_declines_small_graphs():
    small = nx.karate_club_graph()
    reason = BackendInterface.should_run("pagerank", (small,), {})
    assert isinstance(reason, str) and "small graph" in reason
    assert BackendInterface.can_run("pagerank", (small,), {}) is True
    big = nx.gnm_random_graph(1000, 5000, seed=1)
    assert BackendInterface.should_run("pagerank", (big,), {}) is True
    # ...but backend="ona" runs it anyway
    _same(nx.pagerank(small, backend="ona"), nx.pagerank(small), **PR)


def test_should_run_linear_functions_only_on_converted_graphs():
    G = nx.gnm_random_graph(1000, 5000, seed=2)
    assert isinstance(BackendInterface.should_run("degree_centrality", (G,), {}), str)
    nx.pagerank(G, backend="ona")  # caches the converted graph on G
    assert BackendInterface.should_run("degree_centrality", (G,), {}) is True


def test_priority_dispatch_runs_on_ona(caplog):
    G = nx.gnm_random_graph(1000, 5000, seed=3)
    with caplog.at_level(logging.DEBUG, logger="networkx"), nx.config.backend_priority(algos=["ona"]):
        pr = nx.pagerank(G)
    assert "Using backend 'ona'" in caplog.text
    _same(pr, nx.pagerank(G, backend="networkx"), **PR)


@pytest.mark.parametrize(
    ("name", "make", "kwargs", "why"),
    [
        (
            "betweenness_centrality",
            lambda: nx.MultiGraph(nx.gnm_random_graph(500, 2000, seed=4)),
            {"weight": "w"},
            "multigraph",
        ),
        ("degree_centrality", lambda: nx.MultiGraph(nx.gnm_random_graph(500, 2000, seed=4)), {}, "multigraph"),
        ("betweenness_centrality", lambda: nx.gnm_random_graph(500, 2000, seed=4), {"k": 50, "seed": 1}, "k="),
        (
            "closeness_centrality",
            lambda: nx.gnm_random_graph(500, 2000, seed=4),
            {"distance": lambda u, v, d: 1},
            "callable",
        ),
        ("triangles", lambda: nx.gnm_random_graph(500, 2000, seed=4, directed=True), {}, "NetworkXNotImplemented"),
        ("core_number", lambda: nx.Graph([(0, 0), *nx.gnm_random_graph(500, 2000, seed=4).edges]), {}, "self loops"),
        ("harmonic_centrality", lambda: nx.gnm_random_graph(500, 2000, seed=4), {"distance": len}, "callable"),
    ],
)
def test_can_run_declines(name, make, kwargs, why):
    G = make()
    reason = BackendInterface.can_run(name, (G,), kwargs)
    assert isinstance(reason, str) and why in reason
    # backend="ona" means ona or nothing (NetworkX's own not_implemented_for checks come first)
    with pytest.raises((NotImplementedError, nx.NetworkXNotImplemented)):
        getattr(nx, name)(G, backend="ona", **kwargs)


def test_fallback_to_networkx():
    G = nx.gnm_random_graph(350, 1200, seed=5)  # above should_run's size threshold
    M = nx.MultiGraph(G)
    M.add_edges_from(list(G.edges)[:300], w=3.0)  # parallel edges, lighter ones win in NetworkX
    with nx.config.backend_priority(algos=["ona"]), nx.config(fallback_to_nx=True):
        # unweighted: parallel edges change no shortest path, ona runs
        _same(nx.betweenness_centrality(M), nx.betweenness_centrality(G, backend="networkx"))
        # weighted: NetworkX runs
        _same(nx.betweenness_centrality(M, weight="w"), nx.betweenness_centrality(M, weight="w", backend="networkx"))
        # A weight attribute holding strings cannot become ona weights: NetworkX runs
        # (and raises its own error, as it would without the backend).
        for _, _, d in G.edges(data=True):
            d["weight"] = "heavy"
        with pytest.raises((TypeError, ValueError)):
            nx.pagerank(G)
        _same(nx.pagerank(G, weight=None), nx.pagerank(G, weight=None, backend="networkx"), **PR)


def test_negative_weights_fall_back():
    G = _weighted(nx.gnm_random_graph(500, 2000, seed=6), 3)
    u, v = next(iter(G.edges))
    G[u][v]["weight"] = -1
    with pytest.raises(NotImplementedError):
        nx.closeness_centrality(G, distance="weight", backend="ona")


def test_multigraph_pagerank_sums_parallel_edges():
    G = nx.MultiDiGraph(nx.gnm_random_graph(400, 2000, seed=8, directed=True))
    G.add_edges_from(list(G.edges())[:300])  # parallel copies
    _same(nx.pagerank(G, backend="ona"), nx.pagerank(G), **PR)
    assert sorted(map(sorted, nx.weakly_connected_components(G, backend="ona"))) == sorted(
        map(sorted, nx.weakly_connected_components(G))
    )


def test_progress_and_timeout_pass_through():
    G = nx.gnm_random_graph(2000, 10000, seed=9)
    calls = []
    bc = nx.betweenness_centrality(G, backend="ona", progress=lambda *a: calls.append(a))
    assert calls
    assert len(bc) == 2000
    with pytest.raises(TypeError):
        nx.pagerank(G, backend="ona", no_such_option=1)


def test_pagerank_personalization_and_errors():
    G = nx.gnm_random_graph(500, 2500, seed=10, directed=True)
    pers = {v: (v % 7) for v in G}
    _same(nx.pagerank(G, personalization=pers, backend="ona"), nx.pagerank(G, personalization=pers), **PR)
    with pytest.raises(ZeroDivisionError):
        nx.pagerank(G, personalization={0: 0}, backend="ona")
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(G, max_iter=1, backend="ona")


def test_backend_info_lists_every_function():
    from ona import _nx_algorithms
    from ona.backend import FUNCTIONS, get_info

    assert tuple(sorted(_nx_algorithms.SPECS)) == FUNCTIONS
    info = get_info()
    assert set(info["functions"]) == set(FUNCTIONS)
    assert nx.config.backends.ona.min_edges == info["default_config"]["min_edges"]


@pytest.mark.parametrize("first", ["import ona.backend", "from ona import _nx_algorithms", "import ona"])
def test_import_order(first):
    # NetworkX imports ona.backend:get_info while it is being imported itself:
    # importing ona's backend first must not make that a circular import.
    code = f"{first}\nimport networkx as nx\nassert nx.config.backends.ona.min_edges > 0\nnx.pagerank(nx.path_graph(5), backend='ona')"
    subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", code], check=True)


def test_convert_round_trip():
    G = _undirected()
    OG = BackendInterface.convert_from_nx(G, edge_attrs={"weight": 1})
    assert OG.__networkx_backend__ == "ona"
    assert len(OG) == len(G) and OG.number_of_edges() == G.number_of_edges()
    assert BackendInterface.convert_to_nx(OG) is G
    # a backend graph passed straight to NetworkX dispatches to ona without converting again
    _same(nx.pagerank(OG), nx.pagerank(G, backend="networkx"), **PR)
    assert BackendInterface.convert_to_nx({"a": 1}) == {"a": 1}
