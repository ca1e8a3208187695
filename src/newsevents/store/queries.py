"""The read side of the store: the queries analysts run (events, quotes, dyad series, actor profiles,
articles with their spans, full-text search, summary). A mixin of `Store`, kept apart from the schema
and the writes; every parameter is bound, never formatted into SQL.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from ..errors import NewsEventsError, StoreError
from ..filters import EventFilter
from .rows import record_from_rows

MAX_ID = 2**63 - 1  # the largest id SQLite stores
MAX_SEARCH_TERMS = 32
SEARCH_SECONDS = 5.0
ORDERS = {"date": "e.date DESC, e.id DESC", "newest": "e.id DESC", "oldest": "e.id ASC"}


class StoreQueries:
    """Queries over an open newsevents database (`self.db`, a sqlite3 connection with Row rows)."""

    db: sqlite3.Connection

    def query_events(
        self,
        where: EventFilter | None = None,
        *,
        limit: int | None = None,
        before_id: int | None = None,
        after_id: int | None = None,
        order: str = "date",
        **conditions: Any,
    ) -> list[dict[str, Any]]:
        """Events meeting an `EventFilter` (or its conditions as keywords: `actor=`, `dyad=`, `type=`, ...).

        `order` is "date" (event date, newest first), "newest" (newest stored first) or "oldest" (oldest
        stored first); `before_id` / `after_id` keep only events stored before / after that one (page cursors).
        Raises NewsEventsError for an unknown condition or order.
        """
        if order not in ORDERS:
            raise NewsEventsError(f"Unknown order {order!r}: use one of {', '.join(ORDERS)}.")
        where = where if where is not None else EventFilter.of(**conditions)
        clauses, params = where.to_sql()
        if before_id is not None:
            clauses.append("e.id < ?")
            params.append(before_id)
        if after_id is not None:
            clauses.append("e.id > ?")
            params.append(after_id)
        sql = (
            "SELECT e.*, a.title, a.url, a.published, a.article_key, a.duplicate_of, c.mentions, c.sources, c.articles"
            " FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN clusters c ON c.id = e.cluster_id"
            + (" WHERE " + " AND ".join(clauses) if clauses else "")
            + f" ORDER BY {ORDERS[order]}"
            + (" LIMIT ?" if limit else "")
        )
        if limit:
            params.append(limit)
        rows = self.db.execute(sql, params).fetchall()
        return [_event_row(row) for row in rows]

    def query_quotes(
        self,
        *,
        speaker: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        kind: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes matching every filter given, newest article first: `speaker` is part of a name or a code
        prefix (USAGOV), `country` and `sector` the speaker's codes, `text` words the quote contains."""
        where, params = [], []
        if speaker:
            where.append("(q.speaker_name LIKE '%' || ? || '%' OR q.speaker_code LIKE ? || '%')")
            params += [speaker, speaker]
        for column, value in (("speaker_country", country), ("speaker_sector", sector), ("kind", kind)):
            if value:
                where.append(f"q.{column} = ?")
                params.append(value.upper() if column != "kind" else value)
        if text:
            where.append("q.text LIKE '%' || ? || '%'")
            params.append(text)
        sql = (
            "SELECT q.*, a.title, a.published, a.url FROM quotes q JOIN articles a ON a.id = q.article_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published DESC, q.id"
            + (" LIMIT ?" if limit else "")
        )
        return [dict(row) for row in self.db.execute(sql, params + ([limit] if limit else []))]

    def iter_events(
        self, where: EventFilter | None = None, page: int = 2000, **conditions: Any
    ) -> Iterator[dict[str, Any]]:
        """Every event meeting `where` (or its conditions as keywords), newest stored first, read a page at a
        time so memory stays flat however many there are."""
        where = where if where is not None else EventFilter.of(**conditions)
        cursor = None
        while True:
            rows = self.query_events(where, limit=page, before_id=cursor, order="newest")
            yield from rows
            if len(rows) < page:
                return
            cursor = rows[-1]["id"]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles matching a full-text query (SQLite FTS5 syntax: words, "phrases", OR, NEAR), best first,
        each with a snippet; raises StoreError with the reason for a malformed query, one of more than
        MAX_SEARCH_TERMS terms, or one that runs over SEARCH_SECONDS."""
        terms = len(re.findall(r'"[^"]*"|[^\s()]+', query))
        if terms > MAX_SEARCH_TERMS:
            raise StoreError(f"A search may have at most {MAX_SEARCH_TERMS} terms; this one has {terms}.")
        try:
            with self._time_limit(SEARCH_SECONDS):
                rows = self.db.execute(
                    "SELECT a.id, a.title, a.url, a.published, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet"
                    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
                    " ORDER BY rank LIMIT ?",
                    (query, limit),
                ).fetchall()
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):
                raise StoreError(
                    f"The search took over {SEARCH_SECONDS} s and was stopped: use fewer or longer words."
                ) from e
            raise StoreError(f"Cannot search for {query!r}: {e}. Put phrases in double quotes.") from e
        return [dict(row) for row in rows]

    @contextmanager
    def _time_limit(self, seconds: float) -> Iterator[None]:
        """Interrupt a statement of this connection that runs longer than `seconds`."""
        deadline = time.monotonic() + seconds
        self.db.set_progress_handler(lambda: time.monotonic() > deadline, 10_000)
        try:
            yield
        finally:
            self.db.set_progress_handler(None, 0)

    def dyad_series(self, a: str, b: str, interval: str = "month") -> list[dict[str, Any]]:
        """Events between A and B (a dyad, as `EventFilter` reads it) per day, week or month: count and mean
        Goldstein score."""
        width = {"day": 10, "week": 10, "month": 7, "year": 4}.get(interval)
        if width is None:
            raise StoreError(f"Unknown interval {interval!r}: use day, week, month or year.")
        series: dict[str, list[float]] = {}
        for event in self.query_events(dyad=(a, b)):
            if not event["date"]:
                continue
            period = event["date"][:width]
            if interval == "week" and len(period) == 10:
                day = datetime.fromisoformat(period)
                period = (day - timedelta(days=day.weekday())).date().isoformat()
            series.setdefault(period, []).append(event["goldstein"] or 0.0)
        return [
            {"period": p, "events": len(v), "mean_goldstein": round(sum(v) / len(v), 2)}
            for p, v in sorted(series.items())
        ]

    def list_actors(
        self,
        *,
        name: str | None = None,
        country: str | None = None,
        sector: str | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> list[dict[str, Any]]:
        """Actors across articles, one row per name, with how many articles name them; `after` pages on by name."""
        where, params = ["1 = 1"], []
        for column, value in (("country", country), ("sector", sector)):
            if value:
                where.append(f"{column} = ?")
                params.append(value.upper())
        if name:
            where.append("name LIKE '%' || ? || '%'")
            params.append(name)
        if after:
            where.append("name > ?")
            params.append(after)
        sql = (
            f"SELECT name, kind, code, country, sector, COUNT(DISTINCT article_id) AS articles FROM actors"
            f" WHERE {' AND '.join(where)} GROUP BY name ORDER BY name LIMIT ?"
        )
        return [dict(row) for row in self.db.execute(sql, [*params, limit])]

    def actor_profile(self, name: str) -> dict[str, Any] | None:
        """One actor: codes and roles over time (by article date), partners in events, and quotes."""
        roles = self.db.execute(
            "SELECT x.code, x.role, MIN(a.published) AS first, MAX(a.published) AS last, COUNT(*) AS articles"
            " FROM actors x JOIN articles a ON a.id = x.article_id WHERE x.name = ? GROUP BY x.code, x.role"
            " ORDER BY first",
            (name,),
        ).fetchall()
        if not roles:
            return None
        partners = self.db.execute(
            "SELECT other.name, other.code, COUNT(DISTINCT p.event_id) AS events FROM participants p"
            " JOIN participants other ON other.event_id = p.event_id AND other.name != p.name"
            " WHERE p.name = ? GROUP BY other.name ORDER BY events DESC LIMIT 20",
            (name,),
        ).fetchall()
        return {
            "name": name,
            "roles": [dict(r) for r in roles],
            "partners": [dict(r) for r in partners],
            "quotes": self.query_quotes(speaker=name, limit=20),
        }

    def article(self, article_id: int) -> dict[str, Any] | None:
        """One stored article with its clean text and every span: actors' mentions, events and quotes."""
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        article = dict(row)
        article["actors"] = [
            {**dict(r), "mentions": json.loads(r["mentions"])}
            for r in self.db.execute("SELECT * FROM actors WHERE article_id = ?", (article_id,))
        ]
        article["events"] = [
            _event_row(r)
            for r in self.db.execute(
                "SELECT e.*, NULL AS title, NULL AS url, NULL AS published FROM events e WHERE e.article_id = ?",
                (article_id,),
            )
        ]
        article["quotes"] = [
            dict(r) for r in self.db.execute("SELECT * FROM quotes WHERE article_id = ?", (article_id,))
        ]
        return article

    def record(self, article_id: int) -> dict[str, Any] | None:
        """A stored article as the record it was stored from (what `process` gave), or None."""
        article = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if article is None:
            return None
        parts = [
            self.db.execute(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY id", (article_id,)).fetchall()
            for table in ("actors", "events", "quotes")
        ]
        return record_from_rows(article, *parts)

    def summary(self, top: int = 5) -> dict[str, Any]:
        """Counts for a quick look: articles, errors, events by type, top dyads, and a few quotes."""
        one = self.db.execute
        dyads = one(
            "SELECT s.country AS a, t.country AS b, COUNT(DISTINCT e.id) AS n FROM events e"
            " JOIN participants s ON s.event_id = e.id AND s.role = 'source'"
            " JOIN participants t ON t.event_id = e.id AND t.role = 'target'"
            " WHERE s.country IS NOT NULL AND t.country IS NOT NULL AND s.country != t.country"
            " GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?",
            (top,),
        ).fetchall()
        quotes = one(
            "SELECT speaker_name, speaker_code, text FROM quotes WHERE kind = 'direct' AND speaker_code IS NOT NULL"
            " AND length(text) BETWEEN 15 AND 200 ORDER BY id LIMIT ?",
            (top,),
        ).fetchall()
        return {
            "articles": one("SELECT COUNT(*) FROM articles WHERE error IS NULL").fetchone()[0],
            "errors": one("SELECT COUNT(*) FROM articles WHERE error IS NOT NULL").fetchone()[0],
            "actors": one("SELECT COUNT(*) FROM actors").fetchone()[0],
            "events": one("SELECT COUNT(*) FROM events").fetchone()[0],
            "quotes": one("SELECT COUNT(*) FROM quotes").fetchone()[0],
            "events_by_type": {
                r[0]: r[1] for r in one("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY 2 DESC, 1")
            },
            "top_dyads": [(r["a"], r["b"], r["n"]) for r in dyads],
            "quotes_sample": [dict(r) for r in quotes],
        }


def _event_row(row: sqlite3.Row) -> dict[str, Any]:
    event = dict(row)
    event["source"] = json.loads(event["source"])
    event["target"] = json.loads(event["target"])
    event["context"] = [c for c in (event["context"] or "").split(",") if c]
    return event
