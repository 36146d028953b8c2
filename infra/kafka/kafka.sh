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

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  fetch) lock; cmd_fetch ;;
  start) lock; cmd_start ;;
  wait) cmd_wait ;;
  stop) lock; cmd_stop ;;
  status) cmd_status ;;
  reset) lock; cmd_reset ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
