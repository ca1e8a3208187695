"""Which events an analyst asks for: one `EventFilter`, read the same way by the store's SQL, the API, the
CLI, exports and alert rules.

An actor is matched by a code prefix (`USA`, `USAGOV`), a country code, or part of a name (`Pompeo`),
case-blind. A **dyad** (A, B) is the events *between* A and B: A acting on B, B acting on A, or A and B
acting together with no target. For one direction only, give `source` and `target` instead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from .errors import NewsEventsError

STATUSES = ("occurred", "planned", "hypothetical", "negated")


@dataclass(frozen=True)
class EventFilter:
    """Conditions an event must all meet; a field left empty does not filter.

    actor: takes part (source or target). source / target: acts, or is acted on.
    dyad: (A, B), the events between A and B (see the module docstring).
    types: PLOVER event types. status: occurred | planned | hypothetical | negated.
    sector: a participant's sector (GOV, MIL, ...). quad: quad class 1-4.
    goldstein_below / goldstein_above: strictly below / above this Goldstein score.
    since / until: event date bounds, inclusive (`until` 2021-06 takes all of June).
    text: words the event's sentence contains. keywords: any one of these words.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None
    types: tuple[str, ...] = ()
    status: str | None = None
    sector: str | None = None
    quad: int | None = None
    goldstein_below: float | None = None
    goldstein_above: float | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    keywords: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Normalised once here, so SQL and Python compare the same values.
        set_ = object.__setattr__
        for name in ("types", "keywords"):  # one word given alone is a one-word list, not its letters
            if isinstance(getattr(self, name), str):
                set_(self, name, (getattr(self, name),))
        set_(self, "types", tuple(t.strip().upper() for t in self.types if t and t.strip()))
        set_(self, "keywords", tuple(k for k in (self.keywords or ()) if k and k.strip()))
        if self.dyad is not None:
            if (
                isinstance(self.dyad, str)
                or len(self.dyad) != 2
                or not all(isinstance(side, str) and side.strip() for side in self.dyad)
            ):
                raise NewsEventsError("A dyad is two actors: a code, a country or part of a name for each side.")
            set_(self, "dyad", (self.dyad[0].strip(), self.dyad[1].strip()))
        if self.status is not None and self.status not in STATUSES:
            raise NewsEventsError(f"Unknown status {self.status!r}: use one of {', '.join(STATUSES)}.")
        if self.quad is not None:
            set_(self, "quad", int(self.quad))
        if self.sector:
            set_(self, "sector", self.sector.upper())
        for name in ("goldstein_below", "goldstein_above"):
            if getattr(self, name) is not None:
                set_(self, name, float(getattr(self, name)))

    @classmethod
    def of(cls, **conditions: Any) -> EventFilter:
        """A filter from keyword conditions, dropping empty ones; `type` is one of `types`.

        Raises NewsEventsError naming an unknown condition."""
        if conditions.get("type"):
            conditions["types"] = (*conditions.get("types", ()), conditions["type"])
        conditions.pop("type", None)
        known = {f.name for f in fields(cls)}
        unknown = set(conditions) - known
        if unknown:
            raise NewsEventsError(
                f"Unknown event conditions: {', '.join(sorted(unknown))}. Use {', '.join(sorted(known))}."
            )
        return cls(**{key: value for key, value in conditions.items() if value not in (None, "", (), [])})

    def as_dict(self) -> dict[str, Any]:
        """The conditions that filter (empty ones left out), JSON-ready: how alert rules are stored."""
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in asdict(self).items()
            if value not in (None, "", ())
        }

    def is_empty(self) -> bool:
        """True when the filter lets every event through."""
        return not self.as_dict()

    # --- as SQL: over `events e` (its participants in `participants p`) -------------------------------------
    def to_sql(self) -> tuple[list[str], list[Any]]:
        """WHERE clauses (joined by AND) and their bound parameters; values are never formatted into SQL."""
        where: list[str] = []
        params: list[Any] = []

        def party(wanted: str, role: str | None = None) -> str:
            wanted = wanted.strip()
            params.extend([wanted, wanted, wanted.upper(), wanted.lower()])
            in_role = f" AND p.role = '{role}'" if role else ""  # role is one of two literals, never input
            return f"EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id{in_role} AND {_ACTOR_SQL})"

        if self.actor:
            where.append(party(self.actor))
        if self.source:
            where.append(party(self.source, "source"))
        if self.target:
            where.append(party(self.target, "target"))
        if self.dyad:
            a, b = self.dyad
            where.append(
                f"(({party(a, 'source')} AND {party(b, 'target')}) OR ({party(b, 'source')} AND {party(a, 'target')})"
                f" OR (e.target = '[]' AND {party(a)} AND {party(b)}))"
            )
        if self.types:
            where.append(f"e.type IN ({', '.join('?' for _ in self.types)})")
            params.extend(self.types)
        for column, value in (("e.status", self.status), ("e.quad", self.quad)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if self.sector:
            where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND p.sector = ?)")
            params.append(self.sector)
        if self.goldstein_below is not None:
            where.append("e.goldstein < ?")
            params.append(self.goldstein_below)
        if self.goldstein_above is not None:
            where.append("e.goldstein > ?")
            params.append(self.goldstein_above)
        if self.since:
            where.append("e.date >= ?")
            params.append(self.since)
        if self.until:
            where.append("substr(e.date, 1, length(?)) <= ?")
            params += [self.until, self.until]
        if self.text:
            where.append("instr(fold(e.sentence), ?) > 0")
            params.append(self.text.lower())
        if self.keywords:
            where.append("(" + " OR ".join("instr(fold(e.sentence), ?) > 0" for _ in self.keywords) + ")")
            params.extend(word.lower() for word in self.keywords)
        return where, params

    # --- as Python: over an event dict (a record's event, or a stored one) ----------------------------------
    def matches(self, event: dict[str, Any]) -> bool:
        """True when the event meets every condition: the same answer the SQL gives for it once stored."""
        sources, targets = event.get("source") or [], event.get("target") or []
        parties = sources + targets

        def any_is(refs: list[dict[str, Any]], wanted: str) -> bool:
            return any(is_actor(ref, wanted) for ref in refs)

        if self.actor and not any_is(parties, self.actor):
            return False
        if self.source and not any_is(sources, self.source):
            return False
        if self.target and not any_is(targets, self.target):
            return False
        if self.dyad:
            a, b = self.dyad
            between = (any_is(sources, a) and any_is(targets, b)) or (any_is(sources, b) and any_is(targets, a))
            together = not targets and any_is(parties, a) and any_is(parties, b)
            if not (between or together):
                return False
        if self.types and event.get("type") not in self.types:
            return False
        if self.status is not None and event.get("status") != self.status:
            return False
        if self.quad is not None and event.get("quad") != self.quad:
            return False
        if self.sector and not any(ref.get("sector") == self.sector for ref in parties):
            return False
        goldstein = event.get("goldstein")
        if self.goldstein_below is not None and not (goldstein is not None and goldstein < self.goldstein_below):
            return False
        if self.goldstein_above is not None and not (goldstein is not None and goldstein > self.goldstein_above):
            return False
        date = event.get("date")
        if self.since and not (date is not None and date >= self.since):
            return False
        if self.until and not (date is not None and date[: len(self.until)] <= self.until):
            return False
        sentence = (event.get("sentence") or "").lower()
        if self.text and self.text.lower() not in sentence:
            return False
        return not self.keywords or any(word.lower() in sentence for word in self.keywords)


# An actor reference is matched by code prefix, country code or part of its name, case-blind as `is_actor` is:
# `fold` is Python's str.lower, registered on every store connection (SQLite's lower() folds ASCII only); no
# LIKE, so no character of the input is a wildcard and no input is too long a pattern.
_ACTOR_SQL = "(substr(upper(p.code), 1, length(?)) = upper(?) OR p.country = ? OR instr(fold(p.name), ?) > 0)"


def is_actor(ref: dict[str, Any], wanted: str) -> bool:
    """True when an actor ref is `wanted`: its code starts with it, its country is it, or its name contains it."""
    wanted = wanted.strip()
    return (
        (ref.get("code") or "").upper().startswith(wanted.upper())
        or ref.get("country") == wanted.upper()
        or wanted.lower() in (ref.get("name") or "").lower()
    )
