"""Stage 6, events: which candidate events are kept. Asides, purposes ("met to discuss a ceasefire") and
events a larger one subsumes are dropped."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import Event
from .participants import OBJECT_DEPS, light_verb

SUBORDINATE_DEPS = ("relcl", "pcomp")
MATERIAL_TYPES = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "SANCTION"}


def is_aside(token: Token, event: Event) -> bool:
    """An event in a subordinate clause with no one doing it ("a resolution that aims to tighten sanctions",
    "suspected of blowing up a plane") is background, not a coded event."""
    return not event.source and token.dep_ in SUBORDINATE_DEPS


def drop_purposes(events: list[Event], doc: Doc) -> list[Event]:
    """A demand or protest that is the purpose of a material action ("began a hunger strike to protest …",
    "blocked roads demanding …") is part of that action: PLOVER codes the action."""
    kept = []
    for event in events:
        trigger = _trigger_token(doc, event)
        purpose = (
            trigger is not None and trigger.dep_ in ("advcl", "acl", "xcomp") and trigger.head.pos_ in ("VERB", "NOUN")
        )
        carrier = next(
            (
                e
                for e in events
                if e is not event
                and e.start == event.start
                and e.type in MATERIAL_TYPES
                and trigger is not None
                and e.trigger in (trigger.head.text, *(c.text for c in trigger.head.children))
            ),
            None,
        )
        if purpose and carrier is not None and event.type not in MATERIAL_TYPES | {"ASSAULT"}:
            continue
        kept.append(event)
    return kept


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.start, event.end, alignment_mode="expand")
    return next((t for t in span if t.text == event.trigger), None) if span is not None else None


def drop_subsumed(events: list[Event]) -> list[Event]:
    """Within a sentence, drop an event of the same type whose participants another event already has
    ("imposed sanctions against Russia": one SANCTION, not one for the verb and one for the noun)."""

    def parties(event: Event) -> set:
        return {(r.name, "s") for r in event.source} | {(r.name, "t") for r in event.target}

    kept: list[Event] = []
    for event in events:
        rivals = [k for k in kept if k.start == event.start and k.type == event.type]
        if any(parties(event) <= parties(k) for k in rivals):
            continue
        kept = [k for k in kept if not (k in rivals and parties(k) < parties(event))]
        kept.append(event)
    return kept


def drop_carried(found: list[tuple[Token, Event]]) -> list[Event]:
    """A verb and its object noun report one event ("signed a deal", "launched an attack", "were engaged in
    fighting"): the noun's event is kept when the verb only carries it (a light verb), the verb's otherwise
    ("cancelled the visit")."""
    events_at = {token.i for token, _ in found}
    dropped = set()
    for token, _ in found:
        if token.pos_ != "NOUN":
            continue
        carrier = light_verb(token)
        if carrier is not None and carrier.i in events_at:
            dropped.add(carrier.i)
        elif token.dep_ in OBJECT_DEPS and token.head.i in events_at:
            dropped.add(token.i)
    return [event for token, event in found if token.i not in dropped]
