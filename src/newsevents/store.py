"""Stage 8, store: records in an embedded SQLite database, and the queries analysts run over it.

WAL mode lets a server read while the CLI writes; each batch is one transaction; an article is keyed by
the hash of its clean text, so ingesting it twice stores it once. Parameters are always bound.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .clean import MAX_FURNITURE_LENGTH, line_key
from .errors import StoreError
from .knowledge import SCHEMA as KNOWLEDGE_SCHEMA
from .knowledge import KnowledgeEntry
from .queries import StoreQueries

SCHEMA_VERSION = 6  # 2: quotes.audience; 3: lines; 4: articles_fts; 5: ingest_key, duplicate_of, clusters; 6: alerts
# Columns added after version 1 (created for new databases and by the upgrade for older ones).
LATER_COLUMNS = (
    ("quotes", "audience", "TEXT"),
    ("articles", "duplicate_of", "INTEGER"),
    ("events", "cluster_id", "INTEGER"),
)
NEAR_DUPLICATE = 0.8  # MinHash Jaccard estimate above which two articles are copies of one story
LEARNED = "articles"  # the knowledge source of what ingested articles said
FURNITURE_MIN_ARTICLES = 5  # a line on this many articles of one site is that site's furniture
DEFAULT_DB = "newsevents.db"

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
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TABLE IF NOT EXISTS lines (
    site TEXT NOT NULL, key TEXT NOT NULL, articles INTEGER NOT NULL, PRIMARY KEY (site, key)
);
CREATE INDEX IF NOT EXISTS events_type ON events(type);
{knowledge}
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS participants_event ON participants(event_id);
CREATE INDEX IF NOT EXISTS participants_code ON participants(code);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_name);
""".replace("{knowledge}", KNOWLEDGE_SCHEMA)


def default_db_path() -> str:
    """`$NEWSEVENTS_DB`, else ./newsevents.db."""
    return os.environ.get("NEWSEVENTS_DB") or DEFAULT_DB


