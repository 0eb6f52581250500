# shellcheck shell=bash
# Shared by up, down, status, start and stop: where the stack lives, its ports, and how one
# component is started, checked, and stopped. Sourced, never run.

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$LOCAL_DIR/../.." && pwd)"
STACK_DIR="${PP_STACK_DIR:-$REPO_DIR/.local/stack}"
STACK_ENV="$STACK_DIR/stack.env"

# A stack remembers the ports it was brought up with, so that `down`, `status`, `start` and
# `stop` only need PP_STACK_DIR. A variable set explicitly still wins.
if [[ -f "$STACK_ENV" ]]; then
  # shellcheck source=/dev/null
  source "$STACK_ENV"
fi

: "${PP_GATEWAY_PORT:=8080}"
: "${PP_GATEWAY_MANAGEMENT_PORT:=9080}"
: "${PP_PARTNER_PORT:=8081}"
: "${PP_ENGAGEMENT_PORT:=8082}"
: "${PP_NDA_PORT:=8083}"
: "${PP_NOTIFICATION_PORT:=8084}"
: "${PP_KEYCLOAK_PORT:=8180}"
: "${PP_KEYCLOAK_MGMT_PORT:=9000}"
: "${PP_KAFKA_PORT:=9092}"
: "${PP_KAFKA_CONTROLLER_PORT:=9093}"
: "${PP_MONGO_PORT:=27017}"
: "${PP_SMTP_PORT:=3025}"
: "${PP_IMAP_PORT:=3143}"
: "${PP_GREENMAIL_API_PORT:=8025}"
: "${PP_READY_TIMEOUT:=180}"
: "${PP_STOP_TIMEOUT:=30}"
: "${PP_CDS:=1}"
: "${PP_SERVICE_JAVA_HOME:=}"
: "${PP_SERVICE_JIT:=tiered}"
: "${PP_AOT_ASSEMBLY_TIMEOUT:=180}"

KEYCLOAK_VERSION="26.7.3"
TARGET_DIR="$LOCAL_DIR/target"
DIST_DIR="$REPO_DIR/.local/dist"
KEYCLOAK_DIST="$DIST_DIR/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_HOME="$STACK_DIR/keycloak"
SECRETS_DIR="$STACK_DIR/secrets"
DATA_DIR="$STACK_DIR/data"
LOG_DIR="$STACK_DIR/logs"
PID_DIR="$STACK_DIR/pids"
CONF_DIR="$STACK_DIR/conf"
REALM="partner-portal"

LOG_OFFSET=0
INFRA=(kafka mongo greenmail keycloak)
ALL_SERVICES=(partner-service engagement-service nda-service notification-service gateway)
ALL_COMPONENTS=("${INFRA[@]}" "${ALL_SERVICES[@]}")

die() {
  echo "error: $*" >&2
  exit 1
}

[[ "$PP_SERVICE_JIT" == tiered || "$PP_SERVICE_JIT" == c1 ]] \
  || die "PP_SERVICE_JIT must be tiered or c1, not '$PP_SERVICE_JIT'"

is_component() {
  local c
  for c in "${ALL_COMPONENTS[@]}"; do
    [[ "$c" == "$1" ]] && return 0
  done
  return 1
}

port_of() {
  case "$1" in
    kafka) echo "$PP_KAFKA_PORT" ;;
    mongo) echo "$PP_MONGO_PORT" ;;
    greenmail) echo "$PP_SMTP_PORT" ;;
    keycloak) echo "$PP_KEYCLOAK_PORT" ;;
    partner-service) echo "$PP_PARTNER_PORT" ;;
    engagement-service) echo "$PP_ENGAGEMENT_PORT" ;;
    nda-service) echo "$PP_NDA_PORT" ;;
    notification-service) echo "$PP_NOTIFICATION_PORT" ;;
    gateway) echo "$PP_GATEWAY_PORT" ;;
    *) die "unknown component '$1'" ;;
  esac
}

# Every port a component listens on: all must be free before it starts.
ports_of() {
  case "$1" in
    kafka) echo "$PP_KAFKA_PORT $PP_KAFKA_CONTROLLER_PORT" ;;
    greenmail) echo "$PP_SMTP_PORT $PP_IMAP_PORT $PP_GREENMAIL_API_PORT" ;;
    keycloak) echo "$PP_KEYCLOAK_PORT $PP_KEYCLOAK_MGMT_PORT" ;;
    gateway) echo "$PP_GATEWAY_PORT $PP_GATEWAY_MANAGEMENT_PORT" ;;
    *) port_of "$1" ;;
  esac
}

