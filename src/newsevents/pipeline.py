"""Stage 9, pipeline: the pure per-article work, from an article to its record, and its public entry points.

`process_batch` is the one function every engine maps: this process, pool workers and Spark partitions.
It reads nothing but its arguments (articles, `Options`, `Resources`): it imports no store, no alerts and
no network client, and each worker loads the spaCy pipeline once per `PipelineConfig`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from typing import Any

from .clean import clean_article, language_error
from .dates import published_date
from .errors import error_code
from .model import Article, Record
from .nlp import load_pipeline, use_resources
from .options import NO_RESOURCES, Options, Resources
from .records import build_record, error_record
from .sources import as_article, read_paths


def process(
    text_or_html: str | bytes,
    *,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    options: Options | None = None,
    resources: Resources | None = None,
) -> dict[str, Any]:
    """Process one article (HTML or scraped text) into its record dict (interface.md shape).

    `resources` is what a store has learned (`Store.resources()`); none by default. Bad input gives a record
    with `error` and `error_code` set, never an exception.
    """
    article = as_article(text_or_html)
    article = replace(
        article,
        url=url if isinstance(url, str) and url else article.url,
        published=published_date(published) or article.published,
        title=title if isinstance(title, str) and title else article.title,
    )
    return process_batch([article], options or Options(), resources or NO_RESOURCES)[0].to_dict()


def process_batch(articles: list[Article], options: Options, resources: Resources = NO_RESOURCES) -> list[Record]:
    """Clean, annotate and record a batch of articles in this process (the pure per-document work).

    Each article is isolated: whatever fails on one (its cleaning, its annotation, its record) becomes that
    article's error record, and the others come out as if it had not been there.
    """
    nlp = load_pipeline(options.pipeline)
    use_resources(nlp, resources)
    records: list[Record | None] = [None] * len(articles)
    ready: list[tuple[int, Article]] = []
    for position, article in enumerate(articles):
        try:
            article = _prepare(article, options, resources, nlp.max_length)
        except Exception as e:  # one broken page must not stop a run
            article = replace(article, error=f"cleaning failed: {type(e).__name__}: {e}")
        if article.error:
            records[position] = error_record(article)
        else:
            ready.append((position, article))
    try:
        annotated = list(nlp.pipe((_doc(nlp, article) for _, article in ready), batch_size=options.batch_size))
    except Exception:  # annotate one by one, each from a fresh Doc, so only the article at fault fails
        annotated = [_annotate_one(nlp, article) for _, article in ready]
    for (position, article), doc in zip(ready, annotated, strict=True):
        if not isinstance(doc, str):
            try:
                records[position] = build_record(article, doc)
                continue
            except Exception as e:
                doc = f"processing failed: {type(e).__name__}: {e}"
        records[position] = error_record(replace(article, error=doc))  # annotating or recording it failed
    return records  # type: ignore[return-value]


def _prepare(article: Article, options: Options, resources: Resources, max_length: int) -> Article:
    """The cleaned article, with `error` set when it cannot be coded (no text, not English, too long)."""
    article = clean_article(article, resources)
    if article.error:
        return article
    error = language_error(article.text, check=options.check_language)
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


def process_articles(
    articles: Iterable[Article | str | dict],
    options: Options | None = None,
    resources: Resources | None = None,
) -> Iterator[dict[str, Any]]:
    """Stream record dicts for articles in this process, in input order, batch by batch."""
    options = options or Options()
    iterator = (as_article(item) for item in articles)
    while batch := list(islice(iterator, options.batch_size)):
        yield from (record.to_dict() for record in process_batch(batch, options, resources or NO_RESOURCES))


# A pool worker's resources: handed over once when the worker starts, not with every batch.
_worker_resources: Resources = NO_RESOURCES


def _worker_init(options: Options, resources: Resources) -> None:
    global _worker_resources
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops between batches
    _worker_resources = resources
    load_pipeline(options.pipeline)


def _worker_batch(args: tuple[list[Article], Options]) -> list[dict[str, Any]]:
    articles, options = args
    return [record.to_dict() for record in process_batch(articles, options, _worker_resources)]


def process_many(
    items: Iterable[Article | str | dict],
    *,
    workers: int | None = None,
    options: Options | None = None,
    resources: Resources | None = None,
) -> Iterator[dict[str, Any]]:
    """Stream record dicts for many articles over a process pool (all cores by default), in input order.

    Each worker loads the spaCy pipeline once; articles travel in small batches so memory stays flat
    and the first records arrive early. `workers=1` runs in this process.
    """
    options = options or Options()
    resources = resources or NO_RESOURCES
    workers = workers or os.cpu_count() or 1
    iterator = (as_article(item) for item in items)
    first = list(islice(iterator, options.batch_size))
    if workers <= 1 or len(first) < options.batch_size:  # one batch: a pool would only add its start-up
        yield from process_articles(chain(first, iterator), options, resources)
        return
    batches = chain([first], iter(lambda: list(islice(iterator, options.batch_size)), []))
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_worker_init, initargs=(options, resources)) as pool:
        for records in pool.imap(_worker_batch, ((batch, options) for batch in batches)):
            yield from records


def clean_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[dict[str, Any]]:
    """Clean each input file: `{"path", "title", "text", "published", "byline", "credit", "removed"}` (+ `error`)."""
    options = options or Options()
    for article in read_paths(paths, max_bytes=options.max_bytes):
        if not article.error:
            try:
                article = clean_article(article)
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
            result["error"], result["error_code"] = article.error, error_code(article.error)
        yield result


def process_paths(
    paths: Iterable[str],
    *,
    published: str | None = None,
    url: str | None = None,
    workers: int | None = None,
    options: Options | None = None,
    resources: Resources | None = None,
) -> Iterator[dict[str, Any]]:
    """Record dicts for every article in files, folders, globs and JSONL dumps (see `sources.read_paths`)."""
    options = options or Options()
    articles = read_paths(paths, published=published, url=url, max_bytes=options.max_bytes)
    yield from process_many(articles, workers=workers, options=options, resources=resources)
