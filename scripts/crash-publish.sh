#!/usr/bin/env bash
# Blackbox crash test of snapshot publishing (reliability note F4a): N times,
# start `publish_loop publish DIR` (a loop publishing version after version
# of ~45k-edge graphs), SIGKILL it after a random 0-200 ms (so kills land in
# generation, write, fsync, rename, directory sync and pruning alike), then
# `publish_loop check DIR` must find the latest version whole and exactly
# the graph of that version, no temporary file left after reopening, and no
# version older than the last one `publish` acknowledged.
#
#   scripts/crash-publish.sh [N=1000]
#
# SIGKILL keeps the page cache, so this cannot show power-loss safety (F4c).
# Prints a summary line and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p ona-store --no-default-features --example publish_loop
bin=$CARGO_TARGET_DIR/release/examples/publish_loop
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=$work/snapshots
failures=$work/failures
: > "$failures"

unreadable=0 mixed=0 stray=0 lost=0 empty=0 ok=0 midwrite=0
min= max= acked=0
for ((i = 1; i <= n; i++)); do
    "$bin" publish "$dir" > "$work/publish.out" 2>&1 &
    pid=$!
    # 0-200 ms in 1 ms steps.
    sleep "$(printf '0.%03d' $((RANDOM % 201)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    last=$(grep -oE '^published [0-9]+' "$work/publish.out" | tail -1 | awk '{print $2}' || true)
    [ -n "$last" ] && acked=$last
    rc=0
    line=$("$bin" check "$dir" 2>&1) || rc=$?
    case "$rc:$line" in
        0:ok\ *|0:empty\ *)
            # The last field: temporary files the kill left (it landed mid-write or mid-fsync).
            [ "${line##* }" -gt 0 ] && midwrite=$((midwrite + 1))
            ;;&
        0:ok\ *)
            v=$(echo "$line" | awk '{print $2}')
            ok=$((ok + 1))
            if [ -z "$min" ] || [ "$v" -lt "$min" ]; then min=$v; fi
            if [ -z "$max" ] || [ "$v" -gt "$max" ]; then max=$v; fi
            if [ "$v" -lt "$acked" ]; then
                lost=$((lost + 1))
                echo "kill $i: latest $v is older than acknowledged $acked" >> "$failures"
            fi
            ;;
        0:empty\ *)
            empty=$((empty + 1))
            if [ "$acked" -gt 0 ]; then
                lost=$((lost + 1))
                echo "kill $i: empty after acknowledged $acked" >> "$failures"
            fi
            ;;
        2:*) unreadable=$((unreadable + 1)); echo "kill $i: $line" >> "$failures" ;;
        3:*) mixed=$((mixed + 1)); echo "kill $i: $line" >> "$failures" ;;
        4:*) stray=$((stray + 1)); echo "kill $i: $line" >> "$failures" ;;
        *) unreadable=$((unreadable + 1)); echo "kill $i: exit $rc: $line" >> "$failures" ;;
    esac
    if ((i % 100 == 0)); then echo "... $i kills, latest version ${max:-none}"; fi
done

head -20 "$failures"
echo "$n kills: $unreadable unreadable, $mixed mixed, $stray stray temp files, $lost lost acknowledged versions" \
    "($ok ok, $empty before the first publish, $midwrite killed between temp-file creation and rename)," \
    "latest versions ranged ${min:-none}..${max:-none}"
[ "$unreadable" -eq 0 ] && [ "$mixed" -eq 0 ] && [ "$stray" -eq 0 ] && [ "$lost" -eq 0 ]
