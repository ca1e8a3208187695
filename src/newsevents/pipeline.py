"""The public entry points: process one article, or stream many through a process pool.

Per-article work is pure (`process_batch`): the same function runs in this process, in pool workers
and in Spark partitions. Each worker loads the spaCy pipeline once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .alerts import match_new_events
from .clean import clean_article
from .dates import published_date
from .ingest import article_from_bytes, article_from_item, read_paths
from .knowledge import read_dictionary
from .model import Article
from .nlp import language_error, load_pipeline
from .options import Options
from .records import build_record, error_record
from .store import Store
from .tables import read_table


def as_article(item: Article | str | bytes | dict[str, Any]) -> Article:
    """An Article from what a caller hands in: an Article, text or HTML (str or bytes), or a JSONL-style dict.

    Anything else is an article with `error` (a bad item never raises: it is recorded like any bad input).
    """
    if isinstance(item, Article):
        return item
    if isinstance(item, bytes):
        return article_from_bytes(item)
    if isinstance(item, str):
        return article_from_bytes(item.encode("utf-8", "replace"))  # a lone surrogate becomes "?"
    if isinstance(item, dict):
        return article_from_item(item)
    return Article(
        error=f"cannot process an object of type {type(item).__name__}; pass text, HTML, a dict or an Article"
    )


def process(
    text_or_html: str | bytes,
    *,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    options: Options | None = None,
) -> dict[str, Any]:
    """Process one article (HTML or scraped text) into its record dict (interface.md shape).

    Bad input gives a record with `error` set, never an exception.
    """
    article = as_article(text_or_html)
    article = replace(
        article,
        url=url if isinstance(url, str) and url else article.url,
        published=published_date(published) or article.published,
        title=title if isinstance(title, str) and title else article.title,
    )
    return process_batch([article], options or Options())[0]


def process_batch(articles: list[Article], options: Options) -> list[dict[str, Any]]:
    """Clean, annotate and record a batch of articles in this process (the pure per-document work).

    Each article is isolated: whatever fails on one (its cleaning, its annotation, its record) becomes that
    article's error record, and the others come out as if it had not been there.
    """
    nlp = load_pipeline(options)
    records: list[dict[str, Any] | None] = [None] * len(articles)
    ready: list[tuple[int, Article]] = []
    for position, article in enumerate(articles):
        try:
            article = _prepare(article, options, nlp.max_length)
        except Exception as e:  # one broken page must not stop a run
            article = replace(article, error=f"cleaning failed: {type(e).__name__}: {e}")
        if article.error:
            records[position] = error_record(article).to_dict()
        else:
            ready.append((position, article))
    try:
        annotated = list(nlp.pipe((_doc(nlp, article) for _, article in ready), batch_size=options.batch_size))
    except Exception:  # annotate one by one, each from a fresh Doc, so only the article at fault fails
        annotated = [_annotate_one(nlp, article) for _, article in ready]
    for (position, article), doc in zip(ready, annotated, strict=True):
        try:
            records[position] = build_record(article, doc).to_dict() if not isinstance(doc, str) else None
        except Exception as e:
            doc = f"processing failed: {type(e).__name__}: {e}"
        if isinstance(doc, str):  # annotating or recording this article failed: its error record
            records[position] = error_record(replace(article, error=doc)).to_dict()
    return records  # type: ignore[return-value]


def _prepare(article: Article, options: Options, max_length: int) -> Article:
    """The cleaned article, with `error` set when it cannot be coded (no text, not English, too long)."""
    article = clean_article(article, options)
    if article.error:
        return article
    error = language_error(article.text, options)
    if error is None and len(article.text) > max_length:
        error = f"article too long: {len(article.text):,} characters of clean text, over the limit of {max_length:,}"
    return replace(article, error=error, language=None if error else "en")


def _doc(nlp, article: Article):
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    return doc


def _annotate_one(nlp, article: Article):
    try:
        return nlp(_doc(nlp, article))
    except Exception as e:
        return f"processing failed: {type(e).__name__}: {e}"


def process_articles(articles: Iterable[Article | str | dict], options: Options | None = None) -> Iterator[dict]:
    """Stream records for articles in this process, in input order, batch by batch."""
    options = options or Options()
    iterator = (as_article(item) for item in articles)
    while batch := list(islice(iterator, options.batch_size)):
        yield from process_batch(batch, options)


def _worker_init(options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops between batches
    load_pipeline(options)


def _worker_batch(args: tuple[list[Article], Options]) -> list[dict[str, Any]]:
    return process_batch(*args)


def process_many(
    items: Iterable[Article | str | dict], *, workers: int | None = None, options: Options | None = None
) -> Iterator[dict[str, Any]]:
    """Stream records for many articles over a process pool (all cores by default), in input order.

    Each worker loads the spaCy pipeline once; articles travel in small batches so memory stays flat
    and the first records arrive early. `workers=1` runs in this process.
    """
    options = options or Options()
    workers = workers or os.cpu_count() or 1
    iterator = (as_article(item) for item in items)
    first = list(islice(iterator, options.batch_size))
    if workers <= 1 or len(first) < options.batch_size:  # one batch: a pool would only add its start-up
        yield from process_articles(chain(first, iterator), options)
        return
    batches = chain([first], iter(lambda: list(islice(iterator, options.batch_size)), []))
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_worker_init, initargs=(options,)) as pool:
        for records in pool.imap(_worker_batch, ((batch, options) for batch in batches)):
            yield from records


def clean_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[dict[str, Any]]:
    """Clean each input file: `{"path", "title", "text", "published", "byline", "credit", "removed"}` (+ `error`)."""
    options = options or Options()
    for article in read_paths(paths, max_bytes=options.max_bytes):
        if not article.error:
            try:
                article = clean_article(article, options)
            except Exception as e:  # one broken page must not stop a run
                article = replace(article, error=f"cleaning failed: {type(e).__name__}: {e}")
        result = {
            "path": article.path,
            "title": article.title,
            "text": article.text,
            "published": article.published,
            "byline": article.byline,
            "credit": article.credit,
            "removed": article.removed,
        }
        if article.error:
            result["error"] = article.error
        yield result


def process_paths(
    paths: Iterable[str],
    *,
    published: str | None = None,
    url: str | None = None,
    workers: int | None = None,
    options: Options | None = None,
) -> Iterator[dict[str, Any]]:
    """Records for every article in files, folders, globs and JSONL dumps (see `ingest.read_paths`)."""
    options = options or Options()
    articles = read_paths(paths, published=published, url=url, max_bytes=options.max_bytes)
    yield from process_many(articles, workers=workers, options=options)


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
    progress: bool = False,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Process articles and store their records, one transaction per batch, and queue the alerts they fire
    (delivery is left to `alerts.deliver_alerts`, outside the run).

    An article already stored (same URL, or same clean text when it has none) is counted as a duplicate and
    not stored again; one stored as an error is replaced when it now reads well. The store's imported
    dictionaries and the furniture lines it has learned take part in processing: what the run itself learns
    is used from the next run on (or by `reprocess`). `on_record` sees every record as it is stored.
    `should_stop` is asked after each stored batch: when it says yes, the run ends there (`report.stopped`).
    """
    options = _store_options(options or Options(), store)
    records = process_many(items, workers=workers, options=options)
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
    progress: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Re-code stored articles with the current coder and the store's current knowledge, keeping their ids:
    each article's actors, events, quotes, signature and clusters are replaced, one transaction per batch.

    Articles are re-read from what was stored: their clean text (an article stored as an error is re-read
    from its path when the file is still there). `since` is the ingest date; `errors_only` retries only the
    articles stored as errors.
    """
    options = _store_options(options or Options(), store)
    stored = store.stored_articles(since=since, errors_only=errors_only, url_like=url_like)
    items = (_stored_article(row, options) for row in stored)
    ids: list[int] = []

    def articles():
        for article_id, article in items:
            ids.append(article_id)
            yield article

    records = process_many(articles(), workers=workers, options=options)
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


def _store_options(options: Options, store: Store) -> Options:
    """Options with the store's knowledge base and learned furniture, unless the caller gave their own."""
    if not options.knowledge and store.path != ":memory:" and store.knowledge_count():
        options = replace(options, knowledge=store.path)
    if not options.furniture:
        options = replace(options, furniture=store.furniture_lines())
    return options


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
            raise FileNotFoundError(f"No such dictionary file or folder: {name}")
    return found
