#!/usr/bin/env python3
"""Community detection: ona against NetworKit, igraph, leidenalg and NetworkX,
same graphs, same run, same thread count.

For every graph and algorithm family (Louvain, Leiden, label propagation) it
times each library over several seeds and scores every partition with ONE
independent judge, igraph's `Graph.modularity` on the same simple undirected
graph (so no library grades itself), plus NMI against ground truth where the
graph has one. ona runs as the release binary `ona-timeit` in a subprocess (its
own timer around the algorithm only, like the in-process peer timers).

Graphs: the generated peer graphs (`python ../shared/peers/gen.py --out DIR`)
and real networks from ../shared/data, all made simple and undirected (self
loops and duplicate rows dropped) before anyone sees them.

    cargo build --release -p ona-benches --bin ona-timeit
    /tmp/peers/bin/python benches/peers/community.py --data /tmp/peers-data \\
        --graphs email_eu_core lfr10k sbm_org50k ca_hepph email_enron com_dblp rmat16 rmat20 \\
        --seeds 5 --threads 2 --out bench-out/community.md

The peers venv: numpy networkx igraph leidenalg networkit (see compare.py).
NetworkX Louvain (first seed only) and leidenalg run only where --nx-max-edges allows
(they take hours on rmat20).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"

# name -> (loader, ground-truth loader or None)
def snap_text(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt") as f:
        for line in f:
            if line.startswith("#") or line.startswith("%") or not line.strip():
                continue
            a, b = line.split()[:2]
            rows.append((int(a), int(b)))
    return np.array(rows, dtype=np.int64)


def email_eu_truth(ids: np.ndarray):
    lab = {}
    for line in open(SHARED / "snap" / "email-Eu-core-department-labels.normalized.txt"):
        a, b = line.split()
        lab[int(a)] = int(b)
    return np.array([lab[int(i)] for i in ids])


REAL = {
    "email_eu_core": (SHARED / "snap" / "email-Eu-core.txt.gz", email_eu_truth),
    "email_enron": (SHARED / "snap" / "Email-Enron.txt", None),
    "ca_hepph": (SHARED / "snap" / "CA-HepPh.txt", None),
    "com_dblp": (SHARED / "snap" / "com-DBLP" / "dblp.csv.gz", None),
}
TRUTH = {"lfr10k": "community", "sbm_org50k": "team"}


def load(name: str, data: Path):
    """Simple undirected edge array over nodes 0..n-1, n, ground truth or None."""
    truth = None
    if name in REAL:
        path, truth_fn = REAL[name]
        raw = snap_text(path)
        ids, inv = np.unique(raw, return_inverse=True)
        edges = inv.reshape(-1, 2)
        n = len(ids)
        if truth_fn:
            truth = truth_fn(ids)
    else:
        edges = np.load(data / f"{name}.npy").astype(np.int64)
        n = json.load(open(data / f"{name}.json"))["n"]
        if name in TRUTH:
            truth = np.load(data / f"{name}.{TRUTH[name]}.npy")
    edges = edges[edges[:, 0] != edges[:, 1]]
    edges = np.sort(edges, axis=1)
    edges = np.unique(edges, axis=0)
    return edges.astype(np.int32), int(n), truth


class Judge:
    def __init__(self, edges, n, truth):
        import igraph as ig

        self.g = ig.Graph(n=n, edges=edges.tolist(), directed=False)
        self.truth = truth

    def score(self, membership):
        import igraph as ig

        membership = [int(x) for x in membership]
        q = self.g.modularity(membership)
        nmi = None
        if self.truth is not None:
            nmi = ig.compare_communities(list(self.truth), membership, method="nmi")
        return q, len(set(membership)), nmi


def run_ona(binary, npy, n, algo, seed, threads):
    with tempfile.NamedTemporaryFile(suffix=".npy") as out:
        cmd = [binary, "--npy", str(npy), "--nodes", str(n), "--algo", algo, "--threads", str(threads),
               "--seed", str(seed), "--out", out.name]
        p = subprocess.run(cmd, capture_output=True, text=True, check=True)
        info = json.loads(next(l for l in p.stdout.splitlines() if l.startswith("@@"))[2:])
        part = np.load(out.name).astype(np.int64)
        return info["algo_s"], part, info


def peers(kind, edges, n, threads, seed, nx_ok, slow_ok):
    """(library, seconds, membership) for every peer of `kind` at `seed`."""
    import igraph as ig
    import networkit as nk

    nk.setNumberOfThreads(threads)
    nk.engineering.setSeed(seed, True)
    random.seed(seed)
    g_nk = nk.Graph(n, weighted=False, directed=False)
    g_nk.addEdges((edges[:, 0].astype(np.uint64), edges[:, 1].astype(np.uint64)))
    g_ig = ig.Graph(n=n, edges=edges.tolist(), directed=False)
    out = []

    def timed(lib, fn):
        t = time.perf_counter()
        m = fn()
        out.append((lib, time.perf_counter() - t, list(m)))

    if kind == "louvain":
        timed("NetworKit PLM", lambda: nk.community.PLM(g_nk).run().getPartition().getVector())
        timed("igraph multilevel", lambda: g_ig.community_multilevel().membership)
        if nx_ok:
            import networkx as nx

            g_nx = nx.Graph()
            g_nx.add_nodes_from(range(n))
            g_nx.add_edges_from(edges.tolist())

            def nx_louvain():
                memb = [0] * n
                for i, c in enumerate(nx.community.louvain_communities(g_nx, seed=seed)):
                    for v in c:
                        memb[v] = i
                return memb

            timed("NetworkX louvain", nx_louvain)
    elif kind == "leiden":
        import leidenalg as la

        timed("NetworKit ParallelLeiden", lambda: nk.community.ParallelLeiden(g_nk).run().getPartition().getVector())
        timed("igraph leiden", lambda: g_ig.community_leiden(objective_function="modularity").membership)
        if slow_ok:
            timed("leidenalg", lambda: la.find_partition(g_ig, la.ModularityVertexPartition, seed=seed).membership)
    elif kind == "lpa":
        timed("NetworKit PLP", lambda: nk.community.PLP(g_nk).run().getPartition().getVector())
        timed("igraph label_propagation", lambda: g_ig.community_label_propagation().membership)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("/tmp/peers-data"))
    ap.add_argument("--graphs", nargs="+", default=["email_eu_core", "lfr10k", "sbm_org50k", "rmat16"])
    ap.add_argument("--algos", nargs="+", default=["louvain", "leiden", "lpa"])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ona", default=str(ROOT / "target" / "release" / "ona-timeit"))
    ap.add_argument("--nx-max-edges", type=int, default=1_100_000)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    rows = []
    tmp = Path(tempfile.mkdtemp(prefix="ona-community-"))
    for name in args.graphs:
        edges, n, truth = load(name, args.data)
        npy = tmp / f"{name}.npy"
        np.save(npy, edges)
        judge = Judge(edges, n, truth)
        print(f"# {name}: n={n:,} m={len(edges):,}", flush=True)
        for algo in args.algos:
            results = {}  # lib -> list of (seconds, q, k, nmi)
            for seed in range(args.seeds):
                secs, part, _ = run_ona(args.ona, npy, n, algo, seed, args.threads)
                results.setdefault("ona", []).append((secs, *judge.score(part)))
                if algo == "leiden":  # also until an iteration changes nothing (n_iterations=-1)
                    secs, part, _ = run_ona(args.ona, npy, n, "leiden_stable", seed, args.threads)
                    results.setdefault("ona (until stable)", []).append((secs, *judge.score(part)))
                nx_ok = algo == "louvain" and len(edges) <= args.nx_max_edges and seed == 0
                slow_ok = len(edges) <= args.nx_max_edges
                for lib, s, m in peers(algo, edges, n, args.threads, seed, nx_ok, slow_ok):
                    results.setdefault(lib, []).append((s, *judge.score(m)))
            ona_t = statistics.median(r[0] for r in results["ona"])
            for lib, rs in results.items():
                t = statistics.median(r[0] for r in rs)
                qs = [r[1] for r in rs]
                nmis = [r[3] for r in rs if r[3] is not None]
                row = dict(graph=name, algo=algo, lib=lib, seconds=t, speedup=t / ona_t, q_best=max(qs),
                           q_mean=statistics.mean(qs), communities=statistics.median(r[2] for r in rs),
                           nmi=statistics.mean(nmis) if nmis else None, runs=len(rs))
                rows.append(row)
                nmi = f"{row['nmi']:.3f}" if row["nmi"] is not None else "-"
                print(f"{name:14s} {algo:8s} {lib:26s} {t:9.3f}s  ×{row['speedup']:7.2f}  "
                      f"Q best {row['q_best']:.4f} mean {row['q_mean']:.4f}  k {row['communities']:>8}  NMI {nmi}",
                      flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        lines = ["| graph | algorithm | library | median s | time ÷ ona | Q best | Q mean | communities | NMI vs truth | runs |",
                 "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            nmi = f"{r['nmi']:.3f}" if r["nmi"] is not None else "–"
            lines.append(f"| {r['graph']} | {r['algo']} | {r['lib']} | {r['seconds']:.3f} | {r['speedup']:.2f} | "
                         f"{r['q_best']:.4f} | {r['q_mean']:.4f} | {r['communities']:g} | {nmi} | {r['runs']} |")
        args.out.write_text("\n".join(lines) + "\n")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    sys.exit(main())
