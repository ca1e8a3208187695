"""Stage 1, ingest: read news from files, folders, globs, stdin, `.gz` and JSONL dumps into articles.

Bad input never stops a run: it becomes an article whose `error` says why (empty, binary, too large,
undecodable, unreadable, corrupt), and later stages pass it through untouched. Inputs are read with the
size cap applied while reading, so an oversized file or a gzip bomb is refused without filling memory.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from .dates import published_date
from .model import Article
from .options import MAX_INPUT_BYTES

ARTICLE_SUFFIXES = (".html", ".htm", ".txt", ".jsonl")
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Yield every readable input named by `paths`: files, folders (recursively), globs and `-`.

    Raises FileNotFoundError for a name that matches nothing, so a typo is not silently skipped.
    """
    for name in paths:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            yield from sorted(str(p) for p in path.rglob("*") if p.is_file() and _is_article_file(p))
        elif path.is_file():
            yield str(path)
        else:
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                raise FileNotFoundError(f"No such file, folder or pattern: {name}")
            yield from (m for m in matches if Path(m).is_file())


def _is_article_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(ARTICLE_SUFFIXES)


def read_paths(
    paths: Iterable[str], *, published: str | None = None, url: str | None = None, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[Article]:
    """Yield one article per input file, or per line of a `.jsonl` file (or of JSONL piped to `-`).

    `published` and `url` fill in what an input does not state itself: a page's own date wins over
    `published`. A file that cannot be read becomes an article with `error`; a name that matches nothing
    raises FileNotFoundError.
    """
    for name in expand_paths(paths):
        if name.lower().removesuffix(".gz").endswith(".jsonl"):
            yield from read_jsonl(name, published=published, max_bytes=max_bytes)
            continue
        try:
            data = read_capped(name, max_bytes)
        except InputTooLarge as e:
            yield Article(id=name, path=name, url=url, error=str(e))
            continue
        except (OSError, EOFError, ValueError, zlib.error) as e:
            yield Article(id=name, path=name, url=url, error=_read_error(name, e))
            continue
        if name == "-" and _looks_like_jsonl(data):
            yield from _jsonl_articles(io.BytesIO(data), "-", published=published, max_bytes=max_bytes)
            continue
        article = article_from_bytes(data, path=name, url=url, max_bytes=max_bytes)
        yield replace(article, published_default=published_date(published))


class InputTooLarge(ValueError):
    """An input over the size limit (found while reading, before it is all in memory)."""


def read_capped(name: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file (`-` for stdin), decompressed when gzipped, reading no more than `max_bytes` + 1:
    a larger input (or a gzip bomb) raises InputTooLarge without being read whole."""
    with _open_input(name) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLarge(f"input too large: over the limit of {max_bytes:,} bytes")
    return data


@contextmanager
def _open_input(name: str) -> Iterator[BinaryIO]:
    """A file (or stdin for `-`) opened for reading, decompressing gzip (by suffix or magic bytes)."""
    with ExitStack() as stack:
        raw: BinaryIO = (
            io.BufferedReader(_Unclosable(sys.stdin.buffer)) if name == "-" else stack.enter_context(open(name, "rb"))
        )
        if name.lower().endswith(".gz") or raw.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
            raw = stack.enter_context(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[assignment]
        yield raw


class _Unclosable(io.RawIOBase):
    """stdin, read through a buffer that may close without closing stdin itself."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_error(name: str, error: BaseException) -> str:
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return f"corrupt gzip: {name} could not be decompressed ({type(error).__name__}: {error})"
    if isinstance(error, PermissionError):
        return f"unreadable file: permission denied for {name}"
    return f"unreadable file: {type(error).__name__}: {error}"


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
