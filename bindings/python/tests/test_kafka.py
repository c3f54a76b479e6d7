"""``ona.KafkaProducer`` / ``ona.KafkaWorker`` against a real Kafka broker
(``ONA_KAFKA_BROKERS``, started by ``scripts/test-python.sh`` /
``scripts/test.sh`` through ``scripts/servers.sh``): events for several
tenants (duplicates and malformed messages included) through a worker into
per-partition engines, read back with ``ona.Engine`` and compared with a
model of the unique events (exact weights)."""

from __future__ import annotations

import _thread
import json
import os
import pathlib
import random
import signal
import threading
import time
from typing import Any

import numpy as np
import pytest

import ona

# A tenant prefix no earlier run used (Redis outlives the test process).
RUN = f"py{os.getpid()}x{time.time_ns() % 10**9}t"

Model = dict[tuple[str, str], dict[tuple[str, str], float]]


@pytest.fixture
def brokers() -> str:
    value = os.environ.get("ONA_KAFKA_BROKERS")
    assert value, "ONA_KAFKA_BROKERS is not set: run scripts/servers.sh start kafka && . target/servers/env.sh"
    return value


def fresh(what: str) -> str:
    return f"py-{what}-{os.getpid()}-{time.time_ns()}"


def workload(n: int, seed: int, prefix: str = "acme") -> tuple[list[dict[str, Any]], Model]:
    """`n` events for 5 tenants and 2 graphs each (adds, some sets and
    removes of existing edges), and the graphs they make."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    model: Model = {}
    for i in range(n):
        tenant, graph = f"{prefix}{rng.randrange(5)}", rng.choice(["email", "chat"])
        edges = model.setdefault((tenant, graph), {})
        e: dict[str, Any] = {"tenant": tenant, "graph": graph, "id": i, "ts": 1_700_000_000_000 + i}
        if edges and rng.random() < 0.1:
            (src, dst) = rng.choice(sorted(edges))
            if rng.random() < 0.5:
                e.update(src=src, dst=dst, op="remove")
                del edges[(src, dst)]
            else:
                e.update(src=src, dst=dst, op="set", weight=0.5)
                edges[(src, dst)] = 0.5
        else:
            src, dst = f"p{rng.randrange(8)}", f"p{rng.randrange(8)}"
            w = rng.choice([0.25, 1.0, 1.5, 2.0])
            e.update(src=src, dst=dst, weight=w)
            edges[(src, dst)] = edges.get((src, dst), 0.0) + w
        events.append(e)
    return events, model


def engines_model(snapshots: pathlib.Path, partitions: int) -> Model:
    """Every tenant graph in the worker's snapshot store, opened with
    ``ona.Engine`` (each tenant in exactly one partition's engine)."""
    out: Model = {}
    for p in range(partitions):
        d = snapshots / f"p{p}"
        if not d.exists():
            continue
        eng = ona.Engine.open(d)
        for tenant_id, tier in eng.tenants():
            assert tier == "enterprise"
            t = eng.get_tenant(tenant_id)
            for name in t.graphs():
                assert (tenant_id, name) not in out, "a tenant in two partitions"
                g = t.graph(name)
                ids = list(g.node_ids())
                indptr, indices, weights = g.to_csr()
                assert weights is not None
                out[(tenant_id, name)] = {
                    (ids[u], ids[int(indices[k])]): float(weights[k])
                    for u in range(len(ids))
                    for k in range(indptr[u], indptr[u + 1])
                }
        del eng  # release the directory's lock
    return out


MALFORMED = [
    (b"acme0", b"{oops", "bad_json"),
    (b"acme1", json.dumps({"v": 2, "tenant": "acme1"}).encode(), "unknown_version"),
    (b"acme2", json.dumps({"v": 1, "tenant": "acme2", "graph": "email", "src": "a", "id": 10**9}).encode(), "missing_field"),
    (b"acme4", json.dumps({"v": 1, "tenant": "acme3", "graph": "email", "src": "a", "dst": "b", "id": 10**9 + 1}).encode(), "key_mismatch"),
]


def test_worker_applies_each_event_once_and_dead_letters_malformed_ones(brokers: str, tmp_path: pathlib.Path) -> None:
    topic = fresh("events")
    assert ona.create_kafka_topic(brokers, topic, 3) == 3
    assert ona.create_kafka_topic(brokers, topic, 3) == 3  # exists: left alone
    events, model = workload(600, seed=3)
    producer = ona.KafkaProducer(brokers, topic)
    assert producer.topic == topic
    assert producer.send(events[:400]) == 400
    assert producer.send(events[350:450]) == 100  # 50 re-sent: same ids, no effect
    for key, payload, _ in MALFORMED:
        producer.send_raw(key, payload)
    assert producer.send(iter(events[450:])) == 150
    producer.flush()

    snapshots = tmp_path / "snapshots"
    worker = ona.KafkaWorker(brokers, topic, fresh("group"), snapshots, snapshot_interval_s=0.2)
    assert worker.partitions() == [] and worker.stats()["messages"] == 0
    stats = worker.run(idle_s=3.0, max_s=120.0)
    assert stats["messages"] == 650 + len(MALFORMED)
    assert (stats["applied"], stats["skipped"], stats["dead_letters"]) == (600, 50, len(MALFORMED))
    assert stats["checkpoints"] >= 1 and stats["busy_seconds"] >= 0
    assert worker.stats() == {k: v for k, v in stats.items() if k != "busy_seconds"}
    assert worker.partitions() == []  # it left the group
    with pytest.raises(ona.ConflictError):
        worker.run(idle_s=1.0)  # one run per worker

    assert engines_model(snapshots, 3) == model

    dead = ona.read_kafka_topic(brokers, topic + ".dlq")
    assert sorted((d["key"], d["payload"], d["headers"]["ona-dlq-reason"]) for d in dead) == sorted(MALFORMED)
    assert all(d["headers"]["ona-dlq-topic"] == topic for d in dead)


def test_producer_checks_events_before_sending(brokers: str) -> None:
    producer = ona.KafkaProducer(brokers, fresh("unused"))
    ok = {"tenant": "acme", "graph": "email", "src": "a", "dst": "b", "id": 1}
    with pytest.raises(ona.InvalidParameter, match=r"events\[1\].*id"):
        producer.send([ok, {k: v for k, v in ok.items() if k != "id"}])
    with pytest.raises(ona.InvalidParameter, match="not finite"):
        producer.send([{**ok, "weight": float("nan")}])
    with pytest.raises(ona.InvalidParameter, match="op"):
        producer.send([{**ok, "op": "multiply"}])
    with pytest.raises(ona.InvalidName):
        producer.send([{**ok, "tenant": "a b"}])
    with pytest.raises(ona.InvalidType):
        producer.send([{**ok, "src": 7}])
    with pytest.raises(ona.InvalidName):
        ona.KafkaWorker(brokers, "t", "g", "/tmp/unused", tier="gold")  # type: ignore[arg-type]


def test_stop_from_another_thread_and_ctrl_c(brokers: str, tmp_path: pathlib.Path) -> None:
    topic = fresh("stop")
    ona.create_kafka_topic(brokers, topic, 2)
    events, model = workload(200, seed=5)
    producer = ona.KafkaProducer(brokers, topic)
    producer.send(events)
    producer.flush()

    # stop(): the worker is polled live from this thread meanwhile.
    worker = ona.KafkaWorker(brokers, topic, fresh("group"), tmp_path / "a", snapshot_interval_s=0.2)
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.update(worker.run()))  # no idle: runs until stopped
    thread.start()
    deadline = time.monotonic() + 60
    while worker.stats()["messages"] < 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert worker.partitions() == [0, 1]
    worker.stop()
    thread.join(30)
    assert not thread.is_alive() and result["applied"] == 200
    assert engines_model(tmp_path / "a", 2) == model

    # Ctrl-C (sent once everything is applied): KeyboardInterrupt comes out of
    # run() after the worker has checkpointed and closed its engines.
    worker = ona.KafkaWorker(brokers, topic, fresh("group"), tmp_path / "b", snapshot_interval_s=0.2)
    returned = threading.Event()

    def ctrl_c_when_applied() -> None:
        deadline = time.monotonic() + 60
        while worker.stats()["applied"] < 200 and time.monotonic() < deadline and not returned.is_set():
            time.sleep(0.05)
        if not returned.is_set():
            _thread.interrupt_main()

    watcher = threading.Thread(target=ctrl_c_when_applied)
    # interrupt_main() does nothing while SIGINT is ignored, as it is in a
    # background job of a non-interactive shell (`cmd &`): install Python's
    # own handler for the test, as an interactive or Celery process has.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    start = time.monotonic()
    watcher.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            worker.run(max_s=90.0)  # only Ctrl-C stops it before that
    finally:
        returned.set()
        watcher.join()
        signal.signal(signal.SIGINT, previous)
    assert time.monotonic() - start < 60
    assert worker.stats()["applied"] == 200
    assert engines_model(tmp_path / "b", 2) == model


