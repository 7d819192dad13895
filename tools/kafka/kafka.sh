#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft, combined broker+controller) for local dev, tests and CI.
# Needs only Java 17+ and Maven: the broker jars come from Maven Central via tools/kafka/pom.xml.
# Everything lives under $REPO/.cache/kafka (lib, config, data, logs, pid). See docs/kafka.md.
#
#   tools/kafka/kafka.sh start|stop|restart|status|logs|reset|bootstrap|classpath|download|version
#   tools/kafka/kafka.sh run|ready|users   (the container's foreground broker, its health check, SCRAM users)
#
# With KAFKA_SASL=1 (or --sasl after the command) the broker is secured: SASL/SCRAM-SHA-512 on the
# client listener, the StandardAuthorizer with no access without an ACL, the super user `admin`
# (KAFKA_ADMIN_PASSWORD) and one SCRAM user per KAFKA_PASSWORD_<NAME> variable ("Secured mode" in
# docs/kafka.md; the ACLs come from tools/kafka/acls.ts).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_HOME="${KAFKA_HOME_DIR:-$REPO/.cache/kafka}"
# KAFKA_LIB_DIR: jars that are already there (the /opt/kafka/libs of the apache/kafka image), never downloaded.
LIB_DIR="${KAFKA_LIB_DIR:-$KAFKA_HOME/lib}"
CONF_DIR="$KAFKA_HOME/config"
DATA_DIR="$KAFKA_HOME/data"
LOG_DIR="$KAFKA_HOME/logs"
LOG_OFFSET=1  # byte offset in server.log where the current broker run starts
PID_FILE="$KAFKA_HOME/kafka.pid"
LOCK_FILE="$KAFKA_HOME/.lock"
FORMATTED_BY="$KAFKA_HOME/data.formatted-by"
DATA_MODE="$KAFKA_HOME/data.mode"  # plain or sasl: the mode the storage was formatted in
SERVER_LOG="$LOG_DIR/server.log"
STDOUT_LOG="$LOG_DIR/kafka.out"
PROPS="$CONF_DIR/server.properties"
LOG4J_CONF="$CONF_DIR/log4j2.xml"
ADMIN_CONF="$CONF_DIR/admin.properties"  # the tools' client settings (the admin's credentials when secured)

KAFKA_HOST=127.0.0.1
# Where the client listener binds and what it advertises: 127.0.0.1 here, 0.0.0.0 and the service
# name in a container. The controller listener stays on 127.0.0.1 (single node).
KAFKA_LISTEN_HOST="${KAFKA_LISTEN_HOST:-$KAFKA_HOST}"
KAFKA_ADVERTISED_HOST="${KAFKA_ADVERTISED_HOST:-$KAFKA_HOST}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
# Any valid 22-char base64url UUID; fixed so that the cluster id is the same on every machine.
KAFKA_CLUSTER_ID="${KAFKA_CLUSTER_ID:-ZmVlZGJhY2stZGVzay1rZg}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JAVA="$JAVA_HOME/bin/java"; else JAVA="java"; fi

COMMAND="${1:-}"
[[ $# -gt 0 ]] && shift
ARGS=()
for a in "$@"; do if [[ "$a" == --sasl ]]; then KAFKA_SASL=1; else ARGS+=("$a"); fi; done
case "${KAFKA_SASL:-0}" in 1|true|yes) SASL=1 ;; *) SASL=0 ;; esac
# Secured, the configuration, the logs and the metadata log hold passwords or SCRAM keys: ours alone.
if (( SASL )); then umask 077; fi
SCRAM=SCRAM-SHA-512

# The pinned version is the one in pom.xml; KAFKA_VERSION overrides it only to try another version.
PINNED_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
KAFKA_VERSION="${KAFKA_VERSION:-$PINNED_VERSION}"
[[ -n "$KAFKA_VERSION" ]] || { echo "kafka.sh: cannot read <kafka.version> from $POM" >&2; exit 1; }

# JVM flags for the short-lived tool JVMs (readiness check, storage format): start fast, stay small.
TOOL_JVM=(-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto
  -Dlog4j2.configurationFile="$CONF_DIR/log4j2-tools.xml")

# Seconds since $1 (an $EPOCHREALTIME value), with one decimal.
elapsed() { local now=$EPOCHREALTIME; printf '%d.%d' "$(( (${now/./} - ${1/./}) / 1000000 ))" "$(( (${now/./} - ${1/./}) / 100000 % 10 ))"; }

