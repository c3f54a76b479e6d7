#!/usr/bin/env bash
# Node suite (issue 4).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "node suite not built yet" >&2
exit 1