pid_file() { echo "$PID_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# The pid recorded for a component, if that process is alive and really is this stack's
# component (its command line carries -Dpp.stack and -Dpp.component), so a recycled pid is
# never mistaken for it.
live_pid() {
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dpp.stack=$STACK_DIR -Dpp.component=$1 "; then
    echo "$pid"
    return 0
  fi
  return 1
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_ok() {
  curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null
}

# Resident memory of a component in MB: the whole process group (Keycloak's launcher script
# runs a build JVM as a child before it execs the server).
rss_mb() {
  local kb
  kb="$(ps -o rss= -g "$1" 2>/dev/null | awk '{s+=$1} END {print s+0}')"
  echo $((kb / 1024))
}

secret() {
  tr -d '\n' <"$SECRETS_DIR/$1"
}

ready() {
  case "$1" in
    # the log line, and only from this start (the log is appended to across restarts)
    # (grep -c reads to the end: grep -q would SIGPIPE tail and fail the pipeline under pipefail)
    kafka) port_open "$PP_KAFKA_PORT" \
      && (($(tail -c "+$((LOG_OFFSET + 1))" "$(log_file kafka)" | grep -c "Kafka Server started") > 0)) ;;
    mongo) port_open "$PP_MONGO_PORT" ;;
    greenmail) http_ok "http://127.0.0.1:$PP_GREENMAIL_API_PORT/api/service/readiness" ;;
    keycloak) http_ok "http://localhost:$PP_KEYCLOAK_PORT/realms/$REALM/.well-known/openid-configuration" ;;
    *) http_ok "http://localhost:$(port_of "$1")/q/health/ready" ;;
  esac
}

service_jar() {
  echo "$REPO_DIR/$1/target/quarkus-app/quarkus-run.jar"
}

# --- AppCDS for the services and the gateway (README.md, "Start-up and AppCDS") ---
# A dynamic CDS archive holds the classes a service loaded, already parsed and verified: a start that
# maps it skips most of the class loading. The JVM that runs the service makes it
# (-XX:ArchiveClassesAtExit: the classes of the whole run, written as it exits), so it always
# matches the `java` on the PATH; `stop` keeps it only after a graceful exit. An archive belongs to
# one build of the service and one JDK: its name carries a fingerprint of both, so a rebuild or
# another JDK records a new one instead of using a stale one (which the JVM would refuse anyway,
# falling back to loading every class, never failing the start).
cds_dir() { echo "$REPO_DIR/$1/target/cds"; }

# The JDK the services and the gateway run on: PP_SERVICE_JAVA_HOME, or the `java` on the PATH.
service_java_home() {
  if [[ -n "$PP_SERVICE_JAVA_HOME" ]]; then
    readlink -f "$PP_SERVICE_JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

service_java() { echo "$(service_java_home)/bin/java"; }

# The feature release of that JDK (17, 25, ...), from its `release` file.
service_java_release() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(service_java_home)/release" 2>/dev/null)"
  echo "${v:-17}"
}

# JDK 25 and later: the AOT cache (JEP 483/514/515: classes loaded and linked, and the method
# profiles of the recording run), which replaces the dynamic CDS archive.
service_java_aot() { (($(service_java_release) >= 25)); }

# The JVM options of every service and the gateway beside the heap, one a line. The serial
# collector: a 192 MB heap on 2 cores gains nothing from G1's concurrent threads and remembered
# sets, which cost start-up time and some 40-50 MB of RSS per service (deploy/bench/README.md).
# On JDK 25, compact object headers (JEP 519): 8 bytes fewer per object. PP_SERVICE_JIT=tiered
# (the default) is the JVM's own JIT, C1 then C2 for hot code; c1 compiles with C1 alone
# (-XX:TieredStopAtLevel=1): on 2 cores C2 compiling the start-up's code competes with the start
# itself, so c1 is ready sooner, but its requests cost more CPU and the bench's tails grew with it
# (deploy/bench/README.md, "The JIT and start-up"). An archive or AOT cache is recorded and used
# with the same options (cds_maps checks it with them).
service_jvm_options() {
  echo "-XX:+UseSerialGC"
  case "$PP_SERVICE_JIT" in
    tiered) ;;
    c1) echo "-XX:TieredStopAtLevel=1" ;;
  esac
  if (($(service_java_release) >= 25)); then echo "-XX:+UseCompactObjectHeaders"; fi
}

