#!/usr/bin/env bash
# 11. Retention without long locks: a tenant's expired calls removed while other calls are written.
#    bench/retention.sh [CALLS=100000] [BATCH_SECONDS=20]
#    A fresh tenant gets CALLS calls 400 days old (inserted in SQL: the bench is the removal, not the
#    ingest), another tenant has calls written through the gateway one by one (PUT /cdr/put) all
#    along. Baseline, same run: the writes' latency for BATCH_SECONDS before the removal. Then an
#    admin sets the old tenant's period to 30 days and runs the job (POST /cdr/retention/run); the
#    writes' latency while it runs is compared with the baseline. At the end the old tenant has no
#    call and no hour of the report's kept totals left.
source "$(dirname "$0")/lib.sh"
CALLS=${1:-100000} SECONDS_BASE=${2:-20}
suite_up
old=$(python3 -c 'import uuid; print(uuid.uuid4())') writer=$(python3 -c 'import uuid; print(uuid.uuid4())')
work=$(mktemp -d /tmp/bench-retention.XXXXXX)
producer=""
cleanup() { [[ -n "$producer" ]] && kill "$producer" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

db cdr-service -c "insert into tenant (id) values ('$old') on conflict do nothing;
  insert into call_record (tenant_id, uuid, caller_number, destination_number, direction, call_start, answer_start, call_end, action)
  select '$old', 'ret-' || g, (35799000000 + g % 5000)::text, '101', 'inbound', now() - interval '400 days' - g * interval '1 minute',
         now() - interval '400 days' - g * interval '1 minute' + interval '5 seconds', now() - interval '400 days' - g * interval '1 minute' + interval '65 seconds', 'HANGUP'
  from generate_series(1, $CALLS) g; select call_aggregates_fold('$old')" >/dev/null
echo "retention: $CALLS calls 400 days old in one tenant, period set to 30 days, batches of 1000"

# The other tenant's writes, one at a time, each latency (ms) into the file the phase names.
( c=0; while [[ ! -f "$work/stop" && $c -lt 100000 ]]; do
    phase=$(cat "$work/phase" 2>/dev/null || echo warmup)
    t=$(date -u +%FT%T.%3NZ)
    curl -sS -o /dev/null -m 10 -w '%{time_total}\n' -X PUT "$GW/cdr-service/cdr/put" -H "X-API-Key: $ADMIN_KEY" \
      -H "tenant-uuid: $writer" -H 'Content-Type: application/json' \
      -d "{\"uuid\":\"w-$c\",\"direction\":\"inbound\",\"caller_number\":\"35799111$((c % 1000))\",\"destination_number\":\"100\",\"call_start\":\"$t\",\"action\":\"HANGUP\"}" \
      | awk '{print $1 * 1000}' >>"$work/$phase" || true
    c=$((c + 1))
  done ) &
producer=$!
sleep 5
echo base >"$work/phase"; sleep "$SECONDS_BASE"
echo during >"$work/phase"
curl -sS -o /dev/null -X PUT "$GW/cdr-service/cdr/retention" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $old" \
  -H 'Content-Type: application/json' -d '{"days":30}'
t0=$(now)
curl -sS -o "$work/run" -m 600 -X POST "$GW/cdr-service/cdr/retention/run" -H "X-API-Key: $ADMIN_KEY"
run_s=$(elapsed "$t0")
echo after >"$work/phase"; sleep 2; touch "$work/stop"; wait "$producer" 2>/dev/null || true; producer=""

removed=$(python3 -c 'import json, sys; print(sum(r["rows"] for r in json.load(open(sys.argv[1])) if r["tenant"] == sys.argv[2]))' "$work/run" "$old")
left=$(db cdr-service -At -c "select count(*) from call_record where tenant_id = '$old'")
hours=$(db cdr-service -At -c "select coalesce(sum(calls), 0) from call_hour where tenant_id = '$old'")
read -r b50 b95 b99 bn < <(percentiles <"$work/base")
read -r d50 d95 d99 dn < <(percentiles <"$work/during")
echo "  removed $removed calls in ${run_s}s = $(python3 -c "print(round($removed / $run_s))") calls/s; left: $left calls, $hours in the kept hour totals"
echo "  writes of another tenant, baseline (no removal, ${SECONDS_BASE}s): p50 $b50 ms, p95 $b95 ms, p99 $b99 ms ($bn writes)"
echo "  writes while the removal ran:                  p50 $d50 ms, p95 $d95 ms, p99 $d99 ms ($dn writes)"
echo "  ratio during/baseline: p50 $(ratio "$d50" "$b50"), p95 $(ratio "$d95" "$b95")"
db cdr-service -c "update tenant set call_retention_days = null where id = '$old'" >/dev/null
[[ "$left" == 0 && "$hours" == 0 && "$removed" == "$CALLS" ]] || { echo "expected every old call gone" >&2; exit 1; }
