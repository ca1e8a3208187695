"""Real news, end to end: the expert gold of ../shared/eval (news-events-dev.json, actors-dev.json) scored by
the shared scorers' own functions, on records made in this process (one model load for both).

    python benchmarks/real_news.py [--coder learned|rules|both] [--events]

prints the figures `../shared/eval/score_news_events.py` and `score_actors.py` print, to four places.
`--coder both` prints the event figures of the learned coder and of the lexicon rules side by side;
`--events` leaves out the actor breakdown.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path

import newsevents
from newsevents.options import Options, PipelineConfig

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
EVENTS_GOLD = EVAL / "news-events-dev.json"
ACTORS_GOLD = EVAL / "actors-dev.json"
TEXT = EVAL / "polnear" / "dev" / "text"


def _scorer(name: str):
    spec = importlib.util.spec_from_file_location(name, EVAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _options(coder: str) -> Options:
    return Options(pipeline=PipelineConfig(coder=coder))


def evaluate(coder: str = "learned") -> dict[str, float]:
    """Events (anchored, 1:1 and loose recall, precision, status, dates) and actors (found, country, sector)."""
    events_gold = json.loads(EVENTS_GOLD.read_text())
    actors_gold = json.loads(ACTORS_GOLD.read_text())
    articles = {a["file"]: a["published"] for a in events_gold + actors_gold}
    items = [{"id": f, "text": (TEXT / f).read_text(), "published": p} for f, p in sorted(articles.items())]
    records = {r["id"]: r for r in newsevents.process_many(items, workers=1, options=_options(coder))}
    with redirect_stdout(io.StringIO()):  # the scorers print their per-article tables
        ev = _scorer("score_news_events").totals(events_gold, records, per_article=False)
        ac = _scorer("score_actors").score(actors_gold, list(records.values()))
    return {
        "events_anchored_recall": ev["anchored"] / ev["n"],
        "events_one_to_one_recall": ev["one"] / ev["n"],
        "events_loose_recall": ev["found"] / ev["n"],
        "events_precision": ev["good"] / ev["n_events"],
        "events_status": ev["status_ok"] / ev["found"],
        "events_dates": ev["date_ok"] / ev["dates_n"],
        "events_output": ev["n_events"],
        "actors_found": ac["found"] / ac["n"],
        "actors_country": ac["country"] / ac["n"],
        "actors_sector": ac["sector"] / ac["n"],
    }


def half(file: str) -> str:
    """The half of the dev set an article belongs to: "tune" (changes are tried on it) or "check" (held out to
    confirm them). Fixed by the file name's hash, so it never depends on what a change did."""
    return "tune" if hashlib.sha256(file.encode()).digest()[0] % 2 == 0 else "check"


def event_halves(coder: str = "learned") -> dict[str, dict[str, float]]:
    """Event figures per half of news-events-dev (the same file-name hash as the actors)."""
    gold = json.loads(EVENTS_GOLD.read_text())
    items = [{"id": a["file"], "text": (TEXT / a["file"]).read_text(), "published": a["published"]} for a in gold]
    records = {r["id"]: r for r in newsevents.process_many(items, workers=1, options=_options(coder))}
    scorer = _scorer("score_news_events")
    figures = {}
    for part in ("tune", "check"):
        chosen = [a for a in gold if half(a["file"]) == part]
        with redirect_stdout(io.StringIO()):
            ev = scorer.totals(chosen, records, per_article=False)
        figures[part] = {
            "n": ev["n"],
            "anchored": ev["anchored"] / ev["n"],
            "loose": ev["found"] / ev["n"],
            "precision": ev["good"] / max(ev["n_events"], 1),
        }
    return figures


def actor_breakdown(records: dict[str, dict] | None = None) -> dict[str, dict[str, float]]:
    """Actor figures (found, country, sector and how many) per half of actors-dev, and per kind of actor:
    persons, organisations, and actors whose gold country is not the USA."""
    gold = json.loads(ACTORS_GOLD.read_text())
    if records is None:
        items = [{"id": a["file"], "text": (TEXT / a["file"]).read_text(), "published": a["published"]} for a in gold]
        records = {r["id"]: r for r in newsevents.process_many(items, workers=1)}
    scorer = _scorer("score_actors")
    groups = {
        "all": lambda a: True,
        "persons": lambda a: a["kind"] == "person",
        "organisations": lambda a: a["kind"] != "person",
        "non-US": lambda a: a["country"] != "USA",
    }
    figures = {}
    for part in ("tune", "check", "both"):
        for group, keep in groups.items():
            chosen = [
                {**a, "actors": [x for x in a["actors"] if keep(x)]} for a in gold if part in ("both", half(a["file"]))
            ]
            with redirect_stdout(io.StringIO()):
                tot = scorer.score(chosen, list(records.values()))
            n = tot["n"] or 1
            figures[f"{part} {group}"] = {
                "n": tot["n"],
                "found": tot["found"] / n,
                "country": tot["country"] / n,
                "sector": tot["sector"] / n,
            }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coder", choices=("learned", "rules", "both"), default="learned")
    parser.add_argument("--events", action="store_true", help="event figures only")
    args = parser.parse_args(argv)
    if not EVENTS_GOLD.exists():
        print(f"skipped: {EVENTS_GOLD} is absent (../shared is absent)")
        return 0
    coders = ("learned", "rules") if args.coder == "both" else (args.coder,)
    results = {coder: evaluate(coder) for coder in coders}
    print(f"{'':28} " + " ".join(f"{c:>8}" for c in coders))
    for name in results[coders[0]]:
        values = [results[c][name] for c in coders]
        print(f"{name:28} " + " ".join(f"{v:8.4f}" if isinstance(v, float) else f"{v:8}" for v in values))
    print("\nnews-events-dev by half (anchored recall, loose recall, precision):")
    for coder in coders:
        for part, f in event_halves(coder).items():
            print(
                f"  {coder:8} {part:6} n {f['n']:>3}  anchored {f['anchored']:.3f}  loose {f['loose']:.3f}  "
                f"precision {f['precision']:.3f}"
            )
    if args.events:
        return 0
    print("\nactors-dev by half (tune: changes are tried on it; check: held out) and kind:")
    for name, f in actor_breakdown().items():
        print(
            f"  {name:22} n {f['n']:>3}  found {f['found']:.3f}  country {f['country']:.3f}  sector {f['sector']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
