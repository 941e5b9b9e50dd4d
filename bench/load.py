"""The load generator of the benchmarks: THREADS threads, each with one keep-alive connection,
taking work items off a queue until it is empty. Light enough not to compete with the server
for the machine's two cores (a curl process per request did)."""
import http.client
import queue
import threading
import time


def run(url, items, threads, send):
    """send(connection, item) returns the HTTP statuses it got; returns (seconds, failures)."""
    work = queue.Queue()
    for item in items:
        work.put(item)
    failures = []

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        while True:
            try:
                item = work.get_nowait()
            except queue.Empty:
                return
            failures.extend(f"HTTP {s}" for s in send(conn, item) if s != 200)

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - start, failures


def request(conn, method, path, body, headers):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status
