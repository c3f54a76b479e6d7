"""Files: snapshots (read_snapshot / Graph.write_snapshot), edge tables
(read_edges: CSV, Parquet, Arrow IPC) and result tables (write_results)."""

from __future__ import annotations

import os
import pathlib
import struct

import numpy as np
import pytest

import ona

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
feather = pytest.importorskip("pyarrow.feather")

SRC = ["ana", "bo", "cy", "bo", "dee", "eve", "ana"]
DST = ["bo", "cy", "dee", "dee", "eve", "eve", "bo"]
W = [1.0, 2.0, 0.5, 1.5, 3.0, 1.0, 2.0]


def same_graph(a: ona.Graph, b: ona.Graph) -> None:
    ids_a, ids_b = a.node_ids(), b.node_ids()
    assert list(ids_a) == list(ids_b)
    assert a.is_directed() == b.is_directed()
    assert a.is_weighted() == b.is_weighted()
    assert a.number_of_edges() == b.number_of_edges()
    assert a.number_of_selfloops() == b.number_of_selfloops()
    for x, y in zip(a.to_csr(), b.to_csr()):
        if x is None or y is None:
            assert x is None and y is None
        else:
            np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("ids", ["str", "int"])
def test_snapshot_round_trip(tmp_path: pathlib.Path, directed: bool, ids: str) -> None:
    number = {name: 7 * i + 3 for i, name in enumerate(sorted(set(SRC + DST)))}
    src = SRC if ids == "str" else [number[s] for s in SRC]
    dst = DST if ids == "str" else [number[s] for s in DST]
    g = ona.Graph.from_edges(src, dst, np.array(W), directed=directed)
    path = tmp_path / "g.ona"
    written = g.write_snapshot(path)
    assert written == path.stat().st_size > 0
    h = ona.read_snapshot(path)
    same_graph(g, h)
    np.testing.assert_array_equal(ona.pagerank(g), ona.pagerank(h))
    # str paths work too, and writing again replaces the file with no leftovers.
    assert g.write_snapshot(str(path)) == written
    assert sorted(os.listdir(tmp_path)) == ["g.ona"]
    same_graph(g, ona.read_snapshot(str(path)))


def test_snapshot_keeps_the_weight_name(tmp_path: pathlib.Path) -> None:
    g = ona.Graph.from_arrow(pa.table({"source": SRC, "target": DST, "msgs": W}), weight="msgs")
    g.write_snapshot(tmp_path / "g.ona")
    h = ona.read_snapshot(tmp_path / "g.ona")
    assert h.weight_name == "msgs"
    np.testing.assert_array_equal(ona.degree(h, weight="msgs"), ona.degree(g, weight="msgs"))


def test_corrupt_snapshots_raise_corrupt_snapshot_error(tmp_path: pathlib.Path) -> None:
    g = ona.Graph.from_edges(SRC, DST, np.array(W))
    good = tmp_path / "g.ona"
    g.write_snapshot(good)
    data = bytearray(good.read_bytes())
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x40
    cases = {"flipped": bytes(flipped), "truncated": bytes(data[:-9]), "empty": b"", "text": b"source,target\na,b\n"}
    for name, blob in cases.items():
        p = tmp_path / f"{name}.ona"
        p.write_bytes(blob)
        with pytest.raises(ona.CorruptSnapshotError) as info:
            ona.read_snapshot(p)
        e = info.value
        assert isinstance(e, ona.InvalidInput) and isinstance(e, ValueError) and isinstance(e, ona.OnaError)
        assert e.code == "ONA_CORRUPT_SNAPSHOT"
        assert "section" in str(e), name
    # A flipped payload byte is caught by that section's checksum.
    with pytest.raises(ona.CorruptSnapshotError, match="checksum"):
        ona.read_snapshot(tmp_path / "flipped.ona")


def test_newer_snapshots_raise_unsupported_version_error(tmp_path: pathlib.Path) -> None:
    g = ona.Graph.from_edges([0, 1], [1, 2])
    p = tmp_path / "g.ona"
    g.write_snapshot(p)
    data = bytearray(p.read_bytes())
    data[12:16] = struct.pack("<I", 7)  # minimum reader version
    p.write_bytes(bytes(data))
    with pytest.raises(ona.UnsupportedVersionError) as info:
        ona.read_snapshot(p)
    assert isinstance(info.value, ValueError)
    assert info.value.code == "ONA_UNSUPPORTED_VERSION"


def test_missing_files_are_os_errors(tmp_path: pathlib.Path) -> None:
    for call in (
        lambda: ona.read_snapshot(tmp_path / "missing.ona"),
        lambda: ona.read_edges(tmp_path / "missing.csv"),
        lambda: ona.Graph.from_edges([0], [1]).write_snapshot(tmp_path / "no" / "such" / "dir.ona"),
    ):
        with pytest.raises(ona.OnaOSError) as info:
            call()
        assert isinstance(info.value, OSError)
        assert info.value.code == "ONA_IO"


def write_table(tmp_path: pathlib.Path, fmt: str, table: pa.Table) -> pathlib.Path:
    if fmt == "parquet":
        p = tmp_path / "edges.parquet"
        pq.write_table(table, p)
    elif fmt == "arrow":
        p = tmp_path / "edges.arrow"
        feather.write_feather(table, p, compression="uncompressed")
    else:
        import pyarrow.csv as pacsv

        p = tmp_path / "edges.csv"
        pacsv.write_csv(table, p)
    return p