log() { echo "kafka.sh: $*" >&2; }
die() { log "$*"; exit 1; }

need_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (Java 17+ required; set JAVA_HOME or PATH)"
}

jars_present() {
  [[ -f "$LIB_DIR/kafka_2.13-$KAFKA_VERSION.jar" && -f "$LIB_DIR/kafka-tools-$KAFKA_VERSION.jar" ]] || return 1
  [[ -n "${KAFKA_LIB_DIR:-}" ]] || [[ -f "$LIB_DIR/.version" && "$(cat "$LIB_DIR/.version")" == "$KAFKA_VERSION" ]]
}

# Download the broker jars for $KAFKA_VERSION into $LIB_DIR (skipped when already there).
download() {
  jars_present && return 0
  [[ -z "${KAFKA_LIB_DIR:-}" ]] || die "no kafka $KAFKA_VERSION jars in KAFKA_LIB_DIR=$LIB_DIR"
  command -v mvn >/dev/null 2>&1 || die "mvn not found (Maven is needed once to download the Kafka jars)"
  mkdir -p "$KAFKA_HOME"
  local tmp="$KAFKA_HOME/lib.tmp.$$"
  rm -rf "$tmp"
  log "downloading Apache Kafka $KAFKA_VERSION jars from Maven Central into $LIB_DIR ..."
  # Output kept in a file (Debian's mvn -q still prints colour codes); shown only on failure.
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies -Dkafka.version="$KAFKA_VERSION" \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"$KAFKA_HOME/download.log" 2>&1; then
    cat "$KAFKA_HOME/download.log" >&2
    rm -rf "$tmp"; die "maven download of kafka $KAFKA_VERSION failed (see $KAFKA_HOME/download.log)"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after download"; }
  echo "$KAFKA_VERSION" > "$tmp/.version"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
}

# ---- Secured mode ----
# Passwords end up in JAAS lines and in the format tool's SCRAM syntax: no quotes, commas, brackets or spaces.
PASSWORD_RE='^[A-Za-z0-9._~+/=-]{12,}$'

