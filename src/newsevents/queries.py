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

from .errors import StoreError

MAX_ID = 2**63 - 1  # a cursor before every stored row
MAX_SEARCH_TERMS = 32
SEARCH_SECONDS = 5.0
_ACTOR_MATCH = "(p.code LIKE ? || '%' OR p.country = ? OR p.name LIKE '%' || ? || '%')"


class StoreQueries:
    """Queries over an open newsevents database (`self.db`, a sqlite3 connection with Row rows)."""

    db: sqlite3.Connection

    def query_events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        type: str | None = None,
        status: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int | None = None,
        before: int | None = None,
        after_id: int | None = None,
        sector: str | None = None,
        quad: int | None = None,
        text: str | None = None,
    ) -> list[dict[str, Any]]:
        """Events matching every filter given, newest first.

        `actor` and each side of `dyad` match an actor code prefix (USA, USAGOV), a country code, or
        part of a name (Pompeo). A dyad (A, B) is A acting on B, or A and B acting together.
        """
        where, params = [], []
        if actor:
            where.append(f"EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND {_ACTOR_MATCH})")
            params += [actor] * 3
        if dyad:
            a, b = dyad
            where.append(
                f"((EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND p.role = 'source' AND {_ACTOR_MATCH})"
                f" AND EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND p.role = 'target' AND {_ACTOR_MATCH}))"
                f" OR (e.target = '[]' AND EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND {_ACTOR_MATCH})"
                f" AND EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND {_ACTOR_MATCH})))"
            )
            params += [a] * 3 + [b] * 3 + [a] * 3 + [b] * 3
        if type:
            where.append("e.type = ?")
            params.append(type.upper())
        if status:
            where.append("e.status = ?")
            params.append(status)
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if before is not None:  # a page cursor: events stored before this one, newest first
            where.append("e.id < ?")
            params.append(before)
        if after_id is not None:  # events stored after this one (alerts check each event once)
            where.append("e.id > ?")
            params.append(after_id)
        if sector:
            where.append("EXISTS (SELECT 1 FROM participants p WHERE p.event_id = e.id AND p.sector = ?)")
            params.append(sector.upper())
        if quad:
            where.append("e.quad = ?")
            params.append(int(quad))
        if text:
            where.append("e.sentence LIKE '%' || ? || '%'")
            params.append(text)
        if until:
            where.append("substr(e.date, 1, length(?)) <= ?")
            params += [until, until]
        sql = (
            "SELECT e.*, a.title, a.url, a.published, a.article_key, a.duplicate_of, c.mentions, c.sources, c.articles"
            " FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN clusters c ON c.id = e.cluster_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + (" ORDER BY e.id DESC" if before is not None else " ORDER BY e.date DESC, e.id DESC")
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

    def iter_events(self, page: int = 2000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every event matching `filters` (as `query_events`), newest stored first, read a page at a time so
        memory stays flat however many there are."""
        cursor = None
        while True:
            rows = self.query_events(**filters, limit=page, before=cursor if cursor is not None else MAX_ID)
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
        """Events of A acting on B (or together) per day, week or month: count and mean Goldstein score."""
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