@pytest.mark.parametrize("fmt", ["parquet", "arrow", "csv"])
@pytest.mark.parametrize("directed", [False, True])
def test_read_edges_matches_from_edges(tmp_path: pathlib.Path, fmt: str, directed: bool) -> None:
    p = write_table(tmp_path, fmt, pa.table({"source": SRC, "target": DST, "weight": W}))
    g = ona.read_edges(p, directed=directed)
    same_graph(g, ona.Graph.from_edges(SRC, DST, np.array(W), directed=directed))
    unweighted = ona.read_edges(p, directed=directed, weight=False)
    same_graph(unweighted, ona.Graph.from_edges(SRC, DST, directed=directed))


def test_read_edges_integer_ids_and_named_columns(tmp_path: pathlib.Path) -> None:
    src = np.array([5, 3, 9, 3], dtype=np.int64)
    dst = np.array([3, 9, 1, 1], dtype=np.int64)
    w = np.array([1.0, 2.0, 3.0, 4.0])
    p = write_table(tmp_path, "parquet", pa.table({"from_id": src, "to_id": dst, "calls": w, "other": w}))
    g = ona.read_edges(p, source="from_id", target="to_id", weight="calls", duplicates="max")
    same_graph(g, ona.Graph.from_edges(src, dst, w, duplicates="max"))
    assert g.weight_name == "calls"
    np.testing.assert_array_equal(g.node_ids(), [1, 3, 5, 9])


def test_read_edges_node_table_and_policies(tmp_path: pathlib.Path) -> None:
    edges = tmp_path / "e.csv"
    edges.write_text("source,target,weight\na,b,1\nb,a,2\nc,c,1\n")
    nodes = tmp_path / "n.csv"
    nodes.write_text("id,department\nz,ops\na,eng\n")
    g = ona.read_edges(edges, nodes)
    assert g.node_ids() == ["z", "a", "b", "c"]
    assert g.number_of_edges() == 2 and g.number_of_selfloops() == 1
    assert ona.read_edges(edges, self_loops="drop").number_of_selfloops() == 0
    with pytest.raises(ona.DuplicateEdge):
        ona.read_edges(edges, duplicates="error")
    with pytest.raises(ona.SelfLoopError):
        ona.read_edges(edges, self_loops="error")
    with pytest.raises(ona.InvalidParameter):
        ona.read_edges(edges, duplicates="mean")


def test_read_edges_errors_name_row_and_column(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,weight\na,b,1\nb,c,heavy\n")
    with pytest.raises(ona.InvalidTable) as info:
        ona.read_edges(bad)
    msg = str(info.value)
    assert "bad.csv" in msg and "row 1" in msg and "weight" in msg
    assert info.value.code == "ONA_INVALID_TABLE" and isinstance(info.value, ValueError)
    with pytest.raises(ona.InvalidTable, match="nope"):
        ona.read_edges(bad, weight="nope")
    junk = tmp_path / "junk.parquet"
    junk.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(ona.InvalidTable) as info:
        ona.read_edges(junk)
    assert info.value.code == "ONA_TABLE_FORMAT"


@pytest.mark.parametrize("ext", ["parquet", "arrow", "csv"])
def test_write_results(tmp_path: pathlib.Path, ext: str) -> None:
    g = ona.Graph.from_edges(SRC, DST, np.array(W), self_loops="drop")
    pr = ona.pagerank(g)
    core = ona.core_number(g)
    labels = np.arange(g.number_of_nodes(), dtype=np.uint32)
    path = tmp_path / f"r.{ext}"
    ona.write_results(path, g, {"pagerank": pr, "core": core, "label": labels, "listed": [1.5] * len(pr)})
    if ext == "parquet":
        t = pq.read_table(path)
    elif ext == "arrow":
        t = feather.read_table(path)
    else:
        import pyarrow.csv as pacsv

        t = pacsv.read_csv(path)
    assert t.column_names == ["id", "pagerank", "core", "label", "listed"]
    assert t.column("id").to_pylist() == g.node_ids()
    np.testing.assert_allclose(t.column("pagerank").to_numpy(), pr, rtol=0 if ext != "csv" else 1e-15)
    np.testing.assert_array_equal(t.column("core").to_numpy(), core)
    if ext != "csv":
        assert t.schema.field("label").type == pa.uint32()
        assert t.schema.field("pagerank").type == pa.float64()


def test_write_results_errors(tmp_path: pathlib.Path) -> None:
    g = ona.Graph.from_edges([0, 1], [1, 2])
    with pytest.raises(ona.InvalidTable, match="short"):
        ona.write_results(tmp_path / "r.parquet", g, {"short": np.zeros(2)})
    with pytest.raises(ona.InvalidTable):
        ona.write_results(tmp_path / "r.parquet", g, {"id": np.zeros(3)})
    with pytest.raises(ona.InvalidParameter):
        ona.write_results(tmp_path / "r.txt", g, {"x": np.zeros(3)})
    ona.write_results(tmp_path / "r.txt", g, {"x": np.zeros(3)}, format="csv")
    assert (tmp_path / "r.txt").read_text().splitlines()[0] == "id,x"
    with pytest.raises(TypeError):
        ona.write_results(tmp_path / "r.csv", g, [("x", np.zeros(3))])  # type: ignore[arg-type]
