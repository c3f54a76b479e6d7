"""Input from pyarrow, pandas and polars (through the Arrow PyCapsule interface,
no pyarrow import inside ona), string ids, and results out as Arrow / pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import ona

SRC = [3, 1, 2, 7]
DST = [1, 2, 3, 3]
W = [1.0, 2.0, 0.5, 4.0]


def _reference() -> ona.Graph:
    return ona.Graph.from_edges(np.array(SRC), np.array(DST), np.array(W))


def _same(g: ona.Graph, ref: ona.Graph) -> None:
    assert g.node_ids().tolist() == ref.node_ids().tolist()
    for a, b in zip(g.to_csr(), ref.to_csr()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", [pa.int64(), pa.int32(), pa.uint32(), pa.uint64(), pa.int16(), pa.uint8()])
def test_pyarrow_integer_arrays(dtype: pa.DataType) -> None:
    g = ona.Graph.from_edges(pa.array(SRC, dtype), pa.array(DST, dtype), pa.array(W, pa.float64()))
    _same(g, _reference())


def test_pyarrow_chunked_and_sliced() -> None:
    src = pa.chunked_array([pa.array(SRC[:1]), pa.array(SRC[1:])])
    dst = pa.chunked_array([pa.array(DST[:3]), pa.array(DST[3:]), pa.array([], pa.int64())])
    w = pa.chunked_array([pa.array(W, pa.float32())])
    _same(ona.Graph.from_edges(src, dst, w), _reference())
    # A slice has a non-zero offset into its buffers.
    long_src = pa.array([99] + SRC + [98])[1:5]
    long_dst = pa.array([97] + DST)[1:]
    _same(ona.Graph.from_edges(long_src, long_dst, pa.array(W)), _reference())


def test_pyarrow_table() -> None:
    t = pa.table({"a": SRC, "b": DST, "w": W, "other": ["x"] * 4})
    g = ona.Graph.from_arrow(t, source="a", target="b", weight="w")
    _same(g, _reference())
    assert g.weight_name == "w"
    assert ona.pagerank(g, weight="w").tolist() == ona.pagerank(g, weight="weight").tolist()
    batches = pa.RecordBatchReader.from_batches(t.schema, t.to_batches(max_chunksize=3))
    _same(ona.Graph.from_arrow(batches, source="a", target="b", weight="w"), _reference())
    with pytest.raises(ona.InvalidParameter, match="not in the table"):
        ona.Graph.from_arrow(t, source="nope", target="b")


@pytest.mark.parametrize("string_type", [pa.string(), pa.large_string(), pa.string_view()])
def test_string_ids(string_type: pa.DataType) -> None:
    src = pa.array(["ann", "bob", "cy"], string_type)
    dst = pa.array(["bob", "cy", "ann"], string_type)
    g = ona.Graph.from_edges(src, dst, directed=True)
    # String ids keep their order of first appearance (src, dst interleaved by row).
    assert g.node_ids() == ["ann", "bob", "cy"]
    assert g.index_of("cy") == 2 and g.id_of(1) == "bob"
    pr = ona.pagerank(g)
    np.testing.assert_allclose(pr, [1 / 3] * 3)
    with pytest.raises(ona.NodeNotFound):
        g.index_of(0)


def test_python_string_lists_and_nodes_argument() -> None:
    g = ona.Graph.from_edges(["b", "a"], ["c", "c"], nodes=["z", "a"])
    assert g.node_ids() == ["z", "a", "b", "c"]  # nodes first, then edge rows
    assert ona.degree(g).tolist() == [0.0, 1.0, 1.0, 2.0]


def test_dictionary_encoded_ids() -> None:
    src = pa.array(["x", "y", "x"]).dictionary_encode()
    dst = pa.array(["y", "z", "z"]).dictionary_encode()
    g = ona.Graph.from_edges(src, dst)
    assert g.node_ids() == ["x", "y", "z"] and g.number_of_edges() == 3


def test_nulls_are_refused() -> None:
    with pytest.raises(ona.InvalidParameter, match="null"):
        ona.Graph.from_edges(pa.array([1, None, 2]), pa.array([2, 3, 1]))


def test_float_ids_are_refused() -> None:
    with pytest.raises(ona.InvalidType):
        ona.Graph.from_edges(pa.array([1.0, 2.0]), pa.array([2.0, 3.0]))


def test_pandas_edgelist() -> None:
    df = pd.DataFrame({"source": SRC, "target": DST, "weight": W})
    g = ona.Graph.from_pandas_edgelist(df, edge_attr="weight")
    _same(g, _reference())
    g2 = ona.Graph.from_pandas_edgelist(df.rename(columns={"weight": "cost"}), edge_attr="cost")
    assert g2.weight_name == "cost"
    np.testing.assert_array_equal(ona.pagerank(g2, weight="cost"), ona.pagerank(g))
    unweighted = ona.Graph.from_pandas_edgelist(df)
    assert not unweighted.is_weighted()
    # pandas with Arrow-backed and plain string columns.
    names = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"]})
    assert ona.Graph.from_pandas_edgelist(names).node_ids() == ["a", "b", "c"]
    arrow_backed = names.astype("string[pyarrow]")
    assert ona.Graph.from_pandas_edgelist(arrow_backed).node_ids() == ["a", "b", "c"]
    # A DataFrame through the Arrow stream too.
    _same(ona.Graph.from_arrow(df, weight="weight"), _reference())


def test_polars() -> None:
    df = pl.DataFrame({"source": SRC, "target": DST, "weight": W})
    _same(ona.Graph.from_arrow(df, weight="weight"), _reference())
    _same(ona.Graph.from_edges(df["source"], df["target"], df["weight"]), _reference())
    names = pl.DataFrame({"source": ["a", "b"], "target": ["b", "long name beyond twelve bytes"]})
    g = ona.Graph.from_arrow(names)
    assert g.node_ids() == ["a", "b", "long name beyond twelve bytes"]


def test_to_arrow_and_pandas() -> None:
    g = ona.Graph.from_edges(["a", "b", "c"], ["b", "c", "a"])
    pr = ona.pagerank(g)
    cc = ona.connected_components(g)
    t = ona.to_arrow(g, {"pagerank": pr, "component": cc})
    assert isinstance(t, pa.Table)
    assert t.column_names == ["id", "pagerank", "component"]
    assert t.column("id").to_pylist() == ["a", "b", "c"]
    assert t.column("component").type == pa.int64()
    df = ona.to_pandas(g, {"pagerank": pr})
    assert list(df.index) == ["a", "b", "c"] and df["pagerank"].sum() == pytest.approx(1.0)
    # Polars reads the table without a copy through the Arrow interface.
    assert pl.from_arrow(t).shape == (3, 3)
    assert ona.to_dict(g, pr) == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    with pytest.raises(ona.LengthMismatch):
        ona.to_arrow(g, {"bad": np.zeros(5)})


def test_components_to_sets() -> None:
    g = ona.Graph.from_edges([10, 30, 40], [20, 40, 50], nodes=[60])
    labels = ona.connected_components(g)
    assert labels.tolist() == [0, 0, 1, 1, 1, 2]
    assert ona.components_to_sets(g, labels) == [{10, 20}, {30, 40, 50}, {60}]


def test_integer_ids_sorted_and_large() -> None:
    big = 2**63 + 5
    g = ona.Graph.from_edges(np.array([big, 5], dtype=np.uint64), np.array([7, 5], dtype=np.uint64))
    ids = g.node_ids()
    assert ids.dtype == np.uint64 and ids.tolist() == [5, 7, big]
    assert g.index_of(big) == 2 and g.number_of_selfloops() == 1
    small = ona.Graph.from_edges(np.array([9, 3], dtype=np.int8), np.array([3, 1], dtype=np.uint16))
    assert small.node_ids().dtype == np.int64 and small.node_ids().tolist() == [1, 3, 9]


def test_num_nodes_declares_dense_indices() -> None:
    src = np.array([0, 1, 3], dtype=np.int32)
    dst = np.array([1, 2, 0], dtype=np.int32)
    g = ona.Graph.from_edges(src, dst, num_nodes=5)
    assert g.node_ids().tolist() == [0, 1, 2, 3, 4]  # 4 is isolated
    ranked = ona.Graph.from_edges(src, dst, nodes=np.arange(5))
    for a, b in zip(g.to_csr(), ranked.to_csr()):
        np.testing.assert_array_equal(a, b)
    for dtype in (np.int64, np.uint32, np.uint64, np.int16):
        g2 = ona.Graph.from_edges(src.astype(dtype), dst.astype(dtype), num_nodes=5)
        np.testing.assert_array_equal(g2.to_csr()[1], g.to_csr()[1])
    with pytest.raises(ona.NodeNotFound):  # an index >= num_nodes
        ona.Graph.from_edges(src, dst, num_nodes=3)
    with pytest.raises(ona.InvalidParameter, match="row 1"):
        ona.Graph.from_edges(np.array([0, -1], dtype=np.int32), np.array([1, 0], dtype=np.int32), num_nodes=3)
    with pytest.raises(ona.InvalidParameter):
        ona.Graph.from_edges(["a"], ["b"], num_nodes=2)


def test_int32_columns_are_ranked_like_int64() -> None:
    src = np.array([30, 10, 20], dtype=np.int32)
    dst = np.array([10, 20, 40], dtype=np.int32)
    a = ona.Graph.from_edges(src, dst)
    b = ona.Graph.from_edges(src.astype(np.int64), dst.astype(np.int64))
    assert a.node_ids().tolist() == b.node_ids().tolist() == [10, 20, 30, 40]
    with pytest.raises(ona.InvalidParameter, match="row 0"):
        ona.Graph.from_edges(np.array([-3], dtype=np.int32), np.array([1], dtype=np.int32))
