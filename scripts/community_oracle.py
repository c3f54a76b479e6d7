#!/usr/bin/env python3
"""NetworkX oracle values for community quality on a real network ->
testdata/community/email_eu_core.json.

email-Eu-core (shared/data/snap) with its 42 ground-truth departments: NetworkX's
modularity of the department partition (directed and as an undirected graph,
several resolutions) and its partition_quality. Only derived numbers are
written; the Rust test `crates/ona-core/tests/it/community.rs` reads the raw
files from shared/data. Deterministic.

    /tmp/peers/bin/python scripts/community_oracle.py   # NetworkX 3.6.x + igraph

It also compares the department partition with NetworkX's (deterministic)
label_propagation_communities of the undirected graph by igraph's
compare_communities (NMI, variation of information, adjusted Rand index): an
independent reference for ona's comparison functions.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import igraph as ig
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "snap"


def main() -> None:
    g = nx.DiGraph()
    with gzip.open(DATA / "email-Eu-core.txt.gz", "rt") as f:
        for line in f:
            a, b = line.split()
            g.add_edge(int(a), int(b))
    dept = {}
    for line in open(DATA / "email-Eu-core-department-labels.normalized.txt"):
        v, d = line.split()
        dept[int(v)] = int(d)
    g.add_nodes_from(dept)
    groups: dict[int, set] = {}
    for v, d in dept.items():
        groups.setdefault(d, set()).add(v)
    parts = list(groups.values())
    u = g.to_undirected()
    cases = []
    for directed, h in ((True, g), (False, u)):
        for res in (1.0, 0.5, 2.0):
            q = nx.community.modularity(h, parts, resolution=res)
            cases.append({"directed": directed, "resolution": res, "modularity": q})
        cov, perf = nx.community.partition_quality(h, parts)
        cases.append({"directed": directed, "coverage": cov, "performance": perf})
    nodes = sorted(dept)
    lpa = {v: i for i, c in enumerate(nx.community.label_propagation_communities(u)) for v in c}
    a, b = [dept[v] for v in nodes], [lpa[v] for v in nodes]
    cases.append({
        "compare": "departments vs label_propagation_communities(undirected)",
        "nmi": ig.compare_communities(a, b, method="nmi"),
        "vi": ig.compare_communities(a, b, method="vi"),
        "ari": ig.compare_communities(a, b, method="adjusted_rand"),
    })
    out = {
        "source": "snap/email-Eu-core.txt.gz + snap/email-Eu-core-department-labels.normalized.txt",
        "networkx": nx.__version__,
        "igraph": ig.__version__,
        "note": "department partition; undirected = G.to_undirected() (arcs both ways merged, self loops kept)",
        "cases": cases,
    }
    path = ROOT / "testdata" / "community" / "email_eu_core.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
