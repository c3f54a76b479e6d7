"""``ona.ResultCache`` against a real Redis (``ONA_REDIS_URL``, started by
``scripts/test-python.sh`` / ``scripts/test.sh`` through ``scripts/servers.sh``):
metrics keyed by graph version, warming, purging, and answers with Redis down;
graphs projected from the real Neo4j (``ONA_NEO4J_URI``) cached by their
version and published for readers without the graph."""

from __future__ import annotations

import os
import pathlib
import time
from collections.abc import Iterator

import numpy as np
import pytest

import ona


@pytest.fixture
def url() -> str:
    value = os.environ.get("ONA_REDIS_URL")
    assert value, "ONA_REDIS_URL is not set: run scripts/servers.sh start redis && . target/servers/env.sh"
    return value


@pytest.fixture
def tenant(tmp_path: pathlib.Path) -> ona.Tenant:
    eng = ona.Engine.open(tmp_path / "engine", threads=2, background_compaction=False)
    # A tenant id no earlier run used: Redis outlives the test process.
    t = eng.tenant(f"py-cache-{os.getpid()}-{time.time_ns()}", tier="professional")
    t.apply_events("email", [1, 2, 3, 3], [2, 3, 1, 4], weight=[1.0, 2.0, 1.0, 0.5])
    return t


def test_metric_is_computed_once_per_version_then_served(url: str, tenant: ona.Tenant) -> None:
    cache = ona.ResultCache(url)
    first = cache.metric(tenant, "email", "degree")
    assert (first["version"], first["source"]) == (1, "computed")
    assert first["ids"].tolist() == [1, 2, 3, 4]
    # Strength, both directions, by hand: 1: 1+1, 2: 1+2, 3: 2+1+0.5, 4: 0.5.
    assert first["scores"].tolist() == [2.0, 3.0, 3.5, 0.5]
    again = cache.metric(tenant, "email", "degree")
    assert (again["version"], again["source"]) == (1, "cache")
    assert again["scores"].tolist() == first["scores"].tolist()

    # A new version is a new key: computed again, on the new graph.
    tenant.apply_events("email", [4], [1], weight=[2.0])
    newer = cache.metric(tenant, "email", "degree")
    assert (newer["version"], newer["source"]) == (2, "computed")
    assert newer["scores"].tolist() == [4.0, 3.0, 3.5, 2.5]
    assert cache.stats()["hits"] == 1 and cache.stats()["computed"] == 2


def test_warm_stores_ahead_of_the_first_reader(url: str, tenant: ona.Tenant) -> None:
    cache = ona.ResultCache(url, ttl_s=60)
    assert cache.warm(tenant, "email", ["degree", "pagerank"]) == {"version": 1, "stored": 2}
    pr = cache.metric(tenant, "email", "pagerank")
    assert pr["source"] == "cache"
    exact = ona.pagerank(tenant.graph("email"), tol=1e-13, max_iter=10_000)
    # The engine stops NetworkX's way (L1 change < n * 1e-6).
    assert np.abs(pr["scores"] - exact).sum() <= 0.85 / 0.15 * 4 * 1e-6
    # The two results and the graph's published version (`warm` publishes it).
    assert cache.current(tenant.id, "email") == 1
    assert cache.purge_tenant(tenant.id) == 3
    assert cache.current(tenant.id, "email") is None
    assert cache.metric(tenant, "email", "pagerank")["source"] == "computed"


def test_every_call_is_answered_with_redis_down(tenant: ona.Tenant) -> None:
    cache = ona.ResultCache("redis://127.0.0.1:1")  # nothing listens there
    for _ in range(3):
        r = cache.metric(tenant, "email", "degree")
        assert (r["source"], r["scores"].tolist()) == ("computed", [2.0, 3.0, 3.5, 0.5])
    assert cache.warm(tenant, "email", ["degree"]) == {"version": 1, "stored": 0}
    assert cache.stats()["redis_unavailable"] >= 1
    with pytest.raises(ona.OnaOSError):
        cache.purge_tenant(tenant.id)


