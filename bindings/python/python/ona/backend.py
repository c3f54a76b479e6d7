"""The ``ona`` NetworkX backend: ``nx.pagerank(G, backend="ona")`` runs on ona.

Installed with the package through two entry points (``pyproject.toml``)::

    [project.entry-points."networkx.backends"]
    ona = "ona.backend:BackendInterface"
    [project.entry-points."networkx.backend_info"]
    ona = "ona.backend:get_info"

Use it per call (``backend="ona"``) or for every call, with NetworkX running what
ona cannot::

    NETWORKX_BACKEND_PRIORITY=ona NETWORKX_FALLBACK_TO_NX=True python app.py

or ``nx.config.backend_priority.algos = ["ona"]`` in code. The dispatcher converts
the NetworkX graph once (cached on the graph in ``G.__networkx_cache__``), calls the
function here of the same name, and returns NetworkX's own types.

* :func:`can_run` says *whether* ona gives NetworkX's answer for these arguments:
  it declines multigraphs (except where parallel edges cannot change the answer),
  callables as weights, sampled betweenness (``k=``), partial ``nstart`` dicts,
  inputs NetworkX itself rejects (so NetworkX raises its own error), and the null
  graph. A weight attribute holding non-numbers, NaN, or negative values is only
  seen during conversion; that raises :class:`NotImplementedError`, which the
  dispatcher also treats as "fall back".
* :func:`should_run` says whether ona is *worth it*: it declines graphs below
  ``nx.config.backends.ona.min_edges`` edges (default 300), where converting costs
  more than it saves, and linear-time functions (degree centrality, component
  counts) on graphs not yet converted.

Backend-only keyword arguments: ``progress=`` (a callable or tqdm instance) and
``timeout=`` (seconds), e.g. ``nx.betweenness_centrality(G, backend="ona", timeout=60)``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily by __getattr__ below
    from ._nx_interface import BackendInterface, OnaGraph, can_run, convert_from_nx, convert_to_nx, should_run

__all__ = [
    "DEFAULT_MIN_EDGES",
    "FUNCTIONS",
    "BackendInterface",
    "OnaGraph",
    "can_run",
    "convert_from_nx",
    "convert_to_nx",
    "get_info",
    "should_run",
]

#: Graphs with fewer edges stay on NetworkX unless the caller asks for ona
#: (``backend="ona"``): at this size converting costs more than it saves.
DEFAULT_MIN_EDGES = 300

#: The NetworkX functions the backend implements (tests check this against the
#: registry in ``ona._nx_algorithms``; kept literal so ``get_info`` imports nothing).
FUNCTIONS = (
    "all_pairs_shortest_path_length",
    "average_clustering",
    "betweenness_centrality",
    "bidirectional_shortest_path",
    "closeness_centrality",
    "clustering",
    "connected_components",
    "core_number",
    "degree_centrality",
    "dijkstra_path_length",
    "edge_betweenness_centrality",
    "ego_graph",
    "eigenvector_centrality",
    "harmonic_centrality",
    "has_path",
    "hits",
    "in_degree_centrality",
    "is_connected",
    "is_strongly_connected",
    "is_weakly_connected",
    "katz_centrality",
    "label_propagation_communities",
    "louvain_communities",
    "louvain_partitions",
    "modularity",
    "node_connected_component",
    "number_connected_components",
    "number_strongly_connected_components",
    "number_weakly_connected_components",
    "out_degree_centrality",
    "pagerank",
    "shortest_path",
    "shortest_path_length",
    "single_source_dijkstra_path_length",
    "single_source_shortest_path_length",
    "strongly_connected_components",
    "transitivity",
    "triangles",
    "weakly_connected_components",
)

_LAZY = {"BackendInterface", "OnaGraph", "can_run", "convert_from_nx", "convert_to_nx", "on_start_tests", "should_run"}


def __getattr__(name: str) -> Any:
    """The interface itself is imported on first use (NetworkX loads it at the first dispatch)."""
    if name in _LAZY:
        from . import _nx_interface

        return getattr(_nx_interface, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def get_info() -> dict[str, Any]:
    """Metadata for NetworkX's docs and config (the ``networkx.backend_info`` entry point)."""
    extra = {
        "progress": "callable (phase, done, total) or tqdm instance: called while ona runs",
        "timeout": "float: seconds after which ona stops and raises ona.Timeout",
    }
    doc = "Runs on ona (parallel Rust); arguments ona cannot honour exactly fall back to NetworkX."
    return {
        "backend_name": "ona",
        "project": "ona",
        "package": "ona",
        "url": "https://example.invalid/ona",
        "short_summary": "Parallel Rust graph analytics (CSR, rayon) with NetworkX semantics.",
        "default_config": {"min_edges": DEFAULT_MIN_EDGES},
        "functions": {name: {"additional_docs": doc, "additional_parameters": dict(extra)} for name in FUNCTIONS},
    }
