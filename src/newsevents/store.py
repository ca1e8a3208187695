"""Stage 8, store: records in an embedded SQLite database, and the queries analysts run over it.

WAL mode lets a server read while the CLI writes; each batch is one transaction; an article is keyed by
the hash of its clean text, so ingesting it twice stores it once. Parameters are always bound.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import copies
from .errors import StoreError
from .knowledge import SCHEMA as KNOWLEDGE_SCHEMA
from .knowledge import KnowledgeEntry
from .lines import MAX_COUNTED_LENGTH, counted_lines, key_hash, site_of
from .queries import StoreQueries

SCHEMA_VERSION = 7  # 2: quotes.audience; 3: lines; 4: articles_fts; 5: ingest_key, duplicate_of, clusters; 6: alerts;
# 7: signatures in a named MinHash scheme with their LSH bands (signature_bands)
# Columns added after version 1 (created for new databases and by the upgrade for older ones).
LATER_COLUMNS = (
    ("quotes", "audience", "TEXT"),
    ("articles", "duplicate_of", "INTEGER"),
    ("events", "cluster_id", "INTEGER"),
    ("alert_outbox", "next_attempt_at", "TEXT"),
)
LEARNED = "articles"  # the knowledge source of what ingested articles said
FURNITURE_MIN_ARTICLES = 5  # a line on this many articles of one site is that site's furniture
DEFAULT_DB = "newsevents.db"

LINES_TABLE = """CREATE TABLE IF NOT EXISTS lines (
    site TEXT NOT NULL, key INTEGER NOT NULL, articles INTEGER NOT NULL, PRIMARY KEY (site, key)
)"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    ingest_key TEXT NOT NULL UNIQUE,
    article_key TEXT, url TEXT, title TEXT, published TEXT, byline TEXT, credit TEXT,
    path TEXT, text TEXT NOT NULL, error TEXT, ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actors (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL, kind TEXT, code TEXT, country TEXT, sector TEXT, role TEXT, mentions TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL, mode TEXT, context TEXT, cameo TEXT, quad INTEGER, goldstein REAL,
    status TEXT, date TEXT, date_text TEXT, sentence TEXT, start INTEGER, "end" INTEGER, confidence REAL,
    source TEXT NOT NULL, target TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('source', 'target')),
    name TEXT, code TEXT, country TEXT, sector TEXT
);
CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT, text TEXT, cue TEXT, audience TEXT, start INTEGER, "end" INTEGER,
    speaker_name TEXT, speaker_code TEXT, speaker_country TEXT, speaker_sector TEXT
);
CREATE TABLE IF NOT EXISTS clusters (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, type TEXT, date TEXT,
    mentions INTEGER NOT NULL DEFAULT 0, sources INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS alert_rules (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, rule TEXT NOT NULL, target TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alert_outbox (
    id INTEGER PRIMARY KEY, rule_id INTEGER NOT NULL, event_id INTEGER NOT NULL, payload TEXT NOT NULL,
    created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, delivered_at TEXT, last_error TEXT,
    UNIQUE (rule_id, event_id)
);
CREATE TABLE IF NOT EXISTS signatures (article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                                       minhash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS signature_bands (
    band INTEGER NOT NULL, key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS signature_bands_key ON signature_bands(band, key);
CREATE INDEX IF NOT EXISTS signature_bands_article ON signature_bands(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
{lines}
CREATE INDEX IF NOT EXISTS events_type ON events(type);
{knowledge}
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS participants_event ON participants(event_id);
CREATE INDEX IF NOT EXISTS participants_code ON participants(code);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_name);
""".replace("{knowledge}", KNOWLEDGE_SCHEMA).replace("{lines}", LINES_TABLE + ";")


def default_db_path() -> str:
    """`$NEWSEVENTS_DB`, else ./newsevents.db."""
    return os.environ.get("NEWSEVENTS_DB") or DEFAULT_DB


class Store(StoreQueries):
    """An open newsevents database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            # Writes take the write lock when their transaction begins (BEGIN IMMEDIATE), so two writers wait
            # for each other (up to `timeout`) instead of failing half-way when one upgrades a read lock.
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level="IMMEDIATE")
            self.db.row_factory = sqlite3.Row
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
            for table, column, kind in LATER_COLUMNS:
                if column not in self._columns(table):
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            self.db.execute("CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster_id)")
            if version is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif version < SCHEMA_VERSION:
                self._upgrade(version)

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

    def _upgrade(self, version: int) -> None:
        """Bring a database written by an older newsevents up to this schema, step by step."""
        if version < 4:  # index the articles stored before full-text search existed
            self.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        if version < 5 and "content_hash" in self._columns("articles"):
            self.db.execute("ALTER TABLE articles RENAME COLUMN content_hash TO ingest_key")
            self._rekey_articles()
        if version < 7:  # lines were kept as text: keep the hashes of the short ones instead
            rows = self.db.execute("SELECT site, key, articles FROM lines").fetchall()
            self.db.execute("DROP TABLE lines")
            self.db.execute(LINES_TABLE)
            self.db.executemany(
                "INSERT INTO lines (site, key, articles) VALUES (?, ?, ?)"
                " ON CONFLICT (site, key) DO UPDATE SET articles = max(articles, excluded.articles)",
                [(r["site"], _hashed(r["key"]), r["articles"]) for r in rows if _hashed(r["key"]) is not None],
            )
        if version < 7:  # signatures of an unnamed scheme: recompute them, with their bands
            self.db.execute("DELETE FROM signatures")
            self.db.execute("DELETE FROM signature_bands")
            for row in self.db.execute("SELECT id, text FROM articles ORDER BY id").fetchall():
                self._link_copy(row["id"], row["text"] or "")
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

    def _rekey_articles(self) -> None:
        """Articles stored before schema 5 were keyed by their text alone: key them as new ones are (by URL
        first), so re-ingesting them after the upgrade finds them stored."""
        rows = self.db.execute("SELECT id, url, text, article_key, error FROM articles ORDER BY id").fetchall()
        for row in rows:
            record = {"url": row["url"], "text": row["text"], "id": row["article_key"], "error": row["error"]}
            self.db.execute(
                "UPDATE OR IGNORE articles SET ingest_key = ? WHERE id = ?", (ingest_digest(record), row["id"])
            )

    def _columns(self, table: str) -> set[str]:
        return {row["name"] for row in self.db.execute(f"PRAGMA table_info({table})")}

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
            (digest, record.get("url"), *_article_values(record), now),
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
        """Stored articles (id order) as `reprocess` reads them, a page at a time."""
        where, params = ["id > ?"], []
        if since:
            where.append("ingested_at >= ?")
            params.append(since)
        if errors_only:
            where.append("error IS NOT NULL")
        if url_like:
            where.append("url LIKE '%' || ? || '%'")
            params.append(url_like)
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT id, article_key, url, title, published, path, text, error FROM articles"
                f" WHERE {' AND '.join(where)} ORDER BY id LIMIT 500",
                [last, *params],
            ).fetchall()
            yield from (dict(row) for row in rows)
            if len(rows) < 500:
                return
            last = rows[-1]["id"]

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
            (*_article_values(record), article_id),
        )
        self.db.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (article_id, record.get("title"), record.get("text") or ""),
        )
        self._index_article(article_id, record)

    def _add_parts(self, article_id: int, record: dict[str, Any]) -> None:
        self.db.executemany(
            "INSERT INTO actors (article_id, name, kind, code, country, sector, role, mentions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    article_id,
                    a["name"],
                    a["kind"],
                    a["code"],
                    a["country"],
                    a["sector"],
                    a["role"],
                    json.dumps(a["mentions"]),
                )
                for a in record.get("actors", [])
            ],
        )
        for event in record.get("events", []):
            cursor = self.db.execute(
                "INSERT INTO events (article_id, type, mode, context, cameo, quad, goldstein, status, date, date_text,"
                ' sentence, start, "end", confidence, source, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
                (
                    article_id,
                    event["type"],
                    event["mode"],
                    ",".join(event["context"]),
                    event["cameo"],
                    event["quad"],
                    event["goldstein"],
                    event["status"],
                    event["date"],
                    event["date_text"],
                    event["sentence"],
                    event["start"],
                    event["end"],
                    event["confidence"],
                    json.dumps(event["source"]),
                    json.dumps(event["target"]),
                ),
            )
            self.db.executemany(
                "INSERT INTO participants (event_id, role, name, code, country, sector) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (cursor.lastrowid, role, ref["name"], ref["code"], ref["country"], ref["sector"])
                    for role in ("source", "target")
                    for ref in event[role]
                ],
            )
        self.db.executemany(
            'INSERT INTO quotes (article_id, kind, text, cue, audience, start, "end", speaker_name, speaker_code,'
            " speaker_country, speaker_sector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    article_id,
                    q["kind"],
                    q["text"],
                    q["cue"],
                    q.get("audience"),
                    q["start"],
                    q["end"],
                    *_speaker_fields(q.get("speaker")),
                )
                for q in record.get("quotes", [])
            ],
        )

    def add_knowledge(self, entries: Iterable[KnowledgeEntry]) -> int:
        """Store dictionary entries in the knowledge base, in one transaction; returns how many were added.

        Entries already there (same alias, code and dates from the same source) are not added twice.
        """
        columns = 'alias, name, kind, code, country, sector, role, start, "end", source'
        rows = {
            (e.alias, e.name, e.kind, e.code, e.country, e.sector, e.role, e.start, e.end, e.source) for e in entries
        }
        with self.db:
            new = rows - set(map(tuple, self.db.execute(f"SELECT {columns} FROM knowledge")))
            self.db.executemany(
                f"INSERT INTO knowledge ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sorted(new, key=str)
            )
        return len(new)

    def learn(self, record: dict[str, Any]) -> int:
        """Keep what an article says of its people as dated knowledge: a person named with a title is that
        code from the article's date on; a later article showing another office closes the earlier range.
        Returns how many entries were added or changed."""
        date = record.get("published")
        changed = 0
        for actor in record.get("actors", []) if date else []:
            if (
                actor["kind"] != "person"
                or actor.get("evidence") != "article"
                or not (actor["country"] and actor["sector"])
            ):
                continue
            code = actor["country"] + actor["sector"]
            rows = self.db.execute(
                'SELECT rowid, code, start, "end" FROM knowledge WHERE source = ? AND name = ? ORDER BY start',
                (LEARNED, actor["name"]),
            ).fetchall()
            current = next((row for row in rows if row["end"] is None), None)
            if current and current["code"] == code:
                if date < current["start"]:
                    self.db.execute("UPDATE knowledge SET start = ? WHERE rowid = ?", (date, current["rowid"]))
                    changed += 1
                continue
            end = None
            if current and date > current["start"]:  # a change of office closes the earlier range
                self.db.execute('UPDATE knowledge SET "end" = ? WHERE rowid = ?', (date, current["rowid"]))
            elif current:  # older evidence of another office: it ended when the current one began
                end = current["start"]
            self.db.execute(
                'INSERT INTO knowledge (alias, name, kind, code, country, sector, role, start, "end", source)'
                " VALUES (?, ?, 'person', ?, ?, ?, ?, ?, ?, ?)",
                (
                    actor["name"],
                    actor["name"],
                    code,
                    actor["country"],
                    actor["sector"],
                    actor["role"],
                    date,
                    end,
                    LEARNED,
                ),
            )
            changed += 1
        return changed

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

    def knowledge_count(self) -> int:
        """How many entries the knowledge base holds."""
        return self.db.execute("SELECT COUNT(*) FROM knowledge").fetchone()[0]