def test_typed_errors(url: str, tenant: ona.Tenant) -> None:
    cache = ona.ResultCache(url)
    with pytest.raises(ona.InvalidParameter, match="closeness"):
        cache.metric(tenant, "email", "closeness")  # type: ignore[arg-type]
    with pytest.raises(ona.UnknownGraph):
        cache.metric(tenant, "chat", "degree")
    with pytest.raises(ona.OnaOSError):
        ona.ResultCache("not a url")


# ---------------------------------------------------------------- graphs you hold (Neo4j projections)


@pytest.fixture
def projected() -> Iterator[tuple[ona.Graph, int]]:
    """A graph projected from the real Neo4j (``ONA_NEO4J_URI``) and its version."""
    assert os.environ.get("ONA_NEO4J_URI"), "ONA_NEO4J_URI is not set: run scripts/servers.sh start neo4j && . target/servers/env.sh"
    neo = ona.Neo4j()
    label = f"PyCache_{os.getpid()}_{time.time_ns()}"
    neo.run(
        f"UNWIND $rows AS r MERGE (a:{label} {{id: r[0]}}) MERGE (b:{label} {{id: r[1]}}) CREATE (a)-[:EMAILED {{weight: r[2]}}]->(b)",
        {"rows": [[1, 2, 1.0], [2, 3, 2.0], [3, 1, 1.0], [3, 4, 0.5]]},
    )
    p = neo.project(
        f"MATCH (p:{label}) RETURN p.id AS id",
        f"MATCH (a:{label})-[r:EMAILED]->(b:{label}) RETURN a.id AS src, b.id AS dst, r.weight AS weight",
    )
    yield p["graph"], p["version"]
    neo.run(f"MATCH (n:{label}) DETACH DELETE n")


def test_graph_metric_on_a_projection_is_computed_then_served(url: str, projected: tuple[ona.Graph, int]) -> None:
    g, version = projected
    tenant = f"py-graph-{os.getpid()}-{time.time_ns()}"
    cache = ona.ResultCache(url)
    first = cache.graph_metric(tenant, "org", version, g, "degree")
    assert (first["version"], first["source"]) == (version, "computed")
    assert first["ids"].tolist() == [1, 2, 3, 4]
    assert first["scores"].tolist() == [2.0, 3.0, 3.5, 0.5]  # as the engine graph above
    again = cache.graph_metric(tenant, "org", version, g, "degree")
    assert again["source"] == "cache" and again["scores"].tolist() == first["scores"].tolist()
    # Another version is another key.
    assert cache.graph_metric(tenant, "org", version + 1, g, "degree")["source"] == "computed"
    with pytest.raises(ona.InvalidParameter):
        cache.graph_metric("bad tenant{", "org", version, g, "degree")
    cache.purge_tenant(tenant)


def test_warm_graph_publishes_for_readers_without_the_graph(url: str, projected: tuple[ona.Graph, int]) -> None:
    g, version = projected
    tenant = f"py-pub-{os.getpid()}-{time.time_ns()}"
    cache = ona.ResultCache(url)
    assert cache.current(tenant, "org") is None
    assert cache.published(tenant, "org", "pagerank") is None
    assert cache.warm_graph(tenant, "org", version, g, ["degree", "pagerank"]) == 2
    assert cache.current(tenant, "org") == version

    reader = ona.ResultCache(url)  # an API server: no engine, no graph
    pr = reader.published(tenant, "org", "pagerank")
    assert pr is not None and (pr["version"], pr["source"]) == (version, "cache")
    assert pr["ids"].tolist() == [1, 2, 3, 4]
    assert pr["scores"].tolist() == ona.pagerank(g, weight="weight").tolist()
    assert reader.published(tenant, "org", "betweenness") is None  # not warmed
    assert reader.published(tenant, "other", "pagerank") is None  # unknown graph
    assert cache.graph_metric(tenant, "org", version, g, "degree")["source"] == "cache"

    down = ona.ResultCache("redis://127.0.0.1:1")
    with pytest.raises(ona.OnaOSError):
        down.current(tenant, "org")
    with pytest.raises(ona.OnaOSError):
        down.published(tenant, "org", "pagerank")
    assert down.warm_graph(tenant, "org", version, g, ["degree"]) == 0  # computed, nothing stored
    cache.purge_tenant(tenant)
