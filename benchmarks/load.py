"""HTTP load on the API: GET /events and POST /articles against a real `newsevents serve`, at several concurrencies.

    python benchmarks/load.py [--quick] [--concurrency 1 8 32] [--gets 5000] [--posts 200] [--big 50000]
                              [--db PATH] [--json FILE] [--max-seconds 600]

Starts the server on 127.0.0.1 only (a free port, a random API token) over a new database in a temporary folder
(or --db), seeds it with invented articles through POST /articles, then measures:

1. GET /events (limit=50, some with type= or actor=): --gets requests at each --concurrency;
2. POST /articles, one new article per request: --posts requests at each --post-concurrency. Afterwards every
   article sent is looked up in the database (read-only, by URL): one whose POST did not answer 200, or that
   is not stored, is lost;
3. with --big N: a second database filled with N synthetic records straight through `Store.add_records` (no
   HTTP), then POST /articles at concurrency 1 on it and on an empty database (a server each), and the ratio.

For each: requests, errors (an answer other than 2xx, or none), throughput, and p50/p99 latency of the requests
that got an answer. Every request times out after --timeout seconds; no request starts after --max-seconds.
Exit status: 1 when a request failed or a POST was lost, 2 when the time ran out first, else 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HOST = "127.0.0.1"  # the only address this benchmark talks to
NEWSEVENTS = Path(sys.executable).with_name("newsevents")
SEED_ARTICLES, SEED_BATCH = 40, 10
GET_PARAMS: list[dict[str, Any]] = [
    {"limit": 50},
    {"limit": 50, "type": "CONSULT"},
    {"limit": 50},
    {"limit": 50, "actor": "CAN"},
    {"limit": 50, "type": "ACCUSE"},
    {"limit": 50},
    {"limit": 50, "actor": "MEX"},
    {"limit": 50, "type": "AGREE", "actor": "FRA"},
]
# Invented stories about real countries (so events get coded) and invented people.
COUNTRIES = [
    ("Canada", "CAN", "Ottawa"),
    ("Mexico", "MEX", "Mexico City"),
    ("France", "FRA", "Paris"),
    ("Germany", "DEU", "Berlin"),
    ("Japan", "JPN", "Tokyo"),
    ("Brazil", "BRA", "Brasilia"),
    ("India", "IND", "New Delhi"),
    ("Kenya", "KEN", "Nairobi"),
    ("Norway", "NOR", "Oslo"),
    ("Chile", "CHL", "Santiago"),
    ("Egypt", "EGY", "Cairo"),
    ("Poland", "POL", "Warsaw"),
]
OFFICES = ["foreign minister", "president", "prime minister", "defence minister", "trade minister"]
FIRST = ["Anna", "Tomas", "Leila", "Kofi", "Marta", "Ivo", "Sana", "Pablo", "Greta", "Ravi", "Ines", "Olek"]
LAST = ["Berg", "Ortega", "Haddad", "Mensah", "Novak", "Sato", "Lindqvist", "Duarte", "Okafor", "Varga", "Keller"]
TOPICS = ["fishing rights", "border crossings", "rare metals", "grain exports", "river water", "power lines"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
SECOND = [
    "{a} also accused {c} of blocking the talks on {topic}.",
    "{a} and {b} signed an agreement on {topic}.",
    "{b} promised aid worth {n} million dollars to {c}.",
    "{a} criticised {c} over {topic}.",
    "{b} threatened sanctions against {c} over {topic}.",
    "{a} urged {c} to resume negotiations on {topic}.",
]
QUOTES = ["We will work together", "This is a fair deal", "Nobody wants a crisis", "The door stays open"]
# Events of the synthetic records of --big: (type, CAMEO, quad, Goldstein score, verb).
SYNTHETIC_EVENTS = [
    ("CONSULT", "040", 1, 1.0, "met"),
    ("AGREE", "057", 1, 8.0, "signed an accord with"),
    ("ACCUSE", "112", 3, -2.0, "accused"),
    ("AID", "070", 2, 7.0, "sent aid to"),
    ("THREATEN", "130", 3, -4.4, "threatened"),
    ("REJECT", "120", 3, -4.0, "rejected a proposal from"),
]
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "ni", "pe", "qua", "zil", "bo", "fen", "ya", "gri"]
NOUNS = ["farmers", "engineers", "ships", "trucks", "schools", "clinics", "villages", "ports", "bridges", "mines"]
VERBS = ["reported", "counted", "inspected", "visited", "listed", "repaired", "closed", "opened", "mapped"]


@dataclass
class Outcome:
    """One request's result: its status (None when no answer came), latency, and what went wrong."""

    status: int | None
    ms: float
    note: str = ""
    added: int | None = None


