"""Posts JSON batch files (named <tenant>__<n>.json) to a URL from N threads over keep-alive
connections. Usage: post.py URL DIR THREADS [HEADER:VALUE ...]; prints the seconds taken.
Fails on any non-200 answer."""
import glob
import os
import sys
from urllib.parse import urlsplit

from load import request, run

url, folder, threads = urlsplit(sys.argv[1]), sys.argv[2], int(sys.argv[3])
extra = dict(h.split(":", 1) for h in sys.argv[4:])
batches = []
for f in sorted(glob.glob(os.path.join(folder, "*__*.json"))):
    with open(f, "rb") as fh:
        batches.append((os.path.basename(f).split("__")[0], fh.read()))


def send(conn, batch):
    tenant, body = batch
    return [request(conn, "POST", url.path, body, {"Content-Type": "application/json", "tenant-uuid": tenant, **extra})]


seconds, failures = run(url, batches, threads, send)
if failures:
    sys.exit("\n".join(failures[:5]))
print(f"{seconds:.3f}")
