"""Build src/newsevents/data/cameo_verbs.tsv: the PETRARCH CAMEO verb dictionary as PLOVER type priors.

    python tools/build_cameo_verbs.py [../shared/train/cameo-verbs/CAMEO.2.0.txt]

Each row: a verb lemma, an object word ("" for the verb alone), the PLOVER type its CAMEO code maps to
(through src/newsevents/data/cameo.tsv, itself from the CAMEO-to-PLOVER table), and how many dictionary
entries say so. Only words and codes are taken (the dictionary is MIT; its notice is in
data/NOTICE-cameo-verbs.txt). The event coder reads it as a feature, never as the decision.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/train/cameo-verbs/CAMEO.2.0.txt"
OUT = ROOT / "src/newsevents/data/cameo_verbs.tsv"
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([0-9]{2,4})\]")
WORD = re.compile(r"[A-Z][A-Z'-]+")


def plover_of() -> dict[str, str]:
    with (ROOT / "src/newsevents/data/cameo.tsv").open(encoding="utf-8") as f:
        return {r["cameo"]: r["plover"] for r in csv.DictReader(f, delimiter="\t") if r["plover"]}


def lemma(word: str) -> str:
    return word.strip("+").lower().replace("_", " ")


def parse(path: Path) -> Counter:
    mapping = plover_of()

    def type_of(code: str | None) -> str | None:
        while code:
            if code in mapping:
                return mapping[code]
            code = code[:-1] if len(code) > 2 else None
        return None

    counts: Counter = Counter()
    block_code, verbs = None, []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        header = HEADER.match(raw)
        if header:
            block_code = header.group(2) if header.group(2) != "---" else None
            verbs = []
            continue
        if not line.strip() or raw.startswith("#"):
            continue
        code = CODE.search(line)
        if line.startswith("-"):  # a pattern: "- * OBJECT [code]", for the verb named in its comment
            if not code or "*" not in line:
                continue
            kind = type_of(code.group(1))
            after = WORD.findall(line.split("*", 1)[1].split("[", 1)[0])
            named = [lemma(w) for w in WORD.findall(comment)[:1]]
            targets = [v for v in verbs if v in named] or verbs
            if kind and after:
                for verb in targets:
                    counts[(verb, after[0].lower(), kind)] += 1
            continue
        if line[0].isalpha() or line[0] == "+":  # a synonym: "WORD {FORMS} [code]"
            word = lemma(line.split()[0])
            verbs.append(word)
            kind = type_of(code.group(1) if code else block_code)
            if kind:
                counts[(word, "", kind)] += 1
    return counts


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    if not path.exists():
        print(f"skipped: {path} not found (the CAMEO verb dictionary is in ../shared/train/cameo-verbs)")
        return 0
    counts = parse(path)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        f.write("# CAMEO verb dictionary (PETRARCH2, MIT) as PLOVER priors: built by tools/build_cameo_verbs.py\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["lemma", "object", "plover", "n"])
        for (verb, obj, kind), n in sorted(counts.items()):
            w.writerow([verb, obj, kind, n])
    print(f"{OUT.relative_to(ROOT)}: {len(counts)} rows, {len({k[0] for k in counts})} verbs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
