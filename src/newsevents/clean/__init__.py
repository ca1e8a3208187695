"""Stage 2, clean: the article body without site furniture (html, flattened text, learned per-site lines), its
metadata (title, date, byline, credit), and whether it is English news that can be coded.

The names below are imported on first use, so the store can use `clean.lines` without loading trafilatura.
"""

from importlib import import_module

_EXPORTS = {
    "classify_lines": "body",
    "clean_article": "body",
    "clean_html": "body",
    "clean_text": "body",
    "detect_language": "language",
    "english_share": "language",
    "language_error": "language",
}


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_EXPORTS)
