"""Stage 4, actors: the dated knowledge base of people and organisations built from open data
(`data/actor_kb.tsv.gz`, by `tools/build_actor_kb.py`): about 180,000 dated offices and 5,000 parties and
outlets. Looked up by name for what the tagger found; never matched against the whole text, so loading it
stays under a second.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from ..tables import DATA_DIR
from .gazetteer import Entry

# When a person holds several offices on one day, the one CAMEO codes them by.
SECTOR_RANK = {"GOV": 0, "MIL": 1, "JUD": 2, "SPY": 3, "COP": 4, "LEG": 5, "ELI": 6}
FORMER = {"GOV", "MIL", "JUD", "SPY", "COP", "LEG"}  # offices whose holders are ELI once they leave
_SUFFIX = {"jr", "sr", "ii", "iii", "iv"}
# Offices won at an election: in the year before one begins, its holder was a candidate for it (PTY).
ELECTED = re.compile(r"(president|prime minister|governor|mayor|chancellor)\b", re.I)
CAMPAIGN_DAYS = 365


@dataclass(frozen=True)
class ActorKB:
    """People (name key → their dated offices) and organisations (lower-cased name → entries), kept as the
    table's raw lines until looked up."""

    people: dict[str, list[str]]
    organizations: dict[str, list[str]]

    def person(self, name: str, date: str | None) -> Entry | None:
        """What the knowledge base says of a person on `date`: the office held that day (GOV before LEG when
        several); else, after an office, a former official (ELI); else, before any office, the country
        alone. None when the name is unknown, or names people of different countries."""
        found = _entries(self.people.get(person_key(name), ()))
        if len({source for _, source in found}) == 1:
            # One person: their own country is where most of their offices are (a French president is also
            # co-prince of Andorra).
            home = Counter(e.code for e, _ in found).most_common(1)[0][0]
            found = [(e, source) for e, source in found if e.code == home]
        entries = [e for e, _ in found]
        if not entries:
            return None
        if date:
            active = [e for e in entries if e.covers(date)]
            if active:
                if len({e.code for e in active}) > 1:
                    return None  # two people of one name, in two countries, both in office
                return min(active, key=lambda e: (SECTOR_RANK.get(e.sector or "", 9), e.start or ""))
            elected = [e for e in entries if e.start and e.start > date and ELECTED.match(e.role or "")]
            soon = [e for e in elected if _days(date, e.start) <= CAMPAIGN_DAYS]
            if soon and len({e.code for e in soon}) == 1:  # the year before an elected office: a candidate
                first = min(soon, key=lambda e: e.start or "")
                return replace(first, sector="PTY", role=f"candidate for {first.role}", start=None, end=None)
            past = [e for e in entries if e.end and e.end <= date and e.sector in FORMER]
            if past and len({e.code for e in past}) == 1:
                return max(past, key=lambda e: e.end or "").former()
        if len({e.code for e in entries}) == 1:
            return entries[0].country_only()
        return None

    def gender(self, name: str) -> str | None:
        """A known person's gender as the sources record it ("f" or "m"), when all entries of the name agree."""
        genders = {line.split("\t")[7] for line in self.people.get(person_key(name), ())}
        return genders.pop() if len(genders) == 1 and "" not in genders else None

    def organization(self, text: str) -> Entry | None:
        """The party or outlet a name stands for ("the Washington Post", "Labour Party"): with its country
        when only one country has one of that name, else its sector alone (the article's country decides)."""
        key = " ".join(text.lower().split())
        found = next(
            (self.organizations[k] for k in (key, key.removeprefix("the "), f"the {key}") if k in self.organizations),
            (),
        )
        entries = [e for e, _ in _entries(found)]
        if not entries:
            return None
        if len({e.code for e in entries}) == 1:
            return entries[0]
        sectors = {e.sector for e in entries}
        return replace(entries[0], code=None) if len(sectors) == 1 else None


def _days(first: str, last: str) -> int:
    """Days from one YYYY-MM-DD date to another (a malformed one counts as far apart)."""
    try:
        return (date.fromisoformat(last[:10]) - date.fromisoformat(first[:10])).days
    except ValueError:
        return 10**6


def _entries(lines) -> list[tuple[Entry, str]]:
    """The table's lines as entries, each with its source (one Wikidata item, Congress member, ...)."""
    entries = []
    for line in lines:
        name, kind, country, sector, role, start, end, _gender, source = line.split("\t")
        entry = Entry(kind, name, country or None, sector or None, role or None, start or None, end or None)
        entries.append((entry, source))
    return entries


def person_key(name: str) -> str:
    """A person's name as looked up: accents folded, lower case, without middle initials, suffixes and
    periods ("Donald J. Trump" and "Donald Trump" share one key; "G.K. Butterfield" keeps its first initial:
    "g butterfield", as the table was built)."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = [w for w in re.split(r"[\s,]+", folded.lower().replace(".", ". ")) if w]
    words = [w.rstrip(".") for w in words if w.rstrip(".") not in _SUFFIX]
    kept = [w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1)]
    if len(kept) > 2 and all(len(w) > 1 for w in kept[1:-1]):
        kept = [kept[0], *kept[1:-1], kept[-1]]
    return " ".join(kept)


@lru_cache(maxsize=1)
def load_actor_kb() -> ActorKB:
    """The knowledge base, read once per process; empty when the table is absent (a build without it)."""
    path = DATA_DIR / "actor_kb.tsv.gz"
    if not path.exists():
        return ActorKB({}, {})
    people: dict[str, list[str]] = {}
    organizations: dict[str, list[str]] = {}
    for line in gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")[1:]:
        key, _, rest = line.partition("\t")
        if rest:
            (people if "\tperson\t" in rest else organizations).setdefault(key, []).append(rest)
    return ActorKB(people, organizations)
