"""Bench 14: a key's first check (the gateway asks the tenant registry) against its next ones (from the
gateway's cache), same keys, same endpoint, same run. Prints p50/p95/p99 of each and their ratio."""
import http.client
import json
import statistics
import sys
import time
import uuid

KEYS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
ADMIN = sys.argv[2] if len(sys.argv) > 2 else "crm-demo-admin-key"
HOST, PORT = "127.0.0.1", 8665


def call(method, path, key, body=None):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    headers = {"X-API-Key": key}
    if body is not None:
        headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    conn.close()
    return response.status, data, elapsed


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


status, data, _ = call("POST", "/tenant-service/tenants", ADMIN, {"name": "bench-keys " + str(uuid.uuid4())})
assert status == 201, (status, data)
tenant = json.loads(data)["id"]
# A tenant holds at most crm.tenants.keys-per-tenant (50) keys: a tenant per 40.
keys = []
for i in range(KEYS):
    if i and i % 40 == 0:
        status, data, _ = call("POST", "/tenant-service/tenants", ADMIN, {"name": "bench-keys " + str(uuid.uuid4())})
        tenant = json.loads(data)["id"]
    status, data, _ = call("POST", f"/tenant-service/tenants/{tenant}/keys", ADMIN, {"name": f"bench-{i}"})
    assert status == 201, (status, data)
    keys.append(json.loads(data)["key"])

path = "/cdr-service/cdr/get?page=0&size=1"
# Warm the path with the admin key (cached after its first request), so that neither series pays for the JIT.
for _ in range(300):
    call("GET", path, ADMIN)
first, cached = [], []
for key in keys:
    status, data, ms = call("GET", path, key)
    assert status == 200, (status, data)
    first.append(ms)
    for _ in range(3):
        status, data, ms = call("GET", path, key)
        assert status == 200, (status, data)
        cached.append(ms)

print(f"Bench 14: {KEYS} keys issued through the registry, each then used 4 times ({path}, a new connection each)")
for name, series in (("first use (registry lookup)", first), ("next uses (gateway cache)", cached)):
    print(f"  {name:30s} p50 {pct(series, 50):6.2f} ms  p95 {pct(series, 95):6.2f} ms  p99 {pct(series, 99):6.2f} ms")
print(f"  ratio first/cached: p50 {pct(first, 50) / pct(cached, 50):.2f}  p95 {pct(first, 95) / pct(cached, 95):.2f}"
      f"  (the lookup adds {pct(first, 50) - pct(cached, 50):.2f} ms at p50)")
