#!/usr/bin/env bash
# CI smoke of benchmarks 1, 2, 7, 9 and 10 at a small size: they run end to end and print their figures.
# No timing is asserted (CI machines are shared and noisy); a failure here is a broken bench.
source "$(dirname "$0")/lib.sh"
# A suite of its own, stopped however the smoke ends.
BENCH_RUN_DIR=$(mktemp -d /tmp/bench-smoke.XXXXXX)
export BENCH_RUN_DIR
trap 'SUITE_RUN_DIR="$BENCH_RUN_DIR" "$ROOT/scripts/suite.sh" stop >/dev/null 2>&1; rm -rf "$BENCH_RUN_DIR"' EXIT
bash "$BENCH_DIR/ingest.sh" 4000 4 2
bash "$BENCH_DIR/report.sh" 20000 2000 10
bash "$BENCH_DIR/webhooks.sh" 100 4 1 1
bash "$BENCH_DIR/live.sh" 50 5 100 5
bash "$BENCH_DIR/outbound.sh" 2 10
echo "bench smoke: ingest, report, webhooks, live events and outbound webhooks ran end to end"
