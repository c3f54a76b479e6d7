#!/usr/bin/env bash
# Long run of one fuzz target (fuzz/README.md): release + debug assertions and
# overflow checks, one job, stop at 10M executions or one hour.
# usage: fuzz/run-long.sh TARGET [extra cargo-fuzz flags...]
set -euo pipefail
cd "$(dirname "$0")"
target=$1
shift
mkdir -p corpus/"$target" ../target/fuzz-logs
log=../target/fuzz-logs/"$target".log
echo "commit $(git rev-parse --short HEAD) started $(date -u +%FT%TZ)" > "$log"
exec cargo +nightly fuzz run -O -a "$@" "$target" corpus/"$target" -- \
    -rss_limit_mb=2048 -timeout=10 -runs=10000000 -max_total_time=3600 -print_final_stats=1 >> "$log" 2>&1