@dataclass
class Phase:
    """The figures of one measured run of requests."""

    name: str
    concurrency: int
    planned: int
    sent: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    lost: int | None = None
    cut_short: bool = False
    warmup: int = 0  # requests sent before the clock started (not in throughput or latency)
    notes: Counter[str] = field(default_factory=Counter)

    def percentile(self, q: float) -> float | None:
        """The q-quantile latency in ms (nearest rank), or None without answers."""
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return statistics.median(ordered) if q == 0.5 else ordered[min(len(ordered) - 1, int(len(ordered) * q))]

    def figures(self) -> dict[str, Any]:
        """The phase as a JSON object."""
        return {
            "phase": self.name,
            "concurrency": self.concurrency,
            "planned": self.planned,
            "requests": self.sent,
            "errors": self.errors,
            "lost": self.lost,
            "seconds": round(self.seconds, 3),
            "warmup": self.warmup,
            "throughput": round(max(0, self.sent - self.warmup) / self.seconds, 2) if self.seconds else None,
            "p50_ms": _round(self.percentile(0.5)),
            "p99_ms": _round(self.percentile(0.99)),
            "cut_short": self.cut_short,
            "error_messages": dict(self.notes.most_common(10)),
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`newsevents serve` in a subprocess on 127.0.0.1, its output in a log file; a context manager that
    waits until GET /events answers and always stops the process (terminate, then kill)."""

    def __init__(self, db: Path, log: Path, token: str, start_timeout: float) -> None:
        self.db, self.log, self.token, self.start_timeout = db, log, token, start_timeout
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_start = log.stat().st_size if log.exists() else 0  # where this server's output begins

    def __enter__(self) -> Server:
        command = [str(NEWSEVENTS), "serve", "--db", str(self.db), "--host", HOST, "--port", str(self.port)]
        env = {**os.environ, "NEWSEVENTS_API_TOKEN": self.token}
        env.pop("NEWSEVENTS_READ_TOKEN", None)
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_ready(self) -> None:
        start = time.monotonic()
        while time.monotonic() - start < self.start_timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with status {self.process.returncode}:\n{self.tail()}")
            try:
                httpx.get(f"{self.url}/events", params={"limit": 1}, timeout=5, trust_env=False)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within {self.start_timeout:.0f} s:\n{self.tail()}")

    def stop(self) -> None:
        """Stop the server: SIGTERM, then SIGKILL after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def tail(self, lines: int = 20) -> str:
        """The last lines of the server's output."""
        with open(self.log, "rb") as file:
            file.seek(self.log_start)
            return "\n".join(file.read().decode("utf-8", errors="replace").splitlines()[-lines:])


EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Warning))(?::\s*(.*))?$")


def server_errors(log: Path, offset: int = 0) -> Counter[str]:
    """The exceptions the server logged from byte `offset` on (the last line of each traceback), counted."""
    found: Counter[str] = Counter()
    with open(log, "rb") as file:
        file.seek(offset)
        lines = file.read().decode("utf-8", errors="replace").splitlines()
    for line in lines:
        match = EXCEPTION_LINE.match(line)
        if match:
            message = re.sub(r"\d{6,}", "N", match[2] or "")  # thread ids and addresses vary; the error does not
            found[f"{match[1]}: {message}".strip().rstrip(":")[:240]] += 1
    return found


