#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft) for tests and development, without Docker.
#
#   kafka.sh fetch    download the broker jars from Maven Central into the cache (once)
#   kafka.sh start    fetch if needed, format storage if needed, start, wait until ready
#   kafka.sh wait     readiness check only (broker already started, or KAFKA_BROKERS)
#   kafka.sh stop     stop the broker started by this script
#   kafka.sh status   running/stopped, pid and port (exit 0 running, 3 stopped)
#   kafka.sh reset    stop and wipe the data directory
#
# Cluster mode (`--cluster N` after the command, or KAFKA_CLUSTER=N): N KRaft nodes
# (broker+controller each) on 127.0.0.1:19092.. with replication factor N and
# min.insync.replicas 2; start also provisions the platform's topics.
#   kafka.sh start --cluster 3        start the nodes not running, wait, provision
#   kafka.sh stop --cluster 3         stop every node
#   kafka.sh kill-node 2 --cluster 3  SIGKILL node 2 (a broker crash)
#   kafka.sh start-node 2 --cluster 3 start node 2 again, wait until its port answers
#   kafka.sh status|reset|brokers --cluster 3   per node / wipe the data / print KAFKA_BROKERS
#
# See infra/kafka/README.md for the environment variables.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

# Single source of truth for the version: the <kafka.version> property of pom.xml.
KAFKA_VERSION="$(sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$SCRIPT_DIR/pom.xml")"

CACHE_DIR="${KAFKA_CACHE_DIR:-$REPO_ROOT/.cache/kafka}"
LIBS_DIR="$CACHE_DIR/libs"
DATA_DIR="$CACHE_DIR/data"
LOG_DIR="$CACHE_DIR/logs"
CONFIG_FILE="$CACHE_DIR/server.properties"
LOG4J_FILE="$CACHE_DIR/log4j.properties"
LOG4J2_FILE="$CACHE_DIR/log4j2.properties"
PID_FILE="$CACHE_DIR/kafka.pid"
VERSION_MARKER="$LIBS_DIR/.kafka-version"
SERVER_LOG="$LOG_DIR/server.log"   # broker log (log4j, rotated by size)
STDOUT_LOG="$LOG_DIR/stdout.log"   # JVM stdout/stderr (crashes, early failures)
MVN_LOG="$LOG_DIR/mvn.log"
# Logging flags for every JVM started here (broker and StorageTool).
LOG_OPTS=(-Dlog4j.configuration="file:$LOG4J_FILE" -Dlog4j2.configurationFile="$LOG4J2_FILE")

HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${KAFKA_HEAP:-512m}"
START_TIMEOUT_S="${KAFKA_START_TIMEOUT_S:-60}"   # until the port accepts connections
WAIT_TIMEOUT_MS="${KAFKA_WAIT_TIMEOUT_MS:-60000}" # readiness check (wait-ready.mjs)

log() { echo "kafka: $*"; }
die() { echo "kafka: error: $*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH. $2"
}

check_java() {
  need java "Install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless)."
  local v major
  v="$(java -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)"
  major="${v%%.*}"
  if [[ "$major" =~ ^[0-9]+$ ]] && (( major < 17 )); then
    die "Kafka $KAFKA_VERSION needs Java 17+, found java $v."
  fi
}

# Serialise fetch/start/stop/reset between concurrent callers (e.g. parallel test
# runs), so that only one of them downloads, formats or starts the broker.
lock() {
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "timed out waiting for the lock $CACHE_DIR/.lock"
  fi
}

port_open() { # port_open <port>
  timeout 1 bash -c ": >/dev/tcp/$HOST/$1" 2>/dev/null
}

# Prints the pid of the broker this script started, if it is still alive.
# Checks the command line too, so a recycled pid is not mistaken for Kafka.
our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $CONFIG_FILE" || return 1
  echo "$pid"
}

# Port of the running broker as written in its server.properties (it may have
# been started with another KAFKA_PORT than the current environment's).
configured_port() {
  sed -n "s|^listeners=PLAINTEXT://[^:]*:\([0-9]*\),.*|\1|p" "$CONFIG_FILE" 2>/dev/null || true
}

