"""Crash safety: kill -9 `newsevents ingest` part-way, run it again, and check nothing is lost or stored twice.

    python benchmarks/crash.py [--articles 300] [--kills 3] [--seed 0] [--max-seconds 1500] [--keep]

Copies the first N PolNeAR training articles (sorted by name, byte-identical copies skipped) from
../shared/eval/polnear/train/text into a temporary folder (exits 2 when that folder is absent). Then runs
`newsevents ingest --db DB --workers 1 FOLDER` and kills it with SIGKILL once the database holds about
1/(K+1), 2/(K+1), ... of the N articles: each kill comes after a commit of the run being killed (a batch is
64 articles), plus a random delay of up to 2 s (from --seed) so that it lands at a different point of the
next batch. After each kill the same ingest starts again on the same database; the run after the last kill
goes to completion. A separate read-only connection polls `SELECT COUNT(*) FROM articles` every 0.2 s.

Checks: every run that was not killed exits 0; every kill landed before the ingest finished;
`PRAGMA integrity_check` is ok; N articles stored; no path stored twice; every input path stored; one more
ingest says "0 added". Articles stored with an error are counted and listed, not failed. Prints each step
with counts and timings, then PASS (exit 0) or FAIL (exit 1). Every subprocess is bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "train" / "text"
POLL_SECONDS = 0.2
PROGRESS = re.compile(r"\s*ingest: \d+ articles")
SUMMARY = re.compile(r"(\d+) articles read: (\d+) added, (\d+) already stored, (\d+) with errors")


@dataclass
class Run:
    """One `newsevents ingest` subprocess and how it ended."""

    label: str
    count_before: int
    count_after: int = 0
    seconds: float = 0.0
    returncode: int | None = None
    killed_at: int | None = None  # articles in the database when SIGKILL was sent
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def summary(self) -> tuple[int, int, int, int] | None:
        """(read, added, already stored, with errors) from the CLI's summary line, or None without one."""
        match = SUMMARY.search(self.stdout)
        return tuple(int(g) for g in match.groups()) if match else None  # type: ignore[return-value]

    def describe(self) -> str:
        if self.timed_out:
            how = "TIMED OUT and was killed"
        elif self.killed_at is not None:
            how = f"killed -9 with {self.killed_at} articles stored"
        else:
            how = f"exited with code {self.returncode}"
        return f"{self.label}: {how} after {self.seconds:.1f} s; articles {self.count_before} -> {self.count_after}"

    def traceback_tail(self, lines: int = 8) -> str:
        """The last lines of stderr, without the progress bar."""
        text = [line.rsplit("\r", 1)[-1] for line in self.stderr.splitlines()]
        return "\n".join([line for line in text if line.strip() and not PROGRESS.match(line)][-lines:])


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> bool:
        print(f"  [{'ok' if ok else 'FAIL'}] {what}")
        if not ok:
            self.failures.append(what)
        return ok


def build_folder(dest: Path, n: int, corpus: Path = CORPUS, min_words: int | None = None) -> list[Path]:
    """Copy `n` distinct article files of `corpus` into `dest` and return the copies: the first `n` by name, or
    with `min_words` the `n` shortest of at least that many words (long enough to get a MinHash signature)."""
    sources = sorted(p for p in corpus.iterdir() if p.is_file())
    if min_words is not None:
        sizes = {p: p.stat().st_size for p in sources}
        sources = [
            p for p in sorted(sources, key=lambda p: (sizes[p], p.name)) if len(p.read_bytes().split()) >= min_words
        ]
    dest.mkdir(parents=True, exist_ok=True)
    seen: set[bytes] = set()
    copies = []
    for source in sources:
        if len(copies) == n:
            break
        data = source.read_bytes()
        if data in seen:  # the same text twice is one article by design (keyed by its clean text)
            continue
        seen.add(data)
        target = dest / source.name
        target.write_bytes(data)
        copies.append(target)
    return copies


def count_articles(db: Path) -> int | None:
    """The number of stored articles through a fresh read-only connection, or None while it cannot be read."""
    if not db.exists():
        return None
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:  # locked, not created yet, or mid-recovery after a kill: try again at the next poll
        return None


def ingest_command(db: Path, folder: Path) -> list[str]:
    script = Path(sys.executable).with_name("newsevents")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "newsevents.cli"]
    return [*program, "ingest", "--db", str(db), "--workers", "1", str(folder)]


def run_ingest(
    label: str,
    db: Path,
    folder: Path,
    logs: Path,
    deadline: float,
    kill_at: int | None = None,
    total: int | None = None,
    delay: float = 0.0,
) -> Run:
    """Run one ingest. With `kill_at`, send SIGKILL once this run has committed and the database holds at least
    `kill_at` (but fewer than `total`) articles, `delay` seconds later. Killed at `deadline` at the latest."""
    run = Run(label, count_before=count_articles(db) or 0)
    out, err = logs / f"{label.replace(' ', '_')}.out", logs / f"{label.replace(' ', '_')}.err"
    start = time.monotonic()
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(ingest_command(db, folder), stdout=stdout, stderr=stderr, start_new_session=True)
        try:
            kill_time = None
            while process.poll() is None:
                now = time.monotonic()
                if now >= deadline:
                    run.timed_out = True
                    break
                if kill_time is None and kill_at is not None:
                    count = count_articles(db)
                    if count is not None and count > run.count_before and count >= kill_at:
                        if total is None or count < total:
                            kill_time = now + delay
                            run.killed_at = count
                if kill_time is not None and now >= kill_time:
                    run.killed_at = count_articles(db) or run.killed_at
                    os.killpg(process.pid, signal.SIGKILL)
                    break
                time.sleep(POLL_SECONDS)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)  # the group of the process we started, nothing else
            run.returncode = process.wait()
    if run.returncode != -signal.SIGKILL:
        run.killed_at = None  # it ended on its own, even if just before the kill
    run.seconds = time.monotonic() - start
    run.count_after = count_articles(db) or 0
    run.stdout = out.read_text(encoding="utf-8", errors="replace")
    run.stderr = err.read_text(encoding="utf-8", errors="replace")
    return run


