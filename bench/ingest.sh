#!/usr/bin/env bash
# 1. Bulk ingest through the gateway (POST /cdr/post, batches of 1,000) vs. the same rows loaded
#    with PostgreSQL COPY into an identical table on the same server.
#    bench/ingest.sh [CALLS=200000] [TENANTS=10] [CONCURRENCY=4]
source "$(dirname "$0")/lib.sh"
CALLS=${1:-200000} TENANTS=${2:-10} CONC=${3:-4}
suite_up
data=$(mktemp -d /tmp/bench-ingest.XXXXXX); trap 'rm -rf "$data"' EXIT
seed=$(( $(date +%s) % 100000 ))
python3 "$BENCH_DIR/gen.py" "$data" "$CALLS" "$TENANTS" 1000 "$seed"

# Baseline first: COPY the same rows into a table shaped like call_record (same indexes).
db cdr-service -c "set client_min_messages = warning; drop table if exists bench_copy; create table bench_copy (like call_record including all)"
t0=$(now)
db cdr-service -c "\\copy bench_copy (tenant_id, uuid, domain_name, caller_number, caller_number_numeric, destination_number, destination_number_numeric, direction, call_start, ring_start, answer_start, call_end, duration, recording, action) from '$data/calls.csv' with (format csv)"
copy_s=$(elapsed "$t0")
db cdr-service -c "drop table bench_copy"

api_s=$(python3 "$BENCH_DIR/post.py" "$GW/cdr-service/cdr/post" "$data" "$CONC" "X-API-Key:$ADMIN_KEY")
stored=$(db cdr-service -At -c "select count(*) from call_record where uuid like 'b$seed-%'")
[[ "$stored" == "$CALLS" ]] || { echo "stored $stored of $CALLS calls" >&2; exit 1; }

api_rate=$(python3 -c "print(round($CALLS / $api_s))"); copy_rate=$(python3 -c "print(round($CALLS / $copy_s))")
echo "ingest: $CALLS calls, $TENANTS tenants, batches of 1000, concurrency $CONC"
echo "  API (gateway, POST /cdr/post): ${api_s}s = $api_rate calls/s"
echo "  COPY baseline (same server):   ${copy_s}s = $copy_rate rows/s"
echo "  ratio API/COPY: $(ratio "$api_rate" "$copy_rate")  (target >= 0.35)"
