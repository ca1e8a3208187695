"""Stage 3, nlp: paragraph breaks as sentence starts, so a heading or a dateline stands alone."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsevents_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_breaks(nlp: Language, name: str):
    """A component (before the parser) that starts a new sentence after every blank line."""
    return paragraph_breaks


def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a paragraph break as a sentence start (the parser keeps preset starts)."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
