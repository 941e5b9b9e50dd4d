#!/usr/bin/env bash
# 14. A key's first check at the tenant registry against its next ones from the gateway's cache.
#     bench/keys.sh [KEYS=200]
source "$(dirname "$0")/lib.sh"
KEYS=${1:-200}
suite_up
python3 "$BENCH_DIR/keys.py" "$KEYS" "$ADMIN_KEY"
# The gateway's own timing of its lookups (every first check, and each renewal after 5 s).
curl -fsS -u management:crm-demo-management http://127.0.0.1:8666/actuator/prometheus \
  | grep '^gateway_keys_lookup_seconds{.*quantile' | sed 's/^/  gateway: /'
