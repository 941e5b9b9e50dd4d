#!/usr/bin/env bash
# The compose stack as CI checks it: images built from this project's Dockerfile, the real
# docker-compose.yml brought up with the host-network override (traffic stays on loopback),
# every healthcheck waited for, the end-to-end checks run through the gateway, the stack taken
# down (volumes too). Base images: the official ones if present, else the stand-ins of
# scripts/docker-offline.sh (run first where no registry is reachable).
#   scripts/compose-check.sh            uses .env if present, else the demo values of .env.example
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -z "${JRE_IMAGE:-}" ]] && ! docker image inspect eclipse-temurin:17-jre >/dev/null 2>&1; then
  export JRE_IMAGE=crm-standin/jre:17
fi
if [[ -z "${POSTGRES_IMAGE:-}" ]] && ! docker image inspect postgres:17 >/dev/null 2>&1; then
  export POSTGRES_IMAGE=crm-standin/postgres:15
fi
if [[ -z "${REDIS_IMAGE:-}" ]] && ! docker image inspect redis:7 >/dev/null 2>&1; then
  export REDIS_IMAGE=crm-standin/redis:7
fi
if [[ -z "${RABBITMQ_IMAGE:-}" ]] && ! docker image inspect rabbitmq:3 >/dev/null 2>&1; then
  export RABBITMQ_IMAGE=crm-standin/rabbitmq:3
fi
if [[ -z "${ZIPKIN_IMAGE:-}" ]] && ! docker image inspect openzipkin/zipkin:3 >/dev/null 2>&1; then
  export ZIPKIN_IMAGE=crm-standin/zipkin:3
fi
if [[ -z "${PROMETHEUS_IMAGE:-}" ]] && ! docker image inspect prom/prometheus:v2.53.4 >/dev/null 2>&1; then
  export PROMETHEUS_IMAGE=crm-standin/prometheus:2
fi
if [[ -z "${ALERTMANAGER_IMAGE:-}" ]] && ! docker image inspect prom/alertmanager:v0.28.1 >/dev/null 2>&1; then
  export ALERTMANAGER_IMAGE=crm-standin/alertmanager:0
fi
# With the "replicas" profile: Redis for the gateway's rate limits, RabbitMQ for the config bus.
export COMPOSE_PROFILES=replicas
# Alerts go to this check's own receiver (below).
export ALERT_WEBHOOK_URL=http://127.0.0.1:9095/alerts
# Host networking: the suite's ports and PostgreSQL's must be free on this machine.
for port in 5432 6379 5672 8761 8888 8665 8666 8901 8501 9901 8601 3030 9411 9090 9093 9095; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use; the host-network stack needs it." >&2
    exit 1
  fi
done
ENV_FILE=.env
hmac_of() { # SECRET KEY
  python3 -c 'import hmac, hashlib, sys
print(hmac.new(sys.argv[1].encode(), sys.argv[2].encode(), hashlib.sha256).hexdigest())' "$1" "$2"
}
if [[ -f "$ENV_FILE" ]]; then
  # The deployment's own .env: the checks below onboard their tenants with its bootstrap admin key.
  ADMIN_KEY=${ADMIN_KEY:?with a .env of your own, set ADMIN_KEY to the key of its BOOTSTRAP_ADMIN_KEY_HMAC}
else
  # The production path (no demo profile): a fresh key secret and bootstrap admin key; the
  # tenants and their keys are made through the registry's API below, as an operator would.
  ENV_FILE=$(mktemp /tmp/compose-check.XXXXXX.env)
  secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
  ADMIN_KEY="crmk_$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  {
    # Every placeholder a fresh random value: the services refuse .env.example's change-me-… at start.
    grep -v '^API_KEY_\|^BOOTSTRAP_ADMIN_KEY_HMAC=' .env.example | while IFS= read -r line; do
      if [[ "$line" =~ ^([A-Z_0-9]+)=change-me ]]; then
        echo "${BASH_REMATCH[1]}=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
      else
        printf '%s\n' "$line"
      fi
    done
    echo "API_KEY_SECRET=$secret"
    echo "BOOTSTRAP_ADMIN_KEY_HMAC=$(hmac_of "$secret" "$ADMIN_KEY")"
    scripts/token-keys.sh
    echo "REDIS_URL=redis://localhost:6379"
    echo "CONFIG_BUS_ENABLED=true"
  } >"$ENV_FILE"
  echo "No .env: .env.example with a fresh API_KEY_SECRET, bootstrap admin key and token keys (docker profile, not demo)."
