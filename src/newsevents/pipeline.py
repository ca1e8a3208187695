"""The public entry points: process one article, or stream many through a process pool.

Per-article work is pure (`process_batch`): the same function runs in this process, in pool workers
and in Spark partitions. Each worker loads the spaCy pipeline once.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .alerts import deliver_alerts, match_new_events
from .clean import clean_article
from .ingest import article_from_bytes, read_paths
from .knowledge import read_dictionary
from .model import Article
from .nlp import language_error, load_pipeline
from .options import Options
from .records import build_record, error_record
from .store import Store
from .tables import read_table


def as_article(item: Article | str | bytes | dict[str, Any]) -> Article:
    """An Article from what a caller hands in: an Article, text or HTML (str or bytes), or a JSONL-style dict."""
    if isinstance(item, Article):
        return item
    if isinstance(item, bytes):
        return article_from_bytes(item)
    if isinstance(item, str):
        return article_from_bytes(item.encode("utf-8"))
    if isinstance(item, dict):
        body = item.get("html") if item.get("html") is not None else item.get("text")
        if not isinstance(body, str):
            return Article(id=item.get("id"), error="no 'text' or 'html' field in this item")
        article = article_from_bytes(
            body.encode("utf-8"),
            id=item.get("id"),
            published=item.get("published"),
            url=item.get("url"),
            title=item.get("title"),
        )
        if item.get("html") is not None and not article.error:
            article.is_html = True
        return article
    raise TypeError(f"cannot process an object of type {type(item).__name__}; pass text, HTML, a dict or an Article")


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
        article, url=url or article.url, published=published or article.published, title=title or article.title
    )
    return process_batch([article], options or Options())[0]


def process_batch(articles: list[Article], options: Options) -> list[dict[str, Any]]:
    """Clean, annotate and record a batch of articles in this process (the pure per-document work)."""
    nlp = load_pipeline(options)
    ready: list[Article] = []
    records: dict[int, dict[str, Any]] = {}
    for position, article in enumerate(articles):
        try:
            article = clean_article(article, options)
        except Exception as e:  # one broken page must not stop a run
            article = replace(article, error=f"cleaning failed: {type(e).__name__}: {e}")
        if not article.error:
            error = language_error(article.text, options)
            article = replace(article, error=error, language=None if error else "en")
        if article.error:
            records[position] = error_record(article).to_dict()
        else:
            ready.append(article)
    positions = [i for i in range(len(articles)) if i not in records]
    docs = []
    for article in ready:
        doc = nlp.make_doc(article.text)
        doc._.published = article.published
        docs.append(doc)
    try:
        annotated = list(nlp.pipe(docs, batch_size=options.batch_size))
    except Exception:
        annotated = [_annotate_one(nlp, doc) for doc in docs]
    for position, article, doc in zip(positions, ready, annotated, strict=True):
        if isinstance(doc, str):
            records[position] = error_record(replace(article, error=doc)).to_dict()
        else:
            records[position] = build_record(article, doc).to_dict()
    return [records[i] for i in range(len(articles))]


def _annotate_one(nlp, doc):
    try:
        return nlp(doc)
    except Exception as e:
        return f"processing failed: {type(e).__name__}: {e}"


def process_articles(articles: Iterable[Article | str | dict], options: Options | None = None) -> Iterator[dict]:
    """Stream records for articles in this process, in input order, batch by batch."""
    options = options or Options()
    iterator = (as_article(item) for item in articles)
    while batch := list(islice(iterator, options.batch_size)):
        yield from process_batch(batch, options)


def _worker_init(options: Options) -> None:
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
    if workers <= 1:
        yield from process_articles(items, options)
        return
    iterator = (as_article(item) for item in items)
    batches = iter(lambda: list(islice(iterator, options.batch_size)), [])
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


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    published: str | None = None,
    workers: int | None = None,
    options: Options | None = None,
    progress: bool = False,
) -> IngestReport:
    """Process every article under `paths` (files, folders, globs, JSONL) and store the records."""
    options = options or Options()
    articles = read_paths(paths, published=published, max_bytes=options.max_bytes)
    return ingest_articles(articles, store, workers=workers, options=options, progress=progress)


def ingest_articles(
    items: Iterable[Article | str | dict],
    store: Store,
    *,
    workers: int | None = None,
    options: Options | None = None,
    progress: bool = False,
    on_record: Callable[[dict[str, Any]], None] | None = None,
) -> IngestReport:
    """Process articles and store their records, one transaction per batch, then check and send alerts.

    An article already stored (same URL, or same clean text when it has none) is counted as a duplicate and
    not stored again. The store's imported dictionaries and the furniture lines it has learned take part in
    processing. `on_record` sees every record as it is stored.
    """
    options = options or Options()
    if not options.knowledge and store.path != ":memory:" and store.knowledge_count():
        options = replace(options, knowledge=store.path)
    if not options.furniture:
        options = replace(options, furniture=store.furniture_lines())
    report = IngestReport()
    records = process_many(items, workers=workers, options=options)
    bar = tqdm(records, unit=" articles", desc="ingest", disable=not progress, file=sys.stderr)
    stream = iter(bar)  # one iterator: a new one per batch would close the bar (and the run) after the first
    while batch := list(islice(stream, 64)):
        added, skipped = store.add_records(batch)
        match_new_events(store)
        deliver_alerts(store)  # also retries earlier deliveries that failed
        report.read += len(batch)
        report.added += added
        report.duplicates += skipped
        report.errors += sum(1 for r in batch if r.get("error"))
        report.events += sum(len(r.get("events", [])) for r in batch)
        for record in batch if on_record else ():
            on_record(record)
    bar.close()
    return report


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
