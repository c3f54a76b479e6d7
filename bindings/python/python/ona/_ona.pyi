# Type stubs of the `ona._ona` extension (checked by `python -m mypy.stubtest ona._ona`).
import os
import pathlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, TypeAlias, TypedDict, final

import numpy as np
import numpy.typing as npt

__all__ = [
    "Graph",
    "Engine",
    "Tenant",
    "ResultCache",
    "Neo4j",
    "KafkaProducer",
    "KafkaWorker",
    "create_kafka_topic",
    "read_kafka_topic",
    "get_num_threads",
    "set_num_threads",
    "_test_panic",
    "_test_sleep",
    "_test_raise",
    "pagerank",
    "betweenness_centrality",
    "approximate_betweenness_centrality",
    "edge_betweenness_centrality",
    "closeness_centrality",
    "harmonic_centrality",
    "eigenvector_centrality",
    "katz_centrality",
    "hits",
    "degree",
    "in_degree",
    "out_degree",
    "degree_centrality",
    "in_degree_centrality",
    "out_degree_centrality",
    "triangles",
    "clustering",
    "average_clustering",
    "transitivity",
    "core_number",
    "connected_components",
    "weakly_connected_components",
    "strongly_connected_components",
    "number_connected_components",
    "number_weakly_connected_components",
    "number_strongly_connected_components",
    "louvain_communities",
    "louvain_partitions",
    "leiden_communities",
    "asyn_lpa_communities",
    "label_propagation_communities",
    "modularity",
    "partition_quality",
    "community_graph",
    "normalized_mutual_information",
    "adjusted_rand_index",
    "variation_of_information",
    "shortest_path_length",
    "shortest_path",
    "single_source_shortest_path_length",
    "single_source_dijkstra_path_length",
    "bfs_distances",
    "k_hop",
    "ego_graph",
    "read_snapshot",
    "read_edges",
    "write_results",
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
]

class _ProgressBar(Protocol):
    total: Any
    def update(self, n: int = ..., /) -> Any: ...

_NodeId: TypeAlias = int | str | np.integer[Any]
#: ``node_ids()``: int64 (uint64 for ids above 2**63 - 1) array, or list of str.
_NodeIds: TypeAlias = npt.NDArray[np.int64] | npt.NDArray[np.uint64] | list[str]
_Progress: TypeAlias = Callable[[str, int, int], object] | _ProgressBar | None
#: Edge-column inputs: numpy arrays, sequences, pandas Series, Arrow arrays.
_Column: TypeAlias = npt.ArrayLike | Sequence[int] | Sequence[str] | Any
#: A per-node vector: a dict keyed by node id, or values in node order.
_PerNode: TypeAlias = Mapping[Any, float] | npt.ArrayLike | Sequence[float]
_Weight: TypeAlias = str | bool | None
_F64Array: TypeAlias = npt.NDArray[np.float64]
_I64Array: TypeAlias = npt.NDArray[np.int64]

@final
class Graph:
    @staticmethod
    def from_edges(
        src: _Column,
        dst: _Column,
        weight: _Column | None = None,
        directed: bool = False,
        *,
        duplicates: Literal["sum", "max", "first", "error"] = "sum",
        self_loops: Literal["keep", "drop", "error"] = "keep",
        nodes: _Column | None = None,
        num_nodes: int | None = None,
        progress: _Progress = None,
        timeout: float | None = None,
    ) -> Graph: ...
    @staticmethod
    def from_pandas_edgelist(
        df: Any,
        source: str = "source",
        target: str = "target",
        edge_attr: str | bool | None = None,
        directed: bool = False,
        *,
        duplicates: Literal["sum", "max", "first", "error"] = "sum",
        self_loops: Literal["keep", "drop", "error"] = "keep",
        nodes: _Column | None = None,
    ) -> Graph: ...
    @staticmethod
    def from_arrow(
        table: Any,
        source: str = "source",
        target: str = "target",
        weight: str | None = None,
        directed: bool = False,
        *,
        duplicates: Literal["sum", "max", "first", "error"] = "sum",
        self_loops: Literal["keep", "drop", "error"] = "keep",
        nodes: _Column | None = None,
    ) -> Graph: ...
    def node_ids(self) -> _NodeIds: ...
    def number_of_nodes(self) -> int: ...
    def number_of_edges(self) -> int: ...
    def number_of_selfloops(self) -> int: ...
    def is_directed(self) -> bool: ...
    def is_weighted(self) -> bool: ...
    @property
    def weight_name(self) -> str: ...
    @property
    def version(self) -> int | None: ...
    def index_of(self, id: _NodeId) -> int: ...
    def id_of(self, index: int) -> int | str: ...
    def to_csr(self) -> tuple[_I64Array, _I64Array, _F64Array | None]: ...
    def write_snapshot(
        self, path: str | os.PathLike[str], *, progress: _Progress = None, timeout: float | None = None
    ) -> int: ...
    def memory_bytes(self) -> int: ...
    def __len__(self) -> int: ...
    def __contains__(self, key: object, /) -> bool: ...

