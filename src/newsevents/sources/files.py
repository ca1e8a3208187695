"""Stage 1, sources: read news from files, folders, globs, stdin, `.gz` and JSONL dumps into articles.

A file that cannot be read becomes an article whose `error` says why; a name that matches nothing raises.
"""

from __future__ import annotations

import glob
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..dates import published_date
from ..errors import MissingInputError
from ..model import Article
from ..options import MAX_INPUT_BYTES
from .decode import article_from_bytes
from .jsonl import _jsonl_articles, _looks_like_jsonl, read_jsonl
from .raw import InputTooLarge, _read_error, read_capped

ARTICLE_SUFFIXES = (".html", ".htm", ".txt", ".jsonl")


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Yield every readable input named by `paths`: files, folders (recursively), globs and `-`.

    Raises MissingInputError (a FileNotFoundError) for a name that matches nothing, so a typo is not silently skipped.
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
                raise MissingInputError(f"No such file, folder or pattern: {name}")
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
    raises MissingInputError.
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