# server.log is appended to across runs: remember where this run starts so a
# failure shows this run's lines, not the previous shutdown's.
SERVER_LOG_OFFSET=0

print_logs() {
  if [[ -s "$STDOUT_LOG" ]]; then
    echo "----- last 50 lines of $STDOUT_LOG -----" >&2
    tail -n 50 "$STDOUT_LOG" >&2
  fi
  if [[ -f "$SERVER_LOG" ]]; then
    local size offset=$SERVER_LOG_OFFSET
    size="$(stat -c %s "$SERVER_LOG")"
    (( size >= offset )) || offset=0 # rotated meanwhile
    echo "----- last 50 lines of $SERVER_LOG (this run) -----" >&2
    tail -c +$((offset + 1)) "$SERVER_LOG" | tail -n 50 >&2
  fi
  echo "-----" >&2
}

cmd_fetch() {
  if [[ -f "$VERSION_MARKER" && "$(cat "$VERSION_MARKER")" == "$KAFKA_VERSION" ]]; then
    return 0
  fi
  need mvn "Install Maven 3.8+ (e.g. apt-get install maven)."
  log "fetching broker $KAFKA_VERSION from Maven Central (first time, ~20 s)"
  local started=$SECONDS tmp="$CACHE_DIR/libs.tmp"
  rm -rf "$tmp"
  mkdir -p "$LOG_DIR"
  # -f points at our pom so this works from any cwd; the jars land in a temp
  # dir that is renamed at the end, so an interrupted download is never used.
  # Output goes to a log file (Maven 3.8 prints stray ANSI resets even with -q -B).
  if ! mvn -q -B -Dstyle.color=never -f "$SCRIPT_DIR/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"$MVN_LOG" 2>&1; then
    rm -rf "$tmp"
    tail -n 50 "$MVN_LOG" >&2
    die "mvn could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (is Maven Central reachable? full log: $MVN_LOG)"
  fi
  echo "$KAFKA_VERSION" >"$tmp/.kafka-version"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  log "fetched $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS_DIR" | cut -f1)) in $((SECONDS - started)) s into $LIBS_DIR"
}

write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIR"
  # Rewritten on every start so KAFKA_PORT / KAFKA_CONTROLLER_PORT changes apply.
  cat >"$CONFIG_FILE" <<EOF
# Generated by infra/kafka/kafka.sh - edits are overwritten on each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Topics are provisioned by the application; a typo must not create a topic.
auto.create.topics.enable=false
# No point waiting for more members to join on a dev/test broker.
group.initial.rebalance.delay.ms=0
EOF
  write_log_config
}

# The logging configuration every JVM started here reads (broker, nodes, StorageTool).
write_log_config() {
  mkdir -p "$LOG_DIR"
  # Kafka logs through SLF4J -> reload4j; without a config it is either silent
  # or prints everything to stdout. Keep INFO in a size-rotated file.
  cat >"$LOG4J_FILE" <<EOF
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$SERVER_LOG
log4j.appender.file.MaxFileSize=20MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
EOF
  # kafka-server also pulls log4j-core 2.x, used only by its logger-level admin
  # API; without a config it prints "Reconfiguration failed: No configuration
  # found" at startup. Real logging goes through reload4j above.
  cat >"$LOG4J2_FILE" <<EOF
status = error
name = kafka-dev-admin-only
rootLogger.level = info
EOF
}



format_storage() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  local cluster_id
  cluster_id="$(java "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool random-uuid 2>>"$STDOUT_LOG")"
  log "formatting KRaft storage in $DATA_DIR (cluster id $cluster_id)"
  # No --standalone: the quorum is given statically by controller.quorum.voters.
  java "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG_FILE" >>"$STDOUT_LOG" 2>&1 \
    || { print_logs; die "formatting storage failed"; }
}

