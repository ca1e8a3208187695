"""Stage 2, clean: the article body without site furniture, and its metadata (title, date, byline, credit).

HTML goes through trafilatura first; its output and flattened text (C4 or CC-News style dumps) then go
through one line classifier whose furniture patterns live in `data/furniture.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import trafilatura
from dateutil import parser as date_parser

from ..dates import published_date
from ..model import Article
from ..options import NO_RESOURCES, Resources
from ..tables import read_table
from .lines import MAX_FURNITURE_LENGTH, key_hash, normalize_line, site_of, words_key
from .metadata import parse_html, read_metadata

_TERMINAL = re.compile(r"""[.!?。！？]["'’”)\]」』]?$|[.!?:。！？]$""")
_WORD = re.compile(r"\w+")
_key = words_key
_LIST_MARK = re.compile(r"^[-•*]\s+")


@lru_cache(maxsize=1)
def furniture_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The furniture table as one whole-line pattern per kind (one alternation: fast on long pages).

    Caption and dateline patterns stay one per row: their named groups carry the caption and the date.
    """
    by_kind: dict[str, list[str]] = {}
    rows = []
    for row in read_table("furniture"):
        flags = 0 if row["kind"] == "byline" else re.IGNORECASE
        if row["kind"] in ("caption", "dateline"):
            rows.append((row["kind"], re.compile(rf"\s*(?:{row['pattern']})\s*", flags)))
        else:
            by_kind.setdefault(row["kind"], []).append(row["pattern"])
    for kind, patterns in by_kind.items():
        flags = 0 if kind == "byline" else re.IGNORECASE
        rows.append((kind, re.compile(r"\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*", flags)))
    return tuple(rows)


def clean_article(article: Article, resources: Resources = NO_RESOURCES) -> Article:
    """Return the article with `text`, `title`, `byline`, `credit` and `removed` filled in.

    An article that already carries an `error` is returned unchanged.
    """
    if article.error:
        return article
    site = site_of(article.url)
    learned = resources.furniture if site else frozenset()
    furniture = frozenset(key for learned_site, key in learned if learned_site == site)
    article = replace(article, published=published_date(article.published))
    cleaned = clean_html(article, furniture) if article.is_html else clean_text(article, furniture)
    # A date stated by the input or the page wins; then the caller's default (`--published`).
    return replace(cleaned, published=published_date(cleaned.published) or published_date(article.published_default))


def clean_html(article: Article, furniture: frozenset[int] = frozenset()) -> Article:
    """Extract the body and metadata of an HTML page with trafilatura, then strip remaining furniture."""
    tree = parse_html(article.source)
    if tree is None:
        return replace(article, error="unreadable HTML: the page could not be parsed")
    # 1. metadata from meta tags and JSON-LD (read first: extraction prunes the tree)
    meta = read_metadata(tree)
    # 2. the body, by trafilatura on the same tree
    document = trafilatura.bare_extraction(
        tree, url=article.url, with_metadata=False, include_comments=False, include_tables=True
    )
    if document is None or not (document.text or "").strip():
        return replace(article, error="no article text found in this HTML page")
    # Repeated lines are kept: in HTML they are the page's own (a recipe's steps), trafilatura already
    # dropped the template.
    title = article.title or meta["title"]
    cleaned = classify_lines(document.text, title=title, drop_repeats=False, furniture=furniture)
    return replace(
        article,
        text=cleaned.text,
        title=title or cleaned.title,
        published=article.published or meta["published"] or cleaned.published,
        byline=meta["author"] or cleaned.byline,
        credit=cleaned.credit,
        site=meta["site"],
        removed=cleaned.removed,
    )


def clean_text(article: Article, furniture: frozenset[int] = frozenset()) -> Article:
    """Strip site furniture from already-scraped page text and find its title, byline and credit."""
    cleaned = classify_lines(article.source, title=article.title, find_title=True, furniture=furniture)
    return replace(
        article,
        text=cleaned.text,
        title=article.title or cleaned.title,
        published=article.published or cleaned.published,
        byline=cleaned.byline,
        credit=cleaned.credit,
        removed=cleaned.removed,
    )


class Cleaned:
    """What the line classifier found: body paragraphs, title, byline, credit and removed lines."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.removed: list[str] = []
        self.title: str | None = None
        self.byline: str | None = None
        self.credit: str | None = None
        self.published: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def classify_lines(
    text: str,
    *,
    title: str | None = None,
    find_title: bool = False,
    drop_repeats: bool = True,
    furniture: frozenset[int] = frozenset(),
) -> Cleaned:
    """Sort every line of `text` into body, heading, title, byline, credit or removed furniture.

    1. furniture patterns (and the caption line repeated after a "Click to play video" line);
    2. lines repeated within the page (sign-up blocks, pull quotes) are kept once at most;
    3. the title: the given one, or the first short line without end punctuation before the body.
    """
    cleaned = Cleaned()
    lines = [normalize_line(line) for line in text.splitlines()]
    seen: set[str] = set()
    captions: set[str] = set()
    title_key = _key(title) if title else None
    for index, line in enumerate(lines):
        if not line:
            continue
        key = _key(line)
        kind = _furniture_kind(line, captions)
        if kind == "dateline":
            cleaned.published = cleaned.published or _parse_dateline(line)
            kind = "remove"
        repeated = drop_repeats and key in seen
        if furniture and key_hash(key) in furniture:  # a line this site prints on many pages
            kind = "remove"
        if kind == "remove" or key in captions or (repeated and not _is_sentence(line)):
            cleaned.removed.append(line)
        elif kind in ("credit", "byline"):
            value = re.sub(r"^[Bb]y\s+", "", line.lstrip("—–- ").strip("() "))
            setattr(cleaned, kind, (getattr(cleaned, kind) + "; " if getattr(cleaned, kind) else "") + value)
            cleaned.removed.append(line)
        elif repeated:
            cleaned.removed.append(line)
        elif title_key and not cleaned.paragraphs and _same_title(key, title_key):
            cleaned.title = title
            cleaned.removed.append(line)
        elif find_title and cleaned.title is None and not cleaned.paragraphs and _is_title(line, lines[index + 1 :]):
            cleaned.title = line
        else:
            cleaned.paragraphs.append(line)
        seen.add(key)
    _drop_author_bios(cleaned)
    _drop_trailing_headings(cleaned)
    _drop_trailing_link_list(cleaned)
    return cleaned


