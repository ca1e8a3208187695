"""Stage 3, nlp: every Doc extension newsevents sets, registered in one place.

Each is set by one component (its `assigns`) and read by the ones after it (their `requires`).
"""

from __future__ import annotations

from spacy.tokens import Doc

EXTENSIONS = {
    "published": "the article's publication date (YYYY-MM-DD or None), set before the pipeline runs",
    "actors": "list of Actor, set by newsevents_actors",
    "actor_of": "token index → index into doc._.actors, set by newsevents_actors",
    "quotes": "list of Quote, set by newsevents_quotes",
    "events": "list of Event, set by newsevents_events",
}


def register_extensions() -> None:
    """Register the Doc extensions (idempotent: a second call changes nothing)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
