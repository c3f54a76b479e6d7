#!/usr/bin/env bash
# Neo4j adapter suite (issue 9): start the real Neo4j if it is not up (scripts/servers.sh,
# Neo4j 5.26 Community embedded, Bolt on a free loopback port, auth disabled), load its
# address into the environment, and run crates/ona-neo4j's unit, doc and integration tests
# against it. The server is left running (other suites share it); stop it with
# `scripts/servers.sh stop neo4j`.
#
#   scripts/test-neo4j.sh            # all ona-neo4j tests
#   scripts/test-neo4j.sh email      # extra args go to the test binaries (a name filter)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/servers.sh start neo4j
# shellcheck source=/dev/null
. "${ONA_SERVERS_DIR:-target/servers}/env.sh"
export ONA_NEO4J_URI ONA_NEO4J_USER ONA_NEO4J_PASSWORD

echo "== cargo test -p ona-neo4j (Neo4j at $ONA_NEO4J_URI)"
cargo test --locked -p ona-neo4j -- "$@"
