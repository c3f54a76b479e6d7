#!/usr/bin/env bash
# Real Redis, Kafka (KRaft) and Neo4j servers on loopback for adapter tests. No Docker.
#
#   scripts/servers.sh start  [redis|kafka|neo4j|all]   install what is missing, start, wait until ready
#   scripts/servers.sh stop   [redis|kafka|neo4j|all]   kill the server's process group, delete its run dir
#   scripts/servers.sh status [redis|kafka|neo4j|all]   running/stopped, pid, port, RSS
#   scripts/servers.sh smoke  [redis|kafka|neo4j|all]   talk to running servers with real clients
#   scripts/servers.sh env                              print the env file path (after start)
#
# Servers:
#   redis  Debian's redis-server (apt-get install -y redis-server when missing), no persistence.
#   kafka  Apache Kafka 4.x from Maven Central (servers/kafka/pom.xml), one combined
#          broker+controller node in KRaft mode, formatted fresh on every start.
#   neo4j  Neo4j Community 5.26 LTS embedded (servers/neo4j, a small launcher), Bolt only,
#          no TLS, authentication disabled (any user/password is accepted).
#
# Each server gets a free loopback port, runs in its own process group (setsid) under
# $ONA_SERVERS_DIR/<name>/ (default target/servers/), logs to <name>.log there, and is written
# into $ONA_SERVERS_DIR/env.sh:
#   ONA_REDIS_URL=redis://127.0.0.1:P
#   ONA_KAFKA_BROKERS=127.0.0.1:P
#   ONA_NEO4J_URI=bolt://127.0.0.1:P  ONA_NEO4J_USER=neo4j  ONA_NEO4J_PASSWORD=ona-test-password
# Use it with `. target/servers/env.sh`.
#
# `start` is idempotent: a server that is already up is left alone. A server that does not come
# up within $ONA_SERVERS_TIMEOUT seconds (default 180) is killed and the command fails with
# the tail of its log. Downloads (Maven repository, copied jars, pip wheels) are cached in
# ${ONA_SERVER_CACHE:-$HOME/.cache/ona-servers}, so a second run needs no network.
#
# Other knobs: ONA_SERVERS_JAVA (java binary, default `java`; Kafka 4 and Neo4j 5.26 need 17+),
# ONA_KAFKA_HEAP / ONA_NEO4J_HEAP (default 512m each).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="${ONA_SERVERS_DIR:-$ROOT/target/servers}"
CACHE="${ONA_SERVER_CACHE:-$HOME/.cache/ona-servers}"
M2="$CACHE/m2"
JAVA="${ONA_SERVERS_JAVA:-java}"
TIMEOUT="${ONA_SERVERS_TIMEOUT:-180}"
KAFKA_HEAP="${ONA_KAFKA_HEAP:-512m}"
NEO4J_HEAP="${ONA_NEO4J_HEAP:-512m}"
NEO4J_USER=neo4j
NEO4J_PASSWORD=ona-test-password
ALL=(redis kafka neo4j)

say() { printf 'servers.sh: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------------------------------------
# bookkeeping: $RUN/<name>/{pid,port}

dir_of() { printf '%s/%s' "$RUN" "$1"; }
pid_of() { cat "$(dir_of "$1")/pid" 2>/dev/null || true; }
port_of() { cat "$(dir_of "$1")/port" 2>/dev/null || true; }

# True when the recorded pid is alive and is really our server, so a recycled pid is not taken
# for it: the Java servers' command lines name their run dir; redis-server rewrites its process
# title to "redis-server 127.0.0.1:PORT".
alive() {
    local pid marker cmdline
    pid="$(pid_of "$1")"
    [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
    if [[ "$1" == redis ]]; then
        marker="$(port_of redis)"
        [[ "$cmdline" == redis-server* && ("$cmdline" == *"127.0.0.1:$marker"* || "$cmdline" == *"--port $marker "*) ]]
    else
        [[ "$cmdline" == *"$(dir_of "$1")"* ]]
    fi
}

# CPU seconds (user + system) a process has used so far; load-independent, unlike wall time.
cpu_s() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"
}

rss_kib() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || true; }

free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log_tail() {
    local f="$1"
    say "---- last 60 lines of $f ----"
    tail -n 60 "$f" >&2 2>/dev/null || say "(no log)"
    say "---- end of $f ----"
}

