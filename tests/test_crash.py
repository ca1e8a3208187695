"""Crash safety at small scale: kill -9 `newsevents ingest` after its first commit, run it again, lose nothing.

The harness (subprocess, polling, kill, database checks) is benchmarks/crash.py's; this runs it on 100 short
PolNeAR articles: one batch of 64 is committed, the kill lands while the second batch is being processed.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "eval" / "polnear" / "train" / "text"
ARTICLES = 100  # more than one batch of 64, so that a kill can land between two commits
BATCH = 64
MIN_WORDS = 100  # short articles keep the test fast, but long enough for a MinHash signature each
TIME_LIMIT = 240  # seconds for both runs together, a bound for a hung ingest rather than a target


def load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crash_harness", ROOT / "benchmarks" / "crash.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def test_an_ingest_killed_between_commits_resumes_without_losing_or_repeating_articles(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"the PolNeAR texts are not at {CORPUS} (../shared is absent in a plain clone)")
    crash = load_harness()
    folder, db, logs = tmp_path / "articles", tmp_path / "crash.db", tmp_path / "logs"
    logs.mkdir()
    files = crash.build_folder(folder, ARTICLES, CORPUS, min_words=MIN_WORDS)
    assert len(files) == ARTICLES
    deadline = time.monotonic() + TIME_LIMIT

    killed = crash.run_ingest("killed run", db, folder, logs, deadline, kill_at=BATCH, total=ARTICLES)
    assert not killed.timed_out, killed.describe()
    assert killed.killed_at is not None, f"the ingest was never killed: {killed.describe()}\n{killed.traceback_tail()}"
    assert BATCH <= killed.killed_at < ARTICLES, killed.describe()  # killed after a commit, before completion
    stored = killed.count_after
    assert BATCH <= stored < ARTICLES, killed.describe()

    resumed = crash.run_ingest("completion run", db, folder, logs, deadline)
    assert not resumed.timed_out, resumed.describe()
    assert resumed.returncode == 0, f"{resumed.describe()}\n{resumed.traceback_tail()}"
    assert resumed.summary is not None, resumed.stdout
    read, added, already, _errors = resumed.summary
    assert (read, added, already) == (ARTICLES, ARTICLES - stored, stored)

    report = crash.Report()
    crash.check_database(db, files, report)  # integrity, N stored, no path twice, every input path stored
    assert not report.failures
