"""The store: records in an embedded SQLite database (after the per-article pipeline; every SQL string of
newsevents lives in this package).

WAL mode lets a server read while the CLI writes; each batch is one transaction; an article is keyed by
the hash of its clean text, so ingesting it twice stores it once. Parameters are always bound.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..clean.lines import MAX_COUNTED_LENGTH, counted_lines, key_hash, site_of
from ..corpus import copies
from ..corpus.clusters import cluster_key
from ..errors import StoreError, error_code
from ..options import Resources
from .knowledge import StoreKnowledge
from .outbox import StoreOutbox
from .queries import StoreQueries
from .rows import (
    ACTOR_COLUMNS,
    ARTICLE_FIELDS,
    EVENT_COLUMNS,
    QUOTE_COLUMNS,
    actor_values,
    article_values,
    event_values,
    insert_sql,
    quote_values,
)
from .schema import LATER_INDEXES, LINES_TABLE, MIGRATIONS, SCHEMA, SCHEMA_VERSION

STORED_PAGE = 500  # stored articles read per query by `stored_articles`
FURNITURE_MIN_ARTICLES = 5  # a line on this many articles of one site is that site's furniture
DEFAULT_DB = "newsevents.db"


def fold(value: object) -> object:
    """Lower case as Python folds it (SQLite's lower() and LIKE fold ASCII only): "ERDOĞAN" → "erdoğan"."""
    return value.lower() if isinstance(value, str) else value


def default_db_path() -> str:
    """`$NEWSEVENTS_DB`, else ./newsevents.db."""
    return os.environ.get("NEWSEVENTS_DB") or DEFAULT_DB


class Store(StoreQueries, StoreKnowledge, StoreOutbox):
    """An open newsevents database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            # Writes take the write lock when their transaction begins (BEGIN IMMEDIATE), so two writers wait
            # for each other (up to `timeout`) instead of failing half-way when one upgrades a read lock.
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level="IMMEDIATE")
            self.db.row_factory = sqlite3.Row
            self.db.create_function("fold", 1, fold, deterministic=True)  # case-blind beyond ASCII (filters.py)
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the database {self.path}: {e}. Check the path and its permissions.") from e

    def _migrate(self) -> None:
        if self._version() == SCHEMA_VERSION:
            return  # nothing to create or upgrade: opening a current store takes no write lock
        self.db.executescript(SCHEMA)  # idempotent: every statement is IF NOT EXISTS
        with self.db:
            self.begin()  # one process upgrades; the others wait, then find it done
            version = self._version()
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer newsevents (schema {version}); upgrade newsevents to read it."
                )
            for migration in MIGRATIONS if version is not None else ():
                if migration.version > version:
                    migration.apply(self)
            for statement in LATER_INDEXES:
                self.db.execute(statement)
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    def begin(self) -> None:
        """Start a write transaction now (taking the write lock, waiting for another writer), unless one is open."""
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")

    def _version(self) -> int | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            return None  # a new database
        return int(row["value"]) if row else None

    def rekey_articles(self) -> None:
        """Key every stored article as new ones are (by URL first), so re-ingesting one finds it stored
        (articles stored before schema 5 were keyed by their text alone)."""
        rows = self.db.execute("SELECT id, url, text, article_key, error FROM articles ORDER BY id").fetchall()
        for row in rows:
            record = {"url": row["url"], "text": row["text"], "id": row["article_key"], "error": row["error"]}
            self.db.execute(
                "UPDATE OR IGNORE articles SET ingest_key = ? WHERE id = ?", (ingest_digest(record), row["id"])
            )

    def rehash_lines(self) -> None:
        """Keep the 8-byte hashes of counted lines instead of the lines (stores before schema 7 kept text)."""
        rows = self.db.execute("SELECT site, key, articles FROM lines").fetchall()
        self.db.execute("DROP TABLE lines")
        self.db.execute(LINES_TABLE)
        self.db.executemany(
            "INSERT INTO lines (site, key, articles) VALUES (?, ?, ?)"
            " ON CONFLICT (site, key) DO UPDATE SET articles = max(articles, excluded.articles)",
            [(r["site"], _hashed(r["key"]), r["articles"]) for r in rows if _hashed(r["key"]) is not None],
        )

    def resign_articles(self) -> None:
        """Recompute every article's MinHash signature and bands in the current scheme."""
        self.db.execute("DELETE FROM signatures")
        self.db.execute("DELETE FROM signature_bands")
        for row in self.db.execute("SELECT id, text FROM articles ORDER BY id").fetchall():
            self._link_copy(row["id"], row["text"] or "")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def add_records(self, records: Iterable[dict[str, Any]]) -> tuple[int, int]:
        """Store a batch of records in one transaction; returns (added, already stored).

        An article is known by its URL, or by its clean text when it has none: one already stored is
        skipped, so re-running an ingest adds nothing twice. A near-copy of a stored article (one wire story
        on several sites) is stored and linked to it (`duplicate_of`); events are clustered into happenings.
        """
        added = skipped = 0
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self.db:
                self.begin()
                for record in records:
                    self.db.execute("SAVEPOINT article")
                    try:
                        stored = self._add_record(record, now)
                    except sqlite3.OperationalError:
                        raise  # the database itself fails (disk full, locked): the whole batch is rolled back
                    except Exception as e:  # this record alone cannot be stored: keep it as an error record
                        self.db.execute("ROLLBACK TO article")
                        stored = self._add_record(_unstorable(record, e), now)
                    self.db.execute("RELEASE article")
                    added += stored
                    skipped += not stored
                self._update_clusters()
        except sqlite3.Error as e:
            raise StoreError(_store_failure(self.path, e)) from e
        return added, skipped

    def _add_record(self, record: dict[str, Any], now: str) -> bool:
        """Store one record; False when its article was already stored (and is kept as it is)."""
        digest = ingest_digest(record)
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO articles (ingest_key, url, {', '.join(ARTICLE_FIELDS)}, ingested_at)"
            f" VALUES (?, ?, {', '.join('?' for _ in ARTICLE_FIELDS)}, ?)",
            (digest, record.get("url"), *article_values(record), now),
        )
        if cursor.rowcount == 0:
            return self._repair(digest, record)
        self._index_article(cursor.lastrowid, record)
        return True

    def _index_article(self, article_id: int, record: dict[str, Any]) -> None:
        """Everything a stored article's row is joined to: its parts, what it teaches, its lines, its copies."""
        self._add_parts(article_id, record)
        self.learn(record)
        self._count_lines(record.get("url"), record.get("text") or "", +1)
        self._link_copy(article_id, record.get("text") or "")

    def _repair(self, digest: str, record: dict[str, Any]) -> bool:
        """Replace a stored error record by a good record of the same article (a page that failed once, then
        read well); True when it did. An article stored well is never replaced by an ingest."""
        row = self.db.execute("SELECT id, error FROM articles WHERE ingest_key = ?", (digest,)).fetchone()
        if row is None or row["error"] is None or record.get("error"):
            return False
        self.replace_article(row["id"], record)
        return True

    def stored_articles(
        self, *, since: str | None = None, errors_only: bool = False, url_like: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stored articles (id order) as `reprocess` reads them, a page at a time.

        The pages are read through a connection of their own, so the iterator may be consumed by another
        thread (a process pool's feeder) while this store writes; an in-memory store is read whole first.
        """
        where, params = ["id > ?"], []
        if since:
            where.append("ingested_at >= ?")
            params.append(since)
        if errors_only:
            where.append("error IS NOT NULL")
        if url_like:
            where.append("url LIKE '%' || ? || '%'")
            params.append(url_like)
        sql = (
            "SELECT id, article_key, url, title, published, path, text, error FROM articles"
            f" WHERE {' AND '.join(where)} ORDER BY id LIMIT {STORED_PAGE}"
        )

        def pages(connection: sqlite3.Connection) -> Iterator[dict[str, Any]]:
            last = 0
            while page := connection.execute(sql, [last, *params]).fetchall():
                yield from (dict(row) for row in page)
                last = page[-1]["id"]

        if self.path == ":memory:":
            yield from list(pages(self.db))
            return
        reader = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
        reader.row_factory = sqlite3.Row
        try:
            yield from pages(reader)
        finally:
            reader.close()

    def replace_articles(self, pairs: list[tuple[int, dict[str, Any]]]) -> None:
        """Replace stored articles by new records of them (id, record), in one transaction."""
        try:
            with self.db:
                self.begin()
                for article_id, record in pairs:
                    self.replace_article(article_id, record)
                self._update_clusters()
        except sqlite3.Error as e:
            raise StoreError(_store_failure(self.path, e)) from e

    def replace_article(self, article_id: int, record: dict[str, Any]) -> None:
        """Put a new record in the place of a stored article, keeping its id: its text, actors, events, quotes,
        line counts and signature are replaced (inside the caller's transaction, which then clusters the new
        events with `_update_clusters`)."""
        clusters = {
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT cluster_id FROM events WHERE article_id = ? AND cluster_id IS NOT NULL", (article_id,)
            )
        }
        self.db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM actors WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM signature_bands WHERE article_id = ?", (article_id,))
        self._recount_clusters(clusters)
        old = self.db.execute("SELECT url, title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        self._count_lines(old["url"], old["text"] or "", -1)
        self.db.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
            (article_id, old["title"], old["text"]),
        )
        self.db.execute(
            f"UPDATE articles SET {', '.join(f'{field} = ?' for field in ARTICLE_FIELDS)}, duplicate_of = NULL"
            " WHERE id = ?",
            (*article_values(record), article_id),
        )
        self.db.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (article_id, record.get("title"), record.get("text") or ""),
        )
        self._index_article(article_id, record)

    def _add_parts(self, article_id: int, record: dict[str, Any]) -> None:
        self.db.executemany(
            insert_sql("actors", ACTOR_COLUMNS, ("article_id",)),
            [(article_id, *actor_values(actor)) for actor in record.get("actors", [])],
        )
        self._add_events(article_id, record.get("events", []))
        self.db.executemany(
            insert_sql("quotes", QUOTE_COLUMNS, ("article_id",)),
            [(article_id, *quote_values(quote)) for quote in record.get("quotes", [])],
        )

    def _add_events(self, article_id: int, events: list[dict[str, Any]]) -> None:
        """Store events with their participants. Event ids are never reused (replacing an article frees its
        ids): the alert cursor and the outbox remember event ids, so a new event never takes an old one's."""
        if not events:
            return
        first = self.db.execute(
            "SELECT max(COALESCE((SELECT MAX(id) FROM events), 0),"
            " COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'events_high'), 0)) + 1"
        ).fetchone()[0]
        for event_id, event in enumerate(events, start=first):
            self.db.execute(
                insert_sql("events", EVENT_COLUMNS, ("id", "article_id")), (event_id, article_id, *event_values(event))
            )
            self.db.executemany(
                "INSERT INTO participants (event_id, role, name, code, country, sector) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (event_id, role, ref["name"], ref["code"], ref["country"], ref["sector"])
                    for role in ("source", "target")
                    for ref in event[role]
                ],
            )
        self.db.execute(
            "INSERT INTO meta VALUES ('events_high', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(first + len(events) - 1),),
        )

    def _link_copy(self, article_id: int, text: str) -> None:
        """Mark an article as a copy of an earlier one when their MinHash signatures say they are one story.

        Candidates come from the stored LSH bands (an indexed look-up) and are confirmed on their signatures.
        """
        signature = copies.signature_bytes(text)
        if signature is None:
            return
        bands = copies.band_keys(signature)
        where = " OR ".join("(b.band = ? AND b.key = ?)" for _ in bands)
        candidates = self.db.execute(
            f"SELECT DISTINCT s.article_id, s.minhash FROM signature_bands b JOIN signatures s"
            f" ON s.article_id = b.article_id WHERE ({where}) AND b.article_id != ?",
            [value for band in bands for value in band] + [article_id],
        ).fetchall()
        found = copies.copies_among(signature, ((row["article_id"], row["minhash"]) for row in candidates))
        if found:
            self.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (min(found), article_id))
        self.db.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?)", (article_id, signature))
        self.db.executemany(
            "INSERT INTO signature_bands (band, key, article_id) VALUES (?, ?, ?)",
            [(band, key, article_id) for band, key in bands],
        )

    def _update_clusters(self) -> None:
        """Put new events into clusters (one happening: type, dyad, day) and refresh the counts of the clusters
        touched."""
        new = self.db.execute(
            "SELECT e.id, e.type, e.date, e.source, e.target FROM events e WHERE e.cluster_id IS NULL"
        ).fetchall()
        touched = set()
        for event in new:
            key = cluster_key(event["type"], json.loads(event["source"]), json.loads(event["target"]), event["date"])
            self.db.execute(
                "INSERT OR IGNORE INTO clusters (key, type, date) VALUES (?, ?, ?)", (key, event["type"], event["date"])
            )
            cluster = self.db.execute("SELECT id FROM clusters WHERE key = ?", (key,)).fetchone()["id"]
            self.db.execute("UPDATE events SET cluster_id = ? WHERE id = ?", (cluster, event["id"]))
            touched.add(cluster)
        self._recount_clusters(touched)

    def _recount_clusters(self, clusters: set[int]) -> None:
        """Refresh the counts of clusters: mentions, distinct sources (sites) and distinct articles."""
        for cluster in clusters:
            rows = self.db.execute(
                "SELECT e.article_id, a.url FROM events e JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = ?",
                (cluster,),
            ).fetchall()
            sites = {urlsplit(row["url"] or "").hostname or f"article-{row['article_id']}" for row in rows}
            self.db.execute(
                "UPDATE clusters SET mentions = ?, sources = ?, articles = ? WHERE id = ?",
                (len(rows), len(sites), len({row["article_id"] for row in rows}), cluster),
            )

    def _count_lines(self, url: str | None, text: str, step: int) -> None:
        """Count (step +1) or uncount (-1), per site, the short lines of an article: a line on many pages of one
        site is furniture. Only an 8-byte hash of each line is kept."""
        site = site_of(url)
        if not site or not text:
            return
        self.db.executemany(
            "INSERT INTO lines (site, key, articles) VALUES (?, ?, max(?, 0))"
            " ON CONFLICT (site, key) DO UPDATE SET articles = articles + ?",
            [(site, key, step, step) for key in counted_lines(text)],
        )
        if step < 0:
            self.db.execute("DELETE FROM lines WHERE site = ? AND articles <= 0", (site,))

    def furniture_lines(self, min_articles: int = FURNITURE_MIN_ARTICLES) -> frozenset[tuple[str, int]]:
        """(site, line hash) of lines seen on at least `min_articles` articles of one site: its furniture."""
        rows = self.db.execute("SELECT site, key FROM lines WHERE articles >= ?", (min_articles,))
        return frozenset((row["site"], row["key"]) for row in rows if isinstance(row["key"], int))

    def resources(self) -> Resources:
        """What this store has learned, for the stages: its knowledge base and its sites' furniture lines."""
        return replace(self.knowledge_resources(), furniture=self.furniture_lines())


