"""Build src/newsevents/data/countries.tsv: ISO 3166 names from pycountry, adjective and capital from CountryInfo.

Run once when either source changes: `python tools/build_countries.py ../shared/dictionaries/CountryInfo.140728.txt`.
Only facts (codes, names) are taken; hand additions live in data/country_aliases.tsv.
"""

import re
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "newsevents" / "data" / "countries.tsv"


# Nationality forms kept from CountryInfo: English-looking demonyms and names (its lists also hold foreign
# spellings and misspellings, which would only add false matches).
DEMONYM = re.compile(r"^[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}$")
DEMONYM_ENDINGS = ("an", "ian", "ese", "i", "ish", "ch", "ic", "ot", "er", "ene", "ite", "ak")


# CountryInfo's only Montenegro entry is a retired "Serbia and Montenegro" block: its Serb forms and Belgrade
# would make every "Serbian" Montenegrin. Montenegro's own adjective and capital instead.
CORRECTIONS = {"MNE": {"nationality": ["Montenegrin"], "capital": ["Podgorica"]}}


def read_countryinfo(path: Path) -> dict[str, dict[str, list[str]]]:
    """Map ISO alpha-3 to its nationality forms and capitals in a CountryInfo file, in file order."""
    facts: dict[str, dict[str, list[str]]] = {}
    code, field = None, None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("<CountryCode>") and (codes := re.findall(r"([A-Z]{3,6})\b", line[13:])):
            code = codes[-1][-3:]  # "[YUGBIH <19920305][BIH >19920305]": the current code, last
            facts.setdefault(code, {"nationality": [], "capital": []})
        elif m := re.match(r"<ISO3166-alpha3>(\w{3})</ISO3166-alpha3>", line):
            if m.group(1) != code and code in facts and not facts[code]["nationality"]:
                facts[m.group(1)] = facts.pop(code)
                code = m.group(1)
        elif line in ("<Nationality>", "<Capital>"):
            field = line.strip("<>").lower()
        elif line.startswith("</"):
            field = None
        elif field and code and line and not line.startswith("<"):
            facts[code][field].append(line.rstrip("_").replace("_", " ").title())
    return facts


def other_names(forms: list[str], first: str) -> list[str]:
    """Further demonyms and names: English-looking forms only."""
    kept = []
    for form in forms:
        if form != first and DEMONYM.match(form) and form.lower().endswith(DEMONYM_ENDINGS) and form not in kept:
            kept.append(form)
    return kept


def main(countryinfo: str) -> None:
    facts = read_countryinfo(Path(countryinfo)) | CORRECTIONS
    rows = ["code\tname\tofficial_name\tadjective\tcapital\tother_names"]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        fact = facts.get(country.alpha_3, {"nationality": [], "capital": []})
        name = getattr(country, "common_name", None) or country.name
        official = getattr(country, "official_name", "")
        adjective = fact["nationality"][0] if fact["nationality"] else ""
        capital = fact["capital"][0] if fact["capital"] else ""
        more = ";".join(other_names(fact["nationality"], adjective))
        rows.append("\t".join([country.alpha_3, name, official, adjective, capital, more]))
    OUT.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows) - 1} countries to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/dictionaries/CountryInfo.140728.txt")