def invented_article(i: int, tag: str, run: str) -> dict[str, Any]:
    """A short invented news story, different for every (tag, i), with a URL of its own."""
    rng = random.Random(f"{tag}-{i}")
    (a, _, capital), (b, _, _), (c, _, _) = rng.sample(COUNTRIES, 3)
    name_a, name_b = (f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2))
    office_a, office_b = rng.sample(OFFICES, 2)
    topic, n = rng.choice(TOPICS), rng.randint(5, 900)
    second = rng.choice(SECOND).format(a=a, b=b, c=c, topic=topic, n=n)
    text = (
        f"{a}'s {office_a} {name_a} met {b}'s {office_b} {name_b} in {capital} on {rng.choice(WEEKDAYS)}. {second} "
        f'"{rng.choice(QUOTES)}," {name_a.split()[1]} told reporters after round {i + 1} of the talks. '
        f"Officials said further talks on {topic} would follow within {n % 9 + 2} weeks."
    )
    published = f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
    return {
        "text": text,
        "url": f"https://news.example/{run}/{tag}/{i}",
        "published": published,
        "title": f"{a} and {b} talk {topic} ({tag} {i})",
    }


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_record(i: int) -> dict[str, Any]:
    """A processed record as the pipeline makes one (id, url, text, actors, events, quotes) without spaCy:
    three countries, two events, one quote, and a text of 80+ words unlike every other one."""
    rng = random.Random(i)
    countries = rng.sample(COUNTRIES, 3)
    (a, code_a, capital), (b, code_b, _), (c, code_c, _) = countries
    chosen = rng.sample(SYNTHETIC_EVENTS, 2)
    person = f"{_word(rng).title()} {_word(rng).title()}"
    sentences = [f"{a} {chosen[0][4]} {b} in {capital} on {rng.choice(WEEKDAYS)}.", f"{a} {chosen[1][4]} {c}."]
    quote = f"{rng.randint(2, 99)} {rng.choice(NOUNS)} {_word(rng)} {rng.choice(VERBS)} the {_word(rng)} plan"
    sentences.append(f'"{quote}," said {person}, a spokesperson.')
    while sum(len(s.split()) for s in sentences) < 90:
        sentences.append(
            f"In {_word(rng).title()} {rng.randint(2, 9000)} {rng.choice(NOUNS)} were {rng.choice(VERBS)} by "
            f"{_word(rng)} {_word(rng)} crews near {_word(rng).title()} after {rng.randint(1, 31)} {_word(rng)} days."
        )
    text = " ".join(sentences)
    date = f"{2015 + i % 10}-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
    starts = [text.index(s) for s in sentences]

    def ref(name: str, code: str) -> dict[str, Any]:
        return {"text": name, "name": name, "code": code, "country": code, "sector": None}

    def mentions(name: str) -> list[dict[str, Any]]:
        return [{"text": name, "start": m.start(), "end": m.end()} for m in re.finditer(re.escape(name), text)]

    actors = [
        {"name": n, "kind": "country", "code": k, "country": k, "sector": None, "role": None, "mentions": mentions(n)}
        for n, k, _ in countries
    ]
    events = [
        {
            "type": kind,
            "cameo": cameo,
            "quad": quad,
            "goldstein": goldstein,
            "source": [ref(a, code_a)],
            "target": [ref(target, target_code)],
            "status": "occurred",
            "sentence": sentences[n],
            "start": starts[n],
            "end": starts[n] + len(sentences[n]),
            "mode": None,
            "context": [],
            "date": date,
            "date_text": None,
            "date_granularity": "published",
            "trigger": verb.split()[0],
            "confidence": 0.85,
        }
        for n, ((kind, cameo, quad, goldstein, verb), (target, target_code)) in enumerate(
            zip(chosen, [(b, code_b), (c, code_c)], strict=True)
        )
    ]
    quote_start = text.index(quote)
    speaker = {"text": person, "name": person, "code": None, "country": None, "sector": None}
    quotes = [
        {
            "text": quote,
            "kind": "direct",
            "start": quote_start,
            "end": quote_start + len(quote),
            "speaker": speaker,
            "cue": "said",
            "continues": False,
            "audience": None,
            "partial": False,
        }
    ]
    return {
        "id": f"bulk-{i}",
        "url": f"https://bulk{i % 50}.example/story/{i}",
        "title": f"{a} and {b}: story {i}",
        "published": date,
        "text": text,
        "actors": actors,
        "events": events,
        "quotes": quotes,
        "byline": None,
        "credit": None,
        "language": "en",
        "path": None,
    }


