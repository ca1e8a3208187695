"""Throughput: newsevents.process_many against bare spaCy nlp.pipe on the same texts, in one run.

    python benchmarks/throughput.py [--repeat N] [--workers N]

Reads the PolNeAR dev articles from ../shared/eval/polnear/dev/text (skips with a message when absent).
Prints articles/s for both and the ratio; the goal is at least 0.85 (everything beyond the spaCy
pipeline costs less than 15%). Both sides start their own worker processes, which load the model.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import spacy

import newsevents
from newsevents.options import Options

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "dev" / "text"


def load_texts(repeat: int) -> list[str]:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    return [p.read_text(encoding="utf-8", errors="replace") for p in files] * repeat


def bare_spacy(texts: list[str], workers: int, options: Options) -> float:
    start = time.perf_counter()
    nlp = spacy.load(options.pipeline.model)
    for _ in nlp.pipe(texts, n_process=workers, batch_size=options.batch_size):
        pass
    return time.perf_counter() - start


def with_newsevents(texts: list[str], workers: int, options: Options) -> tuple[float, int]:
    start = time.perf_counter()
    events = 0
    items = ({"id": str(i), "text": text, "published": "2016-10-01"} for i, text in enumerate(texts))
    for record in newsevents.process_many(items, workers=workers, options=options):
        events += len(record.get("events", []))
    return time.perf_counter() - start, events


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="how many times to run through the corpus")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: the PolNeAR texts are not at {CORPUS} (../shared is absent)")
        return 0
    options = Options()
    texts = load_texts(args.repeat)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles ({chars / len(texts):,.0f} characters on average), {args.workers} workers")
    spacy_seconds = bare_spacy(texts, args.workers, options)
    ours_seconds, events = with_newsevents(texts, args.workers, options)
    spacy_rate, ours_rate = len(texts) / spacy_seconds, len(texts) / ours_seconds
    print(f"bare spaCy nlp.pipe   {spacy_rate:7.1f} articles/s  ({spacy_seconds:.1f} s)")
    print(f"newsevents            {ours_rate:7.1f} articles/s  ({ours_seconds:.1f} s, {events} events)")
    print(f"ratio                 {ours_rate / spacy_rate:7.2f}  (goal: at least 0.85)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