def _hashed(key: str | int) -> int | None:
    """A `lines` key as this schema keeps it: a line's hash (None for a line too long to be counted)."""
    if isinstance(key, int):
        return key
    return key_hash(key) if len(key) <= MAX_COUNTED_LENGTH else None


def _unstorable(record: dict[str, Any], error: Exception) -> dict[str, Any]:
    """An error record in place of a record the store could not take."""
    keep = ("id", "url", "title", "published", "path")
    fields = {key: record.get(key) if isinstance(record.get(key), str) else None for key in keep}
    message = f"could not be stored: {type(error).__name__}: {error}"[:500]
    return {**fields, "text": "", "error": message, "error_code": error_code(message)}


def _store_failure(path: str, error: sqlite3.Error) -> str:
    """What to tell a user whose database refused a write."""
    text = str(error)
    if "full" in text:
        hint = "the disk is full: free space, then run the same command again (stored articles are skipped)"
    elif "readonly" in text or "read-only" in text:
        hint = "the database is read-only: check the file's and its folder's permissions"
    elif "locked" in text or "busy" in text:
        hint = "another process held the database too long: try again"
    else:
        hint = "nothing of this batch was stored"
    return f"Cannot write to the database {path}: {text} ({hint})."


def ingest_digest(record: dict[str, Any]) -> str:
    """The key an article is stored under (the SHA-256 of `_ingest_key`)."""
    return hashlib.sha256(_ingest_key(record).encode("utf-8", "surrogatepass")).hexdigest()


def _ingest_key(record: dict[str, Any]) -> str:
    """What makes an article the same article: its URL, else its clean text, else its identity and error."""
    if record.get("url"):
        return "url:" + record["url"]
    if record.get("text"):
        return "text:" + record["text"]
    return f"error:{record.get('id')}\n{record.get('error')}"
