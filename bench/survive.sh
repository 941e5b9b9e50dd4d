#!/usr/bin/env bash
# 13. What one instance survives, with the tenant's shares lifted: the largest load of each kind
#     that one key could send if shares did not stop it, against one instance of the local run.
#     bench/survive.sh [CALLS=200000] [SECONDS=20] [REPORTS="1 8 32 128"] [IMPORTS="1 8 32"] [ROWS=20000]
#    a) reports: CONCURRENCY clients keep GET /cdr/report over a month of a tenant of CALLS calls
#       (ranged, so its top numbers group the range's calls and ask the phone book) in flight on
#       the one cdr-service, by the admin key (no tenant's requests share). Baseline: one client.
#    b) imports: CONCURRENCY clients keep async phone book imports of ROWS rows coming, by a tenant
#       key whose job share is lifted to the queue's size, on the one phonebook-service.
#    Each line: answers by status, p50/p95 (ms), the instance's heap after a full GC at rest and at
#    its largest while the load ran, and whether the process is the one that started.
source "$(dirname "$0")/lib.sh"
CALLS=${1:-200000} SECONDS_=${2:-20} REPORTS=${3:-"1 8 32 128"} IMPORTS=${4:-"1 8 32"} ROWS=${5:-20000}
suite_up
BIG=00000001-0000-4000-8000-000000000000
load_calls 1 "$CALLS" "$BIG"
cdr=$(cat "$SUITE_RUN_DIR/pids/cdr-service.pid") phonebook=$(cat "$SUITE_RUN_DIR/pids/phonebook-service.pid")
heap_of() { ps -o args= -p "$1" | grep -o -- '-Xmx[0-9]*[mMgG]' | head -1; }

report="$GW/cdr-service/cdr/report?from=2024-04-30T12:30:00Z&to=2024-06-01T12:30:00Z"
echo "a) reports of a month of $CALLS calls on one cdr-service ($(heap_of "$cdr") heap), ${SECONDS_}s a level"
echo "   clients requests answers p50_ms p95_ms heap_at_rest_mib heap_peak_mib"
base_p95=
for c in $REPORTS; do
  read -r n answers p50 p95 idle peak < <(python3 "$BENCH_DIR/survive.py" "$report" GET - "$c" "$SECONDS_" "$cdr" \
    "X-API-Key:$ADMIN_KEY" "tenant-uuid:$BIG")
  base_p95=${base_p95:-$p95}
  echo "   $c $n $answers $p50 $p95 $idle $peak  (p95 ratio to one client $(ratio "$p95" "$base_p95"))"
done
kill -0 "$cdr" 2>/dev/null && echo "   cdr-service: the same process throughout (pid $cdr)" || { echo "cdr-service died" >&2; exit 1; }

csv=$(mktemp /tmp/bench-survive.XXXXXX.csv); trap 'rm -f "$csv"' EXIT
python3 -c "
import sys
print('name,email,number')
for i in range($ROWS):
    print(f'Survive {i},,+3579755{i % 10000:04d}')" >"$csv"
echo "b) async imports of $ROWS rows ($(wc -c <"$csv") bytes) on one phonebook-service ($(heap_of "$phonebook") heap), ${SECONDS_}s a level"
echo "   clients requests answers p50_ms p95_ms heap_at_rest_mib heap_peak_mib"
for c in $IMPORTS; do
  read -r n answers p50 p95 idle peak < <(python3 "$BENCH_DIR/survive.py" "$GW/phonebook-service/phone_book/records/import" \
    POST "$csv" "$c" "$SECONDS_" "$phonebook" "X-API-Key:crm-demo-tenant1-key" "Prefer:respond-async" "Content-Type:text/csv")
  echo "   $c $n $answers $p50 $p95 $idle $peak"
  # The queue drains before the next level (bounded: the jobs' own deadline is far shorter).
  for ((i = 0; i < 600; i++)); do
    running=$(db phonebook-service -At -c "select count(*) from job where state in ('queued', 'running')" 2>/dev/null || echo 0)
    [[ "$running" == 0 ]] && break; sleep 1
  done
done
kill -0 "$phonebook" 2>/dev/null && echo "   phonebook-service: the same process throughout (pid $phonebook)" || { echo "phonebook-service died" >&2; exit 1; }
