"""Stage 2, clean: is the clean text English news newsevents can code? (no text, not English, too short to tell)"""

from __future__ import annotations

import re

import py3langid


def detect_language(text: str) -> tuple[str, float]:
    """The language of `text` (ISO 639-1) and py3langid's probability for it, from its first 2,000 characters."""
    language, score = py3langid.classify(text[:2000])
    return language, float(score)


ENGLISH_WORDS = frozenset(
    "the of and to is was on for that with by at as from said says will has have had been his her their its it "
    "this were are which after over not but who they he she would could also than about into more between "
    "against during told".split()  # none that other languages share ("a", "in", "an" are left out)
)


def english_share(text: str) -> float:
    """The share of the first 300 words that are common English function words (about 0.3 in English news,
    near 0 in other languages)."""
    words = re.findall(r"[A-Za-z]+", text[:3000].lower())[:300]
    return sum(word in ENGLISH_WORDS for word in words) / len(words) if words else 0.0


def language_error(text: str, check: bool = True) -> str | None:
    """Say why `text` cannot be coded (no text; not English, when `check`), or None when it can."""
    if not text.strip():
        return "no article text left after cleaning"
    if not check or len(text) < 40:
        return None
    if english_share(text) >= 0.1:
        return None  # short news full of foreign names fools character n-grams ("Amina Wekesa visited Kampala")
    language, _ = detect_language(text)
    if language != "en" and len(text) < 300 and "en" in [code for code, _ in py3langid.rank(text)[:3]]:
        return None  # one short sentence is too little evidence against English
    if language != "en":
        return f"not English: the text looks like '{language}'; newsevents codes English news only"
    return None
