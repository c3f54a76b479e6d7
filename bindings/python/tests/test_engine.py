"""ona.Engine / ona.Tenant: the multi-tenant engine through the binding.

Round trip (events -> versioned ona.Graph -> any ona algorithm), idempotency by
event id and source offset, windows, tier limits (refused, nothing changed),
name validation, snapshots surviving a reopen, and the metrics text."""

from __future__ import annotations

import gc
import pathlib

import numpy as np
import pytest

import ona


@pytest.fixture
def eng(tmp_path: pathlib.Path) -> ona.Engine:
    return ona.Engine.open(tmp_path / "engine", threads=2, background_compaction=False)


def test_round_trip_and_versions(eng: ona.Engine) -> None:
    t = eng.tenant("acme", tier="professional")
    assert (t.id, t.tier) == ("acme", "professional")
    src, dst = np.array([1, 2, 3, 3], dtype=np.int64), np.array([2, 3, 1, 4], dtype=np.int64)
    r = t.apply_events("email", src, dst, weight=np.array([1.0, 2.0, 1.0, 0.5]))
    assert r == {"version": 1, "applied": 4, "skipped": 0, "new_nodes": 4}
    assert t.graphs() == ["email"] and t.version("email") == 1
    g = t.graph("email")
    assert isinstance(g, ona.Graph) and g.version == 1
    assert g.is_directed() and g.number_of_nodes() == 4 and g.number_of_edges() == 4
    assert g.node_ids().tolist() == [1, 2, 3, 4]

    # The same graph built directly gives the same PageRank.
    direct = ona.Graph.from_edges(src, dst, [1.0, 2.0, 1.0, 0.5], directed=True)
    assert direct.version is None
    np.testing.assert_allclose(ona.pagerank(g), ona.pagerank(direct), rtol=1e-12)

    r = t.apply_events("email", [4], [1], op=["add"])
    assert r["version"] == 2 and r["applied"] == 1 and r["new_nodes"] == 0
    assert t.version("email") == 2 and t.graph("email").version == 2
    assert g.version == 1 and g.number_of_edges() == 4  # the old version is unchanged

    # Remove and set, by name (one for all rows) and by code.
    t.apply_events("email", [4], [1], op="remove")
    assert t.graph("email").number_of_edges() == 4
    t.apply_events("email", [1], [2], weight=[5.0], op=np.array([2], dtype=np.uint8))
    stats = t.stats("email")
    assert stats["version"] == 4 and stats["nodes"] == 4 and stats["edges"] == 4
    assert stats["total_weight"] == pytest.approx(5.0 + 2.0 + 1.0 + 0.5)

    pr = t.pagerank("email")
    assert set(pr) == {"scores", "graph", "version", "exact", "error_bound"}
    assert pr["version"] == 4 and pr["graph"].version == 4
    assert pr["scores"].shape == (4,) and pr["scores"].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(pr["scores"], ona.pagerank(pr["graph"]), atol=1e-5)
    assert pr["error_bound"] is not None and pr["error_bound"] >= 0

    b = t.betweenness("email", mode="exact")
    assert b["exact"] is True and b["error_bound"] is None
    np.testing.assert_allclose(b["scores"], ona.betweenness_centrality(b["graph"]), atol=1e-12)
    a = t.betweenness("email", mode="approximate", epsilon=0.1, delta=0.1)
    assert a["exact"] is False and a["error_bound"] == pytest.approx(0.1)

    est = t.estimate("email", "betweenness")
    assert set(est) == {"memory_bytes", "seconds", "threads"} and est["threads"] == 2
    assert t.estimate("email", "k_hop", k=3)["seconds"] > 0
    with pytest.raises(ona.InvalidParameter):
        t.estimate("email", "nope")
    t.compact("email")
    assert t.version("email") == 4 and t.graph("email").number_of_edges() == 4


def test_conflicts(eng: ona.Engine) -> None:
    t = eng.tenant("acme", tier="enterprise")
    t.apply_events("chat", [1, 2], [2, 3])
    with pytest.raises(ona.ConflictError) as info:
        t.apply_events("chat", ["ana"], ["bo"])
    assert info.value.code == "ONA_CONFLICT" and info.value.graph == "chat"
    t.create_graph("coauthors", directed=False)
    t.create_graph("coauthors", directed=False)  # same options: a no-op
    with pytest.raises(ona.ConflictError):
        t.create_graph("coauthors", directed=True)
    t.import_edges("coauthors", [1, 2], [2, 1])
    assert not t.graph("coauthors").is_directed() and t.graph("coauthors").number_of_edges() == 1
    with pytest.raises(ona.InvalidEvent):  # src and dst of different kinds
        t.apply_events("new", ["a"], [1])