def fill_big_store(db: Path, count: int, deadline: float, batch: int = 500) -> tuple[int, bool]:
    """Bring the store at `db` to `count` synthetic records through the library (no HTTP), printing progress;
    returns (articles the store holds, whether the time ran out first)."""
    from newsevents.store import Store

    start = time.monotonic()
    added = 0
    with Store(db) as store:
        for first in range(0, count, batch):
            if time.monotonic() > deadline:
                return store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0], True
            added += store.add_records([synthetic_record(i) for i in range(first, min(count, first + batch))])[0]
            done, seconds = min(count, first + batch), time.monotonic() - start
            rate = done / seconds if seconds else 0.0
            print(
                f"  big store: {done:,}/{count:,} records ({added:,} new) in {seconds:.0f} s, "
                f"{rate:,.0f}/s, about {(count - done) / rate if rate else 0:.0f} s left",
                flush=True,
            )
        return store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0], False


async def _send(client: httpx.AsyncClient, request: dict[str, Any], timeout: float) -> Outcome:
    start = time.perf_counter()
    try:
        reply = await client.request(
            request["method"], request["path"], params=request.get("params"), json=request.get("json"), timeout=timeout
        )
    except httpx.HTTPError as e:
        message = f"{type(e).__name__}: {e}" if str(e) else f"{type(e).__name__} (the connection broke)"
        return Outcome(None, (time.perf_counter() - start) * 1000, message[:200])
    ms = (time.perf_counter() - start) * 1000
    if not 200 <= reply.status_code < 300:
        return Outcome(reply.status_code, ms, f"HTTP {reply.status_code}: {reply.text[:200]}")
    added = None
    if request["method"] == "POST":
        try:
            added = reply.json().get("added")
        except ValueError:
            return Outcome(reply.status_code, ms, "a 2xx reply that is not JSON")
    return Outcome(reply.status_code, ms, added=added)


async def _run(
    base_url: str,
    token: str,
    requests: list[dict[str, Any]],
    concurrency: int,
    deadline: float,
    timeout: float,
    warmup: int,
) -> tuple[list[Outcome | None], float]:
    """Send the first `warmup` requests one by one, then the rest `concurrency` at a time; returns every
    request's outcome (None: not sent, the time ran out) and the seconds the rest took."""
    outcomes: list[Outcome | None] = [None] * len(requests)
    pending = iter(range(len(requests)))  # shared by the workers (one event loop, so no lock)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, trust_env=False) as client:

        async def worker() -> None:
            for i in pending:
                if time.monotonic() > deadline:
                    return
                outcomes[i] = await _send(client, requests[i], timeout)

        for i in range(min(warmup, len(requests))):
            outcomes[i] = await _send(client, requests[next(pending)], timeout)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return outcomes, time.perf_counter() - start


def measure(
    name: str,
    server: Server,
    requests: list[dict[str, Any]],
    concurrency: int,
    args: argparse.Namespace,
    warmup: int = 0,
) -> tuple[Phase, list[Outcome | None]]:
    """Send `requests` with `concurrency` at a time; the first `warmup` (sent alone, before the clock starts)
    count for errors and lost POSTs, not for latency or throughput."""
    outcomes, seconds = asyncio.run(
        _run(server.url, server.token, requests, concurrency, args.deadline, args.timeout, warmup)
    )
    phase = Phase(name, concurrency, len(requests), seconds=seconds, warmup=warmup)
    for i, outcome in enumerate(outcomes):
        if outcome is None:
            phase.cut_short = True
            continue
        phase.sent += 1
        if outcome.note:
            phase.errors += 1
            phase.notes[outcome.note] += 1
        if outcome.status is not None and i >= warmup:
            phase.latencies.append(outcome.ms)
    print(f"  {name} at concurrency {concurrency}: {phase.sent} requests, {phase.errors} errors", flush=True)
    return phase, outcomes


