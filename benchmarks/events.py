"""Event coding on ../shared/eval/plover-gsr-dev.json (172 hand-coded sentences), and on the seed page.

    python benchmarks/events.py [--errors] [--coder learned|rules|both] [--real-news] [--cv]

The learned coder (default) and the lexicon rules side by side with `--coder both`. PLOVER dev is evaluation
only: nothing is trained or tuned on it. `--real-news` adds the real-news figures (benchmarks/real_news.py:
../shared/eval/news-events-dev.json by its own scorer); `--cv` the 5-fold cross-validation of the training
data (tools/train_events.py, needs scikit-learn: `make train` installs it).

Type: per sentence, the set of predicted PLOVER types against the gold types (micro precision, recall,
F1). Type+dyad: a gold event is found when a predicted event of its type has a source among the gold
sources and, when the gold has targets, a target among them; compound and reciprocal actors match in
either direction. A predicted event is right when it finds a gold event.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import plover_gold

import newsevents

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8051272504026c69.txt"


def dyad_matches(event: dict, gold: dict) -> bool:
    """True when a predicted event has the gold event's type and actors (either direction)."""
    if event["type"] != gold["type"]:
        return False
    sources = {plover_gold.ref_code(r) for r in event["source"]} - {None}
    targets = {plover_gold.ref_code(r) for r in event["target"]} - {None}
    everyone = sources | targets
    if not gold["targets"]:
        return bool(sources & gold["sources"]) or bool(everyone & gold["sources"] and not targets)
    forward = bool(sources & gold["sources"]) and bool(targets & gold["targets"])
    backward = bool(sources & gold["targets"]) and bool(targets & gold["sources"])
    together = bool(everyone & gold["sources"]) and bool(everyone & gold["targets"])  # reciprocal lists
    return forward or backward or together


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(
    show_errors: bool = False, resources: newsevents.Resources | None = None, coder: str = "learned"
) -> dict[str, float]:
    """Type and type+dyad figures on the PLOVER dev set."""
    gold = plover_gold.load_gold()
    predicted = plover_gold.run_newsevents(gold, resources, coder)
    by_text: dict[str, list[dict]] = {}
    for record in gold:
        by_text.setdefault(record["text"], []).append(record)
    tp = fp = fn = 0
    dyad_found = dyad_right = events_total = 0
    confusion: Counter = Counter()
    for text, records in by_text.items():
        # PLOVER lets negated events out of a dataset; the gold has none.
        events = [e for e in predicted[text].get("events", []) if e["status"] != "negated"]
        gold_types = {r["type"] for r in records}
        types = {e["type"] for e in events}
        tp += len(types & gold_types)
        fp += len(types - gold_types)
        fn += len(gold_types - types)
        for missing in gold_types - types:
            confusion[(missing, ",".join(sorted(types)) or "-")] += 1
        dyad_found += sum(1 for r in records if any(dyad_matches(e, r) for e in events))
        dyad_right += sum(1 for e in events if any(dyad_matches(e, r) for r in records))
        events_total += len(events)
        if show_errors and gold_types != types:
            print(f"gold {sorted(gold_types)} predicted {sorted(types)} | {text[:150]}")
    precision, recall = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    dyad_p = dyad_right / events_total if events_total else 0.0
    dyad_r = dyad_found / len(gold)
    if show_errors:
        print("most missed (gold type, predicted types):", confusion.most_common(15))
    return {
        "type_precision": precision,
        "type_recall": recall,
        "type_f1": f1(precision, recall),
        "dyad_precision": dyad_p,
        "dyad_recall": dyad_r,
        "dyad_f1": f1(dyad_p, dyad_r),
    }


def seed_report() -> None:
    if not SEED.exists():
        return
    record = newsevents.process(SEED.read_text(encoding="utf-8"), published="2018-09-05")
    print(f"\nseed (published 2018-09-05): {len(record['events'])} events")
    for event in record["events"]:
        source = "+".join(r["code"] or r["name"] for r in event["source"]) or "-"
        target = "+".join(r["code"] or r["name"] for r in event["target"]) or "-"
        print(
            f"  {event['type']:<9} {source:<16} → {target:<16} {event['status']:<12} {event['date'] or '':<10} "
            f"{event['trigger']!r}: {event['sentence'][:70]}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", action="store_true", help="also import ../shared/dictionaries and use them")
    parser.add_argument("--errors", action="store_true", help="list the sentences whose types differ")
    parser.add_argument("--coder", choices=("learned", "rules", "both"), default="both")
    parser.add_argument("--real-news", action="store_true", help="also the real-news figures")
    parser.add_argument("--cv", action="store_true", help="also 5-fold cross-validation of the training data")
    args = parser.parse_args()
    if not plover_gold.GOLD.exists():
        print(f"skipped: {plover_gold.GOLD} is absent (../shared is absent)")
        return 0
    coders = ("learned", "rules") if args.coder == "both" else (args.coder,)
    for coder in coders:
        m = evaluate(args.errors, coder=coder)
        print(
            f"PLOVER dev, {coder:7}: type P {m['type_precision']:.3f} R {m['type_recall']:.3f} "
            f"F1 {m['type_f1']:.3f} | type+dyad P {m['dyad_precision']:.3f} R {m['dyad_recall']:.3f} "
            f"F1 {m['dyad_f1']:.3f}"
        )
    if args.real_news:
        import real_news

        real_news.main(["--events", "--coder", args.coder])
    if args.cv:
        root = Path(__file__).resolve().parents[1]
        sys.path.insert(0, str(root / "tools"))
        import train_events

        train_events.report_cv(train_events.build_examples())
    seed_report()
    if args.kb:
        m = evaluate(args.errors, plover_gold.knowledge_resources())
        print(
            f"with ../shared/dictionaries imported: type F1 {m['type_f1']:.3f} | type+dyad P {m['dyad_precision']:.3f} "
            f"R {m['dyad_recall']:.3f} F1 {m['dyad_f1']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
