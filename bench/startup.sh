#!/usr/bin/env bash
# 5. Startup and memory of the whole suite (cold, fresh databases): time until all seven are
#    healthy, registered and routed, and RSS per JVM; baseline: one service (discovery-server)
#    started alone on the same machine just before.  bench/startup.sh
source "$(dirname "$0")/lib.sh"
if curl -fsS -m 2 -o /dev/null http://127.0.0.1:8761/actuator/health 2>/dev/null; then
  echo "Stop the running suite first (its ports are needed)." >&2; exit 1
fi
export SUITE_RUN_DIR=$(mktemp -d /tmp/bench-startup.XXXXXX)
trap '"$ROOT/scripts/suite.sh" stop >/dev/null 2>&1; rm -rf "$SUITE_RUN_DIR"' EXIT
t0=$(now)
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms96m -Xmx96m -jar "$ROOT/discovery-server/target/discovery-server-1.0.0-SNAPSHOT.jar" \
  >"$SUITE_RUN_DIR/alone.log" 2>&1 &
alone=$!
for _ in $(seq 1 120); do curl -fsS -m 1 -o /dev/null http://127.0.0.1:8761/actuator/health 2>/dev/null && break; sleep 0.5; done
one_s=$(elapsed "$t0")
kill "$alone"; wait "$alone" 2>/dev/null || true
out=$("$ROOT/scripts/suite.sh" start)
suite_s=$(cat "$SUITE_RUN_DIR/startup-seconds")
echo "startup: one service alone healthy after ${one_s}s; all seven healthy, registered and routed after ${suite_s}s"
echo "  ratio suite/one service: $(ratio "$suite_s" "$one_s")"
sed -n '/Memory (RSS)/,$p' <<<"$out"
