"""Stage 3, nlp: the spaCy pipeline (loaded once per process) and the language check.

The pipeline is the pinned English model plus newsevents' own components, each a registered spaCy
factory: paragraph breaks before the parser, then actors → quotes → events after NER.
"""

from __future__ import annotations

import re
from functools import lru_cache

import py3langid
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelError
from .options import DEFAULT_OPTIONS, Options

# Quotes come before events: what a speaker says ("“We will cut exports,” Iran said") is coded with the
# speaker standing for "we".
COMPONENTS = ("newsevents_actors", "newsevents_quotes", "newsevents_events")

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)


@Language.factory("newsevents_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str):
    """A component that starts a new sentence after every blank line, so headings stand alone."""
    return paragraph_breaks


def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a paragraph break as a sentence start (the parser keeps preset starts)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_pipeline(options: Options = DEFAULT_OPTIONS) -> Language:
    """Load the spaCy model with newsevents' components; once per process and options.

    Raises ModelError with the install command when the model package is missing.
    """
    import spacy

    # The components register themselves on import; they are added by name below.
    from . import actors, events, quotes  # noqa: F401

    try:
        nlp = spacy.load(options.model)
    except OSError as e:
        raise ModelError(
            f"The spaCy model '{options.model}' is not installed. Run 'make install', or "
            "'pip install --no-deps -r requirements-model.txt'."
        ) from e
    nlp.add_pipe("newsevents_paragraphs", before="parser")
    for name in COMPONENTS:
        config = {"knowledge": options.knowledge} if name == "newsevents_actors" and options.knowledge else {}
        nlp.add_pipe(name, config=config)
    return nlp


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


def language_error(text: str, options: Options) -> str | None:
    """Say why `text` cannot be coded (no text, not English), or None when it can."""
    if not text.strip():
        return "no article text left after cleaning"
    if not options.check_language or len(text) < 40:
        return None
    if english_share(text) >= 0.1:
        return None  # short news full of foreign names fools character n-grams ("Amina Wekesa visited Kampala")
    language, _ = detect_language(text)
    if language != "en" and len(text) < 300 and "en" in [code for code, _ in py3langid.rank(text)[:3]]:
        return None  # one short sentence is too little evidence against English
    if language != "en":
        return f"not English: the text looks like '{language}'; newsevents codes English news only"
    return None