# The readiness check proper (admin + idempotent producer + consumer group).
run_wait() { # run_wait <brokers> [env options, e.g. -u VAR...]
  need node "Node.js is needed for the readiness check."
  env "${@:2}" KAFKA_BROKERS="$1" KAFKA_WAIT_TIMEOUT_MS="$WAIT_TIMEOUT_MS" \
    node "$SCRIPT_DIR/wait-ready.mjs"
}

# A broker started by start() is always local and PLAINTEXT: drop any settings
# meant for an external cluster before checking it.
run_wait_local() {
  run_wait "$HOST:$1" -u KAFKA_SASL_MECHANISM -u KAFKA_SASL_USERNAME \
    -u KAFKA_SASL_PASSWORD -u KAFKA_SSL -u KAFKA_SSL_CA_FILE
}

cmd_start() {
  check_java
  local pid
  if [[ "${KAFKA_RESET:-}" == "1" ]]; then
    cmd_reset
  elif pid="$(our_pid)"; then
    local p
    p="$(configured_port)"
    if port_open "$p"; then
      log "already running (pid $pid) on $HOST:$p"
      return 0
    fi
    # Alive but not listening yet (or hung): give it the readiness wait.
    log "broker pid $pid is running but $HOST:$p is not answering yet; waiting"
    run_wait_local "$p" || { print_logs; die "broker pid $pid is not ready (see logs above; try: kafka.sh stop)"; }
    return 0
  elif port_open "$PORT"; then
    # Not ours (other checkout, system service, ...). Use it if it is a Kafka broker.
    log "something already listens on $HOST:$PORT (not started by this script); checking it is a usable broker"
    run_wait_local "$PORT" || die "$HOST:$PORT is taken by something that is not a ready Kafka broker; set KAFKA_PORT to use another port"
    return 0
  fi
  rm -f "$PID_FILE"

  if port_open "$CONTROLLER_PORT"; then
    die "controller port $HOST:$CONTROLLER_PORT is already in use; set KAFKA_CONTROLLER_PORT"
  fi

  cmd_fetch
  write_config
  : >"$STDOUT_LOG"
  format_storage

  log "starting broker $KAFKA_VERSION on $HOST:$PORT (controller $CONTROLLER_PORT, data $DATA_DIR)"
  local started_ms
  started_ms=$(date +%s%3N)
  SERVER_LOG_OFFSET="$(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0)"
  local extra_opts=() # KAFKA_JAVA_OPTS: extra JVM flags, space-separated
  read -r -a extra_opts <<<"${KAFKA_JAVA_OPTS:-}"
  # setsid: own session, so Ctrl-C or a CI step tearing down the caller's process
  # group does not kill the shared broker. 9>&- : do not let the JVM inherit the
  # lock fd, or the lock would stay held for the broker's whole lifetime.
  # (In a non-interactive script the child is not a group leader, so setsid
  # execs java directly and $! is the JVM's pid.)
  nohup setsid java -Xmx"$HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" "${LOG_OPTS[@]}" \
    "${extra_opts[@]}" -cp "$LIBS_DIR/*" kafka.Kafka "$CONFIG_FILE" \
    >>"$STDOUT_LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"

  # Phase 1: port open, failing fast if the JVM exits (bad config, port in use...).
  local deadline=$((SECONDS + START_TIMEOUT_S))
  until port_open "$PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      print_logs
      die "broker exited during startup"
    fi
    if (( SECONDS >= deadline )); then
      print_logs
      cmd_stop >/dev/null
      die "broker did not open $HOST:$PORT within ${START_TIMEOUT_S} s"
    fi
    sleep 0.2
  done
  log "port $PORT open after $(( $(date +%s%3N) - started_ms )) ms (pid $pid)"

  # Phase 2: coordinators loaded, produce/consume works.
  if ! run_wait_local "$PORT"; then
    print_logs
    cmd_stop >/dev/null
    die "broker started but did not become ready; it was stopped"
  fi
}

cmd_wait() {
  run_wait "${KAFKA_BROKERS:-$HOST:$PORT}"
}

