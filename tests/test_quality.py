"""Quality gates: the benchmarks' figures on ../shared must not fall below the floors in floors.json."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text())
sys.path.insert(0, str(ROOT / "benchmarks"))

import actors  # noqa: E402
import events  # noqa: E402
import extraction  # noqa: E402
import plover_gold  # noqa: E402
import quotes  # noqa: E402


@pytest.fixture(scope="module")
def aeb():
    if not extraction.AEB.is_dir():
        pytest.skip(f"aeb-dev is not at {extraction.AEB} (../shared is absent)")
    return extraction.evaluate()


def test_extraction_meets_its_floors(aeb):
    ours, floors = aeb["newsevents"], FLOORS["aeb_dev"]
    for metric in ("f1", "precision", "recall"):
        assert ours[metric] >= floors[metric], f"{metric} {ours[metric]:.3f} < floor {floors[metric]}"


def test_extraction_beats_trafilatura(aeb):
    assert aeb["newsevents"]["f1"] > aeb["trafilatura"]["f1"]


@pytest.fixture(scope="module")
def plover():
    if not plover_gold.GOLD.exists():
        pytest.skip(f"{plover_gold.GOLD} is absent (../shared is absent)")
    return {**actors.evaluate(), **events.evaluate()}


def test_actor_resolution_meets_its_floor(plover):
    assert plover["actor_recall"] >= FLOORS["plover_dev"]["actor_recall"]


def test_event_coding_meets_its_floors(plover):
    assert plover["type_f1"] >= FLOORS["plover_dev"]["type_f1"]
    assert plover["dyad_f1"] >= FLOORS["plover_dev"]["dyad_f1"]


def test_quote_attribution_meets_its_floors():
    if not quotes.POLNEAR.is_dir():
        pytest.skip(f"{quotes.POLNEAR} is absent (../shared is absent)")
    figures, floors = quotes.evaluate(), FLOORS["polnear_dev"]
    assert figures["direct_f1"] >= floors["direct_f1"]
    assert figures["speaker_accuracy"] >= floors["speaker_accuracy"]
    assert figures["all_f1"] >= floors["all_f1"]
