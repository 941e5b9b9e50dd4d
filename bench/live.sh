#!/usr/bin/env bash
# 9. Calls as they happen: GET /cdr/events through the gateway.
#    bench/live.sh [RATE=200] [SECONDS=20] [STREAMS=1000] [HOLD=40]
#    a) latency: one open stream; call changes sent at RATE events/s for SECONDS as signed PBX
#       webhooks through the gateway (the PBX's path: inbox, forwarding, then the event), from each
#       change's request to its event on the stream. Baseline, same run and rate: the same changes
#       stored by PUT /cdr/put through the gateway (the stream alone, without the webhook intake).
#    b) STREAMS streams held at once by the one gateway for HOLD s: the gateway's heap after a full
#       GC and its RSS, against the same with no stream open (measured first); one call stored
#       while they are open, timed to its event on every stream.
source "$(dirname "$0")/lib.sh"
RATE=${1:-200} SECONDS_=${2:-20} STREAMS=${3:-1000} HOLD=${4:-40}
TENANT=33333333-3333-4333-8333-333333333333
suite_up
gw=$(cat "$SUITE_RUN_DIR/pids/api-gateway.pid") cdr=$(cat "$SUITE_RUN_DIR/pids/cdr-service.pid")
rss_mib() { awk '/VmRSS/ {printf "%d\n", $2 / 1024}' "/proc/$1/status"; }
# Heap in use right after a full collection: what the live objects hold, not when GC last ran.
heap_mib() { jcmd "$1" GC.run >/dev/null; jcmd "$1" GC.heap_info | awk '/generation +total/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K,?", "", v); kib += v}} END {printf "%d\n", kib / 1024}'; }
heap_max=$(ps -o args= -p "$gw" | grep -o -- '-Xmx[0-9]*[mMgG]' | head -1)

run="l$(date +%s%N | tail -c 7)"
# Warm-up (the JIT, the phone book's lookups): a few seconds of each path, not measured.
python3 "$BENCH_DIR/live.py" latency "$GW" "$TENANT" "$RATE" 4 api "${run}w1" >/dev/null
python3 "$BENCH_DIR/live.py" latency "$GW" "$TENANT" "$RATE" 4 webhook "${run}w2" >/dev/null
read -r _ a_expected a_got a_p50 a_p95 a_p99 a_rate < <(python3 "$BENCH_DIR/live.py" latency "$GW" "$TENANT" "$RATE" "$SECONDS_" api "${run}a")
read -r _ w_expected w_got w_p50 w_p95 w_p99 w_rate < <(python3 "$BENCH_DIR/live.py" latency "$GW" "$TENANT" "$RATE" "$SECONDS_" webhook "${run}w")
echo "live events: $RATE changes/s for ${SECONDS_}s ($a_rate and $w_rate achieved), one stream through the gateway"
echo "  baseline, stored by PUT /cdr/put: $a_got of $a_expected events; change → event p50 $a_p50 ms, p95 $a_p95 ms, p99 $a_p99 ms"
echo "  PBX webhook → event on the stream: $w_got of $w_expected events; p50 $w_p50 ms, p95 $w_p95 ms, p99 $w_p99 ms (target p95 <= 300)"
echo "  ratio of the p95s (webhook / API): $(ratio "$w_p95" "$a_p95")"
[[ "$a_got" == "$a_expected" && "$w_got" == "$w_expected" ]] || { echo "events missing from the stream" >&2; exit 1; }

idle_heap=$(heap_mib "$gw") idle_rss=$(rss_mib "$gw") idle_cdr=$(rss_mib "$cdr") idle_cdr_heap=$(heap_mib "$cdr")
ready=$(mktemp /tmp/bench-live.XXXXXX); rm -f "$ready"
python3 "$BENCH_DIR/live.py" streams "$GW" "$TENANT" "$STREAMS" "$HOLD" "$ready" >"$ready.out" &
holder=$!
trap 'kill $holder 2>/dev/null || true; rm -f "$ready" "$ready.out"' EXIT
for ((i = 0; i < 1500; i++)); do [[ -s "$ready" ]] && break; kill -0 $holder 2>/dev/null || break; sleep 0.1; done
[[ -s "$ready" ]] || { wait $holder; exit 1; }
sleep 5   # the event fans out, the first heartbeat goes by
held_heap=$(heap_mib "$gw") held_rss=$(rss_mib "$gw") held_cdr=$(rss_mib "$cdr") held_cdr_heap=$(heap_mib "$cdr")
wait $holder
read -r opened got f_p50 f_p95 f_max beats <"$ready.out"
echo "streams: $opened held by one gateway ($heap_max heap) for ${HOLD}s; $got got the call stored meanwhile (p50 $f_p50 ms, p95 $f_p95 ms, last $f_max ms); $beats saw a heartbeat"
echo "  gateway heap after a full GC: $idle_heap MiB with no stream (baseline), $held_heap MiB with $opened; RSS $idle_rss -> $held_rss MiB"
echo "  per stream: $(python3 -c "print(f'{($held_heap - $idle_heap) * 1024 / $opened:.1f}')") KiB of heap, $(python3 -c "print(f'{($held_rss - $idle_rss) * 1024 / $opened:.1f}')") KiB of RSS; cdr-service RSS $idle_cdr -> $held_cdr MiB; ratio of heaps $(ratio "$held_heap" "$idle_heap")"
cdr_max=$(ps -o args= -p "$cdr" | grep -o -- '-Xmx[0-9]*[mMgG]' | head -1)
per_stream=$(python3 -c "print(f'{($held_cdr_heap - $idle_cdr_heap) * 1024 / $opened:.1f}')")
echo "  cdr-service ($cdr_max) heap after a full GC: $idle_cdr_heap MiB with no stream (baseline), $held_cdr_heap MiB with $opened;" \
  "$per_stream KiB a stream, ratio of heaps $(ratio "$held_cdr_heap" "$idle_cdr_heap")"
echo "  the cap this implies (crm.live.stream-bytes, heap-share): see bench/RESULTS.md, 9."
[[ "$opened" == "$STREAMS" && "$got" == "$STREAMS" ]] || { echo "not every stream got the event" >&2; exit 1; }