# Start "$@" in its own session/process group with stdout+stderr to the server's log.
# `setsid` does not fork here (a background job of a non-interactive shell is not a group
# leader), so $! is the server itself and its pid is the process-group id.
spawn() {
    local name="$1"
    shift
    local d
    d="$(dir_of "$name")"
    # 8>&- 9>&- : the server must not inherit the locks on $CACHE/.lock and $RUN/.lock.
    setsid "$@" >"$d/$name.log" 2>&1 </dev/null 8>&- 9>&- &
    echo $! >"$d/pid"
}

kill_group() {
    local name="$1" pid pgid
    pid="$(pid_of "$name")"
    [[ -n "$pid" ]] || return 0
    alive "$name" || return 0
    pgid="$(ps -o pgid= -p "$pid" | tr -d ' ')"
    [[ "$pgid" == "$pid" ]] || pgid=""
    if [[ -n "$pgid" ]]; then kill -TERM -- "-$pgid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
    local i
    for i in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "$name (pid $pid) ignored SIGTERM for 30 s, sending SIGKILL"
    if [[ -n "$pgid" ]]; then kill -KILL -- "-$pgid" 2>/dev/null || true; else kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.2
}

# Wait until `ready_<name>` succeeds; fail loudly (log tail, kill) on timeout or early death.
await() {
    local name="$1" t0="$2" d
    d="$(dir_of "$name")"
    local deadline=$(($(date +%s) + TIMEOUT))
    while :; do
        # (kill -0, not `alive`: right after the fork the child may not have exec'd the server yet.)
        if ! kill -0 "$(pid_of "$name")" 2>/dev/null; then
            log_tail "$d/$name.log"
            die "$name exited during startup"
        fi
        if "ready_$name"; then
            say "$name ready on 127.0.0.1:$(port_of "$name") (pid $(pid_of "$name"), $(since "$t0") s wall, $(cpu_s "$(pid_of "$name")") s CPU)"
            return 0
        fi
        if (($(date +%s) >= deadline)); then
            log_tail "$d/$name.log"
            if [[ -s "$d/ready.err" ]]; then log_tail "$d/ready.err"; fi
            kill_group "$name"
            die "$name did not come up within $TIMEOUT s (ONA_SERVERS_TIMEOUT)"
        fi
        sleep 0.5
    done
}

write_env() {
    local f="$RUN/env.sh" tmp
    tmp="$(mktemp "$RUN/.env.XXXXXX")"
    {
        echo "# written by scripts/servers.sh; source it: . $f"
        if alive redis; then echo "export ONA_REDIS_URL=redis://127.0.0.1:$(port_of redis)"; fi
        if alive kafka; then echo "export ONA_KAFKA_BROKERS=127.0.0.1:$(port_of kafka)"; fi
        if alive neo4j; then
            echo "export ONA_NEO4J_URI=bolt://127.0.0.1:$(port_of neo4j)"
            echo "export ONA_NEO4J_USER=$NEO4J_USER"
            echo "export ONA_NEO4J_PASSWORD=$NEO4J_PASSWORD"
        fi
    } >"$tmp"
    mv "$tmp" "$f"
}

# ---------------------------------------------------------------------------------------------
# installs

need_java() {
    command -v "$JAVA" >/dev/null || die "no java ($JAVA); set ONA_SERVERS_JAVA to a Java 17+ binary"
    local v
    v="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')"
    [[ "${v%%.*}" -ge 17 ]] 2>/dev/null || die "$JAVA is Java $v; Kafka 4 and Neo4j 5.26 need 17+"
}

# Maven, quiet, with its own local repository in the cache; its output goes to $CACHE/mvn.log and
# is shown only when it fails.
mvn_() {
    command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
    if ! mvn -B -q -Dmaven.repo.local="$M2" "$@" >"$CACHE/mvn.log" 2>&1; then
        log_tail "$CACHE/mvn.log"
        die "mvn $* failed"
    fi
}

sha_of() { cat "$@" | sha256sum | cut -c1-16; }

# Copy the runtime dependencies of servers/<name>/pom.xml into $CACHE/<name>-libs once per pom
# version (a stamp file holds the pom's hash).
ensure_libs() {
    local name="$1" pom="$ROOT/servers/$1/pom.xml" libs="$CACHE/$1-libs" h
    h="$(sha_of "$pom")"
    if [[ "$(cat "$libs/.stamp" 2>/dev/null)" == "$h" ]]; then return 0; fi
    local t0
    t0="$(now)"
    say "$name: fetching jars from Maven Central into $libs (cache $M2)"
    rm -rf "$libs.tmp"
    mvn_ -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs.tmp"
    rm -rf "$libs"
    mv "$libs.tmp" "$libs"
    echo "$h" >"$libs/.stamp"
    say "$name: jars ready ($(du -sh "$libs" | cut -f1), $(since "$t0") s)"
}