def _speaker_fields(speaker: dict | None) -> tuple:
    if not speaker:
        return (None, None, None, None)
    return (speaker.get("name"), speaker.get("code"), speaker.get("country"), speaker.get("sector"))


# The article columns a record fills (besides its key and URL), in this order.
ARTICLE_FIELDS = ("article_key", "title", "published", "byline", "credit", "path", "text", "error")


def _article_values(record: dict[str, Any]) -> tuple:
    """A record's values for ARTICLE_FIELDS."""
    return tuple(
        (record.get("text") or "") if field == "text" else record.get("id" if field == "article_key" else field)
        for field in ARTICLE_FIELDS
    )


def _hashed(key: str | int) -> int | None:
    """A `lines` key as this schema keeps it: a line's hash (None for a line too long to be counted)."""
    if isinstance(key, int):
        return key
    return key_hash(key) if len(key) <= MAX_COUNTED_LENGTH else None


def _unstorable(record: dict[str, Any], error: Exception) -> dict[str, Any]:
    """An error record in place of a record the store could not take."""
    keep = ("id", "url", "title", "published", "path")
    fields = {key: record.get(key) if isinstance(record.get(key), str) else None for key in keep}
    return {**fields, "text": "", "error": f"could not be stored: {type(error).__name__}: {error}"[:500]}


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


def cluster_key(event_type: str, source: list[dict], target: list[dict], date: str | None) -> str:
    """One happening: the type, who acted on whom (countries, else codes) in either order, and the day."""

    def side(refs: list[dict]) -> str:
        return ",".join(sorted({ref.get("country") or (ref.get("code") or ref.get("name") or "")[:3] for ref in refs}))

    dyad = sorted([side(source), side(target)])
    return f"{event_type}|{dyad[0]}|{dyad[1]}|{date or ''}"
