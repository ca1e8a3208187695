"""Stage 1, sources: raw bytes or a caller's item (text, HTML, a JSON-style dict) decoded into an article.

Bad input never raises: it becomes an article whose `error` says why (empty, binary, too large, undecodable),
and later stages pass it through untouched.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from typing import Any

from ..dates import published_date
from ..model import Article
from ..options import MAX_INPUT_BYTES

_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)


def article_from_bytes(
    data: bytes,
    *,
    path: str | None = None,
    id: str | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Article:
    """Decode one input into an article, or an article with `error` set when it cannot be read."""
    article = Article(id=id or path, path=path, published=published_date(published), url=url, title=title)
    error = check_bytes(data, max_bytes)
    if error:
        article.error = error
        return article
    try:
        text = decode_bytes(data)
    except UnicodeDecodeError as e:
        article.error = f"undecodable bytes: no text encoding fits (bad byte at position {e.start}); re-encode as UTF-8"
        return article
    article.source = text
    article.is_html = looks_like_html(text, path)
    return article


def check_bytes(data: bytes, max_bytes: int = MAX_INPUT_BYTES) -> str | None:
    """Say why raw bytes cannot be an article (empty, too large, binary), or None when they can."""
    if len(data) > max_bytes:
        return f"input too large: {len(data):,} bytes, over the limit of {max_bytes:,} bytes"
    if data.startswith(tuple(_BOMS)):
        return None if data[4:].strip(b"\x00 \t\r\n\xff\xfe") else "empty input: nothing to process"
    if not data.strip():
        return "empty input: nothing to process"
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        return "binary input: this looks like a binary file, not text or HTML"
    return None


# Byte-order marks and their codecs (UTF-32 first: its little-endian mark begins with UTF-16's).
_BOMS = {
    codecs.BOM_UTF32_LE: "utf-32",
    codecs.BOM_UTF32_BE: "utf-32",
    codecs.BOM_UTF16_LE: "utf-16",
    codecs.BOM_UTF16_BE: "utf-16",
}


def decode_bytes(data: bytes) -> str:
    """Decode an input: UTF-8 (with or without BOM), UTF-16/32 by their BOM, the charset an HTML page
    declares, the encoding charset-normalizer finds for text in a non-Latin script, else cp1252 (short samples
    of Western single-byte text cannot be told apart, and English news in any of them reads right in cp1252).
    Raises UnicodeDecodeError when nothing fits."""
    for bom, codec in _BOMS.items():
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        declared = _CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeError):
                pass
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None:  # a text in another script (Cyrillic, Greek, CJK ...) is decoded as found
            try:
                decoded = data.decode(best.encoding)
            except (LookupError, UnicodeError):
                decoded = ""
            letters = [c for c in decoded if c.isalpha()]
            if letters and sum(ord(c) > 0x24F for c in letters) > 0.3 * len(letters):
                return decoded
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise error from None


def looks_like_html(text: str, path: str | None = None) -> bool:
    """True for `.html`/`.htm` files and for text that starts with a tag."""
    if path and path.lower().removesuffix(".gz").endswith((".html", ".htm")):
        return True
    return text.lstrip()[:1] == "<"


def article_from_item(
    item: dict[str, Any],
    *,
    default_id: str | None = None,
    path: str | None = None,
    published_default: str | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
) -> Article:
    """An article from a JSON-style item `{"id", "text" or "html", "url"?, "published"?, "title"?}`.

    A field of the wrong type is an error record naming it, except an unreadable `published`, which is
    dropped (the page's own date, or none, is used)."""
    item_id = item.get("id")
    item_id = default_id if item_id is None else str(item_id) if isinstance(item_id, str | int) else None
    html = item.get("html")
    body = html if html is not None else item.get("text")
    if not isinstance(body, str):
        why = (
            "no 'text' or 'html' field"
            if body is None
            else f"'text'/'html' must be a string, not {type(body).__name__}"
        )
        return Article(id=item_id or default_id, path=path, error=f"{why} in this item")
    for field in ("url", "title"):
        if item.get(field) is not None and not isinstance(item[field], str):
            return Article(
                id=item_id or default_id,
                path=path,
                error=f"'{field}' must be a string, not {type(item[field]).__name__}",
            )
    article = article_from_bytes(
        body.encode("utf-8", "replace"),  # a lone surrogate becomes "?": one character for one, offsets hold
        path=path,
        id=item_id,
        published=item.get("published"),
        url=item.get("url"),
        title=item.get("title"),
        max_bytes=max_bytes,
    )
    if html is not None and not article.error:
        article.is_html = True
    return replace(article, published_default=published_date(published_default))


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
