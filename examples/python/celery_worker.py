"""A Celery worker that computes network metrics for one tenant's graph with ona.

Run a worker (any broker Celery supports; Redis shown)::

    CELERY_BROKER_URL=redis://localhost:6379/0 ONA_NUM_THREADS=2 \\
        celery -A celery_worker worker --concurrency 4

or, with no broker at all, run the task in this process (Celery's eager mode)::

    python examples/python/celery_worker.py acme --people 3000

What it shows:

* **Thread budget.** ona builds its thread pool lazily in each worker process
  (and again after ``fork``), so prefork workers do not share a broken pool;
  ``ONA_NUM_THREADS`` caps threads per process so ``concurrency x threads`` fits
  the machine.
* **Time limits.** ``soft_time_limit`` raises ``SoftTimeLimitExceeded`` inside
  the running ona call (ona checks Python signals while it computes), so the task
  can return what it already has instead of being killed at ``time_limit``.
  ``timeout=`` bounds one call (``ona.Timeout``); ``progress=`` reports where the
  call is, here forwarded to the task state (``celery inspect`` / ``AsyncResult.info``).
* **JSON results.** Per-node numpy arrays are reduced to top-k lists keyed by the
  tenant's own person ids before they leave the worker.

The tenant graph here is synthetic (teams inside departments, a manager per team,
cross-team collaborations), generated from the tenant id; a real worker would load
the tenant's edge list (``ona.Graph.from_pandas_edgelist`` on a query result).
"""

from __future__ import annotations

import argparse
import json
import os
import time
import zlib
from typing import Any

import numpy as np
import ona
from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded

app = Celery(
    "ona_metrics",
    broker=os.environ.get("CELERY_BROKER_URL", "memory://"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", "cache+memory://"),
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,  # a worker lost mid-task does not lose the tenant's job
    worker_prefetch_multiplier=1,  # one long graph job per process at a time
)


def synthetic_org(tenant_id: str, people: int = 2000, team_size: int = 8, cross_ties: float = 1.5):
    """A deterministic organisation graph for ``tenant_id``.

    Returns ``(src, dst, weight, person_ids)``: edge endpoints as person ids
    (``"<tenant>-p<i>"``), weights = interactions per month.
    """
    rng = np.random.default_rng(zlib.crc32(tenant_id.encode()))
    person = np.array([f"{tenant_id}-p{i}" for i in range(people)], dtype=object)
    team = np.arange(people) // team_size
    teams = int(team[-1]) + 1
    # Inside a team: everyone talks to 3 teammates on average.
    a = rng.integers(0, people, size=people * 3 // 2)
    b = np.clip(a - a % team_size + rng.integers(0, team_size, size=a.size), 0, people - 1)
    # Managers: the first member of each team reports to a manager of a team in the same department.
    managers = np.arange(teams) * team_size
    boss = managers[np.maximum(0, np.arange(teams) - 1 - rng.integers(0, 4, size=teams))]
    # Cross-team ties, mostly to nearby teams (same department).
    c = rng.integers(0, people, size=int(people * cross_ties / 2))
    d = np.clip(c + rng.normal(0, 6 * team_size, size=c.size).astype(np.int64), 0, people - 1)
    src = np.concatenate([a, managers[1:], c])
    dst = np.concatenate([b, boss[1:], d])
    keep = src != dst
    src, dst = src[keep], dst[keep]
    weight = rng.gamma(2.0, 3.0, size=src.size).round(1) + 1.0
    return person[src].tolist(), person[dst].tolist(), weight, person.tolist()


def _top(ids: list[Any], values: np.ndarray, k: int) -> list[dict[str, Any]]:
    order = np.argsort(-values, kind="stable")[:k]
    return [{"id": ids[i], "score": round(float(values[i]), 8)} for i in order.tolist()]


@app.task(bind=True, name="ona.tenant_metrics", soft_time_limit=300, time_limit=330)
def tenant_metrics(
    self,
    tenant_id: str,
    people: int = 2000,
    top: int = 10,
    betweenness_timeout: float | None = 120.0,
) -> dict[str, Any]:
    """PageRank, betweenness and components of one tenant's collaboration graph, as JSON."""
    t0 = time.perf_counter()
    src, dst, weight, _ = synthetic_org(tenant_id, people)
    g = ona.Graph.from_edges(src, dst, weight=weight, directed=False)
    ids = list(g.node_ids())
    timings = {"build_s": time.perf_counter() - t0}

    t = time.perf_counter()
    pr = ona.pagerank(g, weight="weight")
    timings["pagerank_s"] = time.perf_counter() - t

    t = time.perf_counter()
    labels = np.asarray(ona.connected_components(g))
    sizes = np.bincount(labels)
    timings["components_s"] = time.perf_counter() - t

    def progress(phase: str, done: int, total: int) -> None:
        if not self.request.called_directly:
            self.update_state(
                state="PROGRESS", meta={"tenant": tenant_id, "phase": phase, "done": done, "total": total}
            )

    t = time.perf_counter()
    betweenness: dict[str, Any] = {"status": "ok"}
    try:
        bc = ona.betweenness_centrality(g, weight=None, progress=progress, timeout=betweenness_timeout)
        betweenness["top"] = _top(ids, np.asarray(bc), top)
    except SoftTimeLimitExceeded:
        # Celery's soft limit fired while ona was computing: ona stopped at its next
        # check and re-raised it here; report the rest of the metrics.
        betweenness["status"] = "cancelled: soft time limit"
    except ona.Timeout:
        betweenness["status"] = f"timed out after {betweenness_timeout}s"
    timings["betweenness_s"] = time.perf_counter() - t

    return {
        "tenant": tenant_id,
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "components": int(sizes.size),
        "largest_component": int(sizes.max()) if sizes.size else 0,
        "top_pagerank": _top(ids, np.asarray(pr), top),
        "betweenness": betweenness,
        "timings": {k: round(v, 4) for k, v in timings.items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Run tenant_metrics once, eagerly (no broker).")
    ap.add_argument("tenant", nargs="?", default="acme")
    ap.add_argument("--people", type=int, default=2000)
    ap.add_argument("--top", type=int, default=5)
    args = ap.parse_args()
    app.conf.task_always_eager = True
    result = tenant_metrics.delay(args.tenant, people=args.people, top=args.top).get()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
