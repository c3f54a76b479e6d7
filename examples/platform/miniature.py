#!/usr/bin/env python3
"""The seed's ONA platform in miniature, end to end, on real servers.

    scripts/servers.sh start all && . target/servers/env.sh
    (cd bindings/node && npm run build)          # the Node example server's addon
    python examples/platform/miniature.py         # with `ona` installed (scripts/test-python.sh)

1. Data service: a synthetic organisation is loaded into Neo4j.
2. Analytics service (Python): the tenant's graph is projected out of Neo4j
   (`ona.Neo4j.project`), its metrics computed once and stored in Redis under
   the projection's version (`ResultCache.warm_graph`, which publishes that
   version), and PageRank written back to Neo4j as a node property.
3. Event pipeline: collaboration events go to Kafka (`ona.KafkaProducer`); a
   consumer-group worker (`ona.KafkaWorker`, what `ona worker` runs) applies
   them, checkpoints a new graph version and warms Redis for it.
4. API gateway: the Node example server (examples/node/server.mjs --redis)
   serves `/published` from Redis; a Python client reads it over HTTP.
5. More events: a new version, a new cache key; the gateway serves it.

Every number the client reads is checked: degree against sums over the very
events/rows sent, PageRank against NetworkX and against what Neo4j holds
after the write-back. Exits non-zero on the first mismatch.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import networkx as nx
import numpy as np

import ona

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "examples" / "node" / "server.mjs"


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{name} is not set: run scripts/servers.sh start all && . target/servers/env.sh")
    return value


def organisation(tenant: str, people: int, seed: int) -> tuple[list[dict], list[dict]]:
    """People in 6 departments; each mails ~8 colleagues, mostly in their own department."""
    rng = np.random.default_rng(seed)
    dept = rng.integers(0, 6, size=people)
    ids = [f"{tenant}-e{i}" for i in range(people)]
    rows = [{"id": ids[i], "department": f"d{dept[i]}"} for i in range(people)]
    mails: dict[tuple[str, str], dict] = {}
    for i in range(people):
        same = np.flatnonzero(dept == dept[i])
        for _ in range(8):
            j = int(rng.choice(same)) if rng.random() < 0.7 else int(rng.integers(0, people))
            if j != i:
                key = (ids[i], ids[j])
                mails.setdefault(key, {"src": ids[i], "dst": ids[j], "weight": 0.0, "ts": 1_700_000_000 + i})
                mails[key]["weight"] += float(rng.integers(1, 4))
    return rows, list(mails.values())


def degree_oracle(edges) -> dict[str, float]:
    """Weighted degree, both directions: what ona's `degree` metric is."""
    d: dict[str, float] = defaultdict(float)
    for e in edges:
        d[e["src"]] += e["weight"]
        d[e["dst"]] += e["weight"]
    return dict(d)


def check(cond: bool, what: str) -> None:
    if not cond:
        sys.exit(f"platform: FAILED: {what}")