def check_database(db: Path, files: list[Path], report: Report) -> None:
    """Integrity, count, no path twice, every input path stored; list the articles stored with an error."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        report.check(integrity == ["ok"], f"PRAGMA integrity_check: {'; '.join(integrity[:5])}")
        stored = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        report.check(stored == len(files), f"{stored} articles stored, {len(files)} expected")
        twice = connection.execute(
            "SELECT path, COUNT(*) FROM articles GROUP BY path HAVING COUNT(*) > 1 ORDER BY path"
        ).fetchall()
        report.check(not twice, f"{len(twice)} paths stored more than once" + (f", e.g. {twice[:3]}" if twice else ""))
        paths = {row[0] for row in connection.execute("SELECT path FROM articles")}
        missing = [str(f) for f in files if str(f) not in paths]
        report.check(
            not missing, f"{len(missing)} input files not stored" + (f", e.g. {missing[:3]}" if missing else "")
        )
        errors = connection.execute("SELECT path, error FROM articles WHERE error IS NOT NULL ORDER BY path").fetchall()
        print(f"  [info] {len(errors)} articles stored with an error")
        for path, error in errors[:10]:
            print(f"         {Path(path).name}: {error}")
        if errors:
            report.notes.append(f"{len(errors)} articles stored with an error")
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300, help="how many articles to ingest (N)")
    parser.add_argument("--kills", type=int, default=3, help="how many times to kill -9 the ingest (K)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random delay after each kill point")
    parser.add_argument("--max-seconds", type=float, default=1500, help="time budget of the whole run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder, database and logs")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"cannot run: the PolNeAR texts are not at {CORPUS} (../shared is absent)")
        return 2
    began = time.monotonic()
    deadline = began + args.max_seconds
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="newsevents-crash-"))
    try:
        report = Report()
        folder, db, logs = work / "articles", work / "crash.db", work / "logs"
        logs.mkdir()
        files = build_folder(folder, args.articles)
        n = len(files)
        report.check(n == args.articles, f"{n} distinct articles copied to {folder} ({args.articles} asked for)")
        targets = [round(n * i / (args.kills + 1)) for i in range(1, args.kills + 1)]
        print(f"{n} articles, {args.kills} kills at about {targets} stored articles (batches of 64), seed {args.seed}")

        runs: list[Run] = []
        for i, target in enumerate(targets, start=1):
            delay = rng.uniform(0, 2.0)
            run = run_ingest(f"run {i}", db, folder, logs, deadline, kill_at=target, total=n, delay=delay)
            runs.append(run)
            print(run.describe() + f" (kill point {target}, delay {delay:.1f} s)")
            if run.timed_out:
                break
            if run.killed_at is None:
                report.check(False, f"{run.label} ended before its kill point (code {run.returncode})")
                if run.returncode:
                    print("    " + run.traceback_tail().replace("\n", "\n    "))
            else:
                report.check(run.killed_at < n, f"{run.label} killed before completion ({run.killed_at} < {n})")
        if not any(r.timed_out for r in runs):
            for label in ("completion run", "idempotence run"):
                run = run_ingest(label, db, folder, logs, deadline)
                runs.append(run)
                print(run.describe() + (f"; summary {run.summary}" if run.summary else "; no summary line"))
                if run.timed_out:
                    break
                if not report.check(run.returncode == 0, f"{label} exits 0 (code {run.returncode})"):
                    print("    " + run.traceback_tail().replace("\n", "\n    "))
        if any(r.timed_out for r in runs):
            report.check(False, f"finished within --max-seconds {args.max_seconds:.0f}")
        else:
            last = runs[-1]
            added = last.summary[1] if last.summary else None
            report.check(added == 0, f"one more ingest adds nothing (added: {added})")

        print("checks of the database:")
        if db.exists():
            check_database(db, files, report)
        else:
            report.check(False, f"{db} exists")

        elapsed = time.monotonic() - began
        kills = sum(1 for r in runs if r.killed_at is not None)
        if report.failures:
            print(f"FAIL: {len(report.failures)} of the checks failed ({kills} kills, {elapsed:.0f} s):")
            for failure in report.failures:
                print(f"  - {failure}")
        else:
            notes = f"; {'; '.join(report.notes)}" if report.notes else ""
            print(f"PASS: {n} articles, {kills} kills -9, nothing lost or stored twice ({elapsed:.0f} s){notes}")
        return 1 if report.failures else 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
