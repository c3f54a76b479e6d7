#!/usr/bin/env bash
# Node suite (issue 4): installs the package's dev dependencies from the lockfile,
# builds the addon (release) and the TypeScript facade, runs the node:test suite
# (golden cases, error codes, cancellation, event-loop latency, the example
# server) and type-checks a usage file against the shipped declarations.
# Needs Node >= 20.17 and npm; nothing global.
set -euo pipefail
cd "$(dirname "$0")/../bindings/node"

command -v node >/dev/null || { echo "node not found: install Node.js 20 or newer" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm not found" >&2; exit 1; }
echo "node $(node --version), npm $(npm --version)"

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== build: napi build --release, tsc"
npm run --silent build

echo "== node:test"
node --test --test-concurrency=1 --test-reporter=spec test/

echo "== tsc --noEmit --strict on test/usage.ts"
npx tsc --noEmit --strict -p test/tsconfig.json
echo "node suite: ok"
