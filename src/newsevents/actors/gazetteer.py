"""The actor tables of newsevents loaded for lookup: states, seats of power, institutions, organisations,
roles and known people, all from `data/*.tsv`. Built once per process; read-only afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..tables import read_table
from .dictionaries import KnowledgeEntry


@dataclass(frozen=True)
class Entry:
    """What a name in the tables stands for."""

    kind: str  # country | organization | person
    name: str
    code: str | None  # ISO alpha-3 for states and institutions; CAMEO-style code for organisations
    sector: str | None = None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    state: str | None = None  # the state a national organisation belongs to (Hamas: PSE)
    open_end: bool = False  # `end` is only when the source was written: still in office then, unknown after

    def covers(self, date: str) -> bool:
        """True when this office was held on `date` (YYYY-MM-DD): from its start, up to (not on) its end."""
        return (self.start or "") <= date and (not self.end or date < self.end)

    def former(self) -> Entry:
        """This office after its holder left it: a former official (ELI) from its end on."""
        return replace(self, sector="ELI", role=f"former {self.role}" if self.role else None, start=self.end, end=None)

    def country_only(self) -> Entry:
        """Who the person is, without an office: their country alone."""
        return replace(self, sector=None, role=None, start=None, end=None)

    @property
    def country(self) -> str | None:
        """The ISO code of the state this entry belongs to, or None for transnational ones."""
        if self.state:
            return self.state
        return (
            self.code
            if self.code and len(self.code) == 3 and self.code.isalpha() and not self.code.startswith(("IGO", "NGO"))
            else None
        )


@dataclass(frozen=True)
class Gazetteer:
    """Name → entry maps; `names` keys are case-sensitive surface forms."""

    names: dict[str, Entry]
    roles: dict[str, str]
    people: dict[str, tuple[Entry, ...]]
    country_names: dict[str, str]
    # From an imported knowledge base: lower-cased alias → canonical person name, and organisations.
    aliases: dict[str, str] = field(default_factory=dict)
    kb_names: dict[str, Entry] = field(default_factory=dict)
    overrides: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    # lower-cased surname → the canonical names of known people who bear it
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lookup(self, text: str) -> Entry | None:
        """The entry for a surface form, trying it as written, without "the", and title-cased."""
        text = text.strip()
        for form in (text, text.removeprefix("the ").removeprefix("The "), text.title()):
            if form in self.names:
                return self.names[form]
        return None

    def canonical(self, text: str) -> str | None:
        """The canonical name of a person named by an alias of the knowledge base ("President Clinton")."""
        return text if text in self.people else self.aliases.get(text.lower())

    def person(self, name: str, date: str | None = None) -> Entry | None:
        """The office a person held on `date` (YYYY-MM-DD): a dated entry covering that day first, then an
        undated one, then (after a government term) the former official; without a date, the latest dated
        entry."""
        entries = self.people.get(name) or self.people.get(self.aliases.get(name.lower(), ""))
        if not entries:
            return None
        dated = [e for e in entries if e.start or e.end]
        if date:
            covering = [e for e in dated if e.covers(date)]
            if covering:
                return max(covering, key=lambda e: e.start or "")
            undated = [e for e in entries if not (e.start or e.end)]
            if undated:
                return undated[0]
            past = [e for e in dated if e.end and e.end <= date and e.sector == "GOV" and not e.open_end]
            if past:  # "President Clinton" in 2005: a former official
                return max(past, key=lambda e: e.end or "").former()
            return None
        return max(dated, key=lambda e: e.start or "") if dated else entries[0]

    def by_surname(self, surname: str, date: str | None = None, title: str | None = None) -> str | None:
        """The one known person a bare surname names ("President Bush"): among bearers whose office fits the
        title (when one is given), the only one in office on `date`; else, with a title, the only bearer.
        None when it stays ambiguous."""
        names = [
            name
            for name in self.surnames.get(surname.lower(), ())
            if not title or any(e.role and e.role.lower() in title.lower() for e in self.people[name])
        ]
        serving = [name for name in names if date and any(e.covers(date) for e in self.people[name] if e.start)]
        if len(serving) == 1:
            return serving[0]
        countries = {e.country for name in names for e in self.people[name]}
        if not title or serving or len(countries) != 1:
            return None
        # Two presidents Bush: the country is sure either way; the latest who began before `date`.
        started = [n for n in names if (self.people[n][0].start or "") <= (date or "9999")] or names
        return max(started, key=lambda n: max(e.start or "" for e in self.people[n]))

    def respelled(self, name: str) -> str | None:
        """The known person a full name spells differently ("Fernando Henrique Cardozo" → Fernando Henrique Cardoso):
        the same given names and a surname one letter apart (surnames of five letters or more), when just
        one person fits."""
        words = name.split()
        if len(words) < 2 or len(words[-1]) < 5:
            return None
        last = words[-1].lower()
        fits = {
            known
            for surname, names in self.surnames.items()
            if abs(len(surname) - len(last)) <= 1 and surname[0] == last[0] and _one_edit(surname, last)
            for known in names
            if known.split()[:-1] == words[:-1]
        }
        return fits.pop() if len(fits) == 1 else None

    def override(self, name: str, date: str | None = None) -> Entry | None:
        """The user's override for a person on `date`: one whose dates cover it, else an undated one."""
        entries = self.overrides.get(name, ())
        covering = [e for e in entries if (e.start or "") <= (date or "9999") and (not e.end or (date or "") < e.end)]
        return covering[-1] if covering else None

    def entry(self, text: str) -> Entry | None:
        """The table entry of a matched name: the project's own tables, then the knowledge base."""
        return self.names.get(text) or self.kb_names.get(text.lower())


