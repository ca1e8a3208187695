"""Article extraction: newsevents' cleaning against trafilatura on ../shared/eval/aeb-dev, in one run.

    python benchmarks/extraction.py [--worst N]

Scores each extractor with the benchmark's metric: 4-gram word shingles of the extracted body against
the true body, true/false positives and negatives normalised per page, precision and recall averaged
over pages, F1 of the two. Prints F1, precision, recall and pages/s for both, then what the seed page
loses and keeps. Skips with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsevents.clean import clean_article
from newsevents.model import Article

SHARED = Path(__file__).resolve().parents[2] / "shared"
AEB = SHARED / "eval" / "aeb-dev"
SEED = SHARED / "seed" / "000_8051272504026c69.txt"
WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Counts of the n-word shingles of `text` (one shingle of all words when there are fewer than n)."""
    words = WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words[i : i + n])


def page_counts(true: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised to sum to 1 so that every page weighs the same."""
    gold, pred = shingles(true), shingles(predicted)
    tp = sum((gold & pred).values())
    fp = sum((pred - gold).values())
    fn = sum((gold - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    """Macro precision and recall over pages, and their F1."""

    def ratio(a: float, b: float, other: float) -> float:
        if b == other == 0:
            return 1.0
        return a / (a + b) if a + b else 0.0

    precision = statistics.mean(ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0)
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


def load_pages() -> list[tuple[str, str, str]]:
    """(page id, html, true body) for every page of aeb-dev."""
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((AEB / "html").glob("*.html.gz")):
        key = path.name.split(".")[0]
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, html, truth[key].get("articleBody", "")))
    return pages


def newsevents_body(html: str) -> str:
    return clean_article(Article(source=html, is_html=True)).text


def trafilatura_body(html: str) -> str:
    return trafilatura.extract(html, include_comments=False) or ""


EXTRACTORS: dict[str, Callable[[str], str]] = {"newsevents": newsevents_body, "trafilatura": trafilatura_body}


def run(pages: list[tuple[str, str, str]], extract: Callable[[str], str]) -> tuple[dict[str, float], list]:
    """Score one extractor on all pages; also returns per-page (F1-ish score, id, counts) for inspection."""
    start = time.perf_counter()
    outputs = [(key, extract(html), true) for key, html, true in pages]
    seconds = time.perf_counter() - start
    counts = [page_counts(true, predicted) for _, predicted, true in outputs]
    metrics = summarise(counts)
    metrics["pages_per_s"] = len(pages) / seconds
    per_page = sorted(
        (tp / (tp + (fp + fn) / 2) if tp else 0.0, key, (tp, fp, fn))
        for (key, _, _), (tp, fp, fn) in zip(outputs, counts, strict=True)
    )
    return metrics, per_page


def evaluate() -> dict[str, dict[str, float]]:
    """Both extractors' figures on aeb-dev (used by the quality gate)."""
    pages = load_pages()
    results = {}
    for name, extract in EXTRACTORS.items():
        extract(pages[0][1])  # warm up imports and caches so pages/s measures extraction
        results[name] = run(pages, extract)[0]
    return results


def seed_report() -> None:
    if not SEED.exists():
        return
    article = clean_article(Article(source=SEED.read_text(encoding="utf-8")))
    print(f"\nseed: title = {article.title!r}; credit = {article.credit!r}")
    print(f"seed keeps {len(article.text.split(chr(10) + chr(10)))} paragraphs; removes {len(article.removed)} lines:")
    for line in article.removed:
        print(f"  - {line[:100]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worst", type=int, default=0, help="also list the N worst pages of newsevents")
    args = parser.parse_args()
    if not AEB.is_dir():
        print(f"skipped: the benchmark pages are not at {AEB} (../shared is absent)")
        return 0
    pages = load_pages()
    print(f"{len(pages)} pages of aeb-dev")
    for name, extract in EXTRACTORS.items():
        extract(pages[0][1])
        metrics, per_page = run(pages, extract)
        print(
            f"{name:<12} F1 {metrics['f1']:.3f}  precision {metrics['precision']:.3f}  "
            f"recall {metrics['recall']:.3f}  {metrics['pages_per_s']:.1f} pages/s"
        )
        if name == "newsevents" and args.worst:
            for score, key, (tp, fp, fn) in per_page[: args.worst]:
                print(f"    {score:.3f} {key[:16]} tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}")
    seed_report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
