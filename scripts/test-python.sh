#!/usr/bin/env bash
# Python suite (issue 3): build the `ona` package into the test venv, then pytest over
# bindings/python/tests, mypy.stubtest over the extension's stubs, and NetworkX's own
# tests against the ona backend. Needs python3 (3.10+), pip and cargo; everything else
# is installed here. The adapters' tests run against real Redis, Neo4j and Kafka
# servers (started below unless their variables are set). About 8-10 minutes from a
# clean clone on 2 cores (most of it the release build of the extension, librdkafka
# included).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${ONA_TEST_VENV:-target/venv-test}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# Absolute, so that ONA_TEST_VENV may be an absolute path too.
py="$(cd "$venv" && pwd)/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check -r bindings/python/requirements-test.txt

echo "== build and install ona (maturin, release)"
# `maturin develop` installs the extension in place (editable: python/ona is used
# directly), building with the workspace's target/ so later runs are incremental.
# `--target <host>`: the same target directory as the Node addon's `napi build --platform`
# (target/<host>/release), so the two release builds share ona's crates, arrow, parquet and
# librdkafka instead of compiling them twice.
host="$(rustc -vV | sed -n 's/^host: //p')"
VIRTUAL_ENV="$(cd "$venv" && pwd)" "$venv/bin/maturin" develop --release --quiet --target "$host" \
  --manifest-path bindings/python/Cargo.toml

echo "== servers for the adapters' tests (scripts/servers.sh): redis (ona.ResultCache), neo4j (ona.Neo4j), kafka (ona.KafkaWorker)"
# Each one is started unless its variable is set (ONA_REDIS_URL, ONA_NEO4J_URI,
# ONA_KAFKA_BROKERS); `start` leaves a server that is already up alone.
started=""
[ -n "${ONA_REDIS_URL:-}" ] || started="$started redis"
[ -n "${ONA_NEO4J_URI:-}" ] || started="$started neo4j"
[ -n "${ONA_KAFKA_BROKERS:-}" ] || started="$started kafka"
for name in $started; do
  scripts/servers.sh start "$name"
done
if [ -n "$started" ]; then
  # Only the variables of the servers just started: the others keep what the caller set.
  env_file="${ONA_SERVERS_DIR:-target/servers}/env.sh"
  for name in $started; do
    case "$name" in
      redis) pattern='ONA_REDIS_' ;;
      neo4j) pattern='ONA_NEO4J_' ;;
      kafka) pattern='ONA_KAFKA_' ;;
    esac
    # shellcheck source=/dev/null
    . <(grep "^export $pattern" "$env_file")
  done
fi

echo "== pytest bindings/python/tests"
# Run from the tests directory so `import ona` is the installed package.
(cd bindings/python/tests && "$py" -m pytest -p no:cacheprovider -q --timeout 600 .)

echo "== stubtest: ona/_ona.pyi against the compiled module"
"$py" -m mypy.stubtest ona._ona --mypy-config-file bindings/python/mypy.ini

if [ -x bindings/python/scripts/nx_backend_tests.sh ]; then
  echo "== NetworkX's own tests against the ona backend"
  bindings/python/scripts/nx_backend_tests.sh "$py"
fi