install_redis() {
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
    local sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    local t0
    t0="$(now)"
    say "redis: apt-get install -y redis-server"
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >&2; then
        $sudo apt-get update >&2
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server >&2
    fi
    command -v redis-server >/dev/null || die "redis-server still missing after apt-get"
    say "redis: installed ($(since "$t0") s)"
}

# Installs into the shared cache (and the launcher build in servers/neo4j/target) hold
# $CACHE/.lock, so runs with different ONA_SERVERS_DIR can share one cache.
lock_cache() {
    mkdir -p "$CACHE"
    exec 8>"$CACHE/.lock"
    flock 8
}
unlock_cache() { exec 8>&-; }

install_kafka() {
    need_java
    lock_cache
    ensure_libs kafka
    unlock_cache
}

NEO4J_JAR="$ROOT/servers/neo4j/target/ona-neo4j-launcher.jar"

install_neo4j() {
    need_java
    lock_cache
    ensure_libs neo4j
    local src="$ROOT/servers/neo4j"
    if [[ ! -f "$NEO4J_JAR" ]] || [[ -n "$(find "$src/pom.xml" "$src/src" -newer "$NEO4J_JAR" -print -quit)" ]]; then
        local t0
        t0="$(now)"
        say "neo4j: building the launcher (mvn package)"
        mvn_ -f "$src/pom.xml" package
        say "neo4j: launcher built ($(since "$t0") s)"
    fi
    unlock_cache
}

# ---------------------------------------------------------------------------------------------
# readiness probes

ready_redis() { [[ "$(redis-cli -h 127.0.0.1 -p "$(port_of redis)" ping 2>/dev/null)" == PONG ]]; }

kafka_tool() {
    # A Kafka command-line tool class on the cached classpath: quiet logging, quick JVM start,
    # and a time limit so a broken broker cannot hang the script.
    timeout "${KAFKA_TOOL_TIMEOUT:-120}" "$JAVA" -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -Dlog4j2.configurationFile="$ROOT/servers/kafka/tools-log4j2.properties" \
        -cp "$CACHE/kafka-libs/*" "$@"
}

ready_kafka() {
    local p
    p="$(port_of kafka)"
    port_open "$p" || return 1
    # A real metadata request: list topics through the admin client.
    KAFKA_TOOL_TIMEOUT=60 kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$p" --list \
        >/dev/null 2>>"$(dir_of kafka)/ready.err"
}

ready_neo4j() {
    grep -q "^READY $(port_of neo4j)\$" "$(dir_of neo4j)/neo4j.log" && port_open "$(port_of neo4j)"
}

# ---------------------------------------------------------------------------------------------
# start

start_redis() {
    local d p t0
    d="$(dir_of redis)"
    p="$(port_of redis)"
    t0="$(now)"
    spawn redis redis-server --bind 127.0.0.1 --port "$p" --dir "$d" --save "" --appendonly no \
        --daemonize no --protected-mode yes --logfile "" --pidfile "" --databases 16
    await redis "$t0"
}

start_kafka() {
    local d p c t0
    d="$(dir_of kafka)"
    p="$(port_of kafka)"
    c="$(free_port)"
    while [[ "$c" == "$p" ]]; do c="$(free_port)"; done
    echo "$c" >"$d/controller-port"
    mkdir -p "$d/data"
    cat >"$d/server.properties" <<EOF
# KRaft, one combined broker+controller node (written by scripts/servers.sh)
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$c
listeners=PLAINTEXT://127.0.0.1:$p,CONTROLLER://127.0.0.1:$c
advertised.listeners=PLAINTEXT://127.0.0.1:$p
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$d/data
num.partitions=6
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=24
log.segment.bytes=16777216
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
background.threads=2
EOF
    t0="$(now)"
    # Random 16-byte cluster id in Kafka's base64url form; like Kafka's own Uuid.randomUuid it
    # never starts with '-' (the tool would read it as an option).
    local id
    id="$(python3 -c 'import base64, uuid
while True:
    s = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
    if not s.startswith("-"):
        print(s)
        break')"
    if ! kafka_tool kafka.tools.StorageTool format -t "$id" -c "$d/server.properties" >"$d/format.log" 2>&1; then
        log_tail "$d/format.log"
        die "kafka storage format failed"
    fi
    spawn kafka "$JAVA" -Xms128m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
        -Djava.awt.headless=true -Dkafka.logs.dir="$d" \
        -Dlog4j2.configurationFile="$ROOT/servers/kafka/log4j2.properties" \
        -cp "$CACHE/kafka-libs/*" kafka.Kafka "$d/server.properties"
    await kafka "$t0"
}

