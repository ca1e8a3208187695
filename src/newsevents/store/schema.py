"""The store's schema, and the named migrations that bring a database written by an older newsevents up to it.

One mechanism for every schema change: a new database is created from `SCHEMA` at `SCHEMA_VERSION`; an older
one gets the tables it lacks from `SCHEMA` (every statement is IF NOT EXISTS), then each migration newer than
its version, in order, in one transaction. A migration is idempotent (a column is added only when missing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..errors import error_code

if TYPE_CHECKING:
    from .database import Store

LINES_TABLE = """CREATE TABLE IF NOT EXISTS lines (
    site TEXT NOT NULL, key INTEGER NOT NULL, articles INTEGER NOT NULL, PRIMARY KEY (site, key)
)"""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    ingest_key TEXT NOT NULL UNIQUE,
    article_key TEXT, url TEXT, title TEXT, published TEXT, byline TEXT, credit TEXT,
    path TEXT, text TEXT NOT NULL, error TEXT, ingested_at TEXT NOT NULL,
    duplicate_of INTEGER, language TEXT, error_code TEXT
);
CREATE TABLE IF NOT EXISTS actors (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name TEXT NOT NULL, kind TEXT, code TEXT, country TEXT, sector TEXT, role TEXT, mentions TEXT NOT NULL,
    evidence TEXT
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL, mode TEXT, context TEXT, cameo TEXT, quad INTEGER, goldstein REAL,
    status TEXT, date TEXT, date_text TEXT, sentence TEXT, start INTEGER, "end" INTEGER, confidence REAL,
    source TEXT NOT NULL, target TEXT NOT NULL, cluster_id INTEGER, date_granularity TEXT, trigger TEXT
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
    speaker_name TEXT, speaker_code TEXT, speaker_country TEXT, speaker_sector TEXT,
    speaker_text TEXT, continues INTEGER NOT NULL DEFAULT 0, partial INTEGER NOT NULL DEFAULT 0
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
    next_attempt_at TEXT,
    UNIQUE (rule_id, event_id)
);
CREATE TABLE IF NOT EXISTS signatures (article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                                       minhash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS signature_bands (
    band INTEGER NOT NULL, key INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS knowledge (
    alias TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, code TEXT, country TEXT, sector TEXT,
    role TEXT, start TEXT, "end" TEXT, source TEXT
);
{LINES_TABLE};
CREATE INDEX IF NOT EXISTS signature_bands_key ON signature_bands(band, key);
CREATE INDEX IF NOT EXISTS signature_bands_article ON signature_bands(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE INDEX IF NOT EXISTS events_type ON events(type);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS participants_event ON participants(event_id);
CREATE INDEX IF NOT EXISTS participants_code ON participants(code);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_name);
CREATE INDEX IF NOT EXISTS knowledge_alias ON knowledge(alias);
"""

# Indexes on columns an older database gains only by a migration: created after the migrations.
LATER_INDEXES = ("CREATE INDEX IF NOT EXISTS events_cluster ON events(cluster_id)",)

# The knowledge table's columns, in the order of `KnowledgeEntry`'s fields.
KNOWLEDGE_COLUMNS = 'alias, name, kind, code, country, sector, role, start, "end", source'


class Migration(NamedTuple):
    """One schema change: the version it brings a database to, what it does, and how."""

    version: int
    name: str
    apply: Callable[[Store], None]


def add_column(db: sqlite3.Connection, table: str, column: str, kind: str) -> None:
    """Add a column unless the table has it already."""
    if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})")}:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _quote_audience(store: Store) -> None:
    add_column(store.db, "quotes", "audience", "TEXT")


def _full_text_index(store: Store) -> None:
    store.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")


def _ingest_keys_copies_clusters(store: Store) -> None:
    if "content_hash" in {row[1] for row in store.db.execute("PRAGMA table_info(articles)")}:
        store.db.execute("ALTER TABLE articles RENAME COLUMN content_hash TO ingest_key")
        store.rekey_articles()
    add_column(store.db, "articles", "duplicate_of", "INTEGER")
    add_column(store.db, "events", "cluster_id", "INTEGER")


def _alert_retries(store: Store) -> None:
    add_column(store.db, "alert_outbox", "next_attempt_at", "TEXT")


def _hashed_lines_named_signatures(store: Store) -> None:
    store.rehash_lines()
    store.resign_articles()


def _record_fields_kept(store: Store) -> None:
    for table, column, kind in (
        ("articles", "language", "TEXT"),
        ("articles", "error_code", "TEXT"),
        ("actors", "evidence", "TEXT"),
        ("events", "date_granularity", "TEXT"),
        ("events", "trigger", "TEXT"),
        ("quotes", "speaker_text", "TEXT"),
        ("quotes", "continues", "INTEGER NOT NULL DEFAULT 0"),
        ("quotes", "partial", "INTEGER NOT NULL DEFAULT 0"),
    ):
        add_column(store.db, table, column, kind)
    rows = store.db.execute("SELECT id, error FROM articles WHERE error IS NOT NULL AND error_code IS NULL").fetchall()
    store.db.executemany("UPDATE articles SET error_code = ? WHERE id = ?", [(error_code(r[1]), r[0]) for r in rows])


MIGRATIONS = (
    Migration(2, "quotes say who they were said to (quotes.audience)", _quote_audience),
    Migration(4, "full-text search over stored articles", _full_text_index),
    Migration(5, "articles keyed by URL; near-copies and event clusters", _ingest_keys_copies_clusters),
    Migration(6, "alert deliveries retried after a growing pause", _alert_retries),
    Migration(7, "line hashes instead of lines; MinHash signatures in a named scheme", _hashed_lines_named_signatures),
    Migration(
        8, "every field of a process record kept (trigger, date granularity, evidence, ...)", _record_fields_kept
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version
