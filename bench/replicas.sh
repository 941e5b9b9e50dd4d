#!/usr/bin/env bash
# 8. Two instances of each service against one, on this machine: bulk ingest (bench 1's
#    POST /cdr/post, batches of 1,000) and signed webhooks stored end to end (bench 7's), through
#    both gateways when there are two (half the load each, as a balancer would split it).
#    bench/replicas.sh [CALLS=100000] [WEBHOOK_CALLS=2000] [ROUNDS=2]
#    The single-instance suite first, then SUITE_REPLICAS=2 with Redis for the rate limits; each
#    figure ROUNDS times in each, medians, and the ratio two/one of the same run.
source "$(dirname "$0")/lib.sh"
CALLS=${1:-100000} WH_CALLS=${2:-2000} ROUNDS=${3:-2}
command -v redis-server >/dev/null || { apt-get install -y -qq redis-server >/dev/null; }
data=$(mktemp -d /tmp/bench-replicas.XXXXXX); trap 'rm -rf "$data"' EXIT

ingest() { # gateway ports...: calls/s, the batches split among them
  local seed=$(( $(date +%s%N) % 100000000 )) ports=("$@") n=$# i=0 pids=() f port
  rm -rf "${data:?}"/*; python3 "$BENCH_DIR/gen.py" "$data/all" "$CALLS" 10 1000 "$seed"
  for port in "${ports[@]}"; do mkdir -p "$data/gw$port"; done
  for f in "$data"/all/*__*.json; do
    mv "$f" "$data/gw${ports[$(( i % n ))]}/"; i=$(( i + 1 ))
  done
  local t0; t0=$(now)
  for port in "${ports[@]}"; do
    python3 "$BENCH_DIR/post.py" "http://127.0.0.1:$port/cdr-service/cdr/post" "$data/gw$port" $(( 4 / n )) \
      "X-API-Key:$ADMIN_KEY" >/dev/null & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  local s; s=$(elapsed "$t0")
  local stored; stored=$(db cdr-service -At -c "select count(*) from call_record where uuid like 'b$seed-%'")
  [[ "$stored" == "$CALLS" ]] || { echo "stored $stored of $CALLS calls" >&2; exit 1; }
  python3 -c "print(round($CALLS / $s))"
}

webhooks() { # gateway ports...: events/s stored end to end, the calls split among them
  local run n=$# port pids=() t0
  run="r$(date +%s%N | tail -c 8)"
  t0=$(now)
  for port in "$@"; do
    python3 "$BENCH_DIR/webhooks.py" "http://127.0.0.1:$port/pbx-integration-service/pbx/webhook" \
      33333333-3333-4333-8333-333333333333 $(( WH_CALLS / n )) $(( 16 / n )) 1 "$run$port" >/dev/null & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  local total=$(( WH_CALLS / n * n ))
  for ((i = 0; i < 1200; i++)); do
    [[ "$(db cdr-service -At -c "select count(*) from call_record where uuid like 'wh-$run%' and action = 'HANGUP'")" == "$total" ]] && break
    sleep 0.1
  done
  local s; s=$(elapsed "$t0")
  python3 -c "print(round($total * 4 / $s))"
}

median() { tr ' ' '\n' | percentiles | cut -d' ' -f1; }
declare -A result
for replicas in 1 2; do
  suite_down 2>/dev/null || true
  if [[ $replicas == 2 ]]; then
    export SUITE_REPLICAS=2 SUITE_REDIS=1; ports=(8665 8667)
  else
    export SUITE_REPLICAS=1 SUITE_REDIS=0; ports=(8665)
  fi
  suite_up
  ingest "${ports[@]}" >/dev/null; webhooks "${ports[@]}" >/dev/null   # warm-up
  ing="" wh=""
  for ((r = 1; r <= ROUNDS; r++)); do
    a=$(ingest "${ports[@]}"); b=$(webhooks "${ports[@]}")
    echo "  $replicas instance(s), round $r: ingest $a calls/s, webhooks $b events/s" >&2
    ing+=" $a" wh+=" $b"
  done
  result[ingest$replicas]=$(median <<<"$ing"); result[webhooks$replicas]=$(median <<<"$wh")
done
suite_down
echo "replicas: $CALLS calls ingested, $((WH_CALLS * 4)) webhook events, $ROUNDS rounds each (medians)"
echo "  ingest:   one instance ${result[ingest1]} calls/s, two ${result[ingest2]} calls/s, ratio two/one $(ratio "${result[ingest2]}" "${result[ingest1]}")"
echo "  webhooks: one instance ${result[webhooks1]} events/s, two ${result[webhooks2]} events/s, ratio two/one $(ratio "${result[webhooks2]}" "${result[webhooks1]}")"
