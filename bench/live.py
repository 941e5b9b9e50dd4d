"""Live calls (bench 9. and 10.): the event stream's latency, many streams at once, and a webhook
receiver that counts what it gets. Everything on 127.0.0.1, bounded in count and time.

  live.py latency GW TENANT RATE SECONDS VIA RUN   (VIA: webhook | api)
      One stream of the tenant open; the changes of calls sent at RATE events/s for SECONDS, four
      per call (ORIGINATE, RING, ANSWERED, HANGUP, 250 ms apart), as signed PBX webhooks through the
      gateway or as PUT /cdr/put through the gateway. Latency: from sending the change to its event
      on the stream (ringing, answered, ended; RING changes no state).
      Prints: sent, expected, received, p50, p95, p99 (ms), the rate achieved.
  live.py streams GW TENANT COUNT SECONDS READY_FILE
      COUNT streams open at once; when all have answered it writes READY_FILE, stores one call,
      and times its event's arrival on every stream; holds them SECONDS and counts heartbeats.
      Prints: opened, got the event, p50, p95, max (ms) of that fan-out, streams with a heartbeat.
  live.py receiver PORT SECRET LOG [DELAY_MS=0]
      A webhook receiver: checks each delivery's Standard Webhooks signature, appends
      "webhook-id event-id call state" to LOG and answers 204 (401 on a bad signature), each
      answer DELAY_MS late (a slow receiver: the sender's batch is still going when it is killed).
"""
import asyncio
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

ADMIN_KEY = os.environ.get("ADMIN_KEY", "crm-demo-admin-key")
STATE_OF_STEP = {"ORIGINATE": "ringing", "ANSWERED": "answered", "HANGUP": "ended"}


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def steps(call_uuid, number, start):
    call = {"uuid": call_uuid, "direction": "inbound", "caller_number": number, "destination_number": 100,
            "call_start": iso(start)}
    ring = dict(ring_start=iso(start + 0.25))
    answer = dict(ring, answer_start=iso(start + 0.5))
    return [dict(call, action="ORIGINATE"), dict(call, action="RING", **ring), dict(call, action="ANSWERED", **answer),
            dict(call, action="HANGUP", call_end=iso(start + 0.75), duration=1, **answer)]


def webhook_key(tenant):
    secret = os.environ.get("PBX_WEBHOOK_SECRET", "").encode()
    if secret.startswith(b"whsec_"):
        secret = base64.b64decode(secret[6:])
    # Each tenant's webhooks are signed with its own key, derived from the shared secret (pbx-contract).
    return hmac.new(secret, f"tenant:{tenant}".encode(), hashlib.sha256).digest()


def sign(key, msg_id, ts, body):
    return "v1," + base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.{body}".encode(), hashlib.sha256).digest()).decode()


class Stream:
    """One SSE stream read on a thread; the arrival time of each (call, state)."""

    def __init__(self, gw, tenant):
        url = urlsplit(gw)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        self.conn.request("GET", "/cdr-service/cdr/events", headers={
            "X-API-Key": ADMIN_KEY, "tenant-uuid": tenant, "Accept": "text/event-stream"})
        self.response = self.conn.getresponse()
        if self.response.status != 200:
            raise SystemExit(f"stream: HTTP {self.response.status} {self.response.read()[:300]!r}")
        self.arrived = {}
        self.open = threading.Event()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        data = None
        try:
            while True:
                line = self.response.readline()
                if not line:
                    return
                line = line.decode().rstrip("\r\n")
                if line.startswith(":"):
                    self.open.set()
                elif line.startswith("data:"):
                    data = line[5:]
                elif line == "" and data:
                    event = json.loads(data)
                    self.arrived.setdefault((event["call"]["uuid"], event["state"]), time.time())
                    data = None
        except (OSError, ValueError):
            return


