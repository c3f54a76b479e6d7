#!/usr/bin/env python3
"""The adapters through Python, on the real servers (``. target/servers/env.sh``):

* Neo4j: ``ona.Neo4j.project`` rows/s and ``ona.Neo4j.write`` (PageRank) rows/s on the
  datasets ``crates/ona-neo4j/examples/neo4j_bench.rs`` loads (labels
  ``OnaBenchEmail``, ``OnaBenchOrg``; run it first), same queries, best of 3 after a
  warm-up — compare with that example's figures to see what the binding adds.
* Kafka: ``KafkaProducer.send`` + ``flush`` events/s, then one ``KafkaWorker`` from
  topic to applied versions (``messages / busy_seconds``), ``--events`` events for 50
  tenants on a 6-partition topic.

    cargo run --release -p ona-neo4j --example neo4j_bench     # loads the Neo4j data
    target/venv-test/bin/python bindings/python/benches/adapters.py --events 200000

Measured 2026-11-29 on the 2-core development machine (load ~3 from parallel builds),
Python then the Rust example right after, same data (OnaBenchOrg held 2,000 people):

    email-Eu-core projection  150,203 rows/s (Rust 137,207)   write-back 15,954 rows/s (Rust 16,237)
    org 2,000     projection  131,147 rows/s (Rust 101,241)   write-back 30,366 rows/s (Rust 34,917)
    kafka 200,000 events: produce 299,217 events/s; one worker 188,832 events/s (11 checkpoints)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import ona


def neo4j_bench(label: str) -> None:
    neo = ona.Neo4j()
    (count,) = neo.rows(f"MATCH (n:{label}) RETURN count(n) AS n")
    if count["n"] == 0:
        print(f"{label}: not loaded (run cargo run --release -p ona-neo4j --example neo4j_bench)")
        return
    nodes = f"MATCH (p:{label}) RETURN p.id AS id, p.department AS department"
    rels = f"MATCH (a:{label})-[r:LINK]->(b) RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp"
    p = neo.project(nodes, rels)  # warm-up
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        p = neo.project(nodes, rels)
        best = min(best, time.perf_counter() - t)
    rows = p["node_rows"] + p["relationship_rows"]
    g = p["graph"]
    print(f"{label}: projection {rows} rows in {best:.3f} s = {rows / best:,.0f} rows/s "
          f"(graph {g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
    pr = ona.pagerank(g)
    neo.write(g, "pagerank", pr, label=label, batch_size=10_000)  # warm-up
    wbest = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        neo.write(g, "pagerank", pr, label=label, batch_size=10_000)
        wbest = min(wbest, time.perf_counter() - t)
    n = g.number_of_nodes()
    print(f"{label}: write-back {n} rows in {wbest:.3f} s = {n / wbest:,.0f} rows/s (batches of 10,000)")


def kafka_bench(events: int) -> None:
    brokers = os.environ["ONA_KAFKA_BROKERS"]
    topic = f"py-bench-{os.getpid()}-{time.time_ns()}"
    ona.create_kafka_topic(brokers, topic, 6)
    batch = [
        {"tenant": f"t{i % 50}", "graph": "email", "src": f"p{(i * 7919) % 2000}", "dst": f"p{(i * 104729) % 2000}",
         "weight": 1.0, "ts": i, "id": i}
        for i in range(events)
    ]
    producer = ona.KafkaProducer(brokers, topic)
    t = time.perf_counter()
    for k in range(0, events, 10_000):
        producer.send(batch[k : k + 10_000])
    producer.flush()
    sent = time.perf_counter() - t
    print(f"kafka: produced {events} events in {sent:.2f} s = {events / sent:,.0f} events/s (dict in, JSON out)")
    with tempfile.TemporaryDirectory() as snapshots:
        worker = ona.KafkaWorker(brokers, topic, f"{topic}-g", snapshots)
        s = worker.run(idle_s=3.0, max_s=600.0)
        assert s["applied"] == events, s
        print(f"kafka: one worker applied {s['applied']} events in {s['busy_seconds']:.2f} s = "
              f"{s['messages'] / s['busy_seconds']:,.0f} events/s ({s['checkpoints']} checkpoints)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    args = ap.parse_args()
    for label in ["OnaBenchEmail", "OnaBenchOrg"]:
        neo4j_bench(label)
    kafka_bench(args.events)


if __name__ == "__main__":
    main()
