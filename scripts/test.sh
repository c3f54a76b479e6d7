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

echo "== rust: unit, integration, doc tests (all library and tool crates)"
cargo test --locked

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

echo "== adapters against real servers: Redis, Neo4j, Kafka"
scripts/test-adapters.sh
