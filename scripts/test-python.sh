#!/usr/bin/env bash
# Python suite (issue 3): build the `ona` package into the test venv, then pytest over
# bindings/python/tests, mypy.stubtest over the extension's stubs, and NetworkX's own
# tests against the ona backend. Needs python3 (3.10+), pip and cargo; everything else
# is installed here. About 6-8 minutes from a clean clone on 2 cores (most of it the
# release build of the extension).
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
VIRTUAL_ENV="$(cd "$venv" && pwd)" "$venv/bin/maturin" develop --release --quiet \
  --manifest-path bindings/python/Cargo.toml

echo "== redis for ona.ResultCache's tests (scripts/servers.sh, unless ONA_REDIS_URL is set)"
if [ -z "${ONA_REDIS_URL:-}" ]; then
  scripts/servers.sh start redis
  # shellcheck source=/dev/null
  . "${ONA_SERVERS_DIR:-target/servers}/env.sh"
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
