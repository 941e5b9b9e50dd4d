#!/usr/bin/env bash
# Runs the whole suite locally as seven JVM processes, without Docker.
#   scripts/suite.sh start    build if needed, start all, wait until healthy and registered
#   scripts/suite.sh stop     stop all (and their embedded PostgreSQL servers)
#   scripts/suite.sh status   health of each service
#   scripts/suite.sh restart NAME   stop one service (as a crash would not: cleanly) and start it again
#   scripts/suite.sh logs NAME      the last lines of one service's log (SUITE_LOG_LINES, default 200)
# A start after a crash (kill -9) starts what is not running and leaves the rest as it is.
# Environment (all optional):
#   SUITE_RUN_DIR     pids, logs and embedded database files (default: .run)
#   CONFIG_REPO_DIR   configuration served natively (default: config-repo)
#   SUITE_TIMEOUT     seconds to wait for all-healthy (default: 180)
#   SUITE_JAVA_OPTS   extra JVM flags for every service
#   SUITE_REBUILD=1   rebuild the jars even if they exist
#   SUITE_CDS=0       run the fat jars as they are, without class data sharing
#   SUITE_PROFILES    the services' Spring profiles (default: demo, the demo keys of docs/security.md,
#                     webhook secret and registry and config credentials, and token keys made
#                     for the run directory; anything else needs API_KEY_SECRET, BOOTSTRAP_ADMIN_KEY_HMAC,
#                     PBX_WEBHOOK_SECRET, PBX_TENANTS, EUREKA_PASSWORD, CONFIG_PASSWORD and the
#                     *_TOKEN_* keys and PRIVACY_KEY of scripts/token-keys.sh, and the services refuse to start
#                     without them)
#   BIND_ADDRESS      the address every service listens on (default: 127.0.0.1)
#   SUITE_REPLICAS=2  two instances each of api-gateway (8665 and 8667, management 8666 and
#                     8668), cdr-service (8901, 8902), phonebook-service (8501, 8502) and
#                     pbx-integration-service (9901, 9902), named NAME and NAME-2; their databases
#                     in one PostgreSQL server of their own (port 15432) that no instance owns
#   SUITE_REDIS=1     start a Redis for this run (redis-server, 127.0.0.1:16379) and share the
#                     gateways' rate limits in it; or set REDIS_URL to a Redis of your own
#   SUITE_BUS=1       start a RabbitMQ for this run (rabbitmq-server, 127.0.0.1:16672) and turn the
#                     config bus on (POST /actuator/busrefresh on one instance refreshes all); or
#                     set RABBITMQ_URL and CONFIG_BUS_ENABLED=true
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUN_DIR="$(mkdir -p "${SUITE_RUN_DIR:-$ROOT/.run}" && cd "${SUITE_RUN_DIR:-$ROOT/.run}" && pwd)"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
DATA_DIR="$RUN_DIR/data"
TIMEOUT="${SUITE_TIMEOUT:-180}"
PROFILES="${SUITE_PROFILES-demo}"

# name:port:heap[:management port]. Start order matters only for speed: everything else
# retries until the registry and the config server answer.
SERVICES=(
  "discovery-server:8761:96m"
  "configuration-service:8888:96m"
  "api-gateway:8665:128m:8666"
  "cdr-service:8901:160m"
  "phonebook-service:8501:128m"
  "pbx-integration-service:9901:128m"
  "tenant-service:8601:96m"
  "mock-pbx:3030:96m"
)

ROUTED=(cdr-service phonebook-service pbx-integration-service tenant-service)

# The demo run's second PBX: another mock-pbx on 3031 with a tenant of its own, connected through
# the tenant registry's API as a customer's PBX would be (connect_second_pbx), kind signed, with a
# secret of this run. It is not in Eureka: lb://mock-pbx stays the first one, and a connection
# names its PBX by URL.
SECOND_PBX_TENANT=44444444-4444-4444-8444-444444444444
if [[ ",$PROFILES," == *,demo,* && "${SUITE_SECOND_PBX:-1}" == 1 ]]; then
  SERVICES+=("mock-pbx-2:3031:96m")
