#!/usr/bin/env bash
# 3. Gateway overhead: a light endpoint (one empty page of calls) through the gateway vs. direct
#    to cdr-service, same load generator (wrk), same connections.
#    bench/gateway.sh [SECONDS=10] [CONNECTIONS=16] [ROUNDS=5]
# A reference in the same rounds: nginx (one worker, bench/nginx.conf) proxying to the same
# service with the headers the gateway adds. It shows what any reverse proxy costs where proxy,
# service, database and wrk share two cores, apart from what the gateway itself costs.
# Both paths are first loaded until their JIT-compiled code is steady (the gateway runs the
# optimising compiler, which needs minutes of load on two shared cores), then measured in
# alternating slices, so that a noisy neighbour on the machine weighs on both alike; the
# figures are the medians of the slices and of the per-round ratios.
source "$(dirname "$0")/lib.sh"
SECONDS_=${1:-10} CONNS=${2:-16} ROUNDS=${3:-5}
WARM_SLICE=10 WARM_MAX=18   # at most 3 minutes of warm-up per path
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
# Where installing nginx starts Debian's default site (port 80, all interfaces), it is stopped.
command -v nginx >/dev/null || { apt-get install -y -qq nginx-light >/dev/null; nginx -s quit 2>/dev/null || true; }
suite_up
NGINX_DIR="$SUITE_RUN_DIR/nginx" NGINX_PORT=8670
mkdir -p "$NGINX_DIR"
sed -e "s|@DIR@|$NGINX_DIR|g" -e "s|@PORT@|$NGINX_PORT|g" "$BENCH_DIR/nginx.conf" >"$NGINX_DIR/nginx.conf"
nginx_() { nginx -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf" "$@"; }
nginx_ -s stop 2>/dev/null || true   # one left by an interrupted run
nginx_
trap 'nginx_ -s stop' EXIT
TENANT=00000000-0000-4000-8000-0000000000ff
# The direct path carries a token as the gateway would sign it (cdr-service checks it on every
# request, whoever sends it), made fresh for each slice; nginx passes on the same token.
token() { python3 "$BENCH_DIR/service_token.py" "$SUITE_RUN_DIR/token-keys.env" cdr-service; }
DIRECT=("http://127.0.0.1:8901/cdr/get?page=0&size=1" -H "tenant-uuid: $TENANT")
GATEWAY=("$GW/cdr-service/cdr/get?page=0&size=1" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $TENANT")
NGINX=("http://127.0.0.1:$NGINX_PORT/cdr-service/cdr/get?page=0&size=1" -H "X-API-Key: $ADMIN_KEY" -H "tenant-uuid: $TENANT")
# The machine's speed in this run: mock-pbx's liveness probe, direct, which no change to the
# suite's own path (access rules, tokens, the services' security chain) touches. Gateway
# throughput per this figure compares runs. (cdr-service's probe served as this first, until the
# token check put Spring Security in front of it too: bench/RESULTS.md, 3.)
HEALTH=("http://127.0.0.1:3030/actuator/health/liveness")

slice() { # seconds url args...: prints "requests/s p99(ms)"
  local secs=$1; shift
  # Only the gateway makes its own token; the other paths get one like it.
  [[ "$1" == "$GW"* || "$1" == *actuator* ]] || set -- "$@" -H "Authorization: Bearer $(token)"
  wrk -t2 -c"$CONNS" -d"${secs}s" --latency "$@" | awk '
    /Requests\/sec/ {rps = $2}
    /^ +99%/ {v = $2; if (v ~ /us$/) {sub(/us/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms/, "", v)} else if (v ~ /s$/) {sub(/s/, "", v); v *= 1000}; p99 = v}
    / Non-2xx/ {bad = $NF}
    END {if (bad) {print "non-2xx answers: " bad > "/dev/stderr"; exit 1}; printf "%d %.2f\n", rps, p99}'
}

warm() { # name min-slices url args...: load until the last three slices are within 5% of each other
  local name=$1 min=$2 i rps last=""; shift 2
  for ((i = 1; i <= WARM_MAX; i++)); do
    read -r rps _ < <(slice "$WARM_SLICE" "$@")
    echo "  warm-up $name, slice $i: $rps req/s" >&2
    last=$(echo "$last $rps" | awk '{for (j = NF - 2; j <= NF; j++) if (j > 0) printf " %s", $j}')
    if ((i >= min)) && echo "$last" | awk '{lo = hi = $1; for (j = 2; j <= NF; j++) {if ($j < lo) lo = $j; if ($j > hi) hi = $j}; exit !(NF == 3 && hi - lo <= 0.05 * hi)}'; then
      return
    fi
  done
  echo "  $name: not steady after $WARM_MAX slices; measuring anyway" >&2
}

median() { tr ' ' '\n' | percentiles | cut -d' ' -f1; }   # of an odd count of numbers

warm direct 3 "${DIRECT[@]}"
# The gateway's optimising compiler keeps improving its code for a minute or two under load.
warm gateway 9 "${GATEWAY[@]}"
d_rps="" d_p99="" g_rps="" g_p99="" ratios="" n_rps="" n_ratios="" h_rps="" h_ratios=""
for ((r = 1; r <= ROUNDS; r++)); do
  read -r dr dp < <(slice "$SECONDS_" "${DIRECT[@]}")
  read -r gr gp < <(slice "$SECONDS_" "${GATEWAY[@]}")
  read -r nr _ < <(slice "$SECONDS_" "${NGINX[@]}")
  read -r hr _ < <(slice "$SECONDS_" "${HEALTH[@]}")
  echo "  round $r: direct $dr req/s (p99 $dp ms), gateway $gr req/s (p99 $gp ms), ratio $(ratio "$gr" "$dr"); nginx $nr req/s, ratio $(ratio "$nr" "$dr")" >&2
  d_rps+=" $dr" d_p99+=" $dp" g_rps+=" $gr" g_p99+=" $gp" ratios+=" $(ratio "$gr" "$dr")"
  n_rps+=" $nr" n_ratios+=" $(ratio "$nr" "$dr")"
  h_rps+=" $hr" h_ratios+=" $(ratio "$gr" "$hr")"
done
d_rps=$(median <<<"$d_rps") d_p99=$(median <<<"$d_p99") g_rps=$(median <<<"$g_rps") g_p99=$(median <<<"$g_p99")
echo "gateway: GET /cdr/get?page=0&size=1, wrk 2 threads, $CONNS connections, $ROUNDS alternating rounds of ${SECONDS_}s (medians)"
echo "  direct to cdr-service: $d_rps req/s, p99 $d_p99 ms"
echo "  through the gateway:   $g_rps req/s, p99 $g_p99 ms"
echo "  throughput ratio gateway/direct: $(median <<<"$ratios") (per round:$ratios; target >= 0.6); added p99: $(python3 -c "print(round($g_p99 - $d_p99, 2))") ms"
echo "  reference, nginx with the same headers: $(median <<<"$n_rps") req/s, ratio $(median <<<"$n_ratios") (per round:$n_ratios)"
echo "  machine reference, mock-pbx's liveness probe direct: $(median <<<"$h_rps") req/s; gateway/probe $(median <<<"$h_ratios") (per round:$h_ratios)"
