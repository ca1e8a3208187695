"""Stage 8, records: one output record per article, from the cleaned article and its annotated Doc."""

from __future__ import annotations

from spacy.tokens import Doc

from .errors import error_code
from .model import Article, Record


def build_record(article: Article, doc: Doc) -> Record:
    """The record of a processed article: its clean text with actors, events and quotes."""
    return Record(
        id=article.id,
        url=article.url,
        title=article.title,
        published=article.published,
        text=doc.text,
        actors=list(doc._.actors or []),
        events=list(doc._.events or []),
        quotes=list(doc._.quotes or []),
        byline=article.byline,
        credit=article.credit,
        language=article.language,
        path=article.path,
    )


def error_record(article: Article) -> Record:
    """The record of an article that could not be processed: metadata, `error`, and no events."""
    return Record(
        id=article.id,
        url=article.url,
        title=article.title,
        published=article.published,
        text=article.text,
        path=article.path,
        error=article.error or "unknown error",
        error_code=error_code(article.error or "unknown error"),
    )
