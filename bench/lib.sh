# shellcheck shell=bash
# Shared by the bench scripts: a suite of their own (bench/.run), its embedded databases, stats.
# Everything runs on 127.0.0.1 and every loop is bounded.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
export SUITE_RUN_DIR="${BENCH_RUN_DIR:-$BENCH_DIR/.run}"
GW=http://127.0.0.1:8665
ADMIN_KEY=crm-demo-admin-key
# Benchmarks measure throughput, not the per-key rate limit; webhooks are signed.
export GATEWAY_RATE_LIMIT=${GATEWAY_RATE_LIMIT:-1000000} GATEWAY_RATE_BURST=${GATEWAY_RATE_BURST:-1000000}
export GATEWAY_WEBHOOK_RATE=${GATEWAY_WEBHOOK_RATE:-1000000} GATEWAY_WEBHOOK_BURST=${GATEWAY_WEBHOOK_BURST:-1000000}
export PBX_WEBHOOK_SECRET=${PBX_WEBHOOK_SECRET:-bench-pbx-webhook-secret-01}
# Bench 10.'s webhook receiver on loopback, which a tenant's endpoint may otherwise never reach
# (SSRF), and retries at most 20 s apart so that its backlog drains within the bench's bounds.
export BENCH_RECEIVER_PORT=${BENCH_RECEIVER_PORT:-18999}
export CRM_OUTBOUND_ALLOWEDTARGETS_0=${CRM_OUTBOUND_ALLOWEDTARGETS_0:-127.0.0.1:$BENCH_RECEIVER_PORT}
# Bench 12.'s greedy tenant's endpoints: a loopback server that never answers.
export BENCH_SILENT_PORT=${BENCH_SILENT_PORT:-18997}
export CRM_OUTBOUND_ALLOWEDTARGETS_1=${CRM_OUTBOUND_ALLOWEDTARGETS_1:-127.0.0.1:$BENCH_SILENT_PORT}
export CRM_OUTBOUND_MAXRETRY=${CRM_OUTBOUND_MAXRETRY:-20s}

suite_up() {
  if curl -fsS -m 2 -o /dev/null http://127.0.0.1:8666/actuator/health 2>/dev/null; then
    [[ -f "$SUITE_RUN_DIR/pids/api-gateway.pid" ]] || { echo "A suite not started by bench/ is running; stop it first." >&2; exit 1; }
    return
  fi
  mkdir -p "$SUITE_RUN_DIR"
  # The benches load one tenant far past what a tenant may hold in production (its share of
  # streams, jobs, deliveries, requests in flight): config-repo with that tenant's own shares raised, as an operator
  # would for a large tenant (crm.shares.tenants), and the stream cap an instance's heap allows
  # lifted for bench 9's memory figure (crm.live.stream-bytes).
  rm -rf "$SUITE_RUN_DIR/config-repo"
  cp -r "$ROOT/config-repo" "$SUITE_RUN_DIR/config-repo"
  cat >>"$SUITE_RUN_DIR/config-repo/application.yml" <<'YAML'

---
# bench/lib.sh: the bench tenants' shares.
crm:
  shares:
    tenants:
      11111111-1111-4111-8111-111111111111: {streams: 100000, streams-per-key: 100000, jobs: 20, reconciliations: 4, deliveries: 8, requests: 1000}
      22222222-2222-4222-8222-222222222222: {streams: 100000, streams-per-key: 100000, jobs: 20, reconciliations: 4, deliveries: 8, requests: 1000}
      33333333-3333-4333-8333-333333333333: {streams: 100000, streams-per-key: 100000, jobs: 20, reconciliations: 4, deliveries: 8, requests: 1000}
YAML
  cat >>"$SUITE_RUN_DIR/config-repo/cdr-service.yml" <<'YAML'

---
# bench/lib.sh: bench 9 holds more streams than the heap cap lets a production instance hold.
crm:
  live:
    stream-bytes: 16KB
    heap-share: 0.9
YAML
  export CONFIG_REPO_DIR="$SUITE_RUN_DIR/config-repo"
  "$ROOT/scripts/suite.sh" start >"$SUITE_RUN_DIR/start.log" 2>&1 || { cat "$SUITE_RUN_DIR/start.log" >&2; exit 1; }
}

suite_down() { "$ROOT/scripts/suite.sh" stop >/dev/null; }

# The port of a service's embedded PostgreSQL (the postmaster runs on the service's data dir);
# with replicas, the run's one server.
db_port() {
  if grep -q '^REPLICAS=2' "$SUITE_RUN_DIR/settings" 2>/dev/null; then echo 15432; return; fi
  pgrep -af "postgres -D $SUITE_RUN_DIR/data/$1 " | grep -o -- ' -p [0-9]*' | head -1 | awk '{print $2}'
}

# psql into a service's embedded database, e.g. db cdr-service -c 'select 1'
db() {
  local service=$1; shift
  PGCONNECT_TIMEOUT=5 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(db_port "$service")" -U postgres \
    -d "${service//-/_}" "$@"
}

now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$(now) - $1:.3f}')"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
# p50 p95 p99 (and count) of numbers on stdin, in the unit they came in
percentiles() {
  python3 -c 'import sys
v = sorted(float(x) for x in sys.stdin if x.strip())
p = lambda q: v[min(len(v) - 1, int(round(q * (len(v) - 1))))]
print(f"{p(0.50):.2f} {p(0.95):.2f} {p(0.99):.2f} {len(v)}")'
}

# A tenant's calls as gen.py makes them (seed SEED names tenant <seed>-0000-4000-8000-000000000000),
# posted through the API (the aggregates are kept by the upserts), once per size and spread
# (BENCH_DAYS, BENCH_NUMBERS, BENCH_EXTENSIONS: gen.py's).
load_calls() { # SEED CALLS TENANT
  local have spread="${BENCH_DAYS:-30} ${BENCH_NUMBERS:-5000} ${BENCH_EXTENSIONS:-50}"
  have=$(db cdr-service -At -c "select count(*) from call_record where tenant_id = '$3'")
  [[ "$have" == "$2" && "$(cat "$SUITE_RUN_DIR/spread-$3" 2>/dev/null)" == "$spread" ]] && return
  db cdr-service -qc "delete from call_record where tenant_id = '$3'"
  local data; data=$(mktemp -d /tmp/bench-report.XXXXXX)
  python3 "$BENCH_DIR/gen.py" "$data" "$2" 1 1000 "$1"
  python3 "$BENCH_DIR/post.py" "$GW/cdr-service/cdr/post" "$data" 2 "X-API-Key:$ADMIN_KEY" >/dev/null
  rm -rf "$data"
  echo "$spread" >"$SUITE_RUN_DIR/spread-$3"
  # A third of the numbers gen.py calls are contacts.
  db phonebook-service -qc "delete from contact where tenant_id = '$3'" -c "
    insert into contact (tenant_id, number, raw_number, name)
    select '$3', '+' || n, n::text, 'Bench ' || n from generate_series(35799000000, 35799000000 + ${BENCH_NUMBERS:-5000}, 3) n"
}
