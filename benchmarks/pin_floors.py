"""Measure every gated benchmark and pin its floors in tests/floors.json: the figure cut to four places minus
0.0001, beside the SHA-256 of the evaluation data it was measured on (what tests/test_quality.py checks).

    python benchmarks/pin_floors.py            # show old and new floors, write nothing
    python benchmarks/pin_floors.py --write    # write them (commit that as its own, deliberate change)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import actors
import events
import extraction
import quotes
import real_news

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "tests" / "floors.json"
sys.path.insert(0, str(ROOT / "tests"))

from test_quality import data_digest  # noqa: E402

MEASURES = {
    "aeb_dev": lambda: extraction.evaluate()["newsevents"],
    "plover_dev": lambda: {**actors.evaluate(), **events.evaluate()},
    "polnear_dev": quotes.evaluate,
    "real_news_dev": real_news.evaluate,
}


def pin(value: float) -> float:
    return round(math.floor(value * 10000) / 10000 - 0.0001, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the new floors to tests/floors.json")
    args = parser.parse_args()
    floors = json.loads(FLOORS.read_text())
    for name, measure in MEASURES.items():
        entry = floors[name]
        figures = measure()
        entry["sha256"] = data_digest(entry["data"])
        entry["measured"] = {k: round(figures[k], 6) for k in entry["floors"]}
        new = {k: pin(figures[k]) for k in entry["floors"]}
        for k, v in new.items():
            print(f"{name:14} {k:26} {entry['floors'][k]:.4f} -> {v:.4f}")
        entry["floors"] = new
    if args.write:
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n")
        print(f"written: {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