def _same_title(key: str, title_key: str) -> bool:
    """The page title repeated as the first line, allowing a site name added or cut on either side."""
    if not key or key == title_key:
        return bool(key)
    return len(key) > 15 and (key in title_key or (title_key in key and len(key) <= len(title_key) + 40))


def _parse_dateline(line: str) -> str | None:
    """The date of a "Published September 5, 2018 10:41 am" line as YYYY-MM-DD, or None."""
    line = _LIST_MARK.sub("", line)
    for kind, pattern in furniture_patterns():
        match = pattern.fullmatch(line) if kind == "dateline" else None
        if match:
            try:
                return date_parser.parse(match.group("date"), fuzzy=True).date().isoformat()
            except (ValueError, OverflowError):
                return None
    return None


def _furniture_kind(line: str, captions: set[str]) -> str | None:
    if len(line) > MAX_FURNITURE_LENGTH:
        return None
    line = _LIST_MARK.sub("", line)  # "- Published 18 November 2019": trafilatura's list items
    for kind, pattern in furniture_patterns():
        match = pattern.fullmatch(line)
        if match:
            if kind == "caption":
                captions.add(_key(match.group("caption")))
                return "remove"
            return kind
    return None


def _is_sentence(line: str) -> bool:
    """A body sentence: eight words or more (or 25 characters in scripts written without spaces) and end
    punctuation."""
    long_enough = len(_WORD.findall(line)) >= 8 or (len(line) >= 25 and " " not in line.strip())
    return long_enough and bool(_TERMINAL.search(line))


def _is_title(line: str, rest: list[str]) -> bool:
    """A headline: 3 to 25 words, no end punctuation, and a body paragraph somewhere after it."""
    words = len(_WORD.findall(line))
    if not 3 <= words <= 25 or line.endswith((".", "!", ":")):
        return False
    return any(_is_sentence(following) for following in rest[:12])


_BIO = re.compile(
    r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} (?:is|was) (?:a|an|the|[A-Z][\w.'’-]*[’']s)\b.{0,80}\b"
    r"(?:reporter|editor|writer|correspondent|columnist|contributor|curator|producer|journalist)\b.{0,200}"
)


_BOILERPLATE = re.compile(
    r"(?:About [A-Z].{0,60}|[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3} (?:is (?:a|an|the) (?:global|leading|world'?s?"
    r"|international|premier|largest|fast-growing)\b|is headquartered in\b|was founded in\b)).{0,600}"
)


def _drop_author_bios(cleaned: Cleaned) -> None:
    """A short note about the author, or a press release's company boilerplate, among the last paragraphs
    ("Eric Song is IGN's deal curator …", "Ascom is a global solutions provider …")."""
    for paragraph in cleaned.paragraphs[-4:]:
        if (len(paragraph) < 300 and _BIO.fullmatch(paragraph)) or _BOILERPLATE.fullmatch(paragraph):
            cleaned.paragraphs.remove(paragraph)
            cleaned.removed.append(paragraph)


def _drop_trailing_link_list(cleaned: Cleaned) -> None:
    """A list closing the page whose items are mostly headlines (no end punctuation): related links."""
    run = 0
    while run < len(cleaned.paragraphs) and _LIST_MARK.match(cleaned.paragraphs[-1 - run]):
        run += 1
    items = cleaned.paragraphs[len(cleaned.paragraphs) - run :]
    if run >= 4 and run < len(cleaned.paragraphs) and sum(not _TERMINAL.search(i) for i in items) >= 0.6 * run:
        cleaned.removed.extend(items)
        del cleaned.paragraphs[len(cleaned.paragraphs) - run :]


def _drop_trailing_headings(cleaned: Cleaned) -> None:
    """Short lines with no sentence after them (end-of-page labels) are furniture, not headings."""
    while (
        cleaned.paragraphs
        and not _TERMINAL.search(cleaned.paragraphs[-1])
        and len(cleaned.paragraphs[-1].split()) < 6
        and len(cleaned.paragraphs[-1]) < 40
    ):
        cleaned.removed.append(cleaned.paragraphs.pop())
