"""Replays every shared golden case (testdata/golden/*.json, NetworkX's values) through
the Python API, with the tolerance rules of the Rust runner
(crates/ona-core/tests/it/golden.rs): an unknown algorithm or parameter fails, never
skips; partitions compare up to relabelling; edge scores by endpoint pair."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import ona

GOLDEN = Path(__file__).resolve().parents[3] / "testdata" / "golden"
FILES = sorted(GOLDEN.glob("*.json"))


def _cases() -> list[Any]:
    out = []
    for f in FILES:
        data = json.loads(f.read_text())
        for i, case in enumerate(data["cases"]):
            out.append(pytest.param(f, i, id=f"{f.stem}#{i}:{case['algorithm']}"))
    return out


class Params:
    """NetworkX kwargs of one case; every key must be read."""

    def __init__(self, params: dict[str, Any], g: ona.Graph, order: np.ndarray):
        self.params = params
        self.used: set[str] = set()
        self.g = g
        self.order = order  # golden node i is ona node order[i]

    def get(self, key: str, default: Any = None) -> Any:
        self.used.add(key)
        v = self.params.get(key)
        return default if v is None else v

    def weight(self, key: str) -> str | None:
        v = self.get(key)
        assert v in (None, "weight"), f"param {key}={v!r}: only null or 'weight' are meaningful"
        return v

    def per_node(self, key: str) -> np.ndarray | None:
        v = self.get(key)
        if v is None:
            return None
        out = np.empty(len(v))
        out[self.order] = v  # golden order -> ona node order
        return out

    def labels(self, key: str) -> np.ndarray:
        v = self.get(key)
        assert v is not None, f"param {key} missing"
        out = np.empty(len(v), dtype=np.int64)
        out[self.order] = v  # golden order -> ona node order
        return out

    def unread(self) -> list[str]:
        return sorted(set(self.params) - self.used)


# Results that depend on node order (tie-breaks by node index), as in NetworkX:
# these run on a graph with string ids, which keep the golden file's node order.
ORDER_SENSITIVE = {"label_propagation_communities"}


def _load(path: Path, keep_order: bool = False) -> tuple[dict[str, Any], ona.Graph, np.ndarray]:
    data = json.loads(path.read_text())
    nodes = data["nodes"]
    edges = data["edges"]
    if keep_order:
        nodes = [str(x) for x in nodes]
        edges = [[str(e[0]), str(e[1]), *e[2:]] for e in edges]
    src = [e[0] for e in edges]
    dst = [e[1] for e in edges]
    w = [e[2] for e in edges] if data["weighted"] else None
    g = ona.Graph.from_edges(src, dst, w, data["directed"], nodes=nodes, duplicates="error")
    assert g.number_of_nodes() == len(nodes)
    order = np.array([g.index_of(x) for x in nodes], dtype=np.int64)
    return data, g, order


def _run(alg: str, g: ona.Graph, p: Params) -> tuple[str, Any]:
    """(kind, value in ona node order) for one case."""
    deg: dict[str, Callable[..., Any]] = {"degree": ona.degree, "in_degree": ona.in_degree, "out_degree": ona.out_degree}
    if alg in deg:
        return "node_scores", deg[alg](g, weight=p.weight("weight"))
    dc = {
        "degree_centrality": ona.degree_centrality,
        "in_degree_centrality": ona.in_degree_centrality,
        "out_degree_centrality": ona.out_degree_centrality,
    }
    if alg in dc:
        return "node_scores", dc[alg](g)
    if alg == "pagerank":
        return "node_scores", ona.pagerank(
            g,
            alpha=p.get("alpha", 0.85),
            personalization=p.per_node("personalization"),
            max_iter=p.get("max_iter", 100),
            tol=p.get("tol", 1e-6),
            weight=p.weight("weight"),
            dangling=p.per_node("dangling"),
        )
    if alg == "eigenvector_centrality":
        return "node_scores", ona.eigenvector_centrality(
            g, max_iter=p.get("max_iter", 100), tol=p.get("tol", 1e-6), weight=p.weight("weight")
        )
    if alg == "katz_centrality":
        return "node_scores", ona.katz_centrality(
            g,
            alpha=p.get("alpha", 0.1),
            beta=p.get("beta", 1.0),
            max_iter=p.get("max_iter", 1000),
            tol=p.get("tol", 1e-6),
            normalized=p.get("normalized", True),
            weight=p.weight("weight"),
        )
    if alg in ("hits_hubs", "hits_authorities"):
        h, a = ona.hits(g, max_iter=p.get("max_iter", 100), tol=p.get("tol", 1e-8), normalized=p.get("normalized", True))
        return "node_scores", h if alg == "hits_hubs" else a
    if alg == "clustering":
        return "node_scores", ona.clustering(g, weight=p.weight("weight"))
    if alg == "average_clustering":
        return "scalar", ona.average_clustering(g, weight=p.weight("weight"), count_zeros=p.get("count_zeros", True))
    if alg == "transitivity":
        return "scalar", ona.transitivity(g)
    if alg == "triangles":
        t = ona.triangles(g)
        assert t.dtype == np.int64
        return "node_scores", t
    if alg == "betweenness_centrality":
        return "node_scores", ona.betweenness_centrality(
            g, normalized=p.get("normalized", True), endpoints=p.get("endpoints", False), weight=p.weight("weight")
        )
    if alg == "edge_betweenness_centrality":
        return "edge_scores", ona.edge_betweenness_centrality(
            g, normalized=p.get("normalized", True), weight=p.weight("weight")
        )
    if alg == "closeness_centrality":
        return "node_scores", ona.closeness_centrality(
            g, wf_improved=p.get("wf_improved", True), distance=p.weight("distance")
        )
    if alg == "harmonic_centrality":
        return "node_scores", ona.harmonic_centrality(g, distance=p.weight("distance"))
    if alg in ("connected_components", "weakly_connected_components", "strongly_connected_components"):
        labels = getattr(ona, alg)(g)
        assert labels.dtype == np.int64
        return "partition", labels
    if alg == "core_number":
        return "node_scores", ona.core_number(g)
    if alg == "single_source_shortest_path_length":
        s = p.get("source")
        d = ona.single_source_shortest_path_length(g, s)
        bfs = ona.bfs_distances(g, s)
        np.testing.assert_array_equal(np.where(bfs < 0, np.inf, bfs), d)
        return "distances", d
    if alg == "single_source_dijkstra_path_length":
        return "distances", ona.single_source_dijkstra_path_length(g, p.get("source"), weight=p.weight("weight"))
    if alg == "modularity":
        return "scalar", ona.modularity(
            g, p.labels("communities"), weight=p.weight("weight"), resolution=p.get("resolution", 1.0)
        )
    if alg == "label_propagation_communities":
        return "partition", ona.label_propagation_communities(g)
    pytest.fail(f"algorithm {alg!r} is not wired into the Python golden runner (tests/test_golden.py)")


def _close(e: float, x: float, rtol: float, atol: float) -> bool:
    return e == x or abs(e - x) <= atol + rtol * abs(e)


@pytest.mark.parametrize("path,index", _cases())
def test_golden_case(path: Path, index: int) -> None:
    algorithm = json.loads(path.read_text())["cases"][index]["algorithm"]
    data, g, order = _load(path, keep_order=algorithm in ORDER_SENSITIVE)
    case = data["cases"][index]
    p = Params(case.get("params", {}), g, order)
    kind, got = _run(case["algorithm"], g, p)
    assert not p.unread(), f"params {p.unread()} are not mapped to any ona option"
    assert kind == case["kind"], f"kind {case['kind']!r} expected, ona produced {kind!r}"
    exp = case["expected"]
    rtol, atol = case["rtol"], case["atol"]
    nodes = data["nodes"]
    bad: list[str] = []
    if kind == "scalar":
        assert _close(exp, got, rtol, atol), f"expected {exp!r}, got {got!r}"
        return
    if kind == "edge_scores":
        src, dst, val = got
        ids = lambda a: a if isinstance(a, list) else a.tolist()  # noqa: E731
        key = (lambda u, v: (u, v)) if data["directed"] else (lambda u, v: tuple(sorted((u, v), key=str)))
        seen = {key(u, v): x for u, v, x in zip(ids(src), ids(dst), val.tolist())}
        want = {key(u, v): x for u, v, x in exp}
        for k, e in want.items():
            if k not in seen:
                if k[0] == k[1] and e == 0.0:
                    continue
                bad.append(f"edge {k}: missing")
            elif not _close(e, seen[k], rtol, atol):
                bad.append(f"edge {k}: expected {e!r}, got {seen[k]!r}")
        bad += [f"edge {k}: not in NetworkX's result" for k in seen if k not in want]
        assert not bad, "\n".join(bad[:10])
        return
    got = np.asarray(got)
    assert len(got) == len(nodes)
    got = got[order]  # ona node order -> golden order
    if kind == "partition":
        fwd: dict[Any, Any] = {}
        back: dict[Any, Any] = {}
        for i, (e, x) in enumerate(zip(exp, got.tolist())):
            if fwd.setdefault(e, x) != x or back.setdefault(x, e) != e:
                bad.append(f"node {nodes[i]}: NetworkX class {e}, ona label {x}")
    elif kind == "distances":
        for i, (e, x) in enumerate(zip(exp, got.tolist())):
            ok = (e is None and math.isinf(x)) or (e is not None and _close(e, x, rtol, atol))
            if not ok:
                bad.append(f"node {nodes[i]}: expected {e!r}, got {x!r}")
    elif kind == "node_scores":
        for i, (e, x) in enumerate(zip(exp, got.tolist())):
            if not _close(e, x, rtol, atol):
                bad.append(f"node {nodes[i]}: expected {e!r}, got {x!r} (diff {abs(e - x):.3e})")
    else:
        pytest.fail(f"unknown kind {kind!r}")
    assert not bad, f"{len(bad)} mismatches:\n" + "\n".join(bad[:10])


def test_golden_files_present() -> None:
    assert len(FILES) >= 10, f"golden files missing under {GOLDEN}"
