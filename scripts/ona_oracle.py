#!/usr/bin/env python3
"""NetworkX oracle values for the ONA measures -> testdata/ona/<name>.json.

Why: `crates/ona-core/src/ona/` (structural holes, reciprocity, bridges and
articulation points) promises NetworkX semantics; these files pin them on
real organisational networks, with self loops, isolated nodes, reciprocated
and weighted (multi-email) ties. The data files are never copied into the
repository, only values derived from them. The Rust test
`crates/ona-core/tests/it/ona_oracle.rs` reads the same raw files from
`shared/data` (beside the repository) and compares.

What: per network, NetworkX `constraint` and `effective_size` (the
all-nodes call, i.e. NetworkX's sparse-matrix path; for effective size with
the one-line fix of networkx PR #8906, see `effective_size` below),
efficiency as the NetworkX docs compute it (`effective_size / G.degree`),
Burt's hierarchy
(no NetworkX function: computed here with SciPy from NetworkX's own
adjacency matrix, by the formula in `ona/holes.rs`), `reciprocity` per node
and `overall_reciprocity` (directed networks), `bridges` and
`articulation_points` (on `G.to_undirected()` for directed networks), and
the people each articulation point cuts off (brute force: remove it and
measure the pieces of its component). Weighted cases use the summed
`weight` of repeated rows.

How: from the repository root, with the data at ../shared/data (or pass
--data DIR), NetworkX 3.6.x with numpy and scipy:

    /work/venv-golden/bin/python scripts/ona_oracle.py      # under a minute

Deterministic: re-running rewrites identical files. Values are rounded to 15
significant digits; NaN (and NetworkX's None for isolated nodes) is written
as null.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
import time
from pathlib import Path

import networkx as nx

try:
    import numpy as np
    import scipy  # noqa: F401  (nx.constraint's all-nodes path needs it)
except ImportError:  # pragma: no cover
    sys.exit("scripts/ona_oracle.py needs numpy and scipy")

if not nx.__version__.startswith("3.6"):
    sys.exit(f"scripts/ona_oracle.py expects NetworkX 3.6.x, found {nx.__version__}")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "testdata" / "ona"
TOL = {"rtol": 1e-9, "atol": 1e-12}
# Nodes per network on which effective_size is checked against NetworkX's
# per-node path.
CROSS_CHECKS = 40


# ---------------------------------------------------------------- readers
# Each mirrors its reader in crates/ona-core/tests/it/ona_oracle.rs.


def read_edgelist(path: Path, directed: bool, weight_column: int | None) -> nx.Graph:
    """Whitespace-separated "src dst [...]" rows; '#' and '%' comment lines;
    optional .gz. With `weight_column`, repeated rows add their weights."""
    opener = gzip.open if path.suffix == ".gz" else open
    g = nx.DiGraph() if directed else nx.Graph()
    with opener(path, "rt", encoding="ascii") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#%":
                continue
            parts = line.split()
            u, v = int(parts[0]), int(parts[1])
            if weight_column is None:
                g.add_edge(u, v)
            else:
                w = float(parts[weight_column])
                old = g.get_edge_data(u, v, default={"weight": 0.0})["weight"]
                g.add_edge(u, v, weight=old + w)
    return g


def read_ego_alter_tie(path: Path) -> nx.DiGraph:
    """Full "ego alter 0/1" list: every ego is a node, arcs where 1."""
    g = nx.DiGraph()
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            ego, alter, tie = int(parts[0]), int(parts[1]), int(parts[2])
            g.add_nodes_from([ego, alter])
            if tie == 1:
                g.add_edge(ego, alter)
            elif tie != 0:
                raise ValueError(f"unexpected tie value {tie}")
    return g


def read_matrix(path: Path) -> nx.Graph:
    """A symmetric 0/1 adjacency matrix; nodes numbered 1..n by row."""
    rows = [line.split() for line in path.read_text(encoding="ascii").splitlines() if line.strip()]
    n = len(rows)
    g = nx.Graph()
    g.add_nodes_from(range(1, n + 1))
    for i in range(n):
        assert len(rows[i]) == n, "not a square matrix"
        for j in range(n):
            assert rows[i][j] in ("0", "1") and rows[i][j] == rows[j][i]
            if rows[i][j] == "1" and i <= j:
                g.add_edge(i + 1, j + 1)
    return g


# name: (path under shared/data, format, directed, weight column or None)
DATASETS = {
    "krackhardt_advice": ("classic/krackhardt/Krack-High-Tec-edgelist-Advice.txt", "ego_alter_tie", True, None),
    "lazega_cowork": ("classic/lazega/ELwork.dat", "matrix", False, None),
    "email_eu_core": ("snap/email-Eu-core.txt.gz", "edgelist", True, None),
    "arenas_email": ("konect/arenas-email/out.arenas-email", "edgelist", False, None),
    "radoslaw_email": ("konect/radoslaw_email/out.radoslaw_email_email", "edgelist", True, 2),
}


def load(path: Path, fmt: str, directed: bool, weight_column: int | None) -> nx.Graph:
    if fmt == "ego_alter_tie":
        return read_ego_alter_tie(path)
    if fmt == "matrix":
        return read_matrix(path)
    return read_edgelist(path, directed, weight_column)


# ---------------------------------------------------------------- values


def r15(x):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, int):
        return x
    return float(f"{float(x):.15g}")


def keyed(values: dict) -> dict:
    return {str(k): r15(values[k]) for k in sorted(values)}


def hierarchy(g: nx.Graph, weight) -> dict:
    """Burt's hierarchy over the local constraints l_ij, j != i, with p_ij > 0,
    from NetworkX's adjacency matrix (the matrices nx.constraint builds)."""
    nodes = list(g)
    p = nx.adjacency_matrix(g, nodelist=nodes, weight=weight).toarray().astype(float)
    m = p + p.T
    s = m.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(s[:, None] > 0, m / s[:, None], 0.0)
    local = (q + q @ q) ** 2
    out = {}
    for i, v in enumerate(nodes):
        contacts = [j for j in range(len(nodes)) if j != i and q[i, j] > 0]
        n = len(contacts)
        if n < 2:
            out[v] = float("nan")
            continue
        ls = local[i, contacts]
        r = ls / (ls.sum() / n)
        out[v] = float((r * np.log(r)).sum() / (n * math.log(n)))
    return out


