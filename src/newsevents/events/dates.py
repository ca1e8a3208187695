"""Stage 6, events: when an event happened, from the date words of its clause and the publication date."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..dates import resolve_date
from .participants import depth, light_verb, same_clause


def event_date(token: Token, published, status: str) -> tuple[str | None, str | None, str | None]:
    """(date, date_text, granularity): the nearest date in the trigger's clause, resolved against the
    published date; else the published date, marked with granularity "published"."""
    future = status in ("planned", "hypothetical")
    carrier = light_verb(token) if token.pos_ == "NOUN" else None
    spans = _date_spans(token) + (_date_spans(carrier) if carrier is not None else [])
    for span in spans:  # "imposed sanctions against Belarus on Tuesday": the verb carrying the noun dates it
        resolved = resolve_date(span.text, published, future)
        if resolved:
            return resolved[0], span.text, resolved[1]
    if published:
        return published.isoformat(), None, "published"
    return None, None, None


def _sentence_dates(doc) -> dict[int, list[Span]]:
    """DATE entities by the start of their sentence, found once per Doc (reading `doc.ents` builds every
    entity span: per event, that made long articles quadratic)."""
    cached = doc.user_data.get("newsevents_dates")
    if cached is None:
        cached = {}
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):  # "Wednesday night" is a TIME
                cached.setdefault(doc[ent.start].sent.start, []).append(ent)
        doc.user_data["newsevents_dates"] = cached
    return cached


def _date_spans(token: Token) -> list[Span]:
    """DATE entities in the trigger's subtree (nearest first), or the one a relative clause modifies."""
    dates = _sentence_dates(token.doc).get(token.sent.start, [])
    if not dates:
        return []
    subtree = {t.i for t in token.subtree}
    inside = [ent for ent in dates if ent.root.i in subtree and ent.root.i != token.i and same_clause(ent.root, token)]
    inside.sort(key=lambda ent: depth(ent.root, token))
    # "… next month, when Putin is scheduled to visit": the clause dates the event through its head noun.
    current = token
    for _ in range(4):
        if current.dep_ == "relcl":
            inside += [ent for ent in dates if ent.start <= current.head.i < ent.end]
            break
        if current.dep_ not in ("xcomp", "ccomp", "conj") or current.head.i == current.i:
            break
        current = current.head
    return inside


# Clauses that describe a noun ("a resolution that aims to …", "suspected of blowing up …"), where an event