class Store(StoreQueries):
    """An open newsevents database. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        try:
            self._lsh = None
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open the database {self.path}: {e}. Check the path and its permissions.") from e

    def _migrate(self) -> None:
        with self.db:
            self.db.executescript(SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row["value"]) > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer newsevents (schema {row['value']}); upgrade newsevents to read it."
                )
            elif int(row["value"]) < SCHEMA_VERSION:
                self._upgrade(int(row["value"]))
            for table, column, kind in LATER_COLUMNS:
                if column not in self._columns(table):
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            self.db.execute("CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster_id)")

    def _upgrade(self, version: int) -> None:
        """Bring a database written by an older newsevents up to this schema, step by step."""
        if version < 4:  # index the articles stored before full-text search existed
            self.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        if version < 5 and "content_hash" in self._columns("articles"):
            self.db.execute("ALTER TABLE articles RENAME COLUMN content_hash TO ingest_key")
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

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
        with self.db:
            for record in records:
                digest = hashlib.sha256(_ingest_key(record).encode("utf-8")).hexdigest()
                cursor = self.db.execute(
                    "INSERT OR IGNORE INTO articles (ingest_key, article_key, url, title, published, byline, credit,"
                    " path, text, error, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        digest,
                        record.get("id"),
                        record.get("url"),
                        record.get("title"),
                        record.get("published"),
                        record.get("byline"),
                        record.get("credit"),
                        record.get("path"),
                        record.get("text") or "",
                        record.get("error"),
                        now,
                    ),
                )
                if cursor.rowcount == 0:
                    skipped += 1
                    continue
                added += 1
                self._add_parts(cursor.lastrowid, record)
                self.learn(record)
                self._count_lines(record)
                self._link_copy(cursor.lastrowid, record.get("text") or "")
            self._update_clusters()
        return added, skipped

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
        """Mark an article as a copy of an earlier one when their MinHash signatures say they are one story."""
        signature = minhash(text)
        if signature is None:
            return
        index = self._copy_index()
        copies = [int(key) for key in index.query(signature)]
        if copies:
            self.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (min(copies), article_id))
        index.insert(str(article_id), signature)
        self.db.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?)", (article_id, signature.hashvalues.tobytes()))

    def _copy_index(self):
        """The MinHash LSH index of stored articles, built once per open store."""
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=PERMUTATIONS)
            for row in self.db.execute("SELECT article_id, minhash FROM signatures"):
                self._lsh.insert(str(row["article_id"]), _signature_from_bytes(row["minhash"]))
        return self._lsh

    def _update_clusters(self) -> None:
        """Put new events into clusters (one happening: type, dyad, day) and refresh the counts of the clusters
        touched: mentions, distinct sources (sites) and distinct articles."""
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
        for cluster in touched:
            rows = self.db.execute(
                "SELECT e.article_id, a.url FROM events e JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = ?",
                (cluster,),
            ).fetchall()
            sites = {urlsplit(row["url"] or "").hostname or f"article-{row['article_id']}" for row in rows}
            self.db.execute(
                "UPDATE clusters SET mentions = ?, sources = ?, articles = ? WHERE id = ?",
                (len(rows), len(sites), len({row["article_id"] for row in rows}), cluster),
            )

    def _count_lines(self, record: dict[str, Any]) -> None:
        """Count, per site, the short lines of an article (a line on many pages of one site is furniture)."""
        site = urlsplit(record.get("url") or "").hostname
        if not site or not record.get("text"):
            return
        keys = {line_key(p) for p in record["text"].split("\n\n") if 0 < len(p) <= MAX_FURNITURE_LENGTH}
        self.db.executemany(
            "INSERT INTO lines (site, key, articles) VALUES (?, ?, 1)"
            " ON CONFLICT (site, key) DO UPDATE SET articles = articles + 1",
            [(site, key) for key in keys if key],
        )

    def furniture_lines(self, min_articles: int = FURNITURE_MIN_ARTICLES) -> frozenset[str]:
        """Keys of lines seen on at least `min_articles` articles of one site: that site's furniture."""
        rows = self.db.execute("SELECT DISTINCT key FROM lines WHERE articles >= ?", (min_articles,))
        return frozenset(row["key"] for row in rows)

    def knowledge_count(self) -> int:
        """How many entries the knowledge base holds."""
        return self.db.execute("SELECT COUNT(*) FROM knowledge").fetchone()[0]


def _speaker_fields(speaker: dict | None) -> tuple:
    if not speaker:
        return (None, None, None, None)
    return (speaker.get("name"), speaker.get("code"), speaker.get("country"), speaker.get("sector"))


PERMUTATIONS = 64


def _ingest_key(record: dict[str, Any]) -> str:
    """What makes an article the same article: its URL, else its clean text, else its identity and error."""
    if record.get("url"):
        return "url:" + record["url"]
    if record.get("text"):
        return "text:" + record["text"]
    return f"error:{record.get('id')}\n{record.get('error')}"


def minhash(text: str):
    """The MinHash signature of a text's word 5-shingles, or None for a text under 50 words."""
    words = text.lower().split()
    if len(words) < 50:
        return None
    from datasketch import MinHash

    signature = MinHash(num_perm=PERMUTATIONS)
    for i in range(len(words) - 4):
        signature.update(" ".join(words[i : i + 5]).encode("utf-8"))
    return signature


def _signature_from_bytes(data: bytes):
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, hashvalues=np.frombuffer(data, dtype=np.uint64))


def cluster_key(event_type: str, source: list[dict], target: list[dict], date: str | None) -> str:
    """One happening: the type, who acted on whom (countries, else codes) in either order, and the day."""

    def side(refs: list[dict]) -> str:
        return ",".join(sorted({ref.get("country") or (ref.get("code") or ref.get("name") or "")[:3] for ref in refs}))

    dyad = sorted([side(source), side(target)])
    return f"{event_type}|{dyad[0]}|{dyad[1]}|{date or ''}"
