"""Build src/newsevents/data/leaders.tsv: heads of state and government with their terms, from the <Leaders>
blocks of CountryInfo (names, country codes and dates only; roughly 1960 to 2009).

Run once when the source changes: `python tools/build_leaders.py ../shared/dictionaries/CountryInfo.140728.txt`.
The table is the built-in start of the knowledge base, beside data/people.tsv (which covers later years).
"""

import sys
import tempfile
from pathlib import Path

from newsevents.actors.dictionaries import read_countryinfo
from newsevents.tables import read_table

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "data" / "leaders.tsv"
HEADER = (
    "# Heads of state and government with their terms, from CountryInfo's leader lists (tools/build_leaders.py).\n"
    "# aliases: other spellings joined by ';'. Dates YYYY-MM-DD; an empty end: in office when the list was made.\n"
)


def leaders_only(text: str) -> str:
    """The file without its <Government> blocks (ministers), which the full knowledge base import covers."""
    kept, inside = [], False
    for line in text.splitlines():
        tag = line.split("#", 1)[0].strip()
        if tag in ("<Government>", "</Government>"):
            inside = tag == "<Government>"
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def main(countryinfo: str) -> None:
    countries = {row["code"] for row in read_table("countries")}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "leaders.txt"
        path.write_text(leaders_only(Path(countryinfo).read_text(encoding="utf-8", errors="replace")), encoding="utf-8")
        entries = [e for e in read_countryinfo(path, countries) if e.sector == "GOV" and e.country in countries]
    terms: dict[tuple, list[str]] = {}
    for entry in entries:
        key = (entry.name, entry.country, entry.role or "", entry.start or "", entry.end or "")
        aliases = terms.setdefault(key, [])
        if entry.alias != entry.name and entry.alias not in aliases:
            aliases.append(entry.alias)
    rows = ["name\taliases\tcountry\trole\tstart\tend"]
    for (name, country, role, start, end), aliases in terms.items():
        rows.append("\t".join([name, ";".join(aliases), country, role, start, end]))
    OUT.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} terms to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/dictionaries/CountryInfo.140728.txt")
