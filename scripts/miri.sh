#!/usr/bin/env bash
# Miri over ona-store's one unsafe module (snapshot::region): its heap-backed
# tests under Tree Borrows, with `--no-default-features` so arrow/parquet
# stay out. Miri cannot map files, so the mapped path is covered by the crash
# test and the integration tests instead (see --integration below).
#
#   scripts/miri.sh                # region unit tests (about a minute after the first build)
#   scripts/miri.sh --integration  # also the fast snapshot integration tests
#
# Needs the nightly toolchain with the miri and rust-src components
# (`rustup +nightly component add miri rust-src`). Exits non-zero on any
# undefined behaviour or failed test, printing a one-line summary either way.
set -euo pipefail
cd "$(dirname "$0")/.."

integration=0
[ "${1:-}" = "--integration" ] && integration=1

command -v cargo >/dev/null || { echo "cargo not found" >&2; exit 1; }
if ! cargo +nightly miri --version >/dev/null 2>&1; then
    echo "miri not installed: rustup +nightly component add miri rust-src" >&2
    exit 1
fi
# Tree Borrows, not the default Stacked Borrows: the validator runs on rayon,
# and rayon's crossbeam-epoch breaks Stacked Borrows in its own code
# (`internal.rs`, `&*local_ptr`; crossbeam-rs/crossbeam#545, rayon-rs/rayon#1185;
# crossbeam's CI uses Tree Borrows for this reason). Not
# -Zmiri-strict-provenance either: crossbeam-epoch casts integers to pointers.
# -Zmiri-ignore-leaks: rayon's global pool threads outlive the test's main
# thread by design (memory leaks are then not reported either).
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-tree-borrows -Zmiri-ignore-leaks}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run LABEL ARGS...: one cargo miri test invocation, summarised.
status=0
summary=()
run() {
    local label=$1
    shift
    echo "== miri: $label"
    local start=$SECONDS rc=0
    cargo +nightly miri test -p ona-store --no-default-features "$@" 2>&1 | tee "$log" || rc=$?
    local passed failed ub
    passed=$(grep -oE '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
    failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
    ub=$(grep -c 'Undefined Behavior' "$log" || true)
    summary+=("$label: $passed passed, $failed failed, $ub UB reports, $((SECONDS - start)) s")
    if [ "$rc" -ne 0 ] || [ "$ub" -ne 0 ]; then status=1; fi
}

run "snapshot::region (unsafe module)" --lib snapshot::region
if [ "$integration" -eq 1 ]; then
    # The byte-flip sweep opens ~4,000 files: hours under Miri, so it is
    # skipped; directory tests need file mappings, which Miri cannot do.
    MIRIFLAGS="$MIRIFLAGS -Zmiri-disable-isolation" run "snapshot integration (fast tests)" --test snapshot -- \
        --skip corruption_sweep --skip directory_
fi

echo
for line in "${summary[@]}"; do echo "miri summary: $line"; done
if [ "$status" -eq 0 ]; then echo "miri: OK, no undefined behaviour detected"; else echo "miri: FAILED"; fi
exit "$status"