def test_string_keys(eng: ona.Engine) -> None:
    t = eng.tenant("acme", tier="enterprise")
    r = t.apply_events("chat", ["ana", "bo"], ["bo", "cy"], ts=[1, 2])
    assert r["applied"] == 2 and r["new_nodes"] == 3
    g = t.graph("chat")
    assert g.node_ids() == ["ana", "bo", "cy"] and g.number_of_edges() == 2
    assert g.index_of("cy") == 2 and "ana" in g
    t.apply_events("chat", np.array(["dee", "ana"]), ["ana", "bo"], ts=[3, 4])
    assert t.graph("chat").node_ids() == ["ana", "bo", "cy", "dee"]
    w = t.graph("chat", window=(0, 3))
    assert w.node_ids() == ["ana", "bo", "cy"] and w.number_of_edges() == 2
    with pytest.raises(ona.ConflictError):
        t.apply_events("chat", [1], [2])


def test_idempotent_by_event_id_and_offset(eng: ona.Engine) -> None:
    t = eng.tenant("acme", tier="professional")
    ids = np.array([10, 11, 12], dtype=np.uint64)
    assert t.apply_events("email", [1, 2, 3], [2, 3, 1], event_id=ids)["applied"] == 3
    again = t.apply_events("email", [1, 2, 3], [2, 3, 1], event_id=ids)
    assert again["applied"] == 0 and again["skipped"] == 3 and again["version"] == 1
    mixed = t.apply_events("email", [1, 4], [4, 1], event_id=[12, 13])
    assert (mixed["applied"], mixed["skipped"], mixed["version"]) == (1, 1, 2)
    assert t.graph("email").number_of_edges() == 4

    pos = {"source": "kafka:mail", "partition": 3, "offset": 100}
    assert t.apply_events("email", [5, 6], [6, 5], **pos)["applied"] == 2
    assert t.offsets("email") == [("kafka:mail", 3, 102)]
    dup = t.apply_events("email", [5, 6], [6, 5], **pos)
    assert dup["applied"] == 0 and dup["skipped"] == 2 and dup["version"] == 3
    # Overlapping redelivery: rows 100, 101 were seen, 102 is new.
    over = t.apply_events("email", [5, 6, 7], [6, 5, 5], source="kafka:mail", partition=3, offset=100)
    assert (over["applied"], over["skipped"]) == (1, 2)
    assert t.offsets("email") == [("kafka:mail", 3, 103)]

    with pytest.raises(ona.InvalidEvent) as info:
        t.apply_events("email", [1, 2], [2, 3], event_id=np.array([1, -5]))
    assert isinstance(info.value, ValueError) and info.value.row == 1 and info.value.graph == "email"
    with pytest.raises(ona.InvalidEvent) as info:
        t.apply_events("email", [1, 2], [2, 3], op=["add", "merge"])
    assert info.value.row == 1 and info.value.code == "ONA_INVALID_EVENT"
    with pytest.raises(ona.InvalidEvent):
        t.apply_events("email", [1, 2], [2, 3], op=np.array([0, 7], dtype=np.uint8))
    with pytest.raises(ona.InvalidEvent):
        t.apply_events("email", [1, 2], [2, 3], weight=[1.0, float("nan")])
    with pytest.raises(ona.InvalidEvent):
        t.apply_events("email", [1, 2], [2])
    with pytest.raises(ona.InvalidParameter):
        t.apply_events("email", [1], [2], source="kafka:mail")  # offset missing
    with pytest.raises(ona.InvalidType):
        t.apply_events("email", [1], [2], ts=["yesterday"])
    assert t.version("email") == 4


def test_window_and_rolling(eng: ona.Engine) -> None:
    t = eng.tenant("acme", tier="professional")
    ts = np.array([0, 10, 20, 30], dtype=np.int64)
    t.apply_events("email", [1, 2, 3, 4], [2, 3, 4, 5], ts=ts)
    w = t.graph("email", window=(10, 30))
    assert w.version == 1 and w.number_of_edges() == 2
    assert sorted(w.node_ids().tolist()) == [2, 3, 4]
    gs = t.rolling("email", end=40, width=20, step=10, count=3)
    assert [g.number_of_edges() for g in gs] == [2, 2, 2]
    assert all(g.version == 1 for g in gs)
    assert ona.number_weakly_connected_components(gs[-1]) == 1