start_neo4j() {
    local d p t0
    d="$(dir_of neo4j)"
    p="$(port_of neo4j)"
    t0="$(now)"
    spawn neo4j "$JAVA" -Xms128m -Xmx"$NEO4J_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
        -XX:+UnlockDiagnosticVMOptions -XX:-OmitStackTraceInFastThrow \
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
        --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
        -cp "$NEO4J_JAR:$CACHE/neo4j-libs/*" ona.servers.neo4j.Launcher "$d/home" "$p"
    await neo4j "$t0"
}

start_one() {
    local name="$1"
    if alive "$name"; then
        if "ready_$name"; then
            say "$name already running on 127.0.0.1:$(port_of "$name") (pid $(pid_of "$name"))"
            return 0
        fi
        say "$name (pid $(pid_of "$name")) is alive but not answering; restarting it"
        kill_group "$name"
    fi
    "install_$name"
    rm -rf "$(dir_of "$name")"
    mkdir -p "$(dir_of "$name")"
    free_port >"$(dir_of "$name")/port"
    "start_$name"
}

stop_one() {
    local name="$1" d
    d="$(dir_of "$name")"
    [[ -d "$d" ]] || return 0
    if alive "$name"; then
        say "stopping $name (pid $(pid_of "$name"))"
        kill_group "$name"
    fi
    rm -rf "$d"
}

status_one() {
    local name="$1"
    if alive "$name"; then
        local pid
        pid="$(pid_of "$name")"
        printf '%-6s running  pid %-8s 127.0.0.1:%-6s rss %s MiB  cpu %s s\n' "$name" "$pid" "$(port_of "$name")" \
            "$(($(rss_kib "$pid") / 1024))" "$(cpu_s "$pid")"
    else
        printf '%-6s stopped\n' "$name"
    fi
}

# ---------------------------------------------------------------------------------------------
# smoke checks against the running servers

smoke_redis() {
    alive redis || die "smoke: redis is not running"
    local p
    p="$(port_of redis)"
    [[ "$(redis-cli -p "$p" ping)" == PONG ]] || die "smoke: redis PING"
    redis-cli -p "$p" set ona:smoke hello >/dev/null
    [[ "$(redis-cli -p "$p" get ona:smoke)" == hello ]] || die "smoke: redis GET after SET"
    redis-cli -p "$p" del ona:smoke >/dev/null
    say "smoke redis: PING -> PONG, SET/GET round trip ok"
}

smoke_kafka() {
    alive kafka || die "smoke: kafka is not running"
    local b topic d
    b="127.0.0.1:$(port_of kafka)"
    d="$(dir_of kafka)"
    topic="ona-smoke-$$-$RANDOM"
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$b" --create --topic "$topic" \
        --partitions 6 --replication-factor 1 >/dev/null
    local desc
    desc="$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$b" --describe --topic "$topic")"
    grep -q "PartitionCount: 6" <<<"$desc" || die "smoke: topic $topic does not have 6 partitions: $desc"
    local n=12 i sent="$d/smoke-sent.txt" got="$d/smoke-got.txt"
    : >"$sent"
    for i in $(seq 1 "$n"); do echo "k$i:value-$i"; done >"$sent"
    kafka_tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$b" --topic "$topic" \
        --property parse.key=true --property key.separator=: <"$sent"
    kafka_tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$b" --topic "$topic" \
        --from-beginning --max-messages "$n" --timeout-ms 60000 \
        --property print.key=true --property key.separator=: \
        --property print.partition=true >"$got" 2>"$d/smoke-consumer.err" || true
    # Lines look like "Partition:3:k1:value-1"; the keys must spread over several partitions.
    local parts
    parts="$(awk -F: '{ print $2 }' "$got" | sort -u | wc -l)"
    if ! diff <(sort "$sent") <(sed 's/^Partition:[0-9]*://' "$got" | sort) >/dev/null; then
        say "sent:"; cat "$sent" >&2
        say "received:"; cat "$got" >&2
        cat "$d/smoke-consumer.err" >&2
        die "smoke: kafka consumer did not return the $n produced messages"
    fi
    ((parts >= 2)) || die "smoke: all $n keyed messages landed in one partition"
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$b" --delete --topic "$topic" >/dev/null
    say "smoke kafka: topic with 6 partitions, $n keyed messages produced and consumed back over $parts partitions"
}

