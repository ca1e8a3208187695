"""Stage 4, actors: the field's dictionaries (Phoenix/PETRARCH actor files, CountryInfo, the user's override CSV)
parsed into dated `KnowledgeEntry`s. Parsing only: the store keeps them, `Resources` hands them back.

An entry says that a name (or one of its aliases) stood for a code, a country and a sector between two
dates: `BILL_CLINTON_ [USAGOV 930120-010120]` → Bill Clinton, USA, GOV, 1993-01-20 to 2001-01-20. The actor
stage prefers what the article itself says; an entry fills in what it does not say, and an entry dated to
the article's day outranks the article's generic title words.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..model import KnowledgeEntry

_CODE = re.compile(r"\[([A-Z-]{3,})\s*([<>]?)\s*(\d{6,8})?(?:\s*-\s*(\d{6,8}))?\s*\]")
_SYNONYMS = re.compile(r"\{([^}]+)\}")
_WORD_CASE = re.compile(r"[A-Za-z][A-Za-z'’.]*")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}")


def display_name(raw: str) -> str:
    """`GEORGE_W._BUSH_` → `George W. Bush`."""
    words = raw.replace("_", " ").strip().split()
    return " ".join(
        word.upper() if _INITIALISM.fullmatch(word) else _WORD_CASE.sub(lambda m: m.group(0).capitalize(), word)
        for word in words
    )


def parse_date(raw: str | None) -> str | None:
    """`930120` → `1993-01-20`; `20050101` → `2005-01-01` (two-digit years up to 30 are 20xx)."""
    if not raw:
        return None
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{2000 + year if year <= 30 else 1900 + year}{raw[2:]}"
    month, day = min(max(int(raw[4:6]), 1), 12), min(max(int(raw[6:8]), 1), 28 if raw[4:6] == "02" else 30)
    return f"{raw[:4]}-{month:02d}-{day:02d}"


def split_code(code: str, countries: set[str]) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO-style code: `USAGOV` → (USA, GOV), `IGOUNO` → (None, None), `ELI` → (None, ELI)."""
    if code[:3] in countries:
        return code[:3], (code[3:6] or None)
    if len(code) == 3 and not code.startswith(("IGO", "NGO", "IMG", "MNC")):
        return None, code
    return None, None


def dated_codes(text: str) -> list[tuple[str, str | None, str | None]]:
    """Every `[CODE dates]` in a line as (code, start, end); `>date` opens a range, `<date` closes one."""
    found = []
    for code, direction, first, second in _CODE.findall(text):
        if code == "---":
            continue
        start, end = parse_date(first), parse_date(second)
        if direction == "<":
            start, end = None, start
        found.append((code, start, end))
    return found


