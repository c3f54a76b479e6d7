"""The ONA layer through Python: structural holes, reciprocity, bridges and
articulation points, group measures over a node attribute, brokerage and
layout. NetworkX is the oracle on real organisational networks from
../shared/data (Krackhardt's high-tech managers with their departments,
Zachary's karate club, the Cross & Parker consulting firm), to 1e-9; the
measures NetworkX lacks (E-I index, brokerage) are checked against
hand-worked values and plain-Python counts. Error mapping: an unknown
attribute is ``ona.UnknownAttribute`` (a KeyError), directed-only measures on
undirected graphs ``ona.Unsupported``."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import ona

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
KRACK = DATA / "classic" / "krackhardt"
TOL = {"rtol": 1e-9, "atol": 1e-12}


def _need(path: Path) -> Path:
    assert path.exists(), f"{path} missing: these tests need ../shared/data beside the checkout"
    return path


def _krackhardt(relation: str) -> tuple[ona.Graph, nx.DiGraph, dict[int, str]]:
    """Krackhardt's managers: one directed relation, DEPT as the groups."""
    dept = {}
    for line in _need(KRACK / "Krack-High-Tec-Attributes.csv").read_text().splitlines()[1:]:
        if line.strip():
            cols = line.strip().split(",")
            dept[int(cols[0])] = f"dept{cols[4]}"
    arcs = []
    for line in _need(KRACK / f"Krack-High-Tec-edgelist-{relation}.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "1":
            arcs.append((int(parts[0]), int(parts[1])))
    nodes = sorted(dept)
    g = ona.Graph.from_edges([a for a, _ in arcs], [b for _, b in arcs], directed=True, nodes=nodes)
    g = ona.with_node_attribute(g, "department", dept)
    G = nx.DiGraph()
    G.add_nodes_from((v, {"department": dept[v]}) for v in nodes)
    G.add_edges_from(arcs)
    return g, G, dept


def _karate() -> tuple[ona.Graph, nx.Graph]:
    pairs = []
    for line in _need(DATA / "konect" / "ucidata-zachary" / "out.ucidata-zachary").read_text().splitlines():
        if line.strip() and not line.startswith("%"):
            a, b = line.split()[:2]
            pairs.append((int(a), int(b)))
    g = ona.Graph.from_edges([a for a, _ in pairs], [b for _, b in pairs])
    G = nx.Graph(pairs)
    return g, G


def _cross_parker() -> tuple[ona.Graph, nx.DiGraph]:
    rows = []
    lines = _need(DATA / "classic" / "cross-parker" / "Cross_Parker-Consulting_info.txt").read_text().splitlines()
    for line in lines[1:]:
        if line.strip():
            a, b, w = line.split()[:3]
            rows.append((int(a), int(b), float(w)))
    g = ona.Graph.from_edges([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], directed=True)
    G = nx.DiGraph()
    G.add_weighted_edges_from(rows)
    return g, G


def _vec(g: ona.Graph, d: dict) -> np.ndarray:
    return np.array([np.nan if d[v] is None else d[v] for v in g.node_ids().tolist()], dtype=float)


# ------------------------------------------------------------------ structural holes


def test_constraint_and_effective_size_karate() -> None:
    g, G = _karate()
    np.testing.assert_allclose(ona.constraint(g), _vec(g, nx.constraint(G)), **TOL)
    np.testing.assert_allclose(ona.effective_size(g), _vec(g, nx.effective_size(G)), **TOL)
    deg = _vec(g, dict(G.degree()))
    np.testing.assert_allclose(ona.efficiency(g), _vec(g, nx.effective_size(G)) / deg, **TOL)
    holes = ona.structural_holes(g)
    np.testing.assert_array_equal(holes["constraint"], ona.constraint(g))
    np.testing.assert_array_equal(holes["effective_size"], ona.effective_size(g))
    np.testing.assert_array_equal(holes["hierarchy"], ona.hierarchy(g))
    h = holes["hierarchy"]
    assert h.shape == (34,) and np.all(h[~np.isnan(h)] >= 0) and np.isfinite(h).sum() >= 30


def test_constraint_directed_and_weighted() -> None:
    g, G, _ = _krackhardt("Advice")
    want = nx.constraint(G)
    np.testing.assert_allclose(ona.constraint(g), _vec(g, want), **TOL)
    # NetworkX's per-node effective size (its all-nodes path has a known bug
    # on directed graphs, networkx PR #8906).
    sample = [v for v in G if G.out_degree(v) > 0]
    es = nx.effective_size(G, nodes=sample)
    got = ona.effective_size(g)
    for v in sample:
        assert math.isclose(got[g.index_of(v)], es[v], rel_tol=1e-9, abs_tol=1e-12), v

    gw, GW = _cross_parker()
    np.testing.assert_allclose(ona.constraint(gw, weight="weight"), _vec(gw, nx.constraint(GW, weight="weight")), **TOL)
    np.testing.assert_allclose(ona.constraint(gw, weight=True), ona.constraint(gw, "weight"))
    assert not np.allclose(ona.constraint(gw, weight=True), ona.constraint(gw))


# ------------------------------------------------------------------ reciprocity, cuts


def test_reciprocity_krackhardt() -> None:
    for relation in ("Advice", "Friendship"):
        g, G, _ = _krackhardt(relation)
        np.testing.assert_allclose(ona.reciprocity(g), _vec(g, nx.reciprocity(G, G.nodes)), **TOL)
        assert math.isclose(ona.overall_reciprocity(g), nx.overall_reciprocity(G), rel_tol=1e-12)


def test_bridges_and_articulation_points() -> None:
    g, G = _karate()
    u, v = ona.bridges(g)
    got = {frozenset(e) for e in zip(u.tolist(), v.tolist())}
    assert got == {frozenset(e) for e in nx.bridges(G)} and len(got) > 0
    assert set(ona.articulation_points(g).tolist()) == set(nx.articulation_points(G))
    # cut_off: what removing each point leaves outside the largest piece.
    cut = ona.cut_off(g)
    for p in nx.articulation_points(G):
        H = G.copy()
        H.remove_node(p)
        largest = max(len(c) for c in nx.connected_components(H))
        assert cut[g.index_of(p)] == G.number_of_nodes() - 1 - largest
    others = set(g.node_ids().tolist()) - set(nx.articulation_points(G))
    assert all(cut[g.index_of(v)] == 0 for v in others) and cut.max() > 0

    # Directed graphs: their undirected graph, as nx on G.to_undirected().
    gd, Gd, _ = _krackhardt("Friendship")
    u, v = ona.bridges(gd)
    assert {frozenset(e) for e in zip(u.tolist(), v.tolist())} == {frozenset(e) for e in nx.bridges(Gd.to_undirected())}
    assert set(ona.articulation_points(gd).tolist()) == set(nx.articulation_points(Gd.to_undirected()))


def test_bridges_string_ids() -> None:
    g = ona.Graph.from_edges(["ann", "bob", "cy", "cy"], ["bob", "cy", "ann", "dee"], nodes=["ann", "bob", "cy", "dee"])
    assert ona.bridges(g) == (["cy"], ["dee"])
    assert ona.articulation_points(g) == ["cy"]
    assert ona.cut_off(g).tolist() == [0, 0, 1, 0]


# ------------------------------------------------------------------ groups


def test_assortativity_and_mixing_krackhardt() -> None:
    for relation in ("Advice", "Friendship"):
        g, G, _ = _krackhardt(relation)
        want = nx.attribute_assortativity_coefficient(G, "department")
        assert math.isclose(ona.attribute_assortativity_coefficient(g, "department"), want, rel_tol=1e-9, abs_tol=1e-12)
        m = ona.group_mixing(g, "department")
        mapping = {name: i for i, name in enumerate(m["groups"])}
        nxm = nx.attribute_mixing_matrix(G, "department", mapping=mapping, normalized=False)
        np.testing.assert_array_equal(m["counts"], nxm.astype(np.int64))
        assert m["counts"].shape == (len(mapping), len(mapping))
        sizes = {name: sum(1 for v in G if G.nodes[v]["department"] == name) for name in mapping}
        assert m["sizes"].tolist() == [sizes[n] for n in m["groups"]]
        # Density within group a: ties / (s (s - 1)) for a directed graph.
        for a, i in mapping.items():
            s = sizes[a]
            if s > 1:
                assert math.isclose(m["density"][i, i], m["counts"][i, i] / (s * (s - 1)), rel_tol=1e-12)


def test_ei_index_counts() -> None:
    g, G, dept = _krackhardt("Advice")
    e = ona.ei_index(g, "department")
    ext = np.zeros(g.number_of_nodes())
    internal = np.zeros(g.number_of_nodes())
    for a, b in G.edges():
        same = dept[a] == dept[b]
        for v in (a, b):  # direction 'both': a tie counts at both ends
            (internal if same else ext)[g.index_of(v)] += 1
    np.testing.assert_array_equal(e["node_external"], ext)
    np.testing.assert_array_equal(e["node_internal"], internal)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(e["node"], (ext - internal) / (ext + internal), **TOL)
    n_ext = sum(dept[a] != dept[b] for a, b in G.edges())
    n_int = G.number_of_edges() - n_ext
    assert (e["network_external"], e["network_internal"]) == (n_ext, n_int)
    assert math.isclose(e["network"], (n_ext - n_int) / (n_ext + n_int), rel_tol=1e-12)
    assert sorted(e["groups"]) == sorted(set(dept.values())) and e["group"].shape == (len(e["groups"]),)
    # Out-ties only.
    out = ona.ei_index(g, "department", direction="out")
    ext_out = np.array([sum(dept[w] != dept[v] for w in G.successors(v)) for v in g.node_ids().tolist()])
    np.testing.assert_array_equal(out["node_external"], ext_out)
    share = ona.cross_group_share(g, "department", direction="out")
    tot = np.array([G.out_degree(v) for v in g.node_ids().tolist()], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.testing.assert_allclose(share, ext_out / tot, **TOL)


def test_ei_index_hand_worked() -> None:
    # Two teams: a-b-c (red), d-e (blue); ties a-b, b-c, c-d, d-e.
    g = ona.Graph.from_edges(["a", "b", "c", "d"], ["b", "c", "d", "e"], nodes=list("abcde"))
    e = ona.ei_index(g, ["red", "red", "red", "blue", "blue"])
    assert e["groups"] == ["red", "blue"]
    np.testing.assert_allclose(e["node"], [-1, -1, 0, 0, -1])
    np.testing.assert_allclose(e["group"], [(1 - 2) / 3, (1 - 1) / 2])
    assert math.isclose(e["network"], (1 - 3) / 4)
    # The same groups by name, from a dict keyed by id.
    g2 = ona.with_node_attribute(g, "team", {"a": "red", "b": "red", "c": "red", "d": "blue", "e": "blue"})
    np.testing.assert_array_equal(ona.ei_index(g2, "team")["node"], e["node"])
    assert ona.node_attribute(g2, "team") == ["red", "red", "red", "blue", "blue"]
    assert ona.node_attribute_names(g2) == ["team"] and ona.node_attribute_names(g) == []
    # A person without a group: NaN, their ties left out.
    e3 = ona.ei_index(g, {"a": "red", "b": "red", "d": "blue", "e": "blue"})
    assert math.isnan(e3["node"][2]) and e3["node_external"][1] == 0


def test_brokerage_hand_worked() -> None:
    # Open two-paths a->b->c, b->c->d, b->c->f, c->d->e with groups
    # a, b: A; c, f: B; d: C; e: D.
    g = ona.Graph.from_edges(list("abcdc"), list("bcdef"), directed=True, nodes=list("abcdef"))
    b = ona.brokerage(g, ["A", "A", "B", "C", "D", "B"])
    assert b["representative"].tolist() == [0, 1, 0, 0, 0, 0]  # a->b->c: A A B
    assert b["gatekeeper"].tolist() == [0, 0, 1, 0, 0, 0]  # b->c->f: A B B
    assert b["liaison"].tolist() == [0, 0, 1, 1, 0, 0]  # b->c->d: A B C; c->d->e: B C D
    assert b["coordinator"].tolist() == [0] * 6 and b["itinerant"].tolist() == [0] * 6
    assert b["total"].tolist() == [0, 1, 2, 1, 0, 0]
    # A direct tie closes the path: add a->c and b no longer brokers.
    g2 = ona.Graph.from_edges(list("abcdca"), list("bcdefc"), directed=True, nodes=list("abcdef"))
    assert ona.brokerage(g2, ["A", "A", "B", "C", "D", "B"])["representative"].tolist() == [0] * 6


# ------------------------------------------------------------------ layout


def test_spring_layout_seeded() -> None:
    g, _ = _karate()
    p = ona.spring_layout(g, seed=7)
    assert p.shape == (34, 2) and np.isfinite(p).all()
    np.testing.assert_array_equal(p, ona.spring_layout(g, seed=7))
    assert not np.array_equal(p, ona.spring_layout(g, seed=8))


# ------------------------------------------------------------------ errors


def test_unknown_attribute_is_a_key_error() -> None:
    g, _, _ = _krackhardt("Advice")
    for call in (
        lambda: ona.ei_index(g, "office"),
        lambda: ona.group_mixing(g, "office"),
        lambda: ona.attribute_assortativity_coefficient(g, "office"),
        lambda: ona.brokerage(g, "office"),
        lambda: ona.cross_group_share(g, "office"),
        lambda: ona.node_attribute(g, "office"),
    ):
        with pytest.raises(ona.UnknownAttribute) as info:
            call()
        assert isinstance(info.value, KeyError) and isinstance(info.value, ona.OnaError)
        assert isinstance(info.value, ona.NotFound)
        assert info.value.code == "ONA_NOT_FOUND" and info.value.attribute == "office"
        assert "department" in str(info.value)


def test_directed_only_measures_refuse_undirected_graphs() -> None:
    g, _ = _karate()
    g = ona.with_node_attribute(g, "half", ["x" if i < 17 else "y" for i in range(34)])
    for call in (
        lambda: ona.reciprocity(g),
        lambda: ona.overall_reciprocity(g),
        lambda: ona.brokerage(g, "half"),
        lambda: ona.ei_index(g, "half", direction="in"),
        lambda: ona.cross_group_share(g, "half", direction="out"),
    ):
        with pytest.raises(ona.Unsupported) as info:
            call()
        assert isinstance(info.value, ValueError) and info.value.code == "ONA_UNSUPPORTED"


def test_bad_arguments() -> None:
    g, _ = _karate()
    with pytest.raises(ona.LengthMismatch):
        ona.ei_index(g, ["x", "y"])
    with pytest.raises(ona.NodeNotFound):
        ona.ei_index(g, {999: "x"})
    with pytest.raises(ona.InvalidParameter):
        ona.ei_index(g, ["x"] * 34, direction="sideways")
    with pytest.raises(ona.InvalidParameter):
        ona.constraint(g, weight="strength")
    with pytest.raises(ona.InvalidParameter):
        ona.spring_layout(g, k=-1.0)
    with pytest.raises(ona.LengthMismatch):
        ona.with_node_attribute(g, "x", ["a"] * 3)


# ------------------------------------------------------------------ ties, reach, overload, privacy


def test_two_step_reach_and_ego_summaries() -> None:
    g, G, dept = _krackhardt("Advice")
    ids = g.node_ids().tolist()
    want = [len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1 for v in ids]
    assert ona.two_step_reach(g).tolist() == want
    R = G.reverse()
    assert ona.two_step_reach(g, direction="in").tolist() == [len(nx.single_source_shortest_path_length(R, v, cutoff=2)) - 1 for v in ids]
    np.testing.assert_allclose(ona.reach_share(g), np.array(want) / (len(ids) - 1), **TOL)
    U = nx.Graph(G.to_undirected())
    e = ona.ego_summaries(g, "department")
    for i, v in enumerate(ids):
        E = nx.ego_graph(U, v, center=False)
        assert e["size"][i] == E.number_of_nodes() and e["ties_among_alters"][i] == E.number_of_edges()
        assert math.isclose(e["density"][i], nx.density(E) if E.number_of_nodes() > 1 else 0.0, abs_tol=1e-12)
        assert e["groups_reached"][i] == len({dept[u] for u in E} - {dept[v]})
    assert "groups_reached" not in ona.ego_summaries(g)


def test_ties_overlap_karate() -> None:
    g, G = _karate()
    t = ona.ties(g)
    assert len(t["u"]) == G.number_of_edges() and t["strong_weight"] == 1.0
    for u, v, o, kind in zip(t["u"].tolist(), t["v"].tolist(), t["overlap"].tolist(), t["kind"]):
        n_uv = len(set(G[u]) & set(G[v]))
        den = (G.degree(u) - 1) + (G.degree(v) - 1) - n_uv
        assert math.isclose(o, n_uv / den if den else 0.0, abs_tol=1e-12)
        assert kind == ("diverse" if o < 0.1 else "strong")  # every weight is the median 1
    p = ona.tie_profile(g)
    assert p["strong"].sum() + p["diverse"].sum() == 2 * G.number_of_edges()


def test_overload_gini_pseudonyms() -> None:
    g, G, dept = _krackhardt("Advice")
    r = ona.collaboration_overload(g, "department", min_group_size=5)
    assert r["load"].shape == (21,) and r["group_names"] == sorted(set(dept.values()), key=list(dept.values()).index)
    sizes = {name: sum(1 for v in dept.values() if v == name) for name in r["group_names"]}
    for name, row in zip(r["group_names"], r["groups"]):
        assert row["size"] == sizes[name]
        assert row["suppressed"] == (sizes[name] < 5)
        assert math.isnan(row["gini"]) if row["suppressed"] else 0 <= row["gini"] < 1
    assert not r["network"]["suppressed"] and len(r["network"]["top"]) == 3
    assert math.isclose(r["network"]["gini"], ona.gini(r["load"]), rel_tol=1e-12)
    assert ona.gini([0.0, 0.0, 0.0, 4.0]) == 0.75 and ona.gini([1.0, 1.0]) == 0.0
    key = bytes(range(32))
    p = ona.pseudonymize(g, key)
    assert len(set(p)) == 21 and all(s.startswith("p_") and len(s) == 18 for s in p)
    assert p == ona.pseudonymize(g, key) and p != ona.pseudonymize(g, bytes(32))
    with pytest.raises(ona.InvalidParameter):
        ona.pseudonymize(g, b"short")


# ------------------------------------------------------------------ metric pack


ROLE_NAMES = {"central_connector", "broker", "boundary_spanner", "peripheral_specialist", "isolated", "none"}


def test_metric_pack_columns_match_the_standalone_functions() -> None:
    g, G, dept = _krackhardt("Advice")
    pack = ona.metric_pack(g, "department", min_group_size=5)
    people = pack.people
    cols = list(people)
    assert cols[0] == "id" and people["id"].tolist() == g.node_ids().tolist() and len(pack) == 21
    np.testing.assert_array_equal(people["constraint"], ona.constraint(g))
    np.testing.assert_array_equal(people["reciprocity"], ona.reciprocity(g))
    np.testing.assert_array_equal(people["ei_index"], ona.ei_index(g, "department")["node"])
    np.testing.assert_array_equal(people["cross_group_share"], ona.cross_group_share(g, "department"))
    assert people["brokerage"].tolist() == ona.brokerage(g, "department")["total"].tolist()
    assert people["two_step_reach"].tolist() == ona.two_step_reach(g).tolist()
    np.testing.assert_allclose(people["betweenness"], _vec(g, nx.betweenness_centrality(G)), **TOL)
    assert people["group"] == [dept[v] for v in g.node_ids().tolist()]
    assert set(people["role"]) <= ROLE_NAMES and len(people["roles"]) == 21
    meta = pack.meta
    assert meta["nodes"] == 21 and meta["directed"] and meta["betweenness_exact"]
    assert math.isclose(meta["network_ei_index"], ona.ei_index(g, "department")["network"], rel_tol=1e-12)
    # Groups: rows for groups of at least 5 members, the others suppressed.
    sizes = {d: list(dept.values()).count(d) for d in set(dept.values())}
    groups = pack.groups
    assert groups is not None and list(groups)[0] == "group"
    assert sorted(groups["group"]) == sorted(d for d, s in sizes.items() if s >= 5)
    assert sorted(pack.suppressed_groups) == sorted(d for d, s in sizes.items() if s < 5)
    assert [int(s) for s in groups["size"]] == [sizes[d] for d in groups["group"]]
    # Evidence behind each label.
    for v in g.node_ids().tolist():
        ev = pack.evidence(v)
        assert ev and all(set(e) >= {"role", "metric", "value", "percentile", "threshold", "passed", "scope"} for e in ev)
        role = people["role"][g.index_of(v)]
        if role not in ("none", "isolated"):
            assert any(e["role"] == role and e["passed"] for e in ev)
    with pytest.raises(ona.NodeNotFound):
        pack.evidence(999)


def test_metric_pack_arrow_and_no_groups(tmp_path: Path) -> None:
    import pyarrow as pa

    g, _, _ = _krackhardt("Friendship")
    pack = ona.metric_pack(g, "department", min_group_size=1)
    t = pa.RecordBatchReader.from_stream(pack).read_all()
    assert t.num_rows == 21 and t.column_names == list(pack.people)
    assert t.column("role").to_pylist() == pack.people["role"]
    assert pack.to_arrow("groups").num_rows == len(pack.groups["group"])
    arrays = pack.to_numpy()
    assert arrays["constraint"].dtype == np.float64 and arrays["role"].shape == (21,)
    import pyarrow.parquet as pq

    people_file, groups_file = tmp_path / "people.parquet", tmp_path / "groups.parquet"
    pack.to_parquet(people_file, groups_file)
    assert pq.read_table(people_file).equals(t) and pq.read_table(groups_file).num_rows == len(pack.groups["group"])
    bare = ona.metric_pack(g)
    assert bare.groups is None and "group" not in bare.people and "ei_index" not in bare.people
    with pytest.raises(ona.InvalidParameter):
        bare.to_arrow("groups")
    with pytest.raises(ona.UnknownAttribute):
        ona.metric_pack(g, "office")