# "name password" lines: admin, then one user per KAFKA_PASSWORD_<NAME> variable (the name in lower case).
scram_users() {
  echo "admin $KAFKA_ADMIN_PASSWORD"
  local v
  for v in ${!KAFKA_PASSWORD_@}; do
    echo "$(tr '[:upper:]' '[:lower:]' <<<"${v#KAFKA_PASSWORD_}") ${!v}"
  done
}

check_sasl_env() {
  [[ -n "${KAFKA_ADMIN_PASSWORD:-}" ]] || die "secured mode needs KAFKA_ADMIN_PASSWORD (the password of the super user admin)"
  local name pw
  while read -r name pw; do
    [[ "$name" =~ ^[a-z0-9_]+$ ]] || die "bad SCRAM user name '$name'"
    [[ "$pw" =~ $PASSWORD_RE ]] || die "the password of '$name' must be 12 or more of A-Z a-z 0-9 . _ ~ + / = -"
  done < <(scram_users)
}

# The listeners. Secured: clients (and the broker itself) authenticate with SCRAM on the client
# listener; the controller listener (127.0.0.1 only) takes PLAIN with the admin's password from
# its JAAS line, as SCRAM credentials live in the metadata the controller serves; every request
# is authorized by the StandardAuthorizer, and nothing is allowed without an ACL but to admin.
listener_config() {
  if (( SASL )); then
    cat <<EOF
listeners=SASL_PLAINTEXT://$KAFKA_LISTEN_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://$KAFKA_ADVERTISED_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=$SCRAM
sasl.mechanism.inter.broker.protocol=$SCRAM
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD" user_admin="$KAFKA_ADMIN_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
EOF
  else
    cat <<EOF
listeners=PLAINTEXT://$KAFKA_LISTEN_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_ADVERTISED_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
EOF
  fi
}

# The client settings of the tools (readiness probe, users): the admin's credentials when secured.
admin_config() {
  if (( SASL )); then
    cat <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=$SCRAM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
EOF
  else
    echo "security.protocol=PLAINTEXT"
  fi
}

# $1=console: the broker log also goes to stdout (a container's foreground broker).
write_config() {
  mkdir -p "$CONF_DIR" "$DATA_DIR" "$LOG_DIR"
  local console=''
  if [[ "${1:-}" == console ]]; then console='<AppenderRef ref="stdout"/>'; fi
  admin_config > "$ADMIN_CONF"
  cat > "$PROPS" <<EOF
# Generated by tools/kafka/kafka.sh on every start: edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
$(listener_config)

log.dirs=$DATA_DIR
metadata.log.dir=$DATA_DIR

# Services create their topics explicitly.
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=1
min.insync.replicas=1

# Single node: internal topics with RF 1, few partitions (fast first group join / first transaction).
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

# Dev data: keep it short-lived and small.
log.retention.hours=24
log.segment.bytes=104857600
log.retention.check.interval.ms=60000
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1

# Fast start/stop.
controlled.shutdown.enable=true
controlled.shutdown.max.retries=1
controlled.shutdown.retry.backoff.ms=500
# After a crash (kill -9, OOM) the restarted broker must wait for the old registration's session
# to expire before it may register again: 4 s instead of the default 9 s.
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=4000
EOF

  cat > "$LOG4J_CONF" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by tools/kafka/kafka.sh. Broker log: $SERVER_LOG -->
<Configuration status="WARN">
  <Appenders>
    <RollingFile name="server" fileName="$SERVER_LOG" filePattern="$LOG_DIR/server.log.%i">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <Policies><SizeBasedTriggeringPolicy size="50 MB"/></Policies>
      <DefaultRolloverStrategy max="3"/>
    </RollingFile>
    <Console name="stdout" target="SYSTEM_OUT"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="server"/>$console</Root>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="kafka.log.LogCleaner" level="WARN"/>
    <Logger name="org.apache.kafka.storage.internals.log.LogCleaner" level="WARN"/>
    <Logger name="org.apache.kafka.clients" level="WARN"/>
    <!-- Multi-hundred-line config dumps on every start; the effective config is server.properties. -->
    <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
  </Loggers>
</Configuration>
EOF

  cat > "$CONF_DIR/log4j2-tools.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="ERROR">
  <Appenders><Console name="err" target="SYSTEM_ERR"><PatternLayout pattern="%p %m%n"/></Console></Appenders>
  <Loggers><Root level="ERROR"><AppenderRef ref="err"/></Root></Loggers>
</Configuration>
EOF
}

# Format the KRaft storage once (meta.properties marks a formatted log dir). Secured, the SCRAM
# users are written into the metadata log here: the broker needs admin's before it can start.
format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local scram=() name pw mode=plain
  if (( SASL )); then
    mode=sasl
    while read -r name pw; do scram+=(--add-scram "$SCRAM=[name=$name,password=$pw]"); done < <(scram_users)
  fi
  log "formatting KRaft storage in $DATA_DIR (cluster id $KAFKA_CLUSTER_ID, $mode)"
  "$JAVA" "${TOOL_JVM[@]}" -cp "$LIB_DIR/*" kafka.tools.StorageTool format \
    -t "$KAFKA_CLUSTER_ID" -c "$PROPS" --ignore-formatted "${scram[@]}" >"$LOG_DIR/format.log" 2>&1 \
    || { cat "$LOG_DIR/format.log" >&2; die "storage format failed"; }
  echo "$KAFKA_VERSION" > "$FORMATTED_BY"
  echo "$mode" > "$DATA_MODE"
}

# The storage keeps the mode it was formatted in: a secured broker on plain data would have no users.
check_data_mode() {
  [[ -f "$DATA_DIR/meta.properties" ]] || return 0
  local want=plain have
  (( SASL )) && want=sasl
  have="$(cat "$DATA_MODE" 2>/dev/null || echo plain)"
  [[ "$have" == "$want" ]] || die "the data in $DATA_DIR was formatted for the $have mode, not $want: '$0 reset' wipes it, or set another KAFKA_HOME_DIR"
}

