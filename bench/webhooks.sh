#!/usr/bin/env bash
# 7. Webhook intake: signed call events end to end (PBX → gateway → pbx-integration-service →
#    stored in cdr-service), against the gateway's requests per second for a light GET measured in
#    the same run. bench/webhooks.sh [CALLS=2500] [CONNECTIONS=16] [PROCESSES=2] [ROUNDS=3]
#    Each round: the light GET for 10 s (wrk), then CALLS calls of four events each; the events
#    count as done when every call is stored in its final state (polled in cdr-service's database).
source "$(dirname "$0")/lib.sh"
CALLS=${1:-2500} CONNS=${2:-16} PROCS=${3:-2} ROUNDS=${4:-3}
TENANT=33333333-3333-4333-8333-333333333333
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
suite_up
# The light GET of bench 3.: one page of a tenant without calls.
GET=("$GW/cdr-service/cdr/get?page=0&size=1" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: 00000000-0000-4000-8000-0000000000ff")
PROM=(-fsS -u "management:${MANAGEMENT_PASSWORD:-crm-demo-management}" http://127.0.0.1:9901/actuator/prometheus)

get_rps() { wrk -t2 -c"$CONNS" -d"$1s" "${GET[@]}" | awk '/Requests\/sec/ {printf "%d\n", $2}'; }
stored() { db cdr-service -At -c "select count(*) from call_record where uuid like 'wh-$1-%' and action = 'HANGUP'"; }
# The intake's own measure of event → stored in cdr-service (absent before the inbox existed).
delay_p95() { curl "${PROM[@]}" 2>/dev/null | awk -F' ' '/^pbx_inbox_delay_seconds\{.*quantile="0.95"/ {printf "%.0f\n", $2 * 1000}'; }

get_rps 10 >/dev/null; get_rps 10 >/dev/null   # warm-up of the gateway's compiled code
ratios="" rates="" gets="" p95s="" delays=""
for ((r = 1; r <= ROUNDS; r++)); do
  g=$(get_rps 10)
  run="r$r$(date +%s%N | tail -c 7)"
  read -r start send_s p50 p95 < <(python3 "$BENCH_DIR/webhooks.py" "$GW/pbx-integration-service/pbx/webhook" \
      "$TENANT" "$CALLS" "$CONNS" "$PROCS" "$run")
  for ((i = 0; i < 1200; i++)); do   # at most two minutes for the backlog to drain
    [[ "$(stored "$run")" == "$CALLS" ]] && break
    sleep 0.1
  done
  n=$(stored "$run"); done_s=$(python3 -c "import time; print(f'{time.time() - $start:.3f}')")
  [[ "$n" == "$CALLS" ]] || { echo "round $r: only $n of $CALLS calls stored in their final state" >&2; exit 1; }
  rate=$(python3 -c "print(round($CALLS * 4 / $done_s))")
  delay=$(delay_p95); delay=${delay:-$p95}
  echo "  round $r: light GET $g req/s; $((CALLS * 4)) events sent in ${send_s}s (request p50 $p50 ms, p95 $p95 ms), all stored after ${done_s}s = $rate events/s, ratio $(ratio "$rate" "$g"); event→stored p95 $delay ms" >&2
  ratios+=" $(ratio "$rate" "$g")" rates+=" $rate" gets+=" $g" p95s+=" $p95" delays+=" $delay"
done
median() { tr ' ' '\n' | percentiles | cut -d' ' -f1; }
echo "webhooks: $ROUNDS rounds of $((CALLS * 4)) signed events, $CONNS connections from $PROCS processes (medians)"
echo "  light GET through the gateway (baseline): $(median <<<"$gets") req/s"
echo "  events stored end to end: $(median <<<"$rates") events/s; ratio to the light GET $(median <<<"$ratios") (per round:$ratios; target >= 0.5)"
echo "  request latency at the PBX p95: $(median <<<"$p95s") ms; event → stored p95: $(median <<<"$delays") ms (target <= 1000)"