def test_demo_tier_limits(eng: ona.Engine) -> None:
    t = eng.tenant("trial", tier="demo")
    assert t.limits()["max_nodes"] == 100
    # Demo has no streaming, whatever the size.
    with pytest.raises(ona.LimitExceeded) as info:
        t.apply_events("email", [0], [1])
    e = info.value
    assert (e.tenant, e.limit, e.requested, e.allowed) == ("trial", "events_per_second", 1, 0)
    assert e.code == "ONA_LIMIT_EXCEEDED" and isinstance(e, ona.OnaError)
    assert t.graphs() == []  # a refused first batch leaves no graph behind

    # Exactly at the limit: 100 nodes.
    src = np.arange(0, 99, dtype=np.int64)
    r = t.import_edges("email", src, src + 1)
    assert r["new_nodes"] == 100 and t.graph("email").number_of_nodes() == 100
    # One more node: refused, naming the limit; nothing changed.
    before = (t.version("email"), t.stats("email"), t.memory_bytes())
    with pytest.raises(ona.LimitExceeded) as info:
        t.import_edges("email", [5, 99], [6, 100], event_id=[1, 2])
    e = info.value
    assert (e.tenant, e.limit, e.requested, e.allowed) == ("trial", "nodes_per_graph", 101, 100)
    assert (t.version("email"), t.stats("email"), t.memory_bytes()) == before
    assert t.graph("email").number_of_nodes() == 100
    # The refused batch's event ids were not recorded.
    assert t.import_edges("email", [5], [6], event_id=[1])["applied"] == 1

    # Graphs per tenant: 3.
    t.import_edges("b", [0], [1])
    t.import_edges("c", [0], [1])
    with pytest.raises(ona.LimitExceeded) as info:
        t.import_edges("d", [0], [1])
    assert (info.value.limit, info.value.requested, info.value.allowed) == ("graphs_per_tenant", 4, 3)
    assert sorted(t.graphs()) == ["b", "c", "email"]


@pytest.mark.parametrize("bad", ["../b", "", "a/b", "x" * 65, ".hidden", "a b"])
def test_invalid_names(eng: ona.Engine, bad: str) -> None:
    with pytest.raises(ona.InvalidName) as info:
        eng.tenant(bad, tier="demo")
    assert isinstance(info.value, ValueError) and info.value.code == "ONA_INVALID_NAME"
    t = eng.tenant("ok", tier="demo")
    with pytest.raises(ona.InvalidName):
        t.import_edges(bad, [0], [1])
    assert eng.tenants() == [("ok", "demo")] and t.graphs() == []


def test_unknown_and_bad_tier(eng: ona.Engine) -> None:
    with pytest.raises(ona.UnknownTenant) as info:
        eng.get_tenant("ghost")
    assert isinstance(info.value, KeyError) and isinstance(info.value, ona.NotFound)
    assert info.value.tenant == "ghost" and info.value.code == "ONA_NOT_FOUND"
    t = eng.tenant("acme", tier="basic")
    with pytest.raises(ona.UnknownGraph) as info:
        t.graph("nope")
    assert (info.value.tenant, info.value.graph) == ("acme", "nope")
    with pytest.raises(ona.InvalidName):
        eng.tenant("acme", tier="platinum")
    assert eng.get_tenant("acme").tier == "basic"
    eng.tenant("acme", tier="enterprise")  # an upgrade keeps the data
    assert eng.get_tenant("acme").tier == "enterprise" and eng.tenants() == [("acme", "enterprise")]


def test_snapshot_reopen(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "engine"
    eng = ona.Engine.open(path, threads=2)
    assert eng.path == path
    t = eng.tenant("acme", tier="professional")
    t.apply_events("email", [1, 2, 3], [2, 3, 1], event_id=[1, 2, 3], source="k", partition=0, offset=0)
    t.apply_events("email", [3], [4], weight=[2.5], ts=[5], source="k", partition=0, offset=3)
    with pytest.raises(ona.OnaOSError):
        ona.Engine.open(path)  # locked by `eng`
    assert eng.snapshot() == 1
    eng.wait_for_compactions()
    before = t.graph("email")
    assert before.number_of_edges() == 4
    del eng, t
    gc.collect()

    eng2 = ona.Engine.open(path, threads=2)
    t2 = eng2.get_tenant("acme")
    assert t2.tier == "professional" and t2.version("email") == 2
    g = t2.graph("email")
    assert g.version == 2
    assert g.node_ids().tolist() == before.node_ids().tolist() == [1, 2, 3, 4]
    for x, y in zip(g.to_csr(), before.to_csr()):
        np.testing.assert_array_equal(x, y)
    assert t2.offsets("email") == [("k", 0, 4)]
    again = t2.apply_events("email", [3], [4], source="k", partition=0, offset=3)
    assert again["applied"] == 0 and again["skipped"] == 1
    assert t2.apply_events("email", [1], [2], event_id=[2])["skipped"] == 1
    assert t2.version("email") == 2
    assert t2.graph("email", window=(5, 6)).number_of_edges() == 1


def test_metrics_and_memory(eng: ona.Engine) -> None:
    t = eng.tenant("acme", tier="professional")
    t.apply_events("email", [1, 2], [2, 3])
    text = eng.metrics_text()
    assert "ona_ingest_events_total" in text
    report = eng.memory_report()
    assert [(m["tenant"], m["tier"], m["graphs"]) for m in report] == [("acme", "professional", 1)]
    assert report[0]["bytes"] == t.memory_bytes() > 0
    assert t.snapshot() == 1 and t.snapshot() == 0
    assert "acme" in repr(t) and "version 1" in repr(t.graph("email"))
