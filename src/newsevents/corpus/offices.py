"""Corpus: what articles say of their people's offices, as dated knowledge.

A person named with a title ("Ugandan Foreign Minister Okello Mbabazi") holds that code from the article's
date on; a later article showing another office closes the earlier range. Pure functions over records, so
the SQLite store and a Spark job learn the same way.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Office(NamedTuple):
    """A person's office as one article states it."""

    name: str
    code: str
    country: str
    sector: str
    role: str | None
    date: str


class OfficeChange(NamedTuple):
    """How a person's open range changes for a newly seen office: move the open range's start earlier
    (`start`), close it (`close`), and/or open a new range (`open`: its start and end)."""

    start: str | None = None
    close: str | None = None
    open: tuple[str, str | None] | None = None


def stated_offices(record: dict[str, Any]) -> list[Office]:
    """The offices a record's own words give its people (not those filled in from knowledge), on its date."""
    date = record.get("published")
    if not date:
        return []
    return [
        Office(
            actor["name"], actor["country"] + actor["sector"], actor["country"], actor["sector"], actor["role"], date
        )
        for actor in record.get("actors", [])
        if actor["kind"] == "person" and actor.get("evidence") == "article" and actor["country"] and actor["sector"]
    ]


def office_change(current: tuple[str, str] | None, office: Office) -> OfficeChange | None:
    """The change a newly seen office makes to a person's open range `current` (code, start); None for none."""
    if current and current[0] == office.code:
        return OfficeChange(start=office.date) if office.date < current[1] else None
    if current and office.date > current[1]:  # a change of office closes the earlier range
        return OfficeChange(close=office.date, open=(office.date, None))
    if current:  # older evidence of another office: it ended when the current one began
        return OfficeChange(open=(office.date, current[1]))
    return OfficeChange(open=(office.date, None))
