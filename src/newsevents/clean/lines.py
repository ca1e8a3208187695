"""Lines of a page as a corpus sees them: normalised, keyed, and hashed per site (learned furniture).

Light and pure (no parser, no model), so the store, the clean stage and a Spark job share it. A site's
furniture is a set of `(site, line hash)`: a line learned on one site is never removed from another's
pages, and the store keeps 8-byte hashes, not the lines themselves.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

_WORD = re.compile(r"\w+")
# Furniture lines are short; a longer line is a paragraph, and skipping the patterns keeps cleaning fast.
MAX_FURNITURE_LENGTH = 500
# Lines the store counts per site: learned furniture is short ("Support independent journalism …").
MAX_COUNTED_LENGTH = 200


def normalize_line(line: str) -> str:
    """One line with unified Unicode, no control characters and single spaces."""
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\u200b", "")
    # A left single quote used as an apostrophe ("Pompeo‘s") splits names in the tokenizer.
    line = re.sub(r"(?<=\w)‘(?=s\b)", "’", line)
    return re.sub(r"\s+", " ", line).strip()


def words_key(line: str) -> str:
    """A normalised line's words, lower-cased: what two lines must share to be the same line."""
    return " ".join(_WORD.findall(line.lower()))


def line_key(line: str) -> str:
    """The key a line is counted under across a corpus: its words, lower-cased."""
    return words_key(normalize_line(line))


def key_hash(key: str) -> int:
    """A line key as a signed 64-bit integer (what the store keeps)."""
    return int.from_bytes(
        hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True
    )


def site_of(url: str | None) -> str | None:
    """The host name of a URL (the unit furniture is learned for), or None."""
    try:
        return urlsplit(url or "").hostname if isinstance(url, str) else None
    except ValueError:
        return None


def counted_lines(text: str) -> set[int]:
    """Hashes of the short lines of a clean text, as the store counts them per site."""
    return {key_hash(key) for p in text.split("\n\n") if 0 < len(p) <= MAX_COUNTED_LENGTH if (key := line_key(p))}