# The fingerprint: the services' JDK (its libjvm and its runtime image), the JVM options the
# archive is recorded and used with, and every file of the service's quarkus-app (name, size,
# modification time).
cds_key() {
  local java_home app_dir
  java_home="$(service_java_home)"
  app_dir="$(dirname "$(service_jar "$1")")"
  {
    echo "$java_home"
    service_jvm_options
    stat -c '%n %s %Y' "$java_home/lib/server/libjvm.so" "$java_home/lib/modules" 2>/dev/null
    find "$app_dir" -type f -printf '%P %s %T@\n' | sort
  } | sha256sum | cut -c1-16
}

# The JVM options for AppCDS, one a line: the archive when there is one, else recording one
# (into a file of this stack and start; stop_component moves it into place after a graceful exit).
# PP_CDS=0: none; PP_CDS=record: record a new archive even if one exists.
cds_options() {
  [[ "$PP_CDS" == 0 ]] && return 0
  local archive
  archive="$(cds_dir "$1")/$(cds_key "$1").jsa"
  local recording="$archive.recording-$(echo "$STACK_DIR" | sha256sum | cut -c1-8)-$$"
  if service_java_aot; then
    if [[ "$PP_CDS" != record && -s "$archive" ]]; then
      echo "-XX:AOTCache=$archive"
    else
      # the cache is assembled as the JVM exits (a child JVM it waits for: see stop_component)
      echo "-XX:AOTCacheOutput=$recording"
    fi
    # the recording warns once per class it leaves out: errors only
    echo "-Xlog:aot*=error"
    echo "-Xlog:cds*=error"
  elif [[ "$PP_CDS" != record && -s "$archive" ]]; then
    echo "-XX:SharedArchiveFile=$archive"
  else
    echo "-XX:ArchiveClassesAtExit=$recording"
    # the dump at exit warns once per class it leaves out (thousands of lines): errors only
    echo "-Xlog:cds*=error"
  fi
}

cds_note() { echo "$PID_DIR/$1.cds-recording"; }

# After a component stopped: its recording becomes the archive if it exited gracefully ("saved")
# and the archive maps, is deleted otherwise (killed, or it exited unseen: the file may be
# incomplete, and JDK 17 dies of SIGBUS mapping a truncated archive). Older archives of the same
# service go with it.
finish_cds_recording() {
  local note recording archive
  note="$(cds_note "$1")"
  [[ -f "$note" ]] || return 0
  recording="$(<"$note")"
  rm -f "$note"
  archive="${recording%.recording-*}"
  if [[ "$2" == saved && -s "$recording" ]] && cds_maps "$1" "$recording"; then
    find "$(dirname "$archive")" -maxdepth 1 -name '*.jsa' ! -name "$(basename "$archive")" -delete
    mv -f "$recording" "$archive"
    echo "$1: AppCDS archive saved ($archive)"
  else
    [[ "$2" == saved && -f "$recording" ]] && echo "$1: the AppCDS recording does not map: discarded" >&2
    rm -f "$recording"
  fi
}

# Whether the JVM maps an archive for this service's jar (-Xshare:on makes any failure an error),
# checked once, when it is recorded (about 0.3 s).
cds_maps() {
  local java use jvm
  java="$(service_java)"
  mapfile -t jvm < <(service_jvm_options)
  if service_java_aot; then use=(-XX:AOTMode=on "-XX:AOTCache=$2"); else use=(-Xshare:on "-XX:SharedArchiveFile=$2"); fi
  (cd "$(dirname "$(service_jar "$1")")" \
    && "$java" "${use[@]}" "${jvm[@]}" -XX:ErrorFile=/dev/null -cp quarkus-run.jar -version) >/dev/null 2>&1
}