def effective_size(g: nx.Graph, weight) -> dict:
    """NetworkX 3.6.1's all-nodes (sparse) `effective_size` with the fix of
    networkx PR #8906: 3.6.1 divides the mutual weights m_vw by the column
    maximum max_x m_xw instead of v's own maximum max_x m_vx (a missing
    `[:, np.newaxis]`), which changes weighted and directed results. The
    fixed values are NetworkX's documented formula; they are checked below
    against NetworkX's per-node path (`nodes=...`) wherever that path is
    defined, and against the unfixed call where the bug cannot matter."""
    nodes = list(g)
    p = nx.adjacency_matrix(g, nodelist=nodes, weight=weight)
    m1 = (p + p.T).astype(float).tocsr()
    m2 = m1.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        m1 /= m1.sum(axis=1)[:, np.newaxis]
        m2 /= m2.max(axis=1).toarray()[:, np.newaxis]
    r = 1 - (m1 @ m2.T).toarray()
    es = np.asarray(((m1 > 0) * r).sum(axis=1)).ravel()
    isolated = np.asarray(m1.sum(axis=1)).ravel() - m1.diagonal() == 0
    es[isolated] = float("nan")
    out = dict(zip(nodes, es.tolist()))
    # NetworkX's per-node path is right where it is defined: it calls nodes
    # without successors isolated (networkx issue #2661) and uses Borgatti's
    # shortcut, blind to self loops, for unweighted undirected graphs.
    if g.is_directed() or weight is not None:
        # The per-node path is slow (cubic in degree): check a fixed sample
        # spread over the lower three quarters by degree.
        ranked = sorted(nodes, key=lambda v: (g.degree(v), v))
        ranked = ranked[: max(1, 3 * len(ranked) // 4)]
        sample = ranked[:: max(1, len(ranked) // CROSS_CHECKS)]
        check = nx.effective_size(g, nodes=sample, weight=weight)
        for v in sample:
            if not math.isnan(check[v]):
                assert math.isclose(out[v], check[v], rel_tol=1e-12, abs_tol=1e-12), (v, out[v], check[v])
    else:
        check = nx.effective_size(g, weight=weight)
        for v in nodes:
            assert math.isclose(out[v], check[v], rel_tol=1e-12, abs_tol=1e-12) or math.isnan(check[v]), (v, out[v], check[v])
    return out


def cut_off(u: nx.Graph, points) -> dict:
    """People outside the largest remaining piece of v's component."""
    out = {}
    for v in points:
        comp = nx.node_connected_component(u, v)
        h = u.subgraph(comp - {v})
        largest = max((len(c) for c in nx.connected_components(h)), default=0)
        out[v] = len(comp) - 1 - largest
    return out


def build_cases(g: nx.Graph, weighted: bool) -> list[dict]:
    cases = []

    def add(measure, weight, expected):
        t = time.time()
        cases.append({"measure": measure, "weighted": weight is not None, "expected": expected(), **TOL})
        print(f"    {measure:20} weighted={weight is not None!s:5} {time.time() - t:6.1f}s", file=sys.stderr)

    for weight in [None, "weight"] if weighted else [None]:
        add("constraint", weight, lambda w=weight: keyed(nx.constraint(g, weight=w)))

        def eff(w=weight):
            es = effective_size(g, w)
            return keyed({v: es[v] / g.degree(v) if g.degree(v) else float("nan") for v in g})

        add("effective_size", weight, lambda w=weight: keyed(effective_size(g, w)))
        add("efficiency", weight, eff)
        add("hierarchy", weight, lambda w=weight: keyed(hierarchy(g, w)))
    u = g
    if g.is_directed():
        add("reciprocity", None, lambda: keyed(nx.reciprocity(g, g.nodes)))
        add("overall_reciprocity", None, lambda: r15(nx.overall_reciprocity(g)))
        u = g.to_undirected()
    add("bridges", None, lambda: sorted(sorted(e) for e in nx.bridges(u)))
    points = sorted(nx.articulation_points(u))
    add("articulation_points", None, lambda: points)
    add("cut_off", None, lambda: keyed(cut_off(u, points)))
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
    for name, (rel, fmt, directed, weight_column) in DATASETS.items():
        if args.only and name not in args.only:
            continue
        t = time.time()
        g = load(args.data / rel, fmt, directed, weight_column)
        print(f"{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", file=sys.stderr)
        doc = {
            "name": name,
            "source": rel,
            "format": fmt,
            "directed": g.is_directed(),
            "weight_column": weight_column,
            "generator": f"scripts/ona_oracle.py, NetworkX {nx.__version__}",
            "node_count": g.number_of_nodes(),
            "edge_count": g.number_of_edges(),
            "self_loops": nx.number_of_selfloops(g),
            "cases": build_cases(g, weight_column is not None),
        }
        (OUT / f"{name}.json").write_text(dumps(doc))
        print(f"  wrote {name}.json in {time.time() - t:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