cmd_stop() {
  local pid
  if ! pid="$(our_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  # Controlled shutdown of a single node normally takes a few seconds.
  local i
  for ((i = 0; i < 300; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after 30 s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid p
  if pid="$(our_pid)"; then
    p="$(configured_port)"
    if port_open "$p"; then
      echo "kafka: running (pid $pid) on $HOST:$p"
    else
      echo "kafka: running (pid $pid) on $HOST:$p, but the port is not answering"
    fi
    return 0
  fi
  if port_open "$PORT"; then
    echo "kafka: stopped (no broker started by this script), but something listens on $HOST:$PORT"
  else
    echo "kafka: stopped (port $PORT)"
  fi
  return 3
}

cmd_reset() {
  cmd_stop
  log "wiping data in $DATA_DIR"
  rm -rf "$DATA_DIR"
}

# ---------------------------------------------------------------------------
# Cluster mode: N combined broker+controller nodes, each its own JVM, config,
# data and logs under $CACHE_DIR/cluster/node-<i>. They share the jars and one
# cluster id; the quorum is static (controller.quorum.voters lists all N).

CLUSTER_DIR="${KAFKA_CLUSTER_DIR:-$CACHE_DIR/cluster}"
CLUSTER_PORT="${KAFKA_CLUSTER_PORT:-19092}"                       # node i: CLUSTER_PORT + i - 1
CLUSTER_CONTROLLER_PORT="${KAFKA_CLUSTER_CONTROLLER_PORT:-19192}" # node i: + i - 1
CLUSTER_HEAP="${KAFKA_CLUSTER_HEAP:-256m}"

node_dir() { echo "$CLUSTER_DIR/node-$1"; }
node_port() { echo $((CLUSTER_PORT + $1 - 1)); }
node_controller_port() { echo $((CLUSTER_CONTROLLER_PORT + $1 - 1)); }
cluster_brokers() {
  local i list=()
  for ((i = 1; i <= NODES; i++)); do list+=("$HOST:$(node_port "$i")"); done
  (IFS=,; echo "${list[*]}")
}

node_pid() { # node_pid <i>: pid of node i if this script started it and it is alive
  local f pid
  f="$(node_dir "$1")/kafka.pid"
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $(node_dir "$1")/server.properties" || return 1
  echo "$pid"
}

write_node_config() { # write_node_config <i>
  local i=$1 dir voters="" j
  dir="$(node_dir "$i")"
  mkdir -p "$dir/data" "$dir/logs"
  for ((j = 1; j <= NODES; j++)); do voters+="${voters:+,}$j@$HOST:$(node_controller_port "$j")"; done
  local min_isr=$(( NODES >= 3 ? 2 : 1 ))
  cat >"$dir/server.properties" <<EOF
# Generated by infra/kafka/kafka.sh (cluster mode) - edits are overwritten on each start.
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://$HOST:$(node_port "$i"),CONTROLLER://$HOST:$(node_controller_port "$i")
advertised.listeners=PLAINTEXT://$HOST:$(node_port "$i")
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=1
# Every topic, the application's included (they are created with the broker's
# default replication factor), has N replicas and needs 2 in sync to take acks=all.
default.replication.factor=$NODES
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$NODES
transaction.state.log.replication.factor=$NODES
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$NODES
share.coordinator.state.topic.min.isr=$min_isr
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
# A killed node is fenced (its partitions get new leaders) after 3 s, not 9.
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
# A restarted node catches up and rejoins the ISR without waiting 30 s.
replica.lag.time.max.ms=10000
EOF
  sed "s|$SERVER_LOG|$dir/logs/server.log|" "$LOG4J_FILE" >"$dir/log4j.properties"
}

cluster_start() {
  check_java
  cmd_fetch
  write_log_config
  mkdir -p "$CLUSTER_DIR"
  local i pid cluster_id to_start=()
  if [[ "${KAFKA_RESET:-}" == "1" ]]; then cluster_stop; rm -rf "$CLUSTER_DIR"; mkdir -p "$CLUSTER_DIR"; fi
  if [[ -f "$CLUSTER_DIR/nodes" && "$(cat "$CLUSTER_DIR/nodes")" != "$NODES" ]]; then
    die "the cluster in $CLUSTER_DIR was formatted with $(cat "$CLUSTER_DIR/nodes") nodes; run: kafka.sh reset --cluster $(cat "$CLUSTER_DIR/nodes")"
  fi
  if [[ ! -f "$CLUSTER_DIR/cluster.id" ]]; then
    java "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool random-uuid >"$CLUSTER_DIR/cluster.id" 2>>"$STDOUT_LOG"
    echo "$NODES" >"$CLUSTER_DIR/nodes"
  fi
  cluster_id="$(cat "$CLUSTER_DIR/cluster.id")"
  for ((i = 1; i <= NODES; i++)); do
    if pid="$(node_pid "$i")"; then continue; fi
    for p in "$(node_port "$i")" "$(node_controller_port "$i")"; do
      port_open "$p" && die "port $HOST:$p (node $i) is already in use; set KAFKA_CLUSTER_PORT / KAFKA_CLUSTER_CONTROLLER_PORT"
    done
    to_start+=("$i")
  done
  if ((${#to_start[@]} == 0)); then
    log "cluster of $NODES already running at $(cluster_brokers)"
  else
    log "starting nodes ${to_start[*]} of a $NODES-node cluster $KAFKA_VERSION (heap $CLUSTER_HEAP each, data $CLUSTER_DIR)"
    for i in "${to_start[@]}"; do
      write_node_config "$i"
      local dir; dir="$(node_dir "$i")"
      if [[ ! -f "$dir/data/meta.properties" ]]; then
        java "${LOG_OPTS[@]}" -cp "$LIBS_DIR/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >>"$dir/logs/stdout.log" 2>&1 \
          || { tail -n 30 "$dir/logs/stdout.log" >&2; die "formatting node $i failed"; }
      fi
      launch_node "$i"
    done
    for i in "${to_start[@]}"; do wait_node_port "$i"; done
  fi
  local started_ms; started_ms=$(date +%s%3N)
  if ! run_wait "$(cluster_brokers)" -u KAFKA_SASL_MECHANISM -u KAFKA_SASL_USERNAME -u KAFKA_SASL_PASSWORD -u KAFKA_SSL -u KAFKA_SSL_CA_FILE; then
    for ((i = 1; i <= NODES; i++)); do echo "----- node $i -----" >&2; tail -n 20 "$(node_dir "$i")/logs/server.log" >&2 2>/dev/null || true; done
    die "cluster started but did not become ready (try: kafka.sh stop --cluster $NODES)"
  fi
  KAFKA_BROKERS="$(cluster_brokers)" node "$SCRIPT_DIR/provision-topics.mjs" \
    || die "provisioning the topics failed"
  log "cluster ready in $(( $(date +%s%3N) - started_ms )) ms after the ports opened: KAFKA_BROKERS=$(cluster_brokers)"
}

launch_node() { # launch_node <i>: start the JVM of node i in the background
  local i=$1 dir pid extra_opts=()
  dir="$(node_dir "$i")"
  read -r -a extra_opts <<<"${KAFKA_JAVA_OPTS:-}"
  # See cmd_start for setsid and 9>&-.
  nohup setsid java -Xmx"$CLUSTER_HEAP" -Xms64m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dkafka.logs.dir="$dir/logs" -Dlog4j.configuration="file:$dir/log4j.properties" -Dlog4j2.configurationFile="$LOG4J2_FILE" \
    "${extra_opts[@]}" -cp "$LIBS_DIR/*" kafka.Kafka "$dir/server.properties" \
    >>"$dir/logs/stdout.log" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$dir/kafka.pid"
  log "node $i: pid $pid, $HOST:$(node_port "$i") (controller $(node_controller_port "$i"))"
}

wait_node_port() { # wait_node_port <i>
  local i=$1 deadline=$((SECONDS + START_TIMEOUT_S)) dir
  dir="$(node_dir "$i")"
  until port_open "$(node_port "$i")"; do
    if ! node_pid "$i" >/dev/null; then
      tail -n 30 "$dir/logs/stdout.log" "$dir/logs/server.log" >&2 2>/dev/null || true
      die "node $i exited during startup"
    fi
    if (( SECONDS >= deadline )); then
      tail -n 30 "$dir/logs/server.log" >&2 2>/dev/null || true
      die "node $i did not open $HOST:$(node_port "$i") within ${START_TIMEOUT_S} s"
    fi
    sleep 0.2
  done
}

cluster_stop() {
  local i pid pids=()
  for ((i = 1; i <= NODES; i++)); do
    if pid="$(node_pid "$i")"; then pids+=("$pid"); kill -TERM "$pid" 2>/dev/null || true; fi
  done
  if ((${#pids[@]} == 0)); then log "cluster: not running"; return 0; fi
  log "stopping ${#pids[@]} cluster node(s) (pids ${pids[*]})"
  # All nodes stop at once: the last ones lose the controller quorum and would
  # wait for it, so after 15 s what is left is killed (test data, nothing to lose).
  local n
  for ((n = 0; n < 150; n++)); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for ((i = 1; i <= NODES; i++)); do rm -f "$(node_dir "$i")/kafka.pid"; done
  log "cluster stopped"
}

cluster_status() {
  local i pid running=0
  for ((i = 1; i <= NODES; i++)); do
    if pid="$(node_pid "$i")"; then
      running=$((running + 1)); echo "kafka: node $i running (pid $pid) on $HOST:$(node_port "$i")"
    else
      echo "kafka: node $i stopped ($HOST:$(node_port "$i"))"
    fi
  done
  ((running == NODES)) && return 0
  return 3
}

node_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= NODES )) || die "name a node between 1 and $NODES"
}

cluster_kill_node() { # kill-node <i>: SIGKILL, like a crashed machine
  node_arg "$1"
  local pid
  pid="$(node_pid "$1")" || { log "node $1 is not running"; return 0; }
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -f "$(node_dir "$1")/kafka.pid"
  log "node $1 killed (pid $pid)"
}

cluster_start_node() { # start-node <i>: start one stopped node of a formatted cluster
  node_arg "$1"
  check_java
  [[ -f "$(node_dir "$1")/data/meta.properties" ]] || die "node $1 was never formatted: run kafka.sh start --cluster $NODES"
  if node_pid "$1" >/dev/null; then log "node $1 already running"; return 0; fi
  write_node_config "$1"
  launch_node "$1"
  wait_node_port "$1"
}

usage() {
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Arguments: <command> [node] [--cluster N]
COMMAND="${1:-}"; shift || true
NODES="${KAFKA_CLUSTER:-}"
ARGS=()
while (($#)); do
  case "$1" in
    --cluster) NODES="${2:-}"; shift 2 || die "--cluster needs a number of nodes" ;;
    --cluster=*) NODES="${1#--cluster=}"; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
if [[ -n "$NODES" ]]; then
  [[ "$NODES" =~ ^[1-9]$ ]] || die "--cluster / KAFKA_CLUSTER must be a number of nodes from 1 to 9, got '$NODES'"
  case "$COMMAND" in
    fetch) lock; cmd_fetch ;;
    start) lock; cluster_start ;;
    wait) run_wait "${KAFKA_BROKERS:-$(cluster_brokers)}" ;;
    stop) lock; cluster_stop ;;
    status) cluster_status ;;
    reset) lock; cluster_stop; log "wiping $CLUSTER_DIR"; rm -rf "$CLUSTER_DIR" ;;
    brokers) cluster_brokers ;;
    kill-node) cluster_kill_node "${ARGS[0]:-}" ;;
    start-node) lock; cluster_start_node "${ARGS[0]:-}" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
  exit 0
fi

case "$COMMAND" in
  fetch) lock; cmd_fetch ;;
  start) lock; cmd_start ;;
  wait) cmd_wait ;;
  stop) lock; cmd_stop ;;
  status) cmd_status ;;
  reset) lock; cmd_reset ;;
  kill-node | start-node | brokers) die "$COMMAND works in cluster mode only (--cluster N or KAFKA_CLUSTER=N)" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