def stored_urls(db: Path, prefix: str) -> set[str]:
    """The URLs starting with `prefix` that the database holds, read on a read-only connection of our own."""
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        rows = connection.execute("SELECT url FROM articles WHERE substr(url, 1, ?) = ?", (len(prefix), prefix))
        return {row[0] for row in rows}
    finally:
        connection.close()


def post_phase(
    name: str, server: Server, articles: list[list[dict[str, Any]]], concurrency: int, args, warmup: int = 0
) -> Phase:
    """POST each list of articles (one request each; a list of one is sent as the bare article), then count
    the lost ones: sent in a request that did not answer 200, or not in the database afterwards."""
    requests = [
        {"method": "POST", "path": "/articles", "json": batch[0] if len(batch) == 1 else batch} for batch in articles
    ]
    phase, outcomes = measure(name, server, requests, concurrency, args, warmup)
    prefix = os.path.commonprefix([a["url"] for batch in articles for a in batch])
    stored = stored_urls(server.db, prefix)
    phase.lost = 0
    for batch, outcome in zip(articles, outcomes, strict=True):
        if outcome is None:
            continue  # never sent: the time ran out
        missing = [a for a in batch if outcome.status != 200 or a["url"] not in stored]
        phase.lost += len(missing)
        if outcome.status == 200 and missing:
            phase.notes[f"answered 200 (added {outcome.added}) but {len(missing)} article(s) not stored"] += 1
    return phase


def get_phase(server: Server, count: int, concurrency: int, args: argparse.Namespace) -> Phase:
    """GET /events `count` times with the mix of filters."""
    requests = [{"method": "GET", "path": "/events", "params": GET_PARAMS[i % len(GET_PARAMS)]} for i in range(count)]
    return measure("GET /events", server, requests, concurrency, args)[0]


