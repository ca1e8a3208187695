"""The store at scale: ingest throughput, and the latency of GET /events with filters on 10,000+ events.

    python benchmarks/store.py [--events 10000] [--requests 300]

1. ingest: the PolNeAR dev articles through the whole pipeline (2 workers) into a new database;
2. store writes: those records stored again under new URLs (syndicated copies) until the store holds
   at least --events events;
3. API: --requests GET /events calls with a mix of filters (actor, dyad, type, dates, cursor), in process;
   prints p50 and p99 latency.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

import newsevents  # noqa: E402
from newsevents.ingest import ingest  # noqa: E402
from newsevents.store import Store  # noqa: E402
from newsevents.web.api import create_app  # noqa: E402

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "dev" / "text"
QUERIES = [
    {"actor": "USA"},
    {"type": "CONSULT"},
    {"dyad_a": "USA", "dyad_b": "RUS"},
    {"actor": "Trump", "limit": 20},
    {"since": "2016-09-01", "until": "2016-10-31"},
    {"type": "ACCUSE", "actor": "USA"},
    {"status": "planned"},
    {"sector": "GOV", "quad": 3},
    {"text": "debate"},
    {},
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        print(f"skipped: {POLNEAR} is absent (../shared is absent)")
        return 0
    db = Path(tempfile.mkdtemp()) / "bench.db"
    with Store(db) as store:
        start = time.perf_counter()
        report = ingest([str(POLNEAR)], store, published="2016-10-01", workers=2)
        seconds = time.perf_counter() - start
        print(
            f"ingest: {report.added} articles, {report.events} events in {seconds:.1f} s "
            f"= {report.added / seconds:.1f} articles/s (whole pipeline, 2 workers)"
        )
        records = [
            {**r, "url": f"https://polnear.example/{r['id']}"}
            for r in newsevents.process_many(
                {"id": p.name, "text": p.read_text(encoding="utf-8"), "published": "2016-10-01"}
                for p in sorted(POLNEAR.iterdir())
            )
        ]
        start, copies, stored = time.perf_counter(), 0, 0
        while store.summary()["events"] < args.events:
            copies += 1
            batch = [{**r, "url": f"{r['url']}?copy={copies}", "id": f"{r['id']}-{copies}"} for r in records]
            for i in range(0, len(batch), 64):
                stored += store.add_records(batch[i : i + 64])[0]
        seconds = time.perf_counter() - start
        total = store.summary()["events"]
        print(
            f"store writes: {stored} records in {seconds:.1f} s = {stored / seconds:.0f} records/s; "
            f"the store holds {total} events"
        )
    client = TestClient(create_app(str(db)))
    timings = []
    for i in range(args.requests):
        params = dict(QUERIES[i % len(QUERIES)])
        start = time.perf_counter()
        reply = client.get("/events", params=params)
        timings.append((time.perf_counter() - start) * 1000)
        if reply.status_code != 200:
            print(f"error {reply.status_code}: {reply.text[:200]}")
            return 1
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(
        f"GET /events ({args.requests} requests, {len(QUERIES)} filter mixes, {total} events): "
        f"p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