fi
# The bad-input checks send dozens of missing and wrong keys from 127.0.0.1 on purpose.
export GATEWAY_AUTH_FAILURE_BURST=${GATEWAY_AUTH_FAILURE_BURST:-100}
# The e2e checks count what webhooks alone stored: no pull of the PBX's calls in the middle of them
# (the local e2e suite does the same); the check's own sync is asked for.
export SYNC_RECONCILE_INTERVAL=${SYNC_RECONCILE_INTERVAL:-1h}
WEBHOOK_SECRET=$(grep '^PBX_WEBHOOK_SECRET=' "$ENV_FILE" | cut -d= -f2-)
MANAGEMENT_PASSWORD=$(grep '^MANAGEMENT_PASSWORD=' "$ENV_FILE" | cut -d= -f2-)
echo "Base images: JRE ${JRE_IMAGE:-eclipse-temurin:17-jre}, PostgreSQL ${POSTGRES_IMAGE:-postgres:17}," \
  "Zipkin ${ZIPKIN_IMAGE:-openzipkin/zipkin:3}, Prometheus ${PROMETHEUS_IMAGE:-prom/prometheus:v2.53.4}; env from $ENV_FILE"

docker-compose --env-file "$ENV_FILE" -f docker-compose.yml config -q
# The compose file with the host-network override, resolved; published ports mean nothing on
# the host network (and docker-compose 1.x refuses them there), so they are dropped.
MERGED=$(mktemp /tmp/compose-check.XXXXXX.yml)
docker-compose --env-file "$ENV_FILE" -f docker-compose.yml -f docker/compose.hostnet.yml config \
  | python3 -c 'import sys, yaml
c = yaml.safe_load(sys.stdin)
for s in c["services"].values():
    s.pop("ports", None)
yaml.safe_dump(c, sys.stdout, sort_keys=False)' >"$MERGED"
COMPOSE=(docker-compose -p crm-check -f "$MERGED")
"${COMPOSE[@]}" config -q

if ! ls discovery-server/target/discovery-server-1.0.0-SNAPSHOT.jar >/dev/null 2>&1; then
  ./mvnw -B -q -DskipTests package
fi

# The operators' webhook receiver, as Alertmanager reaches it: every alert it posts lands in a file.
ALERTS_RECEIVED=$(mktemp /tmp/compose-check.XXXXXX.alerts)
python3 - "$ALERTS_RECEIVED" <<'PY' &
import http.server, sys
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[1], "ab") as out:
            out.write(body + b"\n")
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", 9095), Receiver).serve_forever()
PY
ALERT_RECEIVER=$!

cleanup() {
  kill "$ALERT_RECEIVER" 2>/dev/null || true
  rm -f "$ALERTS_RECEIVED"
  "${COMPOSE[@]}" logs --no-color >"${COMPOSE_LOG:-/tmp/compose-check.log}" 2>&1 || true
  "${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  rm -f "$MERGED"
  if [[ "$ENV_FILE" == /tmp/compose-check.* ]]; then
    rm -f "$ENV_FILE"
  fi
}
trap cleanup EXIT