def latency(gw, tenant, rate, seconds, via, run):
    stream = Stream(gw, tenant)
    if not stream.open.wait(10):
        raise SystemExit("stream: nothing within 10 s")
    url = urlsplit(gw)
    key = webhook_key(tenant)
    calls = int(rate * seconds / 4)
    connections = 16
    t0 = time.time() + 1.0
    plans = [[] for _ in range(connections)]   # per connection: (due, call, step, path, body, headers)
    for c in range(calls):
        start = t0 + c * 4.0 / rate
        call_uuid = f"live-{run}-{c}"
        for n, step in enumerate(steps(call_uuid, 35799000000 + c % 5000, start)):
            body = json.dumps(step)
            if via == "webhook":
                msg_id, ts = f"msg_{run}_{c}_{n}", str(int(start))
                path = "/pbx-integration-service/pbx/webhook"
                headers = {"Content-Type": "application/json", "Tenant-UUID": tenant, "webhook-id": msg_id,
                           "webhook-timestamp": ts, "webhook-signature": sign(key, msg_id, ts, body)}
            else:
                path = "/cdr-service/cdr/put"
                headers = {"Content-Type": "application/json", "X-API-Key": ADMIN_KEY, "tenant-uuid": tenant}
            # A call's changes on one connection, so they leave in order.
            plans[c % connections].append((start + n * 0.25, call_uuid, step["action"], path, body, headers))
    sent, failures, lock, times = {}, [], threading.Lock(), []

    def worker(plan):
        plan.sort(key=lambda p: p[0])
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        for due, call_uuid, action, path, body, headers in plan:
            wait = due - time.time()
            if wait > 0:
                time.sleep(wait)
            t = time.time()
            conn.request("PUT" if via == "api" else "POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            with lock:
                times.append(t)
                if response.status >= 300:
                    failures.append(response.status)
                elif action in STATE_OF_STEP:
                    sent[(call_uuid, STATE_OF_STEP[action])] = t

    threads = [threading.Thread(target=worker, args=(p,)) for p in plans]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    finished = time.time()
    deadline = finished + 10
    while time.time() < deadline and not all(k in stream.arrived for k in sent):
        time.sleep(0.05)
    delays = sorted((stream.arrived[k] - t) * 1000 for k, t in sent.items() if k in stream.arrived)
    if failures:
        print(f"{len(failures)} changes refused: {sorted(set(failures))}", file=sys.stderr)
    if not delays:
        raise SystemExit("no event reached the stream")
    p = lambda q: delays[min(len(delays) - 1, int(round(q * (len(delays) - 1))))]
    achieved = (len(times) - 1) / (max(times) - min(times))
    print(f"{calls * 4} {len(sent)} {len(delays)} {p(0.5):.1f} {p(0.95):.1f} {p(0.99):.1f} {achieved:.0f}")


async def hold(gw, tenant, count, seconds, ready_file):
    url = urlsplit(gw)
    request = (f"GET /cdr-service/cdr/events HTTP/1.1\r\nHost: {url.hostname}:{url.port}\r\nX-API-Key: {ADMIN_KEY}\r\n"
               f"tenant-uuid: {tenant}\r\nAccept: text/event-stream\r\n\r\n").encode()
    marker = f"live-fanout-{uuid.uuid4()}".encode()
    opened, got_event, heartbeats = asyncio.Event(), {}, set()
    ready = [0]

    async def one(i):
        reader, writer = await asyncio.open_connection(url.hostname, url.port, limit=1 << 16)
        writer.write(request)
        await writer.drain()
        seen, answered = b"", False
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    return
                seen = seen[-200:] + chunk
                if not answered and b"\r\n\r\n" in seen:
                    if not seen.startswith(b"HTTP/1.1 200"):
                        raise SystemExit(f"stream {i}: {seen[:200]!r}")
                    answered = True
                    ready[0] += 1
                    if ready[0] == count:
                        opened.set()
                if marker in seen and i not in got_event:
                    got_event[i] = time.time()
                if b":heartbeat" in seen:
                    heartbeats.add(i)
        finally:
            writer.close()

    tasks = []
    for i in range(count):
        tasks.append(asyncio.create_task(one(i)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)   # a ramp, not one burst of SYNs
    try:
        await asyncio.wait_for(opened.wait(), 120)
    except asyncio.TimeoutError:
        raise SystemExit(f"only {ready[0]} of {count} streams answered within 120 s")
    with open(ready_file, "w") as f:
        f.write(f"{ready[0]}\n")
    now = time.time()
    body = json.dumps(dict(steps(marker.decode(), 35799111111, now)[0]))
    t = time.time()
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    await asyncio.to_thread(conn.request, "PUT", "/cdr-service/cdr/put", body,
                            {"Content-Type": "application/json", "X-API-Key": ADMIN_KEY, "tenant-uuid": tenant})
    status = (await asyncio.to_thread(conn.getresponse)).status
    if status != 200:
        raise SystemExit(f"PUT /cdr/put: HTTP {status}")
    end = time.time() + seconds
    while time.time() < end:
        await asyncio.sleep(0.5)
    for task in tasks:
        task.cancel()
    delays = sorted((a - t) * 1000 for a in got_event.values())
    p = (lambda q: delays[min(len(delays) - 1, int(round(q * (len(delays) - 1))))]) if delays else (lambda q: float("nan"))
    print(f"{ready[0]} {len(got_event)} {p(0.5):.1f} {p(0.95):.1f} {p(1.0):.1f} {len(heartbeats)}")


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    key, log, lock, delay = b"", None, threading.Lock(), 0.0

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        msg_id, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "")
        expected = sign(Receiver.key, msg_id, ts, body.decode()).split(",", 1)[1]
        given = [s.split(",", 1)[1] for s in self.headers.get("webhook-signature", "").split() if s.startswith("v1,")]
        if not any(hmac.compare_digest(expected, g) for g in given):
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        event = json.loads(body)["data"]
        time.sleep(Receiver.delay)
        with Receiver.lock:
            Receiver.log.write(f"{msg_id} {event['id']} {event['call']['uuid']} {event['state']}\n")
            Receiver.log.flush()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def receiver(port, secret, log, delay_ms):
    Receiver.key = base64.b64decode(secret[len("whsec_"):])
    Receiver.delay = delay_ms / 1000
    Receiver.log = open(log, "a")
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver).serve_forever()


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "latency":
        latency(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7])
    elif mode == "streams":
        asyncio.run(hold(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]))
    elif mode == "receiver":
        receiver(int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5]) if len(sys.argv) > 5 else 0)
    else:
        raise SystemExit(__doc__)
