"""Build src/newsevents/data/countries.tsv: ISO 3166 names from pycountry, adjective and capital from CountryInfo.

Run once when either source changes: `python tools/build_countries.py ../shared/dictionaries/CountryInfo.140728.txt`.
Only facts (codes, names) are taken; hand additions live in data/country_aliases.tsv.
"""

import re
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "data" / "countries.tsv"


def read_countryinfo(path: Path) -> dict[str, dict[str, str]]:
    """Map ISO alpha-3 to its first nationality adjective and first capital in a CountryInfo file."""
    facts: dict[str, dict[str, str]] = {}
    code, field = None, None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        if m := re.match(r"<ISO3166-alpha3>(\w{3})</ISO3166-alpha3>", line):
            code = m.group(1)
            facts.setdefault(code, {})
        elif line in ("<Nationality>", "<Capital>"):
            field = line.strip("<>").lower()
        elif line.startswith("</"):
            field = None
        elif field and code and line and field not in facts[code]:
            facts[code][field] = line.rstrip("_").replace("_", " ").title()
    return facts


def main(countryinfo: str) -> None:
    facts = read_countryinfo(Path(countryinfo))
    rows = ["code\tname\tofficial_name\tadjective\tcapital"]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        fact = facts.get(country.alpha_3, {})
        name = getattr(country, "common_name", None) or country.name
        official = getattr(country, "official_name", "")
        rows.append("\t".join([country.alpha_3, name, official, fact.get("nationality", ""), fact.get("capital", "")]))
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} countries to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/dictionaries/CountryInfo.140728.txt")
