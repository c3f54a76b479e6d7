#!/usr/bin/env bash
# Kafka adapter tests against a real broker: starts Kafka (KRaft) if it is not up,
# then runs crates/ona-kafka's unit tests, doctests and integration tests
# (tests/it: one worker with malformed messages and duplicates; 3 worker processes,
# one killed with SIGKILL mid-stream), then `ona produce` + `ona worker --redis` end to
# end (crates/ona-cli, feature `redis`): the worker warms Redis for every published
# version, so Redis is started too.
#
# Needs a C compiler, make, perl and python3 to build the bundled librdkafka
# (Debian: apt-get install -y build-essential perl python3), and Java 17+ for Kafka.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/servers.sh start kafka
scripts/servers.sh start redis
# shellcheck disable=SC1091
. "${ONA_SERVERS_DIR:-$ROOT/target/servers}/env.sh"
cargo test --locked -p ona-kafka "$@"
cargo test --locked -p ona-cli --features redis --test cli worker
