"""Call events sent as fast as N threads allow over keep-alive connections, either as signed
PBX webhooks (Standard Webhooks) or as plain upserts of one call; prints events/s.
Usage: events.py webhook|put URL TENANT CALLS THREADS [HEADER:VALUE ...]  (secret: PBX_WEBHOOK_SECRET)"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import uuid
from urllib.parse import urlsplit

from load import request, run

mode, url, tenant, calls, threads = sys.argv[1], urlsplit(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
extra = dict(h.split(":", 1) for h in sys.argv[6:])
secret = os.environ.get("PBX_WEBHOOK_SECRET", "").encode()
if secret.startswith(b"whsec_"):
    secret = base64.b64decode(secret[6:])
# Each tenant's webhooks are signed with its own key, derived from the shared secret (pbx-contract).
key = hmac.new(secret, f"tenant:{tenant}".encode(), hashlib.sha256).digest()
work = []
run_id = uuid.uuid4().hex[:8]
for c in range(calls):
    call = {"uuid": f"ev-{run_id}-{c}", "direction": "inbound", "caller_number": 35799000000 + c % 1000,
            "destination_number": 100, "call_start": "2024-05-01T10:00:00.000Z"}
    # The events of one call go in order on one connection: ORIGINATE, RING, ANSWERED, HANGUP.
    steps = [dict(call, action="ORIGINATE"), dict(call, action="RING", ring_start="2024-05-01T10:00:01.000Z"),
             dict(call, action="ANSWERED", ring_start="2024-05-01T10:00:01.000Z", answer_start="2024-05-01T10:00:05.000Z"),
             dict(call, action="HANGUP", ring_start="2024-05-01T10:00:01.000Z", answer_start="2024-05-01T10:00:05.000Z",
                  call_end="2024-05-01T10:01:05.000Z", duration=65)]
    work.append([json.dumps(s) for s in steps])


def send(conn, steps):
    statuses = []
    for body in steps:
        headers = {"Content-Type": "application/json", **extra}
        if mode == "webhook":
            msg, ts = "msg_" + uuid.uuid4().hex, str(int(time.time()))
            sig = base64.b64encode(hmac.new(key, f"{msg}.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()
            headers.update({"Tenant-UUID": tenant, "webhook-id": msg, "webhook-timestamp": ts,
                            "webhook-signature": "v1," + sig})
            statuses.append(request(conn, "POST", url.path, body, headers))
        else:
            headers["tenant-uuid"] = tenant
            statuses.append(request(conn, "PUT", url.path, body, headers))
    return statuses


seconds, failures = run(url, work, threads, send)
if failures:
    sys.exit(f"{len(failures)} failures, e.g. {failures[:3]}")
print(f"{calls * 4 / seconds:.0f}")
