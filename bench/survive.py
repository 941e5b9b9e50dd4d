"""How much one instance survives (bench 13): CONCURRENCY clients keep one kind of request in
flight for SECONDS against one instance, with the tenant's shares lifted, so that what answers
is the instance's own cap or its memory, not a tenant's share.

Usage: survive.py URL METHOD BODY_FILE|- CONCURRENCY SECONDS PID HEADER...

Prints one line: requests, answers by status, p50 and p95 in ms, and the largest heap the
instance held after a full collection (jcmd GC.run, then GC.heap_info; sampled every 2 s while
the load runs): what its in-flight work keeps alive, not garbage. Everything on 127.0.0.1;
every client stops at the deadline."""
import collections, subprocess, sys, threading, time, urllib.error, urllib.request

url, method, body_file, concurrency, seconds, pid = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
headers = dict(h.split(":", 1) for h in sys.argv[7:])
body = None if body_file == "-" else open(body_file, "rb").read()
statuses = collections.Counter()
millis = []
lock = threading.Lock()
deadline = time.monotonic() + seconds


def live_heap_mib():
    subprocess.run(["jcmd", pid, "GC.run"], capture_output=True, timeout=60)
    out = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True, timeout=60).stdout
    kib = 0
    for line in out.splitlines():
        words = line.split()
        if "total" in words and "used" in words and "generation" in line:
            kib += int(words[words.index("used") + 1].rstrip("K,"))
    return kib / 1024


def client():
    while time.monotonic() < deadline:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        start = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()
                status = answer.status
        except urllib.error.HTTPError as e:
            e.read()
            status = e.code
        except OSError:
            status = "refused"
        with lock:
            statuses[status] += 1
            millis.append((time.monotonic() - start) * 1000)


idle = live_heap_mib()
threads = [threading.Thread(target=client) for _ in range(concurrency)]
for t in threads:
    t.start()
peak = idle
while time.monotonic() < deadline - 1:
    time.sleep(2)
    peak = max(peak, live_heap_mib())
for t in threads:
    t.join(timeout=120)
millis.sort()
p = lambda q: millis[min(len(millis) - 1, int(round(q * (len(millis) - 1))))] if millis else 0
answers = ",".join(f"{k}:{v}" for k, v in sorted(statuses.items(), key=str))
print(f"{len(millis)} {answers} {p(0.5):.0f} {p(0.95):.0f} {idle:.1f} {peak:.1f}")
