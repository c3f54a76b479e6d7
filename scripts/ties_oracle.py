#!/usr/bin/env python3
"""NetworkX oracle values for ties, reach and ego summaries -> testdata/ona/ties_<name>.json.

Why: `crates/ona-core/src/ona/ties.rs` (and `ties/{reach,ego}.rs`) promise
NetworkX semantics for two-step reach
(`nx.single_source_shortest_path_length(G, v, cutoff=2)`), ego summaries
(`nx.ego_graph(U, v, center=False)`, `nx.density`, with `U` the undirected
view of `G` without self loops) and Onnela's neighbourhood overlap from
`nx.common_neighbors(U, u, v)`. These files pin them on three real networks;
the Rust test `crates/ona-core/tests/it/ona_ties.rs` reads the same raw
files from `shared/data` (beside the repository; never copied here) and
compares with a tolerance of 1e-9.

What: per network a deterministic sample of 200 nodes (random.Random(8),
keyed by external id) with, for each: reach out/in/both (undirected: one
value), ego size, ties among alters, density, strength (ties of the view
weighing 1 per arc present, as ona's unweighted view does), and, where the
network has departments, the groups reached; plus the overlap of every tie
of the first 30 sampled nodes.

How: from the repository root, NetworkX 3.6.x:

    /work/venv-golden/bin/python scripts/ties_oracle.py [--data ../shared/data]   # ~10 s

Deterministic: re-running rewrites identical files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path

import networkx as nx

NETWORKS = {
    # name: (source, directed, groups file or None)
    "email_eu_core": ("snap/email-Eu-core.txt.gz", True, "snap/email-Eu-core-department-labels.normalized.txt"),
    "arenas_email": ("konect/arenas-email/out.arenas-email", False, None),
    "ca_hepph": ("snap/CA-HepPh.txt", False, None),
}
SAMPLE = 200
OVERLAP_NODES = 30


def read_text(path: Path) -> str:
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode()
    return path.read_text()


def read_edgelist(path: Path) -> list[tuple[int, int]]:
    """Whitespace "src dst ..." rows; `#` and `%` comments."""
    edges = []
    for line in read_text(path).splitlines():
        line = line.strip()
        if not line or line[0] in "#%":
            continue
        tok = line.split()
        edges.append((int(tok[0]), int(tok[1])))
    return edges


def read_groups(path: Path) -> dict[int, int]:
    out = {}
    for line in read_text(path).splitlines():
        tok = line.split()
        if tok:
            out[int(tok[0])] = int(tok[1])
    return out


def reach(G: nx.Graph, v: int) -> int:
    return len(nx.single_source_shortest_path_length(G, v, cutoff=2)) - 1


def one(name: str, data: Path) -> dict:
    source, directed, groups_file = NETWORKS[name]
    edges = read_edgelist(data / source)
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(sorted({x for e in edges for x in e}))
    G.add_edges_from(edges)
    U = nx.Graph(G.to_undirected(as_view=True))
    U.remove_edges_from(list(nx.selfloop_edges(U)))
    groups = read_groups(data / groups_file) if groups_file else None
    sample = random.Random(8).sample(sorted(G.nodes), SAMPLE)
    rev = G.reverse(copy=False) if directed else None
    nodes = {}
    for v in sample:
        ego = nx.ego_graph(U, v, center=False)
        # Arcs present per tie of the view: 1 or 2 (directed), 1 (undirected).
        strength = sum((G.has_edge(v, u) + G.has_edge(u, v)) if directed else 1 for u in U[v])
        row = {
            "ego_size": ego.number_of_nodes(),
            "ego_ties": ego.number_of_edges(),
            "ego_density": nx.density(ego),
            "strength": float(strength),
        }
        if directed:
            row["reach_out"] = reach(G, v)
            row["reach_in"] = reach(rev, v)
            row["reach_both"] = reach(U, v)
        else:
            row["reach"] = reach(G, v)
        if groups is not None:
            row["groups_reached"] = len({groups[u] for u in ego} - {groups[v]})
        nodes[str(v)] = row
    overlap = []
    for v in sample[:OVERLAP_NODES]:
        for u in sorted(U[v]):
            a, b = min(u, v), max(u, v)
            n = len(list(nx.common_neighbors(U, a, b)))
            denom = (U.degree(a) - 1) + (U.degree(b) - 1) - n
            overlap.append([str(a), str(b), 0.0 if denom == 0 else n / denom])
    overlap.sort(key=lambda r: (int(r[0]), int(r[1])))
    dedup = [r for i, r in enumerate(overlap) if i == 0 or r[:2] != overlap[i - 1][:2]]
    return {
        "name": name,
        "source": source,
        "directed": directed,
        "groups": groups_file,
        "node_count": G.number_of_nodes(),
        "edge_count": G.number_of_edges(),
        "view_edge_count": U.number_of_edges(),
        "tolerance": 1e-9,
        "nodes": nodes,
        "overlap": dedup,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=Path("testdata/ona"))
    args = ap.parse_args()
    for name in NETWORKS:
        doc = one(name, args.data)
        path = args.out / f"ties_{name}.json"
        path.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
        print(f"{path}: {doc['node_count']} nodes, {len(doc['nodes'])} sampled, {len(doc['overlap'])} ties with overlap")


if __name__ == "__main__":
    main()
