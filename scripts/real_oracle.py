#!/usr/bin/env python3
"""NetworkX oracle values on real networks -> testdata/real/<name>.json.

Why: golden cases (scripts/golden.py) pin semantics on tiny seeded graphs;
these pin them on real organisational and collaboration networks, where
scale, degree skew, self loops and duplicate rows show up. The data files are
never copied into the repository: only the values derived from them. The Rust
test `crates/ona-core/tests/it/real.rs` reads the same raw files from
`shared/data` (beside the repository) and compares against these values.

How: from the repository root, with the data at ../shared/data (or pass
--data DIR), in the same venv as scripts/golden.py (NetworkX 3.6.x + numpy +
scipy):

    /tmp/golden-venv/bin/python scripts/real_oracle.py        # a few minutes

Deterministic: re-running rewrites identical files. Values are rounded to 15
significant digits. NetworkX betweenness / closeness run only on the small
networks (they take hours on Email-Enron).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import networkx as nx

try:
    import numpy  # noqa: F401
    import scipy  # noqa: F401  (nx.pagerank needs it)
except ImportError:  # pragma: no cover
    sys.exit("scripts/real_oracle.py needs numpy and scipy; see scripts/golden.py for a venv recipe")

if not nx.__version__.startswith("3.6"):
    sys.exit(f"scripts/real_oracle.py expects NetworkX 3.6.x, found {nx.__version__}")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "testdata" / "real"

EXACT = {"rtol": 1e-9, "atol": 1e-12}
ITERATIVE = {"rtol": 1e-7, "atol": 1e-12}
# NetworkX stops once the L1 change is below n * tol; on Email-Enron (n = 36,692)
# tol = 1e-13 leaves errors of ~1e-7 relative, so use 1e-15 to make the
# expected values (nearly) the exact fixed point.
PAGERANK = {"alpha": 0.85, "max_iter": 1000, "tol": 1e-15, "weight": None}


# ---------------------------------------------------------------- readers
# Each mirrors the parser in crates/ona-core/tests/it/real.rs.


def read_edgelist(path: Path, directed: bool) -> nx.Graph:
    """Whitespace-separated "src dst" rows; '#' comment lines; optional .gz."""
    opener = gzip.open if path.suffix == ".gz" else open
    g = nx.DiGraph() if directed else nx.Graph()
    with opener(path, "rt", encoding="ascii") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            u, v = line.split()[:2]
            g.add_edge(int(u), int(v))
    return g


def read_krackhardt(path: Path) -> nx.DiGraph:
    """Full "ego alter 0/1" list (all 21 x 21 pairs): every ego is a node, arcs where 1."""
    g = nx.DiGraph()
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            ego, alter, tie = int(parts[0]), int(parts[1]), int(parts[2])
            g.add_node(ego)
            g.add_node(alter)
            if tie == 1:
                g.add_edge(ego, alter)
            elif tie != 0:
                raise ValueError(f"unexpected tie value {tie}")
    return g


def read_matrix(path: Path) -> nx.Graph:
    """A symmetric 0/1 adjacency matrix; nodes numbered 1..n by row."""
    rows = [line.split() for line in path.read_text(encoding="ascii").splitlines() if line.strip()]
    n = len(rows)
    assert all(len(r) == n for r in rows), "not a square matrix"
    g = nx.Graph()
    g.add_nodes_from(range(1, n + 1))
    for i in range(n):
        for j in range(n):
            assert rows[i][j] in ("0", "1")
            assert rows[i][j] == rows[j][i], "matrix not symmetric"
            if rows[i][j] == "1" and i <= j:
                g.add_edge(i + 1, j + 1)
    return g


DATASETS = {
    # name: (path under shared/data, reader, size class)
    "krackhardt_advice": ("classic/krackhardt/Krack-High-Tec-edgelist-Advice.txt", read_krackhardt, "small"),
    "lazega_cowork": ("classic/lazega/ELwork.dat", read_matrix, "small"),
    "email_eu_core": ("snap/email-Eu-core.txt.gz", lambda p: read_edgelist(p, True), "small"),
    "email_enron": ("snap/Email-Enron.txt", lambda p: read_edgelist(p, False), "large"),
    "ca_hepph": ("snap/CA-HepPh.txt", lambda p: read_edgelist(p, False), "large"),
}

FORMATS = {
    "krackhardt_advice": "ego_alter_tie",
    "lazega_cowork": "matrix",
    "email_eu_core": "edgelist",
    "email_enron": "edgelist",
    "ca_hepph": "edgelist",
}


# ---------------------------------------------------------------- cases


def r15(x):
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    return float(f"{float(x):.15g}")


def keyed(values: dict) -> dict:
    return {str(k): r15(values[k]) for k in sorted(values)}


def partition(components) -> dict:
    comps = sorted(sorted(c) for c in components)
    return {str(v): i for i, c in enumerate(comps) for v in sorted(c)}


def sizes(components) -> list:
    return sorted((len(c) for c in components), reverse=True)


def build_cases(g: nx.Graph, size: str) -> list[dict]:
    cases = []
    directed = g.is_directed()
    loops = nx.number_of_selfloops(g)
    small = size == "small"

    def add(algorithm, params, kind, expected, tol, **extra):
        t = time.time()
        value = expected() if callable(expected) else expected
        cases.append({"algorithm": algorithm, "params": params, "kind": kind, **extra, "expected": value, **tol})
        print(f"    {algorithm:32} {time.time() - t:6.1f}s", file=sys.stderr)

    add("degree", {"weight": None}, "node_scores", lambda: keyed(dict(g.degree())), EXACT)
    if directed:
        add("in_degree", {"weight": None}, "node_scores", lambda: keyed(dict(g.in_degree())), EXACT)
        add("out_degree", {"weight": None}, "node_scores", lambda: keyed(dict(g.out_degree())), EXACT)
    add("pagerank", PAGERANK, "node_scores", lambda: keyed(nx.pagerank(g, **PAGERANK)), ITERATIVE)

    if small:
        p = {"normalized": True, "endpoints": False, "weight": None}
        add("betweenness_centrality", p, "node_scores", lambda: keyed(nx.betweenness_centrality(g, **p)), EXACT)
        p = {"wf_improved": True, "distance": None}
        add("closeness_centrality", p, "node_scores", lambda: keyed(nx.closeness_centrality(g, **p)), EXACT)

    # core_number refuses self loops: the case says to drop them first.
    extra = {"graph": "without_self_loops"} if loops else {}
    h = g
    if loops:
        h = g.copy()
        h.remove_edges_from(list(nx.selfloop_edges(h)))
    add("core_number", {}, "node_scores", lambda: keyed(nx.core_number(h)), EXACT, **extra)

    add("clustering", {"weight": None}, "node_scores", lambda: keyed(nx.clustering(g)), EXACT)
    if not directed:
        add("triangles", {}, "node_scores", lambda: keyed(nx.triangles(g)), EXACT)
        add("transitivity", {}, "scalar", lambda: r15(nx.transitivity(g)), EXACT)
    add("average_clustering", {"weight": None, "count_zeros": True}, "scalar", lambda: r15(nx.average_clustering(g)), EXACT)

    comps = (
        [("weakly_connected_components", nx.weakly_connected_components), ("strongly_connected_components", nx.strongly_connected_components)]
        if directed
        else [("connected_components", nx.connected_components)]
    )
    for name, fn in comps:
        if small:
            add(name, {}, "partition", lambda fn=fn: partition(fn(g)), EXACT)
        add(name, {}, "component_sizes", lambda fn=fn: sizes(fn(g)), EXACT)
    return cases


# ---------------------------------------------------------------- output


def dumps(obj: dict) -> str:
    """One key per line, one case per line."""
    compact = lambda x: json.dumps(x, separators=(",", ":"), allow_nan=False)  # noqa: E731
    lines = ["{"]
    items = list(obj.items())
    for i, (k, v) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        if k == "cases":
            lines.append('  "cases": [')
            for j, case in enumerate(v):
                lines.append("    " + compact(case) + ("," if j + 1 < len(v) else ""))
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(k)}: {compact(v)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared/data directory")
    ap.add_argument("only", nargs="*", help="dataset names (default: all)")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"data directory {args.data} not found (pass --data)")
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (rel, reader, size) in DATASETS.items():
        if args.only and name not in args.only:
            continue
        t = time.time()
        g = reader(args.data / rel)
        print(f"{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", file=sys.stderr)
        doc = {
            "name": name,
            "source": rel,
            "format": FORMATS[name],
            "directed": g.is_directed(),
            "generator": f"scripts/real_oracle.py, NetworkX {nx.__version__}",
            "node_count": g.number_of_nodes(),
            "edge_count": g.number_of_edges(),
            "self_loops": nx.number_of_selfloops(g),
            "cases": build_cases(g, size),
        }
        (OUT / f"{name}.json").write_text(dumps(doc))
        print(f"  wrote {name}.json in {time.time() - t:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
