#!/usr/bin/env bash
# Node suite (issue 4): installs the package's dev dependencies from the lockfile,
# builds the addon (release) and the TypeScript facade, runs the node:test suite
# (golden cases, error codes, cancellation, event-loop latency, the example
# server, and the adapters — ResultCache, Neo4j, KafkaProducer — against real
# Redis, Neo4j and Kafka) and type-checks a usage file against the shipped
# declarations. Needs Node >= 20.17 and npm; nothing global. The servers are
# started with scripts/servers.sh unless ONA_REDIS_URL, ONA_NEO4J_URI and
# ONA_KAFKA_BROKERS are already set (servers already up are left alone).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/bindings/node"

command -v node >/dev/null || { echo "node not found: install Node.js 20 or newer" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm not found" >&2; exit 1; }
echo "node $(node --version), npm $(npm --version)"

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== build: napi build --release, tsc"
npm run --silent build

echo "== redis, neo4j and kafka for the adapter tests (scripts/servers.sh, unless set)"
need=()
[ -n "${ONA_REDIS_URL:-}" ] || need+=(redis)
[ -n "${ONA_NEO4J_URI:-}" ] || need+=(neo4j)
[ -n "${ONA_KAFKA_BROKERS:-}" ] || need+=(kafka)
for s in "${need[@]}"; do "$root/scripts/servers.sh" start "$s"; done
if [ "${#need[@]}" -gt 0 ]; then
  # Only the variables of the servers started here; those given are kept.
  keep_redis=${ONA_REDIS_URL:-} keep_neo4j=${ONA_NEO4J_URI:-} keep_kafka=${ONA_KAFKA_BROKERS:-}
  keep_user=${ONA_NEO4J_USER:-} keep_password=${ONA_NEO4J_PASSWORD:-}
  # shellcheck source=/dev/null
  . "${ONA_SERVERS_DIR:-$root/target/servers}/env.sh"
  [ -z "$keep_redis" ] || export ONA_REDIS_URL="$keep_redis"
  [ -z "$keep_neo4j" ] || export ONA_NEO4J_URI="$keep_neo4j" ONA_NEO4J_USER="$keep_user" ONA_NEO4J_PASSWORD="$keep_password"
  [ -z "$keep_kafka" ] || export ONA_KAFKA_BROKERS="$keep_kafka"
fi

echo "== node:test"
node --test --test-concurrency=1 --test-reporter=spec test/

echo "== tsc --noEmit --strict on test/usage.ts"
npx tsc --noEmit --strict -p test/tsconfig.json
echo "node suite: ok"