fi
# Instances that register in Eureka: all but the second PBX.
registered_expected() { local n=${#SERVICES[@]}; [[ " ${SERVICES[*]} " == *" mock-pbx-2:"* ]] && n=$((n - 1)); echo "$n"; }

# A run keeps what it was started with (replicas, Redis, bus) for its later commands: a start
# after a crash, restart, status, stop.
remembered() { sed -n "s/^$1=//p" "$RUN_DIR/settings" 2>/dev/null || true; }
REPLICAS="${SUITE_REPLICAS:-$(remembered REPLICAS)}"; REPLICAS="${REPLICAS:-1}"
WITH_REDIS="${SUITE_REDIS:-$(remembered REDIS)}"; WITH_REDIS="${WITH_REDIS:-0}"
WITH_BUS="${SUITE_BUS:-$(remembered BUS)}"; WITH_BUS="${WITH_BUS:-0}"
[[ "$REPLICAS" == 1 || "$REPLICAS" == 2 ]] || { echo "SUITE_REPLICAS is 1 or 2" >&2; exit 2; }
# Replicas: a second instance of each of these, on the port after the first's (the gateway's
# public and management ports two after: 8667 and 8668).
if [[ "$REPLICAS" == 2 ]]; then
  SERVICES+=(
    "api-gateway-2:8667:128m:8668"
    "cdr-service-2:8902:160m"
    "phonebook-service-2:8502:128m"
    "pbx-integration-service-2:9902:128m"
  )
fi
DB_PORT=15432
REDIS_PORT=16379
RABBIT_PORT=16672

# The service an instance runs: NAME-2 is NAME's second instance.
base_of() { echo "${1%-2}"; }

# Small-container JVM: serial GC, small stacks and code cache. No performance-data file: the
# JVM would sample its counters into it every 50 ms, at rest too (a sixth of an idle suite's CPU,
# bench/RESULTS.md 15.); jcmd still attaches by pid. The JVM's own housekeeping wakes less
# often: idle monitors are deflated every 5 s rather than looked for every 250 ms, and a
# safepoint for cleanup alone comes every 10 s rather than every second (RESULTS.md 15.).
JVM_AT_REST="-XX:+UnlockDiagnosticVMOptions -XX:AsyncDeflationInterval=5000 -XX:GuaranteedSafepointInterval=10000"
# Memory: a heap starts small and grows to what the service holds (up to its -Xmx); glibc keeps
# two malloc arenas, not eight per core (bench/RESULTS.md 5.).
JVM_MEMORY="-Xms16m"
export MALLOC_ARENA_MAX=2
BASE_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=48m -XX:-UsePerfData $JVM_AT_REST \
-XX:MaxMetaspaceSize=160m -XX:+ExitOnOutOfMemoryError -Djava.security.egd=file:/dev/urandom"

jar_of() { echo "$ROOT/$1/target/$1-1.0.0-SNAPSHOT.jar"; }

# The embedded PostgreSQL is dev-only: no service's jar carries it (production refuses to start
# without a datasource). The local run adds it, with its binaries, to the services that own a
# database, after the service's own jars so that theirs win.
DEV_DB="$ROOT/embedded-postgres/target"
owns_db() { [[ "$1" == cdr-service || "$1" == phonebook-service || "$1" == pbx-integration-service || "$1" == tenant-service ]]; }
dev_db_jars() { # the jars, separated by $1
  local sep=$1 out="$DEV_DB/embedded-postgres-1.0.0-SNAPSHOT.jar" jar
  for jar in "$DEV_DB"/dev-classpath/*.jar; do out="$out$sep$jar"; done
  echo "$out"
}

# Class data sharing: loading and verifying classes is most of a JVM's start-up CPU, and seven
# JVMs share two cores (bench/RESULTS.md, 5.). A service runs from its extracted jar (a plain
# class path, which the JVM can archive) with the archive of the classes its previous run
# loaded. A start without an archive records one, written when the service stops; a rebuilt
# jar or another JVM starts over.
cds_dir() { echo "$ROOT/$1/target/cds"; }

launch_args() { # name: the JVM arguments that run the service
  local instance=$1 name jar dir stamp
  name=$(base_of "$1")
  jar=$(jar_of "$name")
  if [[ "${SUITE_CDS:-1}" == 0 ]]; then
    if owns_db "$name"; then
      # The fat jar's own launcher, told where the extra jars are.
      echo "-Dloader.path=$(dev_db_jars ,) -cp $jar org.springframework.boot.loader.launch.PropertiesLauncher"
    else
      echo "-jar $jar"
    fi
    return
  fi
  dir=$(cds_dir "$name")
  # An archive only fits the jar and the JVM that recorded it.
  stamp="$(stat -c '%s %Y' "$jar") $JVM_VERSION"
  if [[ "$(cat "$dir/stamp" 2>/dev/null)" != "$stamp" ]]; then
    rm -rf "$dir"
    java -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null || return 1
    echo "$stamp" >"$dir/stamp"
  fi
  # An archive that a killed JVM left half-written is never used (see stop_all). A second
  # instance only reads the first's archive: two JVMs would write the same file.
  local archive=""
  if [[ "$instance" == "$name" ]]; then
    rm -f "$dir/classes.jsa.part"
    archive="-XX:ArchiveClassesAtExit=$dir/classes.jsa.part"
  fi
  [[ -s "$dir/classes.jsa" ]] && archive="-XX:SharedArchiveFile=$dir/classes.jsa"
  local app
  app="$dir/app/$(basename "$jar")"
  if owns_db "$name"; then
    local main
    main=$(python3 -c 'import sys, zipfile
for line in zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode().splitlines():
    if line.startswith("Main-Class:"):
        print(line.split(":", 1)[1].strip())' "$app")
    echo "$archive -Xlog:cds=off -cp $app:$(dev_db_jars :) $main"
  else
    echo "$archive -Xlog:cds=off -jar $app"
  fi
}

build_if_needed() {
  local missing=0
  for entry in "${SERVICES[@]}"; do
    [[ -f "$(jar_of "$(base_of "${entry%%:*}")")" ]] || missing=1
  done
  [[ -d "$DEV_DB/dev-classpath" ]] || missing=1
  if [[ "$missing" == 1 || "${SUITE_REBUILD:-0}" == 1 ]]; then
    echo "Building service jars (./mvnw -DskipTests package) ..."
    ./mvnw -B -q -DskipTests package
  fi
}

pid_alive() { [[ -f "$PID_DIR/$1.pid" ]] && kill -0 "$(cat "$PID_DIR/$1.pid")" 2>/dev/null; }

# A JVM killed hard leaves its embedded postmaster behind, holding the data directory: the next
# start of that service would wait for it in vain. It is asked to stop (fast shutdown: its data
# is consistent, the dead JVM's connections are gone), and killed if it does not.
stop_orphan_db() { # name
  local dir="$DATA_DIR/$1" pids
  pids=$(pgrep -f "postgres -D $dir( |$)" || true)
  [[ -z "$pids" ]] && return 0
  echo "  $1: stopping the embedded PostgreSQL its last run left behind"
  # shellcheck disable=SC2086
  kill -INT $pids 2>/dev/null || true
  for _ in $(seq 1 20); do
    pgrep -f "postgres -D $dir( |$)" >/dev/null || return 0
    sleep 0.5
  done
  pkill -9 -f "postgres -D $dir( |$)" 2>/dev/null || true
  rm -f "$dir/postmaster.pid"
}

STARTED=()

# Where a service's database is: by default the embedded PostgreSQL its JVM starts (persistent,
# in the run directory); with replicas, its database on the run's own server (start_database).
database_args() { # base name
  if [[ "$REPLICAS" == 1 ]]; then
    echo "-Dcrm.embedded-postgres.data-dir=$DATA_DIR/$1 -Dcrm.embedded-postgres.app-role=true"
  else
    echo "-Dspring.datasource.url=jdbc:postgresql://127.0.0.1:$DB_PORT/${1//-/_} -Dspring.datasource.username=postgres -Dspring.datasource.password="
  fi
}

aux_alive() { [[ -f "$PID_DIR/$1.pid" ]] && kill -0 "$(cat "$PID_DIR/$1.pid")" 2>/dev/null; }

wait_port() { # port seconds what
  local i
  for i in $(seq 1 $(( $2 * 4 ))); do
    port_busy "$1" && return 0
    sleep 0.25
  done
  echo "$3 did not listen on $1 within $2 s; see $LOG_DIR" >&2
  return 1
}

# The replicas' PostgreSQL: the embedded-postgres module's DevDatabaseServer, on cdr-service's
# class path (its jar has the driver and logging), with a data directory of the run's.
start_database() {
  if aux_alive postgres; then return; fi
  local dir="$DATA_DIR/postgres"
  pkill -INT -f "postgres -D $dir( |$)" 2>/dev/null && sleep 2
  echo "  postgres starting (port $DB_PORT, data $dir)"
  nohup java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -Dloader.path="$(dev_db_jars ,)" \
    -Dloader.main=com.crmtelephony.embeddedpostgres.DevDatabaseServer \
    -cp "$(jar_of cdr-service)" org.springframework.boot.loader.launch.PropertiesLauncher \
    "$dir" "$DB_PORT" cdr_service phonebook_service pbx_integration_service tenant_service >>"$LOG_DIR/postgres.log" 2>&1 &
  echo $! >"$PID_DIR/postgres.pid"
  for _ in $(seq 1 240); do
    grep -q "PostgreSQL ready on port" "$LOG_DIR/postgres.log" && return 0
    aux_alive postgres || break
    sleep 0.25
  done
  echo "The replicas' PostgreSQL did not start; see $LOG_DIR/postgres.log" >&2
  exit 1
}

start_redis() {
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  if aux_alive redis; then return; fi
  command -v redis-server >/dev/null || { echo "SUITE_REDIS=1 needs redis-server (apt-get install redis-server)." >&2; exit 1; }
  echo "  redis starting (port $REDIS_PORT)"
  nohup redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
    >>"$LOG_DIR/redis.log" 2>&1 &
  echo $! >"$PID_DIR/redis.pid"
  wait_port "$REDIS_PORT" 20 redis-server
}

# A broker of the run's own: its node name, data and logs in the run directory, loopback only.
start_rabbitmq() {
  export RABBITMQ_URL="amqp://guest:guest@127.0.0.1:$RABBIT_PORT" CONFIG_BUS_ENABLED=true
  if aux_alive rabbitmq; then return; fi
  # Debian's wrapper would switch to its rabbitmq user, which cannot write this run's directory;
  # the server it wraps runs as whoever starts it.
  local server=/usr/lib/rabbitmq/bin/rabbitmq-server
  [[ -x "$server" ]] || server=$(command -v rabbitmq-server) \
    || { echo "SUITE_BUS=1 needs rabbitmq-server (apt-get install rabbitmq-server)." >&2; exit 1; }
  echo "  rabbitmq starting (port $RABBIT_PORT)"
  mkdir -p "$RUN_DIR/rabbitmq/mnesia" "$RUN_DIR/rabbitmq/log"
  RABBITMQ_NODENAME="crm-suite-$RABBIT_PORT@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$RABBIT_PORT" RABBITMQ_DIST_PORT=$(( RABBIT_PORT + 20000 )) \
    RABBITMQ_MNESIA_BASE="$RUN_DIR/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$RUN_DIR/rabbitmq/log" \
    RABBITMQ_CONFIG_FILE="$RUN_DIR/rabbitmq/none" RABBITMQ_ENABLED_PLUGINS_FILE="$RUN_DIR/rabbitmq/plugins" \
    RABBITMQ_FEATURE_FLAGS_FILE="$RUN_DIR/rabbitmq/feature_flags" ERL_CRASH_DUMP="$RUN_DIR/rabbitmq/erl_crash.dump" \
    ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    HOME="$RUN_DIR/rabbitmq" nohup "$server" >>"$LOG_DIR/rabbitmq.log" 2>&1 &
  echo $! >"$PID_DIR/rabbitmq.pid"
  wait_port "$RABBIT_PORT" 90 rabbitmq-server
}

stop_aux() {
  local name pid
  for name in rabbitmq redis postgres; do
    aux_alive "$name" || { rm -f "$PID_DIR/$name.pid"; continue; }
    pid=$(cat "$PID_DIR/$name.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PID_DIR/$name.pid"
  done
  # The broker's Erlang VM (its home is this run's) and, once no Erlang VM is left, epmd.
  pkill -f -- "-home $RUN_DIR/rabbitmq( |$)" 2>/dev/null || true
  if command -v epmd >/dev/null && ! pgrep -x beam.smp >/dev/null; then epmd -kill >/dev/null 2>&1 || true; fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_ok() { curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; }

start_one() {
  local name=$1 port=$2 heap=$3 mgmt=${4:-} base
  base=$(base_of "$1")
  if pid_alive "$name"; then
    echo "  $name already running (pid $(cat "$PID_DIR/$name.pid"))"
    return
  fi
  if port_busy "$port"; then
    echo "Port $port (for $name) is already in use; stop whatever holds it first." >&2
    exit 1
  fi
  if owns_db "$base" && [[ "$REPLICAS" == 1 ]]; then stop_orphan_db "$name"; fi
  # C1 only (fast start, less memory) except in the gateway: every request of the suite crosses
  # it, and the optimising compiler halves its CPU per request once warm (bench/RESULTS.md, 3.).
  local extra="" jit="-XX:TieredStopAtLevel=1"
  case "$base" in
    api-gateway)
      jit="-XX:TieredStopAtLevel=4" ;;
    pbx-integration-service)
      # Every webhook event of every tenant passes here: it gets the optimising compiler too.
      jit="-XX:TieredStopAtLevel=4"
      extra=$(database_args "$base") ;;
    cdr-service|phonebook-service|tenant-service)
      extra=$(database_args "$base") ;;
    mock-pbx)
      if [[ "$name" == mock-pbx-2 ]]; then
        extra="-Deureka.client.register-with-eureka=false -Deureka.client.fetch-registry=false \
-Dcrm.mock-pbx.tenants=$SECOND_PBX_TENANT -Dcrm.mock-pbx.seed=4242"
      fi ;;
    configuration-service)
      extra="-Dspring.cloud.config.server.native.search-locations=file:$(cd "${CONFIG_REPO_DIR:-$ROOT/config-repo}" && pwd)/" ;;
  esac
  # The config server's own profile picks its repository kind (CONFIG_PROFILE); every other
  # service asks it for the profiles of this run.
  if [[ "$name" != configuration-service && -n "$PROFILES" ]]; then
    extra="$extra -Dspring.profiles.active=$PROFILES"
  fi
  local launch
  launch=$(launch_args "$name") || { echo "Could not extract $(jar_of "$name")." >&2; exit 1; }
  # Each run of an instance adds to its log: what a crashed one said before is still there.
  echo "=== $(date -u +%FT%TZ) suite.sh starts $name" >>"$LOG_DIR/$name.log"
  # shellcheck disable=SC2086
  env PORT=$port ${mgmt:+MANAGEMENT_PORT=$mgmt} nohup java $BASE_JAVA_OPTS $jit $JVM_MEMORY -Xmx${heap} $extra ${SUITE_JAVA_OPTS:-} \
    $launch >>"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$PID_DIR/$name.pid"
  STARTED+=("$name")
  echo "  $name starting (pid $!, port $port, log $LOG_DIR/$name.log)"
}

registered_instances() { # instances UP in the registry
  curl -fsS -m 2 -u "${EUREKA_USER:-eureka}:${EUREKA_PASSWORD:-}" -H 'Accept: application/json' \
    http://127.0.0.1:8761/eureka/apps 2>/dev/null \
    | grep -o '"status":"UP"' | wc -l || echo 0
}

wait_healthy() {
  local started=$1 deadline=$(( $1 + TIMEOUT ))
  while :; do
    local pending=()
    for entry in "${SERVICES[@]}"; do
      IFS=: read -r name port _ mgmt <<<"$entry"
      if ! pid_alive "$name"; then
        echo "$name exited during start-up; last lines of its log:" >&2
        tail -n 30 "$LOG_DIR/$name.log" >&2
        return 1
      fi
      http_ok "http://127.0.0.1:${mgmt:-$port}/actuator/health" || pending+=("$name")
    done
    local registered
    registered=$(registered_instances)
    if [[ ${#pending[@]} -eq 0 && "$registered" -ge $(registered_expected) ]]; then
      # Registered is not yet routable: the gateway refreshes its copy of the registry every
      # few seconds. Ready means each route reaches its service.
      for svc in "${ROUTED[@]}"; do
        http_ok "http://127.0.0.1:8665/$svc/v3/api-docs" || pending+=("route:$svc")
      done
      [[ ${#pending[@]} -eq 0 ]] && break
    fi
    if (( $(date +%s) > deadline )); then
      echo "Timed out after ${TIMEOUT}s; not healthy: ${pending[*]:-none}; registered: $registered/$(registered_expected)" >&2
      return 1
    fi
    sleep 1
  done
  local elapsed=$(( $(date +%s) - started ))
  echo "All ${#SERVICES[@]} services healthy, registered in Eureka and routed after ${elapsed}s."
  echo "$elapsed" >"$RUN_DIR/startup-seconds"
}

print_urls() {
  cat <<EOF
  API gateway      http://localhost:8665  (Swagger UI: http://localhost:8665/swagger-ui.html; operators: :8666/actuator)
  Eureka           http://localhost:8761
  Config server    http://localhost:8888/cdr-service/default
  Logs             $LOG_DIR
  Memory (RSS):
EOF
  local total=0
  for entry in "${SERVICES[@]}"; do
    local name=${entry%%:*} rss
    rss=$(ps -o rss= -p "$(cat "$PID_DIR/$name.pid")" 2>/dev/null | tr -d ' ' || echo 0)
    total=$(( total + ${rss:-0} ))
    printf '    %-24s %6d MiB\n' "$name" $(( ${rss:-0} / 1024 ))
  done
  printf '    %-24s %6d MiB\n' "total" $(( total / 1024 ))
}

stop_all() { # [name ...]: those services only (default: all)
  local pids=() names=() grace=30 only=" ${*:-} "
  for entry in "${SERVICES[@]}"; do
    local name=${entry%%:*}
    [[ "$only" == "  " || "$only" == *" $name "* ]] || continue
    if pid_alive "$name"; then
      pids+=("$(cat "$PID_DIR/$name.pid")")
      names+=("$name")
      # Writing a class archive at exit takes seven JVMs on two cores about half a minute more.
      grep -qa ArchiveClassesAtExit "/proc/${pids[-1]}/cmdline" 2>/dev/null && grace=120
      kill "$(cat "$PID_DIR/$name.pid")" 2>/dev/null || true
    fi
    rm -f "$PID_DIR/$name.pid"
  done
  for _ in $(seq 1 "$grace"); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 1
  done
  local i
  for i in "${!pids[@]}"; do
    local dir
    dir=$(cds_dir "$(base_of "${names[$i]}")")
    if kill -9 "${pids[$i]}" 2>/dev/null; then
      rm -f "$dir/classes.jsa.part"
    elif [[ -s "$dir/classes.jsa.part" ]]; then
      mv "$dir/classes.jsa.part" "$dir/classes.jsa"   # the JVM exited and wrote it whole
    fi
  done
  # A JVM killed hard leaves its embedded postmaster behind: stop those too.
  local n
  for n in "${names[@]}"; do
    if owns_db "$n"; then stop_orphan_db "$n" >/dev/null; fi
  done
  if [[ "$only" == "  " ]]; then
    stop_aux
    rm -f "$RUN_DIR/settings"
    pkill -f "postgres -D $DATA_DIR" 2>/dev/null || true
    echo "Suite stopped."
  else
    echo "Stopped:${only% }."
  fi
}

status() {
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port _ mgmt <<<"$entry"
    local state="down"
    pid_alive "$name" && state="starting"
    http_ok "http://127.0.0.1:${mgmt:-$port}/actuator/health" && state="UP"
    printf '  %-24s %-6s %s\n' "$name" "$port" "$state"
  done
}

known_service() {
  local entry
  for entry in "${SERVICES[@]}"; do
    [[ "${entry%%:*}" == "$1" ]] && return 0
  done
  echo "No service '$1'; one of: $(printf '%s ' "${SERVICES[@]%%:*}")" >&2
  exit 2
}

# The second PBX's tenant and connection, made through the gateway with the demo admin key, as an
# operator onboards a customer (README, "Onboarding a tenant"). Again at each start: the tenant
# is kept (409), the connection set anew with this run's secret (made once per run directory).
connect_second_pbx() {
  local key=crm-demo-admin-key api=http://127.0.0.1:8665/tenant-service secret code
  [[ -s "$RUN_DIR/second-pbx-secret" ]] || (umask 077; printf 'whsec_%s' "$(head -c 32 /dev/urandom | base64)" >"$RUN_DIR/second-pbx-secret")
  secret=$(cat "$RUN_DIR/second-pbx-secret")
  code=$(curl -sS -o /dev/null -w '%{http_code}' -m 10 -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$SECOND_PBX_TENANT\",\"name\":\"Demo tenant of the second PBX\"}" "$api/tenants")
  [[ "$code" == 201 || "$code" == 409 ]] || { echo "Could not register the second PBX's tenant: HTTP $code" >&2; return 1; }
  code=$(curl -sS -o /dev/null -w '%{http_code}' -m 10 -X PUT -H "X-API-Key: $key" -H 'Content-Type: application/json' \
    -d "{\"baseUrl\":\"http://127.0.0.1:3031\",\"kind\":\"signed\",\"webhookSecret\":\"$secret\"}" \
    "$api/tenants/$SECOND_PBX_TENANT/pbx")
  [[ "$code" == 200 || "$code" == 201 ]] || { echo "Could not connect the second PBX: HTTP $code" >&2; return 1; }
  echo "Second PBX (mock-pbx-2, http://127.0.0.1:3031) connected for tenant $SECOND_PBX_TENANT."
}

start_suite() {
    mkdir -p "$LOG_DIR" "$PID_DIR" "$DATA_DIR"
    # Once for all services: part of each class archive's stamp.
    JVM_VERSION=$(java -version 2>&1 | head -1)
    build_if_needed
    if [[ ",$PROFILES," == *,demo,* ]]; then
      echo "Profile 'demo': the demo API keys of docs/security.md, a demo webhook secret and demo registry and"
      echo "  config credentials, which anyone can read. For development only; never for real tenants"
      echo "  (docs/operations.md, \"The demo profile\")."
      # The registry's and the config server's credentials are read before any profile of the
      # config server applies: the demo ones are set here, in the announced demo run only.
      export EUREKA_PASSWORD="${EUREKA_PASSWORD:-crm-demo-eureka}" CONFIG_PASSWORD="${CONFIG_PASSWORD:-crm-demo-config}"
      # Token signing keys are made for this run directory, not written anywhere in the project:
      # a demo key that anyone could read would let anyone sign tokens.
      if [[ -z "${GATEWAY_TOKEN_SIGNING_KEY:-}" ]]; then
        [[ -s "$RUN_DIR/token-keys.env" ]] || (umask 077; scripts/token-keys.sh >"$RUN_DIR/token-keys.env")
        # A run directory from before phonebook-service signed tokens of its own gets its key added.
        grep -q '^PHONEBOOK_TOKEN_SIGNING_KEY=' "$RUN_DIR/token-keys.env" \
          || (umask 077; scripts/token-keys.sh PHONEBOOK >>"$RUN_DIR/token-keys.env")
        set -a
        # shellcheck disable=SC1091
        source "$RUN_DIR/token-keys.env"
        set +a
      fi
    else
      echo "Profiles '${PROFILES:-default}': API keys, webhook secret, credentials and token keys from the environment."
    fi
    for var in EUREKA_PASSWORD CONFIG_PASSWORD GATEWAY_TOKEN_SIGNING_KEY GATEWAY_TOKEN_PUBLIC_KEYS \
               CDR_TOKEN_SIGNING_KEY CDR_TOKEN_PUBLIC_KEYS PBX_TOKEN_SIGNING_KEY PBX_TOKEN_PUBLIC_KEYS \
               PHONEBOOK_TOKEN_SIGNING_KEY PHONEBOOK_TOKEN_PUBLIC_KEYS PRIVACY_KEY; do
      [[ -n "${!var:-}" ]] || { echo "Set $var (the registry's and config server's credentials; token keys and PRIVACY_KEY: scripts/token-keys.sh)." >&2; exit 1; }
    done
    started=$(date +%s)
    printf 'REPLICAS=%s\nREDIS=%s\nBUS=%s\n' "$REPLICAS" "$WITH_REDIS" "$WITH_BUS" >"$RUN_DIR/settings"
    if [[ "$REPLICAS" == 2 ]]; then start_database; fi
    if [[ "$WITH_REDIS" == 1 ]]; then start_redis; fi
    if [[ "$WITH_BUS" == 1 ]]; then start_rabbitmq; fi
    echo "Starting ${#SERVICES[@]} services ..."
    for entry in "${SERVICES[@]}"; do
      IFS=: read -r name port heap mgmt <<<"$entry"
      start_one "$name" "$port" "$heap" "$mgmt"
    done
    if ! wait_healthy "$started"; then
      # Only what this start started: services that were running before go on running.
      echo "Start-up failed; stopping what this start started: ${STARTED[*]:-nothing}." >&2
      if [[ ${#STARTED[@]} -gt 0 ]]; then stop_all "${STARTED[@]}"; fi
      exit 1
    fi
    if [[ " ${SERVICES[*]} " == *" mock-pbx-2:"* ]]; then connect_second_pbx; fi
    print_urls
}

case "${1:-}" in
  start) start_suite ;;
  stop) stop_all ;;
  status) status ;;
  restart) known_service "${2:-}"; stop_all "$2"; start_suite ;;
  logs) known_service "${2:-}"; tail -n "${SUITE_LOG_LINES:-200}" "$LOG_DIR/$2.log" ;;
  *) echo "usage: $0 start|stop|status|restart NAME|logs NAME" >&2; exit 2 ;;
esac
