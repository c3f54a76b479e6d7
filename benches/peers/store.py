#!/usr/bin/env python3
"""Loading a graph from disk: ona's snapshot and Parquet import against
NetworKit's binary graph reader and igraph's edge-list reader, same graph,
same run, same thread count.

ona runs as the release binary `ona-snapshot` (snapshot size, open + validate
of the mapped file, first PageRank on the mapped graph vs in memory, Parquet
edge-table import). The peers read the same edges: NetworKit from its own
binary format (written first, untimed) and from the edge-list text, igraph from
the edge-list text.

    cargo build --release -p ona-benches --bin ona-snapshot
    /tmp/peers/bin/python benches/peers/store.py --data /tmp/peers-data \\
        --graph rmat20 --threads 2 --out bench-out/store.md
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def best_of(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--graph", default="rmat20")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--bin", type=Path, default=ROOT / "target" / "release" / "ona-snapshot")
    a = ap.parse_args()
    meta = json.loads((a.data / f"{a.graph}.json").read_text())
    txt = a.data / f"{a.graph}.txt"
    npy = a.data / f"{a.graph}.npy"

    env = dict(os.environ)
    out = subprocess.run(
        [str(a.bin), "--npy", str(npy), "--nodes", str(meta["n"]), "--threads", str(a.threads), "--repeat", str(a.repeat)],
        check=True, capture_output=True, text=True, env=env,
    ).stdout
    ona = json.loads(next(l for l in out.splitlines() if l.startswith("@@"))[2:])

    import igraph
    import networkit as nk

    nk.setNumberOfThreads(a.threads)
    m = meta["m"]
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        g = nk.graphio.EdgeListReader(" ", 0, directed=False).read(str(txt))
        nkb = Path(tmp) / "g.nkb"
        nk.graphio.NetworkitBinaryWriter().write(g, str(nkb))
        size = nkb.stat().st_size
        t_bin = best_of(lambda: nk.graphio.NetworkitBinaryReader().read(str(nkb)), a.repeat)
        t_txt = best_of(lambda: nk.graphio.EdgeListReader(" ", 0, directed=False).read(str(txt)), 1)
    t_ig = best_of(lambda: igraph.Graph.Read_Edgelist(str(txt), directed=False), 1)

    rows = [
        ("ona snapshot open + validate (mmap)", ona["open_validate_s"], ona["snapshot_bytes"]),
        ("NetworKit binary reader", t_bin, size),
        ("ona Parquet edge table -> graph", ona["import_parquet_s"], ona["parquet_bytes"]),
        ("NetworKit edge-list reader (text)", t_txt, txt.stat().st_size),
        ("igraph Read_Edgelist (text)", t_ig, txt.stat().st_size),
    ]
    lines = [
        f"Graph {a.graph}: {meta['n']:,} nodes, {m:,} edges; {a.threads} threads; median of {a.repeat} "
        f"(text readers once).",
        "",
        "| load path | seconds | M edges/s | file bytes/edge |",
        "|---|---:|---:|---:|",
    ]
    for name, s, b in rows:
        lines.append(f"| {name} | {s:.3f} | {m / s / 1e6:.1f} | {b / m:.2f} |")
    lines += [
        "",
        f"ona open + validate: {ona['open_validate_s'] * 1e3:.0f} ms wall, {ona['open_validate_cpu_s'] * 1e3:.0f} ms CPU; "
        f"NetworKit binary read is {t_bin / ona['open_validate_s']:.1f}x ona's open.",
        f"PageRank: first on the mapped graph {ona['pagerank_first_mapped_s']:.2f} s, in-memory compressed "
        f"{ona['pagerank_compressed_s']:.2f} s (ratio {ona['pagerank_first_mapped_s'] / ona['pagerank_compressed_s']:.2f}), "
        f"in-memory plain CSR {ona['pagerank_plain_s']:.2f} s.",
    ]
    text = "\n".join(lines)
    print(text)
    if a.out:
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(text + "\n" + json.dumps(ona) + "\n")


if __name__ == "__main__":
    main()
