#!/usr/bin/env bash
# 5. Startup and memory of the whole suite (cold, fresh databases): time until every service is
#    healthy, registered and routed, and RSS per JVM; baseline: one service (discovery-server)
#    started alone on the same machine just before. The suite starts three times: from the fat
#    jars (SUITE_CDS=0), then recording the class archives (the first start after a build), then
#    with them (every later start).  bench/startup.sh
source "$(dirname "$0")/lib.sh"
if curl -fsS -m 2 -o /dev/null http://127.0.0.1:8761/actuator/health 2>/dev/null; then
  echo "Stop the running suite first (its ports are needed)." >&2; exit 1
fi
RUNS=$(mktemp -d /tmp/bench-startup.XXXXXX)
trap 'SUITE_RUN_DIR="$RUNS/current" "$ROOT/scripts/suite.sh" stop >/dev/null 2>&1; rm -rf "$RUNS"' EXIT
t0=$(now)
EUREKA_PASSWORD=bench-startup-only java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:-UsePerfData -Xms96m -Xmx96m \
  -jar "$ROOT/discovery-server/target/discovery-server-1.0.0-SNAPSHOT.jar" \
  >"$RUNS/alone.log" 2>&1 &
alone=$!
for _ in $(seq 1 120); do curl -fsS -m 1 -o /dev/null http://127.0.0.1:8761/actuator/health 2>/dev/null && break; sleep 0.5; done
one_s=$(elapsed "$t0")
kill "$alone"; wait "$alone" 2>/dev/null || true
echo "startup: one service alone (fat jar) healthy after ${one_s}s"

start_suite() { # label file: a cold start in a fresh run directory; prints the time and the memory,
                 # and keeps the time in $RUNS/file
  rm -rf "$RUNS/current"
  local out secs
  out=$(SUITE_RUN_DIR="$RUNS/current" "$ROOT/scripts/suite.sh" start)
  secs=$(cat "$RUNS/current/startup-seconds")
  echo "  $1: every service healthy, registered and routed after ${secs}s (ratio to one service $(ratio "$secs" "$one_s"))"
  sed -n '/Memory (RSS)/,$p' <<<"$out" | sed 's/^/  /'
  # The CPU the JVMs used to get there: divided by the cores, how fast the start could be at best.
  local ticks=0 file
  for file in "$RUNS/current"/pids/*.pid; do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$(cat "$file")/stat" 2>/dev/null || echo 0)))
  done
  local cpu cores
  cpu=$(python3 -c "print(f'{$ticks / $(getconf CLK_TCK):.1f}')")
  cores=$(nproc)
  echo "  CPU the JVMs used to start: ${cpu} s; on ${cores} cores no start takes less than $(python3 -c "print(f'{$cpu / $cores:.1f}')") s"
  SUITE_RUN_DIR="$RUNS/current" "$ROOT/scripts/suite.sh" stop >/dev/null
  echo "$secs" >"$RUNS/$2"
}

SUITE_CDS=0 start_suite "fat jars, no class data sharing" fat
rm -f "$ROOT"/*/target/cds/classes.jsa
start_suite "extracted jars, recording the class archives" recording
start_suite "extracted jars with the class archives" shared
echo "  ratio with archives / fat jars: $(ratio "$(cat "$RUNS/shared")" "$(cat "$RUNS/fat")")"
