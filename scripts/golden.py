#!/usr/bin/env python3
"""Generate the golden cases in testdata/golden/*.json from NetworkX.

Why: ona promises NetworkX semantics (normalisation, dangling nodes, weights,
self loops, directed variants). Each file holds one small seeded graph plus
the values NetworkX computes on it; the Rust, Python and Node test suites all
replay the same files, so the three surfaces cannot drift from NetworkX or
from each other. The format is described in testdata/golden/README.md.

How: from the repository root,

    python3 -m venv --system-site-packages /tmp/golden-venv
    /tmp/golden-venv/bin/pip install numpy scipy      # NetworkX needs them
    /tmp/golden-venv/bin/python scripts/golden.py     # for pagerank, hits,
                                                      # weighted clustering
Requires NetworkX 3.6.x (checked), numpy and scipy. The output is
deterministic: every graph comes from a fixed seed, and re-running the script
rewrites identical files (check with `git diff --exit-code testdata/golden`).
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

import networkx as nx

try:
    import numpy as np
    import scipy  # noqa: F401  (nx.pagerank / nx.hits need it)
except ImportError:  # pragma: no cover
    sys.exit("scripts/golden.py needs numpy and scipy; see the header comment for a venv recipe")

if not nx.__version__.startswith("3.6"):
    sys.exit(f"scripts/golden.py expects NetworkX 3.6.x, found {nx.__version__}")

OUT = Path(__file__).resolve().parent.parent / "testdata" / "golden"

# Tolerances. Exact algorithms (BFS, Dijkstra, counting) agree to rounding;
# iterative ones are run by NetworkX and ona with the same params (tol, max_iter),
# so the iterates agree closely, but the summation order differs.
EXACT = {"rtol": 1e-9, "atol": 1e-12}
ITERATIVE = {"rtol": 1e-7, "atol": 1e-10}
# nx.hits solves with ARPACK (scipy svds) instead of a power iteration.
HITS_TOL = {"rtol": 1e-6, "atol": 1e-9}

PR_TOL = 1e-13
EIG_TOL = 1e-13


# ---------------------------------------------------------------- graphs


def half_weights(rng: random.Random) -> float:
    """A weight in {0.5, 1.0, ..., 5.0}: exact in binary, so path-length ties are exact."""
    return rng.randint(1, 10) / 2


def int_weights(rng: random.Random) -> float:
    return float(rng.randint(1, 5))


def with_weights(g: nx.Graph, seed: int, draw) -> nx.Graph:
    rng = random.Random(seed)
    for u, v in sorted(g.edges()):
        g[u][v]["weight"] = draw(rng)
    return g


def add_isolates(g: nx.Graph, count: int) -> nx.Graph:
    start = max(g.nodes, default=-1) + 1
    g.add_nodes_from(range(start, start + count))
    return g


def add_self_loops(g: nx.Graph, count: int, seed: int, draw=None) -> nx.Graph:
    rng = random.Random(seed)
    for v in rng.sample(sorted(g.nodes), count):
        if draw is None:
            g.add_edge(v, v)
        else:
            g.add_edge(v, v, weight=draw(rng))
    return g


def relabel_shuffled(g: nx.Graph, seed: int) -> nx.Graph:
    """Non-contiguous external ids, listed in a shuffled order."""
    rng = random.Random(seed)
    nodes = sorted(g.nodes)
    ids = rng.sample(range(100, 100 + 7 * len(nodes)), len(nodes))
    mapping = dict(zip(nodes, ids))
    h = g.__class__()
    order = list(nodes)
    rng.shuffle(order)
    h.add_nodes_from(mapping[v] for v in order)
    h.add_edges_from((mapping[u], mapping[v], d) for u, v, d in g.edges(data=True))
    return h


def und_gnp() -> nx.Graph:
    return add_isolates(nx.gnp_random_graph(40, 0.1, seed=1), 3)


def und_ws_int_weights() -> nx.Graph:
    return with_weights(nx.connected_watts_strogatz_graph(30, 4, 0.3, seed=2), 2, int_weights)


def und_gnp_half_weights_loops() -> nx.Graph:
    g = with_weights(nx.gnp_random_graph(35, 0.15, seed=3), 3, half_weights)
    add_self_loops(g, 4, 3, half_weights)
    return add_isolates(g, 2)


def und_disconnected_relabelled() -> nx.Graph:
    parts = [
        nx.barabasi_albert_graph(15, 2, seed=4),
        nx.cycle_graph(6),
        nx.path_graph(5),
        nx.complete_graph(4),
        nx.star_graph(4),
        nx.empty_graph(4),
    ]
    g = nx.disjoint_union_all(parts)
    return relabel_shuffled(g, 4)


def und_powerlaw_cluster() -> nx.Graph:
    return nx.powerlaw_cluster_graph(50, 3, 0.6, seed=5)


def und_isolates_only() -> nx.Graph:
    return nx.empty_graph(6)


def dir_gnp_loops() -> nx.DiGraph:
    g = nx.gnp_random_graph(30, 0.1, seed=6, directed=True)
    add_self_loops(g, 3, 6)
    return add_isolates(g, 2)


def dir_strong_half_weights() -> nx.DiGraph:
    rng = random.Random(7)
    n = 25
    order = list(range(n))
    rng.shuffle(order)
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for i in range(n):
        g.add_edge(order[i], order[(i + 1) % n])
    while g.number_of_edges() < 70:
        u, v = rng.randrange(n), rng.randrange(n)
        if u != v:
            g.add_edge(u, v)
    return with_weights(g, 7, half_weights)


def dir_sccs_int_weights() -> nx.DiGraph:
    """Several strongly connected blocks, arcs between them, dangling and isolated nodes."""
    rng = random.Random(8)
    g = nx.DiGraph()
    blocks = [list(range(0, 6)), list(range(6, 10)), list(range(10, 18)), [18, 19]]
    for b in blocks:
        for i, v in enumerate(b):
            g.add_edge(v, b[(i + 1) % len(b)])
        for _ in range(len(b)):
            u, v = rng.sample(b, 2)
            g.add_edge(u, v)
    for _ in range(8):
        a, b = sorted(rng.sample(range(len(blocks)), 2))
        g.add_edge(rng.choice(blocks[a]), rng.choice(blocks[b]))
    for v in range(20, 24):  # dangling sinks
        g.add_edge(rng.randrange(20), v)
    g.add_nodes_from(range(24, 27))  # isolated
    return with_weights(g, 8, int_weights)


def dir_gnr_dangling() -> nx.DiGraph:
    """A growing-network DAG (arcs point to older nodes): every SCC is a singleton."""
    return nx.gnr_graph(40, 0.3, seed=9)


def dir_dense_small() -> nx.DiGraph:
    g = nx.gnp_random_graph(12, 0.45, seed=10, directed=True)
    return with_weights(g, 10, half_weights)


GRAPHS = [
    ("und_gnp", und_gnp),
    ("und_ws_int_weights", und_ws_int_weights),
    ("und_gnp_half_weights_loops", und_gnp_half_weights_loops),
    ("und_disconnected_relabelled", und_disconnected_relabelled),
    ("und_powerlaw_cluster", und_powerlaw_cluster),
    ("und_isolates_only", und_isolates_only),
    ("dir_gnp_loops", dir_gnp_loops),
    ("dir_strong_half_weights", dir_strong_half_weights),
    ("dir_sccs_int_weights", dir_sccs_int_weights),
    ("dir_gnr_dangling", dir_gnr_dangling),
    ("dir_dense_small", dir_dense_small),
]


# ---------------------------------------------------------------- cases


def num(x):
    """JSON number: ints stay ints, floats as Python's shortest round-trip repr."""
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, int):
        return x
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"non-finite value {x}")
    return x


