"""Actor resolution on ../shared/eval/plover-gsr-dev.json and on the seed page.

    python benchmarks/actors.py [--errors]

PLOVER dev: the share of hand-coded source and target actors whose code (first three letters) is among
the codes of the actors newsevents finds in the sentence. Seed: the ten named people, with country and
sector, and whether any person or organisation was resolved as a state.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import plover_gold

import newsevents

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8051272504026c69.txt"
SEED_PEOPLE = {
    "Mike Pompeo": ("USA", "GOV"),
    "James Mattis": ("USA", "MIL"),
    "Sushma Swaraj": ("IND", "GOV"),
    "Nirmala Sitharaman": ("IND", "MIL"),
    "Alyssa Ayres": ("USA", "SOC"),
    "Randal Schriver": ("USA", "MIL"),
    "Donald Trump": ("USA", "GOV"),
    "Vladimir Putin": ("RUS", "GOV"),
    "Narendra Modi": ("IND", "GOV"),
    "Imran Khan": ("PAK", "GOV"),
}


def evaluate(show_errors: bool = False, resources: newsevents.Resources | None = None) -> dict[str, float]:
    """Share of gold actors found on the PLOVER dev set."""
    gold = plover_gold.load_gold()
    predicted = plover_gold.run_newsevents(gold, resources)
    found = total = 0
    for record in gold:
        codes = {plover_gold.ref_code(a) for a in predicted[record["text"]].get("actors", [])}
        for side in ("source", "target"):
            actors = record.get(side) if isinstance(record.get(side), list) else []
            for actor in actors:
                total += 1
                if plover_gold.gold_code(actor["code"]) in codes:
                    found += 1
                elif show_errors:
                    print(f"missed {actor['code']:<8} {actor['actorText']!r:<40} found {sorted(c for c in codes if c)}")
    return {"actor_recall": found / total, "actors": total}


def seed_report(resources: newsevents.Resources | None = None) -> dict[str, int]:
    """People right on the seed, and persons or organisations wrongly resolved as states."""
    record = newsevents.process(SEED.read_text(encoding="utf-8"), published="2018-09-05", resources=resources)
    people = {a["name"]: a for a in record["actors"] if a["kind"] == "person"}
    right = 0
    for name, (country, sector) in SEED_PEOPLE.items():
        actor = people.get(name)
        ok = bool(actor) and actor["country"] == country and actor["sector"] == sector
        right += ok
        got = f"{actor['country']} {actor['sector']} ({actor['role']})" if actor else "not found"
        print(f"  {'ok ' if ok else 'BAD'} {name:<20} {country} {sector}  got {got}")
    people_names = set(SEED_PEOPLE) | {n.split()[-1] for n in SEED_PEOPLE}
    wrong_states = [a["name"] for a in record["actors"] if a["kind"] == "country" and a["name"] in people_names]
    print(f"seed: {right}/10 people right; persons resolved as states: {wrong_states or 'none'}")
    return {"people_right": right, "wrong_states": len(wrong_states)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", action="store_true", help="also import ../shared/dictionaries and use them")
    parser.add_argument("--errors", action="store_true", help="list the gold actors not found")
    args = parser.parse_args()
    if not plover_gold.GOLD.exists():
        print(f"skipped: {plover_gold.GOLD} is absent (../shared is absent)")
        return 0
    start = time.perf_counter()
    m = evaluate(args.errors)
    print(
        f"PLOVER dev: {m['actor_recall']:.3f} of {m['actors']} gold actors found ({time.perf_counter() - start:.1f} s)"
    )
    if SEED.exists():
        seed_report()
    if args.kb:
        start = time.perf_counter()
        resources = plover_gold.knowledge_resources()
        print(f"\nwith the dictionaries of {plover_gold.DICTIONARIES} imported ({time.perf_counter() - start:.1f} s):")
        m = evaluate(args.errors, resources)
        print(f"PLOVER dev: {m['actor_recall']:.3f} of {m['actors']} gold actors found")
        if SEED.exists():
            seed_report(resources)
    return 0


if __name__ == "__main__":
    sys.exit(main())
