#!/usr/bin/env bash
# 4. Sync: pulling CALLS calls from mock-pbx into cdr-service (POST /cdr/update_cdr through the
#    gateway) vs. the same number of calls posted in batches (POST /cdr/post); and call events
#    as signed webhooks through the gateway and pbx-integration-service vs. the same events as
#    direct upserts (PUT /cdr/put). bench/sync.sh [CALLS=50000] [EVENT_CALLS=500] [THREADS=4]
source "$(dirname "$0")/lib.sh"
CALLS=${1:-50000} EVENT_CALLS=${2:-500} THREADS=${3:-4}
PBX_TENANT=33333333-3333-4333-8333-333333333333
suite_up
curl -fsS -o /dev/null -X POST "http://127.0.0.1:3030/calls/generate?count=$CALLS" -H "Tenant-UUID: $PBX_TENANT"
t0=$(now)
summary=$(curl -fsS -X POST "$GW/cdr-service/cdr/update_cdr" -H "X-API-Key: crm-demo-tenant3-key")
sync_s=$(elapsed "$t0")
fetched=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['fetched'])" "$summary")

data=$(mktemp -d /tmp/bench-sync.XXXXXX); trap 'rm -rf "$data"' EXIT
python3 "$BENCH_DIR/gen.py" "$data" "$CALLS" 1 1000 $(( $(date +%s) % 100000 + 100000 ))
post_s=$(python3 "$BENCH_DIR/post.py" "$GW/cdr-service/cdr/post" "$data" "$THREADS" "X-API-Key:$ADMIN_KEY")

hook_rate=$(python3 "$BENCH_DIR/events.py" webhook "$GW/pbx-integration-service/pbx/webhook" "$PBX_TENANT" "$EVENT_CALLS" "$THREADS")
put_rate=$(python3 "$BENCH_DIR/events.py" put "$GW/cdr-service/cdr/put" "$PBX_TENANT" "$EVENT_CALLS" "$THREADS" "X-API-Key:$ADMIN_KEY")

sync_rate=$(python3 -c "print(round($fetched / $sync_s))"); post_rate=$(python3 -c "print(round($CALLS / $post_s))")
echo "sync: $fetched calls pulled from mock-pbx (pages of 1000) in ${sync_s}s = $sync_rate calls/s"
echo "  baseline, same count posted in batches of 1000: $post_rate calls/s; ratio sync/post: $(ratio "$sync_rate" "$post_rate")"
echo "webhooks: $(( EVENT_CALLS * 4 )) signed events through gateway + pbx-integration-service: $hook_rate events/s"
echo "  baseline, same events as PUT /cdr/put through the gateway: $put_rate events/s; ratio: $(ratio "$hook_rate" "$put_rate")"