pid_of() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # Guard against a recycled pid: it must be our broker JVM.
  grep -q 'kafka\.Kafka' < <(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline") || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null; }

# A real metadata round trip: AdminClient describeCluster via ClusterTool.
answers() {
  local out admin=()
  if (( SASL )); then admin=(--command-config "$ADMIN_CONF"); fi
  out="$(timeout 20 "$JAVA" "${TOOL_JVM[@]}" -cp "$LIB_DIR/*" org.apache.kafka.tools.ClusterTool \
      cluster-id --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" "${admin[@]}" 2>&1)" || return 1
  grep -q "$KAFKA_CLUSTER_ID" <<<"$out"
}

log_tail() {
  log "---- last lines of $SERVER_LOG ----"
  tail -n 40 "$SERVER_LOG" >&2 2>/dev/null || true
  if [[ -s "$STDOUT_LOG" ]]; then log "---- last lines of $STDOUT_LOG ----"; tail -n 20 "$STDOUT_LOG" >&2; fi
}

# Waits until the broker answers a metadata request. $2=fresh: a broker we just launched, whose
# "Kafka Server started" log line is awaited before probing (each probe is a JVM, which slows
# the broker's own start on 2 cores); without the line, probes still run every 3 s.
wait_ready() {
  local pid="$1" fresh="${2:-}" deadline=$((SECONDS + KAFKA_START_TIMEOUT)) next_probe=0
  [[ "$fresh" == fresh ]] && next_probe=$((SECONDS + 5))
  while (( SECONDS < deadline )); do
    kill -0 "$pid" 2>/dev/null || { log "broker process $pid exited during startup"; log_tail; return 1; }
    if port_open "$KAFKA_PORT"; then
      if (( SECONDS >= next_probe )) \
          || grep -q 'Kafka Server started' < <(tail -c "+$LOG_OFFSET" "$SERVER_LOG" 2>/dev/null); then
        answers && return 0
        next_probe=$((SECONDS + 3))
      fi
    fi
    sleep 0.2
  done
  log "broker did not answer on $KAFKA_HOST:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s"
  log_tail
  return 1
}

# The broker's command line (KAFKA_HEAP/KAFKA_JVM_OPTS split into words on purpose).
broker_command() {
  # shellcheck disable=SC2086
  BROKER=("$JAVA" -server $KAFKA_HEAP \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Xshare:auto -Djava.awt.headless=true \
    -Dkafka.logs.dir="$LOG_DIR" -Dlog4j2.configurationFile="$LOG4J_CONF" \
    $KAFKA_JVM_OPTS \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS")
}

# Configuration and storage, before a launch.
prepare() {
  need_java
  (( SASL )) && check_sasl_env
  download
  write_config "$@"
  if [[ -f "$DATA_DIR/meta.properties" && -f "$FORMATTED_BY" && "$(cat "$FORMATTED_BY")" != "$KAFKA_VERSION" ]]; then
    log "warning: data was formatted by kafka $(cat "$FORMATTED_BY"), now running $KAFKA_VERSION; if it fails: $0 reset"
  fi
  format_storage
}

mode_name() { if (( SASL )); then echo "SASL/SCRAM, ACLs"; else echo "plaintext"; fi; }

cmd_start() {
  need_java
  mkdir -p "$KAFKA_HOME"
  exec 9>"$LOCK_FILE"   # two concurrent starts must not launch two brokers
  flock -w $((KAFKA_START_TIMEOUT + 60)) 9 || die "another kafka.sh start holds $LOCK_FILE"
  check_data_mode
  local pid
  if pid="$(pid_of)"; then
    wait_ready "$pid" || die "kafka (pid $pid) is running but not answering; try: $0 restart"
    echo "kafka already running (pid $pid), ready on $KAFKA_HOST:$KAFKA_PORT"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    die "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is already in use by another process (set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
  fi
  prepare

  : > "$STDOUT_LOG"
  LOG_OFFSET=$(( $(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0) + 1 ))
  local t0=$EPOCHREALTIME
  broker_command
  # setsid: the broker survives the caller's process group being killed; pid written by the
  # process itself (exec keeps it) so it is right whether or not setsid had to fork.
  # shellcheck disable=SC2016  # $$ is the child's
  setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$PID_FILE" "${BROKER[@]}" \
    >>"$STDOUT_LOG" 2>&1 </dev/null 9>&- &
  for _ in $(seq 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || die "could not launch the broker"
  if ! wait_ready "$pid" fresh; then
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    die "kafka failed to start"
  fi
  echo "kafka ready on $KAFKA_HOST:$KAFKA_PORT ($(mode_name); kafka $KAFKA_VERSION, pid $pid, started in $(elapsed "$t0")s)"
}

# The broker in the foreground, its log also on stdout: a container's main process (docker-compose.yml).
cmd_run() {
  mkdir -p "$KAFKA_HOME"
  check_data_mode
  prepare console
  broker_command
  echo $$ > "$PID_FILE"
  log "starting kafka $KAFKA_VERSION on $KAFKA_LISTEN_HOST:$KAFKA_PORT ($(mode_name)), advertised as $KAFKA_ADVERTISED_HOST:$KAFKA_PORT"
  exec "${BROKER[@]}"
}

# Sets the SCRAM password of every KAFKA_PASSWORD_<NAME> user on the running broker (a user added
# or a password changed after the storage was formatted). admin's stays the one of the format.
cmd_users() {
  (( SASL )) || die "users: only for the secured mode (KAFKA_SASL=1 or --sasl)"
  check_sasl_env
  pid_of >/dev/null || port_open "$KAFKA_PORT" || die "kafka is not running"
  local name pw
  while read -r name pw; do
    [[ "$name" == admin ]] && continue
    "$JAVA" "${TOOL_JVM[@]}" -cp "$LIB_DIR/*" org.apache.kafka.tools.ConfigCommand \
      --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" --command-config "$ADMIN_CONF" \
      --alter --entity-type users --entity-name "$name" --add-config "$SCRAM=[password=$pw]" >/dev/null \
      || die "could not set the SCRAM password of $name"
    echo "SCRAM user $name set"
  done < <(scram_users)
}

cmd_stop() {
  local pid
  if ! pid="$(pid_of)"; then
    rm -f "$PID_FILE"
    echo "kafka not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "graceful shutdown took more than ${KAFKA_STOP_TIMEOUT}s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  echo "kafka stopped"
}

cmd_status() {
  local pid
  if pid="$(pid_of)"; then
    if port_open "$KAFKA_PORT"; then
      echo "kafka running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT, kafka $(cat "$LIB_DIR/.version" 2>/dev/null)"
    else
      echo "kafka process running (pid $pid) but port $KAFKA_PORT not open (starting or stuck)"
    fi
    return 0
  fi
  echo "kafka not running"
  return 3
}

case "$COMMAND" in
  start)     cmd_start ;;
  run)       cmd_run ;;
  stop)      cmd_stop ;;
  restart)   cmd_stop; cmd_start ;;
  status)    cmd_status ;;
  ready)     answers ;;
  users)     cmd_users ;;
  logs)      [[ -f "$SERVER_LOG" ]] || die "no log yet at $SERVER_LOG"; exec tail -n 100 "${ARGS[@]}" "$SERVER_LOG" ;;
  reset)     cmd_stop; rm -rf "$DATA_DIR" "$CONF_DIR" "$FORMATTED_BY" "$DATA_MODE"; echo "kafka data wiped ($DATA_DIR)" ;;
  bootstrap) echo "$KAFKA_HOST:$KAFKA_PORT" ;;
  classpath) download; echo "$LIB_DIR/*" ;;
  download)  download; echo "kafka $KAFKA_VERSION jars in $LIB_DIR" ;;
  version)   echo "$KAFKA_VERSION" ;;
  *)
    cat >&2 <<EOF
usage: $0 start|stop|restart|status|logs [-f]|reset|bootstrap|classpath|download|version [--sasl]
       $0 run [--sasl]     the broker in the foreground (a container's main process)
       $0 ready            exit 0 when the running broker answers a metadata request
       $0 users --sasl     set the SCRAM password of every KAFKA_PASSWORD_<NAME> user on the running broker
  env: KAFKA_PORT=$KAFKA_PORT KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT KAFKA_HEAP='$KAFKA_HEAP'
       KAFKA_JVM_OPTS KAFKA_CLUSTER_ID KAFKA_START_TIMEOUT=$KAFKA_START_TIMEOUT KAFKA_STOP_TIMEOUT=$KAFKA_STOP_TIMEOUT
       KAFKA_HOME_DIR (state dir, default .cache/kafka) KAFKA_VERSION (override the pom pin, to try upgrades)
       KAFKA_LIB_DIR (jars already there, never downloaded) KAFKA_LISTEN_HOST KAFKA_ADVERTISED_HOST (default 127.0.0.1)
       secured mode: KAFKA_SASL=1 KAFKA_ADMIN_PASSWORD (super user admin) KAFKA_PASSWORD_<NAME> (one SCRAM user each)
EOF
    exit 2 ;;
esac