# The environment a service runs with: the addresses of this stack and its secrets.
service_env() {
  local gateway_url="http://localhost:$PP_GATEWAY_PORT"
  local env=(
    "QUARKUS_HTTP_PORT=$(port_of "$1")"
    "MONGODB_URI=mongodb://localhost:$PP_MONGO_PORT"
    "KAFKA_BOOTSTRAP_SERVERS=localhost:$PP_KAFKA_PORT"
    "PP_INTERNAL_JWT_PUBLIC_KEY_LOCATION=$SECRETS_DIR/internal-jwt-public.pem"
    "PP_PUBLIC_URL=$gateway_url"
  )
  # traces: on for every application when a collector is named (OTLP; see the root README)
  if [[ -n "${PP_OTEL_ENDPOINT:-}" ]]; then
    env+=("PP_OTEL_DISABLED=false" "PP_OTEL_ENDPOINT=$PP_OTEL_ENDPOINT" "PP_OTEL_PROTOCOL=${PP_OTEL_PROTOCOL:-grpc}")
  fi
  if [[ -n "${PP_LOG_JSON:-}" ]]; then
    env+=("PP_LOG_JSON=$PP_LOG_JSON")
  fi
  case "$1" in
    partner-service)
      env+=(
        "PP_DEMO_SEED=true"
        "KEYCLOAK_URL=http://localhost:$PP_KEYCLOAK_PORT"
        "KEYCLOAK_REALM=$REALM"
        "KEYCLOAK_ADMIN_CLIENT_ID=partner-portal-admin-api"
        "KEYCLOAK_ADMIN_CLIENT_SECRET_FILE=$SECRETS_DIR/keycloak-admin-api-client-secret"
      )
      if [[ -n "${PP_OUTBOX_ENABLED:-}" ]]; then
        env+=("PP_OUTBOX_ENABLED=$PP_OUTBOX_ENABLED")
      fi
      ;;
    nda-service)
      env+=(
        "PP_PROPOSAL_TOKEN_PRIVATE_KEY_LOCATION=$SECRETS_DIR/proposal-token-private.pem"
        "PP_PROPOSAL_TOKEN_PUBLIC_KEY_LOCATION=$SECRETS_DIR/proposal-token-public.pem"
        "PP_PORTAL_HMAC_KEY_FILE=$SECRETS_DIR/portal-hmac.key"
        "PP_NDA_SEAL_PRIVATE_KEY_LOCATION=$SECRETS_DIR/nda-seal-private.pem"
        "PP_NDA_SEAL_PUBLIC_KEYS_DIR=$SECRETS_DIR/nda-seal-public-keys"
      )
      ;;
    notification-service)
      env+=(
        "SMTP_HOST=localhost"
        "SMTP_PORT=$PP_SMTP_PORT"
        "ADMIN_EMAILS=admin@partnerportal.test"
      )
      ;;
    gateway)
      env+=(
        "OIDC_AUTH_SERVER_URL=http://localhost:$PP_KEYCLOAK_PORT/realms/$REALM"
        "OIDC_CLIENT_SECRET=$(secret keycloak-gateway-client-secret)"
        "PP_GATEWAY_MANAGEMENT_PORT=$PP_GATEWAY_MANAGEMENT_PORT"
        "PP_INTERNAL_JWT_PRIVATE_KEY_LOCATION=$SECRETS_DIR/internal-jwt-private.pem"
        "PP_PROPOSAL_TOKEN_PUBLIC_KEY_LOCATION=$SECRETS_DIR/proposal-token-public.pem"
        "PP_PORTAL_HMAC_KEY_FILE=$SECRETS_DIR/portal-hmac.key"
        "PARTNER_SERVICE_URL=http://localhost:$PP_PARTNER_PORT"
        "ENGAGEMENT_SERVICE_URL=http://localhost:$PP_ENGAGEMENT_PORT"
        "NDA_SERVICE_URL=http://localhost:$PP_NDA_PORT"
        "NOTIFICATION_SERVICE_URL=http://localhost:$PP_NOTIFICATION_PORT"
        "KEYCLOAK_URL=http://localhost:$PP_KEYCLOAK_PORT"
        "KEYCLOAK_REALM=$REALM"
        "KEYCLOAK_USERS_CLIENT_ID=partner-portal-user-reader"
        "KEYCLOAK_USERS_CLIENT_SECRET_FILE=$SECRETS_DIR/keycloak-user-reader-client-secret"
        # no proxy in front of the local gateway, said explicitly (the prod profile refuses an empty list);
        # plain HTTP, so no __Host- cookie (it needs Secure)
        "PP_TRUSTED_PROXIES=${PP_TRUSTED_PROXIES:-none}"
        "PP_SECURE_COOKIES=${PP_SECURE_COOKIES:-false}"
      )
      ;;
  esac
  printf '%s\n' "${env[@]}"
}

