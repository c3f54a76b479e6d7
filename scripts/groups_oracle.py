#!/usr/bin/env python3
"""NetworkX oracle values for the group measures -> testdata/ona/groups_<name>.json.

Why: `crates/ona-core/src/ona/groups.rs` promises that its mixing matrix is
NetworkX's `attribute_mixing_matrix(normalized=False)` and its nominal
assortativity NetworkX's `attribute_assortativity_coefficient`. These files
pin both on two classic organisational data sets with their real attributes
(Krackhardt's high-tech managers: level and department; Lazega's law firm:
status, gender, office, practice, law school). The data files are never
copied into the repository, only values derived from them. The Rust test
`crates/ona-core/tests/it/ona_groups.rs` reads the same raw files from
`shared/data` (beside the repository) and compares; it checks E-I indices
and brokerage there against its own brute-force loops (NetworkX has
neither).

What: per network (relation) and attribute, the mixing matrix of tie counts
with the attribute's distinct values as rows and columns in the order of
`values` (rows: groups of tie sources; undirected ties counted in both
orientations, as NetworkX does) and the assortativity coefficient. Every
node has every attribute here, so NetworkX's `None` group never arises.

How: from the repository root, with the data at ../shared/data (or pass
--data DIR), NetworkX 3.6.x:

    /work/venv-golden/bin/python scripts/groups_oracle.py      # a few seconds

Deterministic: re-running rewrites identical files.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import networkx as nx
from networkx.algorithms.assortativity.correlation import attribute_ac

KRACK = "classic/krackhardt"
LAZEGA = "classic/lazega"

# name -> (source file, format, directed)
NETWORKS = {
    "krackhardt": [
        ("advice", f"{KRACK}/Krack-High-Tec-edgelist-Advice.txt", "ego_alter_tie", True),
        ("friendship", f"{KRACK}/Krack-High-Tec-edgelist-Friendship.txt", "ego_alter_tie", True),
    ],
    "lazega": [
        ("advice", f"{LAZEGA}/ELadv.dat", "matrix", True),
        ("friendship", f"{LAZEGA}/ELfriend.dat", "matrix", True),
        ("cowork", f"{LAZEGA}/ELwork.dat", "matrix", False),
    ],
}

# Krackhardt: a CSV with a header (ID first). Lazega: whitespace columns,
# no header; the first column is the node (its seniority rank), then
# status, gender, office, years, age, practice, law school
# (Lazega_lawyers_data.htm).
LAZEGA_COLUMNS = ["status", "gender", "office", "years", "age", "practice", "school"]
ATTRIBUTES = {
    "krackhardt": (f"{KRACK}/Krack-High-Tec-Attributes.csv", "csv", ["LEVEL", "DEPT"]),
    "lazega": (f"{LAZEGA}/ELattr.dat", "lazega", ["status", "gender", "office", "practice", "school"]),
}


def read_ego_alter_tie(path: Path) -> tuple[list[int], list[tuple[int, int]]]:
    nodes, edges = set(), []
    for line in path.read_text().splitlines():
        tok = line.split()
        if not tok:
            continue
        ego, alter, tie = int(tok[0]), int(tok[1]), int(tok[2])
        nodes.update((ego, alter))
        if tie not in (0, 1):
            raise ValueError(f"{path}: tie value {tie}")
        if tie == 1:
            edges.append((ego, alter))
    return sorted(nodes), edges


def read_matrix(path: Path) -> tuple[list[int], list[tuple[int, int]]]:
    rows = [line.split() for line in path.read_text().splitlines() if line.split()]
    n = len(rows)
    edges = []
    for i, r in enumerate(rows):
        if len(r) != n:
            raise ValueError(f"{path}: row {i + 1} has {len(r)} entries, expected {n}")
        for j, x in enumerate(r):
            if x not in ("0", "1"):
                raise ValueError(f"{path}: entry ({i + 1}, {j + 1}) is {x!r}")
            if x == "1":
                edges.append((i + 1, j + 1))
    return list(range(1, n + 1)), edges


def read_attributes(path: Path, fmt: str) -> dict[int, dict[str, str]]:
    out = {}
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    if fmt == "csv":
        header = lines[0].split(",")
        for line in lines[1:]:
            row = dict(zip(header, line.split(",")))
            out[int(row["ID"])] = row
    else:
        for line in lines:
            tok = line.split()
            out[int(tok[0])] = dict(zip(LAZEGA_COLUMNS, tok[1:]))
    return out


def value_key(v: str):
    """Numeric order for numeric codes, text order otherwise."""
    try:
        return (0, float(v), v)
    except ValueError:
        return (1, 0.0, v)


def oracle(name: str, data: Path) -> dict:
    attr_file, attr_fmt, attr_names = ATTRIBUTES[name]
    attrs = read_attributes(data / attr_file, attr_fmt)
    networks = []
    for relation, source, fmt, directed in NETWORKS[name]:
        nodes, edges = (read_ego_alter_tie if fmt == "ego_alter_tie" else read_matrix)(data / source)
        G = nx.DiGraph() if directed else nx.Graph()
        G.add_nodes_from(nodes)
        G.add_edges_from(edges)
        if set(G) != set(attrs):
            raise ValueError(f"{name}/{relation}: nodes and attribute rows differ")
        cases = []
        for a in attr_names:
            nx.set_node_attributes(G, {v: attrs[v][a] for v in G}, a)
            values = sorted({attrs[v][a] for v in G}, key=value_key)
            mapping = {v: i for i, v in enumerate(values)}
            m = nx.attribute_mixing_matrix(G, a, mapping=mapping, normalized=False)
            # NetworkX's own call orders the groups by set iteration, which
            # moves with PYTHONHASHSEED (last-bit changes); the same
            # computation (`attribute_ac`) on the sorted matrix is stable.
            r = float(attribute_ac(m / m.sum()))
            r_nx = nx.attribute_assortativity_coefficient(G, a)
            if abs(r - r_nx) > 1e-13:
                raise ValueError(f"{name}/{relation}/{a}: {r} != NetworkX's {r_nx}")
            cases.append(
                {
                    "attribute": a,
                    "values": values,
                    "mixing_counts": [[int(x) for x in row] for row in m.tolist()],
                    "assortativity": r,
                }
            )
        networks.append(
            {
                "relation": relation,
                "source": source,
                "format": fmt,
                "directed": directed,
                "node_count": G.number_of_nodes(),
                "edge_count": G.number_of_edges(),
                "self_loops": nx.number_of_selfloops(G),
                "cases": cases,
            }
        )
    return {
        "name": name,
        "generator": f"scripts/groups_oracle.py, NetworkX {nx.__version__}",
        "attributes": {"source": attr_file, "format": attr_fmt},
        "tolerance": 1e-9,
        "networks": networks,
    }


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=root.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=root / "testdata" / "ona")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in NETWORKS:
        doc = oracle(name, args.data)
        path = args.out / f"groups_{name}.json"
        text = json.dumps(doc, indent=1)
        # One line per list of numbers or strings (matrix rows, values).
        text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]", lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
        path.write_text(text + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