def print_table(phases: list[Phase]) -> None:
    """The figures as an aligned table."""
    print(
        f"\n{'phase':<34} {'conc':>4} {'requests':>8} {'errors':>6} {'lost':>5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
    )
    for p in phases:
        figures = p.figures()
        cells = [
            f"{p.name + (' *' if p.cut_short else ''):<34}",
            f"{p.concurrency:>4}",
            f"{p.sent:>8}",
            f"{p.errors:>6}",
            f"{'-' if p.lost is None else p.lost:>5}",
            f"{figures['throughput'] or 0:>8.1f}",
            *(f"{'-' if v is None else f'{v:.1f}':>8}" for v in (figures["p50_ms"], figures["p99_ms"])),
        ]
        print(" ".join(cells))
    if any(p.cut_short for p in phases):
        print("* cut short: --max-seconds ran out before every request was sent")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 300 GETs and 40 POSTs per level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32], help="for GET /events")
    parser.add_argument("--post-concurrency", type=int, nargs="+", default=[1, 8], help="for POST /articles")
    parser.add_argument("--gets", type=int, help="GET /events requests per concurrency (5000; 300 with --quick)")
    parser.add_argument("--posts", type=int, help="POST /articles requests per concurrency (200; 40 with --quick)")
    parser.add_argument("--big", type=int, default=0, help="also compare POSTs on a store of N articles")
    parser.add_argument("--big-posts", type=int, help="POSTs on the big and the empty store (50; 10 with --quick)")
    parser.add_argument("--big-db", type=Path, help="the big store (kept, and reused by later runs)")
    parser.add_argument("--db", type=Path, help="the database to serve (default: a new one in a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--server-log", type=Path, help="keep the servers' output in this file (appended)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="no request starts after this")
    parser.add_argument("--start-timeout", type=float, default=120.0, help="seconds for the server to answer")
    args = parser.parse_args()
    args.gets = args.gets if args.gets is not None else (300 if args.quick else 5000)
    args.posts = args.posts if args.posts is not None else (40 if args.quick else 200)
    args.big_posts = args.big_posts if args.big_posts is not None else (10 if args.quick else 50)
    args.deadline = time.monotonic() + args.max_seconds
    token, run = secrets.token_hex(16), secrets.token_hex(4)
    phases: list[Phase] = []
    logged: Counter[str] = Counter()
    big: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsevents-load-") as folder:
        work = Path(folder)
        db = args.db or work / "load.db"
        print(f"server: {NEWSEVENTS} serve --db {db} on {HOST}; run {run}", flush=True)
        log = args.server_log or work / "server.log"
        with Server(db, log, token, args.start_timeout) as server:
            seed = [invented_article(i, "seed", run) for i in range(SEED_ARTICLES)]
            batches = [seed[i : i + SEED_BATCH] for i in range(0, len(seed), SEED_BATCH)]
            phases.append(post_phase(f"POST /articles seed ({SEED_BATCH}/request)", server, batches, 1, args, 1))
            for concurrency in args.concurrency:
                phases.append(get_phase(server, args.gets, concurrency, args))
            for concurrency in args.post_concurrency:
                tag = f"post{concurrency}"
                articles = [[invented_article(i, tag, run)] for i in range(args.posts)]
                phases.append(post_phase("POST /articles", server, articles, concurrency, args))
        logged.update(server_errors(log, server.log_start))
        if args.big and time.monotonic() < args.deadline:
            big = compare_big(args, work, token, run, phases, logged)
    print_table(phases)
    if big:
        print(
            f"\nPOST /articles at concurrency 1: {big['articles']:,}-article store vs empty store: "
            f"p50 ratio {_ratio(big['p50_ratio'])}, p99 ratio {_ratio(big['p99_ratio'])}"
            + ("" if big["p50_ratio"] is not None else " (no ratio: requests failed or none were sent)")
        )
    notes: Counter[str] = Counter()
    for p in phases:
        notes.update(p.notes)
    for title, counted in (("Errors seen by the client:", notes), ("Exceptions in the server's log:", logged)):
        if counted:
            print(f"\n{title}")
            for message, count in counted.most_common(8):
                print(f"  {count:>6} × {message}")
    failed = any(p.errors or p.lost for p in phases)
    cut = any(p.cut_short for p in phases) or big.get("cut_short", False)
    status = 1 if failed else 2 if cut else 0
    verdict = {0: "ok", 1: "FAILED: errors or lost POSTs", 2: "INCOMPLETE: the time ran out (--max-seconds)"}
    print(f"\n{verdict[status]}")
    if args.json:
        report = {
            "host": HOST,
            "settings": {k: v for k, v in vars(args).items() if k not in ("deadline", "json")},
            "phases": [p.figures() for p in phases],
            "big": big or None,
            "server_exceptions": dict(logged.most_common(20)),
            "exit_status": status,
        }
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return status


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def compare_big(
    args: argparse.Namespace, work: Path, token: str, run: str, phases: list[Phase], logged: Counter[str]
) -> dict[str, Any]:
    """POST /articles at concurrency 1 on an empty store, then on a store filled with --big records; appends
    both phases and returns their comparison."""
    results: dict[str, Phase] = {}
    print(f"big store: filling {args.big_db or work / 'big.db'} with {args.big:,} records", flush=True)
    big_db = args.big_db or work / "big.db"
    articles, cut = fill_big_store(big_db, args.big, args.deadline)
    for label, db in (("empty", work / "empty.db"), ("big", big_db)):
        if time.monotonic() > args.deadline:
            cut = True
            break
        log = args.server_log or work / f"server-{label}.log"
        with Server(db, log, token, args.start_timeout) as server:
            # One warm-up POST first (the server loads its model on the first), counted for errors only.
            batch = [[invented_article(i, f"{label}1", run)] for i in range(args.big_posts + 1)]
            name = f"POST /articles, {label} store" if label == "empty" else f"POST /articles, {articles:,} articles"
            results[label] = post_phase(name, server, batch, 1, args, warmup=1)
            phases.append(results[label])
        logged.update(server_errors(log, server.log_start))
    empty, full = results.get("empty"), results.get("big")

    def ratio(q: float) -> float | None:
        if not (empty and full) or empty.errors or full.errors or not empty.percentile(q) or not full.latencies:
            return None  # no ratio from failed requests: a quick 500 says nothing of the store's size
        return round(full.percentile(q) / empty.percentile(q), 2)

    return {"articles": articles, "p50_ratio": ratio(0.5), "p99_ratio": ratio(0.99), "cut_short": cut}


if __name__ == "__main__":
    sys.exit(main())
