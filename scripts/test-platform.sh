#!/usr/bin/env bash
# The seed's platform in miniature, end to end (examples/platform/miniature.py):
# Neo4j -> projection -> metrics -> Redis; Kafka events -> worker -> new version
# -> new cache key; the Node example server serving Redis, read by a Python
# client; every value checked. Needs the Python package and the Node addon
# built (scripts/test-python.sh and scripts/test-node.sh run first in
# scripts/test.sh); starts the servers unless their env vars are set.
set -euo pipefail
cd "$(dirname "$0")/.."

py=${ONA_TEST_VENV:-target/venv-test}/bin/python
[ -x "$py" ] && "$py" -c 'import ona' 2>/dev/null || { echo "build the Python package first: scripts/test-python.sh" >&2; exit 1; }
[ -f bindings/node/dist/index.js ] || { echo "build the Node addon first: scripts/test-node.sh" >&2; exit 1; }
if [ -z "${ONA_REDIS_URL:-}" ] || [ -z "${ONA_KAFKA_BROKERS:-}" ] || [ -z "${ONA_NEO4J_URI:-}" ]; then
  scripts/servers.sh start all
  # shellcheck source=/dev/null
  . "${ONA_SERVERS_DIR:-target/servers}/env.sh"
fi
"$py" examples/platform/miniature.py
