"""Page metadata for the clean stage: title, published date, author and site name, read from the meta
tags and JSON-LD that news sites publish. Cheaper than a full metadata pass, and the parsed tree is
handed on to the body extractor so the page is parsed once.
"""

from __future__ import annotations

import re

from trafilatura.utils import load_html

# Meta tag names (property, name or itemprop, lower-cased) → the field they give, in order of trust.
META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "headline": "title",
    "article:published_time": "published",
    "datepublished": "published",
    "publishdate": "published",
    "pubdate": "published",
    "publish-date": "published",
    "date": "published",
    "dc.date": "published",
    "dc.date.issued": "published",
    "sailthru.date": "published",
    "parsely-pub-date": "published",
    "og:published_time": "published",
    "author": "author",
    "article:author": "author",
    "byl": "author",
    "parsely-author": "author",
    "og:site_name": "site",
    "application-name": "site",
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


def parse_html(text: str):
    """The lxml tree of a page (trafilatura's own loader, so extraction sees what it expects), or None."""
    return load_html(text)


def read_metadata(tree) -> dict[str, str | None]:
    """Title, published date (YYYY-MM-DD), author and site of a parsed page; None where a page says nothing."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        field, content = META_FIELDS.get(key), (meta.get("content") or "").strip()
        if field and content and field not in found:
            found[field] = content
    published = _iso_date(found.get("published"))
    if published is None:
        published = _jsonld_date(tree) or _time_element_date(tree)
    title = found.get("title") or _title_element(tree)
    author = found.get("author")
    if author and author.startswith("http"):
        author = None  # a profile URL, not a name
    return {"title": title, "published": published, "author": author, "site": found.get("site")}


def _iso_date(value: str | None) -> str | None:
    match = _DATE.search(value or "")
    return match.group(0) if match else None


def _jsonld_date(tree) -> str | None:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            match = _JSONLD_DATE.search(script.text)
            if match:
                return _iso_date(match.group(1))
    return None


def _time_element_date(tree) -> str | None:
    for element in tree.iter("time"):
        date = _iso_date(element.get("datetime"))
        if date:
            return date
    return None


def _title_element(tree) -> str | None:
    for element in tree.iter("title"):
        text = (element.text_content() or "").strip()
        if text:
            return _TITLE_SUFFIX.sub("", text)
    return None