# The command line of a component, one word per line. -Dpp.stack/-Dpp.component mark the
# process as this stack's (see live_pid).
command_of() {
  local mark=("-Dpp.stack=$STACK_DIR" "-Dpp.component=$1")
  case "$1" in
    kafka)
      printf '%s\n' java "${mark[@]}" -Xms128m -Xmx512m \
        "-Dlog4j2.configurationFile=$LOCAL_DIR/log4j2.properties" \
        -cp "$TARGET_DIR/kafka-lib/*" kafka.Kafka "$CONF_DIR/kafka.properties"
      ;;
    mongo)
      printf '%s\n' java "${mark[@]}" -Xmx512m
      # extra JVM options for the store, split on blanks (e.g. -Xlog:gc… for a measurement)
      local store_extra=()
      read -ra store_extra <<<"${PP_STORE_JAVA_OPTS:-}"
      ((${#store_extra[@]} == 0)) || printf '%s\n' "${store_extra[@]}"
      printf '%s\n' "-Dlog4j2.configurationFile=$LOCAL_DIR/log4j2.properties" \
        -cp "$TARGET_DIR/mongo-lib/*" org.partnerportal.local.MongoWireServer \
        "$DATA_DIR/mongo/mongo.mv" "$PP_MONGO_PORT" 127.0.0.1
      ;;
    greenmail)
      # Only SMTP, IMAP and the API: greenmail.setup.test.all would also open POP3 and the TLS
      # ports at fixed numbers, which a second stack beside this one could not share.
      printf '%s\n' java "${mark[@]}" -Xmx128m \
        -Dgreenmail.hostname=127.0.0.1 \
        "-Dgreenmail.smtp.port=$PP_SMTP_PORT" "-Dgreenmail.imap.port=$PP_IMAP_PORT" \
        -Dgreenmail.api.hostname=127.0.0.1 "-Dgreenmail.api.port=$PP_GREENMAIL_API_PORT" \
        -Dgreenmail.auth.disabled \
        -jar "$TARGET_DIR/greenmail/greenmail-standalone.jar"
      ;;
    keycloak)
      # kc.home.dir points at this stack's own Keycloak home (symlinks to the shared dist plus
      # its own data/), so that stacks beside each other keep separate databases and imports.
      printf '%s\n' "$KEYCLOAK_HOME/bin/kc.sh" "${mark[@]}" "-Dkc.home.dir=$KEYCLOAK_HOME" \
        start-dev "--http-port=$PP_KEYCLOAK_PORT" "--http-management-port=$PP_KEYCLOAK_MGMT_PORT" \
        --import-realm --health-enabled=true
      ;;
    *)
      printf '%s\n' "$(service_java)" "${mark[@]}" -Xmx192m
      service_jvm_options
      cds_options "$1"
      # extra JVM options for the services and the gateway, split on blanks (e.g. -Xlog:…, JFR)
      local extra=()
      read -ra extra <<<"${PP_SERVICE_JAVA_OPTS:-}"
      ((${#extra[@]} == 0)) || printf '%s\n' "${extra[@]}"
      printf '%s\n' -jar "$(service_jar "$1")"
      ;;
  esac
}

print_failure() {
  local log
  log="$(log_file "$1")"
  echo "error: $1 $2" >&2
  if [[ -f "$log" ]]; then
    echo "---- last 30 lines of $log ----" >&2
    tail -n 30 "$log" >&2
    echo "---- end of $log ----" >&2
  fi
  echo "log: $log" >&2
}

prepare_component() {
  case "$1" in
    kafka) prepare_kafka ;;
    keycloak) prepare_keycloak ;;
    mongo | greenmail) [[ -d "$TARGET_DIR/mongo-lib" && -f "$TARGET_DIR/greenmail/greenmail-standalone.jar" ]] \
      || die "$TARGET_DIR is not built: run ./mvnw -B -q -pl deploy/local package" ;;
    *) [[ -f "$(service_jar "$1")" ]] \
      || { print_failure "$1" "cannot start: $(service_jar "$1") does not exist (build it: ./mvnw -B -q -pl $1 -am install -DskipTests)"; return 1; } ;;
  esac
}

