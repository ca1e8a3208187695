"""Ingest: read → process → store → queue alerts, one transaction per batch.

The orchestrator around the pure pipeline: it hands the store's `Resources` to `process_many`, writes each
batch of records in one transaction and queues the alerts they fire. Delivering alerts is left to
`alerts.deliver_alerts`, outside the run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .actors.dictionaries import read_dictionary
from .alerts import match_new_events
from .errors import MissingInputError
from .model import Article
from .options import Options, Resources
from .pipeline import process_many
from .sources import read_paths
from .store import Store
from .tables import read_table


@dataclass
class IngestReport:
    """What an ingest run did."""

    read: int = 0
    added: int = 0
    duplicates: int = 0
    errors: int = 0
    events: int = 0
    alerts: int = 0
    stopped: bool = False  # the run was asked to stop and ended after storing the batch in flight


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    published: str | None = None,
    workers: int | None = None,
    options: Options | None = None,
    progress: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Process every article under `paths` (files, folders, globs, JSONL) and store the records."""
    options = options or Options()
    articles = read_paths(paths, published=published, max_bytes=options.max_bytes)
    return ingest_articles(
        articles, store, workers=workers, options=options, progress=progress, should_stop=should_stop
    )


def ingest_articles(
    items: Iterable[Article | str | dict],
    store: Store,
    *,
    workers: int | None = None,
    options: Options | None = None,
    resources: Resources | None = None,
    progress: bool = False,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Process articles and store their records, one transaction per batch, and queue the alerts they fire
    (delivery is left to `alerts.deliver_alerts`, outside the run).

    An article already stored (same URL, or same clean text when it has none) is counted as a duplicate and
    not stored again; one stored as an error is replaced when it now reads well. What the store knows when
    the run starts (`Store.resources()`: its knowledge base and learned furniture lines) takes part in
    processing, unless `resources` is given; what the run itself learns is used from the next run on (or by
    `reprocess`). `on_record` sees every record as it is stored.
    `should_stop` is asked after each stored batch: when it says yes, the run ends there (`report.stopped`).
    """
    records = process_many(items, workers=workers, options=options, resources=_resources(store, resources))
    return _store_batches(records, store.add_records, store, "ingest", progress, on_record, should_stop)


def _store_batches(
    records: Iterator[dict[str, Any]],
    write: Callable[[list[dict[str, Any]]], tuple[int, int]],
    store: Store,
    desc: str,
    progress: bool,
    on_record: Callable[[dict[str, Any]], None] | None,
    should_stop: Callable[[], bool] | None,
) -> IngestReport:
    """Write records a batch (one transaction) at a time, queue the alerts they fire, count them, and stop
    after the batch in flight when `should_stop` says so."""
    report = IngestReport()
    bar = tqdm(records, unit=" articles", desc=desc, disable=not progress, file=sys.stderr)
    stream = iter(bar)  # one iterator: a new one per batch would close the bar (and the run) after the first
    try:
        while batch := list(islice(stream, STORE_BATCH)):
            added, skipped = write(batch)
            report.alerts += match_new_events(store)
            _count(report, batch, added, skipped)
            for record in batch if on_record else ():
                on_record(record)
            if should_stop is not None and should_stop():
                report.stopped = True
                break
    finally:
        bar.close()
        close = getattr(records, "close", None)
        if close is not None:
            close()  # ends the worker pool now, not when the generator is collected
    return report


STORE_BATCH = 64  # records per transaction


def _count(report: IngestReport, batch: list[dict[str, Any]], added: int, skipped: int) -> None:
    report.read += len(batch)
    report.added += added
    report.duplicates += skipped
    report.errors += sum(1 for r in batch if r.get("error"))
    report.events += sum(len(r.get("events", [])) for r in batch)


def reprocess(
    store: Store,
    *,
    since: str | None = None,
    errors_only: bool = False,
    url_like: str | None = None,
    workers: int | None = None,
    options: Options | None = None,
    resources: Resources | None = None,
    progress: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Re-code stored articles with the current coder and the store's current knowledge, keeping their ids:
    each article's actors, events, quotes, signature and clusters are replaced, one transaction per batch.

    Articles are re-read from what was stored: their clean text (an article stored as an error is re-read
    from its path when the file is still there). `since` is the ingest date; `errors_only` retries only the
    articles stored as errors.
    """
    options = options or Options()
    resources = _resources(store, resources)
    stored = store.stored_articles(since=since, errors_only=errors_only, url_like=url_like)
    items = (_stored_article(row, options) for row in stored)
    ids: list[int] = []

    def articles():
        for article_id, article in items:
            ids.append(article_id)
            yield article

    records = process_many(articles(), workers=workers, options=options, resources=resources)
    done = 0

    def write(batch: list[dict[str, Any]]) -> tuple[int, int]:
        nonlocal done
        store.replace_articles(list(zip(ids[done : done + len(batch)], batch, strict=True)))
        done += len(batch)
        return len(batch), 0

    return _store_batches(records, write, store, "reprocess", progress, None, should_stop)


def _stored_article(row: dict[str, Any], options: Options) -> tuple[int, Article]:
    """A stored article as input again: its clean text, or its file when it was stored as an error."""
    if row["error"] and row["path"] and Path(row["path"]).is_file():
        for article in read_paths([row["path"]], max_bytes=options.max_bytes):
            return row["id"], replace(article, id=row["article_key"], url=row["url"] or article.url)
    article = Article(
        source=row["text"] or "",
        id=row["article_key"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        path=row["path"],
        error=None if row["text"] else row["error"],
    )
    return row["id"], article


def _resources(store: Store, given: Resources | None) -> Resources:
    """The resources a run uses: the caller's, else what the store knows now."""
    return given if given is not None else store.resources()


def import_dictionaries(paths: Iterable[str], store: Store) -> dict[str, int]:
    """Import actor dictionaries (Phoenix/PETRARCH `.actors` files, CountryInfo) into the store's knowledge
    base; returns the entries added per file. Later ingests and processing with this store use them."""
    countries = {row["code"] for row in read_table("countries")}
    added = {}
    for path in expand_dictionary_paths(paths):
        added[path] = store.add_knowledge(read_dictionary(Path(path), countries))
    return added


def expand_dictionary_paths(paths: Iterable[str]) -> list[str]:
    """Dictionary files named directly or found in folders; a missing one is a clear error."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(str(p) for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        elif path.is_file():
            found.append(str(path))
        else:
            raise MissingInputError(f"No such dictionary file or folder: {name}")
    return found
