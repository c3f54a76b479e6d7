#!/usr/bin/env bash
# Installs what the test suites need and runs all of them. This is the README's test
# command, and .ci/run calls exactly this. Needs ../shared beside the checkout (real
# networks for the oracle tests).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== toolchain"
command -v cargo >/dev/null || { echo "cargo not found: install Rust (rustup) first" >&2; exit 1; }
cargo --version
python3 --version

echo "== python test dependencies (a venv under target/)"
venv=target/venv-test
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-test.txt

echo "== golden cases are what NetworkX computes (regenerated and compared)"
"$venv/bin/python" scripts/golden.py --check

echo "== servers for the adapter tests: Redis, Neo4j, Kafka (scripts/servers.sh, stopped at exit)"
# Started before the one cargo test below, so the adapters compile together with every
# other crate (one feature resolution: a separate `cargo test -p ona-redis` rebuilt arrow,
# parquet and ona-core for itself). ONA_KEEP_SERVERS=1 leaves them running.
started=()
for s in redis neo4j kafka; do
    scripts/servers.sh status "$s" 2>/dev/null | grep -q running || started+=("$s")
done
stop_servers() {
    if [ "${ONA_KEEP_SERVERS:-0}" != 1 ]; then
        for s in "${started[@]}"; do scripts/servers.sh stop "$s" >/dev/null 2>&1 || true; done
    fi
}
trap stop_servers EXIT
scripts/servers.sh start all
# shellcheck source=/dev/null
. "${ONA_SERVERS_DIR:-target/servers}/env.sh"

echo "== rust: unit, integration, doc tests (every crate but the bindings; adapters against the real servers)"
# ona-cli with feature `redis` (and so `kafka`): `ona produce`/`ona worker --redis` end to end.
cargo test --locked --workspace --exclude ona-python --exclude ona-node --features ona-cli/redis

echo "== ona-store: the one unsafe module under Miri (nightly toolchain with miri)"
if ! cargo +nightly miri --version >/dev/null 2>&1; then
    rustup toolchain install nightly --profile minimal --component miri,rust-src
fi
scripts/miri.sh

echo "== ona-store: kill -9 during snapshot publishing, latest version must open whole"
scripts/crash-publish.sh 200

echo "== ona report: rendered in headless Chromium (no console errors, non-blank screenshot)"
scripts/test-report.sh

echo "== python package: build, pytest, NetworkX backend tests"
scripts/test-python.sh

echo "== node addon: build, node:test, tsc"
scripts/test-node.sh

echo "== the platform in miniature: Neo4j, Kafka, Redis, the Node gateway and a Python client (examples/platform)"
scripts/test-platform.sh