# Modularity is a plain sum: ona must agree to 1e-12 (the bar).
MODULARITY = {"rtol": 0.0, "atol": 1e-12}


class Cases:
    def __init__(self, g: nx.Graph):
        self.g = g
        self.nodes = list(g.nodes)
        self.cases: list[dict] = []

    def per_node(self, values: dict) -> list:
        return [num(values[v]) for v in self.nodes]

    def add(self, algorithm, params, kind, expected, tol, note=None):
        case = {"algorithm": algorithm, "params": params, "kind": kind, "expected": expected, **tol}
        if note:
            case["note"] = note
        self.cases.append(case)

    def node_scores(self, algorithm, params, values, tol=EXACT, note=None):
        self.add(algorithm, params, "node_scores", self.per_node(values), tol, note)

    def partition(self, algorithm, components):
        label = {}
        # Label components by their first node in node order.
        comps = sorted((sorted(self.nodes.index(v) for v in c) for c in components))
        for i, c in enumerate(comps):
            for idx in c:
                label[self.nodes[idx]] = i
        self.add(algorithm, {}, "partition", self.per_node(label), EXACT)

    def scalar(self, algorithm, params, value, tol=EXACT):
        self.add(algorithm, params, "scalar", num(value), tol)

    def distances(self, algorithm, params, dist: dict):
        self.add(algorithm, params, "distances", [num(dist[v]) if v in dist else None for v in self.nodes], EXACT)

    def edge_scores(self, algorithm, params, values: dict):
        pos = {v: i for i, v in enumerate(self.nodes)}
        rows = []
        for (u, v), x in values.items():
            if not self.g.is_directed() and pos[u] > pos[v]:
                u, v = v, u
            rows.append((pos[u], pos[v], [u, v, num(x)]))
        rows.sort(key=lambda r: (r[0], r[1]))
        self.add(algorithm, params, "edge_scores", [r[2] for r in rows], EXACT)


