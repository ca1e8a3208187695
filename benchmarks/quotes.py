"""Quotes and attributions on ../shared/eval/polnear/dev (brat standoff: Source, Cue and Content spans).

    python benchmarks/quotes.py [--errors]

A predicted quote matches a gold attribution when the word-overlap F1 of their contents is at least 0.5
(one to one, best first). Direct quotes: gold attributions whose content stands in quotation marks,
against newsevents' direct quotes that are not partial (a few words quoted inside the writer's sentence), with the share of matched ones whose speaker is right (same words as
the gold source, one inside the other, or the same surname). All attributions: every gold attribution
against every predicted quote. Also prints the seed's direct quotes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import newsevents

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "dev"
SEED = POLNEAR.parents[2] / "seed" / "000_8051272504026c69.txt"
WORD = re.compile(r"\w+")
QUOTE_MARKS = "\"“”'‘’"


def words(text: str) -> Counter:
    return Counter(WORD.findall(text.lower()))


def overlap_f1(a: str, b: str) -> float:
    x, y = words(a), words(b)
    common = sum((x & y).values())
    if not common:
        return 0.0
    precision, recall = common / sum(x.values()), common / sum(y.values())
    return 2 * precision * recall / (precision + recall)


def load_gold() -> dict[str, tuple[str, list[dict]]]:
    """Text and attributions (content, source, cue, direct) per article, one annotator per article."""
    gold = {}
    for ann in sorted((POLNEAR / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        text_path = POLNEAR / "text" / f"{stem}.txt"
        if stem in gold or not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        spans, events = {}, []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                key, info, _ = line.split("\t", 2)
                label, ranges = info.split(" ", 1)
                fragments = [tuple(map(int, part.split())) for part in ranges.split(";")]  # discontinuous spans
                spans[key] = (label, fragments[0][0], fragments[-1][1], fragments)
            elif line.startswith("E"):
                events.append(dict(part.split(":") for part in line.split("\t")[1].split()))
        attributions = []
        for event in events:
            content = spans.get(event.get("Content", ""))
            if not content:
                continue
            source = spans.get(event.get("Source", ""))
            cue = spans.get(event.get("Cue", ""))
            body = " ".join(text[a:b] for a, b in content[3])
            around = text[max(0, content[1] - 2) : content[1]] + text[content[2] : content[2] + 2]
            stripped = body.strip(" ,.;:")
            direct = (stripped[:1] in QUOTE_MARKS and stripped[-1:] in QUOTE_MARKS) or (
                sum(mark in around for mark in '"“”') >= 2
            )
            attributions.append(
                {
                    "content": body,
                    "source": text[source[1] : source[2]] if source else "",
                    "cue": text[cue[1] : cue[2]] if cue else "",
                    "direct": direct,
                }
            )
        gold[stem] = (text, attributions)
    return gold


def join_continued(quotes: list[dict]) -> list[dict]:
    """One quote per speech: a quote marked `continues` joins the one before it."""
    joined: list[dict] = []
    for quote in quotes:
        if quote.get("continues") and joined:
            partial = joined[-1].get("partial") and quote.get("partial")  # a speech is partial only if all of it is
            joined[-1] = {**joined[-1], "text": joined[-1]["text"] + " " + quote["text"], "partial": partial}
        else:
            joined.append(quote)
    return joined


def match(predicted: list[dict], gold: list[dict]) -> list[tuple[dict, dict]]:
    """One-to-one pairs of predicted and gold quotes whose contents overlap with F1 ≥ 0.5, best first."""
    scored = sorted(
        ((overlap_f1(p["text"], g["content"]), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p, used_g, pairs = set(), set(), []
    for score, i, j in scored:
        if score < 0.5:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((predicted[i], gold[j]))
    return pairs


def speaker_right(quote: dict, gold: dict) -> bool:
    """The predicted speaker names the gold source: same words, one inside the other, or the same surname."""
    speaker = quote.get("speaker") or {}
    said = " ".join(filter(None, [speaker.get("text"), speaker.get("name")])).lower()
    source = gold["source"].lower().strip()
    if not said or not source:
        return False
    if source in said or (speaker.get("text") or "").lower() in source:
        return True
    surname = (speaker.get("name") or "").split()[-1:] or [""]
    return bool(surname[0]) and surname[0].lower() in source.split()


def prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_g / n_g if n_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(show_errors: bool = False) -> dict[str, float]:
    """Direct-quote P/R/F1 and speaker accuracy, and all-attribution P/R/F1, on PolNeAR dev."""
    gold = load_gold()
    items = [{"id": stem, "text": text} for stem, (text, _) in gold.items()]
    records = {r["id"]: r for r in newsevents.process_many(items, workers=None)}
    counts = Counter()
    for stem, (_, attributions) in gold.items():
        quotes = join_continued(records[stem].get("quotes", []))
        # Partial quotes (a few words inside the writer's sentence) are scored with all attributions only.
        direct = [q for q in quotes if q["kind"] == "direct" and not q.get("partial")]
        gold_direct = [g for g in attributions if g["direct"]]
        direct_pairs = match(direct, attributions)  # a direct quote is right when it matches any attribution
        counts["direct_pred"] += len(direct)
        counts["direct_right"] += len(direct_pairs)
        counts["direct_gold"] += len(gold_direct)
        counts["direct_found"] += len(match(direct, gold_direct))
        counts["speaker_right"] += sum(speaker_right(q, g) for q, g in direct_pairs)
        pairs = match(quotes, attributions)
        counts["all_pred"] += len(quotes)
        counts["all_gold"] += len(attributions)
        counts["all_matched"] += len(pairs)
        if show_errors:
            for q, g in direct_pairs:
                if not speaker_right(q, g):
                    print(f"speaker {(q.get('speaker') or {}).get('text')!r} gold {g['source']!r} | {q['text'][:80]}")
    dp, dr, df = prf(counts["direct_right"], counts["direct_pred"], counts["direct_found"], counts["direct_gold"])
    ap, ar, af = prf(counts["all_matched"], counts["all_pred"], counts["all_matched"], counts["all_gold"])
    return {
        "direct_precision": dp,
        "direct_recall": dr,
        "direct_f1": df,
        "speaker_accuracy": counts["speaker_right"] / counts["direct_right"] if counts["direct_right"] else 0.0,
        "all_precision": ap,
        "all_recall": ar,
        "all_f1": af,
        "gold_direct": counts["direct_gold"],
        "gold_all": counts["all_gold"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list the matched quotes with a wrong speaker")
    args = parser.parse_args()
    if not POLNEAR.is_dir():
        print(f"skipped: {POLNEAR} is absent (../shared is absent)")
        return 0
    m = evaluate(args.errors)
    print(
        f"PolNeAR dev: direct quotes ({m['gold_direct']} gold) P {m['direct_precision']:.3f} R {m['direct_recall']:.3f} "
        f"F1 {m['direct_f1']:.3f}, speaker right {m['speaker_accuracy']:.3f}; all attributions ({m['gold_all']} gold) "
        f"P {m['all_precision']:.3f} R {m['all_recall']:.3f} F1 {m['all_f1']:.3f}"
    )
    if SEED.exists():
        record = newsevents.process(SEED.read_text(encoding="utf-8"), published="2018-09-05")
        for quote in record["quotes"]:
            if quote["kind"] == "direct":
                print(f"  seed: {(quote['speaker'] or {}).get('name')!s:<16} “{quote['text'][:70]}”")
    return 0


if __name__ == "__main__":
    sys.exit(main())
