"""How a record's parts map to the store's rows and back: a stored article read back equals its record.

Each part has one column list; `*_values` gives a part's values in that order, `*_from_row` the part again.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# The article columns a record fills (besides its ingest key and URL), in this order.
ARTICLE_FIELDS = (
    "article_key",
    "title",
    "published",
    "byline",
    "credit",
    "path",
    "text",
    "error",
    "language",
    "error_code",
)
ACTOR_COLUMNS = ("name", "kind", "code", "country", "sector", "role", "mentions", "evidence")
EVENT_COLUMNS = (
    "type",
    "mode",
    "context",
    "cameo",
    "quad",
    "goldstein",
    "status",
    "date",
    "date_text",
    "date_granularity",
    "trigger",
    "sentence",
    "start",
    "end",
    "confidence",
    "source",
    "target",
)
QUOTE_COLUMNS = (
    "kind",
    "text",
    "cue",
    "audience",
    "start",
    "end",
    "speaker_text",
    "speaker_name",
    "speaker_code",
    "speaker_country",
    "speaker_sector",
    "continues",
    "partial",
)
REF_FIELDS = ("text", "name", "code", "country", "sector")


def insert_sql(table: str, columns: tuple[str, ...], leading: tuple[str, ...] = ()) -> str:
    """`INSERT INTO table (leading..., columns...) VALUES (?, ...)` with every column quoted."""
    names = ", ".join(f'"{c}"' for c in leading + columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in leading + columns)})"


def article_values(record: dict[str, Any]) -> tuple:
    """A record's values for ARTICLE_FIELDS."""
    names = {"article_key": "id"}
    values = {field: record.get(names.get(field, field)) for field in ARTICLE_FIELDS}
    values["text"] = record.get("text") or ""
    return tuple(values.values())


def actor_values(actor: dict[str, Any]) -> tuple:
    return tuple(json.dumps(actor["mentions"]) if c == "mentions" else actor.get(c) for c in ACTOR_COLUMNS)


def event_values(event: dict[str, Any]) -> tuple:
    encode = {"context": ",".join, "source": json.dumps, "target": json.dumps}
    return tuple(encode[c](event[c]) if c in encode else event.get(c) for c in EVENT_COLUMNS)


def quote_values(quote: dict[str, Any]) -> tuple:
    speaker = quote.get("speaker") or {}
    values = {c: quote.get(c) for c in QUOTE_COLUMNS}
    values.update({f"speaker_{field}": speaker.get(field) for field in REF_FIELDS})
    values["continues"], values["partial"] = int(bool(quote.get("continues"))), int(bool(quote.get("partial")))
    return tuple(values.values())


def actor_from_row(row: sqlite3.Row) -> dict[str, Any]:
    actor = {c: row[c] for c in ACTOR_COLUMNS}
    actor["mentions"] = json.loads(actor["mentions"])
    return actor


def event_from_row(row: sqlite3.Row) -> dict[str, Any]:
    event = {c: row[c] for c in EVENT_COLUMNS}
    event["source"], event["target"] = json.loads(event["source"]), json.loads(event["target"])
    event["context"] = [c for c in (event["context"] or "").split(",") if c]
    return event


def quote_from_row(row: sqlite3.Row) -> dict[str, Any]:
    quote = {c: row[c] for c in QUOTE_COLUMNS if not c.startswith("speaker_")}
    quote["continues"], quote["partial"] = bool(quote["continues"]), bool(quote["partial"])
    speaker = {field: row[f"speaker_{field}"] for field in REF_FIELDS}
    quote["speaker"] = speaker if any(value is not None for value in speaker.values()) else None
    return quote


def record_from_rows(article: sqlite3.Row, actors, events, quotes) -> dict[str, Any]:
    """The record a stored article was made from (`error` and `error_code` only when set, as `process` gives)."""
    record = {field: article[field] for field in ARTICLE_FIELDS if field != "article_key"}
    record["id"], record["url"] = article["article_key"], article["url"]
    for field in ("error", "error_code"):
        if record[field] is None:
            del record[field]
    record["actors"] = [actor_from_row(row) for row in actors]
    record["events"] = [event_from_row(row) for row in events]
    record["quotes"] = [quote_from_row(row) for row in quotes]
    return record
