"""Posts JSON batch files (named <tenant>__<n>.json) to a URL from N threads over keep-alive
connections: a load generator light enough not to compete with the server for the two cores.
Usage: post.py URL DIR THREADS [HEADER:VALUE ...]; prints the seconds taken. Fails on any non-200."""
import glob
import http.client
import os
import queue
import sys
import threading
import time
from urllib.parse import urlsplit

url, folder, threads = urlsplit(sys.argv[1]), sys.argv[2], int(sys.argv[3])
extra = dict(h.split(":", 1) for h in sys.argv[4:])
files = sorted(glob.glob(os.path.join(folder, "*__*.json")))
bodies = queue.Queue()
for f in files:
    with open(f, "rb") as fh:
        bodies.put((os.path.basename(f).split("__")[0], fh.read()))
errors = []


def worker():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    while True:
        try:
            tenant, body = bodies.get_nowait()
        except queue.Empty:
            return
        headers = {"Content-Type": "application/json", "tenant-uuid": tenant, **extra}
        conn.request("POST", url.path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            errors.append(f"{tenant}: HTTP {response.status}")


start = time.perf_counter()
pool = [threading.Thread(target=worker) for _ in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
if errors:
    sys.exit("\n".join(errors[:5]))
print(f"{time.perf_counter() - start:.3f}")
