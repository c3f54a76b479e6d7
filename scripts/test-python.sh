#!/usr/bin/env bash
# Python suite (issue 3).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "python suite not built yet" >&2
exit 1
