"""``ona.Neo4j`` against a real Neo4j (``ONA_NEO4J_URI``, started by
``scripts/test-python.sh`` / ``scripts/test.sh`` through ``scripts/servers.sh``):
load a small organisation with Cypher, project it, compute on it, write the
results back and read them back exactly; typed errors."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import ona

# A small organisation: 12 people in 3 departments, weighted e-mail ties.
PEOPLE = [{"id": 100 + i, "department": ["sales", "eng", "ops"][i % 3]} for i in range(12)]
LINKS = [
    (100, 101, 3.0, 1_700_000_000),
    (101, 100, 1.5, 1_700_000_100),
    (101, 102, 2.0, 1_700_000_200),
    (102, 103, 0.25, 1_700_000_300),
    (103, 100, 1.0, 1_700_000_400),
    (104, 105, 4.0, 1_700_000_500),
    (105, 106, 2.5, 1_700_000_600),
    (106, 104, 1.0, 1_700_000_700),
    (107, 108, 0.5, 1_700_000_800),
    (108, 109, 1.25, 1_700_000_900),
    (109, 110, 2.0, 1_700_001_000),
    (110, 107, 3.5, 1_700_001_100),
    (103, 107, 0.75, 1_700_001_200),
    (106, 110, 1.0, 1_700_001_300),
    # 111 sends nothing and receives nothing: an isolated person.
]


@pytest.fixture(scope="module")
def neo() -> ona.Neo4j:
    assert os.environ.get("ONA_NEO4J_URI"), "ONA_NEO4J_URI is not set: run scripts/servers.sh start neo4j && . target/servers/env.sh"
    return ona.Neo4j()  # uri, user and password from the environment


@pytest.fixture
def org(neo: ona.Neo4j) -> Iterator[str]:
    """A label of this test alone (the server is shared), loaded with the org."""
    label = f"PyOrg_{os.getpid()}_{time.time_ns()}"
    neo.run(f"UNWIND $people AS p CREATE (:{label} {{id: p.id, department: p.department}})", {"people": PEOPLE})
    links = [{"src": s, "dst": d, "w": w, "ts": ts} for s, d, w, ts in LINKS]
    neo.run(
        f"UNWIND $links AS l MATCH (a:{label} {{id: l.src}}), (b:{label} {{id: l.dst}}) "
        "CREATE (a)-[:EMAILED {weight: l.w, ts: l.ts}]->(b)",
        {"links": links},
    )
    yield label
    neo.run(f"MATCH (n:{label}) DETACH DELETE n")


def queries(label: str) -> tuple[str, str]:
    return (
        f"MATCH (p:{label}) RETURN p.id AS id, p.department AS department ORDER BY p.id",
        f"MATCH (a:{label})-[r:EMAILED]->(b:{label}) RETURN a.id AS src, b.id AS dst, r.weight AS weight, r.ts AS timestamp "
        "ORDER BY src, dst",
    )


def edges_of(g: ona.Graph) -> dict[tuple[Any, Any], float]:
    ids = list(g.node_ids())
    indptr, indices, weights = g.to_csr()
    assert weights is not None
    return {
        (ids[u], ids[int(indices[k])]): float(weights[k]) for u in range(len(ids)) for k in range(indptr[u], indptr[u + 1])
    }


def test_projection_equals_what_was_loaded(neo: ona.Neo4j, org: str) -> None:
    p = neo.project(*queries(org))
    g = p["graph"]
    assert g.is_directed() and g.is_weighted()
    assert list(g.node_ids()) == [x["id"] for x in PEOPLE]  # the isolated person included
    assert edges_of(g) == {(s, d): w for s, d, w, _ in LINKS}
    assert ona.node_attribute(g, "department") == [x["department"] for x in PEOPLE]
    assert (p["node_rows"], p["relationship_rows"]) == (12, len(LINKS))
    assert p["max_timestamp"] == max(ts for *_, ts in LINKS)
    assert re.fullmatch(r"[0-9a-f]{16}", p["version_key"])
    assert g.version == p["version"] and isinstance(p["version"], int)

    # Same data, same version; any change the queries see, a new one.
    assert neo.project(*queries(org))["version"] == p["version"]
    neo.run(f"MATCH (:{org} {{id: 100}})-[r:EMAILED]->(:{org} {{id: 101}}) SET r.weight = 3.5")
    changed = neo.project(*queries(org))
    assert changed["version"] != p["version"] and changed["version_key"] != p["version_key"]
    assert edges_of(changed["graph"])[(100, 101)] == 3.5

    # Parameters reach both queries; undirected projection.
    nodes = f"MATCH (p:{org}) WHERE p.department = $dept RETURN p.id AS id"
    rels = f"MATCH (a:{org})-[r:EMAILED]->(b:{org}) WHERE a.department = $dept AND b.department = $dept RETURN a.id AS src, b.id AS dst"
    eng = neo.project(nodes, rels, {"dept": "eng"}, directed=False)["graph"]
    assert not eng.is_directed() and not eng.is_weighted()
    assert list(eng.node_ids()) == [x["id"] for x in PEOPLE if x["department"] == "eng"]


def test_metrics_written_back_read_back_exactly(neo: ona.Neo4j, org: str) -> None:
    g = neo.project(*queries(org))["graph"]
    pr = ona.pagerank(g, weight="weight")
    rep = neo.write(g, "pagerank", pr, label=org, batch_size=5)
    assert (rep["rows"], rep["batches"]) == (12, 3) and rep["seconds"] > 0
    communities = ona.louvain_communities(g, seed=7)
    assert communities.dtype == np.int64
    assert neo.write(g, "community", communities, label=org)["batches"] == 1

    back = neo.rows(f"MATCH (p:{org}) RETURN p.id AS id, p.pagerank AS pr, p.community AS c ORDER BY id")
    assert [r["id"] for r in back] == list(g.node_ids())
    assert [r["pr"] for r in back] == pr.tolist()  # bit for bit
    assert [r["c"] for r in back] == communities.tolist()
    assert all(isinstance(r["c"], int) for r in back)

    # A plain sequence of floats works too; values of every Cypher type come back.
    neo.write(g, "score", [float(i) / 4 for i in range(12)], label=org)
    row = neo.rows(
        f"MATCH (p:{org} {{id: $id}}) RETURN p.score AS s, [1, 'a', null, true] AS l, {{k: 2.5}} AS m, p.nothing AS n",
        {"id": 103},
    )
    assert row == [{"s": 0.75, "l": [1, "a", None, True], "m": {"k": 2.5}, "n": None}]
    # numpy scalars and arrays as parameters
    got = neo.rows("RETURN $i AS i, $f AS f, $a AS a, $t AS t", {"i": np.int64(3), "f": np.float32(0.5), "a": np.array([1, 2]), "t": (True, "x")})
    assert got == [{"i": 3, "f": 0.5, "a": [1, 2], "t": [True, "x"]}]


def test_errors_are_typed(neo: ona.Neo4j, org: str) -> None:
    nodes, rels = queries(org)
    with pytest.raises(ona.QueryError) as q:
        neo.rows("MATCH (n RETURN n")
    assert isinstance(q.value, ValueError) and q.value.code == "ONA_QUERY"
    assert q.value.query == "MATCH (n RETURN n" and "MATCH (n RETURN n" in str(q.value)
    with pytest.raises(ona.QueryError):
        neo.project("RETURN nope(1) AS id", rels)

    with pytest.raises(ona.InvalidTable) as miss:
        neo.project(f"MATCH (p:{org}) RETURN p.id AS person", rels)
    assert miss.value.code == "ONA_INVALID_TABLE" and miss.value.column == "id"
    assert "person" in str(miss.value)  # the columns found
    with pytest.raises(ona.InvalidTable) as bad:
        neo.project(f"MATCH (p:{org}) RETURN CASE WHEN p.id = 105 THEN 1.5 ELSE p.id END AS id ORDER BY p.id", rels)
    assert (bad.value.column, bad.value.row) == ("id", 5)
    with pytest.raises(ona.InvalidTable) as dup:
        neo.project(f"MATCH (p:{org}) RETURN 7 AS id", rels)
    assert dup.value.row == 1

    g = neo.project(nodes, rels)["graph"]
    with pytest.raises(ona.LengthMismatch):
        neo.write(g, "pagerank", [1.0, 2.0], label=org)
    with pytest.raises(ona.InvalidParameter):
        neo.write(g, "page rank", np.zeros(12), label=org)
    with pytest.raises(ona.InvalidParameter):
        neo.write(g, "score", np.full(12, -1, dtype=np.int64), label=org)  # labels are non-negative
    stranger = ona.Graph.from_edges([100, 999], [101, 100], directed=True)
    with pytest.raises(ona.NotFound) as nf:
        neo.write(stranger, "pagerank", [0.5, 0.5, 0.5], label=org)
    assert isinstance(nf.value, KeyError) and nf.value.code == "ONA_NOT_FOUND"
    assert neo.rows(f"MATCH (p:{org}) WHERE p.pagerank IS NOT NULL RETURN count(p) AS c") == [{"c": 0}]  # rolled back

    with pytest.raises(ona.InvalidType):
        neo.run("RETURN $x", {"x": object()})
    with pytest.raises(ona.OnaOSError) as down:
        ona.Neo4j("bolt://127.0.0.1:1")  # nothing listens there
    assert isinstance(down.value, OSError) and down.value.code == "ONA_IO"
