#!/usr/bin/env bash
# 6. The whole list, unpaged: GET /cdr/get of one tenant holding CALLS calls, through the gateway,
#    streamed by cdr-service from a cursor within its 160 MB heap; vs. psql reading the same rows
#    in the same order from the same server (COPY ... TO STDOUT).
#    bench/stream.sh [CALLS=1000000]
source "$(dirname "$0")/lib.sh"
CALLS=${1:-1000000}
suite_up
data=$(mktemp -d /tmp/bench-stream.XXXXXX); trap 'rm -rf "$data"' EXIT
seed=$(( $(date +%s) % 100000 ))
python3 "$BENCH_DIR/gen.py" "$data" "$CALLS" 1 1000 "$seed" csv-only
tenant=$(head -1 "$data/tenants.txt")
# Loaded straight into call_record: this bench is about reading them back.
db cdr-service -c "\\copy call_record (tenant_id, uuid, domain_name, caller_number, caller_number_numeric, destination_number, destination_number_numeric, direction, call_start, ring_start, answer_start, call_end, duration, recording, action) from '$data/calls.csv' with (format csv)"
db cdr-service -c "analyze call_record"
cleanup() { db cdr-service -c "delete from call_record where tenant_id = '$tenant'" >/dev/null; rm -rf "$data"; }
trap cleanup EXIT

pid=$(cat "$SUITE_RUN_DIR/pids/cdr-service.pid")
rss() { ps -o rss= -p "$pid" | tr -d ' '; }
heap_max=$(ps -o args= -p "$pid" | grep -o -- '-Xmx[0-9]*[mMgG]' | head -1)

t0=$(now)
db cdr-service -c "\\copy (select uuid, domain_name, caller_name, caller_number, destination_number, direction, call_start, ring_start, answer_start, call_end, duration, recording, click_to_call, click_to_call_data, action from call_record where tenant_id = '$tenant' order by call_start desc nulls last, id desc) to '/dev/null'"
sql_s=$(elapsed "$t0")

rss_before=$(rss)
# Sample cdr-service's RSS while the answer streams (every 0.2 s, stops with the request).
( peak=0; while kill -0 "$pid" 2>/dev/null && [[ ! -f "$data/done" ]]; do r=$(rss); (( r > peak )) && peak=$r; echo "$peak" >"$data/peak"; sleep 0.2; done ) &
sampler=$!
t0=$(now)
read -r count bytes < <(curl -sS -N --max-time 600 "$GW/cdr-service/cdr/get" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $tenant" \
  | python3 -c 'import sys
n = b = 0
tail = b""
for chunk in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
    b += len(chunk)
    window = tail + chunk
    n += window.count(b"\"uuid\":")
    tail = window[-6:]  # shorter than the pattern: a match across chunks is counted once
print(n, b)')
api_s=$(elapsed "$t0")
touch "$data/done"; wait "$sampler" 2>/dev/null || true
kill -0 "$pid" || { echo "cdr-service died while streaming" >&2; exit 1; }
[[ "$count" == "$CALLS" ]] || { echo "streamed $count of $CALLS calls" >&2; exit 1; }

echo "stream: $CALLS calls of one tenant, GET /cdr/get unpaged through the gateway (cdr-service $heap_max)"
echo "  API:  ${api_s}s, $(python3 -c "print(round($bytes / 1048576))") MiB of JSON, $(python3 -c "print(round($CALLS / $api_s))") calls/s"
echo "  psql COPY of the same rows and order (same server): ${sql_s}s"
echo "  ratio API/COPY time: $(ratio "$api_s" "$sql_s")"
echo "  cdr-service RSS: $(( rss_before / 1024 )) MiB before, peak $(( $(cat "$data/peak") / 1024 )) MiB while streaming; still up"