def connected(g: nx.Graph) -> bool:
    if len(g) == 0:
        return False
    return nx.is_strongly_connected(g) if g.is_directed() else nx.is_connected(g)


def katz_alpha(g: nx.Graph) -> float:
    """0.1, or less: comfortably below 1 / largest eigenvalue so the series converges."""
    a = nx.to_numpy_array(g, nodelist=list(g), weight="weight" if is_weighted(g) else None)
    lam = max(abs(np.linalg.eigvals(a))) if len(g) else 0.0
    alpha = 0.1
    while alpha * lam >= 0.5:
        alpha /= 2
    return alpha


def is_weighted(g: nx.Graph) -> bool:
    return any("weight" in d for _, _, d in g.edges(data=True))


def hits(g, **kw):
    """nx.hits with a fixed ARPACK start vector, rounded to 12 significant digits:
    svds is not bit-reproducible run to run, and HITS_TOL is far looser anyway."""
    start = dict.fromkeys(g, 1.0 / len(g))
    hubs, auths = nx.hits(g, nstart=start, **kw)
    r = lambda d: {k: float(f"{v:.12g}") for k, v in d.items()}  # noqa: E731
    return r(hubs), r(auths)


def build_cases(g: nx.Graph) -> list[dict]:
    c = Cases(g)
    directed = g.is_directed()
    weighted = is_weighted(g)
    loops = nx.number_of_selfloops(g) > 0
    weights = [None, "weight"] if weighted else [None]
    nodes = c.nodes
    has_edges = g.number_of_edges() > 0

    # -- degree
    for w in weights:
        c.node_scores("degree", {"weight": w}, dict(g.degree(weight=w)))
        if directed:
            c.node_scores("in_degree", {"weight": w}, dict(g.in_degree(weight=w)))
            c.node_scores("out_degree", {"weight": w}, dict(g.out_degree(weight=w)))
    c.node_scores("degree_centrality", {}, nx.degree_centrality(g))
    if directed:
        c.node_scores("in_degree_centrality", {}, nx.in_degree_centrality(g))
        c.node_scores("out_degree_centrality", {}, nx.out_degree_centrality(g))

    # -- pagerank
    pr = {"alpha": 0.85, "max_iter": 1000, "tol": PR_TOL}
    for w in weights:
        p = {**pr, "weight": w}
        c.node_scores("pagerank", p, nx.pagerank(g, **p), ITERATIVE)
    rng = random.Random(len(nodes))
    pers = [rng.choice([0, 0, 1, 2, 3]) for _ in nodes]
    if sum(pers) == 0:
        pers[0] = 1
    p = {"alpha": 0.7, "max_iter": 1000, "tol": PR_TOL, "weight": weights[-1], "personalization": pers}
    c.node_scores("pagerank", p, nx.pagerank(g, **{**p, "personalization": dict(zip(nodes, pers))}), ITERATIVE)
    if directed:
        dang = [rng.choice([0, 1, 5]) for _ in nodes]
        if sum(dang) == 0:
            dang[-1] = 1
        p = {**pr, "weight": None, "dangling": dang}
        c.node_scores("pagerank", p, nx.pagerank(g, **{**p, "dangling": dict(zip(nodes, dang))}), ITERATIVE)

    # -- eigenvector, hits: only where the dominant eigenvector is unique
    if connected(g) and len(g) > 1:
        for w in weights:
            p = {"max_iter": 10000, "tol": EIG_TOL, "weight": w}
            c.node_scores("eigenvector_centrality", p, nx.eigenvector_centrality(g, **p), ITERATIVE)
        p = {"max_iter": 10000, "tol": 1e-12, "normalized": True}
        hubs, auths = hits(g, **p)
        c.node_scores("hits_hubs", p, hubs, HITS_TOL, note="nx.hits(G, **params)[0]; NetworkX always weighs HITS by the weight attribute")
        c.node_scores("hits_authorities", p, auths, HITS_TOL, note="nx.hits(G, **params)[1]; NetworkX always weighs HITS by the weight attribute")

    # -- katz
    alpha = katz_alpha(g)
    for w in weights:
        for normalized in (True, False):
            p = {"alpha": alpha, "beta": 1.0, "max_iter": 10000, "tol": EIG_TOL, "normalized": normalized, "weight": w}
            c.node_scores("katz_centrality", p, nx.katz_centrality(g, **p), ITERATIVE)

    # -- betweenness
    for normalized in (True, False):
        for endpoints in (False, True):
            p = {"normalized": normalized, "endpoints": endpoints, "weight": None}
            c.node_scores("betweenness_centrality", p, nx.betweenness_centrality(g, **p))
    if weighted:
        for normalized in (True, False):
            p = {"normalized": normalized, "endpoints": False, "weight": "weight"}
            c.node_scores("betweenness_centrality", p, nx.betweenness_centrality(g, **p))
    for w in weights:
        for normalized in (True, False):
            p = {"normalized": normalized, "weight": w}
            c.edge_scores("edge_betweenness_centrality", p, nx.edge_betweenness_centrality(g, **p))

    # -- closeness, harmonic
    for d in weights:
        for wf in (True, False):
            p = {"wf_improved": wf, "distance": d}
            c.node_scores("closeness_centrality", p, nx.closeness_centrality(g, **p))
        p = {"distance": d}
        c.node_scores("harmonic_centrality", p, nx.harmonic_centrality(g, **p))

    # -- components
    if directed:
        c.partition("weakly_connected_components", nx.weakly_connected_components(g))
        c.partition("strongly_connected_components", nx.strongly_connected_components(g))
    else:
        c.partition("connected_components", nx.connected_components(g))

    # -- cores (NetworkX refuses self loops)
    if not loops:
        c.node_scores("core_number", {}, nx.core_number(g))

    # -- triangles, clustering
    if not directed:
        c.node_scores("triangles", {}, nx.triangles(g))
    for w in weights:
        c.node_scores("clustering", {"weight": w}, nx.clustering(g, weight=w))
        for cz in (True, False):
            p = {"weight": w, "count_zeros": cz}
            try:
                c.scalar("average_clustering", p, nx.average_clustering(g, **p))
            except ZeroDivisionError:  # count_zeros=False and every node has 0
                pass
    if not directed:
        c.scalar("transitivity", {}, nx.transitivity(g))

    # -- communities: modularity of a fixed partition (NetworkX's seeded Louvain, so
    # it is non-trivial), and the deterministic semi-synchronous label propagation
    if has_edges:
        parts = nx.community.louvain_communities(g, seed=7)
        label = {v: i for i, part in enumerate(sorted(parts, key=lambda p: min(nodes.index(v) for v in p))) for v in part}
        for w in weights:
            for res in (1.0, 0.5, 2.0):
                p = {"communities": c.per_node(label), "weight": w, "resolution": res}
                c.scalar("modularity", p, nx.community.modularity(g, parts, weight=w, resolution=res), MODULARITY)
    if not directed:
        c.partition("label_propagation_communities", nx.community.label_propagation_communities(g))

    # -- shortest path lengths from a fixed source: the highest-degree node (first on ties)
    if has_edges:
        src = max(nodes, key=lambda v: (g.degree(v), -nodes.index(v)))
        c.distances("single_source_shortest_path_length", {"source": src}, nx.single_source_shortest_path_length(g, src))
        if weighted:
            p = {"source": src, "weight": "weight"}
            c.distances("single_source_dijkstra_path_length", p, nx.single_source_dijkstra_path_length(g, src, weight="weight"))
    return c.cases