prepare_kafka() {
  mkdir -p "$CONF_DIR" "$DATA_DIR/kafka"
  cat >"$CONF_DIR/kafka.properties" <<EOF
# Written by deploy/local on every start: one KRaft node that is both broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:$PP_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://localhost:$PP_KAFKA_PORT,CONTROLLER://localhost:$PP_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$PP_KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR/kafka
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  if [[ ! -f "$DATA_DIR/kafka/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(java -cp "$TARGET_DIR/kafka-lib/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    echo "formatting Kafka storage (cluster $cluster_id)"
    java "-Dlog4j2.configurationFile=$LOCAL_DIR/log4j2.properties" -cp "$TARGET_DIR/kafka-lib/*" \
      kafka.tools.StorageTool format -t "$cluster_id" -c "$CONF_DIR/kafka.properties" \
      >>"$(log_file kafka)" 2>&1 || { print_failure kafka "storage format failed"; return 1; }
  fi
}

# A per-stack Keycloak home: the shared, unpacked dist linked in, this stack's data/ beside it.
prepare_keycloak() {
  [[ -x "$KEYCLOAK_DIST/bin/kc.sh" ]] \
    || die "Keycloak $KEYCLOAK_VERSION is not unpacked in $KEYCLOAK_DIST: run ./mvnw -B -q -pl deploy/local package"
  mkdir -p "$KEYCLOAK_HOME/bin" "$KEYCLOAK_HOME/data/import"
  local entry name
  for entry in "$KEYCLOAK_DIST"/*; do
    name="$(basename "$entry")"
    case "$name" in
      bin | data) ;;
      *) ln -sfn "$entry" "$KEYCLOAK_HOME/$name" ;;
    esac
  done
  # bin/ is a copy: kc.sh resolves its own location to find the launcher jar and config dir
  cp -p "$KEYCLOAK_DIST"/bin/*.sh "$KEYCLOAK_HOME/bin/"
  if [[ -d "$KEYCLOAK_DIST/bin/client" ]]; then
    ln -sfn "$KEYCLOAK_DIST/bin/client" "$KEYCLOAK_HOME/bin/client"
  fi
  render_realm
}

render_realm() {
  local rendered="$KEYCLOAK_HOME/data/import/$REALM-realm.json"
  local imported="$KEYCLOAK_HOME/data/import/.imported.sha256"
  sed -e "s|__ADMIN_API_CLIENT_SECRET__|$(secret keycloak-admin-api-client-secret)|g" \
    -e "s|__GATEWAY_CLIENT_SECRET__|$(secret keycloak-gateway-client-secret)|g" \
    -e "s|__USER_READER_CLIENT_SECRET__|$(secret keycloak-user-reader-client-secret)|g" \
    -e "s|__GATEWAY_URL__|http://localhost:$PP_GATEWAY_PORT|g" \
    -e "s|__SMTP_HOST__|localhost|g" -e "s|__SMTP_PORT__|$PP_SMTP_PORT|g" \
    "$REPO_DIR/deploy/keycloak/$REALM-realm.json" >"$rendered.tmp"
  chmod 600 "$rendered.tmp"
  mv "$rendered.tmp" "$rendered"
  if [[ "${PP_REIMPORT_REALM:-}" == 1 && -d "$KEYCLOAK_HOME/data/h2" ]]; then
    echo "PP_REIMPORT_REALM=1: deleting Keycloak's database so the realm is imported again"
    rm -rf "$KEYCLOAK_HOME/data/h2"
  fi
  if [[ -f "$imported" && -d "$KEYCLOAK_HOME/data/h2" ]] \
    && ! (cd "$KEYCLOAK_HOME/data/import" && sha256sum --status -c "$imported" 2>/dev/null); then
    echo "warning: the realm template changed since Keycloak imported it; an existing realm is never" >&2
    echo "         re-imported. To apply it: PP_REIMPORT_REALM=1 deploy/local/start keycloak" >&2
    echo "         (after deploy/local/stop keycloak); this drops users created since." >&2
  fi
}

# Starts one component in the background (its own session, so stop can signal the whole
# process group) and waits for it to be ready. Returns non-zero, with its log, if it is not.
start_component() {
  local name="$1" pid
  if pid="$(live_pid "$name")"; then
    echo "$name already running (pid $pid)"
    return 0
  fi
  local port
  for port in $(ports_of "$name"); do
    if port_open "$port"; then
      print_failure "$name" "cannot start: port $port is already in use by another process"
      return 1
    fi
  done
  mkdir -p "$LOG_DIR" "$PID_DIR"
  prepare_component "$name" || return 1

  local cmd=() env=() arg
  # a recording left by a run that ended unseen (crash, kill) may be incomplete
  finish_cds_recording "$name" discard
  mapfile -t cmd < <(command_of "$name")
  for arg in "${cmd[@]}"; do
    if [[ "$arg" == -XX:ArchiveClassesAtExit=* || "$arg" == -XX:AOTCacheOutput=* ]]; then
      mkdir -p "$(cds_dir "$name")"
      echo "${arg#*=}" >"$(cds_note "$name")"
    fi
  done
  case "$name" in
    keycloak)
      env=(
        "KC_BOOTSTRAP_ADMIN_USERNAME=kcadmin"
        "KC_BOOTSTRAP_ADMIN_PASSWORD=$(secret keycloak-bootstrap-admin-password)"
        "JAVA_OPTS_KC_HEAP=-Xms64m -Xmx512m"
      )
      ;;
    kafka | mongo | greenmail) ;;
    *) mapfile -t env < <(service_env "$name") ;;
  esac

  local log workdir="$STACK_DIR"
  log="$(log_file "$name")"
  [[ "$name" == *service || "$name" == gateway ]] && workdir="$REPO_DIR/$name"
  echo "=== $(date -u +%FT%TZ) starting $name" >>"$log"
  LOG_OFFSET="$(stat -c %s "$log")"
  local started=$SECONDS
  (cd "$workdir" && exec env "${env[@]}" setsid "${cmd[@]}" </dev/null >>"$log" 2>&1) &
  pid=$!
  echo "$pid" >"$(pid_file "$name")"

  local deadline=$((SECONDS + PP_READY_TIMEOUT))
  until ready "$name"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$(pid_file "$name")"
      print_failure "$name" "exited before it was ready"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      print_failure "$name" "not ready after ${PP_READY_TIMEOUT}s (PP_READY_TIMEOUT); it is still running as pid $pid"
      return 1
    fi
    sleep 1
  done
  if [[ "$name" == keycloak ]]; then
    (cd "$KEYCLOAK_HOME/data/import" && sha256sum "$REALM-realm.json" >.imported.sha256)
  fi
  printf '%-21s ready in %3ss  (pid %s, port %s)\n' "$name" $((SECONDS - started)) "$pid" "$(port_of "$name")"
}

# Stops one component: SIGTERM to its process group, then SIGKILL after PP_STOP_TIMEOUT
# seconds; with "kill" as second argument, SIGKILL at once (a crash).
stop_component() {
  local name="$1" mode="${2:-term}" pid
  if ! pid="$(live_pid "$name")"; then
    rm -f "$(pid_file "$name")"
    finish_cds_recording "$name" discard
    return 0
  fi
  local cds=saved
  if [[ "$mode" == kill ]]; then
    cds=discard
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    echo "$name killed (SIGKILL, pid $pid)"
  else
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    local began=$SECONDS deadline=$((SECONDS + PP_STOP_TIMEOUT))
    # a JDK 25 recording assembles its AOT cache in a child JVM after the service stopped (25 s
    # idle on 2 cores): that is part of a graceful stop, not a hang
    if [[ -f "$(cds_note "$name")" ]] && service_java_aot; then
      deadline=$((deadline + PP_AOT_ASSEMBLY_TIMEOUT))
    fi
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      cds=discard
      echo "$name did not stop within ${PP_STOP_TIMEOUT}s: killed (pid $pid)"
    else
      echo "$name stopped in $((SECONDS - began))s (pid $pid)"
    fi
  fi
  local tries=20
  while kill -0 "$pid" 2>/dev/null && ((tries-- > 0)); do
    sleep 0.25
  done
  rm -f "$(pid_file "$name")"
  finish_cds_recording "$name" "$cds"
}
