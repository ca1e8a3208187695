"""Shared fixtures: the loaded pipeline (once per session), paths into ../shared (skipped when absent), and a
real `newsevents serve` on loopback."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from newsevents.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8051272504026c69.txt"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed page is not at {SEED} (../shared is absent in a plain clone)")
    return SEED.read_text(encoding="utf-8")


@contextmanager
def live_server(db: Path, token: str):
    """`newsevents serve` on a free loopback port over `db`, with `token`; yields its base URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "newsevents.cli", "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ, "NEWSEVENTS_API_TOKEN": token},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(f"{base}/openapi.json", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def annotate(nlp, text: str, published: str | None = None):
    """Run the whole pipeline on a short text written in a test."""
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)
