"""Stage 6, events: who did what to whom, coded in PLOVER with CAMEO code, quad class and Goldstein score.

A spaCy component after the actor and quote components. For every verb or event noun found in the lexicon
(`data/event_verbs.tsv`, `data/event_nouns.tsv`) it reads the participants from the dependency parse,
maps them to actors, and sets the status (occurred, planned, hypothetical, negated) and the date.

Sets `doc._.events` (list of Event).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..dates import parse_published
from ..model import Actor, ActorRef, Event
from ..nlp.extensions import register_extensions
from ..tables import read_table
from .dates import event_date
from .features import features, has_evidence, is_candidate, quoted_tokens
from .learned import TypeModel, type_model
from .modality import as_intention, event_status, is_request_content, must_clause_speaker
from .participants import (
    GATHER_VERBS,
    OBJECT_DEPS,
    PLACE_TARGET_TYPES,
    STATE_VERBS,
    actor_refs,
    coding_actor_map,
    deep_recipients,
    is_background,
    is_place,
    light_verb,
    noun_participants,
    verb_lemma,
    verb_participants,
    without,
)
from .pruning import SUBORDINATE_DEPS, drop_carried, drop_purposes, drop_subsumed, is_aside
from .roles import mentions, quote_speakers, role_features, role_model

register_extensions()


# Verbs whose object noun is the event they carry out: "launched an attack", "held talks", "signed a deal".
@dataclass(frozen=True)
class LexEntry:
    """One lexicon row: what a word codes as."""

    type: str
    cameo: str
    mode: str | None
    needs_target: bool


MUST_REQUEST = LexEntry("REQUEST", "100", None, False)
# Events whose content is another event, coded by them alone (PLOVER: "refused to meet" is one REJECT).
CONTENT_TYPES = {"REQUEST", "THREATEN", "AGREE", "REJECT"}


@dataclass(frozen=True)
class CodeInfo:
    """Facts of one CAMEO code and one PLOVER type."""

    goldstein: float
    context: str | None
    quad: int


@lru_cache(maxsize=1)
def load_lexicon() -> tuple[
    dict[str, LexEntry], dict[str, LexEntry], dict[str, CodeInfo], dict[str, str], dict[str, bool]
]:
    """Verbs, nouns, CAMEO facts, context words and the types that require a recipient, from the data tables."""
    types = {row["type"]: row for row in read_table("plover_types")}
    verbs = {
        row["lemma"]: LexEntry(row["type"], row["cameo"], row["mode"] or None, row["needs_target"] == "yes")
        for row in read_table("event_verbs")
    }
    nouns = {
        row["noun"]: LexEntry(
            row["type"], row["cameo"], row["mode"] or None, types[row["type"]]["needs_target"] == "yes"
        )
        for row in read_table("event_nouns")
    }
    codes = {}
    for row in read_table("cameo"):
        if row["plover"] in types:
            codes[row["cameo"]] = CodeInfo(
                float(row["goldstein"]), row["context"] or None, int(types[row["plover"]]["quad"])
            )
    contexts = {row["word"]: row["context"] for row in read_table("contexts")}
    needs_target = {name: row["needs_target"] == "yes" for name, row in types.items()}
    return verbs, nouns, codes, contexts, needs_target


@Language.factory(
    "newsevents_events",
    default_config={"min_confidence": 0.0, "coder": "learned"},
    requires=["doc._.actors", "doc._.actor_of", "doc._.quotes", "token.dep", "token.lemma"],  # and doc._.published
    assigns=["doc._.events"],
)
def make_event_coder(nlp: Language, name: str, min_confidence: float, coder: str) -> EventCoder:
    """The event component; events below `min_confidence` are dropped. `coder`: "learned" or "rules"."""
    if coder not in ("learned", "rules"):
        raise ValueError(f"coder must be 'learned' or 'rules', not {coder!r}")
    return EventCoder(min_confidence, type_model() if coder == "learned" else None)


class EventCoder:
    """Codes the events of a Doc whose actors are resolved (see the module docstring)."""

    def __init__(self, min_confidence: float = 0.0, model: TypeModel | None = None) -> None:
        self.verbs, self.nouns, self.codes, self.contexts, self.needs_target = load_lexicon()
        self.verb_words = {key.split()[0] for key in self.verbs}
        self.min_confidence = min_confidence
        self.model = model
        self.roles = role_model() if model is not None else None
        # The CAMEO code of a type the lexicon did not propose: the type's most general code.
        self.type_codes: dict[str, str] = {}
        for row in read_table("cameo"):
            kind, code = row["plover"], row["cameo"]
            if kind and (kind not in self.type_codes or len(code) < len(self.type_codes[kind])):
                self.type_codes[kind] = code

    def __call__(self, doc: Doc) -> Doc:
        published = parse_published(doc._.published)
        actors = doc._.actors or []
        actor_of = coding_actor_map(doc, actors)
        quoted = quoted_tokens(doc) if self.model is not None else frozenset()
        speakers = quote_speakers(doc) if self.roles is not None else {}
        found: list[tuple[Token, Event]] = []  # events with their trigger tokens
        judgements: dict[int, tuple[str, float] | None] = {}

        def judge(token: Token, entry: LexEntry | None) -> tuple[str, float] | None:
            """The model's (type, probability) for a candidate, or None when it has no lexical evidence;
            once per token (a noun a light verb carries is judged for the verb and again in its own turn)."""
            if token.i not in judgements:
                feats = features(token, actors, actor_of, quoted, entry.type if entry else "")
                judgements[token.i] = self.model.predict(feats) if has_evidence(feats, self.model.known) else None
            return judgements[token.i]

        for token in doc:
            speaker = must_clause_speaker(token)
            if speaker is not None:  # "X said Y must …": X requests it of Y
                source = actor_refs([c for c in speaker.children if c.dep_ == "nsubj"], actors, actor_of)
                target = actor_refs([c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")], actors, actor_of)
                event = self.make_event(token, MUST_REQUEST, False, source, target, "occurred", published)
                if event is not None:
                    found.append((token, event))
                continue
            if self.model is not None and not is_candidate(token):
                continue
            entry, nominal = self.lookup(token)
            probability = None
            if self.model is not None:
                judged = judge(token, entry)
                if judged is None:
                    continue
                kind, probability = judged
                entry, nominal = self.learned_entry(kind, entry), token.pos_ == "NOUN"
                carried = self.carried_noun(token)
                if entry is not None and carried is not None:
                    # "staged rallies", "imposed sanctions": one event, on the noun; the noun's own type wins
                    noun_judged = judge(carried, self.lookup(carried)[0])
                    if noun_judged is not None and noun_judged[0] != "NONE":
                        continue  # the noun codes its own event when the loop reaches it
                    token, nominal = carried, True
            if entry is None or is_request_content(token) or self.is_noun_content(token):
                continue
            event = self.code_event(token, entry, nominal, actors, actor_of, published, speakers)
            if event is not None and probability is not None:
                event.confidence = round(min(event.confidence, probability + 0.05), 2)
            if event is not None and event.confidence >= self.min_confidence and not is_aside(token, event):
                found.append((token, event))
        doc._.events = drop_purposes(drop_subsumed(drop_carried(found)), doc)
        return doc

    def learned_roles(
        self,
        token: Token,
        kind: str,
        source: list[ActorRef],
        target: list[ActorRef],
        actors: list[Actor],
        actor_of: dict[int, int],
        speakers: dict[int, set[str]],
    ) -> tuple[list[ActorRef], list[ActorRef]]:
        """The side the parse rules left empty, from the role model: the mention most probably the source (or
        target), when its probability reaches the cross-validated threshold and it is not already the other side."""
        taken = {ref.name for ref in source + target}
        scored = []
        places = kind in PLACE_TARGET_TYPES
        # in a relative clause only its own words and the noun it describes can take part ("a proposal that
        # would expel diplomats": the proposal, not whoever rejected it)
        reach = {t.i for t in token.subtree} | {token.head.i} if token.dep_ in SUBORDINATE_DEPS else None
        for head, index in mentions(token, actor_of):
            if reach is not None and head.i not in reach:
                continue
            actor = actors[index]
            if actor.name in taken or (not places and is_place(head)):
                continue  # "criticised the talks in Tanzania": where words are said does not receive them
            speaks = actor.name in speakers.get(token.sent.start, set())
            scored.append((self.roles.role_probabilities(role_features(token, head, actor, kind, speaks)), head, actor))
        for role in ("source", "target"):
            side = source if role == "source" else target
            free = [x for x in scored if x[2].name not in {r.name for r in source}]  # not the one just placed
            if side or not free:
                continue
            probs, head, actor = max(free, key=lambda x: x[0][role])
            if probs[role] >= self.roles.thresholds[role]:
                side.append(actor.ref(head.text))
        return source, target

    @staticmethod
    def carried_noun(verb: Token) -> Token | None:
        """The event noun a light verb carries ("staged rallies", "held talks"), or None."""
        if verb.pos_ != "VERB":
            return None
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS and is_candidate(child) and getattr(light_verb(child), "i", None) == verb.i:
                return child
        return None

    def learned_entry(self, kind: str, proposed: LexEntry | None) -> LexEntry | None:
        """The lexicon entry for the type the model chose: the lexicon's own when it agrees (its CAMEO code and
        mode are finer), else the type's general code."""
        if kind == "NONE":
            return None
        if proposed is not None and proposed.type == kind:
            return proposed
        return LexEntry(kind, self.type_codes.get(kind, "0"), None, self.needs_target.get(kind, False))

    def is_noun_content(self, token: Token) -> bool:
        """What a demand, threat, promise or refusal is about ("the government's refusal to accept …"): the
        noun's own event stands for it, as "refused to accept" does for a verb."""
        if token.dep_ != "acl" or token.head.pos_ != "NOUN":
            return False
        entry = self.nouns.get(token.head.lower_) or self.nouns.get(token.head.lemma_)
        return entry is not None and entry.type in CONTENT_TYPES

    def lookup(self, token: Token) -> tuple[LexEntry | None, bool]:
        """The lexicon entry of a verb (with its particle or preposition) or an event noun."""
        if token.pos_ == "VERB":
            if token.lemma_ == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in token.children):
                return None, False  # "called COMCASA intrusive" describes, it does not phone
            lemma = verb_lemma(token, self.verb_words)
            for child in token.children:
                if child.dep_ in ("prt", "prep", "dobj") and f"{lemma} {child.lemma_.lower()}" in self.verbs:
                    return self.verbs[f"{lemma} {child.lemma_.lower()}"], False
            return self.verbs.get(lemma), False
        if token.pos_ == "NOUN" and token.dep_ != "compound" and any(t.pos_ in ("VERB", "AUX") for t in token.sent):
            if is_background(token):
                return None, False
            head = token.head
            if token.dep_ == "dobj" and f"{verb_lemma(head, self.verb_words)} {token.lemma_.lower()}" in self.verbs:
                return None, False  # "cancelled a visit", "lodged a protest": the verb and its object are one event
            compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
            for compound in compounds:  # "hunger strike", "air strike"
                key = f"{compound.lower_} {token.lower_}"
                if key in self.nouns:
                    return self.nouns[key], True
            entry = self.nouns.get(token.lower_) or self.nouns.get(token.lemma_)
            if entry is None:  # "a mediation effort", "peace talks": the compound carries the event
                entry = next(
                    (self.nouns[c.lower_] for c in compounds if c.pos_ == "NOUN" and c.lower_ in self.nouns), None
                )
            return entry, True
        return None, False

    def code_event(
        self,
        token: Token,
        entry: LexEntry,
        nominal: bool,
        actors: list[Actor],
        actor_of: dict[int, int],
        published,
        speakers: dict[int, set[str]] | None = None,
    ) -> Event | None:
        """One event for a trigger token, or None when it has no actor to attach to."""
        if nominal:
            source_tokens, target_tokens = noun_participants(token)
        else:
            source_tokens, target_tokens = verb_participants(token)
        source = actor_refs(source_tokens, actors, actor_of)
        target = actor_refs(target_tokens, actors, actor_of)
        carrier = light_verb(token)
        if nominal and carrier is not None and not source:
            # "opened fraud investigations against X", "began a hunger strike": the verb carrying the noun
            # brings the participants.
            verb_sources, verb_targets = verb_participants(carrier)
            if not verb_sources and carrier.lemma_ in GATHER_VERBS | STATE_VERBS:
                # "forces were engaged in ethnic cleansing": a state, not a passive; its subject acts
                verb_sources = [c for c in carrier.children if c.dep_ == "nsubjpass"]
                verb_targets = [t for t in verb_targets if t.i not in {v.i for v in verb_sources}]
            source = actor_refs(verb_sources, actors, actor_of)
            target += actor_refs([t for t in verb_targets if t.i != token.i], actors, actor_of)
        target = without(target, source)
        if not target and source:
            # "agreed to provide aid for Romania", "denounced Serbia's suppression of …": the recipient
            # sits deeper in what the predicate governs.
            starts = [token] if carrier is None else [token, carrier]
            places = entry.type in PLACE_TARGET_TYPES
            target = deep_recipients(starts, source, places, actors, actor_of)
        if self.roles is not None and not (source and target):
            source, target = self.learned_roles(token, entry.type, source, target, actors, actor_of, speakers or {})
        status = event_status(token)
        intention = as_intention(entry.type, status)
        if intention:  # PLOVER: promised cooperation is AGREE, planned or conditional conflict THREATEN
            entry = LexEntry(intention[0], intention[1], intention[2] or entry.mode, False)
        if (entry.needs_target or self.needs_target.get(entry.type, False)) and not target:
            return None
        return self.make_event(token, entry, nominal, source, target, status, published)

    def make_event(
        self,
        token: Token,
        entry: LexEntry,
        nominal: bool,
        source: list[ActorRef],
        target: list[ActorRef],
        status: str,
        published,
    ) -> Event | None:
        """The Event for a trigger with its participants, or None when it has no actor at all."""
        if not source and not target:
            return None
        sent = token.sent
        info = self.codes.get(entry.cameo) or self.codes.get(entry.cameo[:3]) or CodeInfo(0.0, None, 0)
        date_value, date_text, granularity = event_date(token, published, status)
        context = sorted(
            {c for c in [info.context] if c}
            | {self.contexts[t.lemma_.lower()] for t in sent if t.lemma_.lower() in self.contexts}
        )
        confidence = 0.45 + (0.2 if source else 0) + (0.2 if target else 0) - (0.15 if nominal else 0)
        return Event(
            type=entry.type,
            cameo=entry.cameo,
            quad=info.quad,
            goldstein=info.goldstein,
            source=source,
            target=target,
            status=status,
            sentence=sent.text.strip(),
            start=sent.start_char + len(sent.text) - len(sent.text.lstrip()),
            end=sent.start_char + len(sent.text.rstrip()),
            mode=entry.mode,
            context=context,
            date=date_value,
            date_text=date_text,
            date_granularity=granularity,
            trigger=token.text,
            confidence=round(min(confidence, 0.95), 2),
        )
