"""Deterministic call data for the benchmarks: JSON batches for the API and one CSV of the same
rows for PostgreSQL's COPY. Usage: gen.py OUTDIR CALLS TENANTS BATCH SEED [csv-only]
The spread: BENCH_DAYS days from 2024-05-01 (default 30), BENCH_NUMBERS other parties from
+35799000000 (default 5,000), BENCH_EXTENSIONS extensions from 100 (default 50)."""
import json
import os
import random
import sys
from datetime import datetime, timedelta, timezone

out, calls, tenants, batch, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
csv_only = sys.argv[6:] == ["csv-only"]
days = int(os.environ.get("BENCH_DAYS", "30"))
numbers = int(os.environ.get("BENCH_NUMBERS", "5000"))
extensions = int(os.environ.get("BENCH_EXTENSIONS", "50"))
rnd = random.Random(seed)
base = datetime(2024, 5, 1, tzinfo=timezone.utc)
os.makedirs(out, exist_ok=True)
tenant_ids = [f"{seed:08x}-0000-4000-8000-{t:012x}" for t in range(tenants)]
with open(os.path.join(out, "tenants.txt"), "w") as f:
    f.write("\n".join(tenant_ids) + "\n")
iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.000Z")
csv = open(os.path.join(out, "calls.csv"), "w")
per_tenant = calls // tenants
for t, tenant in enumerate(tenant_ids):
    rows = []
    for i in range(per_tenant):
        start = base + timedelta(seconds=rnd.randrange(days * 86400))
        answered = rnd.random() < 0.5
        ring = start + timedelta(seconds=rnd.randrange(3))
        answer = ring + timedelta(seconds=2 + rnd.randrange(18)) if answered else None
        end = (answer + timedelta(seconds=10 + rnd.randrange(600))) if answered else ring + timedelta(seconds=5 + rnd.randrange(25))
        inbound = rnd.random() < 0.5
        party = 35799000000 + rnd.randrange(numbers)
        ext = 100 + rnd.randrange(extensions)
        call = {"uuid": f"b{seed}-{t}-{i}", "domain_name": "bench.pbx.local",
                "caller_number": party if inbound else ext, "destination_number": ext if inbound else party,
                "direction": "inbound" if inbound else "outbound", "call_start": iso(start), "ring_start": iso(ring),
                "answer_start": iso(answer) if answer else None, "call_end": iso(end),
                "duration": int((end - start).total_seconds()), "recording": f"rec-b{seed}-{t}-{i}" if answered else None,
                "action": "HANGUP"}
        if not csv_only:
            rows.append(call)
        csv.write(",".join([tenant, call["uuid"], "bench.pbx.local", str(call["caller_number"]), "true",
                            str(call["destination_number"]), "true", call["direction"], call["call_start"],
                            call["ring_start"], call["answer_start"] or "", call["call_end"], str(call["duration"]),
                            call["recording"] or "", "HANGUP"]) + "\n")
    for b in range(0, 0 if csv_only else len(rows), batch):
        with open(os.path.join(out, f"{tenant}__{b // batch:05d}.json"), "w") as f:
            json.dump(rows[b:b + batch], f)
csv.close()
