"""Shared fixtures: the loaded pipeline (once per session) and paths into ../shared, skipped when absent."""

from pathlib import Path

import pytest

from newsevents import Options
from newsevents.nlp import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_8051272504026c69.txt"


@pytest.fixture(scope="session")
def nlp():
    return load_pipeline(Options())


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed page is not at {SEED} (../shared is absent in a plain clone)")
    return SEED.read_text(encoding="utf-8")


def annotate(nlp, text: str, published: str | None = None):
    """Run the whole pipeline on a short text written in a test."""
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)
