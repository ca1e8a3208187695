"""The store's knowledge base: dictionary entries imported by the user, and what stored articles said of
their people (`corpus.offices`). Read back as `KnowledgeEntry`s for `Resources`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import astuple
from typing import Any

from ..corpus.offices import office_change, stated_offices
from ..model import KnowledgeEntry
from ..options import Resources
from .schema import KNOWLEDGE_COLUMNS

LEARNED = "articles"  # the knowledge source of what ingested articles said
INSERT_KNOWLEDGE = f"INSERT INTO knowledge ({KNOWLEDGE_COLUMNS}) VALUES ({', '.join('?' * 10)})"  # KnowledgeEntry order

# The knowledge last read from each database file, with its version: reading 70,000 entries takes a second,
# and a server asks for them on every request. Keyed by what changes whenever the knowledge does.
_READ: dict[str, tuple[tuple, Resources]] = {}


class StoreKnowledge:
    """Knowledge-base reads and writes of `Store` (`self.db`, a sqlite3 connection with Row rows)."""

    db: sqlite3.Connection

    def add_knowledge(self, entries: Iterable[KnowledgeEntry]) -> int:
        """Store dictionary entries in the knowledge base, in one transaction; returns how many were added.

        Entries already there (same alias, code and dates from the same source) are not added twice.
        """
        rows = {astuple(entry) for entry in entries}
        with self.db:
            new = rows - set(map(tuple, self.db.execute(f"SELECT {KNOWLEDGE_COLUMNS} FROM knowledge")))
            self.db.executemany(INSERT_KNOWLEDGE, sorted(new, key=str))
            if new:
                self._knowledge_changed()
        return len(new)

    def knowledge_entries(self) -> list[KnowledgeEntry]:
        """Every entry of the knowledge base, in the order stored."""
        return [
            KnowledgeEntry(*row) for row in self.db.execute(f"SELECT {KNOWLEDGE_COLUMNS} FROM knowledge ORDER BY rowid")
        ]

    def knowledge_resources(self) -> Resources:
        """The knowledge base as `Resources` (no furniture), read again only when it changed."""
        path = getattr(self, "path", ":memory:")
        key = (
            self._knowledge_generation(),
            *self.db.execute("SELECT COUNT(*), MAX(rowid) FROM knowledge").fetchone(),
        )
        cached = _READ.get(path) if path != ":memory:" else None
        if cached is not None and cached[0] == key:
            return cached[1]
        resources = Resources.of(self.knowledge_entries())
        if path != ":memory:":
            if len(_READ) >= 4:  # a process rarely reads more than one or two databases
                del _READ[next(iter(_READ))]
            _READ[path] = (key, resources)
        return resources

    def _knowledge_generation(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'knowledge_generation'").fetchone()
        return int(row[0]) if row else 0

    def _knowledge_changed(self) -> None:
        """Count a change of the knowledge base (inside the writer's transaction)."""
        self.db.execute(
            "INSERT INTO meta VALUES ('knowledge_generation', '1')"
            " ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def knowledge_count(self) -> int:
        """How many entries the knowledge base holds."""
        return self.db.execute("SELECT COUNT(*) FROM knowledge").fetchone()[0]

    def learn(self, record: dict[str, Any]) -> int:
        """Keep the offices an article states of its people as dated knowledge (inside the caller's
        transaction); returns how many entries were added or changed."""
        changed = 0
        for office in stated_offices(record):
            rows = self.db.execute(
                'SELECT rowid, code, start, "end" FROM knowledge WHERE source = ? AND name = ? ORDER BY start',
                (LEARNED, office.name),
            ).fetchall()
            current = next((row for row in rows if row["end"] is None), None)
            change = office_change((current["code"], current["start"]) if current else None, office)
            if change is None:
                continue
            if change.start and current:
                self.db.execute("UPDATE knowledge SET start = ? WHERE rowid = ?", (change.start, current["rowid"]))
            if change.close and current:
                self.db.execute('UPDATE knowledge SET "end" = ? WHERE rowid = ?', (change.close, current["rowid"]))
            if change.open:
                entry = KnowledgeEntry(
                    office.name,
                    office.name,
                    "person",
                    office.code,
                    office.country,
                    office.sector,
                    office.role,
                    *change.open,
                    LEARNED,
                )
                self.db.execute(INSERT_KNOWLEDGE, astuple(entry))
            changed += 1
        if changed:
            self._knowledge_changed()
        return changed
