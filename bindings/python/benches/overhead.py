#!/usr/bin/env python3
"""Cost of calling ona from Python against the Rust benchmark binary, same graph,
same settings, same thread count, runs interleaved (the machine is noisy: compare
the minimum of several runs measured in one go).

* PageRank (tol 1e-10, max_iter 1000, as benches/src/bin/ona-timeit.rs):
  ``ona.pagerank(g)`` vs ``ona-timeit --algo pagerank`` algo_s. Target <= 5 %.
* Graph build from two numpy columns of 16M edges vs the Rust builder on dense u32
  indices (ona-timeit build_s), target <= 1.5x: ``from_edges(src, dst,
  num_nodes=n)`` on int32 columns (like for like: indices in, used in place), and
  ``from_edges(src, dst, nodes=...)`` on int64 external ids (ranked to indices).

    cargo build --release -p ona-benches
    python ../shared/peers/gen.py --out /tmp/peers-data        # rmat20: 1M nodes, 15.7M edges
    python bindings/python/benches/overhead.py --data /tmp/peers-data --graph rmat20
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time

import numpy as np

import ona

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TIMEIT = os.path.join(ROOT, "target", "release", "ona-timeit")


def rust(npy: str, n: int, algo: str, threads: int) -> dict:
    out = subprocess.run(
        [TIMEIT, "--npy", npy, "--nodes", str(n), "--algo", algo, "--threads", str(threads)],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(next(line[2:] for line in out.splitlines() if line.startswith("@@")))


def timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("ONA_PEERS_DATA", "/tmp/peers-data"))
    ap.add_argument("--graph", default="rmat20")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    npy = os.path.join(a.data, f"{a.graph}.npy")
    n = json.load(open(os.path.join(a.data, f"{a.graph}.json")))["n"]
    edges = np.load(npy)
    src32 = np.ascontiguousarray(edges[:, 0])  # int32, as ona-timeit's columns
    dst32 = np.ascontiguousarray(edges[:, 1])
    src = src32.astype(np.int64)
    dst = dst32.astype(np.int64)
    nodes = np.arange(n, dtype=np.int64)
    ona.set_num_threads(a.threads)
    print(f"{a.graph}: {n} nodes, {len(edges)} edge rows, {a.threads} threads, best of {a.repeat}")

    rs_build, py_build, py_build32, rs_pr, py_pr = [], [], [], [], []
    g = None
    for _ in range(a.repeat):
        r = rust(npy, n, "pagerank", a.threads)
        rs_build.append(r["build_s"])
        rs_pr.append(r["algo_s"])
        g = None
        py_build.append(timed(lambda: ona.Graph.from_edges(src, dst, nodes=nodes)))
        py_build32.append(timed(lambda: ona.Graph.from_edges(src32, dst32, num_nodes=n)))
        g = ona.Graph.from_edges(src, dst, nodes=nodes)
        py_pr.append(timed(lambda: ona.pagerank(g, tol=1e-10, max_iter=1000)))
        del g
    rb, pb, pb32, rp, pp = (min(x) for x in (rs_build, py_build, py_build32, rs_pr, py_pr))
    print(f"build   rust (dense u32)        {rb:8.3f} s")
    print(f"build   python int32, num_nodes  {pb32:8.3f} s   {pb32 / rb:5.2f}x rust (indices in, like ona-timeit)")
    print(f"build   python int64 ids, ranked {pb:8.3f} s   {pb / rb:5.2f}x rust (external ids -> sorted order)")
    print(f"pagerank rust                   {rp:8.3f} s")
    print(f"pagerank python                 {pp:8.3f} s   {100 * (pp / rp - 1):+5.1f} % overhead")
    print("all runs (s):", json.dumps({"rs_build": rs_build, "py_build": py_build, "py_build32": py_build32,
                                        "rs_pagerank": rs_pr, "py_pagerank": py_pr}))


if __name__ == "__main__":
    main()
