#!/usr/bin/env bash
# The long runs of the table targets, at most two fuzz processes at a time
# alongside snapshot_open: builds once, then runs csv_edges and ipc_edges one
# after the other, and parquet_edges once snapshot_open has finished.
# usage: fuzz/run-queue.sh   (logs under target/fuzz-logs/)
set -uo pipefail
cd "$(dirname "$0")"
for t in csv_edges parquet_edges ipc_edges; do
    cargo +nightly fuzz build -O -a --features tables "$t" >> ../target/fuzz-logs/build-tables.log 2>&1 || exit 1
done
(
    while pgrep -f "release/snapshot_open " > /dev/null; do sleep 20; done
    ./run-long.sh parquet_edges --features tables
) &
./run-long.sh csv_edges --features tables
./run-long.sh ipc_edges --features tables
wait
