"""Build src/newsevents/data/actor_kb.tsv.gz, the dated knowledge base of people and organisations, from the
open data in ../shared/kb (see its README for provenance and licences):

- people with dated offices: Wikidata "position held" exports of 215 jurisdictions (holders21.csv: offices;
  legislators.csv: national legislatures; one named after an admin-1 region of GeoNames is left out), the US Congress and executive (unitedstates/congress-legislators), heads
  of state and government 2021;
- organisations: parties (Party Facts), news outlets (freebie), armed groups (UCDP Actor Dataset v22.1).

Facts only (names, codes, dates, office labels); no description text. Sectors come from the office label by
the ordered patterns of `tools/position_sectors.tsv`; a jurisdiction's country from `tools/kb_jurisdictions.tsv`.
An office still open when its source was scraped ends at the scrape date (not "to this day").

    python tools/build_actor_kb.py      # needs ../shared/kb and PyYAML (requirements-dev.txt)
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsevents.actors.kb import person_key  # noqa: E402  (the key the actor stage looks people up by)

KB = ROOT.parent / "shared" / "kb"
OUT = ROOT / "src" / "newsevents" / "data" / "actor_kb.tsv.gz"
HERE = Path(__file__).resolve().parent
COLUMNS = ("key", "name", "kind", "country", "sector", "role", "start", "end", "gender", "source")


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:]]


SECTOR_RULES = [(row["sector"], re.compile(row["pattern"], re.I)) for row in read_tsv(HERE / "position_sectors.tsv")]
JURISDICTIONS = {row["folder"]: row["country"] for row in read_tsv(HERE / "kb_jurisdictions.tsv")}


def sector_of(label: str, default: str = "GOV") -> str:
    """The sector of an office label: the first pattern of position_sectors.tsv that matches."""
    return next((sector for sector, pattern in SECTOR_RULES if pattern.search(label)), default)


def day(value: str, end: bool = False) -> str:
    """A date of any precision as YYYY-MM-DD (a year or month alone: its first day, or its last for an end)."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return value + ("-28" if end else "-01")
    if re.fullmatch(r"\d{4}", value):
        return value + ("-12-31" if end else "-01-01")
    return ""


def countries() -> tuple[dict[str, str], set[str]]:
    """ISO2 → ISO3, and the set of ISO3 codes (NGEC's country table)."""
    rows = list(csv.DictReader(open(KB / "lexicons" / "NGEC" / "countries.csv", encoding="utf-8")))
    ours = {row["code"] for row in read_tsv(ROOT / "src" / "newsevents" / "data" / "countries.tsv")}
    iso2 = {row["CCA2"].upper(): row["CCA3"] for row in rows if row["CCA2"] and row["CCA3"] in ours}
    iso2["NA"] = "NAM"  # Namibia, read as "missing" by careless readers
    return iso2, ours


def regions(iso2: dict[str, str]) -> dict[str, re.Pattern[str]]:
    """Per country, a pattern of its admin-1 region names (GeoNames): a legislature named after one is
    sub-national ("member of the Massachusetts House of Representatives")."""
    names: dict[str, set[str]] = {}
    for line in open(KB / "places" / "admin1CodesASCII.txt", encoding="utf-8"):
        code, name, ascii_name, _ = line.rstrip("\n").split("\t")
        country = iso2.get(code.split(".")[0])
        if country:
            names.setdefault(country, set()).update(n for n in (name, ascii_name) if len(n) >= 4)
    return {c: re.compile(r"\b(" + "|".join(map(re.escape, sorted(n))) + r")\b") for c, n in names.items()}


