#!/usr/bin/env bash
# 10. Outbound webhooks through an outage: none lost, none duplicated.
#    bench/outbound.sh [RATE=5] [DOWN=120]
#    A receiver on 127.0.0.1 (bench/live.py receiver, checking every signature) is registered for a
#    fresh tenant's calls; calls are stored through the gateway at RATE calls/s all along (three
#    events each: ringing, answered, ended). The receiver is down for DOWN s; once it is back and
#    the backlog flows (answering 100 ms late, so that a batch is under way), cdr-service, the
#    sender, gets kill -9 and is started again. At the end every
#    event in cdr-service's database must have reached the receiver once.
#    Baseline, same run: the events delivered while nothing failed (the first 20 s), counted the same way.
#    The suite needs crm.outbound.allowed-targets to name the receiver: lib.sh sets it for suites
#    the benches start (CRM_OUTBOUND_ALLOWEDTARGETS_0, port BENCH_RECEIVER_PORT).
source "$(dirname "$0")/lib.sh"
RATE=${1:-5} DOWN=${2:-120}
PORT=$BENCH_RECEIVER_PORT
suite_up
tenant=$(python3 -c 'import uuid; print(uuid.uuid4())')
secret="whsec_$(head -c 32 /dev/urandom | base64)"
work=$(mktemp -d /tmp/bench-outbound.XXXXXX)
log="$work/received"
receiver_up() { python3 "$BENCH_DIR/live.py" receiver "$PORT" "$secret" "$log" "${1:-0}" & echo $! >"$work/receiver.pid"; sleep 0.5; }
receiver_down() { kill "$(cat "$work/receiver.pid")" 2>/dev/null || true; }
producer=""
cleanup() { [[ -n "$producer" ]] && kill "$producer" 2>/dev/null; receiver_down; rm -rf "$work"; }
trap cleanup EXIT
API=(-sS -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $tenant")

receiver_up
code=$(curl "${API[@]}" -o "$work/endpoint" -w '%{http_code}' -X POST "$GW/cdr-service/cdr/webhooks" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$PORT/hook\",\"events\":[\"ringing\",\"answered\",\"ended\",\"missed\"],\"secret\":\"$secret\"}")
[[ "$code" == 201 ]] || { echo "registering the receiver: HTTP $code $(cat "$work/endpoint")" >&2;
  echo "(a suite started without CRM_OUTBOUND_ALLOWEDTARGETS_0=127.0.0.1:$PORT refuses it: stop it and run again)" >&2; exit 1; }
endpoint=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$work/endpoint")

# Calls stored at RATE/s until told to stop; refusals while cdr-service is down are expected (not stored: no events).
( c=0; while [[ ! -f "$work/stop" ]]; do
    now=$(date -u +%FT%T.%3NZ)
    for action in ORIGINATE ANSWERED HANGUP; do
      extra=""
      [[ $action != ORIGINATE ]] && extra=",\"answer_start\":\"$now\""
      [[ $action == HANGUP ]] && extra="$extra,\"call_end\":\"$now\",\"duration\":1"
      curl "${API[@]}" -o /dev/null -m 5 -X PUT "$GW/cdr-service/cdr/put" -H 'Content-Type: application/json' \
        -d "{\"uuid\":\"out-$c\",\"direction\":\"inbound\",\"caller_number\":\"3579900$((c % 1000))\",\"destination_number\":\"100\",\"call_start\":\"$now\",\"action\":\"$action\"$extra}" || true
    done
    c=$((c + 1)); sleep "$(python3 -c "print(max(0, 1 / $RATE - 0.05))")"
  done ) &
producer=$!
received() { [[ -f "$log" ]] && wc -l <"$log" || echo 0; }
events() { db cdr-service -At -c "select count(*) from call_event where tenant_id = '$tenant'"; }

sleep 20
base_events=$(events) base_received=$(received)
echo "  up: $base_received of $base_events events delivered after 20 s"
receiver_down
echo "  receiver down for ${DOWN}s"
sleep "$DOWN"
receiver_up 100   # back, and slow: 100 ms an answer, so that a batch is under way when the sender dies
n_down=$(received)
for ((i = 0; i < 900; i++)); do (( $(received) >= n_down + 30 )) && break; sleep 0.1; done
echo "  receiver back; backlog flowing ($(received) received); kill -9 cdr-service"
pid=$(cat "$SUITE_RUN_DIR/pids/cdr-service.pid")
kill -9 "$pid"
t_kill=$(now)
for ((i = 0; i < 100 && $(kill -0 "$pid" 2>/dev/null && echo 1 || echo 0); i++)); do sleep 0.1; done   # gone, before the start looks
"$ROOT/scripts/suite.sh" start >>"$SUITE_RUN_DIR/start.log" 2>&1
echo "  cdr-service started again after $(elapsed "$t_kill") s"
sleep 10
touch "$work/stop"; wait "$producer"; producer=""
total=$(events)
for ((i = 0; i < 600; i++)); do   # at most five minutes for the rest to arrive
  (( $(awk '{print $2}' "$log" | sort -u | wc -l) >= total )) && break
  sleep 0.5
done
sleep 3   # anything sent twice would arrive now
db cdr-service -At -c "select id from call_event where tenant_id = '$tenant' order by id" >"$work/expected"
python3 - "$work/expected" "$log" "$base_events" "$base_received" <<'EOF'
import sys
from collections import Counter, defaultdict
expected = [l.strip() for l in open(sys.argv[1]) if l.strip()]
lines = [l.split() for l in open(sys.argv[2])]
by_event = defaultdict(set)
for msg, event, call, state in lines:
    by_event[event].add(msg)
arrivals = Counter(msg for msg, *_ in lines)
lost = [e for e in expected if e not in by_event]
unknown = [e for e in by_event if e not in set(expected)]
two_ids = [e for e, ids in by_event.items() if len(ids) > 1]
redelivered = sum(n - 1 for n in arrivals.values() if n > 1)
# In order per call: a call's events first arrive in the order of their ids.
first, order_breaks = {}, 0
calls = defaultdict(list)
for msg, event, call, state in lines:
    if event not in first:
        first[event] = True
        calls[call].append(int(event))
order_breaks = sum(1 for ids in calls.values() if ids != sorted(ids))
print(f"outbound: {len(expected)} events stored, {len(by_event)} delivered, lost {len(lost)}, "
      f"delivered under two webhook-ids {len(two_ids)}, unknown {len(unknown)}; "
      f"the same webhook-id again (a retry after the kill; receivers drop it by id) {redelivered}; "
      f"calls out of order {order_breaks} of {len(calls)}")
print(f"  baseline (nothing failing, first 20 s): {sys.argv[4]} of {sys.argv[3]} events delivered")
sys.exit(1 if lost or two_ids or unknown or order_breaks else 0)
EOF
curl "${API[@]}" "$GW/cdr-service/cdr/webhooks/$endpoint/deliveries?size=3" | head -c 600; echo
