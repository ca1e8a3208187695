"""Event dates: resolve "on Thursday", "last week", "next month", "in November", "January 2017" against
the article's published date, choosing past or future by the event's tense and status.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# Published dates outside this range are metadata errors ("0001-01-01", "9999-12-31"), not news.
EARLIEST_PUBLISHED = date(1850, 1, 1)
LATEST_PUBLISHED = date(2150, 12, 31)


def published_date(value: object) -> str | None:
    """A published date as YYYY-MM-DD, from ISO dates and timestamps or written dates ("September 5, 2018",
    "Wed, 05 Sep 2018 10:41:00 GMT"); None for anything else (not a string, not a date, out of range)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    text = value.strip()
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        try:  # parsed twice with two defaults: a field that comes out different was not written
            first = date_parser.parse(text, default=datetime(2001, 1, 1)).date()
            second = date_parser.parse(text, default=datetime(2002, 2, 2)).date()
        except (ValueError, OverflowError, TypeError):
            return None
        if first != second:
            return None  # "Monday", "September 2018": not a day of publication
        day = first
    return day.isoformat() if EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED else None


def parse_published(published: str | None) -> date | None:
    """The published date as a date, or None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve_date(text: str, published: date | None, future: bool) -> tuple[str, str] | None:
    """Resolve a date expression to (value, granularity): ("2018-09-06", "day"), ("2018-11", "month"), ("2017", "year").

    `future` says which way a bare weekday or month points. Returns None for durations and for
    relative expressions when no published date is known.
    """
    words = text.lower().replace(",", " ").split()
    if not words:
        return None
    absolute = _absolute(text, words)
    if absolute:
        return absolute
    if published is None:
        return None
    for word in words:
        if word in WEEKDAYS:
            return _weekday(WEEKDAYS.index(word), published, future, words).isoformat(), "day"
    if "today" in words or "tonight" in words:
        return published.isoformat(), "day"
    if "yesterday" in words:
        return (published - timedelta(days=1)).isoformat(), "day"
    if "tomorrow" in words:
        return (published + timedelta(days=1)).isoformat(), "day"
    step = 1 if "next" in words else -1 if ("last" in words or "past" in words or "previous" in words) else 0
    if "week" in words and step:
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
        return monday.isoformat(), "week"
    if "month" in words and (step or "this" in words):
        month = published + relativedelta(months=step)
        return f"{month.year:04d}-{month.month:02d}", "month"
    if "year" in words and (step or "this" in words):
        return f"{published.year + step:04d}", "year"
    for word in words:
        if word in MONTHS:
            month = MONTHS.index(word) + 1
            year = published.year
            if future and month < published.month:
                year += 1
            elif not future and month > published.month:
                year -= 1
            return f"{year:04d}-{month:02d}", "month"
    return None


def _absolute(text: str, words: list[str]) -> tuple[str, str] | None:
    """Dates that name their year: "January 2017", "Sept. 5, 2018", "2017"."""
    year = _YEAR.search(text)
    if not year:
        return None
    months = [
        w
        for w in words
        if w.rstrip(".")[:3] in {m[:3] for m in MONTHS} and w.rstrip(".") in MONTHS + [m[:3] for m in MONTHS] + ["sept"]
    ]
    has_day = re.search(r"\b([1-9]|[12]\d|3[01])(st|nd|rd|th)?\b", text.replace(year.group(0), ""))
    if months and has_day:
        try:
            return date_parser.parse(
                text, default=date_parser.parse(f"{year.group(0)}-01-01")
            ).date().isoformat(), "day"
        except (ValueError, OverflowError):
            pass
    if months:
        month = [m[:3] for m in MONTHS].index(months[0].rstrip(".")[:3]) + 1
        return f"{year.group(0)}-{month:02d}", "month"
    if len(words) <= 2:
        return year.group(0), "year"
    return None


def _weekday(target: int, published: date, future: bool, words: list[str]) -> date:
    delta = target - published.weekday()
    if "next" in words:
        future = True
    if "last" in words:
        future = False
    if future:
        return published + timedelta(days=delta % 7)
    return published - timedelta(days=(-delta) % 7)
