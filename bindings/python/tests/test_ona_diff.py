"""Temporal diffs, the view simplification and the privacy helpers through
Python: ``ona.temporal_diff`` on hand-made graphs with known formed and lost
ties (people matched by external id, int or str), degree deltas against
NetworkX, NMI = 1 when communities do not change; ``ona.simplify_for_view``
against numpy's argsort (backbone) and NetworkX's induced subgraph (edges);
``ona.suppressed_groups`` / ``ona.group_sizes`` on a graph with a
two-person group. Bad input raises the package's typed errors."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import ona

# Two triangles {1,2,3}, {4,5,6} joined by the tie 3-4.
TRI_SRC = [1, 1, 2, 4, 4, 5, 3]
TRI_DST = [2, 3, 3, 5, 6, 6, 4]


def _graph(pairs, directed=False, nodes=None, weights=None):
    src = [a for a, _ in pairs]
    dst = [b for _, b in pairs]
    return ona.Graph.from_edges(src, dst, weights, directed, nodes=nodes)


def _pairs(ties: dict) -> set:
    return {frozenset((u, v)) for u, v in zip(ties["u"], ties["v"], strict=True)}


# ------------------------------------------------------------------ temporal_diff


def test_formed_lost_and_people_by_external_id():
    before = _graph([("ann", "bob"), ("bob", "cy"), ("cy", "dee")])
    # Node order differs on purpose: matching is by id, not by index.
    after = _graph([("eve", "ann"), ("bob", "ann"), ("dee", "bob")], nodes=["eve", "dee", "bob", "ann"])
    d = ona.temporal_diff(before, after)
    assert _pairs(d.formed) == {frozenset(("ann", "eve")), frozenset(("bob", "dee"))}
    assert _pairs(d.lost) == {frozenset(("bob", "cy")), frozenset(("cy", "dee"))}
    assert d.joined == ["eve"]
    assert d.left == ["cy"]
    s = d.summary
    assert (s["kept"], s["formed"], s["lost"], s["joined"], s["left"], s["stayed"]) == (1, 2, 2, 1, 1, 3)
    assert s["kept"] + s["lost"] == s["ties_before"] == 3
    assert s["kept"] + s["formed"] == s["ties_after"] == 3
    assert not d.directed
    assert "1 joined" in repr(d)


def test_directed_arcs_and_reweighting():
    before = _graph([(1, 2), (2, 3)], directed=True, weights=[1.0, 2.0])
    after = _graph([(2, 1), (2, 3)], directed=True, weights=[1.0, 5.0])
    d = ona.temporal_diff(before, after)
    assert list(zip(d.formed["u"], d.formed["v"])) == [(2, 1)]
    assert list(zip(d.lost["u"], d.lost["v"])) == [(1, 2)]
    r = d.reweighted
    assert (r["u"], r["v"], list(r["before"]), list(r["after"])) == ([2], [3], [2.0], [5.0])
    # Unweighted comparison: nothing reweighted; a tolerance above the change: idem.
    assert ona.temporal_diff(before, after, weight=None).summary["reweighted"] == 0
    assert ona.temporal_diff(before, after, weight_tolerance=3.5).summary["reweighted"] == 0


def test_degree_deltas_match_networkx():
    G1 = nx.gnm_random_graph(40, 90, seed=1)
    G2 = nx.gnm_random_graph(40, 110, seed=2)
    G2.remove_nodes_from(range(35, 40))  # five people left
    G2.add_edges_from([(40, 1), (41, 2), (40, 41)])  # two joined
    g1 = ona.Graph.from_edges([u for u, _ in G1.edges], [v for _, v in G1.edges], nodes=list(G1.nodes))
    g2 = ona.Graph.from_edges([u for u, _ in G2.edges], [v for _, v in G2.edges], nodes=list(G2.nodes))
    d = ona.temporal_diff(g1, g2, seed=11)
    stayed = list(d.stayed)
    assert sorted(stayed) == sorted(set(G1) & set(G2))
    want = np.array([G2.degree(v) - G1.degree(v) for v in stayed], dtype=float)
    np.testing.assert_array_equal(d.metrics["degree"]["delta"], want)
    np.testing.assert_array_equal(d.metrics["degree"]["before"], [G1.degree(v) for v in stayed])
    np.testing.assert_array_equal(d.metrics["strength"]["after"], [G2.degree(v, weight="weight") for v in stayed])
    # Ties formed / lost: NetworkX's edge sets.
    e1 = {frozenset(e) for e in G1.edges}
    e2 = {frozenset(e) for e in G2.edges}
    assert _pairs(d.formed) == e2 - e1
    assert _pairs(d.lost) == e1 - e2
    assert sorted(d.joined) == [40, 41]
    assert sorted(d.left) == [35, 36, 37, 38, 39]
    # top_changes: the k largest increases, largest first, NetworkX's deltas.
    top = d.top_changes("degree", 3)
    inc = sorted(((w, v) for v, w in zip(stayed, want) if w > 0), key=lambda x: (-x[0], stayed.index(x[1])))[:3]
    assert [(c["delta"], c["id"]) for c in top["increases"]] == inc
    assert all(c["delta"] < 0 for c in top["decreases"])
    assert [c["delta"] for c in top["decreases"]] == sorted(w for w in want if w < 0)[:3]


def test_unchanged_communities_have_nmi_one():
    g = _graph(list(zip(TRI_SRC, TRI_DST)))
    # Later, the joining tie is gone: the two triangles stay two communities.
    after = _graph(list(zip(TRI_SRC[:-1], TRI_DST[:-1])))
    d = ona.temporal_diff(g, after, seed=3)
    dr = d.drift
    assert dr["nmi"] == pytest.approx(1.0)
    assert dr["ari"] == pytest.approx(1.0)
    assert dr["vi"] == pytest.approx(0.0, abs=1e-12)
    assert dr["common"] == 6
    assert sorted((m["jaccard"], m["size_before"], m["size_after"]) for m in dr["matches"]) == [(1.0, 3, 3), (1.0, 3, 3)]
    assert dr["splits"] == [] and dr["merges"] == [] and dr["new"] == [] and dr["vanished"] == []
    assert len(d.communities_before) == 6 and len(d.communities_after) == 6
    assert _pairs(d.lost) == {frozenset((3, 4))}
    top = d.top_changes("degree", 5)
    assert sorted(c["id"] for c in top["decreases"]) == [3, 4]
    assert top["increases"] == []
    assert d.roles is None
    # A merge of the two triangles into one clique is not NMI 1.
    clique = _graph([(a, b) for a in range(1, 7) for b in range(a + 1, 7)])
    assert ona.temporal_diff(g, clique, seed=3).drift["nmi"] < 1.0


def test_pack_roles_and_groups():
    pairs = [(i, (i * 7 + 3) % 50) for i in range(50)] + [(i, (i * 11 + 5) % 50) for i in range(50)]
    g = _graph([(a, b) for a, b in pairs if a != b])
    labels = [f"d{i % 3}" for i in range(g.number_of_nodes())]
    a = ona.with_node_attribute(g, "dept", labels)
    d = ona.temporal_diff(a, a, pack=True, group_by="dept")
    assert d.roles is not None and "broker" in d.roles
    for r in d.roles.values():
        assert r["became"] == [] and r["stopped"] == []
        assert len(r["kept"]) == r["count_before"] == r["count_after"]
    assert "betweenness" in d.metrics and "cross_group_share" in d.metrics
    for m in d.metrics.values():
        assert np.nanmax(np.abs(m["delta"]), initial=0.0) < 1e-9
    # The pack's betweenness deltas are NetworkX's (normalized) betweenness differences.
    h = _graph([(a, b) for a, b in pairs[:70] if a != b], nodes=list(range(50)))
    e = ona.temporal_diff(g, h, pack=True)
    G1 = nx.Graph([(a, b) for a, b in pairs if a != b])
    G2 = nx.Graph([(a, b) for a, b in pairs[:70] if a != b])
    G2.add_nodes_from(range(50))
    b1, b2 = nx.betweenness_centrality(G1), nx.betweenness_centrality(G2)
    want = [b2[v] - b1[v] for v in e.stayed]
    np.testing.assert_allclose(e.metrics["betweenness"]["delta"], want, rtol=1e-9, atol=1e-12)


def test_temporal_diff_errors():
    g = _graph([(1, 2), (2, 3)])
    dg = _graph([(1, 2)], directed=True)
    with pytest.raises(ona.InvalidParameter):
        ona.temporal_diff(g, dg)  # directions differ
    with pytest.raises(ona.InvalidParameter):
        ona.temporal_diff(g, g, weight_tolerance=-1.0)
    with pytest.raises(ona.InvalidParameter):
        ona.temporal_diff(g, g, min_share=0.0)
    a = ona.with_node_attribute(g, "dept", ["x", "y", "x"])
    with pytest.raises(ona.UnknownAttribute) as info:
        ona.temporal_diff(a, g, pack=True, group_by="dept")  # missing on `after`
    assert info.value.code == "ONA_NOT_FOUND"
    with pytest.raises(ona.InvalidParameter):
        ona.temporal_diff(a, a, group_by="dept")  # groups without the pack
    d = ona.temporal_diff(g, g)
    with pytest.raises(ona.InvalidParameter):
        d.top_changes("no such metric", 3)
    with pytest.raises(ona.InvalidParameter):
        d.top_changes("degree", 0)
    assert isinstance(ona.InvalidParameter("x"), ona.OnaError)


# ------------------------------------------------------------------ simplify_for_view


def _random(n=80, m=300, seed=4, directed=False):
    G = nx.gnm_random_graph(n, m, seed=seed, directed=directed)
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.5, 3.0, size=G.number_of_edges())
    for (u, v), x in zip(G.edges, w):
        G[u][v]["weight"] = float(x)
    ids = [1000 + v for v in G.nodes]
    g = ona.Graph.from_edges([1000 + u for u, _ in G.edges], [1000 + v for _, v in G.edges], w, directed, nodes=ids)
    return g, nx.relabel_nodes(G, {v: 1000 + v for v in G.nodes})


@pytest.mark.parametrize("directed", [False, True])
def test_backbone_is_top_k_and_induced_subgraph(directed):
    g, G = _random(directed=directed)
    rng = np.random.default_rng(7)
    scores = rng.permutation(80).astype(float)  # distinct: no tie-breaking question
    v = ona.simplify_for_view(g, scores, max_nodes=20, seed=1)
    want = np.sort(np.argsort(-scores, kind="stable")[:20]) + 1000
    np.testing.assert_array_equal(v["ids"], want)
    H = G.subgraph(want.tolist())
    got = {(u, x): w for u, x, w in zip(v["edges"]["u"], v["edges"]["v"], v["edges"]["weight"])}
    if directed:
        assert set(got) == set(H.edges)
    else:
        assert {frozenset(e) for e in got} == {frozenset(e) for e in H.edges}
    for (u, x), w in got.items():
        assert w == pytest.approx(H[u][x]["weight"], rel=1e-12)
    assert v["layout"].shape == (20, 2)
    assert np.all(np.abs(v["layout"]) <= 1.0)
    assert v["community"] is None and v["quotient"] is None


def test_view_named_scores_and_determinism():
    g, G = _random()
    pr = ona.pagerank(g)
    a = ona.simplify_for_view(g, max_nodes=10, seed=5)  # PageRank by default
    np.testing.assert_array_equal(a["ids"], np.sort(np.argsort(-pr, kind="stable")[:10]) + 1000)
    b = ona.simplify_for_view(g, "pagerank", max_nodes=10, seed=5)
    np.testing.assert_array_equal(a["layout"], b["layout"])
    c = ona.simplify_for_view(g, "pagerank", max_nodes=10, seed=6)
    assert not np.array_equal(a["layout"], c["layout"])
    deg = np.array([G.degree(v) for v in sorted(G.nodes)], dtype=float)
    d = ona.simplify_for_view(g, "degree", max_nodes=10)
    np.testing.assert_array_equal(d["ids"], np.sort(np.argsort(-deg, kind="stable")[:10]) + 1000)
    bt = ona.betweenness_centrality(g)
    e = ona.simplify_for_view(g, "betweenness", max_nodes=10)
    np.testing.assert_array_equal(e["ids"], np.sort(np.argsort(-bt, kind="stable")[:10]) + 1000)
    # max_nodes >= n keeps every node and edge.
    f = ona.simplify_for_view(g, max_nodes=1000)
    assert len(f["ids"]) == 80 and len(f["edges"]["u"]) == G.number_of_edges()


def test_view_quotient():
    g = _graph(list(zip(TRI_SRC, TRI_DST)))
    labels = [7, 7, 7, 4, 4, 4]
    v = ona.simplify_for_view(g, [1.0, 1.0, 3.0, 3.0, 1.0, 2.0], labels, max_nodes=3, seed=2)
    assert list(v["ids"]) == [3, 4, 6]
    assert list(v["community"]) == [0, 1, 1]
    q = v["quotient"]
    assert list(q["labels"]) == [7, 4] and list(q["sizes"]) == [3, 3]
    assert list(q["intra_weight"]) == [3.0, 3.0] and list(q["inter_weight"]) == [1.0, 1.0]
    edges = sorted(zip(q["edges"]["u"], q["edges"]["v"], q["edges"]["weight"]))
    assert edges == [(0, 0, 3.0), (0, 1, 1.0), (1, 1, 3.0)]
    assert q["layout"].shape == (2, 2)
    # Communities as node-id sets give the same quotient.
    w = ona.simplify_for_view(g, [1.0, 1.0, 3.0, 3.0, 1.0, 2.0], [{1, 2, 3}, {4, 5, 6}], max_nodes=3, seed=2)
    assert list(w["quotient"]["sizes"]) == [3, 3]
    np.testing.assert_array_equal(w["layout"], v["layout"])


def test_view_errors():
    g = _graph(list(zip(TRI_SRC, TRI_DST)))
    with pytest.raises(ona.LengthMismatch):
        ona.simplify_for_view(g, [1.0, 2.0])
    with pytest.raises(ona.LengthMismatch):
        ona.simplify_for_view(g, None, [0, 1])
    with pytest.raises(ona.InvalidParameter):
        ona.simplify_for_view(g, max_nodes=0)
    with pytest.raises(ona.InvalidParameter):
        ona.simplify_for_view(g, "closeness")
    with pytest.raises(ona.InvalidParameter):
        ona.simplify_for_view(g, theta=-1.0)
    with pytest.raises(ona.InvalidType):
        ona.simplify_for_view(g, object())


# ------------------------------------------------------------------ privacy


def test_suppressed_groups_and_sizes():
    g = _graph([(i, i + 1) for i in range(9)])  # ten people
    labels = ["big"] * 6 + ["pair"] * 2 + ["mid"] * 1 + [None]
    assert sorted(ona.suppressed_groups(g, labels)) == ["mid", "pair"]
    assert ona.suppressed_groups(g, labels, min_group_size=2) == ["mid"]
    assert ona.suppressed_groups(g, labels, min_group_size=1) == []
    assert ona.group_sizes(g, labels) == {"big": 6, "pair": 2, "mid": 1}
    a = ona.with_node_attribute(g, "team", labels)
    assert sorted(ona.suppressed_groups(a, "team")) == ["mid", "pair"]
    with pytest.raises(ona.UnknownAttribute):
        ona.suppressed_groups(a, "office")
    with pytest.raises(ona.LengthMismatch):
        ona.group_sizes(g, ["x", "y"])
