"""Signed PBX webhooks (Standard Webhooks), sent by PROCESSES processes with CONNECTIONS keep-alive
connections in all, the four events of a call in order on one connection. Signed before the clock
starts, so the load generator's HMACs do not compete with the services for the two cores.
Usage: webhooks.py URL TENANT CALLS CONNECTIONS PROCESSES RUN_ID  (secret: PBX_WEBHOOK_SECRET)
Prints: start (epoch s), seconds to send, p50 and p95 of the request latency (ms)."""
import base64
import hashlib
import hmac
import http.client
import json
import multiprocessing
import os
import sys
import threading
import time
from urllib.parse import urlsplit


def signed_calls(tenant, run_id, first, count):
    secret = os.environ.get("PBX_WEBHOOK_SECRET", "").encode()
    if secret.startswith(b"whsec_"):
        secret = base64.b64decode(secret[6:])
    # Each tenant's webhooks are signed with its own key, derived from the shared secret (pbx-contract).
    key = hmac.new(secret, f"tenant:{tenant}".encode(), hashlib.sha256).digest()
    ts = str(int(time.time()))
    calls = []
    for c in range(first, first + count):
        call = {"uuid": f"wh-{run_id}-{c}", "direction": "inbound", "caller_number": 35799000000 + c % 1000,
                "destination_number": 100, "call_start": "2024-05-01T10:00:00.000Z"}
        ring = dict(ring_start="2024-05-01T10:00:01.000Z")
        answer = dict(ring, answer_start="2024-05-01T10:00:05.000Z")
        steps = [dict(call, action="ORIGINATE"), dict(call, action="RING", **ring),
                 dict(call, action="ANSWERED", **answer),
                 dict(call, action="HANGUP", call_end="2024-05-01T10:01:05.000Z", duration=65, **answer)]
        events = []
        for n, step in enumerate(steps):
            body, msg = json.dumps(step), f"msg_{run_id}_{c}_{n}"
            sig = base64.b64encode(hmac.new(key, f"{msg}.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()
            events.append((body, {"Content-Type": "application/json", "Tenant-UUID": tenant, "webhook-id": msg,
                                  "webhook-timestamp": ts, "webhook-signature": "v1," + sig}))
        calls.append(events)
    return calls


def process(url, calls, connections, start_at, out):
    latencies, failures, lock = [], [], threading.Lock()

    def worker(mine):
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        for events in mine:
            for body, headers in events:
                t = time.perf_counter()
                conn.request("POST", url.path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                with lock:
                    latencies.append(time.perf_counter() - t)
                    if response.status != 200:
                        failures.append(response.status)

    threads = [threading.Thread(target=worker, args=(calls[i::connections],)) for i in range(connections)]
    while time.time() < start_at:
        time.sleep(0.001)
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((time.time(), latencies, failures))


if __name__ == "__main__":
    url, tenant = urlsplit(sys.argv[1]), sys.argv[2]
    calls, connections, processes, run_id = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    per = -(-calls // processes)
    work = [signed_calls(tenant, run_id, p * per, min(per, calls - p * per)) for p in range(processes)]
    out = multiprocessing.Queue()
    start_at = time.time() + 0.5
    pool = [multiprocessing.Process(target=process, args=(url, work[p], connections // processes, start_at, out))
            for p in range(processes)]
    for p in pool:
        p.start()
    results = [out.get() for _ in pool]
    for p in pool:
        p.join()
    failures = [f for r in results for f in r[2]]
    if failures:
        sys.exit(f"{len(failures)} failures, e.g. {failures[:5]}")
    lat = sorted(x for r in results for x in r[1])
    pct = lambda q: lat[min(len(lat) - 1, int(round(q * (len(lat) - 1))))] * 1000
    print(f"{start_at:.3f} {max(r[0] for r in results) - start_at:.3f} {pct(0.5):.1f} {pct(0.95):.1f}")