def read_phoenix(path: Path, countries: set[str]) -> Iterator[KnowledgeEntry]:
    """Entries of a Phoenix/PETRARCH actor file: names with `+aliases` and dated codes.

    Bare state entries (`AFGHANISTAN_ [AFG]`) are skipped: states come from the project's own tables.
    """
    source = path.name

    def flush(names: list[str], codes: list[tuple[str, str | None, str | None]]) -> Iterator[KnowledgeEntry]:
        if not names or not codes or all(len(code) == 3 and code in countries for code, _, _ in codes):
            return
        canonical = display_name(names[0])
        dated = any(start or end for _, start, end in codes)
        kind = "person" if dated or "ELI" in {c[3:] or c for c, _, _ in codes} else "organization"
        last_country = None
        for code, start, end in codes:
            country, sector = split_code(code, countries)
            country = country or (last_country if code == "ELI" else None)
            last_country = country or last_country
            for alias in dict.fromkeys(display_name(n) for n in names):
                yield KnowledgeEntry(alias, canonical, kind, code, country, sector, None, start, end, source)

    names: list[str] = []
    codes: list[tuple[str, str | None, str | None]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("+"):
            names.append(line[1:].strip())
        elif line[0] in " \t[":
            codes.extend(dated_codes(line))
        else:
            yield from flush(names, codes)
            head = _CODE.split(line)[0].strip()
            names, codes = [head], dated_codes(line)
    yield from flush(names, codes)


def read_countryinfo(path: Path, countries: set[str]) -> Iterator[KnowledgeEntry]:
    """Leaders (with their terms) and government members (with title and dates) of a CountryInfo file.

    A leader after the term is coded ELI (a former official), as the field's own translator does.
    """
    source = path.name
    country = section = block = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        comment = raw.split("#", 1)[1].strip() if "#" in raw else None
        line = raw.split("#", 1)[0].strip()
        if line.startswith("<CountryCode>"):
            found = re.findall(r"([A-Z]{3,6})\b", line[13:])
            country = found[-1][-3:] if found else None
        elif line.startswith("<ISO3166-alpha3>"):
            iso = line[16:19]
            country = iso if iso in countries else country
        elif line in ("<Leaders>", "<Government>"):
            block, section = line.strip("<>"), None
        elif line in ("</Leaders>", "</Government>"):
            block = None
        elif block == "Leaders" and re.fullmatch(r"</?[A-Za-z -]+>", line):
            section = None if line.startswith("</") else _singular(line.strip("<>"))
        elif block and line and country:
            yield from _person_lines(line, block, section, comment, country, countries, source)


def _person_lines(line, block, section, comment, country, countries, source) -> Iterator[KnowledgeEntry]:
    names = _SYNONYMS.findall(line) or [line.split("[", 1)[0].strip()]
    names = [display_name(n) for n in names if n.strip()]
    if not names:
        return
    if block == "Leaders":
        # "[19930120 - 20010120] [B:19460101]": the term, not the birth date
        terms = [(country + "GOV", s, e) for _, s, e in dated_codes(re.sub(r"\[(?=[<>]?\s*\d)", "[GOV ", line))]
        role = section
    else:
        terms = dated_codes(line)
        role = comment
    for code, start, end in terms:
        own_country, sector = split_code(code, countries)
        for alias in names:
            yield KnowledgeEntry(
                alias, names[0], "person", code[:6], own_country or country, sector or "GOV", role, start, end, source
            )
        if block == "Leaders" and end:
            for alias in names:
                yield KnowledgeEntry(
                    alias,
                    names[0],
                    "person",
                    (own_country or country) + "ELI",
                    own_country or country,
                    "ELI",
                    f"former {role}" if role else None,
                    end,
                    None,
                    source,
                )


def _singular(title: str) -> str:
    """`Prime ministers` → `Prime Minister`."""
    words = title.replace("-", " ").split()
    words[-1] = words[-1][:-1] if words[-1].endswith("s") else words[-1]
    return " ".join(w.capitalize() for w in words)


def read_overrides(path: Path, countries: set[str]) -> Iterator[KnowledgeEntry]:
    """The user's own corrections, a CSV with `name,country,sector,role,start,end,aliases` (aliases joined
    by `;`; dates YYYY-MM-DD or empty). They outrank the article and every dictionary.

    Raises InputError naming the line when a row has no name or an unknown country.
    """
    source = f"override:{path.name}"
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            name = (row.get("name") or "").strip()
            country = (row.get("country") or "").strip().upper() or None
            if not name:
                raise InputError(f"{path}:{number}: a row needs a name")
            if country and country not in countries:
                raise InputError(f"{path}:{number}: unknown country code {country!r} (use ISO 3166 alpha-3, e.g. USA)")
            sector = (row.get("sector") or "").strip().upper() or None
            aliases = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
            for alias in [name, *aliases]:
                yield KnowledgeEntry(
                    alias,
                    name,
                    "person",
                    (country or "") + (sector or "") or None,
                    country,
                    sector,
                    (row.get("role") or "").strip() or None,
                    (row.get("start") or "").strip() or None,
                    (row.get("end") or "").strip() or None,
                    source,
                )


def read_dictionary(path: Path, countries: set[str]) -> Iterator[KnowledgeEntry]:
    """Entries of a dictionary file, by its format: a CSV of overrides, CountryInfo (`<Country>` blocks),
    or Phoenix actors."""
    if path.suffix.lower() == ".csv":
        return read_overrides(path, countries)
    with open(path, encoding="utf-8", errors="replace") as handle:
        head = handle.read(20000)
    if "<CountryCode>" in head or "<Country>" in head:
        return read_countryinfo(path, countries)
    return read_phoenix(path, countries)
