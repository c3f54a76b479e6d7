#!/usr/bin/env bash
# NetworkX's own tests for every function the ona backend implements, run against
# the backend (NetworkX's backend test mode: each dispatchable call converts its
# graphs to ona and runs ona.backend's function; calls ona cannot run fall back to
# NetworkX, as `can_run` decides). Prints pytest's pass/skip/xfail/fail counts.
#
#   bindings/python/scripts/nx_backend_tests.sh [python] [extra pytest args...]
#
# `python` (default python3) must have ona installed (maturin develop or a wheel),
# networkx>=3.4, scipy, numpy and pytest. About a minute on 2 cores.
set -euo pipefail
PY=${1:-python3}
shift || true

nx_dir=$("$PY" -c 'import networkx, os; print(os.path.dirname(networkx.__file__))')
"$PY" -c 'import networkx as nx, sys; sys.exit(0 if "ona" in nx.utils.backends.backends else "ona is not registered as a NetworkX backend: install the package first")'

modules=(
  algorithms/link_analysis/tests/test_pagerank.py
  algorithms/link_analysis/tests/test_hits.py
  algorithms/centrality/tests/test_betweenness_centrality.py
  algorithms/centrality/tests/test_closeness_centrality.py
  algorithms/centrality/tests/test_harmonic_centrality.py
  algorithms/centrality/tests/test_eigenvector_centrality.py
  algorithms/centrality/tests/test_katz_centrality.py
  algorithms/centrality/tests/test_degree_centrality.py
  algorithms/tests/test_core.py
  algorithms/tests/test_cluster.py
  algorithms/components/tests/test_connected.py
  algorithms/components/tests/test_weakly_connected.py
  algorithms/components/tests/test_strongly_connected.py
  algorithms/shortest_paths/tests/test_generic.py
  algorithms/shortest_paths/tests/test_unweighted.py
  algorithms/shortest_paths/tests/test_weighted.py
  generators/tests/test_ego.py
  algorithms/community/tests/test_louvain.py
  algorithms/community/tests/test_quality.py
  algorithms/community/tests/test_label_propagation.py
)
paths=()
for m in "${modules[@]}"; do
  [[ -f "$nx_dir/$m" ]] && paths+=("networkx/$m")
done

# ONA_NX_BACKEND_STATS=1 makes the backend count the calls it ran (printed at exit).
cd "$nx_dir/.."
NETWORKX_TEST_BACKEND=ona NETWORKX_FALLBACK_TO_NX=True ONA_NX_BACKEND_STATS=1 \
  "$PY" -m pytest -p no:cacheprovider -q -r fE --no-header "${paths[@]}" "$@"