def test_worker_warms_the_cache_for_every_published_version(brokers: str, tmp_path: pathlib.Path) -> None:
    url = os.environ.get("ONA_REDIS_URL")
    assert url, "ONA_REDIS_URL is not set: run scripts/servers.sh start redis && . target/servers/env.sh"
    topic = fresh("warm")
    ona.create_kafka_topic(brokers, topic, 2)
    events, model = workload(300, seed=11, prefix=RUN)
    producer = ona.KafkaProducer(brokers, topic)
    producer.send(events)
    producer.flush()

    with pytest.raises(ona.InvalidParameter):
        ona.KafkaWorker(brokers, topic, fresh("group"), tmp_path / "x", redis=url, warm=["closeness"])  # type: ignore[list-item]
    assert ona.KafkaWorker(brokers, topic, fresh("group"), tmp_path / "x").warmed() is None
    worker = ona.KafkaWorker(brokers, topic, fresh("group"), tmp_path / "s", redis=url, warm=["degree", "pagerank"], snapshot_interval_s=0.2)
    stats = worker.run(idle_s=3.0, max_s=120.0)
    assert stats["applied"] == 300
    warmed = worker.warmed()
    assert warmed is not None and warmed["failed"] == 0 and warmed["last_error"] is None
    assert warmed["versions"] >= len(model)  # every graph at least once (more if a checkpoint fell mid-stream)
    assert warmed["stored"] == 2 * warmed["versions"]

    cache = ona.ResultCache(url)
    for p in range(2):
        eng = ona.Engine.open(tmp_path / "s" / f"p{p}")
        for tenant_id, _ in eng.tenants():
            t = eng.get_tenant(tenant_id)
            for name in t.graphs():
                # The newest version is published and stored: a reader without the engine gets it...
                assert cache.current(tenant_id, name) == t.version(name)
                pr = cache.published(tenant_id, name, "pagerank")
                assert pr is not None and pr["version"] == t.version(name)
                # ... the PageRank of that version (the engine stops NetworkX's way: L1 change < n * 1e-6).
                g = t.graph(name)
                assert pr["ids"] == g.node_ids()
                exact = ona.pagerank(g, tol=1e-13, max_iter=10_000)
                assert float(np.abs(pr["scores"] - exact).sum()) <= 0.85 / 0.15 * len(exact) * 1e-6
                assert cache.metric(t, name, "degree")["source"] == "cache"
        del eng
    for tenant_id in {t for t, _ in model}:
        cache.purge_tenant(tenant_id)
