#!/usr/bin/env bash
# 15. The suite at rest: the CPU of every process the local run starts (its JVMs and the
#     embedded PostgreSQL servers they start, with their backends) over SECONDS of no traffic, from /proc (utime + stime), per
#     service and in all, as a share of one core. Baseline, in the same window: one idle JVM
#     (a program that only sleeps, with the suite's GC and heap flags), times the number of JVMs.
#     bench/at-rest.sh [SECONDS=60] [SETTLE=180]
#     SETTLE: the start's own work done first (the retention and audit jobs' first runs come 2 min
#     after a start, config-repo crm.retention.first-run); the JIT is still compiling for minutes.
source "$(dirname "$0")/lib.sh"
SECONDS_AT_REST=${1:-60}
SETTLE=${2:-180}
suite_up
echo "at rest: the suite settles ${SETTLE}s after its start, then ${SECONDS_AT_REST}s are measured (no requests)"
sleep "$SETTLE"
TICK=$(getconf CLK_TCK)
IDLE_DIR=$(mktemp -d /tmp/bench-idle.XXXXXX)
trap 'kill "$idle" 2>/dev/null || true; rm -rf "$IDLE_DIR"' EXIT
cat >"$IDLE_DIR/Idle.java" <<'JAVA'
public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(Long.parseLong(a[0]) * 1000); } }
JAVA
javac -d "$IDLE_DIR" "$IDLE_DIR/Idle.java"
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:-UsePerfData -XX:+UnlockDiagnosticVMOptions \
  -XX:AsyncDeflationInterval=5000 -XX:GuaranteedSafepointInterval=10000 -Xmx96m -cp "$IDLE_DIR" Idle $((SECONDS_AT_REST + 60)) &
idle=$!

# CPU ticks of a process and its descendants (a service's embedded PostgreSQL is its child).
ticks() {
  python3 - "$@" <<'PY'
import os, sys
def stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            parts = f.read().rsplit(")", 1)[1].split()
        return int(parts[1]), int(parts[11]) + int(parts[12])  # ppid, utime + stime
    except OSError:
        return None
procs = {}
for entry in os.listdir("/proc"):
    if entry.isdigit():
        s = stat(entry)
        if s:
            procs[int(entry)] = s
children = {}
for pid, (ppid, _) in procs.items():
    children.setdefault(ppid, []).append(pid)
for root in map(int, sys.argv[1:]):
    own, tree, todo = procs.get(root, (0, 0))[1], 0, [root]
    while todo:
        pid = todo.pop()
        tree += procs.get(pid, (0, 0))[1]
        todo += children.get(pid, [])
    print(root, own, tree - own)
PY
}

names=(); pids=()
for file in "$SUITE_RUN_DIR"/pids/*.pid; do
  name=$(basename "$file" .pid)
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null || continue
  names+=("$name"); pids+=("$pid")
done
# The embedded PostgreSQL servers the services start detach from them (pg_ctl): each counted
# with its backends, under the service whose data directory it runs on.
for dir in "$SUITE_RUN_DIR"/data/*/; do
  service=$(basename "$dir")
  pid=$(pgrep -f "postgres -D ${dir%/}( |$)" | head -1 || true)
  [[ -n "$pid" ]] || continue
  names+=("postgres:$service"); pids+=("$pid")
done
[[ ${#pids[@]} -gt 0 ]] || { echo "No process of the suite is running." >&2; exit 1; }
before=$(ticks "${pids[@]}" "$idle")
sleep "$SECONDS_AT_REST"
after=$(ticks "${pids[@]}" "$idle")
python3 - "$TICK" "$SECONDS_AT_REST" "${names[*]} idle-jvm" <<PY
import sys
tick, seconds, names = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3].split()
before = [l.split() for l in """$before""".strip().splitlines()]
after = [l.split() for l in """$after""".strip().splitlines()]
def pct(t): return 100.0 * t / tick / seconds
total_jvm = total_db = 0.0
jvms = 0
print(f"  {'process':28} {'own %':>7} {'its children %':>15}")
for name, b, a in zip(names, before, after):
    jvm, kids = pct(int(a[1]) - int(b[1])), pct(int(a[2]) - int(b[2]))
    print(f"  {name:28} {jvm:7.2f} {kids:15.2f}")
    if name.startswith("postgres:"):
        total_db += jvm + kids
    elif name != "idle-jvm":
        total_jvm += jvm + kids; jvms += 1
idle = pct(int(after[-1][1]) - int(before[-1][1]))
total = total_jvm + total_db
print(f"  the suite: {total:.2f} % of one core ({total_jvm:.2f} % its {jvms} JVMs, {total_db:.2f} % their PostgreSQL servers); target 3 %")
floor = idle * jvms
print(f"  baseline: one idle JVM {idle:.3f} %, times {jvms}: {floor:.2f} %; ratio suite / baseline: "
      + (f"{total / floor:.1f}" if floor > 0 else "n/a (the idle JVM used no tick)"))
PY