class Gateway:
    """The Node example server as a child process, and its Python client."""

    def __init__(self, redis_url: str) -> None:
        self.proc = subprocess.Popen(
            ["node", str(SERVER), "--port", "0", "--people", "500", "--redis", redis_url],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        check(line.startswith("listening on "), f"the Node server did not start: {line!r}")
        self.base = line.split()[-1]

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    def published(self, tenant: str, graph: str, algo: str) -> tuple[str, dict[str, float]]:
        code, body = self.get(f"/published?tenant={tenant}&graph={graph}&algo={algo}&k=all")
        check(code == 200, f"/published {tenant}/{graph} {algo}: {code} {body}")
        return body["version"], {row["id"]: row["score"] for row in body["top"]}

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def step(name: str, t0: float) -> float:
    now = time.perf_counter()
    print(f"  {name:<58} {now - t0:6.2f} s", flush=True)
    return now


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=400)
    ap.add_argument("--events", type=int, default=3000)
    args = ap.parse_args()
    redis_url, brokers = env("ONA_REDIS_URL"), env("ONA_KAFKA_BROKERS")
    env("ONA_NEO4J_URI")
    tenant = f"acme{os.getpid()}t{int(time.time())}"
    print(f"platform: tenant {tenant}, {args.people} people, {args.events} + {args.events // 4} events")
    t = time.perf_counter()

    # 1. Data service: the organisation in Neo4j.
    neo = ona.Neo4j()
    people, mails = organisation(tenant, args.people, seed=7)
    neo.run("CREATE INDEX ona_platform_employee IF NOT EXISTS FOR (n:Employee) ON (n.id)")
    neo.run("CALL db.awaitIndexes(60)")
    neo.run("UNWIND $rows AS r CREATE (:Employee {tenant: $t, id: r.id, department: r.department})", {"rows": people, "t": tenant})
    neo.run(
        "UNWIND $rows AS r MATCH (a:Employee {id: r.src}), (b:Employee {id: r.dst}) "
        "CREATE (a)-[:EMAILED {weight: r.weight, ts: r.ts}]->(b)",
        {"rows": mails},
    )
    t = step(f"Neo4j: {len(people)} people, {len(mails)} EMAILED loaded", t)

    # 2. Analytics service: project, compute once, store in Redis, write back.
    proj = neo.project(
        "MATCH (p:Employee {tenant: $t}) RETURN p.id AS id, p.department AS department",
        "MATCH (a:Employee {tenant: $t})-[r:EMAILED]->(b:Employee) RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp",
        {"t": tenant},
    )
    g = proj["graph"]
    check((proj["node_rows"], proj["relationship_rows"]) == (len(people), len(mails)), f"projection row counts {proj}")
    cache = ona.ResultCache(redis_url, ttl_s=600)
    stored = cache.warm_graph(tenant, "email", proj["version"], g, ["degree", "pagerank", "betweenness"])
    check(stored == 3, f"Redis took {stored} of 3 results")
    t = step(f"projected (version {proj['version_key']}), 3 metrics stored in Redis", t)

    gateway = Gateway(redis_url)
    try:
        version, degree = gateway.published(tenant, "email", "degree")
        check(version == str(proj["version"]), f"gateway serves version {version}, projection is {proj['version']}")
        check(degree == degree_oracle(mails), "degree served by the gateway != sums over the rows loaded into Neo4j")
        _, pagerank = gateway.published(tenant, "email", "pagerank")
        ref = nx.DiGraph()
        ref.add_weighted_edges_from((m["src"], m["dst"], m["weight"]) for m in mails)
        nx_pr = nx.pagerank(ref, weight="weight", tol=1e-12, max_iter=10_000)
        worst = max(abs(pagerank[p] - nx_pr.get(p, 0.0)) for p in pagerank)
        # The cached PageRank stops at NetworkX's default criterion (L1 change < n * 1e-6).
        check(worst < len(pagerank) * 1e-6, f"PageRank served vs NetworkX: max difference {worst:.2e}")
        ids = [str(x) for x in g.node_ids()]
        neo.write(g, "pagerank", np.array([pagerank[i] for i in ids]), label="Employee")
        back = {r["id"]: r["pr"] for r in neo.rows("MATCH (p:Employee {tenant: $t}) RETURN p.id AS id, p.pagerank AS pr", {"t": tenant})}
        check(back == pagerank, "PageRank read back from Neo4j != the values served from Redis")
        t = step(f"gateway /published: degree exact, PageRank vs NetworkX {worst:.1e}; written back", t)

        # 3. Event pipeline: Kafka -> worker -> new version -> Redis.
        topic = f"{tenant}-events"
        ona.create_kafka_topic(brokers, topic, 3)
        rng = np.random.default_rng(11)
        sent: list[dict] = []

        def send(n: int) -> None:
            batch = []
            for _ in range(n):
                a, b = rng.choice(len(people), size=2, replace=False)
                batch.append({"tenant": tenant, "graph": "chat", "src": people[a]["id"], "dst": people[b]["id"],
                              "weight": float(rng.integers(1, 5)), "ts": 1_700_000_000 + len(sent), "id": len(sent) + len(batch) + 1})
            producer = ona.KafkaProducer(brokers, topic)
            producer.send(batch)
            producer.flush()
            sent.extend(batch)

        def consume(snapshots: str) -> dict:
            worker = ona.KafkaWorker(brokers, topic, f"{tenant}-workers", snapshots, redis=redis_url, warm=["degree", "pagerank"])
            return worker.run(idle_s=2.0, max_s=120.0)

        with tempfile.TemporaryDirectory(prefix="ona-platform-") as snapshots:
            send(args.events)
            stats = consume(snapshots)
            check(stats["applied"] == args.events, f"worker applied {stats['applied']} of {args.events} events: {stats}")
            v1, degree = gateway.published(tenant, "chat", "degree")
            check(degree == degree_oracle(sent), "degree after the first events != sums over the events sent")
            t = step(f"Kafka: {args.events} events -> worker -> version {v1} warm in Redis", t)

            # 5. More events: a new version under a new key.
            send(args.events // 4)
            stats = consume(snapshots)
            check(stats["applied"] == args.events // 4, f"second run applied {stats['applied']}: {stats}")
            v2, degree = gateway.published(tenant, "chat", "degree")
            check(int(v2) > int(v1), f"new events did not give a new version ({v1} -> {v2})")
            check(degree == degree_oracle(sent), "degree after more events != sums over all events sent")
            direct = cache.published(tenant, "chat", "degree")
            check(direct is not None and str(direct["version"]) == v2, "Python reading Redis directly sees another version")
            t = step(f"{args.events // 4} more events -> version {v2} (new key), gateway serves it", t)
    finally:
        gateway.close()
        cache.purge_tenant(tenant)
        neo.run("MATCH (p:Employee {tenant: $t}) DETACH DELETE p", {"t": tenant})
    print("platform: ok")


if __name__ == "__main__":
    main()
