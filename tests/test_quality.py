"""Quality gates: each benchmark's figures on ../shared must not fall below the floors in floors.json.

Floors are pinned to four places at the measured figure minus 0.0001 (the figures are deterministic: the
margin only absorbs the last digit), beside a SHA-256 of the evaluation data they were measured on. When the
data changes, the gate says so instead of comparing against floors measured on other data. Raising a floor
is a deliberate commit; lowering one needs a reason in its commit message.
"""

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text())
sys.path.insert(0, str(ROOT / "benchmarks"))

import actors  # noqa: E402
import events  # noqa: E402
import extraction  # noqa: E402
import quotes  # noqa: E402
import real_news  # noqa: E402


def data_digest(paths: list[str]) -> str:
    """SHA-256 over every file under `paths` (relative to ../shared), by relative path and content."""
    digest = hashlib.sha256()
    for name in paths:
        root = SHARED / name
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(SHARED)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def gate(name: str) -> dict:
    """The floors of one gate, after checking that its evaluation data is the data they were measured on."""
    floors = FLOORS[name]
    if not all((SHARED / p).exists() for p in floors["data"]):
        pytest.skip(f"the evaluation data of {name} is not under {SHARED} (../shared is absent)")
    digest = data_digest(floors["data"])
    assert digest == floors["sha256"], (
        f"The evaluation data of {name} ({', '.join(floors['data'])}) changed: its digest is {digest}. Run the "
        "benchmark, then pin the new figures and this digest in tests/floors.json."
    )
    return floors["floors"]


def assert_floors(name: str, figures: dict) -> None:
    below = {k: (round(figures[k], 6), v) for k, v in gate(name).items() if figures[k] < v}
    assert not below, f"{name}: figures below their floors (figure, floor): {below}"


def test_extraction_meets_its_floors():
    figures = extraction.evaluate()
    assert_floors("aeb_dev", figures["newsevents"])
    assert figures["newsevents"]["f1"] > figures["trafilatura"]["f1"]


def test_actor_and_event_coding_meet_their_floors_on_plover_dev():
    gate("plover_dev")
    assert_floors("plover_dev", {**actors.evaluate(), **events.evaluate()})


def test_quote_attribution_meets_its_floors_on_polnear_dev():
    gate("polnear_dev")
    assert_floors("polnear_dev", quotes.evaluate())


def test_real_news_figures_meet_their_floors():
    gate("real_news_dev")
    assert_floors("real_news_dev", real_news.evaluate())


def test_the_floors_are_pinned_to_four_places():
    for name, entry in FLOORS.items():
        for metric, floor in entry.get("floors", {}).items() if isinstance(entry, dict) else ():
            assert round(floor, 4) == floor, f"{name}.{metric}: {floor} is not pinned to four places"
