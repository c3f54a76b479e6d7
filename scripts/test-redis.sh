#!/usr/bin/env bash
# Redis adapter suite (issue 9): start the shared Redis if it is not up (scripts/servers.sh,
# Debian's redis-server on a free loopback port), load its address into the environment, and
# run crates/ona-redis's unit, doc and integration tests. The outage, breaker and fallback
# tests start, kill, pause and restart their OWN redis-server processes on free ports, so the
# shared server is never stopped. It is left running; stop it with `scripts/servers.sh stop redis`.
#
#   scripts/test-redis.sh            # all ona-redis tests
#   scripts/test-redis.sh outage     # extra args go to the test binaries (a name filter)
#   ONA_REDIS_BENCH=1 scripts/test-redis.sh   # also the cache hit latency example (release)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/servers.sh start redis
# shellcheck source=/dev/null
. "${ONA_SERVERS_DIR:-target/servers}/env.sh"
export ONA_REDIS_URL

echo "== cargo test -p ona-redis (shared Redis at $ONA_REDIS_URL)"
cargo test --locked -p ona-redis -- "$@"

if [ "${ONA_REDIS_BENCH:-0}" = 1 ]; then
  echo "== cache hit latency (loopback, release)"
  cargo run --release -p ona-redis --example cache_hit_latency
fi
