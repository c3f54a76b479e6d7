"""``ona.ResultCache`` against a real Redis (``ONA_REDIS_URL``, started by
``scripts/test-python.sh`` / ``scripts/test.sh`` through ``scripts/servers.sh``):
metrics keyed by graph version, warming, purging, and answers with Redis down."""

from __future__ import annotations

import os
import pathlib
import time

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
    assert cache.purge_tenant(tenant.id) == 2
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
