"""Stage 1, ingest: read news from files, folders, globs, stdin, `.gz` and JSONL dumps into articles.

Bad input never stops a run: it becomes an article whose `error` says why (empty, binary, too large,
undecodable), and later stages pass it through untouched.
"""

from __future__ import annotations

import glob
import gzip
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

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
    """Yield one article per input file, or per line of a `.jsonl` file.

    `published` and `url` fill in what an input does not state itself.
    """
    for name in expand_paths(paths):
        if name.lower().removesuffix(".gz").endswith(".jsonl"):
            yield from read_jsonl(name, published=published, max_bytes=max_bytes)
            continue
        data = sys.stdin.buffer.read() if name == "-" else _read_file(name)
        yield article_from_bytes(data, path=name, published=published, url=url, max_bytes=max_bytes)


def _read_file(name: str) -> bytes:
    raw = Path(name).read_bytes()
    if name.lower().endswith(".gz") or raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (OSError, EOFError):
            return raw  # reported as binary below
    return raw


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
    article = Article(id=id or path, path=path, published=published, url=url, title=title)
    error = check_bytes(data, max_bytes)
    if error:
        article.error = error
        return article
    try:
        text = decode_bytes(data)
    except UnicodeDecodeError as e:
        article.error = (
            f"undecodable bytes: not valid UTF-8 (bad byte at position {e.start}); re-encode the file as UTF-8"
        )
        return article
    article.source = text
    article.is_html = looks_like_html(text, path)
    return article


def check_bytes(data: bytes, max_bytes: int = MAX_INPUT_BYTES) -> str | None:
    """Say why raw bytes cannot be an article (empty, too large, binary), or None when they can."""
    if not data.strip():
        return "empty input: nothing to process"
    if len(data) > max_bytes:
        return f"input too large: {len(data):,} bytes, over the limit of {max_bytes:,} bytes"
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        return "binary input: this looks like a binary file, not text or HTML"
    return None


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), or the charset an HTML page declares; raise UnicodeDecodeError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _CHARSET.search(data[:4096])
        if declared:
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def looks_like_html(text: str, path: str | None = None) -> bool:
    """True for `.html`/`.htm` files and for text that starts with a tag."""
    if path and path.lower().removesuffix(".gz").endswith((".html", ".htm")):
        return True
    return text.lstrip()[:1] == "<"


def read_jsonl(name: str, *, published: str | None = None, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Article]:
    """Yield the articles of a JSONL dump: one `{"id", "text" or "html", "url"?, "published"?, "title"?}` a line."""
    data = sys.stdin.buffer.read() if name == "-" else _read_file(name)
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("a line must be a JSON object")
        except ValueError as e:
            yield Article(id=where, path=name, error=f"unreadable JSON line {number}: {e}")
            continue
        body = item.get("html") if item.get("html") is not None else item.get("text")
        if not isinstance(body, str):
            yield Article(id=str(item.get("id") or where), path=name, error="no 'text' or 'html' field in this line")
            continue
        article = article_from_bytes(
            body.encode("utf-8"),
            path=name,
            id=str(item["id"]) if item.get("id") is not None else where,
            published=item.get("published") or published,
            url=item.get("url"),
            title=item.get("title"),
            max_bytes=max_bytes,
        )
        if item.get("html") is not None:
            article.is_html = True
        yield article
