"""Exports of the store's events, on top of the store (`store/`): CSV, JSONL, Parquet, PLOVER JSON (the spec's field
names) and a GDELT 2.0 events-compatible TSV (GDELT's 61 columns in GDELT's order, our values), so that
existing GDELT tooling reads it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from . import __version__
from .errors import NewsEventsError
from .store import Store

FORMATS = ("csv", "jsonl", "parquet", "plover", "gdelt")

CSV_COLUMNS = [
    "event_id",
    "date",
    "date_text",
    "type",
    "mode",
    "context",
    "cameo",
    "quad",
    "goldstein",
    "status",
    "source_codes",
    "source_names",
    "target_codes",
    "target_names",
    "confidence",
    "sentence",
    "article_id",
    "title",
    "url",
    "published",
]

_ACTOR_FIELDS = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO_FIELDS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
GDELT_COLUMNS = (
    ["GlobalEventID", "Day", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{f}" for f in _ACTOR_FIELDS]
    + [f"Actor2{f}" for f in _ACTOR_FIELDS]
    + [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    + [f"Actor1Geo_{f}" for f in _GEO_FIELDS]
    + [f"Actor2Geo_{f}" for f in _GEO_FIELDS]
    + [f"ActionGeo_{f}" for f in _GEO_FIELDS]
    + ["DATEADDED", "SOURCEURL"]
)


def export_events(store: Store, path: str | Path, fmt: str, **filters: Any) -> int:
    """Write the events matching `filters` (as `Store.query_events`) to `path` in `fmt`; returns the count.

    Raises NewsEventsError for an unknown format, or for Parquet when pyarrow is not installed.
    """
    if fmt not in FORMATS:
        raise NewsEventsError(f"Unknown export format {fmt!r}: use one of {', '.join(FORMATS)}.")
    counted = _Counted(store.iter_events(**filters))  # streamed: memory stays flat on any store
    path = Path(path)
    if fmt == "jsonl":
        _write_lines(path, (json.dumps(row, ensure_ascii=False) for row in counted))
    elif fmt == "plover":
        _write_lines(path, (json.dumps(plover_record(row), ensure_ascii=False) for row in counted))
    elif fmt == "csv":
        _write_table(path, CSV_COLUMNS, (flat_row(row) for row in counted), delimiter=",")
    elif fmt == "gdelt":
        _write_table(path, None, (gdelt_row(row) for row in counted), delimiter="\t")
    else:
        _write_parquet(path, (flat_row(row) for row in counted))
    return counted.count


class _Counted:
    """An iterable that counts what passes through it."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.count += 1
            yield item


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """One event as flat columns (CSV, Parquet): participants joined with `;`."""
    return {
        "event_id": row["id"],
        "date": row["date"],
        "date_text": row["date_text"],
        "type": row["type"],
        "mode": row["mode"],
        "context": ";".join(row["context"]),
        "cameo": row["cameo"],
        "quad": row["quad"],
        "goldstein": row["goldstein"],
        "status": row["status"],
        "source_codes": ";".join(r["code"] or "" for r in row["source"]),
        "source_names": ";".join(r["name"] for r in row["source"]),
        "target_codes": ";".join(r["code"] or "" for r in row["target"]),
        "target_names": ";".join(r["name"] for r in row["target"]),
        "confidence": row["confidence"],
        "sentence": row["sentence"],
        "article_id": row["article_id"],
        "title": row["title"],
        "url": row["url"],
        "published": row["published"],
    }


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event in PLOVER's JSON fields (manual, "PLOVER JSON"): actor and recipient are entity lists."""

    def entities(refs: list[dict]) -> list[dict]:
        return [
            {
                "code": ref["country"] or (ref["code"] or "")[:3] or None,
                "sector_code": ref["sector"],
                "entity_text": ref["text"],
                "entity_name": ref["name"],
            }
            for ref in refs
        ]

    return {
        "id": f"newsevents-{row['id']}",
        "date": _full_date(row["date"]),
        "actor": entities(row["source"]),
        "recipient": entities(row["target"]),
        "event": [row["type"]],
        "mode": [row["mode"]] if row["mode"] else [],
        "context": row["context"],
        "quad_code": row["quad"],
        "event_scale": row["goldstein"],
        "event_text": [row["sentence"]],
        "text": row["sentence"],
        "cite_info": {"url": row["url"], "title": row["title"], "published": row["published"]},
        "coder": f"newsevents {__version__}",
        "status": row["status"],
        "cameo": row["cameo"],
    }


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """One event as GDELT 2.0's 61 event columns; fields newsevents does not know are left empty."""
    date = _full_date(row["date"]) or ""
    day = date.replace("-", "")
    first, second = (row["source"] or [{}])[0], (row["target"] or [{}])[0]
    values: dict[str, Any] = {
        "GlobalEventID": row["id"],
        "Day": day,
        "MonthYear": day[:6],
        "Year": day[:4],
        "FractionDate": _fraction_date(date),
        "IsRootEvent": 1,
        "EventCode": row["cameo"],
        "EventBaseCode": (row["cameo"] or "")[:3],
        "EventRootCode": (row["cameo"] or "")[:2],
        "QuadClass": row["quad"],
        "GoldsteinScale": row["goldstein"],
        "NumMentions": row.get("mentions", 1),
        "NumSources": row.get("sources", 1),
        "NumArticles": row.get("articles", 1),
        "DATEADDED": (row.get("published") or "").replace("-", ""),
        "SOURCEURL": row["url"] or "",
    }
    for prefix, ref in (("Actor1", first), ("Actor2", second)):
        if ref:
            values[f"{prefix}Code"] = ref.get("code") or ""
            values[f"{prefix}Name"] = (ref.get("name") or "").upper()
            values[f"{prefix}CountryCode"] = ref.get("country") or ""
            values[f"{prefix}Type1Code"] = ref.get("sector") or ""
    return [values.get(column, "") for column in GDELT_COLUMNS]


def _full_date(value: str | None) -> str | None:
    """YYYY-MM-DD from a day, a month (first day) or a year (1 January)."""
    if not value:
        return None
    return value + ("-01" * (2 - value.count("-")))


def _fraction_date(date: str) -> str:
    if not date:
        return ""
    year, month, day = (int(part) for part in date.split("-"))
    return f"{year + ((month - 1) * 30 + day) / 365:.4f}"


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")


def _write_table(path: Path, columns: list[str] | None, rows: Iterator, delimiter: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if columns:
            writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter)
            writer.writeheader()
        else:
            writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerows(rows)


PARQUET_ROW_GROUP = 10_000


def _write_parquet(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Parquet written a row group at a time (memory holds one group, not the whole export)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise NewsEventsError("Parquet export needs pyarrow: pip install pyarrow (or 'make install').") from e
    schema = None
    writer = None
    try:
        for group in _chunks(rows, PARQUET_ROW_GROUP):
            table = pa.table({name: [row[name] for row in group] for name in CSV_COLUMNS})
            if writer is None:  # columns empty in the first group are text (the only kind that may be empty)
                schema = pa.schema([pa.field(f.name, pa.string()) if f.type == pa.null() else f for f in table.schema])
                writer = pq.ParquetWriter(path, schema)
            writer.write_table(table.cast(schema) if table.schema != schema else table)
        if writer is None:  # no events: an empty file with the columns
            pq.write_table(pa.table({name: [] for name in CSV_COLUMNS}), path)
    finally:
        if writer is not None:
            writer.close()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