def people(iso3: set[str], iso2: dict[str, str]) -> list[tuple]:
    rows = []
    regional = regions(iso2)
    scraped = {r["folder"]: r["commit_date"] for r in csv.DictReader(open(KB / "wikidata-positions" / "repos.csv"))}
    for folder in sorted(p.name for p in (KB / "wikidata-positions").iterdir() if p.is_dir()):
        country = JURISDICTIONS.get(folder, "")
        if country not in iso3:
            continue  # supranational or disputed jurisdictions: no one country
        genders = _genders(KB / "wikidata-positions" / folder / "bio.csv")
        for table, default in (("holders21", "GOV"), ("legislators", "LEG")):
            path = KB / "wikidata-positions" / folder / f"{table}.csv"
            if not path.exists():
                continue
            for r in csv.DictReader(open(path, encoding="utf-8")):
                start, end = day(r["start"]), day(r["end"], end=True) or scraped[folder]
                if end < "1990" or not r["person"].strip():
                    continue
                if table == "legislators" and country in regional and regional[country].search(r["position"]):
                    continue  # a regional legislature: its thousands of members would make namesakes of anyone
                sector = "LEG" if table == "legislators" else sector_of(r["position"], default)
                gender = GENDERS.get(r.get("gender") or "", "") or genders.get(r["personID"], "")
                rows.append((r["person"].strip(), "", "person", country, sector, r["position"], start, end, gender,
                             f"wikidata:{r['personID']}"))  # fmt: skip
    try:
        import yaml
    except ImportError:
        sys.exit("PyYAML is needed to read the US Congress files: pip install -r requirements-dev.txt")
    for person in yaml.safe_load(open(KB / "us" / "legislators-current.yaml")):
        name, aliases = _us_names(person["name"])
        for term in person["terms"]:
            role = "Senator" if term["type"] == "sen" else "Representative"
            rows.append((name, aliases, "person", "USA", "LEG", f"{role} ({term['state']}, {term.get('party', '')})",
                         term["start"], term["end"], _us_gender(person), f"congress:{person['id']['bioguide']}"))  # fmt: skip
    for person in yaml.safe_load(open(KB / "us" / "executive.yaml")):
        name, aliases = _us_names(person["name"])
        for term in person["terms"]:
            role = {"prez": "President", "viceprez": "Vice President"}[term["type"]]
            if term["end"] >= "1990":
                rows.append(
                    (
                        name,
                        aliases,
                        "person",
                        "USA",
                        "GOV",
                        role,
                        term["start"],
                        term["end"],
                        _us_gender(person),
                        "us-executive",
                    )
                )
    return rows


GENDERS = {"male": "m", "female": "f"}


def _genders(path: Path) -> dict[str, str]:
    """Q-id → m/f from a folder's bio.csv (Wikidata's sex or gender), where there is one."""
    if not path.exists():
        return {}
    return {r["id"]: GENDERS.get(r.get("gender") or "", "") for r in csv.DictReader(open(path, encoding="utf-8"))}


def _us_gender(person: dict) -> str:
    return {"M": "m", "F": "f"}.get((person.get("bio") or {}).get("gender", ""), "")


def _us_names(name: dict) -> tuple[str, str]:
    full = name.get("official_full") or f"{name['first']} {name['last']}"
    forms = {f"{name['first']} {name['last']}"}
    if name.get("nickname"):
        forms.add(f"{name['nickname']} {name['last']}")
    return full, "|".join(sorted(forms - {full}))


def organisations(iso2: dict[str, str], iso3: set[str]) -> list[tuple]:
    rows = []
    for r in csv.DictReader(open(KB / "parties" / "partyfacts" / "wikidata.csv", encoding="utf-8")):
        if r["country"] in iso3 and r["name"]:
            aliases = "|".join(sorted({r["name_short"], r["name_native"]} - {"", r["name"]}))
            rows.append((r["name"], aliases, "organization", r["country"], "PTY", "party", "", "", "", "partyfacts"))
    for r in csv.DictReader(open(KB / "media" / "websources.csv", encoding="utf-8")):
        code = r["cca"].strip().upper().replace("UK", "GB")
        if iso2.get(code) and r["name"].strip():
            name = r["name"].strip()
            # "Russia Today (RT)": the name without its bracket, and the bracket, are names of it too
            aliases = "|".join(x.strip() for x in re.findall(r"^(.*?)\s*\((.*)\)$", name)[0]) if "(" in name else ""
            rows.append((name, aliases, "organization", iso2[code], "MED", "news outlet", "", "", "", "freebie"))
    return rows


def main() -> int:
    if not KB.is_dir():
        print(f"skipped: {KB} is absent (the open data of ../shared/kb is needed to build the table)")
        return 0
    iso2, iso3 = countries()
    rows = sorted(set(people(iso3, iso2) + organisations(iso2, iso3)))
    # One line per name an entry is looked up by (its name and each alias), sorted by that key.
    keyed = set()
    for name, aliases, kind, *rest in rows:
        clean = [" ".join(str(v).split()) for v in (name, kind, *rest)]
        for form in {name, *(a for a in aliases.split("|") if a)}:
            key = person_key(form) if kind == "person" else " ".join(form.lower().split())
            if key:
                keyed.add((key, *clean))
    lines = ["\t".join(COLUMNS)] + ["\t".join(row) for row in sorted(keyed)]
    OUT.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0))
    kinds = {k: sum(1 for r in rows if r[2] == k) for k in ("person", "organization")}
    print(
        f"{OUT.relative_to(ROOT)}: {len(rows):,} entries ({kinds}), {len(keyed):,} keys, {OUT.stat().st_size / 1e6:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
