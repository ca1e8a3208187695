"""Check labelling files against training/GUIDELINES.md: offsets match the words, types and statuses valid.

    python tools/check_labels.py training/labels/NAME.jsonl [...]     stand-off labels on ../shared texts
    python tools/check_labels.py training/examples/NAME.jsonl [...]   the team's own examples

Prints one line per problem and a count per file; exits 1 when a file has problems.
"""

from __future__ import annotations

import json
import sys
from functools import cache, lru_cache
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
STATUSES = {"occurred", "planned", "hypothetical", "negated"}


@cache
def _voa() -> dict[str, str]:
    path = SHARED / "train/voa/voa_stories.jsonl"
    return {str(r["id"]): r["text"] for r in map(json.loads, path.open(encoding="utf-8"))}


@lru_cache(maxsize=256)
def document_text(ref: str) -> str:
    """The text a label's `file` points at (a path under ../shared, or train/voa/voa_stories.jsonl#ID)."""
    if "#" in ref:
        path, key = ref.split("#", 1)
        if path != "train/voa/voa_stories.jsonl":
            raise ValueError(f"unknown collection {path}")
        return _voa()[key]
    if not ref.startswith("eval/polnear/train/text/"):
        raise ValueError(f"{ref}: only PolNeAR train texts and VOA stories may be labelled")
    return (SHARED / ref).read_text(encoding="utf-8")


def _spans(value) -> list[tuple[int, int]]:
    return [tuple(s) for s in value or []]


def check_label(row: dict) -> list[str]:
    if row.get("done"):
        return [] if "file" in row else ["done row without file"]
    problems = []
    text = document_text(row["file"])
    start, end = row["trigger"]
    if text[start:end] != row.get("word"):
        problems.append(f"trigger {start}:{end} is {text[start:end]!r}, not {row.get('word')!r}")
    if row.get("type") not in TYPES:
        problems.append(f"type {row.get('type')!r}")
    if row.get("status") not in STATUSES:
        problems.append(f"status {row.get('status')!r}")
    for side in ("source", "target"):
        for s, e in _spans(row.get(side)):
            if not (0 <= s < e <= len(text)) or e - s > 200:
                problems.append(f"{side} span {s}:{e}")
    return problems


def check_example(row: dict) -> list[str]:
    problems = []
    text = row.get("text", "")
    if row.get("type") not in TYPES | {"NONE"}:
        problems.append(f"type {row.get('type')!r}")
    if row.get("type") != "NONE" and row.get("status") not in STATUSES:
        problems.append(f"status {row.get('status')!r}")
    for key in ("trigger", "source", "target"):
        value = row.get(key) or ""
        if (key == "trigger" and not value) or (value and value not in text):
            problems.append(f"{key} {value!r} not in text")
    return problems


def main(paths: list[str]) -> int:
    bad = 0
    for name in paths:
        rows = [json.loads(line) for line in Path(name).read_text(encoding="utf-8").splitlines() if line.strip()]
        check = check_example if all("text" in r for r in rows) else check_label
        count = 0
        for n, row in enumerate(rows, 1):
            for problem in check(row):
                print(f"{name}:{n}: {problem}")
                count += 1
        events = sum(1 for r in rows if not r.get("done"))
        done = sum(1 for r in rows if r.get("done"))
        print(f"{name}: {events} labels, {done} documents done, {count} problems")
        bad += count
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