_Path: TypeAlias = str | os.PathLike[str]
#: ``duplicates=`` and ``self_loops=`` policies.
_Duplicates: TypeAlias = Literal["sum", "max", "first", "error"]
_SelfLoops: TypeAlias = Literal["keep", "drop", "error"]

# ---------------------------------------------------------------- engine
_Tier: TypeAlias = Literal["demo", "basic", "professional", "enterprise"]
#: ``op=``: one name for every row, names per row, or uint8 codes 0 / 1 / 2.
_Ops: TypeAlias = Literal["add", "remove", "set"] | Sequence[str] | npt.ArrayLike
#: ``apply_events`` / ``import_edges``: version, applied, skipped, new_nodes.
_Applied: TypeAlias = dict[str, int]
#: ``pagerank`` / ``betweenness``: scores, graph, version, exact, error_bound.
_Stamped: TypeAlias = dict[str, Any]

@final
class Engine:
    @staticmethod
    def open(path: _Path, *, threads: int = 0, background_compaction: bool = True) -> Engine: ...
    def tenant(self, id: str, tier: _Tier) -> Tenant: ...
    def get_tenant(self, id: str) -> Tenant: ...
    def tenants(self) -> list[tuple[str, str]]: ...
    def snapshot(self) -> int: ...
    def memory_report(self) -> list[dict[str, Any]]: ...
    def wait_for_compactions(self) -> None: ...
    def metrics_text(self) -> str: ...
    @property
    def path(self) -> pathlib.Path: ...

@final
class Tenant:
    @property
    def id(self) -> str: ...
    @property
    def tier(self) -> str: ...
    def limits(self) -> dict[str, int | float | None]: ...
    def memory_bytes(self) -> int: ...
    def graphs(self) -> list[str]: ...
    def create_graph(self, name: str, directed: bool = True) -> None: ...
    def apply_events(
        self,
        graph: str,
        src: _Column,
        dst: _Column,
        weight: _Column | None = None,
        ts: _Column | None = None,
        op: _Ops | None = None,
        event_id: _Column | None = None,
        *,
        source: str | None = None,
        partition: int = 0,
        offset: int | None = None,
    ) -> _Applied: ...
    def import_edges(
        self,
        graph: str,
        src: _Column,
        dst: _Column,
        weight: _Column | None = None,
        ts: _Column | None = None,
        op: _Ops | None = None,
        event_id: _Column | None = None,
        *,
        source: str | None = None,
        partition: int = 0,
        offset: int | None = None,
    ) -> _Applied: ...
    def graph(self, name: str, window: tuple[int, int] | None = None) -> Graph: ...
    def rolling(self, name: str, *, end: int, width: int, step: int, count: int) -> list[Graph]: ...
    def version(self, name: str) -> int: ...
    def stats(self, name: str) -> dict[str, Any]: ...
    def pagerank(self, name: str, alpha: float = 0.85, tol: float = 1e-06, max_iter: int = 100) -> _Stamped: ...
    def betweenness(
        self,
        name: str,
        mode: Literal["auto", "exact", "approximate"] = "auto",
        epsilon: float = 0.01,
        delta: float = 0.1,
    ) -> _Stamped: ...
    def estimate(self, name: str, algorithm: str, *, k: int = 2, samples: int | None = None) -> dict[str, Any]: ...
    def offsets(self, name: str) -> list[tuple[str, int, int]]: ...
    def compact(self, name: str) -> None: ...
    def snapshot(self) -> int: ...