started=$(date +%s)
"${COMPOSE[@]}" build --quiet
"${COMPOSE[@]}" up -d
services=(postgres redis rabbitmq discovery-server configuration-service api-gateway cdr-service phonebook-service pbx-integration-service tenant-service mock-pbx)
deadline=$(( $(date +%s) + ${COMPOSE_TIMEOUT:-420} ))
while :; do
  pending=()
  for s in "${services[@]}"; do
    id=$("${COMPOSE[@]}" ps -q "$s")
    state=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo missing)
    [[ "$state" == healthy ]] || pending+=("$s:$state")
  done
  (( ${#pending[@]} == 0 )) && break
  if (( $(date +%s) > deadline )); then
    echo "Not healthy in time: ${pending[*]}" >&2
    exit 1
  fi
  sleep 3
done
echo "All ${#services[@]} containers healthy after $(( $(date +%s) - started )) s (images built and stack started)."
# Healthy is not yet routable: wait until the gateway reaches each service.
for svc in cdr-service phonebook-service pbx-integration-service tenant-service; do
  for _ in $(seq 1 60); do
    curl -fsS -m 2 -o /dev/null "http://127.0.0.1:8665/$svc/v3/api-docs" && break
    sleep 2
  done
done
# Each service runs as its database's <name>_app role, and cannot remove its audit trail: the
# table is the owner's, and a delete as the service's role is refused (issue 37).
psql_in() { # ROLE DATABASE SQL
  "${COMPOSE[@]}" exec -T postgres psql -X -At -v ON_ERROR_STOP=1 -U "$1" -d "$2" -c "$3"
}
for db in cdr phonebook pbx tenant; do
  users=$(psql_in postgres "$db" "select string_agg(distinct usename, ',') from pg_stat_activity where datname = '$db' and usename <> 'postgres'")
  owner=$(psql_in postgres "$db" "select tableowner from pg_tables where tablename = 'audit_entry'")
  if [[ "$users" != "${db}_app" || "$owner" != "$db" ]]; then
    echo "Database $db: the services connect as '$users' (want ${db}_app), audit_entry belongs to '$owner' (want $db)" >&2
    exit 1
  fi
  if psql_in "${db}_app" "$db" "delete from audit_entry" >/dev/null 2>&1; then
    echo "Database $db: ${db}_app could delete the audit trail" >&2
    exit 1
  fi
done
# Onboarding, as README's "Onboarding a tenant" does it: mock-pbx's three tenants registered under
# the ids it knows them by, each with a key issued through the registry (shown once).
admin_call() { # METHOD PATH [BODY]
  curl -sS -m 10 -X "$1" "http://127.0.0.1:8665/tenant-service$2" -H "X-API-Key: $ADMIN_KEY" \
    -H 'Content-Type: application/json' ${3:+-d "$3"}
}
for _ in $(seq 1 30); do
  [[ "$(curl -sS -m 5 -o /dev/null -w '%{http_code}' -H "X-API-Key: $ADMIN_KEY" \
    http://127.0.0.1:8665/tenant-service/tenants 2>/dev/null)" == 200 ]] && break
  sleep 2
done
TENANT_KEYS=""
n=0
for id in 11111111-1111-4111-8111-111111111111 22222222-2222-4222-8222-222222222222 33333333-3333-4333-8333-333333333333; do
  n=$(( n + 1 ))
  admin_call POST /tenants "{\"id\":\"$id\",\"name\":\"Tenant $n\"}" >/dev/null
  key=$(admin_call POST "/tenants/$id/keys" '{"name":"compose-check"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
  TENANT_KEYS="${TENANT_KEYS:+$TENANT_KEYS,}$id=$key"
done
T1_KEY=${TENANT_KEYS%%,*}; T1_KEY=${T1_KEY#*=}
echo "Three tenants onboarded through the registry's API with the bootstrap admin key; each has a key of its own."
echo "The services run as cdr_app, phonebook_app, pbx_app and tenant_app; the audit trails are their databases' owners', and not theirs to delete."
# The gateway's rate limits are Redis's, and a refresh on the bus reaches the services. (The
# logs are read whole first: grep -q ending a pipe early would fail it under pipefail.)
logged() { local out; out=$("${COMPOSE[@]}" logs --no-color "$1" 2>&1); grep -q "$2" <<<"$out"; }
logged api-gateway "Rate limits shared in Redis" \
  || { echo "The gateway does not keep its rate limits in Redis" >&2; exit 1; }
curl -fsS -m 30 -o /dev/null -u "management:$MANAGEMENT_PASSWORD" -X POST http://127.0.0.1:8666/actuator/busrefresh
for _ in $(seq 1 30); do
  logged cdr-service "Received remote refresh request" && break
  sleep 1
done
logged cdr-service "Received remote refresh request" \
  || { echo "cdr-service got no refresh over the bus" >&2; exit 1; }
echo "Rate limits in Redis; a bus refresh on the gateway reached cdr-service."
docker stats --no-stream --format '  {{.Name}}: {{.MemUsage}}' | sort

./mvnw -B verify -pl e2e-tests -am -Dtest=none -De2e.external=true -De2e.webhook-secret="$WEBHOOK_SECRET" \
  -De2e.management-password="$MANAGEMENT_PASSWORD" -De2e.admin-key="$ADMIN_KEY" -De2e.tenant-keys="$TENANT_KEYS" \
  -Dit.test='CallsAndContactsIT,PbxFlowIT,GatewayBadInputIT,EdgeAttacksIT,TenantRegistryIT' -Dsurefire.failIfNoSpecifiedTests=false

# Every container logs JSON (the docker profile), and a request's log line carries its trace id.
for svc in discovery-server configuration-service api-gateway cdr-service phonebook-service pbx-integration-service tenant-service mock-pbx; do
  logged "$svc" '{"@timestamp":"' || { echo "$svc does not log JSON in the docker profile" >&2; exit 1; }
done
logged cdr-service '{"@timestamp":.*"traceId":"[0-9a-f]\{32\}"' \
  || { echo "cdr-service's JSON log lines carry no trace id" >&2; exit 1; }
echo "Every container logs JSON; request lines carry their trace ids."

# One request's trace, across the services it passed through, in the trace UI: the request names
# its own trace (W3C traceparent), so the check looks up exactly that one.
trace=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
parent=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
curl -fsS -m 60 -o /dev/null -X POST http://127.0.0.1:8665/cdr-service/cdr/update_cdr \
  -H "X-API-Key: $T1_KEY" -H "traceparent: 00-$trace-$parent-01"
traced=""
for _ in $(seq 1 30); do
  traced=$(curl -fsS -m 5 "http://127.0.0.1:9411/api/v2/trace/$trace" 2>/dev/null \
    | python3 -c 'import json, sys
print(" ".join(sorted({s["localEndpoint"]["serviceName"] for s in json.load(sys.stdin) if s.get("localEndpoint")})))' \
    2>/dev/null || true)
  [[ " $traced " == *" api-gateway "* && " $traced " == *" cdr-service "* && " $traced " == *" pbx-integration-service "* ]] && break
  sleep 2
done
[[ " $traced " == *" api-gateway "* && " $traced " == *" cdr-service "* && " $traced " == *" pbx-integration-service "* ]] \
  || { echo "Trace $trace in Zipkin has spans of: '${traced}', not of the gateway, cdr-service and pbx-integration-service" >&2; exit 1; }
echo "Trace $trace in Zipkin spans: $traced"

# Every service Eureka lists is a Prometheus target, and up.
expected="api-gateway cdr-service configuration-service discovery-server mock-pbx pbx-integration-service phonebook-service tenant-service"
for _ in $(seq 1 45); do
  up=$(curl -fsS -m 5 http://127.0.0.1:9090/api/v1/targets 2>/dev/null | python3 -c 'import json, sys
t = json.load(sys.stdin)["data"]["activeTargets"]
print(" ".join(sorted({x["labels"]["service"] for x in t if x["health"] == "up"})))' 2>/dev/null || true)
  [[ "$up" == "$expected" ]] && break
  sleep 2
done
[[ "$up" == "$expected" ]] || {
  echo "Prometheus targets up: '$up'; expected: '$expected'" >&2
  curl -sS -m 5 http://127.0.0.1:9090/api/v1/targets | python3 -c 'import json, sys
for t in json.load(sys.stdin)["data"]["activeTargets"]:
    print(t["labels"].get("service"), t["scrapeUrl"], t["health"], t["lastError"])' >&2 || true
  exit 1
}
echo "Prometheus finds all ${expected// /, } through Eureka, and every target is up."

# The alert rules are loaded, and a firing alert (the Watchdog, always firing) reaches the
# receiver through Alertmanager.
rules=$(curl -fsS -m 5 http://127.0.0.1:9090/api/v1/rules | python3 -c 'import json, sys
print(sum(len(g["rules"]) for g in json.load(sys.stdin)["data"]["groups"]))')
[[ "$rules" -ge 14 ]] || { echo "Prometheus has $rules alert rules loaded, not alerts.yml's" >&2; exit 1; }
for _ in $(seq 1 60); do
  grep -q '"alertname":"Watchdog"' "$ALERTS_RECEIVED" 2>/dev/null && break
  sleep 2
done
python3 - "$ALERTS_RECEIVED" <<'PY' || { echo "No firing alert reached the receiver through Alertmanager" >&2; exit 1; }
import json, sys
posts = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
assert any(a["status"] == "firing" and a["labels"]["alertname"] == "Watchdog" for p in posts for a in p["alerts"]), posts
PY
echo "Prometheus loaded $rules alert rules; the Watchdog alert fired and reached the receiver through Alertmanager."

# The Grafana dashboards (docker/grafana/dashboards; Grafana itself is not in Debian): valid JSON,
# and every panel's query parses and returns data from this run's Prometheus. The tenants'
# dashboard has a series per tenant from its first stream and first webhook endpoint on, in the
# process that saw them; a service the checks above restarted has none yet, so a tenant of this
# check's own, with no calls (nothing is ever delivered), opens a stream and registers and
# removes an endpoint first. Prometheus scrapes every 15 s: asked again for up to a minute.
dash_tenant=44444444-4444-4444-8444-444444444444
admin_call POST /tenants "{\"id\":\"$dash_tenant\",\"name\":\"Dashboards\"}" >/dev/null
dash_key=$(admin_call POST "/tenants/$dash_tenant/keys" '{"name":"dashboards"}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])')
curl -sS -m 2 -N -o /dev/null -H "X-API-Key: $dash_key" -H 'Accept: text/event-stream' \
  http://127.0.0.1:8665/cdr-service/cdr/events || true   # ends at 2 s, as meant
dash_hook=$(curl -fsS -m 10 -X POST http://127.0.0.1:8665/cdr-service/cdr/webhooks -H "X-API-Key: $dash_key" \
  -H 'Content-Type: application/json' -d '{"url":"https://93.184.216.34/crm-dashboards","events":["missed"]}' \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
curl -fsS -m 10 -o /dev/null -X DELETE "http://127.0.0.1:8665/cdr-service/cdr/webhooks/$dash_hook" -H "X-API-Key: $dash_key"
python3 - docker/grafana/dashboards/*.json <<'PY' || { echo "A dashboard's query returns nothing here" >&2; exit 1; }
import json, sys, time, urllib.parse, urllib.request

def check():
    failed, queries = [], 0
    for path in sys.argv[1:]:
        dashboard = json.load(open(path))
        assert dashboard["panels"], path
        for panel in dashboard["panels"]:
            for target in panel["targets"]:
                queries += 1
                url = "http://127.0.0.1:9090/api/v1/query?" + urllib.parse.urlencode({"query": target["expr"]})
                try:
                    answer = json.load(urllib.request.urlopen(url, timeout=10))
                except Exception as e:
                    failed.append(f"{path} {panel['title']}: {e}")
                    continue
                if answer.get("status") != "success" or not answer["data"]["result"]:
                    failed.append(f"{path} {panel['title']}: {target['expr']} -> {answer.get('error', 'no data')}")
    return failed, queries

deadline = time.time() + 60
failed, queries = check()
while failed and time.time() < deadline:
    time.sleep(5)
    failed, queries = check()
print(f"{len(sys.argv) - 1} dashboards, {queries} queries")
if failed:
    print("\n".join(failed), file=sys.stderr)
    sys.exit(1)
PY
echo "Every dashboard's query answers from Prometheus."

# Every image carries its software bill of materials (CycloneDX, in the jar), served behind the
# service's management credential (the registry's and the config server's: their own).
EUREKA_PASSWORD_VALUE=$(grep '^EUREKA_PASSWORD=' "$ENV_FILE" | cut -d= -f2-)
CONFIG_PASSWORD_VALUE=$(grep '^CONFIG_PASSWORD=' "$ENV_FILE" | cut -d= -f2-)
for entry in discovery-server:8761:eureka:$EUREKA_PASSWORD_VALUE configuration-service:8888:config:$CONFIG_PASSWORD_VALUE \
    api-gateway:8666:management:$MANAGEMENT_PASSWORD cdr-service:8901:management:$MANAGEMENT_PASSWORD \
    phonebook-service:8501:management:$MANAGEMENT_PASSWORD pbx-integration-service:9901:management:$MANAGEMENT_PASSWORD \
    tenant-service:8601:management:$MANAGEMENT_PASSWORD mock-pbx:3030:management:$MANAGEMENT_PASSWORD; do
  IFS=: read -r svc port user password <<<"$entry"
  [[ "$(curl -sS -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/sbom/application")" == 401 ]] \
    || { echo "$svc serves its SBOM without credentials" >&2; exit 1; }
  curl -fsS -m 10 -u "$user:$password" "http://127.0.0.1:$port/actuator/sbom/application" | python3 -c 'import json, sys
bom = json.load(sys.stdin)
name = bom["metadata"]["component"]["name"]
assert bom["bomFormat"] == "CycloneDX" and name == sys.argv[1] and len(bom["components"]) > 20, (name, len(bom.get("components", [])))' "$svc" \
    || { echo "$svc has no CycloneDX SBOM of its own" >&2; exit 1; }
done
echo "Every image carries its CycloneDX SBOM, served behind its management credential."

# The Kubernetes contract (deploy/kubernetes; docs/operations.md, "On Kubernetes"): the services
# of compose stop, and the same images start again with exactly the dev overlay's settings,
# beside this stack's PostgreSQL, Redis, RabbitMQ and Zipkin (deploy's KubernetesContractIT).
# Their Secret is this run's env file as the README makes crm-secrets from an .env.
SUITE_SERVICES=(discovery-server configuration-service api-gateway cdr-service phonebook-service pbx-integration-service tenant-service mock-pbx)
for s in "${SUITE_SERVICES[@]}"; do
  docker tag "$(docker inspect -f '{{.Image}}' "$("${COMPOSE[@]}" ps -q "$s")")" "crm-telephony/$s:1.0.0-SNAPSHOT"
done
"${COMPOSE[@]}" stop prometheus "${SUITE_SERVICES[@]}" >/dev/null
CONTRACT_ENV=$(mktemp /tmp/compose-check.XXXXXX.secrets)
{
  grep -v '^REDIS_URL=' "$ENV_FILE"
  echo "REDIS_URL=redis://redis:6379"
  echo "MANAGEMENT_USER=management"
  echo "EUREKA_USER=eureka"
  echo "CONFIG_USER=config"
} >"$CONTRACT_ENV"
./mvnw -B -q verify -pl deploy -Pcontract -Dcontract.env-file="$CONTRACT_ENV" \
  || { rm -f "$CONTRACT_ENV"; echo "The Kubernetes contract run failed (deploy/target/contract-logs)" >&2; exit 1; }
rm -f "$CONTRACT_ENV"
echo "Every service started from its image with the dev overlay's settings, was ready, and stopped within its grace period."
