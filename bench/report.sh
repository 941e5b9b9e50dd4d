#!/usr/bin/env bash
# 2. Report latency: p95 of GET /cdr/report through the gateway for one tenant with CALLS calls
#    and one with SMALL calls, all posted through the API with the same spread (a realistic
#    history: 180 days, 20,000 other parties of which a third are contacts, 50 extensions), against
#    the p95 of `select count(*)` over the big tenant's calls (pgbench) in the same run; then the
#    time of each query of the big tenant's report (EXPLAIN ANALYZE).
#    BENCH_DAYS=180 BENCH_NUMBERS=20000 BENCH_EXTENSIONS=50 bench/report.sh [CALLS=1000000] [SMALL=10000] [REQUESTS=200]
source "$(dirname "$0")/lib.sh"
CALLS=${1:-1000000} SMALL=${2:-10000} REQUESTS=${3:-200}
export BENCH_DAYS=${BENCH_DAYS:-180} BENCH_NUMBERS=${BENCH_NUMBERS:-20000} BENCH_EXTENSIONS=${BENCH_EXTENSIONS:-50}
suite_up
# gen.py names a seed's one tenant <seed>-0000-4000-8000-000000000000.
BIG=00000001-0000-4000-8000-000000000000 LITTLE=00000002-0000-4000-8000-000000000000

load_calls 1 "$CALLS" "$BIG"
load_calls 2 "$SMALL" "$LITTLE"
db cdr-service -qc "vacuum analyze call_record" -c "vacuum analyze call_hour" -c "vacuum analyze call_number"

# Both tenants' reports, REQUESTS sequential requests each, alternating (neither gets a warmer
# JIT than the other), after 40 to warm up; their times in $logdir/big and $logdir/little.
logdir=$(mktemp -d /tmp/bench-report.XXXXXX); trap 'rm -rf "$logdir"' EXIT
ask() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$GW/cdr-service/cdr/report" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $1"; }
for _ in $(seq 1 20); do ask "$BIG" >/dev/null; ask "$LITTLE" >/dev/null; done
for _ in $(seq 1 "$REQUESTS"); do ask "$BIG" >>"$logdir/big"; ask "$LITTLE" >>"$logdir/little"; done
p95_of() { # FILE
  if grep -qv '^200 ' "$1"; then echo "non-200 answers: $(grep -v '^200 ' "$1" | head -3)" >&2; exit 1; fi
  awk '{print $2 * 1000}' "$1" | percentiles
}
read -r b50 b95 b99 _ < <(p95_of "$logdir/big")
read -r l50 l95 l99 _ < <(p95_of "$logdir/little")

echo "select count(*) from call_record where tenant_id = '$BIG';" >"$logdir/count.sql"
PGPASSWORD='' pgbench -n -h 127.0.0.1 -p "$(db_port cdr-service)" -U postgres -f "$logdir/count.sql" -t 20 cdr_service >/dev/null
(cd "$logdir" && PGPASSWORD='' pgbench -n -h 127.0.0.1 -p "$(db_port cdr-service)" -U postgres -f count.sql \
  -t "$REQUESTS" -l cdr_service >/dev/null)
read -r c50 c95 c99 _ < <(cat "$logdir"/pgbench_log.* | awk '{print $3 / 1000}' | percentiles)

echo "report: a tenant of $CALLS calls and one of $SMALL, $REQUESTS sequential requests each (ms)"
echo "  API, $CALLS calls:  p50 $b50  p95 $b95  p99 $b99"
echo "  API, $SMALL calls:  p50 $l50  p95 $l95  p99 $l99"
echo "  select count(*) over the $CALLS calls (pgbench): p50 $c50  p95 $c95  p99 $c99"
echo "  ratio p95 report/count(*): $(ratio "$b95" "$c95")  (target <= 1)"
echo "  ratio p95 $CALLS calls/$SMALL calls: $(ratio "$b95" "$l95")  (target <= 1.5)"

# The report's statements for the big tenant, as ReportRepository sends them (all time), timed
# by the server: what each costs, and that none reads a row per call or per number. Five runs in
# one session (as the service's pooled connections, whose plans are cached), the median.
median_ms() { # SQL: its server time, median of five runs in one session
  db cdr-service -At -c "explain (analyze, format json) $1" -c "explain (analyze, format json) $1" \
      -c "explain (analyze, format json) $1" -c "explain (analyze, format json) $1" -c "explain (analyze, format json) $1" \
    | python3 -c 'import json,sys
text = sys.stdin.read()
times, decoder, i = [], json.JSONDecoder(), 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    plan, i = decoder.raw_decode(text, i)
    times.append(plan[0]["Execution Time"])
print("%.2f" % sorted(times)[len(times) // 2])'
}
explain() { # LABEL SQL, with TENANT where the tenant goes: the big tenant's time and the small one's
  printf '  %-48s %9s ms %9s ms\n' "$1" "$(median_ms "${2//TENANT/$BIG}")" "$(median_ms "${2//TENANT/$LITTLE}")"
}
echo "the report, statement by statement (EXPLAIN ANALYZE, server time, median of 5): $CALLS calls, $SMALL calls"
explain "fold (nothing to fold)" "select call_aggregates_fold('TENANT')"
explain "hour totals (call_hour)" "select * from call_hour where tenant_id = 'TENANT'"
explain "per extension (call_extension)" "select extension, calls, answered, missed, talk_us from call_extension where tenant_id = 'TENANT'"
explain "top numbers (call_number_top)" "select n.number, m.name, n.calls from call_number n left join number_match m
  on m.tenant_id = n.tenant_id and m.number = n.number where n.tenant_id = 'TENANT' order by n.calls desc, n.number limit 10"
explain "unmatched figures (number_totals)" "select unmatched_calls, unmatched_us, unknown_numbers from number_totals where tenant_id = 'TENANT'"
explain "select count(*) over its calls" "select count(*) from call_record where tenant_id = 'TENANT'"
explain "before V21: numbers, every one the tenant called" "with u as (select number, calls, seconds_us from call_number
  where tenant_id = 'TENANT'), j as (select u.number, u.calls, u.seconds_us, m.number is not null as known, m.name from u
  left join number_match m on m.tenant_id = 'TENANT' and m.number = u.number) select number, name, calls,
  sum(case when known and name is null then calls else 0 end) over () as unmatched_calls,
  sum(case when known and name is null then seconds_us else 0 end) over () as unmatched_us,
  sum(case when known then 0 else 1 end) over () as unknown from j order by calls desc, number limit 10"
