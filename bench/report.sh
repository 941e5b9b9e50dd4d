#!/usr/bin/env bash
# 2. Report latency: p50/p95/p99 of GET /cdr/report through the gateway vs. the same SQL run
#    directly (pgbench), over CALLS calls of TENANTS tenants, a third of whose callers are contacts.
#    bench/report.sh [CALLS=1000000] [TENANTS=100] [REQUESTS=200]
source "$(dirname "$0")/lib.sh"
CALLS=${1:-1000000} TENANTS=${2:-100} REQUESTS=${3:-200}
suite_up
tenant() { printf '00000000-0000-4000-8000-%012x' "$1"; }

# Data straight into the databases: this measures reading, not loading. Idempotent per size.
loaded=$(db cdr-service -At -c "select count(*) from call_record where uuid like 'rb-%'")
if [[ "$loaded" != "$CALLS" ]]; then
  db cdr-service -c "delete from call_record where uuid like 'rb-%'" -c "select setseed(0.42)" -c "
    insert into tenant (id) select ('00000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid
      from generate_series(1, $TENANTS) t on conflict do nothing;
    insert into call_record (tenant_id, uuid, direction, caller_number, caller_number_numeric, destination_number,
        destination_number_numeric, call_start, ring_start, answer_start, call_end, duration, action)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(1 + g % $TENANTS), 12, '0'))::uuid, 'rb-' || g,
           case when inbound then 'inbound' else 'outbound' end,
           case when inbound then party else ext end, true, case when inbound then ext else party end, true,
           start, start + interval '1 second', case when answered then start + interval '9 seconds' end,
           start + (10 + (g % 300)) * interval '1 second', 10 + (g % 300), 'HANGUP'
    from (select g, random() < 0.5 as inbound, random() < 0.5 as answered,
                 (35799000000 + (random() * 2000)::int)::text as party, (100 + g % 50)::text as ext,
                 timestamptz '2024-05-01' + random() * interval '30 days' as start
          from generate_series(1, $CALLS) g) s;
    analyze call_record;"
  # A third of the numbers are contacts of every tenant.
  db phonebook-service -c "delete from contact where name like 'Bench %'" -c "
    insert into contact (tenant_id, number, raw_number, name)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, '+' || n, n::text, 'Bench ' || n
    from generate_series(1, $TENANTS) t, generate_series(35799000000, 35799000000 + 2000, 3) n;
    analyze contact;"
fi

# Warm-up of both paths, then the measured runs.
for i in $(seq 1 20); do
  curl -s -o /dev/null "$GW/cdr-service/cdr/report" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $(tenant $(( RANDOM % TENANTS + 1 )))"
done
api=$(for i in $(seq 1 "$REQUESTS"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$GW/cdr-service/cdr/report" \
    -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $(tenant $(( RANDOM % TENANTS + 1 )))"
done)
if grep -qv '^200 ' <<<"$api"; then echo "non-200 answers: $(grep -v '^200 ' <<<"$api" | head -3)" >&2; exit 1; fi
read -r a50 a95 a99 an < <(awk '{print $2 * 1000}' <<<"$api" | percentiles)

logdir=$(mktemp -d /tmp/bench-report.XXXXXX); trap 'rm -rf "$logdir"' EXIT
PGPASSWORD= pgbench -n -h 127.0.0.1 -p "$(db_port cdr-service)" -U postgres -f "$BENCH_DIR/report.sql" -D tenants="$TENANTS" \
  -t 20 cdr_service >/dev/null
(cd "$logdir" && pgbench -n -h 127.0.0.1 -p "$(db_port cdr-service)" -U postgres -f "$BENCH_DIR/report.sql" \
  -D tenants="$TENANTS" -t "$REQUESTS" -l cdr_service >/dev/null)
read -r s50 s95 s99 sn < <(cat "$logdir"/pgbench_log.* | awk '{print $3 / 1000}' | percentiles)

echo "report: $CALLS calls over $TENANTS tenants, $REQUESTS sequential requests each way (ms)"
echo "  API (gateway, GET /cdr/report): p50 $a50  p95 $a95  p99 $a99"
echo "  SQL direct (pgbench, same statements): p50 $s50  p95 $s95  p99 $s99"
echo "  ratio p95 API/SQL: $(ratio "$a95" "$s95")  (target: p95 API < 2 x SQL + 5 ms = $(python3 -c "print(round(2 * $s95 + 5, 2))") ms)"
