"""Stage 1, sources: JSONL dumps, one article a line, read line by line (a dump may be far larger than one
article)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..model import Article
from ..options import MAX_INPUT_BYTES
from .decode import article_from_item
from .raw import _open_input, _read_error


def read_jsonl(name: str, *, published: str | None = None, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Article]:
    """Yield the articles of a JSONL dump: one `{"id", "text" or "html", "url"?, "published"?, "title"?}` a line.

    The dump is read line by line (it may be far larger than one article); a line over `max_bytes` or that
    is not a JSON object becomes an article with `error`."""
    try:
        with _open_input(name) as handle:
            yield from _jsonl_articles(handle, name, published=published, max_bytes=max_bytes)
    except (OSError, EOFError, zlib.error) as e:
        yield Article(id=name, path=name, error=_read_error(name, e))


def _jsonl_articles(handle: BinaryIO, name: str, *, published: str | None, max_bytes: int) -> Iterator[Article]:
    number = 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        where = f"{name}:{number}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = handle.readline(1024 * 1024)
            yield Article(id=where, path=name, error=f"input too large: line {number} is over {max_bytes:,} bytes")
            continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("a line must be a JSON object")
        except (ValueError, RecursionError) as e:
            message = "nested too deeply" if isinstance(e, RecursionError) else str(e)[:200]
            yield Article(id=where, path=name, error=f"unreadable JSON line {number}: {message}")
            continue
        yield article_from_item(item, default_id=where, path=name, published_default=published, max_bytes=max_bytes)


def _looks_like_jsonl(data: bytes) -> bool:
    """Input piped to stdin that is JSON lines (each an object with text or html), not one article."""
    first = data.lstrip()[:1]
    if first != b"{":
        return False
    line = data.lstrip().split(b"\n", 1)[0]
    try:
        item = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(item, dict) and ("text" in item or "html" in item)