def read_snapshot(path: _Path, *, progress: _Progress = None, timeout: float | None = None) -> Graph: ...
def read_edges(
    path: _Path,
    nodes: _Path | None = None,
    directed: bool = False,
    source: str | None = None,
    target: str | None = None,
    weight: str | bool | None = None,
    duplicates: _Duplicates = "sum",
    self_loops: _SelfLoops = "keep",
    *,
    node_id: str | None = None,
    progress: _Progress = None,
    timeout: float | None = None,
) -> Graph: ...
def write_results(
    path: _Path,
    graph: Graph,
    columns: Mapping[str, npt.ArrayLike | Sequence[float]],
    *,
    format: Literal["parquet", "arrow", "ipc", "feather", "csv", "tsv"] | None = None,
) -> None: ...
def get_num_threads() -> int: ...
def set_num_threads(n: int) -> None: ...
def _test_panic(place: str) -> None: ...
def _test_raise(code: str) -> None: ...
def _test_sleep(seconds: float, *, progress: _Progress = None, timeout: float | None = None) -> None: ...

# ---------------------------------------------------------------- centrality
def pagerank(
    g: Graph,
    alpha: float = 0.85,
    personalization: _PerNode | None = None,
    max_iter: int = 100,
    tol: float = 1e-06,
    nstart: _PerNode | None = None,
    weight: _Weight = "weight",
    dangling: _PerNode | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def betweenness_centrality(
    g: Graph,
    k: int | None = None,
    normalized: bool = True,
    weight: _Weight = None,
    endpoints: bool = False,
    seed: int | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def approximate_betweenness_centrality(
    g: Graph,
    epsilon: float = 0.01,
    delta: float = 0.1,
    seed: int | None = None,
    weight: _Weight = None,
    max_samples: int | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def edge_betweenness_centrality(
    g: Graph,
    k: int | None = None,
    normalized: bool = True,
    weight: _Weight = None,
    seed: int | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> tuple[_NodeIds, _NodeIds, _F64Array]: ...
def closeness_centrality(
    g: Graph,
    u: _NodeId | None = None,
    distance: _Weight = None,
    wf_improved: bool = True,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> Any: ...
def harmonic_centrality(
    g: Graph,
    nbunch: None = None,
    distance: _Weight = None,
    sources: Iterable[_NodeId] | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def eigenvector_centrality(
    g: Graph,
    max_iter: int = 100,
    tol: float = 1e-06,
    nstart: _PerNode | None = None,
    weight: _Weight = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def katz_centrality(
    g: Graph,
    alpha: float = 0.1,
    beta: float | _PerNode = 1.0,
    max_iter: int = 1000,
    tol: float = 1e-06,
    nstart: _PerNode | None = None,
    normalized: bool = True,
    weight: _Weight = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def hits(
    g: Graph,
    max_iter: int = 100,
    tol: float = 1e-08,
    nstart: _PerNode | None = None,
    normalized: bool = True,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> tuple[_F64Array, _F64Array]: ...
def degree(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def in_degree(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def out_degree(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def degree_centrality(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def in_degree_centrality(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def out_degree_centrality(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...

# ---------------------------------------------------------------- structure
def triangles(
    g: Graph, nodes: Iterable[_NodeId] | None = None, *, progress: _Progress = None, timeout: float | None = None
) -> _I64Array: ...
def clustering(
    g: Graph,
    nodes: Iterable[_NodeId] | None = None,
    weight: _Weight = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def average_clustering(
    g: Graph,
    nodes: Iterable[_NodeId] | None = None,
    weight: _Weight = None,
    count_zeros: bool = True,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> float: ...
def transitivity(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> float: ...
def core_number(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _I64Array: ...
def connected_components(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _I64Array: ...
def weakly_connected_components(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _I64Array: ...
def strongly_connected_components(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _I64Array: ...
def number_connected_components(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> int: ...
def number_weakly_connected_components(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> int: ...
def number_strongly_connected_components(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> int: ...

# ---------------------------------------------------------------- paths
def shortest_path_length(
    g: Graph,
    source: _NodeId | None = None,
    target: _NodeId | None = None,
    weight: _Weight = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> Any: ...
def shortest_path(
    g: Graph,
    source: _NodeId | None = None,
    target: _NodeId | None = None,
    weight: _Weight = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> list[Any]: ...
def single_source_shortest_path_length(
    g: Graph, source: _NodeId, cutoff: float | None = None, *, progress: _Progress = None, timeout: float | None = None
) -> _F64Array: ...
def single_source_dijkstra_path_length(
    g: Graph,
    source: _NodeId,
    cutoff: float | None = None,
    weight: _Weight = "weight",
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def bfs_distances(
    g: Graph,
    source: _NodeId,
    cutoff: int | None = None,
    direction: Literal["out", "in", "both"] = "out",
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _I64Array: ...
def k_hop(
    g: Graph,
    source: _NodeId,
    k: int,
    direction: Literal["out", "in", "both"] = "out",
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> tuple[_NodeIds, _I64Array]: ...
def ego_graph(
    g: Graph,
    n: _NodeId,
    radius: float = 1.0,
    center: bool = True,
    undirected: bool = False,
    distance: _Weight = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> Graph: ...

# ---------------------------------------------------------------- communities
#: A partition: labels in node order, or an iterable of node-id sets.
_Communities: TypeAlias = npt.ArrayLike | Iterable[Iterable[Any]]

def louvain_communities(
    g: Graph,
    weight: _Weight = "weight",
    resolution: float = 1.0,
    threshold: float = 1e-07,
    max_level: int | None = None,
    seed: int | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _I64Array: ...
def louvain_partitions(
    g: Graph,
    weight: _Weight = "weight",
    resolution: float = 1.0,
    threshold: float = 1e-07,
    seed: int | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> list[_I64Array]: ...
def leiden_communities(
    g: Graph,
    weight: _Weight = "weight",
    resolution: float = 1.0,
    beta: float = 0.01,
    n_iterations: int = 2,
    objective: Literal["modularity", "cpm", "CPM"] = "modularity",
    initial_membership: npt.ArrayLike | None = None,
    seed: int | None = None,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _I64Array: ...
def asyn_lpa_communities(
    g: Graph,
    weight: _Weight = None,
    seed: int | None = None,
    max_sweeps: int = 100,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _I64Array: ...
def label_propagation_communities(
    g: Graph, max_rounds: int = 1000, *, progress: _Progress = None, timeout: float | None = None
) -> _I64Array: ...
def modularity(
    g: Graph,
    communities: _Communities,
    weight: _Weight = "weight",
    resolution: float = 1.0,
    *,
    progress: _Progress = None,
    timeout: float | None = None,
) -> float: ...
def partition_quality(
    g: Graph, partition: _Communities, *, progress: _Progress = None, timeout: float | None = None
) -> tuple[float, float]: ...
def community_graph(
    g: Graph, partition: _Communities, *, progress: _Progress = None, timeout: float | None = None
) -> Graph: ...
def normalized_mutual_information(a: npt.ArrayLike, b: npt.ArrayLike) -> float: ...
def adjusted_rand_index(a: npt.ArrayLike, b: npt.ArrayLike) -> float: ...
def variation_of_information(a: npt.ArrayLike, b: npt.ArrayLike) -> float: ...

# ---------------------------------------------------------------- ONA layer
#: ``groups=``: a node attribute name, or per-node values (dict by node id, or node order).
_Groups: TypeAlias = str | Mapping[Any, object] | Sequence[object] | npt.ArrayLike
_Direction: TypeAlias = Literal["both", "out", "in"]

class _StructuralHoles(TypedDict):
    constraint: _F64Array
    effective_size: _F64Array
    efficiency: _F64Array
    hierarchy: _F64Array

class _EiIndex(TypedDict):
    node: _F64Array
    node_external: _F64Array
    node_internal: _F64Array
    groups: list[str]
    group: _F64Array
    group_external: _F64Array
    group_internal: _F64Array
    network: float
    network_external: float
    network_internal: float

class _GroupMixing(TypedDict):
    groups: list[str]
    sizes: _I64Array
    counts: npt.NDArray[np.int64]
    weights: npt.NDArray[np.float64]
    density: npt.NDArray[np.float64]

class _Brokerage(TypedDict):
    total: _I64Array
    coordinator: _I64Array
    itinerant: _I64Array
    representative: _I64Array
    gatekeeper: _I64Array
    liaison: _I64Array

def with_node_attribute(g: Graph, name: str, values: Mapping[Any, object] | Sequence[object] | npt.ArrayLike) -> Graph: ...
def node_attribute(g: Graph, name: str) -> list[str | None]: ...
def node_attribute_names(g: Graph) -> list[str]: ...
def constraint(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def effective_size(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def efficiency(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def hierarchy(g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def structural_holes(
    g: Graph, weight: _Weight = None, *, progress: _Progress = None, timeout: float | None = None
) -> _StructuralHoles: ...
def reciprocity(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _F64Array: ...
def overall_reciprocity(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> float: ...
def bridges(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> tuple[_NodeIds, _NodeIds]: ...
def articulation_points(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _NodeIds: ...
def cut_off(g: Graph, *, progress: _Progress = None, timeout: float | None = None) -> _I64Array: ...
def ei_index(
    g: Graph,
    groups: _Groups,
    *,
    direction: _Direction = "both",
    weight: _Weight = None,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _EiIndex: ...
def cross_group_share(
    g: Graph,
    groups: _Groups,
    *,
    direction: _Direction = "both",
    weight: _Weight = None,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _F64Array: ...
def group_mixing(g: Graph, groups: _Groups, *, progress: _Progress = None, timeout: float | None = None) -> _GroupMixing: ...
def attribute_assortativity_coefficient(
    g: Graph, groups: _Groups, *, progress: _Progress = None, timeout: float | None = None
) -> float: ...
def brokerage(g: Graph, groups: _Groups, *, progress: _Progress = None, timeout: float | None = None) -> _Brokerage: ...
def spring_layout(
    g: Graph,
    k: float | None = None,
    iterations: int = 50,
    threshold: float = 0.0001,
    weight: _Weight = "weight",
    seed: int = 0,
    *,
    theta: float = 0.9,
    progress: _Progress = None,
    timeout: float | None = None,
) -> npt.NDArray[np.float64]: ...

class _Ties(TypedDict):
    u: _NodeIds
    v: _NodeIds
    weight: _F64Array
    overlap: _F64Array
    score: _F64Array
    kind: list[Literal["strong", "diverse", "other"]]
    strong_weight: float

class _TieProfile(TypedDict):
    strong: _I64Array
    diverse: _I64Array
    diverse_share: _F64Array

class _EgoSummaries(TypedDict, total=False):
    size: _I64Array
    ties_among_alters: _I64Array
    density: _F64Array
    strength: _F64Array
    groups_reached: _I64Array

class _GroupOverload(TypedDict):
    size: int
    total: float
    top_share: float
    gini: float
    top: _NodeIds
    suppressed: bool
    suppressed_reason: str | None

class _Overload(TypedDict):
    load: _F64Array
    network: _GroupOverload
    group_names: list[str]
    groups: list[_GroupOverload]

def ties(
    g: Graph,
    *,
    strong_weight_quantile: float = 0.5,
    embedded_overlap: float = 0.1,
    weight: _Weight = "weight",
    progress: _Progress = None,
    timeout: float | None = None,
) -> _Ties: ...
def tie_profile(
    g: Graph,
    *,
    strong_weight_quantile: float = 0.5,
    embedded_overlap: float = 0.1,
    weight: _Weight = "weight",
    progress: _Progress = None,
    timeout: float | None = None,
) -> _TieProfile: ...
def two_step_reach(
    g: Graph, *, direction: _Direction = "out", progress: _Progress = None, timeout: float | None = None
) -> _I64Array: ...
def reach_share(
    g: Graph, *, direction: _Direction = "out", progress: _Progress = None, timeout: float | None = None
) -> _F64Array: ...
def ego_summaries(
    g: Graph, groups: _Groups | None = None, *, weight: _Weight = "weight", progress: _Progress = None, timeout: float | None = None
) -> _EgoSummaries: ...
def collaboration_overload(
    g: Graph,
    groups: _Groups,
    *,
    top_fraction: float = 0.1,
    top_people: int = 3,
    weight: _Weight = "weight",
    min_group_size: int = 5,
    progress: _Progress = None,
    timeout: float | None = None,
) -> _Overload: ...
def gini(values: Sequence[float] | npt.ArrayLike) -> float: ...
def pseudonymize(g: Graph, key: bytes) -> list[str]: ...

# ---------------------------------------------------------------- redis cache
_CacheMetric: TypeAlias = Literal["degree", "pagerank", "betweenness"]

@final
class ResultCache:
    def __new__(cls, url: str, ttl_s: int = 3600) -> ResultCache: ...
    def metric(self, tenant: Tenant, graph: str, metric: _CacheMetric) -> dict[str, Any]: ...
    def warm(self, tenant: Tenant, graph: str, metrics: Sequence[_CacheMetric]) -> dict[str, int]: ...
    def graph_metric(self, tenant: str, graph_name: str, version: int, graph: Graph, metric: _CacheMetric) -> dict[str, Any]: ...
    def warm_graph(self, tenant: str, graph_name: str, version: int, graph: Graph, metrics: Sequence[_CacheMetric]) -> int: ...
    def current(self, tenant: str, graph_name: str) -> int | None: ...
    def published(self, tenant: str, graph_name: str, metric: _CacheMetric) -> dict[str, Any] | None: ...
    def purge_tenant(self, tenant: str) -> int: ...
    def stats(self) -> dict[str, int]: ...

# ---------------------------------------------------------------- neo4j
#: A Cypher parameter / value: None, bool, int, float, str, lists and dicts of them.
_Cypher: TypeAlias = Any

class _Projection(TypedDict):
    graph: Graph
    version: int
    version_key: str
    node_rows: int
    relationship_rows: int
    max_timestamp: int | None

class _WriteReport(TypedDict):
    rows: int
    batches: int
    seconds: float

@final
class Neo4j:
    def __new__(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        fetch_size: int = 10000,
        max_connections: int = 2,
    ) -> Neo4j: ...
    def project(
        self,
        nodes: str,
        relationships: str,
        params: Mapping[str, _Cypher] | None = None,
        directed: bool = True,
        *,
        duplicates: Literal["sum", "max", "first", "error"] = "sum",
        self_loops: Literal["keep", "drop", "error"] = "keep",
    ) -> _Projection: ...
    def write(
        self,
        graph: Graph,
        property: str,
        values: npt.ArrayLike | Sequence[float],
        *,
        label: str = "Person",
        id_key: str = "id",
        batch_size: int = 10000,
    ) -> _WriteReport: ...
    def run(self, cypher: str, params: Mapping[str, _Cypher] | None = None) -> None: ...
    def rows(self, cypher: str, params: Mapping[str, _Cypher] | None = None) -> list[dict[str, Any]]: ...
    @property
    def uri(self) -> str: ...

# ---------------------------------------------------------------- kafka
class _EdgeEvent(TypedDict, total=False):
    tenant: str
    graph: str
    src: str
    dst: str
    id: int
    weight: float
    ts: int
    op: Literal["add", "set", "remove"]

class _KafkaRecord(TypedDict):
    partition: int
    offset: int
    key: bytes | None
    payload: bytes
    headers: dict[str, str]

class _WorkerStats(TypedDict):
    messages: int
    applied: int
    skipped: int
    dead_letters: int
    checkpoints: int
    rebalances: int

class _WorkerRun(_WorkerStats):
    busy_seconds: float

class _Warmed(TypedDict):
    versions: int
    stored: int
    failed: int
    last_error: str | None

def create_kafka_topic(brokers: str, topic: str, partitions: int) -> int: ...
def read_kafka_topic(brokers: str, topic: str) -> list[_KafkaRecord]: ...
@final
class KafkaProducer:
    def __new__(cls, brokers: str, topic: str) -> KafkaProducer: ...
    def send(self, events: Iterable[Mapping[str, Any]]) -> int: ...
    def send_raw(self, key: bytes | str, payload: bytes | str, partition: int | None = None) -> None: ...
    def flush(self) -> None: ...
    @property
    def topic(self) -> str: ...

@final
class KafkaWorker:
    def __new__(
        cls,
        brokers: str,
        topic: str,
        group: str,
        snapshots: _Path,
        tier: Literal["demo", "basic", "professional", "enterprise"] = "enterprise",
        redis: str | None = None,
        warm: Sequence[_CacheMetric] = ("degree", "pagerank"),
        *,
        max_batch: int = 20000,
        snapshot_every: int = 200000,
        snapshot_interval_s: float = 1.0,
        session_timeout_s: float = 6.0,
    ) -> KafkaWorker: ...
    def run(self, idle_s: float | None = None, max_s: float | None = None) -> _WorkerRun: ...
    def stop(self) -> None: ...
    def stats(self) -> _WorkerStats: ...
    def warmed(self) -> _Warmed | None: ...
    def partitions(self) -> list[int]: ...
    @property
    def snapshots(self) -> pathlib.Path: ...

@final
class MetricPack:
    @property
    def people(self) -> dict[str, Any]: ...
    @property
    def groups(self) -> dict[str, Any] | None: ...
    @property
    def suppressed_groups(self) -> list[str]: ...
    @property
    def meta(self) -> dict[str, Any]: ...
    def evidence(self, id: _NodeId) -> list[dict[str, Any]]: ...
    def to_numpy(self) -> dict[str, npt.NDArray[Any]]: ...
    def to_arrow(self, table: Literal["people", "groups"] = "people") -> Any: ...
    def to_parquet(self, path: _Path, groups_path: _Path | None = None) -> None: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...
    def __len__(self) -> int: ...

def metric_pack(
    g: Graph,
    groups: _Groups | None = None,
    *,
    exact_betweenness_max_nodes: int | None = None,
    betweenness_epsilon: float | None = None,
    betweenness_delta: float | None = None,
    min_group_size: int = 5,
    seed: int = 0,
    progress: _Progress = None,
    timeout: float | None = None,
) -> MetricPack: ...

@final
class TemporalDiff:
    @property
    def directed(self) -> bool: ...
    @property
    def summary(self) -> dict[str, int | float]: ...
    @property
    def joined(self) -> list[_NodeId]: ...
    @property
    def left(self) -> list[_NodeId]: ...
    @property
    def formed(self) -> dict[str, Any]: ...
    @property
    def lost(self) -> dict[str, Any]: ...
    @property
    def reweighted(self) -> dict[str, Any]: ...
    @property
    def stayed(self) -> _NodeIds: ...
    @property
    def metrics(self) -> dict[str, dict[str, _F64Array]]: ...
    def top_changes(self, metric: str, k: int = 10) -> dict[str, list[dict[str, Any]]]: ...
    @property
    def roles(self) -> dict[str, dict[str, Any]] | None: ...
    @property
    def communities_before(self) -> _I64Array: ...
    @property
    def communities_after(self) -> _I64Array: ...
    @property
    def drift(self) -> dict[str, Any]: ...

def temporal_diff(
    before: Graph,
    after: Graph,
    *,
    group_by: str | None = None,
    pack: bool = False,
    weight: _Weight = "weight",
    weight_tolerance: float = 0.0,
    min_share: float = 0.25,
    min_jaccard: float = 0.0,
    min_group_size: int = 5,
    seed: int = 0,
    progress: _Progress = None,
    timeout: float | None = None,
) -> TemporalDiff: ...
def simplify_for_view(
    g: Graph,
    scores: Literal["pagerank", "betweenness", "degree"] | Sequence[float] | npt.ArrayLike | Mapping[Any, float] | None = None,
    communities: Sequence[int] | npt.ArrayLike | Iterable[Iterable[_NodeId]] | None = None,
    *,
    max_nodes: int = 5000,
    seed: int = 0,
    iterations: int = 50,
    weight: _Weight = "weight",
    theta: float = 0.9,
    progress: _Progress = None,
    timeout: float | None = None,
) -> dict[str, Any]: ...
def suppressed_groups(g: Graph, groups: _Groups, min_group_size: int = 5) -> list[str]: ...
def group_sizes(g: Graph, groups: _Groups) -> dict[str, int]: ...
