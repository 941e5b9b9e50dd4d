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
#   SUITE_PROFILES    the services' Spring profiles (default: demo, the README's demo keys,
#                     webhook secret and registry and config credentials, and token keys made
#                     for the run directory; anything else needs API_KEY_SECRET, API_KEY_*_HMAC,
#                     PBX_WEBHOOK_SECRET, PBX_TENANTS, EUREKA_PASSWORD, CONFIG_PASSWORD and the
#                     *_TOKEN_* keys of scripts/token-keys.sh, and the services refuse to start
#                     without them)
#   BIND_ADDRESS      the address every service listens on (default: 127.0.0.1)
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
  "mock-pbx:3030:96m"
)

ROUTED=(cdr-service phonebook-service pbx-integration-service)

# Small-container JVM: serial GC, small stacks and code cache.
BASE_JAVA_OPTS="-XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=48m \
-XX:MaxMetaspaceSize=160m -XX:+ExitOnOutOfMemoryError -Djava.security.egd=file:/dev/urandom"

jar_of() { echo "$ROOT/$1/target/$1-1.0.0-SNAPSHOT.jar"; }

# The embedded PostgreSQL is dev-only: no service's jar carries it (production refuses to start
# without a datasource). The local run adds it, with its binaries, to the services that own a
# database, after the service's own jars so that theirs win.
DEV_DB="$ROOT/embedded-postgres/target"
owns_db() { [[ "$1" == cdr-service || "$1" == phonebook-service || "$1" == pbx-integration-service ]]; }
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
  local name=$1 jar dir stamp
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
  # An archive that a killed JVM left half-written is never used (see stop_all).
  rm -f "$dir/classes.jsa.part"
  local archive="-XX:ArchiveClassesAtExit=$dir/classes.jsa.part"
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
    [[ -f "$(jar_of "${entry%%:*}")" ]] || missing=1
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

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

http_ok() { curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; }

start_one() {
  local name=$1 port=$2 heap=$3
  if pid_alive "$name"; then
    echo "  $name already running (pid $(cat "$PID_DIR/$name.pid"))"
    return
  fi
  if port_busy "$port"; then
    echo "Port $port (for $name) is already in use; stop whatever holds it first." >&2
    exit 1
  fi
  if owns_db "$name"; then stop_orphan_db "$name"; fi
  # C1 only (fast start, less memory) except in the gateway: every request of the suite crosses
  # it, and the optimising compiler halves its CPU per request once warm (bench/RESULTS.md, 3.).
  local extra="" jit="-XX:TieredStopAtLevel=1"
  case "$name" in
    api-gateway)
      jit="-XX:TieredStopAtLevel=4" ;;
    pbx-integration-service)
      # Every webhook event of every tenant passes here: it gets the optimising compiler too.
      jit="-XX:TieredStopAtLevel=4"
      extra="-Dcrm.embedded-postgres.data-dir=$DATA_DIR/$name" ;;
    cdr-service|phonebook-service)
      # Persistent embedded PostgreSQL unless a real server is configured.
      extra="-Dcrm.embedded-postgres.data-dir=$DATA_DIR/$name" ;;
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
  # shellcheck disable=SC2086
  nohup java $BASE_JAVA_OPTS $jit -Xms${heap} -Xmx${heap} $extra ${SUITE_JAVA_OPTS:-} \
    $launch >"$LOG_DIR/$name.log" 2>&1 &
  echo $! >"$PID_DIR/$name.pid"
  STARTED+=("$name")
  echo "  $name starting (pid $!, port $port, log $LOG_DIR/$name.log)"
}

registered_apps() {
  curl -fsS -m 2 -u "${EUREKA_USER:-eureka}:${EUREKA_PASSWORD:-}" -H 'Accept: application/json' \
    http://127.0.0.1:8761/eureka/apps 2>/dev/null \
    | grep -o '"app":"[A-Z-]*"' | sort -u | wc -l || echo 0
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
    registered=$(registered_apps)
    if [[ ${#pending[@]} -eq 0 && "$registered" -ge ${#SERVICES[@]} ]]; then
      # Registered is not yet routable: the gateway refreshes its copy of the registry every
      # few seconds. Ready means each route reaches its service.
      for svc in "${ROUTED[@]}"; do
        http_ok "http://127.0.0.1:8665/$svc/v3/api-docs" || pending+=("route:$svc")
      done
      [[ ${#pending[@]} -eq 0 ]] && break
    fi
    if (( $(date +%s) > deadline )); then
      echo "Timed out after ${TIMEOUT}s; not healthy: ${pending[*]:-none}; registered: $registered/${#SERVICES[@]}" >&2
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
    dir=$(cds_dir "${names[$i]}")
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

start_suite() {
    mkdir -p "$LOG_DIR" "$PID_DIR" "$DATA_DIR"
    # Once for all services: part of each class archive's stamp.
    JVM_VERSION=$(java -version 2>&1 | head -1)
    build_if_needed
    if [[ ",$PROFILES," == *,demo,* ]]; then
      echo "Profile 'demo': the README's demo API keys, a demo webhook secret and demo registry and"
      echo "  config credentials, which anyone can read. For development only; never for real tenants"
      echo "  (README, \"The demo profile\")."
      # The registry's and the config server's credentials are read before any profile of the
      # config server applies: the demo ones are set here, in the announced demo run only.
      export EUREKA_PASSWORD="${EUREKA_PASSWORD:-crm-demo-eureka}" CONFIG_PASSWORD="${CONFIG_PASSWORD:-crm-demo-config}"
      # Token signing keys are made for this run directory, not written anywhere in the project:
      # a demo key that anyone could read would let anyone sign tokens.
      if [[ -z "${GATEWAY_TOKEN_SIGNING_KEY:-}" ]]; then
        [[ -s "$RUN_DIR/token-keys.env" ]] || (umask 077; scripts/token-keys.sh >"$RUN_DIR/token-keys.env")
        set -a
        # shellcheck disable=SC1091
        source "$RUN_DIR/token-keys.env"
        set +a
      fi
    else
      echo "Profiles '${PROFILES:-default}': API keys, webhook secret, credentials and token keys from the environment."
    fi
    for var in EUREKA_PASSWORD CONFIG_PASSWORD GATEWAY_TOKEN_SIGNING_KEY GATEWAY_TOKEN_PUBLIC_KEYS \
               CDR_TOKEN_SIGNING_KEY CDR_TOKEN_PUBLIC_KEYS PBX_TOKEN_SIGNING_KEY PBX_TOKEN_PUBLIC_KEYS; do
      [[ -n "${!var:-}" ]] || { echo "Set $var (the registry's and config server's credentials; token keys: scripts/token-keys.sh)." >&2; exit 1; }
    done
    started=$(date +%s)
    echo "Starting ${#SERVICES[@]} services ..."
    for entry in "${SERVICES[@]}"; do
      IFS=: read -r name port heap _ <<<"$entry"
      start_one "$name" "$port" "$heap"
    done
    if ! wait_healthy "$started"; then
      # Only what this start started: services that were running before go on running.
      echo "Start-up failed; stopping what this start started: ${STARTED[*]:-nothing}." >&2
      if [[ ${#STARTED[@]} -gt 0 ]]; then stop_all "${STARTED[@]}"; fi
      exit 1
    fi
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
