#!/usr/bin/env python3
"""ona against its peers (NetworkX, igraph, NetworKit, rustworkx), one run, same inputs.

Every (library, algorithm, graph) cell runs in a fresh process: load the graph's edge
array, build the library's graph (build_s), run the algorithm (algo_s), save the result
vector (untimed) so accuracy can be compared across libraries. ona runs through the
`ona-timeit` binary (benches/src/bin/ona-timeit.rs, built with --release), and again
from Python as `ona-py` (the `ona` package: `ona.Graph.from_edges` on the two numpy
columns, then the module function with the same settings as ona-timeit), so the
`py/rs` column is the cost of the Python layer.

Inputs are the deterministic graphs of ../shared/peers/gen.py (rmat16, rmat20 = Graph500
R-MAT scale 16/20 edge factor 16; sbm_org50k = 50k-person organisation; lfr10k):

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install numpy scipy pyarrow networkx igraph networkit rustworkx
    /tmp/peers/bin/python ../shared/peers/gen.py --out /tmp/peers-data
    cargo build --release -p ona-benches
    (cd bindings/python && /tmp/peers/bin/pip install maturin && /tmp/peers/bin/maturin develop --release)
    /tmp/peers/bin/python benches/peers/compare.py --data /tmp/peers-data --out bench-out

(Without the `ona` package in that interpreter the ona-py cells report "error"; leave
them out with `--libs networkx igraph networkit rustworkx ona`.)

It writes bench-out/results.json and bench-out/RESULTS.md (times, ratio of the fastest peer
to ona, PageRank iterations and accuracy against a tight reference).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TIMEIT = os.environ.get("ONA_TIMEIT", os.path.join(ROOT, "target", "release", "ona-timeit"))
LIBS = ["networkx", "igraph", "networkit", "rustworkx", "ona", "ona-py"]
# Cells ona-py runs (the rest of ona's cells are the Rust binary's alone).
ONA_PY_ALGOS = ["build", "pagerank", "betweenness", "components", "kcore", "clustering"]
OURS = ("ona", "ona-py")
ALGOS = ["build", "pagerank", "betweenness", "approx_betweenness_rk", "closeness",
         "components", "kcore", "clustering"]
GRAPHS = ["lfr10k", "sbm_org50k", "rmat16", "rmat20"]
# Which graphs each algorithm runs on; exact betweenness/closeness are O(nm).
ALGO_GRAPHS = {
    "betweenness": ["lfr10k", "sbm_org50k"],
    "closeness": ["lfr10k", "sbm_org50k"],
    "approx_betweenness_rk": ["rmat16"],
}
# NetworkX is the slow reference; it only runs where it finishes in minutes.
# (Exact betweenness takes NetworkX ~8 minutes on lfr10k; the reference harness has it.)
NX_GRAPHS = {"build": ["lfr10k", "sbm_org50k", "rmat16"], "pagerank": GRAPHS, "components": GRAPHS,
             "kcore": ["lfr10k", "sbm_org50k", "rmat16"], "clustering": ["lfr10k", "sbm_org50k", "rmat16"],
             "closeness": ["lfr10k"]}
RK_EPS, RK_DELTA = 0.05, 0.1
PR_ALPHA = 0.85


def load(data, graph):
    meta = json.load(open(os.path.join(data, f"{graph}.json")))
    return meta["n"], np.load(os.path.join(data, f"{graph}.npy"))


# ----------------------------------------------------------------------------- peers

def run_peer(lib, algo, n, edges, threads):
    """Returns (build_s, algo_s, result vector or None, note)."""
    if lib == "ona-py":
        return run_ona_py(algo, n, edges)
    t0 = time.perf_counter()
    if lib == "networkx":
        import networkx as nx
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges.tolist())
    elif lib == "igraph":
        import igraph as ig
        G = ig.Graph(n=n, edges=edges, directed=False)
    elif lib == "networkit":
        import networkit as nk
        nk.setNumberOfThreads(threads)
        G = nk.Graph(n, weighted=False, directed=False)
        G.addEdges((edges[:, 0], edges[:, 1]))
    elif lib == "rustworkx":
        import rustworkx as rx
        G = rx.PyDiGraph() if algo == "pagerank" else rx.PyGraph()
        G.add_nodes_from(range(n))
        both = np.concatenate([edges, edges[:, ::-1]]) if algo == "pagerank" else edges
        G.extend_from_edge_list(list(map(tuple, both.tolist())))
    t1 = time.perf_counter()
    if algo == "build":
        return t1 - t0, 0.0, None, ""
    res, note = PEER_ALGOS[(lib, algo)](G, n)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, res, note


def _dict_vec(d, n):
    out = np.zeros(n)
    for k, v in d.items():
        out[k] = v
    return out


def _labels(sets, n):
    lab = np.full(n, -1, dtype=np.int64)
    for i, c in enumerate(sets):
        lab[list(c)] = i
    return lab


def _nx(name):
    import networkx as nx
    return {
        "pagerank": lambda G, n: (_dict_vec(nx.pagerank(G, alpha=PR_ALPHA), n), "nx.pagerank defaults (tol=1e-6: L1 change < n*tol)"),
        "betweenness": lambda G, n: (_dict_vec(nx.betweenness_centrality(G), n), "exact, normalized"),
        "closeness": lambda G, n: (_dict_vec(nx.closeness_centrality(G), n), "wf_improved"),
        "components": lambda G, n: (_labels(nx.connected_components(G), n), ""),
        "kcore": lambda G, n: (_dict_vec(nx.core_number(G), n), ""),
        "clustering": lambda G, n: (_dict_vec(nx.clustering(G), n), "local"),
    }[name]


def _ig(name):
    def closeness(G, n):
        r = np.nan_to_num(np.asarray(G.closeness(normalized=True)))
        sizes = np.asarray(G.connected_components().sizes())[G.connected_components().membership]
        return r * (sizes - 1) / (n - 1), "reachable-only, Wasserman-Faust rescaled untimed"
    return {
        "pagerank": lambda G, n: (np.asarray(G.pagerank(damping=PR_ALPHA)), "PRPACK direct solve"),
        "betweenness": lambda G, n: (np.asarray(G.betweenness()) * 2 / ((n - 1) * (n - 2)), "exact, single-threaded"),
        "closeness": closeness,
        "components": lambda G, n: (np.asarray(G.connected_components().membership), ""),
        "kcore": lambda G, n: (np.asarray(G.coreness(), dtype=float), ""),
        "clustering": lambda G, n: (np.asarray(G.transitivity_local_undirected(mode="zero")), "local"),
    }[name]


def _nk(name):
    import networkit as nk
    c = nk.centrality

    def run(obj):
        obj.run()
        return obj

    return {
        "pagerank": lambda G, n: (np.asarray(run(c.PageRank(G, damp=PR_ALPHA, tol=1e-6, distributeSinks=c.SinkHandling.DistributeSinks)).scores()),
                                  "tol=1e-6 (L2), sinks distributed"),
        "betweenness": lambda G, n: (np.asarray(run(c.Betweenness(G, normalized=True)).scores()), "exact, parallel"),
        "approx_betweenness_rk": lambda G, n: (np.asarray(run(c.ApproxBetweenness(G, epsilon=RK_EPS, delta=RK_DELTA)).scores()),
                                               f"Riondato-Kornaropoulos eps={RK_EPS} delta={RK_DELTA}"),
        "closeness": lambda G, n: (np.asarray(run(c.Closeness(G, True, c.ClosenessVariant.GENERALIZED)).scores()), "generalized = WF"),
        "components": lambda G, n: (np.asarray(run(nk.components.ConnectedComponents(G)).getPartition().getVector()), ""),
        "kcore": lambda G, n: (np.asarray(run(c.CoreDecomposition(G)).scores()), "parallel"),
        "clustering": lambda G, n: (np.asarray(run(c.LocalClusteringCoefficient(G, turbo=True)).scores()), "turbo, parallel"),
    }[name]


def _rx(name):
    import rustworkx as rx
    return {
        "pagerank": lambda G, n: (_dict_vec(rx.pagerank(G, alpha=PR_ALPHA), n), "defaults (tol=1e-6), both arcs"),
        "betweenness": lambda G, n: (_dict_vec(rx.betweenness_centrality(G, normalized=True), n), "exact, parallel"),
        "closeness": lambda G, n: (_dict_vec(rx.closeness_centrality(G, wf_improved=True), n), "wf_improved"),
        "components": lambda G, n: (_labels(rx.connected_components(G), n), ""),
        "kcore": lambda G, n: (_dict_vec(rx.core_number(G), n), ""),
    }[name]


PEER_ALGOS = {}
for _lib, _f, _names in [("networkx", _nx, ["pagerank", "betweenness", "closeness", "components", "kcore", "clustering"]),
                         ("igraph", _ig, ["pagerank", "betweenness", "closeness", "components", "kcore", "clustering"]),
                         ("networkit", _nk, ["pagerank", "betweenness", "approx_betweenness_rk", "closeness", "components", "kcore", "clustering"]),
                         ("rustworkx", _rx, ["pagerank", "betweenness", "closeness", "components", "kcore"])]:
    for _a in _names:
        PEER_ALGOS[(_lib, _a)] = (lambda f, a: lambda G, n: f(a)(G, n))(_f, _a)


def worker(lib, algo, graph, data, threads, out):
    n, edges = load(data, graph)
    build_s, algo_s, res, note = run_peer(lib, algo, n, edges, threads)
    if res is not None:
        np.save(out, np.asarray(res, dtype=np.float64))
    print("@@" + json.dumps({"build_s": build_s, "algo_s": algo_s, "note": note}))


# ----------------------------------------------------------------------------- ona

def run_ona_py(algo, n, edges):
    """ona from Python, with the settings of ona-timeit (ONA_NUM_THREADS set by the driver)."""
    import ona
    src = np.ascontiguousarray(edges[:, 0])
    dst = np.ascontiguousarray(edges[:, 1])
    t0 = time.perf_counter()
    try:  # ids are node indices 0..n-1, as ona-timeit builds them
        g = ona.Graph.from_edges(src, dst, directed=False, num_nodes=n)
    except TypeError:  # an older ona without num_nodes=: rank the ids instead
        g = ona.Graph.from_edges(src, dst, directed=False, nodes=np.arange(n, dtype=src.dtype))
    t1 = time.perf_counter()
    note = ""
    if algo == "build":
        return t1 - t0, 0.0, None, note
    if algo == "pagerank":
        res = ona.pagerank(g, alpha=PR_ALPHA, tol=1e-10, max_iter=1000, weight=None)
        note = "same config as ona-timeit (tol=1e-10)"
    elif algo == "betweenness":
        res = ona.betweenness_centrality(g)
        note = "exact, normalized"
    elif algo == "components":
        res = ona.connected_components(g)
    elif algo == "kcore":
        res = ona.core_number(g)
    elif algo == "clustering":
        res = ona.clustering(g)
    else:
        raise SystemExit(f"ona-py: no cell for {algo}")
    t2 = time.perf_counter()
    # Results come back in g.node_ids() order; map them to node index order (untimed).
    ids = np.asarray(g.node_ids())
    vec = np.zeros(n)
    vec[ids] = np.asarray(res, dtype=np.float64)
    return t1 - t0, t2 - t1, vec, note


def ona_cmd(algo, graph, data, threads, out):
    n, _ = load(data, graph)
    cmd = [TIMEIT, "--npy", os.path.join(data, f"{graph}.npy"), "--nodes", str(n), "--algo", algo,
           "--threads", str(threads), "--out", out]
    if algo == "approx_betweenness_rk":
        cmd += ["--epsilon", str(RK_EPS), "--delta", str(RK_DELTA)]
    return cmd


# ----------------------------------------------------------------------------- accuracy

def pagerank_reference(data, graph):
    """Power iteration to an L1 change below 1e-13, dangling mass spread uniformly."""
    path = os.path.join(data, f"{graph}.pagerank-ref.npy")
    if os.path.exists(path):
        return np.load(path)
    import scipy.sparse as sp
    n, e = load(data, graph)
    rows = np.concatenate([e[:, 0], e[:, 1]])
    cols = np.concatenate([e[:, 1], e[:, 0]])
    A = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))
    deg = np.asarray(A.sum(axis=1)).ravel()
    inv = np.where(deg > 0, 1.0 / np.maximum(deg, 1), 0.0)
    AT = A.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(10_000):
        y = PR_ALPHA * (AT @ (x * inv)) + (PR_ALPHA * x[deg == 0].sum() + 1 - PR_ALPHA) / n
        y /= y.sum()
        done = np.abs(y - x).sum() < 1e-13
        x = y
        if done:
            break
    np.save(path, x)
    return x


def accuracy(algo, graph, data, vec, results):
    if vec is None:
        return None
    if algo == "pagerank":
        ref = pagerank_reference(data, graph)
        return float(np.max(np.abs(vec - ref) / np.maximum(ref, 1e-300)))
    if algo in ("betweenness", "closeness", "kcore", "clustering"):
        base = results.get("igraph") or results.get("networkit")
        if base is not None and base.get("vec") is not None:
            return float(np.max(np.abs(vec - base["vec"])))
    return None


# ----------------------------------------------------------------------------- driver

def run_cell(cmd, timeout):
    t = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"status": f"timeout>{timeout}s"}
    line = next((ln for ln in p.stdout.splitlines() if ln.startswith("@@")), None)
    if p.returncode != 0 or line is None:
        return {"status": "error", "stderr": p.stderr[-2000:]}
    r = json.loads(line[2:])
    r["status"] = "ok"
    r["wall_s"] = time.time() - t
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.environ.get("ONA_PEERS_DATA", "/tmp/peers-data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    ap.add_argument("--graphs", nargs="*", default=GRAPHS)
    ap.add_argument("--algos", nargs="*", default=ALGOS)
    ap.add_argument("--libs", nargs="*", default=LIBS)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args()
    if not os.path.exists(TIMEIT):
        sys.exit(f"missing {TIMEIT}: run `cargo build --release -p ona-benches` first")
    os.makedirs(args.out, exist_ok=True)
    env_threads = {k: str(args.threads) for k in ("OMP_NUM_THREADS", "RAYON_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                   "ONA_NUM_THREADS")}
    os.environ.update(env_threads)
    table = []
    for graph in args.graphs:
        if not os.path.exists(os.path.join(args.data, f"{graph}.npy")):
            sys.exit(f"missing {graph} in {args.data}: run ../shared/peers/gen.py --out {args.data}")
        for algo in args.algos:
            if graph not in ALGO_GRAPHS.get(algo, GRAPHS):
                continue
            results = {}
            for lib in args.libs:
                if lib == "networkx" and graph not in NX_GRAPHS.get(algo, []):
                    continue
                if lib == "ona-py" and algo not in ONA_PY_ALGOS:
                    continue
                if lib not in OURS and algo != "build" and (lib, algo) not in PEER_ALGOS:
                    continue
                out = os.path.join(args.out, f"{graph}.{algo}.{lib}.npy")
                if lib == "ona":
                    cmd = ona_cmd(algo, graph, args.data, args.threads, out)
                else:
                    cmd = [sys.executable, __file__, "worker", lib, algo, graph, args.data, str(args.threads), out]
                r = run_cell(cmd, args.timeout)
                r["vec"] = np.load(out) if r["status"] == "ok" and os.path.exists(out) else None
                results[lib] = r
                print(f"{graph:11s} {algo:22s} {lib:10s} {r['status']:8s} "
                      f"build={r.get('build_s', float('nan')):8.3f}s algo={r.get('algo_s', float('nan')):8.3f}s", flush=True)
            for lib, r in results.items():
                r["accuracy"] = accuracy(algo, graph, args.data, r.get("vec"), results)
            table.append({"graph": graph, "algo": algo,
                          "results": {k: {kk: vv for kk, vv in v.items() if kk != "vec"} for k, v in results.items()}})
    json.dump(table, open(os.path.join(args.out, "results.json"), "w"), indent=1)
    write_md(table, os.path.join(args.out, "RESULTS.md"), args.threads)


def write_md(table, path, threads):
    libs = [lib for lib in LIBS if any(lib in row["results"] for row in table)]
    lines = [f"Seconds at {threads} threads (build = graph construction from the edge array; otherwise algorithm only). "
             "ratio = fastest peer / ona (>1: ona faster). acc = PageRank max relative error per node vs a "
             "tight reference; for other scores max |diff| vs igraph/NetworKit. ona-py = the same ona call "
             "from Python (numpy in, numpy out); py/rs = ona-py time / ona time.", "",
             "| graph | algorithm | " + " | ".join(libs) + " | ratio | py/rs | ona acc | notes |",
             "|---|---|" + "---|" * len(libs) + "---|---|---|---|"]
    for row in table:
        res = row["results"]
        key = "build_s" if row["algo"] == "build" else "algo_s"
        cells, peers = [], []
        for lib in libs:
            r = res.get(lib)
            if r is None:
                cells.append("–")
                continue
            if r["status"] != "ok":
                cells.append(r["status"])
                continue
            t = r[key]
            acc = r.get("accuracy")
            cells.append(f"{t:.3f}" + (f" (acc {acc:.1e})" if acc is not None and lib not in OURS and row["algo"] == "pagerank" else ""))
            if lib not in OURS:
                peers.append(t)
        ona = res.get("ona", {})
        ratio = f"{min(peers) / ona[key]:.2f}" if peers and ona.get("status") == "ok" and ona[key] > 0 else "–"
        py = res.get("ona-py", {})
        py_rs = (f"{py[key] / ona[key]:.2f}" if py.get("status") == "ok" and ona.get("status") == "ok" and ona[key] > 0
                 else "–")
        acc = ona.get("accuracy")
        notes = ona.get("note", "")
        lines.append(f"| {row['graph']} | {row['algo']} | " + " | ".join(cells) +
                     f" | {ratio} | {py_rs} | {'' if acc is None else f'{acc:.1e}'} | {notes} |")
    open(path, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7])
    else:
        main()
