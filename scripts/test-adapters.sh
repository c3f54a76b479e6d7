#!/usr/bin/env bash
# Adapter suites against real servers on loopback (issue 9): Redis, Neo4j, Kafka. Each
# suite starts its server through scripts/servers.sh (installing Redis from Debian,
# Kafka and Neo4j from Maven Central into ~/.cache/ona-servers on first use) and runs
# its crate's tests. The servers this script started are stopped when it ends, pass or
# fail (ONA_KEEP_SERVERS=1 keeps them for a rerun). Cold, on 2 cores: most of the time
# is compiling neo4rs, redis and librdkafka (rdkafka's bundled C build).
set -euo pipefail
cd "$(dirname "$0")/.."

started=()
for s in redis neo4j kafka; do
    scripts/servers.sh status "$s" 2>/dev/null | grep -q running || started+=("$s")
done
stop() {
    if [ "${ONA_KEEP_SERVERS:-0}" != 1 ]; then
        for s in "${started[@]}"; do scripts/servers.sh stop "$s" || true; done
    fi
}
trap stop EXIT

echo "== redis"
scripts/test-redis.sh
echo "== neo4j"
scripts/test-neo4j.sh
echo "== kafka"
scripts/test-kafka.sh
echo "adapter suites: ok"