# ---------------------------------------------------------------- output


def dumps(obj: dict) -> str:
    """One key per line, one edge list per line, one case per line: small diffs."""
    compact = lambda x: json.dumps(x, separators=(", ", ": "), allow_nan=False)  # noqa: E731
    lines = ["{"]
    items = list(obj.items())
    for i, (k, v) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        if k == "cases":
            lines.append(f'  "cases": [')
            for j, case in enumerate(v):
                lines.append("    " + compact(case) + ("," if j + 1 < len(v) else ""))
            lines.append("  ]" + comma)
        else:
            lines.append(f"  {json.dumps(k)}: {compact(v)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def graph_json(name: str, g: nx.Graph) -> dict:
    weighted = is_weighted(g)
    edges = []
    for u, v, d in g.edges(data=True):
        edges.append([u, v, num(d["weight"])] if weighted else [u, v])
    return {
        "name": name,
        "directed": g.is_directed(),
        "weighted": weighted,
        "generator": f"scripts/golden.py::{name}, NetworkX {nx.__version__}",
        "nodes": list(g.nodes),
        "edges": edges,
        "cases": build_cases(g),
    }


def close_enough(a, b, rtol: float = 1e-12, atol: float = 1e-15) -> bool:
    """Structural equality with a float tolerance (a re-run on another CPU or
    BLAS may move the last digit of an ARPACK or power-iteration value)."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) <= atol + rtol * abs(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close_enough(x, y, rtol, atol) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close_enough(a[k], b[k], rtol, atol) for k in a)
    return a == b


def check() -> None:
    """Regenerate every case in memory and compare with the committed files."""
    bad = []
    for name, make in GRAPHS:
        path = OUT / f"{name}.json"
        fresh = json.loads(dumps(graph_json(name, make())))
        if not path.exists():
            bad.append(f"{path.name}: missing")
        elif not close_enough(fresh, json.loads(path.read_text())):
            bad.append(f"{path.name}: differs from what NetworkX computes now")
    if bad:
        sys.exit("golden check failed (re-run scripts/golden.py and review the diff):\n  " + "\n  ".join(bad))
    print(f"golden check: {len(GRAPHS)} files match NetworkX {nx.__version__}")


def main() -> None:
    if sys.argv[1:] == ["--check"]:
        check()
        return
    OUT.mkdir(parents=True, exist_ok=True)
    written = set()
    for name, make in GRAPHS:
        path = OUT / f"{name}.json"
        path.write_text(dumps(graph_json(name, make())))
        written.add(path.name)
    stale = [p.name for p in OUT.glob("*.json") if p.name not in written]
    for s in stale:
        print(f"warning: {s} is not produced by this script", file=sys.stderr)
    total = sum(len(json.loads((OUT / n).read_text())["cases"]) for n in written)
    print(f"wrote {len(written)} files, {total} cases to {OUT}")


if __name__ == "__main__":
    main()
