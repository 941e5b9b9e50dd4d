#!/usr/bin/env bash
# 12. Fair outbound webhooks: tenant B's delivery delay while tenant A floods endpoints that never answer.
#    bench/fairness.sh [CALLS_OF_A=2000] [PROBES=20]
#    A fresh tenant A registers nine endpoints on a loopback server that accepts and never answers,
#    and stores CALLS_OF_A calls (nine deliveries each); a fresh tenant B's one endpoint answers at
#    once. B's delay, from a call's PUT through the gateway to its webhook's arrival, PROBES calls one
#    after another: with A quiet (the baseline, same run), then while A's deliveries flood.
#    lib.sh lets the suite deliver to both loopback ports (CRM_OUTBOUND_ALLOWEDTARGETS_0 and _1).
source "$(dirname "$0")/lib.sh"
CALLS=${1:-2000} PROBES=${2:-20}
suite_up
read -r deliveries probes b50 b95 l50 l95 lost tenant_a _ < <(timeout 600 python3 "$BENCH_DIR/fairness.py" \
  "$GW" "$ADMIN_KEY" "$BENCH_SILENT_PORT" "$BENCH_RECEIVER_PORT" "$CALLS" "$PROBES")
pending=$(db cdr-service -At -c "select count(*) from webhook_delivery d join webhook_endpoint w on w.id = d.endpoint_id
  where w.tenant_id = '$tenant_a' and d.state = 'pending'")
echo "fairness: tenant A's $deliveries deliveries to endpoints that never answer ($pending still pending when measured);"
echo "  tenant B's delivery, PUT to webhook, $probes calls: baseline p50 $b50 ms, p95 $b95 ms; during A's flood p50 $l50 ms, p95 $l95 ms"
echo "  ratio of the p95s (flood / baseline): $(ratio "$l95" "$b95"); B's deliveries not arrived within 30 s: $lost"
[[ "$lost" == 0 ]] || { echo "tenant B lost deliveries to tenant A's flood" >&2; exit 1; }
