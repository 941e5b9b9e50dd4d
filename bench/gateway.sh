#!/usr/bin/env bash
# 3. Gateway overhead: a light endpoint (one empty page of calls) through the gateway vs. direct
#    to cdr-service, same load generator (wrk), same connections and duration.
#    bench/gateway.sh [SECONDS=15] [CONNECTIONS=16]
source "$(dirname "$0")/lib.sh"
SECONDS_=${1:-15} CONNS=${2:-16}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
suite_up
TENANT=00000000-0000-4000-8000-0000000000ff
run() { # url header...: prints "requests/s p99(ms)"
  local url=$1; shift
  local args=(); for h in "$@"; do args+=(-H "$h"); done
  wrk -t2 -c"$CONNS" -d3s "${args[@]}" "$url" >/dev/null   # warm-up
  wrk -t2 -c"$CONNS" -d"${SECONDS_}s" --latency "${args[@]}" "$url" | awk '
    /Requests\/sec/ {rps = $2}
    /^ +99%/ {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; p99 = v}
    / Non-2xx/ {bad = $NF}
    END {if (bad) {print "non-2xx answers: " bad > "/dev/stderr"; exit 1}; printf "%d %.2f\n", rps, p99}'
}
read -r d_rps d_p99 < <(run "http://127.0.0.1:8901/cdr/get?page=0&size=1" "tenant-uuid: $TENANT")
read -r g_rps g_p99 < <(run "$GW/cdr-service/cdr/get?page=0&size=1" "X-API-Key: $ADMIN_KEY" "tenant-uuid: $TENANT")
echo "gateway: GET /cdr/get?page=0&size=1, wrk 2 threads, $CONNS connections, ${SECONDS_}s each"
echo "  direct to cdr-service: $d_rps req/s, p99 $d_p99 ms"
echo "  through the gateway:   $g_rps req/s, p99 $g_p99 ms"
echo "  throughput ratio gateway/direct: $(ratio "$g_rps" "$d_rps")  (target >= 0.6); added p99: $(python3 -c "print(round($g_p99 - $d_p99, 2))") ms"