smoke_neo4j() {
    alive neo4j || die "smoke: neo4j is not running"
    local venv="$RUN/venv"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import neo4j' 2>/dev/null; then
        say "neo4j smoke: installing the neo4j Python driver into $venv"
        local wheels="$CACHE/wheels"
        python3 -m venv "$venv"
        # Keep the wheels themselves in the cache (pip's HTTP cache is not reliable behind proxies),
        # so later installs are offline.
        lock_cache
        if ! compgen -G "$wheels/neo4j-*.whl" >/dev/null; then
            say "neo4j smoke: downloading the neo4j Python driver wheels into $wheels"
            "$venv/bin/pip" download -q --disable-pip-version-check -d "$wheels.tmp" 'neo4j>=5,<7'
            mkdir -p "$wheels"
            mv "$wheels.tmp"/*.whl "$wheels"/
            rm -rf "$wheels.tmp"
        fi
        unlock_cache
        "$venv/bin/pip" install -q --disable-pip-version-check --no-index --find-links "$wheels" 'neo4j>=5,<7'
    fi
    ONA_NEO4J_URI="bolt://127.0.0.1:$(port_of neo4j)" ONA_NEO4J_USER="$NEO4J_USER" ONA_NEO4J_PASSWORD="$NEO4J_PASSWORD" \
        "$venv/bin/python" - <<'EOF'
import os, sys
from neo4j import GraphDatabase

uri = os.environ["ONA_NEO4J_URI"]
auth = (os.environ["ONA_NEO4J_USER"], os.environ["ONA_NEO4J_PASSWORD"])
with GraphDatabase.driver(uri, auth=auth) as driver:
    driver.verify_connectivity()
    recs, _, _ = driver.execute_query("RETURN 1 AS one")
    assert [r["one"] for r in recs] == [1], recs
    driver.execute_query("UNWIND range(1, 5) AS i CREATE (:OnaSmoke {i: i})")
    recs, _, _ = driver.execute_query("MATCH (n:OnaSmoke) RETURN sum(n.i) AS s, count(n) AS c")
    assert (recs[0]["s"], recs[0]["c"]) == (15, 5), recs
    driver.execute_query("MATCH (n:OnaSmoke) DELETE n")
    info = driver.get_server_info()
    print(f"servers.sh: smoke neo4j: RETURN 1 over Bolt ok, write/read/delete ok ({info.agent}, protocol {info.protocol_version})",
          file=sys.stderr)
EOF
}

# ---------------------------------------------------------------------------------------------

names_of() {
    case "${1:-all}" in
    all) echo "${ALL[@]}" ;;
    redis | kafka | neo4j) echo "$1" ;;
    *) die "unknown server '$1' (redis|kafka|neo4j|all)" ;;
    esac
}

main() {
    local cmd="${1:-}" what="${2:-all}" name
    case "$cmd" in
    start | stop | status | smoke) ;;
    env) echo "$RUN/env.sh"; return 0 ;;
    *) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    local names
    names="$(names_of "$what")"
    mkdir -p "$RUN"
    # One servers.sh at a time per run dir.
    exec 9>"$RUN/.lock"
    flock 9
    case "$cmd" in
    start)
        # Whatever happens, env.sh lists exactly the servers that are up.
        trap 'write_env' EXIT
        for name in $names; do start_one "$name"; done
        write_env
        say "env: . $RUN/env.sh"
        cat "$RUN/env.sh"
        ;;
    stop)
        for name in $names; do stop_one "$name"; done
        write_env
        if ! grep -q '^export' "$RUN/env.sh"; then rm -f "$RUN/env.sh"; fi
        ;;
    status)
        for name in $names; do status_one "$name"; done
        ;;
    smoke)
        for name in $names; do "smoke_$name"; done
        say "smoke: all ok ($names)"
        ;;
    esac
}

main "$@"
