"""The core objects of newsevents, shared by every stage: article, actor, event, quote, record.

Each is a plain dataclass; `to_dict()` gives the JSON shape of ../shared/interface.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One input with its metadata, before and after cleaning.

    `source` is the raw content as given (HTML or scraped text); `text` is the clean body that every
    offset downstream points into. `error` is set when the input cannot be processed.
    """

    source: str = ""
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    path: str | None = None
    is_html: bool = False
    text: str = ""
    byline: str | None = None
    credit: str | None = None
    site: str | None = None
    language: str | None = None
    removed: list[str] = field(default_factory=list)
    error: str | None = None
    published_default: str | None = None  # used when neither the input nor the page states a date


@dataclass
class Mention:
    """A span of the clean text that names an actor."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ActorRef:
    """An actor as one event or quote names it: the text as written, and who that is (interface.md)."""

    text: str
    name: str
    code: str | None = None
    country: str | None = None
    sector: str | None = None

    @classmethod
    def unresolved(cls, text: str) -> ActorRef:
        """Someone the actor stage could not resolve ("a source close to the talks"): named as written."""
        return cls(text, text)


@dataclass
class Actor:
    """A person, organisation, country or group resolved in one article."""

    name: str
    kind: str  # person | organization | country | group
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # Where country and sector come from: "article" (its own words), "knowledge" (tables, dictionaries,
    # what earlier articles said), "override" (the user's own file).
    evidence: str | None = None

    def ref(self, text: str) -> ActorRef:
        """The actor reference that events and quotes carry, with the text as written."""
        return ActorRef(text, self.name, self.code, self.country, self.sector)


@dataclass
class Event:
    """One coded event, with its participants as actor refs and its span in the clean text."""

    type: str
    cameo: str
    quad: int
    goldstein: float
    source: list[ActorRef]
    target: list[ActorRef]
    status: str
    sentence: str
    start: int
    end: int
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    date_granularity: str | None = None
    trigger: str | None = None
    confidence: float = 0.5


@dataclass
class Quote:
    """A direct quote or an indirect attribution, with its speaker when one is found."""

    text: str
    kind: str  # direct | indirect
    start: int
    end: int
    speaker: ActorRef | None = None
    cue: str | None = None
    continues: bool = False  # the rest of the previous quote, split by its attribution (“…,” she said. “…”)
    audience: str | None = None  # who it was said to, when named ("Reuters", "reporters")
    partial: bool = False  # a few quoted words inside the writer's sentence ("called COMCASA “intrusive”")


@dataclass
class Record:
    """The output per article: clean text with its actors, events and quotes."""

    id: str | None
    url: str | None
    title: str | None
    published: str | None
    text: str
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    byline: str | None = None
    credit: str | None = None
    language: str | None = None
    path: str | None = None
    error: str | None = None
    error_code: str | None = None  # the stable code of `error` (errors.RECORD_ERRORS)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of interface.md (`error` and `error_code` only when set)."""
        data = asdict(self)
        for key in ("error", "error_code"):
            if data[key] is None:
                del data[key]
        return data


@dataclass(frozen=True)
class KnowledgeEntry:
    """One dated fact about a name: it stood for `code` (country + sector) from `start` to `end`."""

    alias: str
    name: str
    kind: str  # person | organization
    code: str | None
    country: str | None
    sector: str | None
    role: str | None = None
    start: str | None = None
    end: str | None = None
    source: str | None = None
