"""Stage 1, sources: news as it comes (files, folders, globs, stdin, gzip, JSONL dumps, a caller's text or
dict) read into `Article`s. Nothing here parses or cleans: bad input becomes an article with `error`."""

from .decode import article_from_bytes, article_from_item, as_article, check_bytes, decode_bytes, looks_like_html
from .files import expand_paths, read_paths
from .jsonl import read_jsonl
from .raw import InputTooLarge, read_capped

__all__ = [
    "InputTooLarge",
    "article_from_bytes",
    "article_from_item",
    "as_article",
    "check_bytes",
    "decode_bytes",
    "expand_paths",
    "looks_like_html",
    "read_capped",
    "read_jsonl",
    "read_paths",
]
