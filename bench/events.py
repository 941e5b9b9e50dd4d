"""Call events sent as fast as N threads allow over keep-alive connections, either as signed
PBX webhooks (Standard Webhooks) or as plain upserts of one call; prints events/s.
Usage: events.py webhook|put URL TENANT CALLS THREADS [HEADER:VALUE ...]  (secret: PBX_WEBHOOK_SECRET)"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import queue
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

mode, url, tenant, calls, threads = sys.argv[1], urlsplit(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
extra = dict(h.split(":", 1) for h in sys.argv[6:])
secret = os.environ.get("PBX_WEBHOOK_SECRET", "").encode()
work = queue.Queue()
run = uuid.uuid4().hex[:8]
for c in range(calls):
    call = {"uuid": f"ev-{run}-{c}", "direction": "inbound", "caller_number": 35799000000 + c % 1000,
            "destination_number": 100, "call_start": "2024-05-01T10:00:00.000Z"}
    # The events of one call go in order on one connection: ORIGINATE, RING, ANSWERED, HANGUP.
    steps = [dict(call, action="ORIGINATE"), dict(call, action="RING", ring_start="2024-05-01T10:00:01.000Z"),
             dict(call, action="ANSWERED", ring_start="2024-05-01T10:00:01.000Z", answer_start="2024-05-01T10:00:05.000Z"),
             dict(call, action="HANGUP", ring_start="2024-05-01T10:00:01.000Z", answer_start="2024-05-01T10:00:05.000Z",
                  call_end="2024-05-01T10:01:05.000Z", duration=65)]
    work.put([json.dumps(s) for s in steps])
errors = []


def worker():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    while True:
        try:
            steps = work.get_nowait()
        except queue.Empty:
            return
        for body in steps:
            headers = {"Content-Type": "application/json", **extra}
            if mode == "webhook":
                msg, ts = "msg_" + uuid.uuid4().hex, str(int(time.time()))
                sig = base64.b64encode(hmac.new(secret, f"{msg}.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()
                headers.update({"Tenant-UUID": tenant, "webhook-id": msg, "webhook-timestamp": ts,
                                "webhook-signature": "v1," + sig})
                method = "POST"
            else:
                headers["tenant-uuid"] = tenant
                method = "PUT"
            conn.request(method, url.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"HTTP {response.status}")


start = time.perf_counter()
pool = [threading.Thread(target=worker) for _ in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
if errors:
    sys.exit(f"{len(errors)} failures, e.g. {errors[:3]}")
print(f"{calls * 4 / (time.perf_counter() - start):.0f}")
