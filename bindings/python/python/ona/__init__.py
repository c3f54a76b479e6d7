"""ona: embedded graph analytics on a parallel Rust core, with NetworkX's names.

    >>> import numpy as np, ona
    >>> g = ona.Graph.from_edges(np.array([0, 1, 2]), np.array([1, 2, 0]))
    >>> ona.pagerank(g).round(3).tolist()
    [0.333, 0.333, 0.333]

Per-node results are numpy arrays aligned with ``g.node_ids()``. Every heavy
call releases the GIL, stops on Ctrl-C / Celery soft time limits, and takes
``progress=`` (a callable ``(phase, done, total)`` or a tqdm bar) and
``timeout=`` (seconds). Errors: see :mod:`ona.errors`.

Files: ``read_edges`` (CSV / Parquet / Arrow IPC edge tables),
``read_snapshot`` / ``Graph.write_snapshot`` (checksummed binary snapshots)
and ``write_results`` (per-node results as Parquet / Arrow IPC / CSV).

Engine: ``ona.Engine.open(path)`` holds many tenants' versioned graphs under
one directory (tier limits, streaming ingest idempotent by event id and
source offset, time windows, snapshots); ``Tenant.graph(name)`` is an
``ona.Graph`` (with ``.version``) that every function here takes.

Adapters (real servers): ``ona.ResultCache`` (metrics in Redis by graph
version), ``ona.Neo4j`` (project a graph with Cypher, write results back as
node properties), ``ona.KafkaProducer`` / ``ona.KafkaWorker`` (edge events
through a consumer group into per-partition engines, exactly once, warming
the cache) and ``ona.create_kafka_topic`` / ``ona.read_kafka_topic``.

ONA (organisational network analysis): ``constraint``, ``effective_size``,
``reciprocity``, ``bridges``, ``articulation_points``, ``ei_index``,
``group_mixing``, ``brokerage``, ``ties``, ``collaboration_overload``, ...
and ``metric_pack`` (every measure plus Cross & Parker roles, as an Arrow
table). ``groups=`` takes a node attribute name (``with_node_attribute``,
or a node table of ``read_edges``) or per-node values; an unknown name is
``ona.UnknownAttribute`` (a ``KeyError``).

Threads: one pool per process, built on first use with ``ONA_NUM_THREADS``
threads (default: every core) and rebuilt in a forked child (Celery prefork);
``set_num_threads`` changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping

import numpy as np

from . import errors
from ._ona import (
    Engine,
    Graph,
    KafkaProducer,
    KafkaWorker,
    Neo4j,
    ResultCache,
    create_kafka_topic,
    read_kafka_topic,
    Tenant,
    adjusted_rand_index,
    approximate_betweenness_centrality,
    asyn_lpa_communities,
    community_graph,
    label_propagation_communities,
    leiden_communities,
    louvain_communities,
    louvain_partitions,
    modularity,
    normalized_mutual_information,
    partition_quality,
    variation_of_information,
    average_clustering,
    betweenness_centrality,
    bfs_distances,
    closeness_centrality,
    connected_components,
    core_number,
    degree,
    degree_centrality,
    edge_betweenness_centrality,
    ego_graph,
    eigenvector_centrality,
    get_num_threads,
    harmonic_centrality,
    hits,
    in_degree,
    in_degree_centrality,
    k_hop,
    katz_centrality,
    number_connected_components,
    number_strongly_connected_components,
    number_weakly_connected_components,
    out_degree,
    out_degree_centrality,
    pagerank,
    read_edges,
    read_snapshot,
    set_num_threads,
    shortest_path,
    shortest_path_length,
    single_source_dijkstra_path_length,
    single_source_shortest_path_length,
    strongly_connected_components,
    transitivity,
    triangles,
    clustering,
    weakly_connected_components,
    write_results,
)
from ._ona import (  # the ONA layer
    with_node_attribute,
    node_attribute,
    node_attribute_names,
    constraint,
    effective_size,
    efficiency,
    hierarchy,
    structural_holes,
    reciprocity,
    overall_reciprocity,
    bridges,
    articulation_points,
    cut_off,
    ei_index,
    cross_group_share,
    group_mixing,
    attribute_assortativity_coefficient,
    brokerage,
    spring_layout,
    ties,
    tie_profile,
    two_step_reach,
    reach_share,
    ego_summaries,
    collaboration_overload,
    gini,
    pseudonymize,
    MetricPack,
    metric_pack,
    TemporalDiff,
    temporal_diff,
    simplify_for_view,
    suppressed_groups,
    group_sizes,
)
from .errors import (
    Cancelled,
    ConflictError,
    CorruptSnapshotError,
    DuplicateEdge,
    EmptyGraph,
    InternalError,
    InvalidEvent,
    InvalidInput,
    InvalidName,
    InvalidParameter,
    InvalidTable,
    InvalidType,
    InvalidWeight,
    LengthMismatch,
    QueryError,
    LimitExceeded,
    NodeNotFound,
    NoPath,
    NotConverged,
    NotFound,
    OnaError,
    OnaOSError,
    SelfLoopError,
    ThreadPoolError,
    Timeout,
    UnknownGraph,
    UnknownTenant,
    Unsupported,
    UnsupportedVersionError,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

__all__ = [
    "Engine",
    "Graph",
    "KafkaProducer",
    "KafkaWorker",
    "Neo4j",
    "ResultCache",
    "create_kafka_topic",
    "read_kafka_topic",
    "Tenant",
    "adjusted_rand_index",
    "asyn_lpa_communities",
    "community_graph",
    "label_propagation_communities",
    "leiden_communities",
    "louvain_communities",
    "louvain_partitions",
    "modularity",
    "normalized_mutual_information",
    "partition_quality",
    "variation_of_information",
    "approximate_betweenness_centrality",
    "average_clustering",
    "betweenness_centrality",
    "bfs_distances",
    "closeness_centrality",
    "clustering",
    "components_to_sets",
    "connected_components",
    "core_number",
    "degree",
    "degree_centrality",
    "edge_betweenness_centrality",
    "ego_graph",
    "eigenvector_centrality",
    "errors",
    "get_num_threads",
    "harmonic_centrality",
    "hits",
    "in_degree",
    "in_degree_centrality",
    "k_hop",
    "katz_centrality",
    "number_connected_components",
    "number_strongly_connected_components",
    "number_weakly_connected_components",
    "out_degree",
    "out_degree_centrality",
    "pagerank",
    "read_edges",
    "read_snapshot",
    "set_num_threads",
    "shortest_path",
    "shortest_path_length",
    "single_source_dijkstra_path_length",
    "single_source_shortest_path_length",
    "strongly_connected_components",
    "to_arrow",
    "to_dict",
    "to_pandas",
    "transitivity",
    "triangles",
    "weakly_connected_components",
    "write_results",
    # ONA layer
    "with_node_attribute",
    "node_attribute",
    "node_attribute_names",
    "constraint",
    "effective_size",
    "efficiency",
    "hierarchy",
    "structural_holes",
    "reciprocity",
    "overall_reciprocity",
    "bridges",
    "articulation_points",
    "cut_off",
    "ei_index",
    "cross_group_share",
    "group_mixing",
    "attribute_assortativity_coefficient",
    "brokerage",
    "spring_layout",
    "ties",
    "tie_profile",
    "two_step_reach",
    "reach_share",
    "ego_summaries",
    "collaboration_overload",
    "gini",
    "pseudonymize",
    "MetricPack",
    "metric_pack",
    "TemporalDiff",
    "temporal_diff",
    "simplify_for_view",
    "suppressed_groups",
    "group_sizes",
    "UnknownAttribute",
    # errors
    "Cancelled",
    "ConflictError",
    "CorruptSnapshotError",
    "DuplicateEdge",
    "EmptyGraph",
    "InternalError",
    "InvalidEvent",
    "InvalidInput",
    "InvalidName",
    "InvalidParameter",
    "InvalidTable",
    "InvalidType",
    "InvalidWeight",
    "LengthMismatch",
    "LimitExceeded",
    "NoPath",
    "NodeNotFound",
    "NotConverged",
    "NotFound",
    "OnaError",
    "OnaOSError",
    "QueryError",
    "SelfLoopError",
    "ThreadPoolError",
    "Timeout",
    "UnknownGraph",
    "UnknownTenant",
    "Unsupported",
    "UnsupportedVersionError",
]


class UnknownAttribute(NotFound):
    """The graph has no node attribute of this name (``groups=``,
    ``node_attribute``); ``attribute`` names it. A ``KeyError``."""

    code = "ONA_NOT_FOUND"
    attribute: str | None = None


def components_to_sets(g: Graph, labels: np.ndarray) -> list[set[Any]]:
    """Turn a label array (``connected_components`` & co.) into NetworkX's
    list of node-id sets, in label order (largest first is *not* implied)."""
    ids = g.node_ids()
    labels = np.asarray(labels)
    if len(labels) != g.number_of_nodes():
        raise LengthMismatch(f"expected {g.number_of_nodes()} labels, got {len(labels)}")
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    ids_arr = np.asarray(ids, dtype=object) if isinstance(ids, list) else ids
    return [set(np.asarray(ids_arr)[chunk].tolist()) for chunk in np.split(order, bounds)] if len(order) else []


def _columns(g: Graph, metrics: Mapping[str, Any]) -> dict[str, Any]:
    n = g.number_of_nodes()
    cols: dict[str, Any] = {"id": g.node_ids()}
    for name, values in metrics.items():
        if name == "id":
            raise InvalidParameter("'id' is reserved for the node id column")
        arr = np.asarray(values)
        if arr.ndim != 1 or len(arr) != n:
            raise LengthMismatch(f"metric {name!r}: expected one value per node ({n}), got shape {arr.shape}")
        cols[name] = arr
    return cols


def to_arrow(g: Graph, metrics: Mapping[str, Any]) -> pyarrow.Table:
    """A pyarrow Table with an ``id`` column (the node ids) and one column per
    metric (arrays aligned with ``g.node_ids()``). Needs pyarrow."""
    try:
        import pyarrow as pa
    except ImportError as e:  # pragma: no cover
        raise ImportError("ona.to_arrow needs pyarrow: pip install pyarrow") from e
    return pa.table(_columns(g, metrics))


def to_pandas(g: Graph, metrics: Mapping[str, Any], index: bool = True) -> pandas.DataFrame:
    """A pandas DataFrame of the metrics, indexed by node id (or with an
    ``id`` column when ``index=False``). Needs pandas."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover
        raise ImportError("ona.to_pandas needs pandas: pip install pandas") from e
    df = pd.DataFrame(_columns(g, metrics))
    return df.set_index("id") if index else df


def to_dict(g: Graph, values: Any) -> dict[Any, Any]:
    """A per-node array as NetworkX's ``{node_id: value}`` dict."""
    ids = g.node_ids()
    keys = ids if isinstance(ids, list) else ids.tolist()
    return dict(zip(keys, np.asarray(values).tolist()))
