"""Build src/newsevents/data/cameo.tsv: CAMEO code → Goldstein score, PLOVER type, mode and context.

Run when the spec changes: `python tools/build_cameo.py ../shared/spec`. Takes codes and scores only;
no description text is copied (the CAMEO names stay in the spec files).
"""

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "data" / "cameo.tsv"


def read_plover_map(path: Path) -> dict[str, tuple[str, str, str]]:
    """Map each CAMEO code to (PLOVER type, mode, context) from CAMEO2PLOVER."""
    mapping = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")] + ["", ""]
        mapping[m.group(1)] = (parts[0].upper(), parts[1].replace(" ", ""), parts[2].replace(" ", ""))
    return mapping


def main(spec: str) -> None:
    spec_dir = Path(spec)
    plover = read_plover_map(spec_dir / "CAMEO2PLOVER-2021.txt")
    rows = ["cameo\tgoldstein\tplover\tmode\tcontext"]
    with open(spec_dir / "cameo-codes.csv", encoding="utf-8", errors="replace") as handle:
        for row in csv.DictReader(handle):
            code = row["code"].strip()
            event_type, mode, context = plover.get(code) or plover.get(code[:3]) or plover.get(code[:2]) or ("", "", "")
            rows.append("\t".join([code, row["goldstein"], event_type, mode, context]))
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} CAMEO codes to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/spec")