LEADERS_AS_OF = "2014-07-28"  # the date of the CountryInfo file leaders.tsv was built from


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the lookup maps from the data tables (a few milliseconds; cached per process)."""
    names: dict[str, Entry] = {}
    aliases = read_table("country_aliases")
    canonical = {row["code"]: row["alias"] for row in aliases if row["canonical"] == "yes"}
    country_names: dict[str, str] = {}
    for row in read_table("countries"):
        short = canonical.get(row["code"]) or row["name"].split(",")[0]
        country_names[row["code"]] = short
        state = Entry("country", short, row["code"])
        demonyms = [row["adjective"], *row["other_names"].split(";")]
        plurals = [d + "s" for d in demonyms if d.endswith(("an", "i"))]  # "Libyans", "Pakistanis"
        for form in (row["name"], short, row["official_name"], *demonyms, *plurals):
            if form:
                names.setdefault(form, state)
        if row["capital"]:
            names.setdefault(row["capital"], Entry("country", short, row["code"], "GOV"))
    for row in aliases:
        name = country_names.get(row["code"], row["code"])
        names[row["alias"]] = Entry("country", name, row["code"], row["sector"] or None)
    for row in read_table("institutions"):
        names[row["alias"]] = Entry("organization", row["name"], row["code"], row["sector"] or None)
    for row in read_table("organizations"):
        state = row["code"][:3] if row["code"][:3] in country_names and len(row["code"]) > 3 else None
        names[row["alias"]] = Entry("organization", row["name"], row["code"], row["sector"] or None, state=state)
    roles = {row["role"]: row["sector"] for row in read_table("roles")}
    for role, sector in list(roles.items()):  # "foreign ministers", "officials": plurals of the table's roles
        roles.setdefault(role[:-1] + "ies" if role.endswith("y") else role + "s", sector)
    people: dict[str, list[Entry]] = {}
    person_aliases: dict[str, str] = {}
    for row in read_table("people"):
        entry = Entry(
            "person", row["name"], row["country"], row["sector"], row["role"], row["start"], row["end"] or None
        )
        people.setdefault(row["name"], []).append(entry)
    for row in read_table("leaders"):  # heads of state and government, about 1960 to 2009
        end = row["end"] or LEADERS_AS_OF  # in office when CountryInfo was written; after that, not known
        entry = Entry(
            "person",
            row["name"],
            row["country"],
            "GOV",
            row["role"] or None,
            row["start"] or None,
            end,
            None,
            not row["end"],
        )
        people.setdefault(row["name"], []).append(entry)
        for alias in filter(None, row["aliases"].split(";")):
            person_aliases.setdefault(alias.lower(), row["name"])
    return Gazetteer(
        names,
        roles,
        {k: tuple(sorted(v, key=lambda e: e.start or "")) for k, v in people.items()},
        country_names,
        aliases=person_aliases,
        surnames=_surnames(people),
    )


def _one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by at most one inserted, deleted or replaced letter."""
    if a == b:
        return True
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _surnames(people: dict[str, list[Entry]] | dict[str, tuple[Entry, ...]]) -> dict[str, tuple[str, ...]]:
    """Lower-cased last name → the people who bear it ("Bush" → George Bush, George W. Bush)."""
    found: dict[str, list[str]] = {}
    for name in people:
        words = name.split()
        if len(words) > 1:
            found.setdefault(words[-1].lower(), []).append(name)
    return {surname: tuple(names) for surname, names in found.items()}


def with_knowledge(gazetteer: Gazetteer, entries: list[KnowledgeEntry]) -> Gazetteer:
    """The gazetteer extended with an imported knowledge base: dated people (after the built-in ones, which
    are checked first for the same day) and organisations."""
    people = {name: list(found) for name, found in gazetteer.people.items()}
    aliases: dict[str, str] = dict(gazetteer.aliases)
    kb_names: dict[str, Entry] = {}
    overrides: dict[str, list[Entry]] = {}
    for item in entries:
        if (item.source or "").startswith("override"):
            overrides.setdefault(item.name, []).append(
                Entry("person", item.name, item.country or item.code, item.sector, item.role, item.start, item.end)
            )
            aliases.setdefault(item.alias.lower(), item.name)
        elif item.kind == "person":
            people.setdefault(item.name, []).append(
                Entry("person", item.name, item.country or item.code, item.sector, item.role, item.start, item.end)
            )
            aliases.setdefault(item.alias.lower(), item.name)
        elif item.code and item.alias.lower() not in kb_names:
            kb_names[item.alias.lower()] = Entry("organization", item.name, item.code, item.sector, state=item.country)
    ordered = {name: tuple(found) for name, found in people.items()}
    return replace(
        gazetteer,
        people=ordered,
        aliases=aliases,
        kb_names=kb_names,
        overrides={name: tuple(found) for name, found in overrides.items()},
        surnames=_surnames(ordered),
    )
