"""The seed's way, timed: Python `neo4j` driver -> NetworkX, and write-back from Python.

Run after `cargo run --release -p ona-neo4j --example neo4j_bench` (which loads the data):

    python3 -m venv target/venv-neo4j && target/venv-neo4j/bin/pip install neo4j networkx numpy scipy
    . target/servers/env.sh
    target/venv-neo4j/bin/python benches/neo4j/seed_way.py

For each label the example loaded, it runs the same two Cypher queries as the Rust
projection, builds an `nx.DiGraph` (department as a node attribute, weights summed over
repeated arcs as `DuplicatePolicy::Sum` does), and times it (best of 3 after a warm-up);
then computes `nx.pagerank` and writes it back with the same batched
`UNWIND $rows AS r MATCH (n:L {id: r.id}) SET n.pagerank_py = r.v` (10,000 per
transaction), best of 3. Prints rows/s in the example's format.
"""

import os
import sys
import time

import networkx as nx
from neo4j import GraphDatabase

LABELS = sys.argv[1:] or ["OnaBenchEmail", "OnaBenchOrg"]
BATCH = 10_000


def project(session, label):
    g = nx.DiGraph()
    node_rows = rel_rows = 0
    for rec in session.run(f"MATCH (p:{label}) RETURN p.id AS id, p.department AS department"):
        g.add_node(rec["id"], department=rec["department"])
        node_rows += 1
    q = f"MATCH (a:{label})-[r:LINK]->(b) RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp"
    max_ts = None
    for rec in session.run(q):
        s, d, w, ts = rec["src"], rec["dst"], rec["weight"], rec["timestamp"]
        w = 1.0 if w is None else w
        if g.has_edge(s, d):
            g[s][d]["weight"] += w
        else:
            g.add_edge(s, d, weight=w)
        if ts is not None:
            max_ts = ts if max_ts is None else max(max_ts, ts)
        rel_rows += 1
    return g, node_rows, rel_rows


def write_back(session, label, scores):
    ids = list(scores)
    session.run(f"CREATE INDEX {label}_id IF NOT EXISTS FOR (n:{label}) ON (n.id)").consume()
    q = f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET n.pagerank_py = r.v"
    for i in range(0, len(ids), BATCH):
        rows = [{"id": k, "v": scores[k]} for k in ids[i : i + BATCH]]
        session.execute_write(lambda tx: tx.run(q, rows=rows).consume())
    return len(ids)


def main():
    uri = os.environ.get("ONA_NEO4J_URI")
    if not uri:
        sys.exit("ONA_NEO4J_URI is not set: run scripts/servers.sh start neo4j && . target/servers/env.sh")
    auth = (os.environ.get("ONA_NEO4J_USER", "neo4j"), os.environ.get("ONA_NEO4J_PASSWORD", ""))
    with GraphDatabase.driver(uri, auth=auth) as driver, driver.session() as session:
        for label in LABELS:
            project(session, label)  # warm-up
            best, g, nr, rr = float("inf"), None, 0, 0
            for _ in range(3):
                t = time.perf_counter()
                g, nr, rr = project(session, label)
                best = min(best, time.perf_counter() - t)
            print(
                f"{label}: python neo4j -> networkx projection {nr} node rows + {rr} relationship rows in {best:.3f} s "
                f"= {(nr + rr) / best:.0f} rows/s (best of 3; graph {g.number_of_nodes()} nodes, {g.number_of_edges()} edges)"
            )
            pr = nx.pagerank(g)
            best_w, n = float("inf"), 0
            for _ in range(3):
                t = time.perf_counter()
                n = write_back(session, label, pr)
                best_w = min(best_w, time.perf_counter() - t)
            print(f"{label}: python write-back {n} rows in {best_w:.3f} s = {n / best_w:.0f} rows/s (best of 3, batches of {BATCH})")


if __name__ == "__main__":
    main()
