"""Fairness of outbound webhooks (bench 12): tenant B's delivery delay while tenant A floods.

Usage: fairness.py GATEWAY ADMIN_KEY SILENT_PORT RECEIVER_PORT CALLS_OF_A PROBES

A's nine endpoints accept the connection and never answer (eight) or never exist beyond it; A
stores CALLS_OF_A calls at once, each a delivery to every endpoint. B's one endpoint answers at
once. B's delay is measured from each probe call's PUT to its webhook's arrival, PROBES calls
one after another, first with A quiet (the baseline, same run), then during A's flood.
Everything on 127.0.0.1; every wait is bounded."""
import json, socket, sys, threading, time, uuid, urllib.request
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

gw, admin, silent_port, receiver_port, calls_of_a, probes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
arrived = {}
lock = threading.Lock()


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            uuid_ = json.loads(body)["data"]["call"]["uuid"]
            with lock:
                arrived.setdefault(uuid_, time.monotonic())
        except (ValueError, KeyError):
            pass
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def silent():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", silent_port))
    server.listen(512)
    held = []
    while True:
        conn, _ = server.accept()
        held.append(conn)  # never answered; cut off by the sender's deadline


def call(method, path, tenant, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(gw + path, data=data, method=method,
                                 headers={"X-API-Key": admin, "tenant-uuid": tenant, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def probe_delays(tenant_b, label):
    delays = []
    for i in range(probes):
        u = f"probe-{label}-{i}-{uuid.uuid4().hex[:6]}"
        start = time.monotonic()
        call("PUT", "/cdr-service/cdr/put", tenant_b, {"uuid": u, "direction": "inbound", "caller_number": "35799000123",
                                                      "destination_number": "100", "call_start": now(), "action": "RING"})
        deadline = start + 30
        while time.monotonic() < deadline:
            with lock:
                if u in arrived:
                    break
            time.sleep(0.005)
        with lock:
            delays.append((arrived.get(u, float("inf")) - start) * 1000)
    delays.sort()
    return delays


def pct(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * len(values) + 0.5)) - 1)]


threading.Thread(target=silent, daemon=True).start()
threading.Thread(target=ThreadingHTTPServer(("127.0.0.1", receiver_port), Receiver).serve_forever, daemon=True).start()
time.sleep(0.3)
a, b = str(uuid.uuid4()), str(uuid.uuid4())
events = ["ringing", "answered", "ended", "missed"]
call("POST", "/cdr-service/cdr/webhooks", b, {"url": f"http://127.0.0.1:{receiver_port}/b", "events": events})
for i in range(9):
    call("POST", "/cdr-service/cdr/webhooks", a, {"url": f"http://127.0.0.1:{silent_port}/never-{i}", "events": events})
probe_delays(b, "warm")
base = probe_delays(b, "base")
for start in range(0, calls_of_a, 500):
    batch = [{"uuid": f"flood-{n}", "direction": "inbound", "caller_number": "35799000999", "destination_number": "100",
              "call_start": now(), "action": "RING"} for n in range(start, min(calls_of_a, start + 500))]
    call("POST", "/cdr-service/cdr/post", a, batch)
time.sleep(2)  # the flood's deliveries are taken and held by the silent endpoints
load = probe_delays(b, "load")
lost = sum(1 for d in load if d == float("inf"))
print(f"{calls_of_a * 9} {probes} {pct(base, 50):.0f} {pct(base, 95):.0f} {pct(load, 50):.0f} {pct(load, 95):.0f} {lost} {a} {b}")
