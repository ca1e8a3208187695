"""Agreement between two independent labellings of the same documents (training/GUIDELINES.md).

    python tools/label_agreement.py training/labels/batch1.jsonl training/agreement/batch1-second.jsonl

Compared on the documents both marked done, per candidate predicate of the event coder (the same candidates
training uses): each labeller's type, or NONE for a candidate they left unlabelled. Prints the number of
candidates, raw agreement, Cohen's kappa, and, on the events either labeller found, how often the other found
the same trigger and how often the type then agrees.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_labels import document_text  # noqa: E402
from train_events import Parser, _published, read_labels, trigger_token  # noqa: E402

from newsevents.events.features import candidates  # noqa: E402


def _types(doc, rows: list[dict]) -> dict[int, str]:
    cands = candidates(doc)
    return {hit.i: row["type"] for row in rows if (hit := trigger_token(row, cands)) is not None}


def kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main(first_path: str, second_path: str) -> int:
    first, first_done = read_labels([first_path])
    second, second_done = read_labels([second_path])
    shared = sorted(first_done & second_done)
    if not shared:
        print("no document is marked done in both files")
        return 1
    parser = Parser()
    pairs: list[tuple[str, str]] = []
    for ref in shared:
        doc = parser(document_text(ref), _published(ref))
        a, b = _types(doc, first.get(ref, [])), _types(doc, second.get(ref, []))
        pairs += [(a.get(t.i, "NONE"), b.get(t.i, "NONE")) for t in candidates(doc)]
    events = [(a, b) for a, b in pairs if a != "NONE" or b != "NONE"]
    both = [(a, b) for a, b in events if a != "NONE" and b != "NONE"]
    print(f"{len(shared)} documents, {len(pairs)} candidates, {len(events)} labelled by at least one")
    print(f"candidate agreement {sum(a == b for a, b in pairs) / len(pairs):.3f}, Cohen's kappa {kappa(pairs):.3f}")
    print(
        f"events: labelled by both {len(both)} of {len(events)} ({len(both) / max(len(events), 1):.2f}); "
        f"same type when both {sum(a == b for a, b in both) / max(len(both), 1):.2f}"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
