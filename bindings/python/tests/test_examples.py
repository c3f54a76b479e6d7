"""examples/python/celery_worker.py runs without a broker (Celery's eager mode).

Also shows the two ways a long betweenness stops early: Celery's soft time limit
(SIGUSR1 -> SoftTimeLimitExceeded raised inside the ona call) and ona's own timeout=.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

celery = pytest.importorskip("celery")
from celery.exceptions import SoftTimeLimitExceeded

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "celery_worker.py"


@pytest.fixture(scope="module")
def worker():
    spec = importlib.util.spec_from_file_location("celery_worker_example", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.app.conf.task_always_eager = True
    mod.app.conf.task_eager_propagates = True
    return mod


def test_eager_task_returns_json(worker):
    result = worker.tenant_metrics.delay("acme", people=600, top=5).get()
    json.dumps(result)  # JSON-able
    assert result["tenant"] == "acme"
    assert 0 < result["nodes"] <= 600  # people without a tie are not in the graph
    assert result["edges"] > result["nodes"]
    assert result["components"] >= 1
    assert len(result["top_pagerank"]) == 5
    assert result["betweenness"]["status"] == "ok"
    top = result["betweenness"]["top"]
    assert [t["score"] for t in top] == sorted((t["score"] for t in top), reverse=True)
    assert all(t["id"].startswith("acme-p") for t in top)


def test_plain_call_matches_eager(worker):
    direct = worker.tenant_metrics("globex", people=400, top=3)
    eager = worker.tenant_metrics.delay("globex", people=400, top=3).get()
    drop = lambda r: {k: v for k, v in r.items() if k != "timings"}
    assert drop(direct) == drop(eager)


def test_same_tenant_same_graph(worker):
    a = worker.synthetic_org("initech", 300)
    b = worker.synthetic_org("initech", 300)
    assert a[0] == b[0] and a[1] == b[1]
    assert (a[2] == b[2]).all()


def test_progress_reaches_task_state(worker, monkeypatch):
    states = []
    monkeypatch.setattr(worker.tenant_metrics, "update_state", lambda **kw: states.append(kw), raising=False)
    worker.tenant_metrics.delay("acme", people=6000, top=1).get()
    assert states, "betweenness reported no progress"
    assert all(s["state"] == "PROGRESS" and s["meta"]["tenant"] == "acme" for s in states)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGUSR1")
def test_soft_time_limit_cancels_betweenness(worker):
    # What billiard's prefork pool does when soft_time_limit expires: SIGUSR1, whose
    # handler raises SoftTimeLimitExceeded in the task's thread.
    def soft_limit(signum, frame):
        raise SoftTimeLimitExceeded()

    old = signal.signal(signal.SIGUSR1, soft_limit)
    try:
        fired = []

        def fire():
            fired.append(time.perf_counter())
            os.kill(os.getpid(), signal.SIGUSR1)

        t0 = time.perf_counter()
        # 40k people: exact betweenness takes many seconds on 2 cores.
        timer = threading.Timer(1.0, fire)
        timer.start()
        result = worker.tenant_metrics.delay("umbrella", people=40_000, top=3, betweenness_timeout=None).get()
        done = time.perf_counter()
        timer.cancel()
    finally:
        signal.signal(signal.SIGUSR1, old)
    assert fired, "the task finished before the soft limit fired; make the graph larger"
    assert result["betweenness"]["status"] == "cancelled: soft time limit"
    assert done - fired[0] < 1.0, f"betweenness kept running {done - fired[0]:.2f}s after the soft limit"
    assert result["top_pagerank"]  # the metrics computed before the limit are kept
    assert done - t0 < 30


def test_timeout_stops_betweenness(worker):
    result = worker.tenant_metrics.delay("hooli", people=40_000, top=3, betweenness_timeout=0.2).get()
    assert result["betweenness"]["status"].startswith("timed out")
    assert result["timings"]["betweenness_s"] < 2.0
